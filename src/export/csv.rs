//! CSV files for the office and for scripts. The office style is what a Russian Excel
//! opens by a double click: UTF-8 with a BOM, `;` between cells, a decimal comma and
//! dates as DD.MM.YYYY. The plain style is RFC 4180 (`,`, a decimal point, ISO dates)
//! for scripts. In both, a text cell a spreadsheet would run as a formula is written
//! with a leading `'`, so that it stays text; our own imports take the `'` off again.

use super::number::as_number;
use crate::domain::reports::Report;

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvStyle {
    /// UTF-8 with BOM, `;`, decimal comma, dates DD.MM.YYYY: for Excel and LibreOffice.
    #[default]
    Office,
    /// RFC 4180: `,`, decimal point, dates YYYY-MM-DD, no BOM: for scripts.
    Plain,
}

impl CsvStyle {
    /// The style named on the command line: `office` or `plain`.
    pub fn parse(word: &str) -> Option<CsvStyle> {
        match word.trim().to_lowercase().as_str() {
            "office" => Some(CsvStyle::Office),
            "plain" | "rfc4180" => Some(CsvStyle::Plain),
            _ => None,
        }
    }
}

/// The characters a spreadsheet starts a formula (or a command) with.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One cell as the style writes it: numbers stay numbers (a decimal comma in the office
/// style), ISO dates become DD.MM.YYYY in the office style, and a text that a
/// spreadsheet would read as a formula gets a leading `'`.
pub fn cell(text: &str, style: CsvStyle) -> String {
    if as_number(text).is_some() {
        return match style {
            CsvStyle::Office => text.trim().replace('.', ","),
            CsvStyle::Plain => text.trim().to_string(),
        };
    }
    if style == CsvStyle::Office
        && let Some(d) = iso_date(text)
    {
        return d;
    }
    // A text that begins with `'` gets one more, so that reading back (which takes the
    // guard off) gives the text as it was.
    if text.starts_with(FORMULA_STARTS) || text.starts_with('\'') {
        return format!("'{text}");
    }
    text.to_string()
}

/// `2025-09-01` as `01.09.2025`; `None` for anything else.
fn iso_date(text: &str) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    (text.trim().len() == 10).then(|| d.format("%d.%m.%Y").to_string())
}

/// A table as a CSV file: the header row, then every row, each cell by [`cell`].
pub fn csv_bytes(table: &Report, style: CsvStyle) -> Result<Vec<u8>, csv::Error> {
    let (delimiter, start): (u8, &[u8]) = match style {
        CsvStyle::Office => (b';', b"\xEF\xBB\xBF"),
        CsvStyle::Plain => (b',', b""),
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(start.to_vec());
    let line = |cells: &[String]| cells.iter().map(|c| cell(c, style)).collect::<Vec<_>>();
    w.write_record(line(&table.columns))?;
    for row in &table.rows {
        w.write_record(line(row))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        use CsvStyle::*;
        // A text that already begins with the guard keeps it through a round trip.
        assert_eq!(cell("'=x", Office), "''=x");
        assert_eq!(cell("'-5", Plain), "''-5");
        assert_eq!(cell("'quoted", Plain), "''quoted");
        assert_eq!(cell("=HYPERLINK(\"x\")", Office), "'=HYPERLINK(\"x\")");
        for t in ["+1+1", "@SUM(A1)", "-x", "\tA", "\rA", "=1"] {
            assert_eq!(cell(t, Plain), format!("'{t}"), "{t:?}");
        }
        assert_eq!(cell("5", Office), "5");
        assert_eq!(cell("4.25", Office), "4,25");
        assert_eq!(cell("4.25", Plain), "4.25");
        assert_eq!(cell("-2", Office), "-2");
        assert_eq!(cell("-2.5", Office), "-2,5");
        assert_eq!(cell("Н", Office), "Н");
        assert_eq!(cell("5 4", Office), "5 4");
        assert_eq!(cell("2025-09-01", Office), "01.09.2025");
        assert_eq!(cell("2025-09-01", Plain), "2025-09-01");
    }

    #[test]
    fn office_files_open_in_russian_excel() {
        let t = Report {
            legend: Vec::new(),
            title: String::new(),
            columns: vec!["Ученик".into(), "Ср.".into()],
            rows: vec![vec!["Иванов; Иван".into(), "4.50".into()]],
        };
        let office = csv_bytes(&t, CsvStyle::Office).expect("csv");
        assert_eq!(
            String::from_utf8(office).expect("utf-8"),
            "\u{feff}Ученик;Ср.\r\n\"Иванов; Иван\";4,50\r\n"
        );
        let plain = csv_bytes(&t, CsvStyle::Plain).expect("csv");
        assert_eq!(
            String::from_utf8(plain).expect("utf-8"),
            "Ученик,Ср.\r\nИванов; Иван,4.50\r\n"
        );
    }

    #[test]
    fn styles_by_name() {
        assert_eq!(CsvStyle::parse("plain"), Some(CsvStyle::Plain));
        assert_eq!(CsvStyle::parse("Office"), Some(CsvStyle::Office));
        assert_eq!(CsvStyle::parse("excel"), None);
    }
}
