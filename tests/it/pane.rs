//! The lesson pane below the grid: topic, homework with its kind, work type and a note,
//! edited in place and saved when the pane is left.

use crate::common;
use common::TestJournal;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;

fn lesson_row(
    db: &std::path::Path,
    class: &str,
    subject: &str,
    date: &str,
) -> (String, String, String, String, Option<String>) {
    let (grade, letter) = class.split_at(1);
    Connection::open(db)
        .expect("open")
        .query_row(
            "SELECT l.topic, l.homework, l.homework_kind, l.note, w.short FROM lesson l
             JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id JOIN subject s ON s.id = c.subject_id
             LEFT JOIN work_type w ON w.id = l.work_type_id
             WHERE k.grade = ?1 AND k.letter = ?2 AND s.name = ?3 AND l.date = ?4",
            rusqlite::params![grade, letter, subject, date],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .expect("lesson")
}

#[test]
fn topic_and_homework_are_typed_in_the_pane_and_saved_on_leaving() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("pane_folded", screen(&app));
    key(&mut app, KeyCode::F(9));
    typed(&mut app, "Умножение многочленов");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "§14, № 310");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "повторить формулы");
    key(&mut app, KeyCode::F(4));
    key(&mut app, KeyCode::F(3));
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "проверить тетради");
    insta::assert_snapshot!("pane_editing", screen(&app));
    // Nothing is written while typing.
    assert_eq!(lesson_row(j.db(), "7Б", "Алгебра", "2025-12-15").0, "");
    key(&mut app, KeyCode::Esc);
    assert!(
        screen(&app).contains("сохранено: тема и задание"),
        "{}",
        screen(&app)
    );
    let (topic, homework, kind, note, wt) = lesson_row(j.db(), "7Б", "Алгебра", "2025-12-15");
    assert_eq!(topic, "Умножение многочленов");
    assert_eq!(homework, "§14, № 310\nповторить формулы");
    assert_eq!(kind, "oral", "F4 moved written → oral");
    assert_eq!(note, "проверить тетради");
    assert_eq!(wt.as_deref(), Some("ОУ"), "F3 chose the first work type");
    let audited: i64 = j.count_audit(|r| {
        r.actor == "teacher"
            && [
                "topic",
                "homework",
                "homework_kind",
                "note",
                "lesson_work_type",
            ]
            .contains(&r.entity.as_str())
    });
    assert_eq!(audited, 5);
    // Typed letters went to the text, not to attendance.
    let marks_or_codes: i64 = Connection::open(j.db())
        .expect("open")
        .query_row(
            "SELECT count(*) FROM attendance WHERE updated_at LIKE '2025-12-15%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(marks_or_codes, 0);
}

#[test]
fn control_characters_typed_are_never_stored() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::F(9));
    // A C1 CSI, an ESC and a BEL as typed characters (a terminal or a client may send
    // them as keys): none reaches the text.
    typed(&mut app, "Дроби\u{9b}2J\u{1b}]0;x\u{7}");
    let s = screen(&app);
    assert!(s.contains("ничего не делает"), "{s}");
    key(&mut app, KeyCode::Esc);
    let (topic, ..) = lesson_row(j.db(), "7Б", "Алгебра", "2025-12-15");
    assert_eq!(topic, "Дроби2J]0;x");
    assert!(!topic.chars().any(char::is_control), "{topic:?}");
}

#[test]
fn grade_one_refuses_homework_and_keeps_what_was_typed() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "goncharenko.vv", "demo");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::F(9));
    typed(&mut app, "Счёт до 20");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "стр. 40");
    key(&mut app, KeyCode::Esc);
    let s = screen(&app);
    assert!(s.contains("в 1 классе домашние задания не задаются"), "{s}");
    assert!(
        s.contains("стр. 40"),
        "the pane stays open with the text: {s}"
    );
    // Remove the homework and leave: the topic is saved.
    for _ in 0..7 {
        key(&mut app, KeyCode::Backspace);
    }
    key(&mut app, KeyCode::Esc);
    let grid = screen(&app);
    assert!(grid.contains("Тема: Счёт до 20"), "{grid}");
}

#[test]
fn the_plans_next_topic_is_proposed_and_accepting_links_the_lesson() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    let (proposed, item): (String, i64) = {
        let store = zhurnal::store::Store::open(j.db()).expect("open");
        let course = store.find_course("7Б", "Алгебра", None).expect("course");
        let next = store
            .next_uncovered_item(course.id)
            .expect("next")
            .expect("an item");
        (next.topic, next.id)
    };
    key(&mut app, KeyCode::F(9));
    key(&mut app, KeyCode::F(5));
    key(&mut app, KeyCode::Esc);
    let (topic, linked): (String, Option<i64>) = Connection::open(j.db())
        .expect("open")
        .query_row(
            "SELECT l.topic, l.plan_item_id FROM lesson l JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
             JOIN subject s ON s.id = c.subject_id WHERE k.grade = 7 AND k.letter = 'Б' AND s.name = 'Алгебра' AND l.date = '2025-12-15'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("lesson");
    assert_eq!(topic, proposed);
    assert_eq!(linked, Some(item));
}

#[test]
fn enter_in_the_topic_goes_on_to_the_homework() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::F(9));
    typed(&mut app, "Формулы");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "§15");
    key(&mut app, KeyCode::Esc);
    assert!(
        screen(&app).contains("сохранено: тема и задание"),
        "{}",
        screen(&app)
    );
    let (topic, homework, ..) = lesson_row(j.db(), "7Б", "Алгебра", "2025-12-15");
    assert_eq!((topic.as_str(), homework.as_str()), ("Формулы", "§15"));
}
