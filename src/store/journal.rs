//! Marks and attendance: written through the rules, the policy and the audit log; and
//! the journal page of one course and period.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::audit::{AuditEntry, record};
use super::courses::{CourseInfo, LessonInfo};
use super::students::StudentRef;
use super::{Result, Store, StoreError, fmt_time};
use crate::domain::attendance::AttendanceCode;
use crate::domain::calendar::Period;
use crate::domain::marks::{MarkValue, weighted_average};
use crate::domain::policy::{Actor, CourseScope, LessonOwner, may_enter_lesson, may_read_course};
use crate::domain::rules::{CellContext, check_attendance, check_mark};
use crate::tr;

/// One mark in a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkCell {
    pub id: i64,
    pub value: MarkValue,
    pub work_type: String,
    pub weight: f64,
}

/// A course's page for one period: lessons × students.
#[derive(Debug, Clone)]
pub struct JournalPage {
    pub course: CourseInfo,
    pub period: Period,
    pub lessons: Vec<LessonInfo>,
    pub students: Vec<StudentRef>,
    pub marks: HashMap<(i64, i64), Vec<MarkCell>>,
    pub attendance: HashMap<(i64, i64), String>,
    pub finals: HashMap<i64, String>,
    /// Only the lessons substituted to the reader: no totals or finals.
    pub restricted: bool,
}

impl JournalPage {
    /// The student's weighted average over the page.
    pub fn average(&self, student_id: i64) -> Option<f64> {
        let marks: Vec<(MarkValue, f64)> = self
            .lessons
            .iter()
            .filter_map(|l| self.marks.get(&(l.id, student_id)))
            .flatten()
            .map(|m| (m.value, m.weight))
            .collect();
        weighted_average(&marks)
    }

    /// The cell as the journal prints it: attendance code, then marks.
    pub fn cell_text(&self, lesson_id: i64, student_id: i64, sep: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(a) = self.attendance.get(&(lesson_id, student_id)) {
            parts.push(a.clone());
        }
        if let Some(ms) = self.marks.get(&(lesson_id, student_id)) {
            parts.extend(ms.iter().map(|m| m.value.get().to_string()));
        }
        parts.join(sep)
    }
}

/// What the rules need about a lesson and a student, read before a write.
struct Cell {
    lesson: LessonInfo,
    course: CourseInfo,
}

impl Store {
    fn cell_checked(
        &self,
        actor: &Actor,
        lesson_id: i64,
        student_id: i64,
        for_mark: bool,
    ) -> Result<Cell> {
        let (lesson, course) = self.enterable_lesson(actor, lesson_id)?;
        let history = self.student_history(student_id)?;
        let groups = self.student_subgroups(student_id)?;
        let student_name = self.student_name(student_id)?.full();
        let class_name = course.class.to_string();
        let ctx = CellContext {
            grade: course.class.grade,
            class_id: course.class_id,
            class_name: &class_name,
            subgroup: course.subgroup.as_ref().map(|(id, n)| (*id, n.as_str())),
            student_name: &student_name,
            history: &history,
            student_subgroups: &groups,
            date: lesson.date,
        };
        if for_mark {
            check_mark(&ctx)?;
            self.check_date_open(course.id, lesson.date)?;
        } else {
            check_attendance(&ctx)?;
        }
        Ok(Cell { lesson, course })
    }

    /// Adds marks to a cell, each with the given work type (else the lesson's, else the
    /// first in the school's list). Returns the new marks' ids.
    pub fn add_marks(
        &mut self,
        actor: &Actor,
        lesson_id: i64,
        student_id: i64,
        values: &[MarkValue],
        work_type_id: Option<i64>,
    ) -> Result<Vec<i64>> {
        self.insert_marks(
            actor,
            lesson_id,
            student_id,
            values,
            work_type_id,
            None,
            "",
            None,
        )
    }

    /// Adds marks to a cell its user saw as `seen`: refused with
    /// [`StoreError::Conflict`] when another user has changed the cell since.
    pub fn add_marks_seen(
        &mut self,
        actor: &Actor,
        lesson_id: i64,
        student_id: i64,
        values: &[MarkValue],
        seen: &super::cells::CellSeen,
    ) -> Result<Vec<i64>> {
        self.insert_marks(
            actor,
            lesson_id,
            student_id,
            values,
            None,
            None,
            "",
            Some(seen),
        )
    }

