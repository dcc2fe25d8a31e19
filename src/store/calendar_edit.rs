//! Calendar changes during the year (`domain::calendar_edit`): what a change would do
//! to the lessons, and the change itself in one audited transaction.
//!
//! Lessons on days a break or a quarantine closes are kept, cancelled with the entry's
//! name as the reason, so that their topic, homework and substitute are not lost; a
//! lesson holding marks or attendance is cancelled only when the caller says to drop
//! them (each mark and attendance entry removed with its audit row). When an entry
//! is removed or shortened, the timetable's lessons of the days it gave back come back:
//! the ones it had cancelled are restored, missing ones made.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::AuditEntry;
use super::{Detail, Result, Store, StoreError, fmt_date};
use crate::domain::audit::{Action, Entity};
use crate::domain::calendar::{Calendar, Holiday, HolidayKind};
use crate::domain::calendar_edit::{CalendarChange, Changed, changed_days};
use crate::domain::ids::{ClassId, CourseId, LessonId};
use crate::domain::policy::{Actor, may_edit_calendar};
use crate::domain::text::{self, Field};
use crate::domain::timetable::derive_lessons;
use crate::tr;

/// A lesson a calendar change takes away or brings.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedLesson {
    /// The stored lesson; none for one the change makes.
    pub lesson_id: Option<LessonId>,
    pub course_id: CourseId,
    /// «7Б Алгебра».
    pub course: String,
    pub date: NaiveDate,
    pub lesson_no: i64,
    pub topic: String,
    pub marks: i64,
    pub attendance: i64,
}

impl ChangedLesson {
    /// The lesson holds marks or attendance.
    pub fn entered(&self) -> bool {
        self.marks > 0 || self.attendance > 0
    }

    /// «7Б Алгебра 10.02.2026 № 2 (отметок: 2, посещаемость: 3)».
    pub fn text(&self) -> String {
        let mut s = format!(
            "{} {} № {}",
            self.course,
            self.date.format("%d.%m.%Y"),
            self.lesson_no
        );
        if self.entered() {
            s.push_str(&tr!(
                " (отметок: {}, посещаемость: {})",
                " (marks: {}, attendance: {})",
                self.marks,
                self.attendance
            ));
        }
        s
    }
}

/// What a calendar change does: the entry before and after, the lessons that go and
/// come, and for an excused day the unexcused absences it excuses.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarPreview {
    pub before: Option<Holiday>,
    pub after: Option<Holiday>,
    /// The class of a class's entry, «7Б».
    pub class: Option<String>,
    pub going: Vec<ChangedLesson>,
    pub coming: Vec<ChangedLesson>,
    /// Absences recorded as unexcused on the excused day's lessons.
    pub absences: i64,
}

impl CalendarPreview {
    /// The lessons that go though they hold marks or attendance.
    pub fn entered(&self) -> Vec<&ChangedLesson> {
        self.going.iter().filter(|l| l.entered()).collect()
    }

    /// The entry as the audit and the preview name it: «карантин «ОРВИ» 7Б
    /// 10.02.2026–14.02.2026, 7–7».
    pub fn entry_text(h: &Holiday, class: Option<&str>) -> String {
        let whom = match (class, h.kind) {
            (Some(c), _) => c.to_string(),
            (None, HolidayKind::Workday(_)) => tr!("школа", "the school"),
            (None, _) if (h.grade_min, h.grade_max) == (1, 11) => tr!("школа", "the school"),
            (None, _) => tr!("параллели {}–{}", "grades {}–{}", h.grade_min, h.grade_max),
        };
        let follows = match h.kind {
            HolidayKind::Workday(w) => tr!(
                ", по расписанию: {}",
                ", timetable of: {}",
                crate::domain::calendar::weekday_from_number(w.number_from_monday())
                    .map(weekday_name)
                    .unwrap_or_default()
            ),
            _ => String::new(),
        };
        format!(
            "{} «{}» {}–{}, {}{}",
            h.kind.name(),
            h.name,
            h.start.format("%d.%m.%Y"),
            h.end.format("%d.%m.%Y"),
            whom,
            follows
        )
    }
}

