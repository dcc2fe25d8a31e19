//! Messages on the demo school: who may write to whom (a matrix over real accounts and
//! their ties), conversations and replies, unread counts and read receipts, the
//! administrator's audited review, the weekly report sent to the parents, and that no
//! message is ever deleted.

use crate::common;

use common::tui::demo_copy;
use common::{stderr, zhurnal};
use zhurnal::domain::ids::{StudentId, UserId};
use zhurnal::domain::names::FullName;
use zhurnal::domain::policy::Actor;
use zhurnal::domain::roles::Role;
use zhurnal::store::Store;
use zhurnal::store::accounts::NewUser;
use zhurnal::store::messages::MessageKind;

/// The demo school plus what the matrix needs: a second student account in 7Б, and
/// logins of a teacher who does not teach 7Б.
struct School {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    store: Store,
    /// A teacher with no course in 7Б.
    stranger: String,
}

fn school() -> School {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_copy(dir.path());
    let mut store = Store::open(&db).expect("open");
    let (b7, _) = store.class_by_name("7Б").expect("7Б");
    let classmate = store
        .class_students(b7)
        .expect("students")
        .into_iter()
        .map(|s| s.id)
        .find(|id| Some(*id) != store.actor("student").expect("student").student_id)
        .expect("a classmate");
    store
        .add_user(
            &Actor::local_operator(),
            &NewUser {
                login: "classmate".into(),
                name: FullName::new("Одноклассник", "Пётр", ""),
                roles: vec![Role::Student],
                student_id: Some(classmate),
            },
        )
        .expect("classmate account");
    let conn = rusqlite::Connection::open(&db).expect("sqlite");
    let stranger: String = conn
        .query_row(
            "SELECT u.login FROM users u JOIN user_role r ON r.user_id = u.id AND r.role = 'teacher'
             WHERE u.staff_id IS NOT NULL
               AND u.staff_id NOT IN (SELECT teacher_id FROM course WHERE class_id = ?1)
               AND u.staff_id NOT IN (SELECT teacher_id FROM class WHERE teacher_id IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM user_role a WHERE a.user_id = u.id
                               AND a.role IN ('admin', 'director', 'deputy'))
             ORDER BY u.login LIMIT 1",
            [b7],
            |r| r.get(0),
        )
        .expect("a teacher outside 7Б");
    School {
        _dir: dir,
        db,
        store,
        stranger,
    }
}

fn id(s: &Store, login: &str) -> UserId {
    s.actor(login).expect(login).user_id.expect("account")
}

#[test]
fn who_may_write_to_whom_on_real_accounts() {
    let mut sc = school();
    let stranger = sc.stranger.clone();
    let s = &mut sc.store;
    // (from, to, allowed). "teacher" teaches 7Б maths; "classteacher" leads 7Б;
    // "parent" and "student" are 7Б's; "samoylova.za" is another 7Б parent.
    let matrix: &[(&str, &str, bool)] = &[
        ("parent", "teacher", true),
        ("parent", "classteacher", true),
        ("parent", &stranger, false),
        ("parent", "samoylova.za", false),
        ("parent", "student", false),
        ("student", "teacher", true),
        ("student", "classteacher", true),
        ("student", &stranger, false),
        ("student", "classmate", false),
        ("student", "parent", false),
        ("teacher", "parent", true),
        ("teacher", "samoylova.za", true),
        ("teacher", "student", false),
        ("teacher", &stranger, false),
        ("teacher", "deputy", true),
        ("teacher", "admin", true),
        (&stranger, "parent", false),
        ("classteacher", "parent", true),
        ("deputy", "student", true),
        ("deputy", "parent", true),
        ("director", &stranger, true),
        ("admin", "classmate", true),
    ];
    for &(from, to, allowed) in matrix {
        let writer = s.actor(from).expect(from);
        let listed = s
            .contacts(&writer)
            .expect("contacts")
            .iter()
            .any(|c| c.login == to);
        assert_eq!(listed, allowed, "{from} lists {to}");
        let sent = s.start_thread(&writer, id(s, to), "", "Здравствуйте");
        assert_eq!(sent.is_ok(), allowed, "{from} → {to}: {sent:?}");
    }
    // A student is told why not.
    let student = s.actor("student").expect("student");
    let e = s
        .start_thread(&student, id(s, "classmate"), "", "привет")
        .expect_err("refused")
        .to_string();
    assert!(e.contains("ученик не может писать другому ученику"), "{e}");
}

