//! `zhurnal report NAME`: the control reports as CSV, aligned text, XLSX or HTML for
//! printing.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::{Context, Outcome};
use crate::domain::calendar::Period;
use crate::domain::policy::Actor;
use crate::domain::reports::Report;
use crate::export;
use crate::store::Store;
use crate::store::reports::{
    accumulation_table, activity_table, attendance_table, fill_table, fulfilment_table,
    quality_table, summary_table,
};
use crate::tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportName {
    /// Students with too few marks in the period (накопляемость).
    Accumulation,
    /// Performance, quality of knowledge and СОУ from the period finals.
    Quality,
    /// Missed lessons per student by reason.
    Attendance,
    /// The summary sheet of finals (сводная ведомость).
    Summary,
    /// Per teacher: lessons without topic, homework or attendance; how late marks and
    /// topics were entered.
    Fill,
    /// Per course: the plan's hours, due, held and the lag.
    Fulfilment,
    /// Per user and month: logins and changes.
    Activity,
    /// One class: students × subjects with averages and finals, and who is at risk.
    Overview,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Csv,
    Text,
    /// An Excel workbook (needs `-o FILE`).
    Xlsx,
    /// An HTML page for printing (A4).
    Html,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Which report.
    #[arg(value_enum)]
    pub name: ReportName,
    /// One class (required for attendance and summary, and for a class teacher).
    #[arg(long)]
    pub class: Option<String>,
    /// One subject (quality, accumulation, fulfilment).
    #[arg(long)]
    pub subject: Option<String>,
    /// One teacher by login (accumulation, fill, fulfilment; activity: one user).
    #[arg(long, value_name = "LOGIN")]
    pub teacher: Option<String>,
    /// Period number (default: the period holding today; for activity, the whole year).
    #[arg(long)]
    pub period: Option<i64>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ReportFormat,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: ReportArgs) -> Outcome {
    if args.format == ReportFormat::Xlsx && args.output.is_none() {
        return Err(xlsx_needs_file());
    }
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let report = build(&store, &actor, &args, ctx.today())?;
    let bytes = render(&store, &report, args.name, args.format)?;
    match args.output {
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| e.to_string()),
        Some(path) => crate::store::private::write_file(&path, &bytes)
            .map_err(|e| format!("{}: {e}", path.display())),
    }
}

/// A report in a file format.
pub fn render(
    store: &Store,
    report: &Report,
    name: ReportName,
    format: ReportFormat,
) -> Result<Vec<u8>, String> {
    let report = report.clone();
    let args_name = name;
    Ok(match format {
        ReportFormat::Csv => report_csv(&report).map_err(|e| e.to_string())?,
        ReportFormat::Text => report.to_text().into_bytes(),
        ReportFormat::Xlsx => export::xlsx(&report, &report.title)?,
        ReportFormat::Html => {
            let opts = export::HtmlOptions {
                school: store.settings().map_err(|e| e.to_string())?.name,
                // The summary sheet is certified by the director.
                signature: args_name == ReportName::Summary,
            };
            export::html(&report, &opts).into_bytes()
        }
    })
}

