//! tmux as a terminal for the real binary: windows by name, keys typed, screens read.

use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of the test's own (its socket), killed when dropped.
pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    pub fn new(name: &str) -> Tmux {
        Tmux {
            socket: format!("zhurnal-{name}-{}", std::process::id()),
        }
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .arg("-u")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// A new 80×24 session named `name` running `cmd`.
    pub fn open(&self, name: &str, cmd: &str) {
        let o = self.run(&["new-session", "-d", "-s", name, "-x", "80", "-y", "24", cmd]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }

    pub fn screen(&self, name: &str) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", name]).stdout).into_owned()
    }

    pub fn keys(&self, name: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", name];
        args.extend(keys);
        assert!(self.run(&args).status.success());
    }

    /// Waits (bounded) until the screen shows `text`.
    pub fn wait_for(&self, name: &str, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(name);
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "«{text}» never appeared in {name}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits (bounded) until the session `name` has ended; `what` says what failed.
    pub fn wait_closed(&self, name: &str, what: &str) {
        let start = Instant::now();
        while self.alive(name) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{what}:\n{}",
                self.screen(name)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn alive(&self, name: &str) -> bool {
        self.run(&["has-session", "-t", name]).status.success()
    }

    /// The process running in a session's pane.
    pub fn pane_pid(&self, name: &str) -> String {
        String::from_utf8_lossy(
            &self
                .run(&["list-panes", "-t", name, "-F", "#{pane_pid}"])
                .stdout,
        )
        .trim()
        .to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// Whether a tool is installed; in CI its absence is a failure, not a skip.
pub fn available(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("-V")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "{tool} is missing in CI"
    );
    found
}
