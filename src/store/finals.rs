//! Finals: a student's final mark in a course for a period or the year, set through
//! the policy, the period lock and the conflict check; and the year final the period
//! finals suggest.

use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::{AuditEntry, record};
use super::marks::{Expect, check_seen};
use super::{Result, Store, StoreError};
use crate::domain::RuleError;
use crate::domain::audit::{Action, Entity};
use crate::domain::grading::suggest_year_final;
use crate::domain::ids::{CourseId, PeriodId, StudentId};
use crate::domain::marks::FinalValue;
use crate::domain::policy::{Actor, LessonOwner, may_enter_lesson};
use crate::domain::rules::check_grade_has_marks;
use crate::tr;

/// Whose final: a student's in a course, for a period or (`None`) for the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FinalKey {
    pub course_id: CourseId,
    pub student_id: StudentId,
    pub period_id: Option<PeriodId>,
}

/// Inside a write: replaces the final `old` by `new` (`None` clears it), with its
/// audit row.
pub(crate) fn write_final(
    tx: &Transaction,
    actor: &Actor,
    at: &crate::store::audit::Stamp,
    key: FinalKey,
    old: Option<String>,
    new: Option<String>,
) -> Result<()> {
    let FinalKey {
        course_id,
        student_id,
        period_id,
    } = key;
    if old.is_some() {
        tx.prepare_cached(
            "DELETE FROM final_mark WHERE student_id = ?1 AND course_id = ?2 AND period_id IS ?3",
        )?
        .execute(params![student_id, course_id, period_id])?;
    }
    if let Some(v) = &new {
        tx.prepare_cached(
            "INSERT INTO final_mark (student_id, course_id, period_id, value, author_id, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![student_id, course_id, period_id, v, actor.user_id, at])?;
    }
    record(
        tx,
        actor,
        at,
        &AuditEntry {
            entity_id: period_id.map(|p| p.0),
            student_id: Some(student_id),
            course_id: Some(course_id),
            old,
            new,
            ..AuditEntry::new(Action::Set, Entity::Final)
        },
    )
}

impl Store {
    /// Sets (or with `None` clears) a student's final for a period or, with
    /// `period_id = None`, for the year. `Expect::Seen(&None)`: its user saw none.
    pub fn set_final(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        student_id: StudentId,
        period_id: Option<PeriodId>,
        value: Option<FinalValue>,
        expect: Expect<'_, Option<&str>>,
    ) -> Result<()> {
        let course = self.course(course_id)?;
        may_enter_lesson(
            actor,
            LessonOwner {
                course_teacher: course.teacher_id,
                substitute: None,
            },
        )?;
        check_grade_has_marks(course.class.grade)?;
        let period = match period_id {
            Some(pid) => {
                let year = self.current_year()?;
                let Some(p) = self
                    .grade_periods(year.id, course.class.grade)?
                    .into_iter()
                    .find(|p| p.id == pid)
                else {
                    return Err(StoreError::Invalid(tr!(
                        "у {}-х классов нет такого периода: итоговая ставится за их собственные периоды",
                        "grade {} has no such period: finals are set for its own periods",
                        course.class.grade
                    )));
                };
                Some(p)
            }
            None => None,
        };
        // In its window: a period's last weeks until its deadline, the year's likewise.
        // A final set too early (before this rule) may still be cleared.
        match self.check_final_time(course_id, period.as_ref()) {
            Err(StoreError::Rule(
                RuleError::FinalsNotYet { .. } | RuleError::YearFinalsNotYet { .. },
            )) if value.is_none() => {}
            other => other?,
        }
        if let Some(v) = value {
            self.check_final_assessment(&course, period.as_ref(), v)?;
        }
        let at = self.stamp();
        self.write(|tx| {
            let old: Option<String> = tx
                .query_row(
                    "SELECT value FROM final_mark WHERE student_id = ?1 AND course_id = ?2 AND period_id IS ?3",
                    params![student_id, course_id, period_id],
                    |r| r.get(0),
                )
                .optional()?;
            check_seen(
                expect,
                &old.as_deref(),
                || old.clone().unwrap_or_default(),
                || {
                    Ok(tx
                        .query_row(
                            "SELECT actor FROM audit WHERE entity = ?3 AND student_id = ?1
                             AND course_id = ?2 AND entity_id IS ?4 ORDER BY id DESC LIMIT 1",
                            params![
                                student_id,
                                course_id,
                                Entity::Final.as_str(),
                                period_id.map(|p| p.0)
                            ],
                            |r| r.get(0),
                        )
                        .optional()?)
                },
            )?;
            let new = value.map(|v| v.as_str().to_string());
            if old == new {
                return Ok(());
            }
            let key = FinalKey {
                course_id,
                student_id,
                period_id,
            };
            write_final(tx, actor, &at, key, old, new)
        })
    }

    /// The year final the period finals suggest (for the course's assessment of the
    /// year: their average through the school's cut-offs, or «зач»/«незач», or «осв»
    /// when exempt all year); `None` without one to go by. Also the year final set.
    pub fn year_final(
        &self,
        course_id: CourseId,
        student_id: StudentId,
    ) -> Result<(Option<FinalValue>, Option<String>)> {
        let mut st = self.conn.prepare_cached(
            "SELECT value, period_id IS NULL FROM final_mark WHERE course_id = ?1 AND student_id = ?2",
        )?;
        let rows = st
            .query_map(params![course_id, student_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let set = rows.iter().find(|r| r.1).map(|r| r.0.clone());
        let finals: Vec<FinalValue> = rows
            .iter()
            .filter(|r| !r.1)
            .filter_map(|r| FinalValue::parse(&r.0).ok())
            .collect();
        let kind = self.course_assessment(&self.course(course_id)?, None)?;
        let suggested = suggest_year_final(kind, &finals, &self.cutoffs()?);
        Ok((suggested, set))
    }
}
