//! The store: the only module that speaks SQL. One SQLite file per school.
//!
//! Every write is one short `BEGIN IMMEDIATE` transaction that also writes its audit
//! row; no transaction is ever held across user input.

pub mod absences;
pub mod accounts;
pub mod announce;
mod archive;
pub mod assessments;
mod attendance;
mod audit;
pub mod audit_view;
pub mod backup;
pub mod backup_list;
mod bulk;
pub mod calendar_edit;
mod check;
pub mod classes;
mod counts;
pub mod courses;
pub mod day;
pub mod diary;
mod error;
mod finals;
mod fskind;
pub mod grading;
mod ids;
pub mod import;
pub mod journal;
pub mod lessons;
pub mod lock;
mod lookup;
pub mod marks;
pub mod messages;
mod migrate;
pub mod overview;
pub mod plan;
pub mod private;
pub mod production;
pub mod reports;
pub mod school;
pub mod students;
mod subgroups;
mod substitutes;
pub mod work_types;
pub mod year;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{Local, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::domain::policy::Actor;
use crate::tr;

pub use audit::AuditEntry;
pub use error::{Detail, Result, StoreError};
pub use migrate::SCHEMA_VERSION;

/// An open journal.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    today: Option<NaiveDate>,
    /// A fixed clock, for builds that must come out the same every time (the demo).
    fixed_now: Option<NaiveDateTime>,
    /// Set when the file may not be written: an archived year or a write-protected file.
    read_only: Option<ReadOnly>,
    /// Which way this store's changes come in, and the operating-system user.
    origin: Origin,
    /// Set once this store has met the file damaged: nothing more is written to it.
    damaged: std::cell::RefCell<Option<Damage>>,
    /// The process's count of damage met when this store last made sure of its file.
    damage_seen: std::cell::Cell<u64>,
    /// The page cache was made small (`limit_cache`): a reconnection keeps it so.
    small_cache: std::cell::Cell<bool>,
}

/// Damage a store has met in its file.
#[derive(Debug, Clone)]
struct Damage {
    /// What SQLite found.
    found: String,
    /// The file's `data_version` then: once another program has changed the file (a
    /// restore), the file is checked again.
    version: Option<i64>,
}

/// Which way a store's changes come in: recorded in every audit row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origin {
    pub channel: Option<crate::domain::audit::Channel>,
    /// The operating-system user running the program (command line, local screens).
    pub os_user: Option<String>,
}

/// Why a journal was opened read-only.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadOnly {
    /// The archive of a closed school year (its `archived` setting names the year).
    Archive(String),
    /// The file itself is write-protected.
    File,
}

impl Store {
    /// The same journal opened again, keeping this store's day, clock, origin and cache
    /// size: after a restore put a new file in place of a damaged one, whose connection
    /// still reads the file set aside.
    pub fn reconnect(&mut self) -> Result<()> {
        let mut fresh = Store::open(&self.path)?;
        fresh.today = self.today;
        fresh.fixed_now = self.fixed_now;
        fresh.origin = self.origin.clone();
        if self.small_cache.get() {
            fresh.limit_cache();
        }
        *self = fresh;
        Ok(())
    }

