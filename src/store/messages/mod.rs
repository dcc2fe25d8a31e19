//! Messages: conversations between the school and families. The store finds who is tied
//! to whom today; `domain::messages` decides who may write to whom. Members of a
//! conversation read it; the administrator reads others' only through `review_messages`,
//! which the audit log records. Nothing here deletes or edits a message (the schema's
//! triggers refuse it too).

mod circle;

use crate::domain::text::{self, Field};
use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::audit::{AuditEntry, record};
use super::{Result, Store, StoreError, fmt_date};
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{ClassId, StudentId, UserId};
use crate::domain::messages::{Party, may_write};
use crate::domain::policy::Actor;
use crate::domain::roles::Role;
use crate::tr;
pub use circle::Contact;
use circle::Person;

/// The longest message body, in characters.
pub const MAX_BODY: usize = 20_000;
/// The longest subject, in characters.
pub const MAX_SUBJECT: usize = 200;

/// What a message is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MessageKind {
    Text,
    WeeklyReport,
}

impl MessageKind {
    fn as_str(self) -> &'static str {
        match self {
            MessageKind::Text => "text",
            MessageKind::WeeklyReport => "weekly_report",
        }
    }
}

/// A conversation in the user's list.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadRow {
    pub id: i64,
    pub subject: String,
    /// The other members' names.
    pub with: String,
    pub last_at: String,
    pub messages: i64,
    /// Messages from others the user has not read.
    pub unread: i64,
}

/// One message as a member sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageRow {
    pub id: i64,
    pub author: String,
    /// Written by the reader.
    pub mine: bool,
    pub kind: MessageKind,
    pub sent_at: String,
    pub body: String,
    /// Who else has read it, and when (the read receipts).
    pub read_by: Vec<(String, String)>,
    /// From someone else and not read by the reader before this view.
    pub unread: bool,
}

/// A conversation with its messages, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Thread {
    pub id: i64,
    pub subject: String,
    pub members: Vec<String>,
    pub messages: Vec<MessageRow>,
}

fn not_member() -> StoreError {
    StoreError::Rule(crate::domain::RuleError::Forbidden(tr!(
        "это не ваша переписка",
        "this conversation is not yours"
    )))
}

impl Store {
    /// Starts a conversation with one person (a user id), someone the writer may write
    /// to; returns the thread's id. One person a conversation: parents of different
    /// children never share one (only the weekly report goes to a child's parents
    /// together).
    pub fn start_thread(
        &mut self,
        actor: &Actor,
        to: UserId,
        subject: &str,
        body: &str,
    ) -> Result<i64> {
        self.start_thread_as(actor, &[to], subject, body, MessageKind::Text)
    }

    fn start_thread_as(
        &mut self,
        actor: &Actor,
        to: &[UserId],
        subject: &str,
        body: &str,
        kind: MessageKind,
    ) -> Result<i64> {
        let me = actor.user_id.ok_or(StoreError::NoAccount)?;
        let (subject, body) = checked(subject, body)?;
        let mut to: Vec<UserId> = to.iter().copied().filter(|u| *u != me).collect();
        to.sort_unstable();
        to.dedup();
        if to.is_empty() {
            return Err(StoreError::Invalid(tr!(
                "кому? укажите получателя",
                "to whom? name a recipient"
            )));
        }
        let from = Party::of(actor);
        let circle = self.circle(actor)?;
        let people: HashMap<UserId, Person> = self
            .people(Some(&to))?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        for id in &to {
            let Some(p) = people.get(id) else {
                return Err(StoreError::NotFound(tr!(
                    "получатель не найден или отключён",
                    "the recipient does not exist or is deactivated"
                )));
            };
            may_write(&from, &p.party, &circle.ties(p)).map_err(|e| match e {
                crate::domain::RuleError::Forbidden(why) => StoreError::Rule(
                    crate::domain::RuleError::Forbidden(format!("{}: {why}", p.name)),
                ),
                other => StoreError::Rule(other),
            })?;
        }
        let at = self.stamp();
        let recipients = to
            .iter()
            .filter_map(|u| people.get(u).map(|p| p.login.clone()))
            .collect::<Vec<_>>()
            .join(", ");
        self.write(|tx| {
            tx.execute(
                "INSERT INTO message_thread (subject, created_by, created_at) VALUES (?1, ?2, ?3)",
                params![subject, me, at],
            )?;
            let thread = tx.last_insert_rowid();
            let mut st = tx
                .prepare_cached("INSERT INTO thread_member (thread_id, user_id) VALUES (?1, ?2)")?;
            st.execute(params![thread, me])?;
            for u in &to {
                st.execute(params![thread, u])?;
            }
            insert_message(tx, actor, thread, me, kind, &body, &at, Some(recipients))?;
            Ok(thread)
        })
    }

