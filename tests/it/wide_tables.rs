//! Tables wider than the screen at 80×24: the reports, the class teacher's overview and
//! the week of absences scroll sideways with their first column kept, and say what
//! their codes mean.

use crate::common;
use common::TestJournal;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use zhurnal::domain::reports::Report;
use zhurnal::tui::App;
use zhurnal::tui::app::Screen;

/// Opens a report from the deputy's menu: a word of its name, the class, the period.
fn open_report(app: &mut App, name: &str, class: &str, period: &str) {
    key(app, KeyCode::F(10));
    open_tool(app, zhurnal::tui::admin::Tool::Reports);
    for text in [name, class, period] {
        clear_field(app);
        typed(app, text);
        key(app, KeyCode::Enter);
    }
    assert!(matches!(app.screen, Screen::Report(_)), "{}", screen(app));
}

fn report(app: &App) -> Report {
    let Screen::Report(r) = &app.screen else {
        panic!("report: {}", screen(app))
    };
    r.report.clone()
}

/// A drawn line's cells: its text split where two blanks or more part the columns, the
/// arrows that say more columns lie aside left out.
fn cells(line: &str) -> Vec<String> {
    line.split("  ")
        .map(|c| {
            c.trim()
                .trim_start_matches(['←', '<'])
                .trim_end_matches(['→', '>'])
        })
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// The table's third line is its header (under the title and the keys' hint): the
/// headers shown, and for each of the first `rows` rows, the cells its line shows must
/// be the report's cells under those headers, the first column always there.
fn check_shown(s: &str, report: &Report, rows: usize) -> Vec<String> {
    let lines: Vec<&str> = s.lines().collect();
    let headers = cells(lines[2]);
    assert_eq!(headers[0], report.columns[0], "{s}");
    let mut at = 0;
    let idx: Vec<usize> = headers
        .iter()
        .map(|h| {
            let i = at
                + report.columns[at..]
                    .iter()
                    .position(|c| c == h)
                    .unwrap_or_else(|| panic!("header «{h}» is no column\n{s}"));
            at = i + 1;
            i
        })
        .collect();
    for (k, row) in report.rows.iter().take(rows).enumerate() {
        let want: Vec<String> = idx
            .iter()
            .map(|&i| row[i].clone())
            .filter(|c| !c.is_empty())
            .collect();
        assert_eq!(cells(lines[3 + k]), want, "row {k}\n{s}");
    }
    headers
}

#[test]
fn the_summary_sheet_scrolls_right_keeping_the_students_names() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    open_report(&mut app, "сводн", "7Б", "1");
    let r = report(&app);
    let last = r.columns.last().expect("columns").clone();
    assert!(r.columns.len() > 12, "{:?}", r.columns);
    let first = check_shown(&screen(&app), &r, 15);
    assert!(!first.contains(&last), "{}", screen(&app));
    assert!(
        screen(&app)
            .lines()
            .nth(2)
            .is_some_and(|l| l.ends_with('→'))
    );
    // Each → shows the next subjects, the names staying in the first column.
    let mut seen = first.clone();
    for _ in 0..6 {
        key(&mut app, KeyCode::Right);
        let shown = check_shown(&screen(&app), &r, 15);
        assert_ne!(shown[1], seen[1], "{}", screen(&app));
        seen = shown;
    }
    assert!(screen(&app).lines().nth(2).is_some_and(|l| l.contains('←')));
    insta::assert_snapshot!("summary_scrolled_right", screen(&app));
    // End: the last subject; further → shows nothing new.
    key(&mut app, KeyCode::End);
    let end = check_shown(&screen(&app), &r, 15);
    assert_eq!(end.last(), Some(&last), "{}", screen(&app));
    let at_end = screen(&app);
    key(&mut app, KeyCode::Right);
    assert_eq!(screen(&app), at_end);
    assert!(!at_end.lines().nth(2).is_some_and(|l| l.ends_with('→')));
    // The rows scroll as before, down to the last student and no further: one ↑
    // from there moves.
    let last_student = &r.rows.last().expect("rows")[0];
    assert!(!screen(&app).contains(last_student.as_str()));
    key(&mut app, KeyCode::PageDown);
    key(&mut app, KeyCode::PageDown);
    let bottom = screen(&app);
    assert!(bottom.contains(last_student.as_str()), "{bottom}");
    key(&mut app, KeyCode::Down);
    assert_eq!(screen(&app), bottom);
    key(&mut app, KeyCode::Up);
    assert!(!screen(&app).contains(last_student.as_str()));
    // Home: back to the first columns and the first row.
    key(&mut app, KeyCode::Home);
    assert_eq!(check_shown(&screen(&app), &r, 15), first);
    // The legend says what the finals' words mean.
    assert!(screen(&app).contains("н/а — не аттестован, осв — освобождён"));
}

#[test]
fn the_overview_scrolled_right_shows_the_subject_averages() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-14");
    login(&mut app, "classteacher", "demo");
    key(&mut app, KeyCode::F(7));
    let r = report(&app);
    let algebra = r
        .columns
        .iter()
        .position(|c| c == "Алгебра")
        .expect("Алгебра");
    assert!(!screen(&app).contains("Алгебра  "), "{}", screen(&app));
    press_until(&mut app, KeyCode::Right, 10, |a| {
        cells(screen(a).lines().nth(2).unwrap_or("")).contains(&"Алгебра".to_string())
    });
    check_shown(&screen(&app), &r, 15);
    // A student's Алгебра average on their line, beside their name.
    let (name, avg) = r
        .rows
        .iter()
        .take(15)
        .find(|row| !row[algebra].is_empty())
        .map(|row| (row[0].clone(), row[algebra].clone()))
        .expect("an average");
    assert!(
        screen(&app)
            .lines()
            .any(|l| l.starts_with(&name) && l.contains(&avg)),
        "{name} {avg}\n{}",
        screen(&app)
    );
    insta::assert_snapshot!("overview_scrolled_right", screen(&app));
    assert!(screen(&app).contains("у предмета — средний балл/итоговая"));
}

