//! The class teacher's week: missed lessons per student and day, and marking absences
//! excused (Н → У) with a reason.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rusqlite::params;

use super::audit::AuditEntry;
use super::students::StudentRef;
use super::{Result, Store, StoreError, fmt_date, parse_date};
use crate::domain::attendance::AttendanceCodes;
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{ClassId, CourseId, LessonId, StudentId};
use crate::domain::policy::{Actor, may_manage_class, may_read_student};
use crate::tr;

/// One student's week: per day (Mon–Sat) the codes with their counts, lateness («О»)
/// too.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekRow {
    pub student: StudentRef,
    pub days: Vec<BTreeMap<String, i64>>,
    /// The week's totals per code.
    pub week: BTreeMap<String, i64>,
    /// The period's totals per code (the period holding Monday).
    pub period: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WeekAbsences {
    pub class: String,
    pub monday: NaiveDate,
    pub days: Vec<NaiveDate>,
    pub rows: Vec<WeekRow>,
    /// The school's attendance codes, for the legend.
    pub codes: AttendanceCodes,
}

impl Store {
    /// A student's attendance codes in the class's lessons held between two dates: the
    /// absences and the lateness alike.
    fn codes_between(
        &self,
        class_id: ClassId,
        student: StudentId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT l.date, a.code FROM attendance a JOIN lesson l ON l.id = a.lesson_id
             JOIN course c ON c.id = l.course_id JOIN attendance_code k ON k.code = a.code
             WHERE c.class_id = ?1 AND a.student_id = ?2 AND l.date BETWEEN ?3 AND ?4
               AND l.cancelled_reason IS NULL",
        )?;
        let rows = st
            .query_map(
                params![class_id, student, fmt_date(from), fmt_date(to)],
                |r| Ok((parse_date(&r.get::<_, String>(0)?)?, r.get::<_, String>(1)?)),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The courses and days of a student's absences with `code` in the class between
    /// two dates.
    fn unexcused_days(
        &self,
        student_id: StudentId,
        class_id: ClassId,
        code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(CourseId, NaiveDate)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT l.course_id, l.date FROM attendance a JOIN lesson l ON l.id = a.lesson_id
             JOIN course c ON c.id = l.course_id
             WHERE a.student_id = ?1 AND c.class_id = ?2 AND a.code = ?3 AND l.date BETWEEN ?4 AND ?5
             ORDER BY l.date",
        )?;
        let rows = st
            .query_map(
                params![student_id, class_id, code, fmt_date(from), fmt_date(to)],
                |r| Ok((r.get(0)?, parse_date(&r.get::<_, String>(1)?)?)),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The week holding `date` for a class: its class teacher or the administration.
    pub fn week_absences(
        &self,
        actor: &Actor,
        class_id: ClassId,
        date: NaiveDate,
    ) -> Result<WeekAbsences> {
        if !actor.reads_everything() {
            may_manage_class(actor, class_id)?;
        }
        let monday = crate::store::diary::monday_of(date);
        let saturday = monday + Days::new(5);
        let year = self.current_year()?;
        let cal = self.calendar(year.id)?;
        let name = self
            .classes()?
            .into_iter()
            .find(|c| c.0 == class_id)
            .map(|c| c.1);
        let grade = name.as_ref().map_or(5, |n| n.grade);
        let (pstart, pend) = cal
            .current_period(monday, grade)
            .map(|p| (p.start, p.end))
            .unwrap_or((monday, saturday));
        let class = name.as_ref().map(|n| n.to_string()).unwrap_or_default();
        // The class's school days: no Saturday in a five-day week but a worked one.
        let days = cal.week_of(monday, name.map_or(5, |n| n.grade));
        let mut rows = Vec::new();
        for s in self.class_list(class_id)? {
            let mut days_map = vec![BTreeMap::new(); days.len()];
            let mut week = BTreeMap::new();
            for (d, code) in self.codes_between(class_id, s.id, monday, saturday)? {
                if let Some(m) = days
                    .iter()
                    .position(|x| *x == d)
                    .and_then(|i| days_map.get_mut(i))
                {
                    *m.entry(code.clone()).or_insert(0) += 1;
                }
                *week.entry(code).or_insert(0) += 1;
            }
            let mut period = BTreeMap::new();
            for (_, code) in self.codes_between(class_id, s.id, pstart, pend)? {
                *period.entry(code).or_insert(0) += 1;
            }
            rows.push(WeekRow {
                student: s,
                days: days_map,
                week,
                period,
            });
        }
        Ok(WeekAbsences {
            class,
            monday,
            days,
            rows,
            codes: self.attendance_codes()?,
        })
    }

    /// Marks a student's unexcused absences (Н) in the class between two dates as
    /// excused (У), each with the reason in the audit. Returns how many changed.
    pub fn excuse_absences(
        &mut self,
        actor: &Actor,
        student_id: StudentId,
        from: NaiveDate,
        to: NaiveDate,
        reason: &str,
    ) -> Result<usize> {
        let history = self.student_history(student_id)?;
        let class_id = crate::domain::enrollment::class_on(&history, to)
            .or_else(|| crate::domain::enrollment::class_on(&history, from))
            .ok_or_else(|| {
                StoreError::Invalid(tr!(
                    "ученик не числится в классе в эти дни",
                    "the student is not in a class on those days"
                ))
            })?;
        may_manage_class(actor, class_id)?;
        may_read_student(actor, student_id, Some(class_id))?;
        let reason = reason.trim();
        crate::domain::text::check(crate::domain::text::Field::Reason, reason)?;
        if reason.is_empty() {
            return Err(StoreError::Invalid(tr!(
                "укажите основание (справка, заявление родителей)",
                "give the grounds (a doctor's note, the parents' letter)"
            )));
        }
        if to < from {
            return Err(StoreError::Invalid(tr!(
                "конец раньше начала",
                "the end is before the start"
            )));
        }
        let codes = self.attendance_codes()?;
        let (unexcused, excused) = (
            codes
                .0
                .iter()
                .find(|c| c.absent && !c.excused)
                .map(|c| c.code.clone()),
            codes
                .0
                .iter()
                .find(|c| c.absent && c.excused && c.code != "Б")
                .map(|c| c.code.clone())
                .or_else(|| {
                    codes
                        .0
                        .iter()
                        .find(|c| c.absent && c.excused)
                        .map(|c| c.code.clone())
                }),
        );
        let (Some(from_code), Some(to_code)) = (unexcused, excused) else {
            return Err(StoreError::Invalid(tr!(
                "в школе нет кодов «без причины» и «по уважительной причине»",
                "the school has no codes for unexcused and excused absence"
            )));
        };
        // A closed period's attendance stays as it was: the excuse is refused whole.
        for (course_id, date) in self.unexcused_days(student_id, class_id, &from_code, from, to)? {
            self.check_date_open(course_id, date)?;
        }
        self.change(actor, |tx| {
            let mut st = tx.prepare(
                "SELECT a.lesson_id, l.course_id FROM attendance a JOIN lesson l ON l.id = a.lesson_id
                 JOIN course c ON c.id = l.course_id
                 WHERE a.student_id = ?1 AND c.class_id = ?2 AND a.code = ?3 AND l.date BETWEEN ?4 AND ?5",
            )?;
            let lessons = st
                .query_map(params![student_id, class_id, from_code, fmt_date(from), fmt_date(to)], |r| {
                    Ok((r.get::<_, LessonId>(0)?, r.get::<_, CourseId>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (lesson, course) in &lessons {
                tx.execute(
                    "UPDATE attendance SET code = ?1, author_id = ?2, updated_at = ?3 WHERE lesson_id = ?4 AND student_id = ?5",
                    params![to_code, actor.user_id, tx.at(), lesson, student_id],
                )?;
                tx.log(&AuditEntry {
                        lesson_id: Some(*lesson),
                        student_id: Some(student_id),
                        course_id: Some(*course),
                        old: Some(from_code.clone()),
                        new: Some(format!("{to_code} ({reason})")),
                        ..AuditEntry::new(Action::Excuse, Entity::Attendance)
                    })?;
            }
            Ok(lessons.len())
        })
    }
}
