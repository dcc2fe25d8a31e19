//! Locked periods: checked before a mark or a final changes; opened again for one
//! course by a deputy with a reason, and closed again.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::audit::AuditEntry;
use super::{Result, Store, StoreError};
use crate::domain::audit::{Action, Entity};
use crate::domain::calendar::Period;
use crate::domain::ids::{CourseId, PeriodId};
use crate::domain::lock::{deadline, is_locked};
use crate::domain::policy::{Actor, may_supervise};
use crate::tr;

impl Store {
    fn unlocked(&self, course_id: CourseId, period_id: PeriodId) -> Result<bool> {
        Ok(self
            .row(
                "SELECT 1 FROM period_unlock WHERE course_id = ?1 AND period_id = ?2",
                params![course_id, period_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The course's grade.
    pub(crate) fn course_grade(&self, course_id: CourseId) -> Result<i64> {
        Ok(self.row(
            "SELECT k.grade FROM course c JOIN class k ON k.id = c.class_id WHERE c.id = ?1",
            [course_id],
            |r| r.get(0),
        )?)
    }

    /// The course's period holding `date` (its grade's), if any.
    fn period_on(&self, course_id: CourseId, date: NaiveDate) -> Result<Option<Period>> {
        // Every entry asks this: the periods alone, not the whole calendar.
        let year = self.current_year()?;
        Ok(self
            .grade_periods(year.id, self.course_grade(course_id)?)?
            .into_iter()
            .find(|p| (p.start..=p.end).contains(&date)))
    }

    /// The periods of the course's grade this year.
    pub fn course_periods(&self, course_id: CourseId) -> Result<Vec<Period>> {
        let year = self.current_year()?;
        self.grade_periods(year.id, self.course_grade(course_id)?)
    }

    /// Refuses a change to a mark or final of a closed period.
    pub(crate) fn check_period_open(&self, course_id: CourseId, period: &Period) -> Result<()> {
        let days = self.settings()?.final_deadline_days;
        if is_locked(
            period.end,
            days,
            self.today(),
            self.unlocked(course_id, period.id)?,
        ) {
            let due = deadline(period.end, days).format("%d.%m.%Y");
            return Err(StoreError::Invalid(tr!(
                "«{}» закрыт: отметки и итоговые менялись до {}; открыть курс на этот период может заместитель директора",
                "«{}» is closed: marks and finals could change until {}; a deputy director may open it for this course",
                period.name,
                due
            )));
        }
        Ok(())
    }

    /// The same check for the lesson date a mark belongs to.
    pub(crate) fn check_date_open(&self, course_id: CourseId, date: NaiveDate) -> Result<()> {
        match self.period_on(course_id, date)? {
            Some(p) => self.check_period_open(course_id, &p),
            None => Ok(()),
        }
    }

    /// Whether the period is closed for the course today.
    pub fn period_locked(&self, course_id: CourseId, period: &Period) -> Result<bool> {
        Ok(self.check_period_open(course_id, period).is_err())
    }

    /// A deputy or the director opens a closed period again for one course.
    pub fn unlock_period(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        period_id: PeriodId,
        reason: &str,
    ) -> Result<()> {
        may_supervise(actor)?;
        let reason = lock_reason(reason)?;
        let period = self.period_words(period_id)?;
        self.change(actor, |tx| {
            tx.execute(
                "INSERT INTO period_unlock (course_id, period_id, reason, user_id, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (course_id, period_id) DO UPDATE SET reason = excluded.reason, user_id = excluded.user_id,
                   actor = excluded.actor, at = excluded.at",
                params![course_id, period_id, reason, actor.user_id, actor.login, tx.at()],
            )?;
            tx.log(&AuditEntry {
                    entity_id: Some(period_id.0),
                    course_id: Some(course_id),
                    new: Some(format!("{period}: {reason}")),
                    ..AuditEntry::new(Action::Unlock, Entity::Period)
                })
        })
    }

    /// Closes the period for the course again.
    pub fn relock_period(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        period_id: PeriodId,
        reason: &str,
    ) -> Result<()> {
        may_supervise(actor)?;
        let reason = lock_reason(reason)?;
        let period = self.period_words(period_id)?;
        self.change(actor, |tx| {
            let n = tx.execute(
                "DELETE FROM period_unlock WHERE course_id = ?1 AND period_id = ?2",
                params![course_id, period_id],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(tr!(
                    "период для этого курса и так закрыт",
                    "the period is already closed for this course"
                )));
            }
            tx.log(&AuditEntry {
                entity_id: Some(period_id.0),
                course_id: Some(course_id),
                new: Some(format!("{period}: {reason}")),
                ..AuditEntry::new(Action::Lock, Entity::Period)
            })
        })
    }

    /// A period as the audit names it: «2 четверть 2025/26».
    fn period_words(&self, period_id: PeriodId) -> Result<String> {
        let (period, year): (String, String) = self.row(
            "SELECT p.name, y.name FROM period p JOIN school_year y ON y.id = p.year_id
             WHERE p.id = ?1",
            [period_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // «2025/2026» → «2025/26».
        let year = match year.split_once('/') {
            Some((a, b)) if a.len() == 4 && b.len() == 4 && b.is_ascii() => {
                format!("{a}/{}", &b[2..])
            }
            _ => year,
        };
        Ok(format!("{period} {year}"))
    }
}

/// Why a period is opened or closed again: both directions give one.
fn lock_reason(reason: &str) -> Result<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::Invalid(tr!("укажите причину", "give a reason")));
    }
    crate::domain::text::check(crate::domain::text::Field::Reason, reason)?;
    Ok(reason)
}
