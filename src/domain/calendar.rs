//! The school year: study periods, holidays and which days hold lessons — the school's
//! breaks, the country's days off and worked weekend days (the production calendar),
//! and a five- or six-day week.

use std::collections::BTreeMap;

use crate::domain::ids::{ClassId, PeriodId};
use crate::domain::production::{DayKind, ProductionCalendar};
use chrono::{Datelike, NaiveDate, Weekday};

use super::RuleError;

#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub id: PeriodId,
    /// 1-based position in the year.
    pub num: i64,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The grades that study in this period: quarters for 1–9 and halves for 10–11
    /// are two sets of periods in one year.
    pub grade_min: i64,
    pub grade_max: i64,
}

impl Period {
    /// The period is one of this grade's.
    pub fn covers_grade(&self, grade: i64) -> bool {
        (self.grade_min..=self.grade_max).contains(&grade)
    }

    /// The grades as a school writes them: «1–9», «10–11», «9»; empty for every grade.
    pub fn grades_text(&self) -> String {
        grades_text(self.grade_min, self.grade_max)
    }
}

/// Grades as a school writes them: «1–9», «9»; empty for all of 1–11.
pub fn grades_text(min: i64, max: i64) -> String {
    match (min, max) {
        (1, 11) => String::new(),
        (a, b) if a == b => a.to_string(),
        (a, b) => format!("{a}–{b}"),
    }
}

/// An earlier last day of the year for some grades: the 9th and 11th finish before
/// their state exams, the 1st often a few days before the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastDay {
    pub grade_min: i64,
    pub grade_max: i64,
    pub date: NaiveDate,
}

/// The grade's periods, in order and numbered from 1, out of a year's periods of every
/// grade: the last one ends on the grade's earlier last day when it has one (a period
/// that would begin after it is left out).
pub fn grade_periods(periods: &[Period], last_days: &[LastDay], grade: i64) -> Vec<Period> {
    let last = last_days
        .iter()
        .filter(|l| (l.grade_min..=l.grade_max).contains(&grade))
        .map(|l| l.date)
        .min();
    let mut out: Vec<Period> = periods
        .iter()
        .filter(|p| p.covers_grade(grade))
        .filter(|p| last.is_none_or(|l| p.start <= l))
        .cloned()
        .map(|mut p| {
            if let Some(l) = last {
                p.end = p.end.min(l);
            }
            p
        })
        .collect();
    out.sort_by_key(|p| (p.start, p.num));
    for (i, p) in out.iter_mut().enumerate() {
        p.num = i as i64 + 1;
    }
    out
}

/// What a calendar entry of the school is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayKind {
    /// A break: no lessons.
    Holiday,
    /// A quarantine: no lessons.
    Quarantine,
    /// Lessons are held, absences are excused (frost days, «актированные дни»).
    Excused,
    /// A weekend day worked with this weekday's timetable.
    Workday(Weekday),
}

impl HolidayKind {
    /// The word stored in `holiday.kind`.
    pub fn as_str(&self) -> &'static str {
        match self {
            HolidayKind::Holiday => "holiday",
            HolidayKind::Quarantine => "quarantine",
            HolidayKind::Excused => "excused",
            HolidayKind::Workday(_) => "workday",
        }
    }

    /// The stored word and weekday (1 = Monday) back as a kind.
    pub fn parse(kind: &str, weekday: Option<u32>) -> Option<HolidayKind> {
        Some(match kind {
            "holiday" => HolidayKind::Holiday,
            "quarantine" => HolidayKind::Quarantine,
            "excused" => HolidayKind::Excused,
            "workday" => HolidayKind::Workday(weekday_from_number(weekday?)?),
            _ => return None,
        })
    }

    /// The weekday a workday follows, 1 = Monday.
    pub fn weekday_number(&self) -> Option<u32> {
        match self {
            HolidayKind::Workday(w) => Some(w.number_from_monday()),
            _ => None,
        }
    }

    /// The entry's days hold no lessons.
    pub fn closes(&self) -> bool {
        matches!(self, HolidayKind::Holiday | HolidayKind::Quarantine)
    }

    /// The kind in the interface's language.
    pub fn name(&self) -> &'static str {
        match self {
            HolidayKind::Holiday => crate::i18n::pick("каникулы", "break"),
            HolidayKind::Quarantine => crate::i18n::pick("карантин", "quarantine"),
            HolidayKind::Excused => crate::i18n::pick("актированный день", "excused day"),
            HolidayKind::Workday(_) => crate::i18n::pick("рабочий день", "worked day"),
        }
    }
}

/// A weekday by its number, 1 = Monday.
pub fn weekday_from_number(n: u32) -> Option<Weekday> {
    Some(match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        7 => Weekday::Sun,
        _ => return None,
    })
}

