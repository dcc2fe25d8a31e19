//! The rules of lessons beyond the timetable's plain course: what a past lesson lacks
//! (a gap), who may substitute, what a cancellation needs; and their labels.

use chrono::NaiveDate;

use super::names::FullName;
use super::rules::check_homework;
use crate::domain::RuleError;
use crate::domain::ids::StaffId;
use crate::tr;

/// What a past lesson still lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GapKind {
    NoTopic,
    /// Only in grades that have homework (not grade 1).
    NoHomework,
    /// Nobody took attendance (`attendance_taken_at` is empty).
    NoAttendance,
}

impl GapKind {
    /// «тема», «д/з», «посещаемость».
    pub fn label(self) -> String {
        match self {
            GapKind::NoTopic => tr!("тема", "topic"),
            GapKind::NoHomework => tr!("д/з", "homework"),
            GapKind::NoAttendance => tr!("посещаемость", "attendance"),
        }
    }
}

/// What a substitute's account says about them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub login: String,
    pub staff_id: Option<StaffId>,
    /// The account and the staff record are both active.
    pub active: bool,
    pub name: FullName,
}

/// What a held lesson lacks: a topic; homework, where the grade has homework at all
/// (the same rule as [`check_homework`]: grade 1 has none); attendance.
pub fn lesson_gaps(
    grade: i64,
    topic: &str,
    homework: &str,
    attendance_taken: bool,
) -> Vec<GapKind> {
    let mut out = Vec::new();
    if topic.trim().is_empty() {
        out.push(GapKind::NoTopic);
    }
    let grade_has_homework = check_homework(grade, "-").is_ok();
    if grade_has_homework && homework.trim().is_empty() {
        out.push(GapKind::NoHomework);
    }
    if !attendance_taken {
        out.push(GapKind::NoAttendance);
    }
    out
}

/// A lesson counts towards the gaps from the day after it: on its own day the teacher
/// is still teaching and has until the evening to fill it in.
pub fn counts_as_past(date: NaiveDate, today: NaiveDate) -> bool {
    date < today
}

/// A cancellation needs its reason, trimmed.
pub fn cancel_reason(reason: &str) -> Result<String, RuleError> {
    let r = reason.trim();
    if r.is_empty() {
        Err(RuleError::CancelReason)
    } else {
        Ok(r.to_string())
    }
}

/// The substitute must be an active staff member other than the course's teacher;
/// returns their staff id.
pub fn check_substitute(course_teacher: StaffId, c: &Candidate) -> Result<StaffId, RuleError> {
    let Some(staff) = c.staff_id else {
        return Err(RuleError::NotStaff(c.login.clone()));
    };
    if !c.active {
        return Err(RuleError::Deactivated(c.login.clone()));
    }
    if staff == course_teacher {
        return Err(RuleError::OwnTeacher(c.name.initials()));
    }
    Ok(staff)
}

/// Why a lesson holding data cannot be cancelled, or `None` when it is empty.
pub fn cancel_blocker(marks: i64, attendance: i64) -> Option<String> {
    let mut held = Vec::new();
    if marks > 0 {
        held.push(tr!("отметки ({})", "marks ({})", marks));
    }
    if attendance > 0 {
        held.push(tr!("посещаемость ({})", "attendance ({})", attendance));
    }
    (!held.is_empty()).then(|| {
        tr!(
            "на уроке есть {}: отменить можно только урок без отметок и посещаемости — сначала удалите их",
            "the lesson holds {}: only a lesson without marks and attendance can be cancelled — remove them first",
            held.join(", ")
        )
    })
}

/// The grid's column label of a substituted lesson: «замена: Фамилия И.О.».
pub fn substitute_label(name: &FullName) -> String {
    tr!("замена: {}", "substitute: {}", name.initials())
}

/// «10.11.2025, урок № 1».
pub fn lesson_text(date: NaiveDate, lesson_no: i64) -> String {
    tr!(
        "{}, урок № {}",
        "{}, lesson {}",
        date.format("%d.%m.%Y"),
        lesson_no
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_gap_is_what_a_held_lesson_lacks() {
        use GapKind::*;
        assert_eq!(
            lesson_gaps(7, "", "", false),
            vec![NoTopic, NoHomework, NoAttendance]
        );
        assert_eq!(lesson_gaps(7, "Дроби", "№ 12", true), vec![]);
        assert_eq!(lesson_gaps(7, "  ", "№ 12", true), vec![NoTopic]);
        assert_eq!(lesson_gaps(7, "Дроби", " ", true), vec![NoHomework]);
        // Grade 1 has no homework, so none is ever missing.
        assert_eq!(lesson_gaps(1, "Счёт", "", true), vec![]);
        assert_eq!(lesson_gaps(1, "", "", false), vec![NoTopic, NoAttendance]);
        assert_eq!(lesson_gaps(2, "Счёт", "", true), vec![NoHomework]);
    }

    #[test]
    fn only_lessons_before_today_count() {
        let today = date("2025-11-12");
        assert!(counts_as_past(date("2025-11-11"), today));
        assert!(!counts_as_past(today, today));
        assert!(!counts_as_past(date("2025-11-13"), today));
    }

    #[test]
    fn a_cancellation_needs_a_reason_and_an_empty_lesson() {
        assert!(cancel_reason("  ").is_err_and(|why| !why.to_string().contains("--")));
        assert_eq!(
            cancel_reason(" болезнь учителя ").as_deref(),
            Ok("болезнь учителя")
        );
        assert_eq!(cancel_blocker(0, 0), None);
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let why = cancel_blocker(2, 1).expect("blocked");
        assert!(
            why.contains("отметки (2)") && why.contains("посещаемость (1)"),
            "{why}"
        );
        assert!(why.contains("сначала удалите"), "{why}");
        assert!(cancel_blocker(0, 3).is_some());
    }

    #[test]
    fn the_substitute_is_another_active_staff_member() {
        let c = |staff_id, active| Candidate {
            login: "other".into(),
            staff_id,
            active,
            name: FullName::new("Соколов", "Пётр", "Андреевич"),
        };
        assert_eq!(
            check_substitute(StaffId(1), &c(Some(StaffId(2)), true)),
            Ok(StaffId(2))
        );
        assert!(check_substitute(StaffId(1), &c(None, true)).is_err());
        assert!(check_substitute(StaffId(1), &c(Some(StaffId(2)), false)).is_err());
        assert!(
            check_substitute(StaffId(2), &c(Some(StaffId(2)), true))
                .is_err_and(|e| !e.to_string().contains("--"))
        );
    }

    #[test]
    fn labels() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let n = FullName::new("Соколов", "Пётр", "Андреевич");
        assert_eq!(substitute_label(&n), "замена: Соколов П.А.");
        assert_eq!(lesson_text(date("2025-11-10"), 1), "10.11.2025, урок № 1");
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        assert_eq!(substitute_label(&n), "substitute: Соколов П.А.");
        assert_eq!(GapKind::NoHomework.label(), "homework");
    }
}
