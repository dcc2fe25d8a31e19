//! One policy below every interface: a parent tries every path to another child's data
//! and gets nothing; each role reads and writes what it may and no more.

use crate::common;

use common::tui::*;
use common::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::domain::ids::StudentId;
use zhurnal::domain::marks::MarkValue;
use zhurnal::domain::policy::Actor;
use zhurnal::store::marks::Expect;
use zhurnal::store::{Store, StoreError};

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Every student of 7Б but the parent's own child.
fn other_7b_students(store: &Store) -> Vec<(StudentId, String)> {
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let year = store.current_year().expect("year");
    store
        .course_students(course.id, year.start, year.end)
        .expect("students")
        .into_iter()
        .filter(|s| s.name.last != "Соболев")
        .map(|s| (s.id, s.name.full()))
        .collect()
}

#[test]
fn a_parent_gets_nothing_of_another_child_by_any_path() {
    let j = TestJournal::demo();
    let store = Store::open(j.db()).expect("open");
    let parent = store.actor("parent").expect("parent");
    let others = other_7b_students(&store);
    let (other_id, other_name) = others[0].clone();
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let year = store.current_year().expect("year");
    let cal = store.calendar(year.id).expect("cal");
    let p2 = &cal.period_by_num(2, course.class.grade).expect("p2");

    // The store itself refuses: the journal page and another child's diary.
    assert!(matches!(
        store.journal_page(&parent, course.id, p2),
        Err(StoreError::Rule(_))
    ));
    assert!(matches!(
        store.diary(&parent, other_id, date("2025-12-10"), None),
        Err(StoreError::Rule(_))
    ));
    // Their own children are open to them.
    for (id, _) in store.diary_students(&parent).expect("children") {
        store
            .diary(&parent, id, date("2025-12-10"), None)
            .expect("own child");
    }
    drop(store);
    let before = table_counts(j.db());

    // The command line: export, mark, attend.
    let o = j.run(&[
        "export",
        "journal",
        "--as",
        "parent",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--period",
        "2",
    ]);
    assert!(!o.status.success());
    assert!(stdout(&o).is_empty(), "nothing of the page is printed");
    assert!(stderr(&o).contains("нет прав"), "{}", stderr(&o));
    for cmd in ["mark", "attend"] {
        let value = if cmd == "mark" { "5" } else { "Н" };
        let o = j.run(&[
            cmd,
            "--as",
            "parent",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-12-10",
            "--student",
            &other_name,
            value,
        ]);
        assert!(!o.status.success());
        let err = stderr(&o);
        assert!(err.contains("нет прав"), "{cmd}: {err}");
        assert!(!err.contains(&other_name), "{cmd} names no one: {err}");
        // A name that does not exist gives the same answer: no probing for names.
        let o = j.run(&[
            cmd,
            "--as",
            "parent",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-12-10",
            "--student",
            "Несуществующий",
            value,
        ]);
        assert_eq!(stderr(&o), err, "{cmd}: the same refusal for any name");
    }
    // Every report, with or without a class: refused, nothing printed.
    for report in [
        "quality",
        "accumulation",
        "attendance",
        "summary",
        "fill",
        "fulfilment",
        "activity",
    ] {
        for class in [None, Some("7Б")] {
            let mut args = vec!["report", report, "--db", j.db_str(), "--as", "parent"];
            if let Some(c) = class {
                args.extend(["--class", c]);
            }
            let o = zhurnal(j.dir(), &args);
            assert!(!o.status.success(), "{report} {class:?}");
            assert!(stdout(&o).is_empty(), "{report}: nothing printed");
            assert!(stderr(&o).contains("нет прав"), "{report}: {}", stderr(&o));
        }
    }
    // Nor the week of absences, nor excusing.
    let o = j.run(&["absences", "--as", "parent", "--class", "7Б"]);
    assert!(!o.status.success() && stdout(&o).is_empty());
    assert_eq!(before, table_counts(j.db()), "nothing written");

    // The screens: the diary shows only their own children; no key leads elsewhere.
    let mut app = app(j.db(), "2025-12-10");
    login(&mut app, "parent", "demo");
    let mut seen = String::new();
    for k in [
        KeyCode::Tab,
        KeyCode::F(2),
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::F(7),
        KeyCode::F(8),
        KeyCode::Enter,
        KeyCode::F(10),
        KeyCode::F(5),
        KeyCode::Tab,
    ] {
        key(&mut app, k);
        for _ in 0..6 {
            seen.push_str(&screen(&app));
            key(&mut app, KeyCode::PageDown);
        }
        key(&mut app, KeyCode::Home);
    }
    assert!(
        seen.contains("Соболев Матвей") && seen.contains("Соболева Алиса"),
        "both own children"
    );
    for (_, name) in &others {
        let short: String = name.split(' ').take(2).collect::<Vec<_>>().join(" ");
        assert!(!seen.contains(&short), "{short} shown to the parent");
    }
    assert!(!seen.contains("Ученик"), "never the journal grid");
}

