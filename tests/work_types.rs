//! The school's work types: edited by the administrator or a deputy, on screen and on
//! the command line; marks keep the weight they were given with.

mod common;

use common::tui::*;
use common::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::app::Screen;

#[test]
fn work_types_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    let d = db.to_str().expect("path");
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
            "--work-type",
            "КР",
        ],
    );
    ok(
        dir.path(),
        &["work-type", "edit", "КР", "--db", d, "--weight", "3"],
    );
    ok(
        dir.path(),
        &["work-type", "add", "Олимпиада", "Ол", "2.5", "--db", d],
    );
    let list = ok(dir.path(), &["work-type", "list", "--db", d]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("КР") && l.contains(" 3 ") && l.trim_end().ends_with('1')),
        "{list}"
    );
    assert!(list.contains("Олимпиада"), "{list}");
    // The mark given before keeps weight 2; a new one takes 3.
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
            "4",
            "--work-type",
            "КР",
        ],
    );
    let conn = rusqlite::Connection::open(&db).expect("open");
    let weights: Vec<f64> = conn
        .prepare("SELECT weight FROM mark ORDER BY id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(weights, vec![2.0, 3.0]);
    ok(dir.path(), &["work-type", "disable", "Ол", "--db", d]);
    let o = zhurnal(
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
            "4",
            "--work-type",
            "Ол",
        ],
    );
    assert!(
        stderr(&o).contains("нет вида работы «Ол»"),
        "a disabled type takes no new marks: {}",
        stderr(&o)
    );
    for (args, want) in [
        (
            vec!["work-type", "add", "Ответ", "ОУ", "1"],
            "уже у «Ответ на уроке»",
        ),
        (
            vec!["work-type", "add", "Пустой", "Пу", "0"],
            "вес 0 должен быть больше нуля",
        ),
        (
            vec!["work-type", "add", "X", "X", "1", "--as", "teacher"],
            "администратор и заместитель",
        ),
    ] {
        let mut a = args.clone();
        a.extend(["--db", d]);
        let o = zhurnal(dir.path(), &a);
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_deputy_edits_work_types_on_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_copy(dir.path());
    let mut app = app(&db, "2025-12-15");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    let Screen::Menu(m) = &mut app.screen else {
        panic!("menu")
    };
    m.selected = m
        .tools
        .iter()
        .position(|t| *t == zhurnal::tui::admin::Tool::WorkTypes)
        .expect("tool");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screen, Screen::WorkTypes(_)),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::F(2));
    typed(&mut app, "Олимпиада");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Ол");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Backspace);
    typed(&mut app, "2,5");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Олимпиада") && s.contains("2.5"), "{s}");
    insta::assert_snapshot!("work_types", s);
}
