//! What keys, answers and the new-account form do on the accounts screen.

use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::tr;
use crate::tui::admin::users::UsersState;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::widgets::list::{ListCursor, shown_rows};

impl App {
    /// The accounts: F2 adds one, F3 gives a one-time password, F4 disables or enables.
    pub(crate) fn users_action(&mut self, action: Action) {
        let Screen::Users(u) = &mut self.screen else {
            return;
        };
        let rows = shown_rows(self.size.1);
        if ListCursor::new(&mut u.selected, u.rows.len())
            .page(rows)
            .apply(action)
        {
            return;
        }
        match action {
            Action::Back => self.back_to_menu(),
            Action::New => self.overlay = Some(Overlay::Form(FormState::new_user())),
            Action::ResetPassword | Action::ToggleActive => {
                let Some(row) = u.rows.get(u.selected) else {
                    return;
                };
                let login = row.login.clone();
                let (question, ask) = if action == Action::ResetPassword {
                    (
                        tr!(
                            "Выдать «{}» новый одноразовый пароль?",
                            "Give «{}» a new one-time password?",
                            login
                        ),
                        Ask::ResetPassword(login),
                    )
                } else if row.active {
                    (
                        tr!("Отключить «{}»?", "Disable «{}»?", login),
                        Ask::SetActive(login, false),
                    )
                } else {
                    (
                        tr!("Включить «{}»?", "Enable «{}»?", login),
                        Ask::SetActive(login, true),
                    )
                };
                self.overlay = Some(Overlay::Confirm { question, ask });
            }
            _ => self.not_here(action),
        }
    }

    /// The answer to «a new one-time password?».
    pub(crate) fn reset_password(&mut self, actor: &Actor, login: String) {
        match self.store.reset_password(actor, &login) {
            Ok(otp) => {
                self.overlay = Some(Overlay::Message {
                    title: pick("Одноразовый пароль", "One-time password").into(),
                    text: tr!(
                        "Новый одноразовый пароль для «{}»: {}  — показывается один раз; при входе его нужно сменить.",
                        "New one-time password for «{}»: {}  — shown once; it must be changed at login.",
                        login,
                        otp
                    ),
                });
                self.reload_users();
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// The answer to «disable / enable the account?».
    pub(crate) fn set_active(&mut self, actor: &Actor, login: String, active: bool) {
        match self.store.set_user_active(actor, &login, active) {
            Ok(()) => {
                self.info(if active {
                    tr!("«{}» включён(а)", "«{}» enabled", login)
                } else {
                    tr!("«{}» отключён(а)", "«{}» disabled", login)
                });
                self.reload_users();
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(crate) fn reload_users(&mut self) {
        let (Screen::Users(u), Some(actor)) = (&mut self.screen, &self.actor) else {
            return;
        };
        let selected = u.selected;
        match UsersState::load(&self.store, actor) {
            Ok(mut fresh) => {
                fresh.selected = selected.min(fresh.rows.len().saturating_sub(1));
                *u = fresh;
            }
            Err(e) => self.error(e.to_string()),
        }
    }

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
        self.reload_users();
        Ok(())
    }
}
