//! Periods by grade: the demo school runs quarters for grades 1–9 and halves for 10–11,
//! and its 1st, 9th and 11th grades finish on 22 May. Each grade sees its own periods in
//! the grid, the diary, the reports and the locks.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use zhurnal::domain::marks::FinalValue;
use zhurnal::report::{ReportError, ReportName, ReportQuery};
use zhurnal::store::marks::Expect;

use crate::common::TestJournal;
use crate::common::tui::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn names(periods: &[zhurnal::domain::calendar::Period]) -> Vec<String> {
    periods
        .iter()
        .map(|p| format!("{} {} {}–{}", p.num, p.name, p.start, p.end))
        .collect()
}

#[test]
fn each_grade_has_its_own_periods_and_last_day() {
    let j = TestJournal::demo();
    let store = j.store();
    let year = store.current_year().expect("year");
    assert_eq!(
        names(&store.grade_periods(year.id, 7).expect("7")),
        [
            "1 1 четверть 2025-09-01–2025-10-24",
            "2 2 четверть 2025-11-05–2025-12-28",
            "3 3 четверть 2026-01-12–2026-03-20",
            "4 4 четверть 2026-03-30–2026-05-26"
        ]
    );
    assert_eq!(
        names(&store.grade_periods(year.id, 10).expect("10")),
        [
            "1 1 полугодие 2025-09-01–2025-12-28",
            "2 2 полугодие 2026-01-12–2026-05-26"
        ]
    );
    // The 9th and 11th finish before their exams, the 1st a few days early.
    for (grade, last) in [(1, "4 четверть"), (9, "4 четверть"), (11, "2 полугодие")]
    {
        let periods = store.grade_periods(year.id, grade).expect("periods");
        let p = periods.last().expect("a last period");
        assert_eq!(
            (p.name.as_str(), p.end),
            (last, day("2026-05-22")),
            "{grade}"
        );
    }
}

/// The dates a grade has lessons on, after `from`.
fn lesson_dates_after(j: &TestJournal, grade: i64, from: &str) -> Vec<String> {
    let conn = Connection::open(j.db()).expect("open");
    let mut st = conn
        .prepare(
            "SELECT DISTINCT l.date FROM lesson l JOIN course c ON c.id = l.course_id
             JOIN class k ON k.id = c.class_id
             WHERE k.grade = ?1 AND l.date > ?2 AND l.cancelled_reason IS NULL ORDER BY l.date",
        )
        .expect("prepare");
    st.query_map(rusqlite::params![grade, from], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("dates")
}

#[test]
fn the_early_grades_have_no_lessons_after_their_last_day() {
    let j = TestJournal::demo();
    for grade in [1, 9, 11] {
        assert_eq!(
            lesson_dates_after(&j, grade, "2026-05-22"),
            Vec::<String>::new(),
            "grade {grade}"
        );
    }
    // The others study until 26 May (Monday 25 and Tuesday 26).
    for grade in [2, 8, 10] {
        assert_eq!(
            lesson_dates_after(&j, grade, "2026-05-22"),
            ["2026-05-25", "2026-05-26"],
            "grade {grade}"
        );
    }
    // `check` finds no lesson outside its grade's periods.
    let out = j.ok(&["check"]);
    assert!(!out.contains("вне учебных периодов"), "{out}");
}

#[test]
fn the_grid_of_a_tenth_grade_course_shows_halves() {
    let j = TestJournal::demo();
    // Обществознание is taught in 10А and 11А only, on Tuesday among other days.
    let mut app = app(j.db(), "2025-12-16");
    login(&mut app, "isaeva.ai", "demo");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("1 полугодие"), "{s}");
    assert!(!s.contains("четверть"), "{s}");
    key(&mut app, KeyCode::F(8));
    let s = screen(&app);
    assert!(s.contains("2 полугодие"), "{s}");
    // There is no third half.
    key(&mut app, KeyCode::F(8));
    assert!(screen(&app).contains("2 полугодие"), "{}", screen(&app));
    key(&mut app, KeyCode::F(7));
    key(&mut app, KeyCode::F(7));
    assert!(screen(&app).contains("1 полугодие"), "{}", screen(&app));

    // A seventh-grade teacher's grid keeps its quarters.
    let mut app = crate::common::tui::app(j.db(), "2025-12-16");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("2 четверть"), "{s}");
}

#[test]
fn a_diary_shows_the_students_own_period() {
    let j = TestJournal::demo();
    let store = j.store();
    let deputy = store.actor("deputy").expect("deputy");
    let first_of = |class: &str| {
        let (id, _) = store.class_by_name(class).expect("class");
        store.class_students(id).expect("students")[0].id
    };
    let ten = store
        .diary(&deputy, first_of("10А"), day("2025-12-15"), None)
        .expect("a tenth-grader's diary");
    assert_eq!(
        ten.period.as_ref().map(|p| p.name.as_str()),
        Some("1 полугодие")
    );
    assert!(!ten.subjects.is_empty(), "the half's results are listed");
    let seven = store
        .diary(&deputy, first_of("7Б"), day("2025-12-15"), None)
        .expect("a seventh-grader's diary");
    assert_eq!(
        seven.period.as_ref().map(|p| p.name.as_str()),
        Some("2 четверть")
    );
}

