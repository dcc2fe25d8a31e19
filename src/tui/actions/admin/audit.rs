//! What the filter form does on the audit log.

use crate::domain::policy::Actor;
use crate::tui::admin::audit::AuditState;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::form::{Field, FormState};

impl App {
    /// The filter form: the log read again through the typed filter.
    pub(crate) fn filter_audit(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let action = crate::domain::audit::Action::parse(&form.get(Field::Kind));
        let a = AuditState::load_action(&self.store, actor, &form.get(Field::Filter), action)?;
        self.screen = Screen::Audit(Box::new(a));
        Ok(())
    }
}
