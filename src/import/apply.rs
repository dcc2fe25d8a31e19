//! The one way in for every interface that imports a file (the command line, the
//! administrator's screen): decoding, parsing, finding a plan's course, and the store's
//! import, with every problem of the file reported together.

use std::path::Path;

use chrono::NaiveDate;

use super::records::{self, Parsed};
use super::{ImportError, Kind, csvread};
use crate::domain::class_name::ClassName;
use crate::domain::policy::Actor;
use crate::store::Store;
pub use crate::store::people::{Applied, ImportFailed, RowOutcome, RowStatus};
use crate::tr;

/// How to import a file. Fields a kind does not use are ignored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportOptions {
    /// Check and report what would change, changing nothing.
    pub dry_run: bool,
    /// `students`: the enrollment order recorded for new students without their own.
    pub order: String,
    /// `timetable`: the day the new timetable takes effect (default: the year's start).
    pub from: Option<NaiveDate>,
    /// `plan`: the course's class (default: from a file name like `7Б-Алгебра.csv`).
    pub class: Option<String>,
    /// `plan`: the course's subject.
    pub subject: Option<String>,
    /// `plan`: the course's group, when the class is split.
    pub group: Option<String>,
}

/// Imports (or, with `dry_run`, previews) one file: `bytes` as read from disk (UTF-8
/// with or without BOM, or Windows-1251), `file_name` as messages should name it.
/// The report lists every row as new, changed or unchanged (and what the file
/// removes); on failure `ImportFailed::Rows` holds every bad row, those that do not
/// parse and those that name what the journal does not have, and nothing is changed.
pub fn import_file(
    store: &mut Store,
    actor: &Actor,
    kind: Kind,
    bytes: &[u8],
    file_name: &str,
    opts: &ImportOptions,
) -> Result<Applied, ImportFailed> {
    let text = csvread::decode(bytes);
    let file = file_name;
    let dry = opts.dry_run;
    match kind {
        Kind::Staff => run(records::parse_staff(&text, file), dry, |rows, dry| {
            store.import_staff(actor, file, rows, dry)
        }),
        Kind::Students => run(records::parse_students(&text, file), dry, |rows, dry| {
            store.import_students(actor, file, rows, &opts.order, dry)
        }),
        Kind::Parents => run(records::parse_parents(&text, file), dry, |rows, dry| {
            store.import_parents(actor, file, rows, dry)
        }),
        Kind::Courses => run(records::parse_courses(&text, file), dry, |rows, dry| {
            store.import_courses(actor, file, rows, dry)
        }),
        Kind::Timetable => run(records::parse_timetable(&text, file), dry, |rows, dry| {
            store.import_timetable(actor, file, rows, opts.from, dry)
        }),
        Kind::Plan => {
            let parsed = records::parse_plan(&text, file);
            let course = plan_course(opts, file).and_then(|(class, subject)| {
                store
                    .find_course(&class, &subject, opts.group.as_deref())
                    .map_err(|e| e.to_string())
            });
            match course {
                Ok(course) => run(parsed, dry, |rows, dry| {
                    store.import_plan(actor, file, course.id, rows, dry)
                }),
                Err(message) => {
                    let mut errors = vec![ImportError {
                        file: file.to_string(),
                        line: 0,
                        message,
                    }];
                    errors.extend(parsed.errors);
                    Err(ImportFailed::Rows(errors))
                }
            }
        }
    }
}

/// Runs the store's import on the rows that parsed. When some did not, the rest are
/// still checked against the journal (in a dry run) so that one report holds every
/// bad row.
fn run<T>(
    parsed: Parsed<T>,
    dry_run: bool,
    import: impl FnOnce(&[T], bool) -> Result<Applied, ImportFailed>,
) -> Result<Applied, ImportFailed> {
    if parsed.errors.is_empty() {
        return import(&parsed.rows, dry_run);
    }
    let mut errors = parsed.errors;
    if !parsed.rows.is_empty() {
        match import(&parsed.rows, true) {
            Ok(_) => {}
            Err(ImportFailed::Rows(more)) => errors.extend(more),
            Err(e @ ImportFailed::Store(_)) => return Err(e),
        }
    }
    errors.sort_by_key(|e| e.line);
    Err(ImportFailed::Rows(errors))
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
            "для плана укажите --class и --subject (или назовите файл «7Б-Алгебра.csv»)",
            "for a plan give --class and --subject (or name the file «7Б-Алгебра.csv»)"
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

    #[test]
    fn a_bad_row_still_gets_the_rest_checked() {
        let parsed = Parsed {
            rows: vec![1, 2],
            errors: vec![ImportError {
                file: "f.csv".into(),
                line: 4,
                message: "bad".into(),
            }],
        };
        let mut saw_dry_run = None;
        let got = run(parsed, false, |rows, dry| {
            saw_dry_run = Some((rows.len(), dry));
            Err(ImportFailed::Rows(vec![ImportError {
                file: "f.csv".into(),
                line: 2,
                message: "unknown".into(),
            }]))
        });
        assert_eq!(saw_dry_run, Some((2, true)), "checked, never applied");
        match got {
            Err(ImportFailed::Rows(e)) => {
                assert_eq!(e.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 4]);
            }
            other => panic!("{other:?}"),
        }
    }
}
