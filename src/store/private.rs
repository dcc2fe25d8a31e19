//! Private files: everything zhurnal creates (journals, backups, archives, copies kept
//! aside, exports) is for its owner only, files 0600 and folders 0700, whatever the
//! umask; and a warning when a journal can be read by others. Anyone who can read the
//! file reads the whole journal: its mode is the only boundary between local users.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::tr;

/// A file zhurnal creates: read and written by its owner only.
pub const FILE_MODE: u32 = 0o600;
/// A folder zhurnal creates.
pub const DIR_MODE: u32 = 0o700;
/// A year's archive: read by its owner only, written by nobody.
pub const ARCHIVE_MODE: u32 = 0o400;

/// Makes every file and folder the process creates from now on its owner's only (umask
/// 077). The command line sets it at start; the store does not rely on it.
pub fn owner_only_umask() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// Creates `dir` and its missing parents with mode 0700; folders already there keep
/// theirs.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder.create(dir)
}

/// Creates the new, empty file `path` with mode 0600; an existing file is an error.
pub fn create_new(path: &Path) -> io::Result<File> {
    let file = options().create_new(true).open(path)?;
    set_file_mode(&file, FILE_MODE)?;
    Ok(file)
}

/// Creates `path` (or empties it) with mode 0600, set explicitly on a file already there.
pub fn create(path: &Path) -> io::Result<File> {
    let file = options().create(true).truncate(true).open(path)?;
    set_file_mode(&file, FILE_MODE)?;
    Ok(file)
}

fn options() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(FILE_MODE);
    }
    o
}

/// The umask only narrows the mode a file is created with; this sets it exactly.
fn set_file_mode(file: &File, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (file, mode);
    Ok(())
}

/// Sets the mode of the file at `path` (0600, or 0400 for an archive). Elsewhere than on
/// unix a mode without the owner's write bit makes the file read-only.
pub fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let mut perms = std::fs::metadata(path)?.permissions();
        perms.set_readonly(mode & 0o200 == 0);
        std::fs::set_permissions(path, perms)
    }
}

/// Writes `bytes` into `path` as a private file, atomically: beside it first (a hidden
/// `.part` of this process), then renamed over it, so that a reader never sees half a
/// file and a failed write leaves the old file as it was.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A name nobody can guess, made new (never through a link someone left there).
    let tmp = path.with_file_name(format!(
        ".{name}.{}-{:016x}.part",
        std::process::id(),
        rand::random::<u64>()
    ));
    let written = create_new(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Copies the file `from` into the new private file `to` (`std::fs::copy` would give it
/// `from`'s mode).
pub fn copy_file(from: &Path, to: &Path) -> io::Result<u64> {
    let mut src = File::open(from)?;
    let mut dst = create(to)?;
    let n = io::copy(&mut src, &mut dst)?;
    dst.sync_all()?;
    Ok(n)
}

/// A one-line warning when the journal (or its `-wal`/`-shm`) or its folder can be read
/// by the group or by every user of this machine: who can, and the command that fixes
/// it. `None` when only the owner can, or when the file is not there.
pub fn exposure(journal: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        exposure_unix(journal)
    }
    #[cfg(not(unix))]
    {
        let _ = journal;
        None
    }
}

#[cfg(unix)]
fn exposure_unix(journal: &Path) -> Option<String> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    let meta = std::fs::metadata(journal).ok()?;
    let mode = |m: &std::fs::Metadata| m.permissions().mode() & 0o7777;
    let mut what = Vec::new();
    let mut fixes = Vec::new();

    let mut files = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut p = journal.as_os_str().to_os_string();
        p.push(suffix);
        let p = PathBuf::from(p);
        if let Ok(m) = std::fs::metadata(&p)
            && let Some(who) = readers(mode(&m))
        {
            if suffix.is_empty() {
                what.push(tr!(
                    "журнал {} могут читать {} (права {:04o})",
                    "the journal {} can be read by {} (mode {:04o})",
                    journal.display(),
                    who,
                    mode(&m) & 0o777
                ));
            }
            files.push(shell_quote(&p));
        }
    }
    if !files.is_empty() {
        if what.is_empty() {
            what.push(tr!(
                "файлы -wal и -shm журнала {} могут читать другие пользователи",
                "the -wal and -shm files of the journal {} can be read by other users",
                journal.display()
            ));
        }
        fixes.push(format!("chmod 600 {}", files.join(" ")));
    }

    let folder = match journal.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let Ok(m) = std::fs::metadata(&folder)
        && let Some(who) = readers(mode(&m))
    {
        what.push(tr!(
            "папку {} могут читать {} (права {:04o})",
            "its folder {} can be read by {} (mode {:04o})",
            folder.display(),
            who,
            mode(&m) & 0o777
        ));
        // A shared folder such as /tmp (sticky, writable by all) or another user's is
        // not the journal's to close: the journal moves into a folder of its own.
        let shared = mode(&m) & 0o1002 != 0 || m.uid() != meta.uid();
        fixes.push(if shared {
            tr!(
                "перенесите журнал в отдельную папку (mkdir -m 700 ПАПКА)",
                "move the journal into a folder of its own (mkdir -m 700 FOLDER)"
            )
        } else {
            format!("chmod 700 {}", shell_quote(&folder))
        });
    }
    if what.is_empty() {
        return None;
    }
    Some(tr!(
        "предупреждение: {}; кто может прочесть файл, тот прочтёт весь журнал (имена, отметки, сообщения, хеши паролей); исправьте: {}",
        "warning: {}; whoever can read the file reads the whole journal (names, marks, messages, password hashes); fix: {}",
        what.join("; "),
        fixes.join(" && ")
    ))
}

