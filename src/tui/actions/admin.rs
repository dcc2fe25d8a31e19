//! What an answered question and a submitted form do: each goes to the screen that
//! asked; the forms of the tools without a screen (import, substitutions) are here.

mod audit;
mod backups;
mod calendar;
mod class;
mod courses;
mod periods;
mod route;
mod users;
mod work_types;

use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::tr;
use crate::tui::admin::Tool;
use crate::tui::app::{App, Screen};
use crate::tui::grid::keys::Question;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::overlay::{Ask, Overlay};

impl App {
    pub(crate) fn answer(&mut self, ask: Ask) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        match ask {
            Ask::Grid(pending) => self.on_grid(|g, ctx| g.answer(Question::Entry(pending), ctx)),
            Ask::DropMessage => {
                self.open_messages(crate::tui::messages::Tab::Threads);
                self.info(pick("сообщение не отправлено", "the message was not sent"));
            }
            Ask::Admin(question) => self.admin_answer(question),
            Ask::Logout => self.back_to_login(),
            Ask::Families(question) => self.families_answer(question),
            Ask::DeletePlanItem(id) => self.delete_plan_item(&actor, id),
            Ask::ReplaceFile {
                target,
                bytes,
                what,
            } => {
                if let Err(e) = self.save_export(&target, &bytes, true, what) {
                    self.error(e);
                }
            }
        }
    }

    /// A form submitted: each purpose to the screen that asked for it; an error keeps the
    /// form open with the reason.
    pub(crate) fn submit_form(&mut self, mut form: FormState) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let result: Result<(), String> = match form.purpose {
            FormPurpose::AuditFilter => self.filter_audit(&actor, &form),
            FormPurpose::NewUser => self.create_user(&actor, &form),
            FormPurpose::Arrival(_)
            | FormPurpose::Departure(_)
            | FormPurpose::Transfer(_)
            | FormPurpose::ClassTeacher(_) => self.movement(&actor, &form),
            FormPurpose::WorkType(id) => self.save_work_type(&actor, id, &form),
            FormPurpose::Quarantine
            | FormPurpose::SchoolBreak
            | FormPurpose::ExcusedDay
            | FormPurpose::WorkedDay
            | FormPurpose::MoveEntry(_) => self.preview_calendar(&actor, &form),
            FormPurpose::Import => self.check_import(&actor, &form),
            FormPurpose::AddLesson(_)
            | FormPurpose::CancelLesson(_)
            | FormPurpose::Final(..)
            | FormPurpose::MarkWorkType(_) => self.grid_form(&form),
            FormPurpose::Substitute => self.substitute(&actor, &form),
            FormPurpose::Excuse(student) => self.excuse(&actor, student, &form),
            FormPurpose::Report => self.open_report(&actor, &form),
            FormPurpose::ReportFile => self.write_report(&form),
            FormPurpose::WeeklyReport | FormPurpose::WeeklyPick => {
                self.weekly_preview(&actor, &form)
            }
            FormPurpose::WeeklyFile(student, week) => {
                self.weekly_file(&actor, student, week, &form)
            }
            FormPurpose::OwnPassword => self.own_password(&actor, &form),
            FormPurpose::StudentAccount(student) => self.student_account(&actor, student, &form),
            FormPurpose::ParentAccount(student) => self.parent_account(&actor, student, &form),
            FormPurpose::EditStudent(student) => self.edit_student(&actor, student, &form),
            FormPurpose::UnlinkParent(student) => self.unlink_chosen(&actor, student, &form),
            FormPurpose::LoginsSheet(class) => self.logins_sheet(&actor, class, &form),
            FormPurpose::Review => self.review(&actor, &form),
            FormPurpose::Announcement => self.post_announcement(&actor, &form),
            FormPurpose::PeriodLock { period, grades } => {
                self.save_period_lock(&actor, period, grades, &form)
            }
            FormPurpose::CourseTeacher(course) => self.save_course_teacher(&actor, course, &form),
            FormPurpose::CourseFilter => self.filter_courses(&form),
            FormPurpose::JournalPrint(course) => self.print_journal(&actor, course, &form),
            FormPurpose::Exemption(student) => self.save_exemption(&actor, student, &form),
            FormPurpose::NewAssessment => self.save_new_assessment(&actor, &form),
            FormPurpose::AssessmentResult(id, student) => {
                self.save_assessment_result(&actor, id, student, &form)
            }
            FormPurpose::OverallFinal(course, student) => {
                self.save_overall_final(&actor, course, student, &form)
            }
            FormPurpose::PlanItem(..) | FormPurpose::PlanExport(_) | FormPurpose::PlanImport(_) => {
                self.plan_form(&actor, &form)
            }
        };
        if let Err(e) = result {
            form.error = Some(e);
            self.overlay = Some(Overlay::Form(form));
        }
    }

    /// Checks the file named in the form (a path here, a name in the user's folder in a
    /// served session) and shows the preview.
    fn check_import(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let (name, bytes) = self.files.read(&form.get(Field::File))?;
        let kind = crate::tui::import::kind_of(&form.get(Field::Kind), &name)?;
        let from = form.optional_date(Field::From)?;
        let opts = crate::import::options::ImportOptions {
            dry_run: true,
            order: String::new(),
            from,
            class: form.optional(Field::Class),
            subject: form.optional(Field::Subject),
            group: None,
            new_classes: form.yes_no(Field::NewClasses)?,
            grade: None,
        };
        let state = crate::tui::import::ImportState::check(
            &mut self.store,
            actor,
            kind,
            &name,
            bytes,
            opts,
        );
        self.screen = Screen::Import(Box::new(state));
        Ok(())
    }

    fn substitute(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let e = |e: crate::store::StoreError| e.to_string();
        let group = form.optional(Field::Group);
        let course = self
            .store
            .find_course(
                &form.get(Field::Class),
                &form.get(Field::Subject),
                group.as_deref(),
            )
            .map_err(e)?;
        let date = form.date(Field::Date)?;
        let number = match form.optional(Field::LessonNo) {
            Some(n) => Some(
                n.parse::<i64>()
                    .map_err(|_| tr!("«{}» — не номер урока", "«{}» is not a period number", n))?,
            ),
            None => None,
        };
        let lesson = self.store.find_lesson(course.id, date, number).map_err(e)?;
        let teacher = form.optional(Field::Teacher);
        self.store
            .assign_substitute(actor, lesson.id, teacher.as_deref())
            .map_err(e)?;
        self.overlay = Some(Overlay::Message {
            title: Tool::Substitutions.title().into(),
            text: match teacher {
                Some(t) => tr!(
                    "{}, {}, урок № {}: ведёт {}",
                    "{}, {}, period {}: taught by {}",
                    course.title(),
                    date.format("%d.%m.%Y"),
                    lesson.lesson_no,
                    t
                ),
                None => tr!(
                    "{}, {}, урок № {}: замена снята",
                    "{}, {}, period {}: substitute removed",
                    course.title(),
                    date.format("%d.%m.%Y"),
                    lesson.lesson_no
                ),
            },
        });
        Ok(())
    }
}
