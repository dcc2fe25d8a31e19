//! What the messaging screens draw alike: the unread mark, times, subjects, an
//! announcement's line, the selected row and the window of rows in view.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::i18n::pick;
use crate::store::announce::AnnouncementRow;
use crate::theme::Theme;
use crate::tui::grid::view::fit;

/// The mark of something not read yet.
pub const UNREAD: &str = "•";

/// «20.11 14:03» from a stored time.
pub(super) fn short_time(at: &str) -> String {
    match crate::store::accounts::parse_time(at) {
        Some(t) => t.format("%d.%m %H:%M").to_string(),
        None => at.to_string(),
    }
}

pub(super) fn subject_or_none(s: &str) -> String {
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

pub(super) fn selectable(
    lines: Vec<Line<'static>>,
    selected: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
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
pub(super) fn window<T>(rows: Vec<T>, selected: usize, room: usize) -> Vec<T> {
    let skip = (selected + 1).saturating_sub(room.max(1));
    rows.into_iter().skip(skip).take(room).collect()
}
