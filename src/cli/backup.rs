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
    #[arg(long = "as", value_name = "LOGIN")]
    pub as_login: Option<String>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to put in place of the journal.
    pub file: PathBuf,
    #[arg(long = "as", value_name = "LOGIN")]
    pub as_login: Option<String>,
}

pub fn backup(ctx: &Context, a: BackupArgs) -> Outcome {
    let store = ctx.open()?;
    let actor = super::actor(&store, a.as_login.as_deref())?;
    crate::domain::policy::may_administer(&actor).map_err(|e| e.to_string())?;
    let dir = a.to.unwrap_or_else(|| {
        ctx.db
            .parent()
            .map(|p| p.join("backups"))
            .unwrap_or_else(|| PathBuf::from("backups"))
    });
    let path = store.backup(&dir, a.keep).map_err(|e| e.to_string())?;
    println!(
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
    if ctx.db.exists() {
        let store = ctx.open()?;
        let actor = super::actor(&store, a.as_login.as_deref())?;
        crate::domain::policy::may_administer(&actor).map_err(|e| e.to_string())?;
    }
    let aside = crate::store::backup::restore(&ctx.db, &a.file)
        .map_err(|e| crate::store::backup::refused(&e))?;
    println!(
        "{}",
        tr!(
            "журнал восстановлен из {}; прежний сохранён как {}",
            "journal restored from {}; the previous one is kept as {}",
            a.file.display(),
            aside.display()
        )
    );
    Ok(())
}