#[test]
fn a_conversation_with_replies_unread_counts_and_receipts() {
    let mut sc = school();
    let s = &mut sc.store;
    let parent = s.actor("parent").expect("parent");
    let teacher = s.actor("teacher").expect("teacher");
    let ct = s.actor("classteacher").expect("classteacher");
    let admin = s.actor("admin").expect("admin");
    let thread = s
        .start_thread(
            &parent,
            id(s, "teacher"),
            "Контрольная",
            "Можно переписать?",
        )
        .expect("send");
    assert_eq!(s.unread_messages(&teacher).expect("unread"), 1);
    assert_eq!(s.unread_messages(&parent).expect("unread"), 0);
    let list = s.threads(&teacher).expect("threads");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].unread, 1);
    assert_eq!(list[0].with, "Соболева Н.В.");
    // Not yet read: the writer sees no receipt.
    let seen = s.thread(&parent, thread).expect("thread");
    assert!(seen.messages[0].mine && seen.messages[0].read_by.is_empty());
    let t = s.thread(&teacher, thread).expect("thread");
    assert!(t.messages[0].unread);
    assert_eq!(s.mark_thread_read(&teacher, thread).expect("read"), 1);
    assert_eq!(s.unread_messages(&teacher).expect("unread"), 0);
    let seen = s.thread(&parent, thread).expect("thread");
    assert_eq!(seen.messages[0].read_by.len(), 1);
    assert_eq!(seen.messages[0].read_by[0].0, "Белова М.В.");
    s.reply(&teacher, thread, "Да, в четверг.").expect("reply");
    assert_eq!(s.unread_messages(&parent).expect("unread"), 1);
    // Outsiders neither read nor answer, the administrator included.
    for outsider in [&ct, &admin] {
        assert!(s.thread(outsider, thread).is_err());
        assert!(s.reply(outsider, thread, "x").is_err());
        assert!(s.mark_thread_read(outsider, thread).is_err());
        assert!(s.threads(outsider).expect("threads").is_empty());
    }
    // Empty and oversized messages are refused with a reason.
    assert!(s.reply(&parent, thread, "   ").is_err());
    let long = "я".repeat(zhurnal::store::messages::MAX_BODY + 1);
    assert!(s.reply(&parent, thread, &long).is_err());
    assert_eq!(s.thread(&parent, thread).expect("thread").messages.len(), 2);
}

#[test]
fn the_administrator_reviews_only_through_the_audited_action() {
    let mut sc = school();
    let s = &mut sc.store;
    let parent = s.actor("parent").expect("parent");
    let deputy = s.actor("deputy").expect("deputy");
    let admin = s.actor("admin").expect("admin");
    s.start_thread(&parent, id(s, "teacher"), "Тема", "Текст письма")
        .expect("send");
    assert!(s.review_messages(&deputy, "parent").is_err());
    let reviewed = s.review_messages(&admin, "parent").expect("review");
    assert_eq!(reviewed.len(), 1);
    assert_eq!(reviewed[0].messages[0].body, "Текст письма");
    // Reviewing reads nothing on the members' behalf.
    let teacher = s.actor("teacher").expect("teacher");
    assert_eq!(s.unread_messages(&teacher).expect("unread"), 1);
    let conn = rusqlite::Connection::open(&sc.db).expect("sqlite");
    let (actor, target): (String, String) = conn
        .query_row(
            "SELECT actor, new_value FROM audit WHERE action = 'review' AND entity = 'messages'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the review is in the audit log");
    assert_eq!((actor.as_str(), target.as_str()), ("admin", "parent"));
    // The audit log names the send but never carries the text.
    let texts: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE ifnull(new_value, '') LIKE '%Текст письма%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(texts, 0);
}

