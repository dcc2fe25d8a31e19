//! `zhurnal exam`: assessment events (interim assessment, school exams, the interview,
//! the essay, ОГЭ, ЕГЭ), their results and the final for the year after an exam.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{Context, Outcome, cli_date, refusal};
use crate::domain::assessment::{AssessmentKind, AssessmentResult};
use crate::domain::ids::StudentId;
use crate::domain::marks::FinalValue;
use crate::domain::names::{FullName, match_name};
use crate::domain::policy::{Actor, may_set_assessment};
use crate::domain::text::shown;
use crate::store::Store;
use crate::store::assessments::{Assessment, AssessmentFor};
use crate::tr;

#[derive(Debug, Args)]
pub struct ExamArgs {
    #[command(subcommand)]
    pub what: ExamCommand,
}

fn kind(s: &str) -> Result<AssessmentKind, String> {
    AssessmentKind::parse(s).ok_or_else(|| {
        let known: Vec<&str> = AssessmentKind::ALL.iter().map(|k| k.as_str()).collect();
        tr!(
            "«{}» — не вид аттестации ({})",
            "«{}» is not a kind of assessment ({})",
            s,
            known.join(", ")
        )
    })
}

#[derive(Debug, Subcommand)]
pub enum ExamCommand {
    /// A new event: a course's (interim, exam, oge, ege) or a grade's (interview, essay).
    Add {
        /// interim | exam | interview | essay | oge | ege (or ПА, ОГЭ, ЕГЭ …).
        #[arg(long, value_parser = kind)]
        kind: AssessmentKind,
        #[arg(long, requires = "subject", conflicts_with = "grade")]
        class: Option<String>,
        #[arg(long)]
        subject: Option<String>,
        #[arg(long)]
        group: Option<String>,
        /// The grade, for the interview and the essay.
        #[arg(long)]
        grade: Option<i64>,
        #[arg(long, value_parser = cli_date)]
        date: NaiveDate,
        /// Its name (default: the kind's).
        #[arg(long, default_value = "")]
        name: String,
    },
    /// The year's events (of one class: its courses' and its grade's), with results.
    List {
        #[arg(long)]
        class: Option<String>,
    },
    /// A student's result: «5», «зач», «4 (28)» for ОГЭ with points, «78» for ЕГЭ; «-»
    /// clears it.
    Result {
        /// The event's number, as `exam list` gives it.
        id: i64,
        #[arg(long)]
        student: String,
        value: String,
    },
    /// The final for the year after the course's exam: shown as suggested, set with a
    /// value (or `--confirm` for the suggested one).
    Final {
        #[command(flatten)]
        course: super::CourseArgs,
        #[arg(long)]
        student: String,
        value: Option<String>,
        #[arg(long, conflicts_with = "value")]
        confirm: bool,
    },
}

/// One student of these by a part of the name.
fn one_student(list: &[(StudentId, FullName)], query: &str, of: &str) -> Result<StudentId, String> {
    let candidates: Vec<(FullName, StudentId)> =
        list.iter().map(|(id, name)| (name.clone(), *id)).collect();
    match match_name(query, &candidates).as_slice() {
        [(_, id)] => Ok(*id),
        [] => Err(tr!(
            "среди сдающих {} нет «{}»",
            "nobody «{}» sits {}",
            of,
            query
        )),
        _ => Err(tr!(
            "«{}» подходит нескольким ученикам",
            "«{}» matches several students",
            query
        )),
    }
}

fn line(store: &Store, actor: &Actor, a: &Assessment) -> Result<String, String> {
    let results = store.visible_results(actor, a).map_err(refusal)?;
    let students = store.assessment_students(a).map_err(refusal)?;
    Ok(format!(
        "№ {:<3} {}  {:<24} {} «{}»  {}",
        a.id,
        a.date.format("%d.%m.%Y"),
        shown(&a.title),
        a.kind.name(),
        shown(&a.name),
        tr!(
            "результатов {} из {}",
            "results {} of {}",
            results.len(),
            students.len()
        )
    ))
}

