//! The school's grading rules as the journal keeps them: how each grade's subjects are
//! assessed (marks, pass/fail or not at all) and the minimum marks a period by weekly
//! hours, read, checked against an entry, and set during the year; and exemptions
//! (освобождение) of a student from a course for a period.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::courses::CourseInfo;
use super::{Result, Store, StoreError, parse_date};
use crate::domain::audit::{Action, Entity};
use crate::domain::calendar::Period;
use crate::domain::grading::{
    Assessment, AssessmentRule, AssessmentRules, MarkMinimum, Minimums, Place, check_final,
    check_mark, may_exempt, may_set_grading,
};
use crate::domain::ids::{ClassId, CourseId, PeriodId, StudentId};
use crate::domain::marks::{FinalValue, Mark};
use crate::domain::names::FullName;
use crate::domain::policy::Actor;
use crate::store::AuditEntry;
use crate::tr;

/// A student exempted from a course for a period, as the lists show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exemption {
    pub student_id: StudentId,
    pub student: FullName,
    pub course_id: CourseId,
    /// «7Б Физическая культура».
    pub course: String,
    pub period_id: PeriodId,
    pub period: String,
    pub reason: String,
    /// Who exempted the student.
    pub author: String,
}

/// The school's grading rules as `school.toml` gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct Grading {
    pub assessment: AssessmentRules,
    pub minimums: Vec<MarkMinimum>,
    /// `min_marks_per_period`: the minimum when no line of the table fits.
    pub fallback: i64,
}

/// Inside a write: the journal's grading rules replaced by these.
pub(crate) fn write_grading(tx: &Transaction, g: &Grading) -> Result<()> {
    tx.execute("DELETE FROM grading_rule", [])?;
    tx.execute("DELETE FROM mark_minimum", [])?;
    for r in &g.assessment.0 {
        tx.execute(
            "INSERT INTO grading_rule (grade, subject, period, kind) VALUES (?1, ?2, ?3, ?4)",
            params![r.grade, r.subject, r.period, r.kind.as_str()],
        )?;
    }
    for m in &g.minimums {
        tx.execute(
            "INSERT INTO mark_minimum (hours, marks) VALUES (?1, ?2)",
            params![m.hours, m.marks],
        )?;
    }
    tx.execute(
        "INSERT INTO setting (key, value) VALUES ('min_marks_per_period', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [g.fallback.to_string()],
    )?;
    Ok(())
}

/// The grading rules as one line of the audit: `assessment: 4 ОРКСЭ pass_fail; …`.
fn grading_text(g: &Grading) -> String {
    let rules: Vec<String> = g
        .assessment
        .0
        .iter()
        .map(|r| {
            let mut s = r.grade.to_string();
            if let Some(subject) = &r.subject {
                s.push_str(&format!(" {subject}"));
            }
            if let Some(p) = r.period {
                s.push_str(&tr!(" период {}", " period {}", p));
            }
            format!("{s} {}", r.kind.words())
        })
        .collect();
    let minimums: Vec<String> = g
        .minimums
        .iter()
        .map(|m| tr!("{} ч — {}", "{} h — {}", m.hours, m.marks))
        .collect();
    tr!(
        "оценивание: {}; минимум отметок: {}; иначе {}",
        "assessment: {}; minimum marks: {}; otherwise {}",
        rules.join(", "),
        minimums.join(", "),
        g.fallback
    )
}

