//! The audit log: one row per change, written in the change's own transaction.

use rusqlite::{Transaction, params};

use super::Result;
use crate::domain::policy::Actor;

/// One change: what, to which row, the old and the new value.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub lesson_id: Option<i64>,
    pub student_id: Option<i64>,
    pub course_id: Option<i64>,
    pub old: Option<String>,
    pub new: Option<String>,
}

pub(crate) fn record(tx: &Transaction, actor: &Actor, at: &str, e: &AuditEntry) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit (at, user_id, actor, action, entity, entity_id, lesson_id,
                            student_id, course_id, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        at,
        actor.user_id,
        actor.login,
        e.action,
        e.entity,
        e.entity_id,
        e.lesson_id,
        e.student_id,
        e.course_id,
        e.old,
        e.new
    ])?;
    Ok(())
}
