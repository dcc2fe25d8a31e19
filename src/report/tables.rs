//! The control reports as tables: each report's rows, read by the store, laid out as a
//! [`Report`] with its title, columns and totals, in the interface language.

use chrono::NaiveDate;

use crate::domain::calendar::Period;
use crate::domain::reports::{Absences, Report, fmt_average, fmt_percent};
use crate::domain::risks::{Risk, risks};
use crate::store::overview::ClassOverview;
use crate::store::plan::PlanReport;
use crate::store::reports::{
    ActivityRow, AttendanceTable, FillRow, QualityRow, ShortRow, SummaryTable,
};
use crate::tr;

/// The fulfilment report as a table.
pub fn fulfilment_table(rows: &[PlanReport], today: NaiveDate) -> Report {
    Report {
        legend: Vec::new(),
        title: tr!(
            "Выполнение программы на {}",
            "Programme fulfilment as of {}",
            today.format("%d.%m.%Y")
        ),
        columns: vec![
            tr!("Курс", "Course"),
            tr!("Учитель", "Teacher"),
            tr!("По плану", "Planned"),
            tr!("Должно быть", "Due"),
            tr!("Проведено", "Held"),
            tr!("Отставание", "Lag"),
            tr!("Выполнение, %", "Fulfilment, %"),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let f = &r.fulfilment;
                vec![
                    r.course.title(),
                    r.course.teacher.full(),
                    f.total.to_string(),
                    f.due.to_string(),
                    f.held.to_string(),
                    f.lag.to_string(),
                    fmt_percent(f.percent),
                ]
            })
            .collect(),
    }
}

