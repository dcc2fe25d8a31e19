//! A user's own folder on the server: the only place a served session reads or writes files.
//!
//! Over SSH the screens run inside `zhurnal serve`, with the server's rights; a path the user
//! types must never reach the disk. Each account gets `base/<account folder>` (0700); inside
//! it, files are named by a plain name (no folders, no hidden names) and opened without
//! following symlinks, within a per-user quota and above a floor of free disk that keeps the
//! journal writable. The SFTP subsystem and the screens' exports and imports both go through
//! here. No user interface lives in this module.

use std::fs::{self, DirBuilder, File};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rustix::fs::{Mode, OFlags};

use crate::i18n::pick;
use crate::tr;

/// Mode of every file written here: the owner only.
const FILE_MODE: u32 = 0o600;
/// Mode of the base folder and of every account folder.
const DIR_MODE: u32 = 0o700;
/// Longest file name most file systems take, in bytes.
const NAME_MAX: usize = 255;
/// Suffix of a file still being written (ours, or an SFTP client's); never listed.
const PART: &str = ".part";

/// How much one account may keep, and how much free disk must stay for the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderLimits {
    /// Total size of the files in the folder; `u64::MAX` for no quota.
    pub quota_bytes: u64,
    /// Free space the disk must keep after a write; `0` for no floor.
    pub min_free_bytes: u64,
}

impl FolderLimits {
    /// No quota and no floor (a local terminal, tests).
    pub const UNLIMITED: FolderLimits = FolderLimits {
        quota_bytes: u64::MAX,
        min_free_bytes: 0,
    };
}

/// Where the accounts' folders are, and what each may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub base: PathBuf,
    pub limits: FolderLimits,
}

impl Folders {
    /// Makes the folders' home (0700; never a symlink or a file) if it is missing.
    pub fn prepare(&self) -> Result<(), FileError> {
        ensure_dir(&self.base, true)
    }

    /// The folder of `login`, made if missing.
    pub fn of(&self, login: &str) -> Result<Folder, FileError> {
        Folder::for_account(&self.base, login, self.limits)
    }
}

/// One account's folder. Holding a `Folder` means its root was checked: a real folder, not a
/// symlink, 0700.
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
    limits: FolderLimits,
}

/// A file the user can see in their folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub size: u64,
    pub modified: SystemTime,
}

/// How [`Folder::open`] opens a file; the fields follow SFTP's open flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenMode {
    pub read: bool,
    pub write: bool,
    /// Writes go to the end of the file.
    pub append: bool,
    /// Create the file when it is missing.
    pub create: bool,
    /// Empty an existing file.
    pub truncate: bool,
    /// With `create`: fail when the name exists.
    pub exclusive: bool,
}

/// Why a file name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    Empty,
    /// Holds `/` or `\`: a path, not a name.
    Path,
    /// `.` or `..`.
    Dots,
    /// Starts with a dot.
    Hidden,
    /// Holds NUL or another control character.
    Control,
    /// Longer than 255 bytes.
    TooLong,
}

impl std::fmt::Display for NameRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NameRule::Empty => pick("имя пустое", "the name is empty"),
            NameRule::Path => pick(
                "укажите только имя файла, без папок («/» и «\\» нельзя)",
                "give a file name only, without folders (no «/» or «\\»)",
            ),
            NameRule::Dots => pick(
                "«.» и «..» — не имена файлов",
                "«.» and «..» are not file names",
            ),
            NameRule::Hidden => pick(
                "имя не может начинаться с точки",
                "a name cannot start with a dot",
            ),
            NameRule::Control => pick(
                "в имени есть управляющие символы",
                "the name holds control characters",
            ),
            NameRule::TooLong => pick("имя длиннее 255 байт", "the name is over 255 bytes"),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{}", tr!("недопустимое имя файла «{}»: {}", "file name «{}» refused: {}", .name, .rule))]
    BadName { name: String, rule: NameRule },
    #[error("{}", tr!("файла «{}» нет в вашей папке", "no file «{}» in your folder", .0))]
    NotFound(String),
    #[error("{}", tr!("файл «{}» уже есть в вашей папке", "file «{}» already exists in your folder", .0))]
    Exists(String),
    #[error("{}", tr!("«{}» — не обычный файл", "«{}» is not a regular file", .0))]
    NotAFile(String),
    /// An account folder or the base is missing its folder: a file, or a symlink.
    #[error("{}", tr!(
        "{} — не папка (или символическая ссылка): папки пользователей там не создаются",
        "{} is not a folder (or is a symlink): users' folders are not made there",
        .0.display()))]
    NotAFolder(PathBuf),
    #[error("{}", tr!(
        "в вашей папке не хватает места: занято {} из {}, нужно ещё {}; удалите ненужные файлы (sftp)",
        "not enough room in your folder: {} of {} used, {} more needed; remove files you no longer need (sftp)",
        human_size(*.used), human_size(*.quota), human_size(*.needed)))]
    Quota { used: u64, quota: u64, needed: u64 },
    #[error("{}", tr!(
        "на диске сервера мало места (свободно {}, для журнала оставляется {}): файлы сейчас не записываются; сообщите администратору",
        "the server's disk is low (free {}, {} kept for the journal): files are not written now; tell the administrator",
        human_size(*.free), human_size(*.floor)))]
    DiskLow { free: u64, floor: u64 },
    #[error("{}", tr!(
        "файл «{}» слишком большой ({}, можно до {})",
        "file «{}» is too large ({}, at most {})",
        .name, human_size(*.size), human_size(*.max)))]
    TooBig { name: String, size: u64, max: u64 },
    #[error("{}", tr!("{}: ошибка диска: {}", "{}: disk error: {}", .what, .source))]
    Io { what: String, source: io::Error },
}