#[test]
fn messages_are_never_deleted_or_changed() {
    let mut sc = school();
    let s = &mut sc.store;
    let parent = s.actor("parent").expect("parent");
    let thread = s
        .start_thread(&parent, id(s, "teacher"), "", "Сохранится")
        .expect("send");
    let conn = rusqlite::Connection::open(&sc.db).expect("sqlite");
    let teacher = s.actor("teacher").expect("teacher");
    s.mark_thread_read(&teacher, thread).expect("read");
    let stranger = id(s, &sc.stranger);
    for sql in [
        "DELETE FROM message",
        "UPDATE message SET body = 'другое'",
        "DELETE FROM message_thread",
        "UPDATE message_thread SET subject = 'другая'",
        "DELETE FROM thread_member",
        "UPDATE thread_member SET user_id = user_id",
        &format!("INSERT INTO thread_member (thread_id, user_id) VALUES ({thread}, {stranger})"),
        "UPDATE message_read SET read_at = '2000-01-01 00:00:00'",
        "DELETE FROM message_read",
    ] {
        let e = conn.execute(sql, []).expect_err("refused").to_string();
        assert!(e.contains("kept as sent"), "{sql}: {e}");
    }
    let t = s.thread(&parent, thread).expect("thread");
    assert_eq!(t.messages[0].body, "Сохранится");
}

#[test]
fn the_class_teacher_sends_the_weekly_report_to_the_parents() {
    let mut sc = school();
    let s = &mut sc.store;
    let ct = s.actor("classteacher").expect("classteacher");
    let teacher = s.actor("teacher").expect("teacher");
    let parent = s.actor("parent").expect("parent");
    let (b7, _) = s.class_by_name("7Б").expect("7Б");
    let class: Vec<StudentId> = s
        .class_students(b7)
        .expect("7Б")
        .iter()
        .map(|x| x.id)
        .collect();
    let child = *parent
        .children
        .iter()
        .find(|c| class.contains(c))
        .expect("a child in 7Б");
    let day = s.today();
    let e = zhurnal::export::weekly::send_weekly(s, &teacher, child, day).expect_err("refused");
    assert!(e.to_string().starts_with("нет прав"), "{e}");
    let thread = zhurnal::export::weekly::send_weekly(s, &ct, child, day).expect("send");
    let t = s.thread(&parent, thread).expect("the parent has it");
    assert_eq!(t.messages[0].kind, MessageKind::WeeklyReport);
    assert!(t.subject.starts_with("Отчёт за неделю"), "{}", t.subject);
    assert!(t.messages[0].body.contains("7Б"), "{}", t.messages[0].body);
    assert_eq!(s.unread_messages(&parent).expect("unread"), 1);
}

