//! The year close's rules: where a student goes, whose year finals are missing, the
//! next year's name and dates, the archive's file name. Plain functions; the store
//! applies them (`store/year.rs`).

use std::collections::HashSet;

use chrono::{Datelike, Months, NaiveDate};

use crate::domain::class_name::ClassName;
use crate::domain::enrollment::Stay;
use crate::domain::ids::{ClassId, CourseId, StudentId};
use crate::tr;

/// Where a student enrolled at the year's end goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// The grade of the new year (same letter).
    Grade(i64),
    /// Leaves school with the 11th grade.
    Graduate,
}

/// Promotion to the next grade; the 11th graduates; a repeater stays in their grade.
pub fn destination(grade: i64, repeats: bool) -> Destination {
    if repeats {
        Destination::Grade(grade)
    } else if grade >= 11 {
        Destination::Graduate
    } else {
        Destination::Grade(grade + 1)
    }
}

/// The same day a year later; 29 February becomes 28 February.
pub fn shift_year(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(12))
}

/// «2025/2026» → «2026/2027»; a name of another form is made from the new dates.
pub fn next_year_name(name: &str, next_start: NaiveDate, next_end: NaiveDate) -> String {
    if let Some((a, b)) = name.trim().split_once('/')
        && let (Ok(a), Ok(b)) = (a.trim().parse::<i32>(), b.trim().parse::<i32>())
    {
        return format!("{}/{}", a + 1, b + 1);
    }
    if next_start.year() == next_end.year() {
        next_start.year().to_string()
    } else {
        format!("{}/{}", next_start.year(), next_end.year())
    }
}

/// «demo-2025-2026.archive.sqlite».
pub fn archive_file_name(stem: &str, start: NaiveDate, end: NaiveDate) -> String {
    format!("{stem}-{}-{}.archive.sqlite", start.year(), end.year())
}

/// «7Б Фамилия Имя» (or «7 Б Фамилия Имя») → the class and the name.
pub fn parse_repeater(s: &str) -> Result<(ClassName, String), String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let bad = || {
        tr!(
            "остающийся на повторное обучение «{}»: нужны класс и имя, например «7Б Иванов Иван»",
            "repeating the grade «{}»: give a class and a name, e.g. «7Б Иванов Иван»",
            s.trim()
        )
    };
    // «7 Б Иванов»: the grade and the letter may be apart.
    let split = match words.as_slice() {
        [g, l, ..] if g.chars().all(|c| c.is_ascii_digit()) && l.chars().count() <= 2 => 2,
        _ => 1,
    };
    if words.len() <= split {
        return Err(bad());
    }
    let class =
        ClassName::parse(&words[..split].concat()).map_err(|e| format!("«{}»: {e}", s.trim()))?;
    Ok((class, words[split..].join(" ")))
}

/// A course and who needs its year final.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FinalNeed {
    pub course_id: CourseId,
    pub class_id: ClassId,
    pub grade: i64,
    pub subgroup_id: Option<i64>,
}

/// Grade 1 has no marks, so no finals.
pub fn needs_year_final(grade: i64) -> bool {
    grade >= 2
}

