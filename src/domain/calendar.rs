//! The school year: study periods, holidays and which days hold lessons.

use crate::domain::ids::PeriodId;
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Holiday {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Grades the holiday applies to (the first-grade February break applies to 1 only).
    pub grade_min: i64,
    pub grade_max: i64,
}

impl Holiday {
    pub fn covers(&self, date: NaiveDate, grade: i64) -> bool {
        (self.start..=self.end).contains(&date)
            && (self.grade_min..=self.grade_max).contains(&grade)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub periods: Vec<Period>,
    pub holidays: Vec<Holiday>,
}

impl Calendar {
    pub fn period_of(&self, date: NaiveDate) -> Option<&Period> {
        self.periods
            .iter()
            .find(|p| (p.start..=p.end).contains(&date))
    }

    pub fn period_by_num(&self, num: i64) -> Option<&Period> {
        self.periods.iter().find(|p| p.num == num)
    }

    pub fn holiday_on(&self, date: NaiveDate, grade: i64) -> Option<&Holiday> {
        self.holidays.iter().find(|h| h.covers(date, grade))
    }

    pub fn start(&self) -> Option<NaiveDate> {
        self.periods.iter().map(|p| p.start).min()
    }

    pub fn end(&self) -> Option<NaiveDate> {
        self.periods.iter().map(|p| p.end).max()
    }

    /// A lesson may be held on this date by this grade: inside a period, not a holiday,
    /// not a Sunday.
    pub fn check_lesson_date(&self, date: NaiveDate, grade: i64) -> Result<(), RuleError> {
        if date.weekday() == Weekday::Sun {
            return Err(RuleError::DayOff(date));
        }
        // A holiday is the more telling reason, also between two periods.
        if let Some(h) = self.holiday_on(date, grade) {
            return Err(RuleError::Holiday {
                date,
                name: h.name.clone(),
            });
        }
        if self.period_of(date).is_none() {
            return Err(RuleError::OutsidePeriods(date));
        }
        Ok(())
    }

    /// Dates from `from` to `to` (inclusive) falling on `weekday` (1 = Monday) on which
    /// the grade has lessons.
    pub fn lesson_dates(
        &self,
        weekday: u32,
        from: NaiveDate,
        to: NaiveDate,
        grade: i64,
    ) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let Some(first) = (0..7)
            .filter_map(|i| from.checked_add_days(chrono::Days::new(i)))
            .find(|d| d.weekday().number_from_monday() == weekday)
        else {
            return out;
        };
        let mut d = first;
        while d <= to {
            if self.check_lesson_date(d, grade).is_ok() {
                out.push(d);
            }
            match d.checked_add_days(chrono::Days::new(7)) {
                Some(n) => d = n,
                None => break,
            }
        }
        out
    }

    /// Study weeks of the year: weeks (Monday-based) with at least one school day for grade 5.
    pub fn study_weeks(&self) -> usize {
        let mut weeks = std::collections::BTreeSet::new();
        for p in &self.periods {
            let mut d = p.start;
            while d <= p.end {
                if d.weekday().number_from_monday() <= 5 && self.check_lesson_date(d, 5).is_ok() {
                    weeks.insert(d.iso_week());
                }
                match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                }
            }
        }
        weeks.len()
    }
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
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn cal() -> Calendar {
        Calendar {
            periods: vec![
                Period {
                    id: PeriodId(1),
                    num: 1,
                    name: "1 четверть".into(),
                    start: date("2025-09-01"),
                    end: date("2025-10-24"),
                },
                Period {
                    id: PeriodId(2),
                    num: 2,
                    name: "2 четверть".into(),
                    start: date("2025-11-05"),
                    end: date("2025-12-28"),
                },
                Period {
                    id: PeriodId(3),
                    num: 3,
                    name: "3 четверть".into(),
                    start: date("2026-01-12"),
                    end: date("2026-03-20"),
                },
            ],
            holidays: vec![
                Holiday {
                    name: "Осенние каникулы".into(),
                    start: date("2025-10-25"),
                    end: date("2025-11-04"),
                    grade_min: 1,
                    grade_max: 11,
                },
                Holiday {
                    name: "Дополнительные каникулы".into(),
                    start: date("2026-02-16"),
                    end: date("2026-02-22"),
                    grade_min: 1,
                    grade_max: 1,
                },
            ],
        }
    }

    #[test]
    fn lesson_date_must_be_in_a_period_and_not_a_holiday() {
        let c = cal();
        assert_eq!(c.check_lesson_date(date("2025-09-01"), 7), Ok(()));
        assert_eq!(
            c.check_lesson_date(date("2025-08-29"), 7),
            Err(RuleError::OutsidePeriods(date("2025-08-29")))
        );
        assert!(matches!(
            c.check_lesson_date(date("2025-11-03"), 7),
            Err(RuleError::Holiday { .. })
        ));
        assert_eq!(
            c.check_lesson_date(date("2025-09-07"), 7),
            Err(RuleError::DayOff(date("2025-09-07")))
        );
    }

    #[test]
    fn first_grade_holiday_applies_to_grade_one_only() {
        let c = cal();
        assert!(matches!(
            c.check_lesson_date(date("2026-02-17"), 1),
            Err(RuleError::Holiday { .. })
        ));
        assert_eq!(c.check_lesson_date(date("2026-02-17"), 2), Ok(()));
    }

    #[test]
    fn lesson_dates_follow_weekday_and_skip_holidays() {
        let c = cal();
        // Mondays from 2025-10-13 to 2025-11-17: 13.10, 20.10, (27.10, 03.11 holiday), 10.11, 17.11.
        let got = c.lesson_dates(1, date("2025-10-13"), date("2025-11-17"), 7);
        let want: Vec<_> = ["2025-10-13", "2025-10-20", "2025-11-10", "2025-11-17"]
            .iter()
            .map(|s| date(s))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn month_day_dates_resolve_within_the_school_year() {
        assert_eq!(resolve_date("09-01", 2025), Some(date("2025-09-01")));
        assert_eq!(resolve_date("05-26", 2025), Some(date("2026-05-26")));
        assert_eq!(resolve_date("01.02.2024", 2025), Some(date("2024-02-01")));
        assert_eq!(resolve_date("13-01", 2025), None);
        assert_eq!(school_year_start(date("2026-07-15")), 2025);
        assert_eq!(school_year_start(date("2025-09-01")), 2025);
    }
}
