//! Backups: a consistent copy of the journal taken online in one step with SQLite's
//! backup API, checked with `integrity_check`; and restoring one online, through SQLite,
//! so that other programs with the journal open simply see the restored contents.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::check::damage_found;
use super::{Result, Store, StoreError, private};
use crate::tr;

/// How long a restore waits for other users' writes to finish before it gives up.
const RESTORE_WAIT: Duration = Duration::from_secs(30);

/// Checks a journal file: SQLite's integrity check passes and it is a zhurnal journal
/// this program can open. Nothing is left beside the file (see [`open_source`]).
pub fn verify(path: &Path) -> Result<()> {
    let conn = open_source(path).map_err(|e| unreadable(path, e))?;
    if let Some(found) = damage_found(&conn, "integrity_check").map_err(|e| unreadable(path, e))? {
        return Err(StoreError::DamagedCopy(path.to_path_buf(), found));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let years: i64 = conn
        .query_row("SELECT count(*) FROM school_year", [], |r| r.get(0))
        .map_err(|e| unreadable(path, e))?;
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

/// Why a file to copy from could not be read: damaged, or not a journal at all.
fn unreadable(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreError::DamagedCopy(path.to_path_buf(), e.to_string())
        }
        _ => StoreError::NotAJournal(path.to_path_buf(), e.to_string()),
    }
}

/// Opens a file only to read from it (a backup to restore, a copy to check) without
/// leaving `-wal` or `-shm` files beside it: as immutable, unless it has a write-ahead
/// log of its own beside it, whose contents are part of it.
fn open_source(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    match path.to_str() {
        Some(text) if !with_suffix(path, "-wal").exists() => {
            let escaped = text
                .replace('%', "%25")
                .replace('?', "%3f")
                .replace('#', "%23");
            // An empty authority keeps a path that starts with `//` a path.
            let uri = if escaped.starts_with("//") {
                format!("file://{escaped}?immutable=1")
            } else {
                format!("file:{escaped}?immutable=1")
            };
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
        }
        _ => Connection::open_with_flags(path, flags),
    }
}

/// `journal-20251215-093000.sqlite` for a journal `journal.sqlite`.
pub fn backup_name(db: &Path, stamp: &str) -> String {
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("journal");
    format!("{stem}-{stamp}.sqlite")
}

impl Store {
    /// Copies the journal into `dir` (made 0700 if new) in one step while others keep
    /// working, checks the copy (a private file, 0600), and keeps the newest `keep`
    /// copies of this journal there. A damaged journal is refused, with what SQLite
    /// found: its backups would be damaged too. A second copy within the same second is
    /// named `…-093000-2.sqlite`, never put over the first.
    pub fn backup(&self, dir: &Path, keep: usize) -> Result<PathBuf> {
        self.quick_check()?;
        private::create_dir_all(dir)
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", dir.display())))?;
        let target = free_backup_path(dir, self.path(), &stamp());
        copy_checked(&self.conn, &target)?;
        rotate(dir, self.path(), keep)?;
        Ok(target)
    }
}

