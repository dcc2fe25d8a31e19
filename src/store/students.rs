//! Students: their names, stays in classes and groups, the students of a class or a
//! course, and their movement (arrival, transfer, departure) by an order.

use crate::domain::text::{self, Field};
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use super::audit::AuditEntry;
use super::subgroups::set_groups;
use super::{Result, Store, StoreError, fmt_date, parse_date};
use crate::domain::audit::{Action, Entity};
use crate::domain::enrollment::{Stay, validate};
use crate::domain::ids::{ClassId, CourseId, StudentId};
use crate::domain::names::{FullName, sort_key};
use crate::domain::policy::{Actor, may_administer};
use crate::import::compare::groups_text;
use crate::tr;

/// A student as lists show them.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentRef {
    pub id: StudentId,
    pub name: FullName,
}

/// A new student's arrival in a class by an order.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrival {
    pub name: FullName,
    pub birth_date: Option<NaiveDate>,
    pub class_id: ClassId,
    pub date: NaiveDate,
    pub order: String,
    /// The groups of the class the student joins (a split class); may be empty.
    pub groups: Vec<String>,
}

/// A student's move to another class by an order.
#[derive(Debug, Clone, PartialEq)]
pub struct Transfer {
    pub student_id: StudentId,
    pub to_class: ClassId,
    pub date: NaiveDate,
    pub order: String,
    /// The groups of the new class the student joins; may be empty.
    pub groups: Vec<String>,
}

/// The groups as an audit row names them: « [1 2]», or nothing without groups.
fn groups_note(groups: &[String]) -> String {
    if groups.is_empty() {
        return String::new();
    }
    let set: BTreeSet<String> = groups.iter().cloned().collect();
    format!(" [{}]", groups_text(&set))
}

/// A student's name and id from the first four columns of a row:
/// `id, last_name, first_name, patronymic`.
fn student_ref_row(r: &rusqlite::Row) -> rusqlite::Result<StudentRef> {
    Ok(StudentRef {
        id: r.get(0)?,
        name: FullName::new(
            &r.get::<_, String>(1)?,
            &r.get::<_, String>(2)?,
            &r.get::<_, String>(3)?,
        ),
    })
}

