//! The SFTP requests, answered inside the account's folder: listing, opening, reading
//! and writing (uploads appear whole), renaming and removing files; everything else
//! is refused.

use super::*;

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
