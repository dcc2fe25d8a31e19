//! The school's settings, calendar, work types and attendance codes.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, fmt_date, parse_date};
use crate::config::school::School;
use crate::domain::attendance::{AttendanceCode, AttendanceCodes};
use crate::domain::bells::{Bell, Bells, month_day};
use crate::domain::calendar::{Calendar, Holiday, HolidayKind, LastDay, Period};
use crate::domain::calendar::{grade_weeks_text, parse_grade_weeks};
use crate::domain::marks::{Cutoffs, MarkValue};
use crate::tr;

/// A work type as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkTypeRow {
    pub id: i64,
    pub name: String,
    pub short: String,
    pub weight: f64,
}

/// The school year as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct YearRow {
    pub id: i64,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Scalar settings read at start-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub name: String,
    pub short_name: String,
    pub demo: bool,
    pub period_kind: String,
    pub week_days: u32,
    /// Grades whose week differs from the school's.
    pub week_days_by_grade: std::collections::BTreeMap<i64, u32>,
    pub final_deadline_days: u32,
    /// Finals open this many days before a period's end.
    pub finals_open_days: u32,
    pub min_marks_per_period: i64,
}

impl Store {
    /// Writes a new school's settings and its first year. Only for an empty journal.
    pub fn init_school(&mut self, school: &School) -> Result<i64> {
        self.write(|tx| {
            let existing: i64 = tx.query_row("SELECT count(*) FROM school_year", [], |r| r.get(0))?;
            if existing > 0 {
                return Err(StoreError::Invalid(tr!(
                    "журнал уже настроен",
                    "the journal is already set up"
                )));
            }
            let settings = [
                ("name", school.name.clone()),
                ("short_name", school.short_name.clone()),
                ("demo", if school.demo { "1" } else { "0" }.to_string()),
                ("period_kind", school.period_kind.clone()),
                ("week_days", school.week_days.to_string()),
                (
                    "week_days_by_grade",
                    grade_weeks_text(&school.week_days_by_grade),
                ),
                ("final_deadline_days", school.final_deadline_days.to_string()),
                ("finals_open_days", school.finals_open_days.to_string()),
                ("min_marks_per_period", school.min_marks_per_period.to_string()),
            ];
            for (k, v) in settings {
                tx.execute("INSERT INTO setting (key, value) VALUES (?1, ?2)", params![k, v])?;
            }
            let start = school.periods.iter().map(|p| p.start).min();
            let end = school.periods.iter().map(|p| p.end).max();
            let (Some(start), Some(end)) = (start, end) else {
                return Err(StoreError::Invalid(tr!("нет учебных периодов", "no study periods")));
            };
            tx.execute(
                "INSERT INTO school_year (name, start_date, end_date) VALUES (?1, ?2, ?3)",
                params![school.year_name(), fmt_date(start), fmt_date(end)],
            )?;
            let year_id = tx.last_insert_rowid();
            for (i, p) in school.periods.iter().enumerate() {
                tx.execute(
                    "INSERT INTO period (year_id, num, name, start_date, end_date, grade_min, grade_max)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        year_id,
                        i as i64 + 1,
                        p.name,
                        fmt_date(p.start),
                        fmt_date(p.end),
                        p.grade_min,
                        p.grade_max
                    ],
                )?;
            }
            for l in &school.last_days {
                tx.execute(
                    "INSERT INTO last_day (year_id, grade_min, grade_max, day) VALUES (?1, ?2, ?3, ?4)",
                    params![year_id, l.grade_min, l.grade_max, fmt_date(l.date)],
                )?;
            }
            for h in &school.holidays {
                tx.execute(
                    "INSERT INTO holiday (year_id, name, start_date, end_date, grade_min, grade_max)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![year_id, h.name, fmt_date(h.start), fmt_date(h.end), h.grade_min, h.grade_max],
                )?;
            }
            for b in school.bells.iter().map(|b| b.schedule()) {
                let day = |d: Option<(u32, u32)>| d.map(|(m, d)| format!("{m:02}-{d:02}"));
                tx.execute(
                    "INSERT INTO bell (number, start_time, end_time, grade_min, grade_max, from_day, to_day)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        b.number,
                        b.start,
                        b.end,
                        b.grade_min,
                        b.grade_max,
                        day(b.from),
                        day(b.to)
                    ],
                )?;
            }
            for c in &school.cutoffs {
                tx.execute(
                    "INSERT INTO final_cutoff (from_avg, mark) VALUES (?1, ?2)",
                    params![c.from, c.mark],
                )?;
            }
            for (i, w) in school.work_types.iter().enumerate() {
                tx.execute(
                    "INSERT INTO work_type (name, short, weight, ord) VALUES (?1, ?2, ?3, ?4)",
                    params![w.name, w.short, w.weight, i as i64],
                )?;
            }
            for (i, a) in school.attendance.0.iter().enumerate() {
                tx.execute(
                    "INSERT INTO attendance_code (code, name, absent, excused, ord)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![a.code, a.name, a.absent, a.excused, i as i64],
                )?;
            }
            super::grading::write_grading(
                tx,
                &super::grading::Grading {
                    assessment: school.assessment.clone(),
                    minimums: school.minimums.clone(),
                    fallback: school.min_marks_per_period,
                },
            )?;
            Ok(year_id)
        })
    }

    pub fn settings(&self) -> Result<Settings> {
        let get = |k: &str| -> Result<String> {
            Ok(self
                .conn
                .query_row("SELECT value FROM setting WHERE key = ?1", [k], |r| {
                    r.get(0)
                })
                .optional()?
                .unwrap_or_default())
        };
        Ok(Settings {
            name: get("name")?,
            short_name: get("short_name")?,
            demo: get("demo")? == "1",
            period_kind: get("period_kind")?,
            week_days: get("week_days")?.parse().unwrap_or(5),
            week_days_by_grade: parse_grade_weeks(&get("week_days_by_grade")?),
            final_deadline_days: get("final_deadline_days")?.parse().unwrap_or(4),
            finals_open_days: get("finals_open_days")?
                .parse()
                .unwrap_or(crate::domain::lock::FINALS_OPEN_DAYS),
            min_marks_per_period: get("min_marks_per_period")?.parse().unwrap_or(3),
        })
    }

    /// The current (latest open) school year.
    pub fn current_year(&self) -> Result<YearRow> {
        self.conn
            .query_row(
                "SELECT id, name, start_date, end_date FROM school_year
                 ORDER BY closed, start_date DESC LIMIT 1",
                [],
                |r| {
                    Ok(YearRow {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        start: parse_date(&r.get::<_, String>(2)?)?,
                        end: parse_date(&r.get::<_, String>(3)?)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(tr!(
                    "в журнале нет учебного года: создайте его командой zhurnal init",
                    "the journal has no school year: create one with zhurnal init"
                ))
            })
    }

    /// The year's study periods of every grade, in order: all a question about periods
    /// needs (the whole calendar, with the country's days, is [`Store::calendar`]; one
    /// grade's periods are [`Store::grade_periods`]).
    pub fn periods(&self, year_id: i64) -> Result<Vec<Period>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, num, name, start_date, end_date, grade_min, grade_max
             FROM period WHERE year_id = ?1 ORDER BY num",
        )?;
        let periods = st
            .query_map([year_id], |r| {
                Ok(Period {
                    id: r.get(0)?,
                    num: r.get(1)?,
                    name: r.get(2)?,
                    start: parse_date(&r.get::<_, String>(3)?)?,
                    end: parse_date(&r.get::<_, String>(4)?)?,
                    grade_min: r.get(5)?,
                    grade_max: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(periods)
    }

    /// The grades whose year ends early, and their last days.
    pub fn last_days(&self, year_id: i64) -> Result<Vec<LastDay>> {
        let mut st = self.conn.prepare_cached(
            "SELECT grade_min, grade_max, day FROM last_day WHERE year_id = ?1 ORDER BY day, grade_min",
        )?;
        let days = st
            .query_map([year_id], |r| {
                Ok(LastDay {
                    grade_min: r.get(0)?,
                    grade_max: r.get(1)?,
                    date: parse_date(&r.get::<_, String>(2)?)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(days)
    }

    /// One grade's periods of the year, numbered from 1, the last ending on the grade's
    /// last day.
    pub fn grade_periods(&self, year_id: i64, grade: i64) -> Result<Vec<Period>> {
        Ok(crate::domain::calendar::grade_periods(
            &self.periods(year_id)?,
            &self.last_days(year_id)?,
            grade,
        ))
    }

    pub fn calendar(&self, year_id: i64) -> Result<Calendar> {
        let periods = self.periods(year_id)?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, start_date, end_date, grade_min, grade_max, kind, class_id, weekday
             FROM holiday WHERE year_id = ?1 ORDER BY start_date, id",
        )?;
        let holidays = st
            .query_map([year_id], |r| {
                let kind: String = r.get(6)?;
                let weekday: Option<u32> = r.get(8)?;
                Ok(Holiday {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    start: parse_date(&r.get::<_, String>(2)?)?,
                    end: parse_date(&r.get::<_, String>(3)?)?,
                    grade_min: r.get(4)?,
                    grade_max: r.get(5)?,
                    kind: HolidayKind::parse(&kind, weekday).ok_or_else(|| {
                        rusqlite::Error::InvalidColumnType(
                            6,
                            kind.clone(),
                            rusqlite::types::Type::Text,
                        )
                    })?,
                    class_id: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let settings = self.settings()?;
        Ok(Calendar::new(periods, holidays)
            .with_last_days(self.last_days(year_id)?)
            .with_production(self.production()?.as_ref())
            .with_week_days(settings.week_days)
            .with_grade_weeks(settings.week_days_by_grade))
    }

    pub fn work_types(&self) -> Result<Vec<WorkTypeRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, name, short, weight FROM work_type WHERE active = 1 ORDER BY ord, id",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(WorkTypeRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    short: r.get(2)?,
                    weight: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn attendance_codes(&self) -> Result<AttendanceCodes> {
        let mut st = self.conn.prepare_cached(
            "SELECT code, name, absent, excused FROM attendance_code ORDER BY ord, code",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(AttendanceCode {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    absent: r.get(2)?,
                    excused: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(AttendanceCodes(rows))
    }

    pub fn cutoffs(&self) -> Result<Cutoffs> {
        let mut st = self
            .conn
            .prepare_cached("SELECT from_avg, mark FROM final_cutoff")?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, f64>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let list = rows
            .into_iter()
            .map(|(f, m)| Ok((f, MarkValue::new(m)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(if list.is_empty() {
            Cutoffs::default()
        } else {
            Cutoffs::new(list)
        })
    }

    /// Every bell of the school, its ordinary ones and those of some grades or some part
    /// of the year.
    pub fn bells(&self) -> Result<Bells> {
        let mut st = self.conn.prepare_cached(
            "SELECT number, start_time, end_time, grade_min, grade_max, from_day, to_day
             FROM bell ORDER BY number, id",
        )?;
        let rows = st
            .query_map([], |r| {
                let day = |d: Option<String>| d.as_deref().and_then(month_day);
                Ok(Bell {
                    number: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                    grade_min: r.get(3)?,
                    grade_max: r.get(4)?,
                    from: day(r.get(5)?),
                    to: day(r.get(6)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Bells(rows))
    }
}
