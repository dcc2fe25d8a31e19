//! Backups and restore: a checked copy, rotation, and a restore that refuses a bad file
//! and keeps the journal it replaces.

mod common;

use common::*;

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
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    let d = db.to_str().expect("path");
    let to = dir.path().join("copies");
    let t = to.to_str().expect("path");
    ok(
        dir.path(),
        &[
            "mark",
            "--db",
            d,
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
        ],
    );
    let out = ok(dir.path(), &["backup", "--db", d, "--to", t, "--keep", "2"]);
    assert!(out.contains("проверена integrity_check"), "{out}");
    let first = files(&to);
    assert_eq!(first.len(), 1);
    assert!(
        first[0].starts_with("mini-") && first[0].ends_with(".sqlite"),
        "{first:?}"
    );
    // The copy is a journal of its own with the mark in it.
    let copy = to.join(&first[0]);
    ok(dir.path(), &["check", "--db", copy.to_str().expect("p")]);
    for _ in 0..2 {
        std::thread::sleep(std::time::Duration::from_millis(1100));
        ok(dir.path(), &["backup", "--db", d, "--to", t, "--keep", "2"]);
    }
    let rotated = files(&to);
    assert_eq!(rotated.len(), 2, "{rotated:?}");
    assert!(!rotated.contains(&first[0]), "the oldest went");

    // A mark after the backup; restoring brings the journal back to the copy.
    ok(
        dir.path(),
        &[
            "mark",
            "--db",
            d,
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
        ],
    );
    let latest = to.join(&rotated[1]);
    let out = ok(
        dir.path(),
        &["restore", latest.to_str().expect("p"), "--db", d],
    );
    assert!(out.contains("прежний сохранён как"), "{out}");
    let marks: i64 = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row("SELECT count(*) FROM mark", [], |r| r.get(0))
        .expect("count");
    assert_eq!(marks, 1);
    ok(dir.path(), &["check", "--db", d]);
    assert!(
        files(dir.path())
            .iter()
            .any(|f| f.starts_with("mini.sqlite.before-restore-"))
    );

    // A bad file is refused and the journal stays as it is.
    let junk = dir.path().join("junk.sqlite");
    std::fs::write(&junk, b"not a database at all").expect("write");
    let before = table_counts(&db);
    let o = zhurnal(
        dir.path(),
        &["restore", junk.to_str().expect("p"), "--db", d],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("восстановление не выполнено"),
        "{}",
        stderr(&o)
    );
    assert_eq!(before, table_counts(&db));
    // Only the administrator.
    let o = zhurnal(
        dir.path(),
        &["backup", "--db", d, "--to", t, "--as", "teacher"],
    );
    assert!(
        stderr(&o).contains("только администратор"),
        "{}",
        stderr(&o)
    );
}
