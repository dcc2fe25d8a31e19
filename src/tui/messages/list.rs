//! The messages screen: the conversations, the announcements and the week's events,
//! a tab each.

use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::lines::{selectable, subject_or_none, window};
use crate::domain::policy::Actor;
use crate::i18n::{pick, weekday_short};
use crate::store::announce::AnnouncementRow;
use crate::store::diary::monday_of;
use crate::store::messages::ThreadRow;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::text::fit;
use crate::tui::widgets::announcement::{UNREAD, announcement_line, short_time};
use crate::tui::widgets::bordered;

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
