//! `zhurnal backup` and `zhurnal restore`.

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
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    crate::domain::policy::may_administer(&actor).map_err(|e| e.to_string())?;
    let dir = a.to.unwrap_or_else(|| {
        ctx.db
            .parent()
            .map(|p| p.join("backups"))
            .unwrap_or_else(|| PathBuf::from("backups"))
    });
    let path = store.backup(&dir, a.keep).map_err(|e| e.to_string())?;
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
    Ok(())
}
