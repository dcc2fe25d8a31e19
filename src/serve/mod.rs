//! `zhurnal serve`: the journal over SSH. One process owns the journal file and runs
//! every user's session; users log in with their journal accounts (password, or a
//! public key they registered). There is no shell, no command execution and no
//! forwarding: a connection gets the journal's interface, or SFTP confined to the
//! account's own folder, and nothing else.
//!
//! A server faces the network, so everything a client can make it hold is bounded:
//! connections (overall, per address, per account), the time to log in and to open a
//! session, one session per connection, the output queued for a client that stops
//! reading, window sizes and resizes, password guesses per account and address.

mod connection;
pub mod hostkey;
pub mod input;
mod limit;
mod schedule;
mod session;
mod sftp;
mod stream;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime};
use russh::{MethodKind, MethodSet};
use tokio::sync::{Semaphore, watch};

pub use limit::Caps;
pub use schedule::{next_run, parse_time};

use crate::files::Folders;
use crate::store::Store;
use crate::store::accounts::{LoginError, Session as Login};
use crate::tr;

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
    pub limits: Limits,
    pub files: FilesOptions,
}

/// What a client may make the server hold, each with its own flag.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub caps: Caps,
    /// Time to log in, and then to open a session, before the connection is closed.
    pub login_grace: Duration,
    /// A client that accepts none of its output for this long is disconnected.
    pub stall: Duration,
    /// Failed passwords for one account from one address before that pair is held
    /// back, and for how long.
    pub guesses: u32,
    pub guess_window: Duration,
}

/// The users' own folders: what sessions export to and SFTP serves.
#[derive(Debug, Clone)]
pub struct FilesOptions {
    pub folders: Folders,
    /// Files older than this are removed (they hold personal data).
    pub keep: Duration,
}

/// Password checks from one address at once; the others wait their turn.
const CHECKS_PER_ADDRESS: usize = 2;
/// Output is handed to the SSH layer in pieces of this size; with its queue of ten
/// messages, this bounds what waits for a client that stops reading.
pub const OUTPUT_PIECE: usize = 32 * 1024;
/// Terminal sizes the server draws at most.
pub const MAX_COLS: u16 = 500;
pub const MAX_ROWS: u16 = 200;

/// What every connection shares.
pub struct Shared {
    db: PathBuf,
    today: Option<NaiveDate>,
    tui: crate::tui::Options,
    idle: Duration,
    limits: Limits,
    files: FilesOptions,
    /// Logins are checked on one connection to the journal, one at a time.
    auth: Mutex<Store>,
    guesses: Mutex<limit::Guesses>,
    connections: Mutex<limit::Connections>,
    checks: Mutex<HashMap<IpAddr, Arc<Semaphore>>>,
    refusals: Mutex<Quiet>,
    stop: AtomicBool,
    /// Sessions running now.
    live: AtomicUsize,
}

/// The origin of every change made through the server.
fn ssh_origin() -> crate::store::Origin {
    crate::store::Origin {
        channel: Some(crate::domain::audit::Channel::Ssh),
        os_user: None,
    }
}

fn log(text: &str) {
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
    eprintln!("{now} zhurnal serve: {}", printable(text));
}

/// Text from a client as the log may show it: control characters (escape sequences
/// that could clear the administrator's screen or forge a line) written out as
/// escapes, and no longer than a line.
fn printable(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i >= 1000 {
            out.push('…');
            break;
        }
        let mut one = [0; 4];
        out.push_str(&crate::domain::text::shown(c.encode_utf8(&mut one)));
    }
    out
}

/// A login name as a client sent it, fit for the log.
fn shown_login(user: &str) -> String {
    let short: String = user.chars().take(64).collect();
    let mut shown = printable(&short);
    if user.chars().count() > 64 {
        shown.push('…');
    }
    shown
}

/// Logs a flood of alike events once a second with how many were not logged.
#[derive(Debug, Default)]
struct Quiet {
    last: Option<Instant>,
    unsaid: usize,
}

impl Quiet {
    fn log(&mut self, text: &str) {
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < Duration::from_secs(1))
        {
            self.unsaid += 1;
            return;
        }
        if self.unsaid > 0 {
            log(&tr!(
                "{} (и ещё {} таких же за секунду)",
                "{} (and {} more like it within a second)",
                text,
                self.unsaid
            ));
        } else {
            log(text);
        }
        self.last = Some(now);
        self.unsaid = 0;
    }
}

/// Raises the soft limit of open files to the hard limit, so that the server can
/// hold as many connections as the system lets it; returns the limit in force.
fn raise_file_limit() -> u64 {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current != limit.maximum {
        limit.current = limit.maximum;
        let _ = setrlimit(Resource::Nofile, limit);
    }
    getrlimit(Resource::Nofile).current.unwrap_or(u64::MAX)
}

