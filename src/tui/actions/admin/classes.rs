//! What keys do on the classes screen.

use crate::keys::Action;
use crate::tui::admin::class::ClassState;
use crate::tui::app::{App, Screen};
use crate::tui::widgets::list::{ListCursor, shown_rows};

impl App {
    /// The classes: Enter opens a class's students.
    pub(crate) fn classes_action(&mut self, action: Action) {
        let Screen::Classes(c) = &mut self.screen else {
            return;
        };
        let rows = shown_rows(self.size.1);
        if ListCursor::new(&mut c.selected, c.rows.len())
            .page(rows)
            .apply(action)
        {
            return;
        }
        match action {
            Action::Back => self.back_to_menu(),
            Action::Confirm => {
                let Some(row) = c.rows.get(c.selected) else {
                    return;
                };
                match ClassState::load(&self.store, row.id) {
                    Ok(cs) => self.screen = Screen::Class(cs),
                    Err(e) => self.error(e.to_string()),
                }
            }
            _ => self.not_here(action),
        }
    }
}
