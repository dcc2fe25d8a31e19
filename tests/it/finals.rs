//! Period finals from the grid and the command line, and closed periods.

use crate::common;

use common::tui::*;
use common::*;
use ratatui::crossterm::event::KeyCode;

#[test]
fn the_teacher_sets_a_final_in_the_grid_from_the_suggestion() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::F(10));
    let s = screen(&app);
    assert!(s.contains("Итоговая · Алексеева В. · 2 четверть"), "{s}");
    // The suggestion from the weighted average (3.20 → 3) is taken as it is.
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("сохранено: итоговая 3"),
        "{}",
        screen(&app)
    );
    let value: String = rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row(
            "SELECT f.value FROM final_mark f JOIN period p ON p.id = f.period_id JOIN student s ON s.id = f.student_id
             WHERE p.num = 2 AND s.last_name = 'Алексеева'",
            [],
            |r| r.get(0),
        )
        .expect("final");
    assert_eq!(value, "3");
    // Overridden by the teacher: «н/а».
    key(&mut app, KeyCode::F(10));
    key(&mut app, KeyCode::Backspace);
    typed(&mut app, "н/а");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("сохранено: итоговая н/а"),
        "{}",
        screen(&app)
    );
    // A bad value says so and keeps the form.
    key(&mut app, KeyCode::F(10));
    for _ in 0..5 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "отл");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("«отл» — не итоговая отметка"),
        "{}",
        screen(&app)
    );
}

#[test]
fn finals_and_closed_periods_on_the_command_line() {
    let j = TestJournal::mini();
    let final_args = |period: &str, value: &str| {
        vec![
            "final",
            "--db",
            j.db_str(),
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--student",
            "Алексеев",
            "--period",
            period,
            value,
        ]
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        zhurnal(j.dir(), &a)
    };
    // The second quarter's finals open in its last two weeks (from 14.12), not on the
    // tests' «today» (20.11.2025).
    let o = run(final_args("2", "5"));
    assert!(
        stderr(&o).contains("итоговые за «2 четверть» ставятся с 14.12.2025"),
        "{}",
        stderr(&o)
    );
    let mut late = final_args("2", "5");
    late.extend(["--today".to_string(), "2025-12-20".to_string()]);
    let o = run(late);
    assert!(o.status.success(), "{}", stderr(&o));
    // The first closed on 28.10.
    let o = run(final_args("1", "5"));
    assert!(stderr(&o).contains("«1 четверть» закрыт"), "{}", stderr(&o));
    // A deputy opens it for 7Б Алгебра with a reason; the teacher can set it then.
    j.ok(&[
        "user",
        "add",
        "zam",
        "--name",
        "Заварзина Людмила",
        "--role",
        "deputy",
    ]);
    let o = j.run(&[
        "period",
        "unlock",
        "--as",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--period",
        "1",
        "--reason",
        "x",
    ]);
    assert!(
        stderr(&o).contains("заместитель директора или директор"),
        "{}",
        stderr(&o)
    );
    j.ok(&[
        "period",
        "unlock",
        "--as",
        "zam",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--period",
        "1",
        "--reason",
        "ошибка в итоговой",
    ]);
    let o = run(final_args("1", "5"));
    assert!(o.status.success(), "{}", stderr(&o));
    j.ok(&[
        "period",
        "lock",
        "--as",
        "zam",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--period",
        "1",
        "--reason",
        "исправлено",
    ]);
    let o = run(final_args("1", "4"));
    assert!(!o.status.success());
    // The year final waits for the last quarter's last weeks; bad values are refused
    // clearly.
    let o = run(final_args("year", "зач"));
    assert!(
        stderr(&o).contains("годовые отметки ставятся с 12.05.2026"),
        "{}",
        stderr(&o)
    );
    let o = run(final_args("2", "6"));
    assert!(
        stderr(&o).contains("«6» — не итоговая отметка"),
        "{}",
        stderr(&o)
    );
    let audit: i64 = rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = 'period'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(audit, 2, "unlock and lock are audited");
}

#[test]
fn the_year_final_is_suggested_from_the_period_finals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("june.sqlite");
    let opts = zhurnal::demo::DemoOptions {
        until: chrono::NaiveDate::from_ymd_opt(2026, 5, 28).expect("date"),
        scale: 1,
        seed: 1,
        news: false,
    };
    zhurnal::demo::build(&db, &opts, false).expect("demo");
    // The first student's four quarter finals in 7Б Алгебра, by plain SQL.
    let conn = rusqlite::Connection::open(&db).expect("open");
    let finals: Vec<String> = conn
        .prepare(
            "SELECT f.value FROM final_mark f JOIN course c ON c.id = f.course_id JOIN subject s ON s.id = c.subject_id
             JOIN class k ON k.id = c.class_id JOIN student st ON st.id = f.student_id
             WHERE k.grade = 7 AND k.letter = 'Б' AND s.name = 'Алгебра' AND st.last_name = 'Алексеева' AND f.period_id IS NOT NULL",
        )
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let numeric: Vec<f64> = finals.iter().filter_map(|v| v.parse().ok()).collect();
    let avg = numeric.iter().sum::<f64>() / numeric.len() as f64;
    // The school's cut-offs: 4.5 → 5, 3.5 → 4, 2.5 → 3, else 2.
    let want = if avg >= 4.5 {
        5
    } else if avg >= 3.5 {
        4
    } else if avg >= 2.5 {
        3
    } else {
        2
    };
    let mut app = app(&db, "2026-05-25");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    app.handle_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::F(10),
        ratatui::crossterm::event::KeyModifiers::SHIFT,
    ));
    let s = screen(&app);
    assert!(s.contains("Итоговая · Алексеева В. · год"), "{s}");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains(&format!("сохранено: итоговая {want}")),
        "{finals:?} → {}",
        screen(&app)
    );
    let year: String = conn
        .query_row(
            "SELECT f.value FROM final_mark f JOIN student st ON st.id = f.student_id JOIN course c ON c.id = f.course_id
             JOIN subject s ON s.id = c.subject_id WHERE st.last_name = 'Алексеева' AND s.name = 'Алгебра' AND f.period_id IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("year final");
    assert_eq!(year, want.to_string());

    // Without Shift (the Linux console and PuTTY send Shift-F10 as a key of their own):
    // F10 opens the period's final, F10 there turns to the year's.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::F(10));
    let s = screen(&app);
    assert!(s.contains("Итоговая · Бондаренко В. · 4 четверть"), "{s}");
    assert!(s.contains("10Год"), "the key bar names F10: {s}");
    key(&mut app, KeyCode::F(10));
    let s = screen(&app);
    assert!(s.contains("Итоговая · Бондаренко В. · год"), "{s}");
    assert!(s.contains("10Итог"), "and back: {s}");
    insta::assert_snapshot!("year_final_form", s);
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("сохранено: итоговая"),
        "{}",
        screen(&app)
    );
    // PuTTY's and the console's Shift-F10 (`ESC [ 34 ~`), as the terminal's reader
    // names it (F17), is Shift-F10.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::F(17));
    assert!(screen(&app).contains("· год"), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    let years: i64 = conn
        .query_row(
            "SELECT count(*) FROM final_mark f JOIN course c ON c.id = f.course_id JOIN subject s ON s.id = c.subject_id
             JOIN class k ON k.id = c.class_id WHERE k.grade = 7 AND k.letter = 'Б' AND s.name = 'Алгебра' AND f.period_id IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(years, 3, "three year finals, each set from its own keys");
}
