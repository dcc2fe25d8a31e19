//! `zhurnal audit`: the audit log, filtered, newest first.

use chrono::NaiveDate;
use clap::Args;

use super::{Context, Outcome, cli_date};
use crate::domain::audit::Action;
use crate::store::audit_view::AuditFilter;

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Changes made by this login.
    #[arg(long)]
    pub user: Option<String>,
    #[arg(long, value_parser = cli_date)]
    pub from: Option<NaiveDate>,
    #[arg(long, value_parser = cli_date)]
    pub to: Option<NaiveDate>,
    /// «7Б».
    #[arg(long)]
    pub class: Option<String>,
    #[arg(long)]
    pub subject: Option<String>,
    /// login, login_failed, create, delete, set, …
    #[arg(long)]
    pub action: Option<Action>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

pub fn run(ctx: &Context, a: AuditArgs) -> Outcome {
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let filter = AuditFilter {
        user: a.user,
        from: a.from,
        to: a.to,
        class: a.class,
        subject: a.subject,
        action: a.action,
    };
    for r in store
        .audit(&actor, &filter, a.limit, 0)
        .map_err(|e| e.to_string())?
    {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{} → {}",
            r.at,
            r.actor,
            r.action,
            r.entity,
            r.course,
            r.student,
            r.old.unwrap_or_default(),
            r.new.unwrap_or_default()
        );
    }
    Ok(())
}
