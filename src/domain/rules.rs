//! The rules a journal entry must satisfy before it is written.

use crate::domain::ids::ClassId;
use chrono::NaiveDate;

use super::RuleError;
use super::enrollment::{Stay, class_on};

/// What the rules need to know about a cell (student × lesson) being written.
#[derive(Debug, Clone)]
pub struct CellContext<'a> {
    pub grade: i64,
    pub class_id: ClassId,
    pub class_name: &'a str,
    /// The course's subgroup (id, name), when the course teaches a part of the class.
    pub subgroup: Option<(i64, &'a str)>,
    pub student_name: &'a str,
    pub history: &'a [Stay],
    /// Subgroups the student belongs to.
    pub student_subgroups: &'a [i64],
    pub date: NaiveDate,
}

/// The student belongs to the lesson: enrolled in the class on its date and in its
/// subgroup.
pub fn check_student_in_lesson(ctx: &CellContext) -> Result<(), RuleError> {
    if class_on(ctx.history, ctx.date) != Some(ctx.class_id) {
        return Err(RuleError::NotEnrolled {
            student: ctx.student_name.into(),
            class: ctx.class_name.into(),
            date: ctx.date,
        });
    }
    if let Some((id, name)) = ctx.subgroup
        && !ctx.student_subgroups.contains(&id)
    {
        return Err(RuleError::NotInSubgroup {
            student: ctx.student_name.into(),
            group: name.into(),
        });
    }
    Ok(())
}

/// A mark may be given: not in grade 1, and to a student of the lesson.
pub fn check_mark(ctx: &CellContext) -> Result<(), RuleError> {
    check_grade_has_marks(ctx.grade)?;
    check_student_in_lesson(ctx)
}

/// Attendance may be recorded for any student of the lesson, in every grade.
pub fn check_attendance(ctx: &CellContext) -> Result<(), RuleError> {
    check_student_in_lesson(ctx)
}

/// Grade 1 has no marks (000 §1.3, 004 §5.5).
pub fn check_grade_has_marks(grade: i64) -> Result<(), RuleError> {
    check_grade(grade)?;
    if grade == 1 {
        Err(RuleError::Grade1NoMarks)
    } else {
        Ok(())
    }
}

/// A homework kind's name on the screens (`written` → «письменно»); empty for a word
/// not known.
pub fn homework_kind_name(kind: &str) -> &'static str {
    use crate::i18n::pick;
    match kind {
        "written" => pick("письменно", "written"),
        "oral" => pick("устно", "oral"),
        "reading" => pick("чтение", "reading"),
        "project" => pick("проект", "project"),
        "other" => pick("другое", "other"),
        _ => "",
    }
}

/// Grade 1 has no homework; an empty homework is always fine.
pub fn check_homework(grade: i64, homework: &str) -> Result<(), RuleError> {
    if grade == 1 && !homework.trim().is_empty() {
        Err(RuleError::Grade1NoHomework)
    } else {
        Ok(())
    }
}

pub fn check_grade(grade: i64) -> Result<(), RuleError> {
    if (1..=11).contains(&grade) {
        Ok(())
    } else {
        Err(RuleError::BadGrade(grade))
    }
}

/// A work type's or mark's weight must be positive (and finite).
pub fn check_weight(weight: f64) -> Result<(), RuleError> {
    if weight.is_finite() && weight > 0.0 {
        Ok(())
    } else {
        Err(RuleError::BadWeight(weight))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::parse_date;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn ctx<'a>(grade: i64, history: &'a [Stay], groups: &'a [i64]) -> CellContext<'a> {
        CellContext {
            grade,
            class_id: ClassId(7),
            class_name: "7Б",
            subgroup: None,
            student_name: "Петров Иван",
            history,
            student_subgroups: groups,
            date: date("2025-11-12"),
        }
    }

    fn enrolled() -> Vec<Stay> {
        vec![Stay {
            class_id: ClassId(7),
            start: date("2025-09-01"),
            end: None,
        }]
    }

    #[test]
    fn grade_one_takes_attendance_only() {
        let h = enrolled();
        let c = ctx(1, &h, &[]);
        assert_eq!(check_mark(&c), Err(RuleError::Grade1NoMarks));
        assert_eq!(check_attendance(&c), Ok(()));
        assert_eq!(
            check_homework(1, "стр. 5"),
            Err(RuleError::Grade1NoHomework)
        );
        assert_eq!(check_homework(1, "  "), Ok(()));
        assert_eq!(check_homework(2, "стр. 5"), Ok(()));
    }

    #[test]
    fn mark_needs_enrollment_on_the_lesson_date() {
        let h = vec![Stay {
            class_id: ClassId(7),
            start: date("2025-09-01"),
            end: Some(date("2025-11-01")),
        }];
        let c = ctx(7, &h, &[]);
        assert!(matches!(check_mark(&c), Err(RuleError::NotEnrolled { .. })));
        let other = vec![Stay {
            class_id: ClassId(8),
            start: date("2025-09-01"),
            end: None,
        }];
        assert!(matches!(
            check_mark(&ctx(7, &other, &[])),
            Err(RuleError::NotEnrolled { .. })
        ));
        let h = enrolled();
        assert_eq!(check_mark(&ctx(7, &h, &[])), Ok(()));
    }

    #[test]
    fn subgroup_course_takes_its_members_only() {
        let h = enrolled();
        let mut c = ctx(7, &h, &[3]);
        c.subgroup = Some((4, "2"));
        assert_eq!(
            check_mark(&c),
            Err(RuleError::NotInSubgroup {
                student: "Петров Иван".into(),
                group: "2".into()
            })
        );
        c.subgroup = Some((3, "1"));
        assert_eq!(check_mark(&c), Ok(()));
    }

    #[test]
    fn grades_and_weights_are_bounded() {
        assert_eq!(check_grade(0), Err(RuleError::BadGrade(0)));
        assert_eq!(check_grade(12), Err(RuleError::BadGrade(12)));
        assert!(check_weight(0.0).is_err());
        assert!(check_weight(f64::NAN).is_err());
        assert_eq!(check_weight(1.5), Ok(()));
    }
}
