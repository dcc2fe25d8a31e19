//! The real binary in a real terminal: tmux runs it at 80×24, types keys and reads the
//! screen as a person would see it. It is the binary Cargo builds for the tests: the
//! same code users run, without a second (release) build of everything for CI.

// Tests and benchmarks stop at the first thing that is not as it should be.
#![allow(clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use common::*;

fn tmux_available() -> bool {
    common::tmux::available("tmux")
}

/// The binary under test.
fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_zhurnal"))
}

#[test]
fn a_teacher_enters_a_lesson_in_a_real_terminal() {
    if !tmux_available() {
        eprintln!("tmux not installed: end-to-end test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.sqlite");
    let d = db.to_str().expect("path");
    ok(dir.path(), &["demo", "--db", d, "--until", "2025-12-14"]);
    let tmux = Tmux::new("test-grid");
    let cmd = format!(
        "env HOME={home} XDG_CONFIG_HOME={home}/config LANG=C.UTF-8 TERM=xterm-256color {bin} --db {d} --today 2025-12-15",
        home = dir.path().display(),
        bin = binary().display(),
    );
    tmux.open("z", &cmd);
    tmux.wait_for("z", "Демо-школа, пароль у всех: demo");
    tmux.keys("z", &["teacher", "Enter", "demo", "Enter"]);
    let s = tmux.wait_for("z", "Уроки сегодня");
    assert!(s.contains("1 08:30–09:15 7Б Алгебра"), "{s}");
    tmux.keys("z", &["Enter"]);
    tmux.wait_for("z", "7Б · Алгебра · 2 четверть");
    tmux.keys("z", &["5", "4", "н", "3"]);
    let s = tmux.wait_for("z", "сохранено: 3");
    assert!(s.contains("Алексеева В."), "{s}");
    tmux.keys("z", &["C-q"]);
    tmux.wait_closed("z", "zhurnal did not quit");
    let csv = ok(
        dir.path(),
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
            // Read as a script reads it: RFC 4180, not the office style.
            "--csv",
            "plain",
        ],
    );
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "2025-12-15")
        .expect("today's column");
    let cells: Vec<String> = lines
        .take(4)
        .map(|l| l.split(',').nth(col).unwrap_or("").to_string())
        .collect();
    assert_eq!(cells, vec!["5", "4", "Н", "3"], "{csv}");
}

#[test]
fn linux_console_with_ascii_borders_and_a_clean_sigterm() {
    if !tmux_available() {
        eprintln!("tmux not installed: end-to-end test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    {
        // A password for the fixture's teacher.
        let mut store = zhurnal::store::Store::open(&db).expect("open");
        let hash = zhurnal::auth::hash_password("secret").expect("hash");
        store
            .set_password_hash(
                &zhurnal::domain::policy::Actor::local_operator(),
                "teacher",
                &hash,
            )
            .expect("password");
    }
    let config = dir.path().join("config/zhurnal");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(
        config.join("config.toml"),
        "ascii_borders = true\ncursor_advance = \"right\"\n",
    )
    .expect("config");
    let tmux = Tmux::new("test-linux");
    let cmd = format!(
        "env HOME={home} XDG_CONFIG_HOME={home}/config LANG=C.UTF-8 TERM=linux {bin} --db {db} --today 2025-11-12",
        home = dir.path().display(),
        bin = binary().display(),
        db = db.display(),
    );
    tmux.open("z", &cmd);
    tmux.wait_for("z", "Логин");
    tmux.keys("z", &["teacher", "Tab", "secret", "Enter"]);
    let s = tmux.wait_for("z", "Уроки сегодня");
    assert!(s.contains("+ Уроки сегодня ---"), "ASCII borders:\n{s}");
    tmux.keys("z", &["Enter"]);
    tmux.wait_for("z", "7Б · Алгебра");
    // cursor_advance = right: the second mark goes to the next lesson (from Monday's to
    // today's: a later lesson takes no marks yet).
    tmux.keys("z", &["Left", "4", "5"]);
    tmux.wait_for("z", "сохранено: 5");
    let pid = tmux.pane_pid("z");
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success()
    );
    tmux.wait_closed("z", "SIGTERM did not end zhurnal");
    let conn = rusqlite::Connection::open(&db).expect("open");
    let logout: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'logout' AND actor = 'teacher'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(logout, 1, "the session ended cleanly");
    let dates: Vec<String> = conn
        .prepare("SELECT l.date FROM mark m JOIN lesson l ON l.id = m.lesson_id ORDER BY m.id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(dates, vec!["2025-11-10", "2025-11-12"]);
}

#[test]
fn a_closed_terminal_ends_the_journal_instead_of_leaving_it_spinning() {
    if !tmux_available() {
        eprintln!("tmux not installed: end-to-end test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    let tmux = Tmux::new("test-hangup");
    let cmd = format!(
        "exec env HOME={home} XDG_CONFIG_HOME={home}/config LANG=C.UTF-8 TERM=xterm {bin} --db {db}",
        home = dir.path().display(),
        bin = binary().display(),
        db = db.display(),
    );
    tmux.open("z", &cmd);
    tmux.wait_for("z", "Логин");
    let pid = tmux.pane_pid("z");
    let proc_dir = PathBuf::from("/proc").join(&pid);
    assert!(proc_dir.exists());
    // The window closes under the journal, as when an SSH connection drops.
    let _ = tmux.run(&["kill-server"]);
    let start = Instant::now();
    while proc_dir.exists() {
        let state = std::fs::read_to_string(proc_dir.join("stat")).unwrap_or_default();
        if state.split_whitespace().nth(2) == Some("Z") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "zhurnal {pid} kept running after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn without_a_terminal_the_journal_says_so_instead_of_failing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    // As a forced command run by `ssh host cmd`: no terminal on either side.
    let o = zhurnal(dir.path(), &["--db", db.to_str().expect("path")]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("нужен терминал"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