#[test]
fn fulfilment_shows_due_held_and_lag() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    open_report(&mut app, "выполн", "7Б", "");
    let r = report(&app);
    key(&mut app, KeyCode::Right);
    let shown = check_shown(&screen(&app), &r, 15);
    for h in ["Должно быть", "Проведено", "Отставание"] {
        assert!(shown.contains(&h.to_string()), "{h}\n{}", screen(&app));
    }
    insta::assert_snapshot!("fulfilment_scrolled_right", screen(&app));
    key(&mut app, KeyCode::Left);
    assert!(check_shown(&screen(&app), &r, 15).contains(&"Учитель".to_string()));
}

#[test]
fn quality_keeps_class_and_subject_and_reaches_the_average() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    open_report(&mut app, "кач", "7Б", "1");
    let r = report(&app);
    assert!(!check_shown(&screen(&app), &r, 15).contains(&"Средний балл".to_string()));
    key(&mut app, KeyCode::End);
    let shown = check_shown(&screen(&app), &r, 15);
    assert_eq!(shown[..2], ["Класс".to_string(), "Предмет".to_string()]);
    assert_eq!(shown.last().map(String::as_str), Some("Средний балл"));
    assert!(screen(&app).contains("СОУ — степень обученности"));
}

#[test]
fn the_attendance_report_names_its_codes() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    open_report(&mut app, "пропуск", "7Б", "");
    let r = report(&app);
    check_shown(&screen(&app), &r, 15);
    let s = screen(&app);
    // The columns' codes in the school's words (lateness is no column here).
    assert!(
        s.contains("Н — отсутствовал, Б — болел, У — уважительная причина"),
        "{s}"
    );
    assert!(!s.contains("О — опоздал"), "{s}");
    assert!(s.contains("Уважит. — по уважительной причине"), "{s}");
}

#[test]
fn the_arrows_are_plain_with_ascii_borders() {
    let j = TestJournal::demo();
    let mut opts = zhurnal::tui::Options::defaults().expect("options");
    opts.ascii_borders = true;
    let mut app = app_on(j.db(), "2025-12-15", opts);
    login(&mut app, "deputy", "demo");
    open_report(&mut app, "сводн", "7Б", "1");
    key(&mut app, KeyCode::Right);
    let header = screen(&app).lines().nth(2).unwrap_or("").to_string();
    assert!(header.ends_with('>') && header.contains(" <"), "{header}");
    assert!(!header.contains('→') && !header.contains('←'), "{header}");
}

#[test]
fn the_week_of_absences_shows_lateness_and_a_legend() {
    let j = TestJournal::demo();
    let conn = Connection::open(j.db()).expect("open");
    // A 7Б student with nothing the week of 08.12, late for Monday's Алгебра lesson.
    let last: String = conn
        .query_row(
            "SELECT s.last_name FROM student s JOIN enrollment e ON e.student_id = s.id
             JOIN class k ON k.id = e.class_id
             WHERE k.grade = 7 AND k.letter = 'Б' AND e.end_date IS NULL AND NOT EXISTS (
                 SELECT 1 FROM attendance a JOIN lesson l ON l.id = a.lesson_id
                 WHERE a.student_id = s.id AND l.date BETWEEN '2025-12-08' AND '2025-12-13')
             ORDER BY s.last_name LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a student");
    let d = j.db().to_str().expect("path");
    common::ok(
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
            "О",
            "--today",
            "2025-12-15",
        ],
    );
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "classteacher", "demo");
    key(&mut app, KeyCode::F(6));
    key(&mut app, KeyCode::Left);
    let Screen::Absences(a) = &app.screen else {
        panic!("absences: {}", screen(&app))
    };
    let row = a
        .week
        .rows
        .iter()
        .position(|r| r.student.name.last == last)
        .expect("the student");
    // Lateness per student against plain counts.
    for r in &a.week.rows {
        let late: i64 = conn
            .query_row(
                "SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id
                 JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
                 WHERE a.student_id = ?1 AND a.code = 'О' AND k.grade = 7 AND k.letter = 'Б'
                   AND l.cancelled_reason IS NULL AND l.date BETWEEN '2025-12-08' AND '2025-12-13'",
                [r.student.id],
                |x| x.get(0),
            )
            .expect("count");
        assert_eq!(r.week.get("О").copied().unwrap_or(0), late);
    }
    let name = a.week.rows[row].student.name.short();
    press_until(
        &mut app,
        KeyCode::Down,
        60,
        |app| matches!(&app.screen, Screen::Absences(a) if a.selected == row),
    );
    let s = screen(&app);
    let line = s
        .lines()
        .find(|l| l.starts_with(&name))
        .unwrap_or_else(|| panic!("{name}\n{s}"));
    // Monday's cell and the week's: the lesson late.
    assert_eq!(
        cells(line)[1..3],
        ["О1".to_string(), "О1".to_string()],
        "{s}"
    );
    assert!(s.contains("О — опоздал (не пропуск)"), "{s}");
    assert!(s.contains("Н6 — шесть уроков с «Н»"), "{s}");
    // The period column is whole.
    assert!(
        s.lines().nth(2).is_some_and(|l| l.contains("Период")),
        "{s}"
    );
    assert!(!s.contains('…'), "{s}");
    insta::assert_snapshot!("absences_late", s);
}
