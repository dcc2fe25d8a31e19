//! The class overview for the class teacher: students × subjects with averages and
//! finals for a period, and the students at risk with the reason.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::params;

use super::{Result, Store, fmt_date};
use crate::domain::calendar::Period;
use crate::domain::marks::{MarkValue, weighted_average};
use crate::domain::policy::Actor;
use crate::domain::reports::{Report, may_read_reports};
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

impl Store {
    /// The overview of a class for a period as of `today`.
    pub fn class_overview(
        &self,
        actor: &Actor,
        class_id: i64,
        period: &Period,
        today: NaiveDate,
    ) -> Result<Report> {
        may_read_reports(actor, Some(class_id))?;
        let min_marks = self.settings()?.min_marks_per_period;
        let to = period.end.min(today);
        let (from_s, to_s) = (fmt_date(period.start), fmt_date(to));
        let students = self.class_list(class_id)?;
        // Subjects of the class (groups merged).
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT s.name FROM course c JOIN subject s ON s.id = c.subject_id WHERE c.class_id = ?1 ORDER BY s.name",
        )?;
        let subjects: Vec<String> = st
            .query_map([class_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut marks: HashMap<(i64, String), Vec<(MarkValue, f64)>> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT m.student_id, s.name, m.value, m.weight FROM mark m JOIN lesson l ON l.id = m.lesson_id
             JOIN course c ON c.id = l.course_id JOIN subject s ON s.id = c.subject_id
             WHERE c.class_id = ?1 AND l.date BETWEEN ?2 AND ?3",
        )?;
        for r in st.query_map(params![class_id, from_s, to_s], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, f64>(3)?,
            ))
        })? {
            let (sid, subject, v, w) = r?;
            marks
                .entry((sid, subject))
                .or_default()
                .push((MarkValue::new(v)?, w));
        }
        let mut finals: HashMap<(i64, String), String> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT f.student_id, s.name, f.value FROM final_mark f JOIN course c ON c.id = f.course_id
             JOIN subject s ON s.id = c.subject_id WHERE c.class_id = ?1 AND f.period_id = ?2",
        )?;
        for r in st.query_map(params![class_id, period.id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (sid, subject, v) = r?;
            finals.insert((sid, subject), v);
        }
        // Missed lessons and lessons held, per student.
        let mut st = self.conn.prepare_cached(
            "SELECT a.student_id, count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id
             JOIN course c ON c.id = l.course_id JOIN attendance_code k ON k.code = a.code
             WHERE c.class_id = ?1 AND k.absent = 1 AND l.date BETWEEN ?2 AND ?3 GROUP BY a.student_id",
        )?;
        let missed: BTreeMap<i64, i64> = st
            .query_map(params![class_id, from_s, to_s], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT count(*) FROM lesson l JOIN course c ON c.id = l.course_id
             WHERE c.class_id = ?1 AND l.date BETWEEN ?2 AND ?3 AND l.cancelled_reason IS NULL
               AND (c.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member g
                    WHERE g.subgroup_id = c.subgroup_id AND g.student_id = ?4))",
        )?;
        let mut columns = vec![
            tr!("Ученик", "Student"),
            tr!("Риск", "At risk"),
            tr!("Пропущено", "Missed"),
        ];
        columns.extend(subjects.iter().cloned());
        let mut rows = Vec::new();
        for s in &students {
            let lessons: i64 = st.query_row(params![class_id, from_s, to_s, s.id], |r| r.get(0))?;
            let per: Vec<(String, Option<f64>, usize)> = subjects
                .iter()
                .map(|subj| {
                    let ms = marks
                        .get(&(s.id, subj.clone()))
                        .cloned()
                        .unwrap_or_default();
                    (subj.clone(), weighted_average(&ms), ms.len())
                })
                .collect();
            let m = missed.get(&s.id).copied().unwrap_or(0);
            let risk = risks(&per, m, lessons, min_marks);
            let mut row = vec![
                s.name.short(),
                risk.iter().map(Risk::words).collect::<Vec<_>>().join("; "),
                format!("{m}/{lessons}"),
            ];
            for (subj, avg, _) in &per {
                let fin = finals
                    .get(&(s.id, subj.clone()))
                    .cloned()
                    .unwrap_or_default();
                row.push(match (avg, fin.is_empty()) {
                    (Some(a), true) => format!("{a:.2}"),
                    (Some(a), false) => format!("{a:.2}/{fin}"),
                    (None, false) => fin,
                    (None, true) => String::new(),
                });
            }
            rows.push(row);
        }
        let class = self
            .classes()?
            .into_iter()
            .find(|c| c.0 == class_id)
            .map(|c| c.1.to_string())
            .unwrap_or_default();
        Ok(Report {
            title: tr!(
                "Успеваемость класса {}: {}",
                "Class {} overview: {}",
                class,
                period.name
            ),
            columns,
            rows,
        })
    }
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
