//! The calendar of a real school year: the country's days off and worked weekend days,
//! and the school's week, in the lessons the journal holds.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use rusqlite::Connection;
use zhurnal::domain::production::{DayKind, ProductionCalendar};
use zhurnal::store::Store;

use crate::common::TestJournal;

fn lesson_dates(db: &std::path::Path, grade: i64) -> BTreeSet<NaiveDate> {
    let conn = Connection::open(db).expect("open");
    let mut st = conn
        .prepare(
            "SELECT DISTINCT l.date FROM lesson l JOIN course c ON c.id = l.course_id
             JOIN class k ON k.id = c.class_id WHERE k.grade = ?1",
        )
        .expect("prepare");
    st.query_map([grade], |r| r.get::<_, String>(0))
        .expect("query")
        .map(|d| NaiveDate::parse_from_str(&d.expect("date"), "%Y-%m-%d").expect("a lesson's date"))
        .collect()
}

#[test]
fn the_demo_year_has_no_lesson_on_a_day_off_and_lessons_on_every_school_day() {
    let j = TestJournal::demo();
    let store = Store::open(j.db()).expect("open");
    let year = store.current_year().expect("year");
    let cal = store.calendar(year.id).expect("calendar");
    let production = ProductionCalendar::builtin();
    let (start, end) = (cal.start().expect("start"), cal.end().expect("end"));
    // A grade of the five-day school with the ordinary breaks (not the first grade's).
    let dates = lesson_dates(j.db(), 7);
    let mut school_days = 0;
    for d in start.iter_days().take_while(|d| *d <= end) {
        let day = production.day(d);
        if day.is_day_off() && !matches!(day, DayKind::WorkingAs(_)) {
            assert!(!dates.contains(&d), "a lesson on the day off {d} ({day:?})");
        } else if cal.check_lesson_date(d, 7).is_ok() {
            school_days += 1;
            assert!(dates.contains(&d), "no lesson on the school day {d}");
        }
        if d.weekday() == Weekday::Sat && !cal.worked.contains_key(&d) {
            assert!(
                !dates.contains(&d),
                "a Saturday lesson in a five-day school: {d}"
            );
        }
    }
    assert!(school_days > 150, "{school_days} school days");
    // The days the law moved: 9 March 2026 for Sunday 8 March, 11 May for Saturday 9 May.
    for d in ["2026-03-09", "2026-05-11"] {
        let d = NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date");
        assert!(cal.check_lesson_date(d, 7).is_err(), "{d}");
        assert!(!dates.contains(&d), "{d}");
    }
}

#[test]
fn the_demo_year_has_34_study_weeks_and_33_in_the_first_grade() {
    let j = TestJournal::demo();
    let store = Store::open(j.db()).expect("open");
    let year = store.current_year().expect("year");
    let cal = store.calendar(year.id).expect("calendar");
    assert_eq!(cal.study_weeks(7), 34);
    assert_eq!(cal.study_weeks(11), 34);
    // The first grade's extra February week.
    assert_eq!(cal.study_weeks(1), 33);
}

#[test]
fn a_first_graders_lesson_times_follow_the_stepped_bells() {
    let j = TestJournal::demo();
    let store = Store::open(j.db()).expect("open");
    let bells = store.bells().expect("bells");
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    // 35 minutes until December, 40 from January; the seventh grade keeps 45.
    assert_eq!(bells.span(1, 1, day("2025-12-15")), "08:30–09:05");
    assert_eq!(bells.span(1, 1, day("2026-01-19")), "08:30–09:10");
    assert_eq!(bells.span(1, 7, day("2025-12-15")), "08:30–09:15");
    // The first-grade teacher's day shows her lessons' own times.
    let teacher = store
        .actor("goncharenko.vv")
        .expect("a first-grade teacher");
    let staff = teacher.staff_id.expect("staff");
    let lessons = store
        .teacher_day(staff, day("2025-12-15"))
        .expect("the day");
    let first = lessons
        .iter()
        .find(|l| l.lesson_no == 1)
        .expect("a first lesson on Monday");
    assert_eq!(first.time, "08:30–09:05");
    let lessons = store
        .teacher_day(staff, day("2026-01-19"))
        .expect("the day");
    let first = lessons
        .iter()
        .find(|l| l.lesson_no == 1)
        .expect("a first lesson on Monday");
    assert_eq!(first.time, "08:30–09:10");
}
