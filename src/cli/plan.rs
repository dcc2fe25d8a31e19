//! `zhurnal plan show|export|import|fulfilment`: a course's thematic plan (КТП), its
//! coverage by the lessons held and the programme fulfilment as of today (`--today`).

use crate::domain::text::shown;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{Context, Outcome};
use crate::domain::plan::{CoverState, DueBasis, Fulfilment};
use crate::i18n::pick;
use crate::import::csvread::decode;
use crate::import::outcome::Applied;
use crate::import::records;
use crate::store::courses::CourseInfo;
use crate::store::import::ImportFailed;
use crate::store::plan::PlanReport;
use crate::tr;

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub what: PlanCommand,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// The items with their coverage, the hours against the curriculum, the fulfilment.
    Show(CourseArg),
    /// The plan as CSV (order,topic,hours,date): the format `plan import` reads.
    Export {
        #[command(flatten)]
        course: CourseArg,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        csv: super::CsvArg,
    },
    /// Replace the plan with a CSV file (order,topic,hours[,date]); a file with any bad
    /// row changes nothing.
    Import {
        /// The CSV file (UTF-8 or Windows-1251, comma or semicolon separated).
        file: PathBuf,
        #[command(flatten)]
        course: CourseArg,
        /// Check the file and say what would change, changing nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// The programme fulfilment as of today: due, held, lag, percent.
    Fulfilment(CourseArg),
}

/// Which course (the shared `--class`, `--subject`, `--group`).
pub use super::CourseArgs as CourseArg;

pub fn run(ctx: &Context, a: PlanArgs) -> Outcome {
    match a.what {
        PlanCommand::Show(c) => {
            let report = report(ctx, &c)?;
            say_part!("{}", show_text(&report));
            Ok(())
        }
        PlanCommand::Fulfilment(c) => {
            let report = report(ctx, &c)?;
            say_part!("{}", fulfilment_text(&report));
            Ok(())
        }
        PlanCommand::Export {
            course,
            output,
            csv,
        } => export(ctx, &course, output.as_deref(), csv.style),
        PlanCommand::Import {
            file,
            course,
            dry_run,
        } => import(ctx, &course, &file, dry_run),
    }
}

fn report(ctx: &Context, c: &CourseArg) -> Result<PlanReport, String> {
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let course = c.find(&store)?;
    store
        .plan_report(&actor, course.id, ctx.today())
        .map_err(|e| e.to_string())
}

/// Hours as a school writes them, with a sign when asked: `105`, `0.5`, `+2`, `−101`.
fn hours(h: f64, signed: bool) -> String {
    let text = format!("{}", h.abs());
    if h < 0.0 {
        format!("−{text}")
    } else if signed && h > 0.0 {
        format!("+{text}")
    } else {
        text
    }
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

fn basis(f: &Fulfilment) -> &'static str {
    match f.basis {
        DueBasis::PlannedDates => pick("по датам КТП", "by the plan's dates"),
        DueBasis::Timetable => pick("по расписанию", "by the timetable"),
    }
}

fn percent(f: &Fulfilment) -> String {
    f.percent.map(|p| format!("{p:.0}%")).unwrap_or("—".into())
}

/// The widest topic column `plan show` prints; longer topics end in «…».
const TOPIC_MAX: usize = 60;

fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The plan, item by item, then its hours and the fulfilment.
pub fn show_text(r: &PlanReport) -> String {
    let f = &r.fulfilment;
    let mut out = tr!(
        "{} — КТП, учитель {}\n",
        "{} — thematic plan, teacher {}\n",
        r.course.title(),
        r.course.teacher.initials()
    );
    if r.items.is_empty() {
        out += &tr!("  КТП пуст\n", "  the plan is empty\n");
    }
    let topic_width = r
        .items
        .iter()
        .map(|c| c.item.topic.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, TOPIC_MAX);
    if !r.items.is_empty() {
        out += &format!(
            "{:>3}  {:<topic_width$}  {:>4}  {:<10}  {}\n",
            "№",
            pick("тема", "topic"),
            pick("часы", "hrs"),
            pick("дата", "date"),
            pick("проведено", "held"),
        );
    }
    for c in &r.items {
        let mark = match c.state() {
            CoverState::Covered => "[x]",
            CoverState::Partial => "[~]",
            CoverState::NotStarted => "[ ]",
        };
        let late = if c.overdue(f.as_of) { " !" } else { "" };
        let line = format!(
            "{:>3}  {:<topic_width$}  {:>4}  {:<10}  {}/{} {mark}{late}",
            c.item.order,
            fit(&shown(&c.item.topic), topic_width),
            c.item.hours,
            c.item.planned_date.map(date).unwrap_or_default(),
            c.held,
            c.item.hours,
        );
        out += line.trim_end();
        out.push('\n');
    }
    out += &tr!(
        "По КТП: {} ч; по учебному плану: {} ч/нед. × {} нед. = {} ч; разница: {} ч\n",
        "Plan: {} h; curriculum: {} h/week × {} weeks = {} h; difference: {} h\n",
        r.total,
        hours(r.weekly_hours, false),
        r.study_weeks,
        hours(r.curriculum, false),
        hours(r.difference, true)
    );
    let gap = if f.surplus > 0 {
        tr!("опережение {} ч", "ahead by {} h", f.surplus)
    } else {
        tr!("отставание {} ч", "lag {} h", f.lag)
    };
    out += &tr!(
        "Выполнение программы на {} ({}): положено {} ч, проведено {} ч, {}; выполнено {} КТП\n",
        "Programme fulfilment as of {} ({}): due {} h, held {} h, {}; {} of the plan done\n",
        date(f.as_of),
        basis(f),
        f.due,
        f.held,
        gap,
        percent(f)
    );
    out += &tr!(
        "[x] пройдена, [~] начата, [ ] не начата, ! срок по КТП прошёл\n",
        "[x] covered, [~] begun, [ ] not begun, ! past its planned date\n"
    );
    out
}

