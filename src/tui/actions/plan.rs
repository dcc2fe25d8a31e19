//! What keys and forms do on the thematic plan screen.

use crate::domain::ids::CourseId;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::files::{Exported, PickFor};
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::plan::PlanState;
use crate::tui::widgets::list::ListCursor;

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

    pub(crate) fn plan_action(&mut self, action: Action) {
        let Screen::Plan(p) = &mut self.screen else {
            return;
        };
        if ListCursor::new(&mut p.selected, p.report.items.len()).apply(action) {
            return;
        }
        let last = p.report.items.len().saturating_sub(1);
        let course = p.course_id;
        let item = p.item_id();
        match action {
            Action::Back => self.show_today(),
            Action::New => self.overlay = Some(Overlay::Form(FormState::plan_item(course, None))),
            Action::Confirm => {
                let current = p.report.items.get(p.selected).map(|c| c.item.clone());
                if current.is_some() {
                    self.overlay = Some(Overlay::Form(FormState::plan_item(
                        course,
                        current.as_ref(),
                    )));
                }
            }
            Action::MoveUp | Action::MoveDown => {
                let (Some(id), Some(actor)) = (item, self.actor.clone()) else {
                    return;
                };
                match self
                    .store
                    .move_plan_item(&actor, id, action == Action::MoveUp)
                {
                    Ok(true) => {
                        if let Screen::Plan(p) = &mut self.screen {
                            p.selected = if action == Action::MoveUp {
                                p.selected.saturating_sub(1)
                            } else {
                                (p.selected + 1).min(last)
                            };
                        }
                        self.reload_plan();
                    }
                    Ok(false) => self.info(pick("дальше двигать некуда", "it cannot move further")),
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::Delete => {
                let Some(id) = item else { return };
                let topic = p
                    .report
                    .items
                    .get(p.selected)
                    .map(|c| c.item.topic.clone())
                    .unwrap_or_default();
                let linked = self.store.plan_item_lessons(id).unwrap_or(0);
                let question = if linked > 0 {
                    tr!(
                        "К теме «{}» привязано уроков: {}. Удалить её? Уроки сохранят свои темы, но потеряют привязку к КТП.",
                        "{1} lessons are linked to «{0}». Delete it? The lessons keep their topics but lose the link to the plan.",
                        topic,
                        linked
                    )
                } else {
                    tr!("Удалить тему «{}»?", "Delete «{}»?", topic)
                };
                self.overlay = Some(Overlay::Confirm {
                    question,
                    ask: Ask::DeletePlanItem(id),
                });
            }
            Action::Export => {
                let name = format!("{}.csv", p.report.course.title().replace(' ', "-"));
                let in_folder = self.files.folder().is_some();
                self.overlay = Some(Overlay::Form(FormState::plan_file(
                    course, true, &name, in_folder,
                )));
            }
            // A served session never reads a typed path: it picks from the user's folder.
            Action::Import if self.files.folder().is_some() => {
                self.pick_file(PickFor::PlanImport(course))
            }
            Action::Import => {
                self.overlay = Some(Overlay::Form(FormState::plan_file(
                    course, false, "", false,
                )))
            }
            _ => self.not_here(action),
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
                self.export(&form.get(Field::File), bytes, Exported::Plan)?;
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