/// The first free name for a backup taken now: `journal-20251215-093000.sqlite`, then
/// `…-093000-2.sqlite`, `…-093000-3.sqlite` within the same second.
/// The name is reserved by creating its `.part` exclusively: another backup in the
/// same second (another process) takes the next number, and no copy is ever put over
/// another.
fn free_backup_path(dir: &Path, db: &Path, stamp: &str) -> PathBuf {
    let mut candidate = dir.join(backup_name(db, stamp));
    let mut n = 2;
    loop {
        if !candidate.exists() {
            match private::create_new(&with_suffix(&candidate, ".part")) {
                Ok(_) => return candidate,
                // Being written by another backup (or left by one that was stopped).
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                // Not writable here: the copy itself will say why.
                Err(_) => return candidate,
            }
        }
        candidate = dir.join(backup_name(db, &format!("{stamp}-{n}")));
        n += 1;
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
/// write-ahead log, checked, and only then given its name. The copy is private (0600).
fn copy_checked(src: &Connection, target: &Path) -> Result<()> {
    let part = copy_part(src, target)?;
    if let Err(e) = verify(&part) {
        remove_db_files(&part);
        return Err(e);
    }
    place(&part, target)
}

/// Copies the database behind `src` into a new private file beside `target` (its
/// `.part`), not yet checked.
fn copy_part(src: &Connection, target: &Path) -> Result<PathBuf> {
    let part = with_suffix(target, ".part");
    // What an interrupted copy left. An empty part is a backup's reservation of its
    // name (see `free_backup_path`): written into, not removed.
    let reserved =
        std::fs::symlink_metadata(&part).is_ok_and(|m| m.file_type().is_file() && m.len() == 0);
    if reserved {
        for log in ["-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(&part, log));
        }
    } else {
        remove_db_files(&part);
    }
    match copy_into(src, &part) {
        Ok(()) => Ok(part),
        Err(e) => {
            remove_db_files(&part);
            Err(e)
        }
    }
}

/// Copies the database behind `src` into the new file `file`, made 0600 before SQLite
/// opens it (its rollback journal takes the same mode), in one step, as one
/// self-contained file without a write-ahead log.
fn copy_into(src: &Connection, file: &Path) -> Result<()> {
    match private::create_new(file) {
        Ok(_) => {}
        // Reserved by this backup (an empty file of its own, never a link).
        Err(e)
            if e.kind() == std::io::ErrorKind::AlreadyExists
                && std::fs::symlink_metadata(file)
                    .is_ok_and(|m| m.file_type().is_file() && m.len() == 0) => {}
        Err(e) => return Err(StoreError::Invalid(format!("{}: {e}", file.display()))),
    }
    let mut dst = Connection::open(file)?;
    {
        let backup = Backup::new(src, &mut dst)?;
        // -1: every page in one step, so the copy is one consistent moment.
        finished(backup.step(-1)?)?;
    }
    let _mode: String = dst.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    Ok(())
}

/// Gives a finished copy its name.
fn place(part: &Path, target: &Path) -> Result<()> {
    std::fs::rename(part, target)
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
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("journal");
    let mut copies: Vec<((String, u32), PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| StoreError::Invalid(format!("{}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let key = p
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| backup_time(stem, n))?;
            Some((key, p))
        })
        .collect();
    copies.sort();
    let excess = copies.len().saturating_sub(keep.max(1));
    for (_, old) in copies.into_iter().take(excess) {
        let _ = std::fs::remove_file(old);
    }
    // Parts a stopped backup left (a day old: none is still being written).
    let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let Some(copy) = name.to_str().and_then(|n| n.strip_suffix(".part")) else {
            continue;
        };
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < day_ago);
        if stale && backup_time(stem, copy).is_some() {
            remove_db_files(&entry.path());
        }
    }
    Ok(())
}

/// When a backup of the journal `stem` was taken, from its name: the time stamp and
/// the copy's number within that second (1 for the first, unnumbered); `None` for any
/// other file.
pub(crate) fn backup_time(stem: &str, name: &str) -> Option<(String, u32)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(".sqlite")?;
    let (stamp, n) = if rest.len() == 15 {
        (rest, 1)
    } else {
        let number = rest.get(15..)?.strip_prefix('-')?;
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = number.parse().ok().filter(|n| *n >= 2)?;
        (rest.get(..15)?, n)
    };
    let well_formed = stamp.bytes().enumerate().all(|(i, b)| match i {
        8 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    well_formed.then(|| (stamp.to_string(), n))
}

/// How many audit rows of `aside` (the journal a restore replaced) came after the last
/// one of the journal at `db` (the backup now in its place): the history the restore
/// set aside.
pub fn replaced_audit_rows(db: &Path, aside: &Path) -> Result<i64> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY;
    let restored = Connection::open_with_flags(db, flags)?;
    let last: i64 = restored.query_row("SELECT ifnull(max(id), 0) FROM audit", [], |r| r.get(0))?;
    let old = Connection::open_with_flags(aside, flags)?;
    Ok(
        old.query_row("SELECT count(*) FROM audit WHERE id > ?1", [last], |r| {
            r.get(0)
        })?,
    )
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// Where the journal it replaced was kept; `None` when there was none.
    pub aside: Option<PathBuf>,
    /// What SQLite found wrong with the journal it replaced, when that was damaged.
    pub damaged: Option<String>,
}

