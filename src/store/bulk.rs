//! Bulk writes for building a journal's history in one transaction (the demo school).
//! Callers build valid data by construction; `zhurnal check` verifies it afterwards.

use rusqlite::{Transaction, TransactionBehavior, params};

use super::audit::{AuditEntry, record};
use super::{Result, Store};
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
        lesson_id: i64,
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
        course_id: i64,
        lesson_id: i64,
        student_id: i64,
        value: i64,
        work_type: (i64, &str, f64),
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO mark (lesson_id, student_id, value, work_type_id, weight, author_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )?
            .execute(params![lesson_id, student_id, value, work_type.0, work_type.2, actor.user_id, at])?;
        let id = self.tx.last_insert_rowid();
        record(
            &self.tx,
            actor,
            at,
            &AuditEntry {
                action: "create",
                entity: "mark",
                entity_id: Some(id),
                lesson_id: Some(lesson_id),
                student_id: Some(student_id),
                course_id: Some(course_id),
                old: None,
                new: Some(format!("{value} {}", work_type.1)),
            },
        )
    }

    pub fn attendance(
        &self,
        actor: &Actor,
        at: &str,
        course_id: i64,
        lesson_id: i64,
        student_id: i64,
        code: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO attendance (lesson_id, student_id, code, author_id, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![lesson_id, student_id, code, actor.user_id, at])?;
        record(
            &self.tx,
            actor,
            at,
            &AuditEntry {
                action: "set",
                entity: "attendance",
                lesson_id: Some(lesson_id),
                student_id: Some(student_id),
                course_id: Some(course_id),
                new: Some(code.to_string()),
                ..Default::default()
            },
        )
    }

    pub fn final_mark(
        &self,
        actor: &Actor,
        at: &str,
        course_id: i64,
        student_id: i64,
        period_id: Option<i64>,
        value: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO final_mark (student_id, course_id, period_id, value, author_id, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![student_id, course_id, period_id, value, actor.user_id, at])?;
        record(
            &self.tx,
            actor,
            at,
            &AuditEntry {
                action: "set",
                entity: "final",
                entity_id: period_id,
                student_id: Some(student_id),
                course_id: Some(course_id),
                new: Some(value.to_string()),
                ..Default::default()
            },
        )
    }
}