#[test]
fn the_command_line_sends_lists_shows_and_reviews() {
    let sc = school();
    let home = sc._dir.path();
    let db = sc.db.to_str().expect("utf-8");
    let run = |args: &[&str]| zhurnal(home, &[&["--db", db], args].concat());
    let ok = |args: &[&str]| {
        let o = run(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        common::stdout(&o)
    };
    let out = ok(&[
        "message",
        "send",
        "--to",
        "teacher",
        "--subject",
        "Вопрос",
        "--text",
        "Когда контрольная?",
        "--as",
        "parent",
    ]);
    assert!(out.contains("#1"), "{out}");
    let list = ok(&["message", "list", "--as", "teacher"]);
    assert!(list.contains("Вопрос") && list.contains("1 нов"), "{list}");
    let shown = ok(&["message", "show", "1", "--as", "teacher"]);
    assert!(shown.contains("Когда контрольная?"), "{shown}");
    let list = ok(&["message", "list", "--as", "teacher"]);
    assert!(!list.contains("нов"), "read now: {list}");
    let theirs = ok(&["message", "show", "1", "--as", "parent"]);
    assert!(theirs.contains("прочитал(а) Белова М.В."), "{theirs}");
    // Refusals say why, and nothing is written.
    let o = run(&[
        "message",
        "send",
        "--to",
        "classmate",
        "--text",
        "привет",
        "--as",
        "student",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("ученик не может писать"),
        "{}",
        stderr(&o)
    );
    let o = run(&["message", "show", "1", "--as", "classteacher"]);
    assert!(stderr(&o).contains("не ваша переписка"), "{}", stderr(&o));
    let review = ok(&["message", "review", "parent", "--as", "admin"]);
    assert!(review.contains("Когда контрольная?"), "{review}");
    let sent = ok(&[
        "weekly-report",
        "--student",
        "7Б Соболев Матвей",
        "--send",
        "--as",
        "classteacher",
    ]);
    assert!(sent.contains("отправлен"), "{sent}");
    let list = ok(&["message", "list", "--as", "parent"]);
    assert!(list.contains("Отчёт за неделю"), "{list}");
}

#[test]
fn check_finds_messages_outside_their_conversation() {
    let mut sc = school();
    let s = &mut sc.store;
    let parent = s.actor("parent").expect("parent");
    s.start_thread(&parent, id(s, "teacher"), "", "Вопрос")
        .expect("send");
    assert!(s.check().expect("check").is_empty());
    // A message slipped in by hand from someone not in the conversation.
    let stranger = id(s, &sc.stranger);
    let conn = rusqlite::Connection::open(&sc.db).expect("sqlite");
    conn.execute(
        "INSERT INTO message (thread_id, author_id, body, sent_at) VALUES (1, ?1, 'x', '2025-11-20 10:00:00')",
        [stranger],
    )
    .expect("insert");
    let problems = s.check().expect("check");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("сообщения от тех, кого нет в переписке"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Whatever people try to send to whom, each sees exactly the conversations they
    /// are in, reads no other, is listed as a contact exactly when the send went
    /// through, and the unread counts add up.
    #[test]
    fn everyone_sees_their_own_conversations_only(
        tries in proptest::collection::vec((0usize..8, 0usize..8, proptest::bool::ANY), 1..12)
    ) {
        let mut sc = school();
        let stranger = sc.stranger.clone();
        let logins = [
            "parent", "student", "classmate", "teacher", "classteacher", "deputy",
            "samoylova.za", stranger.as_str(),
        ];
        let s = &mut sc.store;
        // thread id → (writer, recipient)
        let mut threads: Vec<(i64, usize, usize)> = Vec::new();
        for (from, to, answer) in tries {
            let writer = s.actor(logins[from]).expect("writer");
            if answer && let Some(&(t, a, b)) = threads.last() {
                let member = from == a || from == b;
                proptest::prop_assert_eq!(s.reply(&writer, t, "ответ").is_ok(), member);
                continue;
            }
            let listed = s
                .contacts(&writer)
                .expect("contacts")
                .iter()
                .any(|c| c.login == logins[to]);
            match s.start_thread(&writer, id(s, logins[to]), "тема", "текст") {
                Ok(t) => {
                    proptest::prop_assert!(listed, "{} → {} sent but not listed", logins[from], logins[to]);
                    threads.push((t, from, to));
                }
                Err(_) => proptest::prop_assert!(
                    !listed || from == to,
                    "{} lists {} but cannot write",
                    logins[from],
                    logins[to]
                ),
            }
        }
        for (i, login) in logins.iter().enumerate() {
            let reader = s.actor(login).expect("reader");
            let mut mine: Vec<i64> = threads
                .iter()
                .filter(|(_, a, b)| *a == i || *b == i)
                .map(|(t, _, _)| *t)
                .collect();
            mine.sort_unstable();
            let mut seen: Vec<i64> = s.threads(&reader).expect("threads").iter().map(|t| t.id).collect();
            seen.sort_unstable();
            proptest::prop_assert_eq!(&seen, &mine, "{}", login);
            for (t, _, _) in &threads {
                proptest::prop_assert_eq!(s.thread(&reader, *t).is_ok(), mine.contains(t));
            }
            let unread: i64 = s.threads(&reader).expect("threads").iter().map(|t| t.unread).sum();
            proptest::prop_assert_eq!(s.unread_messages(&reader).expect("unread"), unread);
        }
    }
}
