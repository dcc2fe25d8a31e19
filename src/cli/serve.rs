//! `zhurnal serve`: the journal for every user over SSH.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{Context, Outcome};
use crate::config::app::AppConfig;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:2222", value_name = "ADDR:PORT")]
    pub listen: String,
    /// The server's host key (created on first start; default: in the user's data
    /// directory).
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// Minutes without a key before a session ends (fractions allowed: 0.5).
    #[arg(long, default_value_t = 30.0)]
    pub idle_minutes: f64,
    /// Where the daily backup goes (default: `backups/` beside the journal).
    #[arg(long, value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,
    /// When the daily backup runs (HH:MM, local time).
    #[arg(long, default_value = "02:30", value_name = "HH:MM")]
    pub backup_at: String,
    /// How many daily backups to keep.
    #[arg(long, default_value_t = 14)]
    pub keep: usize,
    /// Serve the demo school (every password is «demo»): only when asked for, never
    /// for want of `--db`.
    #[arg(long)]
    pub demo: bool,
    /// Connections at once, all clients together (lowered to what the open-files limit
    /// allows).
    #[arg(long, default_value_t = 400, value_name = "N")]
    pub max_connections: usize,
    /// Connections at once from one address (a whole school may sit behind one).
    #[arg(long, default_value_t = 120, value_name = "N")]
    pub max_per_address: usize,
    /// Connections at once of one account.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub max_per_account: usize,
    /// Connections at once not logged in yet, all together.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub max_unauthenticated: usize,
    /// Connections at once not logged in yet from one address.
    #[arg(long, default_value_t = 24, value_name = "N")]
    pub max_unauthenticated_per_address: usize,
    /// Seconds to log in, and then to open the journal or sftp, before the connection
    /// is closed.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub login_grace: u64,
    /// Seconds a client may take none of its output before it is disconnected.
    #[arg(long, default_value_t = 30, value_name = "SECONDS")]
    pub stall_seconds: u64,
    /// Wrong passwords for one account from one address before that pair waits.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub max_guesses: u32,
    /// Minutes such a pair waits.
    #[arg(long, default_value_t = 15, value_name = "MINUTES")]
    pub guess_minutes: u64,
    /// The users' folders (default: `files/` beside the journal).
    #[arg(long, value_name = "DIR")]
    pub files_dir: Option<PathBuf>,
    /// Megabytes each account may keep in its folder.
    #[arg(long, default_value_t = QUOTA_MB, value_name = "MB")]
    pub quota_mb: u64,
    /// Megabytes of free disk kept for the journal: below it uploads and exports are
    /// refused.
    #[arg(long, default_value_t = MIN_FREE_MB, value_name = "MB")]
    pub min_free_mb: u64,
    /// Days a file stays in a user's folder (exports hold personal data).
    #[arg(long, default_value_t = 7, value_name = "DAYS")]
    pub keep_files_days: u64,
}

/// What each account may keep in its folder, and the free disk kept for the journal.
pub const QUOTA_MB: u64 = 100;
pub const MIN_FREE_MB: u64 = 500;

/// The accounts' folders: under `dir`, or `files/` beside the journal.
pub fn folders(
    db: &std::path::Path,
    dir: Option<PathBuf>,
    quota_mb: u64,
    min_free_mb: u64,
) -> crate::files::Folders {
    const MB: u64 = 1024 * 1024;
    let base = dir.unwrap_or_else(|| {
        db.parent()
            .map(|p| p.join("files"))
            .unwrap_or_else(|| PathBuf::from("files"))
    });
    crate::files::Folders {
        base,
        limits: crate::files::FolderLimits {
            quota_bytes: quota_mb.saturating_mul(MB),
            min_free_bytes: min_free_mb.saturating_mul(MB),
        },
    }
}

pub fn run(ctx: &Context, config: &AppConfig, a: ServeArgs) -> Outcome {
    let host_key = match a.host_key {
        Some(p) => p,
        None => crate::config::app::dirs()
            .map(|d| d.data_dir().join("ssh_host_ed25519_key"))
            .ok_or_else(|| "--host-key FILE".to_string())?,
    };
    let backup_dir = a
        .backup_dir
        .unwrap_or_else(|| crate::store::backup_list::default_dir(&ctx.db));
    if !(a.idle_minutes > 0.0 && a.idle_minutes <= 24.0 * 60.0) {
        return Err(crate::tr!(
            "--idle-minutes: от 0 до 1440 минут",
            "--idle-minutes: between 0 and 1440 minutes"
        ));
    }
    let positive = |n: u64, flag: &str| {
        if n == 0 {
            Err(crate::tr!("{}: больше нуля", "{}: more than zero", flag))
        } else {
            Ok(n)
        }
    };
    positive(a.max_connections as u64, "--max-connections")?;
    positive(a.max_per_address as u64, "--max-per-address")?;
    positive(a.max_per_account as u64, "--max-per-account")?;
    positive(a.max_unauthenticated as u64, "--max-unauthenticated")?;
    positive(
        a.max_unauthenticated_per_address as u64,
        "--max-unauthenticated-per-address",
    )?;
    positive(a.login_grace, "--login-grace")?;
    positive(a.stall_seconds, "--stall-seconds")?;
    positive(a.max_guesses as u64, "--max-guesses")?;
    positive(a.keep_files_days, "--keep-files-days")?;
    let folders = folders(&ctx.db, a.files_dir, a.quota_mb, a.min_free_mb);
    crate::serve::serve(crate::serve::ServeOptions {
        db: ctx.db.clone(),
        listen: a.listen,
        host_key,
        idle: std::time::Duration::from_secs_f64(a.idle_minutes * 60.0),
        backup_dir,
        backup_at: crate::serve::parse_time(&a.backup_at)?,
        keep: a.keep,
        today: ctx.today,
        tui: super::tui_options(config)?,
        limits: crate::serve::Limits {
            caps: crate::serve::Caps {
                connections: a.max_connections,
                per_address: a.max_per_address,
                per_account: a.max_per_account,
                unauthenticated: a.max_unauthenticated,
                unauthenticated_per_address: a.max_unauthenticated_per_address,
            },
            login_grace: Duration::from_secs(a.login_grace),
            stall: Duration::from_secs(a.stall_seconds),
            guesses: a.max_guesses,
            guess_window: Duration::from_secs(a.guess_minutes.max(1) * 60),
        },
        files: crate::serve::FilesOptions {
            folders,
            keep: Duration::from_secs(a.keep_files_days.saturating_mul(86_400)),
        },
    })
}
