//! `zhurnal report NAME`: the control reports as CSV, aligned text, XLSX or HTML for
//! printing. The reports themselves are [`crate::report`]'s; this file reads the flags.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use super::{Context, Outcome};
use crate::domain::RuleError;
use crate::report::{ReportError, ReportFormat, ReportName, ReportQuery, build, render_with};

impl ValueEnum for ReportName {
    fn value_variants<'a>() -> &'a [Self] {
        &ReportName::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.key()).help(self.about()))
    }
}

impl ValueEnum for ReportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            ReportFormat::Csv,
            ReportFormat::Text,
            ReportFormat::Xlsx,
            ReportFormat::Html,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            ReportFormat::Csv => PossibleValue::new("csv"),
            ReportFormat::Text => PossibleValue::new("text"),
            ReportFormat::Xlsx => {
                PossibleValue::new("xlsx").help("An Excel workbook (needs `-o FILE`)")
            }
            ReportFormat::Html => PossibleValue::new("html").help("An HTML page for printing (A4)"),
        })
    }
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
    #[command(flatten)]
    pub csv: super::CsvArg,
}

pub fn run(ctx: &Context, args: ReportArgs) -> Outcome {
    if args.format == ReportFormat::Xlsx && args.output.is_none() {
        return Err(xlsx_needs_file());
    }
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let what = format!(
        "{} {} {} {} {} → {}",
        args.name.key(),
        args.class.as_deref().unwrap_or_default(),
        args.subject.as_deref().unwrap_or_default(),
        args.teacher.as_deref().unwrap_or_default(),
        format!("{:?}", args.format).to_lowercase(),
        super::destination(args.output.as_deref())
    );
    let query = ReportQuery {
        name: args.name,
        class: args.class,
        subject: args.subject,
        teacher: args.teacher,
        period: args.period,
    };
    let report = build(&store, &actor, &query, ctx.today()).map_err(refusal)?;
    let bytes =
        render_with(&store, &report, args.name, args.format, args.csv.style).map_err(refusal)?;
    super::record_out(
        &mut store,
        &actor,
        crate::store::AuditEntry {
            new: Some(what.split_whitespace().collect::<Vec<_>>().join(" ")),
            ..crate::store::AuditEntry::new(
                crate::domain::audit::Action::Report,
                crate::domain::audit::Entity::Journal,
            )
        },
    )?;
    match args.output {
        None => super::write_stdout(&bytes),
        Some(path) => crate::store::private::write_file(&path, &bytes)
            .map_err(|e| format!("{}: {e}", path.display())),
    }
}

/// A report's refusal as the command line says it: naming the flag that helps.
fn refusal(e: ReportError) -> String {
    match e {
        ReportError::NeedsClass => format!("{e}: --class"),
        ReportError::Rule(RuleError::OwnClassOnly) => format!("{e} (--class)"),
        ReportError::Store(e) => super::refusal(e),
        e => e.to_string(),
    }
}

/// The refusal of `--format xlsx` without `-o FILE`: a workbook is not for a terminal.
pub(crate) fn xlsx_needs_file() -> String {
    crate::tr!(
        "формат xlsx записывается только в файл: укажите -o FILE",
        "the xlsx format is written to a file only: give -o FILE"
    )
}
