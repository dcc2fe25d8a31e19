//! Entries in their time. Marks and attendance are for lessons held: from the lesson's
//! day on, never for a later day. A period's entries (marks, attendance, topics, extra
//! and cancelled lessons, finals) close a few days after it ends (004 §5.8); after that
//! deadline the period is locked for teachers until a deputy opens it again for one
//! course. Finals are set in the period's last weeks up to that deadline, the year's in
//! the grade's last period's, and they lock the same way.

use chrono::{Days, NaiveDate};

use super::RuleError;
use super::calendar::Period;

/// How many days before a period's end its finals open, unless the school says.
pub const FINALS_OPEN_DAYS: u32 = 14;

/// The last day teachers may still change a period's marks and finals.
pub fn deadline(period_end: NaiveDate, days: u32) -> NaiveDate {
    period_end
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(period_end)
}

/// Whether the period is closed on `today` (and not opened again for the course).
pub fn is_locked(period_end: NaiveDate, days: u32, today: NaiveDate, unlocked: bool) -> bool {
    !unlocked && today > deadline(period_end, days)
}

/// A lesson takes marks and attendance from its own day on: a later lesson has not
/// been held yet.
pub fn check_held(lesson: NaiveDate, today: NaiveDate) -> Result<(), RuleError> {
    if lesson > today {
        return Err(RuleError::NotYetHeld(lesson));
    }
    Ok(())
}

/// A period's entries may change: its deadline has not passed, or a deputy opened it
/// again for the course.
pub fn check_open(
    period: &Period,
    deadline_days: u32,
    today: NaiveDate,
    unlocked: bool,
) -> Result<(), RuleError> {
    if is_locked(period.end, deadline_days, today, unlocked) {
        return Err(RuleError::PeriodClosed {
            period: period.name.clone(),
            num: period.num,
            until: deadline(period.end, deadline_days),
        });
    }
    Ok(())
}

/// The days finals may be set: from some days before the period's end (the year's:
/// the grade's last period's) until its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinalsWindow {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl FinalsWindow {
    /// The window of a period ending on `end`: `open_days` before it until
    /// `deadline_days` after it.
    pub fn new(end: NaiveDate, open_days: u32, deadline_days: u32) -> FinalsWindow {
        FinalsWindow {
            from: end
                .checked_sub_days(Days::new(u64::from(open_days)))
                .unwrap_or(end),
            until: deadline(end, deadline_days),
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.from..=self.until).contains(&day)
    }
}

