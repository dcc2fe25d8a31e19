//! The class teacher's overview: averages and finals per subject, and who is at risk.

mod common;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use zhurnal::tui::app::Screen;

#[test]
fn the_overview_matches_the_marks_and_flags_the_students_at_risk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_copy(dir.path());
    let mut app = app(&db, "2025-12-14");
    login(&mut app, "classteacher", "demo");
    key(&mut app, KeyCode::F(7));
    let Screen::Report(r) = &app.screen else {
        panic!("overview: {}", screen(&app))
    };
    assert_eq!(r.report.title, "Успеваемость класса 7Б: 2 четверть");
    let algebra = r
        .report
        .columns
        .iter()
        .position(|c| c == "Алгебра")
        .expect("Алгебра column");
    let conn = Connection::open(&db).expect("open");
    for row in &r.report.rows {
        // The weighted average of the student's Алгебра marks this quarter, by plain SQL.
        let (sum, weights): (Option<f64>, Option<f64>) = conn
            .query_row(
                "SELECT sum(m.value * m.weight), sum(m.weight) FROM mark m JOIN lesson l ON l.id = m.lesson_id
                 JOIN course c ON c.id = l.course_id JOIN subject s ON s.id = c.subject_id JOIN class k ON k.id = c.class_id
                 JOIN student st ON st.id = m.student_id
                 WHERE k.grade = 7 AND k.letter = 'Б' AND s.name = 'Алгебра' AND l.date BETWEEN '2025-11-05' AND '2025-12-14'
                   AND st.last_name || ' ' || substr(st.first_name, 1, 1) || '.' = ?1",
                [&row[0]],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("marks");
        let want = match (sum, weights) {
            (Some(s), Some(w)) if w > 0.0 => format!("{:.2}", s / w),
            _ => String::new(),
        };
        assert!(
            row[algebra].starts_with(&want),
            "{}: {} vs {want}",
            row[0],
            row[algebra]
        );
        if let Ok(avg) = want.parse::<f64>()
            && avg < 3.0
        {
            assert!(
                row[1].contains(&format!("Алгебра: средний {want}")),
                "{}: {}",
                row[0],
                row[1]
            );
        }
    }
    insta::assert_snapshot!("overview", screen(&app));
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Today(_)));
    // A teacher who leads no class has no overview.
    let mut t = common::tui::app(&db, "2025-12-14");
    login(&mut t, "teacher", "demo");
    key(&mut t, KeyCode::F(7));
    assert!(screen(&t).contains("для классного руководителя"));
}
