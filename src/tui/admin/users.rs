//! The accounts screen: its state, its keys, the new-account form and its drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Tool;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::accounts::UserRow;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::grid::view::fit;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::widgets::list::{ListCursor, list_lines, shown_rows};

#[derive(Debug, Clone)]
pub struct UsersState {
    pub rows: Vec<UserRow>,
    pub selected: usize,
}

impl UsersState {
    pub fn load(store: &Store, actor: &Actor) -> Result<UsersState> {
        Ok(UsersState {
            rows: store.users(actor)?,
            selected: 0,
        })
    }
}

pub fn render_users(s: &UsersState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!("{} · {}", Tool::Users.title(), s.rows.len()),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                pick(
                    "F2 — добавить · F3 — одноразовый пароль · F4 — отключить/включить · Esc — назад",
                    "F2 — add · F3 — one-time password · F4 — disable/enable · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |u| {
        let mut flags = Vec::new();
        if !u.active {
            flags.push(pick("отключён", "disabled"));
        }
        if u.locked {
            flags.push(pick("заблокирован", "locked"));
        }
        if u.must_change {
            flags.push(pick("одноразовый пароль", "one-time password"));
        }
        format!(
            "{:<18} {:<20} {:<24} {}",
            u.login,
            u.name,
            u.roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(","),
            flags.join(", ")
        )
    }));
    f.render_widget(Paragraph::new(lines), area);
}

impl FormState {
    pub fn new_user() -> FormState {
        FormState::with(
            pick("Новая учётная запись", "New account"),
            FormPurpose::NewUser,
            &[
                (Field::Login, pick("Логин", "Login"), ""),
                (Field::FullName, pick("ФИО", "Full name"), ""),
                (Field::Roles, pick("Роли", "Roles"), "teacher"),
                (Field::Student, pick("Ученик", "Student"), ""),
            ],
            pick(
                "Роли через запятую: admin, director, deputy, teacher, parent, student. Ученик — для роли student: «7Б Фамилия Имя».",
                "Roles separated by commas: admin, director, deputy, teacher, parent, student. Student — for the student role: «7Б Surname Name».",
            ),
        )
    }
}

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
