//! A course's thematic plan, item by item.

use rusqlite::{Transaction, params};

use super::ImportFailed;
use crate::domain::audit::{Action, Entity};
use crate::domain::grading::same_subject;
use crate::domain::ids::CourseId;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::import::compare::{PlanItemNow, PlanStep, plan_diff};
use crate::import::outcome::{Applied, RowStatus};
use crate::import::records::PlanRow;
use crate::store::audit::{AuditEntry, Stamp, record};
use crate::store::courses::CourseInfo;
use crate::store::{Store, StoreError, fmt_date, parse_date};
use crate::tr;

impl Store {
    /// Replaces a course's thematic plan, item by item (by order number): new items are
    /// added, changed ones updated, and items the file no longer has removed (lessons
    /// linked to them lose the link). A plan already as the file says is not written.
    pub fn import_plan(
        &mut self,
        actor: &Actor,
        file: &str,
        course_id: CourseId,
        rows: &[PlanRow],
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let course = self.course(course_id)?;
        may_edit(actor, &course)?;
        self.import_tx_unchecked(actor, file, dry_run, |tx, at, _errs| {
            let mut applied = Applied::default();
            replace_plan(tx, at, actor, file, course_id, rows, &mut applied, None)?;
            Ok(applied)
        })
    }

    /// One plan for a subject throughout a grade: every class's course of it (each
    /// group's too) gets the file's plan as its own, as [`Store::import_plan`] gives a
    /// course its plan, in one transaction; each course's plan may later change alone.
    /// Each course is the user's to plan.
    pub fn import_grade_plan(
        &mut self,
        actor: &Actor,
        file: &str,
        grade: i64,
        subject: &str,
        rows: &[PlanRow],
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let courses: Vec<CourseInfo> = self
            .courses()?
            .into_iter()
            .filter(|c| c.class.grade == grade && same_subject(&c.subject, subject))
            .collect();
        if courses.is_empty() {
            return Err(StoreError::NotFound(tr!(
                "в {}-х классах нет курса «{}»",
                "grade {} has no course «{}»",
                grade,
                subject.trim()
            ))
            .into());
        }
        for c in &courses {
            may_edit(actor, c)?;
        }
        self.import_tx_unchecked(actor, file, dry_run, |tx, at, _errs| {
            let mut applied = Applied::default();
            for c in &courses {
                let title = c.title();
                replace_plan(tx, at, actor, file, c.id, rows, &mut applied, Some(&title))?;
            }
            Ok(applied)
        })
    }
}

/// Who may import a course's plan (its teacher, the administration).
fn may_edit(actor: &Actor, course: &CourseInfo) -> Result<(), StoreError> {
    crate::domain::plan::may_edit_plan(
        actor,
        crate::domain::policy::CourseScope {
            teacher_id: course.teacher_id,
            class_id: course.class_id,
        },
    )
    .map_err(StoreError::from)
}

/// Inside an import: a course's plan replaced by the file's rows, each row's outcome
/// added to `applied` (named by the course when `course` is given), with the course's
/// audit row when anything changed.
#[allow(clippy::too_many_arguments)]
fn replace_plan(
    tx: &Transaction,
    at: &Stamp,
    actor: &Actor,
    file: &str,
    course_id: CourseId,
    rows: &[PlanRow],
    applied: &mut Applied,
    course: Option<&str>,
) -> Result<(), ImportFailed> {
    let before = (applied.created, applied.updated, applied.removed);
    let current = {
        let mut st = tx.prepare(
            "SELECT id, ord, topic, hours, planned_date FROM plan_item WHERE course_id = ?1 ORDER BY ord",
        )?;
        st.query_map([course_id], |r| {
            let date: Option<String> = r.get(4)?;
            Ok(PlanItemNow {
                id: r.get(0)?,
                order: r.get(1)?,
                topic: r.get(2)?,
                hours: r.get(3)?,
                date: date.map(|d| parse_date(&d)).transpose()?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let topic = |order: i64| match course {
        Some(c) => format!("{c}, {}", tr!("тема {}", "topic {}", order)),
        None => tr!("тема {}", "topic {}", order),
    };
    for step in plan_diff(&current, rows) {
        match step {
            PlanStep::New(row) => {
                tx.execute(
                    "INSERT INTO plan_item (course_id, ord, topic, hours, planned_date)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        course_id,
                        row.order,
                        row.topic,
                        row.hours,
                        row.date.flatten().map(fmt_date)
                    ],
                )?;
                applied.push(
                    row.line,
                    RowStatus::New,
                    format!(
                        "{}: {} ({} {})",
                        topic(row.order),
                        row.topic,
                        row.hours,
                        pick("ч", "h")
                    ),
                );
            }
            PlanStep::Changed(row, id, d) => {
                // A file without a date column keeps the planned date.
                tx.execute(
                    "UPDATE plan_item SET topic = ?1, hours = ?2,
                     planned_date = CASE WHEN ?5 THEN ?3 ELSE planned_date END WHERE id = ?4",
                    params![
                        row.topic,
                        row.hours,
                        row.date.flatten().map(fmt_date),
                        id,
                        row.date.is_some()
                    ],
                )?;
                applied.push(
                    row.line,
                    RowStatus::Changed,
                    format!("{}: {}", topic(row.order), d.text()),
                );
            }
            PlanStep::Unchanged(row) => {
                applied.push(
                    row.line,
                    RowStatus::Unchanged,
                    format!("{}: {}", topic(row.order), row.topic),
                );
            }
            PlanStep::Removed(item) => {
                tx.execute(
                    "UPDATE lesson SET plan_item_id = NULL WHERE plan_item_id = ?1",
                    [item.id],
                )?;
                tx.execute("DELETE FROM plan_item WHERE id = ?1", [item.id])?;
                let what = tr!(
                    "удалена тема {}: {}",
                    "removed topic {}: {}",
                    item.order,
                    item.topic
                );
                applied.push(
                    0,
                    RowStatus::Removed,
                    match course {
                        Some(c) => format!("{c}, {what}"),
                        None => what,
                    },
                );
            }
        }
    }
    let (created, updated, removed) = (
        applied.created - before.0,
        applied.updated - before.1,
        applied.removed - before.2,
    );
    if created + updated + removed > 0 {
        record(
            tx,
            actor,
            at,
            &AuditEntry {
                course_id: Some(course_id),
                new: Some(format!(
                    "{} {} +{created} ~{updated} -{removed}",
                    file,
                    rows.len(),
                )),
                ..AuditEntry::new(Action::Import, Entity::Plan)
            },
        )?;
    }
    Ok(())
}
