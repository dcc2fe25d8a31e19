//! `zhurnal exempt add|remove|list` (a student freed from a subject for a period) and
//! `zhurnal grading show|set` (how the school's subjects are assessed and the minimum
//! marks a period, from `school.toml`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Context, Outcome, refusal};
use crate::config::school::School;
use crate::domain::grading::Assessment;
use crate::domain::ids::StudentId;
use crate::domain::names::match_name;
use crate::store::Store;
use crate::store::courses::CourseInfo;
use crate::store::grading::Grading;
use crate::tr;

#[derive(Debug, Args)]
pub struct ExemptArgs {
    #[command(subcommand)]
    pub what: ExemptCommand,
}

/// One student of a course in one of its periods.
#[derive(Debug, Args)]
pub struct ExemptWho {
    #[command(flatten)]
    pub course: super::CourseArgs,
    /// The student: «Фамилия Имя Отчество» or a unique prefix.
    #[arg(long)]
    pub student: String,
    /// The period's number among the class's periods.
    #[arg(long)]
    pub period: i64,
}

#[derive(Debug, Subcommand)]
pub enum ExemptCommand {
    /// Exempt a student from a subject for a period, with the grounds (deputy director,
    /// class teacher): no marks expected, «осв» the final suggested.
    Add {
        #[command(flatten)]
        who: ExemptWho,
        /// The grounds: a medical certificate, an order.
        #[arg(long)]
        reason: String,
    },
    /// End an exemption.
    Remove {
        #[command(flatten)]
        who: ExemptWho,
    },
    /// A class's exemptions this year.
    List {
        #[arg(long)]
        class: String,
    },
}

#[derive(Debug, Args)]
pub struct GradingArgs {
    #[command(subcommand)]
    pub what: GradingCommand,
}

#[derive(Debug, Subcommand)]
pub enum GradingCommand {
    /// How each grade's subjects are assessed and the minimum marks a period.
    Show,
    /// Take the school file's [[assessment]] and [marks] minimum for this year
    /// (administrator, deputy director, director); refused where the journal's marks
    /// contradict them.
    Set {
        /// The school's settings (the file `init` read, with its new tables).
        #[arg(long, value_name = "FILE.toml")]
        school: PathBuf,
        /// Check and show, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn exempt(ctx: &Context, a: ExemptArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    match a.what {
        ExemptCommand::Add { who, reason } => {
            let (course, student, name, period) = locate(&store, &who)?;
            store
                .exempt(&actor, course.id, student, period.id, &reason)
                .map_err(refusal)?;
            say!(
                "{}",
                tr!(
                    "{} освобождён(а) от {} на «{}»: {}",
                    "{} is exempt from {} for «{}»: {}",
                    name,
                    course.title(),
                    period.name,
                    reason.trim()
                )
            );
        }
        ExemptCommand::Remove { who } => {
            let (course, student, name, period) = locate(&store, &who)?;
            store
                .unexempt(&actor, course.id, student, period.id)
                .map_err(refusal)?;
            say!(
                "{}",
                tr!(
                    "{}: освобождение от {} на «{}» снято",
                    "{}: the exemption from {} for «{}» is ended",
                    name,
                    course.title(),
                    period.name
                )
            );
        }
        ExemptCommand::List { class } => {
            let (class_id, _) = store.class_by_name(&class).map_err(refusal)?;
            let list = store.exemption_list(&actor, class_id).map_err(refusal)?;
            if list.is_empty() {
                say!(
                    "{}",
                    tr!(
                        "в {} никто не освобождён",
                        "nobody in {} is exempt",
                        class.trim()
                    )
                );
            }
            for x in list {
                say!(
                    "{}  {}  {}  {}  ({})",
                    x.period,
                    x.course,
                    x.student.full(),
                    x.reason,
                    x.author
                );
            }
        }
    }
    Ok(())
}

/// The course, the student (by name among its students in the period) and the period.
fn locate(
    store: &Store,
    who: &ExemptWho,
) -> Result<
    (
        CourseInfo,
        StudentId,
        String,
        crate::domain::calendar::Period,
    ),
    String,
> {
    let course = who.course.find(store)?;
    let periods = store.course_periods(course.id).map_err(refusal)?;
    let period = super::period_num(&periods, who.period)?.clone();
    let candidates: Vec<_> = store
        .course_students(course.id, period.start, period.end)
        .map_err(refusal)?
        .into_iter()
        .map(|s| (s.name, s.id))
        .collect();
    match match_name(&who.student, &candidates).as_slice() {
        [(n, id)] => Ok((course, *id, n.full(), period)),
        [] => Err(tr!(
            "в {} нет ученика «{}» в «{}»",
            "{} has no student «{}» in «{}»",
            course.title(),
            who.student,
            period.name
        )),
        many => Err(tr!(
            "«{}» подходит нескольким ученикам: {}",
            "«{}» matches several students: {}",
            who.student,
            many.iter()
                .map(|(n, _)| n.full())
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
}

pub fn grading(ctx: &Context, a: GradingArgs) -> Outcome {
    let mut store = ctx.open()?;
    match a.what {
        GradingCommand::Show => {
            for line in grading_lines(&store.grading().map_err(refusal)?) {
                say!("{line}");
            }
            Ok(())
        }
        GradingCommand::Set { school, dry_run } => {
            let actor = ctx.actor(&store)?;
            let year = store.current_year().map_err(refusal)?;
            let start = chrono::Datelike::year(&year.start);
            let file = School::load(&school, Some(start), ctx.today())?;
            let g = Grading {
                assessment: file.assessment,
                minimums: file.minimums,
                fallback: file.min_marks_per_period,
            };
            store.set_grading(&actor, &g, dry_run).map_err(refusal)?;
            for line in grading_lines(&g) {
                say!("{line}");
            }
            if dry_run {
                say!(
                    "{}",
                    tr!(
                        "(пробный запуск: ничего не изменено)",
                        "(dry run: nothing changed)"
                    )
                );
            }
            Ok(())
        }
    }
}

/// The rules as lines: «4 класс · ОРКСЭ · весь год: «зачёт/незачёт»», then the minimum.
fn grading_lines(g: &Grading) -> Vec<String> {
    let mut out = vec![tr!(
        "Оценивание (без строки — отметками 1–5; 1 класс — без оценивания):",
        "Assessment (marks 1–5 unless a line says otherwise; grade 1 is never assessed):"
    )];
    for r in &g.assessment.0 {
        let subject = r
            .subject
            .clone()
            .unwrap_or_else(|| tr!("все предметы", "every subject"));
        let period = match r.period {
            Some(p) => tr!("период {}", "period {}", p),
            None => tr!("весь год", "the whole year"),
        };
        out.push(format!(
            "  {} · {subject} · {period}: {}",
            tr!("{} класс", "grade {}", r.grade),
            r.kind.words()
        ));
    }
    if g.assessment.0.is_empty() {
        out.push(format!("  {}", Assessment::Marks.words()));
    }
    out.push(tr!(
        "Минимум отметок за период по часам в неделю:",
        "Minimum marks a period by weekly hours:"
    ));
    for m in &g.minimums {
        out.push(tr!("  от {} ч — {}", "  from {} h: {}", m.hours, m.marks));
    }
    out.push(if g.minimums.is_empty() {
        tr!("  любой предмет — {}", "  any subject: {}", g.fallback)
    } else {
        tr!("  меньше — {}", "  fewer hours: {}", g.fallback)
    });
    out
}