/// Who besides the owner may read a file or folder of this mode.
#[cfg(unix)]
fn readers(mode: u32) -> Option<String> {
    let group = mode & 0o040 != 0;
    let others = mode & 0o004 != 0;
    let who = match (group, others) {
        (false, false) => return None,
        (true, false) => crate::i18n::pick("группа", "the group"),
        (false, true) => crate::i18n::pick(
            "все пользователи этого компьютера",
            "every user of this machine",
        ),
        (true, true) => crate::i18n::pick(
            "группа и все пользователи этого компьютера",
            "the group and every user of this machine",
        ),
    };
    Some(who.to_string())
}

/// A path as a shell argument: as it is when that is safe, else in single quotes.
fn shell_quote(p: &Path) -> String {
    let s = p.to_string_lossy();
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "/._-+,:@%=".contains(c));
    if plain {
        s.into_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode_of(p: &Path) -> u32 {
        std::fs::metadata(p).expect("metadata").permissions().mode() & 0o7777
    }

    #[test]
    fn files_and_folders_are_created_private() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("a/b");
        create_dir_all(&sub).expect("mkdir");
        assert_eq!(mode_of(&dir.path().join("a")), 0o700);
        assert_eq!(mode_of(&sub), 0o700);

        let f = sub.join("x.csv");
        std::fs::write(&f, b"old").expect("write");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write_file(&f, b"new").expect("write_file");
        assert_eq!(std::fs::read(&f).expect("read"), b"new");
        assert_eq!(mode_of(&f), 0o600);
        let left: Vec<_> = std::fs::read_dir(&sub)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 1, "{left:?}");

        let copy = sub.join("y.csv");
        copy_file(&f, &copy).expect("copy");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        copy_file(&f, &copy).expect("copy again");
        assert_eq!(mode_of(&copy), 0o600);
        assert!(
            create_new(&copy).is_err(),
            "an existing file is not replaced"
        );
    }

    #[test]
    fn exposure_names_who_reads_and_the_fix() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("my journal");
        create_dir_all(&folder).expect("mkdir");
        let db = folder.join("j.sqlite");
        assert_eq!(exposure(&db), None, "no file, nothing to say");
        create_new(&db).expect("create");
        assert_eq!(exposure(&db), None);

        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let w = exposure(&db).expect("group reads");
        assert!(w.contains("can be read by the group (mode 0640)"), "{w}");
        assert!(w.contains(&format!("chmod 600 '{}'", db.display())), "{w}");
        assert!(!w.contains("chmod 700"), "{w}");

        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let w = exposure(&db).expect("others list the folder");
        assert!(w.contains("every user of this machine (mode 0755)"), "{w}");
        assert!(
            w.contains(&format!("fix: chmod 700 '{}'", folder.display())),
            "{w}"
        );
        assert!(!w.contains("chmod 600"), "{w}");

        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o1777)).expect("chmod");
        let w = exposure(&db).expect("a shared folder");
        assert!(w.contains("a folder of its own"), "{w}");
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        assert_eq!(exposure(&db), None);
    }
}