pub fn run(ctx: &Context, a: ExamArgs) -> Outcome {
    let mut store = ctx.open()?;
    match a.what {
        ExamCommand::Add {
            kind,
            class,
            subject,
            group,
            grade,
            date,
            name,
        } => {
            let actor = ctx.required_actor(&store)?;
            let of = match (class, subject, grade) {
                (Some(class), Some(subject), _) => AssessmentFor::Course(
                    store
                        .find_course(&class, &subject, group.as_deref())
                        .map_err(refusal)?
                        .id,
                ),
                (None, _, Some(g)) => AssessmentFor::Grade(g),
                _ => {
                    return Err(tr!(
                        "укажите курс (--class и --subject) или параллель (--grade)",
                        "name a course (--class and --subject) or a grade (--grade)"
                    ));
                }
            };
            let id = store
                .add_assessment(&actor, kind, of, date, &name)
                .map_err(refusal)?;
            say!(
                "{}",
                line(&store, &actor, &store.assessment(id).map_err(refusal)?)?
            );
        }
        ExamCommand::List { class } => {
            let actor = ctx.required_actor(&store)?;
            let class = class
                .map(|c| store.class_by_name(&c).map(|(id, _)| id))
                .transpose()
                .map_err(refusal)?;
            let list = store.visible_assessments(&actor, class).map_err(refusal)?;
            if list.is_empty() {
                say!("{}", tr!("аттестаций нет", "no assessments"));
            }
            for a in &list {
                say!("{}", line(&store, &actor, a)?);
                for (_, name, r) in store.visible_results(&actor, a).map_err(refusal)? {
                    say!("      {}  {}", shown(&name.full()), r.text());
                }
            }
        }
        ExamCommand::Result { id, student, value } => {
            let actor = ctx.required_actor(&store)?;
            let a = store.assessment(id).map_err(refusal)?;
            // Who may set it, before any student of it is looked up.
            let teacher = match a.of {
                AssessmentFor::Course(c) => Some(store.course(c).map_err(refusal)?.teacher_id),
                AssessmentFor::Grade(_) => None,
            };
            may_set_assessment(&actor, a.kind.by_teacher(), teacher).map_err(|e| e.to_string())?;
            let students = store.assessment_students(&a).map_err(refusal)?;
            let sid = one_student(&students, &student, &a.name)?;
            let result = match value.trim() {
                "-" => None,
                v => Some(AssessmentResult::parse(a.kind, v).map_err(|e| e.to_string())?),
            };
            store
                .set_assessment_result(&actor, id, sid, result)
                .map_err(refusal)?;
            say!(
                "{}",
                tr!(
                    "сохранено: {} — {}",
                    "saved: {} — {}",
                    a.name,
                    result.map_or("—".to_string(), |r| r.text())
                )
            );
        }
        ExamCommand::Final {
            course,
            student,
            value,
            confirm,
        } => {
            let actor = ctx.required_actor(&store)?;
            let course = course.find(&store)?;
            // The suggestion is the course teacher's and the administration's to see.
            may_set_assessment(&actor, true, Some(course.teacher_id)).map_err(|e| e.to_string())?;
            let year = store.current_year().map_err(refusal)?;
            let students: Vec<(StudentId, FullName)> = store
                .course_students(course.id, year.start, year.end)
                .map_err(refusal)?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect();
            let sid = one_student(&students, &student, &course.title())?;
            let suggested = store
                .suggested_overall_final(&actor, course.id, sid)
                .map_err(refusal)?;
            let value = match (value, confirm) {
                (Some(v), _) if v.trim() == "-" => None,
                (Some(v), _) => Some(FinalValue::parse(&v).map_err(|e| e.to_string())?),
                (None, true) => Some(suggested.ok_or_else(|| {
                    tr!(
                        "предложить нечего: нет годовой отметки",
                        "nothing to suggest: no year final"
                    )
                })?),
                (None, false) => {
                    say!(
                        "{}",
                        tr!(
                            "предлагается: {} (годовая и экзамен); поставить: --confirm или значение",
                            "suggested: {} (the year final and the exam); set it: --confirm or a value",
                            suggested.map_or("—", |v| v.as_str())
                        )
                    );
                    return Ok(());
                }
            };
            store
                .set_overall_final(&actor, course.id, sid, value)
                .map_err(refusal)?;
            say!(
                "{}",
                tr!(
                    "сохранено: итоговая {}",
                    "saved: overall final {}",
                    value.map_or("—", |v| v.as_str())
                )
            );
        }
    }
    Ok(())
}
