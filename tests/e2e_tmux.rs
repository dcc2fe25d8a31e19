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

/// Moves the administration menu's cursor from the first tool to the one titled
/// `title`, counting the lines of the menu as a person counts them on screen.
fn menu_to(tmux: &Tmux, name: &str, title: &str) {
    let s = tmux.screen(name);
    let lines: Vec<&str> = s.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with("  ") && !l.trim().is_empty())
        .expect("the menu's first tool");
    let at = lines
        .iter()
        .position(|l| l.contains(title))
        .unwrap_or_else(|| panic!("«{title}» not in the menu:\n{s}"));
    tmux.keys(name, &["Home"]);
    for _ in first..at {
        tmux.keys(name, &["Down"]);
    }
}

/// The command that runs the binary in a tmux window: in `dir` (where files written by
/// name land), on `db`, on `today`.
fn in_dir(dir: &std::path::Path, db: &str, today: &str, term: &str) -> String {
    format!(
        "cd {home} && exec env HOME={home} XDG_CONFIG_HOME={home}/config LANG=C.UTF-8 TERM={term} {bin} --db {db} --today {today}",
        home = dir.display(),
        bin = binary().display(),
    )
}

#[test]
fn every_role_works_at_80x24_without_a_shell() {
    if !tmux_available() {
        eprintln!("tmux not installed: end-to-end test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.sqlite");
    let d = db.to_str().expect("path");
    ok(dir.path(), &["demo", "--db", d, "--until", "2025-12-14"]);
    let tmux = Tmux::new("roles");

    // The deputy: every report picked from the list, scrolled sideways, written to a
    // file; the running quarter closed for 7Б Алгебра with a reason and opened again.
    tmux.open(
        "dep",
        &in_dir(dir.path(), d, "2025-12-15", "xterm-256color"),
    );
    tmux.wait_for("dep", "Логин");
    tmux.keys("dep", &["deputy", "Enter", "demo", "Enter"]);
    tmux.wait_for("dep", "10Меню");
    tmux.keys("dep", &["F10"]);
    tmux.wait_for("dep", "Администрация");
    menu_to(&tmux, "dep", "Отчёты");
    let reports = [
        ("нак", "accumulation", "Накопляемость"),
        ("кач", "quality", "Успеваемость и качество"),
        ("пропуски", "attendance", "Пропуски"),
        ("сво", "summary", "Сводная ведомость"),
        ("запол", "fill", "Заполнение"),
        ("выпол", "fulfilment", "Выполнение"),
        ("актив", "activity", "Активность"),
        ("класса", "overview", "Успеваемость класса"),
    ];
    let mut wide_reports = 0;
    for (letters, key, title) in reports {
        tmux.keys("dep", &["Enter"]);
        tmux.wait_for("dep", "Отчёт");
        tmux.keys("dep", &["-l", letters]);
        tmux.wait_for("dep", &format!("◂ {title}"));
        tmux.keys("dep", &["Enter", "C-u", "7Б", "Enter", "Enter"]);
        let s = tmux.wait_for("dep", "←→ столбцы");
        // Sideways: the first column stays, a «←» says columns lie to the left.
        let wide = s.lines().nth(2).unwrap_or("").contains('→');
        if wide {
            wide_reports += 1;
            tmux.keys("dep", &["Right", "Right"]);
            // The header row itself says columns now lie to the left.
            let start = Instant::now();
            while !tmux
                .screen("dep")
                .lines()
                .nth(2)
                .unwrap_or("")
                .contains('←')
            {
                assert!(
                    start.elapsed() < Duration::from_secs(30),
                    "{key} did not scroll right:\n{}",
                    tmux.screen("dep")
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        tmux.keys("dep", &["F5"]);
        tmux.wait_for("dep", &format!("{key}.xlsx"));
        tmux.keys("dep", &["Enter"]);
        tmux.wait_for("dep", "отчёт записан");
        assert!(dir.path().join(format!("{key}.xlsx")).exists(), "{key}");
        // Back to the menu, on the same tool.
        tmux.keys("dep", &["Escape"]);
        tmux.wait_for("dep", "Администрация");
    }
    assert!(wide_reports > 0, "no report was wider than the screen");
    menu_to(&tmux, "dep", "Периоды");
    tmux.keys("dep", &["Enter"]);
    tmux.wait_for("dep", "Периоды: закрыть и открыть");
    for _ in 0..20 {
        let before = tmux.screen("dep");
        if before.contains("2 четверть (2–8 кл.)") {
            break;
        }
        tmux.keys("dep", &["Down"]);
        // The chosen period's line changes before the next look.
        let start = Instant::now();
        while tmux.screen("dep") == before && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    assert!(
        tmux.screen("dep").contains("2 четверть (2–8 кл.)"),
        "{}",
        tmux.screen("dep")
    );
    tmux.keys("dep", &["F4"]);
    tmux.wait_for("dep", "◂ закрыть ▸");
    tmux.keys("dep", &["Enter"]);
    tmux.keys("dep", &["-l", "7Б"]);
    tmux.keys("dep", &["Enter"]);
    tmux.keys("dep", &["-l", "Алг"]);
    tmux.keys("dep", &["Enter"]);
    tmux.keys("dep", &["-l", "проверка журнала"]);
    tmux.keys("dep", &["Enter", "Enter"]);
    tmux.wait_for("dep", "закрыт для курсов: 1");
    let locks = |db: &std::path::Path| -> Vec<(String, String)> {
        let conn = rusqlite::Connection::open(db).expect("open");
        let mut st = conn
            .prepare(
                "SELECT s.name, l.reason FROM period_lock l JOIN course c ON c.id = l.course_id
                 JOIN subject s ON s.id = c.subject_id JOIN class k ON k.id = c.class_id
                 JOIN period p ON p.id = l.period_id
                 WHERE k.grade = 7 AND k.letter = 'Б' AND p.name = '2 четверть'",
            )
            .expect("prepare");
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    assert_eq!(
        locks(&db),
        vec![("Алгебра".to_string(), "проверка журнала".to_string())]
    );
    tmux.keys("dep", &["F4", "Right"]);
    tmux.wait_for("dep", "◂ открыть ▸");
    tmux.keys("dep", &["Enter"]);
    tmux.keys("dep", &["-l", "7Б"]);
    tmux.keys("dep", &["Enter"]);
    tmux.keys("dep", &["-l", "Алг"]);
    tmux.keys("dep", &["Enter"]);
    tmux.keys("dep", &["-l", "проверка окончена"]);
    tmux.keys("dep", &["Enter", "Enter"]);
    tmux.wait_for("dep", "открыт для курсов: 1");
    assert!(locks(&db).is_empty());
    tmux.keys("dep", &["C-q"]);
    tmux.wait_closed("dep", "the deputy's zhurnal did not quit");

    // The administrator backs up and restores while a teacher has the grid open: the
    // teacher's screen is told.
    tmux.open(
        "tea",
        &in_dir(dir.path(), d, "2025-12-15", "xterm-256color"),
    );
    tmux.wait_for("tea", "Логин");
    tmux.keys("tea", &["teacher", "Enter", "demo", "Enter"]);
    tmux.wait_for("tea", "Уроки сегодня");
    tmux.keys("tea", &["Enter"]);
    tmux.wait_for("tea", "7Б · Алгебра");
    tmux.open(
        "adm",
        &in_dir(dir.path(), d, "2025-12-15", "xterm-256color"),
    );
    tmux.wait_for("adm", "Логин");
    tmux.keys("adm", &["admin", "Enter", "demo", "Enter"]);
    tmux.wait_for("adm", "Администрация");
    menu_to(&tmux, "adm", "Резервные копии");
    tmux.keys("adm", &["Enter"]);
    tmux.wait_for("adm", "2Копия");
    tmux.keys("adm", &["F2"]);
    tmux.wait_for("adm", "проверена");
    tmux.keys("adm", &["Enter"]);
    tmux.wait_for("adm", "Резервные копии и восстановление · 1");
    // A mark after the copy: the restore takes it back.
    tmux.keys("tea", &["3"]);
    tmux.wait_for("tea", "сохранено: 3");
    tmux.keys("adm", &["Enter"]);
    tmux.wait_for("adm", "Enter — да");
    tmux.keys("adm", &["Enter"]);
    tmux.wait_for("adm", "восстановлен");
    tmux.keys("tea", &["Down"]);
    tmux.wait_for("tea", "журнал восстановлен из копии");
    let marks_today: i64 = rusqlite::Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id WHERE l.date = '2025-12-15'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(
        marks_today, 0,
        "the «3» entered after the copy is gone with the restore"
    );
    // Esc closes the notice, leaves the grid, and on Today asks before logging out (a
    // lone Esc is told from a key's sequence by a pause).
    for _ in 0..2 {
        tmux.keys("tea", &["Escape"]);
        std::thread::sleep(Duration::from_millis(300));
    }
    tmux.wait_for("tea", "Уроки сегодня");
    tmux.keys("tea", &["Escape"]);
    tmux.wait_for("tea", "Выйти из журнала?");
    tmux.keys("tea", &["Enter"]);
    tmux.wait_for("tea", "вы вышли");
    tmux.keys("adm", &["C-q"]);
    tmux.wait_closed("adm", "the administrator's zhurnal did not quit");

    // The class teacher prints the logins sheet for a parents' meeting.
    tmux.keys("tea", &["classteacher", "Enter", "demo", "Enter"]);
    tmux.wait_for("tea", "8Входы");
    tmux.keys("tea", &["F8"]);
    tmux.wait_for("tea", "Ученики и родители 7Б");
    tmux.keys("tea", &["F5"]);
    tmux.wait_for("tea", "Лист с паролями");
    tmux.keys("tea", &["Right", "Enter"]);
    tmux.keys("tea", &["-l", "journal.school.ru"]);
    tmux.keys("tea", &["Enter", "Enter"]);
    tmux.wait_for("tea", "лист с паролями записан");
    let sheet = std::fs::read_to_string(dir.path().join("logins-7Б.html")).expect("the sheet");
    assert!(sheet.contains("journal.school.ru") && sheet.contains("class=\"slip\""));
    tmux.keys("tea", &["C-q"]);
    tmux.wait_closed("tea", "the class teacher's zhurnal did not quit");

    // The year final from PuTTY's (and the Linux console's) Shift-F10, `ESC [ 34 ~`, in
    // the year's last weeks — under TERM=linux, as the console names itself.
    tmux.open("put", &in_dir(dir.path(), d, "2026-05-25", "linux"));
    tmux.wait_for("put", "Логин");
    tmux.keys("put", &["teacher", "Enter", "demo", "Enter"]);
    tmux.wait_for("put", "Уроки сегодня");
    tmux.keys("put", &["Enter"]);
    tmux.wait_for("put", "4 четверть");
    tmux.keys("put", &["-l", "\u{1b}[34~"]);
    tmux.wait_for("put", "Итоговая · Алексеева В. · год");
    tmux.keys("put", &["C-u", "4", "Enter"]);
    tmux.wait_for("put", "сохранено: итоговая 4");
    tmux.keys("put", &["C-q"]);
    tmux.wait_closed("put", "zhurnal under TERM=linux did not quit");
    let conn = rusqlite::Connection::open(&db).expect("open");
    let year: String = conn
        .query_row(
            "SELECT f.value FROM final_mark f JOIN student st ON st.id = f.student_id JOIN course c ON c.id = f.course_id
             JOIN subject s ON s.id = c.subject_id JOIN class k ON k.id = c.class_id
             WHERE st.last_name = 'Алексеева' AND s.name = 'Алгебра' AND k.grade = 7 AND f.period_id IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("the year final");
    assert_eq!(year, "4");
}
