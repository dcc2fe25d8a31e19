//! `zhurnal serve`: the journal for every user over SSH.

use std::path::PathBuf;

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
}

pub fn run(ctx: &Context, config: &AppConfig, a: ServeArgs) -> Outcome {
    let host_key = match a.host_key {
        Some(p) => p,
        None => crate::config::app::dirs()
            .map(|d| d.data_dir().join("ssh_host_ed25519_key"))
            .ok_or_else(|| "--host-key FILE".to_string())?,
    };
    let backup_dir = a.backup_dir.unwrap_or_else(|| {
        ctx.db
            .parent()
            .map(|p| p.join("backups"))
            .unwrap_or_else(|| PathBuf::from("backups"))
    });
    if !(a.idle_minutes > 0.0 && a.idle_minutes <= 24.0 * 60.0) {
        return Err(crate::tr!(
            "--idle-minutes: от 0 до 1440 минут",
            "--idle-minutes: between 0 and 1440 minutes"
        ));
    }
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
    })
}
