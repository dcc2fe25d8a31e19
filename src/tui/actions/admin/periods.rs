//! What the period form saves: the period closed or opened, with the reason, for the
//! courses of its grades the form names.

use crate::domain::ids::PeriodId;
use crate::domain::policy::Actor;
use crate::tr;
use crate::tui::admin::periods::lock_target;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::form::{Field, FormState};

impl App {
    pub(crate) fn save_period_lock(
        &mut self,
        actor: &Actor,
        period: Option<PeriodId>,
        (lo, hi): (i64, i64),
        form: &FormState,
    ) -> Result<(), String> {
        let open = form.get(Field::Kind) == "open";
        let (class, subject) = (form.get(Field::Class), form.get(Field::Subject));
        let courses: Vec<_> = self
            .store
            .courses()
            .map_err(|e| e.to_string())?
            .into_iter()
            .filter(|c| (lo..=hi).contains(&c.class.grade))
            .filter(|c| class.is_empty() || c.class.to_string() == class)
            .filter(|c| subject.is_empty() || c.subject == subject)
            .map(|c| c.id)
            .collect();
        if courses.is_empty() {
            return Err(tr!("таких курсов нет", "there are no such courses"));
        }
        let until = form.optional_date(Field::To)?;
        let changed = self
            .store
            .set_open(
                actor,
                &courses,
                lock_target(period),
                open,
                &form.get(Field::Reason),
                until,
            )
            .map_err(|e| e.to_string())?;
        let title = form.title.clone();
        if changed == 0 {
            return Err(if open {
                tr!(
                    "«{}» и так открыт для этих курсов",
                    "«{}» is already open for these courses",
                    title
                )
            } else {
                tr!(
                    "«{}» и так закрыт для этих курсов",
                    "«{}» is already closed for these courses",
                    title
                )
            });
        }
        self.info(if open {
            tr!(
                "{}: открыт для курсов: {}",
                "{}: opened for {} courses",
                title,
                changed
            )
        } else {
            tr!(
                "{}: закрыт для курсов: {}",
                "{}: closed for {} courses",
                title,
                changed
            )
        });
        if let Screen::Periods(p) = &mut self.screen
            && let Some(e) = p.reload(&self.store)
        {
            self.error(e);
        }
        Ok(())
    }
}