    /// Adds marks with an explicit weight and comment (a mark put back by undo).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn insert_marks(
        &mut self,
        actor: &Actor,
        lesson_id: i64,
        student_id: i64,
        values: &[MarkValue],
        work_type_id: Option<i64>,
        weight: Option<f64>,
        comment: &str,
        seen: Option<&super::cells::CellSeen>,
    ) -> Result<Vec<i64>> {
        let cell = self.cell_checked(actor, lesson_id, student_id, true)?;
        let types = self.work_types()?;
        let wt = work_type_id
            .or(cell.lesson.work_type_id)
            .and_then(|id| types.iter().find(|t| t.id == id))
            .or_else(|| types.first())
            .cloned()
            .ok_or_else(|| {
                StoreError::Invalid(tr!(
                    "в школе нет видов работ",
                    "the school has no work types"
                ))
            })?;
        let at = fmt_time(self.now());
        let course_id = cell.course.id;
        self.write(|tx| {
            super::cells::check_seen(tx, lesson_id, student_id, seen)?;
            let mut ids = Vec::new();
            for v in values {
                tx.prepare_cached(
                    "INSERT INTO mark (lesson_id, student_id, value, work_type_id, weight, comment, author_id, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                )?
                .execute(params![
                    lesson_id,
                    student_id,
                    v.get(),
                    wt.id,
                    weight.unwrap_or(wt.weight),
                    comment,
                    actor.user_id,
                    at
                ])?;
                let id = tx.last_insert_rowid();
                record(
                    tx,
                    actor,
                    &at,
                    &AuditEntry {
                        action: "create",
                        entity: "mark",
                        entity_id: Some(id),
                        lesson_id: Some(lesson_id),
                        student_id: Some(student_id),
                        course_id: Some(course_id),
                        old: None,
                        new: Some(format!("{} {}", v.get(), wt.short)),
                    },
                )?;
                ids.push(id);
            }
            Ok(ids)
        })
    }

    /// Sets (or with `None` clears) a student's attendance code for a lesson.
    pub fn set_attendance(
        &mut self,
        actor: &Actor,
        lesson_id: i64,
        student_id: i64,
        code: Option<&str>,
    ) -> Result<()> {
        self.set_attendance_seen(actor, lesson_id, student_id, code, None)
    }

    /// Sets the attendance of a cell its user saw as `seen` (refused if it changed since).
    pub fn set_attendance_seen(
        &mut self,
        actor: &Actor,
        lesson_id: i64,
        student_id: i64,
        code: Option<&str>,
        seen: Option<&super::cells::CellSeen>,
    ) -> Result<()> {
        let cell = self.cell_checked(actor, lesson_id, student_id, false)?;
        let code: Option<AttendanceCode> = match code {
            Some(c) => Some(self.attendance_codes()?.find(c)?.clone()),
            None => None,
        };
        let at = fmt_time(self.now());
        let course_id = cell.course.id;
        let new = code.map(|c| c.code);
        self.write(|tx| {
            super::cells::check_seen(tx, lesson_id, student_id, seen)?;
            put_attendance(
                tx,
                actor,
                &at,
                course_id,
                lesson_id,
                student_id,
                new.as_deref(),
            )?;
            Ok(())
        })
    }

    /// The page of a course for one period, for those the policy lets read it.
    pub fn journal_page(
        &self,
        actor: &Actor,
        course_id: i64,
        period: &Period,
    ) -> Result<JournalPage> {
        let course = self.course(course_id)?;
        let scope = CourseScope {
            teacher_id: course.teacher_id,
            class_id: course.class_id,
        };
        let mut lessons = self.lessons(course_id, period.start, period.end)?;
        // A substitute sees the lessons substituted to them, and nothing else of the course.
        let restricted = match may_read_course(actor, scope) {
            Ok(()) => false,
            Err(e) => {
                lessons.retain(|l| l.conducted_by.is_some() && l.conducted_by == actor.staff_id);
                if lessons.is_empty() {
                    return Err(e.into());
                }
                true
            }
        };
        let students = self.course_students(course_id, period.start, period.end)?;
        let (from, to) = (super::fmt_date(period.start), super::fmt_date(period.end));
        let mut marks: HashMap<(i64, i64), Vec<MarkCell>> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT m.lesson_id, m.student_id, m.id, m.value, w.short, m.weight
             FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN work_type w ON w.id = m.work_type_id
             WHERE l.course_id = ?1 AND l.date BETWEEN ?2 AND ?3 ORDER BY m.id",
        )?;
        let rows = st.query_map(params![course_id, from, to], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, f64>(5)?,
            ))
        })?;
        for row in rows {
            let (l, s, id, v, wt, w) = row?;
            marks.entry((l, s)).or_default().push(MarkCell {
                id,
                value: MarkValue::new(v)?,
                work_type: wt,
                weight: w,
            });
        }
        let mut attendance = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT a.lesson_id, a.student_id, a.code FROM attendance a JOIN lesson l ON l.id = a.lesson_id
             WHERE l.course_id = ?1 AND l.date BETWEEN ?2 AND ?3",
        )?;
        for row in st.query_map(params![course_id, from, to], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (l, s, c) = row?;
            attendance.insert((l, s), c);
        }
        if restricted {
            let shown: std::collections::HashSet<i64> = page_lessons(&lessons);
            marks.retain(|(l, _), _| shown.contains(l));
            attendance.retain(|(l, _), _| shown.contains(l));
        }
        let mut finals = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT student_id, value FROM final_mark WHERE course_id = ?1 AND period_id = ?2",
        )?;
        for row in st.query_map(params![course_id, period.id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })? {
            let (s, v) = row?;
            if !restricted {
                finals.insert(s, v);
            }
        }
        Ok(JournalPage {
            course,
            period: period.clone(),
            lessons,
            students,
            marks,
            attendance,
            finals,
            restricted,
        })
    }

    /// The lessons of a course on a date.
    pub fn lessons_on(&self, course_id: i64, date: chrono::NaiveDate) -> Result<Vec<LessonInfo>> {
        self.lessons(course_id, date, date)
    }

    /// Counts rows of a table, for summaries and tests.
    pub fn count(&self, table: &str) -> Result<i64> {
        const TABLES: &[&str] = &[
            "mark",
            "attendance",
            "lesson",
            "student",
            "staff",
            "course",
            "class",
            "audit",
            "final_mark",
            "plan_item",
            "timetable",
            "users",
            "enrollment",
            "parent_child",
        ];
        if !TABLES.contains(&table) {
            return Err(StoreError::Invalid(format!("unknown table {table}")));
        }
        Ok(self
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    }
}

