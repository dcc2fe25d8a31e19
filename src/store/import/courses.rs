//! The teaching load: courses with their teacher and weekly hours.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::ImportFailed;
use crate::domain::audit::{Action, Entity};
use crate::domain::class_name::ClassName;
use crate::domain::ids::{CourseId, StaffId};
use crate::domain::names::FullName;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::import::compare::{Diff, hours_text, same_hours};
use crate::import::outcome::{Applied, RowStatus};
use crate::import::records::CourseRow;
use crate::store::audit::{AuditEntry, record};
use crate::store::classes::{class_id, ensure_class, new_class_note, no_such_class};
use crate::store::courses::course_title;
use crate::store::subgroups::ensure_subgroup;
use crate::store::{Result, Store};
use crate::tr;

impl Store {
    /// Imports courses: new ones are made, listed ones get the file's teacher and
    /// hours; rows already as the file says are left alone. A class the school lacks
    /// is an error unless `new_classes`: then the class is made.
    pub fn import_courses(
        &mut self,
        actor: &Actor,
        file: &str,
        rows: &[CourseRow],
        new_classes: bool,
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let year = self.current_year()?.id;
        self.import_tx(actor, file, dry_run, |tx, at, errs| {
            let mut applied = Applied::default();
            let mut seen: HashMap<(ClassName, String, Option<String>), usize> = HashMap::new();
            for row in rows {
                let key = (
                    row.class.clone(),
                    row.subject.to_lowercase(),
                    row.group.clone(),
                );
                if let Some(prev) = seen.insert(key, row.line) {
                    errs.add(
                        row.line,
                        tr!(
                            "курс повторяется (строка {})",
                            "course listed twice (line {})",
                            prev
                        ),
                    );
                    continue;
                }
                let mut class = class_id(tx, year, &row.class)?;
                if class.is_none() {
                    if new_classes {
                        applied.notes.push((row.line, new_class_note(&row.class)));
                        class = Some(ensure_class(tx, actor, at, year, &row.class)?);
                    } else {
                        errs.add(row.line, no_such_class(&row.class));
                    }
                }
                let teacher: Option<Option<StaffId>> = tx
                    .query_row(
                        "SELECT staff_id FROM users WHERE login = ?1",
                        [&row.teacher],
                        |r| r.get(0),
                    )
                    .optional()?;
                let teacher_id = match teacher {
                    Some(Some(t)) => Some(t),
                    _ => {
                        errs.add(
                            row.line,
                            tr!(
                                "учитель «{}» не найден среди сотрудников",
                                "teacher «{}» is not on the staff",
                                row.teacher
                            ),
                        );
                        None
                    }
                };
                let (Some(class_id), Some(teacher_id)) = (class, teacher_id) else {
                    continue;
                };
                let title = course_title(&row.class, &row.subject, row.group.as_deref());
                let audit_new = format!(
                    "{} {} {} {} {}",
                    row.class,
                    row.subject,
                    row.group.as_deref().unwrap_or("-"),
                    row.teacher,
                    row.hours
                );
                let existing: Option<(CourseId, StaffId, f64)> = tx
                    .query_row(
                        "SELECT c.id, c.teacher_id, c.hours FROM course c
                         JOIN subject s ON s.id = c.subject_id
                         LEFT JOIN subgroup g ON g.id = c.subgroup_id
                         WHERE c.class_id = ?1 AND lower(s.name) = lower(?2) AND g.name IS ?3",
                        params![class_id, row.subject.trim(), row.group],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                let Some((id, old_teacher, old_hours)) = existing else {
                    let subject_id = ensure_subject(tx, &row.subject)?;
                    let subgroup_id = match &row.group {
                        Some(g) => Some(ensure_subgroup(tx, class_id, g)?),
                        None => None,
                    };
                    tx.execute(
                        "INSERT INTO course (class_id, subgroup_id, subject_id, teacher_id, hours)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![class_id, subgroup_id, subject_id, teacher_id, row.hours],
                    )?;
                    let id = CourseId(tx.last_insert_rowid());
                    applied.push(
                        row.line,
                        RowStatus::New,
                        format!(
                            "{title}: {}, {} {}",
                            row.teacher,
                            hours_text(row.hours),
                            pick("ч/нед.", "h/week")
                        ),
                    );
                    record(
                        tx,
                        actor,
                        at,
                        &AuditEntry {
                            entity_id: Some(id.0),
                            course_id: Some(id),
                            new: Some(audit_new),
                            ..AuditEntry::new(Action::Import, Entity::Course)
                        },
                    )?;
                    continue;
                };
                let mut d = Diff::default();
                let old_login = if old_teacher == teacher_id {
                    row.teacher.clone()
                } else {
                    staff_login(tx, old_teacher)?
                };
                if old_teacher != teacher_id {
                    d.note(format!(
                        "{} {} → {}",
                        pick("учитель", "teacher"),
                        old_login,
                        row.teacher
                    ));
                }
                if !same_hours(old_hours, row.hours) {
                    d.field(
                        pick("часы", "hours"),
                        &hours_text(old_hours),
                        &hours_text(row.hours),
                    );
                }
                if d.is_empty() {
                    applied.push(row.line, RowStatus::Unchanged, title);
                    continue;
                }
                tx.execute(
                    "UPDATE course SET teacher_id = ?1, hours = ?2 WHERE id = ?3",
                    params![teacher_id, row.hours, id],
                )?;
                applied.push(
                    row.line,
                    RowStatus::Changed,
                    format!("{title}: {}", d.text()),
                );
                record(
                    tx,
                    actor,
                    at,
                    &AuditEntry {
                        entity_id: Some(id.0),
                        course_id: Some(id),
                        old: Some(format!(
                            "{} {} {} {} {}",
                            row.class,
                            row.subject,
                            row.group.as_deref().unwrap_or("-"),
                            old_login,
                            old_hours
                        )),
                        new: Some(audit_new),
                        ..AuditEntry::new(Action::Import, Entity::Course)
                    },
                )?;
            }
            Ok(applied)
        })
    }
}

/// The login of a staff member, else their name.
fn staff_login(tx: &Transaction, staff_id: StaffId) -> Result<String> {
    let login: Option<String> = tx
        .query_row(
            "SELECT login FROM users WHERE staff_id = ?1 ORDER BY id LIMIT 1",
            [staff_id],
            |r| r.get(0),
        )
        .optional()?;
    match login {
        Some(l) => Ok(l),
        None => Ok(tx.query_row(
            "SELECT last_name, first_name, patronymic FROM staff WHERE id = ?1",
            [staff_id],
            |r| {
                Ok(FullName::new(
                    &r.get::<_, String>(0)?,
                    &r.get::<_, String>(1)?,
                    &r.get::<_, String>(2)?,
                )
                .initials())
            },
        )?),
    }
}

fn ensure_subject(tx: &Transaction, name: &str) -> Result<i64> {
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM subject WHERE lower(name) = lower(?1)",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = id {
        return Ok(id);
    }
    tx.execute("INSERT INTO subject (name) VALUES (?1)", [name.trim()])?;
    Ok(tx.last_insert_rowid())
}