    /// Opens an existing journal, upgrading an older schema in one transaction. An
    /// archived year or a write-protected file opens read-only, as it is: no WAL, no
    /// migration.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        // SQLite takes an empty file for a new database: a journal cut to nothing (a
        // failed copy) would pass its check and then be made into an empty journal.
        if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
            return Err(StoreError::NotAJournal(
                path.to_path_buf(),
                tr!("файл пуст", "the file is empty"),
            ));
        }
        let protected = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
        Self::refuse_network_fs(path)?;
        let mut conn = Self::connect(path, protected)?;
        let archived = Self::archived_year(&conn);
        if archived.is_some() && !protected {
            conn = Self::connect(path, true)?;
        }
        let read_only = match (archived, protected) {
            (Some(year), _) => Some(ReadOnly::Archive(year)),
            (None, true) => Some(ReadOnly::File),
            (None, false) => None,
        };
        if let Some(why) = &read_only {
            Self::require_current_schema(&conn, path, why)?;
        } else {
            Self::configure(&mut conn).map_err(|e| StoreError::opening(path, e))?;
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            today: None,
            fixed_now: None,
            read_only,
            origin: Origin::default(),
            damaged: Default::default(),
            damage_seen: error::damage_count().into(),
            small_cache: Default::default(),
        };
        if store.read_only.is_none() {
            migrate::upgrade(&mut store.conn, path)?;
        }
        Ok(store)
    }

    /// A journal must be on a disk of the machine that runs zhurnal.
    fn refuse_network_fs(path: &Path) -> Result<()> {
        match fskind::network_fs(path) {
            Some(fs) => Err(StoreError::NetworkFs(path.to_path_buf(), fs)),
            None => Ok(()),
        }
    }

    fn connect(path: &Path, read_only: bool) -> Result<Connection> {
        let mode = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        };
        let mut conn = Connection::open_with_flags(path, mode | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| StoreError::opening(path, e))?;
        wait_when_busy(&mut conn)?;
        Ok(conn)
    }

    /// The year an archive holds; `None` for a live journal (or not a journal at all,
    /// which the schema check then reports).
    fn archived_year(conn: &Connection) -> Option<String> {
        conn.query_row(
            "SELECT value FROM setting WHERE key = 'archived'",
            [],
            |r| r.get(0),
        )
        .ok()
    }

    /// A read-only file cannot be upgraded, and an older or newer schema would not fit
    /// this binary's queries.
    fn require_current_schema(conn: &Connection, path: &Path, why: &ReadOnly) -> Result<()> {
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| StoreError::opening(path, e))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION {
            let what = match why {
                ReadOnly::Archive(year) => tr!("архив {}", "the archive of {}", year),
                ReadOnly::File => path.display().to_string(),
            };
            return Err(StoreError::Invalid(tr!(
                "{} записан старой версией zhurnal (схема {}, эта версия — {}) и открывается только для чтения, поэтому не может быть обновлён; откройте его той версией zhurnal",
                "{} was written by an older zhurnal (schema {}, this version {}) and opens read-only, so it cannot be upgraded; open it with that zhurnal version",
                what,
                found,
                SCHEMA_VERSION
            )));
        }
        Ok(())
    }

    /// Why the journal is read-only, if it is.
    pub fn read_only(&self) -> Option<&ReadOnly> {
        self.read_only.as_ref()
    }

    /// Refuses every write to an archive, a write-protected file or a file known to be
    /// damaged. When damage has been met anywhere in the process since this store last
    /// looked (through another connection, or by a read of this one, which reports it
    /// without passing here), the file is checked first with `quick_check`; this costs
    /// nothing in the normal case, where no damage is ever met.
    pub(crate) fn ensure_writable(&self) -> Result<()> {
        let known = self.damaged.borrow().clone();
        if let Some(damage) = known {
            let now = self.data_version().ok();
            if now.is_none() || now == damage.version {
                return Err(StoreError::Damaged(Some(self.path.clone()), damage.found));
            }
            // Another program has changed the file since, a restore perhaps.
            self.damaged.replace(None);
            self.damage_seen.set(error::damage_count());
            self.quick_check()?;
        }
        let met = error::damage_count();
        if self.read_only.is_none() && self.damage_seen.get() != met {
            self.damage_seen.set(met);
            self.quick_check()?;
        }
        match &self.read_only {
            None => Ok(()),
            Some(ReadOnly::Archive(year)) => Err(StoreError::Invalid(tr!(
                "архив {} открыт только для чтения: изменения в нём невозможны",
                "the archive of {} is open read-only: it cannot be changed",
                year
            ))),
            Some(ReadOnly::File) => Err(StoreError::Invalid(tr!(
                "файл {} защищён от записи: журнал открыт только для чтения",
                "{} is write-protected: the journal is open read-only",
                self.path.display()
            ))),
        }
    }

    /// Creates a new, empty journal, readable by its owner only (its folder too, if it
    /// is made here); refuses to touch an existing file.
    pub fn create(path: &Path) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        Self::refuse_network_fs(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private::create_dir_all(dir)
                .map_err(|e| StoreError::Invalid(format!("{}: {e}", dir.display())))?;
        }
        // Made 0600 before SQLite opens it: SQLite gives the -wal and -shm files the
        // journal's mode.
        private::create_new(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => StoreError::Exists(path.to_path_buf()),
            _ => StoreError::Invalid(format!("{}: {e}", path.display())),
        })?;
        let mut conn = Connection::open(path)?;
        Self::configure(&mut conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            today: None,
            fixed_now: None,
            read_only: None,
            origin: Origin::default(),
            damaged: Default::default(),
            damage_seen: error::damage_count().into(),
            small_cache: Default::default(),
        };
        migrate::upgrade(&mut store.conn, path)?;
        Ok(store)
    }

    fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
        wait_when_busy(conn)?;
        // WAL lets readers work while one writer commits; FULL makes a commit survive a
        // power cut, not only a crash.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(rusqlite::Error::InvalidQuery);
        }
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;",
        )?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Keeps this connection's page cache small: the server holds one connection per
    /// session, and the operating system caches the file for all of them anyway.
    pub fn limit_cache(&self) {
        self.small_cache.set(true);
        let _ = self.conn.execute_batch("PRAGMA cache_size = -64");
    }

    /// A number that changes whenever another connection (another process, another SSH
    /// session) has committed a change since the last call: open screens poll it to
    /// show other users' changes.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Overrides today's date (demos and tests).
    pub fn set_today(&mut self, today: Option<NaiveDate>) {
        self.today = today;
    }

    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(|| Local::now().date_naive())
    }

    /// Fixes the clock (and today) at `now`.
    pub fn set_fixed_now(&mut self, now: Option<NaiveDateTime>) {
        self.fixed_now = now;
        self.today = now.map(|n| n.date());
    }

    /// The time written into audit rows and marks: now, on the overridden date if set.
    pub fn now(&self) -> NaiveDateTime {
        if let Some(t) = self.fixed_now {
            return t;
        }
        let now = Local::now().naive_local();
        match self.today {
            Some(d) => d.and_time(now.time()),
            None => now,
        }
    }

    /// Says which way this store's changes come in, for their audit rows.
    pub fn set_origin(&mut self, origin: Origin) {
        self.origin = origin;
    }

    /// The stamp of a change made now: the journal's time for its rows, the real
    /// clock's (and the journal's date, when that is another) for its audit row.
    pub(crate) fn stamp(&self) -> audit::Stamp {
        let at = fmt_time(self.now());
        let (real, today) = match (self.fixed_now, self.today) {
            // A build that must come out the same (the demo) keeps its own clock.
            (Some(_), _) => (at.clone(), None),
            (None, Some(d)) => (fmt_time(Local::now().naive_local()), Some(fmt_date(d))),
            (None, None) => (at.clone(), None),
        };
        audit::Stamp {
            at,
            real,
            today,
            channel: self.origin.channel,
            os_user: self.origin.os_user.clone(),
        }
    }

    /// One row of a query whose statement is prepared once and kept: these run on every
    /// keystroke.
    fn row<T, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.conn.prepare_cached(sql)?.query_row(params, f)
    }

    /// Runs an audited change by `actor` in one short immediate transaction: `f` writes
    /// and logs its audit rows through the [`Change`](audit::Change) it is given.
    pub(crate) fn change<T>(
        &mut self,
        actor: &Actor,
        f: impl FnOnce(&audit::Change<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        let at = self.stamp();
        self.write(|tx| f(&audit::Change::new(tx, actor, at)))
    }

    /// Runs `f` in one short immediate transaction. A disk failure or damage names the
    /// file; damage met is remembered, and no later write goes into the file.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.ensure_writable()?;
        let run = |conn: &mut Connection| -> Result<T> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        };
        run(&mut self.conn).map_err(|e| self.noted(e))
    }

    /// Names the file in a disk failure or damage, and remembers damage: the store then
    /// refuses every write.
    pub(crate) fn noted(&self, e: StoreError) -> StoreError {
        match e.at(&self.path) {
            StoreError::Damaged(path, found) => {
                let version = self.data_version().ok();
                let first = self
                    .damaged
                    .replace(Some(Damage {
                        found: found.clone(),
                        version,
                    }))
                    .is_none();
                if first {
                    // Other stores in this process check their file before their next
                    // write: it may be this one.
                    error::damage_met();
                }
                StoreError::Damaged(path, found)
            }
            other => other,
        }
    }
}

