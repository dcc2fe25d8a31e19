//! Marks: adding, removing and restoring them, a mark's work type and comment, what a
//! cell holds and what happened to it; and the one conflict check (`check_seen`) that
//! refuses a change to a value someone else has changed since its user saw it.

use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::{AuditEntry, record};
use super::{Result, Store, StoreError};
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{CourseId, LessonId, MarkId, StudentId};
use crate::domain::marks::{Mark, MarkValue};
use crate::domain::policy::Actor;
use crate::domain::rules::check_mark;
use crate::tr;

/// One mark in a cell, as the grid shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkCell {
    pub id: MarkId,
    pub value: Mark,
    pub work_type: String,
    pub weight: f64,
}

/// A mark as stored: enough to remove it and put it back.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkRecord {
    pub id: MarkId,
    pub lesson_id: LessonId,
    pub student_id: StudentId,
    pub value: Mark,
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

/// A cell as its user saw it: the ids of its marks and its attendance code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellSeen {
    pub marks: Vec<MarkId>,
    pub attendance: Option<String>,
}

/// What a write expects to find: a change made from what its user saw is refused when
/// another user has changed the value since, so no one silently overwrites a value they
/// never saw. Cells expect a [`CellSeen`]; finals an `Option<&str>` (`None`: saw none).
#[derive(Debug)]
pub enum Expect<'a, T: ?Sized = CellSeen> {
    /// Change whatever is stored now (the command line, undo).
    Anything,
    /// Change only what is still as its user saw it, else [`StoreError::Conflict`].
    Seen(&'a T),
}

/// The one conflict check, inside a write: refuses when what is stored `now` is not
/// what its user saw, naming who changed it last (`last_by`) and what it holds now
/// (`shown`).
pub(crate) fn check_seen<T: PartialEq + ?Sized>(
    expect: Expect<'_, T>,
    now: &T,
    shown: impl FnOnce() -> String,
    last_by: impl FnOnce() -> Result<Option<String>>,
) -> Result<()> {
    match expect {
        Expect::Seen(seen) if seen != now => Err(StoreError::Conflict {
            by: last_by()?.unwrap_or_default(),
            now: shown(),
        }),
        _ => Ok(()),
    }
}

/// Inside a write: [`check_seen`] for a cell, its marks compared as a set.
pub(crate) fn check_cell(
    tx: &Transaction,
    lesson_id: LessonId,
    student_id: StudentId,
    expect: Expect<'_>,
) -> Result<()> {
    let Expect::Seen(seen) = expect else {
        return Ok(());
    };
    let marks: Vec<(MarkId, Mark)> = tx
        .prepare_cached(
            "SELECT id, value, passed FROM mark WHERE lesson_id = ?1 AND student_id = ?2 ORDER BY id",
        )?
        .query_map(params![lesson_id, student_id], |r| {
            Ok((r.get(0)?, stored_mark(r.get(1)?, r.get(2)?)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let attendance: Option<String> = tx
        .prepare_cached("SELECT code FROM attendance WHERE lesson_id = ?1 AND student_id = ?2")?
        .query_row(params![lesson_id, student_id], |r| r.get(0))
        .optional()?;
    let mut now = CellSeen {
        marks: marks.iter().map(|m| m.0).collect(),
        attendance,
    };
    let mut saw = seen.clone();
    now.marks.sort_unstable();
    saw.marks.sort_unstable();
    check_seen(
        Expect::Seen(&saw),
        &now,
        || {
            marks
                .iter()
                .map(|m| m.1.to_string())
                .chain(now.attendance.clone())
                .collect::<Vec<_>>()
                .join(" ")
        },
        || {
            Ok(tx
                .prepare_cached(
                    "SELECT actor FROM audit WHERE lesson_id = ?1 AND student_id = ?2
                     ORDER BY id DESC LIMIT 1",
                )?
                .query_row(params![lesson_id, student_id], |r| r.get(0))
                .optional()?)
        },
    )
}

/// A cell of a course's journal: one student in one lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellKey {
    pub course_id: CourseId,
    pub lesson_id: LessonId,
    pub student_id: StudentId,
}

/// One mark to insert, with its work type's short code for the audit row.
pub(crate) struct NewMark<'a> {
    pub value: Mark,
    pub work_type_id: i64,
    pub short: &'a str,
    pub weight: f64,
    pub comment: &'a str,
}

/// Inside a write: inserts one mark with its audit row; returns its id.
pub(crate) fn insert_mark(
    tx: &Transaction,
    actor: &Actor,
    at: &crate::store::audit::Stamp,
    cell: CellKey,
    m: &NewMark,
) -> Result<MarkId> {
    tx.prepare_cached(
        "INSERT INTO mark (lesson_id, student_id, value, passed, work_type_id, weight, comment, author_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?9, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![
        cell.lesson_id,
        cell.student_id,
        m.value.scale().map(MarkValue::get),
        m.work_type_id,
        m.weight,
        m.comment,
        actor.user_id,
        at,
        match m.value {
            Mark::Scale(_) => None,
            Mark::Pass => Some(1),
            Mark::Fail => Some(0),
        }
    ])?;
    let id = MarkId(tx.last_insert_rowid());
    record(
        tx,
        actor,
        at,
        &AuditEntry {
            action: Action::Create,
            entity: Entity::Mark,
            entity_id: Some(id.0),
            lesson_id: Some(cell.lesson_id),
            student_id: Some(cell.student_id),
            course_id: Some(cell.course_id),
            old: None,
            new: Some(format!("{} {}", m.value, m.short)),
        },
    )?;
    Ok(id)
}

/// How new marks are stamped: their work type (else the lesson's, else the school's
/// first) and, for a mark put back, its weight and comment.
#[derive(Default)]
struct Stamp<'a> {
    work_type_id: Option<i64>,
    weight: Option<f64>,
    comment: &'a str,
}

