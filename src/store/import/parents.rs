//! The parents list: a parent's account linked to each child it names.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, Transaction, params};

use super::ImportFailed;
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{StaffId, StudentId, UserId};
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::import::compare::Diff;
use crate::import::outcome::{Applied, RowStatus};
use crate::import::records::ParentRow;
use crate::store::audit::{AuditEntry, record};
use crate::store::classes::{class_id, unknown_class};
use crate::store::{Result, Store};
use crate::tr;

impl Store {
    /// Imports parents: each row links a parent's account (made when new) to a child
    /// enrolled in the named class.
    pub fn import_parents(
        &mut self,
        actor: &Actor,
        file: &str,
        rows: &[ParentRow],
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let year = self.current_year()?.id;
        self.import_tx(actor, file, dry_run, |tx, at, errs| {
            let mut applied = Applied::default();
            // Accounts this file makes: a second child of a new parent is new too.
            let mut made_here: HashSet<String> = HashSet::new();
            for row in rows {
                let Some(class_id) = class_id(tx, year, &row.class)? else {
                    errs.add(row.line, unknown_class(&row.class));
                    continue;
                };
                let mut st = tx.prepare_cached(
                    "SELECT s.id FROM student s JOIN enrollment e ON e.student_id = s.id
                     WHERE e.class_id = ?1 AND e.end_date IS NULL
                       AND lower(s.last_name) = lower(?2) AND lower(s.first_name) = lower(?3)",
                )?;
                let kids: Vec<StudentId> = st
                    .query_map(params![class_id, row.child_last, row.child_first], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let child = match kids.as_slice() {
                    [one] => *one,
                    [] => {
                        errs.add(
                            row.line,
                            tr!(
                                "в {} нет ученика {} {}",
                                "{} has no student {} {}",
                                row.class,
                                row.child_last,
                                row.child_first
                            ),
                        );
                        continue;
                    }
                    _ => {
                        errs.add(
                            row.line,
                            tr!(
                                "в {} несколько учеников {} {}",
                                "{} has several students {} {}",
                                row.class,
                                row.child_last,
                                row.child_first
                            ),
                        );
                        continue;
                    }
                };
                let existing: Option<(UserId, Option<i64>, Option<StaffId>, String)> = tx
                    .query_row(
                        "SELECT id, student_id, staff_id, display_name FROM users WHERE login = ?1",
                        [&row.login],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                    )
                    .optional()?;
                let child_text = format!("{} {} {}", row.class, row.child_last, row.child_first);
                let title = format!("{} {} → {}", row.login, row.name.full(), child_text);
                let audit_new = format!("{} {}", row.login, row.name.full());
                let uid = match existing {
                    Some((_, Some(_), _, _)) => {
                        errs.add(
                            row.line,
                            tr!("логин «{}» занят учеником", "login «{}» belongs to a student", row.login),
                        );
                        continue;
                    }
                    None => {
                        tx.execute(
                            "INSERT INTO users (login, display_name, created_at) VALUES (?1, ?2, ?3)",
                            params![row.login, row.name.initials(), at],
                        )?;
                        made_here.insert(row.login.to_lowercase());
                        UserId(tx.last_insert_rowid())
                    }
                    Some((uid, None, staff, display)) => {
                        let has_role: bool = tx.query_row(
                            "SELECT EXISTS (SELECT 1 FROM user_role WHERE user_id = ?1 AND role = 'parent')",
                            [uid],
                            |r| r.get(0),
                        )?;
                        let linked: bool = tx.query_row(
                            "SELECT EXISTS (SELECT 1 FROM parent_child WHERE user_id = ?1 AND student_id = ?2)",
                            params![uid, child],
                            |r| r.get(0),
                        )?;
                        // A file without patronymics keeps the initial of the one held.
                        let wanted_display = if !row.patronymic_given
                            && display.starts_with(&row.name.initials())
                        {
                            display.clone()
                        } else {
                            row.name.initials()
                        };
                        let mut d = Diff::default();
                        // A staff member's name is the staff list's business.
                        if staff.is_none() {
                            d.field(pick("имя", "name"), &display, &wanted_display);
                        }
                        if !has_role {
                            d.note(tr!("роль parent", "role parent"));
                        }
                        if !linked {
                            d.note(tr!("ребёнок {}", "child {}", child_text));
                        }
                        if d.is_empty() {
                            applied.push(row.line, RowStatus::Unchanged, title);
                            continue;
                        }
                        if staff.is_none() && display != wanted_display {
                            tx.execute(
                                "UPDATE users SET display_name = ?1 WHERE id = ?2",
                                params![wanted_display, uid],
                            )?;
                        }
                        if !made_here.contains(&row.login.to_lowercase()) {
                            applied.push(row.line, RowStatus::Changed, format!("{}: {}", row.login, d.text()));
                            add_parent_link(tx, uid, child)?;
                            record(
                                tx,
                                actor,
                                at,
                                &AuditEntry {
                                    entity_id: Some(uid.0),
                                    student_id: Some(child),
                                    old: Some(format!("{} {}", row.login, display)),
                                    new: Some(audit_new),
                                    ..AuditEntry::new(Action::Import, Entity::Parent)
                                },
                            )?;
                            continue;
                        }
                        uid
                    }
                };
                add_parent_link(tx, uid, child)?;
                applied.push(row.line, RowStatus::New, title);
                record(
                    tx,
                    actor,
                    at,
                    &AuditEntry {
                        entity_id: Some(uid.0),
                        student_id: Some(child),
                        new: Some(audit_new),
                        ..AuditEntry::new(Action::Import, Entity::Parent)
                    },
                )?;
            }
            Ok(applied)
        })
    }
}

fn add_parent_link(tx: &Transaction, user_id: UserId, student_id: StudentId) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO user_role (user_id, role) VALUES (?1, 'parent')",
        [user_id],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO parent_child (user_id, student_id) VALUES (?1, ?2)",
        params![user_id, student_id],
    )?;
    Ok(())
}
