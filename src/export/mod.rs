//! Reports and journal pages as files for the office: an XLSX workbook and an HTML
//! page for printing (with the director's certification line where it is needed).

mod csv;
mod html;
mod number;
pub mod slips;
pub mod weekly;
mod xlsx;

pub use csv::{CsvStyle, FORMULA_STARTS, csv_bytes};
pub use html::{HtmlOptions, escape_html, html};
pub use xlsx::{sheet_name, xlsx, xlsx_frozen};

use crate::domain::reports::Report;
use crate::store::journal::JournalPage;
use crate::tr;

/// The file a journal page goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageFormat {
    Csv(CsvStyle),
    /// A workbook, the header row and the names kept in view.
    Xlsx,
    /// A page for printing (A4), with the director's certification line.
    Html,
}

impl PageFormat {
    /// The format a file name's extension asks for (a CSV in the office style).
    pub fn of_file(name: &str) -> Option<PageFormat> {
        let ext = std::path::Path::new(name.trim())
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        match ext.as_str() {
            "csv" => Some(PageFormat::Csv(CsvStyle::Office)),
            "xlsx" => Some(PageFormat::Xlsx),
            "html" | "htm" => Some(PageFormat::Html),
            _ => None,
        }
    }
}

/// A course's journal page as a file's bytes: what the command line's `export journal`
/// writes and the courses screen prints.
pub fn journal_bytes(
    page: &JournalPage,
    format: PageFormat,
    school: &str,
) -> Result<Vec<u8>, String> {
    match format {
        PageFormat::Csv(style) => {
            csv_bytes(&journal_csv_table(page), style).map_err(|e| e.to_string())
        }
        PageFormat::Xlsx => {
            let name = format!("{} {}", page.course.title(), page.period.name);
            // The header row and the students' names stay in view.
            xlsx_frozen(&journal_table(page), &name, 1)
        }
        PageFormat::Html => {
            let opts = HtmlOptions {
                school: school.to_string(),
                signature: true,
            };
            Ok(html(&journal_table(page), &opts).into_bytes())
        }
    }
}

/// A journal page as a table: `Ученик`, one column per lesson (`dd.mm`), `Ср.`,
/// `Итог`; one row per student in journal order. A restricted page (only the
/// substituted lessons) leaves the average and the final empty.
pub fn journal_table(page: &JournalPage) -> Report {
    let mut columns = vec![tr!("Ученик", "Student")];
    columns.extend(
        page.lessons
            .iter()
            .map(|l| l.date.format("%d.%m").to_string()),
    );
    columns.push(tr!("Ср.", "Avg."));
    columns.push(tr!("Итог", "Final"));
    Report {
        legend: Vec::new(),
        title: tr!(
            "Журнал: {}, {} (учитель {})",
            "Journal: {}, {} (teacher {})",
            page.course.title(),
            page.period.name,
            page.course.teacher.short()
        ),
        columns,
        rows: journal_rows(page),
    }
}

/// One row per student in journal order: the name, each lesson's cell, the average
/// and the final (both empty on a restricted page: only the substituted lessons).
fn journal_rows(page: &JournalPage) -> Vec<Vec<String>> {
    page.students
        .iter()
        .map(|s| {
            let mut row = vec![s.name.full()];
            row.extend(page.lessons.iter().map(|l| page.cell_text(l.id, s.id, " ")));
            if page.restricted {
                row.push(String::new());
                row.push(String::new());
            } else {
                row.push(
                    page.average(s.id)
                        .map(|a| format!("{a:.2}"))
                        .unwrap_or_default(),
                );
                row.push(page.finals.get(&s.id).cloned().unwrap_or_default());
            }
            row
        })
        .collect()
}

/// A journal page as the CSV export lays it out: the student, one column per lesson
/// (its date), the average and the final; headers in the interface's language.
pub fn journal_csv_table(page: &JournalPage) -> Report {
    let mut columns = vec![tr!("Ученик", "student")];
    columns.extend(
        page.lessons
            .iter()
            .map(|l| l.date.format("%Y-%m-%d").to_string()),
    );
    columns.push(tr!("Средний балл", "average"));
    columns.push(tr!("Итоговая", "final"));
    Report {
        legend: Vec::new(),
        title: String::new(),
        columns,
        rows: journal_rows(page),
    }
}