impl FileError {
    /// Words for a failed system call on `name`: the usual cases get their own variant.
    fn io(name: &str, e: io::Error) -> FileError {
        match e.kind() {
            io::ErrorKind::NotFound => FileError::NotFound(name.to_string()),
            io::ErrorKind::AlreadyExists => FileError::Exists(name.to_string()),
            io::ErrorKind::IsADirectory | io::ErrorKind::NotADirectory => {
                FileError::NotAFile(name.to_string())
            }
            // O_NOFOLLOW on a symlink (ELOOP), a FIFO without a reader (ENXIO).
            _ if matches!(
                e.raw_os_error(),
                Some(c) if c == rustix::io::Errno::LOOP.raw_os_error()
                    || c == rustix::io::Errno::NXIO.raw_os_error()
            ) =>
            {
                FileError::NotAFile(name.to_string())
            }
            _ => FileError::Io {
                what: name.to_string(),
                source: e,
            },
        }
    }

    fn at(path: &Path, e: io::Error) -> FileError {
        FileError::Io {
            what: path.display().to_string(),
            source: e,
        }
    }
}

/// A size for people: «512 Б», «1,5 МБ».
pub fn human_size(bytes: u64) -> String {
    let units = [
        pick("Б", "B"),
        pick("КБ", "KB"),
        pick("МБ", "MB"),
        pick("ГБ", "GB"),
        pick("ТБ", "TB"),
    ];
    if bytes == u64::MAX {
        return pick("без ограничения", "unlimited").to_string();
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} {}", units[0])
    } else {
        let text = format!("{value:.1}");
        let text = text.strip_suffix(".0").unwrap_or(&text).to_string();
        let text = match crate::i18n::lang() {
            crate::i18n::Lang::Ru => text.replace('.', ","),
            crate::i18n::Lang::En => text,
        };
        format!("{text} {}", units[unit])
    }
}

/// Free space on the disk that holds `path`, as an unprivileged user sees it.
pub fn free_bytes(path: &Path) -> Result<u64, FileError> {
    let st = rustix::fs::statvfs(path).map_err(|e| FileError::at(path, e.into()))?;
    Ok(st.f_bavail.saturating_mul(st.f_frsize))
}

/// The name of an account's folder: the login (lower-cased) when it is made of safe
/// characters, else `+` and the hex of its bytes. Logins are unique regardless of ASCII case
/// (the journal compares them `NOCASE`), so the lower case maps every spelling of one account
/// to one folder and never two accounts to one; `+` never starts a safe name, so an encoded
/// name cannot equal a plain one.
pub fn account_folder_name(login: &str) -> Result<String, FileError> {
    let login = login.trim().to_ascii_lowercase();
    let safe = !login.is_empty()
        && !login.starts_with('.')
        && login
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    let name = if safe {
        login.clone()
    } else {
        let mut s = String::from("+");
        for b in login.bytes() {
            s.push_str(&format!("{b:02x}"));
        }
        s
    };
    if login.is_empty() {
        return Err(FileError::BadName {
            name: login,
            rule: NameRule::Empty,
        });
    }
    if name.len() > NAME_MAX {
        return Err(FileError::BadName {
            name: login,
            rule: NameRule::TooLong,
        });
    }
    Ok(name)
}

