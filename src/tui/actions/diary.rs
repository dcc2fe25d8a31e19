//! What keys do in the diary.

use crate::i18n::pick;
use crate::keys::Action;
use crate::tui::app::{App, Screen};

impl App {
    pub(crate) fn diary_action(&mut self, action: Action) {
        let (Screen::Diary(d), Some(actor)) = (&mut self.screen, &self.actor) else {
            return;
        };
        let reload = match action {
            Action::Messages => return self.open_inbox(),
            Action::PrevWeek | Action::NextWeek => {
                d.shift_week(action == Action::NextWeek);
                true
            }
            Action::NextChild => {
                if d.students.len() < 2 {
                    return self.info(pick("другого ребёнка нет", "there is no other child"));
                }
                d.current = (d.current + 1) % d.students.len();
                d.scroll = 0;
                true
            }
            Action::ToggleSummary => {
                d.summary = !d.summary;
                d.scroll = 0;
                false
            }
            Action::PrevPeriod | Action::NextPeriod => {
                let Ok(year) = self.store.current_year() else {
                    return;
                };
                let Ok(cal) = self.store.calendar(year.id) else {
                    return;
                };
                let now = d.diary.period.as_ref().map(|p| p.num).unwrap_or(1);
                let want = if action == Action::NextPeriod {
                    now + 1
                } else {
                    now - 1
                };
                let Some(p) = cal.period_by_num(want).cloned() else {
                    return self.info(pick(
                        "других периодов в этом году нет",
                        "no other period this year",
                    ));
                };
                if !(p.start..=p.end).contains(&d.date) {
                    d.date = p.start;
                }
                d.period = Some(p);
                d.summary = true;
                true
            }
            Action::Up => {
                d.scroll = d.scroll.saturating_sub(1);
                false
            }
            Action::Down => {
                d.scroll += 1;
                false
            }
            Action::PageUp => {
                d.scroll = d.scroll.saturating_sub(10);
                false
            }
            Action::PageDown => {
                d.scroll += 10;
                false
            }
            Action::Home => {
                d.scroll = 0;
                false
            }
            Action::Back => return self.back_to_login(),
            _ => return self.not_here(action),
        };
        if reload && let Err(e) = d.reload(&self.store, actor) {
            self.error(e.to_string());
        }
    }
}