/// A stored mark: its `value` (1–5) or its `passed` (1 «зач», 0 «незач»); the CHECK
/// constraints make anything else a damaged file.
pub(crate) fn stored_mark(value: Option<i64>, passed: Option<i64>) -> rusqlite::Result<Mark> {
    let bad = |v: String| {
        rusqlite::Error::FromSqlConversionFailure(
            1,
            rusqlite::types::Type::Integer,
            Box::new(crate::domain::RuleError::BadMarkValue(v)),
        )
    };
    match (value, passed) {
        (Some(v), None) => MarkValue::new(v)
            .map(Mark::Scale)
            .map_err(|_| bad(v.to_string())),
        (None, Some(1)) => Ok(Mark::Pass),
        (None, Some(0)) => Ok(Mark::Fail),
        (v, p) => Err(bad(format!("{v:?}/{p:?}"))),
    }
}

impl Store {
    /// Adds marks to a cell (marks 1–5, or «зач»/«незач» in a pass/fail course), each
    /// with the given work type (else the lesson's, else the first in the school's
    /// list). Returns the new marks' ids.
    pub fn add_marks<M: Copy + Into<Mark>>(
        &mut self,
        actor: &Actor,
        lesson_id: LessonId,
        student_id: StudentId,
        values: &[M],
        work_type_id: Option<i64>,
        expect: Expect<'_>,
    ) -> Result<Vec<MarkId>> {
        let stamp = Stamp {
            work_type_id,
            ..Stamp::default()
        };
        let values: Vec<Mark> = values.iter().map(|v| (*v).into()).collect();
        self.insert_marks(actor, lesson_id, student_id, &values, &stamp, expect)
    }

    fn insert_marks(
        &mut self,
        actor: &Actor,
        lesson_id: LessonId,
        student_id: StudentId,
        values: &[Mark],
        stamp: &Stamp,
        expect: Expect<'_>,
    ) -> Result<Vec<MarkId>> {
        let (lesson, course) = self.enterable_cell(actor, lesson_id, student_id, check_mark)?;
        self.check_held(lesson.date)?;
        self.check_date_open(course.id, lesson.date)?;
        self.check_marks_assessment(&course, lesson.date, values)?;
        let types = self.work_types()?;
        let wt = stamp
            .work_type_id
            .or(lesson.work_type_id)
            .and_then(|id| types.iter().find(|t| t.id == id))
            .or_else(|| types.first())
            .cloned()
            .ok_or_else(|| {
                StoreError::Invalid(tr!(
                    "в школе нет видов работ",
                    "the school has no work types"
                ))
            })?;
        let at = self.stamp();
        let cell = CellKey {
            course_id: course.id,
            lesson_id,
            student_id,
        };
        self.write(|tx| {
            check_cell(tx, lesson_id, student_id, expect)?;
            let mut ids = Vec::new();
            for v in values {
                let mark = NewMark {
                    value: *v,
                    work_type_id: wt.id,
                    short: &wt.short,
                    weight: stamp.weight.unwrap_or(wt.weight),
                    comment: stamp.comment,
                };
                ids.push(insert_mark(tx, actor, &at, cell, &mark)?);
            }
            Ok(ids)
        })
    }

