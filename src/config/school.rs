//! `school.toml`: the school's name, calendar, bells, marks, work types and attendance
//! codes. Calendar dates may be written as month and day (`"11-05"`): they then fit
//! whichever school year the journal is made for.

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::domain::attendance::{AttendanceCode, AttendanceCodes};
use crate::domain::calendar::resolve_date;
use crate::domain::grading::{Assessment, AssessmentRule, AssessmentRules, MarkMinimum};
use crate::tr;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    school: SchoolSection,
    calendar: CalendarSection,
    #[serde(default)]
    bells: Vec<Bell>,
    #[serde(default)]
    marks: MarksSection,
    #[serde(default)]
    work_types: Vec<WorkType>,
    #[serde(default)]
    attendance: Vec<AttendanceDef>,
    /// Subjects or periods assessed pass/fail or not at all, per grade.
    #[serde(default)]
    assessment: Vec<AssessmentDef>,
}

/// `[[assessment]]`: how some grades' subjects (every subject when none is named) are
/// assessed in some of their periods (every period and the year when none is named).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssessmentDef {
    grades: Spanned<Vec<i64>>,
    #[serde(default)]
    subjects: Vec<Spanned<String>>,
    #[serde(default)]
    periods: Option<Spanned<Vec<i64>>>,
    kind: Spanned<String>,
}

