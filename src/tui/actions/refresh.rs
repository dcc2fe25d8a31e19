//! Other users' changes: when another connection has committed since the screen was
//! drawn (`PRAGMA data_version`), the screen's data is read again, the cursor kept.

use crate::i18n::pick;
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
        if changed && self.actor.is_none() {
            // Nobody to tell yet: a restore before the login is no news after it.
            self.seen_restore = self.restore_key();
        }
        if !changed || self.actor.is_none() {
            return false;
        }
        self.refresh_screen();
        self.notice_restore();
        self.count_unread();
        true
    }

    /// Reads the open screen's data again; what the user is typing stays as it is.
    pub(crate) fn refresh_screen(&mut self) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let mut to_end = false;
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
                crate::tui::screens::TodayState::load(
                    &self.store,
                    &actor,
                    t.teacher.clone(),
                    t.date,
                )
                .map(|mut fresh| {
                    let last = (fresh.lessons.len() + fresh.courses.len()).saturating_sub(1);
                    fresh.selected = selected.min(last);
                    *t = fresh;
                })
                .map_err(|e| e.to_string())
            }
            Screen::Diary(d) => d.refresh(&self.store, &actor).map_err(|e| e.to_string()),
            Screen::Plan(p) => p.reload(&self.store, &actor).map_err(|e| e.to_string()),
            Screen::Messages(m) => m.reload(&self.store, &actor).map_err(|e| e.to_string()),
            // An open conversation shows new answers at once, and they count as read.
            Screen::Thread(t) if t.review.is_none() => {
                let mut fresh = Vec::new();
                let mut r = Ok(());
                for th in &t.threads {
                    match self.store.thread(&actor, th.id) {
                        Ok(x) => fresh.push(x),
                        Err(e) => r = Err(e.to_string()),
                    }
                }
                let grew = fresh.iter().map(|x| x.messages.len()).sum::<usize>()
                    > t.threads.iter().map(|x| x.messages.len()).sum::<usize>();
                if r.is_ok() {
                    t.threads = fresh;
                    // Only a new message is worth a write: a write here would wake
                    // every other open conversation in turn.
                    for th in &t.threads {
                        if th.messages.iter().any(|m| m.unread) {
                            let _ = self.store.mark_thread_read(&actor, th.id);
                        }
                    }
                }
                if grew {
                    self.info(pick("новое сообщение", "a new message"));
                    // The new message is what was just marked read: show it.
                    to_end = true;
                }
                r
            }
            Screen::Periods(p) => p.reload(&self.store).map_or(Ok(()), Err),
            Screen::Courses(c) => c.reload(&self.store).map_or(Ok(()), Err),
            Screen::Exams(x) => x
                .reload(&self.store, &actor, None)
                .map_err(|e| e.to_string()),
            Screen::Backups(b) => b.reload(self.store.path()).map_or(Ok(()), Err),
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
        if to_end {
            self.scroll_to_end();
        }
        self.follow();
    }
}