    pub fn mark_record(&self, mark_id: MarkId) -> Result<MarkRecord> {
        self.row(
                "SELECT id, lesson_id, student_id, value, work_type_id, weight, comment, passed FROM mark WHERE id = ?1",
                [mark_id],
                |r| {
                    Ok(MarkRecord {
                        id: r.get(0)?,
                        lesson_id: r.get(1)?,
                        student_id: r.get(2)?,
                        value: stored_mark(r.get(3)?, r.get(7)?)?,
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

    /// A mark the user may change now: theirs to enter, its period open. Returns it
    /// with its course's id.
    fn editable_mark(&self, actor: &Actor, mark_id: MarkId) -> Result<(MarkRecord, CourseId)> {
        let rec = self.mark_record(mark_id)?;
        let (_, course) = self.enterable_lesson(actor, rec.lesson_id)?;
        self.check_date_open(course.id, self.lesson(rec.lesson_id)?.date)?;
        Ok((rec, course.id))
    }

    /// Removes a mark; returns it as it was, so that it can be put back.
    pub fn delete_mark(
        &mut self,
        actor: &Actor,
        mark_id: MarkId,
        expect: Expect<'_>,
    ) -> Result<MarkRecord> {
        let (rec, course_id) = self.editable_mark(actor, mark_id)?;
        let short = self.work_type_short(rec.work_type_id)?;
        self.change(actor, |tx| {
            check_cell(tx, rec.lesson_id, rec.student_id, expect)?;
            tx.execute("DELETE FROM mark WHERE id = ?1", [mark_id])?;
            tx.log(&AuditEntry {
                action: Action::Delete,
                entity: Entity::Mark,
                entity_id: Some(mark_id.0),
                lesson_id: Some(rec.lesson_id),
                student_id: Some(rec.student_id),
                course_id: Some(course_id),
                old: Some(format!("{} {short}", rec.value)),
                new: None,
            })
        })?;
        Ok(rec)
    }

    /// Puts a removed mark back (undo); the rules are checked again. Returns the new id.
    pub fn restore_mark(&mut self, actor: &Actor, rec: &MarkRecord) -> Result<MarkId> {
        let stamp = Stamp {
            work_type_id: Some(rec.work_type_id),
            weight: Some(rec.weight),
            comment: &rec.comment,
        };
        let ids = self.insert_marks(
            actor,
            rec.lesson_id,
            rec.student_id,
            &[rec.value],
            &stamp,
            Expect::Anything,
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
        mark_id: MarkId,
        work_type_id: i64,
    ) -> Result<()> {
        let (rec, course_id) = self.editable_mark(actor, mark_id)?;
        let types = self.work_types()?;
        let wt = types.iter().find(|t| t.id == work_type_id).ok_or_else(|| {
            StoreError::NotFound(tr!("нет вида работы {}", "no work type {}", work_type_id))
        })?;
        let old_short = self.work_type_short(rec.work_type_id)?;
        self.change(actor, |tx| {
            tx.execute(
                "UPDATE mark SET work_type_id = ?1, weight = ?2, updated_at = ?3 WHERE id = ?4",
                params![wt.id, wt.weight, tx.at(), mark_id],
            )?;
            tx.log(&AuditEntry {
                action: Action::WorkType,
                entity: Entity::Mark,
                entity_id: Some(mark_id.0),
                lesson_id: Some(rec.lesson_id),
                student_id: Some(rec.student_id),
                course_id: Some(course_id),
                old: Some(format!("{} {old_short}", rec.value)),
                new: Some(format!("{} {}", rec.value, wt.short)),
            })
        })
    }

    /// Changes a mark's comment (trimmed); the same comment again changes nothing.
    pub fn set_mark_comment(
        &mut self,
        actor: &Actor,
        mark_id: MarkId,
        comment: &str,
    ) -> Result<()> {
        let (rec, course_id) = self.editable_mark(actor, mark_id)?;
        let comment = comment.trim().to_string();
        crate::domain::text::check(crate::domain::text::Field::Comment, &comment)?;
        if comment == rec.comment {
            return Ok(());
        }
        self.change(actor, |tx| {
            tx.execute(
                "UPDATE mark SET comment = ?1, updated_at = ?2 WHERE id = ?3",
                params![comment, tx.at(), mark_id],
            )?;
            tx.log(&AuditEntry {
                action: Action::Comment,
                entity: Entity::Mark,
                entity_id: Some(mark_id.0),
                lesson_id: Some(rec.lesson_id),
                student_id: Some(rec.student_id),
                course_id: Some(course_id),
                old: Some(rec.comment.clone()),
                new: Some(comment.clone()),
            })
        })
    }

    /// The cell's marks with everything the details popup shows.
    pub fn mark_details(
        &self,
        lesson_id: LessonId,
        student_id: StudentId,
    ) -> Result<Vec<MarkDetail>> {
        let mut st = self.conn.prepare_cached(
            "SELECT m.id, m.value, m.work_type_id, m.weight, m.comment, w.name, w.short,
                    coalesce(u.display_name, u.login, ''), m.created_at, m.updated_at, m.passed
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
                        value: stored_mark(r.get(1)?, r.get(10)?)?,
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

    /// The marks of one cell, as the grid shows them.
    pub fn cell_marks(&self, lesson_id: LessonId, student_id: StudentId) -> Result<Vec<MarkCell>> {
        Ok(self
            .mark_details(lesson_id, student_id)?
            .into_iter()
            .map(|d| MarkCell {
                id: d.record.id,
                value: d.record.value,
                work_type: d.short,
                weight: d.record.weight,
            })
            .collect())
    }

    /// The cell's history from the audit log, oldest first.
    pub fn cell_history(
        &self,
        lesson_id: LessonId,
        student_id: StudentId,
    ) -> Result<Vec<CellEvent>> {
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