/// Puts a backup in place of the journal at `db` while other programs may have it open.
/// Returns where the previous journal was kept, and whether it was damaged.
///
/// The backup is checked first: a damaged one is refused. Then the journal is restored
/// online, through SQLite rather than by replacing the file: a file renamed over an
/// open journal would leave the other programs writing to the old one, beside a
/// write-ahead log that no longer belongs to it. Instead SQLite's backup API copies the
/// backup into the live journal from a connection that waits for writers (others wait
/// in turn for the restore), and every other connection sees the restored contents at
/// its next statement (the copy changes the schema cookie, so their prepared statements
/// are prepared again).
///
/// Never half restored: all the pages go in with one `step(-1)`, inside the single
/// write transaction the backup API holds on the journal from its first step to its
/// last. A failure or a crash before that transaction commits leaves the journal as it
/// was (an uncommitted tail of the write-ahead log is ignored), and readers see either
/// the old journal or the restored one, never a mixture.
///
/// The current journal is first copied aside (`<db>.before-restore-<stamp>`, 0600) with
/// the same API and checked. With a write-ahead log (every journal in use) the copy is
/// taken after the restore holds the write lock: readers keep reading, nobody can
/// commit, so the copy is exactly the journal the restore replaces.
///
/// A damaged journal is what a restore cures: its copy is kept aside all the same, and
/// [`Restored::damaged`] says what SQLite found. A file SQLite cannot read at all (its
/// first page gone, or not a database) cannot take the copy online: the file itself,
/// with its log, is kept aside and the checked backup takes its place (programs that
/// still had it open must be started again).
///
/// The backup is only read: nothing is left beside it.
pub fn restore(db: &Path, backup: &Path) -> Result<Restored> {
    verify(backup)?;
    let aside = unused(&with_suffix(db, &format!(".before-restore-{}", stamp())));
    if !db.exists() {
        // Nothing to keep and nobody to share with: a checked copy takes the place.
        let src = open_source(backup)?;
        copy_checked(&src, db)?;
        return Ok(Restored {
            aside: None,
            damaged: None,
        });
    }
    match restore_online(db, backup, &aside) {
        Err(e) if e.is_damage() => {
            let found = match &e {
                StoreError::Damaged(_, found) => found.clone(),
                other => other.to_string(),
            };
            replace_unreadable(db, backup, &unused(&aside), found)
        }
        done => done,
    }
}

/// The restore through SQLite into the journal others have open.
fn restore_online(db: &Path, backup: &Path, aside: &Path) -> Result<Restored> {
    let mut live = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    live.busy_timeout(RESTORE_WAIT)?;
    // The restore must survive a power cut once it reports success.
    live.execute_batch("PRAGMA synchronous = FULL;")?;
    let mode: String = live.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    let wal = mode.eq_ignore_ascii_case("wal");
    let page_size: i64 = live.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let resized = Resized::new(backup, db, page_size)?;
    let src = open_source(resized.path())?;
    let mut damaged = None;
    if !wal {
        // Without a write-ahead log the write lock would shut out the copy's reads too;
        // such a file (an archive, say) has no other writers to race.
        damaged = keep_aside(db, aside)?;
    }
    {
        let copy = Backup::new(&src, &mut live)?;
        // No pages yet: this step takes the journal's write lock (waiting for a writer
        // to finish) and holds it until the last page is in.
        if let StepResult::Busy | StepResult::Locked = copy.step(0)? {
            return Err(StoreError::Busy);
        }
        if wal {
            damaged = keep_aside(db, aside)?;
        }
        // Every page in one step, committed at its end. Dropping `copy` after a failure
        // rolls the journal's transaction back.
        finished(copy.step(-1)?)?;
    }
    // Fold the copy into the file now if nobody is reading; otherwise a later commit
    // does it. Either way the restore is already committed.
    let _ = live.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    Ok(Restored {
        aside: Some(aside.to_path_buf()),
        damaged,
    })
}

