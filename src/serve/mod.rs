//! `zhurnal serve`: the journal over SSH. One process owns the journal file and runs
//! every user's session; users log in with their journal accounts (password, or a
//! public key they registered). There is no shell, no command execution and no
//! forwarding: a connection gets the journal's interface and nothing else.

pub mod hostkey;
pub mod input;
mod limit;
mod schedule;
mod session;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime};
use russh::keys::PublicKey;
use russh::server::{Auth, Msg, Server as _, Session};
use russh::{Channel, ChannelId, MethodKind, MethodSet};

pub use schedule::{next_run, parse_time};

use crate::store::Store;
use crate::store::accounts::{LoginError, Session as Login};
use crate::tr;
use session::Input;

/// How the server runs.
pub struct ServeOptions {
    pub db: PathBuf,
    pub listen: String,
    pub host_key: PathBuf,
    /// A session with no key pressed for this long ends.
    pub idle: Duration,
    /// The daily backup: where, at what time, how many kept.
    pub backup_dir: PathBuf,
    pub backup_at: NaiveTime,
    pub keep: usize,
    pub today: Option<NaiveDate>,
    pub tui: crate::tui::Options,
}

/// What every connection shares.
pub struct Shared {
    db: PathBuf,
    today: Option<NaiveDate>,
    tui: crate::tui::Options,
    idle: Duration,
    /// Logins are checked on one connection to the journal, one at a time.
    auth: Mutex<Store>,
    limiter: Mutex<limit::Limiter>,
    stop: AtomicBool,
    /// Sessions running now.
    live: AtomicUsize,
}

fn log(text: &str) {
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
    eprintln!("{now} zhurnal serve: {text}");
}

/// Runs the server until SIGTERM or SIGINT; then every session is ended cleanly (what
/// was entered is already saved, each key being its own transaction) and the process
/// exits.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    let mut auth = Store::open(&opts.db).map_err(|e| e.to_string())?;
    if auth.read_only().is_some() {
        return Err(tr!(
            "журнал {} открыт только для чтения: сервер для него не запускается",
            "the journal {} is read-only: no server for it",
            opts.db.display()
        ));
    }
    auth.set_today(opts.today);
    let (key, created) = hostkey::load_or_create(&opts.host_key)?;
    log(&if created {
        tr!(
            "создан ключ сервера {} ({})",
            "created host key {} ({})",
            opts.host_key.display(),
            hostkey::fingerprint(&key)
        )
    } else {
        tr!(
            "ключ сервера {} ({})",
            "host key {} ({})",
            opts.host_key.display(),
            hostkey::fingerprint(&key)
        )
    });
    let shared = Arc::new(Shared {
        db: opts.db.clone(),
        today: opts.today,
        tui: opts.tui.clone(),
        idle: opts.idle,
        auth: Mutex::new(auth),
        limiter: Mutex::new(limit::Limiter::new(10, Duration::from_secs(600))),
        stop: AtomicBool::new(false),
        live: AtomicUsize::new(0),
    });
    let mut methods = MethodSet::empty();
    methods.push(MethodKind::Password);
    methods.push(MethodKind::PublicKey);
    let config = Arc::new(russh::server::Config {
        methods,
        keys: vec![key],
        // Every refusal takes as long, whatever was wrong.
        auth_rejection_time: Duration::from_secs(1),
        auth_rejection_time_initial: Some(Duration::from_millis(0)),
        max_auth_attempts: 3,
        inactivity_timeout: Some(opts.idle + Duration::from_secs(60)),
        keepalive_interval: Some(Duration::from_secs(30)),
        nodelay: true,
        ..Default::default()
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let backups = spawn_backups(&opts, Arc::clone(&shared));
    let result = runtime.block_on(run(opts.listen.clone(), config, Arc::clone(&shared)));
    shared.stop.store(true, Ordering::Relaxed);
    let _ = backups.join();
    result
}

async fn run(
    listen: String,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
) -> Result<(), String> {
    let socket = tokio::net::TcpListener::bind(&listen).await.map_err(|e| {
        tr!(
            "{}: не удалось открыть порт: {}",
            "{}: cannot listen: {}",
            listen,
            e
        )
    })?;
    log(&tr!(
        "журнал {} доступен по ssh на {}",
        "serving {} over ssh on {}",
        shared.db.display(),
        listen
    ));
    let mut server = Server {
        shared: Arc::clone(&shared),
    };
    let running = server.run_on_socket(config, &socket);
    let stopper = running.handle();
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| e.to_string())?;
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(|e| e.to_string())?;
    tokio::select! {
        r = running => return r.map_err(|e| e.to_string()),
        _ = term.recv() => {},
        _ = int.recv() => {},
    }
    log(&tr!(
        "остановка: завершаю сеансы ({})",
        "stopping: ending sessions ({})",
        shared.live.load(Ordering::Relaxed)
    ));
    shared.stop.store(true, Ordering::Relaxed);
    // Sessions notice within a quarter of a second, log their users out and close.
    let deadline = Instant::now() + Duration::from_secs(10);
    while shared.live.load(Ordering::Relaxed) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stopper.shutdown(tr!("сервер остановлен", "server stopped"));
    log(&tr!("остановлен", "stopped"));
    Ok(())
}