impl Store {
    /// The attendance code of a cell, if any.
    pub fn attendance_of(&self, lesson_id: i64, student_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT code FROM attendance WHERE lesson_id = ?1 AND student_id = ?2",
                params![lesson_id, student_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}

impl Store {
    /// Whether the user may work with a course at all: read it, or substitute in it.
    pub fn may_open_course(&self, actor: &Actor, course: &CourseInfo) -> Result<()> {
        let scope = CourseScope {
            teacher_id: course.teacher_id,
            class_id: course.class_id,
        };
        match may_read_course(actor, scope) {
            Ok(()) => Ok(()),
            Err(e) => {
                let substitutes: i64 = self.row(
                    "SELECT count(*) FROM lesson WHERE course_id = ?1 AND conducted_by = ?2",
                    params![course.id, actor.staff_id],
                    |r| r.get(0),
                )?;
                if substitutes > 0 {
                    Ok(())
                } else {
                    Err(e.into())
                }
            }
        }
    }

    /// Adds a lesson by hand on a date the timetable does not give (an extra lesson).
    /// The date must be a school day inside a study period for the course's grade.
    pub fn add_lesson(
        &mut self,
        actor: &Actor,
        course_id: i64,
        date: chrono::NaiveDate,
        lesson_no: i64,
    ) -> Result<i64> {
        let course = self.course(course_id)?;
        may_enter_lesson(
            actor,
            LessonOwner {
                course_teacher: course.teacher_id,
                substitute: None,
            },
        )?;
        let year = self.current_year()?;
        self.calendar(year.id)?
            .check_lesson_date(date, course.class.grade)?;
        if !(0..=12).contains(&lesson_no) {
            return Err(StoreError::Invalid(tr!(
                "номер урока {} вне 0–12",
                "lesson number {} is outside 0–12",
                lesson_no
            )));
        }
        let at = fmt_time(self.now());
        self.write(|tx| {
            let taken: Option<i64> = tx
                .query_row(
                    "SELECT id FROM lesson WHERE course_id = ?1 AND date = ?2 AND lesson_no = ?3",
                    params![course_id, super::fmt_date(date), lesson_no],
                    |r| r.get(0),
                )
                .optional()?;
            if taken.is_some() {
                return Err(StoreError::Invalid(tr!(
                    "урок № {} в этот день уже есть",
                    "lesson No. {} already exists that day",
                    lesson_no
                )));
            }
            tx.execute(
                "INSERT INTO lesson (course_id, date, lesson_no, source) VALUES (?1, ?2, ?3, 'manual')",
                params![course_id, super::fmt_date(date), lesson_no],
            )?;
            let id = tx.last_insert_rowid();
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "create",
                    entity: "lesson",
                    entity_id: Some(id),
                    lesson_id: Some(id),
                    course_id: Some(course_id),
                    new: Some(format!("{} {lesson_no}", super::fmt_date(date))),
                    ..Default::default()
                },
            )?;
            Ok(id)
        })
    }

