//! Entries in their time, on the demo journal (its history up to 14.12.2025, today
//! 15.12): marks and attendance only for lessons held, a closed period's entries
//! refused, finals in their window, year finals locked after the grade's last day and
//! opened by a deputy; the same refusal through the store, the command line and the
//! grid, each saying why and who can help.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use zhurnal::domain::RuleError;
use zhurnal::domain::ids::{CourseId, LessonId, StudentId};
use zhurnal::domain::marks::{FinalValue, MarkValue};
use zhurnal::store::marks::Expect;
use zhurnal::store::{Store, StoreError};

use crate::common::TestJournal;
use crate::common::tui::*;

const TODAY: &str = "2025-12-15";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// The demo journal's store on 15.12.2025.
fn store(j: &TestJournal) -> Store {
    let mut s = j.store();
    s.set_today(Some(day(TODAY)));
    s
}

/// 7Б Алгебра and its first student.
fn algebra(store: &Store) -> (CourseId, StudentId) {
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let year = store.current_year().expect("year");
    let student = store
        .course_students(course.id, year.start, year.end)
        .expect("students")
        .into_iter()
        .find(|s| s.name.last == "Алексеева")
        .expect("Алексеева")
        .id;
    (course.id, student)
}

fn lesson(store: &Store, course: CourseId, date: &str) -> LessonId {
    store
        .lessons_on(course, day(date))
        .expect("lessons")
        .first()
        .expect("a lesson that day")
        .id
}

