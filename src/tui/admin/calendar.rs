//! The calendar screen: the year's periods, breaks, quarantines, excused and worked
//! days and the country's days off, as `zhurnal calendar show` prints them; its keys
//! and its drawing. (Changes are made with `zhurnal calendar …`, previewed first.)

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Effect;
use super::Tool;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::Store;
use crate::theme::Theme;
use crate::tui::overlay::effect::Ctx;
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;

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
                    "↑↓ PgUp PgDn — листать · Esc — назад · изменения: zhurnal calendar …",
                    "↑↓ PgUp PgDn — scroll · Esc — back · changes: zhurnal calendar …",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    let scroll = s.scroll.min(s.lines.len().saturating_sub(room));
    lines.extend(
        s.lines
            .iter()
            .skip(scroll)
            .take(room)
            .map(|l| Line::from(fit(l, width))),
    );
    f.render_widget(Paragraph::new(lines), area);
}
