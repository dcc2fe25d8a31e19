//! Reports and journal pages as files for the office: an XLSX workbook and an HTML
//! page for printing (with the director's certification line where it is needed).

mod html;
pub mod weekly;
mod xlsx;

pub use html::{HtmlOptions, escape_html, html};
pub use xlsx::{sheet_name, xlsx, xlsx_frozen};

use crate::domain::reports::Report;
use crate::store::journal::JournalPage;
use crate::tr;

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
    let rows = page
        .students
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
        .collect();
    Report {
        title: tr!(
            "Журнал: {}, {} (учитель {})",
            "Journal: {}, {} (teacher {})",
            page.course.title(),
            page.period.name,
            page.course.teacher.short()
        ),
        columns,
        rows,
    }
}

/// Whether a cell is a plain number (a mark, an average, a count, a percentage):
/// digits with at most one decimal point and an optional minus, no leading zeros
/// ("007" stays text), finite.
pub(crate) fn as_number(cell: &str) -> Option<f64> {
    let s = cell.trim();
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty()
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        || digits.matches('.').count() > 1
        || digits.starts_with('.')
        || digits.ends_with('.')
    {
        return None;
    }
    let int_part = digits.split('.').next().unwrap_or("");
    if int_part.len() > 1 && int_part.starts_with('0') {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_recognised() {
        assert_eq!(as_number("5"), Some(5.0));
        assert_eq!(as_number("3.75"), Some(3.75));
        assert_eq!(as_number("-2"), Some(-2.0));
        assert_eq!(as_number("0.5"), Some(0.5));
        for text in [
            "",
            "Н",
            "4 5",
            "007",
            "10.11.2025",
            "inf",
            "NaN",
            "1e5",
            ".5",
            "5.",
        ] {
            assert_eq!(as_number(text), None, "{text}");
        }
    }
}
