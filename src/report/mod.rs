//! Reports and the other read-only views that the screens and the command line show
//! alike: a report is asked for by a [`ReportQuery`], built from the store's rows by
//! [`build`] (who may read it is the store's and the domain's to decide) and written
//! out by [`render`] as CSV, aligned text, a workbook or a printable page.
//!
//! Nothing here knows the command line or the screens: the command line gives the
//! query from its flags, the screens from a form.

pub mod absences;
pub mod calendar;
pub mod tables;
pub mod year_close;

use chrono::NaiveDate;

use crate::domain::RuleError;
use crate::domain::calendar::Period;
use crate::domain::ids::{ClassId, StaffId};
use crate::domain::policy::Actor;
use crate::domain::reports::{Report, may_read_reports};
use crate::export;
use crate::store::{Store, StoreError};
use crate::tr;
use tables::{
    accumulation_table, activity_table, attendance_table, fill_table, fulfilment_table,
    quality_table, summary_table,
};

/// The control reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportName {
    Accumulation,
    Quality,
    Attendance,
    Summary,
    Fill,
    Fulfilment,
    Activity,
    Overview,
}

impl ReportName {
    /// Every report, in the order the help lists them.
    pub const ALL: [ReportName; 8] = [
        ReportName::Accumulation,
        ReportName::Quality,
        ReportName::Attendance,
        ReportName::Summary,
        ReportName::Fill,
        ReportName::Fulfilment,
        ReportName::Activity,
        ReportName::Overview,
    ];

    /// The report's keyword, as typed on the command line and in the report form.
    pub fn key(self) -> &'static str {
        match self {
            ReportName::Accumulation => "accumulation",
            ReportName::Quality => "quality",
            ReportName::Attendance => "attendance",
            ReportName::Summary => "summary",
            ReportName::Fill => "fill",
            ReportName::Fulfilment => "fulfilment",
            ReportName::Activity => "activity",
            ReportName::Overview => "overview",
        }
    }

    /// The report's name on the screens, in the interface language.
    pub fn label(self) -> &'static str {
        use crate::i18n::pick;
        match self {
            ReportName::Accumulation => pick("Накопляемость отметок", "Marks accumulated"),
            ReportName::Quality => {
                pick("Успеваемость и качество знаний", "Performance and quality")
            }
            ReportName::Attendance => pick("Пропуски уроков", "Missed lessons"),
            ReportName::Summary => pick("Сводная ведомость", "Summary sheet"),
            ReportName::Fill => pick("Заполнение журнала", "Journal filling"),
            ReportName::Fulfilment => pick("Выполнение программы", "Programme fulfilment"),
            ReportName::Activity => pick("Активность пользователей", "User activity"),
            ReportName::Overview => pick("Успеваемость класса", "A class's performance"),
        }
    }

    /// What the report holds, one line for the command line's help.
    pub fn about(self) -> &'static str {
        match self {
            ReportName::Accumulation => "Students with too few marks in the period (накопляемость)",
            ReportName::Quality => {
                "Performance, quality of knowledge and СОУ from the period finals"
            }
            ReportName::Attendance => "Missed lessons per student by reason",
            ReportName::Summary => "The summary sheet of finals (сводная ведомость)",
            ReportName::Fill => {
                "Per teacher: lessons without topic, homework or attendance; how late marks and topics were entered"
            }
            ReportName::Fulfilment => "Per course: the plan's hours, due, held and the lag",
            ReportName::Activity => "Per user and month: logins and changes",
            ReportName::Overview => {
                "One class: students × subjects with averages and finals, and who is at risk"
            }
        }
    }

    /// How many of the report's first columns stay in place when it scrolls sideways:
    /// what names a row.
    pub fn kept_columns(self) -> usize {
        match self {
            // Class and subject; course and student; user and month.
            ReportName::Quality | ReportName::Accumulation | ReportName::Activity => 2,
            _ => 1,
        }
    }

    /// The report named by a keyword, in any letter case.
    pub fn parse(word: &str) -> Option<ReportName> {
        let word = word.trim();
        Self::ALL
            .into_iter()
            .find(|n| n.key().eq_ignore_ascii_case(word))
    }
}

/// The file formats a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Csv,
    Text,
    /// An Excel workbook (written to a file only).
    Xlsx,
    /// An HTML page for printing (A4).
    Html,
}

