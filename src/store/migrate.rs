//! Numbered schema migrations, embedded in the binary. The file records its version in
//! `PRAGMA user_version`; an older file is upgraded in one transaction, a newer one refused.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::{Result, StoreError};

/// Migration N (1-based) brings a file from version N-1 to N.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_attendance_taken.sql"),
    include_str!("migrations/003_login_lockout.sql"),
    include_str!("migrations/004_lesson_details.sql"),
    include_str!("migrations/005_period_unlock.sql"),
    include_str!("migrations/006_user_keys.sql"),
    include_str!("migrations/007_mark_ids.sql"),
    include_str!("migrations/008_announcements.sql"),
    include_str!("migrations/009_messages.sql"),
    include_str!("migrations/010_audit_origin.sql"),
    include_str!("migrations/011_bell_schedules.sql"),
    include_str!("migrations/012_calendar_entries.sql"),
    include_str!("migrations/013_grade_periods.sql"),
    include_str!("migrations/014_production_files.sql"),
    include_str!("migrations/015_assessments.sql"),
    include_str!("migrations/016_entries_in_time.sql"),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn upgrade(conn: &mut Connection, path: &Path) -> Result<()> {
    apply(conn, path, MIGRATIONS)
}

pub(crate) fn apply(conn: &mut Connection, path: &Path, migrations: &[&str]) -> Result<()> {
    let known = migrations.len() as i64;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| StoreError::NotAJournal(path.to_path_buf(), e.to_string()))?;
    if version > known {
        return Err(StoreError::NewerSchema {
            found: version,
            known,
        });
    }
    if version == 0 {
        // A version-0 file must be empty: anything else is some other database.
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 {
            return Err(StoreError::NotAJournal(
                path.to_path_buf(),
                "unknown tables, schema version 0".into(),
            ));
        }
    }
    if version == known {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (i, sql) in migrations.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upgrades_an_older_file_and_refuses_a_newer_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("j.sqlite");
        let mut conn = Connection::open(&path).expect("open");
        apply(&mut conn, &path, &MIGRATIONS[..1]).expect("v1");
        let extra = "CREATE TABLE later (x INTEGER) STRICT;";
        let mut two: Vec<&str> = MIGRATIONS[..1].to_vec();
        two.push(extra);
        apply(&mut conn, &path, &two).expect("v2");
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(v, 2);
        let err = apply(&mut conn, &path, &MIGRATIONS[..1]).expect_err("newer");
        assert!(matches!(
            err,
            StoreError::NewerSchema { found: 2, known: 1 }
        ));
    }

    #[test]
    fn a_failing_migration_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("j.sqlite");
        let mut conn = Connection::open(&path).expect("open");
        apply(&mut conn, &path, &MIGRATIONS[..1]).expect("v1");
        let mut bad: Vec<&str> = MIGRATIONS[..1].to_vec();
        bad.push("CREATE TABLE ok_part (x INTEGER); SELECT * FROM no_such_table;");
        assert!(apply(&mut conn, &path, &bad).is_err());
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(v, 1);
        let t: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'ok_part'",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(t, 0);
    }

    #[test]
    fn refuses_a_foreign_database() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("other.sqlite");
        let mut conn = Connection::open(&path).expect("open");
        conn.execute_batch("CREATE TABLE x (y)").expect("create");
        assert!(matches!(
            apply(&mut conn, &path, MIGRATIONS),
            Err(StoreError::NotAJournal(..))
        ));
    }
}
