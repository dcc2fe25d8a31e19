//! The diary (дневник) of one student: the week's lessons with topics, homework, marks
//! and absences, and the period's averages and finals. Read only, and only for those
//! the policy lets see this student.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::params;

use super::{Result, Store, fmt_date, parse_date};
use crate::domain::calendar::Period;
use crate::domain::enrollment::class_on;
use crate::domain::ids::StudentId;
use crate::domain::marks::{Mark, scale_marks, weighted_average};
use crate::domain::names::FullName;
use crate::domain::policy::{Actor, may_read_student};

/// A mark as the diary shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DiaryMark {
    pub value: Mark,
    pub work_type: String,
    pub comment: String,
}

/// One lesson of the student's day.
#[derive(Debug, Clone, PartialEq)]
pub struct DiaryLesson {
    pub lesson_no: i64,
    pub subject: String,
    pub topic: String,
    pub homework: String,
    pub marks: Vec<DiaryMark>,
    pub attendance: Option<String>,
}

/// One subject's results for the period.
#[derive(Debug, Clone, PartialEq)]
pub struct DiarySubject {
    pub subject: String,
    pub marks: Vec<Mark>,
    pub average: Option<f64>,
    pub final_mark: Option<String>,
}

/// One subject's results of the year: each period's final, the year's, the exams'
/// and the final for the year after an exam.
#[derive(Debug, Clone, PartialEq)]
pub struct DiaryYearSubject {
    pub subject: String,
    /// The grade's periods in order, each with its final when set.
    pub periods: Vec<Option<String>>,
    pub year: Option<String>,
    /// The final for the year after an exam (итоговая).
    pub overall: Option<String>,
}

/// An assessment event of the student's with its result.
#[derive(Debug, Clone, PartialEq)]
pub struct DiaryAssessment {
    pub date: NaiveDate,
    /// «ОГЭ», «ПА».
    pub kind: String,
    /// The subject, or the event's name for the grade's (the interview, the essay).
    pub what: String,
    pub result: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diary {
    pub student: FullName,
    pub class: String,
    /// The class's grade, whose periods the diary shows (5 when the student has no class).
    pub grade: i64,
    pub monday: NaiveDate,
    /// The grade's school days of the week (Saturday only in a six-day week or when
    /// worked), each with its lessons (a day may have none).
    pub days: Vec<(NaiveDate, Vec<DiaryLesson>)>,
    pub period: Option<Period>,
    pub subjects: Vec<DiarySubject>,
    /// The year's results by subject (every period's final, the year's, the
    /// overall), once any is set.
    pub year: Vec<DiaryYearSubject>,
    /// The year's assessment events, by date.
    pub assessments: Vec<DiaryAssessment>,
}

/// The Monday of the week holding `date`.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

impl Store {
    /// The students whose diaries this user may open: their children, or themselves.
    pub fn diary_students(&self, actor: &Actor) -> Result<Vec<(StudentId, FullName)>> {
        let mut ids: Vec<StudentId> = actor.children.clone();
        if let Some(s) = actor.student_id {
            ids.insert(0, s);
        }
        ids.into_iter()
            .map(|id| Ok((id, self.student_name(id)?)))
            .collect()
    }

    /// The student's diary for the week holding `date` and the period holding it (or
    /// `period` when given).
    pub fn diary(
        &self,
        actor: &Actor,
        student_id: StudentId,
        date: NaiveDate,
        period: Option<&Period>,
    ) -> Result<Diary> {
        let history = self.student_history(student_id)?;
        let class_now = class_on(&history, date).or_else(|| history.last().map(|s| s.class_id));
        may_read_student(actor, student_id, class_now)?;
        let student = self.student_name(student_id)?;
        let class = match class_now {
            Some(id) => self
                .classes()?
                .into_iter()
                .find(|c| c.0 == id)
                .map(|c| c.1.to_string())
                .unwrap_or_default(),
            None => String::new(),
        };
        let monday = monday_of(date);
        let saturday = monday + Days::new(5);
        let lessons = self.student_lessons(student_id, monday, saturday)?;
        let year = self.current_year()?;
        let cal = self.calendar(year.id)?;
        let grade = match class_now {
            Some(id) => self
                .classes()?
                .into_iter()
                .find(|c| c.0 == id)
                .map_or(5, |c| c.1.grade),
            None => 5,
        };
        // The grade's school days: no Saturday in a five-day week unless it has lessons.
        let mut days: BTreeMap<NaiveDate, Vec<DiaryLesson>> = cal
            .week_of(monday, grade)
            .into_iter()
            .map(|d| (d, Vec::new()))
            .collect();
        for (date, lesson) in lessons {
            days.entry(date).or_default().push(lesson);
        }
        // After the last period (or in a break) the results of the last one begun stay.
        let period = period.cloned().or_else(|| cal.current_period(date, grade));
        let subjects = match &period {
            Some(p) => self.period_results(student_id, p)?,
            None => Vec::new(),
        };
        Ok(Diary {
            student,
            class,
            grade,
            monday,
            days: days.into_iter().collect(),
            period,
            subjects,
            year: self.year_results(student_id, &cal.periods_of(grade))?,
            assessments: self
                .student_assessments(student_id)?
                .into_iter()
                .map(|(a, r)| DiaryAssessment {
                    date: a.date,
                    kind: a.kind.short().to_string(),
                    what: a.subject.clone().unwrap_or_else(|| a.name.clone()),
                    result: r.map(|r| r.text()),
                })
                .collect(),
        })
    }

