//! `zhurnal calendar show|holiday|quarantine|excused|workday|move|remove`: the year's
//! calendar, and its changes during the year, each previewed first.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{Context, Outcome, cli_date, refusal};
use crate::domain::calendar::{Holiday, HolidayKind};
use crate::domain::calendar_edit::{CalendarChange, parse_grades, parse_weekday};
use crate::domain::ids::ClassId;
use crate::domain::policy::Actor;
use crate::domain::text::shown;
use crate::store::Store;
use crate::store::calendar_edit::{CalendarPreview, ChangedLesson};
use crate::tr;

#[derive(Debug, Args)]
pub struct CalendarArgs {
    #[command(subcommand)]
    pub what: CalendarCommand,
}

/// Whether a change is only shown or made.
#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    /// Show what would change and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Cancel lessons that hold marks or attendance too, removing those entries.
    #[arg(long)]
    pub drop_entered: bool,
}

/// The dates of an entry.
#[derive(Debug, Clone, Args)]
pub struct DatesArgs {
    /// The first day.
    #[arg(long, value_parser = cli_date)]
    pub from: NaiveDate,
    /// The last day (default: the first).
    #[arg(long, value_parser = cli_date)]
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The year's periods, breaks, quarantines, excused and worked days, and the
    /// country's days off, for a class or a grade.
    Show {
        #[arg(long, conflicts_with = "grade")]
        class: Option<String>,
        #[arg(long)]
        grade: Option<i64>,
    },
    /// Add a break for some grades, one class or the school: its lessons are cancelled.
    Holiday {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        dates: DatesArgs,
        /// Grades, «1-4» or «7» (default: the whole school).
        #[arg(long, value_parser = parse_grades, conflicts_with = "class")]
        grades: Option<(i64, i64)>,
        /// One class, «7Б».
        #[arg(long)]
        class: Option<String>,
        #[command(flatten)]
        apply: ApplyArgs,
    },
    /// A quarantine for a class, a grade or the whole school: its lessons are cancelled.
    Quarantine {
        #[command(flatten)]
        dates: DatesArgs,
        #[arg(long, conflicts_with = "grade")]
        class: Option<String>,
        #[arg(long)]
        grade: Option<i64>,
        #[arg(long, default_value = "Карантин")]
        name: String,
        #[command(flatten)]
        apply: ApplyArgs,
    },
    /// Days whose lessons are held but absences are excused («актированные дни»).
    Excused {
        #[command(flatten)]
        dates: DatesArgs,
        #[arg(long, value_parser = parse_grades, conflicts_with = "class")]
        grades: Option<(i64, i64)>,
        /// One class, «7Б».
        #[arg(long)]
        class: Option<String>,
        #[arg(long, default_value = "Актированный день")]
        name: String,
        #[command(flatten)]
        apply: ApplyArgs,
    },
    /// A weekend day worked with a weekday's timetable.
    Workday {
        #[arg(long, value_parser = cli_date)]
        date: NaiveDate,
        /// The weekday whose timetable the day follows: monday … saturday.
        #[arg(long, value_name = "WEEKDAY", value_parser = parse_weekday)]
        timetable: chrono::Weekday,
        #[arg(long, default_value = "Рабочий день")]
        name: String,
        #[command(flatten)]
        apply: ApplyArgs,
    },
    /// Change an entry's dates (and grades or name): number as `calendar show` gives it.
    Move {
        id: i64,
        #[command(flatten)]
        dates: DatesArgs,
        #[arg(long, value_parser = parse_grades)]
        grades: Option<(i64, i64)>,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        apply: ApplyArgs,
    },
    /// Remove an entry: the lessons it cancelled come back.
    Remove {
        id: i64,
        #[command(flatten)]
        apply: ApplyArgs,
    },
    /// Import a production calendar file (the format README describes) for years the
    /// journal does not know, or whose decree changed: the school year's lessons move.
    Import {
        file: std::path::PathBuf,
        #[command(flatten)]
        apply: ApplyArgs,
    },
}

