//! The one main loop of the interface, shared by the local terminal and the SSH server:
//! input → the app → a frame when something changed, until the app quits or input ends.
//! It is generic over the ratatui backend and the input source, so a test runs it on
//! `TestBackend` with scripted input.

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use ratatui::crossterm::event::KeyEvent;

use super::{App, render};

/// How long the loop waits for input before it looks for other users' changes.
pub const TICK: Duration = Duration::from_millis(250);

/// What an input source gives the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<E> {
    /// A key for the app.
    Key(KeyEvent),
    /// The terminal has a new size.
    Resize(u16, u16),
    /// No input for a while: time to look for other users' changes.
    Tick,
    /// Input that is nothing for the app (a mouse report, a sequence not finished yet).
    Ignored,
    /// Input has ended (the connection closed); why, as the source says it.
    End(E),
}

/// Where the loop's events come from: the local terminal or an SSH channel.
pub trait InputSource {
    /// Why input ended, in the caller's terms.
    type End;

    /// The next event, waiting up to `timeout` for one (then `Event::Tick`); a source
    /// may wait less when it has a reason of its own (half an escape sequence).
    fn next(&mut self, timeout: Duration) -> Result<Event<Self::End>, String>;

    /// Whether the session is over though the app has not quit: a signal, the idle time,
    /// a served user's logout. Asked before each wait.
    fn ended(&mut self, app: &App) -> Option<Self::End>;

    /// Whether more events are at hand without waiting (keys that arrived together):
    /// the loop handles them all before it looks at the end again and draws.
    fn ready(&self) -> bool {
        false
    }
}

/// A backend that learns its size from the input (a remote terminal, a test) rather
/// than by asking a terminal.
pub trait Resizable {
    fn resized(&mut self, width: u16, height: u16);
}

impl Resizable for TestBackend {
    fn resized(&mut self, width: u16, height: u16) {
        self.resize(width, height);
    }
}

/// How the loop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<E> {
    /// The app quit.
    Quit,
    /// The input source ended the session.
    Ended(E),
}

/// Runs the app on `terminal` with events from `input` until the app quits or the input
/// ends. Draws only when something changed. A frame that cannot be drawn ends the loop
/// with the error; what happens at the end (logout, farewell, restoring the terminal)
/// is the caller's.
pub fn run_main_loop<B, I>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    input: &mut I,
) -> Result<Outcome<I::End>, String>
where
    B: Backend + Resizable,
    I: InputSource,
{
    let mut dirty = true;
    loop {
        if !input.ready() {
            if app.quit {
                return Ok(Outcome::Quit);
            }
            if let Some(end) = input.ended(app) {
                return Ok(Outcome::Ended(end));
            }
            if dirty {
                terminal
                    .draw(|f| render(app, f))
                    .map_err(|e| e.to_string())?;
                dirty = false;
            }
        }
        match input.next(TICK)? {
            Event::Key(key) => {
                app.handle_key(key);
                dirty = true;
            }
            Event::Resize(w, h) => {
                // The next draw notices the new size, clears and draws it whole.
                terminal.backend_mut().resized(w, h);
                app.resize(w, h);
                dirty = true;
            }
            Event::Tick => dirty |= app.tick(),
            Event::Ignored => {}
            Event::End(end) => return Ok(Outcome::Ended(end)),
        }
    }
}
