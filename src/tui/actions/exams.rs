//! Assessments and exams (the keys: `screens/exams.rs`): the screen opened from the day
//! or the administration's menu and the way back, and what its forms save — a new
//! event, a student's result, the final for the year after an exam — through the
//! store's checked and audited functions, as the command line's `exam` does.

use crate::domain::assessment::{AssessmentKind, AssessmentResult};
use crate::domain::ids::{CourseId, StudentId};
use crate::domain::marks::FinalValue;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::store::assessments::AssessmentFor;
use crate::tr;
use crate::tui::actions::effect::Target;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::screens::exams::{self, ExamsState};

impl Target for exams::Open {
    fn open(self, _app: &mut App) {
        match self {}
    }

    /// Back to the menu when opened there, else to the day.
    fn back(app: &mut App) {
        match &app.screen {
            Screen::Exams(s) if s.from_menu => app.back_to_menu(),
            _ => app.show_today(),
        }
    }
}

impl App {
    /// The assessments this user may see; `from_menu` when the administration's menu
    /// opened it.
    pub(crate) fn open_exams(&mut self, from_menu: bool) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        match ExamsState::load(&self.store, &actor, from_menu) {
            Ok(s) => self.screen = Screen::Exams(Box::new(s)),
            Err(e) => self.error(e.to_string()),
        }
    }

    /// The screen read again after a new event; `select` puts the cursor on it.
    fn reload_exams(&mut self, actor: &Actor, select: Option<i64>) {
        if let Screen::Exams(s) = &mut self.screen
            && let Err(e) = s.reload(&self.store, actor, select)
        {
            self.error(e.to_string());
        }
    }

    /// The opened event read again after one of its results or finals was saved.
    fn refresh_exam(&mut self, actor: &Actor) {
        if let Screen::Exams(s) = &mut self.screen
            && let Err(e) = s.refresh_open(&self.store, actor)
        {
            self.error(e.to_string());
        }
    }

    pub(crate) fn save_new_assessment(
        &mut self,
        actor: &Actor,
        form: &FormState,
    ) -> Result<(), String> {
        let kind = AssessmentKind::parse(&form.get(Field::Kind))
            .ok_or_else(|| pick("выберите вид (←→)", "choose the kind (←→)").to_string())?;
        let whose = form.get(Field::Class);
        let of = if let Some(g) = whose.strip_prefix('g') {
            AssessmentFor::Grade(g.parse().map_err(|_| whose.clone())?)
        } else if let Some(c) = whose.strip_prefix('c') {
            AssessmentFor::Course(CourseId(c.parse().map_err(|_| whose.clone())?))
        } else {
            return Err(pick(
                "выберите курс или параллель (←→ или первые буквы)",
                "choose the course or the grade (←→ or the first letters)",
            )
            .into());
        };
        let date = form.date(Field::Date)?;
        let id = self
            .store
            .add_assessment(actor, kind, of, date, &form.get(Field::Name))
            .map_err(|e| e.to_string())?;
        let a = self.store.assessment(id).map_err(|e| e.to_string())?;
        self.info(tr!(
            "назначено: {} {} «{}» на {}",
            "made: {} {} «{}» on {}",
            a.title,
            a.kind.name(),
            a.name,
            a.date.format("%d.%m.%Y")
        ));
        self.reload_exams(actor, Some(id));
        Ok(())
    }

    /// A student's result saved; the cursor goes on to the next student, so a class's
    /// results are typed one after another.
    pub(crate) fn save_assessment_result(
        &mut self,
        actor: &Actor,
        id: i64,
        student: StudentId,
        form: &FormState,
    ) -> Result<(), String> {
        let a = self.store.assessment(id).map_err(|e| e.to_string())?;
        let result = match form.get(Field::Mark).trim() {
            "" | "-" => None,
            v => Some(AssessmentResult::parse(a.kind, v).map_err(|e| e.to_string())?),
        };
        self.store
            .set_assessment_result(actor, id, student, result)
            .map_err(|e| e.to_string())?;
        self.info(tr!(
            "сохранено: {} — {}",
            "saved: {} — {}",
            a.name,
            result.map_or("—".to_string(), |r| r.text())
        ));
        self.refresh_exam(actor);
        self.next_student(student);
        Ok(())
    }

    pub(crate) fn save_overall_final(
        &mut self,
        actor: &Actor,
        course: CourseId,
        student: StudentId,
        form: &FormState,
    ) -> Result<(), String> {
        let value = match form.get(Field::Mark).trim() {
            "" | "-" => None,
            v => Some(FinalValue::parse(v).map_err(|e| e.to_string())?),
        };
        self.store
            .set_overall_final(actor, course, student, value)
            .map_err(|e| e.to_string())?;
        self.info(tr!(
            "сохранено: итоговая {}",
            "saved: overall final {}",
            value.map_or("—", |v| v.as_str())
        ));
        self.refresh_exam(actor);
        self.next_student(student);
        Ok(())
    }

    /// The cursor on the student after this one in the opened event.
    fn next_student(&mut self, student: StudentId) {
        if let Screen::Exams(s) = &mut self.screen
            && let Some(view) = &mut s.open
            && let Some(i) = view.rows.iter().position(|r| r.student == student)
        {
            view.selected = (i + 1).min(view.rows.len().saturating_sub(1));
        }
    }
}
