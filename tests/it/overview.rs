//! The class teacher's overview: averages and finals per subject, and who is at risk.

use crate::common;
use common::TestJournal;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use zhurnal::tui::app::Screen;

#[test]
fn the_overview_matches_the_marks_and_flags_the_students_at_risk() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-14");
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
    let conn = Connection::open(j.db()).expect("open");
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
    let mut t = common::tui::app(j.db(), "2025-12-14");
    login(&mut t, "teacher", "demo");
    key(&mut t, KeyCode::F(7));
    assert!(screen(&t).contains("для классного руководителя"));
}

#[test]
fn a_weekly_report_for_the_parents_prints_one_students_week() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::tui::demo_copy(dir.path());
    let d = db.to_str().expect("path");
    let file = dir.path().join("week.html");
    common::ok(
        dir.path(),
        &[
            "weekly-report",
            "--db",
            d,
            "--as",
            "classteacher",
            "--student",
            "7Б Соболев",
            "--week",
            "2025-12-10",
            "-o",
            file.to_str().expect("p"),
        ],
    );
    let html = std::fs::read_to_string(&file).expect("written");
    assert!(
        html.contains(
            "Отчёт для родителей: Соболев Матвей Андреевич, 7Б — неделя 08.12–12.12.2025"
        ),
        "{html}"
    );
    // Every lesson of the week is a row: count them with plain SQL.
    let lessons: i64 = Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM lesson l JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
             JOIN student st ON st.last_name = 'Соболев' JOIN enrollment e ON e.student_id = st.id AND e.class_id = k.id
             WHERE l.date BETWEEN '2025-12-08' AND '2025-12-13' AND l.cancelled_reason IS NULL
               AND (c.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member g WHERE g.subgroup_id = c.subgroup_id AND g.student_id = st.id))",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(
        html.matches("<tr").count() as i64,
        lessons + 1,
        "a header and one row a lesson"
    );
    // Another class's teacher and a parent of another child are refused.
    for who in ["teacher", "parent"] {
        let o = common::zhurnal(
            dir.path(),
            &[
                "weekly-report",
                "--db",
                d,
                "--as",
                who,
                "--student",
                "7Б Алексеева",
                "--week",
                "2025-12-10",
            ],
        );
        assert!(!o.status.success(), "{who}");
        assert!(common::stdout(&o).is_empty());
        assert!(
            common::stderr(&o).contains("нет прав"),
            "{who}: {}",
            common::stderr(&o)
        );
    }
    // A name that does not exist gets the same refusal: nothing to probe.
    let o = common::zhurnal(
        dir.path(),
        &[
            "weekly-report",
            "--db",
            d,
            "--as",
            "parent",
            "--student",
            "7Б Несуществующий",
        ],
    );
    assert!(
        common::stderr(&o).contains("нет прав"),
        "{}",
        common::stderr(&o)
    );
}
