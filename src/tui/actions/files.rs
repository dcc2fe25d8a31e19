//! Exports written and imports chosen: paths in the local terminal, names in the user's
//! folder in a served session; a file is never written over without a question.

use crate::domain::audit::{Action as Did, Entity};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::AuditEntry;
use crate::tui::app::App;
use crate::tui::files::{Exported, FilePlace, FilesState, PickFor, empty_folder};
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::widgets::list::ListCursor;

impl App {
    /// Writes an export to the file the user typed; one that exists is replaced only
    /// after a question.
    pub(crate) fn export(
        &mut self,
        typed: &str,
        bytes: Vec<u8>,
        what: Exported,
    ) -> Result<(), String> {
        let target = self.files.target(typed)?;
        if self.files.exists(&target)? {
            self.overlay = Some(Overlay::Confirm {
                question: self.files.replace_question(&target),
                ask: Ask::ReplaceFile {
                    target,
                    bytes,
                    what,
                },
            });
            return Ok(());
        }
        self.save_export(&target, &bytes, false, what)
    }

    /// Writes a checked export target and says where it went.
    pub(crate) fn save_export(
        &mut self,
        target: &str,
        bytes: &[u8],
        replace: bool,
        what: Exported,
    ) -> Result<(), String> {
        // Recorded before it is given out: a journal that cannot record it gives
        // nothing out (as on the command line).
        if let Some(actor) = &self.actor {
            let (action, entity, course, name) = match what {
                Exported::Report(name) => {
                    (Did::Report, Entity::Journal, None, name.label().to_string())
                }
                Exported::Plan(course) => (
                    Did::Export,
                    Entity::Course,
                    Some(course),
                    pick("тематический план", "thematic plan").to_string(),
                ),
                Exported::Logins(_) => (
                    Did::Export,
                    Entity::Class,
                    None,
                    pick("лист с паролями", "logins sheet").to_string(),
                ),
                Exported::Weekly(_) => (
                    Did::Export,
                    Entity::Student,
                    None,
                    pick("отчёт за неделю", "weekly report").to_string(),
                ),
                Exported::Journal(course, num) => {
                    let period = self
                        .store
                        .course_periods(course)
                        .ok()
                        .and_then(|ps| ps.into_iter().find(|p| p.num == num))
                        .map_or_else(|| num.to_string(), |p| p.name);
                    (
                        Did::Export,
                        Entity::Course,
                        Some(course),
                        crate::tr!("страница журнала, {}", "journal page, {}", period),
                    )
                }
            };
            let (entity_id, student_id) = match what {
                Exported::Logins(class) => (Some(class.0), None),
                Exported::Weekly(student) => (Some(student.0), Some(student)),
                _ => (None, None),
            };
            let entry = AuditEntry {
                entity_id,
                student_id,
                course_id: course,
                new: Some(format!("{name} → {target}")),
                ..AuditEntry::new(action, entity)
            };
            self.store
                .log_event(actor, entry)
                .map_err(|e| e.to_string())?;
        }
        let shown = self.files.write(target, bytes, replace)?;
        self.info(self.files.exported(what, &shown));
        Ok(())
    }

    /// Shows the folder's files to choose one for `pick_for`.
    pub(crate) fn pick_file(&mut self, pick_for: PickFor) {
        let folder = match &self.files {
            FilePlace::Folder(f) => f,
            FilePlace::Closed(why) => return self.error(why.clone()),
            FilePlace::Local => return,
        };
        match FilesState::load(folder, pick_for) {
            Ok(s) => {
                if s.files.is_empty() {
                    self.info(empty_folder());
                }
                self.overlay = Some(Overlay::Files(s));
            }
            Err(e) => self.error(e),
        }
    }

    /// Keys on the folder's list.
    pub(crate) fn files_action(&mut self, mut s: FilesState, action: Action) {
        let len = s.files.len();
        if ListCursor::new(&mut s.selected, len).page(10).apply(action) {
            self.overlay = Some(Overlay::Files(s));
            return;
        }
        match action {
            Action::Back => {
                return self.info(pick(
                    "отменено — ничего не изменено",
                    "cancelled: nothing changed",
                ));
            }
            Action::Confirm => match s.chosen().map(|e| e.name.clone()) {
                Some(name) => return self.open_chosen(s, &name),
                None => self.info(empty_folder()),
            },
            _ => self.not_here(action),
        }
        self.overlay = Some(Overlay::Files(s));
    }

    /// Goes on with the file chosen from the list; the list stays open if it cannot be read.
    fn open_chosen(&mut self, s: FilesState, name: &str) {
        match s.pick_for {
            PickFor::PlanImport(course) => {
                if let Err(e) = self.plan_import(course, name) {
                    self.overlay = Some(Overlay::Files(s));
                    self.error(e);
                }
            }
            PickFor::Import => {
                let mut form = FormState::import(name, true);
                // The file is chosen: the kind comes next.
                form.focus_on(Field::Kind);
                self.overlay = Some(Overlay::Form(form));
            }
        }
    }
}
