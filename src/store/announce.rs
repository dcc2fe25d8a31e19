//! Announcements: posted by the administration and class teachers, read by those they
//! reach (the rules are in `domain::announce`), each reader's unread ones marked.

use rusqlite::params;

use super::audit::AuditEntry;
use super::{Result, Store, fmt_date};
use crate::domain::announce::{Audience, ReaderScope, may_announce, reaches};
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::ClassId;
use crate::domain::policy::Actor;

/// A new announcement.
#[derive(Debug, Clone)]
pub struct NewAnnouncement {
    pub audience: Audience,
    pub title: String,
    pub body: String,
    pub event_date: Option<chrono::NaiveDate>,
}

/// An announcement as a reader sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnouncementRow {
    pub id: i64,
    pub author: String,
    /// «вся школа», «учительская», «7Б», «7-е классы».
    pub audience: String,
    pub title: String,
    pub body: String,
    pub event_date: Option<chrono::NaiveDate>,
    pub created_at: String,
    pub unread: bool,
}

impl Store {
    /// An audience as people write it: `school` (`школа`), `staff` (`учительская`), a
    /// class (`7Б`) or a grade (`grade:7`, `параллель:7`).
    pub fn audience(&self, to: &str) -> Result<Audience> {
        let t = to.trim();
        match t.to_lowercase().as_str() {
            "school" | "школа" => return Ok(Audience::School),
            "staff" | "учительская" => return Ok(Audience::Staff),
            _ => {}
        }
        if let Some(g) = t
            .strip_prefix("grade:")
            .or_else(|| t.strip_prefix("параллель:"))
        {
            return match g.trim().parse::<i64>() {
                Ok(g) if (1..=11).contains(&g) => Ok(Audience::Grade(g)),
                _ => Err(super::StoreError::Invalid(crate::tr!(
                    "«{}»: параллель — число от 1 до 11",
                    "«{}»: a grade is a number from 1 to 11",
                    t
                ))),
            };
        }
        self.class_by_name(t)
            .map(|(id, _)| Audience::Class(id))
            .map_err(|e| {
                super::StoreError::Invalid(crate::tr!(
                    "кому «{}»: school, staff, класс (7Б) или grade:7 — {}",
                    "to «{}»: school, staff, a class (7Б) or grade:7 — {}",
                    t,
                    e
                ))
            })
    }

    /// Posts an announcement; returns its id.
    pub fn post_announcement(&mut self, actor: &Actor, a: &NewAnnouncement) -> Result<i64> {
        may_announce(actor, &a.audience)?;
        let title = a.title.trim().to_string();
        crate::domain::text::check(crate::domain::text::Field::Topic, &title)?;
        crate::domain::text::check(crate::domain::text::Field::Message, &a.body)?;
        if title.is_empty() {
            return Err(super::StoreError::Invalid(crate::tr!(
                "у объявления должен быть заголовок",
                "an announcement needs a title"
            )));
        }
        let author = self
            .actor_display_name(actor)
            .unwrap_or_else(|_| actor.login.clone());
        let (class_id, grade) = match a.audience {
            Audience::Class(c) => (Some(c), None),
            Audience::Grade(g) => (None, Some(g)),
            _ => (None, None),
        };
        let body = a.body.trim().to_string();
        let event = a.event_date.map(fmt_date);
        self.change(actor, |tx| {
            tx.execute(
                "INSERT INTO announcement (author_id, author, audience, class_id, grade, title, body, event_date, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![actor.user_id, author, a.audience.kind(), class_id, grade, title, body, event, tx.at()],
            )?;
            let id = tx.last_insert_rowid();
            tx.log(&AuditEntry {
                    entity_id: Some(id),
                    new: Some(title.clone()),
                    ..AuditEntry::new(Action::Create, Entity::Announcement)
                })?;
            Ok(id)
        })
    }

