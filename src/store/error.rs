//! What can go wrong when opening or writing a journal, in words for the user.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::domain::RuleError;
use crate::tr;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", tr!("файл журнала не найден: {}", "journal file not found: {}", .0.display()))]
    Missing(PathBuf),
    #[error("{}", tr!("файл уже существует: {} (укажите другой путь)", "file already exists: {} (choose another path)", .0.display()))]
    Exists(PathBuf),
    #[error("{}", tr!("{} — не журнал zhurnal или файл повреждён: {}", "{} is not a zhurnal journal or is damaged: {}", .0.display(), .1))]
    NotAJournal(PathBuf, String),
    #[error("{}", tr!(
        "журнал создан более новой версией zhurnal (схема {found}, эта версия знает до {known}); обновите программу",
        "the journal was written by a newer zhurnal (schema {found}, this version knows up to {known}); upgrade the program",
        found = .found, known = .known))]
    NewerSchema { found: i64, known: i64 },
    #[error("{}", tr!(
        "{} лежит на сетевой файловой системе ({}): журнал SQLite в режиме WAL могут открывать только программы на той машине, где хранится файл, иначе он может быть повреждён. Перенесите файл на локальный диск сервера и работайте на нём: `zhurnal serve` (вход по SSH) или ssh на этот сервер",
        "{} is on a network file system ({}): an SQLite journal in WAL mode may only be opened by programs on the machine that holds the file, or it can be damaged. Move the file to a local disk of the server and work there: `zhurnal serve` (log in over SSH) or ssh to that server",
        .0.display(), .1))]
    NetworkFs(PathBuf, String),
    #[error("{}", tr!("журнал занят другим пользователем слишком долго; повторите", "the journal stayed busy too long; try again"))]
    Busy,
    /// The disk failed a read or a write (full, over a size limit, an I/O error); the
    /// journal's file when known.
    #[error("{}", disk(.0.as_deref(), .1))]
    Disk(Option<PathBuf>, String),
    /// The journal is damaged: SQLite's check found it so (what it found, first lines),
    /// or a command met a damaged page. The store that meets it writes nothing more to
    /// the file; the cure is a backup.
    #[error("{}", damaged(.0.as_deref(), .1))]
    Damaged(Option<PathBuf>, String),
    /// A backup (or any file offered to `restore`) is damaged: it cannot be restored.
    #[error("{}", tr!(
        "копия {} повреждена (SQLite нашёл: {}): из неё восстанавливать нельзя; выберите другую копию",
        "the copy {} is damaged (SQLite found: {}): it cannot be restored; choose another copy",
        .0.display(), .1))]
    DamagedCopy(PathBuf, String),
    /// The journal's folder is write-protected: its `-wal` and `-shm` files cannot be made.
    #[error("{}", tr!(
        "папка {} защищена от записи, а журналу {} нужны рядом с ним файлы -wal и -shm: разрешите запись в папку или перенесите журнал",
        "the folder {} is write-protected, and the journal {} needs its -wal and -shm files beside it: allow writing to the folder or move the journal",
        folder(.0), .0.display()))]
    ReadOnlyFolder(PathBuf),
    /// Another user changed a cell after this user saw it: nothing was written.
    #[error("{}", tr!(
        "клетку только что изменил(а) {by}: теперь в ней «{now}»; ваше изменение не записано — посмотрите и введите снова",
        "{by} has just changed this cell: it now holds «{now}»; your change was not saved — look and enter it again",
        by = if .by.is_empty() { crate::i18n::pick("другой пользователь", "another user") } else { .by.as_str() },
        now = if .now.is_empty() { crate::i18n::pick("пусто", "empty") } else { .now.as_str() }))]
    Conflict { by: String, now: String },
    #[error("{0}")]
    Rule(#[from] RuleError),
    /// A text that may not be stored: a control character, or too long.
    #[error("{0}")]
    Text(#[from] crate::domain::text::TextError),
    #[error("{0}")]
    NotFound(String),
    /// Messages are asked for without an account to write and read them as.
    #[error("{}", tr!(
        "сообщения пишут и читают от имени учётной записи",
        "messages are written and read as an account"))]
    NoAccount,
    /// A student's account is asked for without naming its student.
    #[error("{}", tr!(
        "учётной записи ученика нужен ученик",
        "a student account needs its student"))]
    StudentAccountWithoutStudent,
    /// A request that fits more than one thing and must name one more detail: the
    /// words say which (the command line adds the flag that gives it).
    #[error("{message}")]
    Unclear { message: String, need: Detail },
    /// The year close's archive is there already.
    #[error("{}", tr!(
        "архив уже существует: {}; удалите его или выберите другую папку для архива",
        "the archive already exists: {}; remove it or choose another folder for the archive",
        .0.display()))]
    ArchiveExists(PathBuf),
    /// The year close found year finals missing and was not told to close anyway.
    #[error("{}", tr!(
        "не выставлено годовых отметок: {}; год не закрыт",
        "{} year finals are missing; the year is not closed",
        .0))]
    FinalsMissing(usize),
    /// A new password breaks a rule, or the current one typed is wrong.
    #[error("{0}")]
    Password(#[from] crate::domain::accounts::PasswordError),
    #[error("{0}")]
    Invalid(String),
    #[error("{}", tr!("ошибка базы данных: {}", "database error: {}", .0))]
    Sql(rusqlite::Error),
}

