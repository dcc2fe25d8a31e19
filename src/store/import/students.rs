//! The class lists: students enrolled with their groups, and their own accounts.
//!
//! A school's whole list may be 100,000 rows, and teachers keep marking while it is
//! imported: the file is checked and every write worked out from one read of the
//! journal, with no write lock held; then the writes go in one short transaction.
//! Should anything the import reads have changed in between, it is worked out again
//! inside that transaction, so that nothing is written from a stale read.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use super::ImportFailed;
use crate::domain::audit::{Action, Entity};
use crate::domain::class_name::ClassName;
use crate::domain::ids::{ClassId, StudentId};
use crate::domain::names::{FullName, sort_key};
use crate::domain::policy::{Actor, may_administer};
use crate::i18n::pick;
use crate::import::compare::{Diff, groups_text};
use crate::import::options::ImportOptions;
use crate::import::outcome::{Applied, RowErrors, RowStatus};
use crate::import::records::StudentRow;
use crate::store::audit::Stamp;
use crate::store::audit::{AuditEntry, record};
use crate::store::classes::{ensure_class, new_class_note, no_such_class};
use crate::store::school::YearRow;
use crate::store::{Result, Store, StoreError, fmt_date};
use crate::tr;

/// A student as the journal knows them: the name and the birth date as stored.
type Who = (String, String, String, Option<String>);

/// What the import reads from the journal, read once.
struct Snapshot {
    students: HashMap<Who, StudentId>,
    classes: HashMap<ClassName, ClassId>,
    /// Each student's open enrollment: the class they are in now.
    current: HashMap<StudentId, ClassId>,
    /// Each login and the student it belongs to (none: a staff or parent account).
    logins: HashMap<String, Option<StudentId>>,
    groups: HashMap<(StudentId, ClassId), BTreeSet<String>>,
}

/// One write the import makes.
enum Step {
    New {
        row: usize,
        start: NaiveDate,
        groups: BTreeSet<String>,
        login: Option<String>,
    },
    Change {
        row: usize,
        id: StudentId,
        enrol: Option<NaiveDate>,
        groups: Option<BTreeSet<String>>,
        login: Option<String>,
        old: String,
        new: String,
    },
}

/// The writes of an import, what it reports, and the classes it creates.
struct Prepared {
    steps: Vec<Step>,
    applied: Applied,
    errors: Vec<(usize, String)>,
}

impl Store {
    /// Imports a class list: new students are enrolled (from `opts.from`, else today,
    /// never before it: they are not in lessons already held), listed ones get their
    /// groups (when the file has the column) and an account (when it gives a login).
    /// A class the school lacks is an error unless `opts.new_classes`. A student
    /// enrolled in another class is an error: a transfer needs an order.
    pub fn import_students(
        &mut self,
        actor: &Actor,
        file: &str,
        rows: &[StudentRow],
        opts: &ImportOptions,
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        may_administer(actor).map_err(StoreError::from)?;
        crate::domain::text::check(crate::domain::text::Field::Reason, &opts.order)
            .map_err(StoreError::from)?;
        self.ensure_writable()?;
        let year = self.current_year()?;
        let from = opts
            .from
            .unwrap_or_else(|| self.today().clamp(year.start, year.end));
        let at = self.stamp();
        let run = |conn: &mut rusqlite::Connection| -> Result<Applied, ImportFailed> {
            // Read and check with no write lock held.
            let (prepared, seen) = {
                let tx = conn.transaction()?;
                let seen = fingerprint(&tx)?;
                (prepare(&read(&tx, year.id)?, rows, &year, from, opts), seen)
            };
            let mut prepared = fail_on_errors(file, prepared)?;
            if dry_run {
                return Ok(prepared.applied);
            }
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if fingerprint(&tx)? != seen {
                prepared =
                    fail_on_errors(file, prepare(&read(&tx, year.id)?, rows, &year, from, opts))?;
            }
            write(&tx, actor, &at, year.id, rows, &prepared.steps, opts)?;
            tx.commit()?;
            Ok(prepared.applied)
        };
        run(&mut self.conn).map_err(|e| match e {
            ImportFailed::Store(e) => ImportFailed::Store(self.noted(e)),
            rows => rows,
        })
    }
}

fn fail_on_errors(file: &str, p: Prepared) -> Result<Prepared, ImportFailed> {
    if p.errors.is_empty() {
        return Ok(p);
    }
    let mut errs = RowErrors::new(file);
    for (line, message) in p.errors {
        errs.add(line, message);
    }
    errs.list.sort_by_key(|e| e.line);
    Err(ImportFailed::Rows(errs.list))
}

