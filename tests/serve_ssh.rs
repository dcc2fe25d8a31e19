//! `zhurnal serve` driven by the OpenSSH client in tmux, as teachers reach a school
//! server: journal accounts log in, a mark entered in one session shows in another,
//! wrong passwords and unknown users are refused, commands are not run, a registered
//! key logs in, and SIGTERM ends every session cleanly.

// Tests and benchmarks stop at the first thing that is not as it should be.
#![allow(clippy::expect_used, clippy::panic)]

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
    start_server_under(dir, db, port, extra, &[])
}

/// The server started through `prefix` (such as `prlimit --nofile=64:64`).
fn start_server_under(dir: &Path, db: &Path, port: u16, extra: &[&str], prefix: &[&str]) -> Server {
    let log = std::fs::File::create(dir.join("serve.log")).expect("log");
    // The daily backup, due a few seconds from now.
    let backup_at = (chrono::Local::now() + chrono::Duration::seconds(3))
        .format("%H:%M:%S")
        .to_string();
    let mut command = match prefix.split_first() {
        Some((program, args)) => {
            let mut c = Command::new(program);
            c.args(args).arg(env!("CARGO_BIN_EXE_zhurnal"));
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_zhurnal")),
    };
    let child = command
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
    assert!(
        s.contains("команды не выполняются"),
        "the reason is told:\n{s}"
    );

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
    // And the journal records it, by the server.
    let start = Instant::now();
    while audit_count(
        &db,
        "SELECT count(*) FROM audit WHERE action = 'backup' AND new_value LIKE '%(ежедневная, сервер)'",
    ) == 0
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the daily backup is not in the audit"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

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
        4,
        "the three sessions and the connection refused a command were logged out"
    );
    assert_eq!(
        audit_count(
            &db,
            "SELECT count(*) FROM audit WHERE action = 'login' AND actor = 'teacher'"
        ),
        4,
        "every login has its logout"
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
    assert!(
        s.contains("нет действий 3 с"),
        "three seconds, not «1 мин»: {s}"
    );
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

/// A client in the test's own hands (the OpenSSH client cannot make thirty attempts at
/// once, bind another loopback address, or stop reading on purpose).
mod client {
    use std::sync::Arc;
    use std::time::Duration;

    use russh::client::{self, AuthResult, Handle};
    use russh::keys::PublicKeyOrCertificate;

    pub struct Trusting;

    impl client::Handler for Trusting {
        type Error = russh::Error;

        async fn check_server_key(
            &mut self,
            _key: &PublicKeyOrCertificate,
        ) -> Result<bool, Self::Error> {
            Ok(true)
        }
    }

    pub fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    }

    /// A connection from the loopback address `from` (127.0.0.1, 127.0.0.2 …).
    pub async fn connect(port: u16, from: &str) -> Handle<Trusting> {
        connect_with_window(port, from, client::Config::default().window_size).await
    }

    /// A connection whose client takes at most `window` bytes before it says it has
    /// read them.
    pub async fn connect_with_window(port: u16, from: &str, window: u32) -> Handle<Trusting> {
        let socket = tokio::net::TcpSocket::new_v4().expect("socket");
        socket
            .bind(format!("{from}:0").parse().expect("address"))
            .expect("bind");
        let stream = socket
            .connect(([127, 0, 0, 1], port).into())
            .await
            .expect("connect");
        let config = Arc::new(client::Config {
            inactivity_timeout: Some(Duration::from_secs(120)),
            window_size: window,
            ..Default::default()
        });
        client::connect_stream(config, stream, Trusting)
            .await
            .expect("ssh handshake")
    }

    pub async fn password(
        port: u16,
        from: &str,
        user: &str,
        password: &str,
    ) -> (Handle<Trusting>, bool) {
        let mut h = connect(port, from).await;
        let ok = h
            .authenticate_password(user, password)
            .await
            .expect("answered")
            .success();
        (h, ok)
    }

    pub fn offers_password(r: &AuthResult) -> bool {
        match r {
            AuthResult::Success => false,
            AuthResult::Failure {
                remaining_methods, ..
            } => remaining_methods.contains(&russh::MethodKind::Password),
        }
    }
}

#[test]
fn guesses_from_one_address_are_held_back_while_the_school_there_logs_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::tui::demo_copy(dir.path());
    let port = free_port();
    // Room for all thirty to wait at once: what holds them back here is the count of
    // guesses, not the connection caps.
    let _server = start_server_with(
        dir.path(),
        &db,
        port,
        &["--max-unauthenticated-per-address", "64"],
    );
    let rt = client::runtime();
    rt.block_on(async {
        // Thirty guesses at the deputy's password at once, from one address, the login
        // spelt three ways the journal reads as one.
        let guesses: Vec<_> = (0..30)
            .map(|i| {
                tokio::spawn(async move {
                    let login = ["deputy", " deputy", "deputy\t"][i % 3];
                    let (_h, ok) =
                        client::password(port, "127.0.0.1", login, &format!("guess{i}")).await;
                    ok
                })
            })
            .collect();
        // Meanwhile a teacher at the same address (the school's NAT) logs in.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        let (_t, ok) = client::password(port, "127.0.0.1", "teacher", "demo").await;
        assert!(ok, "the teacher's right password is let in");
        println!(
            "a teacher logged in {} ms into thirty parallel guesses from her address",
            started.elapsed().as_millis()
        );
        for g in guesses {
            assert!(!g.await.expect("joined"), "no guess got in");
        }
    });
    assert_eq!(
        audit_count(
            &db,
            "SELECT count(*) FROM audit WHERE actor = 'deputy' AND action = 'login_failed'"
        ),
        5,
        "only five of the thirty guesses were checked"
    );
    rt.block_on(async {
        let (_h, ok) = client::password(port, "127.0.0.1", "deputy", "demo").await;
        assert!(!ok, "that address waits, even with the right password");
        let (_h, ok) = client::password(port, "127.0.0.2", "deputy", "demo").await;
        assert!(ok, "the owner logs in from elsewhere");
    });
    // The teacher's own success reset nothing for the deputy, and the account itself is
    // not locked: the console and the journal know nothing of it.
    assert_eq!(
        audit_count(
            &db,
            "SELECT count(*) FROM users WHERE login = 'deputy' AND locked_until IS NOT NULL"
        ),
        0
    );
}

