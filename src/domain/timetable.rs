//! Lessons derived from the timetable: each entry gives one lesson on every school day
//! of its weekday within its validity range.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::calendar::Calendar;

/// One timetable entry of a course.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub weekday: u32,
    pub lesson_no: i64,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
}

/// The (date, lesson number) pairs the slots give between `from` and `to`.
pub fn derive_lessons(
    slots: &[Slot],
    calendar: &Calendar,
    grade: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> BTreeSet<(NaiveDate, i64)> {
    let mut out = BTreeSet::new();
    for s in slots {
        let a = from.max(s.valid_from);
        let b = to.min(s.valid_to);
        if a > b {
            continue;
        }
        for d in calendar.lesson_dates(s.weekday, a, b, grade) {
            out.insert((d, s.lesson_no));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{Holiday, Period, parse_date};

    fn date(s: &str) -> NaiveDate {
        parse_date(s).expect("date")
    }

    #[test]
    fn slots_give_lessons_inside_their_range_and_skip_holidays() {
        let cal = Calendar {
            periods: vec![Period {
                id: 1,
                num: 1,
                name: "1".into(),
                start: date("2025-09-01"),
                end: date("2025-09-30"),
            }],
            holidays: vec![Holiday {
                name: "День".into(),
                start: date("2025-09-08"),
                end: date("2025-09-08"),
                grade_min: 1,
                grade_max: 11,
            }],
        };
        let slots = vec![
            Slot {
                weekday: 1,
                lesson_no: 1,
                valid_from: date("2025-09-01"),
                valid_to: date("2025-09-14"),
            },
            Slot {
                weekday: 3,
                lesson_no: 2,
                valid_from: date("2025-09-15"),
                valid_to: date("2025-12-31"),
            },
        ];
        let got: Vec<_> = derive_lessons(&slots, &cal, 7, date("2025-09-01"), date("2025-09-30"))
            .into_iter()
            .map(|(d, n)| (d.format("%d").to_string(), n))
            .collect();
        let want: Vec<(String, i64)> = [("01", 1), ("17", 2), ("24", 2)]
            .iter()
            .map(|(d, n)| (d.to_string(), *n))
            .collect();
        assert_eq!(got, want);
    }
}
