//! Faults around the journal file: a full disk, a write-protected file and folder, a lock
//! held too long, damaged and foreign files, a newer schema, a missing file. Each gives a
//! message that says what happened (naming the file where it matters), never a panic,
//! and leaves the journal as it was.
//!
//! A newer schema and a missing file under `zhurnal check` are in tests/cli_entry.rs;
//! here the same faults meet a write.

mod common;

use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use common::*;
use rusqlite::Connection;
use zhurnal::store::BUSY_WAIT;

const ZHURNAL: &str = env!("CARGO_BIN_EXE_zhurnal");

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `zhurnal mark` of one legal mark in the mini journal.
fn mark(db: &Path) -> Vec<&str> {
    mini_mark(s(db), "2025-11-10", "Алексеев", &["5"])
}

/// A command that must fail: its stderr, which shows no panic (and is printed, for
/// `--nocapture`).
fn refused(o: Output) -> String {
    let err = stderr(&o);
    assert!(!o.status.success(), "it succeeded: {}", stdout(&o));
    assert!(!err.contains("panicked"), "{err}");
    print!("{err}");
    err
}

/// The journal passes its check and holds what it held.
fn intact(dir: &Path, db: &Path, before: &[(String, i64)]) {
    assert_eq!(table_counts(db), before);
    ok(dir, &["check", "--db", s(db)]);
}

/// Whether a program is on the PATH; a test that needs a missing one says so and passes.
fn have(program: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("{program} not found: this fault is not tested here");
    }
    found
}

/// The mini journal in a folder of its own under `dir`.
fn journal_in(dir: &Path, folder: &str) -> PathBuf {
    let db = mini_journal(dir);
    let into = dir.join(folder);
    std::fs::create_dir(&into).expect("folder");
    let moved = into.join("j.sqlite");
    std::fs::rename(&db, &moved).expect("move");
    moved
}

/// The disk fills up during the write: the command fails naming the file, and the
/// journal holds nothing of the mark. The size limit (`prlimit --fsize`, with SIGXFSZ
/// ignored so that the write fails with EFBIG rather than killing the process) lets
/// the write-ahead log grow by less than a page. Another connection has left log
/// frames that no checkpoint has copied yet, so the write must append to the log.
#[test]
fn a_full_disk_fails_the_write_and_saves_nothing() {
    if !have("prlimit") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    let other = Connection::open(&db).expect("open");
    other
        .pragma_update(None, "wal_autocheckpoint", 0)
        .expect("no checkpoints");
    other
        .execute_batch(
            "CREATE TABLE filler (b BLOB);
             INSERT INTO filler VALUES (zeroblob(65536));
             DROP TABLE filler;",
        )
        .expect("fill the log");
    let before = table_counts(&db);
    let wal = std::fs::metadata(format!("{}-wal", s(&db)))
        .expect("the log")
        .len();
    let limit = (wal + 100).to_string();
    let o = command(dir.path(), "sh")
        .args([
            "-c",
            r#"trap '' XFSZ; limit=$1; shift; exec prlimit --fsize="$limit" -- "$@""#,
            "sh",
            &limit,
            ZHURNAL,
        ])
        .args(mark(&db))
        .output()
        .expect("run zhurnal under prlimit");
    let err = refused(o);
    assert!(err.contains(&format!("{}: ошибка диска", s(&db))), "{err}");
    drop(other);
    intact(dir.path(), &db, &before);
    // With room again the same mark goes in.
    ok(dir.path(), &mark(&db));
}

/// A write-protected journal opens read-only: reading works, a write says why not, and
/// not a byte changes.
#[test]
fn a_write_protected_file_refuses_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    std::fs::set_permissions(&db, Permissions::from_mode(0o444)).expect("chmod");
    let bytes = std::fs::read(&db).expect("read");
    let err = refused(zhurnal(dir.path(), &mark(&db)));
    assert!(
        err.contains(&format!("файл {} защищён от записи", s(&db))),
        "{err}"
    );
    ok(dir.path(), &["check", "--db", s(&db)]);
    assert!(std::fs::read(&db).expect("read") == bytes);
}