/// Open files a connection may take: its socket, and a session's journal, its WAL and
/// shared memory, and one more for a file being read or written.
const FILES_PER_CONNECTION: u64 = 5;
/// Open files kept for the server itself (journal, log, backups, listener).
const FILES_KEPT: u64 = 32;

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
    // A damaged journal is not served: every session would write into it.
    auth.quick_check().map_err(|e| e.to_string())?;
    if let Some(warning) = crate::store::private::exposure(&opts.db) {
        log(&warning);
    }
    auth.set_today(opts.today);
    auth.set_origin(ssh_origin());
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
    let mut limits = opts.limits;
    let files = raise_file_limit();
    let room = files.saturating_sub(FILES_KEPT) / FILES_PER_CONNECTION;
    if (room as usize) < limits.caps.connections {
        limits.caps.connections = (room as usize).max(1);
        log(&tr!(
            "открытых файлов можно {}: подключений не больше {}",
            "{} open files allowed: at most {} connections",
            files,
            limits.caps.connections
        ));
    }
    opts.files.folders.prepare().map_err(|e| e.to_string())?;
    let mut tui = opts.tui.clone();
    // Each session's files are in its account's folder, never at a typed path.
    tui.folders = Some(opts.files.folders.clone());
    // The backup screen lists the daily backups' folder, by file names alone.
    tui.backups = Some(opts.backup_dir.clone());
    let shared = Arc::new(Shared {
        db: opts.db.clone(),
        today: opts.today,
        tui,
        idle: opts.idle,
        limits,
        files: opts.files.clone(),
        auth: Mutex::new(auth),
        guesses: Mutex::new(limit::Guesses::new(limits.guesses, limits.guess_window)),
        connections: Mutex::new(limit::Connections::default()),
        checks: Mutex::new(HashMap::new()),
        refusals: Mutex::new(Quiet::default()),
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
        // Three passwords a connection are counted by the connection itself; this
        // only ends a client that keeps failing with keys.
        max_auth_attempts: 10,
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
    let backups = spawn_daily(&opts, Arc::clone(&shared));
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
    let (stop_tx, stop_rx) = watch::channel(false);
    let accepting = tokio::spawn(accept(socket, config, Arc::clone(&shared), stop_rx));
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| e.to_string())?;
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(|e| e.to_string())?;
    tokio::select! {
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
    let _ = stop_tx.send(true);
    accepting.abort();
    // Connections say goodbye and record their logouts.
    let deadline = Instant::now() + Duration::from_secs(5);
    while locked(&shared.connections).total() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    log(&tr!("остановлен", "stopped"));
    Ok(())
}

/// Takes connections until the server stops. An error (no file descriptors left, any
/// other) is logged and waited out: the server keeps serving those it has.
async fn accept(
    socket: tokio::net::TcpListener,
    config: Arc<russh::server::Config>,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) {
    let mut pause = Duration::from_millis(50);
    loop {
        match socket.accept().await {
            Ok((stream, peer)) => {
                pause = Duration::from_millis(50);
                let admitted = locked(&shared.connections).admit(&shared.limits.caps, peer.ip());
                if let Err(why) = admitted {
                    locked(&shared.refusals).log(&tr!(
                        "подключение с {} не принято: {}",
                        "connection from {} refused: {}",
                        peer.ip(),
                        refusal_text(why)
                    ));
                    drop(stream);
                    continue;
                }
                tokio::spawn(connection::run(
                    stream,
                    peer,
                    Arc::clone(&config),
                    Arc::clone(&shared),
                    stop.clone(),
                ));
            }
            Err(e) if out_of_resources(&e) => {
                locked(&shared.refusals).log(&tr!(
                    "не удалось принять подключение: {}; жду {} мс",
                    "cannot accept a connection: {}; waiting {} ms",
                    e,
                    pause.as_millis()
                ));
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(1));
            }
            // One connection's trouble (reset before it was taken, …): the next one.
            Err(e) => locked(&shared.refusals).log(&tr!(
                "не удалось принять подключение: {}",
                "cannot accept a connection: {}",
                e
            )),
        }
    }
}

/// An accept error that waiting cures: no descriptors or memory left for now.
fn out_of_resources(e: &std::io::Error) -> bool {
    use rustix::io::Errno;
    e.raw_os_error().is_some_and(|c| {
        [Errno::MFILE, Errno::NFILE, Errno::NOBUFS, Errno::NOMEM]
            .iter()
            .any(|n| n.raw_os_error() == c)
    })
}

fn refusal_text(why: limit::Refusal) -> String {
    match why {
        limit::Refusal::Full(n) => tr!(
            "на сервере уже {} подключений",
            "the server already has {} connections",
            n
        ),
        limit::Refusal::Address(n) => tr!(
            "с этого адреса уже {} подключений",
            "{} connections from this address already",
            n
        ),
        limit::Refusal::Waiting(n) => tr!(
            "уже {} подключений ждут входа",
            "{} connections are waiting to log in already",
            n
        ),
        limit::Refusal::WaitingHere(n) => tr!(
            "с этого адреса уже {} подключений ждут входа",
            "{} connections from this address are waiting to log in already",
            n
        ),
        limit::Refusal::Account(n) => tr!(
            "у этой учётной записи уже {} подключений; закройте лишние",
            "this account has {} connections already; close one",
            n
        ),
    }
}

