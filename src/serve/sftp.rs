//! SFTP in the account's own folder, and nowhere else: `/` is that folder, which holds
//! files only. Staff upload what they import; everyone downloads what they exported.
//! Nothing outside is reachable — not the journal, not the backups, not another
//! account's folder, not a symlink's target — and no link or folder can be made.

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

impl russh_sftp::server::Handler for Sftp {
    type Error = StatusReply;

    fn unimplemented(&self) -> Self::Error {
        StatusCode::OpUnsupported.into()
    }

    async fn init(
        &mut self,
        _version: u32,
        _extensions: HashMap<String, String>,
    ) -> Result<Version, Self::Error> {
        Ok(Version::new())
    }

    async fn open(
        &mut self,
        id: u32,
        filename: String,
        pflags: OpenFlags,
        _attrs: FileAttributes,
    ) -> Result<Handle, Self::Error> {
        self.touch();
        let Place::File(name) = place(&filename)? else {
            return Err(StatusCode::Failure.into());
        };
        let mut mode = OpenMode {
            read: pflags.contains(OpenFlags::READ),
            write: pflags.contains(OpenFlags::WRITE),
            append: pflags.contains(OpenFlags::APPEND),
            create: pflags.contains(OpenFlags::CREATE),
            truncate: pflags.contains(OpenFlags::TRUNCATE),
            exclusive: pflags.contains(OpenFlags::EXCLUDE),
        };
        let writing = mode.write || mode.append || mode.create || mode.truncate;
        self.room_to_open()?;
        let mut upload = None;
        let mut opened = name.clone();
        if writing {
            if !self.may_upload {
                return Err(denied());
            }
            self.room(0)?;
            self.room_for_a_name(&name)?;
            // A whole new file (`put`): written under a `.part` name, named when closed.
            if mode.create && mode.truncate && !mode.append {
                if mode.exclusive && self.folder.exists(&name).map_err(reply)? {
                    return Err(reply(FileError::Exists(name)));
                }
                // A long name keeps only its beginning in the temporary one.
                let stem: String = name.chars().take(100).collect();
                let part = format!("{stem}.{:016x}.part", rand::random::<u64>());
                let exclusive = mode.exclusive;
                mode.exclusive = true;
                opened = part.clone();
                upload = Some(Upload {
                    part,
                    name,
                    broken: false,
                    exclusive,
                });
            }
        }
        let file = self.folder.open(&opened, &mode).map_err(reply)?;
        let handle = self.handle(Open::File {
            file,
            writing,
            append: mode.append,
            upload,
        })?;
        Ok(Handle { id, handle })
    }

    async fn close(&mut self, id: u32, handle: String) -> Result<Status, Self::Error> {
        self.touch();
        match self.open.remove(&handle) {
            Some(Open::File {
                file,
                upload:
                    Some(Upload {
                        part,
                        name,
                        broken,
                        exclusive,
                    }),
                ..
            }) => {
                let root = self.folder.root();
                let synced = file.sync_all();
                drop(file);
                if broken || synced.is_err() {
                    let _ = std::fs::remove_file(root.join(&part));
                    self.used = None;
                    return Err(StatusCode::Failure.with_message(pick(
                        "файл загружен не полностью и не сохранён",
                        "the file was not uploaded whole and is not kept",
                    )));
                }
                // The new name replaces a file of that name (an upload again), never a
                // folder or a link: those are not the user's files.
                let target = root.join(&name);
                if std::fs::symlink_metadata(&target).is_ok_and(|m| !m.file_type().is_file()) {
                    let _ = std::fs::remove_file(root.join(&part));
                    return Err(reply(FileError::NotAFile(name)));
                }
                let named = if exclusive {
                    // Made meanwhile by someone else: not taken over.
                    std::fs::hard_link(root.join(&part), &target)
                        .and_then(|()| std::fs::remove_file(root.join(&part)))
                } else {
                    std::fs::rename(root.join(&part), &target)
                };
                self.used = None;
                if let Err(e) = named {
                    let _ = std::fs::remove_file(root.join(&part));
                    return Err(if e.kind() == std::io::ErrorKind::AlreadyExists {
                        reply(FileError::Exists(name))
                    } else {
                        io_reply(e)
                    });
                }
                Ok(ok(id))
            }
            Some(_) => Ok(ok(id)),
            None => Err(StatusCode::Failure.into()),
        }
    }

    async fn read(
        &mut self,
        id: u32,
        handle: String,
        offset: u64,
        len: u32,
    ) -> Result<Data, Self::Error> {
        self.touch();
        let Some(Open::File { file, .. }) = self.open.get(&handle) else {
            return Err(StatusCode::Failure.into());
        };
        let mut buf = vec![0u8; len.min(MAX_READ) as usize];
        let n = file.read_at(&mut buf, offset).map_err(io_reply)?;
        if n == 0 {
            return Err(StatusCode::Eof.into());
        }
        buf.truncate(n);
        Ok(Data { id, data: buf })
    }

    async fn write(
        &mut self,
        id: u32,
        handle: String,
        offset: u64,
        data: Vec<u8>,
    ) -> Result<Status, Self::Error> {
        self.touch();
        let (len, append) = match self.open.get(&handle) {
            Some(Open::File {
                file,
                writing: true,
                append,
                ..
            }) => (file.metadata().map_err(io_reply)?.len(), *append),
            _ => return Err(StatusCode::PermissionDenied.into()),
        };
        // Appending writes at the end whatever the offset says.
        let end = if append {
            len.saturating_add(data.len() as u64)
        } else {
            offset.saturating_add(data.len() as u64)
        };
        let grows = end.saturating_sub(len);
        // The quota and the free-disk floor hold for every piece written.
        let room = self.room(grows);
        let Some(Open::File { file, upload, .. }) = self.open.get_mut(&handle) else {
            return Err(StatusCode::Failure.into());
        };
        let written = room.and_then(|()| {
            if append {
                use std::io::Write;
                (&*file).write_all(&data).map_err(io_reply)
            } else {
                file.write_all_at(&data, offset).map_err(io_reply)
            }
        });
        if written.is_err() {
            if let Some(u) = upload {
                u.broken = true;
            }
        }
        written?;
        self.used = self.used.map(|(u, at)| (u.saturating_add(grows), at));
        Ok(ok(id))
    }

