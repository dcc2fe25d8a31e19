//! One conversation open: its messages with their read receipts, and the reply
//! being written.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::lines::subject_or_none;
use super::open::{Effect, Open, Tab};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::messages::{MessageKind, Thread};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::text::fit;
use crate::tui::text::{area_of, text_of};
use crate::tui::widgets::announcement::{UNREAD, short_time};
use crate::tui::widgets::bordered;

/// One conversation open: its messages, and the reply being written.
#[derive(Debug, Clone)]
pub struct ThreadState {
    /// One conversation, or every conversation of the account under review.
    pub threads: Vec<Thread>,
    /// The login under the administrator's review: nothing can be written then.
    pub review: Option<String>,
    pub scroll: usize,
    pub reply: Option<TextArea<'static>>,
    /// A reply put aside with Esc, taken up again by Enter.
    pub draft: Option<TextArea<'static>>,
}

impl ThreadState {
    pub fn start_reply(&mut self) {
        self.reply = Some(self.draft.take().unwrap_or_else(|| area_of("")));
    }

    pub fn reply_text(&self) -> String {
        self.reply.as_ref().map(text_of).unwrap_or_default()
    }

    /// A key in a conversation: scrolling, a reply begun, sent or put aside.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(actor) = ctx.actor else {
            return Effect::None;
        };
        let bottom = |t: &ThreadState| thread_bottom(t, ctx.theme, ctx.size);
        if self.reply.is_some() {
            return match action {
                Action::Send => {
                    let text = self.reply_text();
                    let Some(id) = self.threads.first().map(|x| x.id) else {
                        return Effect::None;
                    };
                    match ctx.store.reply(actor, id, &text) {
                        Ok(_) => Effect::Open(Open::Thread(id))
                            .and(Some(Effect::Info(pick("отправлено", "sent").into()))),
                        Err(e) => Effect::Error(e.to_string()),
                    }
                }
                Action::Back => {
                    self.draft = self.reply.take().filter(|r| !r.is_empty());
                    match self.draft {
                        Some(_) => Effect::Info(
                            pick(
                                "черновик отложен · Enter — продолжить",
                                "draft put aside · Enter — go on",
                            )
                            .into(),
                        ),
                        None => Effect::None,
                    }
                }
                Action::Edit(ev) => {
                    if let Some(r) = &mut self.reply {
                        r.input(ev);
                    }
                    Effect::None
                }
                _ => Effect::NotHere(action),
            };
        }
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::Down | Action::PageDown => {
                let step = if action == Action::Down { 1 } else { 10 };
                self.scroll = (self.scroll + step).min(bottom(self));
            }
            Action::Home => self.scroll = 0,
            Action::End => self.scroll = bottom(self),
            Action::Confirm | Action::New if self.review.is_none() => {
                self.start_reply();
                self.scroll = bottom(self);
            }
            Action::Back => {
                let said = if self.review.is_some() {
                    Some(pick("просмотр закрыт", "review closed"))
                } else if self.draft.is_some() {
                    Some(pick("черновик не отправлен", "the draft was not sent"))
                } else {
                    None
                };
                return Effect::Open(Open::Tab(Tab::Threads))
                    .and(said.map(|s| Effect::Info(s.into())));
            }
            _ => return Effect::NotHere(action),
        }
        Effect::None
    }
}

