//! A list on screen: the cursor the arrow and page keys move, and its drawing.

use ratatui::text::{Line, Span};

use crate::keys::Action;
use crate::theme::Theme;
use crate::tui::text::fit;

/// Moves a list's selected row (or a text's first shown line) with Up, Down, PageUp,
/// PageDown, Home and End. The index stays the screen's own; the cursor borrows it for
/// one key.
#[derive(Debug)]
pub struct ListCursor<'a> {
    at: &'a mut usize,
    len: usize,
    page: usize,
}

impl<'a> ListCursor<'a> {
    /// The page where a screen does not know how many rows it shows.
    pub const PAGE: usize = 15;

    /// A cursor at `*at` over `len` rows, paging by [`ListCursor::PAGE`].
    pub fn new(at: &'a mut usize, len: usize) -> ListCursor<'a> {
        ListCursor {
            at,
            len,
            page: Self::PAGE,
        }
    }

    /// Pages by `rows` (at least one) instead: the rows the screen shows.
    pub fn page(mut self, rows: usize) -> ListCursor<'a> {
        self.page = rows.max(1);
        self
    }

    fn last(&self) -> usize {
        self.len.saturating_sub(1)
    }

    pub fn up(&mut self) {
        *self.at = self.at.saturating_sub(1);
    }

    pub fn down(&mut self) {
        *self.at = (*self.at + 1).min(self.last());
    }

    pub fn page_up(&mut self) {
        *self.at = self.at.saturating_sub(self.page);
    }

    pub fn page_down(&mut self) {
        *self.at = (*self.at + self.page).min(self.last());
    }

    pub fn home(&mut self) {
        *self.at = 0;
    }

    pub fn end(&mut self) {
        *self.at = self.last();
    }

    /// Moves by `action`; false when `action` does not move a cursor (the screen's own
    /// key then).
    pub fn apply(&mut self, action: Action) -> bool {
        match action {
            Action::Up => self.up(),
            Action::Down => self.down(),
            Action::PageUp => self.page_up(),
            Action::PageDown => self.page_down(),
            Action::Home => self.home(),
            Action::End => self.end(),
            _ => return false,
        }
        true
    }
}

/// The rows a list screen shows on a terminal `height` rows high: the status line, the
/// key bar and the screen's two heading lines take the rest.
pub fn shown_rows(height: u16) -> usize {
    (height as usize).saturating_sub(2 + super::CHROME_ROWS as usize)
}

/// A page of text lines, `room` of them from `scroll` (kept inside the text), each
/// fitted to `width`: what a screen of plain text (a preview, the calendar) shows.
pub fn page_lines(
    text: &[String],
    scroll: usize,
    room: usize,
    width: usize,
) -> Vec<ratatui::text::Line<'static>> {
    let scroll = scroll.min(text.len().saturating_sub(room));
    text.iter()
        .skip(scroll)
        .take(room)
        .map(|l| ratatui::text::Line::from(crate::tui::text::fit(l, width)))
        .collect()
}

/// The rows of `items` that fit in `room` lines, scrolled so that `selected` shows, the
/// selected one in the cursor's style.
pub fn list_lines<T>(
    items: &[T],
    selected: usize,
    room: usize,
    theme: &Theme,
    width: usize,
    line: impl Fn(&T) -> String,
) -> Vec<Line<'static>> {
    let skip = (selected + 1).saturating_sub(room);
    items
        .iter()
        .enumerate()
        .skip(skip)
        .take(room)
        .map(|(i, it)| {
            let text = fit(&line(it), width);
            if i == selected {
                Line::from(Span::styled(text, theme.cursor))
            } else {
                Line::from(text)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(at: usize, len: usize, page: usize, action: Action) -> (usize, bool) {
        let mut at = at;
        let done = ListCursor::new(&mut at, len).page(page).apply(action);
        (at, done)
    }

    #[test]
    fn moves_within_the_list() {
        assert_eq!(moved(0, 5, 3, Action::Up), (0, true));
        assert_eq!(moved(4, 5, 3, Action::Down), (4, true));
        assert_eq!(moved(1, 5, 3, Action::PageDown), (4, true));
        assert_eq!(moved(4, 5, 3, Action::PageUp), (1, true));
        assert_eq!(moved(2, 5, 3, Action::Home), (0, true));
        assert_eq!(moved(2, 5, 3, Action::End), (4, true));
        assert_eq!(moved(0, 0, 3, Action::End), (0, true));
        assert_eq!(moved(2, 5, 3, Action::Confirm), (2, false));
    }

    #[test]
    fn a_page_is_at_least_a_row() {
        assert_eq!(moved(2, 5, 0, Action::PageDown), (3, true));
        let mut at = 20;
        ListCursor::new(&mut at, 40).page_up();
        assert_eq!(at, 20 - ListCursor::PAGE);
    }
}
