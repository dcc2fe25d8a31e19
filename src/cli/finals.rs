//! `zhurnal final` (a period or year final) and `zhurnal period unlock|lock`.

use clap::{Args, Subcommand};

use super::{Context, Outcome, refusal};
use crate::domain::marks::FinalValue;
use crate::domain::names::match_name;
use crate::store::lock::Lockable;
use crate::store::marks::Expect;
use crate::tr;

#[derive(Debug, Args)]
pub struct FinalArgs {
    #[command(flatten)]
    pub course: super::CourseArgs,
    /// The student: «Фамилия Имя Отчество» or a unique prefix.
    #[arg(long)]
    pub student: String,
    /// Period number, or `year`.
    #[arg(long)]
    pub period: String,
    /// 1–5, зач, незач, н/а, осв; «-» clears.
    #[arg(allow_hyphen_values = true)]
    pub value: String,
}

#[derive(Debug, Args)]
pub struct PeriodArgs {
    #[command(subcommand)]
    pub what: PeriodCommand,
}

#[derive(Debug, Subcommand)]
pub enum PeriodCommand {
    /// Open a closed period (or the year's finals) again for one course (deputy,
    /// director): after the deadline, or its finals before their window.
    Unlock {
        #[arg(long)]
        class: String,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        group: Option<String>,
        /// Period number, or `year` (the year's finals).
        #[arg(long)]
        period: String,
        #[arg(long)]
        reason: String,
        /// The last day it stays open (then it closes by itself); default: until
        /// closed again.
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
    },
    /// Close it again, with the reason (both directions carry one).
    Lock {
        #[arg(long)]
        class: String,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        group: Option<String>,
        /// Period number, or `year`.
        #[arg(long)]
        period: String,
        #[arg(long)]
        reason: String,
    },
}

pub fn final_mark(ctx: &Context, a: FinalArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.required_actor(&store)?;
    let course = a.course.find(&store)?;
    store
        .may_open_course(&actor, &course)
        .map_err(|e| e.to_string())?;
    let year = store.current_year().map_err(|e| e.to_string())?;
    let periods = store.course_periods(course.id).map_err(|e| e.to_string())?;
    let period = match a.period.trim() {
        "year" | "год" => None,
        n => {
            let n: i64 = n
                .parse()
                .map_err(|_| tr!("--period: номер или year", "--period: a number or year"))?;
            Some(super::period_num(&periods, n)?.id)
        }
    };
    let value = match a.value.trim() {
        "-" => None,
        v => Some(FinalValue::parse(v).map_err(|e| e.to_string())?),
    };
    let candidates: Vec<_> = store
        .course_students(course.id, year.start, year.end)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|s| (s.name, s.id))
        .collect();
    let (name, id) = match match_name(&a.student, &candidates).as_slice() {
        [(n, id)] => (n.full(), *id),
        [] => {
            return Err(tr!(
                "в {} нет ученика «{}»",
                "{} has no student «{}»",
                course.title(),
                a.student
            ));
        }
        _ => {
            return Err(tr!(
                "«{}» подходит нескольким ученикам",
                "«{}» matches several students",
                a.student
            ));
        }
    };
    store
        .set_final(&actor, course.id, id, period, value, Expect::Anything)
        .map_err(refusal)?;
    say!(
        "{}",
        tr!(
            "сохранено: {} — {}",
            "saved: {} — {}",
            name,
            value.map(|v| v.as_str()).unwrap_or("—")
        )
    );
    Ok(())
}

pub fn period(ctx: &Context, a: PeriodArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let (class, subject, group, which) = match &a.what {
        PeriodCommand::Unlock {
            class,
            subject,
            group,
            period,
            ..
        }
        | PeriodCommand::Lock {
            class,
            subject,
            group,
            period,
            ..
        } => (class, subject, group, period),
    };
    let course = store
        .find_course(class, subject, group.as_deref())
        .map_err(refusal)?;
    let (what, name) = match which.trim() {
        "year" | "год" => (Lockable::Year, None),
        n => {
            let num: i64 = n
                .parse()
                .map_err(|_| tr!("--period: номер или year", "--period: a number or year"))?;
            let periods = store.course_periods(course.id).map_err(|e| e.to_string())?;
            let p = super::period_num(&periods, num)?;
            (Lockable::Period(p.id), Some(p.name.clone()))
        }
    };
    let title = course.title();
    let done = match a.what {
        PeriodCommand::Unlock { reason, until, .. } => {
            let until = match until.as_deref() {
                Some(d) => Some(crate::domain::calendar::parse_date(d).ok_or_else(|| {
                    tr!(
                        "--until: дата ДД.ММ.ГГГГ или ГГГГ-ММ-ДД, а не «{}»",
                        "--until: a date DD.MM.YYYY or YYYY-MM-DD, not «{}»",
                        d
                    )
                })?),
                None => None,
            };
            store
                .set_open(&actor, &[course.id], what, true, &reason, until)
                .map_err(|e| e.to_string())?;
            match name {
                Some(p) => tr!("{}: «{}» открыт", "{}: «{}» opened", title, p),
                None => tr!(
                    "{}: годовые отметки открыты",
                    "{}: the year finals opened",
                    title
                ),
            }
        }
        PeriodCommand::Lock { reason, .. } => {
            store
                .relock(&actor, course.id, what, &reason)
                .map_err(|e| e.to_string())?;
            match name {
                Some(p) => tr!("{}: «{}» закрыт", "{}: «{}» closed", title, p),
                None => tr!(
                    "{}: годовые отметки закрыты",
                    "{}: the year finals closed",
                    title
                ),
            }
        }
    };
    say!("{}", done);
    Ok(())
}