    /// Sets a lesson's topic and homework (the rest of the pane stays); grade 1 has no
    /// homework.
    pub fn set_lesson_text(
        &mut self,
        actor: &Actor,
        lesson_id: i64,
        topic: &str,
        homework: &str,
    ) -> Result<()> {
        let l = self.lesson(lesson_id)?;
        let text = LessonText {
            topic: topic.to_string(),
            homework: homework.to_string(),
            homework_kind: l.homework_kind,
            work_type_id: l.work_type_id,
            note: l.note,
        };
        self.set_lesson_pane(actor, lesson_id, &text).map(|_| ())
    }

    /// Sets (or with `None` clears) a student's final for a period or, with
    /// `period_id = None`, for the year.
    pub fn set_final(
        &mut self,
        actor: &Actor,
        course_id: i64,
        student_id: i64,
        period_id: Option<i64>,
        value: Option<crate::domain::marks::FinalValue>,
    ) -> Result<()> {
        self.set_final_seen(actor, course_id, student_id, period_id, value, None)
    }

    /// Sets a final its user saw as `seen` (`Some(None)`: saw none): refused with
    /// [`StoreError::Conflict`] when another user has set it since.
    pub fn set_final_seen(
        &mut self,
        actor: &Actor,
        course_id: i64,
        student_id: i64,
        period_id: Option<i64>,
        value: Option<crate::domain::marks::FinalValue>,
        seen: Option<Option<&str>>,
    ) -> Result<()> {
        let course = self.course(course_id)?;
        may_enter_lesson(
            actor,
            LessonOwner {
                course_teacher: course.teacher_id,
                substitute: None,
            },
        )?;
        crate::domain::rules::check_grade_has_marks(course.class.grade)?;
        if let Some(pid) = period_id {
            let year = self.current_year()?;
            if let Some(p) = self
                .calendar(year.id)?
                .periods
                .into_iter()
                .find(|p| p.id == pid)
            {
                self.check_period_open(course_id, &p)?;
            }
        }
        let at = fmt_time(self.now());
        self.write(|tx| {
            let old: Option<String> = tx
                .query_row(
                    "SELECT value FROM final_mark WHERE student_id = ?1 AND course_id = ?2 AND period_id IS ?3",
                    params![student_id, course_id, period_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(seen) = seen
                && old.as_deref() != seen
            {
                let by: String = tx
                    .query_row(
                        "SELECT actor FROM audit WHERE entity = 'final' AND student_id = ?1
                         AND course_id = ?2 ORDER BY id DESC LIMIT 1",
                        params![student_id, course_id],
                        |r| r.get(0),
                    )
                    .optional()?
                    .unwrap_or_default();
                return Err(StoreError::Conflict {
                    by,
                    now: old.unwrap_or_default(),
                });
            }
            let new = value.map(|v| v.as_str().to_string());
            if old == new {
                return Ok(());
            }
            tx.execute(
                "DELETE FROM final_mark WHERE student_id = ?1 AND course_id = ?2 AND period_id IS ?3",
                params![student_id, course_id, period_id],
            )?;
            if let Some(v) = &new {
                tx.execute(
                    "INSERT INTO final_mark (student_id, course_id, period_id, value, author_id, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![student_id, course_id, period_id, v, actor.user_id, at],
                )?;
            }
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "set",
                    entity: "final",
                    entity_id: period_id,
                    student_id: Some(student_id),
                    course_id: Some(course_id),
                    old,
                    new,
                    ..Default::default()
                },
            )
        })
    }
}

