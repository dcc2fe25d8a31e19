//! Keystroke → frame: a key handled, its entry committed to the journal file, and the
//! frame drawn into a TestBackend at 80×24, on a 35-student × 40-lesson grid.
//!
//! Prints p50/p90/p99/max over many keystrokes (the figures in BENCHMARKS.md), then runs
//! the same work under criterion.

// Tests and benchmarks stop at the first thing that is not as it should be.
#![allow(clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use common::key;
use criterion::Criterion;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::{App, render};

struct Bench {
    app: App,
    terminal: Terminal<TestBackend>,
}

impl Bench {
    fn new(dir: &std::path::Path) -> Bench {
        let app = common::grid_app(dir);
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
