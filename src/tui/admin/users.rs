//! The accounts screen: its state, its keys and answers, the new-account form and its
//! drawing (what the form does: `actions/admin/users.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Tool;
use super::{Effect, Question};
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::accounts::UserRow;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;
use crate::tui::widgets::list::list_lines;
use crate::tui::widgets::pick_list::Choice;

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
            "{:<18} {:<20} {:<32} {}",
            u.login,
            u.name,
            crate::domain::roles::Role::labels(&u.roles),
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
                "Роли — ←→ или первые буквы. Ученик — для учётной записи ученика: «7Б Фамилия Имя».",
                "Roles: ←→ or the first letters. Student — for a student's account: «7Б Surname Name».",
            ),
        )
        .choose(Field::Roles, role_choices(), "teacher")
    }
}

/// The sets of roles a new account is given, as a school's office names them.
fn role_choices() -> Vec<Choice> {
    use crate::domain::roles::Role::{self, *};
    let sets: [&[Role]; 9] = [
        &[Teacher],
        &[Teacher, ClassTeacher],
        &[Deputy, Teacher],
        &[Deputy],
        &[Director],
        &[Admin],
        &[Admin, Teacher],
        &[Parent],
        &[Student],
    ];
    sets.iter()
        .map(|set| {
            let key = set.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
            Choice::new(key, Role::labels(set))
        })
        .collect()
}

impl UsersState {
    /// The accounts: F2 adds one, F3 gives a one-time password, F4 disables or enables.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.rows.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::Back => Effect::Back,
            Action::New => Effect::Form(FormState::new_user()),
            Action::ResetPassword | Action::ToggleActive => {
                let Some(row) = self.rows.get(self.selected) else {
                    return Effect::None;
                };
                let login = row.login.clone();
                let (question, ask) = if action == Action::ResetPassword {
                    (
                        tr!(
                            "Выдать «{}» новый одноразовый пароль?",
                            "Give «{}» a new one-time password?",
                            login
                        ),
                        Question::ResetPassword(login),
                    )
                } else if row.active {
                    (
                        tr!("Отключить «{}»?", "Disable «{}»?", login),
                        Question::SetActive(login, false),
                    )
                } else {
                    (
                        tr!("Включить «{}»?", "Enable «{}»?", login),
                        Question::SetActive(login, true),
                    )
                };
                Effect::Ask { question, ask }
            }
            _ => Effect::NotHere(action),
        }
    }

    /// The answer to «a new one-time password?» or «disable (enable) the account?».
    pub fn answer(&mut self, question: Question, ctx: &mut Ctx) -> Effect {
        let Some(actor) = ctx.actor else {
            return Effect::None;
        };
        match question {
            Question::ResetPassword(login) => match ctx.store.reset_password(actor, &login) {
                Ok(otp) => {
                    let effect = Effect::Message {
                        title: pick("Одноразовый пароль", "One-time password").into(),
                        text: tr!(
                            "Новый одноразовый пароль для «{}»: {}  — показывается один раз; при входе его нужно сменить.",
                            "New one-time password for «{}»: {}  — shown once; it must be changed at login.",
                            login,
                            otp
                        ),
                    };
                    effect.and(self.reload(ctx).map(Effect::Error))
                }
                Err(e) => Effect::Error(e.to_string()),
            },
            Question::SetActive(login, active) => {
                match ctx.store.set_user_active(actor, &login, active) {
                    Ok(()) => {
                        let effect = Effect::Info(if active {
                            tr!("«{}» включён(а)", "«{}» enabled", login)
                        } else {
                            tr!("«{}» отключён(а)", "«{}» disabled", login)
                        });
                        effect.and(self.reload(ctx).map(Effect::Error))
                    }
                    Err(e) => Effect::Error(e.to_string()),
                }
            }
            Question::CloseYear | Question::Calendar(_) | Question::Restore(_) => Effect::None,
        }
    }

    /// The accounts read again, the cursor kept where it was; `Some` says why not.
    pub fn reload(&mut self, ctx: &Ctx) -> Option<String> {
        let actor = ctx.actor?;
        match UsersState::load(ctx.store, actor) {
            Ok(mut fresh) => {
                fresh.selected = self.selected.min(fresh.rows.len().saturating_sub(1));
                *self = fresh;
                None
            }
            Err(e) => Some(e.to_string()),
        }
    }
}
