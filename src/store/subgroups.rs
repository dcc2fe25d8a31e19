//! Groups of a split class and who is in them: the one copy of that SQL, for the
//! importers, arrivals, transfers and the administrator's screen.

use crate::domain::ids::{ClassId, StudentId};

use rusqlite::{OptionalExtension, Transaction, params};

use super::Result;

/// Puts a student in exactly these groups of a class (made when new).
pub(crate) fn set_groups<'a>(
    tx: &Transaction,
    student_id: StudentId,
    class_id: ClassId,
    groups: impl IntoIterator<Item = &'a String>,
) -> Result<()> {
    tx.execute(
        "DELETE FROM subgroup_member WHERE student_id = ?1
         AND subgroup_id IN (SELECT id FROM subgroup WHERE class_id = ?2)",
        params![student_id, class_id],
    )?;
    for g in groups {
        let sg = ensure_subgroup(tx, class_id, g)?;
        tx.execute(
            "INSERT OR IGNORE INTO subgroup_member (subgroup_id, student_id) VALUES (?1, ?2)",
            params![sg, student_id],
        )?;
    }
    Ok(())
}

pub(crate) fn ensure_subgroup(tx: &Transaction, class_id: ClassId, name: &str) -> Result<i64> {
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM subgroup WHERE class_id = ?1 AND name = ?2",
            params![class_id, name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = id {
        return Ok(id);
    }
    crate::domain::text::check(crate::domain::text::Field::Subject, name)?;
    tx.execute(
        "INSERT INTO subgroup (class_id, name) VALUES (?1, ?2)",
        params![class_id, name],
    )?;
    Ok(tx.last_insert_rowid())
}
