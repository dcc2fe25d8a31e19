//! A teacher's day and courses, and logging in.

use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::courses::CourseInfo;
use super::{Result, Store, fmt_date};
use crate::domain::ids::{CourseId, LessonId, StaffId};
use crate::domain::names::FullName;
use crate::domain::policy::Actor;

/// One lesson of a teacher's day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayLesson {
    pub lesson_id: LessonId,
    pub course_id: CourseId,
    pub lesson_no: i64,
    pub time: String,
    pub course: String,
    pub room: String,
    /// The teacher substitutes for this lesson's own teacher.
    pub substitute_for: Option<FullName>,
}

impl Store {
    /// The teacher's lessons on a date: their own (unless someone substitutes) and the
    /// ones they substitute, by lesson number. Cancelled lessons are left out: they are
    /// not in the grid either, so there is nothing to open.
    pub fn teacher_day(&self, staff_id: StaffId, date: NaiveDate) -> Result<Vec<DayLesson>> {
        let mut st = self.conn.prepare_cached(
            "SELECT l.id, l.course_id, l.lesson_no, k.grade,
                    coalesce((SELECT t.room FROM timetable t WHERE t.course_id = l.course_id AND t.weekday = ?3
                      AND t.lesson_no = l.lesson_no AND ?2 BETWEEN t.valid_from AND t.valid_to LIMIT 1), ''),
                    c.teacher_id, s.last_name, s.first_name, s.patronymic
             FROM lesson l JOIN course c ON c.id = l.course_id JOIN staff s ON s.id = c.teacher_id
             JOIN class k ON k.id = c.class_id
             WHERE l.date = ?2 AND l.cancelled_reason IS NULL
               AND ((c.teacher_id = ?1 AND (l.conducted_by IS NULL OR l.conducted_by = ?1))
                    OR l.conducted_by = ?1)
             ORDER BY l.lesson_no",
        )?;
        let rows = st
            .query_map(
                params![
                    staff_id,
                    fmt_date(date),
                    date.weekday().number_from_monday()
                ],
                |r| {
                    Ok((
                        r.get::<_, LessonId>(0)?,
                        r.get::<_, CourseId>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, StaffId>(5)?,
                        FullName::new(
                            &r.get::<_, String>(6)?,
                            &r.get::<_, String>(7)?,
                            &r.get::<_, String>(8)?,
                        ),
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Each lesson's own bell: a first grade's may differ, and by the time of year.
        let bells = self.bells()?;
        let mut out = Vec::new();
        for (lesson_id, course_id, lesson_no, grade, room, teacher, teacher_name) in rows {
            out.push(DayLesson {
                lesson_id,
                course_id,
                lesson_no,
                time: bells.span(lesson_no, grade, date),
                course: self.course(course_id)?.title(),
                room,
                substitute_for: (teacher != staff_id).then_some(teacher_name),
            });
        }
        Ok(out)
    }

    /// The teacher's courses this year, by class and subject.
    pub fn teacher_courses(&self, staff_id: StaffId) -> Result<Vec<CourseInfo>> {
        Ok(self
            .courses()?
            .into_iter()
            .filter(|c| c.teacher_id == staff_id)
            .collect())
    }
}

impl Store {
    /// «Фамилия И.О.» of a staff member's account, else the login.
    pub fn actor_display_name(&self, actor: &Actor) -> Result<String> {
        Ok(self
            .conn
            .query_row(
                "SELECT display_name FROM users WHERE login = ?1",
                [&actor.login],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .unwrap_or_else(|| actor.login.clone()))
    }
}