/// The fulfilment figures, one a line.
pub fn fulfilment_text(r: &PlanReport) -> String {
    let f = &r.fulfilment;
    let mut out = tr!(
        "{}, на {}\n",
        "{}, as of {}\n",
        r.course.title(),
        date(f.as_of)
    );
    let rows = [
        (pick("по КТП, ч", "plan, h"), f.total.to_string()),
        (pick("положено, ч", "due, h"), f.due.to_string()),
        (pick("проведено, ч", "held, h"), f.held.to_string()),
        (pick("отставание, ч", "lag, h"), f.lag.to_string()),
        (pick("опережение, ч", "ahead, h"), f.surplus.to_string()),
        (pick("выполнено", "done"), percent(f)),
        (
            pick("положено считается", "due counted"),
            basis(f).to_string(),
        ),
    ];
    for (k, v) in rows {
        out += &format!("{k}: {v}\n");
    }
    out
}

fn export(
    ctx: &Context,
    c: &CourseArg,
    output: Option<&Path>,
    style: crate::export::CsvStyle,
) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let course = c.find(&store)?;
    let table = store
        .plan_export_table(&actor, course.id)
        .map_err(|e| e.to_string())?;
    let bytes = crate::export::csv_bytes(&table, style).map_err(|e| e.to_string())?;
    super::record_out(
        &mut store,
        &actor,
        crate::store::AuditEntry {
            course_id: Some(course.id),
            new: Some(format!("plan → {}", super::destination(output))),
            ..crate::store::AuditEntry::new(
                crate::domain::audit::Action::Export,
                crate::domain::audit::Entity::Course,
            )
        },
    )?;
    match output {
        None => super::write_stdout(&bytes),
        Some(path) => crate::store::private::write_file(path, &bytes)
            .map_err(|e| format!("{}: {e}", path.display())),
    }
}

fn import(ctx: &Context, c: &CourseArg, file: &Path, dry_run: bool) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let course = c.find(&store)?;
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let name = file.display().to_string();
    let failed = |errs: &[crate::import::ImportError]| {
        for e in errs {
            eprintln!("{}", crate::domain::text::shown_block(&e.to_string()));
        }
        tr!(
            "{}: ошибок {}, журнал не изменён",
            "{}: {} errors, the journal is unchanged",
            name,
            errs.len()
        )
    };
    let (text, _) = decode(&bytes, &name).map_err(|e| failed(&[e]))?;
    let rows = records::plan(&text, &name).map_err(|errs| failed(&errs))?;
    match store.import_plan(&actor, &name, course.id, &rows, dry_run) {
        Ok(applied) => {
            say!("{}", summary(&name, &course, &applied, dry_run));
            Ok(())
        }
        Err(ImportFailed::Rows(errs)) => Err(failed(&errs)),
        Err(ImportFailed::Store(e)) => Err(format!(
            "{name}: {e} ({})",
            tr!("журнал не изменён", "the journal is unchanged")
        )),
    }
}

fn summary(file: &str, course: &CourseInfo, a: &Applied, dry_run: bool) -> String {
    let counts = tr!(
        "новых тем {}, изменено {}, без изменений {}, удалено {}",
        "{} new items, {} changed, {} unchanged, {} removed",
        a.created,
        a.updated,
        a.unchanged,
        a.removed
    );
    if dry_run {
        tr!(
            "{}: КТП {} — проверка пройдена: {} (ничего не изменено)",
            "{}: plan of {} — check passed: {} (nothing changed)",
            file,
            course.title(),
            counts
        )
    } else {
        tr!(
            "{}: КТП {} — {}",
            "{}: plan of {} — {}",
            file,
            course.title(),
            counts
        )
    }
}
