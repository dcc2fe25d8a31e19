//! `zhurnal backup` and `zhurnal restore`.

use super::record_out;
use crate::domain::audit::{Action, Entity};
use crate::domain::text::shown;
use crate::store::AuditEntry;
use std::path::PathBuf;

use clap::Args;

use super::{Context, Outcome};
use crate::tr;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where the copies go (default: `backups/` beside the journal).
    #[arg(long, value_name = "DIR")]
    pub to: Option<PathBuf>,
    /// How many copies of this journal to keep there.
    #[arg(long, default_value_t = 14)]
    pub keep: usize,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to put in place of the journal.
    pub file: PathBuf,
}

pub fn backup(ctx: &Context, a: BackupArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    crate::domain::policy::may_administer(&actor).map_err(|e| e.to_string())?;
    let dir =
        a.to.unwrap_or_else(|| crate::store::backup_list::default_dir(&ctx.db));
    let path = store.backup(&dir, a.keep).map_err(|e| e.to_string())?;
    super::record_out(
        &mut store,
        &actor,
        AuditEntry {
            new: Some(path.display().to_string()),
            ..AuditEntry::new(Action::Backup, Entity::Journal)
        },
    )?;
    say!(
        "{}",
        tr!(
            "резервная копия: {} (проверена integrity_check)",
            "backup: {} (checked with integrity_check)",
            path.display()
        )
    );
    Ok(())
}

pub fn restore(ctx: &Context, a: RestoreArgs) -> Outcome {
    use crate::store::{Store, StoreError, backup};
    if ctx.db.exists() {
        match Store::open(&ctx.db) {
            Ok(store) => {
                let actor = ctx.actor(&store)?;
                crate::domain::policy::may_administer(&actor).map_err(|e| e.to_string())?;
            }
            // A journal SQLite cannot read is what a restore cures; the local operator
            // who holds the file may always put a backup in its place.
            Err(e @ (StoreError::NotAJournal(..) | StoreError::Damaged(..))) => {
                if let Some(login) = &ctx.as_login {
                    return Err(tr!(
                        "восстановление не выполнено: {}; права {} из него не прочесть: восстановите без --as, от имени владельца файла; журнал не изменён",
                        "not restored: {}; the rights of {} cannot be read from it: restore without --as, as the owner of the file; the journal is unchanged",
                        e,
                        login
                    ));
                }
            }
            Err(e) => return Err(backup::refused(&e)),
        }
    }
    let done = backup::restore(&ctx.db, &a.file).map_err(|e| backup::refused(&e))?;
    let message = match (&done.aside, &done.damaged) {
        (None, _) => tr!(
            "журнал восстановлен из {}",
            "journal restored from {}",
            a.file.display()
        ),
        (Some(aside), None) => tr!(
            "журнал восстановлен из {}; прежний сохранён как {}",
            "journal restored from {}; the previous one is kept as {}",
            a.file.display(),
            aside.display()
        ),
        (Some(aside), Some(found)) => tr!(
            "журнал восстановлен из {}; прежний был повреждён (SQLite нашёл: {}) и сохранён как {}",
            "journal restored from {}; the previous one was damaged (SQLite found: {}) and is kept as {}",
            a.file.display(),
            found,
            aside.display()
        ),
    };
    say!("{message}");
    record_restore(ctx, &a.file, &done)
}

/// Records the restore in the restored journal and in the copy it set aside: who,
/// which backup, and how many later audit rows the restore replaced.
fn record_restore(
    ctx: &Context,
    file: &std::path::Path,
    done: &crate::store::backup::Restored,
) -> Outcome {
    use crate::store::backup;
    // The restored journal may not know the account the old one did: the row names
    // the login as given, with no account.
    let actor = crate::domain::policy::Actor {
        login: ctx.as_login.clone().unwrap_or_else(|| "local".into()),
        ..crate::domain::policy::Actor::local_operator()
    };
    // A damaged journal set aside is not opened (that would leave files beside it):
    // how much of its log the restore replaced is then unknown.
    let replaced = match (&done.aside, &done.damaged) {
        (Some(_), Some(_)) => "?".into(),
        (Some(aside), None) => backup::replaced_audit_rows(&ctx.db, aside)
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into()),
        (None, _) => "0".into(),
    };
    let aside = done
        .aside
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "—".into());
    let mut store = ctx.open()?;
    record_out(
        &mut store,
        &actor,
        AuditEntry {
            new: Some(crate::store::backup::restore_note(
                &file.display().to_string(),
                &replaced,
                &aside,
            )),
            ..AuditEntry::new(Action::Restore, Entity::Journal)
        },
    )?;
    if let (Some(aside), None) = (&done.aside, &done.damaged) {
        // The copy set aside says what replaced it; a copy too damaged to open keeps
        // its word in the restored journal only.
        let noted = ctx.open_file(aside).and_then(|mut old| {
            record_out(
                &mut old,
                &actor,
                AuditEntry {
                    new: Some(crate::store::backup::replaced_note(
                        &file.display().to_string(),
                        &ctx.db.display().to_string(),
                        &replaced,
                    )),
                    ..AuditEntry::new(Action::Restore, Entity::Journal)
                },
            )
        });
        if let Err(e) = noted {
            eprintln!("zhurnal: {}: {}", aside.display(), shown(&e));
        }
    }
    Ok(())
}
