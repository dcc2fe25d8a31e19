//! The real binary in a real terminal: tmux runs it, types keys and reads the screen
//! as a person would see it.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "z"]).stdout).into_owned()
    }

    /// Waits (bounded) until the screen shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "«{text}» never appeared:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn alive(&self) -> bool {
        self.run(&["has-session", "-t", "z"]).status.success()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn tmux_available() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok();
    // CI installs tmux; there, its absence is a failure, not a skip.
    assert!(
        found || std::env::var_os("CI").is_none(),
        "tmux is missing in CI"
    );
    found
}

#[test]
fn the_binary_shows_the_school_and_quits_on_q() {
    if !tmux_available() {
        eprintln!("tmux not installed: end-to-end test skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::mini_journal(dir.path());
    let tmux = Tmux {
        socket: format!("zhurnal-test-{}", std::process::id()),
    };
    let cmd = format!(
        "env HOME={home} XDG_CONFIG_HOME={home}/config TERM=xterm-256color {bin} --db {db} --today 2025-11-12",
        home = dir.path().display(),
        bin = env!("CARGO_BIN_EXE_zhurnal"),
        db = db.display()
    );
    let o = tmux.run(&["new-session", "-d", "-s", "z", "-x", "80", "-y", "24", &cmd]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = tmux.wait_for("Школа № 1 · 2025/2026 · 12.11.2025 · 2 четверть");
    assert!(s.contains("Предметы 1А"), "{s}");
    tmux.run(&["send-keys", "-t", "z", "Down"]);
    let s = tmux.wait_for("Предметы 7Б");
    assert!(s.contains("Английский язык (гр. 2) — Грачёв И.С."), "{s}");
    tmux.run(&["send-keys", "-t", "z", "q"]);
    let start = Instant::now();
    while tmux.alive() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "zhurnal did not quit:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