/// The periods a report covers, as its title names them: «2 четверть», or for the
/// whole school «2 четверть (1–9), 1 полугодие (10–11)».
pub fn period_names(periods: &[Period]) -> String {
    match periods {
        [one] => one.name.clone(),
        many => many
            .iter()
            .map(|p| match p.grades_text() {
                g if g.is_empty() => p.name.clone(),
                g => format!("{} ({g})", p.name),
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The fill report as a table.
pub fn fill_table(rows: &[FillRow], periods: &[Period]) -> Report {
    Report {
        legend: vec![tr!(
            "д/з — домашнее задание; задержка — сколько дней в среднем прошло от урока до записи",
            "the lag: how many days on average passed from the lesson to the entry"
        )],
        title: tr!(
            "Заполнение журнала: {}",
            "Journal fill: {}",
            period_names(periods)
        ),
        columns: vec![
            tr!("Учитель", "Teacher"),
            tr!("Уроков", "Lessons"),
            tr!("Без темы", "No topic"),
            tr!("Без д/з", "No homework"),
            tr!("Без посещаемости", "No attendance"),
            tr!("Темы, %", "Topics, %"),
            tr!("Д/з, %", "Homework, %"),
            tr!("Посещаемость, %", "Attendance, %"),
            tr!("Отметок", "Marks"),
            tr!("Отметки: задержка, дн.", "Marks: lag, days"),
            tr!("Отметки в день урока, %", "Marks same day, %"),
            tr!("Отметки позже недели, %", "Marks over a week late, %"),
            tr!("Темы: задержка, дн.", "Topics: lag, days"),
            tr!("Темы в день урока, %", "Topics same day, %"),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let c = &r.counts;
                vec![
                    r.teacher.clone(),
                    c.held.to_string(),
                    c.no_topic.to_string(),
                    c.no_homework.to_string(),
                    c.no_attendance.to_string(),
                    fmt_percent(c.topic_percent()),
                    fmt_percent(c.homework_percent()),
                    fmt_percent(c.attendance_percent()),
                    r.marks.count.to_string(),
                    fmt_average(r.marks.average()),
                    fmt_percent(r.marks.same_day_percent()),
                    fmt_percent(r.marks.over_week_percent()),
                    fmt_average(r.topics.average()),
                    fmt_percent(r.topics.same_day_percent()),
                ]
            })
            .collect(),
    }
}

/// The activity report as a table.
pub fn activity_table(rows: &[ActivityRow], title_range: &str) -> Report {
    Report {
        legend: Vec::new(),
        title: tr!(
            "Активность пользователей: {}",
            "User activity: {}",
            title_range
        ),
        columns: vec![
            tr!("Пользователь", "User"),
            tr!("Месяц", "Month"),
            tr!("Входов", "Logins"),
            tr!("Изменений", "Changes"),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.login.clone(),
                    r.month.clone(),
                    r.logins.to_string(),
                    r.changes.to_string(),
                ]
            })
            .collect(),
    }
}

/// The quality report as a table: a column for each mark, «1» too; the «зач» and
/// «незач» columns only when some subject has such finals.
pub fn quality_table(rows: &[QualityRow], periods: &[Period]) -> Report {
    let pass_fail = rows.iter().any(|r| r.counts.pass + r.counts.fail > 0);
    let mut columns: Vec<String> = vec![
        tr!("Класс", "Class"),
        tr!("Предмет", "Subject"),
        "5".into(),
        "4".into(),
        "3".into(),
        "2".into(),
        "1".into(),
        tr!("н/а", "n/a"),
    ];
    if pass_fail {
        columns.push(tr!("зач", "pass"));
        columns.push(tr!("незач", "fail"));
    }
    columns.extend([
        "N".into(),
        tr!("Успеваемость, %", "Success, %"),
        tr!("Качество, %", "Quality, %"),
        tr!("СОУ, %", "SOU, %"),
        tr!("Средний балл", "Average"),
    ]);
    Report {
        legend: quality_legend(pass_fail),
        title: tr!(
            "Успеваемость и качество знаний: {}",
            "Performance and quality of knowledge: {}",
            period_names(periods)
        ),
        columns,
        rows: rows
            .iter()
            .map(|r| {
                let c = &r.counts;
                let mut row = vec![
                    r.class.clone(),
                    r.subject.clone(),
                    c.n5.to_string(),
                    c.n4.to_string(),
                    c.n3.to_string(),
                    c.n2.to_string(),
                    c.n1.to_string(),
                    c.na.to_string(),
                ];
                if pass_fail {
                    row.push(c.pass.to_string());
                    row.push(c.fail.to_string());
                }
                row.extend([
                    c.n().to_string(),
                    fmt_percent(c.success()),
                    fmt_percent(c.quality()),
                    fmt_percent(c.sou()),
                    fmt_average(c.average()),
                ]);
                row
            })
            .collect(),
    }
}

/// What the quality report's abbreviations mean; «зач» and «незач» when it has them.
fn quality_legend(pass_fail: bool) -> Vec<String> {
    let mut out = vec![tr!(
        "н/а — не аттестован; N — учеников с итоговой (кроме «осв»); Успеваемость — доля «5», «4», «3», «зач»; Качество — доля «4», «5»; СОУ — степень обученности",
        "n/a: not assessed; N: students with a final (but «осв», exempt); Success: the share of 5, 4, 3 and pass; Quality: the share of 4 and 5; SOU: the students' degree of learning"
    )];
    if pass_fail {
        out.push(tr!(
            "зач — зачёт, незач — незачёт",
            "pass, fail: pass/fail finals"
        ));
    }
    out
}

/// What the finals' words mean in the summary sheet and the overview.
fn finals_legend() -> String {
    tr!(
        "н/а — не аттестован, осв — освобождён, зач — зачёт, незач — незачёт",
        "н/а: not assessed, осв: exempt, зач: pass, незач: fail"
    )
}

/// The accumulation report as a table: each row with its course's minimum; the title
/// names the minimum when it is one for every course (`min`).
pub fn accumulation_table(rows: &[ShortRow], periods: &[Period], min: Option<i64>) -> Report {
    let title = match min {
        Some(min) => tr!(
            "Накопляемость отметок: {}, меньше {} отметок",
            "Marks accumulation: {}, fewer than {} marks",
            period_names(periods),
            min
        ),
        None => tr!(
            "Накопляемость отметок: {}, меньше минимума по недельным часам предмета",
            "Marks accumulation: {}, fewer than the minimum for the subject's weekly hours",
            period_names(periods)
        ),
    };
    Report {
        legend: Vec::new(),
        title,
        columns: vec![
            tr!("Курс", "Course"),
            tr!("Ученик", "Student"),
            tr!("Отметок", "Marks"),
            tr!("Минимум", "Minimum"),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.course.clone(),
                    r.student.clone(),
                    r.marks.to_string(),
                    r.minimum.to_string(),
                ]
            })
            .collect(),
    }
}

