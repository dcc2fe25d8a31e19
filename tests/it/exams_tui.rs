//! Assessments and exams on screen, without a shell: a teacher holds an interim
//! assessment and types its results; a deputy enters ОГЭ results and the final for the
//! year after the exam — keys at 80×24, then the journal checked.

use crate::common;
use common::TestJournal;
use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::App;
use zhurnal::tui::admin::Tool;
use zhurnal::tui::app::Screen;

fn query(j: &TestJournal, sql: &str) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(j.db()).expect("sqlite");
    let mut st = conn.prepare(sql).expect("sql");
    let n = st.column_count();
    st.query_map([], |r| {
        (0..n)
            .map(|i| {
                r.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Null => String::new(),
                    other => format!("{other:?}"),
                })
            })
            .collect()
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

/// The results of the event of this name (or this ISO date), by surname.
fn results(j: &TestJournal, name: &str) -> Vec<Vec<String>> {
    query(
        j,
        &format!(
            "SELECT s.last_name, r.value, r.points FROM assessment_result r
             JOIN assessment a ON a.id = r.assessment_id JOIN student s ON s.id = r.student_id
             WHERE a.name = '{name}' OR a.date = '{name}' ORDER BY s.last_name"
        ),
    )
}

fn open_row(app: &App) -> usize {
    match &app.screen {
        Screen::Exams(s) => s.open.as_ref().map_or(usize::MAX, |v| v.selected),
        _ => panic!("not the exams screen: {}", screen(app)),
    }
}

#[test]
fn a_teacher_holds_an_interim_assessment_and_types_its_results() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    assert!(
        screen(&app).contains("2Аттест."),
        "the day offers F2: {}",
        screen(&app)
    );
    key(&mut app, KeyCode::F(2));
    assert!(matches!(app.screen, Screen::Exams(_)), "{}", screen(&app));
    insta::assert_snapshot!("exams_teacher_list", screen(&app));

    // F2: a new one. The kind stays the first (interim assessment, a teacher's);
    // the course is found by its first letters; the date is today's.
    key(&mut app, KeyCode::F(2));
    insta::assert_snapshot!("exams_new_form", screen(&app));
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "7б ал");
    assert!(screen(&app).contains("7Б Алгебра"), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Контрольный срез");
    key(&mut app, KeyCode::Enter);
    let made = query(
        &j,
        "SELECT a.kind, a.date, k.grade || k.letter, s.name FROM assessment a
         JOIN course c ON c.id = a.course_id JOIN class k ON k.id = c.class_id
         JOIN subject s ON s.id = c.subject_id WHERE a.name = 'Контрольный срез'",
    );
    assert_eq!(
        made,
        vec![vec![
            "interim".to_string(),
            "2025-12-15".into(),
            "7Б".into(),
            "Алгебра".into()
        ]],
        "{}",
        screen(&app)
    );
    assert!(screen(&app).contains("назначено"), "{}", screen(&app));

    // Enter opens it on the new event; each result saved moves on to the next student.
    key(&mut app, KeyCode::Enter);
    assert_eq!(open_row(&app), 0);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "4");
    key(&mut app, KeyCode::Enter);
    assert_eq!(open_row(&app), 1, "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "зач");
    key(&mut app, KeyCode::Enter);
    // A result of another form is refused in the form, saying what it takes.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "7");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("отметка 1–5 или зач/незач"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Esc);
    insta::assert_snapshot!("exams_results", screen(&app));
    let saved = results(&j, "Контрольный срез");
    assert_eq!(saved.len(), 2, "{saved:?}");
    assert_eq!(saved[0][1], "4");
    assert_eq!(saved[1][1], "зач");
    // Who and what, in the journal of changes.
    let audited = query(
        &j,
        "SELECT count(*) FROM audit WHERE entity = 'assessment_result' AND actor = 'teacher'",
    );
    assert_eq!(audited[0][0], "2");

    // A result cleared with Ctrl-U and Enter.
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    key(&mut app, KeyCode::Enter);
    assert_eq!(results(&j, "Контрольный срез").len(), 1);

    // F10 is for a course's exam: an interim assessment has no final after it.
    key(&mut app, KeyCode::F(10));
    assert!(screen(&app).contains("после экзамена"), "{}", screen(&app));
    // Esc: back to the list, with the count; Esc again: the day.
    key(&mut app, KeyCode::Esc);
    assert!(screen(&app).contains("1 из"), "{}", screen(&app));
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Today(_)), "{}", screen(&app));
}

#[test]
fn a_teacher_cannot_hold_the_state_exams() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::F(2));
    key(&mut app, KeyCode::F(2));
    // The kinds offered are the teacher's two; ОГЭ is not among them.
    typed(&mut app, "огэ");
    let line = |app: &App, label: &str| -> String {
        screen(app)
            .lines()
            .find(|l| l.contains(label))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        !line(&app, "Вид").contains("ОГЭ"),
        "a teacher is offered ОГЭ: {}",
        screen(&app)
    );
    assert!(line(&app, "Вид").contains("2/2"), "{}", screen(&app));
    // A course of another teacher's is not offered either.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "5а");
    assert!(!line(&app, "Для").is_empty(), "{}", screen(&app));
    assert!(
        !line(&app, "Для").contains("5А"),
        "another teacher's course: {}",
        screen(&app)
    );
}

