//! Classes and their students for the administrator: class teachers, class lists with
//! each student's movement, course teachers.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::{AuditEntry, record};
use super::students::StudentRef;
use super::{Result, Store, StoreError, parse_date};
use crate::domain::audit::{Action, Entity};
use crate::domain::class_name::ClassName;
use crate::domain::ids::{ClassId, CourseId, StaffId, StudentId};
use crate::domain::names::FullName;
use crate::domain::policy::{Actor, may_administer};
use crate::tr;

/// A class as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassRow {
    pub id: ClassId,
    pub name: ClassName,
    pub students: usize,
    pub teacher: Option<FullName>,
}

/// One stay of a student in a class, with the orders that began and ended it.
#[derive(Debug, Clone, PartialEq)]
pub struct StayRow {
    pub class: String,
    pub start: NaiveDate,
    pub start_kind: String,
    pub start_order: String,
    pub end: Option<NaiveDate>,
    pub end_kind: Option<String>,
    pub end_order: String,
}

impl StayRow {
    /// «с 01.09.2025 (зачислен, Приказ № 1) по 10.11.2025 (переведён, Приказ № 9)».
    pub fn describe(&self) -> String {
        let kind = |k: &str| match k {
            "enrolled" => crate::i18n::pick("зачислен", "enrolled"),
            "arrival" => crate::i18n::pick("прибыл", "arrived"),
            "transfer" => crate::i18n::pick("переведён", "transferred"),
            "departure" => crate::i18n::pick("выбыл", "left"),
            "graduation" => crate::i18n::pick("окончил школу", "graduated"),
            _ => "",
        };
        let start = format!(
            "{} {} ({}{})",
            crate::i18n::pick("с", "from"),
            self.start.format("%d.%m.%Y"),
            kind(&self.start_kind),
            if self.start_order.is_empty() {
                String::new()
            } else {
                format!(", {}", self.start_order)
            }
        );
        match (&self.end, &self.end_kind) {
            (Some(e), Some(k)) => format!(
                "{}: {start} {} {} ({}{})",
                self.class,
                crate::i18n::pick("до", "until"),
                e.format("%d.%m.%Y"),
                kind(k),
                if self.end_order.is_empty() {
                    String::new()
                } else {
                    format!(", {}", self.end_order)
                }
            ),
            _ => format!("{}: {start}", self.class),
        }
    }
}

impl Store {
    /// The current year's classes with their size and class teacher.
    pub fn class_rows(&self) -> Result<Vec<ClassRow>> {
        let mut out = Vec::new();
        for (id, name, _) in self.classes()? {
            out.push(ClassRow {
                id,
                students: self.class_students(id)?.len(),
                teacher: self.class_teacher_name(id)?,
                name,
            });
        }
        Ok(out)
    }

    pub fn class_by_name(&self, name: &str) -> Result<(ClassId, ClassName)> {
        let want = ClassName::parse(name).map_err(StoreError::Invalid)?;
        self.classes()?
            .into_iter()
            .find(|c| c.1 == want)
            .map(|c| (c.0, c.1))
            .ok_or_else(|| {
                StoreError::NotFound(tr!(
                    "нет класса {} в этом году",
                    "no class {} this year",
                    want
                ))
            })
    }

