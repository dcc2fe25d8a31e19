//! The class lists: students enrolled with their groups, and their own accounts.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::ImportFailed;
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{ClassId, StudentId};
use crate::domain::names::{FullName, sort_key};
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::import::compare::{Diff, groups_text};
use crate::import::outcome::{Applied, RowStatus};
use crate::import::records::StudentRow;
use crate::store::audit::{AuditEntry, record};
use crate::store::classes::{class_id, ensure_class};
use crate::store::students::insert_enrollment;
use crate::store::subgroups::{set_groups, student_groups};
use crate::store::{Result, Store, fmt_date};
use crate::tr;

impl Store {
    /// Imports a class list: new students are enrolled, listed ones get their groups
    /// (and an account, when the file gives a login) as the file says. A student
    /// enrolled in another class is an error: a transfer needs an order.
    pub fn import_students(
        &mut self,
        actor: &Actor,
        file: &str,
        rows: &[StudentRow],
        order: &str,
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let year = self.current_year()?;
        self.import_tx(actor, file, dry_run, |tx, at, errs| {
            let mut applied = Applied::default();
            let mut seen: HashMap<(String, Option<NaiveDate>), usize> = HashMap::new();
            for row in rows {
                let key = (sort_key(&row.name), row.birth_date);
                if let Some(prev) = seen.insert(key, row.line) {
                    errs.add(
                        row.line,
                        tr!(
                            "{} повторяется (строка {})",
                            "{} is listed twice (line {})",
                            row.name.full(),
                            prev
                        ),
                    );
                    continue;
                }
                let start = row.enrolled.unwrap_or(year.start);
                if start < year.start || start > year.end {
                    errs.add(
                        row.line,
                        tr!(
                            "дата зачисления {} вне учебного года {}",
                            "enrollment date {} is outside the school year {}",
                            fmt_date(start),
                            year.name
                        ),
                    );
                    continue;
                }
                let existing: Option<StudentId> = tx
                    .query_row(
                        "SELECT id FROM student WHERE last_name = ?1 AND first_name = ?2
                         AND patronymic = ?3 AND birth_date IS ?4",
                        params![
                            row.name.last,
                            row.name.first,
                            row.name.patronymic,
                            row.birth_date.map(fmt_date)
                        ],
                        |r| r.get(0),
                    )
                    .optional()?;
                let login_owner: Option<Option<StudentId>> = match &row.login {
                    Some(login) => tx
                        .query_row("SELECT student_id FROM users WHERE login = ?1", [login], |r| r.get(0))
                        .optional()?,
                    None => None,
                };
                // The account to create: the file gives a login nobody holds yet.
                let new_login = match (&row.login, login_owner) {
                    (Some(login), None) => Some(login),
                    (Some(_), Some(Some(s))) if Some(s) == existing => None,
                    (Some(login), Some(_)) => {
                        errs.add(row.line, tr!("логин «{}» уже занят", "login «{}» is taken", login));
                        continue;
                    }
                    (None, _) => None,
                };
                let wanted_groups: BTreeSet<String> = row.groups.iter().cloned().collect();
                let title = format!("{} {}", row.class, row.name.full());
                let Some(id) = existing else {
                    tx.execute(
                        "INSERT INTO student (last_name, first_name, patronymic, birth_date)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![
                            row.name.last,
                            row.name.first,
                            row.name.patronymic,
                            row.birth_date.map(fmt_date)
                        ],
                    )?;
                    let id = StudentId(tx.last_insert_rowid());
                    let class_id = ensure_class(tx, actor, at, year.id, &row.class)?;
                    insert_enrollment(tx, id, class_id, start, "enrolled", order_of(row, order))?;
                    set_groups(tx, id, class_id, &wanted_groups)?;
                    if let Some(login) = new_login {
                        add_student_account(tx, id, login, &row.name, at)?;
                    }
                    let mut what = title.clone();
                    if !wanted_groups.is_empty() {
                        what.push_str(&format!(" ({} {})", pick("гр.", "gr."), groups_text(&wanted_groups)));
                    }
                    applied.push(row.line, RowStatus::New, what);
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
                    continue;
                };
                let class_now = class_id(tx, year.id, &row.class)?;
                let current: Option<ClassId> = tx
                    .query_row(
                        "SELECT class_id FROM enrollment WHERE student_id = ?1 AND end_date IS NULL",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if current.is_some() && current != class_now {
                    errs.add(
                        row.line,
                        tr!(
                            "{} уже числится в другом классе; перевод оформляется приказом (zhurnal student transfer)",
                            "{} is already enrolled in another class; a transfer needs an order (zhurnal student transfer)",
                            row.name.full()
                        ),
                    );
                    continue;
                }
                let old_groups = match class_now {
                    Some(c) => student_groups(tx, id, c)?,
                    None => BTreeSet::new(),
                };
                let mut d = Diff::default();
                if current.is_none() {
                    d.note(tr!("зачисление в {}", "enrollment in {}", row.class));
                }
                d.field(pick("группы", "groups"), &groups_text(&old_groups), &groups_text(&wanted_groups));
                if let Some(login) = new_login {
                    d.note(tr!("учётная запись {}", "account {}", login));
                }
                if d.is_empty() {
                    applied.push(row.line, RowStatus::Unchanged, title);
                    continue;
                }
                let class_id = ensure_class(tx, actor, at, year.id, &row.class)?;
                if current.is_none() {
                    insert_enrollment(tx, id, class_id, start, "enrolled", order_of(row, order))?;
                }
                if old_groups != wanted_groups {
                    set_groups(tx, id, class_id, &wanted_groups)?;
                }
                if let Some(login) = new_login {
                    add_student_account(tx, id, login, &row.name, at)?;
                }
                applied.push(row.line, RowStatus::Changed, format!("{title}: {}", d.text()));
                record(
                    tx,
                    actor,
                    at,
                    &AuditEntry {
                        entity_id: Some(id.0),
                        student_id: Some(id),
                        old: Some(format!("{title} [{}]", groups_text(&old_groups))),
                        new: Some(format!("{title} [{}]", groups_text(&wanted_groups))),
                        ..AuditEntry::new(Action::Import, Entity::Student)
                    },
                )?;
            }
            Ok(applied)
        })
    }
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
    tx.execute(
        "INSERT INTO users (login, student_id, display_name, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![login, student_id, name.short(), at],
    )?;
    let uid = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO user_role (user_id, role) VALUES (?1, 'student')",
        [uid],
    )?;
    Ok(())
}
