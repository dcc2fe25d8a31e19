//! The login screen and the new-password screen after a one-time password: their
//! state, their keys (`on`, returning an [`Effect`]) and their drawing.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::accounts::failure_delay;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::accounts::{LoginError, Session};
use crate::theme::Theme;
use crate::tui::overlay::effect::{self, Ctx, NoQuestion};
use crate::tui::text::TextField;
use crate::tui::widgets::bordered;

/// Where the login screens may send the user.
#[derive(Debug, Clone)]
pub enum Open {
    /// A login checked: the user's first screen (or the new-password screen).
    Session(Box<Session>),
    /// A new password chosen: the user's first screen.
    SignedIn(Box<Actor>),
}

/// What the login screens ask of the app (`Back` from the new password logs out).
pub type Effect = effect::Effect<Open, NoQuestion>;

#[derive(Debug, Clone)]
pub struct LoginState {
    pub login: TextField,
    pub password: TextField,
    /// 0: login, 1: password.
    pub focus: usize,
    pub error: Option<String>,
    /// The demo school: its logins are listed.
    pub demo: bool,
    /// The pause after a failed login, times the failures in a row.
    pub delay: Duration,
}

impl LoginState {
    pub fn new(demo: bool, delay: Duration) -> LoginState {
        LoginState {
            login: TextField::default(),
            password: TextField::secret(),
            focus: 0,
            error: None,
            demo,
            delay,
        }
    }

    /// A key on the login screen: Enter goes on to the password, then checks the login.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::NextField | Action::PrevField | Action::Up | Action::Down => {
                self.focus = 1 - self.focus
            }
            Action::Confirm if self.focus == 0 => self.focus = 1,
            Action::Confirm => {
                let (login, password) = (self.login.text(), self.password.text());
                match ctx.store.authenticate(&login, &password) {
                    Ok(session) => return Effect::Open(Open::Session(Box::new(session))),
                    Err(e) => {
                        if let LoginError::Wrong { failures } = e {
                            // Each failure in a row answers later: guessing gets slow.
                            std::thread::sleep(failure_delay(failures, self.delay));
                        }
                        self.error = Some(e.to_string());
                        self.password = TextField::secret();
                    }
                }
            }
            Action::Back => return Effect::Info(pick("Ctrl-Q — выход", "Ctrl-Q to quit").into()),
            _ => return Effect::NotHere(action),
        }
        Effect::None
    }

    pub fn field(&mut self) -> &mut TextField {
        if self.focus == 0 {
            &mut self.login
        } else {
            &mut self.password
        }
    }
}

pub fn render_login(
    s: &LoginState,
    school: &str,
    theme: &Theme,
    ascii: bool,
    f: &mut Frame,
    area: Rect,
) {
    let w = 60.min(area.width);
    let h = if s.demo { 18 } else { 10 }.min(area.height);
    let x = area.x + (area.width - w) / 2;
    let y = area.y + (area.height - h) / 2;
    let boxed = Rect::new(x, y, w, h);
    let block = bordered(ascii, theme).title(format!(" zhurnal · {school} "));
    let inner = block.inner(boxed);
    f.render_widget(block, boxed);
    let field = |label: &str, t: &TextField, focused: bool| {
        let (text, _) = t.display();
        let style = if focused { theme.cursor } else { theme.name };
        Line::from(vec![
            Span::raw(format!("{label:<8}")),
            Span::styled(format!("{:<30}", text), style),
        ])
    };
    let mut lines = vec![
        Line::from(""),
        field(pick("Логин", "Login"), &s.login, s.focus == 0),
        Line::from(""),
        field(pick("Пароль", "Password"), &s.password, s.focus == 1),
        Line::from(""),
    ];
    match &s.error {
        Some(e) => lines.push(Line::from(Span::styled(e.clone(), theme.status_error))),
        None => lines.push(Line::from(Span::styled(
            pick(
                "Enter — дальше, Tab — поле, Ctrl-Q — выход",
                "Enter — next, Tab — field, Ctrl-Q — quit",
            ),
            theme.dim,
        ))),
    }
    if s.demo {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            pick(
                "Демо-школа, пароль у всех: demo",
                "Demo school, every password: demo",
            ),
            theme.title,
        )));
        for (login, who) in [
            (
                "teacher",
                pick("учитель математики (7Б)", "maths teacher (7Б)"),
            ),
            (
                "classteacher",
                pick("классный руководитель 7Б", "class teacher of 7Б"),
            ),
            ("deputy", pick("завуч", "deputy director")),
            ("director", pick("директор", "director")),
            ("admin", pick("администратор", "administrator")),
            (
                "parent",
                pick("родитель ученика 7Б", "parent of a 7Б student"),
            ),
            ("student", pick("ученик 7Б", "7Б student")),
        ] {
            lines.push(Line::from(vec![
                Span::styled(format!("  {login:<13}"), theme.help_key),
                Span::styled(who, theme.dim),
            ]));
        }
    }
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
    // The terminal's own cursor sits in the focused field.
    let (_, col) = if s.focus == 0 {
        s.login.display()
    } else {
        s.password.display()
    };
    let cy = inner.y + if s.focus == 0 { 1 } else { 3 };
    let cx = inner.x + 8 + (col as u16).min(inner.width.saturating_sub(9));
    if cy < inner.y + inner.height {
        f.set_cursor_position((cx, cy));
    }
}

