//! Reading CSV files as school offices produce them: UTF-8 with or without BOM or
//! Windows-1251, comma or semicolon separated, headers in English or Russian.

use std::collections::HashMap;

use super::ImportError;
use crate::tr;

/// Decodes a file's bytes: UTF-8 (BOM dropped) when valid, else Windows-1251.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1251.decode(bytes).0.into_owned(),
    }
}

/// The separator: whichever of `;` and `,` the header line has more of.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// A column a file kind knows: its key and the header spellings that mean it.
#[derive(Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub names: &'static [&'static str],
    pub required: bool,
}

fn norm(s: &str) -> String {
    s.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace('ё', "е")
        .replace(['_', '-'], " ")
}

/// The 1-based line a byte offset falls on; counted here because the CSV reader's own
/// line count skips blank lines.
fn line_of(text: &str, byte: u64) -> usize {
    // A record's position may point at the blank lines the reader skipped before it.
    let start = byte as usize;
    let skipped = text.as_bytes().get(start..).map_or(0, |rest| {
        rest.iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .count()
    });
    crate::config::line_col(text, start + skipped).0
}

/// One data row: its line in the file and its cells by column key.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    /// The trimmed cell, empty when the column is absent.
    pub fn get(&self, key: &str) -> &str {
        self.cells.get(key).map(|s| s.trim()).unwrap_or("")
    }
}

/// Parses a decoded file into rows keyed by the known columns. Unknown headers and
/// missing required ones are errors on line 1; blank lines are skipped.
pub fn read_rows(text: &str, file: &str, columns: &[Column]) -> Result<Vec<Row>, Vec<ImportError>> {
    let (rows, errors) = read_rows_lenient(text, file, columns)?;
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Like [`read_rows`], but keeps the readable rows beside the errors of the unreadable
/// ones, so that a preview can check the rest too. `Err` only when the header fails:
/// then no row can be read at all.
pub fn read_rows_lenient(
    text: &str,
    file: &str,
    columns: &[Column],
) -> Result<(Vec<Row>, Vec<ImportError>), Vec<ImportError>> {
    let err = |line: usize, message: String| ImportError {
        file: file.to_string(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![err(1, e.to_string())]),
    };
    if headers.iter().all(|h| h.trim().is_empty()) {
        return Err(vec![err(
            1,
            tr!(
                "файл пуст или без строки заголовков",
                "the file is empty or has no header line"
            ),
        )]);
    }
    let mut map: Vec<Option<&'static str>> = Vec::new();
    let mut errors = Vec::new();
    for h in headers.iter() {
        let n = norm(h);
        if n.is_empty() {
            map.push(None);
            continue;
        }
        match columns
            .iter()
            .find(|c| c.names.iter().any(|a| norm(a) == n))
        {
            Some(c) => map.push(Some(c.key)),
            None => {
                let known = columns
                    .iter()
                    .map(|c| c.names[0])
                    .collect::<Vec<_>>()
                    .join(", ");
                errors.push(err(
                    1,
                    tr!(
                        "неизвестный столбец «{}»; ожидаются: {}",
                        "unknown column «{}»; expected: {}",
                        h.trim(),
                        known
                    ),
                ));
                map.push(None);
            }
        }
    }
    for c in columns.iter().filter(|c| c.required) {
        if !map.contains(&Some(c.key)) {
            errors.push(err(
                1,
                tr!(
                    "нет обязательного столбца «{}» ({})",
                    "missing required column «{}» ({})",
                    c.names[0],
                    c.names.get(1).copied().unwrap_or("")
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(text, p.byte()));
                errors.push(err(line, tr!("не читается: {}", "unreadable: {}", e)));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| line_of(text, p.byte()));
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rec.len() > map.len() {
            errors.push(err(
                line,
                tr!(
                    "{} ячеек, а столбцов {}",
                    "{} cells but {} columns",
                    rec.len(),
                    map.len()
                ),
            ));
            continue;
        }
        let cells = map
            .iter()
            .zip(rec.iter())
            .filter_map(|(k, v)| k.map(|k| (k, v.to_string())))
            .collect();
        rows.push(Row { line, cells });
    }
    Ok((rows, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] = &[
        Column {
            key: "class",
            names: &["class", "Класс"],
            required: true,
        },
        Column {
            key: "last_name",
            names: &["last_name", "Фамилия"],
            required: true,
        },
        Column {
            key: "note",
            names: &["note", "Примечание"],
            required: false,
        },
    ];

    #[test]
    fn decodes_bom_and_cp1251() {
        assert_eq!(decode(b"\xEF\xBB\xBFabc"), "abc");
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode("Класс;Фамилия");
        assert_eq!(decode(&cp), "Класс;Фамилия");
    }

    #[test]
    fn russian_headers_and_semicolons() {
        let rows =
            read_rows("Класс;Фамилия\n7Б;Иванов\n\n8А;Петров\n", "s.csv", COLS).expect("rows");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].get("class"), "8А");
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[0].get("note"), "");
    }

    #[test]
    fn header_problems_are_reported_on_line_one() {
        let e = read_rows("class,surname\n7Б,Иванов\n", "s.csv", COLS).expect_err("bad");
        let text: Vec<String> = e.iter().map(|e| e.to_string()).collect();
        assert!(
            text[0].starts_with("s.csv:1: ") && text[0].contains("surname"),
            "{text:?}"
        );
        assert!(text[1].contains("last_name"), "{text:?}");
    }

    #[test]
    fn too_many_cells_is_a_row_error() {
        let e = read_rows("class,last_name\n7Б,Иванов,лишнее\n", "s.csv", COLS).expect_err("bad");
        assert_eq!(e[0].line, 2);
    }
}
