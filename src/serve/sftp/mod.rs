//! SFTP in the account's own folder, and nowhere else: `/` is that folder, which holds
//! files only. Staff upload what they import; everyone downloads what they exported.
//! Nothing outside is reachable — not the journal, not the backups, not another
//! account's folder, not a symlink's target — and no link or folder can be made.

mod handler;

use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use russh_sftp::protocol::{
    Attrs, Data, File as Listed, FileAttributes, Handle, Name, OpenFlags, Status, StatusCode,
    Version,
};
use russh_sftp::server::StatusReply;

use crate::files::{FileError, Folder, OpenMode};
use crate::i18n::pick;
use crate::tr;

/// The most one read returns (clients ask for 32 KiB or so).
const MAX_READ: u32 = 256 * 1024;
/// Files and listings open at once in one SFTP session (each holds a descriptor).
const MAX_OPEN: usize = 4;
/// Files a folder holds at most (the quota counts bytes; this counts names).
const MAX_FILES: usize = 500;
/// Names one listing reply carries.
const LIST_PIECE: usize = 100;

/// One SFTP session.
pub struct Sftp {
    folder: Folder,
    may_upload: bool,
    open: HashMap<String, Open>,
    next: u64,
    /// When the client last asked something (the connection lets an idle one go).
    asked: Arc<Mutex<Instant>>,
    /// The folder's use in bytes and when it was read: kept up to date by this
    /// session's writes and read again every second (other sessions of the account
    /// write too), so the quota holds without reading the folder for every piece.
    used: Option<(u64, Instant)>,
}

enum Open {
    File {
        file: File,
        writing: bool,
        append: bool,
        /// An upload goes to a hidden-from-lists `.part` name and takes its own name
        /// when closed: half a file is never offered for import.
        upload: Option<Upload>,
    },
    /// The folder's listing, given in pieces.
    Dir { left: Vec<Listed>, listed: bool },
}

struct Upload {
    part: String,
    name: String,
    /// A piece was refused (quota, disk): the upload is dropped, not named.
    broken: bool,
    /// Opened to make a new file only: the name is not taken over at the end either.
    exclusive: bool,
}

/// What a path names inside the folder.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    /// The folder itself.
    Root,
    File(String),
}

/// Reads a client's path: `/`, `.`, `..` (there is nothing above) name the folder;
/// `name`, `/name`, `./name` a file in it; anything deeper is nothing here.
fn place(path: &str) -> Result<Place, StatusReply> {
    let rest = path.trim_start_matches('/');
    let rest = rest.strip_prefix("./").unwrap_or(rest);
    match rest {
        "" | "." | ".." | "./" | "../" => Ok(Place::Root),
        name => {
            match Folder::check_name(name) {
                Ok(n) if n == name => Ok(Place::File(n)),
                _ if name.contains('/') => Err(StatusCode::NoSuchFile.into()),
                _ => Err(StatusCode::PermissionDenied
                    .with_message(pick("недопустимое имя", "name refused"))),
            }
        }
    }
}

fn reply(e: FileError) -> StatusReply {
    let code = match e {
        FileError::NotFound(_) => StatusCode::NoSuchFile,
        FileError::BadName { .. } | FileError::NotAFile(_) | FileError::NotAFolder(_) => {
            StatusCode::PermissionDenied
        }
        _ => StatusCode::Failure,
    };
    // The server's own paths are not the client's business.
    let shown = match &e {
        FileError::NotAFolder(_) | FileError::Io { .. } => {
            pick("ошибка на сервере", "server error").to_string()
        }
        _ => e.to_string(),
    };
    code.with_message(shown)
}

fn io_reply(_e: std::io::Error) -> StatusReply {
    StatusCode::Failure.with_message(pick("ошибка на сервере", "server error"))
}

fn denied() -> StatusReply {
    StatusCode::PermissionDenied.with_message(pick(
        "загружать файлы могут только сотрудники школы",
        "only the school's staff may upload files",
    ))
}

fn ok(id: u32) -> Status {
    Status {
        id,
        status_code: StatusCode::Ok,
        error_message: "Ok".into(),
        language_tag: "en-US".into(),
    }
}