#[test]
fn reports_take_each_classs_own_periods() {
    let j = TestJournal::demo();
    // One tenth-grader was ill all autumn: no История marks in the first half.
    let conn = Connection::open(j.db()).expect("open");
    let gone = conn
        .execute(
            "DELETE FROM mark WHERE lesson_id IN (SELECT l.id FROM lesson l
               JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
               JOIN subject s ON s.id = c.subject_id
               WHERE k.grade = 10 AND s.name = 'История')
             AND student_id = (SELECT min(e.student_id) FROM enrollment e
               JOIN class k ON k.id = e.class_id WHERE k.grade = 10)",
            [],
        )
        .expect("delete");
    assert!(gone > 0);
    drop(conn);
    let store = j.store();
    let deputy = store.actor("deputy").expect("deputy");
    let today = day("2025-12-15");
    let build = |class: Option<&str>, period: Option<i64>| {
        let mut q = ReportQuery::new(ReportName::Accumulation);
        q.class = class.map(str::to_string);
        q.period = period;
        zhurnal::report::build(&store, &deputy, &q, today)
    };
    // The whole school: the quarter of 1–9 and the half of 10–11, each class once.
    let school = build(None, None).expect("the school");
    assert!(
        school
            .title
            .contains("2 четверть (1–9), 1 полугодие (10–11)"),
        "{}",
        school.title
    );
    let classes = |r: &zhurnal::domain::reports::Report| {
        r.rows
            .iter()
            .map(|row| row[0].split(' ').next().unwrap_or("").to_string())
            .collect::<std::collections::BTreeSet<_>>()
    };
    let all = classes(&school);
    assert!(all.contains("10А") && all.contains("7Б"), "{all:?}");
    // One class: its own period.
    let ten = build(Some("10А"), None).expect("10А");
    assert!(ten.title.contains("1 полугодие"), "{}", ten.title);
    assert!(
        classes(&ten).iter().all(|c| c == "10А"),
        "{:?}",
        classes(&ten)
    );
    // The 10А's first period is its first half: its marks from September to December
    // count, so fewer students are short of marks than in the first quarter alone.
    let half = build(Some("10А"), Some(1)).expect("10А, period 1");
    assert!(half.title.contains("1 полугодие"), "{}", half.title);
    // A tenth grade has no third period.
    let err = build(Some("10А"), Some(3)).expect_err("no third half");
    assert!(
        matches!(err, ReportError::NoPeriod { asked: 3, count: 2 }),
        "{err}"
    );
    assert_eq!(err.to_string(), "нет периода 3: у этих классов периоды 1–2");
    // The third quarter for the school leaves the halves out.
    let q3 = build(None, Some(3)).expect("quarter 3");
    assert!(
        q3.title.contains("3 четверть") && !q3.title.contains("полугодие"),
        "{}",
        q3.title
    );
    assert!(!classes(&q3).contains("10А"), "{:?}", classes(&q3));
}

#[test]
fn finals_are_set_for_the_grades_own_periods_and_lock_after_its_last_day() {
    let j = TestJournal::demo();
    let mut store = j.store();
    let year = store.current_year().expect("year");
    let deputy = store.actor("deputy").expect("deputy");
    let course = |store: &zhurnal::store::Store, class: &str, subject: &str| {
        store.find_course(class, subject, None).expect("course")
    };
    let ten = course(&store, "10А", "История");
    let (ten_class, _) = store.class_by_name("10А").expect("10А");
    let student = store.class_students(ten_class).expect("students")[0].id;
    // A quarter is not a tenth grade's period.
    let q1 = store.grade_periods(year.id, 7).expect("7")[0].clone();
    let err = store
        .set_final(
            &deputy,
            ten.id,
            student,
            Some(q1.id),
            Some(FinalValue::parse("5").expect("5")),
            Expect::Anything,
        )
        .expect_err("a quarter's final in the tenth grade");
    assert!(err.to_string().contains("нет такого периода"), "{err}");
    // On 27 May the 9th grade's 4th quarter (ended 22.05, due by 26.05) is closed, the
    // 8th grade's (ends 26.05) is open.
    store.set_today(Some(day("2026-05-27")));
    let q4 = |store: &zhurnal::store::Store, grade: i64| {
        store.grade_periods(year.id, grade).expect("periods")[3].clone()
    };
    let nine = course(&store, "9А", "История");
    let eight = course(&store, "8А", "История");
    assert!(store.period_locked(nine.id, &q4(&store, 9)).expect("9"));
    assert!(!store.period_locked(eight.id, &q4(&store, 8)).expect("8"));
}

#[test]
fn the_command_line_names_a_classs_own_periods() {
    let j = TestJournal::demo();
    let err = j.fails(&[
        "export",
        "journal",
        "--as",
        "deputy",
        "--class",
        "10А",
        "--subject",
        "История",
        "--period",
        "3",
    ]);
    assert!(
        err.contains("нет периода 3: у этого класса периоды 1–2"),
        "{err}"
    );
    let out = j.ok(&["calendar", "show"]);
    assert!(
        out.contains("1 полугодие") && out.contains("(10–11 кл.)"),
        "{out}"
    );
    assert!(out.contains("22.05.2026  1, 9, 11 кл."), "{out}");
}
