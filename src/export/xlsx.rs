//! A report as an XLSX workbook of one sheet.

use rust_xlsxwriter::{DocProperties, Format, Workbook};

use super::number::as_number;
use crate::domain::reports::Report;

/// The widest a column gets, in characters.
const MAX_WIDTH: usize = 60;

/// A sheet name Excel accepts: without `[]:*?/\`, not starting or ending with an
/// apostrophe, at most 31 characters (counted as characters, so Cyrillic is one each);
/// «Лист1» when nothing is left.
pub fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let collapsed = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = collapsed
        .trim_matches('\'')
        .trim()
        .chars()
        .take(31)
        .collect();
    let cut = cut.trim().trim_matches('\'').trim().to_string();
    if cut.is_empty() {
        crate::i18n::pick("Лист1", "Sheet1").to_string()
    } else {
        cut
    }
}

/// The report as an XLSX file: one sheet named after `sheet_name` (cleaned), a bold
/// header row frozen at the top, columns as wide as their content, numbers as
/// numbers; the title in the document's properties and the printed page's header.
pub fn xlsx(report: &Report, sheet_name: &str) -> Result<Vec<u8>, String> {
    xlsx_frozen(report, sheet_name, 0)
}

/// As [`xlsx`], with the first `frozen_cols` columns frozen too (the students'
/// names on a journal page).
pub fn xlsx_frozen(report: &Report, name: &str, frozen_cols: u16) -> Result<Vec<u8>, String> {
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut workbook = Workbook::new();
    workbook.set_properties(&DocProperties::new().set_title(&report.title));
    let sheet = workbook.add_worksheet();
    sheet.set_name(self::sheet_name(name)).map_err(e)?;
    let bold = Format::new().set_bold();
    let ncols = report
        .rows
        .iter()
        .map(Vec::len)
        .chain([report.columns.len()])
        .max()
        .unwrap_or(0);
    let ncols = u16::try_from(ncols).map_err(|_| "too many columns".to_string())?;
    let mut widths = vec![0usize; usize::from(ncols)];
    for (c, head) in (0u16..).zip(&report.columns) {
        sheet
            .write_string_with_format(0, c, head, &bold)
            .map_err(e)?;
        widths[usize::from(c)] = head.chars().count();
    }
    for (r, row) in (1u32..).zip(&report.rows) {
        for (c, cell) in (0u16..).zip(row) {
            if cell.is_empty() {
                continue;
            }
            match as_number(cell) {
                Some(v) => sheet.write_number(r, c, v).map_err(e)?,
                None => sheet.write_string(r, c, cell).map_err(e)?,
            };
            let w = &mut widths[usize::from(c)];
            *w = (*w).max(cell.chars().count());
        }
    }
    for (c, w) in (0u16..).zip(&widths) {
        let w = (w + 2).clamp(4, MAX_WIDTH);
        sheet.set_column_width(c, w as f64).map_err(e)?;
    }
    sheet
        .set_freeze_panes(1, frozen_cols.min(ncols))
        .map_err(e)?;
    sheet.set_repeat_rows(0, 0).map_err(e)?;
    // A4; landscape for wide tables, as the HTML print.
    sheet.set_paper_size(9);
    if ncols > 8 {
        sheet.set_landscape();
    }
    let title: String = report.title.replace('&', "&&").chars().take(200).collect();
    sheet.set_header(format!("&C{title}"));
    workbook.save_to_buffer().map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_cleaned() {
        assert_eq!(sheet_name("Сводная ведомость"), "Сводная ведомость");
        assert_eq!(sheet_name("a[b]:c*d?e/f\\g"), "a b c d e f g");
        assert_eq!(sheet_name("'кавычки'"), "кавычки");
        let long = "Качество знаний по предметам за 2 четверть";
        let cut = sheet_name(long);
        assert_eq!(cut.chars().count(), 31);
        assert!(long.starts_with(&cut));
        assert!(!sheet_name("[]:*?/\\").is_empty());
        // Cutting never leaves a trailing space.
        assert!(!sheet_name(&format!("{} b", "а".repeat(30))).ends_with(' '));
    }

    #[test]
    fn a_workbook_is_a_zip() {
        let r = Report {
            legend: Vec::new(),
            title: "T & t".into(),
            columns: vec!["Имя".into(), "n".into()],
            rows: vec![vec!["Иванов".into(), "5".into()]],
        };
        let bytes = xlsx(&r, "Отчёт").expect("xlsx");
        assert!(bytes.starts_with(b"PK"));
    }
}
