//! `zhurnal import KIND FILE`: one transaction per file; a file with any bad row
//! changes nothing and every bad row is reported as `FILE:LINE: what is wrong`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::{Context, Outcome, cli_date};
use crate::import::{Kind, csvread, records};
use crate::store::people::{Applied, ImportFailed};
use crate::tr;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds.
    #[arg(value_enum)]
    pub kind: Kind,
    /// The CSV file (UTF-8 or Windows-1251, comma or semicolon separated).
    pub file: PathBuf,
    /// Check the file and report what would change, without changing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Act as this user (an administrator); default: the local operator of the file.
    #[arg(long = "as", value_name = "LOGIN")]
    pub as_login: Option<String>,
    /// For `plan`: the course's class (default: from the file name `7Б-Алгебра.csv`).
    #[arg(long)]
    pub class: Option<String>,
    /// For `plan`: the course's subject.
    #[arg(long)]
    pub subject: Option<String>,
    /// For `plan`: the course's group, when the class is split.
    #[arg(long)]
    pub group: Option<String>,
    /// For `students`: the enrollment order recorded for new students.
    #[arg(long)]
    pub order: Option<String>,
    /// For `timetable`: the date the new timetable takes effect (default: the year's start).
    #[arg(long, value_parser = cli_date)]
    pub from: Option<NaiveDate>,
}

pub fn run(ctx: &Context, a: ImportArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = super::actor(&store, a.as_login.as_deref())?;
    let bytes = std::fs::read(&a.file).map_err(|e| format!("{}: {e}", a.file.display()))?;
    let text = csvread::decode(&bytes);
    let file = a.file.display().to_string();
    let rows_failed = |errs: Vec<crate::import::ImportError>| ImportFailed::Rows(errs);
    let result: Result<Applied, ImportFailed> = match a.kind {
        Kind::Staff => records::staff(&text, &file)
            .map_err(rows_failed)
            .and_then(|r| store.import_staff(&actor, &file, &r, a.dry_run)),
        Kind::Students => {
            let order = a.order.clone().unwrap_or_default();
            records::students(&text, &file)
                .map_err(rows_failed)
                .and_then(|r| store.import_students(&actor, &file, &r, &order, a.dry_run))
        }
        Kind::Parents => records::parents(&text, &file)
            .map_err(rows_failed)
            .and_then(|r| store.import_parents(&actor, &file, &r, a.dry_run)),
        Kind::Courses => records::courses(&text, &file)
            .map_err(rows_failed)
            .and_then(|r| store.import_courses(&actor, &file, &r, a.dry_run)),
        Kind::Timetable => records::timetable(&text, &file)
            .map_err(rows_failed)
            .and_then(|r| store.import_timetable(&actor, &file, &r, a.from, a.dry_run)),
        Kind::Plan => {
            let (class, subject) = plan_course(&a)?;
            let course = store
                .find_course(&class, &subject, a.group.as_deref())
                .map_err(|e| e.to_string())?;
            records::plan(&text, &file)
                .map_err(rows_failed)
                .and_then(|r| store.import_plan(&actor, &file, course.id, &r, a.dry_run))
        }
    };
    match result {
        Ok(applied) => {
            let msg = if a.dry_run {
                tr!(
                    "{}: проверка пройдена, будет создано {}, обновлено {} (ничего не изменено)",
                    "{}: check passed, would create {}, update {} (nothing changed)",
                    file,
                    applied.created,
                    applied.updated
                )
            } else {
                tr!(
                    "{}: создано {}, обновлено {}",
                    "{}: created {}, updated {}",
                    file,
                    applied.created,
                    applied.updated
                )
            };
            println!("{msg}");
            Ok(())
        }
        Err(ImportFailed::Rows(errs)) => {
            for e in &errs {
                eprintln!("{e}");
            }
            Err(tr!(
                "{}: ошибок {}, журнал не изменён",
                "{}: {} errors, the journal is unchanged",
                file,
                errs.len()
            ))
        }
        Err(ImportFailed::Store(e)) => Err(format!(
            "{file}: {e} ({})",
            tr!("журнал не изменён", "the journal is unchanged")
        )),
    }
}

/// The plan's course from the options, else from a file name like `7Б-Алгебра.csv`.
fn plan_course(a: &ImportArgs) -> Result<(String, String), String> {
    if let (Some(c), Some(s)) = (&a.class, &a.subject) {
        return Ok((c.clone(), s.clone()));
    }
    let stem = a.file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    match stem.split_once('-') {
        Some((c, s)) if a.class.is_none() && a.subject.is_none() => {
            Ok((c.to_string(), s.to_string()))
        }
        _ => Err(tr!(
            "для плана укажите --class и --subject (или назовите файл «7Б-Алгебра.csv»)",
            "for a plan give --class and --subject (or name the file «7Б-Алгебра.csv»)"
        )),
    }
}