/// A weekday's name in the interface language.
pub fn weekday_name(w: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    let (ru, en) = match w {
        Mon => ("понедельник", "Monday"),
        Tue => ("вторник", "Tuesday"),
        Wed => ("среда", "Wednesday"),
        Thu => ("четверг", "Thursday"),
        Fri => ("пятница", "Friday"),
        Sat => ("суббота", "Saturday"),
        Sun => ("воскресенье", "Sunday"),
    };
    crate::i18n::pick(ru, en)
}

/// A course of the year as a change needs it.
pub(super) struct YearCourse {
    id: CourseId,
    class_id: ClassId,
    grade: i64,
}

impl Store {
    /// What the change would do; nothing is written.
    pub fn preview_calendar_change(
        &self,
        actor: &Actor,
        change: &CalendarChange,
    ) -> Result<CalendarPreview> {
        may_edit_calendar(actor)?;
        let year = self.current_year()?;
        let old = self.calendar(year.id)?;
        let changed = change.apply_to(&old)?;
        if let Some(a) = &changed.after {
            text::check(Field::Reason, &a.name)?;
        }
        let class = match changed.entry().and_then(|h| h.class_id) {
            Some(id) => Some(self.class_name_of(id)?),
            None => None,
        };
        let mut preview = CalendarPreview {
            before: changed.before.clone(),
            after: changed.after.clone(),
            class,
            going: Vec::new(),
            coming: Vec::new(),
            absences: 0,
        };
        let Some(span) = changed.span() else {
            return Ok(preview);
        };
        let courses = self.calendar_courses(year.id)?;
        let before = changed.before.as_ref().map(|h| h.name.clone());
        let restorable = |_: NaiveDate| before.clone();
        let touched = courses
            .iter()
            .filter(|c| changed.touches(c.grade, c.class_id));
        (preview.going, preview.coming) =
            self.lessons_between(&old, &changed.calendar, span, touched, &restorable)?;
        if let Some(h) = changed
            .after
            .as_ref()
            .filter(|h| h.kind == HolidayKind::Excused)
        {
            preview.absences = self.unexcused_absences(year.id, h)?;
        }
        Ok(preview)
    }

    /// Makes the change: the entry written, the lessons that go cancelled (their
    /// marks and attendance dropped only with `drop_entered`, else refused naming
    /// them), the lessons that come restored or made; one audit row for the change and
    /// one for each dropped mark or attendance entry. Returns what was done.
    pub fn apply_calendar_change(
        &mut self,
        actor: &Actor,
        change: &CalendarChange,
        drop_entered: bool,
    ) -> Result<CalendarPreview> {
        let preview = self.preview_calendar_change(actor, change)?;
        let entered = preview.entered();
        if !entered.is_empty() && !drop_entered {
            return Err(refuse_entered(&entered));
        }
        let year = self.current_year()?;
        let changed = change.apply_to(&self.calendar(year.id)?)?;
        self.change(actor, |tx| {
            let id = write_entry(tx, year.id, &changed)?;
            let reason = changed.entry().map(|h| h.name.clone()).unwrap_or_default();
            let (marks, attendance) = move_lessons(
                tx,
                &preview.going,
                &preview.coming,
                |_| reason.clone(),
                drop_entered,
            )?;
            let class = preview.class.as_deref();
            let counts = tr!(
                "уроков: −{} +{}; удалено отметок: {}, посещаемости: {}",
                "lessons: −{} +{}; marks dropped: {}, attendance: {}",
                preview.going.len(),
                preview.coming.len(),
                marks,
                attendance
            );
            let action = match change {
                CalendarChange::Add(_) => Action::Create,
                CalendarChange::Edit { .. } => Action::Edit,
                CalendarChange::Remove { .. } => Action::Delete,
            };
            tx.log(&AuditEntry {
                entity_id: Some(id),
                old: changed
                    .before
                    .as_ref()
                    .map(|h| CalendarPreview::entry_text(h, class)),
                new: Some(match &changed.after {
                    Some(h) => format!("{}; {counts}", CalendarPreview::entry_text(h, class)),
                    None => counts,
                }),
                ..AuditEntry::new(action, Entity::Calendar)
            })
        })?;
        Ok(preview)
    }

