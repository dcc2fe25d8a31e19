//! The class teacher's week of absences as aligned text lines, for the screen and the
//! command line alike.

use chrono::Datelike;

use crate::store::absences::WeekAbsences;
use crate::tr;

fn cell(m: &std::collections::BTreeMap<String, i64>) -> String {
    m.iter()
        .map(|(c, n)| format!("{c}{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The week as aligned lines, 80 columns wide.
pub fn week_lines(w: &WeekAbsences) -> Vec<String> {
    let days = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];
    let pad = |s: &str, n: usize| format!("{s}{}", " ".repeat(n.saturating_sub(s.chars().count())));
    let mut out = vec![format!(
        "{}{}{}{}",
        pad(&w.class, 20),
        w.days
            .iter()
            .map(|d| {
                let day = days[d.weekday().num_days_from_monday() as usize % 7];
                pad(&format!("{day}{}", d.format("%d.%m")), 8)
            })
            .collect::<String>(),
        pad(&tr!("Неделя", "Week"), 8),
        tr!("Период", "Period")
    )];
    for r in &w.rows {
        let name: String = r.student.name.short().chars().take(19).collect();
        out.push(format!(
            "{}{}{}{}",
            pad(&name, 20),
            r.days.iter().map(|d| pad(&cell(d), 8)).collect::<String>(),
            pad(&cell(&r.week), 8),
            cell(&r.period)
        ));
    }
    out
}
