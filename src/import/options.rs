//! How to import a file (the options both interfaces fill in), and a plan's course
//! named by the file: `7Б-Алгебра.csv`.

use std::path::Path;

use chrono::NaiveDate;

use crate::domain::class_name::ClassName;
use crate::tr;

/// How to import a file. Fields a kind does not use are ignored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportOptions {
    /// Check and report what would change, changing nothing.
    pub dry_run: bool,
    /// `students`: the enrollment order recorded for new students without their own.
    pub order: String,
    /// `timetable`: the day the new timetable takes effect (default: the year's start);
    /// `students`: the day new students are enrolled from (default: today).
    pub from: Option<NaiveDate>,
    /// `students`, `staff` (homerooms), `courses`: create the classes the file names
    /// and the school lacks; without it such a class is an error. (A timetable needs
    /// the class's courses, so it never makes a class.)
    pub new_classes: bool,
    /// `plan`: the course's class (default: from a file name like `7Б-Алгебра.csv`).
    pub class: Option<String>,
    /// `plan`: the course's subject.
    pub subject: Option<String>,
    /// `plan`: the course's group, when the class is split.
    pub group: Option<String>,
    /// `plan`: one plan for `subject` in every class of this grade (each its own copy).
    pub grade: Option<i64>,
}

/// The plan's course as (class, subject): from the options, else from a file name like
/// `7Б-Алгебра.csv` (`11-А-Русский_язык.csv` works too).
pub fn plan_course(opts: &ImportOptions, file_name: &str) -> Result<(String, String), String> {
    if let (Some(c), Some(s)) = (&opts.class, &opts.subject) {
        return Ok((c.clone(), s.clone()));
    }
    let from_name = (opts.class.is_none() && opts.subject.is_none())
        .then(|| course_from_file_name(file_name))
        .flatten();
    from_name.ok_or_else(|| {
        tr!(
            "для плана укажите класс и предмет (или назовите файл «7Б-Алгебра.csv»)",
            "for a plan give the class and the subject (or name the file «7Б-Алгебра.csv»)"
        )
    })
}

/// (class, subject) from a file name `CLASS-SUBJECT.csv`, split at the first hyphen
/// that leaves a class name before it; `_` in the subject stands for a space.
fn course_from_file_name(file_name: &str) -> Option<(String, String)> {
    let stem = Path::new(file_name).file_stem()?.to_str()?;
    stem.match_indices('-').find_map(|(i, _)| {
        let (class, subject) = (&stem[..i], stem[i + 1..].replace('_', " "));
        (ClassName::parse(class).is_ok() && !subject.trim().is_empty())
            .then(|| (class.to_string(), subject.trim().to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(class: Option<&str>, subject: Option<&str>) -> ImportOptions {
        ImportOptions {
            class: class.map(str::to_string),
            subject: subject.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn plan_course_from_options_or_file_name() {
        let got = plan_course(&opts(Some("8А"), Some("Физика")), "x/7Б-Алгебра.csv");
        assert_eq!(got, Ok(("8А".into(), "Физика".into())));
        let got = plan_course(&opts(None, None), "plans/7Б-Алгебра.csv");
        assert_eq!(got, Ok(("7Б".into(), "Алгебра".into())));
        let got = plan_course(&opts(None, None), "11-А-Русский_язык.csv");
        assert_eq!(got, Ok(("11-А".into(), "Русский язык".into())));
        assert!(plan_course(&opts(None, None), "plan.csv").is_err());
        assert!(plan_course(&opts(Some("7Б"), None), "7Б-Алгебра.csv").is_err());
    }
}
