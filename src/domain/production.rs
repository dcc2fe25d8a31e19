//! Russia's production calendar: which days are worked and which are off, year by year,
//! by the Labour Code (art. 112) and each year's decree on moved days off. The known
//! years are a TOML file compiled in (`production/ru.toml`, its format described at its
//! top); an administrator may read a later year's file in the same format. A year not
//! in the data is estimated from the law alone.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;
use toml::Spanned;

use crate::tr;

const BUILTIN_TEXT: &str = include_str!("production/ru.toml");
const BUILTIN_FILE: &str = "src/domain/production/ru.toml";

/// The public holidays of art. 112 part 1: month, day, name.
const LAW_HOLIDAYS: [(u32, u32, &str); 14] = [
    (1, 1, "Новогодние каникулы"),
    (1, 2, "Новогодние каникулы"),
    (1, 3, "Новогодние каникулы"),
    (1, 4, "Новогодние каникулы"),
    (1, 5, "Новогодние каникулы"),
    (1, 6, "Новогодние каникулы"),
    (1, 7, "Рождество Христово"),
    (1, 8, "Новогодние каникулы"),
    (2, 23, "День защитника Отечества"),
    (3, 8, "Международный женский день"),
    (5, 1, "Праздник Весны и Труда"),
    (5, 9, "День Победы"),
    (6, 12, "День России"),
    (11, 4, "День народного единства"),
];

/// What a day is in the production calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    /// A weekday worked as usual.
    Working,
    /// A weekend day worked by the decree, following this weekday's timetable (its own
    /// weekday unless the decree names another).
    WorkingAs(Weekday),
    /// A Saturday or Sunday off.
    Weekend,
    /// A public holiday (non-working, art. 112), on a weekend too.
    Holiday { name: String },
    /// A weekday off in place of the weekend day `from` (a holiday on a weekend, or a
    /// weekend day worked instead).
    MovedDayOff { from: NaiveDate },
}

impl DayKind {
    pub fn is_day_off(&self) -> bool {
        matches!(
            self,
            DayKind::Weekend | DayKind::Holiday { .. } | DayKind::MovedDayOff { .. }
        )
    }
}

/// One year's days that are not what their weekday says, and where that came from.
#[derive(Debug, Clone, PartialEq)]
struct Year {
    source: String,
    days: HashMap<NaiveDate, DayKind>,
}

/// The production calendar: the known years, and the law's estimate for the others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductionCalendar {
    years: BTreeMap<i32, Year>,
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl ProductionCalendar {
    /// Russia's calendar as shipped: every year whose decree is known.
    pub fn builtin() -> &'static ProductionCalendar {
        static BUILTIN: OnceLock<ProductionCalendar> = OnceLock::new();
        // The shipped file is checked by a test; were it ever broken, every year would
        // be the law's estimate rather than no calendar at all.
        BUILTIN.get_or_init(|| Self::from_toml(BUILTIN_TEXT, BUILTIN_FILE).unwrap_or_default())
    }

    /// What the day is: from the data for a known year, else estimated from the law.
    pub fn day(&self, date: NaiveDate) -> DayKind {
        let found = match self.years.get(&date.year()) {
            Some(year) => year.days.get(&date).cloned(),
            None => estimate(date.year()).days.remove(&date),
        };
        found.unwrap_or(if is_weekend(date) {
            DayKind::Weekend
        } else {
            DayKind::Working
        })
    }

    pub fn is_day_off(&self, date: NaiveDate) -> bool {
        self.day(date).is_day_off()
    }

    /// The years the data holds, in order; any other year is an estimate.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// Whether the year is in the data (its decree known), not estimated.
    pub fn known(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The decree a known year follows.
    pub fn source(&self, year: i32) -> Option<&str> {
        self.years.get(&year).map(|y| y.source.as_str())
    }

    /// This calendar with the years of `other` added, each replacing the same year here.
    pub fn merged(mut self, other: ProductionCalendar) -> ProductionCalendar {
        self.years.extend(other.years);
        self
    }

    /// Reads a production calendar file (the format of `production/ru.toml`); every
    /// error names the file and line.
    pub fn from_toml(text: &str, file: &str) -> Result<ProductionCalendar, CalendarFileError> {
        let at = |span: std::ops::Range<usize>, problem: FileProblem| CalendarFileError {
            file: file.to_string(),
            line: line_of(text, span.start),
            problem,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            at(span, FileProblem::Syntax(e.message().trim().to_string()))
        })?;
        if raw.year.is_empty() {
            return Err(at(0..0, FileProblem::NoYears));
        }
        let mut years = BTreeMap::new();
        let mut first_lines: HashMap<i32, usize> = HashMap::new();
        for section in raw.year {
            let number = *section.year.get_ref();
            let line = line_of(text, section.year.span().start);
            if let Some(&first_line) = first_lines.get(&number) {
                return Err(at(
                    section.year.span(),
                    FileProblem::DuplicateYear {
                        year: number,
                        first_line,
                    },
                ));
            }
            first_lines.insert(number, line);
            years.insert(number, read_year(section, text, &at)?);
        }
        Ok(ProductionCalendar { years })
    }
}