/// The daily backup, on its own thread, at the configured time.
fn spawn_backups(opts: &ServeOptions, shared: Arc<Shared>) -> std::thread::JoinHandle<()> {
    let (dir, at, keep, db) = (
        opts.backup_dir.clone(),
        opts.backup_at,
        opts.keep,
        opts.db.clone(),
    );
    std::thread::spawn(move || {
        let mut due = next_run(chrono::Local::now().naive_local(), at);
        while !shared.stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
            let now = chrono::Local::now().naive_local();
            if now < due {
                continue;
            }
            due = next_run(now, at);
            match Store::open(&db).and_then(|s| s.backup(&dir, keep)) {
                Ok(path) => log(&tr!("резервная копия: {}", "backup: {}", path.display())),
                Err(e) => log(&tr!(
                    "резервная копия НЕ сделана: {}",
                    "backup FAILED: {}",
                    e
                )),
            }
        }
    })
}

struct Server {
    shared: Arc<Shared>,
}

impl russh::server::Server for Server {
    type Handler = Connection;

    fn new_client(&mut self, peer: Option<SocketAddr>) -> Connection {
        Connection {
            shared: Arc::clone(&self.shared),
            peer,
            login: None,
            channels: HashMap::new(),
        }
    }
}

/// One client connection: its login and its session channels.
pub struct Connection {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    login: Option<Login>,
    channels: HashMap<ChannelId, ChannelState>,
}

#[derive(Default)]
struct ChannelState {
    size: Option<(u16, u16)>,
    input: Option<Sender<Input>>,
}

impl Connection {
    fn peer_text(&self) -> String {
        self.peer.map(|p| p.ip().to_string()).unwrap_or_default()
    }

    fn allowed(&self) -> bool {
        let Some(peer) = self.peer else { return true };
        let mut limiter = locked(&self.shared.limiter);
        limiter.allows(peer.ip(), Instant::now())
    }

    fn outcome(&mut self, user: &str, how: &str, result: Result<Login, LoginError>) -> Auth {
        let mut limiter = locked(&self.shared.limiter);
        match result {
            Ok(login) => {
                if let Some(p) = self.peer {
                    limiter.succeeded(p.ip());
                }
                log(&tr!(
                    "вход «{}» ({}) с {}",
                    "login «{}» ({}) from {}",
                    user,
                    how,
                    self.peer_text()
                ));
                self.login = Some(login);
                Auth::Accept
            }
            Err(e) => {
                if let Some(p) = self.peer {
                    limiter.failed(p.ip(), Instant::now());
                }
                log(&tr!(
                    "отказ во входе «{}» ({}) с {}: {}",
                    "login refused «{}» ({}) from {}: {}",
                    user,
                    how,
                    self.peer_text(),
                    e
                ));
                Auth::reject()
            }
        }
    }
}

/// A mutex's value; a session thread that panicked holding it leaves nothing half-done
/// there (the store's writes are transactions), so its poison is ignored.
fn locked<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    fn check_password(&self, user: &str, password: &str) -> Result<Login, LoginError> {
        locked(&self.auth).authenticate(user, password)
    }

    fn check_key(&self, user: &str, key: &PublicKey) -> Result<Login, LoginError> {
        let text = key_text(key).ok_or(LoginError::Wrong { failures: 1 })?;
        locked(&self.auth).authenticate_key(user, &text)
    }
}

