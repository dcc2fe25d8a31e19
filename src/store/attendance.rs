//! Attendance: one cell's code, a whole lesson's column, and the record that attendance
//! was taken for a lesson; each change audited.

use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::{AuditEntry, record};
use super::marks::{CellKey, Expect, check_cell};
use super::{Result, Store};
use crate::domain::attendance::AttendanceCode;
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{LessonId, StudentId};
use crate::domain::policy::Actor;
use crate::domain::rules::check_attendance;

impl Store {
    /// Sets (or with `None` clears) a student's attendance code for a lesson.
    pub fn set_attendance(
        &mut self,
        actor: &Actor,
        lesson_id: LessonId,
        student_id: StudentId,
        code: Option<&str>,
        expect: Expect<'_>,
    ) -> Result<()> {
        let (lesson, course) =
            self.enterable_cell(actor, lesson_id, student_id, check_attendance)?;
        // A code only for a lesson held; one entered for a later day may be cleared.
        if code.is_some() {
            self.check_held(lesson.date)?;
        }
        self.check_date_open(course.id, lesson.date)?;
        let code: Option<AttendanceCode> = match code {
            Some(c) => Some(self.attendance_codes()?.find(c)?.clone()),
            None => None,
        };
        let at = self.stamp();
        let cell = CellKey {
            course_id: course.id,
            lesson_id,
            student_id,
        };
        let new = code.map(|c| c.code);
        self.write(|tx| {
            check_cell(tx, lesson_id, student_id, expect)?;
            put_attendance(tx, actor, &at, cell, new.as_deref())?;
            Ok(())
        })
    }

    /// Sets several students' attendance for one lesson in one transaction (the whole
    /// column present, or its undo). Each change is checked and audited.
    pub fn set_column_attendance(
        &mut self,
        actor: &Actor,
        lesson_id: LessonId,
        changes: &[(StudentId, Option<String>)],
    ) -> Result<()> {
        let (lesson, course) = self.enterable_lesson(actor, lesson_id)?;
        if changes.iter().any(|(_, c)| c.is_some()) {
            self.check_held(lesson.date)?;
        }
        self.check_date_open(course.id, lesson.date)?;
        let codes = self.attendance_codes()?;
        for (_, c) in changes {
            if let Some(c) = c {
                codes.find(c)?;
            }
        }
        let at = self.stamp();
        self.write(|tx| {
            for (student_id, new) in changes {
                let cell = CellKey {
                    course_id: course.id,
                    lesson_id,
                    student_id: *student_id,
                };
                put_attendance(tx, actor, &at, cell, new.as_deref())?;
            }
            Ok(())
        })
    }

    /// Records that attendance was taken for a lesson (everyone present).
    pub fn mark_attendance_taken(&mut self, actor: &Actor, lesson_id: LessonId) -> Result<()> {
        let (lesson, course) = self.enterable_lesson(actor, lesson_id)?;
        self.check_held(lesson.date)?;
        self.check_date_open(course.id, lesson.date)?;
        let at = self.stamp();
        self.change(actor, |tx| {
            let before = tx.query_row(
                "SELECT attendance_taken_at FROM lesson WHERE id = ?1",
                [lesson_id],
                |r| r.get::<_, Option<String>>(0),
            )?;
            if before.is_some() {
                return Ok(());
            }
            mark_taken(tx, lesson_id, tx.at())?;
            tx.log(&AuditEntry {
                lesson_id: Some(lesson_id),
                course_id: Some(course.id),
                new: Some(at.at.clone()),
                ..AuditEntry::new(Action::Taken, Entity::Attendance)
            })
        })
    }

    /// The attendance code of a cell, if any.
    pub fn attendance_of(
        &self,
        lesson_id: LessonId,
        student_id: StudentId,
    ) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT code FROM attendance WHERE lesson_id = ?1 AND student_id = ?2",
                params![lesson_id, student_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// Attendance was taken for the lesson (the first time counts).
pub(crate) fn mark_taken(tx: &Transaction, lesson_id: LessonId, at: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE lesson SET attendance_taken_at = ?2 WHERE id = ?1 AND attendance_taken_at IS NULL",
    )?
    .execute(params![lesson_id, at])?;
    Ok(())
}

/// Writes one attendance code (or clears it) with its audit row; counts the lesson's
/// attendance as taken. Returns whether anything changed.
pub(crate) fn put_attendance(
    tx: &Transaction,
    actor: &Actor,
    at: &crate::store::audit::Stamp,
    cell: CellKey,
    new: Option<&str>,
) -> Result<bool> {
    let old: Option<String> = tx
        .prepare_cached("SELECT code FROM attendance WHERE lesson_id = ?1 AND student_id = ?2")?
        .query_row(params![cell.lesson_id, cell.student_id], |r| r.get(0))
        .optional()?;
    mark_taken(tx, cell.lesson_id, at)?;
    if old.as_deref() == new {
        return Ok(false);
    }
    write_attendance(tx, actor, at, cell, old, new)?;
    Ok(true)
}

/// Replaces a cell's attendance code `old` by `new` (`None` clears it), with its audit
/// row; nothing else.
pub(crate) fn write_attendance(
    tx: &Transaction,
    actor: &Actor,
    at: &crate::store::audit::Stamp,
    cell: CellKey,
    old: Option<String>,
    new: Option<&str>,
) -> Result<()> {
    let (lesson_id, student_id) = (cell.lesson_id, cell.student_id);
    match new {
        Some(c) => tx
            .prepare_cached(
                "INSERT INTO attendance (lesson_id, student_id, code, author_id, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (lesson_id, student_id) DO UPDATE
                 SET code = excluded.code, author_id = excluded.author_id, updated_at = excluded.updated_at",
            )?
            .execute(params![lesson_id, student_id, c, actor.user_id, at])?,
        None => tx
            .prepare_cached("DELETE FROM attendance WHERE lesson_id = ?1 AND student_id = ?2")?
            .execute(params![lesson_id, student_id])?,
    };
    record(
        tx,
        actor,
        at,
        &AuditEntry {
            lesson_id: Some(lesson_id),
            student_id: Some(student_id),
            course_id: Some(cell.course_id),
            old,
            new: new.map(str::to_string),
            ..AuditEntry::new(Action::Set, Entity::Attendance)
        },
    )
}
