//! Courses and their lessons as lists and titles show them, the plan items of a
//! course, and the classes of the year.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{Detail, Result, Store, StoreError, fmt_date, parse_date};
use crate::domain::class_name::ClassName;
use crate::domain::ids::{ClassId, CourseId, LessonId, StaffId};
use crate::domain::names::FullName;
use crate::domain::timetable::Slot;
use crate::i18n::pick;
use crate::tr;

/// A course with what lists and titles show of it.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseInfo {
    pub id: CourseId,
    pub class_id: ClassId,
    pub class: ClassName,
    pub subgroup: Option<(i64, String)>,
    pub subject: String,
    pub teacher_id: StaffId,
    pub teacher: FullName,
    pub hours: f64,
}

impl CourseInfo {
    /// «7Б Алгебра» or «7Б Английский язык (гр. 1)».
    pub fn title(&self) -> String {
        course_title(
            &self.class,
            &self.subject,
            self.subgroup.as_ref().map(|(_, g)| g.as_str()),
        )
    }
}

const COURSE_SELECT: &str =
    "SELECT c.id, c.class_id, k.grade, k.letter, c.subgroup_id, g.name, s.name,
        c.teacher_id, t.last_name, t.first_name, t.patronymic, c.hours
     FROM course c
     JOIN class k ON k.id = c.class_id
     JOIN subject s ON s.id = c.subject_id
     JOIN staff t ON t.id = c.teacher_id
     LEFT JOIN subgroup g ON g.id = c.subgroup_id";

fn course_row(r: &rusqlite::Row) -> rusqlite::Result<CourseInfo> {
    let sg: Option<i64> = r.get(4)?;
    let sg_name: Option<String> = r.get(5)?;
    Ok(CourseInfo {
        id: r.get(0)?,
        class_id: r.get(1)?,
        class: ClassName {
            grade: r.get(2)?,
            letter: r.get(3)?,
        },
        subgroup: sg.zip(sg_name),
        subject: r.get(6)?,
        teacher_id: r.get(7)?,
        teacher: FullName::new(
            &r.get::<_, String>(8)?,
            &r.get::<_, String>(9)?,
            &r.get::<_, String>(10)?,
        ),
        hours: r.get(11)?,
    })
}

/// A lesson row as the journal needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonInfo {
    pub id: LessonId,
    pub course_id: CourseId,
    pub date: NaiveDate,
    pub lesson_no: i64,
    pub topic: String,
    pub homework: String,
    pub work_type_id: Option<i64>,
    pub conducted_by: Option<StaffId>,
    /// When attendance was taken; `None` while nobody has checked.
    pub attendance_taken: Option<String>,
    /// written, oral, reading, project, other; empty without homework.
    pub homework_kind: String,
    pub note: String,
    pub plan_item_id: Option<i64>,
}

impl Store {
    pub fn course(&self, id: CourseId) -> Result<CourseInfo> {
        self.row(
            &format!("{COURSE_SELECT} WHERE c.id = ?1"),
            [id],
            course_row,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(tr!("нет курса {}", "no course {}", id)))
    }

