//! The journal the benchmarks run on: one 7Б of 35 students with Алгебра five times a
//! week, so the first half-year has 40 lessons.

#![allow(dead_code)]

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zhurnal::config::school::School;
use zhurnal::domain::policy::Actor;
use zhurnal::import::records;
use zhurnal::store::Store;
use zhurnal::tui::{App, Options};

const SCHOOL: &str = r#"
[school]
name = "Школа для замеров"

[calendar]
period_kind = "halves"
[[calendar.periods]]
name = "1 полугодие"
start = "2025-09-01"
end = "2025-10-31"
[[calendar.periods]]
name = "2 полугодие"
start = "2025-11-01"
end = "2026-05-25"
"#;

/// A journal with one 7Б of 35 students and Алгебра five times a week: the first
/// half-year has 40 lessons (1 Sept – 27 Oct).
pub fn journal(dir: &std::path::Path) -> Store {
    let today = chrono::NaiveDate::from_ymd_opt(2025, 10, 20).expect("date");
    let school = School::parse(SCHOOL, "bench.toml", Some(2025), today).expect("school");
    let mut store = Store::create(&dir.join("bench.sqlite")).expect("create");
    store.init_school(&school).expect("init");
    let op = Actor::local_operator();
    let staff = records::staff(
        "login,last_name,first_name,roles\nteacher,Белова,Марина,teacher\n",
        "staff.csv",
    )
    .expect("staff");
    store
        .import_staff(&op, "staff.csv", &staff, false, false)
        .expect("staff");
    let mut students = String::from("class,last_name,first_name,patronymic\n");
    for i in 0..35 {
        students.push_str(&format!("7Б,Ученик{i:02},Имя{i:02},Отчество\n"));
    }
    let students = records::students(&students, "students.csv").expect("students");
    store
        .import_students(
            &op,
            "students.csv",
            &students,
            &zhurnal::import::options::ImportOptions {
                from: Some(store.current_year().expect("year").start),
                new_classes: true,
                ..Default::default()
            },
            false,
        )
        .expect("students");
    let courses = records::courses(
        "class,subject,teacher,hours\n7Б,Алгебра,teacher,5\n",
        "c.csv",
    )
    .expect("c");
    store
        .import_courses(&op, "c.csv", &courses, false, false)
        .expect("courses");
    let mut tt = String::from("class,subject,weekday,lesson\n");
    for d in 1..=5 {
        tt.push_str(&format!("7Б,Алгебра,{d},1\n"));
    }
    let tt = records::timetable(&tt, "t.csv").expect("t");
    store
        .import_timetable(&op, "t.csv", &tt, None, false)
        .expect("timetable");
    let hash = zhurnal::auth::hash_password("demo").expect("hash");
    store
        .set_password_hash(&op, "teacher", &hash)
        .expect("password");
    store.set_today(Some(today));
    store
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The app with the teacher logged in and the grid of their course open.
pub fn grid_app(dir: &std::path::Path) -> App {
    let store = journal(dir);
    let mut app = App::new(store, Options::defaults().expect("options"), (80, 24)).expect("app");
    for c in "teacher".chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
    app.handle_key(key(KeyCode::Enter));
    for c in "demo".chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
    app.handle_key(key(KeyCode::Enter));
    // My courses: the only one; open its grid.
    app.handle_key(key(KeyCode::Enter));
    app
}