/// What the tables the import reads hold, in a few numbers: when they are the same
/// after the write lock is taken, what was read before it still holds.
fn fingerprint(tx: &Transaction) -> Result<Vec<i64>> {
    Ok(tx.query_row(
        "SELECT (SELECT count(*) FROM student), (SELECT ifnull(max(id), 0) FROM student),
                (SELECT count(*) FROM class), (SELECT ifnull(max(id), 0) FROM class),
                (SELECT count(*) FROM enrollment), (SELECT count(*) FROM enrollment WHERE end_date IS NULL),
                (SELECT ifnull(sum(student_id * 31 + class_id), 0) FROM enrollment),
                (SELECT count(*) FROM users), (SELECT ifnull(max(id), 0) FROM users),
                (SELECT count(*) FROM subgroup), (SELECT count(*) FROM subgroup_member),
                (SELECT ifnull(sum(student_id * 31 + subgroup_id), 0) FROM subgroup_member)",
        [],
        |r| (0..12).map(|i| r.get::<_, i64>(i)).collect(),
    )?)
}

fn read(tx: &Transaction, year: i64) -> Result<Snapshot> {
    let mut st =
        tx.prepare("SELECT id, last_name, first_name, patronymic, birth_date FROM student")?;
    let students = st
        .query_map([], |r| {
            Ok(((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?), r.get(0)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = tx.prepare("SELECT id, grade, letter FROM class WHERE year_id = ?1")?;
    let classes = st
        .query_map([year], |r| {
            Ok((
                ClassName {
                    grade: r.get(1)?,
                    letter: r.get(2)?,
                },
                r.get(0)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st =
        tx.prepare("SELECT student_id, class_id FROM enrollment WHERE end_date IS NULL")?;
    let current = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = tx.prepare("SELECT login, student_id FROM users")?;
    let logins = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut groups: HashMap<(StudentId, ClassId), BTreeSet<String>> = HashMap::new();
    let mut st = tx.prepare(
        "SELECT m.student_id, g.class_id, g.name FROM subgroup_member m
         JOIN subgroup g ON g.id = m.subgroup_id JOIN class k ON k.id = g.class_id
         WHERE k.year_id = ?1",
    )?;
    let mut q = st.query([year])?;
    while let Some(r) = q.next()? {
        groups
            .entry((r.get(0)?, r.get(1)?))
            .or_default()
            .insert(r.get(2)?);
    }
    Ok(Snapshot {
        students,
        classes,
        current,
        logins,
        groups,
    })
}

/// Checks every row against the journal as read and works out the writes: linear in
/// the rows, every look-up a hash map's.
fn prepare(
    snap: &Snapshot,
    rows: &[StudentRow],
    year: &YearRow,
    from: NaiveDate,
    opts: &ImportOptions,
) -> Prepared {
    let mut p = Prepared {
        steps: Vec::new(),
        applied: Applied::default(),
        errors: Vec::new(),
    };
    let mut seen: HashMap<(String, Option<NaiveDate>), usize> = HashMap::new();
    // A file without a patronymic or a birth date column finds a listed student by
    // what it has: the journal's students by that shorter key.
    let (by_patronymic, by_birth) = rows
        .first()
        .map_or((true, true), |r| (r.patronymic_given, r.birth_date_given));
    let short = |w: &Who| -> Who {
        (
            w.0.clone(),
            w.1.clone(),
            if by_patronymic {
                w.2.clone()
            } else {
                String::new()
            },
            if by_birth { w.3.clone() } else { None },
        )
    };
    let partial: Option<HashMap<Who, Vec<StudentId>>> = (!(by_patronymic && by_birth)).then(|| {
        let mut m: HashMap<Who, Vec<StudentId>> = HashMap::new();
        for (w, id) in &snap.students {
            m.entry(short(w)).or_default().push(*id);
        }
        m
    });
    let mut new_classes: HashMap<&ClassName, usize> = HashMap::new();
    let mut new_logins: HashMap<&str, usize> = HashMap::new();
    if !(year.start..=year.end).contains(&from) {
        p.errors.push((
            0,
            tr!(
                "дата зачисления {} вне учебного года {}",
                "enrollment date {} is outside the school year {}",
                fmt_date(from),
                year.name
            ),
        ));
        return p;
    }
    for (i, row) in rows.iter().enumerate() {
        let key = (sort_key(&row.name), row.birth_date);
        if let Some(prev) = seen.insert(key, row.line) {
            p.errors.push((
                row.line,
                tr!(
                    "{} повторяется (строка {})",
                    "{} is listed twice (line {})",
                    row.name.full(),
                    prev
                ),
            ));
            continue;
        }
        let start = row.enrolled.unwrap_or(from);
        if start < year.start || start > year.end {
            p.errors.push((
                row.line,
                tr!(
                    "дата зачисления {} вне учебного года {}",
                    "enrollment date {} is outside the school year {}",
                    fmt_date(start),
                    year.name
                ),
            ));
            continue;
        }
        let class = snap.classes.get(&row.class).copied();
        if class.is_none() {
            if !opts.new_classes {
                p.errors.push((row.line, no_such_class(&row.class)));
                continue;
            }
            if new_classes.insert(&row.class, row.line).is_none() {
                p.applied.notes.push((row.line, new_class_note(&row.class)));
            }
        }
        let who: Who = (
            row.name.last.clone(),
            row.name.first.clone(),
            row.name.patronymic.clone(),
            row.birth_date.map(fmt_date),
        );
        let existing = match &partial {
            None => snap.students.get(&who).copied(),
            Some(m) => {
                let found = m.get(&short(&who)).map(Vec::as_slice).unwrap_or_default();
                // Namesakes: the one in the row's class, if only one is.
                let in_class: Vec<StudentId> = found
                    .iter()
                    .copied()
                    .filter(|id| class.is_some() && snap.current.get(id).copied() == class)
                    .collect();
                match (found, in_class.as_slice()) {
                    ([], _) => None,
                    ([one], _) | (_, [one]) => Some(*one),
                    _ => {
                        p.errors.push((
                            row.line,
                            tr!(
                                "учеников {} в журнале несколько: добавьте в файл отчество и дату рождения",
                                "the journal has several students {}: add the patronymic and the birth date to the file",
                                row.name.full()
                            ),
                        ));
                        continue;
                    }
                }
            }
        };
        // The account to make: the file gives a login nobody holds yet.
        let login = match &row.login {
            None => None,
            Some(l) => match snap.logins.get(l) {
                Some(Some(s)) if Some(*s) == existing => None,
                Some(_) => {
                    p.errors.push((
                        row.line,
                        tr!("логин «{}» уже занят", "login «{}» is taken", l),
                    ));
                    continue;
                }
                None => {
                    if let Some(prev) = new_logins.insert(l, row.line) {
                        p.errors.push((
                            row.line,
                            tr!(
                                "логин «{}» уже был в строке {}",
                                "login «{}» already on line {}",
                                l,
                                prev
                            ),
                        ));
                        continue;
                    }
                    Some(l.clone())
                }
            },
        };
        let wanted: Option<BTreeSet<String>> =
            row.groups.as_ref().map(|g| g.iter().cloned().collect());
        let title = format!("{} {}", row.class, row.name.full());
        let Some(id) = existing else {
            let groups = wanted.unwrap_or_default();
            let mut what = title;
            if !groups.is_empty() {
                what.push_str(&format!(
                    " ({} {})",
                    pick("гр.", "gr."),
                    groups_text(&groups)
                ));
            }
            if start > year.start {
                what.push_str(&tr!(", с {}", ", from {}", start.format("%d.%m.%Y")));
            }
            p.applied.push(row.line, RowStatus::New, what);
            p.steps.push(Step::New {
                row: i,
                start,
                groups,
                login,
            });
            continue;
        };
        let current = snap.current.get(&id).copied();
        if current.is_some() && current != class {
            p.errors.push((
                row.line,
                tr!(
                    "{} уже числится в другом классе; перевод оформляется приказом (перевод ученика), а не импортом",
                    "{} is already enrolled in another class; a transfer needs an order (a student's transfer), not an import",
                    row.name.full()
                ),
            ));
            continue;
        }
        let old = class
            .and_then(|c| snap.groups.get(&(id, c)).cloned())
            .unwrap_or_default();
        let mut d = Diff::default();
        if current.is_none() {
            d.note(tr!(
                "зачисление в {} с {}",
                "enrollment in {} from {}",
                row.class,
                start.format("%d.%m.%Y")
            ));
        }
        let groups = wanted.filter(|w| *w != old);
        if let Some(g) = &groups {
            d.field(
                pick("группы", "groups"),
                &groups_text(&old),
                &groups_text(g),
            );
        }
        if let Some(l) = &login {
            d.note(tr!("учётная запись {}", "account {}", l));
        }
        if d.is_empty() {
            p.applied.push(row.line, RowStatus::Unchanged, title);
            continue;
        }
        p.applied.push(
            row.line,
            RowStatus::Changed,
            format!("{title}: {}", d.text()),
        );
        let new_groups = groups.clone().unwrap_or_else(|| old.clone());
        p.steps.push(Step::Change {
            row: i,
            id,
            enrol: current.is_none().then_some(start),
            groups,
            login,
            old: format!("{title} [{}]", groups_text(&old)),
            new: format!("{title} [{}]", groups_text(&new_groups)),
        });
    }
    p
}

/// The writes, in one transaction, every statement prepared once.
fn write(
    tx: &Transaction,
    actor: &Actor,
    at: &Stamp,
    year: i64,
    rows: &[StudentRow],
    steps: &[Step],
    opts: &ImportOptions,
) -> Result<()> {
    let mut classes: HashMap<ClassName, ClassId> = HashMap::new();
    let mut subgroups: HashMap<(ClassId, String), i64> = HashMap::new();
    let mut class_of = |c: &ClassName| -> Result<ClassId> {
        if let Some(id) = classes.get(c) {
            return Ok(*id);
        }
        let id = ensure_class(tx, actor, at, year, c)?;
        classes.insert(c.clone(), id);
        Ok(id)
    };
    let mut add_student = tx.prepare_cached(
        "INSERT INTO student (last_name, first_name, patronymic, birth_date) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut enrol = tx.prepare_cached(
        "INSERT INTO enrollment (student_id, class_id, start_date, start_kind, start_order)
         VALUES (?1, ?2, ?3, 'enrolled', ?4)",
    )?;
    let mut leave_groups = tx.prepare_cached(
        "DELETE FROM subgroup_member WHERE student_id = ?1
         AND subgroup_id IN (SELECT id FROM subgroup WHERE class_id = ?2)",
    )?;
    let mut join_group = tx.prepare_cached(
        "INSERT OR IGNORE INTO subgroup_member (subgroup_id, student_id) VALUES (?1, ?2)",
    )?;
    // A new student is in no group yet: only a listed one leaves the old groups.
    let mut set_groups =
        |id: StudentId, class: ClassId, groups: &BTreeSet<String>, fresh: bool| -> Result<()> {
            if !fresh {
                leave_groups.execute(params![id, class])?;
            }
            for g in groups {
                let sg = match subgroups.get(&(class, g.clone())) {
                    Some(sg) => *sg,
                    None => {
                        let sg = crate::store::subgroups::ensure_subgroup(tx, class, g)?;
                        subgroups.insert((class, g.clone()), sg);
                        sg
                    }
                };
                join_group.execute(params![sg, id])?;
            }
            Ok(())
        };
    for step in steps {
        match step {
            Step::New {
                row,
                start,
                groups,
                login,
            } => {
                let row = &rows[*row];
                let class = class_of(&row.class)?;
                let n = &row.name;
                add_student.execute(params![
                    n.last,
                    n.first,
                    n.patronymic,
                    row.birth_date.map(fmt_date)
                ])?;
                let id = StudentId(tx.last_insert_rowid());
                enrol.execute(params![
                    id,
                    class,
                    fmt_date(*start),
                    order_of(row, &opts.order)
                ])?;
                if !groups.is_empty() {
                    set_groups(id, class, groups, true)?;
                }
                if let Some(login) = login {
                    add_student_account(tx, id, login, n, &at.at)?;
                }
                let title = format!("{} {}", row.class, n.full());
                record(
                    tx,
                    actor,
                    at,
                    &AuditEntry {
                        entity_id: Some(id.0),
                        student_id: Some(id),
                        new: Some(title),
                        ..AuditEntry::new(Action::Import, Entity::Student)
                    },
                )?;
            }
            Step::Change {
                row,
                id,
                enrol: start,
                groups,
                login,
                old,
                new,
            } => {
                let row = &rows[*row];
                let class = class_of(&row.class)?;
                if let Some(start) = start {
                    enrol.execute(params![
                        id,
                        class,
                        fmt_date(*start),
                        order_of(row, &opts.order)
                    ])?;
                }
                if let Some(g) = groups {
                    set_groups(*id, class, g, false)?;
                }
                if let Some(login) = login {
                    add_student_account(tx, *id, login, &row.name, &at.at)?;
                }
                record(
                    tx,
                    actor,
                    at,
                    &AuditEntry {
                        entity_id: Some(id.0),
                        student_id: Some(*id),
                        old: Some(old.clone()),
                        new: Some(new.clone()),
                        ..AuditEntry::new(Action::Import, Entity::Student)
                    },
                )?;
            }
        }
    }
    Ok(())
}

fn order_of<'a>(row: &'a StudentRow, default: &'a str) -> &'a str {
    if row.order.is_empty() {
        default
    } else {
        &row.order
    }
}

fn add_student_account(
    tx: &Transaction,
    student_id: StudentId,
    login: &str,
    name: &FullName,
    at: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO users (login, student_id, display_name, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![login, student_id, name.short(), at])?;
    let uid = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO user_role (user_id, role) VALUES (?1, 'student')")?
        .execute([uid])?;
    Ok(())
}
