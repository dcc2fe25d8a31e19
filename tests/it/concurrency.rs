//! Several users on one journal file: another user's change shows on an open screen,
//! and a change made from a stale view of a cell is refused, never written over.

use crate::common;
use common::TestJournal;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::store::StoreError;
use zhurnal::store::marks::{CellSeen, Expect};

/// Two sessions of the mathematics teacher (say, the classroom PC and the staff room)
/// with the 7Б Алгебра grid open on the same lesson.
fn two_grids(db: &std::path::Path) -> (zhurnal::tui::App, zhurnal::tui::App) {
    let mut a = app(db, "2025-12-15");
    let mut b = app(db, "2025-12-15");
    for s in [&mut a, &mut b] {
        login(s, "teacher", "demo");
        key(s, KeyCode::Enter);
        s.tick();
    }
    (a, b)
}

fn first_row(app: &zhurnal::tui::App) -> String {
    screen(app)
        .lines()
        .find(|l| l.starts_with(" 1 "))
        .expect("the first student's row")
        .to_string()
}

#[test]
fn another_sessions_mark_appears_on_the_next_tick() {
    let j = TestJournal::demo();
    let (mut a, mut b) = two_grids(j.db());
    let before = screen(&b);
    assert!(!b.tick(), "nothing changed yet, nothing to redraw");
    typed(&mut a, "5");
    assert!(screen(&a).contains("сохранено: 5"), "{}", screen(&a));
    assert_eq!(screen(&b), before, "b has not looked yet");
    assert!(b.tick(), "b notices the other connection's commit");
    let after = screen(&b);
    assert_ne!(after, before);
    assert_eq!(first_row(&a), first_row(&b), "both show the same row now");
    assert!(!b.tick(), "and redraws only once");
}

#[test]
fn a_mark_typed_over_a_value_the_user_never_saw_is_refused_and_the_new_value_shown() {
    let j = TestJournal::demo();
    let (mut a, mut b) = two_grids(j.db());
    // a marks the first student absent; b, not having looked again, types a mark there.
    typed(&mut a, "н");
    typed(&mut b, "4");
    let s = screen(&b);
    assert!(s.contains("изменил"), "b is told: {s}");
    assert!(s.contains("«Н»"), "and shown the new value: {s}");
    assert_eq!(first_row(&a), first_row(&b), "b's grid shows a's value");
    let store = zhurnal::store::Store::open(j.db()).expect("open");
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let marks: i64 = rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row(
            "SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id
             WHERE l.course_id = ?1 AND l.date = '2025-12-15'",
            [course.id],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(marks, 0, "b's 4 was not written");
    // Having seen it, b may now give the mark: the question about the absence comes.
    typed(&mut b, "4");
    assert!(screen(&b).contains("Всё же поставить 4"), "{}", screen(&b));
}

#[test]
fn the_store_refuses_a_stale_write_and_names_who_changed_the_cell() {
    let j = TestJournal::demo();
    let mut one = zhurnal::store::Store::open(j.db()).expect("open");
    let mut two = zhurnal::store::Store::open(j.db()).expect("open");
    for s in [&mut one, &mut two] {
        s.set_today(chrono::NaiveDate::from_ymd_opt(2025, 12, 15));
    }
    let teacher = one.actor("teacher").expect("teacher");
    let course = one.find_course("7Б", "Алгебра", None).expect("course");
    let date = chrono::NaiveDate::from_ymd_opt(2025, 12, 15).expect("date");
    let lesson = one.lessons_on(course.id, date).expect("lessons")[0].id;
    let year = one.current_year().expect("year");
    let cal = one.calendar(year.id).expect("calendar");
    let page = one
        .journal_page(
            &teacher,
            course.id,
            &cal.period_on(date, course.class.grade).expect("period"),
        )
        .expect("page");
    let student = page.students[0].id;
    let seen = CellSeen::default();
    let four = zhurnal::domain::marks::MarkValue::new(4).expect("4");
    let five = zhurnal::domain::marks::MarkValue::new(5).expect("5");
    two.add_marks(
        &teacher,
        lesson,
        student,
        &[four],
        None,
        Expect::Seen(&seen),
    )
    .expect("first write");
    let err = one
        .add_marks(
            &teacher,
            lesson,
            student,
            &[five],
            None,
            Expect::Seen(&seen),
        )
        .expect_err("the stale write is refused");
    match &err {
        StoreError::Conflict { now, by } => {
            assert_eq!(now, "4");
            assert!(!by.is_empty(), "the author is named");
        }
        other => panic!("expected a conflict, got {other}"),
    }
    let err = one
        .set_attendance(&teacher, lesson, student, Some("Н"), Expect::Seen(&seen))
        .expect_err("attendance over an unseen change is refused too");
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    let marks = one.cell_marks(lesson, student).expect("marks");
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].value, four.into());
    assert_eq!(one.attendance_of(lesson, student).expect("code"), None);
    // Seeing the cell as it is, the second write goes through.
    let fresh = CellSeen {
        marks: vec![marks[0].id],
        attendance: None,
    };
    one.add_marks(
        &teacher,
        lesson,
        student,
        &[five],
        None,
        Expect::Seen(&fresh),
    )
    .expect("write from a fresh view");
    let removed = one
        .delete_mark(&teacher, marks[0].id, Expect::Seen(&fresh))
        .expect_err("the view is stale again after the mark above");
    assert!(matches!(removed, StoreError::Conflict { .. }));
}

#[test]
fn a_final_set_meanwhile_by_another_user_is_not_overwritten() {
    let j = TestJournal::demo();
    let (mut a, mut b) = two_grids(j.db());
    // Both open the first student's period final; b saves 5 first.
    key(&mut a, KeyCode::F(10));
    key(&mut b, KeyCode::F(10));
    assert!(screen(&a).contains("Итоговая"), "{}", screen(&a));
    for _ in 0..3 {
        key(&mut b, KeyCode::Backspace);
        key(&mut a, KeyCode::Backspace);
    }
    typed(&mut b, "5");
    key(&mut b, KeyCode::Enter);
    assert!(
        screen(&b).contains("сохранено: итоговая 5"),
        "{}",
        screen(&b)
    );
    typed(&mut a, "3");
    key(&mut a, KeyCode::Enter);
    let s = screen(&a);
    assert!(s.contains("изменил") && s.contains("«5»"), "a is told: {s}");
    assert!(
        !s.contains("Итоговая ·"),
        "the form closed on the grid: {s}"
    );
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    let writes: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = 'final' AND at LIKE '2025-12-15%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(writes, 1, "only b's final was written");
    let value: String = conn
        .query_row(
            "SELECT f.value FROM final_mark f JOIN audit a ON a.entity = 'final'
               AND a.student_id = f.student_id AND a.course_id = f.course_id
               AND f.period_id IS a.entity_id
             WHERE a.at LIKE '2025-12-15%'",
            [],
            |r| r.get(0),
        )
        .expect("final");
    assert_eq!(value, "5");
}
