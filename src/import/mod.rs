//! Importing the files a school office keeps: staff, students, parents, courses,
//! timetable and thematic plans. Parsing here is pure; the store applies the records
//! in one transaction per file.

pub mod csvread;
pub mod records;

use std::fmt;

/// One bad row: `FILE:LINE: what is wrong`.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// The kinds of file `zhurnal import` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Staff,
    Students,
    Parents,
    Courses,
    Timetable,
    Plan,
}
