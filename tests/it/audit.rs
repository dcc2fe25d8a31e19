//! Honest records and clean text: what the journal refuses to store, how stored text
//! is printed, and what the audit log records (the real clock, the journal's date, the
//! channel and the operating-system user; restores, backups, exports, reports, printed
//! screens, refused key logins).

use crate::common::TestJournal;
use zhurnal::domain::names::FullName;
use zhurnal::domain::policy::Actor;
use zhurnal::domain::roles::Role;
use zhurnal::store::accounts::NewUser;

/// An escape sequence that clears the screen, one that sets the window title, a C1 CSI,
/// and a line break before a forged line.
const EVIL: &str = "\x1b[2J\x1b]0;x\x07\u{9b}31m\nFORGED director login";

/// A student of the mini journal's 7Б.
const STUDENT: &str = "Алексеев";

/// No ESC, no BEL, no C1 control anywhere in the output.
fn harmless(out: &str) {
    assert!(
        !out.chars()
            .any(|c| c == '\x1b' || c == '\x07' || ('\u{80}'..='\u{9f}').contains(&c)),
        "a control character came out raw: {out:?}"
    );
}

#[test]
fn control_characters_are_refused_on_input() {
    let j = TestJournal::mini();
    // A message over the command line.
    let err = j.fails(&[
        "message",
        "send",
        "--to",
        "teacher",
        "--subject",
        "Вопрос",
        "--text",
        &format!("Когда{EVIL}?"),
        "--as",
        "parent",
    ]);
    assert!(err.contains("управляющий символ"), "{err}");
    harmless(&err);
    // A name, a huge name and a NUL, through the store every channel uses.
    let mut store = j.store();
    let admin = Actor::local_operator();
    let user = |last: &str| NewUser {
        login: "petrova".into(),
        name: FullName::new(last, "Анна", ""),
        roles: vec![Role::Teacher],
        student_id: None,
    };
    for bad in [format!("Петрова{EVIL}"), "Пет\0рова".to_string()] {
        let e = store.add_user(&admin, &user(&bad)).expect_err("refused");
        assert!(e.to_string().contains("управляющий символ"), "{e}");
    }
    let huge = "я".repeat(10 * 1024 * 1024);
    let e = store.add_user(&admin, &user(&huge)).expect_err("refused");
    assert!(e.to_string().contains("не больше 200"), "{e}");
    // A lesson's topic.
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let lesson = store
        .find_lesson(
            course.id,
            chrono::NaiveDate::from_ymd_opt(2025, 11, 19).expect("date"),
            None,
        )
        .expect("lesson")
        .id;
    let teacher = store.actor("teacher").expect("teacher");
    let e = store
        .set_lesson_text(&teacher, lesson, &format!("Дроби{EVIL}"), "")
        .expect_err("refused");
    assert!(e.to_string().starts_with("тема:"), "{e}");
    // A login name with an escape sequence is refused unread: no audit row.
    let before = j.audit().len();
    assert!(store.authenticate(&format!("dir{EVIL}"), "x").is_err());
    assert_eq!(j.audit().len(), before);
}

#[test]
fn old_text_with_escape_sequences_prints_harmless() {
    let j = TestJournal::mini();
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    conn.execute("UPDATE student SET last_name = last_name || ?1", [EVIL])
        .expect("student");
    conn.execute("UPDATE plan_item SET topic = topic || ?1", [EVIL])
        .expect("topic");
    conn.execute("UPDATE users SET display_name = display_name || ?1", [EVIL])
        .expect("user");
    conn.execute(
        "INSERT INTO audit (at, actor, action, entity, new_value)
         VALUES ('2025-11-20 08:00:00', ?1, 'login_failed', 'session', ?1)",
        [format!("\r{EVIL}director")],
    )
    .expect("audit");
    drop(conn);
    for args in [
        &["audit"][..],
        &["class", "show", "7Б"],
        &[
            "plan",
            "show",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--as",
            "teacher",
        ],
        &["user", "list"],
        &[
            "screen",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--as",
            "teacher",
        ],
    ] {
        let out = j.ok(args);
        harmless(&out);
        assert!(
            !out.lines().any(|l| l.starts_with("FORGED")),
            "{args:?}: a stored line break made a line of its own:\n{out}"
        );
        // The screens drop control characters; the other commands show their codes.
        assert!(
            args[0] == "screen" || out.contains("\\x1b[2J"),
            "{args:?}: {out}"
        );
    }
}

