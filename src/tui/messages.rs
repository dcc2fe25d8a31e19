//! Messages and announcements: the conversations list, the announcements, the week's
//! events, one conversation with its read receipts, and writing a new message.

use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::grid::pane::{area_of, text_of};
use super::grid::view::fit;
use super::text::TextField;
use super::widgets::bordered;
use crate::domain::policy::Actor;
use crate::i18n::{pick, weekday_short};
use crate::store::announce::AnnouncementRow;
use crate::store::diary::monday_of;
use crate::store::messages::{Contact, MessageKind, Thread, ThreadRow};
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;

/// The mark of something not read yet.
pub const UNREAD: &str = "•";

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tab {
    Threads,
    Announcements,
    Week,
}

impl Tab {
    pub fn next(self, forward: bool) -> Tab {
        let all = [Tab::Threads, Tab::Announcements, Tab::Week];
        let i = all.iter().position(|t| *t == self).unwrap_or(0);
        all[(i + if forward { 1 } else { 2 }) % 3]
    }
}

#[derive(Debug, Clone)]
pub struct MessagesState {
    pub tab: Tab,
    pub threads: Vec<ThreadRow>,
    pub announcements: Vec<AnnouncementRow>,
    /// The week the calendar shows.
    pub monday: NaiveDate,
    pub events: Vec<AnnouncementRow>,
    pub selected: usize,
    pub today: NaiveDate,
    /// The administration and class teachers post announcements.
    pub can_post: bool,
}

impl MessagesState {
    pub fn load(store: &Store, actor: &Actor, tab: Tab) -> Result<MessagesState> {
        let mut s = MessagesState {
            tab,
            threads: Vec::new(),
            announcements: Vec::new(),
            monday: monday_of(store.today()),
            events: Vec::new(),
            selected: 0,
            today: store.today(),
            can_post: actor.reads_everything() || !actor.homeroom.is_empty(),
        };
        s.reload(store, actor)?;
        Ok(s)
    }

    /// Reads the lists again, the cursor kept where it can be.
    pub fn reload(&mut self, store: &Store, actor: &Actor) -> Result<()> {
        self.threads = if actor.user_id.is_some() {
            store.threads(actor)?
        } else {
            Vec::new()
        };
        self.announcements = store.announcements_for(actor, None)?;
        self.week_events();
        self.selected = self.selected.min(self.len().saturating_sub(1));
        Ok(())
    }

    /// The shown week's events, from the announcements already read, in the order the
    /// calendar shows them.
    pub fn week_events(&mut self) {
        let week = self.monday..self.monday + Days::new(7);
        self.events = self
            .announcements
            .iter()
            .filter(|a| a.event_date.is_some_and(|d| week.contains(&d)))
            .cloned()
            .collect();
        self.events.sort_by_key(|e| (e.event_date, e.id));
    }

    /// Rows of the current tab.
    pub fn len(&self) -> usize {
        match self.tab {
            Tab::Threads => self.threads.len(),
            Tab::Announcements => self.announcements.len(),
            Tab::Week => self.events.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

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
}

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

/// «20.11 14:03» from a stored time.
fn short_time(at: &str) -> String {
    match crate::store::accounts::parse_time(at) {
        Some(t) => t.format("%d.%m %H:%M").to_string(),
        None => at.to_string(),
    }
}

fn subject_or_none(s: &str) -> String {
    if s.is_empty() {
        pick("(без темы)", "(no subject)").to_string()
    } else {
        s.to_string()
    }
}

/// One announcement on a line: unread mark, date, audience, title, the event's date.
pub fn announcement_line(a: &AnnouncementRow, theme: &Theme, width: usize) -> Line<'static> {
    let event = a
        .event_date
        .map(|d| format!(" [{}]", d.format("%d.%m")))
        .unwrap_or_default();
    let text = format!(
        "{} · {} · {}{event}",
        short_time(&a.created_at).get(..5).unwrap_or(""),
        a.audience,
        a.title
    );
    Line::from(vec![
        Span::styled(
            if a.unread {
                format!("{UNREAD} ")
            } else {
                "  ".into()
            },
            theme.title,
        ),
        Span::styled(
            fit(&text, width.saturating_sub(2)),
            if a.unread {
                theme.name
            } else {
                Style::default()
            },
        ),
    ])
}

fn selectable(lines: Vec<Line<'static>>, selected: usize, theme: &Theme) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == selected {
                l.style(theme.cursor)
            } else {
                l
            }
        })
        .collect()
}

/// Keeps the selected row within `room` rows.
fn window<T>(rows: Vec<T>, selected: usize, room: usize) -> Vec<T> {
    let skip = (selected + 1).saturating_sub(room.max(1));
    rows.into_iter().skip(skip).take(room).collect()
}

