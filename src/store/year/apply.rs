//! The close's writes, all in one transaction: the next year and its calendar, the
//! new classes, every student's move, the groups and courses carried over, and the
//! audit row.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use super::preview::ClosePreview;
use super::reads::{Member, OldCourse};
use crate::domain::audit::{Action, Entity};
use crate::domain::calendar::Calendar;
use crate::domain::class_name::ClassName;
use crate::domain::ids::{ClassId, StaffId, StudentId};
use crate::domain::policy::Actor;
use crate::domain::year::shift_year;
use crate::store::audit::{AuditEntry, record};
use crate::store::school::YearRow;
use crate::store::{Result, StoreError, fmt_date};

/// A student's move: the enrollment that ends and the class (by name) of the new year,
/// `None` for a graduate.
#[derive(Debug, Clone)]
pub(super) struct Move {
    pub(super) enrollment_id: i64,
    pub(super) student_id: StudentId,
    pub(super) old_class: ClassId,
    pub(super) to: Option<ClassName>,
}

pub(super) struct Plan {
    pub(super) preview: ClosePreview,
    pub(super) year: YearRow,
    pub(super) calendar: Calendar,
    pub(super) order: String,
    pub(super) graduation: NaiveDate,
    /// The new year's classes with their class teacher.
    pub(super) new_classes: BTreeMap<ClassName, Option<StaffId>>,
    pub(super) moves: Vec<Move>,
    pub(super) members: Vec<Member>,
    pub(super) carried: Vec<(ClassName, OldCourse)>,
}

/// All writes of the close, in the caller's transaction.
pub(super) fn apply(
    tx: &Transaction,
    actor: &Actor,
    at: &crate::store::audit::Stamp,
    plan: &Plan,
) -> Result<()> {
    let p = &plan.preview;
    tx.execute(
        "INSERT INTO school_year (name, start_date, end_date) VALUES (?1, ?2, ?3)",
        params![p.next_year, fmt_date(p.next_start), fmt_date(p.next_end)],
    )?;
    let year_id = tx.last_insert_rowid();
    let shifted =
        |d: NaiveDate| shift_year(d).ok_or_else(|| StoreError::Invalid(format!("{}: {d}", p.year)));
    for per in &plan.calendar.periods {
        tx.execute(
            "INSERT INTO period (year_id, num, name, start_date, end_date, grade_min, grade_max)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                year_id,
                per.num,
                per.name,
                fmt_date(shifted(per.start)?),
                fmt_date(shifted(per.end)?),
                per.grade_min,
                per.grade_max
            ],
        )?;
    }
    for l in &plan.calendar.last_days {
        tx.execute(
            "INSERT INTO last_day (year_id, grade_min, grade_max, day) VALUES (?1, ?2, ?3, ?4)",
            params![
                year_id,
                l.grade_min,
                l.grade_max,
                fmt_date(shifted(l.date)?)
            ],
        )?;
    }
    // Quarantines, excused days and worked days belong to their year only.
    for h in
        plan.calendar.holidays.iter().filter(|h| {
            h.kind == crate::domain::calendar::HolidayKind::Holiday && h.class_id.is_none()
        })
    {
        tx.execute(
            "INSERT INTO holiday (year_id, name, start_date, end_date, grade_min, grade_max)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                year_id,
                h.name,
                fmt_date(shifted(h.start)?),
                fmt_date(shifted(h.end)?),
                h.grade_min,
                h.grade_max
            ],
        )?;
    }
    tx.execute(
        "UPDATE school_year SET closed = 1 WHERE id = ?1",
        [plan.year.id],
    )?;

    let mut class_ids: HashMap<&ClassName, ClassId> = HashMap::new();
    for (c, teacher) in &plan.new_classes {
        tx.execute(
            "INSERT INTO class (year_id, grade, letter, teacher_id) VALUES (?1, ?2, ?3, ?4)",
            params![year_id, c.grade, c.letter, teacher],
        )?;
        class_ids.insert(c, ClassId(tx.last_insert_rowid()));
    }
    let mut subgroups: HashMap<(ClassId, String), i64> = HashMap::new();
    let mut subgroup = |class_id: ClassId, name: &str| -> Result<i64> {
        if let Some(id) = subgroups.get(&(class_id, name.to_string())) {
            return Ok(*id);
        }
        tx.execute(
            "INSERT INTO subgroup (class_id, name) VALUES (?1, ?2)",
            params![class_id, name],
        )?;
        let id = tx.last_insert_rowid();
        subgroups.insert((class_id, name.to_string()), id);
        Ok(id)
    };

    let mut groups_of: HashMap<(StudentId, ClassId), Vec<&str>> = HashMap::new();
    for m in &plan.members {
        groups_of
            .entry((m.student_id, m.class_id))
            .or_default()
            .push(&m.name);
    }
    let start = fmt_date(p.next_start);
    let graduation = fmt_date(plan.graduation);
    let order = plan.order.as_str();
    let mut end = tx.prepare(
        "UPDATE enrollment SET end_date = ?2, end_kind = ?3, end_order = ?4
         WHERE id = ?1 AND end_date IS NULL",
    )?;
    let mut begin = tx.prepare(
        "INSERT INTO enrollment (student_id, class_id, start_date, start_kind, start_order)
         VALUES (?1, ?2, ?3, 'transfer', ?4)",
    )?;
    let mut join = tx.prepare(
        "INSERT OR IGNORE INTO subgroup_member (subgroup_id, student_id) VALUES (?1, ?2)",
    )?;
    for m in &plan.moves {
        let Some(to) = &m.to else {
            end.execute(params![m.enrollment_id, graduation, "graduation", order])?;
            continue;
        };
        let Some(class_id) = class_ids.get(to).copied() else {
            continue;
        };
        end.execute(params![m.enrollment_id, start, "transfer", order])?;
        begin.execute(params![m.student_id, class_id, start, order])?;
        // The old class's memberships stay: they explain its marks.
        for g in groups_of
            .get(&(m.student_id, m.old_class))
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            join.execute(params![subgroup(class_id, g)?, m.student_id])?;
        }
    }
    for (to, c) in &plan.carried {
        let Some(class_id) = class_ids.get(to).copied() else {
            continue;
        };
        let sg = match &c.subgroup {
            Some((_, name)) => Some(subgroup(class_id, name)?),
            None => None,
        };
        tx.execute(
            "INSERT INTO course (class_id, subgroup_id, subject_id, teacher_id, hours)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![class_id, sg, c.subject_id, c.teacher_id, c.hours],
        )?;
    }
    record(
        tx,
        actor,
        at,
        &AuditEntry {
            entity_id: Some(plan.year.id),
            old: Some(p.year.clone()),
            new: Some(format!(
                "{} promoted={} graduated={} repeaters={} classes={} courses={} order={}",
                p.next_year,
                p.promoted,
                p.graduates,
                p.repeaters.len(),
                plan.new_classes.len(),
                p.courses,
                order
            )),
            ..AuditEntry::new(Action::YearClose, Entity::Year)
        },
    )
}
