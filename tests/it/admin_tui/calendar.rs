//! The calendar screen's edits driven by keys: a break, an excused day and a worked day
//! added, an entry moved and removed, each previewed, asked and then read back from
//! the journal and its audit; bad input and changes that would drop marks refused.

use crate::common;
use common::TestJournal;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::App;
use zhurnal::tui::app::Screen;
use zhurnal::tui::overlay::Overlay;

/// The deputy director on the calendar screen, on 15.12.2025.
fn calendar(j: &TestJournal) -> App {
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    open_tool(&mut app, zhurnal::tui::admin::Tool::Calendar);
    assert!(
        matches!(app.screen, Screen::Calendar(_)),
        "{}",
        screen(&app)
    );
    app
}

/// Fills the open form: each text replaces its field's, Enter after each (the last
/// submits).
fn fill(app: &mut App, fields: &[&str]) {
    for text in fields {
        clear_field(app);
        typed(app, text);
        key(app, KeyCode::Enter);
    }
}

/// One number from the journal.
fn number(j: &TestJournal, sql: &str, params: &[&dyn rusqlite::ToSql]) -> i64 {
    rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row(sql, params, |r| r.get(0))
        .expect(sql)
}

/// Lessons held (not cancelled) from `from` to `to` in the classes of `grades`, or in
/// one class («7Б»).
fn held(j: &TestJournal, whom: &str, from: &str, to: &str) -> i64 {
    let (grades, letter) = match whom.split_once('-') {
        Some((a, b)) => ((a.to_string(), b.to_string()), None),
        None => {
            let digits: String = whom.chars().filter(char::is_ascii_digit).collect();
            let letter: String = whom.chars().filter(|c| !c.is_ascii_digit()).collect();
            (
                (digits.clone(), digits),
                Some(letter).filter(|l| !l.is_empty()),
            )
        }
    };
    number(
        j,
        "SELECT count(*) FROM lesson l JOIN course c ON c.id = l.course_id
         JOIN class k ON k.id = c.class_id
         WHERE k.grade BETWEEN ?1 AND ?2 AND (?3 IS NULL OR k.letter = ?3)
           AND l.date BETWEEN ?4 AND ?5 AND l.cancelled_reason IS NULL",
        &[
            &grades.0.parse::<i64>().expect("grade"),
            &grades.1.parse::<i64>().expect("grade"),
            &letter,
            &from,
            &to,
        ],
    )
}

/// A stored entry of the school's calendar: name, dates, grades, kind, class, weekday.
type Row = (
    String,
    String,
    String,
    i64,
    i64,
    String,
    Option<i64>,
    Option<i64>,
);

fn entry(j: &TestJournal, id: i64) -> Option<Row> {
    use rusqlite::OptionalExtension;
    rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row(
            "SELECT name, start_date, end_date, grade_min, grade_max, kind, class_id, weekday
             FROM holiday WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .optional()
        .expect("entry")
}

fn entries(j: &TestJournal) -> i64 {
    number(j, "SELECT count(*) FROM holiday", &[])
}

fn class_id(j: &TestJournal, grade: i64, letter: &str) -> i64 {
    number(
        j,
        "SELECT id FROM class WHERE grade = ?1 AND letter = ?2",
        &[&grade, &letter],
    )
}

/// The entry chosen on the calendar screen.
fn chosen(app: &App) -> Option<i64> {
    match &app.screen {
        Screen::Calendar(c) => c.entry().map(|h| h.id),
        _ => None,
    }
}

/// The calendar changes the deputy made, by the audit's action.
fn audited(j: &TestJournal, action: &str) -> i64 {
    j.count_audit(|r| r.entity == "calendar" && r.actor == "deputy" && r.action == action)
}

/// The open form's error.
fn form_error(app: &App) -> String {
    match &app.overlay {
        Some(Overlay::Form(f)) => f.error.clone().unwrap_or_default(),
        other => panic!("no form: {other:?}\n{}", screen(app)),
    }
}

#[test]
fn the_calendar_screen_names_each_edit_in_its_keys_and_its_help() {
    let j = TestJournal::demo();
    let mut app = calendar(&j);
    key(&mut app, KeyCode::F(1));
    insta::assert_snapshot!("calendar_help", screen(&app));
    key(&mut app, KeyCode::Esc);

    zhurnal::i18n::set_thread_lang(zhurnal::i18n::Lang::En);
    let mut app = calendar(&j);
    insta::assert_snapshot!("calendar_screen_english", screen(&app));
    key(&mut app, KeyCode::F(1));
    insta::assert_snapshot!("calendar_help_english", screen(&app));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::F(3));
    let s = screen(&app);
    zhurnal::i18n::set_thread_lang(zhurnal::i18n::Lang::Ru);
    assert!(s.contains("A break") && s.contains("For"), "{s}");
}

