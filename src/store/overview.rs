//! The class overview for the class teacher, read: students × subjects with averages
//! and finals for a period. Who is at risk is [`crate::domain::risks`]'s to say; the
//! table is laid out by `report/tables.rs`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::params;

use super::{Result, Store, fmt_date};
use crate::domain::calendar::Period;
use crate::domain::grading::{Standing, due_marks, elapsed};
use crate::domain::ids::{ClassId, StudentId};
use crate::domain::marks::{Mark, scale_marks, weighted_average};
use crate::domain::names::FullName;
use crate::domain::policy::Actor;
use crate::domain::reports::may_read_reports;
use crate::domain::risks::SubjectStanding;

/// A class's overview for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassOverview {
    /// The class's name.
    pub class: String,
    /// The class's subjects (a subject split into groups once).
    pub subjects: Vec<String>,
    pub rows: Vec<OverviewRow>,
}

/// One student of the overview.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewRow {
    pub name: FullName,
    /// Lessons missed and lessons held for them.
    pub missed: i64,
    pub lessons: i64,
    /// Per subject, in the order of [`ClassOverview::subjects`]: its assessment, the
    /// exemption, the weighted average, the marks and the marks due by now.
    pub per_subject: Vec<SubjectStanding>,
    /// Per subject: the period final, empty when none.
    pub finals: Vec<String>,
}

impl Store {
    /// The overview's rows of a class for a period as of `today`.
    pub fn class_overview(
        &self,
        actor: &Actor,
        class_id: ClassId,
        period: &Period,
        today: NaiveDate,
    ) -> Result<ClassOverview> {
        may_read_reports(actor, Some(class_id))?;
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
        // Each subject's assessment in the period and the marks due by now (by its
        // weekly hours, the most of its groups').
        let grade = self
            .classes()?
            .into_iter()
            .find(|c| c.0 == class_id)
            .map_or(5, |c| c.1.grade);
        let rules = self.assessment_rules()?;
        let minimums = self.minimums()?;
        let share = elapsed(period.start, period.end, today);
        let mut st = self.conn.prepare_cached(
            "SELECT s.name, max(c.hours) FROM course c JOIN subject s ON s.id = c.subject_id
             WHERE c.class_id = ?1 GROUP BY s.name",
        )?;
        let hours: HashMap<String, f64> = st
            .query_map([class_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let exempt = self.class_exemptions(class_id, period.id)?;
        let mut marks: HashMap<(StudentId, String), Vec<(Mark, f64)>> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT m.student_id, s.name, m.value, m.weight, m.passed FROM mark m JOIN lesson l ON l.id = m.lesson_id
             JOIN course c ON c.id = l.course_id JOIN subject s ON s.id = c.subject_id
             WHERE c.class_id = ?1 AND l.date BETWEEN ?2 AND ?3",
        )?;
        for r in st.query_map(params![class_id, from_s, to_s], |r| {
            Ok((
                r.get::<_, StudentId>(0)?,
                r.get::<_, String>(1)?,
                super::marks::stored_mark(r.get(2)?, r.get(4)?)?,
                r.get::<_, f64>(3)?,
            ))
        })? {
            let (sid, subject, v, w) = r?;
            marks.entry((sid, subject)).or_default().push((v, w));
        }
        let mut finals: HashMap<(StudentId, String), String> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT f.student_id, s.name, f.value FROM final_mark f JOIN course c ON c.id = f.course_id
             JOIN subject s ON s.id = c.subject_id WHERE c.class_id = ?1 AND f.period_id = ?2",
        )?;
        for r in st.query_map(params![class_id, period.id], |r| {
            Ok((
                r.get::<_, StudentId>(0)?,
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
        let missed: BTreeMap<StudentId, i64> = st
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
        let mut rows = Vec::new();
        for s in &students {
            let lessons: i64 = st.query_row(params![class_id, from_s, to_s, s.id], |r| r.get(0))?;
            let per: Vec<SubjectStanding> = subjects
                .iter()
                .map(|subj| {
                    let ms = marks
                        .get(&(s.id, subj.clone()))
                        .cloned()
                        .unwrap_or_default();
                    let minimum = minimums.for_hours(hours.get(subj).copied().unwrap_or(0.0));
                    let standing = Standing {
                        kind: rules.kind(grade, subj, Some(period.num)),
                        exempt: exempt.contains(&(s.id, subj.clone())),
                        marks: &ms,
                        due: due_marks(minimum, share),
                    };
                    SubjectStanding {
                        subject: subj.clone(),
                        kind: standing.kind,
                        exempt: standing.exempt,
                        average: weighted_average(&scale_marks(&ms)),
                        marks: standing.counted(),
                        due: standing.due,
                    }
                })
                .collect();
            let finals = per
                .iter()
                .map(|st| {
                    finals
                        .get(&(s.id, st.subject.clone()))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect();
            let row = OverviewRow {
                name: s.name.clone(),
                missed: missed.get(&s.id).copied().unwrap_or(0),
                lessons,
                per_subject: per,
                finals,
            };
            rows.push(row);
        }
        let class = self
            .classes()?
            .into_iter()
            .find(|c| c.0 == class_id)
            .map(|c| c.1.to_string())
            .unwrap_or_default();
        Ok(ClassOverview {
            class,
            subjects,
            rows,
        })
    }
}
