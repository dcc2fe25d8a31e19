//! Importing the files a school office keeps: staff, students, parents, courses,
//! timetable and thematic plans. Parsing here is pure; the store applies the records
//! in one transaction per file.

pub mod compare;
pub mod csvread;
pub mod options;
pub mod outcome;
pub mod records;

/// One bad row: `FILE:LINE: what is wrong` (`FILE: …` when it is about the whole file).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", place(.file, *.line, .message))]
pub struct ImportError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

fn place(file: &str, line: usize, message: &str) -> String {
    if line == 0 {
        format!("{file}: {message}")
    } else {
        format!("{file}:{line}: {message}")
    }
}

/// The kinds of file `zhurnal import` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Staff,
    Students,
    Parents,
    Courses,
    Timetable,
    Plan,
}

impl Kind {
    /// Every kind, in the order a school sets a journal up.
    pub const ALL: [Kind; 6] = [
        Kind::Staff,
        Kind::Students,
        Kind::Parents,
        Kind::Courses,
        Kind::Timetable,
        Kind::Plan,
    ];

    /// The word the command line takes: `staff`, `students`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Staff => "staff",
            Kind::Students => "students",
            Kind::Parents => "parents",
            Kind::Courses => "courses",
            Kind::Timetable => "timetable",
            Kind::Plan => "plan",
        }
    }

    /// The kind's name on the screens, in the interface language.
    pub fn label(self) -> &'static str {
        use crate::i18n::pick;
        match self {
            Kind::Staff => pick("сотрудники", "staff"),
            Kind::Students => pick("ученики", "students"),
            Kind::Parents => pick("родители", "parents"),
            Kind::Courses => pick("нагрузка (курсы)", "courses"),
            Kind::Timetable => pick("расписание", "timetable"),
            Kind::Plan => pick("тематический план (КТП)", "thematic plan"),
        }
    }

    /// Guesses the kind from a file name as school offices name them: `staff.csv`,
    /// `Ученики 7Б.csv`, `расписание.csv`, a plan `7Б-Алгебра.csv`.
    pub fn from_file_name(name: &str) -> Option<Kind> {
        let stem = std::path::Path::new(name)
            .file_stem()?
            .to_str()?
            .to_lowercase();
        const WORDS: [(&str, Kind); 15] = [
            ("staff", Kind::Staff),
            ("сотрудник", Kind::Staff),
            ("кадр", Kind::Staff),
            ("parent", Kind::Parents),
            ("родител", Kind::Parents),
            ("student", Kind::Students),
            ("pupil", Kind::Students),
            ("ученик", Kind::Students),
            ("учащи", Kind::Students),
            ("course", Kind::Courses),
            ("нагрузк", Kind::Courses),
            ("курс", Kind::Courses),
            ("timetable", Kind::Timetable),
            ("расписани", Kind::Timetable),
            ("план", Kind::Plan),
        ];
        if let Some((_, kind)) = WORDS.iter().find(|(w, _)| stem.contains(w)) {
            return Some(*kind);
        }
        if stem.contains("plan") || options::plan_course(&Default::default(), name).is_ok() {
            return Some(Kind::Plan);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_file_names() {
        assert_eq!(Kind::from_file_name("staff.csv"), Some(Kind::Staff));
        assert_eq!(
            Kind::from_file_name("/x/Ученики 7Б.csv"),
            Some(Kind::Students)
        );
        assert_eq!(Kind::from_file_name("parents.csv"), Some(Kind::Parents));
        assert_eq!(
            Kind::from_file_name("Нагрузка 2025.csv"),
            Some(Kind::Courses)
        );
        assert_eq!(Kind::from_file_name("timetable.csv"), Some(Kind::Timetable));
        assert_eq!(
            Kind::from_file_name("plans/7Б-Алгебра.csv"),
            Some(Kind::Plan)
        );
        assert_eq!(Kind::from_file_name("КТП.csv"), None);
        for k in Kind::ALL {
            assert_eq!(
                Kind::from_file_name(&format!("{}.csv", k.as_str())),
                Some(k)
            );
        }
    }
}
