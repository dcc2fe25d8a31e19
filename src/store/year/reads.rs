//! The closing year as the close reads it: its classes, enrolments, courses and
//! group memberships.

use super::super::{Result, Store, parse_date};
use crate::domain::class_name::ClassName;
use crate::domain::enrollment::Stay;
use crate::domain::ids::{ClassId, CourseId, StaffId, StudentId};
use crate::domain::names::FullName;

impl Store {
    pub(super) fn year_classes(&self, year_id: i64) -> Result<Vec<OldClass>> {
        let mut st = self.conn.prepare(
            "SELECT id, grade, letter, teacher_id FROM class WHERE year_id = ?1 ORDER BY grade, letter",
        )?;
        let rows = st
            .query_map([year_id], |r| {
                Ok(OldClass {
                    id: r.get(0)?,
                    name: ClassName {
                        grade: r.get(1)?,
                        letter: r.get(2)?,
                    },
                    teacher_id: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub(super) fn year_enrollments(&self, year_id: i64) -> Result<Vec<Enrolled>> {
        let mut st = self.conn.prepare(
            "SELECT e.id, e.student_id, e.class_id, e.start_date, e.end_date,
                    s.last_name, s.first_name, s.patronymic
             FROM enrollment e JOIN class k ON k.id = e.class_id JOIN student s ON s.id = e.student_id
             WHERE k.year_id = ?1 ORDER BY e.id",
        )?;
        let rows = st
            .query_map([year_id], |r| {
                let end: Option<String> = r.get(4)?;
                Ok(Enrolled {
                    id: r.get(0)?,
                    student_id: r.get(1)?,
                    stay: Stay {
                        class_id: r.get(2)?,
                        start: parse_date(&r.get::<_, String>(3)?)?,
                        end: end.map(|e| parse_date(&e)).transpose()?,
                    },
                    name: FullName::new(
                        &r.get::<_, String>(5)?,
                        &r.get::<_, String>(6)?,
                        &r.get::<_, String>(7)?,
                    ),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub(super) fn year_courses(&self, year_id: i64) -> Result<Vec<OldCourse>> {
        let mut st = self.conn.prepare(
            "SELECT c.id, c.class_id, c.subject_id, s.name, c.subgroup_id, g.name, c.teacher_id, c.hours
             FROM course c JOIN class k ON k.id = c.class_id JOIN subject s ON s.id = c.subject_id
             LEFT JOIN subgroup g ON g.id = c.subgroup_id
             WHERE k.year_id = ?1 ORDER BY c.id",
        )?;
        let rows = st
            .query_map([year_id], |r| {
                let sg: Option<i64> = r.get(4)?;
                let sg_name: Option<String> = r.get(5)?;
                Ok(OldCourse {
                    id: r.get(0)?,
                    class_id: r.get(1)?,
                    subject_id: r.get(2)?,
                    subject: r.get(3)?,
                    subgroup: sg.zip(sg_name),
                    teacher_id: r.get(6)?,
                    hours: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub(super) fn year_members(&self, year_id: i64) -> Result<Vec<Member>> {
        let mut st = self.conn.prepare(
            "SELECT m.subgroup_id, m.student_id, g.class_id, g.name
             FROM subgroup_member m JOIN subgroup g ON g.id = m.subgroup_id
             JOIN class k ON k.id = g.class_id WHERE k.year_id = ?1",
        )?;
        let rows = st
            .query_map([year_id], |r| {
                Ok(Member {
                    subgroup_id: r.get(0)?,
                    student_id: r.get(1)?,
                    class_id: r.get(2)?,
                    name: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// A class of the closing year.
#[derive(Debug, Clone)]
pub(super) struct OldClass {
    pub(super) id: ClassId,
    pub(super) name: ClassName,
    pub(super) teacher_id: Option<StaffId>,
}

/// One enrollment in a class of the closing year.
#[derive(Debug, Clone)]
pub(super) struct Enrolled {
    pub(super) id: i64,
    pub(super) student_id: StudentId,
    pub(super) stay: Stay,
    pub(super) name: FullName,
}

#[derive(Debug, Clone)]
pub(super) struct OldCourse {
    pub(super) id: CourseId,
    pub(super) class_id: ClassId,
    pub(super) subject_id: i64,
    pub(super) subject: String,
    pub(super) subgroup: Option<(i64, String)>,
    pub(super) teacher_id: StaffId,
    pub(super) hours: f64,
}

impl OldCourse {
    /// «Алгебра» or «Английский язык (гр. 1)».
    pub(super) fn title(&self) -> String {
        match &self.subgroup {
            Some((_, g)) => format!("{} ({} {g})", self.subject, crate::i18n::pick("гр.", "gr.")),
            None => self.subject.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Member {
    pub(super) subgroup_id: i64,
    pub(super) student_id: StudentId,
    pub(super) class_id: ClassId,
    pub(super) name: String,
}
