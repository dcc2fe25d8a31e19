//! Shared helpers: running the real binary and building a small journal from the
//! fixtures in `tests/fixtures/mini`.

#![allow(dead_code)]

pub mod cells;
pub mod journal;
pub mod tmux;
pub mod tui;

#[allow(unused_imports)]
pub use journal::TestJournal;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date the tests' journals take as today unless a test says otherwise.
pub const TODAY: &str = "2025-11-20";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `zhurnal` with the given arguments, isolated from the user's config.
pub fn zhurnal(home: &Path, args: &[&str]) -> Output {
    command(home, env!("CARGO_BIN_EXE_zhurnal"))
        .args(args)
        .output()
        .expect("run zhurnal")
}

/// `program` (zhurnal, or a wrapper that runs it) in the environment `zhurnal` runs in.
pub fn command(home: &Path, program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new(program);
    c.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("ZHURNAL_DB")
        .env_remove("ZHURNAL_LANG")
        // The fixtures are the 2025/2026 school year: "today" is inside it, so its
        // periods are still open (a test may pass --today to say otherwise).
        .env("ZHURNAL_TODAY", TODAY);
    c
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs and insists on success, showing stderr otherwise.
pub fn ok(home: &Path, args: &[&str]) -> String {
    let o = zhurnal(home, args);
    assert!(
        o.status.success(),
        "zhurnal {args:?} failed: {}",
        stderr(&o)
    );
    stdout(&o)
}

/// A journal for the 2025/2026 year with two classes (7Б, 1А) in `dir`: a copy of the
/// one built through the CLI once per test binary.
pub fn mini_journal(dir: &Path) -> PathBuf {
    let db = dir.join("mini.sqlite");
    journal::copy_mini(&db);
    db
}

/// Builds the mini journal through the CLI, as a school office would.
fn build_mini_journal(dir: &Path) -> PathBuf {
    let db = dir.join("mini.sqlite");
    let d = db.to_str().expect("utf-8 path");
    let f = |n: &str| fixture("mini").join(n).to_string_lossy().into_owned();
    ok(
        dir,
        &[
            "init",
            "--db",
            d,
            "--school",
            &f("school.toml"),
            "--year",
            "2025",
        ],
    );
    for (kind, file) in [
        ("staff", "staff.csv"),
        ("students", "students.csv"),
        ("parents", "parents.csv"),
        ("courses", "courses.csv"),
        ("timetable", "timetable.csv"),
    ] {
        // The office sets the school up: the staff's homerooms and the class lists
        // make its classes; the class lists from the first day of the year.
        let first_day: &[&str] = match kind {
            "students" => &["--new-classes", "--from", "2025-09-01"],
            "staff" => &["--new-classes"],
            _ => &[],
        };
        ok(
            dir,
            &[&["import", kind, &f(file), "--db", d][..], first_day].concat(),
        );
    }
    ok(
        dir,
        &[
            "import",
            "plan",
            &f("plan.csv"),
            "--db",
            d,
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
        ],
    );
    db
}

/// `zhurnal mark` arguments for the mini journal's teacher in 7Б Алгебра.
pub fn mini_mark<'a>(
    d: &'a str,
    date: &'a str,
    student: &'a str,
    values: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
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
        date,
        "--student",
        student,
    ];
    args.extend_from_slice(values);
    args
}

/// A snapshot of the tables an import or a refused command must not touch.
pub fn table_counts(db: &Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(db).expect("open");
    [
        "staff",
        "student",
        "enrollment",
        "class",
        "course",
        "timetable",
        "lesson",
        "mark",
        "attendance",
        "plan_item",
        "users",
        "audit",
    ]
    .iter()
    .map(|t| {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .expect("count");
        (t.to_string(), n)
    })
    .collect()
}

/// Runs `zhurnal` under `umask` (a shell's, such as 022, which leaves new files
/// readable by everyone), insisting on success.
pub fn ok_with_umask(home: &Path, umask: &str, args: &[&str]) -> String {
    let o = command(home, "sh")
        .args([
            "-c",
            r#"umask "$1"; shift; exec "$@""#,
            "sh",
            umask,
            env!("CARGO_BIN_EXE_zhurnal"),
        ])
        .args(args)
        .output()
        .expect("run zhurnal under a umask");
    assert!(
        o.status.success(),
        "zhurnal {args:?} (umask {umask}) failed: {}",
        stderr(&o)
    );
    stdout(&o)
}

/// A file's or folder's permission bits, as `ls -l` shows them (0600, 0700…).
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

/// The bytes of the journal at `db` (closed, its log folded in) with the root page of
/// `table`, in the middle of the file, overwritten: a damaged journal.
pub fn with_table_overwritten(db: &Path, table: &str) -> Vec<u8> {
    let (root, page): (usize, usize) = {
        let conn = rusqlite::Connection::open(db).expect("open");
        let root: i64 = conn
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
                [table],
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
    let mut bytes = std::fs::read(db).expect("read");
    let at = (root - 1) * page;
    bytes[at..at + page].fill(0xA5);
    bytes
}