/// Attendance was taken for the lesson (the first time counts).
pub(crate) fn mark_taken(tx: &rusqlite::Transaction, lesson_id: i64, at: &str) -> Result<()> {
    tx.prepare_cached(
        "UPDATE lesson SET attendance_taken_at = ?2 WHERE id = ?1 AND attendance_taken_at IS NULL",
    )?
    .execute(params![lesson_id, at])?;
    Ok(())
}

fn page_lessons(lessons: &[LessonInfo]) -> std::collections::HashSet<i64> {
    lessons.iter().map(|l| l.id).collect()
}

/// What the lesson pane edits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LessonText {
    pub topic: String,
    pub homework: String,
    /// written, oral, reading, project, other; empty without homework.
    pub homework_kind: String,
    pub work_type_id: Option<i64>,
    pub note: String,
}

/// The kinds of homework, as stored.
pub const HOMEWORK_KINDS: [&str; 5] = ["written", "oral", "reading", "project", "other"];

impl Store {
    /// Saves the lesson pane: topic, homework and its kind, the lesson's work type and
    /// a note. Only changed fields are written, each with its audit row; grade 1 has no
    /// homework.
    pub fn set_lesson_pane(
        &mut self,
        actor: &Actor,
        lesson_id: i64,
        text: &LessonText,
    ) -> Result<usize> {
        let (lesson, course) = self.enterable_lesson(actor, lesson_id)?;
        crate::domain::rules::check_homework(course.class.grade, &text.homework)?;
        let kind = if text.homework.trim().is_empty() {
            ""
        } else {
            text.homework_kind.as_str()
        };
        if !kind.is_empty() && !HOMEWORK_KINDS.contains(&kind) {
            return Err(StoreError::Invalid(tr!(
                "вид задания «{}» неизвестен",
                "unknown homework kind «{}»",
                kind
            )));
        }
        let types = self.work_types()?;
        let short = |id: Option<i64>| -> String {
            id.and_then(|id| types.iter().find(|t| t.id == id))
                .map(|t| t.short.clone())
                .unwrap_or_default()
        };
        if let Some(id) = text.work_type_id
            && !types.iter().any(|t| t.id == id)
        {
            return Err(StoreError::Invalid(tr!(
                "нет вида работы {}",
                "no work type {}",
                id
            )));
        }
        let at = fmt_time(self.now());
        let fields: Vec<(&str, String, String)> = vec![
            ("topic", lesson.topic.clone(), text.topic.trim().to_string()),
            (
                "homework",
                lesson.homework.clone(),
                text.homework.trim().to_string(),
            ),
            (
                "homework_kind",
                lesson.homework_kind.clone(),
                kind.to_string(),
            ),
            ("note", lesson.note.clone(), text.note.trim().to_string()),
        ];
        let wt_changed = lesson.work_type_id != text.work_type_id;
        let (old_wt, new_wt) = (short(lesson.work_type_id), short(text.work_type_id));
        self.write(|tx| {
            let mut changed = 0;
            for (field, old, new) in &fields {
                if old == new {
                    continue;
                }
                tx.execute(
                    &format!("UPDATE lesson SET {field} = ?1 WHERE id = ?2"),
                    params![new, lesson_id],
                )?;
                record(
                    tx,
                    actor,
                    &at,
                    &AuditEntry {
                        action: "set",
                        entity: field,
                        entity_id: Some(lesson_id),
                        lesson_id: Some(lesson_id),
                        course_id: Some(course.id),
                        old: Some(old.clone()),
                        new: Some(new.clone()),
                        ..Default::default()
                    },
                )?;
                changed += 1;
            }
            if wt_changed {
                tx.execute(
                    "UPDATE lesson SET work_type_id = ?1 WHERE id = ?2",
                    params![text.work_type_id, lesson_id],
                )?;
                record(
                    tx,
                    actor,
                    &at,
                    &AuditEntry {
                        action: "set",
                        entity: "lesson_work_type",
                        entity_id: Some(lesson_id),
                        lesson_id: Some(lesson_id),
                        course_id: Some(course.id),
                        old: Some(old_wt.clone()),
                        new: Some(new_wt.clone()),
                        ..Default::default()
                    },
                )?;
                changed += 1;
            }
            Ok(changed)
        })
    }
}

