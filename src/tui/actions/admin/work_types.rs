//! What the work type form saves on the work types screen.

use crate::domain::policy::Actor;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::form::{Field, FormState};

impl App {
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
        let (screen, ctx) = self.screen_ctx();
        if let Screen::WorkTypes(w) = screen
            && let Some(e) = w.reload(&ctx)
        {
            self.error(e);
        }
        Ok(())
    }
}