#[test]
fn hostile_login_names_reach_the_server_log_harmless() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::tui::demo_copy(dir.path());
    let port = free_port();
    let _server = start_server(dir.path(), &db, port);
    let rt = client::runtime();
    rt.block_on(async {
        // A screen clear and a forged line, a title change, a C1 CSI, a bidi override.
        for login in [
            "\u{1b}[2J\u{1b}[Hdirector: login ok",
            "x\u{1b}]0;owned\u{7}",
            "y\u{9b}31m",
            "z\u{202e}nimda",
        ] {
            let (_h, ok) = client::password(port, "127.0.0.1", login, "guess").await;
            assert!(!ok, "{login:?} is no account");
        }
        // The server is still answering.
        let (_h, ok) = client::password(port, "127.0.0.1", "teacher", "demo").await;
        assert!(ok);
    });
    let log = std::fs::read(dir.path().join("serve.log")).expect("log");
    let text = String::from_utf8_lossy(&log);
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!text.contains(bad), "{bad:?} reached the log:\n{text}");
    }
    assert!(
        !text.lines().any(|l| l.starts_with("director: login ok")),
        "no forged line:\n{text}"
    );
}

#[test]
fn a_locked_out_teacher_logs_in_with_her_key() {
    if !available("ssh") || !available("ssh-keygen") {
        eprintln!("ssh not installed: key login test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::tui::demo_copy(dir.path());
    let key = new_key(dir.path(), "teacher");
    // Locked at the console: five wrong passwords on the login screen's check.
    let mut store = zhurnal::store::Store::open(&db).expect("open");
    let locked = (0..10).any(|_| {
        matches!(
            store.authenticate("teacher", "wrong"),
            Err(zhurnal::store::accounts::LoginError::Locked { .. })
        )
    });
    assert!(locked, "the account is locked");
    drop(store);
    let port = free_port();
    let _server = start_server(dir.path(), &db, port);
    let rt = client::runtime();
    rt.block_on(async {
        for i in 0..6 {
            let (_h, ok) = client::password(port, "127.0.0.1", "teacher", &format!("x{i}")).await;
            assert!(!ok);
        }
        let (_h, ok) = client::password(port, "127.0.0.1", "teacher", "demo").await;
        assert!(!ok, "held back at this address");
    });
    // The same address, with her key: a password lockout never refuses a key.
    sftp_ok(port, "teacher", &key, "ls\n");
}

#[test]
fn three_passwords_a_connection_and_a_logout_for_every_login() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::tui::demo_copy(dir.path());
    // A journal other users of the machine can read: the server says so at start.
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let port = free_port();
    let _server = start_server_with(dir.path(), &db, port, &["--login-grace", "3"]);
    let rt = client::runtime();
    rt.block_on(async {
        // A mistyped password can be typed again, as OpenSSH allows.
        let mut h = client::connect(port, "127.0.0.1").await;
        for _ in 0..2 {
            let r = h
                .authenticate_password("director", "wrong")
                .await
                .expect("answered");
            assert!(client::offers_password(&r), "{r:?}");
        }
        let r = h
            .authenticate_password("director", "demo")
            .await
            .expect("answered");
        assert!(r.success(), "the third try logs in");
        // Logged in, opening nothing: the connection is closed after the grace.
        let start = Instant::now();
        while !h.is_closed() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "a connection that opens nothing stays"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // The third wrong password is the last a connection may try: a fourth is not
        // even checked, right or not.
        let mut h = client::connect(port, "127.0.0.1").await;
        for i in 0..3 {
            let r = h
                .authenticate_password("classteacher", "wrong")
                .await
                .expect("answered");
            assert_eq!(client::offers_password(&r), i < 2, "try {i}: {r:?}");
        }
        let fourth = h.authenticate_password("classteacher", "demo").await;
        assert!(
            !fourth.is_ok_and(|r| r.success()),
            "a fourth password got in"
        );
        // Not even logging in: closed after the grace too.
        let idle = client::connect(port, "127.0.0.1").await;
        let start = Instant::now();
        while !idle.is_closed() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "a connection that never logs in stays"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    // The director's login is recorded, and so is its end.
    let start = Instant::now();
    while audit_count(
        &db,
        "SELECT count(*) FROM audit WHERE actor = 'director' AND action = 'logout'",
    ) < 1
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no logout recorded for a login without a session"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        audit_count(
            &db,
            "SELECT count(*) FROM audit WHERE actor = 'director' AND action = 'login' AND new_value = 'ssh 127.0.0.1'"
        ),
        1
    );
    let log = std::fs::read_to_string(dir.path().join("serve.log")).expect("log");
    assert!(log.contains("вход не выполнен за 3 с"), "{log}");
    assert!(
        log.contains("предупреждение: журнал") && log.contains("chmod"),
        "the exposed journal is named at start:\n{log}"
    );
}

#[test]
fn a_flood_of_idle_connections_under_a_low_file_limit_leaves_the_server_serving() {
    if !available("prlimit") {
        eprintln!("prlimit not installed: descriptor-limit test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::tui::demo_copy(dir.path());
    let port = free_port();
    let mut server = start_server_under(
        dir.path(),
        &db,
        port,
        &["--login-grace", "2"],
        &["prlimit", "--nofile=64:64"],
    );
    // Eighty connections that say nothing.
    let idle: Vec<_> = (0..80)
        .filter_map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    assert!(!idle.is_empty());
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server.0.try_wait().expect("wait").is_none(),
        "the server is still running"
    );
    // Once the silent ones have had their grace, a teacher logs in and works.
    std::thread::sleep(Duration::from_secs(3));
    let rt = client::runtime();
    rt.block_on(async {
        let (h, ok) = client::password(port, "127.0.0.1", "teacher", "demo").await;
        assert!(ok, "a login after the flood");
        let mut ch = h.channel_open_session().await.expect("a session");
        ch.request_pty(false, "xterm", 80, 24, 0, 0, &[])
            .await
            .expect("pty");
        ch.request_shell(false).await.expect("shell");
        // Raw output: the frame skips unchanged blanks, so one word is looked for — the
        // key bar's, drawn last.
        let screen = read_until(&mut ch, "Помощь").await;
        assert!(
            screen.contains("Уроки") && screen.contains("Помощь"),
            "{screen}\nthe server's log:\n{}",
            std::fs::read_to_string(dir.path().join("serve.log")).unwrap_or_default()
        );
    });
    drop(idle);
    assert!(server.0.try_wait().expect("wait").is_none());
    let log = std::fs::read_to_string(dir.path().join("serve.log")).expect("log");
    assert!(log.contains("подключений не больше"), "{log}");
}

/// What a session shows, read until `text` appears (or ten seconds pass).
async fn read_until(ch: &mut russh::Channel<russh::client::Msg>, text: &str) -> String {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !String::from_utf8_lossy(&seen).contains(text) {
        match tokio::time::timeout_at(deadline, ch.wait()).await {
            Ok(Some(russh::ChannelMsg::Data { data })) => seen.extend_from_slice(&data),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

#[test]
fn a_client_that_stops_reading_is_dropped_while_another_session_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::tui::demo_copy(dir.path());
    let port = free_port();
    let server = start_server_with(dir.path(), &db, port, &["--stall-seconds", "2"]);
    let rt = client::runtime();
    rt.block_on(async {
        // The stalled client talks through a relay that, on a word, stops taking what the
        // server sends, as a client that stops reading does.
        let relay = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("relay");
        let relay_port = relay.local_addr().expect("address").port();
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            let (inbound, _) = relay.accept().await.expect("accept");
            let outbound = tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .expect("server");
            let (mut ci, mut co) = inbound.into_split();
            let (mut si, mut so) = outbound.into_split();
            tokio::spawn(async move {
                let _ = tokio::io::copy(&mut ci, &mut so).await;
            });
            let mut stop = stop_rx;
            let mut buf = vec![0u8; 16 * 1024];
            loop {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                if *stop.borrow() {
                    // Holds the socket and reads no more.
                    let _ = stop.changed().await;
                    std::future::pending::<()>().await;
                }
                tokio::select! {
                    n = si.read(&mut buf) => match n {
                        Ok(0) | Err(_) => break,
                        Ok(n) => if co.write_all(&buf[..n]).await.is_err() { break },
                    },
                    _ = stop.changed() => {}
                }
            }
        });
        let mut h = client::connect_with_window(relay_port, "127.0.0.1", 64 * 1024).await;
        assert!(
            h.authenticate_password("teacher", "demo")
                .await
                .expect("answered")
                .success()
        );
        let mut ch = h.channel_open_session().await.expect("session");
        ch.request_pty(false, "xterm", 80, 24, 0, 0, &[])
            .await
            .expect("pty");
        ch.request_shell(false).await.expect("shell");
        read_until(&mut ch, "Уроки сегодня").await;
        // The first lesson's grid: a dense screen.
        ch.data(&b"\r"[..]).await.expect("Enter");
        let (mut reader, writer) = ch.split();
        tokio::spawn(async move { while reader.wait().await.is_some() {} });
        stop_tx.send(true).expect("relay");
        // Big screens, over and over: each a whole frame the server must send.
        let resizing = tokio::spawn(async move {
            for i in 0..2000u32 {
                let (w, h) = if i % 2 == 0 { (500, 200) } else { (499, 199) };
                if writer.window_change(w, h, 0, 0).await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
        // Another session answers meanwhile.
        tokio::time::sleep(Duration::from_secs(1)).await;
        let started = Instant::now();
        let (other, ok) = client::password(port, "127.0.0.1", "deputy", "demo").await;
        assert!(ok);
        let mut och = other.channel_open_session().await.expect("session");
        och.request_pty(false, "xterm", 80, 24, 0, 0, &[])
            .await
            .expect("pty");
        och.request_shell(false).await.expect("shell");
        let seen = read_until(&mut och, "\u{1b}[?1049h").await;
        assert!(seen.contains("\u{1b}[?1049h"), "the other session answered");
        println!(
            "another session answered in {} ms while a client stopped reading",
            started.elapsed().as_millis()
        );
        // The one that stopped reading is let go.
        let start = Instant::now();
        loop {
            let log = std::fs::read_to_string(dir.path().join("serve.log")).expect("log");
            if log.contains("клиент не принимает вывод") {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the stalled client was never dropped:\n{log}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        println!(
            "the client that stopped reading was dropped {} ms after the other answered; server memory {}",
            start.elapsed().as_millis(),
            rss(server.0.id())
        );
        resizing.abort();
    });
}

/// A process's resident memory, as /proc says it.
fn rss(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.trim_start_matches("VmRSS:").trim().to_string())
        })
        .unwrap_or_default()
}

/// A key pair made for `login` and registered to it; returns the private key's path.
fn new_key(dir: &Path, login: &str) -> std::path::PathBuf {
    let key = dir.join(format!("id_{login}"));
    let made = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", login, "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen");
    assert!(made.success());
    let db = dir.join("demo.sqlite");
    ok(
        dir,
        &[
            "user",
            "key",
            "add",
            login,
            key.with_extension("pub").to_str().expect("path"),
            "--db",
            db.to_str().expect("path"),
        ],
    );
    key
}

/// OpenSSH's sftp in batch mode with a key; `commands` one a line.
fn sftp(port: u16, user: &str, key: &Path, commands: &str) -> std::process::Output {
    let batch = key.with_extension(format!("batch-{}", rand_suffix()));
    std::fs::write(&batch, commands).expect("batch");
    let out = Command::new("sftp")
        .args([
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-i",
        ])
        .arg(key)
        .args(["-P", &port.to_string(), "-b"])
        .arg(&batch)
        .arg(format!("{user}@127.0.0.1"))
        .current_dir(key.parent().expect("dir"))
        .output()
        .expect("sftp");
    let _ = std::fs::remove_file(&batch);
    out
}

/// `sftp` that must succeed.
fn sftp_ok(port: u16, user: &str, key: &Path, commands: &str) -> std::process::Output {
    let out = sftp(port, user, key, commands);
    assert!(
        out.status.success(),
        "sftp {commands:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn sftp_reaches_the_users_own_folder_and_nothing_else() {
    if !available("sftp") || !available("ssh-keygen") {
        eprintln!("sftp not installed: SFTP test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let db = common::tui::demo_copy(d);
    let teacher = new_key(d, "teacher");
    let deputy = new_key(d, "deputy");
    let student = new_key(d, "student");
    let port = free_port();
    let _server = start_server_with(d, &db, port, &["--quota-mb", "1"]);
    let journal_before = std::fs::read(&db).expect("journal");

    // The round trip: a plan goes up, is listed, and comes back the same.
    std::fs::write(
        d.join("plan.csv"),
        "order,topic,hours,date\n1,Дроби,1,\n2,Проценты,1,\n",
    )
    .expect("plan");
    let out = sftp(
        port,
        "teacher",
        &teacher,
        "put plan.csv\nls -l\nget plan.csv back.csv\n",
    );
    let listing = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{listing}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(listing.contains("plan.csv"), "{listing}");
    assert_eq!(
        std::fs::read(d.join("back.csv")).expect("downloaded"),
        std::fs::read(d.join("plan.csv")).expect("plan")
    );
    let folder = d.join("files").join("teacher");
    assert_eq!(mode(&folder), 0o700, "the folder is the server's own");
    assert_eq!(mode(&folder.join("plan.csv")), 0o600);
    assert_eq!(mode(&d.join("files")), 0o700);

    // The deputy keeps a file of her own.
    std::fs::write(d.join("notes.csv"), "secret of the deputy\n").expect("notes");
    let out = sftp(port, "deputy", &deputy, "put notes.csv\n");
    assert!(out.status.success());

    // Nothing outside the folder: each is refused and leaves nothing behind.
    let journal = db.to_str().expect("path");
    for (what, command, local) in [
        (
            "the journal beside the folders",
            "get ../../demo.sqlite j1".to_string(),
            "j1",
        ),
        ("the journal by its path", format!("get {journal} j2"), "j2"),
        ("an absolute path", "get /etc/hostname h".to_string(), "h"),
        (
            "another user's folder",
            "get ../deputy/notes.csv n".to_string(),
            "n",
        ),
        (
            "a parent folder",
            "get ../teacher/../deputy/notes.csv n2".to_string(),
            "n2",
        ),
    ] {
        let out = sftp(port, "teacher", &teacher, &format!("{command}\n"));
        assert!(!out.status.success(), "{what} was served");
        assert!(!d.join(local).exists(), "{what} reached the client");
    }
    for (what, command) in [
        (
            "an upload outside",
            format!("put plan.csv {}/outside.csv", d.display()),
        ),
        (
            "an upload over the journal",
            format!("put plan.csv {journal}"),
        ),
        (
            "a symlink to the journal",
            format!("symlink {journal} j.sqlite"),
        ),
        (
            "a symlink to a system file",
            "symlink /etc/passwd passwd".to_string(),
        ),
        ("a folder", "mkdir sub".to_string()),
    ] {
        let out = sftp(port, "teacher", &teacher, &format!("{command}\n"));
        assert!(!out.status.success(), "{what} was allowed");
    }
    assert!(!d.join("outside.csv").exists());
    assert_eq!(
        std::fs::read(&db).expect("journal"),
        journal_before,
        "the journal is untouched"
    );
    let names: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["plan.csv".to_string()], "nothing else was made");
    // `..` is the folder itself: listing it shows the user's files only.
    let out = sftp(port, "teacher", &teacher, "cd ..\nls\n");
    let listing = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(listing.contains("plan.csv"), "{listing}");
    assert!(
        !listing.contains("notes.csv") && !listing.contains("demo.sqlite"),
        "{listing}"
    );

    // A student may download, never upload.
    let out = sftp(port, "student", &student, "put plan.csv\n");
    assert!(!out.status.success(), "a student's upload went through");
    assert!(!d.join("files/student/plan.csv").exists());

    // The quota (1 MB here) holds.
    std::fs::write(d.join("big.bin"), vec![7u8; 3 * 1024 * 1024]).expect("big");
    let out = sftp(port, "teacher", &teacher, "put big.bin\n");
    assert!(
        !out.status.success(),
        "an upload over the quota went through"
    );
    let used: u64 = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|e| e.expect("entry").metadata().expect("meta").len())
        .sum();
    assert!(used <= 1024 * 1024, "the folder holds {used} bytes");
}

#[test]
fn below_the_free_disk_floor_uploads_are_refused() {
    if !available("sftp") || !available("ssh-keygen") {
        eprintln!("sftp not installed: SFTP test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let db = common::tui::demo_copy(d);
    let teacher = new_key(d, "teacher");
    let port = free_port();
    // A floor no disk here has free: nothing may be written.
    let _server = start_server_with(d, &db, port, &["--min-free-mb", "1000000000"]);
    std::fs::write(d.join("plan.csv"), "order,topic,hours,date\n1,Дроби,1,\n").expect("plan");
    let out = sftp(port, "teacher", &teacher, "put plan.csv\n");
    assert!(
        !out.status.success(),
        "an upload below the floor went through"
    );
    assert!(!d.join("files/teacher/plan.csv").exists());
    // Reading is still fine.
    let out = sftp(port, "teacher", &teacher, "ls\n");
    assert!(out.status.success());
}

/// A file's state, to see that nothing outside the folder changed.
fn file_state(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

/// Empties a form's field in a tmux window.
fn erase(tmux: &Tmux, name: &str) {
    let keys = vec!["BSpace"; 80];
    tmux.keys(name, &keys);
}

/// Logs `login` in over OpenSSH in a new tmux window `name` and waits for Today.
fn ssh_login(tmux: &Tmux, name: &str, port: u16, login: &str) {
    tmux.open(name, &ssh(port, login, password_only()));
    tmux.wait_for(name, "password:");
    tmux.keys(name, &["demo", "Enter"]);
    tmux.wait_for(name, "Уроки сегодня");
}

/// On a screen whose F5 exports: paths and hidden names are refused, then `x.csv` is
/// written and the status line says `done`.
fn export_refusing_paths(tmux: &Tmux, name: &str, done: &str) {
    for path in ["/tmp/x.csv", "../x.csv", ".x"] {
        tmux.keys(name, &["F5"]);
        erase(tmux, name);
        tmux.keys(name, &[path, "Enter"]);
        tmux.wait_for(name, "недопустимое имя файла");
        tmux.keys(name, &["Escape"]);
        // A lone Escape is told from the start of a key's sequence by a pause.
        std::thread::sleep(Duration::from_millis(300));
    }
    tmux.keys(name, &["F5"]);
    erase(tmux, name);
    tmux.keys(name, &["x.csv", "Enter"]);
    tmux.wait_for(name, done);
}

#[test]
fn over_ssh_the_screens_write_and_read_the_users_folder_only() {
    if !available("tmux") || !available("ssh") || !available("sftp") {
        eprintln!("tmux, ssh or sftp not installed: SSH end-to-end test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let db = common::tui::demo_copy(d);
    let teacher_key = new_key(d, "teacher");
    let class_key = new_key(d, "classteacher");
    let port = free_port();
    let _server = start_server(d, &db, port);
    let folder = d.join("files/teacher");
    let cwd = std::env::current_dir().expect("cwd");
    let watched = [
        std::path::PathBuf::from("/tmp/x.csv"),
        cwd.join("../x.csv"),
        cwd.join(".x"),
        d.join("x.csv"),
        db.clone(),
    ];
    let before: Vec<_> = watched.iter().map(|p| file_state(p)).collect();

    let tmux = Tmux::new("ssh-files");
    ssh_login(&tmux, "t", port, "teacher");
    tmux.keys("t", &["F4"]);
    tmux.wait_for("t", "F5");
    // The plan's export: paths and hidden names are refused, a plain name lands in the
    // teacher's folder.
    export_refusing_paths(&tmux, "t", "КТП в вашей папке: x.csv");
    let after: Vec<_> = watched.iter().map(|p| file_state(p)).collect();
    assert_eq!(before, after, "a file outside the folder changed");
    // The teacher fetches it.
    sftp_ok(port, "teacher", &teacher_key, "get x.csv fetched.csv\n");
    let fetched = std::fs::read_to_string(d.join("fetched.csv")).expect("fetched");
    // The office style, as every CSV export: BOM, `;`, Russian headers.
    assert!(
        fetched.starts_with("\u{feff}№;Тема;Часы;Дата\r\n"),
        "{fetched}"
    );
    assert_eq!(
        fetched,
        std::fs::read_to_string(folder.join("x.csv")).expect("x")
    );

    // A plan uploaded with sftp is picked from the screen's list and imported.
    std::fs::write(
        d.join("new-plan.csv"),
        "order,topic,hours,date\n1,Тема из папки на сервере,1,\n",
    )
    .expect("plan");
    sftp_ok(port, "teacher", &teacher_key, "put new-plan.csv\n");
    tmux.keys("t", &["F6"]);
    tmux.wait_for("t", "new-plan.csv");
    // The list is sorted by name: new-plan.csv comes before x.csv.
    tmux.keys("t", &["Enter"]);
    tmux.wait_for("t", "Enter — применить");
    tmux.keys("t", &["Enter"]);
    tmux.wait_for("t", "Тема из папки на сервере");

    // A class teacher's report goes to her folder the same way.
    ssh_login(&tmux, "c", port, "classteacher");
    tmux.keys("c", &["F7"]);
    tmux.wait_for("c", "F5");
    export_refusing_paths(&tmux, "c", "отчёт в вашей папке: x.csv");
    let after: Vec<_> = watched.iter().map(|p| file_state(p)).collect();
    assert_eq!(before, after, "a file outside the folder changed");
    sftp_ok(port, "classteacher", &class_key, "get x.csv report.csv\n");
    assert!(d.join("report.csv").exists());
    // The teacher's own x.csv is hers alone: the class teacher's is another file.
    assert_eq!(
        std::fs::read_to_string(folder.join("x.csv")).expect("x"),
        fetched
    );
}

#[test]
fn run_by_sshd_the_screens_keep_files_in_the_users_folder_too() {
    if !available("tmux") {
        eprintln!("tmux not installed: test skipped");
        return;
    }
    // What OpenSSH's ForceCommand runs: the journal's own screens, with the journal
    // owner's rights, for a remote user (sshd sets SSH_CONNECTION).
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let db = common::tui::demo_copy(d);
    let before = file_state(Path::new("/tmp/x.csv"));
    let tmux = Tmux::new("forced");
    tmux.open(
        "f",
        &format!(
            "env HOME={home} XDG_CONFIG_HOME={home}/config ZHURNAL_TODAY={TODAY} \
             SSH_CONNECTION='192.0.2.7 50000 192.0.2.1 22' {bin} --db {db}; sleep 60",
            home = d.display(),
            bin = env!("CARGO_BIN_EXE_zhurnal"),
            db = db.display()
        ),
    );
    tmux.wait_for("f", "Логин");
    tmux.keys("f", &["teacher", "Enter", "demo", "Enter"]);
    tmux.wait_for("f", "Уроки сегодня");
    tmux.keys("f", &["F4"]);
    tmux.wait_for("f", "F5");
    tmux.keys("f", &["F5"]);
    erase(&tmux, "f");
    tmux.keys("f", &["/tmp/x.csv", "Enter"]);
    tmux.wait_for("f", "недопустимое имя файла");
    tmux.keys("f", &["Escape"]);
    // A lone Escape is told from the start of a key's sequence by a pause.
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys("f", &["F5"]);
    erase(&tmux, "f");
    tmux.keys("f", &["x.csv", "Enter"]);
    tmux.wait_for("f", "КТП в вашей папке: x.csv");
    assert_eq!(file_state(Path::new("/tmp/x.csv")), before);
    let file = d.join("files/teacher/x.csv");
    assert!(
        std::fs::read_to_string(&file)
            .expect("in the folder")
            .starts_with("\u{feff}№;Тема")
    );
    assert_eq!(mode(&file), 0o600);
}

#[test]
fn a_damaged_journal_is_not_served() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::tui::demo_copy(dir.path());
    // One table's root page overwritten, as a failing disk would.
    let bytes = with_table_overwritten(&db, "lesson");
    std::fs::write(&db, &bytes).expect("write");
    let port = free_port();
    let out = command(dir.path(), env!("CARGO_BIN_EXE_zhurnal"))
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--listen", &format!("127.0.0.1:{port}"), "--host-key"])
        .arg(dir.path().join("host_key"))
        .output()
        .expect("run serve");
    assert!(!out.status.success(), "a damaged journal was served");
    let err = stderr(&out);
    assert!(
        err.contains("повреждён") && err.contains("zhurnal restore"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).expect("read"), bytes, "nothing written");
}

#[test]
fn serve_names_its_journal() {
    let dir = tempfile::tempdir().expect("tempdir");
    // No --db: the demo school (every password «demo») is not served for want of one.
    let o = zhurnal(dir.path(), &["serve", "--listen", "127.0.0.1:1"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("укажите журнал"), "{}", stderr(&o));
    assert!(
        !dir.path().join("data/zhurnal/demo.sqlite").exists(),
        "no demo was built"
    );
}

/// A virtual X display for a graphical client, stopped when dropped.
struct Display(Child, String);

impl Drop for Display {
    fn drop(&mut self) {
        // Asked to stop, Xvfb removes its socket and lock: a killed one leaves them, and
        // a later display of that number would seem to be there.
        let _ = Command::new("kill").arg(self.0.id().to_string()).status();
        let start = Instant::now();
        while matches!(self.0.try_wait(), Ok(None)) && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn virtual_display() -> Display {
    // Xvfb takes the first free display number and says which (`-displayfd`).
    let mut child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1024x768x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start Xvfb");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().expect("Xvfb's output")),
        &mut line,
    )
    .expect("Xvfb's display number");
    let n = line.trim();
    assert!(!n.is_empty(), "Xvfb never started");
    let name = format!(":{n}");
    Display(child, name)
}

/// `xdotool` on the display, as a user's keyboard: keys go to the focused window.
fn xdotool(display: &Display, args: &[&str]) -> String {
    let o = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", &display.1)
        .output()
        .expect("run xdotool");
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

#[test]
fn a_year_final_is_set_from_a_real_putty_window_with_shift_f10() {
    if !available("tmux") || !available("putty") || !available("xdotool") || !available("Xvfb") {
        eprintln!("putty, Xvfb or xdotool not installed: the PuTTY test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let db = d.join("school.sqlite");
    ok(
        d,
        &["demo", "--db", db.to_str().expect("path"), "--until", TODAY],
    );
    // Served in the year's last weeks, when year finals are set.
    let port = free_port();
    let _server = start_server_with(d, &db, port, &["--today", "2026-05-25"]);
    let log = std::fs::read_to_string(d.join("serve.log")).expect("log");
    let fingerprint = log
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .find(|w| w.starts_with("SHA256:"))
        .unwrap_or_else(|| panic!("no fingerprint in the server's log: {log}"))
        .trim_end_matches(['.', ','])
        .to_string();
    let pwfile = d.join("pw");
    std::fs::write(&pwfile, "demo").expect("password file");
    let display = virtual_display();
    // PuTTY with its default settings: its keyboard sends Shift-F10 as `ESC [ 34 ~`.
    let mut putty = Command::new("putty")
        .args(["-ssh", "-P", &port.to_string(), "-l", "teacher", "-pwfile"])
        .arg(&pwfile)
        .args(["-hostkey", &fingerprint, "127.0.0.1"])
        .env("DISPLAY", &display.1)
        .env("HOME", d)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(d.join("putty.log")).expect("putty's log"))
        .spawn()
        .expect("start putty");
    let window = {
        let start = Instant::now();
        loop {
            // Only a mapped window takes the focus: PuTTY makes others that never show.
            let w = xdotool(&display, &["search", "--onlyvisible", "--class", "putty"]);
            if let Some(w) = w.lines().last().filter(|w| !w.is_empty()) {
                break w.to_string();
            }
            if start.elapsed() > Duration::from_secs(30) {
                let all = xdotool(&display, &["search", "--class", "putty"]);
                panic!(
                    "no PuTTY window (PuTTY {:?}: {}; its windows: {all:?}); the server's log:\n{}",
                    putty.try_wait(),
                    std::fs::read_to_string(d.join("putty.log")).unwrap_or_default(),
                    std::fs::read_to_string(d.join("serve.log")).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    let start = Instant::now();
    loop {
        xdotool(&display, &["windowfocus", "--sync", &window]);
        if xdotool(&display, &["getwindowfocus"]) == window {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the PuTTY window never took the focus"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let press = |keys: &[&str]| {
        for k in keys {
            xdotool(&display, &["key", "--window", &window, k]);
            std::thread::sleep(Duration::from_millis(150));
        }
    };
    // Logged in, Today: wait for the server to record the login.
    let start = Instant::now();
    while audit_count(
        &db,
        "SELECT count(*) FROM audit WHERE action = 'login' AND actor = 'teacher'",
    ) == 0
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "PuTTY never logged in"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(700));
    // Enter opens today's lesson (7Б Алгебра), Shift-F10 the first student's year
    // final, Ctrl-U clears the suggestion, «4» and Enter save it.
    press(&["Return"]);
    std::thread::sleep(Duration::from_millis(500));
    press(&["shift+F10", "ctrl+u", "4", "Return"]);
    let year = || -> Option<String> {
        rusqlite::Connection::open(&db)
            .expect("open")
            .query_row(
                "SELECT f.value FROM final_mark f JOIN student st ON st.id = f.student_id
                 JOIN course c ON c.id = f.course_id JOIN subject s ON s.id = c.subject_id
                 JOIN class k ON k.id = c.class_id
                 WHERE st.last_name = 'Алексеева' AND s.name = 'Алгебра' AND k.grade = 7
                   AND f.period_id IS NULL",
                [],
                |r| r.get(0),
            )
            .ok()
    };
    let start = Instant::now();
    while year().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no year final after Shift-F10 in PuTTY; the server's log:\n{}",
            std::fs::read_to_string(d.join("serve.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(year().as_deref(), Some("4"));
    let _ = putty.kill();
    let _ = putty.wait();
}
