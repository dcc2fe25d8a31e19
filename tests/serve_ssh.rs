//! `zhurnal serve` driven by the OpenSSH client in tmux, as teachers reach a school
//! server: journal accounts log in, a mark entered in one session shows in another,
//! wrong passwords and unknown users are refused, commands are not run, a registered
//! key logs in, and SIGTERM ends every session cleanly.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::tmux::{Tmux, available};
use common::*;

/// The row of the first student in the grid.
fn first_row(tmux: &Tmux, name: &str) -> String {
    tmux.screen(name)
        .lines()
        .find(|l| l.starts_with(" 1 "))
        .unwrap_or_default()
        .to_string()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn start_server(dir: &Path, db: &Path, port: u16) -> Server {
    start_server_with(dir, db, port, &[])
}

fn start_server_with(dir: &Path, db: &Path, port: u16, extra: &[&str]) -> Server {
    let log = std::fs::File::create(dir.join("serve.log")).expect("log");
    // The daily backup, due a few seconds from now.
    let backup_at = (chrono::Local::now() + chrono::Duration::seconds(3))
        .format("%H:%M:%S")
        .to_string();
    let child = Command::new(env!("CARGO_BIN_EXE_zhurnal"))
        .args(["serve", "--db"])
        .arg(db)
        .args(["--listen", &format!("127.0.0.1:{port}"), "--host-key"])
        .arg(dir.join("host_key"))
        .args(["--backup-at", &backup_at, "--backup-dir"])
        .arg(dir.join("daily"))
        .args(extra)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("ZHURNAL_TODAY", TODAY)
        .env_remove("ZHURNAL_LANG")
        .stderr(log)
        .spawn()
        .expect("start zhurnal serve");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the server never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Server(child)
}

/// The demo school served on a free port: the journal, the port, the server.
fn demo_server(dir: &Path) -> (std::path::PathBuf, u16, Server) {
    let db = dir.join("school.sqlite");
    ok(
        dir,
        &["demo", "--db", db.to_str().expect("path"), "--until", TODAY],
    );
    let port = free_port();
    let server = start_server(dir, &db, port);
    (db, port, server)
}

/// An OpenSSH client command that ignores the user's own configuration.
fn ssh(port: u16, user: &str, extra: &str) -> String {
    format!(
        "ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
         -o LogLevel=ERROR -o NumberOfPasswordPrompts=1 {extra} -p {port} {user}@127.0.0.1; \
         echo SSH-EXIT-$?; sleep 60"
    )
}

fn password_only() -> &'static str {
    "-o PubkeyAuthentication=no -o PreferredAuthentications=password"
}

fn audit_count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

