//! Applying an import file to the journal: the one way in for every interface that
//! imports (the command line, the administrator's screen), and the transaction each
//! file's import runs in. Decoding, parsing and comparing stay in `crate::import`.

mod courses;
mod parents;
mod plan;
mod staff;
mod students;
mod timetable;

use rusqlite::Transaction;

use super::audit::Stamp;
use super::{Result, Store, StoreError};
use crate::domain::policy::{Actor, may_administer};
use crate::import::options::{ImportOptions, plan_course};
use crate::import::outcome::{Applied, RowErrors};
use crate::import::records::{self, Parsed};
use crate::import::{ImportError, Kind, csvread};

/// Why an import changed nothing: every bad row, or the journal's own error.
pub type ImportFailed = crate::import::outcome::ImportFailed<StoreError>;

impl From<rusqlite::Error> for ImportFailed {
    fn from(e: rusqlite::Error) -> Self {
        ImportFailed::Store(e.into())
    }
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
    let file = file_name;
    let (text, encoding) = csvread::decode(bytes, file).map_err(|e| ImportFailed::Rows(vec![e]))?;
    let mut applied = import_text(store, actor, kind, &text, file, opts)?;
    if encoding == csvread::Encoding::Windows1251 {
        applied.notes.insert(
            0,
            (
                0,
                crate::tr!(
                    "файл не в UTF-8: прочитан как Windows-1251",
                    "the file is not UTF-8: read as Windows-1251"
                ),
            ),
        );
    }
    Ok(applied)
}

/// The import of a decoded file.
fn import_text(
    store: &mut Store,
    actor: &Actor,
    kind: Kind,
    text: &str,
    file: &str,
    opts: &ImportOptions,
) -> Result<Applied, ImportFailed> {
    let text = text.to_string();
    let dry = opts.dry_run;
    match kind {
        Kind::Staff => run(records::parse_staff(&text, file), dry, |rows, dry| {
            store.import_staff(actor, file, rows, opts.new_classes, dry)
        }),
        Kind::Students => run(records::parse_students(&text, file), dry, |rows, dry| {
            store.import_students(actor, file, rows, opts, dry)
        }),
        Kind::Parents => run(records::parse_parents(&text, file), dry, |rows, dry| {
            store.import_parents(actor, file, rows, dry)
        }),
        Kind::Courses => run(records::parse_courses(&text, file), dry, |rows, dry| {
            store.import_courses(actor, file, rows, opts.new_classes, dry)
        }),
        Kind::Timetable => run(records::parse_timetable(&text, file), dry, |rows, dry| {
            store.import_timetable(actor, file, rows, opts.from, dry)
        }),
        Kind::Plan if opts.grade.is_some() => {
            let parsed = records::parse_plan(&text, file);
            match (opts.grade, opts.subject.as_deref(), &opts.class) {
                (Some(grade), Some(subject), None) => run(parsed, dry, |rows, dry| {
                    store.import_grade_plan(actor, file, grade, subject, rows, dry)
                }),
                _ => {
                    let mut errors = vec![ImportError {
                        file: file.to_string(),
                        line: 0,
                        message: crate::tr!(
                            "план для параллели: укажите предмет, а не класс",
                            "a plan for a grade: name the subject, not a class"
                        ),
                    }];
                    errors.extend(parsed.errors);
                    Err(ImportFailed::Rows(errors))
                }
            }
        }
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
        let mut applied = import(&parsed.rows, dry_run)?;
        let mut notes = parsed.notes;
        notes.append(&mut applied.notes);
        notes.sort_by_key(|n| n.0);
        applied.notes = notes;
        return Ok(applied);
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

impl Store {
    /// Runs one file's import in one transaction: any bad row and nothing is written;
    /// a dry run always rolls back.
    pub(crate) fn import_tx(
        &mut self,
        actor: &Actor,
        file: &str,
        dry_run: bool,
        f: impl FnOnce(&Transaction, &Stamp, &mut RowErrors) -> Result<Applied, ImportFailed>,
    ) -> Result<Applied, ImportFailed> {
        may_administer(actor).map_err(StoreError::from)?;
        self.import_tx_unchecked(actor, file, dry_run, f)
    }

    /// The same transaction for an import whose permission the caller has checked (a
    /// course's plan may be imported by its teacher).
    pub(crate) fn import_tx_unchecked(
        &mut self,
        _actor: &Actor,
        file: &str,
        dry_run: bool,
        f: impl FnOnce(&Transaction, &Stamp, &mut RowErrors) -> Result<Applied, ImportFailed>,
    ) -> Result<Applied, ImportFailed> {
        self.ensure_writable()?;
        let at = self.stamp();
        let run = |conn: &mut rusqlite::Connection| -> Result<Applied, ImportFailed> {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut errors = RowErrors::new(file);
            let applied = f(&tx, &at, &mut errors)?;
            if !errors.list.is_empty() {
                errors.list.sort_by_key(|e| e.line);
                return Err(ImportFailed::Rows(errors.list));
            }
            let mut applied = applied;
            // File order; what the file drops (line 0) after the rows.
            applied.rows.sort_by_key(|r| (r.line == 0, r.line));
            if !dry_run {
                tx.commit()?;
            }
            Ok(applied)
        };
        // A disk failure or damage met on the way is noted as for any other write.
        run(&mut self.conn).map_err(|e| match e {
            ImportFailed::Store(e) => ImportFailed::Store(self.noted(e)),
            rows => rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ImportError;
    use crate::import::records::Parsed;

    #[test]
    fn a_bad_row_still_gets_the_rest_checked() {
        let parsed = Parsed {
            notes: Vec::new(),
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