    /// All courses of the current year, by class and subject.
    pub fn courses(&self) -> Result<Vec<CourseInfo>> {
        let year = self.current_year()?.id;
        let mut st = self.conn.prepare_cached(&format!(
            "{COURSE_SELECT} WHERE k.year_id = ?1 ORDER BY k.grade, k.letter, s.name, g.name"
        ))?;
        let rows = st
            .query_map([year], course_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The staff's active accounts, by surname: who may be given a course (login, name).
    pub fn staff_accounts(&self) -> Result<Vec<(String, FullName)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT u.login, s.last_name, s.first_name, s.patronymic
             FROM users u JOIN staff s ON s.id = u.staff_id
             WHERE u.active = 1 AND s.active = 1
             ORDER BY s.last_name, s.first_name, s.patronymic, u.login",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    FullName::new(
                        &r.get::<_, String>(1)?,
                        &r.get::<_, String>(2)?,
                        &r.get::<_, String>(3)?,
                    ),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Finds the course a user names by class, subject and (for split classes) group.
    pub fn find_course(
        &self,
        class: &str,
        subject: &str,
        group: Option<&str>,
    ) -> Result<CourseInfo> {
        let cn = ClassName::parse(class).map_err(StoreError::Invalid)?;
        let subject_l = subject.trim().to_lowercase();
        let all: Vec<CourseInfo> = self
            .courses()?
            .into_iter()
            .filter(|c| c.class == cn && c.subject.to_lowercase() == subject_l)
            .collect();
        let chosen: Vec<&CourseInfo> = match group {
            Some(g) => all
                .iter()
                .filter(|c| c.subgroup.as_ref().is_some_and(|(_, n)| n == g.trim()))
                .collect(),
            None => all.iter().collect(),
        };
        match chosen.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(StoreError::NotFound(tr!(
                "нет курса «{} {}»{}",
                "no course «{} {}»{}",
                cn,
                subject.trim(),
                group.map(|g| format!(" ({g})")).unwrap_or_default()
            ))),
            many => Err(StoreError::Unclear {
                message: tr!(
                    "«{} {}» ведётся по группам ({}): укажите группу",
                    "«{} {}» is taught in groups ({}): give the group",
                    cn,
                    subject.trim(),
                    many.iter()
                        .filter_map(|c| c.subgroup.as_ref().map(|g| g.1.clone()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                need: Detail::Group,
            }),
        }
    }

    /// Lessons of a course between two dates, in order.
    pub fn lessons(
        &self,
        course_id: CourseId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<LessonInfo>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, course_id, date, lesson_no, topic, homework, work_type_id, conducted_by, attendance_taken_at,
                    homework_kind, note, plan_item_id
             FROM lesson WHERE course_id = ?1 AND date BETWEEN ?2 AND ?3 AND cancelled_reason IS NULL
             ORDER BY date, lesson_no",
        )?;
        let rows = st
            .query_map(params![course_id, fmt_date(from), fmt_date(to)], lesson_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn lesson(&self, id: LessonId) -> Result<LessonInfo> {
        self.row(
                "SELECT id, course_id, date, lesson_no, topic, homework, work_type_id, conducted_by, attendance_taken_at,
                    homework_kind, note, plan_item_id
                 FROM lesson WHERE id = ?1",
                [id],
                lesson_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(tr!("нет урока {}", "no lesson {}", id)))
    }

    /// The plan items of a course: (id, order, topic, hours).
    pub fn plan(&self, course_id: CourseId) -> Result<Vec<(i64, i64, String, i64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, ord, topic, hours FROM plan_item WHERE course_id = ?1 ORDER BY ord",
        )?;
        let rows = st
            .query_map([course_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every class of the current year: (id, name, class teacher).
    pub fn classes(&self) -> Result<Vec<(ClassId, ClassName, Option<StaffId>)>> {
        let year = self.current_year()?.id;
        let mut st = self
            .conn
            .prepare_cached("SELECT id, grade, letter, teacher_id FROM class WHERE year_id = ?1 ORDER BY grade, letter")?;
        let rows = st
            .query_map([year], |r| {
                Ok((
                    r.get(0)?,
                    ClassName {
                        grade: r.get(1)?,
                        letter: r.get(2)?,
                    },
                    r.get(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn lesson_row(r: &rusqlite::Row) -> rusqlite::Result<LessonInfo> {
    Ok(LessonInfo {
        id: r.get(0)?,
        course_id: r.get(1)?,
        date: parse_date(&r.get::<_, String>(2)?)?,
        lesson_no: r.get(3)?,
        topic: r.get(4)?,
        homework: r.get(5)?,
        work_type_id: r.get(6)?,
        conducted_by: r.get(7)?,
        attendance_taken: r.get(8)?,
        homework_kind: r.get(9)?,
        note: r.get(10)?,
        plan_item_id: r.get(11)?,
    })
}

/// «7Б Алгебра» or «7Б Английский язык (гр. 1)».
pub(crate) fn course_title(class: &ClassName, subject: &str, group: Option<&str>) -> String {
    match group {
        Some(g) => format!("{class} {subject} ({} {g})", pick("гр.", "gr.")),
        None => format!("{class} {subject}"),
    }
}

/// A course's timetable slots, on a connection or inside a transaction.
pub(crate) fn course_slots(conn: &rusqlite::Connection, course_id: CourseId) -> Result<Vec<Slot>> {
    let mut st = conn.prepare_cached(
        "SELECT weekday, lesson_no, valid_from, valid_to FROM timetable WHERE course_id = ?1",
    )?;
    let rows = st
        .query_map([course_id], |r| {
            Ok(Slot {
                weekday: r.get(0)?,
                lesson_no: r.get(1)?,
                valid_from: parse_date(&r.get::<_, String>(2)?)?,
                valid_to: parse_date(&r.get::<_, String>(3)?)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
