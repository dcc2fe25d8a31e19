//! The class teacher's week of absences as a table, for the screen and the command line
//! alike: a row a student, a column a day, then the week and the period; a cell holds
//! each code with its count («Н6 О1»), lateness too; the legend says what they mean.

use crate::domain::reports::Report;
use crate::store::absences::WeekAbsences;
use crate::tr;

fn cell(m: &std::collections::BTreeMap<String, i64>) -> String {
    m.iter()
        .map(|(c, n)| format!("{c}{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The week as a table: the days headed by weekday and day of the month («пн 08»), the
/// title naming the class and the dates; the legend the school's codes.
pub fn week_table(w: &WeekAbsences) -> Report {
    let mut columns = vec![tr!("Ученик", "Student")];
    columns.extend(
        w.days
            .iter()
            .map(|d| format!("{} {}", crate::i18n::weekday_short(*d), d.format("%d"))),
    );
    columns.push(tr!("Неделя", "Week"));
    columns.push(tr!("Период", "Period"));
    let rows = w
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![r.student.name.short()];
            row.extend(r.days.iter().map(cell));
            row.push(cell(&r.week));
            row.push(cell(&r.period));
            row
        })
        .collect();
    let example = w
        .codes
        .0
        .iter()
        .find(|c| c.absent)
        .map_or("Н", |c| c.code.as_str());
    Report {
        title: tr!(
            "Пропуски: {}, {}–{}",
            "Absences: {}, {}–{}",
            w.class,
            w.monday.format("%d.%m.%Y"),
            w.days
                .last()
                .copied()
                .unwrap_or(w.monday)
                .format("%d.%m.%Y")
        ),
        columns,
        rows,
        legend: vec![
            w.codes.legend(|_| true),
            tr!(
                "{0}6 — шесть уроков с «{0}» за день, неделю или период",
                "{0}6 — six lessons marked «{0}» in the day, the week or the period",
                example
            ),
        ],
    }
}

/// The week as aligned lines: the table, then its legend.
pub fn week_lines(w: &WeekAbsences) -> Vec<String> {
    let t = week_table(w);
    let mut out: Vec<String> = t.to_text().lines().map(str::to_string).collect();
    out.extend(t.legend.iter().cloned());
    out
}