/// Builds a report for the user: the command line and the screens ask the same.
pub fn build(
    store: &Store,
    actor: &Actor,
    args: &ReportArgs,
    today: NaiveDate,
) -> Result<Report, String> {
    let class_id = args
        .class
        .as_deref()
        .map(|c| store.class_by_name(c).map(|(id, _)| id))
        .transpose()
        .map_err(|e| e.to_string())?;
    // Who may read reports at all, before anything else is looked at.
    crate::domain::reports::may_read_reports(actor, class_id).map_err(|e| e.to_string())?;
    let teacher = args
        .teacher
        .as_deref()
        .map(|login| {
            store
                .actor(login)
                .map_err(|e| e.to_string())?
                .staff_id
                .ok_or_else(|| tr!("{} — не учитель", "{} is not a teacher", login))
        })
        .transpose()?;
    let subject_ok = |s: &str| {
        args.subject
            .as_deref()
            .is_none_or(|want| s.to_lowercase() == want.trim().to_lowercase())
    };
    let teacher_ok = |t: i64| teacher.is_none_or(|want| want == t);
    let need_class = || {
        class_id.ok_or_else(|| {
            tr!(
                "для этого отчёта укажите класс: --class",
                "this report needs a class: --class"
            )
        })
    };
    let e = |e: crate::store::StoreError| e.to_string();
    Ok(match args.name {
        ReportName::Quality => {
            let period = period(store, args.period, today)?;
            let mut rows = store.quality_report(actor, class_id, &period).map_err(e)?;
            rows.retain(|r| subject_ok(&r.subject));
            quality_table(&rows, &period)
        }
        ReportName::Accumulation => {
            let period = period(store, args.period, today)?;
            let min = store.settings().map_err(e)?.min_marks_per_period;
            let mut rows = store
                .accumulation_report(actor, class_id, &period, min)
                .map_err(e)?;
            rows.retain(|r| subject_ok(&r.subject) && teacher_ok(r.teacher_id));
            accumulation_table(&rows, &period, min)
        }
        ReportName::Attendance => {
            let period = period(store, args.period, today)?;
            attendance_table(
                &store
                    .attendance_report(actor, need_class()?, &period)
                    .map_err(e)?,
                &period,
            )
        }
        ReportName::Summary => {
            let period = period(store, args.period, today)?;
            summary_table(
                &store
                    .summary_report(actor, need_class()?, &period)
                    .map_err(e)?,
                &period,
            )
        }
        ReportName::Fill => {
            let period = period(store, args.period, today)?;
            let mut rows = store
                .fill_report(actor, class_id, &period, today)
                .map_err(e)?;
            rows.retain(|r| teacher_ok(r.staff_id));
            fill_table(&rows, &period)
        }
        ReportName::Fulfilment => {
            let mut rows = store.fulfilment_report(actor, class_id, today).map_err(e)?;
            rows.retain(|r| subject_ok(&r.course.subject) && teacher_ok(r.course.teacher_id));
            fulfilment_table(&rows, today)
        }
        ReportName::Overview => {
            let period = period(store, args.period, today)?;
            store
                .class_overview(actor, need_class()?, &period, today)
                .map_err(e)?
        }
        ReportName::Activity => {
            let (from, to, name) = match args.period {
                Some(_) => {
                    let p = period(store, args.period, today)?;
                    (p.start, p.end, p.name)
                }
                None => {
                    let y = store.current_year().map_err(e)?;
                    (y.start, y.end, y.name)
                }
            };
            let mut rows = store.activity_report(actor, from, to).map_err(e)?;
            if let Some(login) = &args.teacher {
                rows.retain(|r| r.login.to_lowercase() == login.to_lowercase());
            }
            activity_table(&rows, &name)
        }
    })
}

/// `--period N`, else the period holding today, else the last one that has begun.
fn period(store: &Store, num: Option<i64>, today: NaiveDate) -> Result<Period, String> {
    let year = store.current_year().map_err(|e| e.to_string())?;
    let cal = store.calendar(year.id).map_err(|e| e.to_string())?;
    let found = match num {
        Some(n) => cal.period_by_num(n),
        None => cal
            .period_of(today)
            .or_else(|| cal.periods.iter().rev().find(|p| p.start <= today))
            .or(cal.periods.first()),
    };
    found.cloned().ok_or_else(|| {
        tr!(
            "нет периода {}: в году периоды 1–{}",
            "no period {}: the year has periods 1–{}",
            num.unwrap_or(0),
            cal.periods.len()
        )
    })
}

/// The refusal of `--format xlsx` without `-o FILE`: a workbook is not for a terminal.
pub(crate) fn xlsx_needs_file() -> String {
    tr!(
        "формат xlsx записывается только в файл: укажите -o FILE",
        "the xlsx format is written to a file only: give -o FILE"
    )
}

/// The header row, then one record per row.
pub fn report_csv(report: &Report) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&report.columns)?;
    for row in &report.rows {
        w.write_record(row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