/// The law's estimate of a year whose decree is not known: the holidays of art. 112,
/// each falling on a weekend giving the next working day off — except 1–8 January,
/// whose weekend days only a decree moves.
fn estimate(year: i32) -> Year {
    let mut days = HashMap::new();
    for (month, day, name) in LAW_HOLIDAYS {
        if let Some(date) = NaiveDate::from_ymd_opt(year, month, day) {
            days.insert(date, DayKind::Holiday { name: name.into() });
        }
    }
    for (month, day, _) in LAW_HOLIDAYS.iter().filter(|(m, _, _)| *m != 1) {
        let Some(holiday) = NaiveDate::from_ymd_opt(year, *month, *day) else {
            continue;
        };
        if !is_weekend(holiday) {
            continue;
        }
        let next = (1..=14)
            .filter_map(|n| holiday.checked_add_days(Days::new(n)))
            .find(|d| !is_weekend(*d) && !days.contains_key(d));
        if let Some(next) = next {
            days.insert(next, DayKind::MovedDayOff { from: holiday });
        }
    }
    Year {
        source: String::new(),
        days,
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    year: Vec<RawYear>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: Spanned<i32>,
    source: Spanned<String>,
    holidays: Vec<RawHoliday>,
    #[serde(default)]
    days_off: Vec<RawMoved>,
    #[serde(default)]
    working: Vec<RawWorking>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    date: Spanned<String>,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMoved {
    date: Spanned<String>,
    from: Spanned<String>,
    by: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorking {
    date: Spanned<String>,
    timetable: Option<Spanned<String>>,
}

/// Who moved a day off: the Labour Code itself or the year's decree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MovedBy {
    Law,
    Decree,
}

fn read_year(
    raw: RawYear,
    text: &str,
    at: &dyn Fn(std::ops::Range<usize>, FileProblem) -> CalendarFileError,
) -> Result<Year, CalendarFileError> {
    let number = *raw.year.get_ref();
    if raw.source.get_ref().trim().is_empty() {
        return Err(at(raw.source.span(), FileProblem::NoSource(number)));
    }
    // A date of this year, read from its field.
    let date = |field: &Spanned<String>| -> Result<NaiveDate, CalendarFileError> {
        let s = field.get_ref().trim();
        let date = NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| at(field.span(), FileProblem::BadDate(s.to_string())))?;
        if date.year() != number {
            return Err(at(
                field.span(),
                FileProblem::YearMismatch { date, year: number },
            ));
        }
        Ok(date)
    };
    let mut days: HashMap<NaiveDate, DayKind> = HashMap::new();
    let mut lines: HashMap<NaiveDate, usize> = HashMap::new();
    // Records a day once; a second mention is an error naming the first.
    let mut put = |date: NaiveDate,
                   field: &Spanned<String>,
                   kind: DayKind|
     -> Result<(), CalendarFileError> {
        if let Some(&first) = lines.get(&date) {
            let worked = matches!(kind, DayKind::WorkingAs(_));
            let was_off = days.get(&date).is_some_and(DayKind::is_day_off);
            let problem = if worked && was_off {
                FileProblem::WorkedDayOff {
                    date,
                    off_line: first,
                }
            } else {
                FileProblem::DuplicateDay {
                    date,
                    first_line: first,
                }
            };
            return Err(at(field.span(), problem));
        }
        lines.insert(date, line_of(text, field.span().start));
        days.insert(date, kind);
        Ok(())
    };

    for h in &raw.holidays {
        let d = date(&h.date)?;
        put(
            d,
            &h.date,
            DayKind::Holiday {
                name: h.name.trim().to_string(),
            },
        )?;
    }
    let mut moves = Vec::new();
    for m in &raw.days_off {
        let d = date(&m.date)?;
        let from = date(&m.from)?;
        let by = match m.by.get_ref().trim() {
            "law" => MovedBy::Law,
            "decree" => MovedBy::Decree,
            other => return Err(at(m.by.span(), FileProblem::BadRule(other.to_string()))),
        };
        if is_weekend(d) {
            return Err(at(m.date.span(), FileProblem::OffOnWeekend(d)));
        }
        put(d, &m.date, DayKind::MovedDayOff { from })?;
        moves.push((m, from, by));
    }
    for w in &raw.working {
        let d = date(&w.date)?;
        if !is_weekend(d) {
            return Err(at(w.date.span(), FileProblem::WorkedWeekday(d)));
        }
        let timetable = match &w.timetable {
            None => d.weekday(),
            Some(t) => t
                .get_ref()
                .trim()
                .parse::<Weekday>()
                .map_err(|_| at(t.span(), FileProblem::BadWeekday(t.get_ref().clone())))?,
        };
        put(d, &w.date, DayKind::WorkingAs(timetable))?;
    }
    // A day off moves from a weekend day that was a holiday or is worked instead; the
    // law moves only a holiday's.
    for (m, from, by) in moves {
        let origin = days.get(&from);
        let holiday = matches!(origin, Some(DayKind::Holiday { .. }));
        let worked = matches!(origin, Some(DayKind::WorkingAs(_)));
        let fits = is_weekend(from)
            && match by {
                MovedBy::Law => holiday,
                MovedBy::Decree => holiday || worked,
            };
        if !fits {
            return Err(at(m.from.span(), FileProblem::BadOrigin { from }));
        }
    }
    Ok(Year {
        source: raw.source.get_ref().trim().to_string(),
        days,
    })
}

/// A production calendar file that cannot be read, with its file and line.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarFileError {
    pub file: String,
    pub line: usize,
    pub problem: FileProblem,
}