#[test]
fn a_break_for_some_grades_and_one_for_a_class_from_the_calendar_screen() {
    let j = TestJournal::demo();
    let mut app = calendar(&j);
    let week = ("2026-01-19", "2026-01-23");
    let young = held(&j, "1-4", week.0, week.1);
    let seventh = held(&j, "7-7", week.0, week.1);
    assert!(young > 0 && seventh > 0);
    // Grades 1–4, the dates typed both ways.
    key(&mut app, KeyCode::F(3));
    fill(
        &mut app,
        &["1-4", "19.01.2026", "2026-01-23", "Доп. каникулы"],
    );
    let s = screen(&app);
    assert!(s.contains(&format!("уроков уйдёт {young}")), "{s}");
    insta::assert_snapshot!("calendar_break_question", s);
    assert_eq!(
        held(&j, "1-4", week.0, week.1),
        young,
        "the preview changes nothing"
    );
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains(&format!("уроков отменено {young}")), "{s}");
    assert_eq!(held(&j, "1-4", week.0, week.1), 0);
    assert_eq!(held(&j, "7-7", week.0, week.1), seventh);
    assert_eq!(
        number(
            &j,
            "SELECT count(*) FROM lesson WHERE cancelled_reason = 'Доп. каникулы'",
            &[]
        ),
        young
    );
    let id = number(&j, "SELECT max(id) FROM holiday", &[]);
    assert_eq!(
        entry(&j, id),
        Some((
            "Доп. каникулы".into(),
            "2026-01-19".into(),
            "2026-01-23".into(),
            1,
            4,
            "holiday".into(),
            None,
            None
        ))
    );
    assert_eq!(chosen(&app), Some(id), "the new entry is chosen");
    assert!(
        s.contains("19.01.2026–23.01.2026   Доп. каникулы (параллели 1–4)"),
        "{s}"
    );
    assert_eq!(audited(&j, "create"), 1);
    assert_eq!(
        j.count_audit(|r| r.entity == "calendar"
            && r.new
                .as_deref()
                .is_some_and(|n| n.contains("Доп. каникулы"))),
        1
    );

    // One class, one day (the last day left empty).
    let (b7, a7) = (
        held(&j, "7Б", "2026-01-26", "2026-01-26"),
        held(&j, "7А", "2026-01-26", "2026-01-26"),
    );
    assert!(b7 > 0 && a7 > 0);
    key(&mut app, KeyCode::F(3));
    fill(&mut app, &["7Б", "26.01.2026", "", "Каникулы 7Б"]);
    let s = screen(&app);
    assert!(s.contains(&format!("уроков уйдёт {b7}")), "{s}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(held(&j, "7Б", "2026-01-26", "2026-01-26"), 0);
    assert_eq!(held(&j, "7А", "2026-01-26", "2026-01-26"), a7);
    let id = number(&j, "SELECT max(id) FROM holiday", &[]);
    assert_eq!(
        entry(&j, id),
        Some((
            "Каникулы 7Б".into(),
            "2026-01-26".into(),
            "2026-01-26".into(),
            7,
            7,
            "holiday".into(),
            Some(class_id(&j, 7, "Б")),
            None
        ))
    );
    assert_eq!(audited(&j, "create"), 2);
}