/// `[[marks.minimum]]`: a course of `hours` a week or more needs `marks` marks a period.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MinimumDef {
    hours: Spanned<f64>,
    marks: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchoolSection {
    name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    demo: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarSection {
    #[serde(default = "default_kind")]
    period_kind: String,
    #[serde(default = "default_week_days")]
    week_days: u32,
    #[serde(default = "default_deadline")]
    final_deadline_days: u32,
    /// How many days before a period's end its finals may be set.
    #[serde(default = "default_finals_open")]
    finals_open_days: u32,
    periods: Vec<DateRange>,
    #[serde(default)]
    holidays: Vec<DateRange>,
    /// Grades whose week differs from `week_days`.
    #[serde(default)]
    weeks: Vec<GradeWeek>,
    /// Grades whose year ends before their last period does.
    #[serde(default)]
    last_days: Vec<GradeLastDay>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GradeLastDay {
    grades: Vec<i64>,
    date: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GradeWeek {
    grades: Vec<i64>,
    days: u32,
}

fn default_kind() -> String {
    "quarters".into()
}
fn default_week_days() -> u32 {
    5
}
fn default_deadline() -> u32 {
    4
}
fn default_finals_open() -> u32 {
    crate::domain::lock::FINALS_OPEN_DAYS
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DateRange {
    name: String,
    start: String,
    end: String,
    #[serde(default)]
    grades: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bell {
    pub number: i64,
    pub start: String,
    pub end: String,
    /// The grades it rings for; empty: every grade.
    #[serde(default)]
    pub grades: Vec<i64>,
    /// From and to which day of every year (`"09-01"`, `"12-31"`); none: all year.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

impl Bell {
    /// The bell as the journal keeps it (checked by `check_bells` first).
    pub fn schedule(&self) -> crate::domain::bells::Bell {
        use crate::domain::bells::month_day;
        crate::domain::bells::Bell {
            number: self.number,
            start: self.start.clone(),
            end: self.end.clone(),
            grade_min: self.grades.iter().copied().min().unwrap_or(1),
            grade_max: self.grades.iter().copied().max().unwrap_or(11),
            from: self.from.as_deref().and_then(month_day),
            to: self.to.as_deref().and_then(month_day),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MarksSection {
    #[serde(default = "default_cutoffs")]
    cutoffs: Vec<Cutoff>,
    /// The fallback minimum: for every course when `minimum` is empty.
    #[serde(default = "default_min_marks")]
    min_marks_per_period: i64,
    /// The minimum by the course's weekly hours.
    #[serde(default)]
    minimum: Vec<MinimumDef>,
}

impl Default for MarksSection {
    fn default() -> Self {
        MarksSection {
            cutoffs: default_cutoffs(),
            min_marks_per_period: default_min_marks(),
            minimum: Vec::new(),
        }
    }
}

fn default_min_marks() -> i64 {
    3
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Cutoff {
    pub from: f64,
    pub mark: i64,
}

fn default_cutoffs() -> Vec<Cutoff> {
    vec![
        Cutoff { from: 4.5, mark: 5 },
        Cutoff { from: 3.5, mark: 4 },
        Cutoff { from: 2.5, mark: 3 },
    ]
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WorkType {
    pub name: String,
    pub short: String,
    pub weight: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AttendanceDef {
    code: String,
    name: String,
    absent: bool,
    #[serde(default)]
    excused: bool,
}

/// A study period or holiday with its dates resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub grade_min: i64,
    pub grade_max: i64,
}

/// The school's settings for one school year.
#[derive(Debug, Clone, PartialEq)]
pub struct School {
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
    pub start_year: i32,
    /// The periods of every grade, each with its grades.
    pub periods: Vec<Range>,
    /// Grades whose year ends early.
    pub last_days: Vec<crate::domain::calendar::LastDay>,
    pub holidays: Vec<Range>,
    pub bells: Vec<Bell>,
    pub cutoffs: Vec<Cutoff>,
    pub min_marks_per_period: i64,
    /// The minimum marks a period by weekly hours (`[[marks.minimum]]`), by hours.
    pub minimums: Vec<MarkMinimum>,
    /// How each grade's subjects are assessed (`[[assessment]]`), a line per grade in the
    /// file's order.
    pub assessment: AssessmentRules,
    pub work_types: Vec<WorkType>,
    pub attendance: AttendanceCodes,
}

/// The sensible default list of work types with their weights.
pub fn default_work_types() -> Vec<WorkType> {
    [
        ("Ответ на уроке", "ОУ", 1.0),
        ("Самостоятельная работа", "СР", 1.5),
        ("Контрольная работа", "КР", 2.0),
        ("Лабораторная работа", "ЛР", 1.5),
        ("Практическая работа", "ПР", 1.5),
        ("Диктант", "Д", 1.5),
        ("Сочинение", "Соч", 1.5),
        ("Изложение", "Изл", 1.5),
        ("Домашняя работа", "ДЗ", 1.0),
        ("Тест", "Т", 1.5),
        ("Зачёт", "Зч", 2.0),
        ("Проект", "Пр", 1.5),
    ]
    .into_iter()
    .map(|(n, s, w)| WorkType {
        name: n.into(),
        short: s.into(),
        weight: w,
    })
    .collect()
}

impl School {
    /// Reads and checks a school file. `start_year` places month-day dates; when `None`,
    /// the file's full dates decide, else the school year containing `today`.
    pub fn load(path: &Path, start_year: Option<i32>, today: NaiveDate) -> Result<School, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        School::parse(&text, &path.display().to_string(), start_year, today)
    }

    pub fn parse(
        text: &str,
        file: &str,
        start_year: Option<i32>,
        today: NaiveDate,
    ) -> Result<School, String> {
        let raw: File = toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| super::line_col(text, s.start))
                .unwrap_or((1, 1));
            format!("{file}:{line}:{col}: {}", e.message())
        })?;
        let err = |what: String| format!("{file}: {what}");
        let start_year = start_year
            .or_else(|| {
                raw.calendar
                    .periods
                    .first()
                    .and_then(|p| crate::domain::calendar::parse_date(&p.start))
                    .map(crate::domain::calendar::school_year_start)
            })
            .unwrap_or_else(|| crate::domain::calendar::school_year_start(today));

        let resolve = |r: &DateRange| -> Result<Range, String> {
            let start = resolve_date(&r.start, start_year).ok_or_else(|| {
                err(tr!(
                    "«{}»: неверная дата «{}»",
                    "«{}»: bad date «{}»",
                    r.name,
                    r.start
                ))
            })?;
            let end = resolve_date(&r.end, start_year).ok_or_else(|| {
                err(tr!(
                    "«{}»: неверная дата «{}»",
                    "«{}»: bad date «{}»",
                    r.name,
                    r.end
                ))
            })?;
            if end < start {
                return Err(err(tr!(
                    "«{}»: конец раньше начала",
                    "«{}»: ends before it starts",
                    r.name
                )));
            }
            let (grade_min, grade_max) = match (r.grades.iter().min(), r.grades.iter().max()) {
                (Some(a), Some(b)) => (*a, *b),
                _ => (1, 11),
            };
            if !(1..=11).contains(&grade_min) || !(1..=11).contains(&grade_max) {
                return Err(err(tr!(
                    "«{}»: параллели должны быть от 1 до 11",
                    "«{}»: grades must be 1 to 11",
                    r.name
                )));
            }
            Ok(Range {
                name: r.name.clone(),
                start,
                end,
                grade_min,
                grade_max,
            })
        };
        let periods = raw
            .calendar
            .periods
            .iter()
            .map(resolve)
            .collect::<Result<Vec<_>, _>>()?;
        if periods.is_empty() {
            return Err(err(tr!("нет учебных периодов", "no study periods")));
        }
        let kind = raw.calendar.period_kind.as_str();
        let expected = match kind {
            "quarters" => 4,
            "trimesters" => 3,
            "halves" => 2,
            other => {
                return Err(err(tr!(
                    "period_kind «{}»: допустимы quarters, trimesters, halves",
                    "period_kind «{}»: use quarters, trimesters or halves",
                    other
                )));
            }
        };
        let last_days = raw
            .calendar
            .last_days
            .iter()
            .map(|l| {
                let date = resolve_date(&l.date, start_year).ok_or_else(|| {
                    err(tr!(
                        "[[calendar.last_days]]: неверная дата «{}»",
                        "[[calendar.last_days]]: bad date «{}»",
                        l.date
                    ))
                })?;
                if l.grades.is_empty() {
                    return Err(err(tr!(
                        "[[calendar.last_days]] «{}»: укажите классы (grades)",
                        "[[calendar.last_days]] «{}»: name the grades (grades)",
                        l.date
                    )));
                }
                l.grades
                    .iter()
                    .map(|g| {
                        if (1..=11).contains(g) {
                            Ok(crate::domain::calendar::LastDay {
                                grade_min: *g,
                                grade_max: *g,
                                date,
                            })
                        } else {
                            Err(err(tr!(
                                "[[calendar.last_days]]: класса {} нет (1–11)",
                                "[[calendar.last_days]]: there is no grade {} (1–11)",
                                g
                            )))
                        }
                    })
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?
            .concat();
        // Each grade's periods: in order, not overlapping, of a known kind; periods
        // written without `grades` are of `period_kind`.
        for grade in 1..=11 {
            let mine: Vec<&Range> = periods
                .iter()
                .filter(|p| (p.grade_min..=p.grade_max).contains(&grade))
                .collect();
            if mine.is_empty() {
                return Err(err(tr!(
                    "у {}-х классов нет учебных периодов",
                    "grade {} has no study periods",
                    grade
                )));
            }
            for w in mine.windows(2) {
                if w[1].start <= w[0].end {
                    return Err(err(tr!(
                        "«{}» начинается до конца «{}»",
                        "«{}» starts before «{}» ends",
                        w[1].name,
                        w[0].name
                    )));
                }
            }
            let unscoped = mine.iter().all(|p| (p.grade_min, p.grade_max) == (1, 11));
            if unscoped && mine.len() != expected {
                return Err(err(tr!(
                    "period_kind = «{}» требует {} периодов, указано {}",
                    "period_kind = «{}» needs {} periods, found {}",
                    kind,
                    expected,
                    mine.len()
                )));
            }
            if !(2..=4).contains(&mine.len()) {
                return Err(err(tr!(
                    "у {}-х классов {} периодов: бывают четверти (4), триместры (3) или полугодия (2)",
                    "grade {} has {} periods: quarters (4), trimesters (3) or halves (2)",
                    grade,
                    mine.len()
                )));
            }
            if let Some(l) = last_days.iter().find(|l| l.grade_min == grade) {
                let (first, last) = (mine[0], mine[mine.len() - 1]);
                if l.date < last.start || l.date > last.end || l.date < first.start {
                    return Err(err(tr!(
                        "последний день {}-х классов {} не в их последнем периоде «{}» ({}–{})",
                        "grade {}'s last day {} is not inside its last period «{}» ({}–{})",
                        grade,
                        l.date.format("%d.%m.%Y"),
                        last.name,
                        last.start.format("%d.%m.%Y"),
                        last.end.format("%d.%m.%Y")
                    )));
                }
            }
        }
        if !(5..=6).contains(&raw.calendar.week_days)
            || raw
                .calendar
                .weeks
                .iter()
                .any(|w| !(5..=6).contains(&w.days))
        {
            return Err(err(tr!(
                "week_days и days: 5 или 6",
                "week_days and days must be 5 or 6"
            )));
        }
        if let Some(g) = raw
            .calendar
            .weeks
            .iter()
            .flat_map(|w| &w.grades)
            .find(|g| !(1..=11).contains(*g))
        {
            return Err(err(tr!(
                "[[calendar.weeks]]: класса {} нет (1–11)",
                "[[calendar.weeks]]: there is no grade {} (1–11)",
                g
            )));
        }
        let holidays = raw
            .calendar
            .holidays
            .iter()
            .map(resolve)
            .collect::<Result<Vec<_>, _>>()?;

        for c in &raw.marks.cutoffs {
            if !(2..=5).contains(&c.mark) || !(1.0..=5.0).contains(&c.from) {
                return Err(err(tr!(
                    "граница {} → {}: отметка 2–5, средний балл 1–5",
                    "cut-off {} → {}: mark 2–5, average 1–5",
                    c.from,
                    c.mark
                )));
            }
        }
        // A higher average must never suggest a lower mark.
        let mut sorted: Vec<&Cutoff> = raw.marks.cutoffs.iter().collect();
        sorted.sort_by(|a, b| a.from.total_cmp(&b.from));
        if let Some(w) = sorted.windows(2).find(|w| w[1].mark <= w[0].mark) {
            return Err(err(tr!(
                "границы отметок: с {} ставится {}, а с большего среднего {} — {}; отметка должна расти со средним",
                "mark cut-offs: from {} the mark is {}, yet from the higher average {} it is {}; the mark must rise with the average",
                w[0].from,
                w[0].mark,
                w[1].from,
                w[1].mark
            )));
        }
        check_bells(&raw.bells, text, file)?;
        let minimums = check_minimums(&raw.marks, text, file)?;
        let assessment = check_assessment(&raw.assessment, &periods, text, file)?;
        let work_types = if raw.work_types.is_empty() {
            default_work_types()
        } else {
            raw.work_types
        };
        for (i, w) in work_types.iter().enumerate() {
            if crate::domain::rules::check_weight(w.weight).is_err() {
                return Err(err(tr!(
                    "вид работы «{}»: вес должен быть больше нуля",
                    "work type «{}»: weight must be above zero",
                    w.name
                )));
            }
            if work_types[..i]
                .iter()
                .any(|o| o.short == w.short || o.name == w.name)
            {
                return Err(err(tr!(
                    "вид работы «{}» ({}) повторяется",
                    "work type «{}» ({}) is listed twice",
                    w.name,
                    w.short
                )));
            }
        }
        let attendance = if raw.attendance.is_empty() {
            AttendanceCodes::default()
        } else {
            let list: Vec<AttendanceCode> = raw
                .attendance
                .into_iter()
                .map(|a| AttendanceCode {
                    code: a.code.trim().to_string(),
                    name: a.name,
                    absent: a.absent,
                    excused: a.excused,
                })
                .collect();
            for (i, a) in list.iter().enumerate() {
                if a.code.is_empty() || list[..i].iter().any(|o| o.code == a.code) {
                    return Err(err(tr!(
                        "код посещаемости «{}» пуст или повторяется",
                        "attendance code «{}» is empty or listed twice",
                        a.code
                    )));
                }
            }
            AttendanceCodes(list)
        };
        // Every name the journal will store and show: no control characters, sane length.
        {
            use crate::domain::text::{Field, check};
            let mut names: Vec<(Field, &str)> = vec![
                (Field::Other, raw.school.name.as_str()),
                (Field::Other, raw.school.short_name.as_str()),
            ];
            names.extend(periods.iter().map(|p| (Field::Other, p.name.as_str())));
            names.extend(holidays.iter().map(|h| (Field::Other, h.name.as_str())));
            names.extend(work_types.iter().flat_map(|w| {
                [
                    (Field::WorkType, w.name.as_str()),
                    (Field::WorkType, w.short.as_str()),
                ]
            }));
            names.extend(attendance.0.iter().flat_map(|a| {
                [
                    (Field::Other, a.code.as_str()),
                    (Field::Other, a.name.as_str()),
                ]
            }));
            for (field, name) in names {
                check(field, name)
                    .map_err(|e| err(format!("«{}»: {e}", crate::domain::text::shown(name))))?;
            }
        }
        Ok(School {
            name: raw.school.name,
            short_name: raw.school.short_name,
            demo: raw.school.demo,
            period_kind: raw.calendar.period_kind,
            week_days: raw.calendar.week_days,
            week_days_by_grade: raw
                .calendar
                .weeks
                .iter()
                .flat_map(|w| w.grades.iter().map(|g| (*g, w.days)))
                .collect(),
            final_deadline_days: raw.calendar.final_deadline_days,
            finals_open_days: raw.calendar.finals_open_days,
            start_year,
            periods,
            last_days,
            holidays,
            bells: raw.bells,
            cutoffs: raw.marks.cutoffs,
            min_marks_per_period: raw.marks.min_marks_per_period,
            minimums,
            assessment,
            work_types,
            attendance,
        })
    }

    pub fn year_name(&self) -> String {
        format!("{}/{}", self.start_year, self.start_year + 1)
    }
}

/// The line of a spanned value, for a message `school.toml:LINE: …`.
fn line_of<T>(text: &str, v: &Spanned<T>) -> usize {
    super::line_col(text, v.span().start).0
}

/// `[marks]`'s minimum: `min_marks_per_period` 0–50, and `[[marks.minimum]]` lines with
/// hours above 0, marks 1–50, each number of hours once, the minimum never falling as
/// the hours rise.
fn check_minimums(
    marks: &MarksSection,
    text: &str,
    file: &str,
) -> Result<Vec<MarkMinimum>, String> {
    if !(0..=50).contains(&marks.min_marks_per_period) {
        return Err(tr!(
            "{}: min_marks_per_period = {}: от 0 до 50",
            "{}: min_marks_per_period = {}: 0 to 50",
            file,
            marks.min_marks_per_period
        ));
    }
    for m in &marks.minimum {
        let hours = *m.hours.get_ref();
        if !(hours > 0.0 && hours <= 40.0) {
            return Err(tr!(
                "{}:{}: [[marks.minimum]]: hours = {} — часов в неделю от 0 до 40 (например 1, 1.5, 2)",
                "{}:{}: [[marks.minimum]]: hours = {}: weekly hours above 0, up to 40 (e.g. 1, 1.5, 2)",
                file,
                line_of(text, &m.hours),
                hours
            ));
        }
        if !(1..=50).contains(m.marks.get_ref()) {
            return Err(tr!(
                "{}:{}: [[marks.minimum]]: marks = {} — отметок за период от 1 до 50",
                "{}:{}: [[marks.minimum]]: marks = {}: 1 to 50 marks a period",
                file,
                line_of(text, &m.marks),
                m.marks.get_ref()
            ));
        }
    }
    let mut sorted: Vec<&MinimumDef> = marks.minimum.iter().collect();
    sorted.sort_by(|a, b| a.hours.get_ref().total_cmp(b.hours.get_ref()));
    for w in sorted.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.hours.get_ref() - b.hours.get_ref()).abs() < 1e-9 {
            return Err(tr!(
                "{}:{}: [[marks.minimum]]: hours = {} уже указано (строка {})",
                "{}:{}: [[marks.minimum]]: hours = {} is given twice (line {})",
                file,
                line_of(text, &b.hours).max(line_of(text, &a.hours)),
                b.hours.get_ref(),
                line_of(text, &b.hours).min(line_of(text, &a.hours))
            ));
        }
        if b.marks.get_ref() < a.marks.get_ref() {
            return Err(tr!(
                "{}:{}: [[marks.minimum]]: с {} ч в неделю нужно {} отметок, а с {} ч — {}; минимум не уменьшается с часами",
                "{}:{}: [[marks.minimum]]: {} hours a week need {} marks, yet {} hours need {}; the minimum must not fall as the hours rise",
                file,
                line_of(text, &b.marks),
                a.hours.get_ref(),
                a.marks.get_ref(),
                b.hours.get_ref(),
                b.marks.get_ref()
            ));
        }
    }
    Ok(sorted
        .into_iter()
        .map(|m| MarkMinimum {
            hours: *m.hours.get_ref(),
            marks: *m.marks.get_ref(),
        })
        .collect())
}

/// `[[assessment]]`: grades 1–11 (the 1st only `none`: it is never assessed), a known
/// kind, periods the grades have, subjects named; a line per grade, subject and period.
fn check_assessment(
    defs: &[AssessmentDef],
    periods: &[Range],
    text: &str,
    file: &str,
) -> Result<AssessmentRules, String> {
    let mut rules = Vec::new();
    for d in defs {
        let kind = Assessment::parse(d.kind.get_ref()).ok_or_else(|| {
            tr!(
                "{}:{}: [[assessment]]: kind = «{}» — допустимы marks (отметки 1–5), pass_fail (зачёт/незачёт), none (без оценивания)",
                "{}:{}: [[assessment]]: kind = «{}»: use marks (1–5), pass_fail or none",
                file,
                line_of(text, &d.kind),
                d.kind.get_ref()
            )
        })?;
        let at = line_of(text, &d.grades);
        if d.grades.get_ref().is_empty() {
            return Err(tr!(
                "{}:{}: [[assessment]]: укажите классы (grades = [4])",
                "{}:{}: [[assessment]]: name the grades (grades = [4])",
                file,
                at
            ));
        }
        for &g in d.grades.get_ref() {
            if !(1..=11).contains(&g) {
                return Err(tr!(
                    "{}:{}: [[assessment]]: класса {} нет (1–11)",
                    "{}:{}: [[assessment]]: there is no grade {} (1–11)",
                    file,
                    at,
                    g
                ));
            }
            if g == 1 && kind != Assessment::None {
                return Err(tr!(
                    "{}:{}: [[assessment]]: в 1-х классах отметки не ставятся (только kind = \"none\")",
                    "{}:{}: [[assessment]]: the 1st grade has no marks (kind = \"none\" only)",
                    file,
                    at
                ));
            }
            let count = periods
                .iter()
                .filter(|p| (p.grade_min..=p.grade_max).contains(&g))
                .count() as i64;
            if let Some(ps) = &d.periods
                && let Some(p) = ps.get_ref().iter().find(|p| !(1..=count).contains(*p))
            {
                return Err(tr!(
                    "{}:{}: [[assessment]]: у {}-х классов нет периода {} (их периоды 1–{})",
                    "{}:{}: [[assessment]]: grade {} has no period {} (its periods are 1–{})",
                    file,
                    line_of(text, ps),
                    g,
                    p,
                    count
                ));
            }
        }
        for s in &d.subjects {
            let name = s.get_ref().trim();
            let bad = if name.is_empty() {
                Some(tr!("пустое название", "an empty name"))
            } else {
                crate::domain::text::check(crate::domain::text::Field::Other, name)
                    .err()
                    .map(|e| e.to_string())
            };
            if let Some(why) = bad {
                return Err(tr!(
                    "{}:{}: [[assessment]]: предмет «{}»: {}",
                    "{}:{}: [[assessment]]: subject «{}»: {}",
                    file,
                    line_of(text, s),
                    crate::domain::text::shown(name),
                    why
                ));
            }
        }
        let subjects: Vec<Option<String>> = if d.subjects.is_empty() {
            vec![None]
        } else {
            d.subjects
                .iter()
                .map(|s| Some(s.get_ref().trim().to_string()))
                .collect()
        };
        let periods: Vec<Option<i64>> = match &d.periods {
            Some(ps) if !ps.get_ref().is_empty() => ps.get_ref().iter().map(|p| Some(*p)).collect(),
            _ => vec![None],
        };
        for &grade in d.grades.get_ref() {
            for subject in &subjects {
                for period in &periods {
                    rules.push(AssessmentRule {
                        grade,
                        subject: subject.clone(),
                        period: *period,
                        kind,
                    });
                }
            }
        }
    }
    Ok(AssessmentRules(rules))
}

/// Every bell's times are `HH:MM` of a day, and a lesson starts before it ends; a bad
/// one is named with its line (`school.toml:34: …`).
fn check_bells(bells: &[Bell], text: &str, file: &str) -> Result<(), String> {
    // The line of the bell's value: its `[[bells]]` entry with this number.
    let line_of = |b: &Bell, value: &str| {
        let number = format!("number = {}", b.number);
        let from = text.find(&number).unwrap_or(0);
        let at = text[from..]
            .find(&format!("\"{value}\""))
            .map_or(from, |i| from + i);
        super::line_col(text, at).0
    };
    let time = |b: &Bell, value: &str| {
        chrono::NaiveTime::parse_from_str(value, "%H:%M").map_err(|_| {
            tr!(
                "{}:{}: звонок {}: «{}» — не время (ЧЧ:ММ, например 08:30)",
                "{}:{}: bell {}: «{}» is not a time (HH:MM, e.g. 08:30)",
                file,
                line_of(b, value),
                b.number,
                value
            )
        })
    };
    for b in bells {
        let (start, end) = (time(b, &b.start)?, time(b, &b.end)?);
        for day in [&b.from, &b.to].into_iter().flatten() {
            if crate::domain::bells::month_day(day).is_none() {
                return Err(tr!(
                    "{}:{}: звонок {}: «{}» — не день года (ММ-ДД, например 09-01)",
                    "{}:{}: bell {}: «{}» is not a day of the year (MM-DD, e.g. 09-01)",
                    file,
                    line_of(b, day),
                    b.number,
                    day
                ));
            }
        }
        if let Some(g) = b.grades.iter().find(|g| !(1..=11).contains(*g)) {
            return Err(tr!(
                "{}:{}: звонок {}: класса {} нет (1–11)",
                "{}:{}: bell {}: there is no grade {} (1–11)",
                file,
                line_of(b, &b.start),
                b.number,
                g
            ));
        }
        if start >= end {
            return Err(tr!(
                "{}:{}: звонок {}: конец урока ({}) не позже его начала ({})",
                "{}:{}: bell {}: the lesson ends ({}) no later than it starts ({})",
                file,
                line_of(b, &b.end),
                b.number,
                b.end,
                b.start
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bells_are_refused_with_their_line() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let bells = |start: &str, end: &str| {
            vec![
                Bell {
                    number: 1,
                    start: "08:30".into(),
                    end: "09:15".into(),
                    grades: vec![],
                    from: None,
                    to: None,
                },
                Bell {
                    number: 2,
                    start: start.into(),
                    end: end.into(),
                    grades: vec![],
                    from: None,
                    to: None,
                },
            ]
        };
        let text = |start: &str, end: &str| {
            format!(
                "[[bells]]\nnumber = 1\nstart = \"08:30\"\nend = \"09:15\"\n[[bells]]\nnumber = 2\nstart = \"{start}\"\nend = \"{end}\"\n"
            )
        };
        assert_eq!(
            check_bells(&bells("09:25", "10:10"), &text("09:25", "10:10"), "s.toml"),
            Ok(())
        );
        let e = check_bells(&bells("25:99", "10:10"), &text("25:99", "10:10"), "s.toml");
        assert_eq!(
            e,
            Err("s.toml:7: звонок 2: «25:99» — не время (ЧЧ:ММ, например 08:30)".into())
        );
        let e = check_bells(&bells("10:10", "09:25"), &text("10:10", "09:25"), "s.toml")
            .expect_err("ends before it starts");
        assert!(e.starts_with("s.toml:8: звонок 2: конец урока"), "{e}");
        // A part of the year that is no day of it.
        let mut odd = bells("09:25", "10:10");
        odd[1].from = Some("02-30".into());
        let e = check_bells(&odd, &text("09:25", "10:10"), "s.toml").expect_err("02-30");
        assert!(e.contains("«02-30» — не день года"), "{e}");
    }

    const MINIMAL: &str = r#"
[school]
name = "Школа"

[calendar]
period_kind = "halves"
[[calendar.periods]]
name = "1 полугодие"
start = "09-01"
end = "12-27"
[[calendar.periods]]
name = "2 полугодие"
start = "01-09"
end = "05-25"
[[calendar.holidays]]
name = "Доп. каникулы"
start = "02-16"
end = "02-22"
grades = [1]
"#;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 10, 1).expect("date")
    }

    #[test]
    fn month_day_dates_follow_the_year() {
        let s = School::parse(MINIMAL, "school.toml", Some(2030), today()).expect("parse");
        assert_eq!(
            s.periods[0].start,
            NaiveDate::from_ymd_opt(2030, 9, 1).expect("d")
        );
        assert_eq!(
            s.periods[1].end,
            NaiveDate::from_ymd_opt(2031, 5, 25).expect("d")
        );
        assert_eq!((s.holidays[0].grade_min, s.holidays[0].grade_max), (1, 1));
        assert_eq!(s.work_types.len(), 12, "defaults apply");
        assert_eq!(s.attendance.0.len(), 4);
        assert_eq!(s.year_name(), "2030/2031");
        let by_today = School::parse(MINIMAL, "school.toml", None, today()).expect("parse");
        assert_eq!(by_today.start_year, 2025);
    }

    #[test]
    fn finals_open_two_weeks_before_a_period_ends_unless_the_school_says() {
        let s = School::parse(MINIMAL, "school.toml", Some(2025), today()).expect("parse");
        assert_eq!((s.finals_open_days, s.final_deadline_days), (14, 4));
        let text = MINIMAL.replace("period_kind", "finals_open_days = 7\nperiod_kind");
        let s = School::parse(&text, "school.toml", Some(2025), today()).expect("parse");
        assert_eq!(s.finals_open_days, 7);
    }

    #[test]
    fn syntax_errors_name_file_and_line() {
        let bad = MINIMAL.replace("name = \"Школа\"", "name = Школа");
        let e = School::parse(&bad, "school.toml", None, today()).expect_err("bad");
        assert!(e.starts_with("school.toml:3:"), "{e}");
    }

    #[test]
    fn period_count_must_match_kind() {
        let bad = MINIMAL.replace("halves", "quarters");
        let e = School::parse(&bad, "s.toml", None, today()).expect_err("bad");
        assert!(e.contains("4"), "{e}");
    }

    #[test]
    fn overlapping_periods_and_bad_dates_are_refused() {
        let overlap = MINIMAL.replace("\"01-09\"", "\"12-01\"");
        assert!(School::parse(&overlap, "s.toml", None, today()).is_err());
        let bad_date = MINIMAL.replace("\"12-27\"", "\"12-32\"");
        let e = School::parse(&bad_date, "s.toml", None, today()).expect_err("bad");
        assert!(e.contains("12-32"), "{e}");
        let unknown = format!("{MINIMAL}\n[extra]\nx = 1\n");
        assert!(School::parse(&unknown, "s.toml", None, today()).is_err());
    }

    #[test]
    fn some_grades_may_study_six_days() {
        let text = format!("{MINIMAL}[[calendar.weeks]]\ngrades = [10, 11]\ndays = 6\n");
        let s = School::parse(&text, "school.toml", Some(2025), today()).expect("parse");
        assert_eq!(s.week_days, 5);
        assert_eq!(
            s.week_days_by_grade.into_iter().collect::<Vec<_>>(),
            vec![(10, 6), (11, 6)]
        );
        let bad = format!("{MINIMAL}[[calendar.weeks]]\ngrades = [12]\ndays = 6\n");
        let e = School::parse(&bad, "school.toml", Some(2025), today()).expect_err("grade 12");
        assert!(e.contains("12"), "{e}");
        let bad = format!("{MINIMAL}[[calendar.weeks]]\ngrades = [10]\ndays = 7\n");
        assert!(School::parse(&bad, "school.toml", Some(2025), today()).is_err());
    }

    const QUARTERS_AND_HALVES: &str = r#"
[school]
name = "Школа"

[calendar]
[[calendar.periods]]
name = "1 четверть"
start = "09-01"
end = "10-24"
grades = [1, 9]
[[calendar.periods]]
name = "2 четверть"
start = "11-05"
end = "12-28"
grades = [1, 9]
[[calendar.periods]]
name = "3 четверть"
start = "01-12"
end = "03-20"
grades = [1, 9]
[[calendar.periods]]
name = "4 четверть"
start = "03-30"
end = "05-26"
grades = [1, 9]
[[calendar.periods]]
name = "1 полугодие"
start = "09-01"
end = "12-28"
grades = [10, 11]
[[calendar.periods]]
name = "2 полугодие"
start = "01-12"
end = "05-26"
grades = [10, 11]
[[calendar.last_days]]
grades = [9, 11]
date = "05-22"
"#;

    #[test]
    fn quarters_for_some_grades_and_halves_for_others() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let s = School::parse(QUARTERS_AND_HALVES, "s.toml", Some(2025), today()).expect("parse");
        let grades: Vec<(i64, i64)> = s
            .periods
            .iter()
            .map(|p| (p.grade_min, p.grade_max))
            .collect();
        assert_eq!(grades, [(1, 9), (1, 9), (1, 9), (1, 9), (10, 11), (10, 11)]);
        // «9, 11» are those two grades, not the tenth between them.
        let last: Vec<(i64, NaiveDate)> =
            s.last_days.iter().map(|l| (l.grade_min, l.date)).collect();
        let may22 = NaiveDate::from_ymd_opt(2026, 5, 22).expect("d");
        assert_eq!(last, [(9, may22), (11, may22)]);

        // A grade left without periods.
        let no_tenth = QUARTERS_AND_HALVES.replace("grades = [10, 11]", "grades = [11, 11]");
        let e = School::parse(&no_tenth, "s.toml", Some(2025), today()).expect_err("no 10");
        assert!(e.contains("у 10-х классов нет учебных периодов"), "{e}");
        // Two sets over one grade overlap.
        let both = QUARTERS_AND_HALVES.replace("grades = [10, 11]", "grades = [9, 11]");
        let e = School::parse(&both, "s.toml", Some(2025), today()).expect_err("overlap");
        assert!(e.contains("начинается до конца"), "{e}");
        // A last day outside the last period.
        let early = QUARTERS_AND_HALVES.replace("date = \"05-22\"", "date = \"03-01\"");
        let e = School::parse(&early, "s.toml", Some(2025), today()).expect_err("early");
        assert!(e.contains("не в их последнем периоде"), "{e}");
        let grade12 = QUARTERS_AND_HALVES.replace("grades = [9, 11]\ndate", "grades = [12]\ndate");
        let e = School::parse(&grade12, "s.toml", Some(2025), today()).expect_err("12");
        assert!(e.contains("класса 12 нет"), "{e}");
    }

    #[test]
    fn assessment_and_minimum_tables_are_read_per_grade() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let text = format!(
            "{QUARTERS_AND_HALVES}
[marks]
min_marks_per_period = 3
[[marks.minimum]]
hours = 2
marks = 4
[[marks.minimum]]
hours = 1
marks = 3
[[marks.minimum]]
hours = 4.5
marks = 7

[[assessment]]
grades = [4]
subjects = [\"Основы религиозных культур и светской этики\"]
kind = \"pass_fail\"

[[assessment]]
grades = [1]
kind = \"none\"

[[assessment]]
grades = [2, 3]
periods = [1]
kind = \"none\"
"
        );
        let s = School::parse(&text, "s.toml", Some(2025), today()).expect("parse");
        let hours: Vec<(f64, i64)> = s.minimums.iter().map(|m| (m.hours, m.marks)).collect();
        assert_eq!(hours, [(1.0, 3), (2.0, 4), (4.5, 7)], "by hours");
        let r = &s.assessment;
        assert_eq!(r.0.len(), 1 + 1 + 2, "a line per grade");
        let orkse = "Основы религиозных культур и светской этики";
        assert_eq!(r.kind(4, orkse, Some(3)), Assessment::PassFail);
        assert_eq!(r.kind(4, "Математика", Some(3)), Assessment::Marks);
        assert_eq!(r.kind(3, "Математика", Some(1)), Assessment::None);
        assert_eq!(r.kind(3, "Математика", Some(2)), Assessment::Marks);
        // No tables: none at all.
        let plain =
            School::parse(QUARTERS_AND_HALVES, "s.toml", Some(2025), today()).expect("parse");
        assert!(plain.minimums.is_empty() && plain.assessment.0.is_empty());
    }

    #[test]
    fn bad_assessment_and_minimum_lines_are_named_with_their_line() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let refuse = |extra: &str| {
            let text = format!("{QUARTERS_AND_HALVES}{extra}");
            School::parse(&text, "s.toml", Some(2025), today()).expect_err(extra)
        };
        // The base file has 37 lines; the extra starts on line 38.
        let base = QUARTERS_AND_HALVES.lines().count();
        let e = refuse("[[assessment]]\ngrades = [4]\nkind = \"graded\"\n");
        assert!(
            e.starts_with(&format!(
                "s.toml:{}: [[assessment]]: kind = «graded»",
                base + 3
            )),
            "{e}"
        );
        let e = refuse("[[assessment]]\ngrades = [12]\nkind = \"none\"\n");
        assert_eq!(
            e,
            format!("s.toml:{}: [[assessment]]: класса 12 нет (1–11)", base + 2)
        );
        let e = refuse("[[assessment]]\ngrades = [1]\nkind = \"pass_fail\"\n");
        assert!(e.contains("в 1-х классах отметки не ставятся"), "{e}");
        // The 10th grade has halves: no period 3.
        let e = refuse("[[assessment]]\ngrades = [10]\nperiods = [3]\nkind = \"none\"\n");
        assert_eq!(
            e,
            format!(
                "s.toml:{}: [[assessment]]: у 10-х классов нет периода 3 (их периоды 1–2)",
                base + 3
            )
        );
        let e = refuse("[[assessment]]\ngrades = [4]\nsubjects = [\" \"]\nkind = \"none\"\n");
        assert!(e.contains("пустое название"), "{e}");
        let e = refuse("[[assessment]]\ngrades = []\nkind = \"none\"\n");
        assert!(e.contains("укажите классы"), "{e}");
        let e = refuse("[[assessment]]\ngrades = [4]\nkind = \"none\"\nteacher = 1\n");
        assert!(e.starts_with(&format!("s.toml:{}:", base + 4)), "{e}");
        // The minimum.
        let e = refuse("[[marks.minimum]]\nhours = 0\nmarks = 3\n");
        assert!(
            e.starts_with(&format!(
                "s.toml:{}: [[marks.minimum]]: hours = 0",
                base + 2
            )),
            "{e}"
        );
        let e = refuse("[[marks.minimum]]\nhours = 1\nmarks = 0\n");
        assert!(
            e.starts_with(&format!(
                "s.toml:{}: [[marks.minimum]]: marks = 0",
                base + 3
            )),
            "{e}"
        );
        let e = refuse(
            "[[marks.minimum]]\nhours = 1\nmarks = 4\n[[marks.minimum]]\nhours = 2\nmarks = 3\n",
        );
        assert!(
            e.starts_with(&format!(
                "s.toml:{}: [[marks.minimum]]: с 1 ч в неделю нужно 4 отметок, а с 2 ч — 3",
                base + 6
            )),
            "{e}"
        );
        let e = refuse(
            "[[marks.minimum]]\nhours = 1\nmarks = 3\n[[marks.minimum]]\nhours = 1.0\nmarks = 4\n",
        );
        assert!(e.contains("hours = 1 уже указано"), "{e}");
        let e = refuse("[marks]\nmin_marks_per_period = -1\n");
        assert!(e.contains("min_marks_per_period = -1"), "{e}");
    }
}