#[test]
fn two_teachers_over_ssh_see_each_others_marks_and_strangers_stay_out() {
    if !available("tmux") || !available("ssh") {
        eprintln!("tmux or ssh not installed: SSH end-to-end test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, port, mut server) = demo_server(dir.path());
    let d = db.to_str().expect("path");
    let tmux = Tmux::new("ssh");

    // Two sessions of journal accounts, logged in with their journal passwords.
    for name in ["a", "b"] {
        tmux.open(name, &ssh(port, "teacher", password_only()));
        tmux.wait_for(name, "password:");
        tmux.keys(name, &["demo", "Enter"]);
        tmux.wait_for(name, "Уроки сегодня");
        tmux.keys(name, &["Enter"]);
        tmux.wait_for(name, "9А · Геометрия");
    }
    // The terminal's size follows the client's window.
    let narrow = tmux.screen("a");
    assert!(
        tmux.run(&["resize-window", "-t", "a", "-x", "120", "-y", "30"])
            .status
            .success()
    );
    let start = Instant::now();
    while !tmux.screen("a").lines().any(|l| l.chars().count() > 80) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the session never took the new size:\n{}",
            tmux.screen("a")
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        tmux.run(&["resize-window", "-t", "a", "-x", "80", "-y", "24"])
            .status
            .success()
    );
    let start = Instant::now();
    while tmux.screen("a") != narrow {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the session never went back to 80×24:\n{}",
            tmux.screen("a")
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let before = first_row(&tmux, "b");
    tmux.keys("a", &["5"]);
    tmux.wait_for("a", "сохранено: 5");
    let entered = Instant::now();
    let row = first_row(&tmux, "a");
    assert_ne!(row, before, "a's grid shows the mark");
    while first_row(&tmux, "b") != row {
        assert!(
            entered.elapsed() < Duration::from_secs(10),
            "the mark never reached the other session:\n{}",
            tmux.screen("b")
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    println!(
        "a mark entered in one session showed in the other after {} ms",
        entered.elapsed().as_millis()
    );

    // A wrong password and an unknown user are refused, and both are in the audit log.
    tmux.open("c", &ssh(port, "teacher", password_only()));
    tmux.wait_for("c", "password:");
    tmux.keys("c", &["wrong", "Enter"]);
    tmux.wait_for("c", "Permission denied");
    tmux.open("d", &ssh(port, "nobody", password_only()));
    tmux.wait_for("d", "password:");
    tmux.keys("d", &["demo", "Enter"]);
    tmux.wait_for("d", "Permission denied");
    assert_eq!(
        audit_count(
            &db,
            "SELECT count(*) FROM audit WHERE action = 'login_failed' AND actor IN ('teacher', 'nobody')"
        ),
        2
    );

    // No commands: a connection gets the journal and nothing else.
    tmux.open(
        "e",
        &ssh(port, "teacher", &format!("{} -T", password_only()))
            .replace("127.0.0.1;", "127.0.0.1 cat /etc/passwd;"),
    );
    tmux.wait_for("e", "password:");
    tmux.keys("e", &["demo", "Enter"]);
    let s = tmux.wait_for("e", "SSH-EXIT-");
    assert!(!s.contains("root:"), "{s}");

    // A key the teacher registered logs in without a password.
    let key = dir.path().join("id_ed25519");
    let made = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "teacher@classroom",
            "-f",
        ])
        .arg(&key)
        .status()
        .expect("ssh-keygen");
    assert!(made.success());
    let pubkey = dir.path().join("id_ed25519.pub");
    ok(
        dir.path(),
        &[
            "user",
            "key",
            "add",
            "teacher",
            pubkey.to_str().expect("path"),
            "--db",
            d,
        ],
    );
    let with_key = format!(
        "-o PasswordAuthentication=no -o BatchMode=yes -o IdentitiesOnly=yes -i {}",
        key.display()
    );
    tmux.open("f", &ssh(port, "teacher", &with_key));
    tmux.wait_for("f", "Уроки сегодня");
    // The same key does not open another account.
    tmux.open("g", &ssh(port, "deputy", &with_key));
    tmux.wait_for("g", "Permission denied");

    // The daily backup was made while the sessions worked, and it is a sound journal.
    let start = Instant::now();
    let copy = loop {
        let found = std::fs::read_dir(dir.path().join("daily"))
            .ok()
            .and_then(|mut d| d.next())
            .and_then(|e| e.ok())
            .map(|e| e.path());
        if let Some(p) = found {
            break p;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no daily backup");
        std::thread::sleep(Duration::from_millis(100));
    };
    ok(dir.path(), &["check", "--db", copy.to_str().expect("path")]);

    // SIGTERM: every session is told, its user logged out, and the server exits.
    let pid = server.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success()
    );
    let start = Instant::now();
    let status = loop {
        if let Some(s) = server.0.try_wait().expect("wait") {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the server did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    tmux.wait_for("a", "SSH-EXIT-");
    tmux.wait_for("b", "SSH-EXIT-");
    assert_eq!(
        audit_count(
            &db,
            "SELECT count(*) FROM audit WHERE action = 'logout' AND actor = 'teacher'"
        ),
        3,
        "the three sessions were logged out"
    );
    let check = ok(dir.path(), &["check", "--db", d]);
    assert!(!check.is_empty());
    let log = std::fs::read_to_string(dir.path().join("serve.log")).expect("log");
    assert!(log.contains("nobody"), "refusals are logged:\n{log}");
}

#[test]
fn an_idle_session_ends_and_its_user_is_logged_out() {
    if !available("tmux") || !available("ssh") {
        eprintln!("tmux or ssh not installed: SSH end-to-end test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::tui::demo_copy(dir.path());
    let port = free_port();
    // Three seconds without a key.
    let _server = start_server_with(dir.path(), &db, port, &["--idle-minutes", "0.05"]);
    let tmux = Tmux::new("idle");
    tmux.open("a", &ssh(port, "deputy", password_only()));
    tmux.wait_for("a", "password:");
    tmux.keys("a", &["demo", "Enter"]);
    let s = tmux.wait_for("a", "SSH-EXIT-");
    assert!(s.contains("нет действий"), "{s}");
    assert_eq!(
        audit_count(
            &db,
            "SELECT count(*) FROM audit WHERE action = 'logout' AND actor = 'deputy'"
        ),
        1
    );
}

#[test]
fn a_message_sent_by_another_process_shows_in_an_open_session() {
    if !available("tmux") || !available("ssh") {
        eprintln!("tmux or ssh not installed: SSH end-to-end test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, port, _server) = demo_server(dir.path());
    let d = db.to_str().expect("path");
    let tmux = Tmux::new("ssh-msg");
    tmux.open("t", &ssh(port, "teacher", password_only()));
    tmux.wait_for("t", "password:");
    tmux.keys("t", &["demo", "Enter"]);
    tmux.wait_for("t", "Уроки сегодня");
    assert!(!tmux.screen("t").contains("новых сообщений"));
    // A parent writes from the command line: another process on the same file.
    let out = ok(
        dir.path(),
        &[
            "message",
            "send",
            "--db",
            d,
            "--to",
            "teacher",
            "--subject",
            "Справка",
            "--text",
            "Матвей болел, справку принесём.",
            "--as",
            "parent",
        ],
    );
    let sent = Instant::now();
    let thread = out
        .rsplit('#')
        .next()
        .map(str::trim)
        .expect("the conversation's number")
        .to_string();
    tmux.wait_for("t", "новых сообщений: 1");
    println!(
        "a message sent by another process showed in the open session after {} ms",
        sent.elapsed().as_millis()
    );
    // The teacher reads it and answers by keys; the parent sees the answer and the
    // read receipt.
    tmux.keys("t", &["F9"]);
    tmux.wait_for("t", "Соболева Н.В. — Справка");
    tmux.keys("t", &["Enter"]);
    tmux.wait_for("t", "Матвей болел, справку принесём.");
    tmux.keys("t", &["Enter"]);
    tmux.wait_for("t", "F2 — отправить");
    tmux.keys("t", &["Спасибо, получила.", "F2"]);
    tmux.wait_for("t", "отправлено");
    let shown = ok(
        dir.path(),
        &["message", "show", &thread, "--db", d, "--as", "parent"],
    );
    assert!(shown.contains("Спасибо, получила."), "{shown}");
    assert!(shown.contains("прочитал(а) Белова М.В."), "{shown}");
    // The parent's reading reaches the teacher's open conversation as a receipt.
    tmux.wait_for("t", "прочитано: Соболева Н.В.");
}