/// The daily backup and the clearing of old files in the users' folders, on their own
/// thread.
fn spawn_daily(opts: &ServeOptions, shared: Arc<Shared>) -> std::thread::JoinHandle<()> {
    let (dir, at, keep, db) = (
        opts.backup_dir.clone(),
        opts.backup_at,
        opts.keep,
        opts.db.clone(),
    );
    std::thread::spawn(move || {
        let mut due = next_run(chrono::Local::now().naive_local(), at);
        let mut cleared: Option<Instant> = None;
        while !shared.stop.load(Ordering::Relaxed) {
            if cleared.is_none_or(|t| t.elapsed() >= Duration::from_secs(3600)) {
                clear_old_files(&shared.files);
                cleared = Some(Instant::now());
            }
            std::thread::sleep(Duration::from_millis(200));
            let now = chrono::Local::now().naive_local();
            if now < due {
                continue;
            }
            due = next_run(now, at);
            // The backup checks the journal first: a damaged one is not copied.
            // Recorded in the journal like any backup, by the server itself.
            let made = Store::open(&db).and_then(|mut s| {
                let path = s.backup(&dir, keep)?;
                let entry = crate::store::AuditEntry {
                    new: Some(tr!(
                        "{} (ежедневная, сервер)",
                        "{} (daily, by the server)",
                        path.display()
                    )),
                    ..crate::store::AuditEntry::new(
                        crate::domain::audit::Action::Backup,
                        crate::domain::audit::Entity::Journal,
                    )
                };
                s.log_event(&crate::domain::policy::Actor::local_operator(), entry)?;
                Ok(path)
            });
            match made {
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

fn clear_old_files(files: &FilesOptions) {
    match crate::files::expire(
        &files.folders.base,
        files.keep,
        std::time::SystemTime::now(),
    ) {
        Ok(0) => {}
        Ok(n) => log(&tr!(
            "удалено старых файлов из папок пользователей: {}",
            "old files removed from the users' folders: {}",
            n
        )),
        Err(e) => log(&tr!(
            "старые файлы не удалены: {}",
            "old files not removed: {}",
            e
        )),
    }
}

/// A mutex's value; a session thread that panicked holding it leaves nothing half-done
/// there (the store's writes are transactions), so its poison is ignored.
fn locked<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    fn check_password(
        &self,
        user: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<Login, LoginError> {
        locked(&self.auth).authenticate_remote(user, password, &from.to_string())
    }

    fn check_key(&self, user: &str, key: &russh::keys::PublicKey) -> Result<Login, LoginError> {
        let text = key_text(key).ok_or(LoginError::Wrong { failures: 1 })?;
        locked(&self.auth).authenticate_key(user, &text)
    }

    /// The turn of one address's password checks.
    fn checks_from(&self, ip: IpAddr) -> Arc<Semaphore> {
        let mut checks = locked(&self.checks);
        checks.retain(|_, s| Arc::strong_count(s) > 1);
        Arc::clone(
            checks
                .entry(ip)
                .or_insert_with(|| Arc::new(Semaphore::new(CHECKS_PER_ADDRESS))),
        )
    }

    /// Records the end of a login that ran no journal session (SFTP, or nothing).
    fn logout(&self, login: &Login) {
        if let Err(e) = locked(&self.auth).logout(&login.actor) {
            log(&e.to_string());
        }
    }
}

/// A key as the journal stores it: «algorithm base64», as `user key add` stores it.
fn key_text(key: &russh::keys::PublicKey) -> Option<String> {
    let line = key.to_openssh().ok()?;
    crate::store::accounts::ssh_keys::split_key_line(&line)
        .ok()
        .map(|(k, _)| k)
}

/// A terminal size from the client, kept within what the server draws.
fn clamp_size(cols: u32, rows: u32) -> (u16, u16) {
    (
        cols.clamp(1, MAX_COLS as u32) as u16,
        rows.clamp(1, MAX_ROWS as u32) as u16,
    )
}

/// The address a connection came from (a socket without one counts as unspecified).
fn peer_ip(peer: Option<SocketAddr>) -> IpAddr {
    peer.map(|p| p.ip())
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_text_reaches_the_log_without_control_characters() {
        let evil = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{9b}2K director";
        let shown = printable(evil);
        assert!(!shown.chars().any(char::is_control), "{shown}");
        assert!(shown.ends_with(" director"));
        assert_eq!(shown_login(&"x".repeat(30_000)).chars().count(), 65);
    }

    #[test]
    fn sizes_are_clamped_to_what_the_server_draws() {
        assert_eq!(clamp_size(0, 0), (1, 1));
        assert_eq!(clamp_size(80, 24), (80, 24));
        assert_eq!(clamp_size(u32::MAX, 100_000), (MAX_COLS, MAX_ROWS));
    }
}
