//! Other users' changes: when another connection has committed since the screen was
//! drawn (`PRAGMA data_version`), the screen's data is read again, the cursor kept.

use crate::tui::app::{App, Screen};

impl App {
    /// Called when no key came for a while. Returns true when the screen changed and
    /// must be drawn again.
    pub fn tick(&mut self) -> bool {
        let Ok(version) = self.store.data_version() else {
            return false;
        };
        let changed = self.seen_version.is_some_and(|v| v != version);
        self.seen_version = Some(version);
        if !changed || self.actor.is_none() {
            return false;
        }
        self.refresh_screen();
        true
    }

    /// Reads the open screen's data again; what the user is typing stays as it is.
    pub(crate) fn refresh_screen(&mut self) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let outcome = match &mut self.screen {
            Screen::Grid(g) => {
                let (row, col) = (g.row, g.col);
                let r = g.reload(&self.store, &actor);
                g.row = row.min(g.page.students.len().saturating_sub(1));
                g.col = col.min(g.page.lessons.len().saturating_sub(1));
                r.map_err(|e| e.to_string())
            }
            Screen::Today(t) => {
                let selected = t.selected;
                let staff = actor.staff_id.unwrap_or(0);
                crate::tui::screens::TodayState::load(&self.store, staff, t.teacher.clone(), t.date)
                    .map(|mut fresh| {
                        let last = (fresh.lessons.len() + fresh.courses.len()).saturating_sub(1);
                        fresh.selected = selected.min(last);
                        *t = fresh;
                    })
                    .map_err(|e| e.to_string())
            }
            Screen::Diary(d) => d.reload(&self.store, &actor).map_err(|e| e.to_string()),
            Screen::Plan(p) => p.reload(&self.store, &actor).map_err(|e| e.to_string()),
            Screen::Absences(a) => {
                let (class_id, monday) = (a.class_id, a.week.monday);
                self.open_absences(class_id, monday);
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = outcome {
            self.error(e);
        }
        self.follow();
    }
}
