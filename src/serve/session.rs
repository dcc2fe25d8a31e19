//! One SSH session: the journal's interface for one signed-in user, on its own thread
//! with its own connection to the journal. Keys arrive as bytes from the channel; the
//! frames go back through it.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::crossterm::{cursor, execute, terminal};
use russh::ChannelId;
use russh::server::Handle;

use super::Shared;
use super::input::InputDecoder;
use crate::store::Store;
use crate::store::accounts::Session;
use crate::tr;
use crate::tui::app::Screen;
use crate::tui::backend::Lean;
use crate::tui::{App, Event, InputSource, Outcome, run_main_loop};

/// What the connection passes to its session.
#[derive(Debug)]
pub enum Input {
    Bytes(Vec<u8>),
    Resize(u16, u16),
}

impl Input {
    /// What it costs to hold while the session is busy: its bytes and the message.
    pub fn cost(&self) -> usize {
        64 + match self {
            Input::Bytes(b) => b.len(),
            Input::Resize(..) => 0,
        }
    }
}

/// Who records a served login's logout: not decided yet, the screens, the connection.
pub const LOGOUT_UNDECIDED: u8 = 0;
pub const LOGOUT_BY_SCREENS: u8 = 1;
pub const LOGOUT_BY_CONNECTION: u8 = 2;

/// Frames go to the client through the SSH channel; a flush sends what was drawn, in
/// pieces, each of which must be taken within the stall time: a client that stops
/// reading fills the SSH layer's small queue, and is then let go instead of making the
/// server hold its output.
pub struct ChannelWriter {
    handle: Handle,
    channel: ChannelId,
    runtime: tokio::runtime::Handle,
    buf: Vec<u8>,
    stall: Duration,
    stalled: bool,
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let data = std::mem::take(&mut self.buf);
        for piece in data.chunks(super::OUTPUT_PIECE) {
            let send = self.handle.data(self.channel, piece.to_vec());
            match self
                .runtime
                .block_on(async { tokio::time::timeout(self.stall, send).await })
            {
                Ok(Ok(())) => {}
                Ok(Err(_)) => return Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe)),
                Err(_) => {
                    self.stalled = true;
                    return Err(std::io::Error::from(std::io::ErrorKind::TimedOut));
                }
            }
        }
        Ok(())
    }
}

/// Where a session runs and for whom.
pub struct Start {
    pub handle: Handle,
    pub channel: ChannelId,
    pub runtime: tokio::runtime::Handle,
    pub login: Session,
    pub size: (u16, u16),
    /// The client's terminal type (its `TERM`).
    pub term: String,
    pub input: Receiver<Input>,
    /// Input bytes queued for this session by the connection (taken off as read).
    pub queued: Arc<std::sync::atomic::AtomicUsize>,
    /// Cuts the whole connection (a client that stopped reading).
    pub cutter: super::stream::Cutter,
    /// Who records the logout (see `LOGOUT_…`): the screens claim it once they run.
    pub logout: Arc<std::sync::atomic::AtomicU8>,
}

/// Why a session ended, said to the user as it closes.
fn farewell(reason: End) -> String {
    match reason {
        End::Quit | End::Gone => String::new(),
        End::Idle(idle) => tr!(
            "сеанс завершён: нет действий {}; войдите снова",
            "session ended: idle for {}; log in again",
            idle_text(idle)
        ),
        End::Stalled => String::new(),
        End::Stopped => tr!(
            "сервер останавливается: сеанс завершён, всё введённое сохранено",
            "the server is stopping: session ended, everything entered is saved"
        ),
    }
}