/// A key as the journal stores it: «algorithm base64», as `user key add` stores it.
fn key_text(key: &PublicKey) -> Option<String> {
    let line = key.to_openssh().ok()?;
    crate::store::keys::split_key_line(&line)
        .ok()
        .map(|(k, _)| k)
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        let mut methods = MethodSet::empty();
        methods.push(MethodKind::PublicKey);
        methods.push(MethodKind::Password);
        Ok(Auth::Reject {
            proceed_with_methods: Some(methods),
            partial_success: false,
        })
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        if !self.allowed() {
            log(&tr!(
                "адрес {} временно не допускается: много неудачных входов",
                "address {} held back: too many failed logins",
                self.peer_text()
            ));
            return Ok(Auth::reject());
        }
        // The password hash takes a while to check: off the network threads.
        let (name, password) = (user.to_string(), password.to_string());
        let shared = Arc::clone(&self.shared);
        let result = tokio::task::spawn_blocking(move || shared.check_password(&name, &password))
            .await
            .map_err(|_| russh::Error::Disconnect)?;
        Ok(self.outcome(user, "password", result))
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        key: &PublicKey,
    ) -> Result<Auth, Self::Error> {
        let known = key_text(key).is_some_and(|k| {
            locked(&self.shared.auth)
                .key_registered(user, &k)
                .unwrap_or(false)
        });
        Ok(if known && self.allowed() {
            Auth::Accept
        } else {
            Auth::reject()
        })
    }

    async fn auth_publickey(&mut self, user: &str, key: &PublicKey) -> Result<Auth, Self::Error> {
        if !self.allowed() {
            return Ok(Auth::reject());
        }
        let result = self.shared.check_key(user, key);
        Ok(self.outcome(user, "key", result))
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.login.is_none() || self.shared.stop.load(Ordering::Relaxed) {
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        self.channels.insert(channel.id(), ChannelState::default());
        reply.accept().await;
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.channels.get_mut(&channel) {
            Some(c) => {
                c.size = Some((clamp(cols), clamp(rows)));
                session.channel_success(channel)?;
            }
            None => session.channel_failure(channel)?,
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (Some(state), Some(login)) = (self.channels.get_mut(&channel), self.login.clone())
        else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        let Some(size) = state.size else {
            session.channel_success(channel)?;
            session.data(
                channel,
                tr!(
                    "zhurnal: нужен терминал — подключайтесь командой ssh -t\r\n",
                    "zhurnal: a terminal is needed: connect with ssh -t\r\n"
                )
                .into_bytes(),
            )?;
            session.exit_status_request(channel, 1)?;
            session.close(channel)?;
            return Ok(());
        };
        if state.input.is_some() {
            session.channel_failure(channel)?;
            return Ok(());
        }
        let (tx, rx) = std::sync::mpsc::channel();
        state.input = Some(tx);
        session.channel_success(channel)?;
        let start = session::Start {
            handle: session.handle(),
            channel,
            runtime: tokio::runtime::Handle::current(),
            login,
            size,
            input: rx,
        };
        let shared = Arc::clone(&self.shared);
        shared.live.fetch_add(1, Ordering::Relaxed);
        std::thread::spawn(move || {
            session::run(Arc::clone(&shared), start);
            shared.live.fetch_sub(1, Ordering::Relaxed);
        });
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // No commands: the journal is all this server offers.
        session.channel_failure(channel)?;
        session.data(
            channel,
            tr!(
                "zhurnal: команды не выполняются, только журнал (ssh без команды)\r\n",
                "zhurnal: no commands, only the journal (ssh without a command)\r\n"
            )
            .into_bytes(),
        )?;
        session.close(channel)?;
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(tx) = self.channels.get(&channel).and_then(|c| c.input.as_ref()) {
            let _ = tx.send(Input::Bytes(data.to_vec()));
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(c) = self.channels.get_mut(&channel) {
            c.size = Some((clamp(cols), clamp(rows)));
            if let Some(tx) = &c.input {
                let _ = tx.send(Input::Resize(clamp(cols), clamp(rows)));
            }
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Dropping the sender ends the session's loop.
        self.channels.remove(&channel);
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.channels.remove(&channel);
        Ok(())
    }
}

/// A terminal dimension from the client, kept within what a screen can be.
fn clamp(n: u32) -> u16 {
    n.clamp(1, 1000) as u16
}
