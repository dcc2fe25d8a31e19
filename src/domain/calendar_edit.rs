//! Calendar changes during the year: an entry of the school's calendar (a break, a
//! quarantine, an excused day, a worked weekend day) added, changed or removed, checked
//! against the year, and the days whose lessons go or come because of it.

use chrono::{NaiveDate, Weekday};

use super::RuleError;
use super::calendar::{Calendar, Holiday, HolidayKind};
use super::ids::ClassId;
use crate::tr;

/// One change of the school's calendar.
#[derive(Debug, Clone, PartialEq)]
pub enum CalendarChange {
    /// A new entry.
    Add(Holiday),
    /// The stored entry `id` takes these dates, grades and name (its kind and class stay).
    Edit { id: i64, to: Holiday },
    /// The stored entry `id` goes.
    Remove { id: i64 },
}

/// A change applied to a calendar: the calendar after it, and the entry before and
/// after (none before an addition, none after a removal).
#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    pub calendar: Calendar,
    pub before: Option<Holiday>,
    pub after: Option<Holiday>,
}

/// What a day holds for a class: the weekday whose timetable it follows, or none.
pub type DayStatus = Option<Weekday>;

/// A day whose lessons change for a class: what it followed and what it follows now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChangedDay {
    pub date: NaiveDate,
    pub was: DayStatus,
    pub now: DayStatus,
}

fn refuse(why: String) -> RuleError {
    RuleError::CalendarChange(why)
}

impl CalendarChange {
    /// The calendar after this change, the entry checked against the year.
    pub fn apply_to(&self, calendar: &Calendar) -> Result<Changed, RuleError> {
        let find = |id: i64| {
            calendar
                .holidays
                .iter()
                .find(|h| h.id == id)
                .cloned()
                .ok_or_else(|| {
                    refuse(tr!(
                        "в календаре нет записи № {}",
                        "the calendar has no entry No. {}",
                        id
                    ))
                })
        };
        let (before, after) = match self {
            CalendarChange::Add(h) => (None, Some(h.clone())),
            CalendarChange::Edit { id, to } => {
                let before = find(*id)?;
                let after = Holiday {
                    id: *id,
                    kind: before.kind,
                    class_id: before.class_id,
                    ..to.clone()
                };
                (Some(before), Some(after))
            }
            CalendarChange::Remove { id } => (Some(find(*id)?), None),
        };
        let mut new = calendar.clone();
        if let Some(b) = &before {
            new.holidays.retain(|h| h.id != b.id);
        }
        if let Some(a) = &after {
            check_entry(a, &new)?;
            new.holidays.push(a.clone());
            new.holidays.sort_by_key(|h| (h.start, h.id));
        }
        Ok(Changed {
            calendar: new,
            before,
            after,
        })
    }
}

impl Changed {
    /// The dates the change is about: the entry's before and after.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let entries = self.before.iter().chain(self.after.iter());
        let start = entries.clone().map(|h| h.start).min()?;
        let end = entries.map(|h| h.end).max()?;
        Some((start, end))
    }

    /// The entry as it was or is: what the change is about.
    pub fn entry(&self) -> Option<&Holiday> {
        self.after.as_ref().or(self.before.as_ref())
    }

    /// Grades and class the change may touch.
    pub fn touches(&self, grade: i64, class: ClassId) -> bool {
        self.before.iter().chain(self.after.iter()).any(|h| {
            matches!(h.kind, HolidayKind::Workday(_))
                || ((h.grade_min..=h.grade_max).contains(&grade)
                    && h.class_id.is_none_or(|c| c == class))
        })
    }
}

/// Grades as typed: «1-4» (or «1–4») or «7», each 1–11.
pub fn parse_grades(s: &str) -> Result<(i64, i64), String> {
    let bad = || {
        tr!(
            "«{}»: параллели — «1-4» или «7»",
            "«{}»: grades are «1-4» or «7»",
            s
        )
    };
    let (a, b) = s.split_once(['-', '–']).unwrap_or((s, s));
    let a: i64 = a.trim().parse().map_err(|_| bad())?;
    let b: i64 = b.trim().parse().map_err(|_| bad())?;
    if !(1..=11).contains(&a) || !(a..=11).contains(&b) {
        return Err(bad());
    }
    Ok((a, b))
}

