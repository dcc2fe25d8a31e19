//! `zhurnal substitute`, `zhurnal lesson add|cancel|restore|cancelled`, `zhurnal gaps`:
//! substitutions, extra and cancelled lessons, and a teacher's unfilled lessons.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{Context, Outcome, cli_date, refusal};
use crate::domain::lessons::lesson_text;
use crate::store::Store;
use crate::store::courses::{CourseInfo, LessonInfo};
use crate::store::lessons::Gap;
use crate::tr;

/// One lesson of a course, as a command names it.
#[derive(Debug, Args)]
pub struct LessonRef {
    #[command(flatten)]
    pub course: super::CourseArgs,
    /// The lesson's date.
    #[arg(long, value_parser = cli_date)]
    pub date: NaiveDate,
    /// The lesson number, when the course has several lessons that day (for `add`: the
    /// new lesson's number).
    #[arg(long)]
    pub lesson: Option<i64>,
}

#[derive(Debug, Args)]
pub struct SubstituteArgs {
    #[command(flatten)]
    pub at: LessonRef,
    /// The substitute teacher's login.
    #[arg(long, value_name = "LOGIN", required_unless_present = "remove")]
    pub teacher: Option<String>,
    /// Give the lesson back to the course's own teacher.
    #[arg(long, conflicts_with = "teacher")]
    pub remove: bool,
}

#[derive(Debug, Args)]
pub struct LessonArgs {
    #[command(subcommand)]
    pub what: LessonCommand,
}

