//! Backups: a consistent copy of the journal taken online in one step with SQLite's
//! backup API, checked with `integrity_check`; and restoring one online, through SQLite,
//! so that other programs with the journal open simply see the restored contents.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError};
use crate::tr;

/// How long a restore waits for other users' writes to finish before it gives up.
const RESTORE_WAIT: Duration = Duration::from_secs(30);

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
        let target = dir.join(backup_name(self.path(), &stamp()));
        copy_checked(&self.conn, &target)?;
        rotate(dir, self.path(), keep)?;
        Ok(target)
    }
}

fn stamp() -> String {
    chrono::Local::now().format("%Y%m%d-%H%M%S").to_string()
}

/// `path` with `suffix` added to its name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_os_string();
    p.push(suffix);
    PathBuf::from(p)
}

/// Whether a backup step copied everything; a step that found the file locked did not.
fn finished(step: StepResult) -> Result<()> {
    match step {
        StepResult::Done => Ok(()),
        StepResult::Busy | StepResult::Locked => Err(StoreError::Busy),
        _ => Err(StoreError::Invalid(tr!(
            "копирование прервано",
            "the copy was cut short"
        ))),
    }
}

/// Copies the database behind `src` into the new file `target`: written beside it
/// first, in one step (one consistent moment), made one self-contained file without a
/// write-ahead log, checked, and only then given its name.
fn copy_checked(src: &Connection, target: &Path) -> Result<()> {
    let part = with_suffix(target, ".part");
    // What an interrupted copy left.
    remove_db_files(&part);
    let copied = (|| -> Result<()> {
        let mut dst = Connection::open(&part)?;
        {
            let backup = Backup::new(src, &mut dst)?;
            // -1: every page in one step, so the copy is one consistent moment.
            finished(backup.step(-1)?)?;
        }
        let _mode: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        Ok(())
    })()
    .and_then(|()| verify(&part));
    if let Err(e) = copied {
        remove_db_files(&part);
        return Err(e);
    }
    std::fs::rename(&part, target)
        .map_err(|e| StoreError::Invalid(format!("{}: {e}", target.display())))
}

/// Removes a database file and the files SQLite keeps beside it.
fn remove_db_files(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
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

/// Puts a backup in place of the journal at `db` while other programs may have it open.
/// Returns where the previous journal was kept.
///
/// The backup is checked first. Then the journal is restored online, through SQLite
/// rather than by replacing the file: a file renamed over an open journal would leave
/// the other programs writing to the old one, beside a write-ahead log that no longer
/// belongs to it. Instead SQLite's backup API copies the backup into the live journal
/// from a connection that waits for writers (others wait in turn for the restore), and
/// every other connection sees the restored contents at its next statement (the copy
/// changes the schema cookie, so their prepared statements are prepared again).
///
/// Never half restored: all the pages go in with one `step(-1)`, inside the single
/// write transaction the backup API holds on the journal from its first step to its
/// last. A failure or a crash before that transaction commits leaves the journal as it
/// was (an uncommitted tail of the write-ahead log is ignored), and readers see either
/// the old journal or the restored one, never a mixture.
///
/// The current journal is first copied aside (`<db>.before-restore-<stamp>`) with the
/// same API and checked. With a write-ahead log (every journal in use) the copy is taken
/// after the restore holds the write lock: readers keep reading, nobody can commit, so
/// the copy is exactly the journal the restore replaces.
pub fn restore(db: &Path, backup: &Path) -> Result<PathBuf> {
    verify(backup)?;
    let aside = unused(&with_suffix(db, &format!(".before-restore-{}", stamp())));
    if !db.exists() {
        // Nothing to keep and nobody to share with: a checked copy takes the place.
        let src = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        copy_checked(&src, db)?;
        return Ok(aside);
    }
    let mut live = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    live.busy_timeout(RESTORE_WAIT)?;
    // The restore must survive a power cut once it reports success.
    live.execute_batch("PRAGMA synchronous = FULL;")?;
    let mode: String = live.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    let wal = mode.eq_ignore_ascii_case("wal");
    let page_size: i64 = live.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let resized = Resized::new(backup, db, page_size)?;
    let src = Connection::open_with_flags(resized.path(), OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if !wal {
        // Without a write-ahead log the write lock would shut out the copy's reads too;
        // such a file (an archive, say) has no other writers to race.
        keep_aside(db, &aside)?;
    }
    {
        let copy = Backup::new(&src, &mut live)?;
        // No pages yet: this step takes the journal's write lock (waiting for a writer
        // to finish) and holds it until the last page is in.
        if let StepResult::Busy | StepResult::Locked = copy.step(0)? {
            return Err(StoreError::Busy);
        }
        if wal {
            keep_aside(db, &aside)?;
        }
        // Every page in one step, committed at its end. Dropping `copy` after a failure
        // rolls the journal's transaction back.
        finished(copy.step(-1)?)?;
    }
    // Fold the copy into the file now if nobody is reading; otherwise a later commit
    // does it. Either way the restore is already committed.
    let _ = live.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    Ok(aside)
}

/// `path`, or with `-2`, `-3`… added if that is taken: a second restore within the same
/// second keeps both journals it replaced.
fn unused(path: &Path) -> PathBuf {
    let mut candidate = path.to_path_buf();
    let mut n = 2;
    while candidate.exists() || with_suffix(&candidate, ".part").exists() {
        candidate = with_suffix(path, &format!("-{n}"));
        n += 1;
    }
    candidate
}

/// The backup with pages of the journal's size. SQLite copies into a journal with a
/// write-ahead log only page for page, so a backup whose page size differs is first
/// rebuilt with the journal's size in a temporary file beside the journal, removed when
/// the restore is over.
struct Resized {
    backup: PathBuf,
    temporary: Option<PathBuf>,
}

impl Resized {
    fn new(backup: &Path, db: &Path, page_size: i64) -> Result<Resized> {
        let conn = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let theirs: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        if theirs == page_size {
            return Ok(Resized {
                backup: backup.to_path_buf(),
                temporary: None,
            });
        }
        let tmp = with_suffix(db, ".restoring");
        remove_db_files(&tmp);
        let resized = Resized {
            backup: backup.to_path_buf(),
            temporary: Some(tmp.clone()),
        };
        std::fs::copy(backup, &tmp)
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", tmp.display())))?;
        let conn = Connection::open(&tmp)?;
        let _mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        conn.execute_batch(&format!("PRAGMA page_size = {page_size}; VACUUM;"))?;
        Ok(resized)
    }

    fn path(&self) -> &Path {
        self.temporary.as_deref().unwrap_or(&self.backup)
    }
}

impl Drop for Resized {
    fn drop(&mut self) {
        if let Some(tmp) = &self.temporary {
            remove_db_files(tmp);
        }
    }
}

/// A consistent, checked copy of the journal at `db`, read through its own connection.
fn keep_aside(db: &Path, aside: &Path) -> Result<()> {
    let current = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    current.busy_timeout(RESTORE_WAIT)?;
    copy_checked(&current, aside)
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

    #[test]
    fn a_journal_kept_aside_is_never_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = dir
            .path()
            .join("school.sqlite.before-restore-20251215-093000");
        assert_eq!(unused(&first), first);
        std::fs::write(&first, b"kept").expect("write");
        let second = unused(&first);
        assert_eq!(second, with_suffix(&first, "-2"));
        std::fs::write(with_suffix(&second, ".part"), b"being written").expect("write");
        assert_eq!(unused(&first), with_suffix(&first, "-3"));
    }
}