pub fn run(ctx: &Context, a: CalendarArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let (change, apply) = match a.what {
        CalendarCommand::Show { class, grade } => return show(&store, class, grade),
        CalendarCommand::Holiday {
            name,
            dates,
            grades,
            class,
            apply,
        } => {
            let (from, to) = (dates.from, dates.to.unwrap_or(dates.from));
            let (grades, class_id) = whom(&store, class, grades)?;
            let h = Holiday {
                class_id,
                ..Holiday::new(&name, from, to, grades)
            };
            (CalendarChange::Add(h), apply)
        }
        CalendarCommand::Quarantine {
            dates,
            class,
            grade,
            name,
            apply,
        } => {
            let (from, to) = (dates.from, dates.to.unwrap_or(dates.from));
            let (grades, class_id) = match (class, grade) {
                (Some(c), _) => {
                    let (id, name) = store.class_by_name(&c).map_err(refusal)?;
                    ((name.grade, name.grade), Some(id))
                }
                (None, Some(g)) => (parse_grades(&g.to_string())?, None),
                (None, None) => ((1, 11), None),
            };
            let h = Holiday {
                kind: HolidayKind::Quarantine,
                class_id,
                ..Holiday::new(&name, from, to, grades)
            };
            (CalendarChange::Add(h), apply)
        }
        CalendarCommand::Excused {
            dates,
            grades,
            class,
            name,
            apply,
        } => {
            let (from, to) = (dates.from, dates.to.unwrap_or(dates.from));
            let (grades, class_id) = whom(&store, class, grades)?;
            let h = Holiday {
                kind: HolidayKind::Excused,
                class_id,
                ..Holiday::new(&name, from, to, grades)
            };
            (CalendarChange::Add(h), apply)
        }
        CalendarCommand::Workday {
            date,
            timetable,
            name,
            apply,
        } => {
            let h = Holiday {
                kind: HolidayKind::Workday(timetable),
                ..Holiday::new(&name, date, date, (1, 11))
            };
            (CalendarChange::Add(h), apply)
        }
        CalendarCommand::Move {
            id,
            dates,
            grades,
            name,
            apply,
        } => {
            let year = store.current_year().map_err(refusal)?;
            let cal = store.calendar(year.id).map_err(refusal)?;
            let Some(was) = cal.holidays.iter().find(|h| h.id == id) else {
                return Err(tr!(
                    "в календаре нет записи № {} (см. zhurnal calendar show)",
                    "the calendar has no entry No. {} (see zhurnal calendar show)",
                    id
                ));
            };
            let to = Holiday {
                name: name.unwrap_or_else(|| was.name.clone()),
                start: dates.from,
                end: dates.to.unwrap_or(dates.from),
                grade_min: grades.map_or(was.grade_min, |g| g.0),
                grade_max: grades.map_or(was.grade_max, |g| g.1),
                ..was.clone()
            };
            (CalendarChange::Edit { id, to }, apply)
        }
        CalendarCommand::Remove { id, apply } => (CalendarChange::Remove { id }, apply),
        CalendarCommand::Import { file, apply } => {
            return import(&mut store, &actor, &file, &apply);
        }
    };
    let preview = store
        .preview_calendar_change(&actor, &change)
        .map_err(refusal)?;
    print_preview(&preview);
    if apply.dry_run {
        say!(
            "{}",
            tr!(
                "Проверка (--dry-run): ничего не изменено.",
                "Dry run (--dry-run): nothing changed."
            )
        );
        return Ok(());
    }
    store
        .apply_calendar_change(&actor, &change, apply.drop_entered)
        .map_err(refusal)?;
    say!("{}", tr!("Календарь изменён.", "The calendar is changed."));
    Ok(())
}

/// The grades and class an entry is for: one class (its grade), some grades, or the
/// whole school.
fn whom(
    store: &Store,
    class: Option<String>,
    grades: Option<(i64, i64)>,
) -> Result<((i64, i64), Option<ClassId>), String> {
    match class {
        Some(c) => {
            let (id, name) = store.class_by_name(&c).map_err(refusal)?;
            Ok(((name.grade, name.grade), Some(id)))
        }
        None => Ok((grades.unwrap_or((1, 11)), None)),
    }
}

