//! Bell schedules: a lesson number's start and end for a grade on a date. A school has
//! its ordinary bells and may have others for some grades over part of the year (the
//! first-graders' stepped schedule: 35-minute lessons until December, 40 from January);
//! the most particular schedule that covers a lesson wins.

use chrono::{Datelike, NaiveDate};

/// One bell of one schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bell {
    pub number: i64,
    /// `HH:MM`.
    pub start: String,
    pub end: String,
    /// The grades it rings for.
    pub grade_min: i64,
    pub grade_max: i64,
    /// The part of every school year it rings in, as month and day (`(9, 1)`), both
    /// ends included; `None`: the whole year. A range may run over the new year
    /// (`(9, 1)` to `(1, 31)`).
    pub from: Option<(u32, u32)>,
    pub to: Option<(u32, u32)>,
}

impl Bell {
    /// An ordinary bell: every grade, the whole year.
    pub fn plain(number: i64, start: &str, end: &str) -> Bell {
        Bell {
            number,
            start: start.into(),
            end: end.into(),
            grade_min: 1,
            grade_max: 11,
            from: None,
            to: None,
        }
    }

    fn covers(&self, grade: i64, date: NaiveDate) -> bool {
        if !(self.grade_min..=self.grade_max).contains(&grade) {
            return false;
        }
        let day = (date.month(), date.day());
        match (self.from, self.to) {
            (Some(from), Some(to)) if from <= to => from <= day && day <= to,
            // Over the new year: from September to January, say.
            (Some(from), Some(to)) => day >= from || day <= to,
            (Some(from), None) => day >= from,
            (None, Some(to)) => day <= to,
            (None, None) => true,
        }
    }

    /// How particular the bell is: fewer grades first, then a part of the year.
    fn breadth(&self) -> (i64, bool) {
        (
            self.grade_max - self.grade_min,
            self.from.is_none() && self.to.is_none(),
        )
    }
}

/// Every bell of the school.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bells(pub Vec<Bell>);

impl Bells {
    /// The start and end of lesson `number` for `grade` on `date`: the most particular
    /// bell that covers them; `None` when no bell rings for that lesson.
    pub fn time_of(&self, number: i64, grade: i64, date: NaiveDate) -> Option<(&str, &str)> {
        self.0
            .iter()
            .filter(|b| b.number == number && b.covers(grade, date))
            .min_by_key(|b| b.breadth())
            .map(|b| (b.start.as_str(), b.end.as_str()))
    }

    /// `"08:30–09:15"`, or empty when no bell rings for the lesson.
    pub fn span(&self, number: i64, grade: i64, date: NaiveDate) -> String {
        self.time_of(number, grade, date)
            .map(|(s, e)| format!("{s}–{e}"))
            .unwrap_or_default()
    }
}

/// `"09-01"` as month and day.
pub fn month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    // Any year with a 29 February tells a real day.
    NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn first_grade(from: &str, to: &str, start: &str, end: &str) -> Bell {
        Bell {
            grade_min: 1,
            grade_max: 1,
            from: month_day(from),
            to: month_day(to),
            ..Bell::plain(1, start, end)
        }
    }

    fn school() -> Bells {
        Bells(vec![
            Bell::plain(1, "08:30", "09:15"),
            first_grade("09-01", "12-31", "08:30", "09:05"),
            first_grade("01-01", "08-31", "08:30", "09:10"),
        ])
    }

    #[test]
    fn the_first_grade_follows_its_stepped_bells() {
        let b = school();
        assert_eq!(b.span(1, 1, date("2025-12-15")), "08:30–09:05");
        assert_eq!(b.span(1, 1, date("2026-01-19")), "08:30–09:10");
        assert_eq!(b.span(1, 7, date("2025-12-15")), "08:30–09:15");
        assert_eq!(b.span(1, 7, date("2026-01-19")), "08:30–09:15");
        assert_eq!(b.span(2, 7, date("2026-01-19")), "");
    }

    #[test]
    fn a_range_may_run_over_the_new_year() {
        let b = Bells(vec![
            Bell::plain(1, "08:30", "09:15"),
            first_grade("11-01", "01-31", "09:00", "09:35"),
        ]);
        assert_eq!(b.span(1, 1, date("2025-12-01")), "09:00–09:35");
        assert_eq!(b.span(1, 1, date("2026-01-31")), "09:00–09:35");
        assert_eq!(b.span(1, 1, date("2026-02-01")), "08:30–09:15");
    }

    #[test]
    fn month_days_are_checked() {
        assert_eq!(month_day("09-01"), Some((9, 1)));
        assert_eq!(month_day("02-29"), Some((2, 29)));
        assert_eq!(month_day("02-30"), None);
        assert_eq!(month_day("13-01"), None);
        assert_eq!(month_day("x"), None);
    }
}