    /// Per subject, the finals of the grade's periods, the year's and the overall one.
    fn year_results(
        &self,
        student_id: StudentId,
        periods: &[Period],
    ) -> Result<Vec<DiaryYearSubject>> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.name, f.period_id, f.value FROM final_mark f JOIN course c ON c.id = f.course_id
             JOIN subject s ON s.id = c.subject_id JOIN class k ON k.id = c.class_id
             WHERE f.student_id = ?1 AND k.year_id = ?2
             UNION ALL
             SELECT s.name, -1, o.value FROM overall_final o JOIN course c ON c.id = o.course_id
             JOIN subject s ON s.id = c.subject_id JOIN class k ON k.id = c.class_id
             WHERE o.student_id = ?1 AND k.year_id = ?2",
        )?;
        let year = self.current_year()?;
        let mut by: BTreeMap<String, DiaryYearSubject> = BTreeMap::new();
        for r in st.query_map(params![student_id, year.id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (subject, period, value) = r?;
            let row = by
                .entry(subject.clone())
                .or_insert_with(|| DiaryYearSubject {
                    subject,
                    periods: vec![None; periods.len()],
                    year: None,
                    overall: None,
                });
            match period {
                None => row.year = Some(value),
                Some(-1) => row.overall = Some(value),
                Some(id) => {
                    if let Some(i) = periods.iter().position(|p| p.id.0 == id) {
                        row.periods[i] = Some(value);
                    }
                }
            }
        }
        Ok(by.into_values().collect())
    }

    /// The lessons a student attended (or should have) between two dates, with their
    /// marks and attendance.
    fn student_lessons(
        &self,
        student_id: StudentId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, DiaryLesson)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT l.id, l.date, l.lesson_no, s.name, l.topic, l.homework,
                    (SELECT a.code FROM attendance a WHERE a.lesson_id = l.id AND a.student_id = ?1)
             FROM lesson l JOIN course c ON c.id = l.course_id JOIN subject s ON s.id = c.subject_id
             JOIN enrollment e ON e.class_id = c.class_id AND e.student_id = ?1
                  AND e.start_date <= l.date AND (e.end_date IS NULL OR e.end_date > l.date)
             WHERE l.date BETWEEN ?2 AND ?3 AND l.cancelled_reason IS NULL
               AND (c.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member m
                    WHERE m.subgroup_id = c.subgroup_id AND m.student_id = ?1))
             ORDER BY l.date, l.lesson_no",
        )?;
        let rows = st
            .query_map(params![student_id, fmt_date(from), fmt_date(to)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    parse_date(&r.get::<_, String>(1)?)?,
                    DiaryLesson {
                        lesson_no: r.get(2)?,
                        subject: r.get(3)?,
                        topic: r.get(4)?,
                        homework: r.get(5)?,
                        marks: Vec::new(),
                        attendance: r.get(6)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut marks = self.conn.prepare_cached(
            "SELECT m.value, w.name, m.comment, m.passed FROM mark m JOIN work_type w ON w.id = m.work_type_id
             WHERE m.lesson_id = ?1 AND m.student_id = ?2 ORDER BY m.id",
        )?;
        let mut out = Vec::new();
        for (lesson_id, date, mut l) in rows {
            let ms = marks
                .query_map(params![lesson_id, student_id], |r| {
                    Ok((
                        super::marks::stored_mark(r.get(0)?, r.get(3)?)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (v, work_type, comment) in ms {
                l.marks.push(DiaryMark {
                    value: v,
                    work_type,
                    comment,
                });
            }
            out.push((date, l));
        }
        Ok(out)
    }

    /// Per subject: the period's marks, weighted average and final.
    fn period_results(&self, student_id: StudentId, p: &Period) -> Result<Vec<DiarySubject>> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.name, m.value, m.weight, m.passed FROM mark m JOIN lesson l ON l.id = m.lesson_id
             JOIN course c ON c.id = l.course_id JOIN subject s ON s.id = c.subject_id
             WHERE m.student_id = ?1 AND l.date BETWEEN ?2 AND ?3 ORDER BY s.name, l.date, m.id",
        )?;
        let mut by: BTreeMap<String, Vec<(Mark, f64)>> = BTreeMap::new();
        for r in st.query_map(
            params![student_id, fmt_date(p.start), fmt_date(p.end)],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    super::marks::stored_mark(r.get(1)?, r.get(3)?)?,
                    r.get::<_, f64>(2)?,
                ))
            },
        )? {
            let (s, v, w) = r?;
            by.entry(s).or_default().push((v, w));
        }
        let mut st = self.conn.prepare_cached(
            "SELECT s.name, f.value FROM final_mark f JOIN course c ON c.id = f.course_id
             JOIN subject s ON s.id = c.subject_id WHERE f.student_id = ?1 AND f.period_id = ?2",
        )?;
        let finals: BTreeMap<String, String> = st
            .query_map(params![student_id, p.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut names: Vec<String> = by.keys().chain(finals.keys()).cloned().collect();
        names.sort();
        names.dedup();
        Ok(names
            .into_iter()
            .map(|s| {
                let marks = by.get(&s).cloned().unwrap_or_default();
                DiarySubject {
                    marks: marks.iter().map(|(m, _)| *m).collect(),
                    average: weighted_average(&scale_marks(&marks)),
                    final_mark: finals.get(&s).cloned(),
                    subject: s,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(monday_of(d("2025-12-17")), d("2025-12-15"));
        assert_eq!(monday_of(d("2025-12-15")), d("2025-12-15"));
        assert_eq!(monday_of(d("2025-12-21")), d("2025-12-15"));
    }
}
