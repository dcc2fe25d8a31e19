//! The class teacher's week of absences opened, where its keys send the user, and its
//! excuse form saved (the keys: `absences.rs`).

use chrono::NaiveDate;

use crate::domain::ids::{ClassId, StudentId};
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::tr;
use crate::tui::absences::{AbsencesState, Open};
use crate::tui::actions::effect::Target;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::form::{Field, FormState};

impl App {
    pub(crate) fn open_absences(&mut self, class_id: ClassId, date: NaiveDate) {
        let Some(actor) = &self.actor else { return };
        let (selected, col) = match &self.screen {
            Screen::Absences(a) => (a.selected, a.col),
            _ => (0, 0),
        };
        match self.store.week_absences(actor, class_id, date) {
            Ok(week) => {
                let selected = selected.min(week.rows.len().saturating_sub(1));
                self.screen = Screen::Absences(Box::new(AbsencesState {
                    class_id,
                    week,
                    selected,
                    col,
                    ascii: self.opts.ascii_borders,
                }))
            }
            Err(e) => self.error(e.to_string()),
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

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Week(class_id, date) => app.open_absences(class_id, date),
        }
    }

    fn back(app: &mut App) {
        app.show_today();
    }
}