/// How long a session was idle, as the farewell says it: whole minutes, or seconds
/// when it is not a whole number of minutes.
fn idle_text(idle: Duration) -> String {
    let secs = idle.as_secs();
    if secs % 60 == 0 && secs > 0 {
        tr!("{} мин.", "{} min", secs / 60)
    } else {
        tr!("{} с", "{} s", secs)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Quit,
    Gone,
    Idle(Duration),
    Stopped,
    /// The client took none of its output for the stall time.
    Stalled,
}

/// Resizes applied at most this often; those between are folded into the last.
const RESIZE_EVERY: Duration = Duration::from_millis(200);

/// Runs the session to its end; the channel is then closed.
pub fn run(shared: Arc<Shared>, start: Start) {
    let Start {
        handle,
        channel,
        runtime,
        login,
        size,
        term,
        input,
        queued,
        cutter,
        logout,
    } = start;
    let writer = ChannelWriter {
        handle: handle.clone(),
        channel,
        runtime: runtime.clone(),
        buf: Vec::new(),
        stall: shared.limits.stall,
        stalled: false,
    };
    let user = login.actor.login.clone();
    let caps = crate::tui::term::Caps::of(&term, shared.tui.ascii_borders);
    let outcome = serve_user(
        &shared,
        writer,
        login,
        (size, caps),
        &input,
        &queued,
        &logout,
    );
    if let Ok(End::Stalled) = outcome {
        super::log(&tr!(
            "сеанс «{}» завершён: клиент не принимает вывод {} с",
            "session of «{}» ended: the client took no output for {} s",
            user,
            shared.limits.stall.as_secs()
        ));
        cutter.cut();
        return;
    }
    let text = match outcome {
        Ok(reason) => farewell(reason),
        Err(e) => e,
    };
    let close = async {
        if !text.is_empty() {
            let _ = handle
                .data(channel, format!("zhurnal: {text}\r\n").into_bytes())
                .await;
        }
        let _ = handle.exit_status_request(channel, 0).await;
        let _ = handle.eof(channel).await;
        let _ = handle.close(channel).await;
    };
    // A client that has stopped reading must not hold this thread either.
    let closed =
        runtime.block_on(async { tokio::time::timeout(Duration::from_secs(5), close).await });
    if closed.is_err() {
        cutter.cut();
    }
}

fn serve_user(
    shared: &Shared,
    writer: ChannelWriter,
    login: Session,
    (size, caps): ((u16, u16), crate::tui::term::Caps),
    input: &Receiver<Input>,
    queued: &std::sync::atomic::AtomicUsize,
    logout: &std::sync::atomic::AtomicU8,
) -> Result<End, String> {
    let mut store = Store::open(&shared.db).map_err(|e| e.to_string())?;
    store.set_today(shared.today);
    store.set_origin(super::ssh_origin());
    store.limit_cache();
    let mut terminal = Terminal::new(Lean::remote(writer, size.0, size.1).with_caps(caps))
        .map_err(|e| e.to_string())?;
    execute!(
        terminal.backend_mut().writer_mut(),
        terminal::EnterAlternateScreen,
        cursor::Hide,
        terminal::Clear(terminal::ClearType::All)
    )
    .map_err(|e| e.to_string())?;
    let mut app = App::new(store, shared.tui.clone(), size).map_err(|e| e.to_string())?;
    app.resize(size.0, size.1);
    // The account's folder comes with the login (the options name the folders).
    app.start_session(login);
    // The connection ended already and recorded the logout: nothing more to do here.
    if logout
        .compare_exchange(
            LOGOUT_UNDECIDED,
            LOGOUT_BY_SCREENS,
            Ordering::SeqCst,
            Ordering::SeqCst,
        )
        .is_err()
    {
        return Ok(End::Gone);
    }
    let mut input = ChannelInput::new(&shared.stop, shared.idle, input, queued);
    let end = match run_main_loop(&mut terminal, &mut app, &mut input) {
        Err(_) if terminal.backend().writer().stalled => Ok(End::Stalled),
        Ok(Outcome::Quit) => Ok(End::Quit),
        Ok(Outcome::Ended(end)) => Ok(end),
        Err(e) => Err(e),
    };
    if !app.quit {
        app.dispatch(crate::keys::Action::Quit);
    }
    if let Ok(End::Stalled) = end {
        return end;
    }
    let _ = execute!(
        terminal.backend_mut().writer_mut(),
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    end
}

/// The channel as the main loop's input source: bytes decoded into keys, resizes
/// folded together, the input's bytes taken off the connection's count as read, and
/// the session's reasons to end (the user logged out, the server stops, the idle time).
struct ChannelInput<'a> {
    /// The server is stopping.
    stop: &'a AtomicBool,
    idle: Duration,
    input: &'a Receiver<Input>,
    queued: &'a std::sync::atomic::AtomicUsize,
    decoder: InputDecoder,
    /// Keys (and the tick after them) that arrived together, handed out one by one.
    at_hand: VecDeque<Event<End>>,
    last_key: Instant,
    /// A resize not applied yet: at most one every `RESIZE_EVERY`.
    resize: Option<(u16, u16)>,
    resized: Instant,
}

impl<'a> ChannelInput<'a> {
    fn new(
        stop: &'a AtomicBool,
        idle: Duration,
        input: &'a Receiver<Input>,
        queued: &'a std::sync::atomic::AtomicUsize,
    ) -> Self {
        ChannelInput {
            stop,
            idle,
            input,
            queued,
            decoder: InputDecoder::new(),
            at_hand: VecDeque::new(),
            last_key: Instant::now(),
            resize: None,
            resized: Instant::now()
                .checked_sub(RESIZE_EVERY)
                .unwrap_or_else(Instant::now),
        }
    }

    fn resize_due(&self) -> bool {
        self.resize.is_some() && self.resized.elapsed() >= RESIZE_EVERY
    }
}

impl InputSource for ChannelInput<'_> {
    type End = End;

    fn next(&mut self, timeout: Duration) -> Result<Event<End>, String> {
        if let Some(event) = self.at_hand.pop_front() {
            return Ok(event);
        }
        if let Some((w, h)) = self.resize.filter(|_| self.resize_due()) {
            self.resize = None;
            self.resized = Instant::now();
            return Ok(Event::Resize(w, h));
        }
        // A lone ESC waits a moment for the rest of its sequence.
        let wait = if self.decoder.pending() {
            Duration::from_millis(50)
        } else if self.resize.is_some() {
            RESIZE_EVERY.saturating_sub(self.resized.elapsed())
        } else {
            timeout
        };
        match self.input.recv_timeout(wait) {
            Ok(Input::Bytes(bytes)) => {
                self.queued.fetch_sub(64 + bytes.len(), Ordering::SeqCst);
                self.last_key = Instant::now();
                self.at_hand
                    .extend(self.decoder.feed(&bytes).into_iter().map(Event::Key));
            }
            Ok(Input::Resize(w, h)) => {
                self.queued.fetch_sub(64, Ordering::SeqCst);
                self.resize = Some((w, h));
            }
            Err(RecvTimeoutError::Timeout) => {
                let keys = self.decoder.flush();
                self.at_hand.extend(keys.into_iter().map(Event::Key));
                self.at_hand.push_back(Event::Tick);
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(Event::End(End::Gone)),
        }
        Ok(self.at_hand.pop_front().unwrap_or(Event::Ignored))
    }

    fn ended(&mut self, app: &App) -> Option<End> {
        if matches!(app.screen, Screen::Login(_)) {
            Some(End::Quit)
        } else if self.stop.load(Ordering::Relaxed) {
            Some(End::Stopped)
        } else if self.last_key.elapsed() >= self.idle {
            Some(End::Idle(self.idle))
        } else {
            None
        }
    }

    fn ready(&self) -> bool {
        !self.at_hand.is_empty() || self.resize_due()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn the_idle_time_is_said_as_it_was_set() {
        crate::i18n::set_lang(crate::i18n::Lang::Ru);
        assert_eq!(idle_text(Duration::from_secs(30)), "30 с");
        assert_eq!(idle_text(Duration::from_secs(90)), "90 с");
        assert_eq!(idle_text(Duration::from_secs(1800)), "30 мин.");
    }

    fn key(c: char) -> Event<End> {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn the_channel_gives_keys_that_came_together_at_once_and_folds_resizes() {
        let (send, receive) = std::sync::mpsc::channel();
        let stop = AtomicBool::new(false);
        let queued = std::sync::atomic::AtomicUsize::new(0);
        let mut input = ChannelInput::new(&stop, Duration::from_secs(60), &receive, &queued);
        let tick = Duration::from_millis(20);
        for event in [
            Input::Bytes(b"ab".to_vec()),
            Input::Resize(100, 30),
            Input::Resize(90, 20),
            Input::Resize(120, 40),
        ] {
            queued.fetch_add(event.cost(), Ordering::SeqCst);
            send.send(event).expect("send");
        }
        assert_eq!(input.next(tick), Ok(key('a')));
        assert!(input.ready(), "b came with a");
        assert_eq!(input.next(tick), Ok(key('b')));
        assert!(!input.ready());
        // The first resize is applied at once, the two after it folded into the last.
        assert_eq!(input.next(tick), Ok(Event::Ignored));
        assert!(input.ready());
        assert_eq!(input.next(tick), Ok(Event::Resize(100, 30)));
        assert_eq!(input.next(tick), Ok(Event::Ignored));
        assert_eq!(input.next(tick), Ok(Event::Ignored));
        assert!(!input.ready(), "not yet: {RESIZE_EVERY:?} between resizes");
        let mut waited = Vec::new();
        while !input.ready() {
            waited.push(input.next(tick).expect("next"));
        }
        assert!(waited.iter().all(|e| *e == Event::Tick), "{waited:?}");
        assert_eq!(input.next(tick), Ok(Event::Resize(120, 40)));
        assert_eq!(
            queued.load(Ordering::SeqCst),
            0,
            "all input taken off the count"
        );
        // A lone ESC is the Esc key once no more bytes follow it, then a tick.
        send.send(Input::Bytes(vec![0x1b])).expect("send");
        queued.fetch_add(65, Ordering::SeqCst);
        assert_eq!(input.next(tick), Ok(Event::Ignored));
        assert_eq!(
            input.next(tick),
            Ok(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)))
        );
        assert_eq!(input.next(tick), Ok(Event::Tick));
        drop(send);
        assert!(matches!(input.next(tick), Ok(Event::End(End::Gone))));
    }
}
