//! The backups a screen offers: the copies of this journal in the backup folder, newest
//! first, each named by its file name alone; a backup taken and a restore done by a
//! signed-in administrator, recorded in the audit; the last restore, which every open
//! session looks for when the journal changes under it.

use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;

use super::backup::{Restored, backup_time, replaced_audit_rows, restore};
use super::{AuditEntry, Result, Store, StoreError};
use crate::domain::audit::{Action, Entity};
use crate::domain::policy::{Actor, may_administer};
use crate::tr;

/// One copy of the journal in the backup folder.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupFile {
    /// The file's name in the folder (never a path).
    pub name: String,
    pub bytes: u64,
    /// When it was taken, from its name: «15.12.2025 09:30».
    pub taken: String,
}

/// The copies of the journal `db` in `dir`, newest first; none when the folder does
/// not exist yet.
pub fn list_backups(dir: &Path, db: &Path) -> Result<Vec<BackupFile>> {
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("journal");
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::Invalid(format!("{}: {e}", dir.display()))),
    };
    let mut found: Vec<((String, u32), BackupFile)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let key = backup_time(stem, &name)?;
            let bytes = e.metadata().map(|m| m.len()).unwrap_or(0);
            let s = &key.0;
            let taken = format!(
                "{}.{}.{} {}:{}",
                &s[6..8],
                &s[4..6],
                &s[0..4],
                &s[9..11],
                &s[11..13]
            );
            Some((key, BackupFile { name, bytes, taken }))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0));
    Ok(found.into_iter().map(|(_, f)| f).collect())
}

/// The last restore the journal records: who, when, from which copy.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreNote {
    pub id: i64,
    /// As stored: «2025-12-15 10:20:00».
    pub at: String,
    pub actor: String,
    /// The copy's file name.
    pub from: String,
}

impl Store {
    /// An administrator's backup into `dir`, checked, the newest `keep` kept, recorded
    /// in the audit; the copy as the backup list shows it.
    pub fn backup_now(&mut self, actor: &Actor, dir: &Path, keep: usize) -> Result<BackupFile> {
        may_administer(actor)?;
        let path = self.backup(dir, keep)?;
        let name = file_name(&path);
        self.log_event(
            actor,
            AuditEntry {
                new: Some(path.display().to_string()),
                ..AuditEntry::new(Action::Backup, Entity::Journal)
            },
        )?;
        let listed = list_backups(dir, self.path())?;
        Ok(listed
            .into_iter()
            .find(|f| f.name == name)
            .unwrap_or(BackupFile {
                name,
                bytes: 0,
                taken: String::new(),
            }))
    }

    /// An administrator puts the copy `name` of the folder `dir` in place of this
    /// journal (see [`restore`]): only a copy of this journal listed there, named by its
    /// file name, never a path. The restore is recorded in the restored journal, which
    /// every open session reads at its next look and says so.
    pub fn restore_backup(&mut self, actor: &Actor, dir: &Path, name: &str) -> Result<Restored> {
        may_administer(actor)?;
        let listed = list_backups(dir, self.path())?;
        if !listed.iter().any(|f| f.name == name) {
            return Err(StoreError::NotFound(tr!(
                "в папке копий нет «{}»",
                "the backup folder has no «{}»",
                name
            )));
        }
        let db = self.path().to_path_buf();
        let done = restore(&db, &dir.join(name))?;
        // A damaged journal is moved aside, not written over: this store's connection
        // still reads it, so the restored file is opened again.
        if done.damaged.is_some() {
            self.reconnect()?;
        }
        // As the command line records it: how many later audit rows the restore set
        // aside (unknown for a damaged journal, which is not opened).
        let replaced = match (&done.aside, &done.damaged) {
            (Some(aside), None) => replaced_audit_rows(&db, aside)
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "?".into()),
            (Some(_), Some(_)) => "?".into(),
            (None, _) => "0".into(),
        };
        let aside_name = done.aside.as_deref().map(file_name);
        // The restored journal may not know the account: the row names the login alone.
        let who = Actor {
            login: actor.login.clone(),
            ..Actor::local_operator()
        };
        self.log_event(
            &who,
            AuditEntry {
                new: Some(super::backup::restore_note(
                    name,
                    &replaced,
                    aside_name.as_deref().unwrap_or("—"),
                )),
                ..AuditEntry::new(Action::Restore, Entity::Journal)
            },
        )?;
        if let (Some(aside), None) = (&done.aside, &done.damaged) {
            // The journal set aside says what replaced it; failing to say so is not
            // worth failing a restore that is done.
            if let Ok(mut old) = Store::open(aside) {
                let _ = old.log_event(
                    &who,
                    AuditEntry {
                        new: Some(super::backup::replaced_note(
                            name,
                            &file_name(&db),
                            &replaced,
                        )),
                        ..AuditEntry::new(Action::Restore, Entity::Journal)
                    },
                );
            }
        }
        Ok(done)
    }

    /// The last restore recorded, if any.
    pub fn last_restore(&self) -> Result<Option<RestoreNote>> {
        Ok(self
            .row(
                "SELECT id, at, actor, ifnull(new_value, '') FROM audit
                 WHERE action = 'restore' ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    let new: String = r.get(3)?;
                    // «/path/to/copy.sqlite (…)» or «copy.sqlite (…)»: the file's name.
                    let copy = new.split(" (").next().unwrap_or_default();
                    Ok(RestoreNote {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        actor: r.get(2)?,
                        from: file_name(Path::new(copy)),
                    })
                },
            )
            .optional()?)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// `backups/` beside the journal: where backups go unless configured.
pub fn default_dir(db: &Path) -> PathBuf {
    db.parent()
        .map(|p| p.join("backups"))
        .unwrap_or_else(|| PathBuf::from("backups"))
}
