//! Lessons derived from the timetable: each entry gives one lesson on every school day
//! of its weekday within its validity range.

use crate::domain::ids::{ClassId, CourseId, StaffId};
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
    class: Option<ClassId>,
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
        for d in calendar.class_lesson_dates(s.weekday, a, b, grade, class) {
            out.insert((d, s.lesson_no));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{Holiday, Period, parse_date};
    use crate::domain::ids::PeriodId;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).expect("date")
    }

    #[test]
    fn slots_give_lessons_inside_their_range_and_skip_holidays() {
        let cal = Calendar::new(
            vec![Period {
                id: PeriodId(1),
                num: 1,
                name: "1".into(),
                start: date("2025-09-01"),
                end: date("2025-09-30"),
                grade_min: 1,
                grade_max: 11,
            }],
            vec![Holiday::new(
                "День",
                date("2025-09-08"),
                date("2025-09-08"),
                (1, 11),
            )],
        );
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
        let got: Vec<_> = derive_lessons(
            &slots,
            &cal,
            7,
            None,
            date("2025-09-01"),
            date("2025-09-30"),
        )
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

/// One timetable row to check for clashes, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub line: usize,
    pub course: CourseId,
    pub class: ClassId,
    pub subgroup: Option<i64>,
    pub teacher: StaffId,
    pub weekday: u32,
    pub lesson_no: i64,
}

/// A row that cannot stand: its class, or its teacher, is elsewhere at the same time.
#[derive(Debug, Clone, PartialEq)]
pub enum Clash {
    /// The class already has another lesson then (different groups of a split class may
    /// share a slot).
    Class {
        line: usize,
        other_line: usize,
    },
    Teacher {
        line: usize,
        other_line: usize,
    },
}

pub fn find_clashes(rows: &[Placed]) -> Vec<Clash> {
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let same_time = |o: &&Placed| o.weekday == r.weekday && o.lesson_no == r.lesson_no;
        let earlier = rows[..i].iter().filter(same_time);
        let mut class_clash = None;
        let mut teacher_clash = None;
        for o in earlier {
            let split = r.subgroup.is_some() && o.subgroup.is_some() && r.subgroup != o.subgroup;
            if class_clash.is_none() && o.class == r.class && o.course != r.course && !split {
                class_clash = Some(o.line);
            }
            if teacher_clash.is_none() && o.teacher == r.teacher {
                teacher_clash = Some(o.line);
            }
        }
        if let Some(other_line) = class_clash {
            out.push(Clash::Class {
                line: r.line,
                other_line,
            });
        }
        if let Some(other_line) = teacher_clash {
            out.push(Clash::Teacher {
                line: r.line,
                other_line,
            });
        }
    }
    out
}

#[cfg(test)]
mod clash_tests {
    use super::*;

    fn p(line: usize, course: i64, subgroup: Option<i64>, teacher: i64) -> Placed {
        Placed {
            line,
            course: CourseId(course),
            class: ClassId(1),
            subgroup,
            teacher: StaffId(teacher),
            weekday: 1,
            lesson_no: 1,
        }
    }

    #[test]
    fn groups_of_a_split_class_share_a_slot() {
        assert!(find_clashes(&[p(2, 10, Some(1), 5), p(3, 11, Some(2), 6)]).is_empty());
    }

    #[test]
    fn a_class_or_a_teacher_in_two_places_is_a_clash() {
        assert_eq!(
            find_clashes(&[p(2, 10, None, 5), p(3, 11, Some(1), 6)]),
            vec![Clash::Class {
                line: 3,
                other_line: 2
            }]
        );
        let mut other_class = p(3, 12, None, 5);
        other_class.class = ClassId(2);
        assert_eq!(
            find_clashes(&[p(2, 10, None, 5), other_class]),
            vec![Clash::Teacher {
                line: 3,
                other_line: 2
            }]
        );
        let mut later = p(3, 11, None, 6);
        later.lesson_no = 2;
        assert!(find_clashes(&[p(2, 10, None, 5), later]).is_empty());
    }
}