/// The weekday whose timetable a worked day follows, as typed: «monday», «понедельник»,
/// «пн», or the first three letters or more of the English name; Monday to Saturday.
pub fn parse_weekday(s: &str) -> Result<Weekday, String> {
    const NAMES: [(&str, &str, &str, Weekday); 6] = [
        ("monday", "понедельник", "пн", Weekday::Mon),
        ("tuesday", "вторник", "вт", Weekday::Tue),
        ("wednesday", "среда", "ср", Weekday::Wed),
        ("thursday", "четверг", "чт", Weekday::Thu),
        ("friday", "пятница", "пт", Weekday::Fri),
        ("saturday", "суббота", "сб", Weekday::Sat),
    ];
    let w = s.trim().to_lowercase();
    NAMES
        .iter()
        .find(|(en, ru, short, _)| {
            w == *en || w == *ru || w == *short || (w.len() >= 3 && en.starts_with(&w))
        })
        .map(|n| n.3)
        .ok_or_else(|| {
            tr!(
                "«{}» — не день недели (понедельник … суббота, пн … сб)",
                "«{}» is not a weekday (monday … saturday)",
                s
            )
        })
}

/// No grade: the school's own week (`week_days`), whatever some grades have.
const SCHOOL_WEEK: i64 = 0;

/// The days of `from..=to` whose lessons differ for a class between two calendars.
pub fn changed_days(
    old: &Calendar,
    new: &Calendar,
    grade: i64,
    class: Option<ClassId>,
    (from, to): (NaiveDate, NaiveDate),
) -> Vec<ChangedDay> {
    let status = |c: &Calendar, d: NaiveDate| -> DayStatus {
        c.check_class_lesson_date(d, grade, class).ok()?;
        c.timetable_day(d, grade).ok()
    };
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter_map(|date| {
            let (was, now) = (status(old, date), status(new, date));
            (was != now).then_some(ChangedDay { date, was, now })
        })
        .collect()
}

