//! What can go wrong when opening or writing a journal, in words for the user.

use std::path::PathBuf;

use crate::domain::RuleError;
use crate::tr;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", tr!("файл журнала не найден: {}", "journal file not found: {}", .0.display()))]
    Missing(PathBuf),
    #[error("{}", tr!("файл уже существует: {} (укажите другой путь или --force)", "file already exists: {} (choose another path or use --force)", .0.display()))]
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
    /// Another user changed a cell after this user saw it: nothing was written.
    #[error("{}", tr!(
        "клетку только что изменил(а) {by}: теперь в ней «{now}»; ваше изменение не записано — посмотрите и введите снова",
        "{by} has just changed this cell: it now holds «{now}»; your change was not saved — look and enter it again",
        by = if .by.is_empty() { crate::i18n::pick("другой пользователь", "another user") } else { .by.as_str() },
        now = if .now.is_empty() { crate::i18n::pick("пусто", "empty") } else { .now.as_str() }))]
    Conflict { by: String, now: String },
    #[error("{0}")]
    Rule(#[from] RuleError),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{}", tr!("ошибка базы данных: {}", "database error: {}", .0))]
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            _ => StoreError::Sql(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
