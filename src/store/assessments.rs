//! Assessment events (`domain::assessment`): made, their results set, and the final for
//! the year after an exam (итоговая отметка) suggested and set — each in one audited
//! transaction. A result is refused for a day still to come, and after the event's
//! date and the finals' deadline it is closed for teachers like a period's finals (a
//! deputy or the director may still correct it, audited).

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::audit::AuditEntry;
use super::{Result, Store, StoreError, fmt_date, parse_date};
use crate::domain::assessment::{AssessmentKind, AssessmentResult, overall_final};
use crate::domain::audit::{Action, Entity};
use crate::domain::enrollment::class_on;
use crate::domain::ids::{ClassId, CourseId, StudentId};
use crate::domain::marks::FinalValue;
use crate::domain::names::FullName;
use crate::domain::policy::{
    Actor, CourseScope, may_read_course, may_set_assessment, may_supervise,
};
use crate::domain::text::{self, Field};
use crate::domain::{RuleError, lock};
use crate::tr;

/// Whose an assessment event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssessmentFor {
    Course(CourseId),
    /// A whole grade's (the interview, the essay).
    Grade(i64),
}

/// An assessment event as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub id: i64,
    pub kind: AssessmentKind,
    pub of: AssessmentFor,
    /// «9А Математика», or «9 классы» for a grade's.
    pub title: String,
    pub subject: Option<String>,
    pub date: NaiveDate,
    pub name: String,
}

fn refuse(why: String) -> StoreError {
    StoreError::Rule(RuleError::Assessment(why))
}

