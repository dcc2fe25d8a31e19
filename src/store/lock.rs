//! Entries in their time: a lesson of a later day takes no marks or attendance; a
//! closed period takes no change; finals only in their window. Checked before every
//! entry; a period (or the year's finals) opened again for one course by a deputy with a
//! reason, and closed again; or closed early (an inspection) until it is opened again.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::audit::AuditEntry;
use super::{Result, Store, StoreError, fmt_date};
use crate::domain::RuleError;
use crate::domain::audit::{Action, Entity};
use crate::domain::calendar::Period;
use crate::domain::calendar::parse_date;
use crate::domain::ids::{CourseId, PeriodId};
use crate::domain::lock::{
    Finals, FinalsWindow, check_finals_time, check_held, check_open, is_locked,
};
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
                "SELECT 1 FROM period_unlock WHERE course_id = ?1 AND period_id = ?2
                 AND (until IS NULL OR until >= ?3)",
                params![course_id, period_id, fmt_date(self.today())],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Who closed the course's period early, and why, if it is.
    fn early_lock(
        &self,
        course_id: CourseId,
        period_id: PeriodId,
    ) -> Result<Option<(String, String)>> {
        Ok(self
            .row(
                "SELECT actor, reason FROM period_lock WHERE course_id = ?1 AND period_id = ?2",
                params![course_id, period_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Refuses entries for a period a deputy closed early for the course.
    fn check_not_closed_early(&self, course_id: CourseId, period: &Period) -> Result<()> {
        match self.early_lock(course_id, period.id)? {
            Some((by, reason)) => Err(RuleError::PeriodLocked {
                period: period.name.clone(),
                num: period.num,
                by,
                reason,
            }
            .into()),
            None => Ok(()),
        }
    }

    fn year_unlocked(&self, course_id: CourseId) -> Result<bool> {
        Ok(self
            .row(
                "SELECT 1 FROM year_unlock WHERE course_id = ?1 AND (until IS NULL OR until >= ?2)",
                params![course_id, fmt_date(self.today())],
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
        self.check_not_closed_early(course_id, period)?;
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
                self.check_not_closed_early(course_id, p)?;
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
                // The grade's last period closed early holds its year finals too.
                self.check_not_closed_early(course_id, last)?;
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
    /// after the deadline, before the finals' window, or after closing it early.
    pub fn unlock(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        what: Lockable,
        reason: &str,
    ) -> Result<()> {
        self.set_open(actor, &[course_id], what, true, reason, None)
            .map(|_| ())
    }

    /// Closes the period (the year's finals) for the course: again, after it was opened
    /// past its deadline; or early, while it runs (an inspection): then it takes no
    /// entries until it is opened again.
    pub fn relock(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        what: Lockable,
        reason: &str,
    ) -> Result<()> {
        match self.set_open(actor, &[course_id], what, false, reason, None)? {
            0 => Err(StoreError::Invalid(match what {
                Lockable::Period(_) => tr!(
                    "период для этого курса и так закрыт",
                    "the period is already closed for this course"
                ),
                Lockable::Year => tr!(
                    "годовые отметки этого курса и так закрыты",
                    "the year finals of this course are already closed"
                ),
            })),
            _ => Ok(()),
        }
    }

    /// Opens (`open`) or closes the period, or the year's finals, for each of the
    /// courses in one transaction, with one reason; each change audited with the period
    /// named. Returns how many courses changed: a course already open (closed) is left
    /// as it is. Closing a running period closes it for real: its entries are refused
    /// until it is opened again. An opening may last `until` a day (then it closes by
    /// itself), or until it is closed again.
    pub fn set_open(
        &mut self,
        actor: &Actor,
        courses: &[CourseId],
        what: Lockable,
        open: bool,
        reason: &str,
        until: Option<NaiveDate>,
    ) -> Result<usize> {
        may_supervise(actor)?;
        let reason = lock_reason(reason)?;
        let days = self.settings()?.final_deadline_days;
        let today = self.today();
        let until = if open { until } else { None };
        if let Some(u) = until
            && u < today
        {
            return Err(StoreError::Invalid(tr!(
                "«до» — не раньше сегодняшнего дня ({})",
                "«until» cannot be before today ({})",
                today.format("%d.%m.%Y")
            )));
        }
        let noted = match until {
            Some(u) => tr!("{} (до {})", "{} (until {})", reason, u.format("%d.%m.%Y")),
            None => reason.to_string(),
        };
        let (until, today_s) = (until.map(fmt_date), fmt_date(today));
        let mut plan = Vec::new();
        for &course_id in courses {
            let words = self.lockable_words(course_id, what)?;
            // Whether the calendar alone still keeps it open today.
            let running = match what {
                Lockable::Period(pid) => {
                    let period = self
                        .course_periods(course_id)?
                        .into_iter()
                        .find(|p| p.id == pid)
                        .ok_or_else(|| {
                            StoreError::Invalid(tr!(
                                "у этого класса нет такого периода",
                                "this class has no such period"
                            ))
                        })?;
                    !is_locked(period.end, days, today, false)
                }
                Lockable::Year => {
                    // Year finals are closed early with the grade's last period.
                    if !open
                        && self.year_window_open(course_id)?
                        && !self.year_unlocked(course_id)?
                    {
                        return Err(StoreError::Invalid(tr!(
                            "годовые отметки по календарю ещё открыты: досрочно их закрывает закрытие последнего периода",
                            "the year finals are open by the calendar: closing the last period closes them early"
                        )));
                    }
                    self.year_window_open(course_id)?
                }
            };
            plan.push((course_id, words, running));
        }
        self.change(actor, |tx| {
            let mut changed = 0;
            for (course_id, words, running) in &plan {
                let n = if open {
                    let opening = Opening {
                        reason,
                        until: until.as_deref(),
                        running: *running,
                    };
                    open_tx(tx, actor, *course_id, what, &opening)?
                } else {
                    close_tx(tx, actor, *course_id, what, *running, reason, &today_s)?
                };
                if n == 0 {
                    continue;
                }
                changed += 1;
                // An early lock taken away is not an opening: it has no «until».
                let said = if open && *running {
                    reason
                } else {
                    noted.as_str()
                };
                tx.log(&AuditEntry {
                    entity_id: lockable_id(what),
                    course_id: Some(*course_id),
                    new: Some(format!("{words}: {said}")),
                    ..AuditEntry::new(
                        if open { Action::Unlock } else { Action::Lock },
                        Entity::Period,
                    )
                })?;
            }
            Ok(changed)
        })
    }

    /// The year's finals opened again: each course's, with who and why.
    pub fn year_notes(&self) -> Result<Vec<LockNote>> {
        let mut st = self.conn.prepare_cached(
            "SELECT course_id, actor, reason, at, until FROM year_unlock
             WHERE until IS NULL OR until >= ?1 ORDER BY at",
        )?;
        let rows = st
            .query_map([fmt_date(self.today())], |r| {
                Ok(LockNote {
                    course_id: r.get(0)?,
                    closed: false,
                    actor: r.get(1)?,
                    reason: r.get(2)?,
                    at: r.get(3)?,
                    until: r.get::<_, Option<String>>(4)?.and_then(|d| parse_date(&d)),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Whether the course's year finals are in their window today.
    fn year_window_open(&self, course_id: CourseId) -> Result<bool> {
        let settings = self.settings()?;
        Ok(self.course_periods(course_id)?.last().is_some_and(|last| {
            FinalsWindow::new(
                last.end,
                settings.finals_open_days,
                settings.final_deadline_days,
            )
            .contains(self.today())
        }))
    }

    /// The locks and unlocks in force for the period: each course's, with who and why.
    pub fn period_notes(&self, period_id: PeriodId) -> Result<Vec<LockNote>> {
        let mut st = self.conn.prepare_cached(
            "SELECT course_id, 0, actor, reason, at, until FROM period_unlock
             WHERE period_id = ?1 AND (until IS NULL OR until >= ?2)
             UNION ALL
             SELECT course_id, 1, actor, reason, at, NULL FROM period_lock WHERE period_id = ?1
             ORDER BY 5",
        )?;
        let rows = st
            .query_map(params![period_id, fmt_date(self.today())], |r| {
                Ok(LockNote {
                    course_id: r.get(0)?,
                    closed: r.get::<_, i64>(1)? == 1,
                    actor: r.get(2)?,
                    reason: r.get(3)?,
                    at: r.get(4)?,
                    until: r.get::<_, Option<String>>(5)?.and_then(|d| parse_date(&d)),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
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

/// How an opening is made: why, until when, and whether the calendar itself keeps the
/// period (the year's finals' window) open today.
struct Opening<'a> {
    reason: &'a str,
    until: Option<&'a str>,
    running: bool,
}

/// Opens one course's period (the year's finals). While the calendar keeps it open
/// (`running`) only an early lock is taken away — no opening is recorded, or it would
/// outlast the deadline; 0 when there was none (it was open already). Past the deadline
/// (before the finals' window) an opening is recorded, until `until` or until closed.
fn open_tx(
    tx: &super::audit::Change<'_, '_>,
    actor: &Actor,
    course_id: CourseId,
    what: Lockable,
    opening: &Opening<'_>,
) -> Result<usize> {
    let Opening {
        reason,
        until,
        running,
    } = *opening;
    match what {
        Lockable::Period(period_id) => {
            let unlocked = tx.execute(
                "DELETE FROM period_lock WHERE course_id = ?1 AND period_id = ?2",
                params![course_id, period_id],
            )?;
            if running {
                return Ok(unlocked);
            }
            tx.execute(
                "INSERT INTO period_unlock (course_id, period_id, reason, user_id, actor, at, until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (course_id, period_id) DO UPDATE SET reason = excluded.reason, user_id = excluded.user_id,
                   actor = excluded.actor, at = excluded.at, until = excluded.until",
                params![course_id, period_id, reason, actor.user_id, actor.login, tx.at(), until],
            )?;
        }
        Lockable::Year if running => return Ok(0),
        Lockable::Year => {
            tx.execute(
                "INSERT INTO year_unlock (course_id, reason, user_id, actor, at, until) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (course_id) DO UPDATE SET reason = excluded.reason, user_id = excluded.user_id,
                   actor = excluded.actor, at = excluded.at, until = excluded.until",
                params![course_id, reason, actor.user_id, actor.login, tx.at(), until],
            )?;
        }
    }
    Ok(1)
}

/// Closes one course's period (the year's finals): an unlock removed, and a period the
/// calendar still keeps open (`running`) closed early. 0: it was closed already.
fn close_tx(
    tx: &super::audit::Change<'_, '_>,
    actor: &Actor,
    course_id: CourseId,
    what: Lockable,
    running: bool,
    reason: &str,
    today: &str,
) -> Result<usize> {
    match what {
        Lockable::Period(period_id) => {
            // An opening in force counts; one run out is only cleared away.
            let unlocked = tx.execute(
                "DELETE FROM period_unlock WHERE course_id = ?1 AND period_id = ?2
                 AND (until IS NULL OR until >= ?3)",
                params![course_id, period_id, today],
            )?;
            tx.execute(
                "DELETE FROM period_unlock WHERE course_id = ?1 AND period_id = ?2",
                params![course_id, period_id],
            )?;
            let locked = if running {
                tx.execute(
                    "INSERT INTO period_lock (course_id, period_id, reason, user_id, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (course_id, period_id) DO NOTHING",
                    params![course_id, period_id, reason, actor.user_id, actor.login, tx.at()],
                )?
            } else {
                0
            };
            Ok(unlocked + locked)
        }
        Lockable::Year => {
            let n = tx.execute(
                "DELETE FROM year_unlock WHERE course_id = ?1 AND (until IS NULL OR until >= ?2)",
                params![course_id, today],
            )?;
            tx.execute("DELETE FROM year_unlock WHERE course_id = ?1", [course_id])?;
            Ok(n)
        }
    }
}

/// A lock or an unlock in force for one course's period.
#[derive(Debug, Clone, PartialEq)]
pub struct LockNote {
    pub course_id: CourseId,
    /// Closed early (`true`), or opened again.
    pub closed: bool,
    pub actor: String,
    pub reason: String,
    /// When, as stored («2025-12-15 10:20:00»).
    pub at: String,
    /// The last day an opening lasts; `None`: until it is closed again.
    pub until: Option<NaiveDate>,
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
