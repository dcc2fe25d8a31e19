//! Bulk writes for building a journal's history in one transaction (the demo school).
//! Callers build valid data by construction; `zhurnal check` verifies it afterwards. The
//! rows and their audit entries are written by the same helpers as the checked writes.

use rusqlite::{Transaction, TransactionBehavior, params};

use super::attendance::write_attendance;
use super::audit::Stamp;
use super::finals::{FinalKey, write_final};
use super::marks::{CellKey, NewMark, insert_mark};
use super::{Result, Store};
use crate::domain::ids::{CourseId, LessonId, PeriodId, StudentId};
use crate::domain::policy::Actor;

/// A transaction open for many inserts; dropped without `commit`, it writes nothing.
pub struct Bulk<'a> {
    tx: Transaction<'a>,
}

impl Store {
    pub fn bulk(&mut self) -> Result<Bulk<'_>> {
        self.ensure_writable()?;
        Ok(Bulk {
            tx: self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?,
        })
    }
}

impl Bulk<'_> {
    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn set_lesson(
        &self,
        lesson_id: LessonId,
        topic: &str,
        homework: &str,
        work_type_id: Option<i64>,
        plan_item_id: Option<i64>,
        attendance_taken_at: Option<&str>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE lesson SET topic = ?2, homework = ?3, work_type_id = ?4, plan_item_id = ?5,
                        attendance_taken_at = ?6 WHERE id = ?1",
            )?
            .execute(params![
                lesson_id,
                topic,
                homework,
                work_type_id,
                plan_item_id,
                attendance_taken_at
            ])?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn mark(
        &self,
        actor: &Actor,
        at: &str,
        course_id: CourseId,
        lesson_id: LessonId,
        student_id: StudentId,
        value: i64,
        work_type: (i64, &str, f64),
    ) -> Result<()> {
        let value = crate::domain::marks::MarkValue::new(value)?;
        self.entered_mark(
            actor,
            at,
            course_id,
            lesson_id,
            student_id,
            value.into(),
            work_type,
        )
    }

    /// A mark 1–5 or a «зач»/«незач», as [`Self::mark`] writes a mark.
    #[allow(clippy::too_many_arguments)]
    pub fn entered_mark(
        &self,
        actor: &Actor,
        at: &str,
        course_id: CourseId,
        lesson_id: LessonId,
        student_id: StudentId,
        value: crate::domain::marks::Mark,
        work_type: (i64, &str, f64),
    ) -> Result<()> {
        let cell = CellKey {
            course_id,
            lesson_id,
            student_id,
        };
        let mark = NewMark {
            value,
            work_type_id: work_type.0,
            short: work_type.1,
            weight: work_type.2,
            comment: "",
        };
        insert_mark(&self.tx, actor, &Stamp::fixed(at), cell, &mark).map(|_| ())
    }

    pub fn attendance(
        &self,
        actor: &Actor,
        at: &str,
        course_id: CourseId,
        lesson_id: LessonId,
        student_id: StudentId,
        code: &str,
    ) -> Result<()> {
        let cell = CellKey {
            course_id,
            lesson_id,
            student_id,
        };
        write_attendance(&self.tx, actor, &Stamp::fixed(at), cell, None, Some(code))
    }

    pub fn final_mark(
        &self,
        actor: &Actor,
        at: &str,
        course_id: CourseId,
        student_id: StudentId,
        period_id: Option<PeriodId>,
        value: &str,
    ) -> Result<()> {
        let key = FinalKey {
            course_id,
            student_id,
            period_id,
        };
        write_final(
            &self.tx,
            actor,
            &Stamp::fixed(at),
            key,
            None,
            Some(value.to_string()),
        )
    }
}
