//! What keys and the filter form do on the audit log.

use crate::domain::policy::Actor;
use crate::keys::Action;
use crate::tui::admin::audit::AuditState;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::widgets::list::{ListCursor, shown_rows};

impl App {
    /// The audit log: F5 changes the filter.
    pub(crate) fn audit_action(&mut self, action: Action) {
        let Screen::Audit(a) = &mut self.screen else {
            return;
        };
        let rows = shown_rows(self.size.1);
        if ListCursor::new(&mut a.selected, a.rows.len())
            .page(rows)
            .apply(action)
        {
            return;
        }
        match action {
            Action::Back => self.back_to_menu(),
            Action::Filter => {
                self.overlay = Some(Overlay::Form(FormState::audit_filter(&a.filter_text)))
            }
            _ => self.not_here(action),
        }
    }

    /// The filter form: the log read again through the typed filter.
    pub(crate) fn filter_audit(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let a = AuditState::load(&self.store, actor, &form.get(Field::Filter))?;
        self.screen = Screen::Audit(Box::new(a));
        Ok(())
    }
}