/// What is wrong in a production calendar file.
#[derive(Debug, Clone, PartialEq)]
pub enum FileProblem {
    /// Not TOML, or a field the format does not have (toml's words).
    Syntax(String),
    NoYears,
    NoSource(i32),
    BadDate(String),
    BadWeekday(String),
    /// `by` neither "law" nor "decree".
    BadRule(String),
    YearMismatch {
        date: NaiveDate,
        year: i32,
    },
    DuplicateYear {
        year: i32,
        first_line: usize,
    },
    DuplicateDay {
        date: NaiveDate,
        first_line: usize,
    },
    /// A worked day that the file also makes a day off.
    WorkedDayOff {
        date: NaiveDate,
        off_line: usize,
    },
    /// A worked day on a weekday: it is worked anyway.
    WorkedWeekday(NaiveDate),
    /// A moved day off on a weekend: it is off anyway.
    OffOnWeekend(NaiveDate),
    /// A day off moved from a day that is not a weekend holiday (for the law) or a
    /// weekend holiday or worked weekend day (for a decree).
    BadOrigin {
        from: NaiveDate,
    },
}

fn d(date: &NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use FileProblem::*;
        let s = match self {
            Syntax(message) => message.clone(),
            NoYears => tr!(
                "в файле нет ни одного года ([[year]])",
                "the file holds no year ([[year]])"
            ),
            NoSource(year) => tr!(
                "у {year} года не указан источник (source: номер и дата постановления)",
                "year {year} names no source (source: the decree's number and date)"
            ),
            BadDate(text) => tr!(
                "неверная дата «{text}»: нужна ГГГГ-ММ-ДД",
                "bad date «{text}»: expected YYYY-MM-DD"
            ),
            BadWeekday(text) => tr!(
                "неизвестный день недели «{text}»: monday … sunday",
                "unknown weekday «{text}»: monday … sunday"
            ),
            BadRule(text) => tr!(
                "by = «{text}»: нужно \"law\" (ст. 112 ТК РФ) или \"decree\" (постановление)",
                "by = «{text}»: expected \"law\" (Labour Code art. 112) or \"decree\""
            ),
            YearMismatch { date, year } => {
                let date = self::d(date);
                tr!(
                    "дата {date} не из {year} года",
                    "date {date} is not in the year {year}"
                )
            }
            DuplicateYear { year, first_line } => tr!(
                "{year} год уже описан в строке {first_line}",
                "year {year} is already given at line {first_line}"
            ),
            DuplicateDay { date, first_line } => {
                let date = self::d(date);
                tr!(
                    "{date} уже указан в строке {first_line}",
                    "{date} is already given at line {first_line}"
                )
            }
            WorkedDayOff { date, off_line } => {
                let date = self::d(date);
                tr!(
                    "{date} не может быть рабочим: в строке {off_line} это выходной",
                    "{date} cannot be worked: line {off_line} makes it a day off"
                )
            }
            WorkedWeekday(date) => {
                let date = self::d(date);
                tr!(
                    "{date} — будний день, он и так рабочий; в working только субботы и воскресенья",
                    "{date} is a weekday, worked anyway; working lists Saturdays and Sundays only"
                )
            }
            OffOnWeekend(date) => {
                let date = self::d(date);
                tr!(
                    "{date} — суббота или воскресенье, выходной и так; перенос — на будний день",
                    "{date} is a Saturday or Sunday, off anyway; a day off moves to a weekday"
                )
            }
            BadOrigin { from } => {
                let from = self::d(from);
                tr!(
                    "перенос с {from}: это должен быть праздник в выходной (by = \"law\") или праздник в выходной либо рабочая суббота/воскресенье из working (by = \"decree\")",
                    "moved from {from}: it must be a holiday on a weekend (by = \"law\"), or that or a worked weekend day listed in working (by = \"decree\")"
                )
            }
        };
        f.write_str(&s)
    }
}

impl std::fmt::Display for CalendarFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.problem)
    }
}

impl std::error::Error for CalendarFileError {}

#[cfg(test)]
mod tests;
