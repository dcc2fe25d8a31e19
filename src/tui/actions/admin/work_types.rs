//! What keys and the work type form do on the work types screen.

use crate::domain::policy::Actor;
use crate::keys::Action;
use crate::tr;
use crate::tui::admin::work_types::WorkTypesState;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::widgets::list::{ListCursor, shown_rows};

impl App {
    /// The work types: Enter edits one, F2 adds one, F4 disables or enables.
    pub(crate) fn work_types_action(&mut self, action: Action) {
        let Screen::WorkTypes(w) = &mut self.screen else {
            return;
        };
        let rows = shown_rows(self.size.1);
        if ListCursor::new(&mut w.selected, w.rows.len())
            .page(rows)
            .apply(action)
        {
            return;
        }
        match action {
            Action::Back => self.back_to_menu(),
            Action::Confirm => {
                let form = FormState::work_type(w.rows.get(w.selected));
                self.overlay = Some(Overlay::Form(form));
            }
            Action::New => self.overlay = Some(Overlay::Form(FormState::work_type(None))),
            Action::ToggleActive => {
                let Some(row) = w.rows.get(w.selected) else {
                    return;
                };
                let (id, active) = (row.row.id, row.active);
                let Some(actor) = self.actor.clone() else {
                    return;
                };
                match self.store.set_work_type_active(&actor, id, !active) {
                    Ok(()) => self.reload_work_types(),
                    Err(e) => self.error(e.to_string()),
                }
            }
            _ => self.not_here(action),
        }
    }

    fn reload_work_types(&mut self) {
        let Screen::WorkTypes(w) = &mut self.screen else {
            return;
        };
        let selected = w.selected;
        match WorkTypesState::load(&self.store) {
            Ok(mut fresh) => {
                fresh.selected = selected.min(fresh.rows.len().saturating_sub(1));
                *w = fresh;
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(crate) fn save_work_type(
        &mut self,
        actor: &Actor,
        id: Option<i64>,
        form: &FormState,
    ) -> Result<(), String> {
        let weight: f64 = form
            .get(Field::Weight)
            .trim()
            .replace(',', ".")
            .parse()
            .map_err(|_| {
                tr!(
                    "вес «{}» — не число",
                    "weight «{}» is not a number",
                    form.get(Field::Weight).trim()
                )
            })?;
        let (name, short) = (form.get(Field::Name), form.get(Field::Short));
        match id {
            Some(id) => self.store.edit_work_type(actor, id, &name, &short, weight),
            None => self
                .store
                .add_work_type(actor, &name, &short, weight)
                .map(|_| ()),
        }
        .map_err(|e| e.to_string())?;
        self.info(tr!("сохранено: {}", "saved: {}", name.trim()));
        self.reload_work_types();
        Ok(())
    }
}
