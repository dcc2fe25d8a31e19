//! Backups: a consistent copy of the journal taken online in one step with SQLite's
//! backup API, checked with `integrity_check`; and restoring one without ever leaving a
//! half-restored journal.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError};
use crate::tr;

/// Checks a journal file: SQLite's integrity check passes and it is a zhurnal journal
/// this program can open.
pub fn verify(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| StoreError::NotAJournal(path.to_path_buf(), e.to_string()))?;
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| StoreError::NotAJournal(path.to_path_buf(), e.to_string()))?;
    if ok != "ok" {
        return Err(StoreError::NotAJournal(path.to_path_buf(), ok));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let years: i64 = conn
        .query_row("SELECT count(*) FROM school_year", [], |r| r.get(0))
        .map_err(|e| StoreError::NotAJournal(path.to_path_buf(), e.to_string()))?;
    if version == 0 || years == 0 {
        return Err(StoreError::NotAJournal(
            path.to_path_buf(),
            "no school year".into(),
        ));
    }
    if version > super::SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found: version,
            known: super::SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// `journal-20251215-093000.sqlite` for a journal `journal.sqlite`.
pub fn backup_name(db: &Path, stamp: &str) -> String {
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("journal");
    format!("{stem}-{stamp}.sqlite")
}

impl Store {
    /// Copies the journal into `dir` in one step while others keep working, checks the
    /// copy, and keeps the newest `keep` copies of this journal there.
    pub fn backup(&self, dir: &Path, keep: usize) -> Result<PathBuf> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", dir.display())))?;
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
        let target = dir.join(backup_name(self.path(), &stamp));
        let part = target.with_extension("sqlite.part");
        {
            let mut dst = Connection::open(&part)?;
            {
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
                // -1: every page in one step, so the copy is one consistent moment.
                backup.step(-1)?;
            }
            // A copy is one self-contained file: no write-ahead log beside it.
            let _mode: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        }
        if let Err(e) = verify(&part) {
            let _ = std::fs::remove_file(&part);
            return Err(e);
        }
        std::fs::rename(&part, &target)
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", target.display())))?;
        rotate(dir, self.path(), keep)?;
        Ok(target)
    }
}

/// Removes the oldest copies of this journal beyond `keep`.
fn rotate(dir: &Path, db: &Path, keep: usize) -> Result<()> {
    let stem = db
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("journal")
        .to_string();
    let mut copies: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| StoreError::Invalid(format!("{}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(&format!("{stem}-"))
                    && n.ends_with(".sqlite")
                    && n.len() == stem.len() + 23
            })
        })
        .collect();
    // The names sort by their time stamp.
    copies.sort();
    let excess = copies.len().saturating_sub(keep.max(1));
    for old in copies.into_iter().take(excess) {
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

/// Puts a backup in place of the journal at `db`: the backup is checked first, the
/// current journal is kept aside, and the new file is moved in with one rename.
/// Returns where the previous journal was kept.
pub fn restore(db: &Path, backup: &Path) -> Result<PathBuf> {
    verify(backup)?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let mut aside = db.as_os_str().to_os_string();
    aside.push(format!(".before-restore-{stamp}"));
    let aside = PathBuf::from(aside);
    let mut incoming = db.as_os_str().to_os_string();
    incoming.push(".restoring");
    let incoming = PathBuf::from(incoming);
    let io = |p: &Path, e: std::io::Error| StoreError::Invalid(format!("{}: {e}", p.display()));
    std::fs::copy(backup, &incoming).map_err(|e| io(&incoming, e))?;
    if db.exists() {
        // Fold the write-ahead log into the file so the copy kept aside is complete.
        if let Ok(conn) = Connection::open(db) {
            let _ = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        std::fs::copy(db, &aside).map_err(|e| io(&aside, e))?;
        for suffix in ["-wal", "-shm"] {
            let mut p = db.as_os_str().to_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    std::fs::rename(&incoming, db).map_err(|e| io(db, e))?;
    Ok(aside)
}

/// The message when a restore is refused.
pub fn refused(e: &StoreError) -> String {
    tr!(
        "восстановление не выполнено: {}; журнал не изменён",
        "not restored: {}; the journal is unchanged",
        e
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_time() {
        let a = backup_name(Path::new("/x/school.sqlite"), "20251215-093000");
        let b = backup_name(Path::new("/x/school.sqlite"), "20251216-080000");
        assert_eq!(a, "school-20251215-093000.sqlite");
        assert!(a < b);
        assert_eq!(a.len(), "school".len() + 23);
    }
}
