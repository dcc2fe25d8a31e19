//! What an import does to each row of its file (the report a preview shows), and why
//! an import changed nothing.

use super::ImportError;

/// What an import does to one row of its file, or to a record the file drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// The row makes a new record.
    New,
    /// The row changes an existing record.
    Changed,
    /// The record is already as the row says: nothing is written.
    Unchanged,
    /// A record the import removes because the file no longer has it (timetable
    /// entries, plan items); its line is 0.
    Removed,
}

impl RowStatus {
    /// The mark a preview line starts with.
    pub fn sign(self) -> char {
        match self {
            RowStatus::New => '+',
            RowStatus::Changed => '~',
            RowStatus::Unchanged => '=',
            RowStatus::Removed => '-',
        }
    }
}

/// One row of an import's report: its line in the file, what happens, and the row in
/// words («7Б Иванов Иван Иванович», «teacher: роли teacher → teacher deputy»).
#[derive(Debug, Clone, PartialEq)]
pub struct RowOutcome {
    pub line: usize,
    pub status: RowStatus,
    pub what: String,
}

/// What an import did, or (in a dry run) would do: the counts and every row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// In file order; removed records (line 0) after the rows of their part.
    pub rows: Vec<RowOutcome>,
    /// What the import read or does beside the rows, by line (0: the whole file): a
    /// Latin letter read as Cyrillic, a file read as Windows-1251, a class it creates.
    pub notes: Vec<(usize, String)>,
}

impl Applied {
    /// Adds a row to the report and to its count.
    pub fn push(&mut self, line: usize, status: RowStatus, what: String) {
        match status {
            RowStatus::New => self.created += 1,
            RowStatus::Changed => self.updated += 1,
            RowStatus::Unchanged => self.unchanged += 1,
            RowStatus::Removed => self.removed += 1,
        }
        self.rows.push(RowOutcome { line, status, what });
    }

    /// Whether the import changes anything at all.
    pub fn changes_anything(&self) -> bool {
        self.created + self.updated + self.removed > 0
    }
}

/// A note as a preview shows it: «строка 5: «7A» прочитано как «7А» (латинская
/// буква)», or the note alone when it is about the whole file.
pub fn note_line(line: usize, note: &str) -> String {
    if line == 0 {
        format!("! {note}")
    } else {
        crate::tr!("! строка {}: {}", "! line {}: {}", line, note)
    }
}

/// Why an import changed nothing. `E` is the journal's own error: this module only
/// parses and compares, and never reads or writes the journal itself.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailed<E> {
    /// Every bad row, in line order, as `FILE:LINE: what is wrong`.
    #[error("{}", lines(.0))]
    Rows(Vec<ImportError>),
    /// The journal could not be read or written.
    #[error("{0}")]
    Store(#[from] E),
}

/// Bad rows, one a line.
fn lines(rows: &[ImportError]) -> String {
    rows.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Errors of the rows of one file.
pub struct RowErrors {
    file: String,
    pub list: Vec<ImportError>,
}

impl RowErrors {
    /// No errors yet, for the file `file`.
    pub fn new(file: &str) -> RowErrors {
        RowErrors {
            file: file.to_string(),
            list: Vec::new(),
        }
    }

    pub fn add(&mut self, line: usize, message: String) {
        self.list.push(ImportError {
            file: self.file.clone(),
            line,
            message,
        });
    }
}