#[test]
fn an_excused_day_keeps_its_lessons_and_counts_the_absences_it_excuses() {
    let j = TestJournal::demo();
    let mut app = calendar(&j);
    let day = "2025-12-10";
    let lessons = held(&j, "7Б", day, day);
    let unexcused = number(
        &j,
        "SELECT count(*) FROM attendance a JOIN attendance_code ac ON ac.code = a.code
         JOIN lesson l ON l.id = a.lesson_id JOIN course c ON c.id = l.course_id
         JOIN class k ON k.id = c.class_id
         WHERE k.grade = 7 AND k.letter = 'Б' AND l.date = ?1 AND ac.absent = 1
           AND ac.excused = 0 AND l.cancelled_reason IS NULL",
        &[&day],
    );
    assert!(lessons > 0);
    // A past day holding marks: its lessons stay, so nothing is refused.
    key(&mut app, KeyCode::F(4));
    fill(&mut app, &["7Б", "10.12.2025", "", ""]);
    let s = screen(&app);
    assert!(s.contains("уроков уйдёт 0"), "{s}");
    assert!(s.contains(&format!("уже «Н»: {unexcused}")), "{s}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(held(&j, "7Б", day, day), lessons);
    let id = number(&j, "SELECT max(id) FROM holiday", &[]);
    assert_eq!(
        entry(&j, id),
        Some((
            "Актированный день".into(),
            day.into(),
            day.into(),
            7,
            7,
            "excused".into(),
            Some(class_id(&j, 7, "Б")),
            None
        ))
    );
    // Grades 5–9, two days.
    key(&mut app, KeyCode::F(4));
    fill(&mut app, &["5-9", "16.12.2025", "17.12.2025", "Мороз"]);
    key(&mut app, KeyCode::Enter);
    let id = number(&j, "SELECT max(id) FROM holiday", &[]);
    let row = entry(&j, id).expect("stored");
    assert_eq!(
        (row.0.as_str(), row.3, row.4, row.5.as_str()),
        ("Мороз", 5, 9, "excused")
    );
    let s = screen(&app);
    assert!(s.contains("Актированные дни"), "{s}");
    assert_eq!(audited(&j, "create"), 2);
}

#[test]
fn a_worked_saturday_follows_the_chosen_weekdays_timetable() {
    let j = TestJournal::demo();
    let mut app = calendar(&j);
    let saturday = "2025-12-20";
    assert_eq!(held(&j, "1-11", saturday, saturday), 0);
    let monday = held(&j, "1-11", "2025-12-22", "2025-12-22");
    assert!(monday > 0);
    // A school day already, and a day that is not a weekday: refused in the form.
    key(&mut app, KeyCode::F(5));
    fill(&mut app, &["16.12.2025", "понедельник", "Отработка"]);
    assert!(
        form_error(&app).contains("и так учебный день"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::F(5));
    fill(&mut app, &["20.12.2025", "воскресенье", ""]);
    assert!(
        form_error(&app).contains("не день недели"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(entries(&j), 8);

    key(&mut app, KeyCode::F(5));
    fill(&mut app, &["2025-12-20", "пн", "Отработка"]);
    let s = screen(&app);
    assert!(s.contains(&format!("уроков появится {monday}")), "{s}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(held(&j, "1-11", saturday, saturday), monday);
    assert_eq!(
        held(&j, "7Б", saturday, saturday),
        held(&j, "7Б", "2025-12-22", "2025-12-22")
    );
    let id = number(&j, "SELECT max(id) FROM holiday", &[]);
    assert_eq!(
        entry(&j, id),
        Some((
            "Отработка".into(),
            saturday.into(),
            saturday.into(),
            1,
            11,
            "workday".into(),
            None,
            Some(1)
        ))
    );
    let s = screen(&app);
    assert!(s.contains("Отработка (по расписанию: понедельник)"), "{s}");
    assert_eq!(audited(&j, "create"), 1);
}

#[test]
fn an_entry_is_moved_and_removed_from_the_calendar_screen() {
    let j = TestJournal::demo();
    let mut app = calendar(&j);
    // The first graders' February break, № 3: 16.02.2026–22.02.2026.
    assert_eq!(chosen(&app), Some(1));
    press_until(&mut app, KeyCode::Down, 10, |a| chosen(a) == Some(3));
    let mondays = held(&j, "1-1", "2026-02-09", "2026-02-09");
    assert!(mondays > 0);
    assert_eq!(held(&j, "1-1", "2026-02-16", "2026-02-16"), 0);
    key(&mut app, KeyCode::F(6));
    let s = screen(&app);
    assert!(s.contains("Перенести запись № 3"), "{s}");
    // A new first day; the last, the grades and the name stay.
    clear_field(&mut app);
    typed(&mut app, "17.02.2026");
    for _ in 0..4 {
        key(&mut app, KeyCode::Enter);
    }
    let s = screen(&app);
    assert!(s.contains("→ 17.02.2026–22.02.2026"), "{s}");
    assert!(s.contains(&format!("уроков вернётся {mondays}")), "{s}");
    insta::assert_snapshot!("calendar_move_question", s);
    key(&mut app, KeyCode::Enter);
    let row = entry(&j, 3).expect("moved");
    assert_eq!(
        (row.1.as_str(), row.2.as_str()),
        ("2026-02-17", "2026-02-22")
    );
    assert_eq!((row.3, row.4), (1, 1));
    assert_eq!(held(&j, "1-1", "2026-02-16", "2026-02-16"), mondays);
    assert_eq!(audited(&j, "edit"), 1);
    assert_eq!(chosen(&app), Some(3), "the moved entry stays chosen");

    // Removed: the rest of its week comes back.
    let back = held(&j, "1-1", "2026-02-09", "2026-02-13") - mondays;
    key(&mut app, KeyCode::F(8));
    let s = screen(&app);
    assert!(s.contains("Удалить"), "{s}");
    assert!(s.contains(&format!("уроков вернётся {back}")), "{s}");
    assert_eq!(entry(&j, 3).map(|r| r.1), Some("2026-02-17".into()));
    key(&mut app, KeyCode::Enter);
    assert_eq!(entry(&j, 3), None);
    assert_eq!(
        held(&j, "1-1", "2026-02-16", "2026-02-20"),
        held(&j, "1-1", "2026-02-09", "2026-02-13")
    );
    assert_eq!(audited(&j, "delete"), 1);
    let s = screen(&app);
    assert!(!s.contains("Дополнительные каникулы для 1 классов"), "{s}");
}

#[test]
fn changes_that_would_drop_marks_are_refused_on_the_calendar_screen() {
    let j = TestJournal::demo();
    let mut app = calendar(&j);
    // The autumn break (№ 1) stretched over days holding marks: refused in the form.
    let days = ("2025-11-05", "2025-11-10");
    let before = held(&j, "1-11", days.0, days.1);
    assert_eq!(chosen(&app), Some(1));
    key(&mut app, KeyCode::F(6));
    key(&mut app, KeyCode::Enter);
    clear_field(&mut app);
    typed(&mut app, "10.11.2025");
    for _ in 0..3 {
        key(&mut app, KeyCode::Enter);
    }
    // Said in the screen's words: no command, no flag.
    let error = form_error(&app);
    assert!(
        error.contains("календарь не отменяет")
            && !error.contains("--")
            && !error.contains("zhurnal"),
        "{}",
        screen_sized(&app, 120, 30)
    );
    insta::assert_snapshot!("calendar_move_refused", screen(&app));
    key(&mut app, KeyCode::Esc);
    assert_eq!(entry(&j, 1).map(|r| r.2), Some("2025-11-04".into()));
    assert_eq!(held(&j, "1-11", days.0, days.1), before);

    // A worked Saturday whose lesson then holds attendance: its removal is refused.
    let saturday = "2025-12-13";
    key(&mut app, KeyCode::F(5));
    fill(&mut app, &["13.12.2025", "понедельник", ""]);
    key(&mut app, KeyCode::Enter);
    let id = number(&j, "SELECT max(id) FROM holiday", &[]);
    assert_eq!(chosen(&app), Some(id));
    j.ok(&[
        "--today",
        "2025-12-15",
        "--as",
        "teacher",
        "attend",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        saturday,
        "--student",
        "Алексеева Вера",
        "Н",
    ]);
    let lessons = held(&j, "1-11", saturday, saturday);
    key(&mut app, KeyCode::F(8));
    let text = match &app.overlay {
        Some(Overlay::Message { text, .. }) => text.clone(),
        other => panic!("no message: {other:?}\n{}", screen(&app)),
    };
    assert!(
        text.contains("календарь не отменяет") && !text.contains("--") && !text.contains("zhurnal"),
        "{text}"
    );
    assert!(text.contains("7Б Алгебра 13.12.2025"), "{text}");
    let s = screen(&app);
    assert!(s.contains("не удалена"), "{s}");
    insta::assert_snapshot!("calendar_removal_refused", s);
    key(&mut app, KeyCode::Enter);
    assert!(entry(&j, id).is_some());
    assert_eq!(held(&j, "1-11", saturday, saturday), lessons);
    assert_eq!(audited(&j, "delete") + audited(&j, "edit"), 0);
}

#[test]
fn bad_calendar_input_says_what_is_wrong_and_changes_nothing() {
    let j = TestJournal::demo();
    let mut app = calendar(&j);
    let cases: [(KeyCode, &[&str], &str); 7] = [
        (
            KeyCode::F(3),
            &["0-3", "19.01.2026", "", "Х"],
            "параллели — «1-4» или «7»",
        ),
        (
            KeyCode::F(3),
            &["", "32.01.2026", "", "Х"],
            "«32.01.2026» — не дата",
        ),
        (KeyCode::F(3), &["7Ж", "19.01.2026", "", "Х"], "7Ж"),
        (
            KeyCode::F(4),
            &["", "23.01.2026", "19.01.2026", "Х"],
            "раньше начала",
        ),
        (
            KeyCode::F(3),
            &["", "01.07.2026", "", "Х"],
            "выходят за учебный год",
        ),
        (
            KeyCode::F(2),
            &["1-4", "19.01.2026", "", "Х"],
            "карантин — для класса",
        ),
        (KeyCode::F(6), &["25.10.2025", "", "12", ""], "«12»"),
    ];
    for (code, fields, want) in cases {
        key(&mut app, code);
        fill(&mut app, fields);
        let error = form_error(&app);
        assert!(error.contains(want), "{want}: {error}");
        key(&mut app, KeyCode::Esc);
        assert!(matches!(app.screen, Screen::Calendar(_)));
    }
    assert_eq!(entries(&j), 8);
    assert_eq!(j.count_audit(|r| r.entity == "calendar"), 0);
}