/// The folder as a directory: the owner's only.
fn root_attrs() -> FileAttributes {
    FileAttributes {
        permissions: Some(0o040700),
        ..FileAttributes::empty()
    }
}

impl Sftp {
    pub fn new(folder: Folder, may_upload: bool, asked: Arc<Mutex<Instant>>) -> Sftp {
        Sftp {
            folder,
            may_upload,
            open: HashMap::new(),
            next: 0,
            asked,
            used: None,
        }
    }

    /// Notes that the client asked something now.
    fn touch(&self) {
        *self
            .asked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Instant::now();
    }

    /// Refuses another open file or listing past the session's few.
    fn room_to_open(&self) -> Result<(), StatusReply> {
        if self.open.len() >= MAX_OPEN {
            return Err(StatusCode::Failure.with_message(pick(
                "открыто слишком много файлов: закройте лишние",
                "too many files open: close some",
            )));
        }
        Ok(())
    }

    fn handle(&mut self, what: Open) -> Result<String, StatusReply> {
        self.room_to_open()?;
        self.next += 1;
        let h = self.next.to_string();
        self.open.insert(h.clone(), what);
        Ok(h)
    }

    /// Ok when `extra` more bytes keep the quota and the free-disk floor.
    fn room(&mut self, extra: u64) -> Result<(), StatusReply> {
        let cached = self
            .used
            .filter(|(_, at)| at.elapsed() < std::time::Duration::from_secs(1));
        let mut read = None;
        let room = self.folder.room_beside(extra, || {
            let used = match cached {
                Some((u, _)) => u,
                None => self.folder.used_bytes()?,
            };
            read = Some(used);
            Ok(used)
        });
        if let Some(used) = read.filter(|_| cached.is_none()) {
            self.used = Some((used, Instant::now()));
        }
        room.map_err(reply)
    }

    /// Refuses a new name when the folder holds its most files already.
    fn room_for_a_name(&self, name: &str) -> Result<(), StatusReply> {
        let known = self.folder.exists(name).map_err(reply)?;
        let count = std::fs::read_dir(self.folder.root())
            .map_err(io_reply)?
            .count();
        if !known && count >= MAX_FILES {
            return Err(StatusCode::Failure.with_message(tr!(
                "в папке уже {} файлов: удалите ненужные",
                "the folder holds {} files already: remove some",
                MAX_FILES
            )));
        }
        Ok(())
    }

    /// A regular file's attributes; anything else in the folder is not there.
    fn attrs(&self, path: &str) -> Result<FileAttributes, StatusReply> {
        match place(path)? {
            Place::Root => Ok(root_attrs()),
            Place::File(name) => {
                let meta = std::fs::symlink_metadata(self.folder.root().join(&name))
                    .map_err(|_| StatusReply::from(StatusCode::NoSuchFile))?;
                if !meta.file_type().is_file() {
                    return Err(StatusCode::NoSuchFile.into());
                }
                Ok(FileAttributes::from(&meta))
            }
        }
    }
}

