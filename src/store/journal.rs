//! The journal page of one course and period: its lessons, students, marks,
//! attendance and finals, as the grid and the exports read them.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::params;

use super::courses::{CourseInfo, LessonInfo};
use super::marks::MarkCell;
use super::students::StudentRef;
use super::{Result, Store, fmt_date};
use crate::domain::calendar::Period;
use crate::domain::grading::Assessment;
use crate::domain::ids::{CourseId, LessonId, MarkId, StudentId};
use crate::domain::marks::{Mark, MarkValue, weighted_average};
use crate::domain::policy::{Actor, CourseScope, may_read_course};

/// A course's page for one period: lessons × students.
#[derive(Debug, Clone)]
pub struct JournalPage {
    pub course: CourseInfo,
    pub period: Period,
    pub lessons: Vec<LessonInfo>,
    pub students: Vec<StudentRef>,
    pub marks: HashMap<(LessonId, StudentId), Vec<MarkCell>>,
    pub attendance: HashMap<(LessonId, StudentId), String>,
    pub finals: HashMap<StudentId, String>,
    /// Only the lessons substituted to the reader: no totals or finals.
    pub restricted: bool,
    /// The period is closed for the course today: its deadline passed, and no deputy
    /// opened it again.
    pub closed: bool,
    /// How the course is assessed in the period.
    pub assessment: Assessment,
    /// The students exempted for the period, with the reason.
    pub exempt: HashMap<StudentId, String>,
    /// The marks the period needs from a student (by the course's weekly hours).
    pub minimum: i64,
}

impl JournalPage {
    /// The student's marks over the page, with their weights.
    pub fn student_marks(&self, student_id: StudentId) -> Vec<(Mark, f64)> {
        self.lessons
            .iter()
            .filter_map(|l| self.marks.get(&(l.id, student_id)))
            .flatten()
            .map(|m| (m.value, m.weight))
            .collect()
    }

    /// The student's weighted average over the page (marks 1–5 only).
    pub fn average(&self, student_id: StudentId) -> Option<f64> {
        let marks: Vec<(MarkValue, f64)> = self
            .student_marks(student_id)
            .into_iter()
            .filter_map(|(m, w)| m.scale().map(|v| (v, w)))
            .collect();
        weighted_average(&marks)
    }

    /// The cell as the journal prints it: attendance code, then marks.
    pub fn cell_text(&self, lesson_id: LessonId, student_id: StudentId, sep: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(a) = self.attendance.get(&(lesson_id, student_id)) {
            parts.push(a.clone());
        }
        if let Some(ms) = self.marks.get(&(lesson_id, student_id)) {
            parts.extend(ms.iter().map(|m| m.value.as_str().to_string()));
        }
        parts.join(sep)
    }
}

impl Store {
    /// The page of a course for one period, for those the policy lets read it.
    pub fn journal_page(
        &self,
        actor: &Actor,
        course_id: CourseId,
        period: &Period,
    ) -> Result<JournalPage> {
        let course = self.course(course_id)?;
        let scope = CourseScope {
            teacher_id: course.teacher_id,
            class_id: course.class_id,
        };
        let mut lessons = self.lessons(course_id, period.start, period.end)?;
        // A substitute sees the lessons substituted to them, and nothing else of the course.
        let restricted = match may_read_course(actor, scope) {
            Ok(()) => false,
            Err(e) => {
                lessons.retain(|l| l.conducted_by.is_some() && l.conducted_by == actor.staff_id);
                if lessons.is_empty() {
                    return Err(e.into());
                }
                true
            }
        };
        let students = self.course_students(course_id, period.start, period.end)?;
        let (from, to) = (fmt_date(period.start), fmt_date(period.end));
        let mut marks: HashMap<(LessonId, StudentId), Vec<MarkCell>> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT m.lesson_id, m.student_id, m.id, m.value, w.short, m.weight, m.passed
             FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN work_type w ON w.id = m.work_type_id
             WHERE l.course_id = ?1 AND l.date BETWEEN ?2 AND ?3 ORDER BY m.id",
        )?;
        let rows = st.query_map(params![course_id, from, to], |r| {
            Ok((
                r.get::<_, LessonId>(0)?,
                r.get::<_, StudentId>(1)?,
                r.get::<_, MarkId>(2)?,
                super::marks::stored_mark(r.get(3)?, r.get(6)?)?,
                r.get::<_, String>(4)?,
                r.get::<_, f64>(5)?,
            ))
        })?;
        for row in rows {
            let (l, s, id, v, wt, w) = row?;
            marks.entry((l, s)).or_default().push(MarkCell {
                id,
                value: v,
                work_type: wt,
                weight: w,
            });
        }
        let mut attendance = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT a.lesson_id, a.student_id, a.code FROM attendance a JOIN lesson l ON l.id = a.lesson_id
             WHERE l.course_id = ?1 AND l.date BETWEEN ?2 AND ?3",
        )?;
        for row in st.query_map(params![course_id, from, to], |r| {
            Ok((
                r.get::<_, LessonId>(0)?,
                r.get::<_, StudentId>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (l, s, c) = row?;
            attendance.insert((l, s), c);
        }
        if restricted {
            let shown: HashSet<LessonId> = lessons.iter().map(|l| l.id).collect();
            marks.retain(|(l, _), _| shown.contains(l));
            attendance.retain(|(l, _), _| shown.contains(l));
        }
        let mut finals = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT student_id, value FROM final_mark WHERE course_id = ?1 AND period_id = ?2",
        )?;
        for row in st.query_map(params![course_id, period.id], |r| {
            Ok((r.get::<_, StudentId>(0)?, r.get::<_, String>(1)?))
        })? {
            let (s, v) = row?;
            if !restricted {
                finals.insert(s, v);
            }
        }
        let closed = self.period_locked(course_id, period)?;
        let assessment = self.course_assessment(&course, Some(period))?;
        let exempt = if restricted {
            HashMap::new()
        } else {
            self.exemptions(course_id, period.id)?
        };
        let minimum = self.minimums()?.for_hours(course.hours);
        Ok(JournalPage {
            course,
            period: period.clone(),
            lessons,
            students,
            marks,
            attendance,
            finals,
            restricted,
            closed,
            assessment,
            exempt,
            minimum,
        })
    }

    /// The lessons of a course on a date.
    pub fn lessons_on(&self, course_id: CourseId, date: NaiveDate) -> Result<Vec<LessonInfo>> {
        self.lessons(course_id, date, date)
    }

    /// Whether the user may work with a course at all: read it, or substitute in it.
    pub fn may_open_course(&self, actor: &Actor, course: &CourseInfo) -> Result<()> {
        let scope = CourseScope {
            teacher_id: course.teacher_id,
            class_id: course.class_id,
        };
        match may_read_course(actor, scope) {
            Ok(()) => Ok(()),
            Err(e) => {
                let substitutes: i64 = self.row(
                    "SELECT count(*) FROM lesson WHERE course_id = ?1 AND conducted_by = ?2",
                    params![course.id, actor.staff_id],
                    |r| r.get(0),
                )?;
                if substitutes > 0 {
                    Ok(())
                } else {
                    Err(e.into())
                }
            }
        }
    }
}