/// A journal in a write-protected folder cannot make its `-wal` and `-shm` files: the
/// message names the folder, for reading and writing alike. As root, zhurnal runs
/// without its capabilities (`setpriv`), or the folder's mode would not stop it.
#[test]
fn a_write_protected_folder_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = journal_in(dir.path(), "locked");
    let folder = db.parent().expect("folder").to_path_buf();
    let before = table_counts(&db);
    let bytes = std::fs::read(&db).expect("read");
    std::fs::set_permissions(&folder, Permissions::from_mode(0o555)).expect("chmod");
    let privileged = std::fs::write(folder.join("probe"), b"").is_ok();
    let _ = std::fs::remove_file(folder.join("probe"));
    if privileged && !have("setpriv") {
        std::fs::set_permissions(&folder, Permissions::from_mode(0o755)).expect("chmod");
        return;
    }
    let run = |args: &[&str]| {
        let mut c = if privileged {
            let mut c = command(dir.path(), "setpriv");
            c.args(["--inh-caps=-all", "--bounding-set=-all", "--", ZHURNAL]);
            c
        } else {
            command(dir.path(), ZHURNAL)
        };
        c.args(args).output().expect("run zhurnal")
    };
    let says = format!("папка {} защищена от записи", s(&folder));
    for args in [mark(&db), vec!["check", "--db", s(&db)]] {
        let err = refused(run(&args));
        assert!(err.contains(&says) && err.contains(s(&db)), "{err}");
    }
    std::fs::set_permissions(&folder, Permissions::from_mode(0o755)).expect("chmod");
    assert!(std::fs::read(&db).expect("read") == bytes);
    intact(dir.path(), &db, &before);
}

/// Another program holds the write lock from before the command starts until after it
/// has given up, so longer than the store's busy wait: the command waits that long,
/// says the journal is busy and writes nothing; once the lock is released it succeeds.
#[test]
fn a_lock_held_too_long_is_reported_busy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    let before = table_counts(&db);
    let holder = Connection::open(&db).expect("open");
    holder.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let started = Instant::now();
    let err = refused(zhurnal(dir.path(), &mark(&db)));
    let waited = started.elapsed();
    assert!(
        err.contains("журнал занят другим пользователем слишком долго"),
        "{err}"
    );
    assert!(waited >= BUSY_WAIT, "gave up after {waited:?}");
    holder.execute_batch("ROLLBACK").expect("unlock");
    drop(holder);
    intact(dir.path(), &db, &before);
    ok(dir.path(), &mark(&db));
}

/// Damaged and foreign files: `check` and a write both fail naming the file (or, for
/// damage found in the middle of a command, saying the journal is damaged and what to
/// do), and the file is left as it was.
#[test]
fn damaged_and_foreign_files_are_named_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    let good = std::fs::read(&db).expect("read");
    // The root page of the lessons' table, in the middle of the file, overwritten.
    let (root, page): (usize, usize) = {
        let conn = Connection::open(&db).expect("open");
        let root: i64 = conn
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'lesson'",
                [],
                |r| r.get(0),
            )
            .expect("root page");
        let page: i64 = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("page size");
        (
            usize::try_from(root).expect("page"),
            usize::try_from(page).expect("size"),
        )
    };
    let mut middle = good.clone();
    let at = (root - 1) * page;
    middle[at..at + page].fill(0xA5);
    let cases: [(&str, Vec<u8>); 4] = [
        ("middle", middle),
        ("csv", "class,subject\n7Б,Алгебра\n".as_bytes().to_vec()),
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
    ];
    for (name, bytes) in cases {
        let file = dir.path().join(format!("{name}.sqlite"));
        std::fs::write(&file, &bytes).expect("write");
        let err = refused(zhurnal(dir.path(), &["check", "--db", s(&file)]));
        assert!(
            err.contains(s(&file)) && err.contains("повреждён"),
            "{name}: {err}"
        );
        let err = refused(zhurnal(dir.path(), &mark(&file)));
        assert!(err.contains("повреждён"), "{name}: {err}");
        assert!(name == "middle" || err.contains(s(&file)), "{name}: {err}");
        assert!(
            std::fs::read(&file).expect("read") == bytes,
            "{name} was changed"
        );
    }
}

/// A journal from a newer zhurnal is refused before anything is written to it.
#[test]
fn a_newer_schema_refuses_the_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    Connection::open(&db)
        .expect("open")
        .pragma_update(None, "user_version", 99)
        .expect("user_version");
    let bytes = std::fs::read(&db).expect("read");
    let err = refused(zhurnal(dir.path(), &mark(&db)));
    assert!(err.contains("более новой версией zhurnal"), "{err}");
    assert!(std::fs::read(&db).expect("read") == bytes);
}

/// A write to a journal that is not there names the path and creates nothing.
#[test]
fn a_missing_journal_is_named_and_not_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("gone.sqlite");
    let err = refused(zhurnal(dir.path(), &mark(&db)));
    assert!(
        err.contains(&format!("файл журнала не найден: {}", s(&db))),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("gone"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