/// The lines of one conversation: each message's author and time, its text, and for
/// the reader's own messages who has read them.
fn thread_lines(t: &Thread, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        format!("{} — {}", subject_or_none(&t.subject), t.members.join(", ")),
        theme.title,
    ))];
    for m in &t.messages {
        lines.push(Line::from(""));
        let kind = match m.kind {
            MessageKind::WeeklyReport => pick(" · отчёт за неделю", " · weekly report"),
            MessageKind::Text => "",
        };
        lines.push(Line::from(vec![
            Span::styled(
                if m.unread {
                    format!("{UNREAD} ")
                } else {
                    "  ".into()
                },
                theme.title,
            ),
            Span::styled(
                format!("{} · {}{kind}", short_time(&m.sent_at), m.author),
                theme.header,
            ),
        ]));
        for l in m.body.lines() {
            lines.push(Line::from(format!("  {l}")));
        }
        if m.mine {
            let receipt = if m.read_by.is_empty() {
                pick("не прочитано", "not read yet").to_string()
            } else {
                let who = m
                    .read_by
                    .iter()
                    .map(|(n, at)| format!("{n} {}", short_time(at)))
                    .collect::<Vec<_>>()
                    .join(", ");
                tr!("прочитано: {}", "read: {}", who)
            };
            lines.push(Line::from(Span::styled(format!("  {receipt}"), theme.dim)));
        }
    }
    lines
}

/// The open conversation's lines: the review's notice, then each conversation.
fn thread_view_lines(s: &ThreadState, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(login) = &s.review {
        lines.push(Line::from(Span::styled(
            tr!(
                "Просмотр переписки «{}» администратором — записан в журнал изменений",
                "The administrator's review of «{}»'s conversations — recorded in the audit log",
                login
            ),
            theme.status_error,
        )));
        if s.threads.is_empty() {
            lines.push(Line::from(pick("переписки нет", "no conversations")));
        }
    }
    for (i, t) in s.threads.iter().enumerate() {
        if i > 0 {
            lines.push(Line::from(""));
        }
        lines.extend(thread_lines(t, theme));
    }
    lines
}

/// Rows of the reply editor (or of the key hint) under the conversation.
fn editor_rows(s: &ThreadState) -> u16 {
    if s.reply.is_some() { 8 } else { 1 }
}

/// The scroll that puts the conversation's last line at the bottom of a `size`
/// screen: its lines wrapped at the frame's inner width, counted as drawn.
pub fn thread_bottom(s: &ThreadState, theme: &Theme, size: (u16, u16)) -> usize {
    let width = size.0.saturating_sub(2).max(1) as usize;
    // The status line and the key bar, the frame's two borders, the editor.
    let height =
        size.1
            .saturating_sub(crate::tui::widgets::CHROME_ROWS + 2 + editor_rows(s)) as usize;
    let rows: usize = thread_view_lines(s, theme)
        .iter()
        .map(|l| l.width().div_ceil(width).max(1))
        .sum();
    rows.saturating_sub(height)
}

pub fn render_thread(s: &ThreadState, theme: &Theme, ascii: bool, f: &mut Frame, area: Rect) {
    let [top, bottom] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(editor_rows(s))]).areas(area);
    let lines = thread_view_lines(s, theme);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((s.scroll.min(u16::MAX as usize) as u16, 0))
            .block(bordered(ascii, theme)),
        top,
    );
    match &s.reply {
        Some(ta) => {
            let block = bordered(ascii, theme).title(pick(
                " Ответ · F2 — отправить · Esc — отложить ",
                " Reply · F2 — send · Esc — put aside ",
            ));
            let inner = block.inner(bottom);
            f.render_widget(block, bottom);
            let mut t = ta.clone();
            t.set_cursor_style(theme.cursor);
            f.render_widget(&t, inner);
        }
        None => {
            let keys = if s.review.is_some() {
                pick("↑↓ — прокрутка · Esc — назад", "↑↓ — scroll · Esc — back")
            } else if s.draft.is_some() {
                pick(
                    "Enter — вернуться к черновику · ↑↓ — прокрутка · Esc — назад",
                    "Enter — back to the draft · ↑↓ — scroll · Esc — back",
                )
            } else {
                pick(
                    "Enter — ответить · ↑↓ — прокрутка · Esc — назад",
                    "Enter — reply · ↑↓ — scroll · Esc — back",
                )
            };
            f.render_widget(
                Paragraph::new(Span::styled(fit(keys, bottom.width as usize), theme.dim)),
                bottom,
            );
        }
    }
}
