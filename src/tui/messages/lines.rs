//! What the messaging screens draw alike: a subject (or its absence), the selected
//! row and the window of rows in view.

use ratatui::text::Line;

use crate::i18n::pick;
use crate::theme::Theme;

/// The subject, or a word for none.
pub(super) fn subject_or_none(s: &str) -> String {
    if s.is_empty() {
        pick("(без темы)", "(no subject)").to_string()
    } else {
        s.to_string()
    }
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
