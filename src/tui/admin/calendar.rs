//! The calendar screen: the year's periods, breaks, quarantines, excused and worked
//! days and the country's days off, as `zhurnal calendar show` prints them; its keys
//! and its drawing. (Changes are made with `zhurnal calendar …`, previewed first.)

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Tool;
use super::{Effect, Question};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::Store;
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::{ListCursor, page_lines};

/// The year's calendar, scrolled.
#[derive(Debug, Clone)]
pub struct CalendarState {
    pub lines: Vec<String>,
    pub scroll: usize,
}

impl CalendarState {
    pub fn load(store: &Store) -> Result<CalendarState, String> {
        Ok(CalendarState {
            lines: crate::report::calendar::calendar_lines(store, None)
                .map_err(|e| e.to_string())?,
            scroll: 0,
        })
    }

    /// The calendar's keys: scrolling, and back to the menu.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let room = ctx.rows.max(1);
        let last = self.lines.len().saturating_sub(room);
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = (self.scroll + 1).min(last),
            Action::Back => return Effect::Back,
            Action::New => {
                let today = ctx.store.today().format("%d.%m.%Y").to_string();
                return Effect::Form(FormState::quarantine(&today));
            }
            _ => {
                let mut at = self.scroll;
                if !ListCursor::new(&mut at, last + 1).page(room).apply(action) {
                    return Effect::NotHere(action);
                }
                self.scroll = at;
            }
        }
        Effect::None
    }
}

impl CalendarState {
    /// A yes to the change the preview showed: made, and the calendar read again.
    pub fn answer(&mut self, question: Question, ctx: &mut Ctx) -> Effect {
        let (Question::Calendar(change), Some(actor)) = (question, ctx.actor) else {
            return Effect::None;
        };
        let done = match ctx.store.apply_calendar_change(actor, &change, false) {
            Ok(p) => p,
            Err(e) => return Effect::Error(e.to_string()),
        };
        if let Ok(fresh) = CalendarState::load(ctx.store) {
            *self = fresh;
        }
        Effect::Info(tr!(
            "календарь изменён: уроков отменено {}, возвращено {}",
            "calendar changed: {} lessons cancelled, {} back",
            done.going.len(),
            done.coming.len()
        ))
    }
}

impl FormState {
    /// A quarantine: for a class (7Б), a grade (7) or, left empty, the whole school;
    /// saved in `actions/admin/calendar.rs` after a preview.
    pub fn quarantine(today: &str) -> FormState {
        FormState::with(
            pick("Карантин", "Quarantine"),
            FormPurpose::Quarantine,
            &[
                (Field::Class, pick("Класс", "Class"), ""),
                (Field::From, pick("С", "From"), today),
                (Field::To, pick("По", "To"), today),
                (
                    Field::Name,
                    pick("Название", "Name"),
                    pick("Карантин", "Quarantine"),
                ),
            ],
            pick(
                "Класс: 7Б, параллель: 7, пусто — вся школа. Сначала покажем, какие уроки уйдут.",
                "Class: 7Б, a grade: 7, empty — the whole school. The lessons that go are shown first.",
            ),
        )
    }
}

pub fn render_calendar(s: &CalendarState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit(Tool::Calendar.title(), width),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                pick(
                    "↑↓ PgUp PgDn — листать · F2 — карантин · Esc — назад",
                    "↑↓ PgUp PgDn — scroll · F2 — quarantine · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(page_lines(&s.lines, s.scroll, room, width));
    f.render_widget(Paragraph::new(lines), area);
}
