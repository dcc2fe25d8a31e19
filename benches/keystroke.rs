//! Keystroke → frame: a key handled, its entry committed to the journal file, and the
//! frame drawn into a TestBackend at 80×24, on a 35-student × 40-lesson grid.
//!
//! Prints p50/p90/p99/max over many keystrokes (the figures in BENCHMARKS.md), then runs
//! the same work under criterion.

use std::time::{Duration, Instant};

use criterion::Criterion;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zhurnal::config::school::School;
use zhurnal::domain::policy::Actor;
use zhurnal::import::records;
use zhurnal::store::Store;
use zhurnal::tui::{App, Options, render};

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
fn journal(dir: &std::path::Path) -> Store {
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
        .import_staff(&op, "staff.csv", &staff, false)
        .expect("staff");
    let mut students = String::from("class,last_name,first_name,patronymic\n");
    for i in 0..35 {
        students.push_str(&format!("7Б,Ученик{i:02},Имя{i:02},Отчество\n"));
    }
    let students = records::students(&students, "students.csv").expect("students");
    store
        .import_students(&op, "students.csv", &students, "", false)
        .expect("students");
    let courses = records::courses(
        "class,subject,teacher,hours\n7Б,Алгебра,teacher,5\n",
        "c.csv",
    )
    .expect("c");
    store
        .import_courses(&op, "c.csv", &courses, false)
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

struct Bench {
    app: App,
    terminal: Terminal<TestBackend>,
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

impl Bench {
    fn new(dir: &std::path::Path) -> Bench {
        let store = journal(dir);
        let mut app =
            App::new(store, Options::defaults().expect("options"), (80, 24)).expect("app");
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
        let terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        let mut b = Bench { app, terminal };
        let shown = b.frame();
        assert!(shown.contains("7Б · Алгебра"), "the grid is open:\n{shown}");
        b
    }

    fn press(&mut self, code: KeyCode) {
        self.app.handle_key(key(code));
        let app = &self.app;
        self.terminal.draw(|f| render(app, f)).expect("draw");
    }

    fn frame(&mut self) -> String {
        let app = &self.app;
        self.terminal.draw(|f| render(app, f)).expect("draw");
        format!("{:?}", self.terminal.backend().buffer().content().len())
            + &self
                .terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|c| c.symbol())
                .collect::<String>()
    }

    /// One round on the first row: a mark (written; the cursor moves down), back up,
    /// Backspace (the mark removed, written), a move right: four keystrokes, each drawn.
    /// The cursor returns to where it started, so every round does the same work.
    fn round(&mut self, samples: &mut Vec<(char, Duration)>) {
        for (tag, code) in [
            ('m', KeyCode::Char('5')),
            ('u', KeyCode::Up),
            ('d', KeyCode::Backspace),
            ('r', KeyCode::Right),
        ] {
            let t = Instant::now();
            self.press(code);
            samples.push((tag, t.elapsed()));
        }
        self.press(KeyCode::Left);
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut v: Vec<Duration>) {
    v.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{name:<34} n={:<5} p50={:>8.1} µs  p90={:>8.1} µs  p99={:>8.1} µs  max={:>8.1} µs",
        v.len(),
        us(percentile(&v, 0.5)),
        us(percentile(&v, 0.9)),
        us(percentile(&v, 0.99)),
        us(v[v.len() - 1])
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut b = Bench::new(dir.path());
    let mut samples = Vec::new();
    for _ in 0..50 {
        b.round(&mut Vec::new());
    }
    for _ in 0..1000 {
        b.round(&mut samples);
    }
    println!(
        "keystroke → frame, 35 students × 40 lessons, 80×24, journal on {}",
        dir.path().display()
    );
    let pick = |tags: &str| {
        samples
            .iter()
            .filter(|(t, _)| tags.contains(*t))
            .map(|(_, d)| *d)
            .collect::<Vec<_>>()
    };
    report("mark typed (saved, fsync)", pick("m"));
    report("Backspace (mark removed, fsync)", pick("d"));
    report("cursor move", pick("ur"));
    report("all keystrokes", pick("mudr"));

    let mut c = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(5));
    c.bench_function("keystroke_frame/mark_and_remove", |bench| {
        bench.iter(|| {
            b.press(KeyCode::Char('4'));
            b.press(KeyCode::Up);
            b.press(KeyCode::Backspace);
        })
    });
    c.bench_function("keystroke_frame/move", |bench| {
        bench.iter(|| {
            b.press(KeyCode::Right);
            b.press(KeyCode::Left);
        })
    });
    c.final_summary();
}
