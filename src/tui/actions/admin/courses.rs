//! What the course forms do: a course's new teacher saved (the store's
//! `set_course_teacher`, audited), or the class whose courses are shown.

use crate::domain::ids::CourseId;
use crate::domain::policy::Actor;
use crate::export::{PageFormat, journal_bytes};
use crate::i18n::pick;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::files::Exported;
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

    /// The course's journal page for the chosen period, in the format the file's
    /// extension asks for, written as every export is (recorded, a name in the user's
    /// folder over SSH, asked before replacing).
    pub(crate) fn print_journal(
        &mut self,
        actor: &Actor,
        course: CourseId,
        form: &FormState,
    ) -> Result<(), String> {
        let num: i64 = form
            .get(Field::Period)
            .parse()
            .map_err(|_| pick("выберите период (←→)", "choose the period (←→)").to_string())?;
        let periods = self
            .store
            .course_periods(course)
            .map_err(|e| e.to_string())?;
        let period = periods
            .iter()
            .find(|p| p.num == num)
            .ok_or_else(|| pick("выберите период (←→)", "choose the period (←→)").to_string())?;
        let name = form.get(Field::File);
        // The name first: a refused one says why before its extension is looked at.
        self.files.target(&name)?;
        let format = PageFormat::of_file(&name).ok_or_else(|| {
            pick(
                "укажите файл .html (для печати), .xlsx или .csv",
                "name a .html (to print), .xlsx or .csv file",
            )
            .to_string()
        })?;
        let page = self
            .store
            .journal_page(actor, course, period)
            .map_err(|e| e.to_string())?;
        let school = self.store.settings().map_err(|e| e.to_string())?.name;
        let bytes = journal_bytes(&page, format, &school)?;
        self.export(&name, bytes, Exported::Journal(course, num))
    }

    pub(crate) fn filter_courses(&mut self, form: &FormState) -> Result<(), String> {
        if let Screen::Courses(c) = &mut self.screen {
            c.class = form.optional(Field::Class);
            c.selected = 0;
        }
        Ok(())
    }
}