#[derive(Debug, Subcommand)]
pub enum LessonCommand {
    /// Add an extra lesson on a school day (give --lesson N).
    Add(LessonRef),
    /// Cancel a lesson that did not take place (it leaves the grid and the exports).
    Cancel {
        #[command(flatten)]
        at: LessonRef,
        /// Why the lesson did not take place.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Bring a cancelled lesson back.
    Restore(LessonRef),
    /// List a course's cancelled lessons of the school year.
    Cancelled {
        #[arg(long)]
        class: String,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        group: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct GapsArgs {
    /// Whose gaps: default, the user's own (`--as`).
    #[arg(long, value_name = "LOGIN")]
    pub teacher: Option<String>,
}

fn course_of(store: &Store, r: &LessonRef) -> Result<CourseInfo, String> {
    r.course.find(store)
}

fn lesson_of(store: &Store, course: &CourseInfo, r: &LessonRef) -> Result<LessonInfo, String> {
    store
        .find_lesson(course.id, r.date, r.lesson)
        .map_err(refusal)
}

/// «7Б Алгебра, 10.11.2025, урок № 1».
fn where_text(course: &CourseInfo, l: &LessonInfo) -> String {
    format!("{}, {}", course.title(), lesson_text(l.date, l.lesson_no))
}

pub fn substitute(ctx: &Context, a: SubstituteArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.required_actor(&store)?;
    let course = course_of(&store, &a.at)?;
    let lesson = lesson_of(&store, &course, &a.at)?;
    let before = store
        .substitute_name(lesson.id)
        .map_err(|e| e.to_string())?;
    let login = if a.remove { None } else { a.teacher.as_deref() };
    store
        .assign_substitute(&actor, lesson.id, login)
        .map_err(refusal)?;
    let place = where_text(&course, &lesson);
    let own = course.teacher.initials();
    match store
        .substitute_name(lesson.id)
        .map_err(|e| e.to_string())?
    {
        Some(sub) => say!(
            "{}",
            tr!(
                "Замена назначена: {} — ведёт {} вместо {}",
                "Substitute assigned: {} — {} teaches instead of {}",
                place,
                sub.initials(),
                own
            )
        ),
        None if before.is_some() => say!(
            "{}",
            tr!(
                "Замена снята: {} — урок ведёт {}",
                "Substitute removed: {} — {} teaches the lesson",
                place,
                own
            )
        ),
        None => say!(
            "{}",
            tr!(
                "Замены не было: {} — урок ведёт {}",
                "There was no substitute: {} — {} teaches the lesson",
                place,
                own
            )
        ),
    }
    Ok(())
}

pub fn lesson(ctx: &Context, a: LessonArgs) -> Outcome {
    let mut store = ctx.open()?;
    match a.what {
        LessonCommand::Add(r) => {
            let actor = ctx.required_actor(&store)?;
            let course = course_of(&store, &r)?;
            let no = r.lesson.ok_or_else(|| {
                tr!(
                    "укажите номер нового урока: --lesson N",
                    "give the new lesson's number: --lesson N"
                )
            })?;
            store
                .add_lesson(&actor, course.id, r.date, no)
                .map_err(refusal)?;
            say!(
                "{}",
                tr!(
                    "Добавлен урок: {}, {}",
                    "Lesson added: {}, {}",
                    course.title(),
                    lesson_text(r.date, no)
                )
            );
        }
        LessonCommand::Cancel { at, reason } => {
            let actor = ctx.required_actor(&store)?;
            let course = course_of(&store, &at)?;
            let lesson = lesson_of(&store, &course, &at)?;
            let given = reason.as_deref().unwrap_or("");
            store
                .cancel_lesson(&actor, lesson.id, given)
                .map_err(super::refusal)?;
            let reason = store
                .cancelled_reason(lesson.id)
                .map_err(|e| e.to_string())?
                .unwrap_or_default();
            say!(
                "{}",
                tr!(
                    "Урок отменён: {} — причина: {}",
                    "Lesson cancelled: {} — reason: {}",
                    where_text(&course, &lesson),
                    reason
                )
            );
        }
        LessonCommand::Restore(r) => {
            let actor = ctx.required_actor(&store)?;
            let course = course_of(&store, &r)?;
            let lesson = lesson_of(&store, &course, &r)?;
            store.restore_lesson(&actor, lesson.id).map_err(refusal)?;
            say!(
                "{}",
                tr!(
                    "Урок восстановлен: {}",
                    "Lesson restored: {}",
                    where_text(&course, &lesson)
                )
            );
        }
        LessonCommand::Cancelled {
            class,
            subject,
            group,
        } => {
            let actor = ctx.actor(&store)?;
            let course = store
                .find_course(&class, &subject, group.as_deref())
                .map_err(refusal)?;
            store
                .may_open_course(&actor, &course)
                .map_err(|e| e.to_string())?;
            let year = store.current_year().map_err(|e| e.to_string())?;
            let list = store
                .cancelled_lessons(course.id, year.start, year.end)
                .map_err(|e| e.to_string())?;
            if list.is_empty() {
                say!(
                    "{}",
                    tr!(
                        "У {} нет отменённых уроков",
                        "{} has no cancelled lessons",
                        course.title()
                    )
                );
            } else {
                say!(
                    "{}",
                    tr!(
                        "Отменённые уроки: {} — {}",
                        "Cancelled lessons: {} — {}",
                        course.title(),
                        list.len()
                    )
                );
                for c in &list {
                    say!("{} — {}", lesson_text(c.date, c.lesson_no), c.reason);
                }
            }
        }
    }
    Ok(())
}

pub fn gaps(ctx: &Context, a: GapsArgs) -> Outcome {
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let whose = match &a.teacher {
        Some(login) => store.actor(login).map_err(|e| e.to_string())?,
        None if actor.staff_id.is_some() => actor.clone(),
        None => {
            return Err(tr!(
                "укажите, чьи уроки показать: --teacher LOGIN",
                "say whose lessons to show: --teacher LOGIN"
            ));
        }
    };
    let staff_id = whose.staff_id.ok_or_else(|| {
        tr!(
            "«{}» не сотрудник школы: у него нет уроков",
            "«{}» is not on the staff and has no lessons",
            whose.login
        )
    })?;
    let name = store
        .actor_display_name(&whose)
        .map_err(|e| e.to_string())?;
    let list = store
        .gaps(&actor, staff_id, store.today())
        .map_err(|e| e.to_string())?;
    if list.is_empty() {
        say!(
            "{}",
            tr!(
                "Незаполненных уроков нет — {}",
                "No unfilled lessons — {}",
                name
            )
        );
        return Ok(());
    }
    say!(
        "{}",
        tr!(
            "Незаполненные уроки — {}: {}",
            "Unfilled lessons — {}: {}",
            name,
            list.len()
        )
    );
    for line in gaps_table(&list) {
        say!("{line}");
    }
    Ok(())
}

/// The gaps as an aligned table: date, lesson, course, what is missing.
pub fn gaps_table(gaps: &[Gap]) -> Vec<String> {
    let head = [
        tr!("Дата", "Date"),
        tr!("Урок", "Lesson"),
        tr!("Курс", "Course"),
        tr!("Не заполнено", "Missing"),
    ];
    let rows: Vec<[String; 4]> = gaps
        .iter()
        .map(|g| {
            let course = if g.substituted {
                format!("{} ({})", g.course, tr!("замена", "substitute"))
            } else {
                g.course.clone()
            };
            [
                g.date.format("%d.%m.%Y").to_string(),
                g.lesson_no.to_string(),
                course,
                g.missing
                    .iter()
                    .map(|k| k.label())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
        .collect();
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([head[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let line = |r: &[String; 4]| {
        let mut s = String::new();
        for (cell, w) in r.iter().zip(widths) {
            s.push_str(cell);
            s.push_str(&" ".repeat(w - cell.chars().count() + 2));
        }
        s.push_str(&r[3]);
        s
    };
    std::iter::once(line(&head))
        .chain(rows.iter().map(line))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{CourseId, LessonId};
    use crate::domain::lessons::GapKind;
    use crate::i18n::{Lang, set_thread_lang};

    #[test]
    fn the_gaps_table_lines_up() {
        set_thread_lang(Lang::Ru);
        let gap = |d: &str, no, course: &str, substituted, missing| Gap {
            lesson_id: LessonId(1),
            course_id: CourseId(1),
            course: course.into(),
            date: NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date"),
            lesson_no: no,
            substituted,
            missing,
        };
        let lines = gaps_table(&[
            gap(
                "2025-11-12",
                2,
                "7Б Алгебра",
                false,
                vec![GapKind::NoTopic, GapKind::NoAttendance],
            ),
            gap(
                "2025-11-10",
                10,
                "1А Математика",
                true,
                vec![GapKind::NoTopic],
            ),
        ]);
        assert_eq!(
            lines,
            vec![
                "Дата        Урок  Курс                    Не заполнено",
                "12.11.2025  2     7Б Алгебра              тема, посещаемость",
                "10.11.2025  10    1А Математика (замена)  тема",
            ]
        );
    }
}
