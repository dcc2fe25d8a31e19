//! Where a teacher's day sends the user (the keys: `screens/today.rs`), a course's grid
//! opened, and the way back to the day.

use crate::domain::ids::{CourseId, LessonId, StaffId};
use crate::i18n::pick;
use crate::tui::actions::effect::Target;
use crate::tui::admin::Tool;
use crate::tui::app::{App, Screen};
use crate::tui::grid::GridState;
use crate::tui::screens::today::Open;

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Course(course, date, focus) => app.open_course(course, date, focus),
            Open::Plan(course) => app.open_plan(course),
            Open::Absences(class_id) => app.open_absences(class_id, app.store.today()),
            Open::Overview(class_id) => app.open_overview(class_id),
            Open::Families(class_id) => app.open_families(class_id),
            Open::Gaps => {
                let Some(actor) = &app.actor else { return };
                let staff = actor.staff_id.unwrap_or(StaffId(0));
                match app.store.gaps(actor, staff, app.store.today()) {
                    Ok(rows) => {
                        app.screen =
                            Screen::Gaps(crate::tui::screens::gaps::GapsState { rows, selected: 0 })
                    }
                    Err(e) => app.error(e.to_string()),
                }
            }
            Open::Menu => {
                let tools = app.actor.as_ref().map(Tool::for_actor).unwrap_or_default();
                if tools.is_empty() {
                    return app.info(pick(
                        "меню администрации — для завуча, директора и администратора",
                        "the administration menu is for deputies, the director and the administrator",
                    ));
                }
                // Where the user left it.
                app.back_to_menu();
            }
            Open::Inbox => app.open_inbox(),
            Open::Exams => app.open_exams(false),
        }
    }

    fn back(app: &mut App) {
        app.ask_logout();
    }
}

impl App {
    /// The class teacher's overview of the class for the current period (or the last
    /// one begun).
    fn open_overview(&mut self, class_id: crate::domain::ids::ClassId) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let today = self.store.today();
        // The class's grade's periods alone, not the whole calendar.
        let period = self
            .store
            .current_year()
            .and_then(|y| {
                let grade = self.store.class_grade(class_id)?;
                self.store.grade_periods(y.id, grade)
            })
            .ok()
            .and_then(|ps| crate::domain::calendar::current_period(&ps, today));
        let Some(period) = period else {
            return self.info(pick("сейчас нет учебного периода", "no study period now"));
        };
        match crate::report::overview(&self.store, &actor, class_id, &period, today) {
            Ok(report) => {
                self.screen = Screen::Report(Box::new(crate::tui::report::ReportState::new(
                    crate::report::ReportName::Overview,
                    report,
                    self.opts.ascii_borders,
                )))
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Opens a course's grid on the period holding `date`, the cursor on `focus` (a
    /// lesson) or today's lesson.
    pub fn open_course(
        &mut self,
        course: CourseId,
        date: chrono::NaiveDate,
        focus: Option<LessonId>,
    ) {
        let today = self.store.today();
        let Some(actor) = &self.actor else { return };
        match GridState::load(&self.store, actor, course, date, focus, today) {
            Ok(g) => {
                self.info(g.hint());
                self.screen = Screen::Grid(Box::new(g));
            }
            Err(e) => self.error(e.to_string()),
        }
        self.follow();
    }

    /// Back to the teacher's Today.
    pub(crate) fn show_today(&mut self) {
        let Some(actor) = &self.actor else { return };
        let teacher = self
            .store
            .actor_display_name(actor)
            .unwrap_or_else(|_| actor.login.clone());
        match crate::tui::screens::TodayState::load(&self.store, actor, teacher, self.store.today())
        {
            Ok(t) => self.screen = Screen::Today(t),
            Err(e) => self.error(e.to_string()),
        }
    }
}