/// (course, student) pairs without a year final: every student enrolled in the
/// course's class (and group) on the year's last day needs one.
pub fn missing_finals(
    courses: &[FinalNeed],
    enrolled: &[(StudentId, Stay)],
    last_day: NaiveDate,
    members: &HashSet<(i64, StudentId)>,
    finals: &HashSet<(CourseId, StudentId)>,
) -> Vec<(CourseId, StudentId)> {
    let mut out = Vec::new();
    for c in courses.iter().filter(|c| needs_year_final(c.grade)) {
        for (student, stay) in enrolled {
            if stay.class_id != c.class_id || !stay.covers(last_day) {
                continue;
            }
            if c.subgroup_id
                .is_some_and(|g| !members.contains(&(g, *student)))
            {
                continue;
            }
            if !finals.contains(&(c.course_id, *student)) && !out.contains(&(c.course_id, *student))
            {
                out.push((c.course_id, *student));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        crate::domain::calendar::parse_date(s).expect("test date")
    }

    #[test]
    fn promotion_graduation_and_repeating() {
        assert_eq!(destination(1, false), Destination::Grade(2));
        assert_eq!(destination(7, false), Destination::Grade(8));
        assert_eq!(destination(10, false), Destination::Grade(11));
        assert_eq!(destination(11, false), Destination::Graduate);
        assert_eq!(destination(7, true), Destination::Grade(7));
        assert_eq!(destination(11, true), Destination::Grade(11));
    }

    #[test]
    fn the_next_year_keeps_month_and_day() {
        assert_eq!(shift_year(date("2025-09-01")), Some(date("2026-09-01")));
        assert_eq!(shift_year(date("2028-02-29")), Some(date("2029-02-28")));
        assert_eq!(shift_year(date("2027-02-28")), Some(date("2028-02-28")));
    }

    #[test]
    fn the_next_years_name() {
        let (s, e) = (date("2026-09-01"), date("2027-05-26"));
        assert_eq!(next_year_name("2025/2026", s, e), "2026/2027");
        assert_eq!(next_year_name("учебный", s, e), "2026/2027");
        assert_eq!(
            next_year_name("x", date("2026-01-10"), date("2026-12-20")),
            "2026"
        );
        assert_eq!(
            archive_file_name("demo", date("2025-09-01"), date("2026-05-26")),
            "demo-2025-2026.archive.sqlite"
        );
    }

    #[test]
    fn repeaters_name_a_class_and_a_student() {
        let (c, n) = parse_repeater(" 7Б  Иванов Иван ").expect("parse");
        assert_eq!((c.to_string(), n.as_str()), ("7Б".into(), "Иванов Иван"));
        let (c, n) = parse_repeater("7 б Петрова").expect("parse");
        assert_eq!((c.to_string(), n.as_str()), ("7Б".into(), "Петрова"));
        assert!(parse_repeater("7Б").is_err());
        assert!(parse_repeater("Иванов Иван").is_err());
        assert!(parse_repeater("12А Иванов").is_err());
    }

    #[test]
    fn missing_finals_of_students_enrolled_at_the_end() {
        let end = date("2026-05-26");
        let courses = [
            // 7Б Алгебра, whole class.
            FinalNeed {
                course_id: CourseId(10),
                class_id: ClassId(1),
                grade: 7,
                subgroup_id: None,
            },
            // 7Б English, group 5.
            FinalNeed {
                course_id: CourseId(11),
                class_id: ClassId(1),
                grade: 7,
                subgroup_id: Some(5),
            },
            // 1А: no finals at all.
            FinalNeed {
                course_id: CourseId(12),
                class_id: ClassId(2),
                grade: 1,
                subgroup_id: None,
            },
        ];
        let stay = |class_id, start: &str, end: Option<&str>| Stay {
            class_id,
            start: date(start),
            end: end.map(date),
        };
        let enrolled = [
            (StudentId(100), stay(ClassId(1), "2025-09-01", None)),
            // Left in spring: needs nothing.
            (
                StudentId(101),
                stay(ClassId(1), "2025-09-01", Some("2026-03-02")),
            ),
            (StudentId(102), stay(ClassId(1), "2025-09-01", None)),
            (StudentId(103), stay(ClassId(2), "2025-09-01", None)),
        ];
        let s = StudentId;
        let c = CourseId;
        let members: HashSet<(i64, StudentId)> = [(5, s(102))].into();
        let finals: HashSet<(CourseId, StudentId)> = [(c(10), s(100)), (c(11), s(102))].into();
        assert_eq!(
            missing_finals(&courses, &enrolled, end, &members, &finals),
            vec![(c(10), s(102))]
        );
        let all: HashSet<(CourseId, StudentId)> =
            [(c(10), s(100)), (c(10), s(102)), (c(11), s(102))].into();
        assert!(missing_finals(&courses, &enrolled, end, &members, &all).is_empty());
    }
}
