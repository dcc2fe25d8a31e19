//! The thematic plan opened, where its keys send the user, its questions answered and
//! its forms saved (the keys: `plan.rs`).

use crate::domain::ids::CourseId;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::tr;
use crate::tui::actions::effect::{Question as AppQuestion, Target};
use crate::tui::app::{App, Screen};
use crate::tui::files::{Exported, PickFor};
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::plan::{Open, PlanState, Question};

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Export(course, name) => {
                let in_folder = app.files.folder().is_some();
                app.overlay = Some(Overlay::Form(FormState::plan_file(
                    course, true, &name, in_folder,
                )));
            }
            // A served session never reads a typed path: it picks from the user's folder.
            Open::Import(course) if app.files.folder().is_some() => {
                app.pick_file(PickFor::PlanImport(course))
            }
            Open::Import(course) => {
                app.overlay = Some(Overlay::Form(FormState::plan_file(
                    course, false, "", false,
                )))
            }
        }
    }

    fn back(app: &mut App) {
        app.show_today();
    }
}

impl AppQuestion for Question {
    fn ask(self) -> Ask {
        match self {
            Question::Delete(id) => Ask::DeletePlanItem(id),
        }
    }
}

impl App {
    /// Opens the plan of the course selected on Today.
    pub(crate) fn open_plan(&mut self, course_id: CourseId) {
        let Some(actor) = &self.actor else { return };
        match PlanState::load(&self.store, actor, course_id) {
            Ok(p) => self.screen = Screen::Plan(Box::new(p)),
            Err(e) => self.error(e.to_string()),
        }
    }

    fn reload_plan(&mut self) {
        let (Screen::Plan(p), Some(actor)) = (&mut self.screen, &self.actor) else {
            return;
        };
        if let Err(e) = p.reload(&self.store, actor) {
            self.error(e.to_string());
        }
    }

    pub(crate) fn delete_plan_item(&mut self, actor: &Actor, id: i64) {
        match self.store.delete_plan_item(actor, id, true) {
            Ok(()) => {
                self.info(pick("тема удалена", "item deleted"));
                self.reload_plan();
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Saves a plan form: an item, an export or an import.
    pub(crate) fn plan_form(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let e = |e: crate::store::StoreError| e.to_string();
        match form.purpose {
            FormPurpose::PlanItem(course, item) => {
                let hours: i64 = form.get(Field::Hours).trim().parse().map_err(|_| {
                    tr!(
                        "часы «{}»: целое число",
                        "hours «{}»: a whole number",
                        form.get(Field::Hours).trim()
                    )
                })?;
                let date = form.optional_date(Field::Date)?;
                match item {
                    Some(id) => self
                        .store
                        .edit_plan_item(actor, id, &form.get(Field::Topic), hours, date)
                        .map_err(e)?,
                    None => {
                        let position = match &self.screen {
                            Screen::Plan(p) if !p.report.items.is_empty() => Some(p.selected + 2),
                            _ => None,
                        };
                        self.store
                            .add_plan_item(
                                actor,
                                course,
                                position,
                                &form.get(Field::Topic),
                                hours,
                                date,
                            )
                            .map_err(e)?;
                    }
                }
                self.info(pick("сохранено: тема КТП", "saved: plan item"));
                self.reload_plan();
            }
            FormPurpose::PlanExport(course) => {
                let table = self.store.plan_export_table(actor, course).map_err(e)?;
                let bytes = crate::export::csv_bytes(&table, crate::export::CsvStyle::Office)
                    .map_err(|e| e.to_string())?;
                self.export(&form.get(Field::File), bytes, Exported::Plan(course))?;
            }
            FormPurpose::PlanImport(course) => self.plan_import(course, &form.get(Field::File))?,
            _ => {}
        }
        Ok(())
    }

    /// Reads a plan file (a path here, a name in the user's folder in a served session)
    /// and shows what importing it would change in the course's plan.
    pub(crate) fn plan_import(&mut self, course: CourseId, typed: &str) -> Result<(), String> {
        let Some(actor) = self.actor.clone() else {
            return Ok(());
        };
        let Screen::Plan(p) = &self.screen else {
            return Ok(());
        };
        let c = &p.report.course;
        let opts = crate::import::options::ImportOptions {
            dry_run: true,
            class: Some(c.class.to_string()),
            subject: Some(c.subject.clone()),
            group: c.subgroup.as_ref().map(|g| g.1.clone()),
            ..Default::default()
        };
        let (name, bytes) = self.files.read(typed)?;
        let mut state = crate::tui::import::ImportState::check(
            &mut self.store,
            &actor,
            crate::import::Kind::Plan,
            &name,
            bytes,
            opts,
        );
        state.plan_course = Some(course);
        self.screen = Screen::Import(Box::new(state));
        Ok(())
    }
}