    /// The lessons of these courses that go and come over `span` when the calendar
    /// `old` becomes `new`: held lessons on days that close, and the timetable's lessons
    /// of days that open (a lesson cancelled for the reason `restorable` gives for its
    /// day comes back, one cancelled for another reason stays as the teacher left it).
    /// Each list by date and course.
    pub(super) fn lessons_between<'c>(
        &self,
        old: &Calendar,
        new: &Calendar,
        span: (NaiveDate, NaiveDate),
        courses: impl Iterator<Item = &'c YearCourse>,
        restorable: &dyn Fn(NaiveDate) -> Option<String>,
    ) -> Result<(Vec<ChangedLesson>, Vec<ChangedLesson>)> {
        let (mut going, mut coming) = (Vec::new(), Vec::new());
        let mut titles: BTreeMap<CourseId, String> = BTreeMap::new();
        let mut title = |store: &Store, id: CourseId| -> Result<String> {
            if let Some(t) = titles.get(&id) {
                return Ok(t.clone());
            }
            let t = store.course(id)?.title();
            titles.insert(id, t.clone());
            Ok(t)
        };
        for c in courses {
            // A change reaches back into open periods only: a closed period's lessons,
            // their marks and finals stay as they were locked.
            let days: Vec<_> = changed_days(old, new, c.grade, Some(c.class_id), span)
                .into_iter()
                .filter(|d| self.check_date_open(c.id, d.date).is_ok())
                .collect();
            if days.is_empty() {
                continue;
            }
            for d in days.iter().filter(|d| d.was.is_some()) {
                for mut l in self.held_lessons(c.id, d.date)? {
                    l.course = title(self, c.id)?;
                    going.push(l);
                }
            }
            let opened: BTreeSet<NaiveDate> = days
                .iter()
                .filter(|d| d.now.is_some())
                .map(|d| d.date)
                .collect();
            if opened.is_empty() {
                continue;
            }
            let slots = crate::store::courses::course_slots(&self.conn, c.id)?;
            let wanted = derive_lessons(&slots, new, c.grade, Some(c.class_id), span.0, span.1);
            for (date, no) in wanted.into_iter().filter(|(d, _)| opened.contains(d)) {
                let found = self.lesson_at(c.id, date, no)?;
                let lesson_id = match found {
                    // A lesson already held stays as it is.
                    Some((_, None)) => continue,
                    // Cancelled for another reason: the teacher's decision stands.
                    Some((_, Some(reason))) if Some(&reason) != restorable(date).as_ref() => {
                        continue;
                    }
                    Some((id, Some(_))) => Some(id),
                    None => None,
                };
                coming.push(ChangedLesson {
                    lesson_id,
                    course_id: c.id,
                    course: title(self, c.id)?,
                    date,
                    lesson_no: no,
                    topic: String::new(),
                    marks: 0,
                    attendance: 0,
                });
            }
        }
        let order = |a: &ChangedLesson, b: &ChangedLesson| {
            (a.date, &a.course, a.lesson_no).cmp(&(b.date, &b.course, b.lesson_no))
        };
        going.sort_by(order);
        coming.sort_by(order);
        Ok((going, coming))
    }

    /// The name of a class of the year, «7Б».
    fn class_name_of(&self, id: ClassId) -> Result<String> {
        self.classes()?
            .into_iter()
            .find(|c| c.0 == id)
            .map(|c| c.1.to_string())
            .ok_or_else(|| StoreError::NotFound(tr!("нет класса {}", "no class {}", id.0)))
    }

    pub(super) fn calendar_courses(&self, year_id: i64) -> Result<Vec<YearCourse>> {
        let mut st = self.conn.prepare_cached(
            "SELECT c.id, c.class_id, k.grade FROM course c JOIN class k ON k.id = c.class_id
             WHERE k.year_id = ?1 ORDER BY k.grade, k.letter, c.id",
        )?;
        let rows = st
            .query_map([year_id], |r| {
                Ok(YearCourse {
                    id: r.get(0)?,
                    class_id: r.get(1)?,
                    grade: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A course's held (not cancelled) lessons on a date, with what they hold.
    fn held_lessons(&self, course_id: CourseId, date: NaiveDate) -> Result<Vec<ChangedLesson>> {
        let mut st = self.conn.prepare_cached(
            "SELECT l.id, l.lesson_no, l.topic,
                    (SELECT count(*) FROM mark m WHERE m.lesson_id = l.id),
                    (SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id)
             FROM lesson l WHERE l.course_id = ?1 AND l.date = ?2 AND l.cancelled_reason IS NULL
             ORDER BY l.lesson_no",
        )?;
        let rows = st
            .query_map(params![course_id, fmt_date(date)], |r| {
                Ok(ChangedLesson {
                    lesson_id: Some(r.get(0)?),
                    course_id,
                    course: String::new(),
                    date,
                    lesson_no: r.get(1)?,
                    topic: r.get(2)?,
                    marks: r.get(3)?,
                    attendance: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The course's lesson of that number on a date: its id and why it is cancelled.
    fn lesson_at(
        &self,
        course_id: CourseId,
        date: NaiveDate,
        no: i64,
    ) -> Result<Option<(LessonId, Option<String>)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, cancelled_reason FROM lesson
                 WHERE course_id = ?1 AND date = ?2 AND lesson_no = ?3",
                params![course_id, fmt_date(date), no],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Unexcused absences recorded on the held lessons an excused day covers.
    fn unexcused_absences(&self, year_id: i64, h: &Holiday) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM attendance a JOIN attendance_code ac ON ac.code = a.code
             JOIN lesson l ON l.id = a.lesson_id JOIN course c ON c.id = l.course_id
             JOIN class k ON k.id = c.class_id
             WHERE k.year_id = ?1 AND ac.absent = 1 AND ac.excused = 0
               AND l.cancelled_reason IS NULL AND l.date BETWEEN ?2 AND ?3
               AND k.grade BETWEEN ?4 AND ?5 AND (?6 IS NULL OR k.id = ?6)",
            params![
                year_id,
                fmt_date(h.start),
                fmt_date(h.end),
                h.grade_min,
                h.grade_max,
                h.class_id
            ],
            |r| r.get(0),
        )?)
    }
}

/// The refusal that names the lessons a change would empty.
pub(super) fn refuse_entered(lessons: &[&ChangedLesson]) -> StoreError {
    // The first few by name, the rest counted: a whole school's day is 150 lessons.
    const NAMED: usize = 12;
    let mut list: Vec<String> = lessons.iter().take(NAMED).map(|l| l.text()).collect();
    if lessons.len() > NAMED {
        list.push(tr!(
            "и ещё {} (все — в предварительном просмотре)",
            "and {} more (the preview lists them all)",
            lessons.len() - NAMED
        ));
    }
    StoreError::Unclear {
        message: tr!(
            "уроки с отметками или посещаемостью не отменяются молча: {}. Их отметки и посещаемость будут удалены, только если это подтвердить",
            "lessons with marks or attendance are not dropped silently: {}. Their marks and attendance are removed only when confirmed",
            list.join("; ")
        ),
        need: Detail::DropEntered,
    }
}

/// Writes the entry's row (added, changed or removed); returns its id.
fn write_entry(tx: &Transaction, year_id: i64, changed: &Changed) -> Result<i64> {
    match (&changed.before, &changed.after) {
        (_, Some(h)) if h.id != 0 => {
            tx.execute(
                "UPDATE holiday SET name = ?1, start_date = ?2, end_date = ?3, grade_min = ?4,
                 grade_max = ?5 WHERE id = ?6",
                params![
                    h.name,
                    fmt_date(h.start),
                    fmt_date(h.end),
                    h.grade_min,
                    h.grade_max,
                    h.id
                ],
            )?;
            Ok(h.id)
        }
        (_, Some(h)) => {
            tx.execute(
                "INSERT INTO holiday (year_id, name, start_date, end_date, grade_min, grade_max,
                                      kind, class_id, weekday)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    year_id,
                    h.name,
                    fmt_date(h.start),
                    fmt_date(h.end),
                    h.grade_min,
                    h.grade_max,
                    h.kind.as_str(),
                    h.class_id,
                    h.kind.weekday_number()
                ],
            )?;
            Ok(tx.last_insert_rowid())
        }
        (Some(h), None) => {
            tx.execute("DELETE FROM holiday WHERE id = ?1", [h.id])?;
            Ok(h.id)
        }
        (None, None) => Ok(0),
    }
}

/// Cancels the lessons that go (each with its reason; their marks and attendance
/// dropped only with `drop_entered`, else refused) and restores or makes the lessons
/// that come; returns how many marks and attendance entries were dropped.
pub(super) fn move_lessons(
    tx: &super::audit::Change<'_, '_>,
    going: &[ChangedLesson],
    coming: &[ChangedLesson],
    reason: impl Fn(&ChangedLesson) -> String,
    drop_entered: bool,
) -> Result<(i64, i64)> {
    let (mut marks, mut attendance) = (0, 0);
    for l in going {
        let Some(lesson_id) = l.lesson_id else {
            continue;
        };
        let (m, a) = drop_entries(tx, l, lesson_id)?;
        if (m > 0 || a > 0) && !drop_entered {
            // Entered after the preview was read.
            return Err(refuse_entered(&[l]));
        }
        marks += m;
        attendance += a;
        tx.execute(
            "UPDATE lesson SET cancelled_reason = ?1 WHERE id = ?2",
            params![reason(l), lesson_id],
        )?;
    }
    for l in coming {
        match l.lesson_id {
            Some(lesson_id) => tx.execute(
                "UPDATE lesson SET cancelled_reason = NULL WHERE id = ?1",
                [lesson_id],
            )?,
            None => tx.execute(
                "INSERT OR IGNORE INTO lesson (course_id, date, lesson_no, source)
                 VALUES (?1, ?2, ?3, 'timetable')",
                params![l.course_id, fmt_date(l.date), l.lesson_no],
            )?,
        };
    }
    Ok((marks, attendance))
}

/// Removes a lesson's marks and attendance, each with its audit row; returns how many.
fn drop_entries(
    tx: &super::audit::Change<'_, '_>,
    l: &ChangedLesson,
    lesson_id: LessonId,
) -> Result<(i64, i64)> {
    let marks: Vec<(i64, i64, crate::domain::marks::Mark, String)> = {
        let mut st = tx.prepare_cached(
            "SELECT m.id, m.student_id, m.value, w.short, m.passed FROM mark m
             JOIN work_type w ON w.id = m.work_type_id WHERE m.lesson_id = ?1",
        )?;
        st.query_map([lesson_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                super::marks::stored_mark(r.get(2)?, r.get(4)?)?,
                r.get(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    };
    for (id, student, value, short) in &marks {
        tx.execute("DELETE FROM mark WHERE id = ?1", [id])?;
        tx.log(&AuditEntry {
            entity_id: Some(*id),
            lesson_id: Some(lesson_id),
            student_id: Some(crate::domain::ids::StudentId(*student)),
            course_id: Some(l.course_id),
            old: Some(format!("{value} {short}")),
            ..AuditEntry::new(Action::Delete, Entity::Mark)
        })?;
    }
    let attendance: Vec<(i64, String)> = {
        let mut st =
            tx.prepare_cached("SELECT student_id, code FROM attendance WHERE lesson_id = ?1")?;
        st.query_map([lesson_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    for (student, code) in &attendance {
        tx.execute(
            "DELETE FROM attendance WHERE lesson_id = ?1 AND student_id = ?2",
            params![lesson_id, student],
        )?;
        tx.log(&AuditEntry {
            lesson_id: Some(lesson_id),
            student_id: Some(crate::domain::ids::StudentId(*student)),
            course_id: Some(l.course_id),
            old: Some(code.clone()),
            ..AuditEntry::new(Action::Set, Entity::Attendance)
        })?;
    }
    Ok((marks.len() as i64, attendance.len() as i64))
}
