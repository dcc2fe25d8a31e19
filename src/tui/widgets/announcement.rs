//! An announcement as one line, shown alike by the messages, the diary and the
//! teacher's day; the mark of something not read yet; a stored time, short.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::store::announce::AnnouncementRow;
use crate::theme::Theme;
use crate::tui::text::fit;

/// The mark of something not read yet.
pub const UNREAD: &str = "•";

/// «20.11 14:03» from a stored time.
pub fn short_time(at: &str) -> String {
    match crate::store::accounts::parse_time(at) {
        Some(t) => t.format("%d.%m %H:%M").to_string(),
        None => at.to_string(),
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
