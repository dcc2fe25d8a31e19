//! Lessons: finding one, adding one by hand, its pane (topic, homework, work type,
//! note), cancelling and restoring it, who may enter its data, and a teacher's gaps
//! (past lessons still without a topic, homework or attendance). The rules are in
//! `domain::lessons`; each write here is one audited transaction.

use crate::domain::text::{self, Field};
use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::audit::AuditEntry;
use super::courses::{CourseInfo, LessonInfo};
use super::{Detail, Result, Store, StoreError, fmt_date, parse_date};
use crate::domain::RuleError;
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{CourseId, LessonId, StaffId, StudentId};
use crate::domain::lessons::{
    GapKind, cancel_blocker, cancel_reason, counts_as_past, lesson_gaps, lesson_text,
};
use crate::domain::policy::{Actor, LessonOwner, may_cancel, may_enter_lesson, may_see_gaps};
use crate::domain::rules::{CellContext, check_homework};
use crate::tr;

/// A past lesson of a teacher with what is missing in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub lesson_id: LessonId,
    pub course_id: CourseId,
    /// «7Б Алгебра».
    pub course: String,
    pub date: NaiveDate,
    pub lesson_no: i64,
    /// The teacher conducts this lesson as a substitute, not as the course's teacher.
    pub substituted: bool,
    pub missing: Vec<GapKind>,
}

