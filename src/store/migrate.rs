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
    include_str!("migrations/017_grading.sql"),
    include_str!("migrations/018_pass_marks.sql"),
    include_str!("migrations/019_period_lock.sql"),
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
    // Another process may have upgraded the file while this one waited for the lock:
    // the version read again under it decides.
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > known {
        return Err(StoreError::NewerSchema {
            found: version,
            known,
        });
    }
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
    fn pass_marks_keep_every_mark_and_its_ids() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("j.sqlite");
        let mut conn = Connection::open(&path).expect("open");
        // Marks without their lessons and students: only the table is looked at.
        conn.execute_batch("PRAGMA foreign_keys = OFF")
            .expect("no keys");
        let before = MIGRATIONS.len() - 1;
        apply(&mut conn, &path, &MIGRATIONS[..before]).expect("before pass marks");
        // Three marks, the last removed: its id must not come back.
        for id in 1..=3 {
            conn.execute(
                "INSERT INTO mark (id, lesson_id, student_id, value, work_type_id, weight, created_at, updated_at)
                 VALUES (?1, 1, 1, ?1 + 2, 1, 1.0, 'x', 'x')",
                [id],
            )
            .expect("mark");
        }
        conn.execute("DELETE FROM mark WHERE id = 3", [])
            .expect("delete");
        apply(&mut conn, &path, MIGRATIONS).expect("all");
        let kept: Vec<(i64, Option<i64>, Option<i64>)> = conn
            .prepare("SELECT id, value, passed FROM mark ORDER BY id")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(kept, [(1, Some(3), None), (2, Some(4), None)]);
        conn.execute(
            "INSERT INTO mark (lesson_id, student_id, passed, work_type_id, weight, created_at, updated_at)
             VALUES (1, 1, 1, 1, 1.0, 'x', 'x')",
            [],
        )
        .expect("a pass");
        let id: i64 = conn
            .query_row("SELECT max(id) FROM mark", [], |r| r.get(0))
            .expect("id");
        assert_eq!(id, 4, "the removed mark's id is not given again");
        // Neither or both of a mark 1–5 and a pass: refused.
        for (value, passed) in [(None, None), (Some(5), Some(1))] {
            assert!(
                conn.execute(
                    "INSERT INTO mark (lesson_id, student_id, value, passed, work_type_id, weight, created_at, updated_at)
                     VALUES (1, 1, ?1, ?2, 1, 1.0, 'x', 'x')",
                    rusqlite::params![value, passed],
                )
                .is_err()
            );
        }
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