/// Makes `path` a folder of mode 0700 when missing (with its parents); refuses a symlink or a
/// file there.
fn ensure_dir(path: &Path, tighten: bool) -> Result<(), FileError> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_dir() => {
            if tighten && m.permissions().mode() & 0o7777 != DIR_MODE {
                fs::set_permissions(path, fs::Permissions::from_mode(DIR_MODE))
                    .map_err(|e| FileError::at(path, e))?;
            }
            Ok(())
        }
        Ok(_) => Err(FileError::NotAFolder(path.to_path_buf())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            match DirBuilder::new()
                .recursive(true)
                .mode(DIR_MODE)
                .create(path)
            {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(FileError::at(path, e)),
            }
            // Made by another session in between, or into something else: check again.
            match fs::symlink_metadata(path) {
                Ok(m) if m.file_type().is_dir() => {
                    // The umask may have taken bits the owner needs.
                    fs::set_permissions(path, fs::Permissions::from_mode(DIR_MODE))
                        .map_err(|e| FileError::at(path, e))
                }
                Ok(_) => Err(FileError::NotAFolder(path.to_path_buf())),
                Err(e) => Err(FileError::at(path, e)),
            }
        }
        Err(e) => Err(FileError::at(path, e)),
    }
}

impl Folder {
    /// `base/<account folder>` created 0700 (base too when it is made here), refusing a
    /// symlink or a file at `base` or at the account's folder. An existing account folder
    /// is set back to 0700.
    pub fn for_account(
        base: &Path,
        login: &str,
        limits: FolderLimits,
    ) -> Result<Folder, FileError> {
        let name = account_folder_name(login)?;
        ensure_dir(base, false)?;
        let root = base.join(name);
        ensure_dir(&root, true)?;
        Ok(Folder { root, limits })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A file name a user may use, trimmed: not empty, no `/`, no `\`, no NUL or control
    /// characters, not `.` or `..`, not starting with `.`, at most 255 bytes.
    pub fn check_name(name: &str) -> Result<String, FileError> {
        let trimmed = name.trim();
        let refuse = |rule| {
            Err(FileError::BadName {
                name: trimmed.chars().filter(|c| !c.is_control()).collect(),
                rule,
            })
        };
        if trimmed.is_empty() {
            return refuse(NameRule::Empty);
        }
        if trimmed.contains(['/', '\\']) {
            return refuse(NameRule::Path);
        }
        if trimmed.chars().any(char::is_control) {
            return refuse(NameRule::Control);
        }
        if trimmed == "." || trimmed == ".." {
            return refuse(NameRule::Dots);
        }
        if trimmed.starts_with('.') {
            return refuse(NameRule::Hidden);
        }
        if trimmed.len() > NAME_MAX {
            return refuse(NameRule::TooLong);
        }
        Ok(trimmed.to_string())
    }

    /// The checked name and where it lives.
    fn path_of(&self, name: &str) -> Result<(String, PathBuf), FileError> {
        let name = Folder::check_name(name)?;
        let path = self.root.join(&name);
        Ok((name, path))
    }

    /// Whether a name is shown to the user (by `list`).
    fn listed(name: &str) -> bool {
        Folder::check_name(name).is_ok_and(|n| n == name) && !name.ends_with(PART)
    }

    /// The user's files: regular files only (symlinks, folders, hidden and `.part` files are
    /// not listed), sorted by name.
    pub fn list(&self) -> Result<Vec<Entry>, FileError> {
        let mut out = Vec::new();
        let dir = fs::read_dir(&self.root).map_err(|e| FileError::at(&self.root, e))?;
        for entry in dir {
            let entry = entry.map_err(|e| FileError::at(&self.root, e))?;
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            if !Folder::listed(&name) {
                continue;
            }
            // `DirEntry::metadata` does not follow a symlink.
            let meta = match entry.metadata() {
                Ok(m) => m,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(FileError::io(&name, e)),
            };
            if !meta.file_type().is_file() {
                continue;
            }
            out.push(Entry {
                name,
                size: meta.len(),
                modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Whether the name is taken (by anything: a file, a folder, a symlink).
    pub fn exists(&self, name: &str) -> Result<bool, FileError> {
        let (name, path) = self.path_of(name)?;
        match fs::symlink_metadata(&path) {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(FileError::io(&name, e)),
        }
    }

    /// Opens `path` without following a symlink and keeps it only if it is a regular file.
    fn open_path(name: &str, path: &Path, flags: OFlags, write: bool) -> Result<File, FileError> {
        // NONBLOCK: opening a FIFO must not hang the session; a regular file ignores it.
        let flags = flags | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
        let fd = rustix::fs::open(path, flags, Mode::RUSR | Mode::WUSR)
            .map_err(|e| FileError::io(name, e.into()))?;
        let file = File::from(fd);
        let meta = file.metadata().map_err(|e| FileError::io(name, e))?;
        // A second hard link could be a way to the journal: never written through.
        if !meta.file_type().is_file() || (write && meta.nlink() > 1) {
            return Err(FileError::NotAFile(name.to_string()));
        }
        if write && meta.mode() & 0o7777 != FILE_MODE {
            rustix::fs::fchmod(&file, Mode::RUSR | Mode::WUSR)
                .map_err(|e| FileError::io(name, e.into()))?;
        }
        Ok(file)
    }

    /// The whole file, if it is a regular file of at most `max_bytes`.
    pub fn read(&self, name: &str, max_bytes: u64) -> Result<Vec<u8>, FileError> {
        let (name, path) = self.path_of(name)?;
        let file = Folder::open_path(&name, &path, OFlags::RDONLY, false)?;
        let len = file.metadata().map_err(|e| FileError::io(&name, e))?.len();
        let too_big = |size| FileError::TooBig {
            name: name.clone(),
            size,
            max: max_bytes,
        };
        if len > max_bytes {
            return Err(too_big(len));
        }
        let mut bytes = Vec::with_capacity(len as usize);
        // One byte over the limit tells a file that grew while read.
        file.take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| FileError::io(&name, e))?;
        if bytes.len() as u64 > max_bytes {
            return Err(too_big(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// Writes a whole file: first under a hidden temporary name (0600, created exclusively,
    /// never through a symlink), then renamed into place, so a reader never sees half a file.
    /// An existing name is refused unless `replace`; a folder or a symlink is never replaced.
    /// Checks the free-disk floor and the quota (the usage less the replaced file plus the
    /// new size). Returns the file's path.
    pub fn write(&self, name: &str, bytes: &[u8], replace: bool) -> Result<PathBuf, FileError> {
        let (name, path) = self.path_of(name)?;
        let freed = match fs::symlink_metadata(&path) {
            Ok(m) if !m.file_type().is_file() => return Err(FileError::NotAFile(name)),
            Ok(_) if !replace => return Err(FileError::Exists(name)),
            Ok(m) => m.len(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => 0,
            Err(e) => return Err(FileError::io(&name, e)),
        };
        self.check_room(bytes.len() as u64, freed)?;
        let temp = self
            .root
            .join(format!(".zhurnal-{:016x}{PART}", rand::random::<u64>()));
        let written = (|| {
            let mut file = Folder::open_path(
                &name,
                &temp,
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL,
                true,
            )?;
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .map_err(|e| FileError::io(&name, e))?;
            if replace {
                fs::rename(&temp, &path).map_err(|e| FileError::io(&name, e))
            } else {
                // A hard link fails when the name was taken meanwhile: no replacing by a race.
                fs::hard_link(&temp, &path).map_err(|e| FileError::io(&name, e))
            }
        })();
        // After a rename the temporary name is gone already.
        let _ = fs::remove_file(&temp);
        written.map(|()| path)
    }

    /// Opens a file for streaming reads or writes (SFTP), without following a symlink, a
    /// regular file only; a created file gets 0600. The quota is not checked here: a writer
    /// calls [`Folder::room_for`] before each write.
    pub fn open(&self, name: &str, opts: &OpenMode) -> Result<File, FileError> {
        let (name, path) = self.path_of(name)?;
        let write = opts.write || opts.append;
        let mut flags = match (opts.read, write) {
            (true, true) => OFlags::RDWR,
            (false, true) => OFlags::WRONLY,
            _ => OFlags::RDONLY,
        };
        if write {
            if opts.append {
                flags |= OFlags::APPEND;
            }
            if opts.create {
                flags |= OFlags::CREATE;
                if opts.exclusive {
                    flags |= OFlags::EXCL;
                }
            }
        }
        let file = Folder::open_path(&name, &path, flags, write)?;
        // Emptied only once known to be a file of this folder alone (O_TRUNC would act first).
        if write && opts.truncate {
            file.set_len(0).map_err(|e| FileError::io(&name, e))?;
        }
        Ok(file)
    }

    /// Total size of the regular files in the folder, hidden ones included.
    pub fn used_bytes(&self) -> Result<u64, FileError> {
        let mut total = 0u64;
        let dir = fs::read_dir(&self.root).map_err(|e| FileError::at(&self.root, e))?;
        for entry in dir {
            let entry = entry.map_err(|e| FileError::at(&self.root, e))?;
            match entry.metadata() {
                Ok(m) if m.file_type().is_file() => total = total.saturating_add(m.len()),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(FileError::at(&entry.path(), e)),
            }
        }
        Ok(total)
    }

    /// Ok when writing `extra` more bytes keeps the quota and the free-disk floor.
    #[cfg(test)]
    pub fn room_for(&self, extra: u64) -> Result<(), FileError> {
        self.check_room(extra, 0)
    }

    /// `extra` bytes to be written while `freed` bytes go (a replaced file).
    fn check_room(&self, extra: u64, freed: u64) -> Result<(), FileError> {
        self.room_beside(extra, || Ok(self.used_bytes()?.saturating_sub(freed)))
    }

    /// Ok when `extra` more bytes keep the free-disk floor and the quota, the folder's
    /// use given by `used` (read only when there is a quota: a writer that keeps count
    /// need not read the folder again).
    pub fn room_beside(
        &self,
        extra: u64,
        used: impl FnOnce() -> Result<u64, FileError>,
    ) -> Result<(), FileError> {
        let floor = self.limits.min_free_bytes;
        if floor > 0 {
            let free = free_bytes(&self.root)?;
            if free < floor.saturating_add(extra) {
                return Err(FileError::DiskLow { free, floor });
            }
        }
        let quota = self.limits.quota_bytes;
        if quota != u64::MAX {
            let used = used()?;
            if used.saturating_add(extra) > quota {
                return Err(FileError::Quota {
                    used,
                    quota,
                    needed: extra,
                });
            }
        }
        Ok(())
    }

    /// Removes a regular file (never a folder; a symlink is not the user's file either).
    pub fn remove(&self, name: &str) -> Result<(), FileError> {
        let (name, path) = self.path_of(name)?;
        let meta = fs::symlink_metadata(&path).map_err(|e| FileError::io(&name, e))?;
        if !meta.file_type().is_file() {
            return Err(FileError::NotAFile(name));
        }
        fs::remove_file(&path).map_err(|e| FileError::io(&name, e))
    }

    /// Renames a regular file; an existing target is never replaced.
    pub fn rename(&self, from: &str, to: &str) -> Result<(), FileError> {
        let (from, from_path) = self.path_of(from)?;
        let (to, to_path) = self.path_of(to)?;
        let meta = fs::symlink_metadata(&from_path).map_err(|e| FileError::io(&from, e))?;
        if !meta.file_type().is_file() {
            return Err(FileError::NotAFile(from));
        }
        if from == to {
            return Ok(());
        }
        // Link then unlink: the link fails if the target exists, even one made meanwhile.
        fs::hard_link(&from_path, &to_path).map_err(|e| FileError::io(&to, e))?;
        fs::remove_file(&from_path).map_err(|e| FileError::io(&from, e))
    }
}

/// Removes the files in every account folder under `base` last modified before
/// `now - keep`; returns how many. Never follows a symlink: a symlinked account folder is
/// skipped, and a symlink inside one is not a file. A missing `base` holds nothing.
pub fn expire(base: &Path, keep: Duration, now: SystemTime) -> Result<usize, FileError> {
    let Some(cutoff) = now.checked_sub(keep) else {
        return Ok(0);
    };
    let accounts = match fs::read_dir(base) {
        Ok(d) => d,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(FileError::at(base, e)),
    };
    let mut removed = 0;
    for account in accounts {
        let account = account.map_err(|e| FileError::at(base, e))?;
        // `DirEntry::file_type` does not follow a symlink.
        if !account.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = account.path();
        let files = match fs::read_dir(&dir) {
            Ok(d) => d,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(FileError::at(&dir, e)),
        };
        for file in files {
            let file = file.map_err(|e| FileError::at(&dir, e))?;
            let old = match file.metadata() {
                Ok(m) => m.file_type().is_file() && m.modified().is_ok_and(|t| t < cutoff),
                Err(e) if e.kind() == io::ErrorKind::NotFound => false,
                Err(e) => return Err(FileError::at(&file.path(), e)),
            };
            if old {
                match fs::remove_file(file.path()) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(FileError::at(&file.path(), e)),
                }
            }
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn folder(base: &Path, limits: FolderLimits) -> Folder {
        Folder::for_account(base, "teacher", limits).expect("folder")
    }

    fn mode(path: &Path) -> u32 {
        fs::symlink_metadata(path)
            .expect("meta")
            .permissions()
            .mode()
            & 0o7777
    }

    #[test]
    fn names_a_user_may_use() {
        assert_eq!(
            Folder::check_name("  отчёт 7А.csv ").expect("ok"),
            "отчёт 7А.csv"
        );
        assert_eq!(Folder::check_name("x..csv").expect("ok"), "x..csv");
        let refused = |name: &str| match Folder::check_name(name) {
            Err(FileError::BadName { rule, .. }) => rule,
            other => panic!("{name:?} accepted: {other:?}"),
        };
        assert_eq!(refused(""), NameRule::Empty);
        assert_eq!(refused("   "), NameRule::Empty);
        assert_eq!(refused("/tmp/x.csv"), NameRule::Path);
        assert_eq!(refused("../x.csv"), NameRule::Path);
        assert_eq!(refused("a\\b"), NameRule::Path);
        assert_eq!(refused("a\0b"), NameRule::Control);
        assert_eq!(refused("a\u{1b}[2Jb"), NameRule::Control);
        assert_eq!(refused("a\u{9b}b"), NameRule::Control);
        assert_eq!(refused("."), NameRule::Dots);
        assert_eq!(refused(".."), NameRule::Dots);
        assert_eq!(refused(".x"), NameRule::Hidden);
        assert_eq!(refused(&"я".repeat(128)), NameRule::TooLong);
        assert!(Folder::check_name(&"a".repeat(255)).is_ok());
    }

    #[test]
    fn a_refusal_says_why_in_the_interface_language() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let e = Folder::check_name("/tmp/x.csv").expect_err("refused");
        assert_eq!(
            e.to_string(),
            "недопустимое имя файла «/tmp/x.csv»: укажите только имя файла, без папок («/» и «\\» нельзя)"
        );
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let e = Folder::check_name(".x").expect_err("refused");
        assert_eq!(
            e.to_string(),
            "file name «.x» refused: a name cannot start with a dot"
        );
    }

    #[test]
    fn account_folders_are_private_and_never_shared() {
        let tmp = tempfile::tempdir().expect("tmp");
        let base = tmp.path().join("files");
        let f = folder(&base, FolderLimits::UNLIMITED);
        assert_eq!(f.root(), base.join("teacher"));
        assert_eq!(mode(&base), DIR_MODE);
        assert_eq!(mode(f.root()), DIR_MODE);
        // An existing folder made looser is set back.
        fs::set_permissions(f.root(), fs::Permissions::from_mode(0o755)).expect("chmod");
        let again = Folder::for_account(&base, "Teacher", FolderLimits::UNLIMITED).expect("again");
        assert_eq!(again.root(), f.root());
        assert_eq!(mode(f.root()), DIR_MODE);

        assert_eq!(
            account_folder_name("ivanova.m-2").expect("ok"),
            "ivanova.m-2"
        );
        let names: Vec<String> = ["иванова", "../x", ".hidden", "a/b", "+61", "a b", "A"]
            .iter()
            .map(|l| account_folder_name(l).expect("ok"))
            .collect();
        for n in &names {
            assert!(Folder::check_name(n).is_ok_and(|c| &c == n), "{n}");
        }
        let distinct: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), names.len(), "{names:?}");
        assert_eq!(account_folder_name("../x").expect("ok"), "+2e2e2f78");
        assert!(account_folder_name(&"ж".repeat(100)).is_err());
    }

    #[test]
    fn symlinked_account_folders_are_refused() {
        let tmp = tempfile::tempdir().expect("tmp");
        let base = tmp.path().join("files");
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir(&elsewhere).expect("mkdir");
        fs::create_dir(&base).expect("mkdir");
        symlink(&elsewhere, base.join("teacher")).expect("symlink");
        assert!(matches!(
            Folder::for_account(&base, "teacher", FolderLimits::UNLIMITED),
            Err(FileError::NotAFolder(_))
        ));
        let linked_base = tmp.path().join("linked");
        symlink(&elsewhere, &linked_base).expect("symlink");
        assert!(matches!(
            Folder::for_account(&linked_base, "teacher", FolderLimits::UNLIMITED),
            Err(FileError::NotAFolder(_))
        ));
        assert_eq!(fs::read_dir(&elsewhere).expect("dir").count(), 0);
    }

    #[test]
    fn writes_whole_private_files_and_asks_before_replacing() {
        let tmp = tempfile::tempdir().expect("tmp");
        let f = folder(tmp.path(), FolderLimits::UNLIMITED);
        let path = f.write("x.csv", b"one", false).expect("write");
        assert_eq!(path, f.root().join("x.csv"));
        assert_eq!(mode(&path), FILE_MODE);
        assert!(f.exists("x.csv").expect("exists"));
        assert!(
            matches!(f.write("x.csv", b"two", false), Err(FileError::Exists(n)) if n == "x.csv")
        );
        assert_eq!(f.read("x.csv", 100).expect("read"), b"one");
        f.write(" x.csv ", b"two", true).expect("replace");
        assert_eq!(f.read("x.csv", 100).expect("read"), b"two");
        // No temporary left behind.
        assert_eq!(fs::read_dir(f.root()).expect("dir").count(), 1);
        assert!(matches!(
            f.read("x.csv", 2),
            Err(FileError::TooBig { size: 3, .. })
        ));
        assert!(matches!(f.read("y.csv", 2), Err(FileError::NotFound(_))));
    }

    #[test]
    fn a_dotted_name_cannot_escape_the_folder() {
        let tmp = tempfile::tempdir().expect("tmp");
        let base = tmp.path().join("files");
        let f = folder(&base, FolderLimits::UNLIMITED);
        fs::write(tmp.path().join("x.csv"), "outside").expect("write");
        for name in [
            "../x.csv",
            "../../x.csv",
            "/tmp/x.csv",
            "..",
            "./x.csv",
            ".x",
        ] {
            assert!(matches!(
                f.write(name, b"in", true),
                Err(FileError::BadName { .. })
            ));
            assert!(matches!(f.read(name, 100), Err(FileError::BadName { .. })));
            assert!(matches!(f.remove(name), Err(FileError::BadName { .. })));
            assert!(matches!(
                f.open(name, &OpenMode::default()),
                Err(FileError::BadName { .. })
            ));
            assert!(matches!(
                f.rename(name, "y"),
                Err(FileError::BadName { .. })
            ));
        }
        assert_eq!(
            fs::read_to_string(tmp.path().join("x.csv")).expect("read"),
            "outside"
        );
        assert_eq!(fs::read_dir(f.root()).expect("dir").count(), 0);
    }

    #[test]
    fn symlinks_inside_are_never_followed() {
        let tmp = tempfile::tempdir().expect("tmp");
        let f = folder(&tmp.path().join("files"), FolderLimits::UNLIMITED);
        let secret = tmp.path().join("journal.sqlite");
        fs::write(&secret, "journal").expect("write");
        symlink(&secret, f.root().join("j.csv")).expect("symlink");
        assert!(matches!(f.read("j.csv", 100), Err(FileError::NotAFile(_))));
        let rw = OpenMode {
            read: true,
            write: true,
            create: true,
            truncate: true,
            ..OpenMode::default()
        };
        assert!(matches!(f.open("j.csv", &rw), Err(FileError::NotAFile(_))));
        assert!(matches!(
            f.write("j.csv", b"x", true),
            Err(FileError::NotAFile(_))
        ));
        assert!(matches!(f.remove("j.csv"), Err(FileError::NotAFile(_))));
        assert!(matches!(
            f.rename("j.csv", "k.csv"),
            Err(FileError::NotAFile(_))
        ));
        assert_eq!(fs::read_to_string(&secret).expect("read"), "journal");
        // A hard link to a file elsewhere is not written through either.
        fs::hard_link(&secret, f.root().join("h.csv")).expect("link");
        assert!(matches!(f.open("h.csv", &rw), Err(FileError::NotAFile(_))));
        assert_eq!(fs::read_to_string(&secret).expect("read"), "journal");
    }

    #[test]
    fn listing_shows_regular_visible_files_only() {
        let tmp = tempfile::tempdir().expect("tmp");
        let f = folder(tmp.path(), FolderLimits::UNLIMITED);
        f.write("b.csv", b"bb", false).expect("write");
        f.write("a.csv", b"a", false).expect("write");
        fs::write(f.root().join(".hidden"), "h").expect("write");
        fs::write(f.root().join("upload.csv.part"), "p").expect("write");
        fs::create_dir(f.root().join("dir")).expect("mkdir");
        symlink("/etc/passwd", f.root().join("passwd")).expect("symlink");
        let names: Vec<(String, u64)> = f
            .list()
            .expect("list")
            .into_iter()
            .map(|e| (e.name, e.size))
            .collect();
        assert_eq!(names, [("a.csv".to_string(), 1), ("b.csv".to_string(), 2)]);
        // Hidden files take room too.
        assert_eq!(f.used_bytes().expect("used"), 5);
    }

    #[test]
    fn the_quota_counts_a_replaced_file_once() {
        let tmp = tempfile::tempdir().expect("tmp");
        let f = folder(
            tmp.path(),
            FolderLimits {
                quota_bytes: 10,
                min_free_bytes: 0,
            },
        );
        f.write("a", &[0; 6], false).expect("fits");
        assert!(matches!(
            f.write("b", &[0; 5], false),
            Err(FileError::Quota {
                used: 6,
                quota: 10,
                needed: 5
            })
        ));
        assert!(!f.exists("b").expect("exists"));
        f.write("a", &[0; 10], true)
            .expect("a replaced file frees its room");
        assert!(f.room_for(0).is_ok());
        assert!(matches!(f.room_for(1), Err(FileError::Quota { .. })));
        f.remove("a").expect("remove");
        assert!(f.room_for(10).is_ok());
    }

    #[test]
    fn the_free_disk_floor_refuses_writes() {
        let tmp = tempfile::tempdir().expect("tmp");
        let free = free_bytes(tmp.path()).expect("free");
        assert!(free > 0);
        let f = folder(
            tmp.path(),
            FolderLimits {
                quota_bytes: u64::MAX,
                min_free_bytes: free.saturating_add(1 << 30),
            },
        );
        assert!(matches!(
            f.write("a", b"x", false),
            Err(FileError::DiskLow { .. })
        ));
        assert!(matches!(f.room_for(1), Err(FileError::DiskLow { .. })));
        assert!(!f.exists("a").expect("exists"));
    }

    #[test]
    fn open_streams_and_renames_without_replacing() {
        let tmp = tempfile::tempdir().expect("tmp");
        let f = folder(tmp.path(), FolderLimits::UNLIMITED);
        let create = OpenMode {
            write: true,
            create: true,
            exclusive: true,
            ..OpenMode::default()
        };
        let mut file = f.open("up.csv", &create).expect("open");
        file.write_all(b"abc").expect("write");
        drop(file);
        assert_eq!(mode(&f.root().join("up.csv")), FILE_MODE);
        assert!(matches!(
            f.open("up.csv", &create),
            Err(FileError::Exists(_))
        ));
        let append = OpenMode {
            append: true,
            ..OpenMode::default()
        };
        f.open("up.csv", &append)
            .expect("open")
            .write_all(b"d")
            .expect("write");
        let mut text = String::new();
        f.open("up.csv", &OpenMode::default())
            .expect("open")
            .read_to_string(&mut text)
            .expect("read");
        assert_eq!(text, "abcd");
        assert!(matches!(
            f.open("none", &OpenMode::default()),
            Err(FileError::NotFound(_))
        ));
        fs::create_dir(f.root().join("dir")).expect("mkdir");
        assert!(matches!(
            f.open("dir", &OpenMode::default()),
            Err(FileError::NotAFile(_))
        ));

        f.write("other.csv", b"keep", false).expect("write");
        assert!(matches!(
            f.rename("up.csv", "other.csv"),
            Err(FileError::Exists(_))
        ));
        assert_eq!(f.read("other.csv", 10).expect("read"), b"keep");
        f.rename("up.csv", "plan.csv").expect("rename");
        assert!(!f.exists("up.csv").expect("exists"));
        assert_eq!(f.read("plan.csv", 10).expect("read"), b"abcd");
        let truncate = OpenMode {
            write: true,
            truncate: true,
            ..OpenMode::default()
        };
        f.open("plan.csv", &truncate)
            .expect("open")
            .write_all(b"z")
            .expect("write");
        assert_eq!(f.read("plan.csv", 10).expect("read"), b"z");
        assert!(matches!(f.remove("dir"), Err(FileError::NotAFile(_))));
    }

    #[test]
    fn expiry_removes_old_files_in_every_folder_and_follows_no_symlink() {
        let tmp = tempfile::tempdir().expect("tmp");
        let base = tmp.path().join("files");
        let a = Folder::for_account(&base, "teacher", FolderLimits::UNLIMITED).expect("a");
        let b = Folder::for_account(&base, "director", FolderLimits::UNLIMITED).expect("b");
        a.write("old.csv", b"x", false).expect("write");
        b.write("old.csv", b"x", false).expect("write");
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).expect("mkdir");
        fs::write(outside.join("journal.sqlite"), "j").expect("write");
        symlink(&outside, base.join("linked")).expect("symlink");
        symlink(outside.join("journal.sqlite"), a.root().join("j")).expect("symlink");

        let day = Duration::from_secs(86_400);
        let now = SystemTime::now();
        let age = |path: PathBuf| {
            File::options()
                .write(true)
                .open(path)
                .expect("open")
                .set_modified(now - 3 * day)
                .expect("set mtime");
        };
        age(a.root().join("old.csv"));
        age(b.root().join("old.csv"));
        b.write("new.csv", b"x", false).expect("write");
        assert_eq!(expire(&base, 7 * day, now).expect("expire"), 0);
        assert_eq!(expire(&base, day, now).expect("expire"), 2);
        assert!(a.list().expect("list").is_empty());
        let left: Vec<String> = b
            .list()
            .expect("list")
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(left, ["new.csv"]);
        assert_eq!(
            fs::read_to_string(outside.join("journal.sqlite")).expect("read"),
            "j"
        );
        assert!(fs::symlink_metadata(a.root().join("j")).is_ok());
        assert_eq!(
            expire(&tmp.path().join("none"), day, now).expect("missing"),
            0
        );
    }

    #[test]
    fn sizes_read_well() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        assert_eq!(human_size(512), "512 Б");
        assert_eq!(human_size(1536), "1,5 КБ");
        assert_eq!(human_size(10 << 20), "10 МБ");
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        assert_eq!(human_size(1536), "1.5 KB");
    }
}
