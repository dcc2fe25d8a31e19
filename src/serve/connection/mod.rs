//! One client connection: its login, its one channel (the journal's screens, or SFTP
//! in the account's own folder), and the limits that keep it in bounds.

mod handler;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::keys::PublicKey;
use russh::server::{Auth, Msg, Session};
use russh::{Channel, ChannelId, Disconnect, MethodKind, MethodSet};
use tokio::sync::watch;

use super::session::{self, Input};
use super::stream::{Cuttable, Cutter};
use super::{Shared, clamp_size, locked, log, peer_ip, refusal_text, shown_login};
use crate::store::accounts::{LoginError, Session as Login};
use crate::tr;

/// Passwords one connection may try, as OpenSSH allows.
const PASSWORDS_PER_CONNECTION: u32 = 3;
/// Input bytes waiting for a session that is busy; a client that sends more is cut.
const INPUT_QUEUE_BYTES: usize = 1 << 20;
/// The longest login name a client may send (longer ones are no journal's logins, and
/// are neither counted nor recorded).
const MAX_LOGIN_CHARS: usize = 64;

/// What the connection's task and its handler both know.
#[derive(Default)]
struct Life {
    login: Mutex<Option<Login>>,
    /// When the login succeeded: the grace to start something begins again then.
    logged_at: Mutex<Option<tokio::time::Instant>>,
    /// Counted among the account's connections (to be released at the end).
    joined: AtomicBool,
    /// Why this login may not start anything (too many connections of the account).
    refused: Mutex<Option<String>>,
    /// A channel was opened (one a connection).
    opened: AtomicBool,
    /// The journal or SFTP was started on it (once a connection).
    started: AtomicBool,
    /// Who records the logout: the screens, once they run, or the connection when it
    /// ends first (decided once, by whichever comes first).
    logout: Arc<AtomicU8>,
    /// SFTP runs: when it was last asked something.
    sftp: Mutex<Option<Arc<Mutex<Instant>>>>,
}

/// Serves one accepted connection to its end, then releases what it held and records
/// its logout when nothing else did.
pub async fn run(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let ip = peer.ip();
    let life = Arc::new(Life::default());
    let _slot = Slot {
        shared: Arc::clone(&shared),
        ip,
        life: Arc::clone(&life),
    };
    let _ = stream.set_nodelay(true);
    let cutter = Cutter::default();
    let handler = Connection {
        shared: Arc::clone(&shared),
        peer: Some(peer),
        life: Arc::clone(&life),
        cutter: cutter.clone(),
        channel: None,
        state: None,
        password_failures: 0,
        key_refused: false,
    };
    let grace = shared.limits.login_grace;
    let started = tokio::time::Instant::now();
    let stream = Cuttable::new(stream, cutter.clone());
    // The greeting is read here already: a client that sends nothing is let go too.
    let session =
        match tokio::time::timeout(grace, russh::server::run_stream(config, stream, handler)).await
        {
            Ok(Ok(s)) => s,
            _ => return,
        };
    let handle = session.handle();
    tokio::pin!(session);
    let deadline = tokio::time::sleep_until(started + grace);
    tokio::pin!(deadline);
    let mut idle_check = tokio::time::interval(Duration::from_secs(5));
    let (mut watching, mut stopping) = (true, false);
    loop {
        tokio::select! {
            _ = &mut session => break,
            _ = &mut deadline, if watching => {
                if life.started.load(Ordering::SeqCst) {
                    watching = false;
                    continue;
                }
                // Logged in meanwhile: a grace of its own to start the journal or sftp.
                let logged_at = *locked(&life.logged_at);
                if let Some(at) = logged_at.filter(|at| *at + grace > tokio::time::Instant::now()) {
                    deadline.as_mut().reset(at + grace);
                    continue;
                }
                watching = false;
                let why = if logged_at.is_some() {
                    tr!(
                        "за {} с не открыт ни журнал, ни sftp",
                        "neither the journal nor sftp opened within {} s",
                        grace.as_secs()
                    )
                } else {
                    tr!(
                        "вход не выполнен за {} с",
                        "not logged in within {} s",
                        grace.as_secs()
                    )
                };
                locked(&shared.refusals).log(&tr!(
                    "подключение с {} закрыто: {}",
                    "connection from {} closed: {}",
                    ip,
                    why
                ));
                end(&handle, &cutter, why).await;
            }
            _ = idle_check.tick() => {
                // SFTP asked nothing for the idle time: let go, as idle screens are.
                let last = locked(&life.sftp).as_ref().map(|t| *locked(t));
                if last.is_some_and(|t| t.elapsed() >= shared.idle) {
                    log(&tr!(
                        "sftp с {} закрыт: нет действий",
                        "sftp from {} closed: idle",
                        ip
                    ));
                    end(&handle, &cutter, tr!("нет действий", "idle")).await;
                }
            }
            _ = stop.changed(), if !stopping => {
                stopping = true;
                end(&handle, &cutter, tr!("сервер остановлен", "server stopped")).await;
            }
        }
    }
    cutter.cut();
    let login = locked(&life.login).take();
    if let Some(login) = login {
        if life.joined.load(Ordering::SeqCst) {
            locked(&shared.connections).leave(&login.actor.login);
        }
        let ours = life
            .logout
            .compare_exchange(
                session::LOGOUT_UNDECIDED,
                session::LOGOUT_BY_CONNECTION,
                Ordering::SeqCst,
                Ordering::SeqCst,
            )
            .is_ok();
        if ours {
            let name = login.actor.login.clone();
            let s = Arc::clone(&shared);
            let _ = tokio::task::spawn_blocking(move || s.logout(&login)).await;
            log(&tr!("выход «{}» ({})", "logout «{}» ({})", name, ip));
        }
    }
}

