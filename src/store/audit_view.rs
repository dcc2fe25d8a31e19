//! Reading the audit log (for the administration's viewer and `zhurnal audit`), and
//! recording the events that change no row.

use chrono::NaiveDate;
use rusqlite::params;

use super::{Result, Store, fmt_date};
use crate::domain::audit::Action;
use crate::domain::policy::{Actor, may_view_audit};

/// What to show of the audit log; every part is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    /// The login that made the change (or tried to log in).
    pub user: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// «7Б».
    pub class: Option<String>,
    pub subject: Option<String>,
    /// What was done: a login, a failed login, a mark created, …
    pub action: Option<Action>,
}

/// One audit row in words.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub course: String,
    pub student: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// The journal's date, when the change was made with another date as today.
    pub today: Option<String>,
    /// The way in (`screen`, `ssh`, `cli`), for rows written since it was recorded.
    pub channel: Option<String>,
    /// The operating-system user who ran the command or the screens.
    pub os_user: Option<String>,
}

impl Store {
    /// The newest audit rows first, filtered, at most `limit` after skipping `offset`.
    pub fn audit(
        &self,
        actor: &Actor,
        f: &AuditFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<AuditRow>> {
        may_view_audit(actor)?;
        let class = f
            .class
            .as_deref()
            .map(crate::domain::class_name::ClassName::parse)
            .transpose();
        let class = class.map_err(super::StoreError::Invalid)?;
        let mut st = self.conn.prepare_cached(
            "SELECT a.at, a.actor, a.action, a.entity,
                    coalesce(k.grade || k.letter || ' ' || s.name, ''),
                    coalesce(st.last_name || ' ' || st.first_name, ''),
                    a.old_value, a.new_value, a.today, a.channel, a.os_user
             FROM audit a
             LEFT JOIN course c ON c.id = a.course_id
             LEFT JOIN class k ON k.id = c.class_id
             LEFT JOIN subject s ON s.id = c.subject_id
             LEFT JOIN student st ON st.id = a.student_id
             WHERE (?1 IS NULL OR a.actor = ?1 COLLATE NOCASE)
               AND (?2 IS NULL OR a.at >= ?2)
               AND (?3 IS NULL OR a.at < date(?3, '+1 day'))
               AND (?4 IS NULL OR (k.grade = ?4 AND k.letter = ?5))
               AND (?6 IS NULL OR lower(s.name) = lower(?6))
               AND (?7 IS NULL OR a.action = ?7)
             ORDER BY a.at DESC, a.id DESC LIMIT ?8 OFFSET ?9",
        )?;
        let rows = st
            .query_map(
                params![
                    f.user,
                    f.from.map(fmt_date),
                    f.to.map(fmt_date),
                    class.as_ref().map(|c| c.grade),
                    class.as_ref().map(|c| c.letter.clone()),
                    f.subject,
                    f.action.map(Action::as_str),
                    limit as i64,
                    offset as i64
                ],
                |r| {
                    Ok(AuditRow {
                        at: r.get(0)?,
                        actor: r.get(1)?,
                        action: r.get(2)?,
                        entity: r.get(3)?,
                        course: r.get(4)?,
                        student: r.get(5)?,
                        old: r.get(6)?,
                        new: r.get(7)?,
                        today: r.get(8)?,
                        channel: r.get(9)?,
                        os_user: r.get(10)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Store {
    /// Records an event that changes no row: `actor` took data out of the journal (a
    /// backup, an export, a report, a printed screen) or restored it. An archive or a
    /// write-protected file records nothing (it cannot be written).
    pub fn log_event(&mut self, actor: &Actor, entry: super::AuditEntry) -> Result<()> {
        if self.read_only().is_some() {
            return Ok(());
        }
        self.change(actor, |tx| tx.log(&entry))
    }
}
