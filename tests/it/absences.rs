//! The class teacher's week of absences and marking them excused.

use crate::common;

use common::tui::*;
use common::*;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use zhurnal::tui::app::Screen;

/// Н and У of one student in 7Б between two dates, counted with plain SQL.
fn codes(db: &std::path::Path, last: &str, from: &str, to: &str) -> (i64, i64) {
    let conn = Connection::open(db).expect("open");
    let count = |code: &str| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id JOIN student s ON s.id = a.student_id
             WHERE s.last_name = ?1 AND a.code = ?2 AND l.date BETWEEN ?3 AND ?4",
            rusqlite::params![last, code, from, to],
            |r| r.get(0),
        )
        .expect("count")
    };
    (count("Н"), count("У"))
}

#[test]
fn the_week_by_day_and_reason_and_excusing_from_the_screen() {
    let j = TestJournal::demo();
    // Give a 7Б student a day of Н in every lesson of Tuesday 09.12 through the grid's rules.
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "classteacher", "demo");
    key(&mut app, KeyCode::F(6));
    let Screen::Absences(a) = &app.screen else {
        panic!("absences: {}", screen(&app))
    };
    assert_eq!(
        a.week.monday,
        chrono::NaiveDate::from_ymd_opt(2025, 12, 15).expect("date")
    );
    key(&mut app, KeyCode::Left);
    let Screen::Absences(a) = &app.screen else {
        panic!("absences")
    };
    // The week's figures against plain counts: the absences and the lateness («О»).
    for row in &a.week.rows {
        let last = row.student.name.last.clone();
        let conn = Connection::open(j.db()).expect("open");
        let total: i64 = conn
            .query_row(
                "SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id JOIN course c ON c.id = l.course_id
                 JOIN class k ON k.id = c.class_id JOIN student s ON s.id = a.student_id
                 WHERE s.id = ?1 AND k.grade = 7 AND k.letter = 'Б' AND l.cancelled_reason IS NULL AND l.date BETWEEN '2025-12-08' AND '2025-12-13'",
                [row.student.id],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(row.week.values().sum::<i64>(), total, "{last}");
    }
    insta::assert_snapshot!("absences_week", screen(&app));
    // Pick a student with Н this week, or make one with the command line.
    let target = a.week.rows.iter().position(|r| r.week.contains_key("Н"));
    let (row, last) = match target {
        Some(i) => (i, a.week.rows[i].student.name.last.clone()),
        None => (0, a.week.rows[0].student.name.last.clone()),
    };
    if target.is_none() {
        let d = j.db().to_str().expect("path");
        ok(
            j.dir(),
            &[
                "attend",
                "--db",
                d,
                "--as",
                "teacher",
                "--class",
                "7Б",
                "--subject",
                "Алгебра",
                "--date",
                "2025-12-08",
                "--student",
                &last,
                "Н",
                "--today",
                "2025-12-15",
            ],
        );
        key(&mut app, KeyCode::Right);
        key(&mut app, KeyCode::Left);
    }
    let (n_before, u_before) = codes(j.db(), &last, "2025-12-08", "2025-12-13");
    assert!(n_before > 0);
    press_until(
        &mut app,
        KeyCode::Down,
        60,
        |app| matches!(&app.screen, Screen::Absences(a) if a.selected == row),
    );
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "справка № 12");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains(&format!("отмечено уважительными: {n_before}")),
        "{}",
        screen(&app)
    );
    assert_eq!(
        codes(j.db(), &last, "2025-12-08", "2025-12-13"),
        (0, u_before + n_before)
    );
    let audited: i64 = Connection::open(j.db())
        .expect("open")
        .query_row("SELECT count(*) FROM audit WHERE action = 'excuse' AND new_value LIKE '%справка № 12%'", [], |r| r.get(0))
        .expect("count");
    assert_eq!(audited, n_before);
}

#[test]
fn only_the_class_teacher_excuses() {
    let j = TestJournal::mini();
    j.ok(&[
        "attend",
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
        "Н",
    ]);
    let out = j.ok(&[
        "absences",
        "--class",
        "7Б",
        "--week",
        "2025-11-12",
        "--as",
        "classteacher",
    ]);
    assert!(
        out.lines()
            .any(|l| l.starts_with("Алексеев Б.") && l.contains("Н1")),
        "{out}"
    );
    for who in ["teacher", "parent"] {
        let o = j.run(&[
            "excuse",
            "--as",
            who,
            "--student",
            "7Б Алексеев",
            "--from",
            "2025-11-10",
            "--to",
            "2025-11-10",
            "--reason",
            "справка",
        ]);
        assert!(!o.status.success(), "{who}");
    }
    let o = j.run(&[
        "excuse",
        "--as",
        "classteacher",
        "--student",
        "7Б Алексеев",
        "--from",
        "2025-11-10",
        "--to",
        "2025-11-10",
        "--reason",
        " ",
    ]);
    assert!(stderr(&o).contains("укажите основание"), "{}", stderr(&o));
    let out = j.ok(&[
        "excuse",
        "--as",
        "classteacher",
        "--student",
        "7Б Алексеев",
        "--from",
        "2025-11-10",
        "--to",
        "2025-11-10",
        "--reason",
        "заявление родителей",
    ]);
    assert!(out.contains("отмечено уважительными: 1"), "{out}");
    assert_eq!(
        codes(j.db(), "Алексеев", "2025-11-10", "2025-11-10"),
        (0, 1)
    );
}
