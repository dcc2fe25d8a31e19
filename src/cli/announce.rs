//! `zhurnal announce` (for scripts: a timetable change, a meeting) and
//! `zhurnal announcements` (what reaches a user).

use clap::Args;

use super::{Context, Outcome};
use crate::store::announce::NewAnnouncement;
use crate::tr;

#[derive(Debug, Args)]
pub struct AnnounceArgs {
    /// `school`, `staff`, a class (`7Б`) or a grade (`grade:7`).
    #[arg(long)]
    pub to: String,
    #[arg(long)]
    pub title: String,
    #[arg(long, default_value = "")]
    pub text: String,
    /// The event's date: the announcement then shows in that week's calendar.
    #[arg(long, value_parser = super::cli_date)]
    pub date: Option<chrono::NaiveDate>,
}

#[derive(Debug, Args)]
pub struct AnnouncementsArgs {
    /// Only events of the seven days from this date.
    #[arg(long, value_parser = super::cli_date)]
    pub week: Option<chrono::NaiveDate>,
}

pub fn announce(ctx: &Context, a: AnnounceArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let audience = store.audience(&a.to).map_err(|e| e.to_string())?;
    let id = store
        .post_announcement(
            &actor,
            &NewAnnouncement {
                audience,
                title: a.title,
                body: a.text,
                event_date: a.date,
            },
        )
        .map_err(|e| e.to_string())?;
    say!(
        "{}",
        tr!("объявление {} опубликовано", "announcement {} posted", id)
    );
    Ok(())
}

pub fn list(ctx: &Context, a: AnnouncementsArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let rows = store
        .announcements_for(&actor, a.week)
        .map_err(|e| e.to_string())?;
    for r in &rows {
        let event = r
            .event_date
            .map(|d| format!(" [{}]", d.format("%d.%m.%Y")))
            .unwrap_or_default();
        say!(
            "{} {} · {} · {}{event} — {}",
            if r.unread { "●" } else { " " },
            &r.created_at[..r.created_at.len().min(16)],
            r.audience,
            r.author,
            r.title
        );
        if !r.body.is_empty() {
            say!("    {}", r.body);
        }
    }
    let ids: Vec<i64> = rows.iter().filter(|r| r.unread).map(|r| r.id).collect();
    store
        .mark_announcements_read(&actor, &ids)
        .map_err(|e| e.to_string())
}