pub fn render(s: &MessagesState, theme: &Theme, ascii: bool, f: &mut Frame, area: Rect) {
    let [tabs, body, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let unread_threads: i64 = s.threads.iter().map(|t| t.unread).sum();
    let unread_news = s.announcements.iter().filter(|a| a.unread).count();
    let count = |n: usize| {
        if n > 0 {
            format!(" ({n})")
        } else {
            String::new()
        }
    };
    let names = [
        (
            Tab::Threads,
            format!(
                "{}{}",
                pick("Сообщения", "Messages"),
                count(unread_threads as usize)
            ),
        ),
        (
            Tab::Announcements,
            format!(
                "{}{}",
                pick("Объявления", "Announcements"),
                count(unread_news)
            ),
        ),
        (Tab::Week, pick("Неделя", "Week").to_string()),
    ];
    let mut spans = Vec::new();
    for (tab, name) in names {
        let style = if tab == s.tab {
            theme.cursor
        } else {
            theme.dim
        };
        spans.push(Span::styled(format!(" {name} "), style));
        spans.push(Span::raw(" "));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), tabs);
    let width = body.width.saturating_sub(2) as usize;
    let room = body.height.saturating_sub(2) as usize;
    let (title, lines): (String, Vec<Line>) = match s.tab {
        Tab::Threads => {
            let rows: Vec<Line> = s
                .threads
                .iter()
                .map(|t| {
                    let mark = if t.unread > 0 {
                        format!("{UNREAD}{:<2}", t.unread)
                    } else {
                        "   ".into()
                    };
                    let text = format!(
                        "{}  {} — {}",
                        short_time(&t.last_at),
                        t.with,
                        subject_or_none(&t.subject)
                    );
                    Line::from(vec![
                        Span::styled(mark, theme.title),
                        Span::raw(fit(&text, width.saturating_sub(3))),
                    ])
                })
                .collect();
            let rows = if rows.is_empty() {
                vec![Line::from(Span::styled(
                    pick(
                        "переписки нет · F2 — написать",
                        "no conversations · F2 — write",
                    ),
                    theme.dim,
                ))]
            } else {
                window(selectable(rows, s.selected, theme), s.selected, room)
            };
            (pick(" Переписка ", " Conversations ").into(), rows)
        }
        Tab::Announcements => {
            let rows: Vec<Line> = s
                .announcements
                .iter()
                .map(|a| announcement_line(a, theme, width))
                .collect();
            let rows = if rows.is_empty() {
                vec![Line::from(Span::styled(
                    pick("объявлений нет", "no announcements"),
                    theme.dim,
                ))]
            } else {
                window(selectable(rows, s.selected, theme), s.selected, room)
            };
            (
                pick(
                    " Объявления, новые сверху ",
                    " Announcements, newest first ",
                )
                .into(),
                rows,
            )
        }
        Tab::Week => {
            let mut rows = Vec::new();
            let mut index = 0;
            for i in 0..7 {
                let day = s.monday + Days::new(i);
                let events: Vec<&AnnouncementRow> = s
                    .events
                    .iter()
                    .filter(|e| e.event_date == Some(day))
                    .collect();
                let mut first = true;
                let head = format!("{} {}", weekday_short(day), day.format("%d.%m"));
                let head_style = if day == s.today {
                    theme.today
                } else {
                    theme.header
                };
                if events.is_empty() {
                    rows.push(Line::from(vec![
                        Span::styled(format!("{head:<9}"), head_style),
                        Span::styled("—", theme.dim),
                    ]));
                }
                for e in events {
                    let text = format!("{} ({})", e.title, e.audience);
                    let line = Line::from(vec![
                        Span::styled(
                            format!("{:<9}", if first { head.as_str() } else { "" }),
                            head_style,
                        ),
                        Span::raw(fit(&text, width.saturating_sub(9))),
                    ]);
                    rows.push(if index == s.selected {
                        line.style(theme.cursor)
                    } else {
                        line
                    });
                    index += 1;
                    first = false;
                }
            }
            let sunday = s.monday + Days::new(6);
            (
                tr!(
                    " События недели {}–{} · ←→ — неделя ",
                    " Events {}–{} · ←→ — week ",
                    s.monday.format("%d.%m"),
                    sunday.format("%d.%m.%Y")
                ),
                rows,
            )
        }
    };
    f.render_widget(
        Paragraph::new(lines).block(bordered(ascii, theme).title(title)),
        body,
    );
    let keys = match s.tab {
        Tab::Threads => pick(
            "Enter — открыть · F2 — написать · Tab — объявления · Esc — назад",
            "Enter — open · F2 — write · Tab — announcements · Esc — back",
        ),
        Tab::Announcements if s.can_post => pick(
            "Enter — прочитать целиком · F2 — написать · Tab — неделя · Esc — назад",
            "Enter — read in full · F2 — post · Tab — week · Esc — back",
        ),
        Tab::Announcements => pick(
            "Enter — прочитать целиком · Tab — неделя · Esc — назад",
            "Enter — read in full · Tab — week · Esc — back",
        ),
        Tab::Week => pick(
            "←→ — неделя · Enter — подробно · Tab — сообщения · Esc — назад",
            "←→ — week · Enter — details · Tab — messages · Esc — back",
        ),
    };
    f.render_widget(
        Paragraph::new(Span::styled(fit(keys, hint.width as usize), theme.dim)),
        hint,
    );
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
    // The status line, the frame's two borders, the editor.
    let height = size.1.saturating_sub(3 + editor_rows(s)) as usize;
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
