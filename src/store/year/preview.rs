//! What the year close is asked for and what it does (or would do): the options,
//! the preview shown before and the summary after.

use std::path::PathBuf;

use chrono::NaiveDate;

/// The order recorded on every enrollment the close ends or starts, unless the
/// director's order is given. Records are kept in Russian (003 §5).
pub const DEFAULT_ORDER: &str = "Приказ о переводе в следующий класс";

/// What the administrator asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CloseOptions {
    /// Where the archive goes; default: beside the journal.
    pub archive_dir: Option<PathBuf>,
    /// The director's order; empty: [`DEFAULT_ORDER`].
    pub order: String,
    /// «7Б Фамилия Имя»: students who stay in their grade.
    pub repeaters: Vec<String>,
    /// Give each new class the courses its grade and letter had this year.
    pub carry_courses: bool,
    /// Close even though some year finals are missing.
    pub allow_missing: bool,
}

impl CloseOptions {
    pub(crate) fn order(&self) -> &str {
        match self.order.trim() {
            "" => DEFAULT_ORDER,
            o => o,
        }
    }
}

/// A student enrolled at the year's end without a year final in one of their courses.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingFinal {
    pub class: String,
    pub subject: String,
    pub student: String,
}

/// One class of the closing year and where its students go.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassMove {
    /// «7Б».
    pub from: String,
    /// «8Б»; `None` when the class graduates.
    pub to: Option<String>,
    /// Students moving (graduating for the 11th grade), repeaters not counted.
    pub students: usize,
    /// Courses the new class gets (with `carry_courses` only).
    pub courses: usize,
}

/// What closing the year does (or did).
#[derive(Debug, Clone, PartialEq)]
pub struct ClosePreview {
    pub year: String,
    pub next_year: String,
    pub next_start: NaiveDate,
    pub next_end: NaiveDate,
    pub missing_finals: Vec<MissingFinal>,
    pub classes: Vec<ClassMove>,
    /// Students promoted to the next grade.
    pub promoted: usize,
    pub graduates: usize,
    /// (student's full name, class).
    pub repeaters: Vec<(String, String)>,
    /// Courses copied into the new year.
    pub courses: usize,
    pub archive_path: PathBuf,
}
