//! The terminal interface: login, the teacher's day, the journal grid. The app is driven
//! by key events, so tests run it on ratatui's `TestBackend` without a terminal.

pub mod absences;
mod actions;
pub mod admin;
pub mod app;
pub mod backend;
pub mod diary;
pub mod files;
pub mod grid;
pub mod import;
pub mod main_loop;
pub mod messages;
pub mod overlay;
pub mod plan;
pub mod report;
pub mod screens;
pub mod term;
pub mod text;
pub mod ui;
pub mod widgets;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::crossterm::event;

pub use app::{App, Options};
pub use main_loop::{Event, InputSource, Outcome, run_main_loop};
pub use ui::render;

use crate::store::Store;

/// Runs the interface in the user's terminal until they quit or the session is ended
/// by SIGTERM or SIGHUP. The terminal is restored on every way out, panics included.
pub fn run(store: Store, opts: Options) -> Result<(), String> {
    let stop = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&stop)).map_err(|e| e.to_string())?;
    }
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(crate::tr!(
            "журналу нужен терминал: запустите zhurnal в окне терминала (по ssh — с ssh -t, без команды)",
            "the journal needs a terminal: run zhurnal in a terminal window (over ssh: ssh -t, without a command)"
        ));
    }
    let setup_failed = |e: std::io::Error| {
        crate::tr!(
            "терминал не удалось подготовить: {}",
            "the terminal could not be set up: {}",
            e
        )
    };
    // ratatui's setup: raw mode, the alternate screen, a panic hook that restores them.
    drop(ratatui::try_init().map_err(setup_failed)?);
    let done = Arc::new(AtomicBool::new(false));
    watch_for_hangup(Arc::clone(&stop), Arc::clone(&done));
    let caps = term::Caps::local(opts.ascii_borders);
    let mut terminal = ratatui::Terminal::new(
        backend::Lean::local(std::io::BufWriter::new(std::io::stdout())).with_caps(caps),
    )
    .map_err(setup_failed)?;
    let size = terminal
        .size()
        .map(|s| (s.width, s.height))
        .unwrap_or((80, 24));
    let result = (|| -> Result<(), String> {
        let mut app = App::new(store, opts, size).map_err(|e| e.to_string())?;
        app.resize(size.0, size.1);
        let mut input = LocalInput {
            stop: Arc::clone(&stop),
        };
        main_loop::run_main_loop(&mut terminal, &mut app, &mut input)?;
        if !app.quit {
            app.dispatch(crate::keys::Action::Quit);
        }
        Ok(())
    })();
    done.store(true, Ordering::Relaxed);
    ratatui::restore();
    result
}

/// The user's terminal as an input source: crossterm's events, ended by SIGTERM or
/// SIGHUP (or the terminal gone, see `watch_for_hangup`) through the stop flag.
struct LocalInput {
    stop: Arc<AtomicBool>,
}

impl InputSource for LocalInput {
    type End = ();

    fn next(&mut self, timeout: Duration) -> Result<Event<()>, String> {
        // Wake up now and then to notice a signal and other users' changes.
        if !event::poll(timeout).map_err(|e| e.to_string())? {
            return Ok(Event::Tick);
        }
        Ok(match event::read().map_err(|e| e.to_string())? {
            event::Event::Key(k) => Event::Key(k),
            event::Event::Resize(w, h) => Event::Resize(w, h),
            _ => Event::Ignored,
        })
    }

    fn ended(&mut self, _app: &App) -> Option<()> {
        self.stop.load(Ordering::Relaxed).then_some(())
    }
}

/// When the terminal goes away (the SSH connection dropped, the window closed), reading
/// it returns nothing forever and the loop would never get back to notice the signal.
/// A watcher gives the loop a second to end on its own after SIGHUP or SIGTERM, or
/// after this process was orphaned, then ends the process. Every saved entry is
/// already committed; an entry half-way is rolled back by SQLite, as after a crash.
fn watch_for_hangup(stop: Arc<AtomicBool>, done: Arc<AtomicBool>) {
    #[cfg(unix)]
    let parent = std::os::unix::process::parent_id();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            if done.load(Ordering::Relaxed) {
                return;
            }
            #[cfg(unix)]
            let orphaned = std::os::unix::process::parent_id() != parent;
            #[cfg(not(unix))]
            let orphaned = false;
            if stop.load(Ordering::Relaxed) || orphaned {
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
        for _ in 0..10 {
            std::thread::sleep(Duration::from_millis(100));
            if done.load(Ordering::Relaxed) {
                return;
            }
        }
        let _ = ratatui::try_restore();
        std::process::exit(129);
    });
}
