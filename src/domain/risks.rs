//! Who is at risk in a period, and why: an average below 3, fewer marks than the
//! school's minimum, too many lessons missed. The class overview names the reasons.

use crate::tr;

/// Why a student is at risk.
#[derive(Debug, Clone, PartialEq)]
pub enum Risk {
    /// A subject's average below 3.
    LowAverage(String, f64),
    /// Fewer marks in a subject than the school's minimum.
    FewMarks(String, usize),
    /// More than the set share of lessons missed.
    Missed(f64),
}

impl Risk {
    pub fn words(&self) -> String {
        match self {
            Risk::LowAverage(s, a) => tr!("{}: средний {:.2}", "{}: average {:.2}", s, a),
            Risk::FewMarks(s, n) => tr!("{}: отметок {}", "{}: {} marks", s, n),
            Risk::Missed(p) => tr!(
                "пропущено {:.0}% уроков",
                "missed {:.0}% of lessons",
                p * 100.0
            ),
        }
    }
}

/// The share of missed lessons above which a student is at risk.
pub const MISSED_SHARE: f64 = 0.3;

/// At risk, and why: an average below 3, too few marks, too many lessons missed.
pub fn risks(
    per_subject: &[(String, Option<f64>, usize)],
    missed: i64,
    lessons: i64,
    min_marks: i64,
) -> Vec<Risk> {
    let mut out = Vec::new();
    for (subject, avg, n) in per_subject {
        if let Some(a) = avg
            && *a < 3.0
        {
            out.push(Risk::LowAverage(subject.clone(), *a));
        }
        if (*n as i64) < min_marks {
            out.push(Risk::FewMarks(subject.clone(), *n));
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

    #[test]
    fn risks_name_their_reason() {
        let per = vec![
            ("Алгебра".to_string(), Some(2.6), 5),
            ("История".to_string(), Some(4.0), 1),
            ("Музыка".to_string(), None, 0),
        ];
        let r = risks(&per, 4, 10, 3);
        assert_eq!(
            r,
            vec![
                Risk::LowAverage("Алгебра".into(), 2.6),
                Risk::FewMarks("История".into(), 1),
                Risk::FewMarks("Музыка".into(), 0),
                Risk::Missed(0.4)
            ]
        );
        assert!(
            risks(&[("А".into(), Some(3.0), 3)], 3, 10, 3).is_empty(),
            "exactly 3 and 30% are fine"
        );
    }
}