    /// A student's stays in classes, oldest first, with class names and orders.
    pub fn stays(&self, student_id: StudentId) -> Result<Vec<StayRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT k.grade || k.letter, e.start_date, e.start_kind, e.start_order, e.end_date, e.end_kind, e.end_order
             FROM enrollment e JOIN class k ON k.id = e.class_id WHERE e.student_id = ?1 ORDER BY e.start_date",
        )?;
        let rows = st
            .query_map([student_id], |r| {
                let end: Option<String> = r.get(4)?;
                Ok(StayRow {
                    class: r.get(0)?,
                    start: parse_date(&r.get::<_, String>(1)?)?,
                    start_kind: r.get(2)?,
                    start_order: r.get(3)?,
                    end: end.map(|e| parse_date(&e)).transpose()?,
                    end_kind: r.get(5)?,
                    end_order: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Makes a staff member (by login) the class teacher of a class, or clears it.
    pub fn set_class_teacher(
        &mut self,
        actor: &Actor,
        class_id: ClassId,
        login: Option<&str>,
    ) -> Result<()> {
        may_administer(actor)?;
        let staff: Option<StaffId> = match login {
            Some(l) => Some(
                self.row(
                    "SELECT staff_id FROM users WHERE login = ?1",
                    [l.trim()],
                    |r| r.get::<_, Option<StaffId>>(0),
                )
                .optional()?
                .flatten()
                .ok_or_else(|| {
                    StoreError::NotFound(tr!(
                        "«{}» — не сотрудник школы",
                        "«{}» is not on the staff",
                        l.trim()
                    ))
                })?,
            ),
            None => None,
        };
        let old: Option<i64> = self.row(
            "SELECT teacher_id FROM class WHERE id = ?1",
            [class_id],
            |r| r.get(0),
        )?;
        self.change(actor, |tx| {
            tx.execute("UPDATE class SET teacher_id = ?1 WHERE id = ?2", params![staff, class_id])?;
            if let Some(s) = staff {
                tx.execute(
                    "INSERT OR IGNORE INTO user_role (user_id, role) SELECT id, 'class_teacher' FROM users WHERE staff_id = ?1",
                    [s],
                )?;
            }
            tx.log(&AuditEntry {
                    entity_id: Some(class_id.0),
                    old: old.map(|o| o.to_string()),
                    new: staff.map(|s| s.to_string()),
                    ..AuditEntry::new(Action::ClassTeacher, Entity::Class)
                })
        })
    }

    /// Gives a course another teacher.
    pub fn set_course_teacher(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        login: &str,
    ) -> Result<()> {
        may_administer(actor)?;
        let staff: StaffId = self
            .row(
                "SELECT staff_id FROM users WHERE login = ?1",
                [login.trim()],
                |r| r.get::<_, Option<StaffId>>(0),
            )
            .optional()?
            .flatten()
            .ok_or_else(|| {
                StoreError::NotFound(tr!(
                    "«{}» — не сотрудник школы",
                    "«{}» is not on the staff",
                    login.trim()
                ))
            })?;
        let course = self.course(course_id)?;
        self.change(actor, |tx| {
            tx.execute(
                "UPDATE course SET teacher_id = ?1 WHERE id = ?2",
                params![staff, course_id],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(course_id.0),
                course_id: Some(course_id),
                old: Some(course.teacher.initials()),
                new: Some(login.trim().to_string()),
                ..AuditEntry::new(Action::Teacher, Entity::Course)
            })
        })
    }

    pub fn class_teacher_name(&self, class_id: ClassId) -> Result<Option<FullName>> {
        Ok(self
            .conn
            .query_row(
                "SELECT t.last_name, t.first_name, t.patronymic FROM class c JOIN staff t ON t.id = c.teacher_id
                 WHERE c.id = ?1",
                [class_id],
                |r| Ok(FullName::new(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?, &r.get::<_, String>(2)?)),
            )
            .optional()?)
    }

    /// The students enrolled in a class now, in journal order (re-exported for screens).
    pub fn class_list(&self, class_id: ClassId) -> Result<Vec<StudentRef>> {
        self.class_students(class_id)
    }
}

/// A class a timetable names and the school lacks: it needs its students and courses
/// first.
pub(crate) fn unknown_class(c: &ClassName) -> String {
    tr!(
        "класса {} в школе нет (проверьте букву; сначала импортируйте учеников и курсы этого класса)",
        "the school has no class {} (check the letter; import the class's students and courses first)",
        c
    )
}

/// A class a file names and the school lacks, when new classes were not asked for.
pub(crate) fn no_such_class(c: &ClassName) -> String {
    tr!(
        "класса {} в школе нет (проверьте букву; {})",
        "the school has no class {} (check the letter; {})",
        c,
        only_when_asked()
    )
}

/// How [`no_such_class`] ends: an interface adds how to ask after it.
fn only_when_asked() -> String {
    tr!(
        "новый класс создаётся только по просьбе",
        "a new class is created only when asked"
    )
}

/// Whether an import's row error is [`no_such_class`]'s: a class that asking for new
/// classes would make.
pub fn is_no_such_class(message: &str) -> bool {
    message.ends_with(&format!("{})", only_when_asked()))
}

/// The note of a preview that an import makes a class.
pub(crate) fn new_class_note(c: &ClassName) -> String {
    tr!("будет создан класс {}", "class {} will be created", c)
}

pub(crate) fn class_id(tx: &Transaction, year: i64, c: &ClassName) -> Result<Option<ClassId>> {
    Ok(tx
        .query_row(
            "SELECT id FROM class WHERE year_id = ?1 AND grade = ?2 AND letter = ?3",
            params![year, c.grade, c.letter],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn ensure_class(
    tx: &Transaction,
    actor: &Actor,
    at: &crate::store::audit::Stamp,
    year: i64,
    c: &ClassName,
) -> Result<ClassId> {
    if let Some(id) = class_id(tx, year, c)? {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO class (year_id, grade, letter) VALUES (?1, ?2, ?3)",
        params![year, c.grade, c.letter],
    )?;
    let id = ClassId(tx.last_insert_rowid());
    record(
        tx,
        actor,
        at,
        &AuditEntry {
            entity_id: Some(id.0),
            new: Some(c.to_string()),
            ..AuditEntry::new(Action::Create, Entity::Class)
        },
    )?;
    Ok(id)
}