impl Store {
    /// The school's assessment table.
    pub fn assessment_rules(&self) -> Result<AssessmentRules> {
        let mut st = self
            .conn
            .prepare_cached("SELECT grade, subject, period, kind FROM grading_rule ORDER BY id")?;
        let rules = st
            .query_map([], |r| {
                let kind: String = r.get(3)?;
                Ok(AssessmentRule {
                    grade: r.get(0)?,
                    subject: r.get(1)?,
                    period: r.get(2)?,
                    kind: Assessment::parse(&kind).ok_or_else(|| {
                        rusqlite::Error::InvalidColumnType(3, kind, rusqlite::types::Type::Text)
                    })?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(AssessmentRules(rules))
    }

    /// The minimum marks a period by weekly hours, with the school's fallback.
    pub fn minimums(&self) -> Result<Minimums> {
        let mut st = self
            .conn
            .prepare_cached("SELECT hours, marks FROM mark_minimum ORDER BY hours")?;
        let table = st
            .query_map([], |r| {
                Ok(MarkMinimum {
                    hours: r.get(0)?,
                    marks: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Minimums::new(table, self.settings()?.min_marks_per_period))
    }

    /// The school's grading rules in force.
    pub fn grading(&self) -> Result<Grading> {
        let m = self.minimums()?;
        Ok(Grading {
            assessment: self.assessment_rules()?,
            minimums: m.table,
            fallback: m.fallback,
        })
    }

    /// How a course is assessed in one of its grade's periods (`None`: the year).
    pub fn course_assessment(
        &self,
        course: &CourseInfo,
        period: Option<&Period>,
    ) -> Result<Assessment> {
        Ok(self.assessment_rules()?.kind(
            course.class.grade,
            &course.subject,
            period.map(|p| p.num),
        ))
    }

    /// Refuses marks the course's assessment on that date does not take.
    pub(crate) fn check_marks_assessment(
        &self,
        course: &CourseInfo,
        date: NaiveDate,
        marks: &[Mark],
    ) -> Result<()> {
        let period = self.grade_period_on(course.class.grade, date)?;
        let kind = self.course_assessment(course, period.as_ref())?;
        let place = place(course, period.as_ref());
        for m in marks {
            check_mark(kind, *m, &place)?;
        }
        Ok(())
    }

    /// Refuses a final the course's assessment for that period (or the year) does not take.
    pub(crate) fn check_final_assessment(
        &self,
        course: &CourseInfo,
        period: Option<&Period>,
        value: FinalValue,
    ) -> Result<()> {
        let kind = self.course_assessment(course, period)?;
        Ok(check_final(kind, value, &place(course, period))?)
    }

    /// The students of a course exempted for a period, with the reason.
    pub fn exemptions(
        &self,
        course_id: CourseId,
        period_id: PeriodId,
    ) -> Result<HashMap<StudentId, String>> {
        let mut st = self.conn.prepare_cached(
            "SELECT student_id, reason FROM exemption WHERE course_id = ?1 AND period_id = ?2",
        )?;
        let rows = st
            .query_map(params![course_id, period_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The (student, subject) pairs of a class exempted for a period.
    pub fn class_exemptions(
        &self,
        class_id: ClassId,
        period_id: PeriodId,
    ) -> Result<HashSet<(StudentId, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT x.student_id, s.name FROM exemption x JOIN course c ON c.id = x.course_id
             JOIN subject s ON s.id = c.subject_id WHERE c.class_id = ?1 AND x.period_id = ?2",
        )?;
        let rows = st
            .query_map(params![class_id, period_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every exemption of a class this year (for those who may read its reports), by
    /// period, course and student.
    pub fn exemption_list(&self, actor: &Actor, class_id: ClassId) -> Result<Vec<Exemption>> {
        crate::domain::reports::may_read_reports(actor, Some(class_id))?;
        let mut st = self.conn.prepare_cached(
            "SELECT x.student_id, st.last_name, st.first_name, st.patronymic, x.course_id,
                    x.period_id, p.name, x.reason, coalesce(u.display_name, u.login, '')
             FROM exemption x JOIN course c ON c.id = x.course_id
             JOIN student st ON st.id = x.student_id JOIN period p ON p.id = x.period_id
             LEFT JOIN users u ON u.id = x.author_id
             WHERE c.class_id = ?1 ORDER BY p.start_date, x.course_id, st.last_name, st.first_name",
        )?;
        let rows = st
            .query_map([class_id], |r| {
                Ok((
                    r.get::<_, StudentId>(0)?,
                    FullName::new(
                        &r.get::<_, String>(1)?,
                        &r.get::<_, String>(2)?,
                        &r.get::<_, String>(3)?,
                    ),
                    r.get::<_, CourseId>(4)?,
                    r.get::<_, PeriodId>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(
                |(student_id, student, course_id, period_id, period, reason, author)| {
                    Ok(Exemption {
                        student_id,
                        student,
                        course_id,
                        course: self.course(course_id)?.title(),
                        period_id,
                        period,
                        reason,
                        author,
                    })
                },
            )
            .collect()
    }

    /// What an exemption needs: the user may exempt in the course's class, the period is
    /// the course's grade's and open, the student is in the course during it.
    fn exemption_scope(
        &self,
        actor: &Actor,
        course_id: CourseId,
        student_id: StudentId,
        period_id: PeriodId,
    ) -> Result<(CourseInfo, Period)> {
        let course = self.course(course_id)?;
        may_exempt(actor, course.class_id)?;
        let year = self.current_year()?;
        let period = self
            .grade_periods(year.id, course.class.grade)?
            .into_iter()
            .find(|p| p.id == period_id)
            .ok_or_else(|| {
                StoreError::Invalid(tr!(
                    "у {}-х классов нет такого периода",
                    "grade {} has no such period",
                    course.class.grade
                ))
            })?;
        self.check_period_open(course_id, &period)?;
        let students = self.course_students(course_id, period.start, period.end)?;
        if !students.iter().any(|s| s.id == student_id) {
            return Err(StoreError::Invalid(tr!(
                "{} не учится в {} в «{}»",
                "{} is not in {} during «{}»",
                self.student_name(student_id)?.full(),
                course.title(),
                period.name
            )));
        }
        Ok((course, period))
    }

    /// Exempts a student from a course for a period (no marks expected, «осв» the final
    /// suggested), with the reason (a certificate, an order); audited.
    pub fn exempt(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        student_id: StudentId,
        period_id: PeriodId,
        reason: &str,
    ) -> Result<()> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(StoreError::Invalid(tr!(
                "укажите основание освобождения (справка, приказ)",
                "give the grounds of the exemption (a certificate, an order)"
            )));
        }
        crate::domain::text::check(crate::domain::text::Field::Reason, &reason)?;
        let (course, period) = self.exemption_scope(actor, course_id, student_id, period_id)?;
        let name = self.student_name(student_id)?.full();
        self.change(actor, |tx| {
            let had: Option<i64> = tx
                .query_row(
                    "SELECT id FROM exemption WHERE student_id = ?1 AND course_id = ?2 AND period_id = ?3",
                    params![student_id, course_id, period_id],
                    |r| r.get(0),
                )
                .optional()?;
            if had.is_some() {
                return Err(StoreError::Invalid(tr!(
                    "{} уже освобождён(а) от {} на «{}»",
                    "{} is already exempt from {} for «{}»",
                    name,
                    course.title(),
                    period.name
                )));
            }
            tx.execute(
                "INSERT INTO exemption (student_id, course_id, period_id, reason, author_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![student_id, course_id, period_id, reason, actor.user_id, tx.at()],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(tx.last_insert_rowid()),
                student_id: Some(student_id),
                course_id: Some(course_id),
                new: Some(format!("{}: {reason}", period.name)),
                ..AuditEntry::new(Action::Create, Entity::Exemption)
            })
        })
    }

    /// Ends a student's exemption from a course for a period; audited.
    pub fn unexempt(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        student_id: StudentId,
        period_id: PeriodId,
    ) -> Result<()> {
        let (course, period) = self.exemption_scope(actor, course_id, student_id, period_id)?;
        let name = self.student_name(student_id)?.full();
        self.change(actor, |tx| {
            let had: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, reason FROM exemption WHERE student_id = ?1 AND course_id = ?2 AND period_id = ?3",
                    params![student_id, course_id, period_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((id, reason)) = had else {
                return Err(StoreError::NotFound(tr!(
                    "{} не освобождён(а) от {} на «{}»",
                    "{} is not exempt from {} for «{}»",
                    name,
                    course.title(),
                    period.name
                )));
            };
            tx.execute("DELETE FROM exemption WHERE id = ?1", [id])?;
            tx.log(&AuditEntry {
                entity_id: Some(id),
                student_id: Some(student_id),
                course_id: Some(course_id),
                old: Some(format!("{}: {reason}", period.name)),
                ..AuditEntry::new(Action::Delete, Entity::Exemption)
            })
        })
    }

    /// Replaces the school's grading rules during the year (`dry_run`: only checks). A
    /// change the journal's entries contradict is refused, naming them: marks 1–5 or
    /// numeric finals where a course would become pass/fail, «зач»/«незач» marks where it
    /// would take marks, any mark or final where it would not be assessed. Audited.
    pub fn set_grading(&mut self, actor: &Actor, g: &Grading, dry_run: bool) -> Result<()> {
        may_set_grading(actor)?;
        let clashes = self.grading_clashes(&g.assessment)?;
        if !clashes.is_empty() {
            const SHOWN: usize = 12;
            let mut text: Vec<String> = clashes.iter().take(SHOWN).cloned().collect();
            if clashes.len() > SHOWN {
                text.push(tr!("и ещё {}", "and {} more", clashes.len() - SHOWN));
            }
            return Err(StoreError::Invalid(tr!(
                "правила оценивания противоречат тому, что уже в журнале: {}. Исправьте отметки или правила",
                "the grading rules contradict what the journal holds: {}. Correct the marks or the rules",
                text.join("; ")
            )));
        }
        if dry_run {
            return Ok(());
        }
        let old = grading_text(&self.grading()?);
        let new = grading_text(g);
        if old == new {
            return Ok(());
        }
        self.change(actor, |tx| {
            write_grading(tx, g)?;
            tx.log(&AuditEntry {
                old: Some(old),
                new: Some(new),
                ..AuditEntry::new(Action::Set, Entity::Grading)
            })
        })
    }

    /// The entries of this year's courses that new assessment rules would contradict, a
    /// line per course and period: «7Б Алгебра, 2 четверть: 34 отметки 1–5».
    fn grading_clashes(&self, rules: &AssessmentRules) -> Result<Vec<String>> {
        let year = self.current_year()?;
        // Marks per course and date, by kind (a mark 1–5 or a pass/fail).
        let mut st = self.conn.prepare_cached(
            "SELECT l.course_id, l.date, m.value IS NOT NULL, count(*)
             FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN course c ON c.id = l.course_id
             JOIN class k ON k.id = c.class_id WHERE k.year_id = ?1
             GROUP BY l.course_id, l.date, m.value IS NOT NULL",
        )?;
        let marks = st
            .query_map([year.id], |r| {
                Ok((
                    r.get::<_, CourseId>(0)?,
                    parse_date(&r.get::<_, String>(1)?)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT f.course_id, f.period_id, f.value, count(*) FROM final_mark f
             JOIN course c ON c.id = f.course_id JOIN class k ON k.id = c.class_id
             WHERE k.year_id = ?1 GROUP BY f.course_id, f.period_id, f.value",
        )?;
        let finals = st
            .query_map([year.id], |r| {
                Ok((
                    r.get::<_, CourseId>(0)?,
                    r.get::<_, Option<PeriodId>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // (course, period or the year) → (marks 1–5, pass/fail marks, numeric finals, other finals).
        let mut counts: BTreeMap<(CourseId, Option<PeriodId>), [i64; 4]> = BTreeMap::new();
        let mut courses: HashMap<CourseId, (CourseInfo, Vec<Period>)> = HashMap::new();
        let course_of = |store: &Store,
                         courses: &mut HashMap<CourseId, (CourseInfo, Vec<Period>)>,
                         id: CourseId|
         -> Result<()> {
            if let std::collections::hash_map::Entry::Vacant(e) = courses.entry(id) {
                let c = store.course(id)?;
                let periods = store.grade_periods(year.id, c.class.grade)?;
                e.insert((c, periods));
            }
            Ok(())
        };
        for (course, date, scale, n) in marks {
            course_of(self, &mut courses, course)?;
            let period = courses[&course]
                .1
                .iter()
                .find(|p| (p.start..=p.end).contains(&date))
                .map(|p| p.id);
            if period.is_some() {
                counts.entry((course, period)).or_default()[usize::from(!scale)] += n;
            }
        }
        for (course, period, value, n) in finals {
            course_of(self, &mut courses, course)?;
            let numeric = matches!(FinalValue::parse(&value), Ok(FinalValue::Mark(_)));
            counts.entry((course, period)).or_default()[2 + usize::from(!numeric)] += n;
        }
        let mut out = Vec::new();
        for ((course, period), [scale, pass, numeric, other]) in counts {
            let (info, periods) = &courses[&course];
            let p = period.and_then(|id| periods.iter().find(|p| p.id == id));
            let kind = rules.kind(info.class.grade, &info.subject, p.map(|p| p.num));
            let what: Vec<String> = match kind {
                Assessment::Marks => vec![
                    (pass > 0)
                        .then(|| tr!("отметок «зач»/«незач»: {}", "pass/fail marks: {}", pass)),
                ],
                Assessment::PassFail => vec![
                    (scale > 0).then(|| tr!("отметок 1–5: {}", "marks 1–5: {}", scale)),
                    (numeric > 0).then(|| tr!("итоговых 1–5: {}", "finals 1–5: {}", numeric)),
                ],
                Assessment::None => vec![
                    (scale + pass > 0).then(|| tr!("отметок: {}", "marks: {}", scale + pass)),
                    (numeric + other > 0)
                        .then(|| tr!("итоговых: {}", "finals: {}", numeric + other)),
                ],
            }
            .into_iter()
            .flatten()
            .collect();
            if !what.is_empty() {
                let when = p
                    .map(|p| p.name.clone())
                    .unwrap_or_else(|| tr!("год", "the year"));
                out.push(format!(
                    "{}, {when}: {} — {}",
                    info.title(),
                    what.join(", "),
                    tr!("а станет {}", "would become {}", kind.words())
                ));
            }
        }
        Ok(out)
    }
}

/// Where an entry is, for an assessment refusal.
fn place(course: &CourseInfo, period: Option<&Period>) -> Place {
    Place {
        subject: course.subject.clone(),
        grade: course.class.grade,
        period: period.map(|p| p.name.clone()),
    }
}