    async fn lstat(&mut self, id: u32, path: String) -> Result<Attrs, Self::Error> {
        self.touch();
        Ok(Attrs {
            id,
            attrs: self.attrs(&path)?,
        })
    }

    async fn stat(&mut self, id: u32, path: String) -> Result<Attrs, Self::Error> {
        self.touch();
        Ok(Attrs {
            id,
            attrs: self.attrs(&path)?,
        })
    }

    async fn fstat(&mut self, id: u32, handle: String) -> Result<Attrs, Self::Error> {
        self.touch();
        match self.open.get(&handle) {
            Some(Open::File { file, .. }) => Ok(Attrs {
                id,
                attrs: FileAttributes::from(&file.metadata().map_err(io_reply)?),
            }),
            Some(Open::Dir { .. }) => Ok(Attrs {
                id,
                attrs: root_attrs(),
            }),
            None => Err(StatusCode::Failure.into()),
        }
    }

    /// Modes and times are the server's to keep (files stay 0600): accepted, not applied.
    async fn setstat(
        &mut self,
        id: u32,
        path: String,
        _attrs: FileAttributes,
    ) -> Result<Status, Self::Error> {
        self.touch();
        self.attrs(&path)?;
        Ok(ok(id))
    }

    async fn fsetstat(
        &mut self,
        id: u32,
        handle: String,
        _attrs: FileAttributes,
    ) -> Result<Status, Self::Error> {
        match self.open.get(&handle) {
            Some(_) => Ok(ok(id)),
            None => Err(StatusCode::Failure.into()),
        }
    }

    async fn opendir(&mut self, id: u32, path: String) -> Result<Handle, Self::Error> {
        self.touch();
        match place(&path)? {
            Place::Root => {
                self.room_to_open()?;
                let mut left = Vec::new();
                for entry in self.folder.list().map_err(reply)? {
                    let path = self.folder.root().join(&entry.name);
                    if let Ok(meta) = std::fs::symlink_metadata(path) {
                        left.push(Listed::new(entry.name, FileAttributes::from(&meta)));
                    }
                }
                left.reverse();
                Ok(Handle {
                    id,
                    handle: self.handle(Open::Dir {
                        left,
                        listed: false,
                    })?,
                })
            }
            Place::File(_) => Err(StatusCode::NoSuchFile.into()),
        }
    }

    async fn readdir(&mut self, id: u32, handle: String) -> Result<Name, Self::Error> {
        self.touch();
        let Some(Open::Dir { left, listed }) = self.open.get_mut(&handle) else {
            return Err(StatusCode::Failure.into());
        };
        if *listed && left.is_empty() {
            return Err(StatusCode::Eof.into());
        }
        *listed = true;
        let take = left.len().min(LIST_PIECE);
        let files: Vec<Listed> = left
            .split_off(left.len() - take)
            .into_iter()
            .rev()
            .collect();
        Ok(Name { id, files })
    }

    async fn remove(&mut self, id: u32, filename: String) -> Result<Status, Self::Error> {
        self.touch();
        self.used = None;
        let Place::File(name) = place(&filename)? else {
            return Err(StatusCode::PermissionDenied.into());
        };
        self.folder.remove(&name).map_err(reply)?;
        Ok(ok(id))
    }

    async fn mkdir(
        &mut self,
        _id: u32,
        _path: String,
        _attrs: FileAttributes,
    ) -> Result<Status, Self::Error> {
        Err(StatusCode::PermissionDenied.with_message(pick(
            "в вашей папке только файлы",
            "your folder holds files only",
        )))
    }

    async fn rmdir(&mut self, _id: u32, _path: String) -> Result<Status, Self::Error> {
        Err(StatusCode::PermissionDenied.into())
    }

    async fn realpath(&mut self, id: u32, path: String) -> Result<Name, Self::Error> {
        self.touch();
        let shown = match place(&path)? {
            Place::Root => "/".to_string(),
            Place::File(name) => format!("/{name}"),
        };
        Ok(Name {
            id,
            files: vec![Listed::dummy(shown)],
        })
    }

    async fn rename(
        &mut self,
        id: u32,
        oldpath: String,
        newpath: String,
    ) -> Result<Status, Self::Error> {
        self.touch();
        if !self.may_upload {
            return Err(denied());
        }
        let (Place::File(from), Place::File(to)) = (place(&oldpath)?, place(&newpath)?) else {
            return Err(StatusCode::PermissionDenied.into());
        };
        self.folder.rename(&from, &to).map_err(reply)?;
        Ok(ok(id))
    }

    async fn readlink(&mut self, _id: u32, _path: String) -> Result<Name, Self::Error> {
        Err(StatusCode::NoSuchFile.into())
    }

    async fn symlink(
        &mut self,
        _id: u32,
        _linkpath: String,
        _targetpath: String,
    ) -> Result<Status, Self::Error> {
        Err(StatusCode::PermissionDenied
            .with_message(pick("ссылки не создаются", "links cannot be made")))
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
