//! The archive of a closed school year: a consistent, write-protected copy of the
//! whole journal beside it, made by the year close and removed again if the close
//! does not finish.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::school::YearRow;
use super::{Result, StoreError};
use crate::domain::year::archive_file_name;
use crate::tr;

/// `<dir>/<journal stem>-<YYYY-YYYY>.archive.sqlite`, beside the journal by default.
pub(crate) fn archive_path(journal: &Path, dir: Option<&Path>, year: &YearRow) -> PathBuf {
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => journal
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    let stem = journal
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "zhurnal".into());
    dir.join(archive_file_name(&stem, year.start, year.end))
}

/// A consistent copy of the journal as the archive of `year`: `VACUUM INTO` from a
/// second connection (a reader sees the last commit while the close holds the write
/// lock), then a rollback journal, the `archived` mark and a write-protected file that
/// only its owner reads (0400).
pub(crate) fn write_archive(journal: &Path, target: &Path, year: &str) -> Result<()> {
    let io = |e: std::io::Error| StoreError::Invalid(format!("{}: {e}", target.display()));
    if target.exists() {
        return Err(StoreError::Invalid(tr!(
            "архив уже существует: {}",
            "the archive already exists: {}",
            target.display()
        )));
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        super::private::create_dir_all(dir).map_err(io)?;
    }
    let Some(target_text) = target.to_str() else {
        return Err(StoreError::Invalid(tr!(
            "путь архива не в UTF-8: {}",
            "the archive path is not UTF-8: {}",
            target.display()
        )));
    };
    let copy = || -> Result<()> {
        let src = Connection::open_with_flags(
            journal,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        src.busy_timeout(Duration::from_secs(5))?;
        // VACUUM INTO fills an empty file: made here, it is the owner's only.
        super::private::create_new(target).map_err(io)?;
        src.execute("VACUUM INTO ?1", [target_text])?;
        drop(src);
        let dst = Connection::open(target)?;
        let mode: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(StoreError::Invalid(format!(
                "{}: journal_mode {mode}",
                target.display()
            )));
        }
        dst.execute(
            "INSERT OR REPLACE INTO setting (key, value) VALUES ('archived', ?1)",
            [year],
        )?;
        dst.close().map_err(|(_, e)| e)?;
        super::private::set_mode(target, super::private::ARCHIVE_MODE).map_err(io)?;
        Ok(())
    };
    copy().inspect_err(|_| remove_archive(target))
}

/// Removes an archive the close did not finish (write-protected files included).
pub(crate) fn remove_archive(target: &Path) {
    // Elsewhere than on unix a read-only file cannot be deleted.
    #[cfg(not(unix))]
    if let Ok(m) = std::fs::metadata(target) {
        let mut perms = m.permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        let _ = std::fs::set_permissions(target, perms);
    }
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut p = target.as_os_str().to_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}
