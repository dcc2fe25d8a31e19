//! Messages: conversations between the school and families. The store finds who is tied
//! to whom today; `domain::messages` decides who may write to whom. Members of a
//! conversation read it; the administrator reads others' only through `review_messages`,
//! which the audit log records. Nothing here deletes or edits a message (the schema's
//! triggers refuse it too).

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};

use super::audit::{AuditEntry, record};
use super::{Result, Store, StoreError, fmt_date, fmt_time};
use crate::domain::messages::{Party, Ties, may_write};
use crate::domain::policy::Actor;
use crate::domain::roles::Role;
use crate::i18n::pick;
use crate::tr;

/// The longest message body, in characters.
pub const MAX_BODY: usize = 20_000;
/// The longest subject, in characters.
pub const MAX_SUBJECT: usize = 200;

/// Someone the user may start a conversation with.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub user_id: i64,
    pub login: String,
    pub name: String,
    /// Why: «Алгебра, Геометрия», «классный руководитель 7Б», «родитель: Петров Иван, 7Б».
    pub note: String,
}

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

/// An account as messaging needs it.
struct Person {
    id: i64,
    login: String,
    name: String,
    staff_id: Option<i64>,
    party: Party,
    children: Vec<i64>,
}

/// Who the writer is tied to today.
#[derive(Default)]
struct Circle {
    /// Teachers of the writer's children's (or own) courses, with their subjects.
    teachers: HashMap<i64, Vec<String>>,
    /// Class teachers of the writer's children (or own class), with the class.
    class_teachers: HashMap<i64, String>,
    /// Students the writer teaches.
    taught: HashSet<i64>,
    /// Students of the writer's own class.
    homeroom: HashSet<i64>,
}

impl Circle {
    fn ties(&self, to: &Person) -> Ties {
        let staff = |set: &dyn Fn(i64) -> bool| to.staff_id.is_some_and(set);
        Ties {
            teaches_writers_family: staff(&|s| self.teachers.contains_key(&s)),
            class_teacher_of_writers_family: staff(&|s| self.class_teachers.contains_key(&s)),
            parent_of_writers_student: to.children.iter().any(|c| self.taught.contains(c)),
            parent_in_writers_class: to.children.iter().any(|c| self.homeroom.contains(c)),
        }
    }
}

fn no_account() -> StoreError {
    StoreError::NoAccount
}

fn not_member() -> StoreError {
    StoreError::Rule(crate::domain::RuleError::Forbidden(tr!(
        "это не ваша переписка",
        "this conversation is not yours"
    )))
}

