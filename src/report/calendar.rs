//! The year's calendar as text lines, for `zhurnal calendar show` and the
//! administration's calendar screen alike.

use chrono::{Datelike, NaiveDate};

use crate::domain::calendar::{Holiday, HolidayKind};
use crate::domain::class_name::ClassName;
use crate::domain::ids::ClassId;
use crate::domain::text::shown;
use crate::store::calendar_edit::weekday_name;
use crate::store::{Store, StoreError};
use crate::tr;

pub fn dates(a: NaiveDate, b: NaiveDate) -> String {
    if a == b {
        a.format("%d.%m.%Y").to_string()
    } else {
        format!("{}–{}", a.format("%d.%m.%Y"), b.format("%d.%m.%Y"))
    }
}

/// Which kinds of entry a section of `calendar show` lists.
type KindTest = fn(&HolidayKind) -> bool;

/// The year's calendar as lines: the periods, the school's breaks, quarantines, excused
/// and worked days (for one grade, and one class, when `only` says so), then the
/// country's days off and worked weekend days («оценка» for an estimated year).
pub fn calendar_lines(
    store: &Store,
    only: Option<(i64, Option<ClassId>)>,
) -> Result<Vec<String>, StoreError> {
    let mut out = Vec::new();
    let year = store.current_year()?;
    let cal = store.calendar(year.id)?;
    let classes: Vec<(ClassId, ClassName)> =
        store.classes()?.into_iter().map(|c| (c.0, c.1)).collect();
    let concerns = |h: &Holiday| match only {
        None => true,
        Some((g, class)) => {
            (h.grade_min..=h.grade_max).contains(&g)
                && (h.class_id.is_none() || class.is_none() || h.class_id == class)
        }
    };
    let class_of = |h: &Holiday| {
        h.class_id
            .and_then(|id| classes.iter().find(|c| c.0 == id))
            .map(|c| c.1.to_string())
    };
    out.push(tr!("Учебный год {}", "School year {}", shown(&year.name)));
    out.push(tr!("Учебные периоды:", "Study periods:"));
    // One grade's own periods, or every grade's, each set with its grades.
    let periods = match only {
        Some((g, _)) => cal.periods_of(g),
        None => cal.periods.clone(),
    };
    for p in &periods {
        let grades = match (only, p.grades_text()) {
            (Some(_), _) => String::new(),
            (None, g) if g.is_empty() => String::new(),
            (None, g) => tr!("  ({} кл.)", "  (grades {})", g),
        };
        out.push(format!(
            "  {:<16} {}{grades}",
            shown(&p.name),
            dates(p.start, p.end)
        ));
    }
    let last_days: Vec<_> = cal
        .last_days
        .iter()
        .filter(|l| only.is_none_or(|(g, _)| (l.grade_min..=l.grade_max).contains(&g)))
        .collect();
    if !last_days.is_empty() {
        out.push(tr!(
            "Последний учебный день раньше:",
            "An earlier last school day:"
        ));
        // One line a day: «22.05.2026  1, 9, 11 кл.».
        let mut by_day: std::collections::BTreeMap<NaiveDate, Vec<String>> = Default::default();
        for l in last_days {
            by_day
                .entry(l.date)
                .or_default()
                .push(crate::domain::calendar::grades_text(
                    l.grade_min,
                    l.grade_max,
                ));
        }
        for (day, grades) in by_day {
            out.push(format!(
                "  {}  {}",
                day.format("%d.%m.%Y"),
                tr!("{} кл.", "grades {}", grades.join(", "))
            ));
        }
    }
    let sections: [(&str, KindTest); 4] = [
        (
            crate::i18n::pick("Каникулы и перерывы:", "Breaks:"),
            |k| *k == HolidayKind::Holiday,
        ),
        (
            crate::i18n::pick("Карантины:", "Quarantines:"),
            |k| *k == HolidayKind::Quarantine,
        ),
        (
            crate::i18n::pick(
                "Актированные дни (уроки идут, пропуски уважительные):",
                "Excused days (lessons held, absences excused):",
            ),
            |k| *k == HolidayKind::Excused,
        ),
        (
            crate::i18n::pick(
                "Рабочие дни школы по расписанию другого дня:",
                "School's worked days with another day's timetable:",
            ),
            |k| matches!(k, HolidayKind::Workday(_)),
        ),
    ];
    for (title, kind) in sections {
        let list: Vec<&Holiday> = cal
            .holidays
            .iter()
            .filter(|h| kind(&h.kind) && concerns(h))
            .collect();
        if list.is_empty() {
            continue;
        }
        out.push(title.to_string());
        for h in list {
            let whom = match (class_of(h), h.kind) {
                (Some(c), _) => c,
                (None, HolidayKind::Workday(w)) => {
                    tr!("по расписанию: {}", "timetable of: {}", weekday_name(w))
                }
                (None, _) if (h.grade_min, h.grade_max) == (1, 11) => {
                    tr!("вся школа", "the whole school")
                }
                (None, _) if h.grade_min == h.grade_max => {
                    tr!("{} параллель", "grade {}", h.grade_min)
                }
                (None, _) => tr!("параллели {}–{}", "grades {}–{}", h.grade_min, h.grade_max),
            };
            out.push(format!(
                "  № {:<3} {:<23} {} ({})",
                h.id,
                dates(h.start, h.end),
                shown(&h.name),
                whom
            ));
        }
    }
    let production = store.production()?;
    let estimate = |d: &NaiveDate| {
        if production.known(d.year()) {
            String::new()
        } else {
            tr!(" — оценка", " — estimate")
        }
    };
    out.push(
        (tr!(
            "Нерабочие дни страны (производственный календарь):",
            "The country's days off (production calendar):"
        ))
        .to_string(),
    );
    for (d, name) in &cal.days_off {
        out.push(format!(
            "  {}  {}{}",
            d.format("%d.%m.%Y"),
            shown(name),
            estimate(d)
        ));
    }
    if !cal.worked.is_empty() {
        out.push(
            (tr!(
                "Рабочие выходные дни страны:",
                "The country's worked weekend days:"
            ))
            .to_string(),
        );
        for (d, w) in &cal.worked {
            out.push(format!(
                "  {}  {}{}",
                d.format("%d.%m.%Y"),
                tr!("по расписанию: {}", "timetable of: {}", weekday_name(*w)),
                estimate(d)
            ));
        }
    }
    Ok(out)
}