/// How long a write waits for another's to finish before saying the journal is busy.
pub const BUSY_WAIT: Duration = Duration::from_secs(5);

thread_local! {
    /// When the current wait for the journal began.
    static WAITING_SINCE: std::cell::Cell<Option<std::time::Instant>> =
        const { std::cell::Cell::new(None) };
}

/// Another connection holds the write lock: try again every 1–3 ms (jittered, so that
/// many waiting processes do not wake together) for up to [`BUSY_WAIT`]. SQLite's own
/// busy timeout backs off to 100 ms sleeps, and a writer that has waited long then keeps
/// losing the lock to fresh ones; short polls keep the queue fair when 60 teachers
/// save at once.
fn on_busy(attempt: i32) -> bool {
    let now = std::time::Instant::now();
    let since = WAITING_SINCE.with(|w| {
        if attempt == 0 || w.get().is_none() {
            w.set(Some(now));
        }
        w.get().unwrap_or(now)
    });
    if now.duration_since(since) >= BUSY_WAIT {
        WAITING_SINCE.with(|w| w.set(None));
        return false;
    }
    let clock = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let jitter = (u64::from(clock / 1000) ^ u64::from(std::process::id()) ^ attempt as u64) % 3;
    std::thread::sleep(Duration::from_micros(1000 + jitter * 1000));
    true
}

fn wait_when_busy(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_handler(Some(on_busy))
}

/// Formats a time as stored.
pub fn fmt_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

pub fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Reads a stored date; the CHECK constraints make a bad one a corrupted file.
pub(crate) fn parse_date(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}