/// A journal SQLite cannot read: a checked copy of the backup is made beside it, the
/// file itself is kept aside (linked, so the journal's name always holds the old file
/// or the restored one), its write-ahead or rollback log moved along (left beside the
/// new file, SQLite would apply it to it), and the copy takes its name.
fn replace_unreadable(db: &Path, backup: &Path, aside: &Path, found: String) -> Result<Restored> {
    let src = open_source(backup)?;
    let part = copy_part(&src, db)?;
    drop(src);
    let io = |p: &Path, e: std::io::Error| StoreError::Invalid(format!("{}: {e}", p.display()));
    let moved = verify(&part).and_then(|()| {
        std::fs::hard_link(db, aside)
            .or_else(|_| private::copy_file(db, aside).map(|_| ()))
            .and_then(|()| private::set_mode(aside, private::FILE_MODE))
            .map_err(|e| io(aside, e))?;
        for log in ["-wal", "-journal"] {
            let from = with_suffix(db, log);
            if from.exists() {
                let to = with_suffix(aside, log);
                std::fs::rename(&from, &to).map_err(|e| io(&from, e))?;
                private::set_mode(&to, private::FILE_MODE).map_err(|e| io(&to, e))?;
            }
        }
        let _ = std::fs::remove_file(with_suffix(db, "-shm"));
        place(&part, db)
    });
    if let Err(e) = moved {
        remove_db_files(&part);
        return Err(e);
    }
    Ok(Restored {
        aside: Some(aside.to_path_buf()),
        damaged: Some(found),
    })
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
        let conn = open_source(backup)?;
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
        // Through SQLite, as a private file: a byte copy would take the backup's mode
        // and miss its write-ahead log.
        copy_into(&conn, &tmp)?;
        drop(conn);
        let conn = Connection::open(&tmp)?;
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
/// A damaged journal is kept all the same (what SQLite found is returned): the restore
/// is its cure, and the copy is all there is of the changes since the backup.
fn keep_aside(db: &Path, aside: &Path) -> Result<Option<String>> {
    let current = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    current.busy_timeout(RESTORE_WAIT)?;
    let part = copy_part(&current, aside)?;
    let damaged = match verify(&part) {
        Ok(()) => None,
        Err(StoreError::DamagedCopy(_, found)) => Some(found),
        Err(e) => {
            remove_db_files(&part);
            return Err(e);
        }
    };
    place(&part, aside)?;
    Ok(damaged)
}

/// The message when a restore is refused.
pub fn refused(e: &StoreError) -> String {
    tr!(
        "восстановление не выполнено: {}; журнал не изменён",
        "not restored: {}; the journal is unchanged",
        e
    )
}

/// The audit's words for a restore, in the restored journal: the copy, how many of the
/// audit's rows it replaced, where the previous journal was kept.
pub fn restore_note(copy: &str, replaced: &str, aside: &str) -> String {
    crate::tr!(
        "{} (заменено строк аудита: {}; прежний журнал: {})",
        "{} (replaced audit rows: {}; previous journal: {})",
        copy,
        replaced,
        aside
    )
}

/// The audit's words for a restore, in the journal set aside: what replaced it.
pub fn replaced_note(copy: &str, journal: &str, replaced: &str) -> String {
    crate::tr!(
        "{} → {} (заменено строк аудита: {})",
        "{} → {} (replaced audit rows: {})",
        copy,
        journal,
        replaced
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
    fn a_second_backup_within_a_second_gets_a_number() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Path::new("/x/school.sqlite");
        let first = free_backup_path(dir.path(), db, "20251215-093000");
        assert_eq!(first, dir.path().join("school-20251215-093000.sqlite"));
        std::fs::write(&first, b"a backup").expect("write");
        let second = free_backup_path(dir.path(), db, "20251215-093000");
        assert_eq!(second, dir.path().join("school-20251215-093000-2.sqlite"));
        std::fs::write(with_suffix(&second, ".part"), b"being written").expect("write");
        let third = free_backup_path(dir.path(), db, "20251215-093000");
        assert_eq!(third, dir.path().join("school-20251215-093000-3.sqlite"));
    }

    #[test]
    fn rotation_keeps_the_newest_numbered_copies_too() {
        let dir = tempfile::tempdir().expect("tempdir");
        let names = [
            "school-20251215-093000.sqlite",
            "school-20251215-093000-2.sqlite",
            "school-20251215-093000-10.sqlite",
            "school-20251215-093001.sqlite",
            "school-20251214-235959-3.sqlite",
            // Not this journal's copies, nor copies at all: left alone.
            "school-x-20251215-093000.sqlite",
            "school-20251215-093000.sqlite.part",
            "school-20251215-093000-1.sqlite",
            "school-20251215-0930000.sqlite",
            "other-20251215-093000.sqlite",
        ];
        for n in names {
            std::fs::write(dir.path().join(n), b"").expect("write");
        }
        rotate(dir.path(), Path::new("/x/school.sqlite"), 2).expect("rotate");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut expected = vec![
            "school-20251215-093000-10.sqlite",
            "school-20251215-093001.sqlite",
        ];
        expected.extend(&names[5..]);
        expected.sort();
        assert_eq!(left, expected);
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