impl Drop for Sftp {
    /// Uploads still open when the session ends (a dropped connection, an idle cut)
    /// were never whole: their parts go.
    fn drop(&mut self) {
        for open in self.open.values() {
            if let Open::File {
                upload: Some(u), ..
            } = open
            {
                let _ = std::fs::remove_file(self.folder.root().join(&u.part));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::FolderLimits;
    use russh_sftp::server::Handler;

    #[test]
    fn an_upload_is_listed_only_once_it_is_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let limits = FolderLimits {
            quota_bytes: 10,
            min_free_bytes: 0,
        };
        let folder = Folder::for_account(dir.path(), "teacher", limits).expect("folder");
        let names = |f: &Folder| -> Vec<String> {
            f.list()
                .expect("list")
                .into_iter()
                .map(|e| e.name)
                .collect()
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let mut s = Sftp::new(folder.clone(), true, Arc::new(Mutex::new(Instant::now())));
            let put = OpenFlags::WRITE | OpenFlags::CREATE | OpenFlags::TRUNCATE;
            let h = s
                .open(1, "staff.csv".into(), put, FileAttributes::empty())
                .await
                .expect("open")
                .handle;
            s.write(2, h.clone(), 0, b"login,".to_vec())
                .await
                .expect("piece");
            assert!(names(&folder).is_empty(), "half a file is not offered");
            s.close(3, h).await.expect("closed");
            assert_eq!(names(&folder), ["staff.csv"]);
            assert_eq!(folder.read("staff.csv", 100).expect("read"), b"login,");

            // Over the quota: the piece is refused and the upload is not kept.
            let h = s
                .open(4, "big.csv".into(), put, FileAttributes::empty())
                .await
                .expect("open")
                .handle;
            assert!(s.write(5, h.clone(), 0, vec![b'x'; 20]).await.is_err());
            assert!(s.close(6, h).await.is_err());
            assert_eq!(names(&folder), ["staff.csv"]);
            assert_eq!(std::fs::read_dir(folder.root()).expect("dir").count(), 1);

            // A session that ends in the middle of an upload (the connection dropped)
            // leaves nothing of it.
            let h = s
                .open(7, "half.csv".into(), put, FileAttributes::empty())
                .await
                .expect("open")
                .handle;
            s.write(8, h, 0, b"lo".to_vec()).await.expect("piece");
            assert_eq!(std::fs::read_dir(folder.root()).expect("dir").count(), 2);
            drop(s);
            assert_eq!(std::fs::read_dir(folder.root()).expect("dir").count(), 1);
        });
    }

    #[test]
    fn a_session_holds_few_files_open_and_families_write_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder =
            Folder::for_account(dir.path(), "teacher", FolderLimits::UNLIMITED).expect("folder");
        folder.write("a.csv", b"x", false).expect("file");
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let read = || {
                (
                    String::from("a.csv"),
                    OpenFlags::READ,
                    FileAttributes::empty(),
                )
            };
            let mut s = Sftp::new(folder.clone(), true, Arc::new(Mutex::new(Instant::now())));
            for i in 0..MAX_OPEN as u32 {
                let (name, flags, attrs) = read();
                s.open(i, name, flags, attrs).await.expect("open");
            }
            let (name, flags, attrs) = read();
            assert!(
                s.open(99, name, flags, attrs).await.is_err(),
                "one too many"
            );
            assert!(s.opendir(100, "/".into()).await.is_err());
            s.close(101, "1".into()).await.expect("closed");
            let (name, flags, attrs) = read();
            assert!(s.open(102, name, flags, attrs).await.is_ok(), "room again");

            let mut family = Sftp::new(folder.clone(), false, Arc::new(Mutex::new(Instant::now())));
            let refused = family
                .open(
                    1,
                    "b.csv".into(),
                    OpenFlags::WRITE | OpenFlags::CREATE,
                    FileAttributes::empty(),
                )
                .await
                .expect_err("refused");
            assert_eq!(refused.status_code, StatusCode::PermissionDenied);
            assert!(
                family
                    .rename(2, "a.csv".into(), "c.csv".into())
                    .await
                    .is_err()
            );
        });
        assert!(!folder.exists("b.csv").expect("asked"));
        assert!(folder.exists("a.csv").expect("asked"));
    }

    #[test]
    fn paths_name_the_folder_or_a_file_in_it_and_nothing_else() {
        for root in ["", "/", ".", "/.", "..", "/..", "./"] {
            assert_eq!(place(root).ok(), Some(Place::Root), "{root:?}");
        }
        for file in ["plan.csv", "/plan.csv", "./plan.csv"] {
            assert_eq!(
                place(file).ok(),
                Some(Place::File("plan.csv".into())),
                "{file:?}"
            );
        }
        for outside in [
            "/tmp/x.csv",
            "../x.csv",
            "/../journal.sqlite",
            "../teacher2/plan.csv",
            ".hidden",
            "/.ssh",
            "a\u{1b}[2J",
            "/etc/passwd",
        ] {
            assert!(place(outside).is_err(), "{outside:?}");
        }
    }
}