#[test]
fn a_student_reads_only_their_own_diary() {
    let j = TestJournal::demo();
    let store = Store::open(j.db()).expect("open");
    let student = store.actor("student").expect("student");
    assert_eq!(store.diary_students(&student).expect("self").len(), 1);
    let (other, _) = other_7b_students(&store)[0].clone();
    assert!(
        store
            .diary(&student, other, date("2025-12-10"), None)
            .is_err()
    );
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let year = store.current_year().expect("year");
    let p2 = store
        .calendar(year.id)
        .expect("cal")
        .period_by_num(2, 7)
        .expect("p2");
    assert!(store.journal_page(&student, course.id, &p2).is_err());
}

#[test]
fn roles_meet_the_store() {
    let j = TestJournal::demo();
    let mut store = Store::open(j.db()).expect("open");
    store.set_fixed_now(date("2025-12-15").and_hms_opt(10, 0, 0));
    let algebra = store.find_course("7Б", "Алгебра", None).expect("course");
    let russian = store
        .find_course("7Б", "Русский язык", None)
        .expect("course");
    let year = store.current_year().expect("year");
    let p2 = store
        .calendar(year.id)
        .expect("cal")
        .period_by_num(2, 7)
        .expect("p2");
    let lesson = store
        .lessons_on(algebra.id, date("2025-12-15"))
        .expect("lesson")[0]
        .id;
    let kid = store
        .course_students(algebra.id, p2.start, p2.end)
        .expect("s")[0]
        .id;
    let five = [MarkValue::new(5).expect("5")];
    let who = |s: &Store, l: &str| s.actor(l).expect("actor");
    // (login, reads 7Б Алгебра, reads 7Б Русский, marks 7Б Алгебра)
    let table = [
        ("teacher", true, false, true),
        ("classteacher", true, true, false),
        ("deputy", true, true, false),
        ("director", true, true, false),
        ("admin", true, true, false),
        ("parent", false, false, false),
        ("student", false, false, false),
    ];
    for (login, algebra_read, russian_read, marks) in table {
        let a = who(&store, login);
        assert_eq!(
            store.journal_page(&a, algebra.id, &p2).is_ok(),
            algebra_read,
            "{login} reads Алгебра"
        );
        assert_eq!(
            store.journal_page(&a, russian.id, &p2).is_ok(),
            russian_read,
            "{login} reads Русский"
        );
        assert_eq!(
            store
                .add_marks(&a, lesson, kid, &five, None, Expect::Anything)
                .is_ok(),
            marks,
            "{login} marks"
        );
    }
    // The local operator (the file's holder) administers but teaches nothing.
    assert!(
        store
            .add_marks(
                &Actor::local_operator(),
                lesson,
                kid,
                &five,
                None,
                Expect::Anything
            )
            .is_err()
    );
}
