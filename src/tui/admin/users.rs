//! The accounts screen: its state, the new-account form and its drawing (keys:
//! `actions/admin/users.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Tool;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::store::accounts::UserRow;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::list_lines;

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