/// Says goodbye if the client still listens, and cuts the connection either way.
async fn end(handle: &russh::server::Handle, cutter: &Cutter, why: String) {
    let bye = handle.disconnect(Disconnect::ByApplication, why, String::new());
    let _ = tokio::time::timeout(Duration::from_secs(1), bye).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    cutter.cut();
}

/// A place among the server's connections, given back when the connection ends.
struct Slot {
    shared: Arc<Shared>,
    ip: IpAddr,
    life: Arc<Life>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let logged_in = locked(&self.life.logged_at).is_some();
        locked(&self.shared.connections).release(self.ip, logged_in);
    }
}

/// A login name as the journal would look it up, if it can be one: trimmed, not too
/// long, no control characters. Its lower case keys the guess count, so that
/// « director», «Director» and «director» are one account's guesses.
fn login_name(user: &str) -> Option<String> {
    let name = user.trim();
    let fits = !name.is_empty()
        && name.chars().count() <= MAX_LOGIN_CHARS
        && !name.chars().any(crate::domain::text::is_hidden);
    fits.then(|| name.to_lowercase())
}

/// The SSH side of one connection.
pub struct Connection {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    life: Arc<Life>,
    cutter: Cutter,
    /// The one channel, kept until it is known whether it carries SFTP.
    channel: Option<Channel<Msg>>,
    state: Option<ChannelState>,
    password_failures: u32,
    /// A refused key offer of this connection has been recorded.
    key_refused: bool,
}

#[derive(Default)]
struct ChannelState {
    id: Option<ChannelId>,
    size: Option<(u16, u16)>,
    /// What the client says its terminal is (`xterm`, `linux` …): compared, never shown.
    term: String,
    input: Option<Sender<Input>>,
    /// Input handed to the session and not yet taken, in bytes (each message counts
    /// its own cost too).
    queued: Arc<std::sync::atomic::AtomicUsize>,
}

impl Connection {
    fn ip(&self) -> IpAddr {
        peer_ip(self.peer)
    }

    /// A refused login: the client may try a password again until its three are used.
    fn reject(&self) -> Auth {
        let mut methods = MethodSet::empty();
        methods.push(MethodKind::PublicKey);
        if self.password_failures < PASSWORDS_PER_CONNECTION {
            methods.push(MethodKind::Password);
        }
        Auth::Reject {
            proceed_with_methods: Some(methods),
            partial_success: false,
        }
    }

    /// Logs the outcome of a login; a success is remembered and counted.
    fn outcome(&mut self, user: &str, how: &str, result: Result<Login, LoginError>) -> bool {
        match result {
            Ok(login) => {
                log(&tr!(
                    "вход «{}» ({}) с {}",
                    "login «{}» ({}) from {}",
                    shown_login(user),
                    how,
                    self.ip()
                ));
                let mut connections = locked(&self.shared.connections);
                connections.logged_in(self.ip());
                match connections.join(&self.shared.limits.caps, &login.actor.login) {
                    Ok(()) => self.life.joined.store(true, Ordering::SeqCst),
                    Err(why) => *locked(&self.life.refused) = Some(refusal_text(why)),
                }
                drop(connections);
                *locked(&self.life.login) = Some(login);
                *locked(&self.life.logged_at) = Some(tokio::time::Instant::now());
                true
            }
            Err(e) => {
                log(&tr!(
                    "отказ во входе «{}» ({}) с {}: {}",
                    "login refused «{}» ({}) from {}: {}",
                    shown_login(user),
                    how,
                    self.ip(),
                    e
                ));
                false
            }
        }
    }

    fn logged_in(&self) -> Option<Login> {
        locked(&self.life.login).clone()
    }

    fn is_our(&self, channel: ChannelId) -> bool {
        self.state.as_ref().is_some_and(|s| s.id == Some(channel))
    }

    /// Starts the one thing this connection may run; false if something ran already.
    fn start(&self) -> bool {
        !self.life.started.swap(true, Ordering::SeqCst)
    }

    /// Hands input to the session without ever holding up the connection; a client
    /// that sends far more than its session takes is cut.
    fn pass(&self, what: Input) {
        let bytes = what.cost();
        let Some(state) = &self.state else { return };
        let Some(tx) = &state.input else { return };
        if state.queued.fetch_add(bytes, Ordering::SeqCst) + bytes > INPUT_QUEUE_BYTES {
            log(&tr!(
                "подключение с {} закрыто: слишком много ввода, который сеанс не успевает принять",
                "connection from {} closed: far more input than its session takes",
                self.ip()
            ));
            self.cutter.cut();
            return;
        }
        let _ = tx.send(what);
    }
}

/// Tells the client why, as one line on its error output, and closes the channel.
fn say_and_close(
    session: &mut Session,
    channel: ChannelId,
    text: &str,
) -> Result<(), russh::Error> {
    session.channel_success(channel)?;
    session.extended_data(channel, 1, format!("zhurnal: {text}\r\n").into_bytes())?;
    session.exit_status_request(channel, 1)?;
    session.eof(channel)?;
    session.close(channel)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names_are_counted_as_the_journal_looks_them_up() {
        assert_eq!(login_name("director").as_deref(), Some("director"));
        assert_eq!(login_name(" Director\t").as_deref(), Some("director"));
        assert_eq!(login_name("\u{3000}director").as_deref(), Some("director"));
        assert_eq!(login_name(""), None);
        assert_eq!(login_name("   "), None);
        assert_eq!(login_name("dir\u{1b}[2Jector"), None);
        assert_eq!(login_name(&"x".repeat(65)), None);
        assert!(login_name(&"x".repeat(64)).is_some());
    }
}
