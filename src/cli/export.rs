//! `zhurnal export journal`: a course's page for one period.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use super::{Context, Outcome};
use crate::export;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    /// An Excel workbook (needs `-o FILE`).
    Xlsx,
    /// An HTML page for printing (A4), with the director's certification line.
    Html,
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// The journal page of one course and period.
    Journal {
        #[command(flatten)]
        course: super::CourseArgs,
        /// Period number among the class's own: 1–4 for quarters, 1–2 for halves.
        #[arg(long)]
        period: i64,
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        csv: super::CsvArg,
    },
}

pub fn run(ctx: &Context, what: ExportWhat) -> Outcome {
    let ExportWhat::Journal {
        course,
        period,
        format,
        output,
        csv,
    } = what;
    if matches!(format, Format::Xlsx) && output.is_none() {
        return Err(super::report::xlsx_needs_file());
    }
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let course = course.find(&store)?;
    let periods = store.course_periods(course.id).map_err(|e| e.to_string())?;
    let p = super::period_num(&periods, period)?;
    let page = store
        .journal_page(&actor, course.id, p)
        .map_err(|e| e.to_string())?;
    let school = store.settings().map_err(|e| e.to_string())?.name;
    let page_format = match format {
        Format::Csv => export::PageFormat::Csv(csv.style),
        Format::Xlsx => export::PageFormat::Xlsx,
        Format::Html => export::PageFormat::Html,
    };
    let bytes = export::journal_bytes(&page, page_format, &school)?;
    super::record_out(
        &mut store,
        &actor,
        crate::store::AuditEntry {
            course_id: Some(course.id),
            new: Some(format!(
                "{} {:?} → {}",
                p.name,
                format,
                super::destination(output.as_deref())
            )),
            ..crate::store::AuditEntry::new(
                crate::domain::audit::Action::Export,
                crate::domain::audit::Entity::Course,
            )
        },
    )?;
    match output {
        None => super::write_stdout(&bytes),
        Some(path) => crate::store::private::write_file(&path, &bytes)
            .map_err(|e| format!("{}: {e}", path.display())),
    }
}
