//! What the course forms do: a course's new teacher saved (the store's
//! `set_course_teacher`, audited), or the class whose courses are shown.

use crate::domain::ids::CourseId;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::form::{Field, FormState};

impl App {
    pub(crate) fn save_course_teacher(
        &mut self,
        actor: &Actor,
        course: CourseId,
        form: &FormState,
    ) -> Result<(), String> {
        let login = form.get(Field::Teacher);
        if login.is_empty() {
            return Err(pick("выберите учителя (←→)", "choose the teacher (←→)").into());
        }
        self.store
            .set_course_teacher(actor, course, &login)
            .map_err(|e| e.to_string())?;
        let info = self.store.course(course).map_err(|e| e.to_string())?;
        self.info(tr!(
            "{}: учитель — {}",
            "{}: teacher — {}",
            info.title(),
            info.teacher.initials()
        ));
        if let Screen::Courses(c) = &mut self.screen
            && let Some(e) = c.reload(&self.store)
        {
            self.error(e);
        }
        Ok(())
    }

    pub(crate) fn filter_courses(&mut self, form: &FormState) -> Result<(), String> {
        if let Screen::Courses(c) = &mut self.screen {
            c.class = form.optional(Field::Class);
            c.selected = 0;
        }
        Ok(())
    }
}
