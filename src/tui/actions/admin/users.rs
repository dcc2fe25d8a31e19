//! What the new-account form does on the accounts screen.

use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::{Field, FormState};

impl App {
    pub(crate) fn create_user(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        use crate::store::accounts::NewUser;
        let login = form.get(Field::Login);
        let name = crate::domain::names::FullName::parse(&form.get(Field::FullName));
        let mut roles = Vec::new();
        for r in form
            .get(Field::Roles)
            .split([',', ' '])
            .filter(|r| !r.trim().is_empty())
        {
            roles.push(
                crate::domain::roles::Role::parse(r)
                    .ok_or_else(|| tr!("неизвестная роль «{}»", "unknown role «{}»", r.trim()))?,
            );
        }
        let student = form.get(Field::Student);
        let student_id = if student.trim().is_empty() {
            None
        } else {
            Some(
                self.store
                    .find_student(&student)
                    .map_err(|e| e.to_string())?
                    .0,
            )
        };
        let otp = self
            .store
            .add_user(
                actor,
                &NewUser {
                    login: login.clone(),
                    name,
                    roles,
                    student_id,
                },
            )
            .map_err(|e| e.to_string())?;
        self.overlay = Some(Overlay::Message {
            title: pick("Учётная запись создана", "Account created").into(),
            text: tr!(
                "«{}»: одноразовый пароль {}  — показывается один раз; при входе его нужно сменить.",
                "«{}»: one-time password {}  — shown once; it must be changed at login.",
                login,
                otp
            ),
        });
        let (screen, ctx) = self.screen_ctx();
        if let Screen::Users(u) = screen
            && let Some(e) = u.reload(&ctx)
        {
            self.error(e);
        }
        Ok(())
    }
}
