//! One student's week for the parents (001 §8.3): marks with their work types and
//! comments, absences, topics and homework — as a table to print, or as the text of
//! the message the class teacher sends.

use chrono::NaiveDate;

use crate::domain::ids::StudentId;
use crate::domain::policy::Actor;
use crate::domain::reports::Report;
use crate::store::diary::{Diary, DiaryLesson};
use crate::store::{Store, StoreError};
use crate::tr;

/// The week as a table: day, lesson, subject, topic, homework, marks, absence.
pub fn weekly_table(d: &Diary) -> Report {
    let mut rows = Vec::new();
    for (date, lessons) in &d.days {
        for l in lessons {
            let marks = marks_text(l);
            rows.push(vec![
                date.format("%d.%m").to_string(),
                l.lesson_no.to_string(),
                l.subject.clone(),
                l.topic.clone(),
                l.homework.replace('\n', " / "),
                marks,
                l.attendance.clone().unwrap_or_default(),
            ]);
        }
    }
    let saturday = d.days.last().map(|x| x.0).unwrap_or(d.monday);
    Report {
        legend: Vec::new(),
        title: tr!(
            "Отчёт для родителей: {}, {} — неделя {}–{}",
            "Weekly report for the parents: {}, {} — week {}–{}",
            d.student.full(),
            d.class,
            d.monday.format("%d.%m"),
            saturday.format("%d.%m.%Y")
        ),
        columns: vec![
            tr!("Дата", "Date"),
            tr!("Урок", "Period"),
            tr!("Предмет", "Subject"),
            tr!("Тема", "Topic"),
            tr!("Домашнее задание", "Homework"),
            tr!("Отметки", "Marks"),
            tr!("Пропуск", "Absence"),
        ],
        rows,
    }
}

/// «5 (контрольная работа, «молодец»); 4 (ответ на уроке)».
fn marks_text(l: &DiaryLesson) -> String {
    l.marks
        .iter()
        .map(|m| {
            let comment = if m.comment.is_empty() {
                String::new()
            } else {
                format!(", «{}»", m.comment)
            };
            format!("{} ({}{comment})", m.value, m.work_type.to_lowercase())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The report's subject line: «Отчёт за неделю 17.11–22.11.2025: Петров Иван».
pub fn weekly_subject(d: &Diary) -> String {
    let saturday = d.days.last().map(|x| x.0).unwrap_or(d.monday);
    tr!(
        "Отчёт за неделю {}–{}: {}",
        "Weekly report {}–{}: {}",
        d.monday.format("%d.%m"),
        saturday.format("%d.%m.%Y"),
        d.student.short()
    )
}

/// The week as a message: day by day, each lesson on its own line with what happened
/// in it; days without lessons left out.
pub fn weekly_message(d: &Diary) -> String {
    let mut out = tr!("{}, {}\n", "{}, {}\n", d.student.full(), d.class);
    let mut any = false;
    for (date, lessons) in &d.days {
        if lessons.is_empty() {
            continue;
        }
        any = true;
        out.push_str(&format!(
            "\n{} {}\n",
            crate::i18n::weekday_short(*date),
            date.format("%d.%m")
        ));
        for l in lessons {
            let mut parts = vec![format!("{}. {}", l.lesson_no, l.subject)];
            if let Some(a) = &l.attendance {
                parts.push(tr!("пропуск: {}", "absent: {}", a));
            }
            let marks = marks_text(l);
            if !marks.is_empty() {
                parts.push(tr!("отметки: {}", "marks: {}", marks));
            }
            if !l.topic.is_empty() {
                parts.push(tr!("тема: {}", "topic: {}", l.topic));
            }
            if !l.homework.is_empty() {
                parts.push(tr!(
                    "д/з: {}",
                    "homework: {}",
                    l.homework.replace('\n', " / ")
                ));
            }
            out.push_str(&format!("  {}\n", parts.join(" · ")));
        }
    }
    if !any {
        out.push_str(&tr!(
            "\nна этой неделе уроков не было\n",
            "\nno lessons this week\n"
        ));
    }
    out
}

/// Sends the student's week holding `date` to the student's parents as a message from
/// the class teacher; returns the conversation's id.
pub fn send_weekly(
    store: &mut Store,
    actor: &Actor,
    student: StudentId,
    date: NaiveDate,
) -> Result<i64, StoreError> {
    let diary = store.diary(actor, student, date, None)?;
    store.send_weekly_report(
        actor,
        student,
        &weekly_subject(&diary),
        &weekly_message(&diary),
    )
}
