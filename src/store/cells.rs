//! Cell-level edits of the grid: removing and restoring marks, a mark's work type and
//! comment, a whole column's attendance, and what the details popup shows.

use rusqlite::{OptionalExtension, params};

use super::audit::{AuditEntry, record};
use super::{Result, Store, StoreError, fmt_time};
use crate::domain::marks::MarkValue;
use crate::domain::policy::Actor;
use crate::tr;

/// A mark as stored: enough to remove it and put it back.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkRecord {
    pub id: i64,
    pub lesson_id: i64,
    pub student_id: i64,
    pub value: MarkValue,
    pub work_type_id: i64,
    pub weight: f64,
    pub comment: String,
}

/// A mark as the details popup shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkDetail {
    pub record: MarkRecord,
    pub work_type: String,
    /// The work type's short code.
    pub short: String,
    pub author: String,
    pub created_at: String,
    pub updated_at: String,
}

/// One audited change of a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellEvent {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A cell as its user saw it: the ids of its marks and its attendance code. A change
/// made from what was seen is refused when another user has changed the cell since, so
/// no one silently overwrites a value they never saw.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellSeen {
    pub marks: Vec<i64>,
    pub attendance: Option<String>,
}

/// Inside a write: refuses when the cell no longer is what its user saw, naming who
/// changed it last and what it holds now.
pub(crate) fn check_seen(
    tx: &rusqlite::Transaction,
    lesson_id: i64,
    student_id: i64,
    seen: Option<&CellSeen>,
) -> Result<()> {
    let Some(seen) = seen else { return Ok(()) };
    let marks: Vec<(i64, i64)> = tx
        .prepare_cached(
            "SELECT id, value FROM mark WHERE lesson_id = ?1 AND student_id = ?2 ORDER BY id",
        )?
        .query_map(params![lesson_id, student_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let attendance: Option<String> = tx
        .prepare_cached("SELECT code FROM attendance WHERE lesson_id = ?1 AND student_id = ?2")?
        .query_row(params![lesson_id, student_id], |r| r.get(0))
        .optional()?;
    let mut ids: Vec<i64> = marks.iter().map(|m| m.0).collect();
    let mut expected = seen.marks.clone();
    ids.sort_unstable();
    expected.sort_unstable();
    if ids == expected && attendance == seen.attendance {
        return Ok(());
    }
    let by: String = tx
        .prepare_cached(
            "SELECT actor FROM audit WHERE lesson_id = ?1 AND student_id = ?2
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![lesson_id, student_id], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let now: Vec<String> = marks
        .iter()
        .map(|m| m.1.to_string())
        .chain(attendance)
        .collect();
    Err(StoreError::Conflict {
        by,
        now: now.join(" "),
    })
}

/// A stored mark value; the CHECK constraint makes a bad one a damaged file.
fn stored_mark(v: i64) -> rusqlite::Result<MarkValue> {
    MarkValue::new(v).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Integer, Box::new(e))
    })
}

impl Store {
    fn check_lesson_owner(&self, actor: &Actor, lesson_id: i64) -> Result<i64> {
        let (_, course) = self.enterable_lesson(actor, lesson_id)?;
        Ok(course.id)
    }

