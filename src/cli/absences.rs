//! `zhurnal absences` (a class's week) and `zhurnal excuse` (Н → У with a reason).

use chrono::NaiveDate;
use clap::Args;

use super::{Context, Outcome, cli_date};
use crate::report::absences::week_lines;
use crate::tr;

#[derive(Debug, Args)]
pub struct AbsencesArgs {
    #[arg(long)]
    pub class: String,
    /// Any day of the week (default: today).
    #[arg(long, value_parser = cli_date)]
    pub week: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ExcuseArgs {
    /// «7Б Фамилия Имя».
    #[arg(long)]
    pub student: String,
    #[arg(long, value_parser = cli_date)]
    pub from: NaiveDate,
    #[arg(long, value_parser = cli_date)]
    pub to: NaiveDate,
    /// The grounds: «справка», «заявление родителей» …
    #[arg(long)]
    pub reason: String,
}

pub fn absences(ctx: &Context, a: AbsencesArgs) -> Outcome {
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let (class_id, _) = store.class_by_name(&a.class).map_err(|e| e.to_string())?;
    let w = store
        .week_absences(&actor, class_id, a.week.unwrap_or_else(|| ctx.today()))
        .map_err(|e| e.to_string())?;
    for l in week_lines(&w) {
        say!("{}", l.trim_end());
    }
    Ok(())
}

pub fn excuse(ctx: &Context, a: ExcuseArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    // Before any name is looked up: only class teachers and the administrator excuse.
    if actor.homeroom.is_empty() && !actor.has(crate::domain::roles::Role::Admin) {
        return Err(crate::domain::RuleError::Forbidden(tr!(
            "это может делать классный руководитель",
            "only a class teacher may do this"
        ))
        .to_string());
    }
    let (id, name) = store.find_student(&a.student).map_err(|e| e.to_string())?;
    let n = store
        .excuse_absences(&actor, id, a.from, a.to, &a.reason)
        .map_err(super::refusal)?;
    say!(
        "{}",
        tr!(
            "{}: пропусков отмечено уважительными: {} ({})",
            "{}: absences marked excused: {} ({})",
            name.full(),
            n,
            a.reason
        )
    );
    Ok(())
}