/// A lesson that did not take place, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct CancelledLesson {
    pub lesson_id: LessonId,
    pub date: NaiveDate,
    pub lesson_no: i64,
    pub reason: String,
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
    /// The lesson of a course on a date, cancelled ones included; `lesson_no` picks
    /// one when the course has several that day. A date that holds no lessons at all
    /// says why (the calendar's message).
    pub fn find_lesson(
        &self,
        course_id: CourseId,
        date: NaiveDate,
        lesson_no: Option<i64>,
    ) -> Result<LessonInfo> {
        let course = self.course(course_id)?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, lesson_no FROM lesson WHERE course_id = ?1 AND date = ?2 ORDER BY lesson_no",
        )?;
        let found = st
            .query_map(params![course_id, fmt_date(date)], |r| {
                Ok((r.get::<_, LessonId>(0)?, r.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let numbers = || {
            found
                .iter()
                .map(|(_, n)| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let id = match (found.as_slice(), lesson_no) {
            ([], _) => {
                let year = self.current_year()?;
                self.calendar(year.id)?.check_class_lesson_date(
                    date,
                    course.class.grade,
                    Some(course.class_id),
                )?;
                return Err(StoreError::NotFound(tr!(
                    "у {} нет урока {}",
                    "{} has no lesson on {}",
                    course.title(),
                    date.format("%d.%m.%Y")
                )));
            }
            ([(id, _)], None) => *id,
            (_, None) => {
                return Err(StoreError::Unclear {
                    message: tr!(
                        "у {} {} несколько уроков (№ {}): укажите номер урока",
                        "{} has several lessons on {} (No. {}): give the lesson's number",
                        course.title(),
                        date.format("%d.%m.%Y"),
                        numbers()
                    ),
                    need: Detail::LessonNumber,
                });
            }
            (many, Some(n)) => match many.iter().find(|(_, no)| *no == n) {
                Some((id, _)) => *id,
                None => {
                    return Err(StoreError::NotFound(tr!(
                        "у {} нет урока № {} {} (есть № {})",
                        "{} has no lesson No. {} on {} (there is No. {})",
                        course.title(),
                        n,
                        date.format("%d.%m.%Y"),
                        numbers()
                    )));
                }
            },
        };
        self.lesson(id)
    }

    /// Why a lesson was cancelled; `None` when it is held.
    pub fn cancelled_reason(&self, lesson_id: LessonId) -> Result<Option<String>> {
        self.row(
            "SELECT cancelled_reason FROM lesson WHERE id = ?1",
            [lesson_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(tr!("нет урока {}", "no lesson {}", lesson_id)))
    }

    /// Marks a lesson as not held, with its reason. Only an empty lesson (no marks, no
    /// attendance entries) can be cancelled; its topic, homework and substitute stay
    /// and come back with [`Store::restore_lesson`].
    pub fn cancel_lesson(
        &mut self,
        actor: &Actor,
        lesson_id: LessonId,
        reason: &str,
    ) -> Result<()> {
        let lesson = self.lesson(lesson_id)?;
        let course = self.course(lesson.course_id)?;
        may_cancel(actor, course.teacher_id)?;
        let reason = cancel_reason(reason)?;
        text::check(Field::Reason, &reason)?;
        self.check_date_open(course.id, lesson.date)?;
        self.change(actor, |tx| {
            // Read inside the transaction: a mark entered a moment ago still counts.
            let (was, marks, attendance): (Option<String>, i64, i64) = tx.query_row(
                "SELECT cancelled_reason,
                        (SELECT count(*) FROM mark m WHERE m.lesson_id = l.id),
                        (SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id)
                 FROM lesson l WHERE l.id = ?1",
                [lesson_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            if let Some(was) = was {
                return Err(StoreError::Invalid(tr!(
                    "урок {} уже отменён ({})",
                    "the lesson of {} is already cancelled ({})",
                    lesson_text(lesson.date, lesson.lesson_no),
                    was
                )));
            }
            if let Some(why) = cancel_blocker(marks, attendance) {
                return Err(StoreError::Invalid(why));
            }
            tx.execute(
                "UPDATE lesson SET cancelled_reason = ?1 WHERE id = ?2",
                params![reason, lesson_id],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(lesson_id.0),
                lesson_id: Some(lesson_id),
                course_id: Some(course.id),
                old: None,
                new: Some(reason.clone()),
                ..AuditEntry::new(Action::Cancel, Entity::Lesson)
            })
        })
    }

    /// Brings a cancelled lesson back to the journal.
    pub fn restore_lesson(&mut self, actor: &Actor, lesson_id: LessonId) -> Result<()> {
        let lesson = self.lesson(lesson_id)?;
        let course = self.course(lesson.course_id)?;
        may_cancel(actor, course.teacher_id)?;
        self.check_date_open(course.id, lesson.date)?;
        self.change(actor, |tx| {
            let was: Option<String> = tx.query_row(
                "SELECT cancelled_reason FROM lesson WHERE id = ?1",
                [lesson_id],
                |r| r.get(0),
            )?;
            let Some(was) = was else {
                return Err(StoreError::Invalid(tr!(
                    "урок {} не отменён",
                    "the lesson of {} is not cancelled",
                    lesson_text(lesson.date, lesson.lesson_no)
                )));
            };
            tx.execute(
                "UPDATE lesson SET cancelled_reason = NULL WHERE id = ?1",
                [lesson_id],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(lesson_id.0),
                lesson_id: Some(lesson_id),
                course_id: Some(course.id),
                old: Some(was),
                new: None,
                ..AuditEntry::new(Action::Restore, Entity::Lesson)
            })
        })
    }

    /// A course's cancelled lessons between two dates, in order.
    pub fn cancelled_lessons(
        &self,
        course_id: CourseId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<CancelledLesson>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, date, lesson_no, cancelled_reason FROM lesson
             WHERE course_id = ?1 AND date BETWEEN ?2 AND ?3 AND cancelled_reason IS NOT NULL
             ORDER BY date, lesson_no",
        )?;
        let rows = st
            .query_map(params![course_id, fmt_date(from), fmt_date(to)], |r| {
                Ok(CancelledLesson {
                    lesson_id: r.get(0)?,
                    date: parse_date(&r.get::<_, String>(1)?)?,
                    lesson_no: r.get(2)?,
                    reason: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A teacher's past lessons of this school year (before `today`, see
    /// [`counts_as_past`]) that still lack a topic, homework or attendance, newest
    /// first. The lessons are those Today shows: their own courses' unless someone
    /// substitutes, and the ones substituted to them; cancelled lessons are not gaps.
    pub fn gaps(&self, actor: &Actor, staff_id: StaffId, today: NaiveDate) -> Result<Vec<Gap>> {
        may_see_gaps(actor, staff_id)?;
        let year = self.current_year()?;
        let mut st = self.conn.prepare_cached(
            "SELECT l.id, l.course_id, l.date, l.lesson_no, l.topic, l.homework,
                    l.attendance_taken_at IS NOT NULL, k.grade, c.teacher_id <> ?1
             FROM lesson l JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
             WHERE k.year_id = ?2 AND l.date < ?3 AND l.cancelled_reason IS NULL
               AND ((c.teacher_id = ?1 AND (l.conducted_by IS NULL OR l.conducted_by = ?1))
                    OR l.conducted_by = ?1)
             ORDER BY l.date DESC, l.lesson_no DESC, l.id DESC",
        )?;
        let rows = st
            .query_map(params![staff_id, year.id, fmt_date(today)], |r| {
                Ok((
                    r.get::<_, LessonId>(0)?,
                    r.get::<_, CourseId>(1)?,
                    parse_date(&r.get::<_, String>(2)?)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, bool>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, bool>(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut titles: HashMap<CourseId, String> = HashMap::new();
        let mut out = Vec::new();
        for (lesson_id, course_id, date, lesson_no, topic, homework, taken, grade, substituted) in
            rows
        {
            if !counts_as_past(date, today) {
                continue;
            }
            let missing = lesson_gaps(grade, &topic, &homework, taken);
            if missing.is_empty() {
                continue;
            }
            let course = match titles.get(&course_id) {
                Some(t) => t.clone(),
                None => {
                    let t = self.course(course_id)?.title();
                    titles.insert(course_id, t.clone());
                    t
                }
            };
            out.push(Gap {
                lesson_id,
                course_id,
                course,
                date,
                lesson_no,
                substituted,
                missing,
            });
        }
        Ok(out)
    }

    /// Adds a lesson by hand on a date the timetable does not give (an extra lesson).
    /// The date must be a school day inside a study period for the course's grade.
    pub fn add_lesson(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        date: NaiveDate,
        lesson_no: i64,
    ) -> Result<LessonId> {
        let course = self.course(course_id)?;
        may_enter_lesson(
            actor,
            LessonOwner {
                course_teacher: course.teacher_id,
                substitute: None,
            },
        )?;
        let year = self.current_year()?;
        self.calendar(year.id)?.check_class_lesson_date(
            date,
            course.class.grade,
            Some(course.class_id),
        )?;
        self.check_date_open(course_id, date)?;
        if !(0..=12).contains(&lesson_no) {
            return Err(StoreError::Invalid(tr!(
                "номер урока {} вне 0–12",
                "lesson number {} is outside 0–12",
                lesson_no
            )));
        }
        self.change(actor, |tx| {
            let taken: Option<i64> = tx
                .query_row(
                    "SELECT id FROM lesson WHERE course_id = ?1 AND date = ?2 AND lesson_no = ?3",
                    params![course_id, fmt_date(date), lesson_no],
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
                params![course_id, fmt_date(date), lesson_no],
            )?;
            let id = LessonId(tx.last_insert_rowid());
            tx.log(&AuditEntry {
                    entity_id: Some(id.0),
                    lesson_id: Some(id),
                    course_id: Some(course_id),
                    new: Some(format!("{} {lesson_no}", fmt_date(date))),
                    ..AuditEntry::new(Action::Create, Entity::Lesson)
                })?;
            Ok(id)
        })
    }

    /// Sets a lesson's topic and homework (the rest of the pane stays); grade 1 has no
    /// homework.
    pub fn set_lesson_text(
        &mut self,
        actor: &Actor,
        lesson_id: LessonId,
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

    /// Saves the lesson pane: topic, homework and its kind, the lesson's work type and
    /// a note. Only changed fields are written, each with its audit row; grade 1 has no
    /// homework.
    pub fn set_lesson_pane(
        &mut self,
        actor: &Actor,
        lesson_id: LessonId,
        text: &LessonText,
    ) -> Result<usize> {
        let (lesson, course) = self.enterable_lesson(actor, lesson_id)?;
        // What changes is checked: an old lesson's text saved again as it was stays.
        for (field, new, old) in [
            (Field::Topic, &text.topic, &lesson.topic),
            (Field::Homework, &text.homework, &lesson.homework),
            (Field::Note, &text.note, &lesson.note),
        ] {
            if new != old {
                text::check(field, new)?;
            }
        }
        check_homework(course.class.grade, &text.homework)?;
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
        let fields: Vec<(Entity, String, String)> = vec![
            (
                Entity::Topic,
                lesson.topic.clone(),
                text.topic.trim().to_string(),
            ),
            (
                Entity::Homework,
                lesson.homework.clone(),
                text.homework.trim().to_string(),
            ),
            (
                Entity::HomeworkKind,
                lesson.homework_kind.clone(),
                kind.to_string(),
            ),
            (
                Entity::Note,
                lesson.note.clone(),
                text.note.trim().to_string(),
            ),
        ];
        let wt_changed = lesson.work_type_id != text.work_type_id;
        if wt_changed || fields.iter().any(|(_, old, new)| old != new) {
            self.check_date_open(course.id, lesson.date)?;
        }
        let (old_wt, new_wt) = (short(lesson.work_type_id), short(text.work_type_id));
        self.change(actor, |tx| {
            let mut changed = 0;
            for (field, old, new) in &fields {
                if old == new {
                    continue;
                }
                tx.execute(
                    &format!("UPDATE lesson SET {} = ?1 WHERE id = ?2", field.as_str()),
                    params![new, lesson_id],
                )?;
                tx.log(&AuditEntry {
                    entity_id: Some(lesson_id.0),
                    lesson_id: Some(lesson_id),
                    course_id: Some(course.id),
                    old: Some(old.clone()),
                    new: Some(new.clone()),
                    ..AuditEntry::new(Action::Set, *field)
                })?;
                changed += 1;
            }
            if wt_changed {
                tx.execute(
                    "UPDATE lesson SET work_type_id = ?1 WHERE id = ?2",
                    params![text.work_type_id, lesson_id],
                )?;
                tx.log(&AuditEntry {
                    entity_id: Some(lesson_id.0),
                    lesson_id: Some(lesson_id),
                    course_id: Some(course.id),
                    old: Some(old_wt.clone()),
                    new: Some(new_wt.clone()),
                    ..AuditEntry::new(Action::Set, Entity::LessonWorkType)
                })?;
                changed += 1;
            }
            Ok(changed)
        })
    }

    /// The lesson and its course, for a user about to enter the lesson's data: the
    /// lesson is not cancelled, and the user is its course's teacher or its substitute.
    pub(crate) fn enterable_lesson(
        &self,
        actor: &Actor,
        lesson_id: LessonId,
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
    fn refuse_cancelled(&self, lesson_id: LessonId) -> Result<()> {
        match self.cancelled_reason(lesson_id)? {
            Some(reason) => Err(StoreError::Invalid(tr!(
                "урок отменён ({}): сначала восстановите его",
                "the lesson is cancelled ({}): restore it first",
                reason
            ))),
            None => Ok(()),
        }
    }

    /// The lesson and its course, for a user about to enter one student's cell: the
    /// lesson is enterable ([`Store::enterable_lesson`]) and the cell passes `check`
    /// (the rules of a mark or of attendance).
    pub(crate) fn enterable_cell(
        &self,
        actor: &Actor,
        lesson_id: LessonId,
        student_id: StudentId,
        check: fn(&CellContext) -> std::result::Result<(), RuleError>,
    ) -> Result<(LessonInfo, CourseInfo)> {
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
        check(&ctx)?;
        Ok((lesson, course))
    }
}
