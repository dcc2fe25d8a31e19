//! The school's work types: name, short code and weight, edited by the administrator
//! or a deputy. A type that marks use is switched off, never deleted.

use rusqlite::{OptionalExtension, params};

use super::audit::AuditEntry;
use super::school::WorkTypeRow;
use super::{Result, Store, StoreError};
use crate::domain::audit::{Action, Entity};
use crate::domain::policy::{Actor, may_edit_work_types};
use crate::domain::rules::check_weight;
use crate::tr;

/// A work type with whether it is in use.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkTypeInfo {
    pub row: WorkTypeRow,
    pub active: bool,
    pub marks: i64,
}

fn check(name: &str, short: &str, weight: f64) -> Result<()> {
    crate::domain::text::check(crate::domain::text::Field::WorkType, name)?;
    crate::domain::text::check(crate::domain::text::Field::WorkType, short)?;
    if name.trim().is_empty() || short.trim().is_empty() {
        return Err(StoreError::Invalid(tr!(
            "у вида работы должны быть название и краткое обозначение",
            "a work type needs a name and a short code"
        )));
    }
    if short.trim().chars().count() > 4 {
        return Err(StoreError::Invalid(tr!(
            "краткое обозначение «{}» длиннее 4 знаков",
            "the short code «{}» is longer than 4 characters",
            short.trim()
        )));
    }
    check_weight(weight)?;
    Ok(())
}

impl Store {
    /// Every work type, active first, in the school's order.
    pub fn work_type_list(&self) -> Result<Vec<WorkTypeInfo>> {
        let mut st = self.conn.prepare(
            "SELECT w.id, w.name, w.short, w.weight, w.active, (SELECT count(*) FROM mark m WHERE m.work_type_id = w.id)
             FROM work_type w ORDER BY w.active DESC, w.ord, w.id",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(WorkTypeInfo {
                    row: WorkTypeRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        short: r.get(2)?,
                        weight: r.get(3)?,
                    },
                    active: r.get(4)?,
                    marks: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn clash(&self, name: &str, short: &str, except: Option<i64>) -> Result<()> {
        let other: Option<String> = self
            .row(
                "SELECT name FROM work_type WHERE (lower(name) = lower(?1) OR short = ?2) AND id IS NOT ?3",
                params![name.trim(), short.trim(), except],
                |r| r.get(0),
            )
            .optional()?;
        match other {
            Some(o) => Err(StoreError::Invalid(tr!(
                "такое название или обозначение уже у «{}»",
                "that name or short code is taken by «{}»",
                o
            ))),
            None => Ok(()),
        }
    }

    pub fn add_work_type(
        &mut self,
        actor: &Actor,
        name: &str,
        short: &str,
        weight: f64,
    ) -> Result<i64> {
        may_edit_work_types(actor)?;
        check(name, short, weight)?;
        self.clash(name, short, None)?;
        self.change(actor, |tx| {
            tx.execute(
                "INSERT INTO work_type (name, short, weight, ord) VALUES (?1, ?2, ?3, (SELECT coalesce(max(ord), 0) + 1 FROM work_type))",
                params![name.trim(), short.trim(), weight],
            )?;
            let id = tx.last_insert_rowid();
            tx.log(&AuditEntry {
                    entity_id: Some(id),
                    new: Some(format!("{} ({}) {weight}", name.trim(), short.trim())),
                    ..AuditEntry::new(Action::Create, Entity::WorkType)
                })?;
            Ok(id)
        })
    }

    /// Renames a work type or changes its weight. Marks already given keep the weight
    /// they were given with; new marks take the new one.
    pub fn edit_work_type(
        &mut self,
        actor: &Actor,
        id: i64,
        name: &str,
        short: &str,
        weight: f64,
    ) -> Result<()> {
        may_edit_work_types(actor)?;
        check(name, short, weight)?;
        self.clash(name, short, Some(id))?;
        let old = self
            .work_type_list()?
            .into_iter()
            .find(|w| w.row.id == id)
            .ok_or_else(|| {
                StoreError::NotFound(tr!("нет вида работы {}", "no work type {}", id))
            })?;
        self.change(actor, |tx| {
            tx.execute(
                "UPDATE work_type SET name = ?1, short = ?2, weight = ?3 WHERE id = ?4",
                params![name.trim(), short.trim(), weight, id],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(id),
                old: Some(format!(
                    "{} ({}) {}",
                    old.row.name, old.row.short, old.row.weight
                )),
                new: Some(format!("{} ({}) {weight}", name.trim(), short.trim())),
                ..AuditEntry::new(Action::Update, Entity::WorkType)
            })
        })
    }

    /// Switches a work type off (it stays on the marks that have it) or on again.
    pub fn set_work_type_active(&mut self, actor: &Actor, id: i64, active: bool) -> Result<()> {
        may_edit_work_types(actor)?;
        let actives: i64 = self.row(
            "SELECT count(*) FROM work_type WHERE active = 1 AND id <> ?1",
            [id],
            |r| r.get(0),
        )?;
        if !active && actives == 0 {
            return Err(StoreError::Invalid(tr!(
                "должен остаться хотя бы один вид работы",
                "at least one work type must stay"
            )));
        }
        self.change(actor, |tx| {
            let n = tx.execute(
                "UPDATE work_type SET active = ?1 WHERE id = ?2",
                params![active, id],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound(tr!(
                    "нет вида работы {}",
                    "no work type {}",
                    id
                )));
            }
            tx.log(&AuditEntry {
                entity_id: Some(id),
                ..AuditEntry::new(
                    if active {
                        Action::Enable
                    } else {
                        Action::Disable
                    },
                    Entity::WorkType,
                )
            })
        })
    }
}