/// Whose finals: a period's, or the year's (after the grade's last period).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Finals<'a> {
    Period(&'a Period),
    /// The year's, with the grade's last period.
    Year(&'a Period),
}

/// A final may be set today: inside its window, or the course opened again by a deputy
/// (before the window too: a student who leaves early gets their finals).
pub fn check_finals_time(
    finals: Finals,
    window: FinalsWindow,
    today: NaiveDate,
    unlocked: bool,
) -> Result<(), RuleError> {
    if unlocked || window.contains(today) {
        return Ok(());
    }
    Err(match (finals, today < window.from) {
        (Finals::Period(p), true) => RuleError::FinalsNotYet {
            period: p.name.clone(),
            num: p.num,
            from: window.from,
        },
        (Finals::Period(p), false) => RuleError::PeriodClosed {
            period: p.name.clone(),
            num: p.num,
            until: window.until,
        },
        (Finals::Year(last), true) => RuleError::YearFinalsNotYet {
            last_period: last.name.clone(),
            from: window.from,
        },
        (Finals::Year(_), false) => RuleError::YearClosed {
            until: window.until,
        },
    })
}

/// Of a grade's periods in order, the one a course's page opens on for `date`: the one
/// holding it; in a break, the one just ended while its finals are still due (until
/// its deadline), else the next; after the last, the last.
pub fn period_to_show(periods: &[Period], date: NaiveDate, deadline_days: u32) -> usize {
    if let Some(i) = periods
        .iter()
        .position(|p| (p.start..=p.end).contains(&date))
    {
        return i;
    }
    if let Some(i) = periods.iter().rposition(|p| p.end < date)
        && periods
            .get(i)
            .is_some_and(|p| date <= deadline(p.end, deadline_days))
    {
        return i;
    }
    periods
        .iter()
        .position(|p| date <= p.end)
        .unwrap_or(periods.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::PeriodId;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn period(num: i64, name: &str, start: &str, end: &str) -> Period {
        Period {
            id: PeriodId(num),
            num,
            name: name.to_string(),
            start: d(start),
            end: d(end),
            grade_min: 1,
            grade_max: 11,
        }
    }

    fn quarters() -> Vec<Period> {
        vec![
            period(1, "1 четверть", "2025-09-01", "2025-10-24"),
            period(2, "2 четверть", "2025-11-05", "2025-12-28"),
            period(3, "3 четверть", "2026-01-12", "2026-03-20"),
            period(4, "4 четверть", "2026-03-30", "2026-05-26"),
        ]
    }

    #[test]
    fn four_days_after_the_end_then_locked() {
        // The 2nd quarter ends on Sunday 28.12; finals are due by 01.01.
        assert_eq!(deadline(d("2025-12-28"), 4), d("2026-01-01"));
        assert!(!is_locked(d("2025-12-28"), 4, d("2026-01-01"), false));
        assert!(is_locked(d("2025-12-28"), 4, d("2026-01-02"), false));
        assert!(
            !is_locked(d("2025-12-28"), 4, d("2026-01-02"), true),
            "a deputy opened it"
        );
        assert!(!is_locked(d("2025-12-28"), 0, d("2025-12-28"), false));
    }

    #[test]
    fn a_lesson_takes_entries_from_its_own_day() {
        let today = d("2025-12-15");
        assert_eq!(check_held(d("2025-12-08"), today), Ok(()));
        assert_eq!(check_held(today, today), Ok(()), "today's lesson");
        assert_eq!(
            check_held(d("2025-12-22"), today),
            Err(RuleError::NotYetHeld(d("2025-12-22")))
        );
    }

    #[test]
    fn a_period_closes_after_its_deadline_and_says_who_opens_it() {
        let q1 = &quarters()[0];
        assert_eq!(check_open(q1, 4, d("2025-10-28"), false), Ok(()));
        let closed = check_open(q1, 4, d("2025-10-29"), false);
        assert_eq!(
            closed,
            Err(RuleError::PeriodClosed {
                period: "1 четверть".into(),
                num: 1,
                until: d("2025-10-28")
            })
        );
        let words = closed.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(words.contains("до 28.10.2025"), "{words}");
        assert!(words.contains("заместитель директора"), "{words}");
        assert_eq!(check_open(q1, 4, d("2025-12-15"), true), Ok(()), "opened");
    }

    #[test]
    fn finals_open_in_the_last_weeks_until_the_deadline() {
        let q2 = &quarters()[1];
        let w = FinalsWindow::new(q2.end, 14, 4);
        assert_eq!((w.from, w.until), (d("2025-12-14"), d("2026-01-01")));
        let at = |day: &str, unlocked| check_finals_time(Finals::Period(q2), w, d(day), unlocked);
        assert_eq!(
            at("2025-12-13", false),
            Err(RuleError::FinalsNotYet {
                period: "2 четверть".into(),
                num: 2,
                from: d("2025-12-14")
            })
        );
        assert_eq!(at("2025-12-14", false), Ok(()));
        assert_eq!(at("2026-01-01", false), Ok(()));
        assert!(matches!(
            at("2026-01-02", false),
            Err(RuleError::PeriodClosed { .. })
        ));
        assert_eq!(at("2025-11-20", true), Ok(()), "opened by a deputy");
        assert_eq!(at("2026-01-10", true), Ok(()), "opened by a deputy");
        let words = at("2025-11-20", false)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(words.contains("с 14.12.2025"), "{words}");
        assert!(words.contains("заместитель директора"), "{words}");
    }

    #[test]
    fn year_finals_in_the_last_periods_window_then_locked() {
        let q4 = &quarters()[3];
        let w = FinalsWindow::new(q4.end, 14, 4);
        let at = |day: &str| check_finals_time(Finals::Year(q4), w, d(day), false);
        assert_eq!(
            at("2025-12-15"),
            Err(RuleError::YearFinalsNotYet {
                last_period: "4 четверть".into(),
                from: d("2026-05-12")
            })
        );
        assert_eq!(at("2026-05-12"), Ok(()));
        assert_eq!(at("2026-05-30"), Ok(()));
        assert_eq!(
            at("2026-08-30"),
            Err(RuleError::YearClosed {
                until: d("2026-05-30")
            })
        );
        let words = at("2026-08-30")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(words.contains("до 30.05.2026"), "{words}");
        assert!(words.contains("заместитель директора"), "{words}");
    }

    #[test]
    fn a_break_shows_the_period_whose_finals_are_due() {
        let q = quarters();
        // Inside a period: that period.
        assert_eq!(period_to_show(&q, d("2025-12-15"), 4), 1);
        // The autumn break, before the 1st quarter's deadline (28.10): the 1st quarter.
        assert_eq!(period_to_show(&q, d("2025-10-25"), 4), 0);
        assert_eq!(period_to_show(&q, d("2025-10-28"), 4), 0);
        // Later in the break: the next quarter.
        assert_eq!(period_to_show(&q, d("2025-10-29"), 4), 1);
        // Before the year, and after it.
        assert_eq!(period_to_show(&q, d("2025-08-20"), 4), 0);
        assert_eq!(period_to_show(&q, d("2026-07-01"), 4), 3);
        assert_eq!(period_to_show(&[], d("2026-07-01"), 4), 0);
    }
}
