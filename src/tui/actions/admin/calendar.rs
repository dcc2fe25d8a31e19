//! A calendar change from the calendar screen: the quarantine form read, its preview
//! asked as a question (the answer: `admin/calendar.rs`).

use crate::domain::calendar::{Holiday, HolidayKind};
use crate::domain::calendar_edit::CalendarChange;
use crate::domain::policy::Actor;
use crate::tr;
use crate::tui::admin::Question;
use crate::tui::app::App;
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::overlay::{Ask, Overlay};

impl App {
    /// Reads the quarantine form and asks about what it changes; a quarantine that
    /// would drop lessons holding marks or attendance is refused here, naming them
    /// (the command line's `--drop-entered` decides that).
    pub(crate) fn preview_quarantine(
        &mut self,
        actor: &Actor,
        form: &FormState,
    ) -> Result<(), String> {
        let (from, to) = (form.date(Field::From)?, form.date(Field::To)?);
        let whom = form.get(Field::Class).trim().to_string();
        let (grades, class_id) = if whom.is_empty() {
            ((1, 11), None)
        } else if let Ok(g) = whom.parse::<i64>() {
            ((g, g), None)
        } else {
            let (id, name) = self.store.class_by_name(&whom).map_err(|e| e.to_string())?;
            ((name.grade, name.grade), Some(id))
        };
        let name = form
            .optional(Field::Name)
            .unwrap_or_else(|| "Карантин".into());
        let change = CalendarChange::Add(Holiday {
            kind: HolidayKind::Quarantine,
            class_id,
            ..Holiday::new(&name, from, to, grades)
        });
        let preview = self
            .store
            .preview_calendar_change(actor, &change)
            .map_err(|e| e.to_string())?;
        let entered = preview.entered();
        if !entered.is_empty() {
            let first = entered.first().map(|l| l.text()).unwrap_or_default();
            return Err(tr!(
                "уроков с отметками или посещаемостью: {} — их отменяет только zhurnal calendar quarantine --drop-entered; первый: {}",
                "lessons with marks or attendance: {} — only zhurnal calendar quarantine --drop-entered cancels them; the first: {}",
                entered.len(),
                first
            ));
        }
        let whom = if whom.is_empty() {
            tr!("вся школа", "the whole school")
        } else {
            whom
        };
        self.overlay = Some(Overlay::Confirm {
            question: tr!(
                "Карантин ({}) {}–{}: уроков уйдёт {}. Ввести?",
                "Quarantine ({}) {}–{}: {} lessons go. Put it in place?",
                whom,
                from.format("%d.%m.%Y"),
                to.format("%d.%m.%Y"),
                preview.going.len()
            ),
            ask: Ask::Admin(Question::Calendar(Box::new(change))),
        });
        Ok(())
    }
}