/// `zhurnal ARGS… --today 2025-12-15` (or another day).
fn on(today: &str, args: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    all.extend(["--today".to_string(), today.to_string()]);
    all
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// `zhurnal mark|attend` for Алексеева in 7Б Алгебра on a date, on 15.12.
fn cell(what: &str, date: &str, value: &str) -> Vec<String> {
    cell_on(TODAY, what, date, value)
}

/// The same on another day.
fn cell_on(today: &str, what: &str, date: &str, value: &str) -> Vec<String> {
    let mut args = vec![
        what,
        "--as",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        date,
        "--student",
        "Алексеева",
    ];
    if what == "mark" {
        // Whatever her attendance that day.
        args.push("--yes");
    }
    args.push(value);
    on(today, &args)
}

#[test]
fn a_mark_for_next_week_is_refused_and_last_weeks_accepted() {
    let j = TestJournal::demo();
    let mut store = store(&j);
    let teacher = store.actor("teacher").expect("teacher");
    let (course, student) = algebra(&store);
    let five = [MarkValue::new(5).expect("5")];
    let next = lesson(&store, course, "2025-12-22");
    let err = store
        .add_marks(&teacher, next, student, &five, None, Expect::Anything)
        .expect_err("next week");
    assert!(
        matches!(err, StoreError::Rule(RuleError::NotYetHeld(d)) if d == day("2025-12-22")),
        "{err}"
    );
    assert!(err.to_string().contains("ещё впереди"), "{err}");
    assert!(store.cell_marks(next, student).expect("cell").is_empty());
    // Today's lesson and last week's take it.
    for date in ["2025-12-15", "2025-12-08"] {
        let l = lesson(&store, course, date);
        store
            .add_marks(&teacher, l, student, &five, None, Expect::Anything)
            .expect(date);
    }
    // Through the command line: the same refusal, the same acceptance.
    let err = j.fails(&strs(&cell("mark", "2025-12-22", "4")));
    assert!(
        err.contains("урок 22.12.2025 ещё впереди: отметки и посещаемость — в день урока"),
        "{err}"
    );
    let out = j.ok(&strs(&cell("mark", "2025-12-10", "4")));
    assert!(out.contains("сохранено"), "{out}");
    // Next week, the lesson is held and takes it.
    let out = j.ok(&strs(&cell_on("2025-12-22", "mark", "2025-12-22", "4")));
    assert!(out.contains("(22.12.2025)"), "{out}");
}

#[test]
fn attendance_for_a_later_day_is_refused_and_for_last_week_accepted() {
    let j = TestJournal::demo();
    let mut store = store(&j);
    let teacher = store.actor("teacher").expect("teacher");
    let (course, student) = algebra(&store);
    let next = lesson(&store, course, "2025-12-22");
    let err = store
        .set_attendance(&teacher, next, student, Some("Н"), Expect::Anything)
        .expect_err("next week");
    assert!(
        matches!(err, StoreError::Rule(RuleError::NotYetHeld(_))),
        "{err}"
    );
    let err = store
        .mark_attendance_taken(&teacher, next)
        .expect_err("taken ahead");
    assert!(
        matches!(err, StoreError::Rule(RuleError::NotYetHeld(_))),
        "{err}"
    );
    let last = lesson(&store, course, "2025-12-10");
    store
        .set_attendance(&teacher, last, student, Some("Н"), Expect::Anything)
        .expect("last week");
    // A January absence in December, through the command line.
    let err = j.fails(&strs(&cell("attend", "2026-01-14", "Н")));
    assert!(err.contains("урок 14.01.2026 ещё впереди"), "{err}");
    j.ok(&strs(&cell("attend", "2025-12-12", "Б")));
    // A closed quarter's attendance stays as it was (the 1st closed on 28.10).
    let err = j.fails(&strs(&cell("attend", "2025-10-22", "Н")));
    assert!(
        err.contains("«1 четверть» закрыт")
            && err.contains("может заместитель директора")
            && err.contains("(zhurnal period unlock … --period 1 --reason …)"),
        "{err}"
    );
}

#[test]
fn a_final_waits_for_its_periods_last_weeks() {
    let j = TestJournal::demo();
    let mut store = store(&j);
    let teacher = store.actor("teacher").expect("teacher");
    let (course, student) = algebra(&store);
    let periods = store.course_periods(course).expect("periods");
    let four = Some(FinalValue::parse("4").expect("4"));
    // The 3rd quarter's finals open on 06.03.2026, two weeks before its end.
    let err = store
        .set_final(
            &teacher,
            course,
            student,
            Some(periods[2].id),
            four,
            Expect::Anything,
        )
        .expect_err("a later quarter");
    assert!(
        matches!(&err, StoreError::Rule(RuleError::FinalsNotYet { from, .. }) if *from == day("2026-03-06")),
        "{err}"
    );
    // The 2nd quarter's opened on 14.12.
    store
        .set_final(
            &teacher,
            course,
            student,
            Some(periods[1].id),
            four,
            Expect::Anything,
        )
        .expect("in its window");
    let final_args = |period: &str| {
        on(
            TODAY,
            &[
                "final",
                "--as",
                "teacher",
                "--class",
                "7Б",
                "--subject",
                "Алгебра",
                "--student",
                "Алексеева",
                "--period",
                period,
                "5",
            ],
        )
    };
    let err = j.fails(&strs(&final_args("4")));
    assert!(
        err.contains("итоговые за «4 четверть» ставятся с 12.05.2026")
            && err.contains("может заместитель директора"),
        "{err}"
    );
    let err = j.fails(&strs(&final_args("year")));
    assert!(
        err.contains("годовые отметки ставятся с 12.05.2026, в последние недели «4 четверть»"),
        "{err}"
    );
    j.ok(&strs(&final_args("2")));
}

#[test]
fn a_year_final_after_its_deadline_is_refused_until_a_deputy_opens_it() {
    let j = TestJournal::demo();
    let year_final = |today: &str, value: &str| {
        on(
            today,
            &[
                "final",
                "--as",
                "teacher",
                "--class",
                "7Б",
                "--subject",
                "Алгебра",
                "--student",
                "Алексеева",
                "--period",
                "year",
                value,
            ],
        )
    };
    // Inside the window: the 4th quarter's last two weeks until four days after it.
    j.ok(&strs(&year_final("2026-05-20", "4")));
    j.ok(&strs(&year_final("2026-05-30", "5")));
    // On 30 August nobody changes it any more.
    let err = j.fails(&strs(&year_final("2026-08-30", "2")));
    assert!(
        err.contains("годовые отметки закрыты: открыть их может заместитель директора")
            && err.contains("ставить их можно было до 30.05.2026")
            && err.contains("--period year"),
        "{err}"
    );
    let unlock = |who: &str| {
        on(
            "2026-08-30",
            &[
                "period",
                "unlock",
                "--as",
                who,
                "--class",
                "7Б",
                "--subject",
                "Алгебра",
                "--period",
                "year",
                "--reason",
                "исправление по заявлению родителей",
            ],
        )
    };
    let err = j.fails(&strs(&unlock("teacher")));
    assert!(err.contains("заместитель директора или директор"), "{err}");
    let out = j.ok(&strs(&unlock("deputy")));
    assert!(out.contains("7Б Алгебра: годовые отметки открыты"), "{out}");
    j.ok(&strs(&year_final("2026-08-30", "4")));
    assert_eq!(
        j.count_audit(|r| r.action == "unlock"
            && r.entity == "period"
            && r.actor == "deputy"
            && r.new.as_deref() == Some("годовые 2025/26: исправление по заявлению родителей")),
        1
    );
    // Closed again, with a reason; a second close says it is closed already.
    let lock = |reason: &str| {
        on(
            "2026-08-30",
            &[
                "period",
                "lock",
                "--as",
                "deputy",
                "--class",
                "7Б",
                "--subject",
                "Алгебра",
                "--period",
                "year",
                "--reason",
                reason,
            ],
        )
    };
    j.ok(&strs(&lock("исправлено")));
    let err = j.fails(&strs(&lock("ещё раз")));
    assert!(err.contains("и так закрыты"), "{err}");
    j.fails(&strs(&year_final("2026-08-30", "3")));
}

#[test]
fn a_closed_periods_topics_lessons_and_excuses_stay_as_they_were() {
    let j = TestJournal::demo();
    // An absence in October, while the 1st quarter was open.
    j.ok(&strs(&cell_on("2025-10-22", "attend", "2025-10-22", "Н")));
    let mut store = store(&j);
    let teacher = store.actor("teacher").expect("teacher");
    let (course, _) = algebra(&store);
    let october = lesson(&store, course, "2025-10-22");
    let err = store
        .set_lesson_text(&teacher, october, "Повторение", "№ 5")
        .expect_err("a closed quarter's topic");
    assert!(
        matches!(&err, StoreError::Rule(RuleError::PeriodClosed { num: 1, until, .. }) if *until == day("2025-10-28")),
        "{err}"
    );
    // The same text saved again changes nothing and is no refusal.
    let l = store.lesson(october).expect("lesson");
    store
        .set_lesson_text(&teacher, october, &l.topic, &l.homework)
        .expect("unchanged");
    // An extra lesson, a cancellation and an excuse in the closed quarter.
    let lesson_args = |what: &str, reason: Option<&str>| {
        let mut a = vec![
            "lesson",
            what,
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-10-21",
            "--lesson",
            "7",
        ];
        if let Some(r) = reason {
            a.extend(["--reason", r]);
        }
        on(TODAY, &a)
    };
    let err = j.fails(&strs(&lesson_args("add", None)));
    assert!(err.contains("«1 четверть» закрыт"), "{err}");
    let cancel = on(
        TODAY,
        &[
            "lesson",
            "cancel",
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-10-20",
            "--reason",
            "болезнь учителя",
        ],
    );
    let err = j.fails(&strs(&cancel));
    assert!(err.contains("«1 четверть» закрыт"), "{err}");
    let excuse = |today: &str| {
        on(
            today,
            &[
                "excuse",
                "--as",
                "classteacher",
                "--student",
                "7Б Алексеева",
                "--from",
                "2025-10-20",
                "--to",
                "2025-10-24",
                "--reason",
                "справка",
            ],
        )
    };
    let err = j.fails(&strs(&excuse(TODAY)));
    assert!(err.contains("«1 четверть» закрыт"), "{err}");
    // Before the deadline it went through.
    let out = j.ok(&strs(&excuse("2025-10-27")));
    assert!(out.contains("отмечено уважительными: 1"), "{out}");
    // In an open quarter an extra lesson is added as before.
    let add = on(
        TODAY,
        &[
            "lesson",
            "add",
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-12-16",
            "--lesson",
            "7",
        ],
    );
    j.ok(&strs(&add));
}

#[test]
fn the_grid_marks_days_not_held_and_a_closed_period_and_refuses_typing_into_them() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), TODAY);
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    // The cursor on today's lesson; one step right is Wednesday's, not held yet.
    key(&mut app, KeyCode::Right);
    typed(&mut app, "5");
    insta::assert_snapshot!("grid_days_not_held", screen(&app));
    let s = screen(&app);
    assert!(s.contains("урок 17.12.2025 ещё впереди"), "{s}");
    typed(&mut app, "Н");
    assert!(screen(&app).contains("ещё впереди"), "{}", screen(&app));
    let store = store(&j);
    let (course, student) = algebra(&store);
    let wednesday = lesson(&store, course, "2025-12-17");
    assert!(
        store
            .cell_marks(wednesday, student)
            .expect("cell")
            .is_empty()
    );
    assert_eq!(store.attendance_of(wednesday, student).expect("code"), None);
    // The 1st quarter is closed: its title says so, and typing is refused.
    key(&mut app, KeyCode::F(7));
    typed(&mut app, "5");
    insta::assert_snapshot!("grid_closed_period", screen(&app));
    let s = screen(&app);
    assert!(
        s.contains("1 четверть · Белова М.В. · период закрыт"),
        "{s}"
    );
    assert!(s.contains("«1 четверть» закрыт"), "{s}");
    // Back on the 2nd quarter, open: no such word in its title.
    key(&mut app, KeyCode::F(8));
    assert!(!screen(&app).contains("период закрыт"), "{}", screen(&app));
}

#[test]
fn on_a_break_the_grid_opens_on_the_period_whose_finals_are_due() {
    let j = TestJournal::demo();
    // The autumn break: the 1st quarter ended on 24.10, its finals are due by 28.10.
    for (today, period) in [
        ("2025-10-27", "1 четверть"),
        ("2025-10-28", "1 четверть"),
        ("2025-10-30", "2 четверть"),
    ] {
        let mut app = app(j.db(), today);
        login(&mut app, "teacher", "demo");
        key(&mut app, KeyCode::Enter);
        let s = screen(&app);
        let title = s.lines().next().unwrap_or_default();
        assert!(
            title.contains("Белова М.В.") && title.contains(period),
            "{today}: {s}"
        );
        assert!(!title.contains("период закрыт"), "{today}: {s}");
    }
}
