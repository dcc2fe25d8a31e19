//! The messages screen: the conversations, the announcements and the week's events,
//! a tab each.

use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::lines::{selectable, subject_or_none, window};
use super::open::{Effect, Open, Tab};
use crate::domain::policy::Actor;
use crate::domain::roles::Role;
use crate::i18n::{pick, weekday_short};
use crate::keys::Action;
use crate::store::announce::AnnouncementRow;
use crate::store::diary::monday_of;
use crate::store::messages::ThreadRow;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::overlay::form::FormState;
use crate::tui::text::fit;
use crate::tui::widgets::announcement::{UNREAD, announcement_line, short_time};
use crate::tui::widgets::bordered;
use crate::tui::widgets::list::ListCursor;

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

    /// The announcements tab counts as read once shown; the marks stay on screen until
    /// it is read again.
    pub fn seen(&self, store: &mut Store, actor: &Actor) -> Result<()> {
        if self.tab != Tab::Announcements {
            return Ok(());
        }
        let ids: Vec<i64> = self
            .announcements
            .iter()
            .filter(|a| a.unread)
            .map(|a| a.id)
            .collect();
        store.mark_announcements_read(actor, &ids)
    }

    /// A key on the list: tabs, weeks, a conversation or an announcement opened, a new
    /// message, announcement, weekly report, the administrator's review.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(actor) = ctx.actor else {
            return Effect::None;
        };
        let len = self.len();
        if ListCursor::new(&mut self.selected, len)
            .page(10)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::NextField | Action::PrevField => {
                self.tab = self.tab.next(action == Action::NextField);
                self.selected = 0;
                match self.seen(ctx.store, actor) {
                    Ok(()) => Effect::None,
                    Err(e) => Effect::Error(e.to_string()),
                }
            }
            Action::PrevWeek | Action::NextWeek if self.tab == Tab::Week => {
                let days = Days::new(7);
                self.monday = if action == Action::NextWeek {
                    self.monday + days
                } else {
                    self.monday - days
                };
                self.selected = 0;
                self.week_events();
                Effect::None
            }
            // The weeks are the third tab's: say where they are.
            Action::PrevWeek | Action::NextWeek => Effect::Info(tr!(
                "недели листаются на вкладке «Неделя» (Tab)",
                "weeks turn on the «Week» tab (Tab)"
            )),
            Action::Confirm => match self.tab {
                Tab::Threads => match self.threads.get(self.selected) {
                    Some(t) => Effect::Open(Open::Thread(t.id)),
                    None => Effect::Info(pick("F2 — написать", "F2 — write").into()),
                },
                Tab::Announcements | Tab::Week => {
                    let list = if self.tab == Tab::Week {
                        &self.events
                    } else {
                        &self.announcements
                    };
                    let Some(a) = list.get(self.selected) else {
                        return Effect::None;
                    };
                    let event = a
                        .event_date
                        .map(|d| tr!("\n\nКогда: {}", "\n\nWhen: {}", d.format("%d.%m.%Y")))
                        .unwrap_or_default();
                    Effect::Message {
                        title: a.title.clone(),
                        text: format!(
                            "{} · {} · {}\n\n{}{event}",
                            crate::domain::text::screen_dates(&a.created_at),
                            a.audience,
                            a.author,
                            a.body
                        ),
                    }
                }
            },
            Action::New if self.tab != Tab::Threads => {
                if !self.can_post {
                    return Effect::Info(
                        pick(
                            "объявления пишут администрация и классные руководители",
                            "announcements are posted by the administration and class teachers",
                        )
                        .into(),
                    );
                }
                let to = match actor.homeroom.first() {
                    Some(c) if !actor.reads_everything() => {
                        ctx.store.class_label(*c).unwrap_or_default()
                    }
                    _ => pick("школа", "school").to_string(),
                };
                Effect::Form(FormState::announcement(&to))
            }
            Action::New => Effect::Open(Open::Compose),
            Action::WeeklyReport => {
                if actor.homeroom.is_empty() && !actor.reads_everything() {
                    return Effect::Info(
                        pick(
                            "отчёт за неделю отправляет классный руководитель",
                            "the weekly report is sent by the class teacher",
                        )
                        .into(),
                    );
                }
                let week = ctx.store.today().format("%d.%m.%Y").to_string();
                // The class teacher picks one of the class; the administration types.
                if let Some(class) = actor.homeroom.first() {
                    return match ctx.store.class_families(actor, *class) {
                        Ok(pupils) => Effect::Form(FormState::weekly_pick(
                            crate::tui::overlay::form::student_choices(&pupils),
                            "",
                            &week,
                        )),
                        Err(e) => Effect::Error(e.to_string()),
                    };
                }
                Effect::Form(FormState::weekly_report("", &week))
            }
            Action::Review => {
                if !actor.has(Role::Admin) {
                    return Effect::Info(
                        pick(
                            "чужую переписку просматривает только администратор",
                            "only the administrator reviews other people's messages",
                        )
                        .into(),
                    );
                }
                Effect::Form(FormState::review())
            }
            Action::Back => Effect::Back,
            _ => Effect::NotHere(action),
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
