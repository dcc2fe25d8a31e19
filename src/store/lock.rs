//! Entries in their time: a lesson of a later day takes no marks or attendance; a
//! closed period takes no change; finals only in their window. Checked before every
//! entry; a period (or the year's finals) opened again for one course by a deputy with a
//! reason, and closed again.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::audit::AuditEntry;
use super::{Result, Store, StoreError};
use crate::domain::audit::{Action, Entity};
use crate::domain::calendar::Period;
use crate::domain::ids::{CourseId, PeriodId};
use crate::domain::lock::{Finals, FinalsWindow, check_finals_time, check_held, check_open};
use crate::domain::policy::{Actor, may_supervise};
use crate::tr;

/// What a deputy opens again for one course: a period, or the year's finals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lockable {
    Period(PeriodId),
    Year,
}

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

    fn year_unlocked(&self, course_id: CourseId) -> Result<bool> {
        Ok(self
            .row(
                "SELECT 1 FROM year_unlock WHERE course_id = ?1",
                [course_id],
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
        self.grade_period_on(self.course_grade(course_id)?, date)
    }

    /// The grade's period holding `date`, if any.
    pub(crate) fn grade_period_on(&self, grade: i64, date: NaiveDate) -> Result<Option<Period>> {
        // Every entry asks this: the periods alone, not the whole calendar.
        let year = self.current_year()?;
        Ok(self
            .grade_periods(year.id, grade)?
            .into_iter()
            .find(|p| (p.start..=p.end).contains(&date)))
    }

    /// The periods of the course's grade this year.
    pub fn course_periods(&self, course_id: CourseId) -> Result<Vec<Period>> {
        let year = self.current_year()?;
        self.grade_periods(year.id, self.course_grade(course_id)?)
    }

    /// Refuses a change to a closed period's entries: marks, attendance, lessons, finals.
    pub(crate) fn check_period_open(&self, course_id: CourseId, period: &Period) -> Result<()> {
        let days = self.settings()?.final_deadline_days;
        let unlocked = self.unlocked(course_id, period.id)?;
        Ok(check_open(period, days, self.today(), unlocked)?)
    }

    /// Refuses marks and attendance for a lesson of a later day than today.
    pub(crate) fn check_held(&self, date: NaiveDate) -> Result<()> {
        Ok(check_held(date, self.today())?)
    }

    /// Refuses a final outside its window: a period's (`Some`) in the period's last
    /// weeks until its deadline, the year's in the grade's last period's; unless a
    /// deputy opened the period (the year's finals) for the course.
    pub(crate) fn check_final_time(
        &self,
        course_id: CourseId,
        period: Option<&Period>,
    ) -> Result<()> {
        let settings = self.settings()?;
        let window =
            |end| FinalsWindow::new(end, settings.finals_open_days, settings.final_deadline_days);
        let today = self.today();
        match period {
            Some(p) => {
                let unlocked = self.unlocked(course_id, p.id)?;
                Ok(check_finals_time(
                    Finals::Period(p),
                    window(p.end),
                    today,
                    unlocked,
                )?)
            }
            None => {
                let periods = self.course_periods(course_id)?;
                let Some(last) = periods.last() else {
                    return Ok(());
                };
                let unlocked = self.year_unlocked(course_id)?;
                Ok(check_finals_time(
                    Finals::Year(last),
                    window(last.end),
                    today,
                    unlocked,
                )?)
            }
        }
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
        self.unlock(actor, course_id, Lockable::Period(period_id), reason)
    }

    /// Closes the period for the course again.
    pub fn relock_period(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        period_id: PeriodId,
        reason: &str,
    ) -> Result<()> {
        self.relock(actor, course_id, Lockable::Period(period_id), reason)
    }

    /// A deputy or the director opens a period, or the year's finals, for one course:
    /// after the deadline, or before the finals' window.
    pub fn unlock(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        what: Lockable,
        reason: &str,
    ) -> Result<()> {
        may_supervise(actor)?;
        let reason = lock_reason(reason)?;
        let words = self.lockable_words(course_id, what)?;
        self.change(actor, |tx| {
            match what {
                Lockable::Period(period_id) => tx.execute(
                    "INSERT INTO period_unlock (course_id, period_id, reason, user_id, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (course_id, period_id) DO UPDATE SET reason = excluded.reason, user_id = excluded.user_id,
                       actor = excluded.actor, at = excluded.at",
                    params![course_id, period_id, reason, actor.user_id, actor.login, tx.at()],
                )?,
                Lockable::Year => tx.execute(
                    "INSERT INTO year_unlock (course_id, reason, user_id, actor, at) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (course_id) DO UPDATE SET reason = excluded.reason, user_id = excluded.user_id,
                       actor = excluded.actor, at = excluded.at",
                    params![course_id, reason, actor.user_id, actor.login, tx.at()],
                )?,
            };
            tx.log(&AuditEntry {
                entity_id: lockable_id(what),
                course_id: Some(course_id),
                new: Some(format!("{words}: {reason}")),
                ..AuditEntry::new(Action::Unlock, Entity::Period)
            })
        })
    }

    /// Closes the period (the year's finals) for the course again.
    pub fn relock(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        what: Lockable,
        reason: &str,
    ) -> Result<()> {
        may_supervise(actor)?;
        let reason = lock_reason(reason)?;
        let words = self.lockable_words(course_id, what)?;
        self.change(actor, |tx| {
            let n = match what {
                Lockable::Period(period_id) => tx.execute(
                    "DELETE FROM period_unlock WHERE course_id = ?1 AND period_id = ?2",
                    params![course_id, period_id],
                )?,
                Lockable::Year => {
                    tx.execute("DELETE FROM year_unlock WHERE course_id = ?1", [course_id])?
                }
            };
            if n == 0 {
                return Err(StoreError::Invalid(match what {
                    Lockable::Period(_) => tr!(
                        "период для этого курса и так закрыт",
                        "the period is already closed for this course"
                    ),
                    Lockable::Year => tr!(
                        "годовые отметки этого курса и так закрыты",
                        "the year finals of this course are already closed"
                    ),
                }));
            }
            tx.log(&AuditEntry {
                entity_id: lockable_id(what),
                course_id: Some(course_id),
                new: Some(format!("{words}: {reason}")),
                ..AuditEntry::new(Action::Lock, Entity::Period)
            })
        })
    }

    /// What is opened or closed, as the audit names it: «1 четверть 2025/26»,
    /// «годовые 2025/26».
    fn lockable_words(&self, course_id: CourseId, what: Lockable) -> Result<String> {
        match what {
            Lockable::Period(period_id) => self.period_words(period_id),
            Lockable::Year => {
                let year: String = self.row(
                    "SELECT y.name FROM course c JOIN class k ON k.id = c.class_id
                     JOIN school_year y ON y.id = k.year_id WHERE c.id = ?1",
                    [course_id],
                    |r| r.get(0),
                )?;
                Ok(tr!("годовые {}", "year finals {}", short_year(year)))
            }
        }
    }

    /// A period as the audit names it: «2 четверть 2025/26».
    fn period_words(&self, period_id: PeriodId) -> Result<String> {
        let (period, year): (String, String) = self.row(
            "SELECT p.name, y.name FROM period p JOIN school_year y ON y.id = p.year_id
             WHERE p.id = ?1",
            [period_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(format!("{period} {}", short_year(year)))
    }
}

/// «2025/2026» → «2025/26».
fn short_year(year: String) -> String {
    match year.split_once('/') {
        Some((a, b)) if a.len() == 4 && b.len() == 4 && b.is_ascii() => {
            format!("{a}/{}", &b[2..])
        }
        _ => year,
    }
}

/// The audit's entity id: the period's; none for the year.
fn lockable_id(what: Lockable) -> Option<i64> {
    match what {
        Lockable::Period(p) => Some(p.0),
        Lockable::Year => None,
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
