//! `zhurnal mark` and `zhurnal attend`: scriptable entry through the same rules,
//! permissions and audit as the journal grid.

use chrono::NaiveDate;
use clap::Args;

use super::{Context, Outcome, cli_date};
use crate::domain::RuleError;
use crate::domain::ids::StudentId;
use crate::domain::marks::Mark;
use crate::domain::names::match_name;
use crate::domain::policy::Actor;
use crate::store::Store;
use crate::store::courses::LessonInfo;
use crate::store::marks::Expect;
use crate::tr;

#[derive(Debug, Args)]
pub struct CellArgs {
    #[command(flatten)]
    pub course: super::CourseArgs,
    /// The lesson's date.
    #[arg(long, value_parser = cli_date)]
    pub date: NaiveDate,
    /// The lesson number, when the course has several lessons that day.
    #[arg(long)]
    pub lesson: Option<i64>,
    /// The student: «Фамилия Имя Отчество» as the export prints it, or a unique prefix.
    #[arg(long)]
    pub student: String,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    #[command(flatten)]
    pub cell: CellArgs,
    /// The work type's name or short code (default: the lesson's).
    #[arg(long)]
    pub work_type: Option<String>,
    /// Give the mark even though the student is marked absent.
    #[arg(long)]
    pub yes: bool,
    /// Marks, 1–5; in a course assessed pass/fail, зач or незач.
    #[arg(required = true, value_name = "VALUE")]
    pub values: Vec<String>,
}

#[derive(Debug, Args)]
pub struct AttendArgs {
    #[command(flatten)]
    pub cell: CellArgs,
    /// Н, Б, У, О (the school's codes); «-» clears.
    #[arg(value_name = "CODE", allow_hyphen_values = true)]
    pub code: String,
}

/// Finds the lesson and the student a command names.
fn locate(
    store: &Store,
    actor: &Actor,
    a: &CellArgs,
) -> Result<(LessonInfo, StudentId, String), String> {
    let course = a.course.find(store)?;
    // Before any name is looked up: a user who may not work with the course learns
    // nothing about its students.
    store
        .may_open_course(actor, &course)
        .map_err(|e| e.to_string())?;
    let lessons = store
        .lessons_on(course.id, a.date)
        .map_err(|e| e.to_string())?;
    let lesson = match (lessons.as_slice(), a.lesson) {
        ([], _) => {
            let year = store.current_year().map_err(|e| e.to_string())?;
            let cal = store.calendar(year.id).map_err(|e| e.to_string())?;
            cal.check_class_lesson_date(a.date, course.class.grade, Some(course.class_id))
                .map_err(|e| e.to_string())?;
            return Err(tr!(
                "у {} нет урока {}",
                "{} has no lesson on {}",
                course.title(),
                a.date.format("%d.%m.%Y")
            ));
        }
        ([one], None) => one.clone(),
        (many, None) => {
            return Err(tr!(
                "у {} {} несколько уроков ({}): укажите --lesson",
                "{} has several lessons on {} ({}): give --lesson",
                course.title(),
                a.date.format("%d.%m.%Y"),
                many.iter()
                    .map(|l| l.lesson_no.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        (many, Some(n)) => many
            .iter()
            .find(|l| l.lesson_no == n)
            .cloned()
            .ok_or_else(|| tr!("нет урока № {} в этот день", "no lesson No. {} that day", n))?,
    };
    let year = store.current_year().map_err(|e| e.to_string())?;
    let candidates: Vec<_> = store
        .course_students(course.id, year.start, year.end)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|s| (s.name, s.id))
        .collect();
    match match_name(&a.student, &candidates).as_slice() {
        [(name, id)] => Ok((lesson, *id, name.full())),
        [] => Err(tr!(
            "в {} нет ученика «{}»",
            "{} has no student «{}»",
            course.title(),
            a.student
        )),
        many => Err(tr!(
            "«{}» подходит нескольким ученикам: {}",
            "«{}» matches several students: {}",
            a.student,
            many.iter()
                .map(|(n, _)| n.full())
                .collect::<Vec<_>>()
                .join("; ")
        )),
    }
}

pub fn mark(ctx: &Context, a: MarkArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.required_actor(&store)?;
    let values = a
        .values
        .iter()
        .map(|v| Mark::parse(v))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let (lesson, student, name) = locate(&store, &actor, &a.cell)?;
    let work_type = match &a.work_type {
        Some(w) => {
            let wl = w.trim().to_lowercase();
            let types = store.work_types().map_err(|e| e.to_string())?;
            let found = types
                .iter()
                .find(|t| t.name.to_lowercase() == wl || t.short.to_lowercase() == wl)
                .ok_or_else(|| RuleError::UnknownWorkType(w.trim().to_string()).to_string())?;
            Some(found.id)
        }
        None => None,
    };
    if !a.yes {
        let codes = store.attendance_codes().map_err(|e| e.to_string())?;
        let absent = store
            .attendance_of(lesson.id, student)
            .map_err(|e| e.to_string())?
            .and_then(|c| {
                codes
                    .find(&c)
                    .ok()
                    .filter(|c| c.absent)
                    .map(|c| c.code.clone())
            });
        if let Some(code) = absent {
            return Err(tr!(
                "{} отмечен(а) как «{}» на этом уроке; добавьте --yes, чтобы всё же поставить отметку",
                "{} is marked «{}» for this lesson; add --yes to give the mark anyway",
                name,
                code
            ));
        }
    }
    store
        .add_marks(
            &actor,
            lesson.id,
            student,
            &values,
            work_type,
            Expect::Anything,
        )
        .map_err(super::refusal)?;
    let shown: Vec<String> = values.iter().map(Mark::to_string).collect();
    say!(
        "{}",
        tr!(
            "сохранено: {} — {} ({})",
            "saved: {} — {} ({})",
            name,
            shown.join(" "),
            lesson.date.format("%d.%m.%Y")
        )
    );
    Ok(())
}

pub fn attend(ctx: &Context, a: AttendArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.required_actor(&store)?;
    let (lesson, student, name) = locate(&store, &actor, &a.cell)?;
    let code = match a.code.trim() {
        "-" | "" => None,
        c => Some(c),
    };
    store
        .set_attendance(&actor, lesson.id, student, code, Expect::Anything)
        .map_err(super::refusal)?;
    say!(
        "{}",
        tr!(
            "сохранено: {} — {} ({})",
            "saved: {} — {} ({})",
            name,
            code.unwrap_or("—"),
            lesson.date.format("%d.%m.%Y")
        )
    );
    Ok(())
}
