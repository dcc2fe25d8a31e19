//! What keys do on the unfilled lessons: Enter opens the lesson in its grid.

use crate::keys::Action;
use crate::tui::app::{App, Screen};
use crate::tui::grid::GridState;
use crate::tui::widgets::list::{ListCursor, shown_rows};

impl App {
    /// The list of unfilled lessons: Enter opens the lesson in its grid.
    pub(crate) fn gaps_action(&mut self, action: Action) {
        let Screen::Gaps(s) = &mut self.screen else {
            return;
        };
        let rows = shown_rows(self.size.1);
        if ListCursor::new(&mut s.selected, s.rows.len())
            .page(rows)
            .apply(action)
        {
            return;
        }
        match action {
            Action::Back => self.show_today(),
            Action::Confirm => {
                let Some(gap) = s.rows.get(s.selected).cloned() else {
                    return;
                };
                let Some(actor) = &self.actor else { return };
                match GridState::load(
                    &self.store,
                    actor,
                    gap.course_id,
                    gap.date,
                    Some(gap.lesson_id),
                    self.store.today(),
                ) {
                    Ok(g) => self.screen = Screen::Grid(Box::new(g)),
                    Err(e) => self.error(e.to_string()),
                }
                self.follow();
            }
            _ => self.not_here(action),
        }
    }
}
