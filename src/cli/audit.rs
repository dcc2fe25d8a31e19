//! `zhurnal audit`: the audit log, filtered, newest first.

use chrono::NaiveDate;
use clap::Args;

use super::{Context, Outcome, cli_date};
use crate::domain::audit::{Action, Channel};
use crate::domain::text::shown;
use crate::store::audit_view::{AuditFilter, AuditRow};
use crate::tr;

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
        say!("{}", line(&r));
    }
    Ok(())
}

/// One audit row as a line: when (the journal's date beside the real time when they
/// differ), who and which way, what, where, the old and the new value. Every stored
/// word is shown harmless: an old journal may hold escape sequences.
fn line(r: &AuditRow) -> String {
    let when = match &r.today {
        Some(d) => tr!(
            "{} (журнал: {})",
            "{} (journal: {})",
            r.at,
            crate::domain::calendar::parse_date(d)
                .map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_else(|| d.clone())
        ),
        None => r.at.clone(),
    };
    let mut who = r.actor.clone();
    if let Some(c) = &r.channel {
        who.push_str(" · ");
        match Channel::parse(c) {
            Some(channel) => who.push_str(channel.name()),
            None => who.push_str(c),
        }
    }
    if let Some(u) = &r.os_user {
        who.push_str(&tr!(" · ОС: {}", " · OS: {}", u));
    }
    [
        when.as_str(),
        &who,
        &r.action,
        &r.entity,
        &r.course,
        &r.student,
        &format!(
            "{} → {}",
            r.old.as_deref().unwrap_or_default(),
            r.new.as_deref().unwrap_or_default()
        ),
    ]
    .map(|f| shown(f).into_owned())
    .join("\t")
}
