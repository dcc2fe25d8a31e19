//! `zhurnal weekly-report`: one student's week for the parents (001 §8.3) — marks with
//! their work types and comments, absences, topics and homework — as a page to print.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::{Context, Outcome, cli_date};
use crate::domain::reports::Report;
use crate::store::diary::Diary;
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
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long = "as", value_name = "LOGIN")]
    pub as_login: Option<String>,
}

/// The week as a table: day, lesson, subject, topic, homework, marks, absence.
pub fn weekly_table(d: &Diary) -> Report {
    let mut rows = Vec::new();
    for (date, lessons) in &d.days {
        for l in lessons {
            let marks = l
                .marks
                .iter()
                .map(|m| {
                    let comment = if m.comment.is_empty() {
                        String::new()
                    } else {
                        format!(", «{}»", m.comment)
                    };
                    format!(
                        "{} ({}{comment})",
                        m.value.get(),
                        m.work_type.to_lowercase()
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            rows.push(vec![
                date.format("%d.%m").to_string(),
                l.lesson_no.to_string(),
                l.subject.clone(),
                l.topic.clone(),
                l.homework.replace('\n', " / "),
                marks,
                l.attendance.clone().unwrap_or_default(),
            ]);
        }
    }
    let saturday = d.days.last().map(|x| x.0).unwrap_or(d.monday);
    Report {
        title: tr!(
            "Отчёт для родителей: {}, {} — неделя {}–{}",
            "Weekly report for the parents: {}, {} — week {}–{}",
            d.student.full(),
            d.class,
            d.monday.format("%d.%m"),
            saturday.format("%d.%m.%Y")
        ),
        columns: vec![
            tr!("Дата", "Date"),
            tr!("Урок", "Period"),
            tr!("Предмет", "Subject"),
            tr!("Тема", "Topic"),
            tr!("Домашнее задание", "Homework"),
            tr!("Отметки", "Marks"),
            tr!("Пропуск", "Absence"),
        ],
        rows,
    }
}

pub fn run(ctx: &Context, a: WeeklyArgs) -> Outcome {
    let store = ctx.open()?;
    let actor = super::actor(&store, a.as_login.as_deref())?;
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
    let diary = store
        .diary(&actor, id, a.week.unwrap_or_else(|| ctx.today()), None)
        .map_err(|e| e.to_string())?;
    let opts = crate::export::HtmlOptions {
        school: store.settings().map_err(|e| e.to_string())?.name,
        signature: false,
    };
    let html = crate::export::html(&weekly_table(&diary), &opts);
    match a.output {
        None => {
            print!("{html}");
            Ok(())
        }
        Some(path) => {
            let mut tmp = path.as_os_str().to_os_string();
            tmp.push(".part");
            std::fs::write(&tmp, html)
                .and_then(|()| std::fs::rename(&tmp, &path))
                .map_err(|e| format!("{}: {e}", path.display()))
        }
    }
}
