//! `zhurnal import KIND FILE`: one transaction per file; a file with any bad row
//! changes nothing and every bad row is reported as `FILE:LINE: what is wrong`.
//! `--dry-run` shows, row by row, what the import would change. The work is
//! [`crate::store::import::import_file`]'s; this only formats.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;

use super::{Context, Outcome, cli_date};
use crate::domain::text::shown_block;
use crate::import::Kind;
use crate::import::options::{ImportOptions, plan_course};
use crate::import::outcome::{Applied, RowOutcome, RowStatus, note_line};
use crate::store::StoreError;
use crate::store::classes::is_no_such_class;
use crate::store::import::{ImportFailed, import_file};
use crate::tr;

impl clap::ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &Kind::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds.
    #[arg(value_enum)]
    pub kind: Kind,
    /// The CSV file (UTF-8 or Windows-1251, comma or semicolon separated).
    pub file: PathBuf,
    /// Check the file and list, row by row, what would change, without changing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// List the unchanged rows too (with --dry-run), or every row of a real import.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// For `plan`: the course's class (default: from the file name `7Б-Алгебра.csv`).
    #[arg(long)]
    pub class: Option<String>,
    /// For `plan`: the course's subject.
    #[arg(long)]
    pub subject: Option<String>,
    /// For `plan`: the course's group, when the class is split.
    #[arg(long)]
    pub group: Option<String>,
    /// For `plan`: one plan for the subject in every class of this grade (--subject).
    #[arg(long, conflicts_with_all = ["class", "group"], requires = "subject")]
    pub grade: Option<i64>,
    /// For `students`: the enrollment order recorded for new students.
    #[arg(long)]
    pub order: Option<String>,
    /// For `timetable`: the date the new timetable takes effect (default: the year's
    /// start); for `students`: the date new students are enrolled from (default: today).
    #[arg(long, value_parser = cli_date)]
    pub from: Option<NaiveDate>,
    /// For `students`, `staff` (homerooms) and `courses`: create the classes the file
    /// names and the school lacks (without it such a class is an error).
    #[arg(long)]
    pub new_classes: bool,
}

pub fn run(ctx: &Context, a: ImportArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let bytes = std::fs::read(&a.file).map_err(|e| format!("{}: {e}", a.file.display()))?;
    let file = a.file.display().to_string();
    let opts = ImportOptions {
        dry_run: a.dry_run,
        order: a.order.clone().unwrap_or_default(),
        from: a.from,
        class: a.class.clone(),
        subject: a.subject.clone(),
        group: a.group.clone(),
        new_classes: a.new_classes,
        grade: a.grade,
    };
    // The import's words serve every interface and name no flag: where the plan's
    // course is missing or unclear, the line that says so gets the flags that give it.
    let course_hint = (a.kind == Kind::Plan && a.grade.is_none())
        .then(|| match plan_course(&opts, &file) {
            Err(words) => Some((words, "--class, --subject")),
            Ok((class, subject)) => store
                .find_course(&class, &subject, opts.group.as_deref())
                .err()
                .filter(|e| matches!(e, StoreError::Unclear { .. }))
                .map(|e| (e.to_string(), "--group")),
        })
        .flatten();
    match import_file(&mut store, &actor, a.kind, &bytes, &file, &opts) {
        Ok(applied) => {
            say!("{}", summary(&file, &applied, a.dry_run));
            for (line, note) in &applied.notes {
                say!("{}", note_line(*line, note));
            }
            if a.dry_run || a.verbose {
                for row in applied
                    .rows
                    .iter()
                    .filter(|r| a.verbose || r.status != RowStatus::Unchanged)
                {
                    say!("{}", row_line(row));
                }
            }
            Ok(())
        }
        Err(ImportFailed::Rows(errs)) => {
            for e in &errs {
                match &course_hint {
                    Some((words, flags)) if e.line == 0 && e.message == *words => {
                        eprintln!("{} ({flags})", shown_block(&e.to_string()))
                    }
                    _ if is_no_such_class(&e.message) => {
                        eprintln!("{} (--new-classes)", shown_block(&e.to_string()))
                    }
                    _ => eprintln!("{}", shown_block(&e.to_string())),
                }
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

/// The counts: «создано 1, изменено 2, без изменений 3» (and what is removed).
fn summary(file: &str, a: &Applied, dry_run: bool) -> String {
    let removed = if a.removed > 0 {
        if dry_run {
            tr!(", будет удалено {}", ", would remove {}", a.removed)
        } else {
            tr!(", удалено {}", ", removed {}", a.removed)
        }
    } else {
        String::new()
    };
    if dry_run {
        tr!(
            "{}: проверка пройдена, будет создано {}, изменено {}, без изменений {}{} (ничего не изменено)",
            "{}: check passed, would create {}, change {}, leave unchanged {}{} (nothing changed)",
            file,
            a.created,
            a.updated,
            a.unchanged,
            removed
        )
    } else {
        tr!(
            "{}: создано {}, изменено {}, без изменений {}{}",
            "{}: created {}, changed {}, unchanged {}{}",
            file,
            a.created,
            a.updated,
            a.unchanged,
            removed
        )
    }
}

/// One row of the preview: `  + 3: 7Б Новиков Глеб`; a removed record has no line.
fn row_line(r: &RowOutcome) -> String {
    if r.line == 0 {
        format!("  {} {}", r.status.sign(), r.what)
    } else {
        format!("  {} {}: {}", r.status.sign(), r.line, r.what)
    }
}