/// An entry the year can take: a name, dates in order inside the year, grades 1–11, a
/// worked day only on a weekend day that is not the country's day off.
pub fn check_entry(h: &Holiday, calendar: &Calendar) -> Result<(), RuleError> {
    if h.name.trim().is_empty() {
        return Err(refuse(tr!(
            "у записи календаря нет названия",
            "the calendar entry has no name"
        )));
    }
    if h.end < h.start {
        return Err(refuse(tr!(
            "конец {} раньше начала {}",
            "the end {} is before the start {}",
            h.end.format("%d.%m.%Y"),
            h.start.format("%d.%m.%Y")
        )));
    }
    if let (Some(start), Some(end)) = (calendar.start(), calendar.end())
        && (h.start < start || h.end > end)
    {
        return Err(refuse(tr!(
            "даты {}–{} выходят за учебный год {}–{}",
            "the dates {}–{} are outside the school year {}–{}",
            h.start.format("%d.%m.%Y"),
            h.end.format("%d.%m.%Y"),
            start.format("%d.%m.%Y"),
            end.format("%d.%m.%Y")
        )));
    }
    if !(1..=11).contains(&h.grade_min) || !(h.grade_min..=11).contains(&h.grade_max) {
        return Err(refuse(tr!(
            "параллели {}–{} вне 1–11",
            "grades {}–{} are outside 1–11",
            h.grade_min,
            h.grade_max
        )));
    }
    if let HolidayKind::Workday(w) = h.kind {
        if w == Weekday::Sun {
            return Err(refuse(tr!(
                "рабочий день идёт по расписанию дня с понедельника по субботу",
                "a worked day follows a timetable from Monday to Saturday"
            )));
        }
        for d in h.start.iter_days().take_while(|d| *d <= h.end) {
            if let Some(name) = calendar.days_off.get(&d) {
                return Err(refuse(tr!(
                    "{} — нерабочий день страны ({}): уроков в этот день быть не может",
                    "{} is the country's day off ({}): it cannot hold lessons",
                    d.format("%d.%m.%Y"),
                    name
                )));
            }
            // A school day for the school's own week (grades with their own aside).
            if calendar.timetable_day(d, SCHOOL_WEEK).is_ok() {
                return Err(refuse(tr!(
                    "{} и так учебный день",
                    "{} is a school day already",
                    d.format("%d.%m.%Y")
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{Period, parse_date};
    use crate::domain::ids::PeriodId;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).expect("test date")
    }

    fn cal() -> Calendar {
        Calendar::new(
            vec![Period {
                id: PeriodId(1),
                num: 1,
                name: "1".into(),
                start: date("2025-09-01"),
                end: date("2025-10-24"),
                grade_min: 1,
                grade_max: 11,
            }],
            vec![],
        )
        .with_week_days(5)
    }

    fn quarantine(class: i64) -> Holiday {
        Holiday {
            kind: HolidayKind::Quarantine,
            class_id: Some(ClassId(class)),
            ..Holiday::new("Карантин", date("2025-09-15"), date("2025-09-19"), (7, 7))
        }
    }

    #[test]
    fn grades_and_weekdays_read_as_typed() {
        assert_eq!(parse_grades("1-4"), Ok((1, 4)));
        assert_eq!(parse_grades(" 7 "), Ok((7, 7)));
        assert_eq!(parse_grades("5–9"), Ok((5, 9)));
        for bad in ["", "0", "4-1", "1-12", "7Б"] {
            assert!(parse_grades(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_weekday("Понедельник"), Ok(Weekday::Mon));
        assert_eq!(parse_weekday("сб"), Ok(Weekday::Sat));
        assert_eq!(parse_weekday("wed"), Ok(Weekday::Wed));
        for bad in ["sunday", "воскресенье", "mo", "7"] {
            assert!(parse_weekday(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_quarantine_closes_its_class_only() {
        let c = cal();
        let changed = CalendarChange::Add(quarantine(3))
            .apply_to(&c)
            .expect("change");
        let span = changed.span().expect("span");
        let own = changed_days(&c, &changed.calendar, 7, Some(ClassId(3)), span);
        assert_eq!(own.len(), 5);
        assert!(own.iter().all(|d| d.was.is_some() && d.now.is_none()));
        assert!(changed_days(&c, &changed.calendar, 7, Some(ClassId(4)), span).is_empty());
        assert!(changed.touches(7, ClassId(3)) && !changed.touches(7, ClassId(4)));
    }

    #[test]
    fn a_workday_follows_the_named_weekday_and_only_on_a_weekend() {
        let c = cal();
        let sat = Holiday {
            kind: HolidayKind::Workday(Weekday::Mon),
            ..Holiday::new("Отработка", date("2025-09-13"), date("2025-09-13"), (1, 11))
        };
        let changed = CalendarChange::Add(sat.clone())
            .apply_to(&c)
            .expect("change");
        let days = changed_days(
            &c,
            &changed.calendar,
            7,
            None,
            changed.span().expect("span"),
        );
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].now, Some(Weekday::Mon));
        let friday = Holiday {
            start: date("2025-09-12"),
            end: date("2025-09-12"),
            ..sat
        };
        assert!(CalendarChange::Add(friday).apply_to(&c).is_err());
    }

    #[test]
    fn entries_stay_inside_the_year_and_removal_reopens_the_days() {
        let c = cal();
        let late = Holiday::new("Поздно", date("2025-10-20"), date("2025-11-02"), (1, 11));
        assert!(CalendarChange::Add(late).apply_to(&c).is_err());
        let mut stored = quarantine(3);
        stored.id = 9;
        let with = Calendar {
            holidays: vec![stored],
            ..c.clone()
        };
        let changed = CalendarChange::Remove { id: 9 }
            .apply_to(&with)
            .expect("change");
        let days = changed_days(
            &with,
            &changed.calendar,
            7,
            Some(ClassId(3)),
            changed.span().expect("span"),
        );
        assert!(days.iter().all(|d| d.was.is_none() && d.now.is_some()));
        assert_eq!(days.len(), 5);
        assert!(CalendarChange::Remove { id: 8 }.apply_to(&with).is_err());
    }
}