    pub fn mark_record(&self, mark_id: i64) -> Result<MarkRecord> {
        self.row(
                "SELECT id, lesson_id, student_id, value, work_type_id, weight, comment FROM mark WHERE id = ?1",
                [mark_id],
                |r| {
                    Ok(MarkRecord {
                        id: r.get(0)?,
                        lesson_id: r.get(1)?,
                        student_id: r.get(2)?,
                        value: stored_mark(r.get(3)?)?,
                        work_type_id: r.get(4)?,
                        weight: r.get(5)?,
                        comment: r.get(6)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(tr!(
                    "отметка уже удалена",
                    "the mark has already been removed"
                ))
            })
    }

    /// Removes a mark; returns it as it was, so that it can be put back.
    pub fn delete_mark(&mut self, actor: &Actor, mark_id: i64) -> Result<MarkRecord> {
        self.delete_mark_seen(actor, mark_id, None)
    }

    /// Removes a mark from a cell its user saw as `seen` (refused if it changed since).
    pub fn delete_mark_seen(
        &mut self,
        actor: &Actor,
        mark_id: i64,
        seen: Option<&CellSeen>,
    ) -> Result<MarkRecord> {
        let rec = self.mark_record(mark_id)?;
        let course_id = self.check_lesson_owner(actor, rec.lesson_id)?;
        self.check_date_open(course_id, self.lesson(rec.lesson_id)?.date)?;
        let short = self.work_type_short(rec.work_type_id)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            check_seen(tx, rec.lesson_id, rec.student_id, seen)?;
            tx.execute("DELETE FROM mark WHERE id = ?1", [mark_id])?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "delete",
                    entity: "mark",
                    entity_id: Some(mark_id),
                    lesson_id: Some(rec.lesson_id),
                    student_id: Some(rec.student_id),
                    course_id: Some(course_id),
                    old: Some(format!("{} {short}", rec.value.get())),
                    new: None,
                },
            )
        })?;
        Ok(rec)
    }

    /// Puts a removed mark back (undo); the rules are checked again. Returns the new id.
    pub fn restore_mark(&mut self, actor: &Actor, rec: &MarkRecord) -> Result<i64> {
        let ids = self.insert_marks(
            actor,
            rec.lesson_id,
            rec.student_id,
            &[rec.value],
            Some(rec.work_type_id),
            Some(rec.weight),
            &rec.comment,
            None,
        )?;
        ids.first()
            .copied()
            .ok_or_else(|| StoreError::Invalid("no mark".into()))
    }

    fn work_type_short(&self, id: i64) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT short FROM work_type WHERE id = ?1", [id], |r| {
                r.get(0)
            })?)
    }

    /// Changes a mark's work type; the weight follows the new type's default.
    pub fn set_mark_work_type(
        &mut self,
        actor: &Actor,
        mark_id: i64,
        work_type_id: i64,
    ) -> Result<()> {
        let rec = self.mark_record(mark_id)?;
        let course_id = self.check_lesson_owner(actor, rec.lesson_id)?;
        self.check_date_open(course_id, self.lesson(rec.lesson_id)?.date)?;
        let types = self.work_types()?;
        let wt = types.iter().find(|t| t.id == work_type_id).ok_or_else(|| {
            StoreError::NotFound(tr!("нет вида работы {}", "no work type {}", work_type_id))
        })?;
        let old_short = self.work_type_short(rec.work_type_id)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            tx.execute(
                "UPDATE mark SET work_type_id = ?1, weight = ?2, updated_at = ?3 WHERE id = ?4",
                params![wt.id, wt.weight, at, mark_id],
            )?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "work_type",
                    entity: "mark",
                    entity_id: Some(mark_id),
                    lesson_id: Some(rec.lesson_id),
                    student_id: Some(rec.student_id),
                    course_id: Some(course_id),
                    old: Some(format!("{} {old_short}", rec.value.get())),
                    new: Some(format!("{} {}", rec.value.get(), wt.short)),
                },
            )
        })
    }

    pub fn set_mark_comment(&mut self, actor: &Actor, mark_id: i64, comment: &str) -> Result<()> {
        let rec = self.mark_record(mark_id)?;
        let course_id = self.check_lesson_owner(actor, rec.lesson_id)?;
        self.check_date_open(course_id, self.lesson(rec.lesson_id)?.date)?;
        let comment = comment.trim().to_string();
        if comment == rec.comment {
            return Ok(());
        }
        let at = fmt_time(self.now());
        self.write(|tx| {
            tx.execute(
                "UPDATE mark SET comment = ?1, updated_at = ?2 WHERE id = ?3",
                params![comment, at, mark_id],
            )?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "comment",
                    entity: "mark",
                    entity_id: Some(mark_id),
                    lesson_id: Some(rec.lesson_id),
                    student_id: Some(rec.student_id),
                    course_id: Some(course_id),
                    old: Some(rec.comment.clone()),
                    new: Some(comment.clone()),
                },
            )
        })
    }

    /// Sets several students' attendance for one lesson in one transaction (the whole
    /// column present, or its undo). Each change is checked and audited.
    pub fn set_column_attendance(
        &mut self,
        actor: &Actor,
        lesson_id: i64,
        changes: &[(i64, Option<String>)],
    ) -> Result<()> {
        let course_id = self.check_lesson_owner(actor, lesson_id)?;
        let codes = self.attendance_codes()?;
        for (_, c) in changes {
            if let Some(c) = c {
                codes.find(c)?;
            }
        }
        let at = fmt_time(self.now());
        self.write(|tx| {
            for (student_id, new) in changes {
                super::journal::put_attendance(
                    tx,
                    actor,
                    &at,
                    course_id,
                    lesson_id,
                    *student_id,
                    new.as_deref(),
                )?;
            }
            Ok(())
        })
    }

    /// The cell's marks with everything the details popup shows.
    pub fn mark_details(&self, lesson_id: i64, student_id: i64) -> Result<Vec<MarkDetail>> {
        let mut st = self.conn.prepare_cached(
            "SELECT m.id, m.value, m.work_type_id, m.weight, m.comment, w.name, w.short,
                    coalesce(u.display_name, u.login, ''), m.created_at, m.updated_at
             FROM mark m JOIN work_type w ON w.id = m.work_type_id LEFT JOIN users u ON u.id = m.author_id
             WHERE m.lesson_id = ?1 AND m.student_id = ?2 ORDER BY m.id",
        )?;
        let rows = st
            .query_map(params![lesson_id, student_id], |r| {
                Ok(MarkDetail {
                    record: MarkRecord {
                        id: r.get(0)?,
                        lesson_id,
                        student_id,
                        value: stored_mark(r.get(1)?)?,
                        work_type_id: r.get(2)?,
                        weight: r.get(3)?,
                        comment: r.get(4)?,
                    },
                    work_type: r.get(5)?,
                    short: r.get(6)?,
                    author: r.get(7)?,
                    created_at: r.get(8)?,
                    updated_at: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The cell's history from the audit log, oldest first.
    pub fn cell_history(&self, lesson_id: i64, student_id: i64) -> Result<Vec<CellEvent>> {
        let mut st = self.conn.prepare_cached(
            "SELECT at, actor, action, entity, old_value, new_value FROM audit
             WHERE lesson_id = ?1 AND student_id = ?2 ORDER BY id",
        )?;
        let rows = st
            .query_map(params![lesson_id, student_id], |r| {
                Ok(CellEvent {
                    at: r.get(0)?,
                    actor: r.get(1)?,
                    action: r.get(2)?,
                    entity: r.get(3)?,
                    old: r.get(4)?,
                    new: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Store {
    /// Records that attendance was taken for a lesson (everyone present).
    pub fn mark_attendance_taken(&mut self, actor: &Actor, lesson_id: i64) -> Result<()> {
        let course_id = self.check_lesson_owner(actor, lesson_id)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            let before = tx.query_row(
                "SELECT attendance_taken_at FROM lesson WHERE id = ?1",
                [lesson_id],
                |r| r.get::<_, Option<String>>(0),
            )?;
            if before.is_some() {
                return Ok(());
            }
            super::journal::mark_taken(tx, lesson_id, &at)?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "taken",
                    entity: "attendance",
                    lesson_id: Some(lesson_id),
                    course_id: Some(course_id),
                    new: Some(at.clone()),
                    ..Default::default()
                },
            )
        })
    }

    /// The marks of one cell, as the grid shows them.
    pub fn cell_marks(
        &self,
        lesson_id: i64,
        student_id: i64,
    ) -> Result<Vec<super::journal::MarkCell>> {
        Ok(self
            .mark_details(lesson_id, student_id)?
            .into_iter()
            .map(|d| super::journal::MarkCell {
                id: d.record.id,
                value: d.record.value,
                work_type: d.short,
                weight: d.record.weight,
            })
            .collect())
    }
}
