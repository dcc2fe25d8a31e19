//! The audit log: one row per change, written in the change's own transaction.

use rusqlite::types::{ToSql, ToSqlOutput};
use rusqlite::{Transaction, params};

use super::Result;
use crate::domain::audit::{Action, Channel, Entity};
use crate::domain::ids::{CourseId, LessonId, StudentId, UserId};
use crate::domain::policy::Actor;

/// One change: what, to which row, the old and the new value.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub action: Action,
    pub entity: Entity,
    pub entity_id: Option<i64>,
    pub lesson_id: Option<LessonId>,
    pub student_id: Option<StudentId>,
    pub course_id: Option<CourseId>,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl AuditEntry {
    /// A change with nothing but what was done to what; the rest is filled in by
    /// struct update (`AuditEntry { new: …, ..AuditEntry::new(action, entity) }`).
    pub fn new(action: Action, entity: Entity) -> AuditEntry {
        AuditEntry {
            action,
            entity,
            entity_id: None,
            lesson_id: None,
            student_id: None,
            course_id: None,
            old: None,
            new: None,
        }
    }
}

/// When and how a change is made. It reads as the journal's time (`YYYY-MM-DD
/// HH:MM:SS`, on the date the program takes as today), which the rows themselves are
/// stamped with (a mark's time, a lock's); its audit row gets the real clock's time,
/// the journal's date when that is another, the channel and the operating-system user.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    /// The journal's time.
    pub(crate) at: String,
    /// The real clock's time.
    pub(crate) real: String,
    /// The journal's date, when the program runs with another date as today.
    pub(crate) today: Option<String>,
    pub(crate) channel: Option<Channel>,
    pub(crate) os_user: Option<String>,
}

impl Stamp {
    /// A stamp whose audit time is the journal's (a history built at given times).
    pub(crate) fn fixed(at: &str) -> Stamp {
        Stamp {
            at: at.to_string(),
            real: at.to_string(),
            today: None,
            channel: None,
            os_user: None,
        }
    }
}

impl std::ops::Deref for Stamp {
    type Target = str;

    fn deref(&self) -> &str {
        &self.at
    }
}

impl ToSql for Stamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.at.to_sql()
    }
}

/// A change being written: its transaction, who makes it and when. Every audited
/// write runs as one (`Store::change`), so who and when are said once and each audit
/// row is one call to [`Change::log`]. It reads as the transaction it wraps.
pub(crate) struct Change<'a, 'conn> {
    tx: &'a Transaction<'conn>,
    actor: &'a Actor,
    at: Stamp,
}

impl<'a, 'conn> Change<'a, 'conn> {
    pub(crate) fn new(tx: &'a Transaction<'conn>, actor: &'a Actor, at: Stamp) -> Self {
        Change { tx, actor, at }
    }

    /// The change's time in the journal, as stored (`YYYY-MM-DD HH:MM:SS`).
    pub(crate) fn at(&self) -> &str {
        &self.at
    }

    /// Writes one audit row of this change.
    pub(crate) fn log(&self, e: &AuditEntry) -> Result<()> {
        record(self.tx, self.actor, &self.at, e)
    }
}

impl<'conn> std::ops::Deref for Change<'_, 'conn> {
    type Target = Transaction<'conn>;

    fn deref(&self) -> &Transaction<'conn> {
        self.tx
    }
}

/// Writes the audit row of a change, in the change's own transaction: every writer
/// of the store comes here.
pub(crate) fn record(tx: &Transaction, actor: &Actor, at: &Stamp, e: &AuditEntry) -> Result<()> {
    insert(tx, actor.user_id, &actor.login, at, e)
}

/// Writes the audit row of a login, a failed one included: the login name as typed,
/// the account when there is one, and how (`new`: the way in, a lock's end).
pub(crate) fn record_session(
    tx: &Transaction,
    user_id: Option<UserId>,
    login: &str,
    at: &Stamp,
    action: Action,
    new: Option<String>,
) -> Result<()> {
    let e = AuditEntry {
        new,
        ..AuditEntry::new(action, Entity::Session)
    };
    insert(tx, user_id, login, at, &e)
}

fn insert(
    tx: &Transaction,
    user_id: Option<UserId>,
    login: &str,
    at: &Stamp,
    e: &AuditEntry,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit (at, user_id, actor, action, entity, entity_id, lesson_id,
                            student_id, course_id, old_value, new_value,
                            today, channel, os_user)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        at.real,
        user_id,
        login,
        e.action.as_str(),
        e.entity.as_str(),
        e.entity_id,
        e.lesson_id,
        e.student_id,
        e.course_id,
        e.old,
        e.new,
        at.today,
        at.channel.map(Channel::as_str),
        at.os_user
    ])?;
    Ok(())
}
