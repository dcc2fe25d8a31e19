//! Faults around the journal file: a full disk, a write-protected file and folder, a lock
//! held too long, damaged and foreign files, a newer schema, a missing file. Each gives a
//! message that says what happened (naming the file where it matters), never a panic,
//! and leaves the journal as it was.
//!
//! A newer schema and a missing file under `zhurnal check` are in `cli_entry`;
//! here the same faults meet a write.

use crate::common;

use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use common::*;
use rusqlite::Connection;
use zhurnal::store::BUSY_WAIT;
use zhurnal::store::marks::Expect;

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
    let j = TestJournal::mini();
    let other = Connection::open(j.db()).expect("open");
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
    let before = table_counts(j.db());
    let wal = std::fs::metadata(format!("{}-wal", s(j.db())))
        .expect("the log")
        .len();
    let limit = (wal + 100).to_string();
    let o = command(j.dir(), "sh")
        .args([
            "-c",
            r#"trap '' XFSZ; limit=$1; shift; exec prlimit --fsize="$limit" -- "$@""#,
            "sh",
            &limit,
            ZHURNAL,
        ])
        .args(mark(j.db()))
        .output()
        .expect("run zhurnal under prlimit");
    let err = refused(o);
    assert!(
        err.contains(&format!("{}: ошибка диска", s(j.db()))),
        "{err}"
    );
    drop(other);
    intact(j.dir(), j.db(), &before);
    // With room again the same mark goes in.
    ok(j.dir(), &mark(j.db()));
}

/// A write-protected journal opens read-only: reading works, a write says why not, and
/// not a byte changes.
#[test]
fn a_write_protected_file_refuses_writes() {
    let j = TestJournal::mini();
    std::fs::set_permissions(j.db(), Permissions::from_mode(0o444)).expect("chmod");
    let bytes = std::fs::read(j.db()).expect("read");
    let err = refused(zhurnal(j.dir(), &mark(j.db())));
    assert!(
        err.contains(&format!("файл {} защищён от записи", s(j.db()))),
        "{err}"
    );
    ok(j.dir(), &["check", "--db", s(j.db())]);
    assert!(std::fs::read(j.db()).expect("read") == bytes);
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
    let j = TestJournal::mini();
    let before = table_counts(j.db());
    let holder = Connection::open(j.db()).expect("open");
    holder.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let started = Instant::now();
    let err = refused(zhurnal(j.dir(), &mark(j.db())));
    let waited = started.elapsed();
    assert!(
        err.contains("журнал занят другим пользователем слишком долго"),
        "{err}"
    );
    assert!(waited >= BUSY_WAIT, "gave up after {waited:?}");
    holder.execute_batch("ROLLBACK").expect("unlock");
    drop(holder);
    intact(j.dir(), j.db(), &before);
    ok(j.dir(), &mark(j.db()));
}

