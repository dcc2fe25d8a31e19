//! SFTP in the account's own folder, and nowhere else: `/` is that folder, which holds
//! files only. Staff upload what they import; everyone downloads what they exported.
//! Nothing outside is reachable — not the journal, not the backups, not another
//! account's folder, not a symlink's target — and no link or folder can be made.

use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt;

use russh_sftp::protocol::{
    Attrs, Data, File as Listed, FileAttributes, Handle, Name, OpenFlags, Status, StatusCode,
    Version,
};
use russh_sftp::server::StatusReply;

use crate::files::{FileError, Folder, OpenMode};
use crate::i18n::pick;

/// The most one read returns (clients ask for 32 KiB or so).
const MAX_READ: u32 = 256 * 1024;
/// Files and listings open at once in one SFTP session (each holds a descriptor).
const MAX_OPEN: usize = 16;

/// One SFTP session.
pub struct Sftp {
    folder: Folder,
    may_upload: bool,
    open: HashMap<String, Open>,
    next: u64,
}

enum Open {
    File {
        file: File,
        writing: bool,
    },
    /// The folder's listing, given whole at the first read.
    Dir {
        listed: bool,
    },
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
    code.with_message(e.to_string())
}

fn io_reply(e: std::io::Error) -> StatusReply {
    StatusCode::Failure.with_message(e.to_string())
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
    pub fn new(folder: Folder, may_upload: bool) -> Sftp {
        Sftp {
            folder,
            may_upload,
            open: HashMap::new(),
            next: 0,
        }
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
        let Place::File(name) = place(&filename)? else {
            return Err(StatusCode::Failure.into());
        };
        let mode = OpenMode {
            read: pflags.contains(OpenFlags::READ),
            write: pflags.contains(OpenFlags::WRITE),
            append: pflags.contains(OpenFlags::APPEND),
            create: pflags.contains(OpenFlags::CREATE),
            truncate: pflags.contains(OpenFlags::TRUNCATE),
            exclusive: pflags.contains(OpenFlags::EXCLUDE),
        };
        let writing = mode.write || mode.append || mode.create || mode.truncate;
        if writing {
            if !self.may_upload {
                return Err(denied());
            }
            self.folder.room_for(0).map_err(reply)?;
        }
        self.room_to_open()?;
        let file = self.folder.open(&name, &mode).map_err(reply)?;
        let handle = self.handle(Open::File { file, writing })?;
        Ok(Handle { id, handle })
    }

    async fn close(&mut self, id: u32, handle: String) -> Result<Status, Self::Error> {
        match self.open.remove(&handle) {
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
        let Some(Open::File {
            file,
            writing: true,
        }) = self.open.get(&handle)
        else {
            return Err(StatusCode::PermissionDenied.into());
        };
        let len = file.metadata().map_err(io_reply)?.len();
        let end = offset.saturating_add(data.len() as u64);
        // The quota and the free-disk floor hold for every piece written.
        self.folder
            .room_for(end.saturating_sub(len))
            .map_err(reply)?;
        file.write_all_at(&data, offset).map_err(io_reply)?;
        Ok(ok(id))
    }

    async fn lstat(&mut self, id: u32, path: String) -> Result<Attrs, Self::Error> {
        Ok(Attrs {
            id,
            attrs: self.attrs(&path)?,
        })
    }

    async fn stat(&mut self, id: u32, path: String) -> Result<Attrs, Self::Error> {
        Ok(Attrs {
            id,
            attrs: self.attrs(&path)?,
        })
    }

    async fn fstat(&mut self, id: u32, handle: String) -> Result<Attrs, Self::Error> {
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
        match place(&path)? {
            Place::Root => Ok(Handle {
                id,
                handle: self.handle(Open::Dir { listed: false })?,
            }),
            Place::File(_) => Err(StatusCode::NoSuchFile.into()),
        }
    }

    async fn readdir(&mut self, id: u32, handle: String) -> Result<Name, Self::Error> {
        let Some(Open::Dir { listed }) = self.open.get_mut(&handle) else {
            return Err(StatusCode::Failure.into());
        };
        if *listed {
            return Err(StatusCode::Eof.into());
        }
        *listed = true;
        let mut files = Vec::new();
        for entry in self.folder.list().map_err(reply)? {
            if let Ok(meta) = std::fs::symlink_metadata(self.folder.root().join(&entry.name)) {
                files.push(Listed::new(entry.name, FileAttributes::from(&meta)));
            }
        }
        Ok(Name { id, files })
    }

    async fn remove(&mut self, id: u32, filename: String) -> Result<Status, Self::Error> {
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
            let mut s = Sftp::new(folder.clone(), true);
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

            let mut family = Sftp::new(folder.clone(), false);
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
