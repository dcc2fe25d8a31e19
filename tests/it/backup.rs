//! Backups and restore: a checked copy, rotation, and a restore that refuses a bad file
//! and keeps the journal it replaces.

use crate::common;

use common::*;
use zhurnal::store::marks::Expect;

fn files(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| {
            e.ok()
                .and_then(|e| e.file_name().to_str().map(str::to_string))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn backups_are_checked_rotated_and_restorable() {
    let j = TestJournal::mini();
    let to = j.dir().join("copies");
    let t = to.to_str().expect("path");
    j.ok(&[
        "mark",
        "--as",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2025-11-10",
        "--student",
        "Алексеев",
        "5",
    ]);
    let out = j.ok(&["backup", "--to", t, "--keep", "2"]);
    assert!(out.contains("проверена integrity_check"), "{out}");
    let first = files(&to);
    assert_eq!(first.len(), 1);
    assert!(
        first[0].starts_with("mini-") && first[0].ends_with(".sqlite"),
        "{first:?}"
    );
    // The copy is a journal of its own with the mark in it.
    let copy = to.join(&first[0]);
    ok(j.dir(), &["check", "--db", copy.to_str().expect("p")]);
    for _ in 0..2 {
        std::thread::sleep(std::time::Duration::from_millis(1100));
        j.ok(&["backup", "--to", t, "--keep", "2"]);
    }
    let rotated = files(&to);
    assert_eq!(rotated.len(), 2, "{rotated:?}");
    assert!(!rotated.contains(&first[0]), "the oldest went");

    // A mark after the backup; restoring brings the journal back to the copy.
    j.ok(&[
        "mark",
        "--as",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2025-11-12",
        "--student",
        "Алексеев",
        "4",
    ]);
    let latest = to.join(&rotated[1]);
    let out = j.ok(&["restore", latest.to_str().expect("p")]);
    assert!(out.contains("прежний сохранён как"), "{out}");
    let marks: i64 = rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row("SELECT count(*) FROM mark", [], |r| r.get(0))
        .expect("count");
    assert_eq!(marks, 1);
    j.ok(&["check"]);
    assert!(
        files(j.dir())
            .iter()
            .any(|f| f.starts_with("mini.sqlite.before-restore-"))
    );

    // A bad file is refused and the journal stays as it is.
    let junk = j.dir().join("junk.sqlite");
    std::fs::write(&junk, b"not a database at all").expect("write");
    let before = table_counts(j.db());
    let o = j.run(&["restore", junk.to_str().expect("p")]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("восстановление не выполнено"),
        "{}",
        stderr(&o)
    );
    assert_eq!(before, table_counts(j.db()));
    // Only the administrator.
    let o = j.run(&["backup", "--to", t, "--as", "teacher"]);
    assert!(
        stderr(&o).contains("только администратор"),
        "{}",
        stderr(&o)
    );
}

/// A mark by the mini journal's teacher in 7Б Алгебра, through an open store.
fn mark(store: &mut zhurnal::store::Store, date: &str, value: i64) {
    let teacher = store.actor("teacher").expect("teacher");
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    let lesson = store.find_lesson(course.id, day, None).expect("lesson");
    let (kid, _) = store.find_student("7Б Алексеев").expect("student");
    let v = zhurnal::domain::marks::MarkValue::new(value).expect("value");
    store
        .add_marks(&teacher, lesson.id, kid, &[v], None, Expect::Anything)
        .expect("mark");
}

fn marks_in(db: &std::path::Path) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row("SELECT count(*) FROM mark", [], |r| r.get(0))
        .expect("count")
}

/// The restore goes into the live journal through SQLite: a program that had the
/// journal open before sees the restored contents and keeps writing into it.
#[test]
fn restore_reaches_programs_that_have_the_journal_open() {
    let j = TestJournal::mini();
    let to = j.dir().join("copies");
    let mut open = zhurnal::store::Store::open(j.db()).expect("open");
    open.set_today(chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").ok());
    mark(&mut open, "2025-11-10", 5);
    j.ok(&["backup", "--to", to.to_str().expect("p")]);
    let copy = to.join(&files(&to)[0]);
    // Written after the backup: the restore takes it away, the journal kept aside has it.
    mark(&mut open, "2025-11-12", 4);
    assert_eq!(open.count("mark").expect("count"), 2);

    let out = j.ok(&["restore", copy.to_str().expect("p")]);
    assert!(out.contains("прежний сохранён как"), "{out}");
    assert_eq!(
        open.count("mark").expect("count"),
        1,
        "the open store sees it"
    );
    mark(&mut open, "2025-11-17", 3);
    drop(open);
    assert_eq!(
        marks_in(j.db()),
        2,
        "the write after the restore is in the file"
    );
    j.ok(&["check"]);
    let mode: String = rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");

    let names = files(j.dir());
    let aside: Vec<&String> = names
        .iter()
        .filter(|f| f.starts_with("mini.sqlite.before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "{names:?}");
    assert!(!aside[0].ends_with(".part"), "{names:?}");
    let aside = j.dir().join(aside[0]);
    assert_eq!(marks_in(&aside), 2, "the journal as it was just before");
    ok(j.dir(), &["check", "--db", aside.to_str().expect("p")]);
    assert!(
        !names.iter().any(|f| f.ends_with(".part")),
        "no part left: {names:?}"
    );
}

/// A backup with another page size than the journal's is restored all the same.
#[test]
fn a_backup_with_another_page_size_is_restored() {
    let j = TestJournal::mini();
    let to = j.dir().join("copies");
    let mut open = zhurnal::store::Store::open(j.db()).expect("open");
    open.set_today(chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").ok());
    mark(&mut open, "2025-11-10", 5);
    j.ok(&["backup", "--to", to.to_str().expect("p")]);
    let copy = to.join(&files(&to)[0]);
    let page_size = |p: &std::path::Path| -> i64 {
        rusqlite::Connection::open(p)
            .expect("open")
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("page size")
    };
    let ours = page_size(j.db());
    rusqlite::Connection::open(&copy)
        .expect("open")
        .execute_batch(&format!("PRAGMA page_size = {}; VACUUM;", ours * 2))
        .expect("resize");
    assert_eq!(page_size(&copy), ours * 2);
    mark(&mut open, "2025-11-12", 4);

    j.ok(&["restore", copy.to_str().expect("p")]);
    assert_eq!(open.count("mark").expect("count"), 1);
    drop(open);
    assert_eq!(page_size(j.db()), ours);
    j.ok(&["check"]);
    let names = files(j.dir());
    assert!(!names.iter().any(|f| f.contains(".restoring")), "{names:?}");
}

/// Whatever the umask (022 here, the usual one, which leaves new files readable by
/// every user), what zhurnal makes is its owner's only: the journal and its folder, the
/// `-wal`/`-shm` files beside it, backups and their folder, the journal kept aside by a
/// restore, an export.
#[cfg(unix)]
#[test]
fn everything_made_is_private_whatever_the_umask() {
    let dir = tempfile::tempdir().expect("tempdir");
    let home = dir.path();
    let folder = home.join("school");
    let db = folder.join("j.sqlite");
    let d = db.to_str().expect("path");
    let school = fixture("mini/school.toml");
    ok_with_umask(
        home,
        "022",
        &[
            "init",
            "--db",
            d,
            "--school",
            school.to_str().expect("path"),
            "--year",
            "2025",
        ],
    );
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&db), 0o600);
    for (kind, file) in [
        ("staff", "staff.csv"),
        ("students", "students.csv"),
        ("courses", "courses.csv"),
        ("timetable", "timetable.csv"),
    ] {
        let f = fixture("mini").join(file);
        // The staff's homerooms make the school's classes.
        let new_classes: &[&str] = if kind == "staff" {
            &["--new-classes"]
        } else {
            &[]
        };
        ok(
            home,
            &[
                &["import", kind, f.to_str().expect("path"), "--db", d][..],
                new_classes,
            ]
            .concat(),
        );
    }
    {
        // SQLite gives the files it keeps beside the journal the journal's mode.
        let conn = rusqlite::Connection::open(&db).expect("open");
        let n: i64 = conn
            .query_row("SELECT count(*) FROM student", [], |r| r.get(0))
            .expect("count");
        assert!(n > 0);
        for side in ["-wal", "-shm"] {
            assert_eq!(
                mode(&folder.join(format!("j.sqlite{side}"))),
                0o600,
                "{side}"
            );
        }
    }

    let out = ok_with_umask(home, "022", &["backup", "--db", d]);
    let backups = folder.join("backups");
    assert_eq!(mode(&backups), 0o700);
    let copy = backups.join(&files(&backups)[0]);
    assert!(out.contains(copy.to_str().expect("path")), "{out}");
    assert_eq!(mode(&copy), 0o600);

    ok_with_umask(
        home,
        "022",
        &["restore", copy.to_str().expect("p"), "--db", d],
    );
    let aside: Vec<String> = files(&folder)
        .into_iter()
        .filter(|f| f.starts_with("j.sqlite.before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(mode(&folder.join(&aside[0])), 0o600);
    assert_eq!(mode(&db), 0o600);

    let page = home.join("page.csv");
    std::fs::write(&page, "an older export").expect("write");
    ok_with_umask(
        home,
        "022",
        &[
            "export",
            "journal",
            "--db",
            d,
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--period",
            "2",
            "-o",
            page.to_str().expect("path"),
        ],
    );
    assert!(
        std::fs::read_to_string(&page)
            .expect("read")
            .contains("Средний балл")
    );
    assert_eq!(mode(&page), 0o600);
}

/// Backups taken one after another, within the same second more often than not, are
/// all kept under names of their own, and rotation keeps the newest.
#[test]
fn backups_in_the_same_second_are_all_kept() {
    let j = TestJournal::mini();
    let to = j.dir().join("copies");
    let t = to.to_str().expect("path");
    let mut made = Vec::new();
    for _ in 0..3 {
        let out = j.ok(&["backup", "--to", t, "--keep", "10"]);
        let name = files(&to)
            .into_iter()
            .find(|f| out.contains(f.as_str()) && !made.contains(f))
            .unwrap_or_else(|| panic!("a new copy: {out}"));
        made.push(name);
    }
    assert_eq!(files(&to).len(), 3, "{:?}", files(&to));
    j.ok(&["backup", "--to", t, "--keep", "2"]);
    let left = files(&to);
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(!left.contains(&made[0]), "the oldest went: {left:?}");
    assert!(!left.contains(&made[1]), "the second oldest went: {left:?}");
    for f in &left {
        ok(j.dir(), &["check", "--db", to.join(f).to_str().expect("p")]);
    }
}

/// A restore only reads the backup: no `-wal` or `-shm` appears beside it, whether it
/// is a backup zhurnal made or a copy of a journal in WAL mode.
#[test]
fn a_restore_leaves_nothing_beside_the_backup() {
    let j = TestJournal::mini();
    let to = j.dir().join("copies");
    j.ok(&["backup", "--to", to.to_str().expect("p")]);
    let made = files(&to);
    let wal_copy = to.join("copied-by-hand.sqlite");
    std::fs::copy(j.db(), &wal_copy).expect("copy");
    let mode: String = rusqlite::Connection::open_with_flags(
        &wal_copy,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open")
    .query_row("PRAGMA journal_mode", [], |r| r.get(0))
    .expect("mode");
    assert_eq!(mode, "wal", "a journal's copy is in WAL mode");
    let _ = std::fs::remove_file(to.join("copied-by-hand.sqlite-shm"));
    let _ = std::fs::remove_file(to.join("copied-by-hand.sqlite-wal"));
    let before = files(&to);
    for backup in [to.join(&made[0]), wal_copy] {
        j.ok(&["restore", backup.to_str().expect("p")]);
        assert_eq!(files(&to), before, "after restoring {}", backup.display());
    }
    j.ok(&["check"]);
}
