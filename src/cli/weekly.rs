//! `zhurnal weekly-report`: one student's week for the parents (001 §8.3) — marks with
//! their work types and comments, absences, topics and homework — as a page to print.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::{Context, Outcome, cli_date};
use crate::tr;

#[derive(Debug, Args)]
pub struct WeeklyArgs {
    /// «7Б Фамилия Имя».
    #[arg(long)]
    pub student: String,
    /// Any day of the week (default: today).
    #[arg(long, value_parser = cli_date)]
    pub week: Option<NaiveDate>,
    /// The HTML page to write (default: standard output).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "send"
    )]
    pub output: Option<PathBuf>,
    /// Send it to the student's parents as a message instead of printing it.
    #[arg(long)]
    pub send: bool,
}

pub fn run(ctx: &Context, a: WeeklyArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    // Before any name is looked up: only class teachers and the administration print
    // weekly reports (parents read the diary).
    if !actor.reads_everything() && actor.homeroom.is_empty() {
        return Err(crate::domain::RuleError::Forbidden(tr!(
            "отчёт для родителей печатает классный руководитель",
            "the weekly report is printed by the class teacher"
        ))
        .to_string());
    }
    let (id, _) = store.find_student(&a.student).map_err(|e| e.to_string())?;
    let week = a.week.unwrap_or_else(|| ctx.today());
    if a.send {
        let thread = crate::export::weekly::send_weekly(&mut store, &actor, id, week)
            .map_err(|e| e.to_string())?;
        say!(
            "{}",
            tr!(
                "отчёт отправлен родителям: переписка #{}",
                "report sent to the parents: conversation #{}",
                thread
            )
        );
        return Ok(());
    }
    let diary = store
        .diary(&actor, id, week, None)
        .map_err(|e| e.to_string())?;
    let opts = crate::export::HtmlOptions {
        school: store.settings().map_err(|e| e.to_string())?.name,
        signature: false,
    };
    let html = crate::export::html(&crate::export::weekly::weekly_table(&diary), &opts);
    super::record_out(
        &mut store,
        &actor,
        crate::store::AuditEntry {
            student_id: Some(id),
            new: Some(format!(
                "weekly report {} → {}",
                week,
                super::destination(a.output.as_deref())
            )),
            ..crate::store::AuditEntry::new(
                crate::domain::audit::Action::Export,
                crate::domain::audit::Entity::Student,
            )
        },
    )?;
    match a.output {
        None => {
            say_part!("{html}");
            Ok(())
        }
        Some(path) => crate::store::private::write_file(&path, html.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display())),
    }
}
