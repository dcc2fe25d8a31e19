//! A new message: first whom to (letters search), then the subject and the text.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use super::lines::{selectable, window};
use super::open::{Effect, Open, Question, Tab};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::messages::Contact;
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::text::TextField;
use crate::tui::text::fit;
use crate::tui::text::{area_of, text_of};
use crate::tui::widgets::bordered;

/// A new message: first whom to, then the subject and the text.
#[derive(Debug, Clone)]
pub struct ComposeState {
    pub contacts: Vec<Contact>,
    /// Typed letters narrow the list by name.
    pub filter: TextField,
    pub selected: usize,
    pub to: Option<Contact>,
    pub subject: TextArea<'static>,
    pub body: TextArea<'static>,
    /// 0: subject, 1: text.
    pub focus: usize,
}

impl ComposeState {
    pub fn new(contacts: Vec<Contact>) -> ComposeState {
        ComposeState {
            contacts,
            filter: TextField::default(),
            selected: 0,
            to: None,
            subject: area_of(""),
            body: area_of(""),
            focus: 1,
        }
    }

    /// A key while writing: first choosing whom to (typed letters narrow the list),
    /// then the subject and the text; Send sends.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(actor) = ctx.actor else {
            return Effect::None;
        };
        if self.to.is_none() {
            let shown = self.shown().len();
            // Letters typed since the last key may have narrowed the list.
            self.selected = self.selected.min(shown.saturating_sub(1));
            let effect = match action {
                Action::Up | Action::PrevField => {
                    self.selected = self.selected.saturating_sub(1);
                    Effect::None
                }
                Action::Down | Action::NextField => {
                    self.selected = (self.selected + 1).min(shown.saturating_sub(1));
                    Effect::None
                }
                Action::Confirm => match self.shown().get(self.selected).map(|x| (*x).clone()) {
                    Some(to) => {
                        self.to = Some(to);
                        self.focus = 1;
                        Effect::None
                    }
                    None => Effect::Info(pick("никого не выбрано", "nobody chosen").into()),
                },
                Action::Back if self.has_text() => Effect::Ask {
                    question: pick(
                        "Сообщение не отправлено. Выйти и потерять его?",
                        "The message is not sent. Leave and lose it?",
                    )
                    .into(),
                    ask: Question::DropMessage,
                },
                Action::Back => Effect::Open(Open::Tab(Tab::Threads)),
                _ => Effect::NotHere(action),
            };
            // The list follows the filter as it is typed.
            self.selected = self.selected.min(self.shown().len().saturating_sub(1));
            return effect;
        }
        match action {
            Action::NextField | Action::PrevField => self.focus = 1 - self.focus,
            // The subject is one line: Enter goes on to the text.
            Action::Edit(ev) if self.focus == 0 && ev.code == KeyCode::Enter => self.focus = 1,
            Action::Edit(ev) => {
                self.current().input(ev);
            }
            Action::Send => {
                let Some(to) = self.to.clone() else {
                    return Effect::None;
                };
                let (subject, body) = (self.subject_text(), self.body_text());
                return match ctx.store.start_thread(actor, to.user_id, &subject, &body) {
                    Ok(id) => Effect::Open(Open::Thread(id)).and(Some(Effect::Info(tr!(
                        "отправлено: {}",
                        "sent to {}",
                        to.name
                    )))),
                    Err(e) => Effect::Error(e.to_string()),
                };
            }
            // Back to choosing whom to write to; what is typed stays.
            Action::Back => self.to = None,
            _ => return Effect::NotHere(action),
        }
        Effect::None
    }

    /// Whether anything has been written yet.
    pub fn has_text(&self) -> bool {
        !self.subject_text().trim().is_empty() || !self.body_text().is_empty()
    }

    /// The contacts the filter lets through.
    pub fn shown(&self) -> Vec<&Contact> {
        let f = self.filter.text().to_lowercase();
        self.contacts
            .iter()
            .filter(|c| {
                f.is_empty()
                    || c.name.to_lowercase().contains(&f)
                    || c.login.to_lowercase().contains(&f)
                    || c.note.to_lowercase().contains(&f)
            })
            .collect()
    }

    pub fn current(&mut self) -> &mut TextArea<'static> {
        if self.focus == 0 {
            &mut self.subject
        } else {
            &mut self.body
        }
    }

    pub fn subject_text(&self) -> String {
        text_of(&self.subject).replace('\n', " ")
    }

    pub fn body_text(&self) -> String {
        text_of(&self.body)
    }
}

pub fn render_compose(s: &ComposeState, theme: &Theme, ascii: bool, f: &mut Frame, area: Rect) {
    match &s.to {
        None => {
            let [top, list] =
                Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).areas(area);
            let (filter, col) = s.filter.display();
            f.render_widget(
                Paragraph::new(vec![
                    Line::from(vec![
                        Span::raw(pick("Кому: ", "To: ")),
                        Span::styled(format!("{filter:<30}"), theme.cursor),
                    ]),
                    Line::from(Span::styled(
                        pick(
                            "буквы — поиск по имени · ↑↓ — выбор · Enter — писать · Esc — назад",
                            "letters search by name · ↑↓ choose · Enter — write · Esc — back",
                        ),
                        theme.dim,
                    )),
                ]),
                top,
            );
            f.set_cursor_position((top.x + 6 + col as u16, top.y));
            let width = list.width.saturating_sub(2) as usize;
            let room = list.height.saturating_sub(2) as usize;
            let shown = s.shown();
            let selected = s.selected.min(shown.len().saturating_sub(1));
            let rows: Vec<Line> = shown
                .iter()
                .map(|c| Line::from(fit(&format!("{} — {}", c.name, c.note), width)))
                .collect();
            let rows = if rows.is_empty() {
                vec![Line::from(Span::styled(
                    pick("никого не найдено", "nobody found"),
                    theme.dim,
                ))]
            } else {
                window(selectable(rows, selected, theme), selected, room)
            };
            f.render_widget(
                Paragraph::new(rows).block(
                    bordered(ascii, theme)
                        .title(pick(" Кому можно написать ", " Whom you may write to ")),
                ),
                list,
            );
        }
        Some(to) => {
            let block = bordered(ascii, theme).title(pick(
                " Новое сообщение · F2 — отправить · Tab — тема/текст · Esc — назад ",
                " New message · F2 — send · Tab — subject/text · Esc — back ",
            ));
            let inner = block.inner(area);
            f.render_widget(block, area);
            let [who, subject, body] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
                Constraint::Min(1),
            ])
            .areas(inner);
            f.render_widget(
                Paragraph::new(fit(
                    &format!("{} {} — {}", pick("Кому:", "To:"), to.name, to.note),
                    who.width as usize,
                )),
                who,
            );
            let label = |text: &str, on: bool| {
                Span::styled(
                    format!("{text:<7}"),
                    if on { theme.title } else { theme.dim },
                )
            };
            f.render_widget(
                Paragraph::new(Line::from(label(pick("Тема:", "Subj.:"), s.focus == 0))),
                Rect::new(subject.x, subject.y, 7, 1),
            );
            let fields = [(&s.subject, subject, 0), (&s.body, body, 1)];
            for (ta, r, i) in fields {
                let r = if i == 0 {
                    Rect::new(r.x + 7, r.y, r.width.saturating_sub(7), 1)
                } else {
                    r
                };
                let mut t = ta.clone();
                t.set_cursor_style(if s.focus == i {
                    theme.cursor
                } else {
                    Style::default()
                });
                f.render_widget(&t, r);
            }
        }
    }
}