/// A calendar entry of the school: a break, a quarantine, an excused day or a worked
/// weekend day, for a range of grades or one class.
#[derive(Debug, Clone, PartialEq)]
pub struct Holiday {
    /// The stored entry's id; 0 for one not stored yet.
    pub id: i64,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Grades the holiday applies to (the first-grade February break applies to 1 only).
    pub grade_min: i64,
    pub grade_max: i64,
    pub kind: HolidayKind,
    /// One class only (its grade is `grade_min` and `grade_max`).
    pub class_id: Option<ClassId>,
}

impl Holiday {
    /// A school's break for these grades, not stored yet.
    pub fn new(name: &str, start: NaiveDate, end: NaiveDate, grades: (i64, i64)) -> Holiday {
        Holiday {
            id: 0,
            name: name.to_string(),
            start,
            end,
            grade_min: grades.0,
            grade_max: grades.1,
            kind: HolidayKind::Holiday,
            class_id: None,
        }
    }

    /// The entry is about this date and a class of this grade (`class`: which one,
    /// when known; an entry of one class covers no other).
    pub fn covers(&self, date: NaiveDate, grade: i64, class: Option<ClassId>) -> bool {
        (self.start..=self.end).contains(&date)
            && (self.grade_min..=self.grade_max).contains(&grade)
            && (self.class_id.is_none() || self.class_id == class)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// The periods of every grade (each period says its grades; see
    /// [`Calendar::periods_of`] for one grade's).
    pub periods: Vec<Period>,
    /// Grades whose year ends earlier than their last period.
    pub last_days: Vec<LastDay>,
    /// The school's own breaks and days off, by grade.
    pub holidays: Vec<Holiday>,
    /// The country's days off inside the year (public holidays, days moved by the law
    /// and by the year's decree), each with its name.
    pub days_off: BTreeMap<NaiveDate, String>,
    /// Weekend days the decree makes working days, each with the weekday whose timetable
    /// it follows (the weekday it gave its day off to).
    pub worked: BTreeMap<NaiveDate, Weekday>,
    /// 5: Saturdays off; 6: Saturdays are school days.
    pub week_days: u32,
    /// Grades whose week differs from the school's (`10 → 6`: the tenth grade studies
    /// on Saturdays).
    pub week_days_by_grade: BTreeMap<i64, u32>,
}

impl Calendar {
    /// A year of these periods and breaks, every Saturday a school day and no country's
    /// calendar applied (see [`Calendar::with_production`], [`Calendar::with_week_days`]).
    pub fn new(periods: Vec<Period>, holidays: Vec<Holiday>) -> Calendar {
        Calendar {
            periods,
            last_days: Vec::new(),
            holidays,
            days_off: BTreeMap::new(),
            worked: BTreeMap::new(),
            week_days: 6,
            week_days_by_grade: BTreeMap::new(),
        }
    }

    /// The same year with the country's days off and worked weekend days applied.
    pub fn with_production(mut self, production: &ProductionCalendar) -> Calendar {
        let (Some(start), Some(end)) = (self.start(), self.end()) else {
            return self;
        };
        let mut gave: BTreeMap<NaiveDate, Weekday> = BTreeMap::new();
        let mut worked_days = Vec::new();
        for d in start.iter_days().take_while(|d| *d <= end) {
            match production.day(d) {
                DayKind::Holiday { name } => {
                    self.days_off.insert(d, name);
                }
                DayKind::MovedDayOff { from } => {
                    gave.insert(from, d.weekday());
                    self.days_off.insert(
                        d,
                        crate::tr!(
                            "выходной, перенесён с {}",
                            "a day off moved from {}",
                            from.format("%d.%m.%Y")
                        ),
                    );
                }
                DayKind::WorkingAs(w) => worked_days.push((d, w)),
                DayKind::Working | DayKind::Weekend => {}
            }
        }
        for (d, w) in worked_days {
            // A worked Saturday follows the timetable of the weekday it gave its day off
            // to, unless the decree names another weekday.
            let follows = match gave.get(&d) {
                Some(to) if w == d.weekday() => *to,
                _ => w,
            };
            self.worked.insert(d, follows);
        }
        self
    }

    /// The same year with some grades' earlier last days.
    pub fn with_last_days(mut self, last_days: Vec<LastDay>) -> Calendar {
        self.last_days = last_days;
        self
    }

    /// The same year with a five- or six-day week.
    pub fn with_week_days(mut self, week_days: u32) -> Calendar {
        self.week_days = week_days;
        self
    }

    /// The same year with some grades' weeks other than the school's.
    pub fn with_grade_weeks(mut self, weeks: BTreeMap<i64, u32>) -> Calendar {
        self.week_days_by_grade = weeks;
        self
    }

    /// The days of the grade's week: 5 or 6.
    pub fn week_days_of(&self, grade: i64) -> u32 {
        self.week_days_by_grade
            .get(&grade)
            .copied()
            .unwrap_or(self.week_days)
    }

