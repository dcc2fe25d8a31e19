//! The school's work types: edited by the administrator or a deputy, on screen and on
//! the command line; marks keep the weight they were given with.

use crate::common;

use common::tui::*;
use common::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::app::Screen;

#[test]
fn work_types_from_the_command_line() {
    let j = TestJournal::mini();
    j.ok(&[
        "mark",
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
    ]);
    j.ok(&["work-type", "edit", "КР", "--weight", "3"]);
    j.ok(&["work-type", "add", "Олимпиада", "Ол", "2.5"]);
    let list = j.ok(&["work-type", "list"]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("КР") && l.contains(" 3 ") && l.trim_end().ends_with('1')),
        "{list}"
    );
    assert!(list.contains("Олимпиада"), "{list}");
    // The mark given before keeps weight 2; a new one takes 3.
    j.ok(&[
        "mark",
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
    ]);
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    let weights: Vec<f64> = conn
        .prepare("SELECT weight FROM mark ORDER BY id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(weights, vec![2.0, 3.0]);
    j.ok(&["work-type", "disable", "Ол"]);
    let o = j.run(&[
        "mark",
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
    ]);
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
        a.extend(["--db", j.db_str()]);
        let o = zhurnal(j.dir(), &a);
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_deputy_edits_work_types_on_screen() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    open_tool(&mut app, zhurnal::tui::admin::Tool::WorkTypes);
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