/// Which report, for what: the same for the command line and the screens.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportQuery {
    pub name: ReportName,
    /// One class, by name.
    pub class: Option<String>,
    /// One subject.
    pub subject: Option<String>,
    /// One teacher (for activity: one user), by login.
    pub teacher: Option<String>,
    /// The period's number; `None`: the period holding today (activity: the whole year).
    pub period: Option<i64>,
}

impl ReportQuery {
    /// A query for one report with nothing narrowed.
    pub fn new(name: ReportName) -> ReportQuery {
        ReportQuery {
            name,
            class: None,
            subject: None,
            teacher: None,
            period: None,
        }
    }
}

/// Why a report was not built.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The report is about one class, and none was given.
    #[error("{}", tr!("для этого отчёта укажите класс", "this report needs a class"))]
    NeedsClass,
    /// The login given as the teacher is not a staff member.
    #[error("{}", tr!("{} — не учитель", "{} is not a teacher", .0))]
    NotTeacher(String),
    /// No such period in the year.
    #[error("{}", tr!("нет периода {}: у этих классов периоды 1–{}", "no period {}: these classes have periods 1–{}", .asked, .count))]
    NoPeriod { asked: i64, count: usize },
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file format failed to come out (a workbook's or CSV's writer).
    #[error("{0}")]
    Format(String),
}

/// Builds a report for the user: the command line and the screens ask the same.
pub fn build(
    store: &Store,
    actor: &Actor,
    query: &ReportQuery,
    today: NaiveDate,
) -> Result<Report, ReportError> {
    let class_id = query
        .class
        .as_deref()
        .map(|c| store.class_by_name(c).map(|(id, _)| id))
        .transpose()?;
    // Who may read reports at all, before anything else is looked at.
    may_read_reports(actor, class_id)?;
    let teacher = query
        .teacher
        .as_deref()
        .map(|login| {
            store
                .actor(login)?
                .staff_id
                .ok_or_else(|| ReportError::NotTeacher(login.to_string()))
        })
        .transpose()?;
    let subject_ok = |s: &str| {
        query
            .subject
            .as_deref()
            .is_none_or(|want| s.to_lowercase() == want.trim().to_lowercase())
    };
    let teacher_ok = |t: StaffId| teacher.is_none_or(|want| want == t);
    let need_class = || class_id.ok_or(ReportError::NeedsClass);
    Ok(match query.name {
        ReportName::Quality => {
            let periods = periods(store, query.period, today, class_id)?;
            let mut rows = store.quality_report(actor, class_id, &periods)?;
            rows.retain(|r| subject_ok(&r.subject));
            quality_table(&rows, &periods)
        }
        ReportName::Accumulation => {
            let periods = periods(store, query.period, today, class_id)?;
            let mut rows = store.accumulation_report(actor, class_id, &periods)?;
            rows.retain(|r| subject_ok(&r.subject) && teacher_ok(r.teacher_id));
            let minimums = store.minimums()?;
            // One minimum for every course (no table by hours): the title says it.
            let min = minimums.table.is_empty().then_some(minimums.fallback);
            accumulation_table(&rows, &periods, min)
        }
        ReportName::Attendance => {
            let period = class_period(store, query.period, today, need_class()?)?;
            let t = store.attendance_report(actor, need_class()?, &period)?;
            let mut report = attendance_table(&t, &period);
            // The codes in the school's words, first.
            let codes = store.attendance_codes()?;
            report
                .legend
                .insert(0, codes.legend(|c| t.codes.contains(&c.code)));
            report
        }
        ReportName::Summary => {
            let period = class_period(store, query.period, today, need_class()?)?;
            summary_table(
                &store.summary_report(actor, need_class()?, &period)?,
                &period,
            )
        }
        ReportName::Fill => {
            let periods = periods(store, query.period, today, class_id)?;
            let mut rows = store.fill_report(actor, class_id, &periods, today)?;
            rows.retain(|r| teacher_ok(r.staff_id));
            fill_table(&rows, &periods)
        }
        ReportName::Fulfilment => {
            let mut rows = store.fulfilment_report(actor, class_id, today)?;
            rows.retain(|r| subject_ok(&r.course.subject) && teacher_ok(r.course.teacher_id));
            fulfilment_table(&rows, today)
        }
        ReportName::Overview => {
            let class_id = need_class()?;
            let period = class_period(store, query.period, today, class_id)?;
            overview(store, actor, class_id, &period, today)?
        }
        ReportName::Activity => {
            let (from, to, name) = match query.period {
                Some(_) => {
                    let ps = periods(store, query.period, today, class_id)?;
                    let from = ps.iter().map(|p| p.start).min().unwrap_or(today);
                    let to = ps.iter().map(|p| p.end).max().unwrap_or(today);
                    (from, to, tables::period_names(&ps))
                }
                None => {
                    let y = store.current_year()?;
                    (y.start, y.end, y.name)
                }
            };
            let mut rows = store.activity_report(actor, from, to)?;
            if let Some(login) = &query.teacher {
                rows.retain(|r| r.login.to_lowercase() == login.to_lowercase());
            }
            activity_table(&rows, &name)
        }
    })
}