    /// The school days a weekly view of the grade shows for the week of `monday`:
    /// Monday to Friday, and Saturday for a six-day week or when the decree makes it a
    /// working day.
    pub fn week_of(&self, monday: NaiveDate, grade: i64) -> Vec<NaiveDate> {
        let days = monday.iter_days().take(6);
        days.filter(|d| {
            d.weekday() != Weekday::Sat
                || self.week_days_of(grade) >= 6
                || self.worked.contains_key(d)
        })
        .collect()
    }

    /// Whose timetable the date follows for the grade: its own weekday, a worked
    /// weekend day's weekday, or none on a day off (a Sunday, a Saturday of a five-day
    /// week, the country's day off).
    pub fn timetable_day(&self, date: NaiveDate, grade: i64) -> Result<Weekday, RuleError> {
        if let Some(name) = self.days_off.get(&date) {
            return Err(RuleError::Holiday {
                date,
                name: name.clone(),
            });
        }
        if let Some(w) = self.worked.get(&date) {
            return Ok(*w);
        }
        if let Some(w) = self.school_workday(date) {
            return Ok(w);
        }
        match date.weekday() {
            Weekday::Sun => Err(RuleError::DayOff(date)),
            Weekday::Sat if self.week_days_of(grade) < 6 => Err(RuleError::DayOff(date)),
            w => Ok(w),
        }
    }

    /// The grade's periods in order, the last ending on the grade's last day.
    pub fn periods_of(&self, grade: i64) -> Vec<Period> {
        grade_periods(&self.periods, &self.last_days, grade)
    }

    /// The grade's period holding the date.
    pub fn period_on(&self, date: NaiveDate, grade: i64) -> Option<Period> {
        self.in_period(date, grade).then(|| {
            self.periods_of(grade)
                .into_iter()
                .find(|p| (p.start..=p.end).contains(&date))
        })?
    }

    /// The date is inside one of the grade's periods (asked for every day of a year:
    /// nothing is copied).
    pub fn in_period(&self, date: NaiveDate, grade: i64) -> bool {
        let ended = self
            .last_days
            .iter()
            .any(|l| (l.grade_min..=l.grade_max).contains(&grade) && date > l.date);
        !ended
            && self
                .periods
                .iter()
                .any(|p| p.covers_grade(grade) && (p.start..=p.end).contains(&date))
    }

    /// The grade's period of this number.
    pub fn period_by_num(&self, num: i64, grade: i64) -> Option<Period> {
        self.periods_of(grade).into_iter().find(|p| p.num == num)
    }

    /// The grade's period a screen opens on: the one holding `today`, else the last
    /// one that has begun, else the first.
    pub fn current_period(&self, today: NaiveDate, grade: i64) -> Option<Period> {
        current_period(&self.periods_of(grade), today)
    }

    /// The year's sets of periods, one for each range of grades that shares them
    /// (quarters for 1–9, halves for 10–11), each set's first grade with its grades.
    pub fn period_sets(&self) -> Vec<(i64, i64)> {
        let mut sets: Vec<(i64, i64)> = self
            .periods
            .iter()
            .map(|p| (p.grade_min, p.grade_max))
            .collect();
        sets.sort();
        sets.dedup();
        sets
    }

    /// The grade's last school day.
    pub fn last_day_of(&self, grade: i64) -> Option<NaiveDate> {
        self.periods_of(grade).last().map(|p| p.end)
    }

    /// The school's break on this date for the grade (entries of one class aside).
    pub fn holiday_on(&self, date: NaiveDate, grade: i64) -> Option<&Holiday> {
        self.closed_on(date, grade, None)
    }

    /// The break or quarantine that leaves the class (of this grade) without lessons.
    pub fn closed_on(
        &self,
        date: NaiveDate,
        grade: i64,
        class: Option<ClassId>,
    ) -> Option<&Holiday> {
        self.holidays
            .iter()
            .find(|h| h.kind.closes() && h.covers(date, grade, class))
    }

    /// The excused day («актированный день») that covers the class on this date.
    pub fn excused_on(
        &self,
        date: NaiveDate,
        grade: i64,
        class: Option<ClassId>,
    ) -> Option<&Holiday> {
        self.holidays
            .iter()
            .find(|h| h.kind == HolidayKind::Excused && h.covers(date, grade, class))
    }

    /// The weekday whose timetable the school works on this weekend day, if it does.
    pub fn school_workday(&self, date: NaiveDate) -> Option<Weekday> {
        self.holidays.iter().find_map(|h| match h.kind {
            HolidayKind::Workday(w) if (h.start..=h.end).contains(&date) => Some(w),
            _ => None,
        })
    }