/// Choosing a new password after a one-time one.
#[derive(Debug, Clone)]
pub struct NewPasswordState {
    pub actor: Actor,
    pub new: TextField,
    pub repeat: TextField,
    pub focus: usize,
    pub error: Option<String>,
}

impl NewPasswordState {
    pub fn new(actor: Actor) -> NewPasswordState {
        NewPasswordState {
            actor,
            new: TextField::secret(),
            repeat: TextField::secret(),
            focus: 0,
            error: None,
        }
    }

    pub fn field(&mut self) -> &mut TextField {
        if self.focus == 0 {
            &mut self.new
        } else {
            &mut self.repeat
        }
    }

    /// A key on the new-password screen: Enter goes on to the repetition, then saves.
    /// Leaving without a new password logs out: the one-time password stays.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        match action {
            Action::NextField | Action::PrevField | Action::Up | Action::Down => {
                self.focus = 1 - self.focus
            }
            Action::Confirm if self.focus == 0 => self.focus = 1,
            Action::Confirm => {
                let (new, repeat) = (self.new.text(), self.repeat.text());
                if new != repeat {
                    self.error = Some(pick("пароли не совпадают", "the passwords differ").into());
                    self.repeat = TextField::secret();
                    return Effect::None;
                }
                match ctx.store.change_password(&self.actor, &new) {
                    Ok(()) => {
                        return Effect::Open(Open::SignedIn(Box::new(self.actor.clone()))).and(
                            Some(Effect::Info(
                                pick("пароль изменён", "password changed").into(),
                            )),
                        );
                    }
                    Err(e) => {
                        self.error = Some(e.to_string());
                        self.new = TextField::secret();
                        self.repeat = TextField::secret();
                        self.focus = 0;
                    }
                }
            }
            Action::Back => return Effect::Back,
            _ => return Effect::NotHere(action),
        }
        Effect::None
    }
}

pub fn render_new_password(
    s: &NewPasswordState,
    theme: &Theme,
    ascii: bool,
    f: &mut Frame,
    area: Rect,
) {
    let boxed = crate::tui::widgets::centered(area, 64, 11);
    let block = bordered(ascii, theme).title(pick(" Новый пароль ", " New password "));
    let inner = block.inner(boxed);
    f.render_widget(block, boxed);
    let field = |label: &str, t: &TextField, focused: bool| {
        let (text, _) = t.display();
        Line::from(vec![
            Span::raw(format!("{label:<10}")),
            Span::styled(
                format!("{text:<30}"),
                if focused { theme.cursor } else { theme.name },
            ),
        ])
    };
    let mut lines = vec![
        Line::from(format!(
            "{}: {}",
            s.actor.login,
            pick("придумайте свой пароль", "choose your own password")
        )),
        Line::from(Span::styled(
            crate::domain::accounts::password_rules(),
            theme.dim,
        )),
        Line::from(""),
        field(pick("Пароль", "Password"), &s.new, s.focus == 0),
        field(pick("Ещё раз", "Repeat"), &s.repeat, s.focus == 1),
        Line::from(""),
    ];
    match &s.error {
        Some(e) => lines.push(Line::from(Span::styled(e.clone(), theme.status_error))),
        None => lines.push(Line::from(Span::styled(
            pick("Enter — дальше, Esc — выйти", "Enter — next, Esc — log out"),
            theme.dim,
        ))),
    }
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        inner,
    );
}