#[test]
fn a_deputy_enters_oge_results_and_the_final_after_the_exam() {
    let j = TestJournal::demo();
    // The year final, inside its window (the 9th grade's year ends on 22 May).
    let out = j.ok(&[
        "--today",
        "2026-05-25",
        "final",
        "--as",
        "teacher",
        "--class",
        "9А",
        "--subject",
        "Алгебра",
        "--student",
        "Андреева",
        "--period",
        "year",
        "4",
    ]);
    assert!(out.contains("сохранено"), "{out}");
    let mut app = app(j.db(), "2026-06-20");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    open_tool(&mut app, Tool::Exams);
    assert!(matches!(app.screen, Screen::Exams(_)), "{}", screen(&app));

    // ОГЭ in 9А Алгебра on 3 June, named by its kind.
    key(&mut app, KeyCode::F(2));
    typed(&mut app, "огэ");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "9а ал");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "03.06.2026");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let made = query(
        &j,
        "SELECT kind, date, name FROM assessment WHERE date = '2026-06-03'",
    );
    assert_eq!(
        made,
        vec![vec!["oge".to_string(), "2026-06-03".into(), "ОГЭ".into()]],
        "{}",
        screen(&app)
    );

    key(&mut app, KeyCode::Enter);
    press_until(&mut app, KeyCode::Down, 40, |a| {
        matches!(&a.screen, Screen::Exams(s)
            if s.open.as_ref().is_some_and(|v| v.rows[v.selected].name.last == "Андреева"))
    });
    let row = open_row(&app);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "5 (28)");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        results(&j, "2026-06-03")
            .into_iter()
            .filter(|r| r[0] == "Андреева")
            .collect::<Vec<_>>(),
        vec![vec!["Андреева".to_string(), "5".into(), "28".into()]]
    );
    // Back on her: the final after the exam suggested from 4 and 5, set with Enter.
    key(&mut app, KeyCode::Up);
    assert_eq!(open_row(&app), row);
    assert!(screen(&app).contains("итоговая ~5"), "{}", screen(&app));
    key(&mut app, KeyCode::F(10));
    insta::assert_snapshot!("exams_overall_final_form", screen(&app));
    key(&mut app, KeyCode::Enter);
    let overall = query(
        &j,
        "SELECT o.value FROM overall_final o JOIN student s ON s.id = o.student_id
         WHERE s.last_name = 'Андреева'",
    );
    assert_eq!(overall, vec![vec!["5".to_string()]], "{}", screen(&app));
    key(&mut app, KeyCode::Up);
    assert!(screen(&app).contains("итоговая 5"), "{}", screen(&app));
    // Esc Esc: back to the menu, on this tool.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert!(
        matches!(&app.screen, Screen::Menu(m) if m.tools[m.selected] == Tool::Exams),
        "{}",
        screen(&app)
    );

    // The course's teacher reads the ОГЭ results, but they are the deputy's to enter.
    let mut app = common::tui::app(j.db(), "2026-06-20");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::F(2));
    press_until(&mut app, KeyCode::Down, 20, |a| {
        matches!(&a.screen, Screen::Exams(s)
            if s.rows[s.selected].event.date.to_string() == "2026-06-03")
    });
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("только чтение"), "{}", screen(&app));
    assert!(screen(&app).contains("5 (28)"), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("вносит заместитель"),
        "{}",
        screen(&app)
    );
    // The final after it is the teacher's too: F10 on her, 4 instead of 5.
    press_until(&mut app, KeyCode::Down, 40, |a| {
        matches!(&a.screen, Screen::Exams(s)
            if s.open.as_ref().is_some_and(|v| v.rows[v.selected].name.last == "Андреева"))
    });
    key(&mut app, KeyCode::F(10));
    ctrl(&mut app, 'u');
    typed(&mut app, "4");
    key(&mut app, KeyCode::Enter);
    let overall = query(
        &j,
        "SELECT o.value FROM overall_final o JOIN student s ON s.id = o.student_id
         WHERE s.last_name = 'Андреева'",
    );
    assert_eq!(overall, vec![vec!["4".to_string()]], "{}", screen(&app));
}

#[test]
fn a_whole_grades_interview_lists_its_students_by_class() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2026-02-16");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    open_tool(&mut app, Tool::Exams);
    press_until(&mut app, KeyCode::Down, 20, |a| {
        matches!(&a.screen, Screen::Exams(s)
            if s.rows[s.selected].event.name == "итоговое собеседование")
    });
    key(&mut app, KeyCode::Enter);
    let Screen::Exams(s) = &app.screen else {
        panic!("{}", screen(&app))
    };
    let view = s.open.as_ref().expect("the interview opened");
    let classes: Vec<&str> = view
        .rows
        .iter()
        .filter_map(|r| r.class.as_deref())
        .collect();
    assert_eq!(classes.len(), view.rows.len(), "every student's class");
    let mut sorted = classes.clone();
    sorted.sort();
    assert_eq!(classes, sorted, "by class");
    assert!(
        classes.contains(&"9А") && classes.contains(&"9Б"),
        "{classes:?}"
    );
    let shown = screen(&app);
    let first = shown.lines().nth(2).unwrap_or_default();
    assert!(first.starts_with("9А "), "{shown}");
    // The interview's result: «зач» with its points.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "зач (15)");
    key(&mut app, KeyCode::Enter);
    let saved = results(&j, "итоговое собеседование");
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!((saved[0][1].as_str(), saved[0][2].as_str()), ("зач", "15"));
}
