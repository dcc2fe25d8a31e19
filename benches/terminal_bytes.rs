//! Bytes written to the terminal: the real crossterm backend draws the grid at 80×24
//! into a writer that counts, as an SSH session or a slow serial line would carry it.
//! Prints the bytes of each cursor move and each mark entered (the figures in
//! BENCHMARKS.md).

// Tests and benchmarks stop at the first thing that is not as it should be.
#![allow(clippy::expect_used, clippy::panic)]

mod common;

use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;

use common::key;
use ratatui::Terminal;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::backend::Lean;
use zhurnal::tui::{App, render};

/// A terminal that only counts what it is sent.
#[derive(Default, Clone)]
struct Counter {
    bytes: Rc<Cell<usize>>,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // `DUMP=1` shows what is sent, escapes as ␛.
        if std::env::var_os("DUMP").is_some() {
            eprint!("{}", String::from_utf8_lossy(buf).replace('\x1b', "␛"));
        }
        self.bytes.set(self.bytes.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct Screen {
    app: App,
    sent: Counter,
    terminal: Terminal<Lean<Counter>>,
}

impl Screen {
    /// Bytes sent for one key and the frame after it.
    fn press(&mut self, code: KeyCode) -> usize {
        self.app.handle_key(key(code));
        let before = self.sent.bytes.get();
        let app = &self.app;
        self.terminal.draw(|f| render(app, f)).expect("draw");
        self.sent.bytes.get() - before
    }
}

fn summary(name: &str, mut v: Vec<usize>) {
    v.sort_unstable();
    let mean = v.iter().sum::<usize>() as f64 / v.len() as f64;
    println!(
        "{name:<28} n={:<4} min={:>4} B  p50={:>4} B  mean={:>6.1} B  max={:>4} B",
        v.len(),
        v[0],
        v[v.len() / 2],
        mean,
        v[v.len() - 1]
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = common::grid_app(dir.path());
    let sent = Counter::default();
    let terminal = Terminal::new(Lean::remote(sent.clone(), 80, 24)).expect("terminal");
    let mut s = Screen {
        app,
        sent,
        terminal,
    };
    let first = s.press(KeyCode::Home);
    println!("first full frame: {first} B");
    // Settle the status line, then measure moves about the grid and entries.
    s.press(KeyCode::Down);
    let mut vertical = Vec::new();
    let mut horizontal = Vec::new();
    for code in [KeyCode::Down, KeyCode::Up, KeyCode::Right, KeyCode::Left] {
        for _ in 0..10 {
            if std::env::var_os("DUMP").is_some() {
                eprintln!("\n=== {code:?}");
            }
            let n = s.press(code);
            match code {
                KeyCode::Down | KeyCode::Up => vertical.push(n),
                _ => horizontal.push(n),
            }
        }
    }
    let mut marks = Vec::new();
    for digit in ['5', '4', '3', '5', '2', '4', '5', '3', '4', '5'] {
        if std::env::var_os("DUMP").is_some() {
            eprintln!("\n=== mark {digit}");
        }
        marks.push(s.press(KeyCode::Char(digit)));
    }
    let mut removals = Vec::new();
    for _ in 0..10 {
        s.press(KeyCode::Up);
        removals.push(s.press(KeyCode::Backspace));
    }
    println!("bytes to the terminal per key at 80×24 (crossterm backend):");
    summary("cursor move ↑↓", vertical.clone());
    summary("cursor move ←→", horizontal.clone());
    summary("cursor move, all", [vertical, horizontal].concat());
    summary("mark entered (and saved)", marks);
    summary("mark removed (Backspace)", removals);
}
