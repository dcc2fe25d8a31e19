//! Who is at risk in a period, and why: an average below 3, fewer marks than due by now
//! (the minimum for the subject's weekly hours, in proportion to the period gone by),
//! too many lessons missed. An exempt student and a subject not assessed expect no
//! marks. The class overview names the reasons.

use super::grading::Assessment;
use crate::tr;

/// Why a student is at risk.
#[derive(Debug, Clone, PartialEq)]
pub enum Risk {
    /// A subject's average below 3.
    LowAverage(String, f64),
    /// Fewer marks in a subject than due by now: (subject, marks, due).
    FewMarks(String, usize, i64),
    /// More than the set share of lessons missed.
    Missed(f64),
}

impl Risk {
    pub fn words(&self) -> String {
        match self {
            Risk::LowAverage(s, a) => tr!("{}: средний {:.2}", "{}: average {:.2}", s, a),
            Risk::FewMarks(s, n, due) => {
                tr!("{}: отметок {} из {}", "{}: {} marks of {}", s, n, due)
            }
            Risk::Missed(p) => tr!(
                "пропущено {:.0}% уроков",
                "missed {:.0}% of lessons",
                p * 100.0
            ),
        }
    }
}

/// One student's subject in the period, as the at-risk check reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct SubjectStanding {
    pub subject: String,
    pub kind: Assessment,
    /// Exempt for the period (освобождён): no marks expected.
    pub exempt: bool,
    /// The weighted average of the marks 1–5.
    pub average: Option<f64>,
    /// The marks that count for the subject's assessment.
    pub marks: usize,
    /// The marks due by now.
    pub due: i64,
}

/// The share of missed lessons above which a student is at risk.
pub const MISSED_SHARE: f64 = 0.3;

/// At risk, and why: an average below 3, fewer marks than due, too many lessons missed.
pub fn risks(per_subject: &[SubjectStanding], missed: i64, lessons: i64) -> Vec<Risk> {
    let mut out = Vec::new();
    for s in per_subject {
        if s.exempt || s.kind == Assessment::None {
            continue;
        }
        if s.kind == Assessment::Marks
            && let Some(a) = s.average
            && a < 3.0
        {
            out.push(Risk::LowAverage(s.subject.clone(), a));
        }
        if (s.marks as i64) < s.due {
            out.push(Risk::FewMarks(s.subject.clone(), s.marks, s.due));
        }
    }
    if lessons > 0 {
        let share = missed as f64 / lessons as f64;
        if share > MISSED_SHARE {
            out.push(Risk::Missed(share));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(subject: &str, average: Option<f64>, marks: usize, due: i64) -> SubjectStanding {
        SubjectStanding {
            subject: subject.into(),
            kind: Assessment::Marks,
            exempt: false,
            average,
            marks,
            due,
        }
    }

    #[test]
    fn risks_name_their_reason() {
        let per = vec![
            st("Алгебра", Some(2.6), 5, 3),
            st("История", Some(4.0), 1, 3),
            st("Музыка", None, 0, 3),
        ];
        let r = risks(&per, 4, 10);
        assert_eq!(
            r,
            vec![
                Risk::LowAverage("Алгебра".into(), 2.6),
                Risk::FewMarks("История".into(), 1, 3),
                Risk::FewMarks("Музыка".into(), 0, 3),
                Risk::Missed(0.4)
            ]
        );
        assert!(
            risks(&[st("А", Some(3.0), 3, 3)], 3, 10).is_empty(),
            "exactly 3 and 30% are fine"
        );
    }

    #[test]
    fn mid_period_only_what_is_due_counts() {
        // Mid-quarter one mark of the minimum 3 is due: one mark is enough.
        assert!(risks(&[st("Алгебра", Some(4.0), 1, 1)], 0, 10).is_empty());
        assert_eq!(
            risks(&[st("Алгебра", None, 0, 1)], 0, 10),
            vec![Risk::FewMarks("Алгебра".into(), 0, 1)]
        );
        // The first days: nothing due, nothing missing.
        assert!(risks(&[st("Алгебра", None, 0, 0)], 0, 10).is_empty());
    }

    #[test]
    fn exempt_and_unassessed_subjects_expect_nothing() {
        let mut pe = st("Физическая культура", None, 0, 3);
        pe.exempt = true;
        assert!(risks(&[pe], 0, 10).is_empty());
        let mut none = st("Математика", None, 0, 3);
        none.kind = Assessment::None;
        assert!(risks(&[none], 0, 10).is_empty());
        // Pass/fail: no average to be low, but marks are due.
        let mut pf = st("ОРКСЭ", Some(2.0), 1, 2);
        pf.kind = Assessment::PassFail;
        assert_eq!(
            risks(&[pf], 0, 10),
            vec![Risk::FewMarks("ОРКСЭ".into(), 1, 2)]
        );
    }
}