/// Damaged and foreign files: `check` and a write both fail naming the file (or, for
/// damage found in the middle of a command, saying the journal is damaged and what to
/// do), and the file is left as it was.
#[test]
fn damaged_and_foreign_files_are_named_and_left_alone() {
    let j = TestJournal::mini();
    let good = std::fs::read(j.db()).expect("read");
    let middle = with_table_overwritten(j.db(), "lesson");
    let cases: [(&str, Vec<u8>); 4] = [
        ("middle", middle),
        ("csv", "class,subject\n7Б,Алгебра\n".as_bytes().to_vec()),
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
    ];
    for (name, bytes) in cases {
        let file = j.dir().join(format!("{name}.sqlite"));
        std::fs::write(&file, &bytes).expect("write");
        let err = refused(zhurnal(j.dir(), &["check", "--db", s(&file)]));
        assert!(
            err.contains(s(&file)) && err.contains("повреждён"),
            "{name}: {err}"
        );
        let err = refused(zhurnal(j.dir(), &mark(&file)));
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
    let j = TestJournal::mini();
    Connection::open(j.db())
        .expect("open")
        .pragma_update(None, "user_version", 99)
        .expect("user_version");
    let bytes = std::fs::read(j.db()).expect("read");
    let err = refused(zhurnal(j.dir(), &mark(j.db())));
    assert!(err.contains("более новой версией zhurnal"), "{err}");
    assert!(std::fs::read(j.db()).expect("read") == bytes);
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

/// What a damaged journal's message must say: the file, that it is damaged, and the
/// cure (a restore from a backup, then a check).
fn says_damaged(err: &str, db: &Path) {
    for part in [
        format!("{} повреждён (SQLite нашёл:", s(db)),
        "изменения в него больше не записываются".to_string(),
        format!("zhurnal restore КОПИЯ --db {}", s(db)),
        format!("zhurnal check --db {}", s(db)),
    ] {
        assert!(err.contains(&part), "«{part}» missing: {err}");
    }
}

/// The files in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A damaged journal: `check` and `backup` refuse it saying what to do, a damaged copy
/// is not restored, and the file stays as it was; restoring a good backup over it is
/// the cure, and keeps the damaged journal aside.
#[test]
fn a_damaged_journal_is_refused_and_a_restore_cures_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = journal_in(dir.path(), "school");
    let folder = db.parent().expect("folder").to_path_buf();
    let copies = dir.path().join("copies");
    ok(dir.path(), &["backup", "--db", s(&db), "--to", s(&copies)]);
    let good_copy = copies.join(&names_in(&copies)[0]);
    let damaged = with_table_overwritten(&db, "lesson");
    std::fs::write(&db, &damaged).expect("damage");
    let damaged_copy = dir.path().join("damaged-copy.sqlite");
    std::fs::write(&damaged_copy, &damaged).expect("write");
    let listed = names_in(&folder);

    says_damaged(
        &refused(zhurnal(dir.path(), &["check", "--db", s(&db)])),
        &db,
    );
    let err = refused(zhurnal(dir.path(), &["backup", "--db", s(&db)]));
    says_damaged(&err, &db);
    assert!(
        !folder.join("backups").exists(),
        "no backup folder, no copy"
    );
    let err = refused(zhurnal(
        dir.path(),
        &["backup", "--db", s(&db), "--to", s(&copies)],
    ));
    says_damaged(&err, &db);
    assert_eq!(names_in(&copies).len(), 1, "no damaged backup");
    assert!(std::fs::read(&db).expect("read") == damaged, "unchanged");

    // A damaged copy is not restored, over a sound journal or a damaged one.
    let sound = journal_in(dir.path(), "sound");
    let before = table_counts(&sound);
    for target in [&sound, &db] {
        let err = refused(zhurnal(
            dir.path(),
            &["restore", s(&damaged_copy), "--db", s(target)],
        ));
        assert!(
            err.contains(&format!(
                "восстановление не выполнено: копия {} повреждена",
                s(&damaged_copy)
            )) && err.contains("выберите другую копию"),
            "{err}"
        );
        assert!(err.contains("журнал не изменён"), "{err}");
    }
    intact(dir.path(), &sound, &before);
    assert!(std::fs::read(&db).expect("read") == damaged, "unchanged");
    assert_eq!(
        names_in(&folder),
        listed,
        "nothing kept aside, nothing left"
    );

    // A good backup over the damaged journal: restored, the damaged one kept aside.
    let out = ok(dir.path(), &["restore", s(&good_copy), "--db", s(&db)]);
    assert!(out.contains("прежний был повреждён"), "{out}");
    ok(dir.path(), &["check", "--db", s(&db)]);
    ok(dir.path(), &mark(&db));
    let aside: Vec<String> = names_in(&folder)
        .into_iter()
        .filter(|n| n.starts_with("j.sqlite.before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(out.contains(&aside[0]), "{out}");
    let err = refused(zhurnal(
        dir.path(),
        &["check", "--db", s(&folder.join(&aside[0]))],
    ));
    assert!(err.contains("повреждён"), "{err}");
}

/// A journal SQLite cannot read at all (written over with a CSV file, with its log
/// still beside it) is restored too: the file and its log are kept aside as they were.
#[test]
fn a_journal_overwritten_with_another_file_is_restored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = journal_in(dir.path(), "school");
    let folder = db.parent().expect("folder").to_path_buf();
    let copies = dir.path().join("copies");
    ok(dir.path(), &["backup", "--db", s(&db), "--to", s(&copies)]);
    let good_copy = copies.join(&names_in(&copies)[0]);
    let before = table_counts(&db);
    // A log with a committed change that no checkpoint has folded in.
    let other = Connection::open(&db).expect("open");
    other
        .pragma_update(None, "wal_autocheckpoint", 0)
        .expect("no checkpoints");
    other
        .execute_batch("CREATE TABLE scratch (x); DROP TABLE scratch;")
        .expect("write");
    let csv = b"order,topic,hours,date\n1,x,1,2025-09-01\n";
    std::fs::write(&db, csv).expect("overwrite");
    let wal = std::fs::read(folder.join("j.sqlite-wal")).expect("the log");
    assert!(!wal.is_empty());

    let err = refused(zhurnal(
        dir.path(),
        &["restore", s(&good_copy), "--db", s(&db), "--as", "admin"],
    ));
    assert!(err.contains("восстановите без --as"), "{err}");
    let out = ok(dir.path(), &["restore", s(&good_copy), "--db", s(&db)]);
    assert!(out.contains("прежний был повреждён"), "{out}");
    drop(other);
    intact(dir.path(), &db, &before);
    let aside: Vec<String> = names_in(&folder)
        .into_iter()
        .filter(|n| n.starts_with("j.sqlite.before-restore-") && !n.ends_with("-wal"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", names_in(&folder));
    let aside = folder.join(&aside[0]);
    assert!(std::fs::read(&aside).expect("read") == csv);
    assert!(std::fs::read(format!("{}-wal", s(&aside))).expect("read") == wal);
}

/// A mark in the mini journal, through an open store.
fn store_mark(
    store: &mut zhurnal::store::Store,
    date: &str,
) -> Result<(), zhurnal::store::StoreError> {
    let teacher = store.actor("teacher")?;
    let course = store.find_course("7Б", "Алгебра", None)?;
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    let lesson = store.find_lesson(course.id, day, None)?;
    let (kid, _) = store.find_student("7Б Алексеев")?;
    let v = zhurnal::domain::marks::MarkValue::new(5).expect("value");
    store.add_marks(&teacher, lesson.id, kid, &[v], None, Expect::Anything)?;
    Ok(())
}

fn marks_in(db: &Path) -> i64 {
    Connection::open(db)
        .expect("open")
        .query_row("SELECT count(*) FROM mark", [], |r| r.get(0))
        .expect("count")
}

/// Damage met in the middle of work (the thematic plan's table here) is reported, not a
/// panic, and no later write goes into the file: not through the store that met it, nor
/// through another store on the same file, though the write itself (a mark) would never
/// touch the damaged table. Once the journal is restored, writing works again.
#[test]
fn a_store_that_met_damage_writes_nothing_more() {
    let j = TestJournal::mini();
    let copies = j.dir().join("copies");
    ok(j.dir(), &["backup", "--db", s(j.db()), "--to", s(&copies)]);
    let good_copy = copies.join(&names_in(&copies)[0]);
    let damaged = with_table_overwritten(j.db(), "plan_item");
    std::fs::write(j.db(), &damaged).expect("damage");
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").ok();
    let open = || {
        let mut store = zhurnal::store::Store::open(j.db()).expect("open");
        store.set_today(today);
        store
    };
    let (mut met, mut other) = (open(), open());

    let teacher = met.actor("teacher").expect("teacher");
    let course = met.find_course("7Б", "Алгебра", None).expect("course");
    let err = met
        .plan_items(&teacher, course.id)
        .expect_err("the plan's table is damaged");
    assert!(err.to_string().contains("журнал повреждён"), "{err}");

    let marks = marks_in(j.db());
    for store in [&mut met, &mut other] {
        let err = store_mark(store, "2025-11-10").expect_err("refused");
        assert!(
            matches!(err, zhurnal::store::StoreError::Damaged(Some(_), _)),
            "{err:?}"
        );
        says_damaged(&err.to_string(), j.db());
    }
    assert_eq!(marks_in(j.db()), marks, "no mark went in");

    ok(j.dir(), &["restore", s(&good_copy), "--db", s(j.db())]);
    store_mark(&mut met, "2025-11-10").expect("the restored journal takes marks");
    store_mark(&mut other, "2025-11-12").expect("through every store");
    assert_eq!(marks_in(j.db()), marks + 2);
    drop((met, other));
    ok(j.dir(), &["check", "--db", s(j.db())]);
}