impl Store {
    /// The lesson and its course, for a user about to enter the lesson's data: the
    /// lesson is not cancelled, and the user is its course's teacher or its substitute.
    pub(crate) fn enterable_lesson(
        &self,
        actor: &Actor,
        lesson_id: i64,
    ) -> Result<(LessonInfo, CourseInfo)> {
        let lesson = self.lesson(lesson_id)?;
        self.refuse_cancelled(lesson_id)?;
        let course = self.course(lesson.course_id)?;
        may_enter_lesson(
            actor,
            LessonOwner {
                course_teacher: course.teacher_id,
                substitute: lesson.conducted_by.filter(|c| *c != course.teacher_id),
            },
        )?;
        Ok((lesson, course))
    }

    /// A cancelled lesson takes no entries until it is restored.
    pub(crate) fn refuse_cancelled(&self, lesson_id: i64) -> Result<()> {
        match self.cancelled_reason(lesson_id)? {
            Some(reason) => Err(StoreError::Invalid(tr!(
                "урок отменён ({}): сначала восстановите его",
                "the lesson is cancelled ({}): restore it first",
                reason
            ))),
            None => Ok(()),
        }
    }
}

/// Writes one attendance code (or clears it) with its audit row; counts the lesson's
/// attendance as taken. Returns whether anything changed.
pub(crate) fn put_attendance(
    tx: &rusqlite::Transaction,
    actor: &Actor,
    at: &str,
    course_id: i64,
    lesson_id: i64,
    student_id: i64,
    new: Option<&str>,
) -> Result<bool> {
    let old: Option<String> = tx
        .prepare_cached("SELECT code FROM attendance WHERE lesson_id = ?1 AND student_id = ?2")?
        .query_row(params![lesson_id, student_id], |r| r.get(0))
        .optional()?;
    mark_taken(tx, lesson_id, at)?;
    if old.as_deref() == new {
        return Ok(false);
    }
    match new {
        Some(c) => tx
            .prepare_cached(
                "INSERT INTO attendance (lesson_id, student_id, code, author_id, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (lesson_id, student_id) DO UPDATE
                 SET code = excluded.code, author_id = excluded.author_id, updated_at = excluded.updated_at",
            )?
            .execute(params![lesson_id, student_id, c, actor.user_id, at])?,
        None => tx
            .prepare_cached("DELETE FROM attendance WHERE lesson_id = ?1 AND student_id = ?2")?
            .execute(params![lesson_id, student_id])?,
    };
    record(
        tx,
        actor,
        at,
        &AuditEntry {
            action: "set",
            entity: "attendance",
            lesson_id: Some(lesson_id),
            student_id: Some(student_id),
            course_id: Some(course_id),
            old,
            new: new.map(str::to_string),
            ..Default::default()
        },
    )?;
    Ok(true)
}

impl Store {
    /// The year final the period finals suggest: their average through the school's
    /// cut-offs; `None` without a numeric period final. Also the year final already set.
    pub fn year_final(
        &self,
        course_id: i64,
        student_id: i64,
    ) -> Result<(Option<MarkValue>, Option<String>)> {
        let mut st = self.conn.prepare_cached(
            "SELECT value, period_id IS NULL FROM final_mark WHERE course_id = ?1 AND student_id = ?2",
        )?;
        let rows = st
            .query_map(params![course_id, student_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let set = rows.iter().find(|r| r.1).map(|r| r.0.clone());
        let marks: Vec<(MarkValue, f64)> = rows
            .iter()
            .filter(|r| !r.1)
            .filter_map(|r| r.0.parse::<i64>().ok().and_then(|v| MarkValue::new(v).ok()))
            .map(|m| (m, 1.0))
            .collect();
        let suggested = weighted_average(&marks)
            .map(|a| self.cutoffs().map(|c| c.suggest(a)))
            .transpose()?;
        Ok((suggested, set))
    }
}