/// The class teacher's overview of a class for a period as of `today`.
pub fn overview(
    store: &Store,
    actor: &Actor,
    class_id: ClassId,
    period: &Period,
    today: NaiveDate,
) -> Result<Report, ReportError> {
    let o = store.class_overview(actor, class_id, period, today)?;
    Ok(tables::overview_table(&o, period))
}

/// A report in a file format (a CSV file in the office style).
pub fn render(
    store: &Store,
    report: &Report,
    name: ReportName,
    format: ReportFormat,
) -> Result<Vec<u8>, ReportError> {
    render_with(store, report, name, format, export::CsvStyle::Office)
}

/// A report in a file format, a CSV file in the style asked for.
pub fn render_with(
    store: &Store,
    report: &Report,
    name: ReportName,
    format: ReportFormat,
    csv: export::CsvStyle,
) -> Result<Vec<u8>, ReportError> {
    Ok(match format {
        ReportFormat::Csv => {
            export::csv_bytes(report, csv).map_err(|e| ReportError::Format(e.to_string()))?
        }
        ReportFormat::Text => report.to_text().into_bytes(),
        ReportFormat::Xlsx => export::xlsx(report, &report.title).map_err(ReportError::Format)?,
        ReportFormat::Html => {
            let opts = export::HtmlOptions {
                school: store.settings()?.name,
                // The summary sheet is certified by the director.
                signature: name == ReportName::Summary,
            };
            export::html(report, &opts).into_bytes()
        }
    })
}

/// The class's period `num` (of its grade's), else the one holding today, else the last
/// one that has begun.
pub fn class_period(
    store: &Store,
    num: Option<i64>,
    today: NaiveDate,
    class_id: ClassId,
) -> Result<Period, ReportError> {
    let mut found = periods(store, num, today, Some(class_id))?;
    Ok(found.remove(0))
}

/// The periods a report covers: the class's own (one), or for the whole school one of
/// each set of grades (quarters for 1–9, halves for 10–11) — period `num` of each grade,
/// else the one holding today, else the last one begun.
pub fn periods(
    store: &Store,
    num: Option<i64>,
    today: NaiveDate,
    class_id: Option<ClassId>,
) -> Result<Vec<Period>, ReportError> {
    let year = store.current_year()?;
    let cal = store.calendar(year.id)?;
    let pick = |grade: i64| match num {
        Some(n) => cal.period_by_num(n, grade),
        None => cal.current_period(today, grade),
    };
    let grades: Vec<i64> = match class_id {
        Some(id) => vec![store.class_grade(id)?],
        None => (1..=11).collect(),
    };
    let mut out: Vec<Period> = Vec::new();
    for grade in &grades {
        let Some(p) = pick(*grade) else { continue };
        match out.iter_mut().find(|o| o.id == p.id) {
            // One period, two last days (the 9th's ends early): the report spans both.
            Some(o) => o.end = o.end.max(p.end),
            None => out.push(p),
        }
    }
    if out.is_empty() {
        return Err(ReportError::NoPeriod {
            asked: num.unwrap_or(0),
            count: grades
                .iter()
                .map(|g| cal.periods_of(*g).len())
                .max()
                .unwrap_or(0),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names_parse_in_any_case() {
        for n in ReportName::ALL {
            assert_eq!(ReportName::parse(n.key()), Some(n));
            assert_eq!(ReportName::parse(&n.key().to_uppercase()), Some(n));
        }
        assert_eq!(ReportName::parse(" quality "), Some(ReportName::Quality));
        assert_eq!(ReportName::parse("qualit"), None);
        assert_eq!(ReportName::parse("качество"), None);
    }

    #[test]
    fn refusals_name_no_flag() {
        for lang in [crate::i18n::Lang::Ru, crate::i18n::Lang::En] {
            crate::i18n::set_thread_lang(lang);
            let text = ReportError::NeedsClass.to_string();
            assert!(!text.contains("--"), "{text}");
        }
    }
}