    fn is_member(&self, thread: i64, user: UserId) -> Result<bool> {
        Ok(self
            .row(
                "SELECT 1 FROM thread_member WHERE thread_id = ?1 AND user_id = ?2",
                params![thread, user],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Answers in a conversation the user is a member of; returns the message's id.
    pub fn reply(&mut self, actor: &Actor, thread: i64, body: &str) -> Result<i64> {
        let me = actor.user_id.ok_or(StoreError::NoAccount)?;
        if !self.is_member(thread, me)? {
            return Err(not_member());
        }
        let (_, body) = checked("", body)?;
        let at = self.stamp();
        self.write(|tx| insert_message(tx, actor, thread, me, MessageKind::Text, &body, &at, None))
    }

    /// The user's conversations, the latest first.
    pub fn threads(&self, actor: &Actor) -> Result<Vec<ThreadRow>> {
        let me = actor.user_id.ok_or(StoreError::NoAccount)?;
        self.thread_rows(me)
    }

    fn thread_rows(&self, user: UserId) -> Result<Vec<ThreadRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT t.id, t.subject,
                    (SELECT group_concat(u.display_name, ', ') FROM thread_member o
                     JOIN users u ON u.id = o.user_id
                     WHERE o.thread_id = t.id AND o.user_id <> ?1),
                    (SELECT max(m.sent_at) FROM message m WHERE m.thread_id = t.id),
                    (SELECT count(*) FROM message m WHERE m.thread_id = t.id),
                    (SELECT count(*) FROM message m WHERE m.thread_id = t.id AND m.author_id <> ?1
                       AND NOT EXISTS (SELECT 1 FROM message_read r
                                       WHERE r.message_id = m.id AND r.user_id = ?1)),
                    (SELECT max(m.id) FROM message m WHERE m.thread_id = t.id)
             FROM message_thread t JOIN thread_member tm ON tm.thread_id = t.id AND tm.user_id = ?1
             ORDER BY 7 DESC",
        )?;
        let rows = st.query_map([user], |r| {
            Ok(ThreadRow {
                id: r.get(0)?,
                subject: r.get(1)?,
                with: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                last_at: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                messages: r.get(4)?,
                unread: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many messages from others the user has not read.
    pub fn unread_messages(&self, actor: &Actor) -> Result<i64> {
        let Some(me) = actor.user_id else {
            return Ok(0);
        };
        Ok(self.row(
            "SELECT count(*) FROM thread_member tm JOIN message m ON m.thread_id = tm.thread_id
             WHERE tm.user_id = ?1 AND m.author_id <> ?1
               AND NOT EXISTS (SELECT 1 FROM message_read r
                               WHERE r.message_id = m.id AND r.user_id = ?1)",
            [me],
            |r| r.get(0),
        )?)
    }

    /// A conversation of the user's, oldest message first, with read receipts.
    pub fn thread(&self, actor: &Actor, thread: i64) -> Result<Thread> {
        let me = actor.user_id.ok_or(StoreError::NoAccount)?;
        if !self.is_member(thread, me)? {
            return Err(not_member());
        }
        self.load_thread(thread, Some(me))
    }

    fn load_thread(&self, thread: i64, reader: Option<UserId>) -> Result<Thread> {
        let subject: String = self.row(
            "SELECT subject FROM message_thread WHERE id = ?1",
            [thread],
            |r| r.get(0),
        )?;
        let mut st = self.conn.prepare_cached(
            "SELECT u.display_name FROM thread_member tm JOIN users u ON u.id = tm.user_id
             WHERE tm.thread_id = ?1 ORDER BY u.display_name",
        )?;
        let members = st
            .query_map([thread], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let mut receipts = self.conn.prepare_cached(
            "SELECT u.display_name, r.read_at FROM message_read r JOIN users u ON u.id = r.user_id
             WHERE r.message_id = ?1 ORDER BY r.read_at",
        )?;
        let mut st = self.conn.prepare_cached(
            "SELECT m.id, u.display_name, m.author_id, m.kind, m.sent_at, m.body,
                    NOT EXISTS (SELECT 1 FROM message_read r
                                WHERE r.message_id = m.id AND r.user_id IS ?2)
             FROM message m JOIN users u ON u.id = m.author_id
             WHERE m.thread_id = ?1 ORDER BY m.id",
        )?;
        let rows = st.query_map(params![thread, reader], |r| {
            let author_id: UserId = r.get(2)?;
            let mine = Some(author_id) == reader;
            let kind: String = r.get(3)?;
            Ok(MessageRow {
                id: r.get(0)?,
                author: r.get(1)?,
                mine,
                kind: if kind == "weekly_report" {
                    MessageKind::WeeklyReport
                } else {
                    MessageKind::Text
                },
                sent_at: r.get(4)?,
                body: r.get(5)?,
                read_by: Vec::new(),
                unread: !mine && reader.is_some() && r.get::<_, bool>(6)?,
            })
        })?;
        let mut messages = Vec::new();
        for row in rows {
            let mut m = row?;
            m.read_by = receipts
                .query_map([m.id], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            messages.push(m);
        }
        Ok(Thread {
            id: thread,
            subject,
            members,
            messages,
        })
    }

    /// Records that the user has read every message of a conversation (the read
    /// receipts others see); returns how many were new. A read-only journal records
    /// nothing.
    pub fn mark_thread_read(&mut self, actor: &Actor, thread: i64) -> Result<usize> {
        let me = actor.user_id.ok_or(StoreError::NoAccount)?;
        if !self.is_member(thread, me)? {
            return Err(not_member());
        }
        if self.read_only().is_some() {
            return Ok(0);
        }
        let at = self.stamp();
        self.write(|tx| {
            Ok(tx.execute(
                "INSERT OR IGNORE INTO message_read (message_id, user_id, read_at)
                 SELECT id, ?2, ?3 FROM message WHERE thread_id = ?1 AND author_id <> ?2",
                params![thread, me, at],
            )?)
        })
    }

    /// The administrator's review of one account's conversations: read without marking
    /// anything read, and recorded in the audit log.
    pub fn review_messages(&mut self, actor: &Actor, login: &str) -> Result<Vec<Thread>> {
        if !actor.has(Role::Admin) {
            return Err(StoreError::Rule(crate::domain::RuleError::Forbidden(tr!(
                "чужую переписку просматривает только администратор",
                "only the administrator reviews other people's messages"
            ))));
        }
        let user = self.user_id(login)?;
        let login = login.trim().to_string();
        self.change(actor, |tx| {
            tx.log(&AuditEntry {
                entity_id: Some(user.0),
                new: Some(login.clone()),
                ..AuditEntry::new(Action::Review, Entity::Messages)
            })
        })?;
        self.thread_rows(user)?
            .into_iter()
            .map(|t| self.load_thread(t.id, None))
            .collect()
    }

    /// The class teacher sends a student's weekly report to the student's parents, as
    /// a conversation with them; returns the thread's id.
    pub fn send_weekly_report(
        &mut self,
        actor: &Actor,
        student: StudentId,
        subject: &str,
        body: &str,
    ) -> Result<i64> {
        let class: Option<ClassId> = self
            .row(
                "SELECT e.class_id FROM enrollment e JOIN class cl ON cl.id = e.class_id
                 WHERE e.student_id = ?1 AND e.start_date <= ?2
                   AND (e.end_date IS NULL OR e.end_date > ?2)
                 ORDER BY e.start_date DESC LIMIT 1",
                params![student, fmt_date(self.today())],
                |r| r.get(0),
            )
            .optional()?;
        if !actor.reads_everything() && !class.is_some_and(|c| actor.homeroom.contains(&c)) {
            return Err(StoreError::Rule(crate::domain::RuleError::Forbidden(tr!(
                "отчёт за неделю родителям отправляет классный руководитель",
                "the weekly report is sent to the parents by the class teacher"
            ))));
        }
        let mut st = self.conn.prepare_cached(
            // Parents who can log in to read it (as `student_has_parent_login` says).
            "SELECT pc.user_id FROM parent_child pc JOIN users u ON u.id = pc.user_id
             WHERE pc.student_id = ?1 AND u.active = 1 AND u.password_hash IS NOT NULL",
        )?;
        let parents = st
            .query_map([student], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<UserId>>>()?;
        drop(st);
        if parents.is_empty() {
            return Err(StoreError::NotFound(tr!(
                "у родителей ученика нет учётных записей: отчёт некому отправить",
                "the student's parents have no accounts: nobody to send the report to"
            )));
        }
        self.start_thread_as(actor, &parents, subject, body, MessageKind::WeeklyReport)
    }
}

/// The subject and the body, trimmed and within bounds.
fn checked(subject: &str, body: &str) -> Result<(String, String)> {
    let subject = subject.trim().to_string();
    let body = body.trim().to_string();
    text::check(Field::Topic, &subject)?;
    text::check(Field::Message, &body)?;
    if body.is_empty() {
        return Err(StoreError::Invalid(tr!(
            "пустое сообщение не отправляется",
            "an empty message is not sent"
        )));
    }
    if body.chars().count() > MAX_BODY || subject.chars().count() > MAX_SUBJECT {
        return Err(StoreError::Invalid(tr!(
            "слишком длинно: тема до {} знаков, сообщение до {}",
            "too long: a subject takes up to {} characters, a message up to {}",
            MAX_SUBJECT,
            MAX_BODY
        )));
    }
    Ok((subject, body))
}

/// Writes one message and its audit row (who wrote to which conversation, never the
/// text: the audit log is not a way round the review).
#[allow(clippy::too_many_arguments)]
fn insert_message(
    tx: &rusqlite::Transaction,
    actor: &Actor,
    thread: i64,
    author: UserId,
    kind: MessageKind,
    body: &str,
    at: &crate::store::audit::Stamp,
    recipients: Option<String>,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO message (thread_id, author_id, kind, body, sent_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![thread, author, kind.as_str(), body, at])?;
    let id = tx.last_insert_rowid();
    record(
        tx,
        actor,
        at,
        &AuditEntry {
            entity_id: Some(id),
            new: Some(match recipients {
                Some(to) => format!("thread {thread} → {to}"),
                None => format!("thread {thread}"),
            }),
            ..AuditEntry::new(Action::Send, Entity::Message)
        },
    )?;
    Ok(id)
}