impl Store {
    /// The student's stays in classes, oldest first.
    pub fn student_history(&self, student_id: StudentId) -> Result<Vec<Stay>> {
        let mut st = self.conn.prepare_cached(
            "SELECT class_id, start_date, end_date FROM enrollment WHERE student_id = ?1 ORDER BY start_date",
        )?;
        let rows = st
            .query_map([student_id], |r| {
                let end: Option<String> = r.get(2)?;
                Ok(Stay {
                    class_id: r.get(0)?,
                    start: parse_date(&r.get::<_, String>(1)?)?,
                    end: end.map(|e| parse_date(&e)).transpose()?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn student_subgroups(&self, student_id: StudentId) -> Result<Vec<i64>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT subgroup_id FROM subgroup_member WHERE student_id = ?1")?;
        let rows = st
            .query_map([student_id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn student_name(&self, student_id: StudentId) -> Result<FullName> {
        Ok(self.row(
            "SELECT last_name, first_name, patronymic FROM student WHERE id = ?1",
            [student_id],
            |r| {
                Ok(FullName::new(
                    &r.get::<_, String>(0)?,
                    &r.get::<_, String>(1)?,
                    &r.get::<_, String>(2)?,
                ))
            },
        )?)
    }

    /// Students of a course at any time between `from` and `to`, in journal order.
    pub fn course_students(
        &self,
        course_id: CourseId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<StudentRef>> {
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT s.id, s.last_name, s.first_name, s.patronymic
             FROM course c
             JOIN enrollment e ON e.class_id = c.class_id
             JOIN student s ON s.id = e.student_id
             WHERE c.id = ?1 AND e.start_date <= ?3 AND (e.end_date IS NULL OR e.end_date > ?2)
               AND (c.subgroup_id IS NULL OR EXISTS (
                    SELECT 1 FROM subgroup_member m WHERE m.subgroup_id = c.subgroup_id AND m.student_id = s.id))",
        )?;
        let mut rows = st
            .query_map(
                params![course_id, fmt_date(from), fmt_date(to)],
                student_ref_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.sort_by_cached_key(|s| sort_key(&s.name));
        Ok(rows)
    }

    /// Moves a student to another class from `date` by an order, into the groups
    /// given there: one transaction, one audit row that names the groups.
    pub fn transfer_student(&mut self, actor: &Actor, t: &Transfer) -> Result<()> {
        may_administer(actor)?;
        text::check(Field::Reason, &t.order)?;
        for g in &t.groups {
            text::check(Field::Subject, g)?;
        }
        let student_id = t.student_id;
        let name = self.student_name(student_id)?.full();
        let mut history = self.student_history(student_id)?;
        let Some(current) = history.iter_mut().find(|s| s.end.is_none()) else {
            return Err(StoreError::Invalid(tr!(
                "{} сейчас не числится ни в одном классе",
                "{} is not enrolled in any class now",
                name
            )));
        };
        let from_class = current.class_id;
        current.end = Some(t.date);
        history.push(Stay {
            class_id: t.to_class,
            start: t.date,
            end: None,
        });
        validate(&name, &history)?;
        self.change(actor, |tx| {
            close_enrollment(tx, student_id, t.date, "transfer", &t.order)?;
            // Group memberships in the old class stay: they explain its past marks.
            insert_enrollment(tx, student_id, t.to_class, t.date, "transfer", &t.order)?;
            if !t.groups.is_empty() {
                set_groups(tx, student_id, t.to_class, &t.groups)?;
            }
            tx.log(&AuditEntry {
                student_id: Some(student_id),
                old: Some(from_class.to_string()),
                new: Some(format!(
                    "{} {} {}{}",
                    t.to_class,
                    fmt_date(t.date),
                    t.order,
                    groups_note(&t.groups)
                )),
                ..AuditEntry::new(Action::Transfer, Entity::Enrollment)
            })
        })
    }

    /// A student leaves the school from `date` by an order.
    pub fn depart_student(
        &mut self,
        actor: &Actor,
        student_id: StudentId,
        date: NaiveDate,
        order: &str,
    ) -> Result<()> {
        may_administer(actor)?;
        text::check(Field::Reason, order)?;
        let name = self.student_name(student_id)?.full();
        let mut history = self.student_history(student_id)?;
        let Some(current) = history.iter_mut().find(|s| s.end.is_none()) else {
            return Err(StoreError::Invalid(tr!(
                "{} сейчас не числится ни в одном классе",
                "{} is not enrolled in any class now",
                name
            )));
        };
        current.end = Some(date);
        validate(&name, &history)?;
        self.change(actor, |tx| {
            close_enrollment(tx, student_id, date, "departure", order)?;
            tx.log(&AuditEntry {
                student_id: Some(student_id),
                new: Some(format!("{} {order}", fmt_date(date))),
                ..AuditEntry::new(Action::Departure, Entity::Enrollment)
            })
        })
    }

    /// Corrects a student's data (names, birth date) as the office keeps it: the class
    /// teacher of the student's class or the administrator; the audit row holds the
    /// old and the new data.
    pub fn correct_student(
        &mut self,
        actor: &Actor,
        student_id: StudentId,
        name: &FullName,
        birth_date: Option<NaiveDate>,
    ) -> Result<()> {
        for part in [&name.last, &name.first, &name.patronymic] {
            text::check(Field::Name, part)?;
        }
        if name.last.trim().is_empty() || name.first.trim().is_empty() {
            return Err(StoreError::Invalid(tr!(
                "укажите фамилию и имя",
                "give the last and first name"
            )));
        }
        let classes: Vec<ClassId> = {
            let mut st = self.conn.prepare_cached(
                "SELECT e.class_id FROM enrollment e JOIN class c ON c.id = e.class_id
                 JOIN school_year y ON y.id = c.year_id
                 WHERE e.student_id = ?1 AND e.end_date IS NULL AND y.closed = 0",
            )?;
            st.query_map([student_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        // The class teacher of any class the student is in now (a group class too).
        if !actor.has(crate::domain::roles::Role::Admin) {
            match classes.first() {
                Some(first)
                    if !classes
                        .iter()
                        .any(|c| crate::domain::policy::may_manage_class(actor, *c).is_ok()) =>
                {
                    crate::domain::policy::may_manage_class(actor, *first)?
                }
                Some(_) => {}
                None => crate::domain::policy::may_administer(actor)?,
            }
        }
        let old_name = self.student_name(student_id)?;
        let old_birth: Option<String> = self.row(
            "SELECT birth_date FROM student WHERE id = ?1",
            [student_id],
            |r| r.get(0),
        )?;
        let new_birth = birth_date.map(fmt_date);
        let shown = |n: &FullName, b: &Option<String>| {
            let born = b
                .as_deref()
                .and_then(|d| parse_date(d).ok())
                .map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_else(|| "—".into());
            format!("{}, {born}", n.full())
        };
        let (old, new) = (shown(&old_name, &old_birth), shown(name, &new_birth));
        if old == new {
            return Err(StoreError::Invalid(tr!(
                "данные не изменились",
                "nothing changed"
            )));
        }
        self.change(actor, |tx| {
            tx.execute(
                "UPDATE student SET last_name = ?1, first_name = ?2, patronymic = ?3, birth_date = ?4
                 WHERE id = ?5",
                params![
                    name.last.trim(),
                    name.first.trim(),
                    name.patronymic.trim(),
                    new_birth,
                    student_id
                ],
            )?;
            // The student's own account shows the corrected name too.
            tx.execute(
                "UPDATE users SET display_name = ?1 WHERE student_id = ?2",
                params![name.initials(), student_id],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(student_id.0),
                student_id: Some(student_id),
                old: Some(old.clone()),
                new: Some(new.clone()),
                ..AuditEntry::new(Action::Edit, Entity::Student)
            })
        })
    }

    /// A new student arrives in a class on `date` by an order, into the groups given:
    /// one transaction, one audit row that names the groups. Returns the student's id.
    pub fn arrive_student(&mut self, actor: &Actor, a: &Arrival) -> Result<StudentId> {
        may_administer(actor)?;
        for part in [&a.name.last, &a.name.first, &a.name.patronymic] {
            text::check(Field::Name, part)?;
        }
        text::check(Field::Reason, &a.order)?;
        for g in &a.groups {
            text::check(Field::Subject, g)?;
        }
        let name = &a.name;
        self.change(actor, |tx| {
            tx.execute(
                "INSERT INTO student (last_name, first_name, patronymic, birth_date) VALUES (?1, ?2, ?3, ?4)",
                params![name.last, name.first, name.patronymic, a.birth_date.map(fmt_date)],
            )?;
            let id = StudentId(tx.last_insert_rowid());
            insert_enrollment(tx, id, a.class_id, a.date, "arrival", &a.order)?;
            if !a.groups.is_empty() {
                set_groups(tx, id, a.class_id, &a.groups)?;
            }
            tx.log(&AuditEntry {
                    entity_id: Some(id.0),
                    student_id: Some(id),
                    new: Some(format!(
                        "{} {} {} {}{}",
                        name.full(),
                        a.class_id,
                        fmt_date(a.date),
                        a.order,
                        groups_note(&a.groups)
                    )),
                    ..AuditEntry::new(Action::Arrival, Entity::Enrollment)
                })?;
            Ok(id)
        })
    }

    /// Every student's stays, by student.
    pub fn all_histories(&self) -> Result<HashMap<StudentId, Vec<Stay>>> {
        let mut out: HashMap<StudentId, Vec<Stay>> = HashMap::new();
        let mut st = self.conn.prepare(
            "SELECT student_id, class_id, start_date, end_date FROM enrollment ORDER BY start_date",
        )?;
        for r in st.query_map([], |r| {
            let end: Option<String> = r.get(3)?;
            Ok((
                r.get::<_, StudentId>(0)?,
                Stay {
                    class_id: r.get(1)?,
                    start: parse_date(&r.get::<_, String>(2)?)?,
                    end: end.map(|e| parse_date(&e)).transpose()?,
                },
            ))
        })? {
            let (s, stay) = r?;
            out.entry(s).or_default().push(stay);
        }
        Ok(out)
    }

    /// Students enrolled in a class now, in journal order.
    pub fn class_students(&self, class_id: ClassId) -> Result<Vec<StudentRef>> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.id, s.last_name, s.first_name, s.patronymic FROM student s
             JOIN enrollment e ON e.student_id = s.id WHERE e.class_id = ?1 AND e.end_date IS NULL",
        )?;
        let mut rows = st
            .query_map([class_id], student_ref_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.sort_by_cached_key(|s| sort_key(&s.name));
        Ok(rows)
    }

    /// Students with an account of their own or a parent's account.
    pub fn students_with_accounts(&self) -> Result<Vec<StudentId>> {
        let mut st = self.conn.prepare(
            "SELECT student_id FROM users WHERE student_id IS NOT NULL UNION SELECT student_id FROM parent_child",
        )?;
        let rows = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

pub(crate) fn insert_enrollment(
    tx: &Transaction,
    student_id: StudentId,
    class_id: ClassId,
    start: NaiveDate,
    kind: &str,
    order: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO enrollment (student_id, class_id, start_date, start_kind, start_order)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![student_id, class_id, fmt_date(start), kind, order],
    )?;
    Ok(())
}

fn close_enrollment(
    tx: &Transaction,
    student_id: StudentId,
    date: NaiveDate,
    kind: &str,
    order: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE enrollment SET end_date = ?2, end_kind = ?3, end_order = ?4
         WHERE student_id = ?1 AND end_date IS NULL",
        params![student_id, fmt_date(date), kind, order],
    )?;
    Ok(())
}