/// The detail an unclear request must add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The lesson's number that day.
    LessonNumber,
    /// The group of a class split into groups.
    Group,
    /// A calendar change empties lessons that hold marks or attendance: say to drop them.
    DropEntered,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            Some(rusqlite::ErrorCode::DiskFull) | Some(rusqlite::ErrorCode::SystemIoFailure) => {
                StoreError::Disk(None, e.to_string())
            }
            Some(rusqlite::ErrorCode::DatabaseCorrupt)
            | Some(rusqlite::ErrorCode::NotADatabase) => {
                damage_met();
                StoreError::Damaged(None, e.to_string())
            }
            _ => StoreError::Sql(e),
        }
    }
}

impl StoreError {
    /// Whether the journal (or the file at hand) was found damaged.
    pub fn is_damage(&self) -> bool {
        matches!(self, StoreError::Damaged(..))
    }

    /// Names the journal in a disk failure or damage found while working with it.
    pub(crate) fn at(self, path: &Path) -> StoreError {
        match self {
            StoreError::Disk(None, what) => StoreError::Disk(Some(path.to_path_buf()), what),
            StoreError::Damaged(None, what) => StoreError::Damaged(Some(path.to_path_buf()), what),
            other => other,
        }
    }

    /// Why the journal at `path` could not be opened: its folder, the disk, or the file.
    pub(crate) fn opening(path: &Path, e: rusqlite::Error) -> StoreError {
        let extended = match &e {
            rusqlite::Error::SqliteFailure(f, _) => Some(f.extended_code),
            _ => None,
        };
        let folder_protected =
            || std::fs::metadata(folder(path)).is_ok_and(|m| m.permissions().readonly());
        match e.sqlite_error_code() {
            _ if extended == Some(rusqlite::ffi::SQLITE_READONLY_DIRECTORY) => {
                StoreError::ReadOnlyFolder(path.to_path_buf())
            }
            Some(rusqlite::ErrorCode::CannotOpen) | Some(rusqlite::ErrorCode::ReadOnly)
                if folder_protected() =>
            {
                StoreError::ReadOnlyFolder(path.to_path_buf())
            }
            Some(rusqlite::ErrorCode::DiskFull) | Some(rusqlite::ErrorCode::SystemIoFailure) => {
                StoreError::Disk(Some(path.to_path_buf()), e.to_string())
            }
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            _ => StoreError::NotAJournal(path.to_path_buf(), e.to_string()),
        }
    }
}

/// How many times this process has met a damaged file. A store compares it with the
/// count it last looked at before each write: damage met anywhere (a read through any
/// connection, in any thread) makes it check its own file once before writing.
static DAMAGE_MET: AtomicU64 = AtomicU64::new(0);

/// Counts damage met (SQLite said the file is corrupt or not a database).
pub(crate) fn damage_met() {
    DAMAGE_MET.fetch_add(1, Ordering::Relaxed);
}

/// The count of damage met so far.
pub(crate) fn damage_count() -> u64 {
    DAMAGE_MET.load(Ordering::Relaxed)
}

/// A damaged journal: what SQLite found, that nothing more is written to it, and the cure.
fn damaged(path: Option<&Path>, found: &str) -> String {
    match path {
        Some(p) => tr!(
            "{} повреждён (SQLite нашёл: {}); изменения в него больше не записываются. Восстановите журнал из резервной копии: zhurnal restore КОПИЯ --db {} (копии — в папке backups рядом с журналом), затем проверьте: zhurnal check --db {}",
            "{} is damaged (SQLite found: {}); nothing more is written to it. Restore the journal from a backup: zhurnal restore BACKUP --db {} (the copies are in backups/ beside the journal), then check it: zhurnal check --db {}",
            p.display(),
            found,
            p.display(),
            p.display()
        ),
        None => tr!(
            "журнал повреждён (SQLite нашёл: {}); изменения в него больше не записываются. Восстановите его из резервной копии: zhurnal restore КОПИЯ (копии — в папке backups рядом с журналом), затем проверьте: zhurnal check",
            "the journal is damaged (SQLite found: {}); nothing more is written to it. Restore it from a backup: zhurnal restore BACKUP (the copies are in backups/ beside the journal), then check it: zhurnal check",
            found
        ),
    }
}

/// A disk failure; with the journal named, the write it cut short is known to be undone.
fn disk(path: Option<&Path>, what: &str) -> String {
    match path {
        Some(p) => tr!(
            "{}: ошибка диска ({}): проверьте, есть ли на диске свободное место; недописанное изменение в журнал не попало",
            "{}: disk error ({}): check that the disk has free space; an unfinished change did not reach the journal",
            p.display(),
            what
        ),
        None => tr!(
            "ошибка диска ({}): проверьте, есть ли на диске свободное место",
            "disk error ({}): check that the disk has free space",
            what
        ),
    }
}

/// The folder a file is in, `.` for a bare file name.
fn folder(path: &Path) -> String {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.display().to_string(),
        _ => ".".to_string(),
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