/// The attendance report as a table, with the total row last.
pub fn attendance_table(t: &AttendanceTable, period: &Period) -> Report {
    let mut columns = vec![tr!("Ученик", "Student")];
    columns.extend(t.codes.iter().cloned());
    columns.push(tr!("Всего", "Total"));
    columns.push(tr!("Уважит.", "Excused"));
    columns.push(tr!("Неуважит.", "Unexcused"));
    let line = |name: String, a: &Absences| {
        let mut row = vec![name];
        row.extend(a.by_code.iter().map(|n| n.to_string()));
        row.push(a.total().to_string());
        row.push(a.excused.to_string());
        row.push(a.unexcused.to_string());
        row
    };
    let mut rows: Vec<Vec<String>> = t
        .students
        .iter()
        .map(|(_, name, a)| line(name.clone(), a))
        .collect();
    rows.push(line(tr!("Итого", "Total"), &t.total));
    Report {
        legend: vec![tr!(
            "Уважит. — по уважительной причине, Неуважит. — без уважительной причины",
            "Excused: with a valid reason, Unexcused: without one"
        )],
        title: tr!(
            "Пропуски уроков: {}, {}",
            "Missed lessons: {}, {}",
            t.class,
            period.name
        ),
        columns,
        rows,
    }
}

/// The summary sheet as a table; a subject gets a year column only when some student
/// has a year final in it.
pub fn summary_table(t: &SummaryTable, period: &Period) -> Report {
    let year_cols: Vec<bool> = (0..t.subjects.len())
        .map(|i| t.students.iter().any(|s| !s.finals[i].1.is_empty()))
        .collect();
    let mut columns = vec![tr!("Ученик", "Student")];
    for (s, y) in t.subjects.iter().zip(&year_cols) {
        columns.push(s.clone());
        if *y {
            columns.push(tr!("{} (год)", "{} (year)", s));
        }
    }
    let rows = t
        .students
        .iter()
        .map(|s| {
            let mut row = vec![s.name.clone()];
            for ((p, y), has_year) in s.finals.iter().zip(&year_cols) {
                row.push(p.clone());
                if *has_year {
                    row.push(y.clone());
                }
            }
            row
        })
        .collect();
    Report {
        legend: vec![finals_legend()],
        title: tr!(
            "Сводная ведомость: {}, {}",
            "Summary sheet: {}, {}",
            t.class,
            period.name
        ),
        columns,
        rows,
    }
}

/// The class overview as a table: a row a student with the reasons they are at risk,
/// the lessons missed, and per subject the average (and the final, after a slash).
pub fn overview_table(o: &ClassOverview, period: &Period) -> Report {
    let mut columns = vec![
        tr!("Ученик", "Student"),
        tr!("Риск", "At risk"),
        tr!("Пропущено", "Missed"),
    ];
    columns.extend(o.subjects.iter().cloned());
    let rows = o
        .rows
        .iter()
        .map(|s| {
            let risk = risks(&s.per_subject, s.missed, s.lessons);
            let mut row = vec![
                s.name.short(),
                risk.iter().map(Risk::words).collect::<Vec<_>>().join("; "),
                format!("{}/{}", s.missed, s.lessons),
            ];
            for (st, fin) in s.per_subject.iter().zip(&s.finals) {
                let exempt = crate::domain::marks::FinalValue::Exempt.as_str();
                row.push(match (st.average, fin.is_empty()) {
                    // An exempt student's subject says so, whatever marks it has.
                    _ if st.exempt && fin.is_empty() => exempt.to_string(),
                    (Some(a), true) => format!("{a:.2}"),
                    (Some(a), false) => format!("{a:.2}/{fin}"),
                    (None, false) => fin.clone(),
                    (None, true) => String::new(),
                });
            }
            row
        })
        .collect();
    Report {
        legend: vec![
            tr!(
                "Пропущено — пропущено/проведено уроков; у предмета — средний балл/итоговая",
                "Missed: lessons missed/held; under a subject: the average/the final"
            ),
            finals_legend(),
        ],
        title: tr!(
            "Успеваемость класса {}: {}",
            "Class {} overview: {}",
            o.class,
            period.name
        ),
        columns,
        rows,
    }
}