    pub fn start(&self) -> Option<NaiveDate> {
        self.periods.iter().map(|p| p.start).min()
    }

    pub fn end(&self) -> Option<NaiveDate> {
        self.periods.iter().map(|p| p.end).max()
    }

    /// A lesson may be held on this date by this grade: inside a period, not a holiday
    /// of the school or the country, a school day of the week.
    pub fn check_lesson_date(&self, date: NaiveDate, grade: i64) -> Result<(), RuleError> {
        self.check_class_lesson_date(date, grade, None)
    }

    /// As [`Calendar::check_lesson_date`], for one class: its quarantine counts too.
    pub fn check_class_lesson_date(
        &self,
        date: NaiveDate,
        grade: i64,
        class: Option<ClassId>,
    ) -> Result<(), RuleError> {
        // The school's break is the most telling reason, also between two periods.
        if let Some(h) = self.closed_on(date, grade, class) {
            return Err(RuleError::Holiday {
                date,
                name: h.name.clone(),
            });
        }
        self.timetable_day(date, grade)?;
        if !self.in_period(date, grade) {
            return Err(RuleError::OutsidePeriods(date));
        }
        Ok(())
    }

    /// Dates from `from` to `to` (inclusive) that follow the timetable of `weekday`
    /// (1 = Monday) and on which the grade has lessons.
    pub fn lesson_dates(
        &self,
        weekday: u32,
        from: NaiveDate,
        to: NaiveDate,
        grade: i64,
    ) -> Vec<NaiveDate> {
        self.class_lesson_dates(weekday, from, to, grade, None)
    }

    /// As [`Calendar::lesson_dates`], for one class.
    pub fn class_lesson_dates(
        &self,
        weekday: u32,
        from: NaiveDate,
        to: NaiveDate,
        grade: i64,
        class: Option<ClassId>,
    ) -> Vec<NaiveDate> {
        // A worked Saturday may follow this weekday's timetable: every day is asked.
        from.iter_days()
            .take_while(|d| *d <= to)
            .filter(|d| {
                self.timetable_day(*d, grade)
                    .is_ok_and(|w| w.number_from_monday() == weekday)
                    && self.check_class_lesson_date(*d, grade, class).is_ok()
            })
            .collect()
    }

    /// The grade's study weeks in the year, as the curriculum counts them (34; 33 in
    /// the first grade): the weeks (Monday to Sunday) in which at least half of the
    /// school's week days are the grade's school days. A week cut by a public holiday
    /// still counts; the few days of a period's first or last week do not.
    pub fn study_weeks(&self, grade: i64) -> usize {
        let mut days: BTreeMap<chrono::IsoWeek, u32> = BTreeMap::new();
        for p in &self.periods_of(grade) {
            for d in p.start.iter_days().take_while(|d| *d <= p.end) {
                if self.check_lesson_date(d, grade).is_ok() {
                    *days.entry(d.iso_week()).or_default() += 1;
                }
            }
        }
        let half = self.week_days_of(grade).div_ceil(2);
        days.values().filter(|n| **n >= half).count()
    }
}

/// Of a grade's periods in order, the one holding `today`, else the last one that has
/// begun, else the first.
pub fn current_period(periods: &[Period], today: NaiveDate) -> Option<Period> {
    periods
        .iter()
        .find(|p| (p.start..=p.end).contains(&today))
        .or_else(|| periods.iter().rev().find(|p| p.start <= today))
        .or(periods.first())
        .cloned()
}

/// Some grades' weeks as the journal keeps them: `10=6,11=6`.
pub fn grade_weeks_text(weeks: &BTreeMap<i64, u32>) -> String {
    weeks
        .iter()
        .map(|(g, d)| format!("{g}={d}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The grades' weeks from their text (`10=6,11=6`); what is not such a pair is left out.
pub fn parse_grade_weeks(text: &str) -> BTreeMap<i64, u32> {
    text.split(',')
        .filter_map(|pair| {
            let (g, d) = pair.split_once('=')?;
            Some((g.trim().parse().ok()?, d.trim().parse().ok()?))
        })
        .collect()
}

/// The first calendar year of the school year containing `date`: September to August.
/// A date in summer belongs to the year that has just ended.
pub fn school_year_start(date: NaiveDate) -> i32 {
    if date.month() >= 9 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// Resolves a calendar date written either in full (`2025-11-05`, `05.11.2025`) or as
/// month and day (`11-05`) in the school year starting in `start_year`: September to
/// December belong to `start_year`, January to August to the next year.
pub fn resolve_date(s: &str, start_year: i32) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    let (m, d) = s.split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    let year = if m >= 9 { start_year } else { start_year + 1 };
    NaiveDate::from_ymd_opt(year, m, d)
}

/// A date as school offices write it: `2025-11-05` or `05.11.2025`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .ok()
}

#[cfg(test)]
mod tests;
