//! Closing a school year: archive, next year, promotion.
//! `zhurnal year close`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Context, Outcome};
use crate::domain::policy::{Actor, may_administer};
use crate::report::year_close::{missing_line, preview_lines};
use crate::store::StoreError;
use crate::store::year::{CloseOptions, DEFAULT_ORDER};
use crate::tr;

#[derive(Debug, Subcommand)]
pub enum YearCommand {
    /// Close the current school year: archive it, open the next one, promote the students.
    Close(CloseArgs),
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// Show what would happen and change nothing (no archive either).
    #[arg(long)]
    pub dry_run: bool,
    /// Where the archive of the closed year goes (default: beside the journal).
    #[arg(long, value_name = "DIR")]
    pub archive_dir: Option<PathBuf>,
    /// The director's order recorded on every transfer and graduation.
    #[arg(long, value_name = "TEXT", default_value = DEFAULT_ORDER)]
    pub order: String,
    /// A student who stays in the same grade: «7Б Фамилия Имя» (repeatable).
    #[arg(long = "repeat", value_name = "CLASS NAME")]
    pub repeat: Vec<String>,
    /// Give each new class the courses its grade and letter had this year.
    #[arg(long)]
    pub carry_courses: bool,
    /// Close even though some year finals are missing.
    #[arg(long)]
    pub allow_missing: bool,
}

pub fn run(ctx: &Context, what: YearCommand) -> Outcome {
    match what {
        YearCommand::Close(a) => close(ctx, a),
    }
}

fn close(ctx: &Context, a: CloseArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = match &ctx.as_login {
        Some(l) => store.actor(l).map_err(|e| e.to_string())?,
        None => Actor::local_operator(),
    };
    may_administer(&actor).map_err(|e| e.to_string())?;
    let opts = CloseOptions {
        archive_dir: a.archive_dir.clone(),
        order: a.order.clone(),
        repeaters: a.repeat.clone(),
        carry_courses: a.carry_courses,
        allow_missing: a.allow_missing,
    };
    let preview = store.year_close_preview(&opts).map_err(super::refusal)?;
    if a.dry_run {
        for line in preview_lines(&preview) {
            say!("{line}");
        }
        if !preview.missing_finals.is_empty() && !a.allow_missing {
            say!(
                "{}",
                tr!(
                    "Год не будет закрыт, пока не выставлены годовые отметки (или укажите --allow-missing)",
                    "The year will not close while year finals are missing (or give --allow-missing)"
                )
            );
        }
        say!(
            "{}",
            tr!(
                "(пробный запуск: ничего не изменено)",
                "(dry run: nothing changed)"
            )
        );
        return Ok(());
    }
    if !preview.missing_finals.is_empty() && !a.allow_missing {
        for m in &preview.missing_finals {
            eprintln!("{}", crate::domain::text::shown(&missing_line(m)));
        }
    }
    // The store decides again inside its transaction: refusals come from there.
    let done = store.close_year(&actor, &opts).map_err(|e| match e {
        StoreError::FinalsMissing(_) => tr!(
            "{} (--allow-missing закрывает его всё равно)",
            "{} (--allow-missing closes it anyway)",
            e
        ),
        e => super::refusal(e),
    })?;
    for line in preview_lines(&done) {
        say!("{line}");
    }
    say!(
        "{}",
        tr!(
            "Учебный год {} закрыт, открыт {}",
            "School year {} closed, {} opened",
            done.year,
            done.next_year
        )
    );
    Ok(())
}
