//! Closing a school year: archive, next year, promotion.
//! `zhurnal year close`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Context, Outcome};
use crate::domain::policy::{Actor, may_administer};
use crate::i18n::{Lang, lang};
use crate::store::year::{ClassMove, CloseOptions, ClosePreview, DEFAULT_ORDER, MissingFinal};
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
    let preview = store.year_close_preview(&opts).map_err(|e| e.to_string())?;
    if a.dry_run {
        for line in preview_lines(&preview) {
            println!("{line}");
        }
        if !preview.missing_finals.is_empty() && !a.allow_missing {
            println!(
                "{}",
                tr!(
                    "Год не будет закрыт, пока не выставлены годовые отметки (или укажите --allow-missing)",
                    "The year will not close while year finals are missing (or give --allow-missing)"
                )
            );
        }
        println!(
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
            eprintln!("{}", missing_line(m));
        }
    }
    // The store decides again inside its transaction: refusals come from there.
    let done = store.close_year(&actor, &opts).map_err(|e| e.to_string())?;
    for line in preview_lines(&done) {
        println!("{line}");
    }
    println!(
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

/// The preview as the command prints it, a line each.
pub fn preview_lines(p: &ClosePreview) -> Vec<String> {
    let mut out = vec![tr!(
        "Закрытие учебного года {} → {} (начало {})",
        "Closing school year {} → {} (starts {})",
        p.year,
        p.next_year,
        p.next_start.format("%d.%m.%Y")
    )];
    for m in &p.classes {
        out.push(format!("  {}", class_line(m)));
    }
    out.push(tr!(
        "Переводятся: {}, выпускники: {}",
        "Promoted: {}, graduates: {}",
        p.promoted,
        p.graduates
    ));
    if !p.repeaters.is_empty() {
        out.push(tr!(
            "Остаются на повторное обучение: {}",
            "Repeating the grade: {}",
            p.repeaters.len()
        ));
        for (student, class) in &p.repeaters {
            out.push(format!("  {class} {student}"));
        }
    }
    if p.courses > 0 {
        out.push(tr!(
            "Курсы переносятся в новый год: {}",
            "Courses carried into the new year: {}",
            p.courses
        ));
    }
    out.push(tr!("Архив: {}", "Archive: {}", p.archive_path.display()));
    if !p.missing_finals.is_empty() {
        out.push(tr!(
            "Не выставлены годовые отметки: {}",
            "Year finals missing: {}",
            p.missing_finals.len()
        ));
        for m in &p.missing_finals {
            out.push(format!("  {}", missing_line(m)));
        }
    }
    out
}

/// «7Б → 8Б: 25 учеников», «11А: 26 выпускников».
fn class_line(m: &ClassMove) -> String {
    let mut s = match &m.to {
        Some(to) => format!("{} → {to}: {}", m.from, students(m.students)),
        None => format!("{}: {}", m.from, graduates(m.students)),
    };
    if m.courses > 0 {
        s.push_str(&tr!(", курсов: {}", ", courses: {}", m.courses));
    }
    s
}

/// «7Б, Алгебра: Петров Пётр Ильич».
fn missing_line(m: &MissingFinal) -> String {
    tr!(
        "{}, {}: {} — нет годовой отметки",
        "{}, {}: {} — no year final",
        m.class,
        m.subject,
        m.student
    )
}

fn students(n: usize) -> String {
    match lang() {
        Lang::Ru => format!("{n} {}", ru_plural(n, "ученик", "ученика", "учеников")),
        Lang::En => format!("{n} {}", if n == 1 { "student" } else { "students" }),
    }
}

fn graduates(n: usize) -> String {
    match lang() {
        Lang::Ru => format!(
            "{n} {}",
            ru_plural(n, "выпускник", "выпускника", "выпускников")
        ),
        Lang::En => format!("{n} {}", if n == 1 { "graduate" } else { "graduates" }),
    }
}

/// Russian noun agreement: 1 ученик, 2 ученика, 5 учеников, 21 ученик, 11 учеников.
fn ru_plural<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals() {
        let f = |n| ru_plural(n, "ученик", "ученика", "учеников");
        assert_eq!(f(1), "ученик");
        assert_eq!(f(3), "ученика");
        assert_eq!(f(5), "учеников");
        assert_eq!(f(11), "учеников");
        assert_eq!(f(12), "учеников");
        assert_eq!(f(21), "ученик");
        assert_eq!(f(24), "ученика");
        assert_eq!(f(25), "учеников");
        assert_eq!(f(0), "учеников");
    }
}