impl Store {
    /// Active accounts as messaging sees them: all of them, or only `only`.
    fn people(&self, only: Option<&[i64]>) -> Result<Vec<Person>> {
        // The ids as a JSON array for `json_each`; NULL: everyone.
        let only: Option<String> = only.map(|ids| {
            let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
            format!("[{}]", ids.join(","))
        });
        let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT user_id, student_id FROM parent_child
             WHERE ?1 IS NULL OR user_id IN (SELECT value FROM json_each(?1))",
        )?;
        for row in st.query_map([&only], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (u, s) = row?;
            children.entry(u).or_default().push(s);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT u.id, u.login, u.display_name, u.staff_id,
                    (SELECT group_concat(role) FROM user_role r WHERE r.user_id = u.id)
             FROM users u
             WHERE u.active = 1 AND (?1 IS NULL OR u.id IN (SELECT value FROM json_each(?1)))
             ORDER BY u.display_name, u.login",
        )?;
        let rows = st.query_map([&only], |r| {
            let roles: Option<String> = r.get(4)?;
            let roles: Vec<Role> = roles
                .unwrap_or_default()
                .split(',')
                .filter_map(Role::parse)
                .collect();
            let staff_id: Option<i64> = r.get(3)?;
            let id: i64 = r.get(0)?;
            Ok(Person {
                id,
                login: r.get(1)?,
                name: r.get(2)?,
                staff_id,
                party: Party::new(&roles, staff_id.is_some()),
                children: children.get(&id).cloned().unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The writer's ties today: their family's teachers and class teachers, the
    /// students they teach, the students of their class.
    fn circle(&self, actor: &Actor) -> Result<Circle> {
        let mut c = Circle::default();
        let today = fmt_date(self.today());
        let mut family = actor.children.clone();
        family.extend(actor.student_id);
        // Where a student is today: whichever year's class they are enrolled in (after
        // a June year close, the closed year's until it ends).
        const CURRENT: &str = "e.start_date <= ?2 AND (e.end_date IS NULL OR e.end_date > ?2)";
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT co.teacher_id, sb.name FROM enrollment e
             JOIN class cl ON cl.id = e.class_id
             JOIN course co ON co.class_id = cl.id
             JOIN subject sb ON sb.id = co.subject_id
             WHERE e.student_id = ?1 AND {CURRENT}
               AND (co.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member m
                    WHERE m.subgroup_id = co.subgroup_id AND m.student_id = e.student_id))
             ORDER BY sb.name"
        ))?;
        for s in &family {
            for row in st.query_map(params![s, today], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })? {
                let (teacher, subject) = row?;
                let subjects = c.teachers.entry(teacher).or_default();
                if !subjects.contains(&subject) {
                    subjects.push(subject);
                }
            }
        }
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT cl.teacher_id, cl.grade || cl.letter FROM enrollment e
             JOIN class cl ON cl.id = e.class_id
             WHERE e.student_id = ?1 AND cl.teacher_id IS NOT NULL AND {CURRENT}"
        ))?;
        for s in &family {
            for row in st.query_map(params![s, today], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })? {
                let (teacher, class) = row?;
                c.class_teachers.insert(teacher, class);
            }
        }
        if let Some(staff) = actor.staff_id {
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT DISTINCT e.student_id FROM course co
                 JOIN class cl ON cl.id = co.class_id
                 JOIN enrollment e ON e.class_id = cl.id
                 WHERE co.teacher_id = ?1 AND {CURRENT}
                   AND (co.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member m
                        WHERE m.subgroup_id = co.subgroup_id AND m.student_id = e.student_id))"
            ))?;
            for row in st.query_map(params![staff, today], |r| r.get::<_, i64>(0))? {
                c.taught.insert(row?);
            }
        }
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT e.student_id FROM enrollment e JOIN class cl ON cl.id = e.class_id
             WHERE cl.id = ?1 AND {CURRENT}"
        ))?;
        for class in &actor.homeroom {
            for row in st.query_map(params![class, today], |r| r.get::<_, i64>(0))? {
                c.homeroom.insert(row?);
            }
        }
        Ok(c)
    }

    /// Whom the user may start a conversation with, by name.
    pub fn contacts(&self, actor: &Actor) -> Result<Vec<Contact>> {
        let me = actor.user_id.ok_or_else(no_account)?;
        let from = Party::of(actor);
        let circle = self.circle(actor)?;
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut out = Vec::new();
        for p in self.people(None)? {
            if p.id == me || may_write(&from, &p.party, &circle.ties(&p)).is_err() {
                continue;
            }
            let mut notes = Vec::new();
            if let Some(s) = p.staff_id {
                if let Some(class) = circle.class_teachers.get(&s) {
                    notes.push(tr!(
                        "классный руководитель {}",
                        "class teacher of {}",
                        class
                    ));
                }
                if let Some(subjects) = circle.teachers.get(&s) {
                    notes.push(subjects.join(", "));
                }
            }
            for child in &p.children {
                if circle.taught.contains(child) || circle.homeroom.contains(child) {
                    let name = match names.get(child) {
                        Some(n) => n.clone(),
                        None => {
                            let n = self.student_label(*child)?;
                            names.insert(*child, n.clone());
                            n
                        }
                    };
                    notes.push(tr!("родитель: {}", "parent of {}", name));
                }
            }
            if notes.is_empty() {
                let what = if p.party.administration {
                    pick("администрация", "administration")
                } else if p.party.staff {
                    pick("учитель", "teacher")
                } else if p.party.parent {
                    pick("родитель", "parent")
                } else {
                    pick("ученик", "student")
                };
                notes.push(what.into());
            }
            out.push(Contact {
                user_id: p.id,
                login: p.login,
                name: p.name,
                note: notes.join("; "),
            });
        }
        Ok(out)
    }

    /// «Петров Иван, 7Б».
    fn student_label(&self, student: i64) -> Result<String> {
        let name = self.student_name(student)?;
        let class: Option<String> = self
            .row(
                "SELECT cl.grade || cl.letter FROM enrollment e JOIN class cl ON cl.id = e.class_id
                 WHERE e.student_id = ?1 ORDER BY e.start_date DESC LIMIT 1",
                [student],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match class {
            Some(c) => format!("{}, {c}", name.short()),
            None => name.short(),
        })
    }

    /// Starts a conversation with one person (a user id), someone the writer may write
    /// to; returns the thread's id. One person a conversation: parents of different
    /// children never share one (only the weekly report goes to a child's parents
    /// together).
    pub fn start_thread(
        &mut self,
        actor: &Actor,
        to: i64,
        subject: &str,
        body: &str,
    ) -> Result<i64> {
        self.start_thread_as(actor, &[to], subject, body, MessageKind::Text)
    }

    fn start_thread_as(
        &mut self,
        actor: &Actor,
        to: &[i64],
        subject: &str,
        body: &str,
        kind: MessageKind,
    ) -> Result<i64> {
        let me = actor.user_id.ok_or_else(no_account)?;
        let (subject, body) = checked(subject, body)?;
        let mut to: Vec<i64> = to.iter().copied().filter(|u| *u != me).collect();
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
        let people: HashMap<i64, Person> = self
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
        let at = fmt_time(self.now());
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

    fn is_member(&self, thread: i64, user: i64) -> Result<bool> {
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
        let me = actor.user_id.ok_or_else(no_account)?;
        if !self.is_member(thread, me)? {
            return Err(not_member());
        }
        let (_, body) = checked("", body)?;
        let at = fmt_time(self.now());
        self.write(|tx| insert_message(tx, actor, thread, me, MessageKind::Text, &body, &at, None))
    }

    /// The user's conversations, the latest first.
    pub fn threads(&self, actor: &Actor) -> Result<Vec<ThreadRow>> {
        let me = actor.user_id.ok_or_else(no_account)?;
        self.thread_rows(me)
    }

    fn thread_rows(&self, user: i64) -> Result<Vec<ThreadRow>> {
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
        let me = actor.user_id.ok_or_else(no_account)?;
        if !self.is_member(thread, me)? {
            return Err(not_member());
        }
        self.load_thread(thread, Some(me))
    }

    fn load_thread(&self, thread: i64, reader: Option<i64>) -> Result<Thread> {
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
            let author_id: i64 = r.get(2)?;
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
        let me = actor.user_id.ok_or_else(no_account)?;
        if !self.is_member(thread, me)? {
            return Err(not_member());
        }
        if self.read_only().is_some() {
            return Ok(0);
        }
        let at = fmt_time(self.now());
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
        let at = fmt_time(self.now());
        let login = login.trim().to_string();
        self.write(|tx| {
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "review",
                    entity: "messages",
                    entity_id: Some(user),
                    new: Some(login.clone()),
                    ..Default::default()
                },
            )
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
        student: i64,
        subject: &str,
        body: &str,
    ) -> Result<i64> {
        let class: Option<i64> = self
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
            "SELECT pc.user_id FROM parent_child pc JOIN users u ON u.id = pc.user_id
             WHERE pc.student_id = ?1 AND u.active = 1",
        )?;
        let parents = st
            .query_map([student], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
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
    author: i64,
    kind: MessageKind,
    body: &str,
    at: &str,
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
            action: "send",
            entity: "message",
            entity_id: Some(id),
            new: Some(match recipients {
                Some(to) => format!("thread {thread} → {to}"),
                None => format!("thread {thread}"),
            }),
            ..Default::default()
        },
    )?;
    Ok(id)
}
