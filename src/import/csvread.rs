//! Reading CSV files as school offices produce them: UTF-8 with or without BOM or
//! Windows-1251, comma or semicolon separated, headers in English or Russian.

use std::collections::HashMap;

use super::ImportError;
use crate::tr;

/// How a file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1251,
}

/// Decodes a file's bytes: UTF-8 (BOM dropped) when valid; a file that is UTF-8 but for
/// a stray byte is refused at that byte's line, so that one bad byte never turns the
/// whole file into mojibake; only a file that is not UTF-8 as a whole is read as
/// Windows-1251.
pub fn decode(bytes: &[u8], file: &str) -> Result<(String, Encoding), ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), Encoding::Utf8));
    }
    // Valid non-ASCII characters against invalid bytes: Windows-1251 Cyrillic almost
    // never forms a valid UTF-8 sequence, so a file with more valid ones is UTF-8.
    let (mut valid, mut invalid, mut first_bad) = (0usize, 0usize, None);
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid += chunk.invalid().len();
            first_bad.get_or_insert(at);
            at += chunk.invalid().len();
        }
    }
    match first_bad {
        Some(pos) if valid > invalid => {
            let line = bytes[..pos].iter().filter(|b| **b == b'\n').count() + 1;
            Err(ImportError {
                file: file.to_string(),
                line,
                message: tr!(
                    "байт 0x{:02X} — не UTF-8, хотя остальной файл в UTF-8; исправьте эту строку или сохраните файл заново в UTF-8",
                    "byte 0x{:02X} is not UTF-8 though the rest of the file is; fix this line or save the file again as UTF-8",
                    bytes[pos]
                ),
            })
        }
        _ => Ok((
            encoding_rs::WINDOWS_1251.decode(bytes).0.into_owned(),
            Encoding::Windows1251,
        )),
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

/// The 1-based lines of byte offsets, counted here because the CSV reader's own line
/// count skips blank lines. The offsets come in file order, so the count goes on from
/// the last one: linear in the file, however many rows it has.
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl Lines<'_> {
    fn of(&mut self, byte: u64) -> usize {
        // A record's position may point at the blank lines the reader skipped before it.
        let mut start = (byte as usize).min(self.text.len());
        while matches!(self.text.get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        if start < self.at {
            self.at = 0;
            self.line = 1;
        }
        self.line += self.text[self.at..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.at = start;
        self.line
    }
}

/// A cell as written before our CSV export kept a spreadsheet from running it as a
/// formula: `'=…` is `=…` again, `''…` (a text that began with `'`) is `'…`. A `'`
/// before anything else is the cell's own.
fn unescape(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => cell,
    }
}

/// One data row: its line in the file and its cells by column key.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    cells: HashMap<&'static str, String>,
}

impl Row {
    /// Whether the file has the column at all: a column the file lacks changes nothing.
    pub fn has(&self, key: &str) -> bool {
        self.cells.contains_key(key)
    }

    /// Every cell the row has, by its column.
    pub fn cells(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.cells.iter().map(|(k, v)| (*k, v.as_str()))
    }

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
    let mut lines = Lines {
        text: text.as_bytes(),
        at: 0,
        line: 1,
    };
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.of(p.byte()));
                errors.push(err(line, tr!("не читается: {}", "unreadable: {}", e)));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| lines.of(p.byte()));
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
            .filter_map(|(k, v)| k.map(|k| (k, unescape(v).to_string())))
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
        let ok = |b: &[u8]| decode(b, "f.csv").expect("decoded");
        assert_eq!(ok(b"\xEF\xBB\xBFabc"), ("abc".into(), Encoding::Utf8));
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode("Класс;Фамилия\nИванов");
        assert_eq!(
            ok(&cp),
            ("Класс;Фамилия\nИванов".into(), Encoding::Windows1251)
        );
    }

    #[test]
    fn a_stray_byte_in_utf8_is_refused_at_its_line() {
        let mut bytes = "login;Фамилия;Имя\nivanova;Иванова;Мария\npetrov;Петров;Пётр"
            .as_bytes()
            .to_vec();
        let at = bytes.len() - 2;
        bytes.insert(at, 0xB9);
        let e = decode(&bytes, "staff.csv").expect_err("stray byte");
        assert_eq!((e.file.as_str(), e.line), ("staff.csv", 3));
        assert!(e.message.contains("0xB9"), "{}", e.message);
    }

    #[test]
    fn lines_count_past_blank_lines_and_quoted_breaks() {
        let text = "class,last_name,note\n7Б,Иванов,\"две\nстроки\"\n\n\n8А,Петров,\n";
        let rows = read_rows(text, "s.csv", COLS).expect("rows");
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 6]);
        assert!(rows[0].has("note") && !rows[0].has("patronymic"));
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
    fn a_formula_guard_is_taken_off() {
        let rows = read_rows(
            "class;last_name;note\n7Б;'=HYPERLINK(\"x\");'t Hooft\n7Б;''=x;x\n",
            "s.csv",
            COLS,
        )
        .expect("rows");
        assert_eq!(rows[0].get("last_name"), "=HYPERLINK(\"x\")");
        assert_eq!(rows[0].get("note"), "'t Hooft");
        // A text that began with the guard itself, as exported.
        assert_eq!(rows[1].get("last_name"), "'=x");
    }

    #[test]
    fn too_many_cells_is_a_row_error() {
        let e = read_rows("class,last_name\n7Б,Иванов,лишнее\n", "s.csv", COLS).expect_err("bad");
        assert_eq!(e[0].line, 2);
    }
}