fn print_preview(p: &CalendarPreview) {
    let class = p.class.as_deref();
    match (&p.before, &p.after) {
        (None, Some(a)) => say!("+ {}", shown(&CalendarPreview::entry_text(a, class))),
        (Some(b), Some(a)) => {
            say!("− {}", shown(&CalendarPreview::entry_text(b, class)));
            say!("+ {}", shown(&CalendarPreview::entry_text(a, class)));
        }
        (Some(b), None) => say!("− {}", shown(&CalendarPreview::entry_text(b, class))),
        (None, None) => {}
    }
    print_lessons(&p.going, &p.coming);
    if p.after
        .as_ref()
        .is_some_and(|h| h.kind == HolidayKind::Excused)
    {
        say!(
            "{}",
            tr!(
                "Уроки проводятся; пропуски этих дней считаются уважительными (уже отмечено «Н»: {})",
                "Lessons are held; absences on these days count as excused (already marked unexcused: {})",
                p.absences
            )
        );
    }
}

/// The lessons a change takes away (those holding entries marked «!») and brings.
fn print_lessons(going: &[ChangedLesson], coming: &[ChangedLesson]) {
    say!(
        "{}",
        tr!("Уроки уходят: {}", "Lessons that go: {}", going.len())
    );
    for l in going {
        let mark = if l.entered() { "!" } else { " " };
        say!("{mark} {}", shown(&l.text()));
    }
    say!(
        "{}",
        tr!(
            "Уроки возвращаются: {}",
            "Lessons that come: {}",
            coming.len()
        )
    );
    for l in coming {
        say!("  {}", shown(&l.text()));
    }
    let entered = going.iter().filter(|l| l.entered()).count();
    if entered > 0 {
        say!(
            "{}",
            tr!(
                "! {} уроков с отметками или посещаемостью: они удаляются только с --drop-entered",
                "! {} lessons with marks or attendance: dropped only with --drop-entered",
                entered
            )
        );
    }
}

/// `calendar import FILE`: the file's years, the lessons they move, then the import.
fn import(store: &mut Store, actor: &Actor, file: &std::path::Path, apply: &ApplyArgs) -> Outcome {
    let shown_path = shown(&file.display().to_string()).into_owned();
    let bytes = std::fs::read(file).map_err(|e| format!("{shown_path}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        tr!(
            "{}: не UTF-8 (байт {})",
            "{}: not UTF-8 (byte {})",
            shown_path,
            e.utf8_error().valid_up_to() + 1
        )
    })?;
    // The file's name only: the administrator's folders are nobody else's business.
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let preview = store
        .preview_production(actor, &name, &text)
        .map_err(refusal)?;
    for (year, source, known) in &preview.years {
        let what = if *known {
            tr!("заменяет известный", "replaces the known one")
        } else {
            tr!("новый", "new")
        };
        say!("{year}: {} ({what})", shown(source));
    }
    print_lessons(&preview.going, &preview.coming);
    if apply.dry_run {
        say!(
            "{}",
            tr!(
                "Проверка (--dry-run): ничего не изменено.",
                "Dry run (--dry-run): nothing changed."
            )
        );
        return Ok(());
    }
    store
        .import_production(actor, &name, &text, apply.drop_entered)
        .map_err(refusal)?;
    say!(
        "{}",
        tr!(
            "Производственный календарь загружен.",
            "The production calendar is imported."
        )
    );
    Ok(())
}

fn show(store: &Store, class: Option<String>, grade: Option<i64>) -> Outcome {
    let only: Option<(i64, Option<ClassId>)> = match (class, grade) {
        (Some(c), _) => {
            let (id, name) = store.class_by_name(&c).map_err(refusal)?;
            Some((name.grade, Some(id)))
        }
        (None, Some(g)) => Some((parse_grades(&g.to_string())?.0, None)),
        (None, None) => None,
    };
    for line in crate::report::calendar::calendar_lines(store, only).map_err(refusal)? {
        say!("{line}");
    }
    Ok(())
}
