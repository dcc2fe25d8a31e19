//! Enrollment history: a student belongs to one class at a time, from the arrival (or
//! transfer) date until the departure (or next transfer) date.

use crate::domain::ids::ClassId;
use chrono::NaiveDate;

use super::RuleError;

/// One stay in a class: enrolled on `start`, not enrolled any more from `end` on.
#[derive(Debug, Clone, PartialEq)]
pub struct Stay {
    pub class_id: ClassId,
    pub start: NaiveDate,
    /// The departure or transfer date; `None` while the student is still there.
    pub end: Option<NaiveDate>,
}

impl Stay {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|e| date < e)
    }
}

/// The class the student is enrolled in on `date`.
pub fn class_on(history: &[Stay], date: NaiveDate) -> Option<ClassId> {
    history.iter().find(|s| s.covers(date)).map(|s| s.class_id)
}

/// A history is valid when each stay ends after it starts and no two stays overlap.
pub fn validate(student: &str, history: &[Stay]) -> Result<(), RuleError> {
    let mut sorted: Vec<&Stay> = history.iter().collect();
    sorted.sort_by_key(|s| s.start);
    for s in &sorted {
        if s.end.is_some_and(|e| e <= s.start) {
            return Err(RuleError::BadEnrollmentDates {
                student: student.into(),
            });
        }
    }
    for w in sorted.windows(2) {
        if w[0].end.is_none_or(|e| e > w[1].start) {
            return Err(RuleError::EnrollmentOverlap {
                student: student.into(),
                date: w[1].start,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::parse_date;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn stay(class_id: ClassId, start: &str, end: Option<&str>) -> Stay {
        Stay {
            class_id,
            start: date(start),
            end: end.map(date),
        }
    }

    #[test]
    fn transfer_moves_the_student_on_its_date() {
        let h = vec![
            stay(ClassId(1), "2025-09-01", Some("2025-11-10")),
            stay(ClassId(2), "2025-11-10", None),
        ];
        assert_eq!(validate("Петров", &h), Ok(()));
        assert_eq!(class_on(&h, date("2025-11-09")), Some(ClassId(1)));
        assert_eq!(class_on(&h, date("2025-11-10")), Some(ClassId(2)));
        assert_eq!(class_on(&h, date("2025-08-31")), None);
    }

    #[test]
    fn departure_ends_enrollment() {
        let h = vec![stay(ClassId(1), "2025-09-01", Some("2025-10-01"))];
        assert_eq!(class_on(&h, date("2025-09-30")), Some(ClassId(1)));
        assert_eq!(class_on(&h, date("2025-10-01")), None);
    }

    #[test]
    fn one_class_at_a_time() {
        let h = vec![
            stay(ClassId(1), "2025-09-01", None),
            stay(ClassId(2), "2025-10-01", None),
        ];
        assert_eq!(
            validate("Петров", &h),
            Err(RuleError::EnrollmentOverlap {
                student: "Петров".into(),
                date: date("2025-10-01")
            })
        );
        let bad = vec![stay(ClassId(1), "2025-09-01", Some("2025-09-01"))];
        assert!(matches!(
            validate("Петров", &bad),
            Err(RuleError::BadEnrollmentDates { .. })
        ));
    }
}
