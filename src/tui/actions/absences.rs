//! What keys do on the class teacher's week of absences.

use chrono::{Days, NaiveDate};

use crate::domain::ids::{ClassId, StudentId};
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::tr;
use crate::tui::absences::AbsencesState;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::widgets::list::ListCursor;

impl App {
    pub(crate) fn open_absences(&mut self, class_id: ClassId, date: NaiveDate) {
        let Some(actor) = &self.actor else { return };
        let selected = match &self.screen {
            Screen::Absences(a) => a.selected,
            _ => 0,
        };
        match self.store.week_absences(actor, class_id, date) {
            Ok(week) => {
                let selected = selected.min(week.rows.len().saturating_sub(1));
                self.screen = Screen::Absences(Box::new(AbsencesState {
                    class_id,
                    week,
                    selected,
                }))
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(crate) fn absences_action(&mut self, action: Action) {
        let Screen::Absences(a) = &mut self.screen else {
            return;
        };
        if ListCursor::new(&mut a.selected, a.week.rows.len()).apply(action) {
            return;
        }
        let (class_id, monday) = (a.class_id, a.week.monday);
        match action {
            Action::PrevWeek => self.open_absences(class_id, monday - Days::new(7)),
            Action::NextWeek => self.open_absences(class_id, monday + Days::new(7)),
            Action::Confirm => {
                let Some(row) = a.week.rows.get(a.selected) else {
                    return;
                };
                let from = monday.format("%d.%m.%Y").to_string();
                let to = a
                    .week
                    .days
                    .last()
                    .copied()
                    .unwrap_or(monday)
                    .format("%d.%m.%Y")
                    .to_string();
                let form = FormState::excuse(row.student.id, &row.student.name.short(), &from, &to);
                self.overlay = Some(Overlay::Form(form));
            }
            Action::Back => self.show_today(),
            _ => self.not_here(action),
        }
    }

    pub(crate) fn excuse(
        &mut self,
        actor: &Actor,
        student: StudentId,
        form: &FormState,
    ) -> Result<(), String> {
        let n = self
            .store
            .excuse_absences(
                actor,
                student,
                form.date(Field::From)?,
                form.date(Field::To)?,
                &form.get(Field::Grounds),
            )
            .map_err(|e| e.to_string())?;
        if let Screen::Absences(a) = &self.screen {
            let (class_id, monday) = (a.class_id, a.week.monday);
            self.open_absences(class_id, monday);
        }
        self.info(if n == 0 {
            pick(
                "пропусков «Н» в эти дни нет",
                "no «Н» absences on those days",
            )
            .to_string()
        } else {
            tr!("отмечено уважительными: {}", "marked excused: {}", n)
        });
        Ok(())
    }
}
