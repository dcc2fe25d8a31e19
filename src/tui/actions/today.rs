//! What keys do on the Today screen.

use crate::domain::ids::{CourseId, LessonId, StaffId};
use crate::i18n::pick;
use crate::keys::Action;
use crate::tr;
use crate::tui::admin::{MenuState, Tool};
use crate::tui::app::{App, Screen};
use crate::tui::grid::GridState;

impl App {
    pub(crate) fn today_action(&mut self, action: Action) {
        let Screen::Today(t) = &mut self.screen else {
            return;
        };
        let last = t.len().saturating_sub(1);
        match action {
            Action::Up => t.selected = t.selected.saturating_sub(1),
            Action::Down => t.selected = (t.selected + 1).min(last),
            Action::PageUp => t.selected = t.selected.saturating_sub(10),
            Action::PageDown => t.selected = (t.selected + 10).min(last),
            Action::Home => t.selected = 0,
            Action::End => t.selected = last,
            Action::Back => self.back_to_login(),
            Action::Messages => self.open_inbox(),
            Action::Plan => {
                let course = match (
                    t.lessons.get(t.selected),
                    t.courses.get(t.selected.saturating_sub(t.lessons.len())),
                ) {
                    (Some(l), _) => Some(l.course_id),
                    (None, Some(c)) => Some(c.id),
                    _ => None,
                };
                match course {
                    Some(c) => self.open_plan(c),
                    None => self.info(pick(
                        "выберите урок или курс",
                        "choose a lesson or a course",
                    )),
                }
            }
            Action::Absences => {
                let Some(actor) = &self.actor else { return };
                let Some(class_id) = actor.homeroom.first().copied() else {
                    return self.info(pick(
                        "пропуски класса — для классного руководителя",
                        "class absences are for a class teacher",
                    ));
                };
                self.open_absences(class_id, self.store.today());
            }
            Action::ClassOverview => {
                let Some(actor) = self.actor.clone() else {
                    return;
                };
                let Some(class_id) = actor.homeroom.first().copied() else {
                    return self.info(pick(
                        "успеваемость класса — для классного руководителя",
                        "the class overview is for a class teacher",
                    ));
                };
                let today = self.store.today();
                let period = self
                    .store
                    .current_year()
                    .and_then(|y| self.store.calendar(y.id))
                    .ok()
                    .and_then(|c| {
                        c.period_of(today)
                            .cloned()
                            .or_else(|| c.periods.iter().rev().find(|p| p.start <= today).cloned())
                    });
                let Some(period) = period else {
                    return self.info(pick("сейчас нет учебного периода", "no study period now"));
                };
                match crate::report::overview(&self.store, &actor, class_id, &period, today) {
                    Ok(report) => {
                        self.screen = Screen::Report(Box::new(crate::tui::report::ReportState {
                            name: crate::report::ReportName::Overview,
                            report,
                            scroll: 0,
                        }))
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::Gaps => {
                let Some(actor) = &self.actor else { return };
                let staff = actor.staff_id.unwrap_or(StaffId(0));
                match self.store.gaps(actor, staff, self.store.today()) {
                    Ok(rows) => {
                        self.screen =
                            Screen::Gaps(crate::tui::screens::gaps::GapsState { rows, selected: 0 })
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::Menu => {
                let tools = self.actor.as_ref().map(Tool::for_actor).unwrap_or_default();
                if tools.is_empty() {
                    return self.info(pick(
                        "меню администрации — для завуча, директора и администратора",
                        "the administration menu is for deputies, the director and the administrator",
                    ));
                }
                self.screen = Screen::Menu(MenuState {
                    tools,
                    selected: 0,
                    from_today: true,
                });
            }
            Action::Confirm => {
                if t.is_empty() {
                    return self.info(pick("у вас нет курсов", "you have no courses"));
                }
                let today = self.store.today();
                let (course, date, focus) = match t.lessons.get(t.selected) {
                    Some(l) => (l.course_id, t.date, Some(l.lesson_id)),
                    None => (t.courses[t.selected - t.lessons.len()].id, today, None),
                };
                self.open_course(course, date, focus);
            }
            _ => self.not_here(action),
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
                self.screen = Screen::Grid(Box::new(g));
                self.grid_hint();
            }
            Err(e) => self.error(e.to_string()),
        }
        self.follow();
    }

    pub(crate) fn grid_hint(&mut self) {
        let Screen::Grid(g) = &self.screen else {
            return;
        };
        let codes = g
            .codes
            .0
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let text = if g.grade() == 1 {
            tr!(
                "1 класс: только посещаемость ({})",
                "grade 1: attendance only ({})",
                codes
            )
        } else {
            tr!(
                "1–5 отметка · {} посещаемость · Enter — вниз · F2 — подробно",
                "1–5 mark · {} attendance · Enter — down · F2 — details",
                codes
            )
        };
        self.info(text);
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
