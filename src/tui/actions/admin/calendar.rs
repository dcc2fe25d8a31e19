//! A calendar change from the calendar screen's forms (a quarantine, a break, an
//! excused or a worked day, new dates for an entry): the form read and its preview
//! asked as a question (the answer: `admin/calendar.rs`).

use crate::domain::policy::Actor;
use crate::tui::admin::calendar::{ask, change_of};
use crate::tui::app::App;
use crate::tui::overlay::form::FormState;
use crate::tui::overlay::{Ask, Overlay};

impl App {
    /// Reads a calendar form and asks about what it changes; a change that would drop
    /// lessons holding marks or attendance is refused here, naming the command that
    /// does it (the command line's `--drop-entered` decides that).
    pub(crate) fn preview_calendar(
        &mut self,
        actor: &Actor,
        form: &FormState,
    ) -> Result<(), String> {
        let change = change_of(&self.store, form)?;
        let (question, question_ask) = ask(&self.store, actor, change)?;
        self.overlay = Some(Overlay::Confirm {
            question,
            ask: Ask::Admin(question_ask),
        });
        Ok(())
    }
}