    /// What the reader belongs to: staff or not, and their classes and grades.
    fn reader_scope(&self, actor: &Actor) -> Result<ReaderScope> {
        let mut students = actor.children.clone();
        students.extend(actor.student_id);
        let mut classes = actor.homeroom.clone();
        // The class a child is in today: one they left hears no more of it.
        let today = fmt_date(self.today());
        for s in students {
            let mut st = self.conn.prepare_cached(
                "SELECT e.class_id FROM enrollment e
                 WHERE e.student_id = ?1 AND e.start_date <= ?2
                   AND (e.end_date IS NULL OR e.end_date > ?2)",
            )?;
            for c in st.query_map(params![s, today], |r| r.get::<_, ClassId>(0))? {
                classes.push(c?);
            }
        }
        classes.sort_unstable();
        classes.dedup();
        let mut grades = Vec::new();
        for c in &classes {
            grades.push(self.row("SELECT grade FROM class WHERE id = ?1", [c], |r| r.get(0))?);
        }
        Ok(ReaderScope {
            staff: actor.staff_id.is_some() || actor.reads_everything(),
            classes,
            grades,
        })
    }

    /// The announcements that reach the reader, newest first; `week` limits them to
    /// events within those seven days.
    pub fn announcements_for(
        &self,
        actor: &Actor,
        week: Option<chrono::NaiveDate>,
    ) -> Result<Vec<AnnouncementRow>> {
        let scope = self.reader_scope(actor)?;
        let (from, to) = match week {
            Some(d) => (Some(fmt_date(d)), Some(fmt_date(d + chrono::Days::new(6)))),
            None => (None, None),
        };
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.author, a.audience, a.class_id, a.grade, a.title, a.body, a.event_date,
                    a.created_at, c.grade || c.letter,
                    NOT EXISTS (SELECT 1 FROM announcement_read r
                                WHERE r.announcement_id = a.id AND r.user_id IS ?1)
             FROM announcement a LEFT JOIN class c ON c.id = a.class_id
             WHERE ?2 IS NULL OR a.event_date BETWEEN ?2 AND ?3
             ORDER BY a.id DESC",
        )?;
        let rows = st.query_map(params![actor.user_id, from, to], |r| {
            let kind: String = r.get(2)?;
            let audience = match kind.as_str() {
                "school" => Audience::School,
                "staff" => Audience::Staff,
                "class" => Audience::Class(r.get(3)?),
                _ => Audience::Grade(r.get(4)?),
            };
            let event: Option<String> = r.get(7)?;
            Ok((
                audience,
                r.get::<_, Option<String>>(9)?,
                AnnouncementRow {
                    id: r.get(0)?,
                    author: r.get(1)?,
                    audience: String::new(),
                    title: r.get(5)?,
                    body: r.get(6)?,
                    event_date: event.as_deref().map(super::parse_date).transpose()?,
                    created_at: r.get(8)?,
                    unread: r.get(10)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (audience, class, mut a) = row?;
            if !reaches(&audience, &scope) {
                continue;
            }
            a.audience = match audience {
                Audience::School => crate::i18n::pick("вся школа", "the whole school").into(),
                Audience::Staff => crate::i18n::pick("учительская", "staff room").into(),
                Audience::Class(_) => class.unwrap_or_default(),
                Audience::Grade(g) => crate::tr!("{}-е классы", "grade {}", g),
            };
            out.push(a);
        }
        Ok(out)
    }

    /// Marks announcements read by the reader.
    pub fn mark_announcements_read(&mut self, actor: &Actor, ids: &[i64]) -> Result<()> {
        let Some(user) = actor.user_id else {
            return Ok(());
        };
        if ids.is_empty() || self.read_only().is_some() {
            return Ok(());
        }
        let at = self.stamp();
        self.write(|tx| {
            let mut st = tx.prepare_cached(
                "INSERT OR IGNORE INTO announcement_read (announcement_id, user_id, read_at)
                 VALUES (?1, ?2, ?3)",
            )?;
            for id in ids {
                st.execute(params![id, user, at])?;
            }
            Ok(())
        })
    }
}