#[test]
fn an_audit_row_keeps_the_real_time_the_journal_date_the_channel_and_the_os_user() {
    let j = TestJournal::mini();
    crate::common::ok(
        j.dir(),
        &crate::common::mini_mark(j.db_str(), "2025-11-10", STUDENT, &["5"]),
    );
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    let (at, today, channel, os_user): (String, Option<String>, Option<String>, Option<String>) =
        conn.query_row(
            "SELECT at, today, channel, os_user FROM audit WHERE entity = 'mark'
             ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("row");
    let real = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert!(at.starts_with(&real), "{at} is the real clock's time");
    assert_eq!(today.as_deref(), Some(crate::common::TODAY));
    assert_eq!(channel.as_deref(), Some("cli"));
    assert!(os_user.is_some_and(|u| u.contains("uid")));
    let out = j.ok(&["audit", "--limit", "1", "--action", "create"]);
    assert!(out.contains("(журнал: 20.11.2025)"), "{out}");
    assert!(out.contains("командная строка · ОС:"), "{out}");
}

#[test]
fn restore_is_recorded_in_both_journals() {
    let j = TestJournal::mini();
    let dir = j.dir().join("backups");
    let out = j.ok(&["backup", "--to", dir.to_str().expect("utf-8")]);
    let copy = out
        .split_whitespace()
        .find(|w| w.ends_with(".sqlite"))
        .expect("the backup's path")
        .to_string();
    crate::common::ok(
        j.dir(),
        &crate::common::mini_mark(j.db_str(), "2025-11-10", STUDENT, &["4"]),
    );
    j.ok(&["restore", &copy]);
    let restored = j.audit();
    let row = restored
        .iter()
        .find(|r| r.action == "restore" && r.entity == "journal")
        .expect("the restore is recorded");
    let new = row.new.clone().unwrap_or_default();
    assert!(new.contains(&copy), "{new}");
    // The backup's own row (written once the copy was taken) and the mark's, both
    // after the copy, were replaced.
    assert!(new.contains("заменено строк аудита: 2;"), "{new}");
    let aside = std::fs::read_dir(j.dir())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.to_string_lossy().contains("before-restore")
                && p.extension()
                    .is_some_and(|e| e == "sqlite" || !e.is_empty())
                && !p.to_string_lossy().ends_with("-wal")
                && !p.to_string_lossy().ends_with("-shm")
        })
        .expect("the copy set aside");
    let conn = rusqlite::Connection::open(&aside).expect("aside");
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'restore' AND entity = 'journal'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(n, 1, "the copy set aside says what replaced it");
}

#[test]
fn data_taken_out_is_recorded() {
    let j = TestJournal::mini();
    let dir = j.dir().join("backups");
    j.ok(&["backup", "--to", dir.to_str().expect("utf-8")]);
    j.ok(&[
        "screen",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--as",
        "teacher",
    ]);
    j.ok(&[
        "export",
        "journal",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--period",
        "1",
    ]);
    j.ok(&["plan", "export", "--class", "7Б", "--subject", "Алгебра"]);
    j.ok(&["report", "quality", "--class", "7Б"]);
    // A screen the user may not see is refused, and nothing is recorded as shown.
    let shown_before = j.count_audit(|r| r.action == "show");
    let o = j.run(&[
        "screen",
        "--class",
        "1А",
        "--subject",
        "Математика",
        "--as",
        "teacher",
    ]);
    assert!(!o.status.success());
    assert_eq!(j.count_audit(|r| r.action == "show"), shown_before);
    let rows = j.audit();
    for (action, entity, n) in [
        ("backup", "journal", 1),
        ("show", "course", 1),
        ("export", "course", 2),
        ("report", "journal", 1),
    ] {
        assert_eq!(
            rows.iter()
                .filter(|r| r.action == action && r.entity == entity)
                .count(),
            n,
            "{action} {entity}"
        );
    }
    assert!(
        rows.iter()
            .any(|r| r.new.as_deref() == Some("plan → stdout")),
        "the plan export says where it went"
    );
}

#[test]
fn a_refused_key_offer_is_recorded() {
    let j = TestJournal::mini();
    let mut store = j.store();
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKf0";
    assert!(
        !store
            .key_offered("teacher", key, "192.0.2.7", true)
            .expect("offered")
    );
    assert!(
        !store
            .key_offered("nobody", key, "192.0.2.7", true)
            .expect("offered")
    );
    store
        .set_user_active(&Actor::local_operator(), "teacher", false)
        .expect("disable");
    assert!(
        !store
            .key_offered("teacher", key, "192.0.2.7", true)
            .expect("offered")
    );
    // A second offer the server does not ask to record leaves no row.
    assert!(
        !store
            .key_offered("nobody", key, "192.0.2.7", false)
            .expect("offered")
    );
    // A name with a control character is refused unread.
    assert!(
        !store
            .key_offered(&format!("x{EVIL}"), key, "192.0.2.7", true)
            .expect("offered")
    );
    let rows: Vec<_> = j
        .audit()
        .into_iter()
        .filter(|r| r.new.as_deref() == Some("ssh key 192.0.2.7"))
        .map(|r| (r.actor, r.action))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("teacher".to_string(), "login_disabled".to_string()),
            ("nobody".to_string(), "key_refused".to_string()),
            ("teacher".to_string(), "key_refused".to_string()),
        ]
    );
}