impl Store {
    /// A new assessment event for a course or a grade; its id.
    pub fn add_assessment(
        &mut self,
        actor: &Actor,
        kind: AssessmentKind,
        of: AssessmentFor,
        date: NaiveDate,
        name: &str,
    ) -> Result<i64> {
        let name = match name.trim() {
            "" => kind.name_ru().to_string(),
            n => n.to_string(),
        };
        text::check(Field::Reason, &name)?;
        let (course, grade) = match of {
            AssessmentFor::Course(id) => {
                let c = self.course(id)?;
                may_set_assessment(actor, kind.by_teacher(), Some(c.teacher_id))?;
                (Some(id), c.class.grade)
            }
            AssessmentFor::Grade(g) => {
                may_set_assessment(actor, kind.by_teacher(), None)?;
                (None, g)
            }
        };
        if kind.is_grade_wide() != course.is_none() {
            return Err(refuse(if kind.is_grade_wide() {
                tr!(
                    "{} проводится для всей параллели, а не для курса",
                    "{} is held for the whole grade, not a course",
                    kind.name()
                )
            } else {
                tr!(
                    "{} проводится по предмету: укажите класс и предмет",
                    "{} is held in a subject: name the class and the subject",
                    kind.name()
                )
            }));
        }
        let (lo, hi) = kind.grades();
        if !(lo..=hi).contains(&grade) {
            return Err(refuse(tr!(
                "{} бывает в {}–{} классах, не в {}-м",
                "{} is held in grades {}–{}, not in grade {}",
                kind.name(),
                lo,
                hi,
                grade
            )));
        }
        let year = self.current_year()?;
        // The school year runs to the end of August: the state exams are in June.
        let summer_end = NaiveDate::from_ymd_opt(year.end.year(), 8, 31).unwrap_or(year.end);
        if date < year.start || date > summer_end {
            return Err(refuse(tr!(
                "{} — вне учебного года {}–{}",
                "{} is outside the school year {}–{}",
                date.format("%d.%m.%Y"),
                year.start.format("%d.%m.%Y"),
                summer_end.format("%d.%m.%Y")
            )));
        }
        let grade_col = course.is_none().then_some(grade);
        self.change(actor, |tx| {
            tx.execute(
                "INSERT INTO assessment (year_id, kind, course_id, grade, date, name)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    year.id,
                    kind.as_str(),
                    course,
                    grade_col,
                    fmt_date(date),
                    name
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.log(&AuditEntry {
                entity_id: Some(id),
                course_id: course,
                new: Some(format!(
                    "{} «{name}» {}",
                    kind.name(),
                    date.format("%d.%m.%Y")
                )),
                ..AuditEntry::new(Action::Create, Entity::Assessment)
            })?;
            Ok(id)
        })
    }

    /// The year's assessment events, by date: of one class (its courses' and its
    /// grade's), or of the whole school.
    fn assessments(&self, class: Option<ClassId>) -> Result<Vec<Assessment>> {
        self.load_assessments(class, None)
    }

    /// The year's events of a class (or all), or the one of that id.
    fn load_assessments(&self, class: Option<ClassId>, id: Option<i64>) -> Result<Vec<Assessment>> {
        let year = self.current_year()?;
        let mut st = self.conn.prepare_cached(
            "SELECT a.id, a.kind, a.course_id, a.grade, a.date, a.name, s.name
             FROM assessment a LEFT JOIN course c ON c.id = a.course_id
             LEFT JOIN subject s ON s.id = c.subject_id
             WHERE a.year_id = ?1
               AND (?2 IS NULL OR c.class_id = ?2
                    OR a.grade = (SELECT grade FROM class WHERE id = ?2))
               AND (?3 IS NULL OR a.id = ?3)
             ORDER BY a.date, a.id",
        )?;
        let rows = st
            .query_map(params![year.id, class, id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<CourseId>>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    parse_date(&r.get::<_, String>(4)?)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, kind, course, grade, date, name, subject)| {
                let kind = AssessmentKind::parse(&kind)
                    .ok_or_else(|| StoreError::Invalid(format!("assessment {id}: {kind}")))?;
                let (of, title) = match (course, grade) {
                    (Some(c), _) => (AssessmentFor::Course(c), self.course(c)?.title()),
                    (None, Some(g)) => (AssessmentFor::Grade(g), tr!("{} классы", "grade {}", g)),
                    (None, None) => {
                        return Err(StoreError::Invalid(format!("assessment {id}: no course")));
                    }
                };
                Ok(Assessment {
                    id,
                    kind,
                    of,
                    title,
                    subject,
                    date,
                    name,
                })
            })
            .collect()
    }

    /// The events this user may see with their results: the administration all of
    /// them, a class teacher their class's, a teacher their own courses'. Families see
    /// theirs in the diary only.
    pub fn visible_assessments(
        &self,
        actor: &Actor,
        class: Option<ClassId>,
    ) -> Result<Vec<Assessment>> {
        let all = self.assessments(class)?;
        if actor.reads_everything() || class.is_some_and(|c| actor.homeroom.contains(&c)) {
            return Ok(all);
        }
        let Some(me) = actor.staff_id else {
            return Err(StoreError::Rule(RuleError::Forbidden(tr!(
                "список аттестаций — для учителей и администрации; свои результаты — в дневнике",
                "the list of assessments is for teachers and the administration; one's own results are in the diary"
            ))));
        };
        let mut mine = Vec::new();
        for a in all {
            let teaches = match a.of {
                AssessmentFor::Course(c) => self.course(c)?.teacher_id == me,
                AssessmentFor::Grade(g) => self
                    .classes()?
                    .iter()
                    .any(|k| k.1.grade == g && actor.homeroom.contains(&k.0)),
            };
            if teaches {
                mine.push(a);
            }
        }
        Ok(mine)
    }

    /// An event's results this user may read: all of them for the administration and
    /// the course's teacher, a class teacher's own class's students' for the rest.
    pub fn visible_results(
        &self,
        actor: &Actor,
        a: &Assessment,
    ) -> Result<Vec<(StudentId, FullName, AssessmentResult)>> {
        let all = actor.reads_everything()
            || match a.of {
                AssessmentFor::Course(c) => Some(self.course(c)?.teacher_id) == actor.staff_id,
                AssessmentFor::Grade(_) => false,
            };
        let history = |s: StudentId| -> Result<bool> {
            Ok(class_on(&self.student_history(s)?, a.date)
                .is_some_and(|c| actor.homeroom.contains(&c)))
        };
        let names = self.assessment_students(a)?;
        let mut out = Vec::new();
        for (s, r) in self.assessment_results(a.id)? {
            if !all && !history(s)? {
                continue;
            }
            let name = names
                .iter()
                .find(|(id, _)| *id == s)
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| FullName::new("?", "", ""));
            out.push((s, name, r));
        }
        Ok(out)
    }

    /// One event.
    pub fn assessment(&self, id: i64) -> Result<Assessment> {
        self.load_assessments(None, Some(id))?.pop().ok_or_else(|| {
            StoreError::NotFound(tr!(
                "нет аттестации № {} в этом году",
                "no assessment No. {} this year",
                id
            ))
        })
    }

    /// The students an event is for: the course's (or the grade's) on its date.
    pub fn assessment_students(&self, a: &Assessment) -> Result<Vec<(StudentId, FullName)>> {
        let day = fmt_date(a.date);
        let mut out: Vec<(StudentId, FullName)> = match a.of {
            AssessmentFor::Course(c) => self
                .course_students(c, a.date, a.date)?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect(),
            AssessmentFor::Grade(g) => {
                let mut st = self.conn.prepare_cached(
                    "SELECT s.id, s.last_name, s.first_name, s.patronymic
                     FROM enrollment e JOIN student s ON s.id = e.student_id
                     JOIN class k ON k.id = e.class_id
                     WHERE k.year_id = ?1 AND k.grade = ?2 AND e.start_date <= ?3
                       AND (e.end_date IS NULL OR e.end_date > ?3)",
                )?;
                let year = self.current_year()?;
                st.query_map(params![year.id, g, day], |r| {
                    Ok((
                        r.get::<_, StudentId>(0)?,
                        FullName::new(
                            &r.get::<_, String>(1)?,
                            &r.get::<_, String>(2)?,
                            &r.get::<_, String>(3)?,
                        ),
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
            }
        };
        out.sort_by_key(|(_, n)| crate::domain::names::sort_key(n));
        Ok(out)
    }

    /// An event's results, by student.
    fn assessment_results(&self, id: i64) -> Result<Vec<(StudentId, AssessmentResult)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT student_id, value, points FROM assessment_result WHERE assessment_id = ?1",
        )?;
        let rows = st
            .query_map([id], |r| {
                Ok((
                    r.get::<_, StudentId>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(s, value, points)| {
                let value = value.map(|v| FinalValue::parse(&v)).transpose()?;
                Ok((s, AssessmentResult { value, points }))
            })
            .collect()
    }

    /// Sets (or with `None` clears) a student's result. Refused before the event, and
    /// for a teacher after its date and the finals' deadline.
    pub fn set_assessment_result(
        &mut self,
        actor: &Actor,
        id: i64,
        student: StudentId,
        result: Option<AssessmentResult>,
    ) -> Result<()> {
        let a = self.assessment(id)?;
        let teacher = match a.of {
            AssessmentFor::Course(c) => Some(self.course(c)?.teacher_id),
            AssessmentFor::Grade(_) => None,
        };
        may_set_assessment(actor, a.kind.by_teacher(), teacher)?;
        if let Some(r) = result
            && !r.fits(a.kind)
        {
            return Err(refuse(tr!(
                "«{}» — не результат {}",
                "«{}» is not a result of {}",
                r.text(),
                a.kind.name()
            )));
        }
        let today = self.today();
        if a.date > today {
            return Err(refuse(tr!(
                "{} «{}» ещё не прошла ({}): результат ставится после неё",
                "{} «{}» has not taken place yet ({}): its result comes after it",
                a.kind.name(),
                a.name,
                a.date.format("%d.%m.%Y")
            )));
        }
        let days = self.settings()?.final_deadline_days;
        if lock::is_locked(a.date, days, today, false) && may_supervise(actor).is_err() {
            return Err(refuse(tr!(
                "результаты «{}» менялись до {}: исправить их может заместитель директора",
                "the results of «{}» could change until {}: a deputy director may correct them",
                a.name,
                lock::deadline(a.date, days).format("%d.%m.%Y")
            )));
        }
        if !self
            .assessment_students(&a)?
            .iter()
            .any(|(s, _)| *s == student)
        {
            return Err(refuse(tr!(
                "ученик не сдавал «{}»: его не было в {} {}",
                "the student did not sit «{}»: not in {} on {}",
                a.name,
                a.title,
                a.date.format("%d.%m.%Y")
            )));
        }
        let old = self
            .assessment_results(id)?
            .into_iter()
            .find(|(s, _)| *s == student)
            .map(|(_, r)| r.text());
        let course = match a.of {
            AssessmentFor::Course(c) => Some(c),
            AssessmentFor::Grade(_) => None,
        };
        self.change(actor, |tx| {
            match result {
                Some(r) => tx.execute(
                    "INSERT INTO assessment_result (assessment_id, student_id, value, points, author_id, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (assessment_id, student_id) DO UPDATE SET value = excluded.value,
                       points = excluded.points, author_id = excluded.author_id, updated_at = excluded.updated_at",
                    params![id, student, r.value.map(|v| v.as_str()), r.points, actor.user_id, tx.at()],
                )?,
                None => tx.execute(
                    "DELETE FROM assessment_result WHERE assessment_id = ?1 AND student_id = ?2",
                    params![id, student],
                )?,
            };
            tx.log(&AuditEntry {
                entity_id: Some(id),
                student_id: Some(student),
                course_id: course,
                old: old.clone(),
                new: result.map(|r| format!("{}: {}", a.name, r.text())),
                ..AuditEntry::new(Action::Set, Entity::AssessmentResult)
            })
        })
    }

    /// The student's mark in the course's exam (ОГЭ before a school exam), if any.
    fn exam_mark(
        &self,
        course: CourseId,
        student: StudentId,
    ) -> Result<Option<crate::domain::marks::MarkValue>> {
        let mut best = None;
        for a in self
            .assessments(None)?
            .into_iter()
            .filter(|a| a.of == AssessmentFor::Course(course))
            .filter(|a| matches!(a.kind, AssessmentKind::Oge | AssessmentKind::SchoolExam))
        {
            let mark = self
                .assessment_results(a.id)?
                .into_iter()
                .find(|(s, _)| *s == student)
                .and_then(|(_, r)| r.mark());
            if let Some(m) = mark {
                let rank = u8::from(a.kind == AssessmentKind::Oge);
                if best.is_none_or(|(r, d, _)| (rank, a.date) >= (r, d)) {
                    best = Some((rank, a.date, m));
                }
            }
        }
        Ok(best.map(|(_, _, m)| m))
    }

    /// The student's year final in the course, if set.
    fn set_year_final(&self, course: CourseId, student: StudentId) -> Result<Option<FinalValue>> {
        Ok(self
            .year_final(course, student)?
            .1
            .map(|v| FinalValue::parse(&v))
            .transpose()?)
    }

    /// The final for the year after the course's exam, as the school's rule gives it
    /// from the year final and the exam mark; none without a year final.
    pub fn suggested_overall_final(
        &self,
        actor: &Actor,
        course: CourseId,
        student: StudentId,
    ) -> Result<Option<FinalValue>> {
        self.may_read_results(actor, course)?;
        let Some(year) = self.set_year_final(course, student)? else {
            return Ok(None);
        };
        Ok(Some(overall_final(year, self.exam_mark(course, student)?)))
    }

    /// The set final for the year after the exam, if any (for those who read the course).
    pub fn overall_final(
        &self,
        actor: &Actor,
        course: CourseId,
        student: StudentId,
    ) -> Result<Option<String>> {
        self.may_read_results(actor, course)?;
        self.stored_overall_final(course, student)
    }

    /// A course's finals and exam results: its teacher, its class teacher, the
    /// administration (families read theirs in the diary).
    fn may_read_results(&self, actor: &Actor, course: CourseId) -> Result<()> {
        let c = self.course(course)?;
        Ok(may_read_course(
            actor,
            CourseScope {
                teacher_id: c.teacher_id,
                class_id: c.class_id,
            },
        )?)
    }

    fn stored_overall_final(&self, course: CourseId, student: StudentId) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM overall_final WHERE course_id = ?1 AND student_id = ?2",
                params![course, student],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Sets (or clears) the final for the year after the exam: the course's teacher,
    /// a deputy or the director, once the year final is set; closed for the teacher a
    /// deadline after the grade's last day (or after the exam, when later).
    pub fn set_overall_final(
        &mut self,
        actor: &Actor,
        course: CourseId,
        student: StudentId,
        value: Option<FinalValue>,
    ) -> Result<()> {
        let c = self.course(course)?;
        may_set_assessment(actor, true, Some(c.teacher_id))?;
        if self.set_year_final(course, student)?.is_none() {
            return Err(refuse(tr!(
                "сначала годовая отметка: итоговая ставится по ней и экзамену",
                "the year final first: the overall final follows it and the exam"
            )));
        }
        let year = self.current_year()?;
        let last = self
            .grade_periods(year.id, c.class.grade)?
            .last()
            .map_or(year.end, |p| p.end);
        // Only after an exam of the course (ОГЭ or a school exam): without one the
        // year final is the final.
        let Some(exam) = self
            .assessments(None)?
            .into_iter()
            .filter(|a| a.of == AssessmentFor::Course(course))
            .filter(|a| matches!(a.kind, AssessmentKind::Oge | AssessmentKind::SchoolExam))
            .map(|a| a.date)
            .max()
        else {
            return Err(refuse(tr!(
                "у курса нет экзамена: итоговая отметка ставится после ОГЭ или экзамена, иначе итог — годовая",
                "the course has no exam: an overall final follows ОГЭ or a school exam, else the year final is the final"
            )));
        };
        // An exam dated after the summer's results would stretch the window: the
        // results come in June.
        let from = exam
            .min(
                year.end
                    .with_day(30)
                    .and_then(|d| d.with_month(6))
                    .unwrap_or(year.end),
            )
            .max(last);
        let days = self.settings()?.final_deadline_days;
        // Results of the state exams come about two weeks after them.
        let open_until = from.checked_add_days(Days::new(14)).unwrap_or(from);
        if lock::is_locked(open_until, days, self.today(), false) && may_supervise(actor).is_err() {
            return Err(refuse(tr!(
                "итоговые отметки менялись до {}: исправить может заместитель директора",
                "overall finals could change until {}: a deputy director may correct them",
                lock::deadline(open_until, days).format("%d.%m.%Y")
            )));
        }
        let old = self.stored_overall_final(course, student)?;
        self.change(actor, |tx| {
            match value {
                Some(v) => tx.execute(
                    "INSERT INTO overall_final (student_id, course_id, value, author_id, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (student_id, course_id) DO UPDATE SET value = excluded.value,
                       author_id = excluded.author_id, updated_at = excluded.updated_at",
                    params![student, course, v.as_str(), actor.user_id, tx.at()],
                )?,
                None => tx.execute(
                    "DELETE FROM overall_final WHERE student_id = ?1 AND course_id = ?2",
                    params![student, course],
                )?,
            };
            tx.log(&AuditEntry {
                student_id: Some(student),
                course_id: Some(course),
                old: old.clone(),
                new: value.map(|v| v.as_str().to_string()),
                ..AuditEntry::new(Action::Set, Entity::OverallFinal)
            })
        })
    }

    /// A student's assessment events of the year with their results, by date: the
    /// student's courses' and grade's while in that class.
    pub fn student_assessments(
        &self,
        student: StudentId,
    ) -> Result<Vec<(Assessment, Option<AssessmentResult>)>> {
        let history = self.student_history(student)?;
        let mut out = Vec::new();
        for a in self.assessments(None)? {
            let Some(class) = class_on(&history, a.date) else {
                continue;
            };
            let mine = match a.of {
                AssessmentFor::Course(c) => self
                    .course_students(c, a.date, a.date)?
                    .iter()
                    .any(|s| s.id == student),
                AssessmentFor::Grade(g) => self
                    .classes()?
                    .iter()
                    .any(|k| k.0 == class && k.1.grade == g),
            };
            if !mine {
                continue;
            }
            let result = self
                .assessment_results(a.id)?
                .into_iter()
                .find(|(s, _)| *s == student)
                .map(|(_, r)| r);
            out.push((a, result));
        }
        Ok(out)
    }
}
