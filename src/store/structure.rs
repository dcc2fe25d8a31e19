//! Classes, subjects, courses, the timetable, thematic plans and the lessons the
//! timetable gives.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::{AuditEntry, record};
use super::people::{Applied, ImportFailed, RowStatus, class_id, ensure_subgroup, unknown_class};
use super::{Result, Store, StoreError, fmt_date, parse_date};
use crate::domain::calendar::Calendar;
use crate::domain::class_name::ClassName;
use crate::domain::names::FullName;
use crate::domain::policy::Actor;
use crate::domain::timetable::{Clash, Placed, Slot, derive_lessons, find_clashes};
use crate::i18n::pick;
use crate::import::compare::{
    Diff, PlanItemNow, PlanStep, TimetableEntry, hours_text, match_timetable, merge_contiguous,
    plan_diff, same_hours,
};
use crate::import::records::{CourseRow, PlanRow, TimetableRow};
use crate::tr;

/// A course with what lists and titles show of it.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseInfo {
    pub id: i64,
    pub class_id: i64,
    pub class: ClassName,
    pub subgroup: Option<(i64, String)>,
    pub subject: String,
    pub teacher_id: i64,
    pub teacher: FullName,
    pub hours: f64,
}

impl CourseInfo {
    /// «7Б Алгебра» or «7Б Английский язык (гр. 1)».
    pub fn title(&self) -> String {
        match &self.subgroup {
            Some((_, g)) => format!(
                "{} {} ({} {g})",
                self.class,
                self.subject,
                crate::i18n::pick("гр.", "gr.")
            ),
            None => format!("{} {}", self.class, self.subject),
        }
    }
}

const COURSE_SELECT: &str =
    "SELECT c.id, c.class_id, k.grade, k.letter, c.subgroup_id, g.name, s.name,
        c.teacher_id, t.last_name, t.first_name, t.patronymic, c.hours
     FROM course c
     JOIN class k ON k.id = c.class_id
     JOIN subject s ON s.id = c.subject_id
     JOIN staff t ON t.id = c.teacher_id
     LEFT JOIN subgroup g ON g.id = c.subgroup_id";

fn course_row(r: &rusqlite::Row) -> rusqlite::Result<CourseInfo> {
    let sg: Option<i64> = r.get(4)?;
    let sg_name: Option<String> = r.get(5)?;
    Ok(CourseInfo {
        id: r.get(0)?,
        class_id: r.get(1)?,
        class: ClassName {
            grade: r.get(2)?,
            letter: r.get(3)?,
        },
        subgroup: sg.zip(sg_name),
        subject: r.get(6)?,
        teacher_id: r.get(7)?,
        teacher: FullName::new(
            &r.get::<_, String>(8)?,
            &r.get::<_, String>(9)?,
            &r.get::<_, String>(10)?,
        ),
        hours: r.get(11)?,
    })
}

/// A lesson row as the journal needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct LessonInfo {
    pub id: i64,
    pub course_id: i64,
    pub date: NaiveDate,
    pub lesson_no: i64,
    pub topic: String,
    pub homework: String,
    pub work_type_id: Option<i64>,
    pub conducted_by: Option<i64>,
    /// When attendance was taken; `None` while nobody has checked.
    pub attendance_taken: Option<String>,
    /// written, oral, reading, project, other; empty without homework.
    pub homework_kind: String,
    pub note: String,
    pub plan_item_id: Option<i64>,
}

impl Store {
    pub fn course(&self, id: i64) -> Result<CourseInfo> {
        self.row(
            &format!("{COURSE_SELECT} WHERE c.id = ?1"),
            [id],
            course_row,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(tr!("нет курса {}", "no course {}", id)))
    }

    /// All courses of the current year, by class and subject.
    pub fn courses(&self) -> Result<Vec<CourseInfo>> {
        let year = self.current_year()?.id;
        let mut st = self.conn.prepare_cached(&format!(
            "{COURSE_SELECT} WHERE k.year_id = ?1 ORDER BY k.grade, k.letter, s.name, g.name"
        ))?;
        let rows = st
            .query_map([year], course_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Finds the course a user names by class, subject and (for split classes) group.
    pub fn find_course(
        &self,
        class: &str,
        subject: &str,
        group: Option<&str>,
    ) -> Result<CourseInfo> {
        let cn = ClassName::parse(class).map_err(StoreError::Invalid)?;
        let subject_l = subject.trim().to_lowercase();
        let all: Vec<CourseInfo> = self
            .courses()?
            .into_iter()
            .filter(|c| c.class == cn && c.subject.to_lowercase() == subject_l)
            .collect();
        let chosen: Vec<&CourseInfo> = match group {
            Some(g) => all
                .iter()
                .filter(|c| c.subgroup.as_ref().is_some_and(|(_, n)| n == g.trim()))
                .collect(),
            None => all.iter().collect(),
        };
        match chosen.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(StoreError::NotFound(tr!(
                "нет курса «{} {}»{}",
                "no course «{} {}»{}",
                cn,
                subject.trim(),
                group.map(|g| format!(" ({g})")).unwrap_or_default()
            ))),
            many => Err(StoreError::Invalid(tr!(
                "«{} {}» ведётся по группам ({}): укажите --group",
                "«{} {}» is taught in groups ({}): give --group",
                cn,
                subject.trim(),
                many.iter()
                    .filter_map(|c| c.subgroup.as_ref().map(|g| g.1.clone()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// Lessons of a course between two dates, in order.
    pub fn lessons(
        &self,
        course_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<LessonInfo>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, course_id, date, lesson_no, topic, homework, work_type_id, conducted_by, attendance_taken_at,
                    homework_kind, note, plan_item_id
             FROM lesson WHERE course_id = ?1 AND date BETWEEN ?2 AND ?3 AND cancelled_reason IS NULL
             ORDER BY date, lesson_no",
        )?;
        let rows = st
            .query_map(params![course_id, fmt_date(from), fmt_date(to)], lesson_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn lesson(&self, id: i64) -> Result<LessonInfo> {
        self.row(
                "SELECT id, course_id, date, lesson_no, topic, homework, work_type_id, conducted_by, attendance_taken_at,
                    homework_kind, note, plan_item_id
                 FROM lesson WHERE id = ?1",
                [id],
                lesson_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(tr!("нет урока {}", "no lesson {}", id)))
    }

    /// Imports courses: new ones are made, listed ones get the file's teacher and
    /// hours; rows already as the file says are left alone.
    pub fn import_courses(
        &mut self,
        actor: &Actor,
        file: &str,
        rows: &[CourseRow],
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let year = self.current_year()?.id;
        self.import_tx(actor, file, dry_run, |tx, at, errs| {
            let mut applied = Applied::default();
            let mut seen: HashMap<(ClassName, String, Option<String>), usize> = HashMap::new();
            for row in rows {
                let key = (
                    row.class.clone(),
                    row.subject.to_lowercase(),
                    row.group.clone(),
                );
                if let Some(prev) = seen.insert(key, row.line) {
                    errs.add(
                        row.line,
                        tr!(
                            "курс повторяется (строка {})",
                            "course listed twice (line {})",
                            prev
                        ),
                    );
                    continue;
                }
                let class = class_id(tx, year, &row.class)?;
                if class.is_none() {
                    errs.add(row.line, unknown_class(&row.class));
                }
                let teacher: Option<Option<i64>> = tx
                    .query_row(
                        "SELECT staff_id FROM users WHERE login = ?1",
                        [&row.teacher],
                        |r| r.get(0),
                    )
                    .optional()?;
                let teacher_id = match teacher {
                    Some(Some(t)) => Some(t),
                    _ => {
                        errs.add(
                            row.line,
                            tr!(
                                "учитель «{}» не найден среди сотрудников",
                                "teacher «{}» is not on the staff",
                                row.teacher
                            ),
                        );
                        None
                    }
                };
                let (Some(class_id), Some(teacher_id)) = (class, teacher_id) else {
                    continue;
                };
                let title = course_title(&row.class, &row.subject, row.group.as_deref());
                let audit_new = format!(
                    "{} {} {} {} {}",
                    row.class,
                    row.subject,
                    row.group.as_deref().unwrap_or("-"),
                    row.teacher,
                    row.hours
                );
                let existing: Option<(i64, i64, f64)> = tx
                    .query_row(
                        "SELECT c.id, c.teacher_id, c.hours FROM course c
                         JOIN subject s ON s.id = c.subject_id
                         LEFT JOIN subgroup g ON g.id = c.subgroup_id
                         WHERE c.class_id = ?1 AND lower(s.name) = lower(?2) AND g.name IS ?3",
                        params![class_id, row.subject.trim(), row.group],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                let Some((id, old_teacher, old_hours)) = existing else {
                    let subject_id = ensure_subject(tx, &row.subject)?;
                    let subgroup_id = match &row.group {
                        Some(g) => Some(ensure_subgroup(tx, class_id, g)?),
                        None => None,
                    };
                    tx.execute(
                        "INSERT INTO course (class_id, subgroup_id, subject_id, teacher_id, hours)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![class_id, subgroup_id, subject_id, teacher_id, row.hours],
                    )?;
                    let id = tx.last_insert_rowid();
                    applied.push(
                        row.line,
                        RowStatus::New,
                        format!(
                            "{title}: {}, {} {}",
                            row.teacher,
                            hours_text(row.hours),
                            pick("ч/нед.", "h/week")
                        ),
                    );
                    record(
                        tx,
                        actor,
                        at,
                        &AuditEntry {
                            action: "import",
                            entity: "course",
                            entity_id: Some(id),
                            course_id: Some(id),
                            new: Some(audit_new),
                            ..Default::default()
                        },
                    )?;
                    continue;
                };
                let mut d = Diff::default();
                let old_login = if old_teacher == teacher_id {
                    row.teacher.clone()
                } else {
                    staff_login(tx, old_teacher)?
                };
                if old_teacher != teacher_id {
                    d.note(format!(
                        "{} {} → {}",
                        pick("учитель", "teacher"),
                        old_login,
                        row.teacher
                    ));
                }
                if !same_hours(old_hours, row.hours) {
                    d.field(
                        pick("часы", "hours"),
                        &hours_text(old_hours),
                        &hours_text(row.hours),
                    );
                }
                if d.is_empty() {
                    applied.push(row.line, RowStatus::Unchanged, title);
                    continue;
                }
                tx.execute(
                    "UPDATE course SET teacher_id = ?1, hours = ?2 WHERE id = ?3",
                    params![teacher_id, row.hours, id],
                )?;
                applied.push(
                    row.line,
                    RowStatus::Changed,
                    format!("{title}: {}", d.text()),
                );
                record(
                    tx,
                    actor,
                    at,
                    &AuditEntry {
                        action: "import",
                        entity: "course",
                        entity_id: Some(id),
                        course_id: Some(id),
                        old: Some(format!(
                            "{} {} {} {} {}",
                            row.class,
                            row.subject,
                            row.group.as_deref().unwrap_or("-"),
                            old_login,
                            old_hours
                        )),
                        new: Some(audit_new),
                        ..Default::default()
                    },
                )?;
            }
            Ok(applied)
        })
    }

    /// Replaces the timetable of the classes in the file from `from` to the year's end
    /// and brings their lessons in line. Lessons that already hold data are kept.
    /// Each row is compared with the class's timetable as it stands from `from`; a class
    /// whose timetable the file leaves as it is is not touched at all.
    pub fn import_timetable(
        &mut self,
        actor: &Actor,
        file: &str,
        rows: &[TimetableRow],
        from: Option<NaiveDate>,
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let year = self.current_year()?;
        let calendar = self.calendar(year.id)?;
        let from = from.unwrap_or(year.start).max(year.start);
        self.import_tx(actor, file, dry_run, |tx, at, errs| {
            let mut applied = Applied::default();
            // (course, teacher, class, subgroup, row)
            let mut resolved = Vec::new();
            for row in rows {
                let Some(class_id) = class_id(tx, year.id, &row.class)? else {
                    errs.add(row.line, unknown_class(&row.class));
                    continue;
                };
                let course: Option<(i64, i64, Option<i64>)> = tx
                    .query_row(
                        "SELECT c.id, c.teacher_id, c.subgroup_id FROM course c
                         JOIN subject s ON s.id = c.subject_id
                         LEFT JOIN subgroup g ON g.id = c.subgroup_id
                         WHERE c.class_id = ?1 AND lower(s.name) = lower(?2) AND g.name IS ?3",
                        params![class_id, row.subject, row.group],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                let Some((course_id, teacher_id, subgroup_id)) = course else {
                    errs.add(
                        row.line,
                        tr!(
                            "нет курса «{} {}{}» — сначала импортируйте courses",
                            "no course «{} {}{}» — import courses first",
                            row.class,
                            row.subject,
                            row.group.as_ref().map(|g| format!(" ({g})")).unwrap_or_default()
                        ),
                    );
                    continue;
                };
                resolved.push((course_id, teacher_id, class_id, subgroup_id, row));
            }
            let placed: Vec<Placed> = resolved
                .iter()
                .map(|(course, teacher, class, subgroup, row)| Placed {
                    line: row.line,
                    course: *course,
                    class: *class,
                    subgroup: *subgroup,
                    teacher: *teacher,
                    weekday: row.weekday,
                    lesson_no: row.lesson_no,
                })
                .collect();
            for clash in find_clashes(&placed) {
                match clash {
                    Clash::Class { line, other_line } => {
                        let class = resolved
                            .iter()
                            .find(|r| r.4.line == line)
                            .map(|r| r.4.class.to_string())
                            .unwrap_or_default();
                        errs.add(
                            line,
                            tr!(
                                "у {} уже есть урок в этот день и час (строка {})",
                                "{} already has a lesson at this time (line {})",
                                class,
                                other_line
                            ),
                        )
                    }
                    Clash::Teacher { line, other_line } => errs.add(
                        line,
                        tr!(
                            "учитель этого курса уже ведёт урок в этот день и час (строка {})",
                            "this course's teacher already has a lesson at this time (line {})",
                            other_line
                        ),
                    ),
                }
            }
            if !errs.list.is_empty() {
                return Ok(applied);
            }
            let classes: BTreeSet<i64> = resolved.iter().map(|r| r.2).collect();
            let mut titles: HashMap<i64, String> = HashMap::new();
            for (course, _, _, _, row) in &resolved {
                titles
                    .entry(*course)
                    .or_insert_with(|| course_title(&row.class, &row.subject, row.group.as_deref()));
            }
            let mut changed_classes = Vec::new();
            for class in &classes {
                let current = merge_contiguous(timetable_from(tx, *class, from)?);
                // The rows of this class as entries; a row whose dates end before
                // `from` gives none.
                let mut wanted: Vec<(TimetableEntry, &TimetableRow)> = Vec::new();
                for (course, _, _, _, row) in resolved.iter().filter(|r| r.2 == *class) {
                    let entry = TimetableEntry {
                        course: *course,
                        weekday: row.weekday,
                        lesson_no: row.lesson_no,
                        room: row.room.clone(),
                        from: row.from.unwrap_or(from).max(from),
                        to: row.to.unwrap_or(year.end).min(year.end),
                    };
                    if entry.to < entry.from {
                        applied.push(
                            row.line,
                            RowStatus::Unchanged,
                            tr!(
                                "{} {}: не действует с {}",
                                "{} {}: not in effect from {}",
                                titles[course],
                                entry.slot_text(),
                                fmt_date(from)
                            ),
                        );
                        continue;
                    }
                    wanted.push((entry, row));
                }
                let entries: Vec<TimetableEntry> = wanted.iter().map(|w| w.0.clone()).collect();
                let m = match_timetable(&current, &entries);
                let mut changed = !m.removed.is_empty();
                for ((entry, row), pair) in wanted.iter().zip(&m.pairs) {
                    let title = &titles[&entry.course];
                    match pair {
                        Some(i) if current[*i] == *entry => applied.push(
                            row.line,
                            RowStatus::Unchanged,
                            format!("{title} {}", entry.slot_text()),
                        ),
                        Some(i) => {
                            changed = true;
                            applied.push(
                                row.line,
                                RowStatus::Changed,
                                format!("{title}{}", entry.change_text(&current[*i])),
                            );
                        }
                        None => {
                            changed = true;
                            applied.push(row.line, RowStatus::New, format!("{title} {}", entry.slot_text()));
                        }
                    }
                }
                for i in &m.removed {
                    let old = &current[*i];
                    let title = match titles.get(&old.course) {
                        Some(t) => t.clone(),
                        None => course_title_of(tx, old.course)?,
                    };
                    applied.push(
                        0,
                        RowStatus::Removed,
                        tr!(
                            "{} {}: убирается из расписания",
                            "{} {}: leaves the timetable",
                            title,
                            old.slot_text()
                        ),
                    );
                }
                if changed {
                    changed_classes.push((*class, entries));
                }
            }
            if changed_classes.is_empty() {
                return Ok(applied);
            }
            for (class, entries) in &changed_classes {
                // Entries ending before `from` stay; entries reaching past it are cut at
                // `from`, and those starting on or after it go.
                tx.execute(
                    "DELETE FROM timetable WHERE valid_from >= ?2
                     AND course_id IN (SELECT id FROM course WHERE class_id = ?1)",
                    params![class, fmt_date(from)],
                )?;
                tx.execute(
                    "UPDATE timetable SET valid_to = date(?2, '-1 day') WHERE valid_to >= ?2
                     AND course_id IN (SELECT id FROM course WHERE class_id = ?1)",
                    params![class, fmt_date(from)],
                )?;
                for e in entries {
                    tx.execute(
                        "INSERT INTO timetable (course_id, weekday, lesson_no, room, valid_from, valid_to)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![e.course, e.weekday, e.lesson_no, e.room, fmt_date(e.from), fmt_date(e.to)],
                    )?;
                }
                let courses = {
                    let mut st = tx.prepare_cached(
                        "SELECT c.id, k.grade FROM course c JOIN class k ON k.id = c.class_id WHERE c.class_id = ?1",
                    )?;
                    st.query_map([class], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
                        .collect::<rusqlite::Result<Vec<_>>>()?
                };
                for (course, grade) in courses {
                    sync_lessons(tx, &calendar, course, grade, from, year.end)?;
                }
            }
            record(
                tx,
                actor,
                at,
                &AuditEntry {
                    action: "import",
                    entity: "timetable",
                    new: Some(format!(
                        "{} {} +{} ~{} -{}",
                        file,
                        fmt_date(from),
                        applied.created,
                        applied.updated,
                        applied.removed
                    )),
                    ..Default::default()
                },
            )?;
            Ok(applied)
        })
    }

    /// Replaces a course's thematic plan, item by item (by order number): new items are
    /// added, changed ones updated, and items the file no longer has removed (lessons
    /// linked to them lose the link). A plan already as the file says is not written.
    pub fn import_plan(
        &mut self,
        actor: &Actor,
        file: &str,
        course_id: i64,
        rows: &[PlanRow],
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let course = self.course(course_id)?;
        crate::domain::plan::may_edit_plan(
            actor,
            crate::domain::policy::CourseScope {
                teacher_id: course.teacher_id,
                class_id: course.class_id,
            },
        )
        .map_err(StoreError::from)?;
        self.import_tx_unchecked(actor, file, dry_run, |tx, at, _errs| {
            let mut applied = Applied::default();
            let current = {
                let mut st = tx.prepare(
                    "SELECT id, ord, topic, hours, planned_date FROM plan_item WHERE course_id = ?1 ORDER BY ord",
                )?;
                st.query_map([course_id], |r| {
                    let date: Option<String> = r.get(4)?;
                    Ok(PlanItemNow {
                        id: r.get(0)?,
                        order: r.get(1)?,
                        topic: r.get(2)?,
                        hours: r.get(3)?,
                        date: date.map(|d| parse_date(&d)).transpose()?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
            };
            let topic = |order: i64| tr!("тема {}", "topic {}", order);
            for step in plan_diff(&current, rows) {
                match step {
                    PlanStep::New(row) => {
                        tx.execute(
                            "INSERT INTO plan_item (course_id, ord, topic, hours, planned_date)
                             VALUES (?1, ?2, ?3, ?4, ?5)",
                            params![course_id, row.order, row.topic, row.hours, row.date.map(fmt_date)],
                        )?;
                        applied.push(
                            row.line,
                            RowStatus::New,
                            format!("{}: {} ({} {})", topic(row.order), row.topic, row.hours, pick("ч", "h")),
                        );
                    }
                    PlanStep::Changed(row, id, d) => {
                        tx.execute(
                            "UPDATE plan_item SET topic = ?1, hours = ?2, planned_date = ?3 WHERE id = ?4",
                            params![row.topic, row.hours, row.date.map(fmt_date), id],
                        )?;
                        applied.push(row.line, RowStatus::Changed, format!("{}: {}", topic(row.order), d.text()));
                    }
                    PlanStep::Unchanged(row) => {
                        applied.push(row.line, RowStatus::Unchanged, format!("{}: {}", topic(row.order), row.topic));
                    }
                    PlanStep::Removed(item) => {
                        tx.execute("UPDATE lesson SET plan_item_id = NULL WHERE plan_item_id = ?1", [item.id])?;
                        tx.execute("DELETE FROM plan_item WHERE id = ?1", [item.id])?;
                        applied.push(
                            0,
                            RowStatus::Removed,
                            tr!("удалена тема {}: {}", "removed topic {}: {}", item.order, item.topic),
                        );
                    }
                }
            }
            if applied.changes_anything() {
                record(
                    tx,
                    actor,
                    at,
                    &AuditEntry {
                        action: "import",
                        entity: "plan",
                        course_id: Some(course_id),
                        new: Some(format!(
                            "{} {} +{} ~{} -{}",
                            file,
                            rows.len(),
                            applied.created,
                            applied.updated,
                            applied.removed
                        )),
                        ..Default::default()
                    },
                )?;
            }
            Ok(applied)
        })
    }

    /// The plan items of a course: (id, order, topic, hours).
    pub fn plan(&self, course_id: i64) -> Result<Vec<(i64, i64, String, i64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, ord, topic, hours FROM plan_item WHERE course_id = ?1 ORDER BY ord",
        )?;
        let rows = st
            .query_map([course_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every class of the current year: (id, name, class teacher).
    pub fn classes(&self) -> Result<Vec<(i64, ClassName, Option<i64>)>> {
        let year = self.current_year()?.id;
        let mut st = self
            .conn
            .prepare_cached("SELECT id, grade, letter, teacher_id FROM class WHERE year_id = ?1 ORDER BY grade, letter")?;
        let rows = st
            .query_map([year], |r| {
                Ok((
                    r.get(0)?,
                    ClassName {
                        grade: r.get(1)?,
                        letter: r.get(2)?,
                    },
                    r.get(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

fn lesson_row(r: &rusqlite::Row) -> rusqlite::Result<LessonInfo> {
    Ok(LessonInfo {
        id: r.get(0)?,
        course_id: r.get(1)?,
        date: parse_date(&r.get::<_, String>(2)?)?,
        lesson_no: r.get(3)?,
        topic: r.get(4)?,
        homework: r.get(5)?,
        work_type_id: r.get(6)?,
        conducted_by: r.get(7)?,
        attendance_taken: r.get(8)?,
        homework_kind: r.get(9)?,
        note: r.get(10)?,
        plan_item_id: r.get(11)?,
    })
}

/// «7Б Алгебра» or «7Б Английский язык (гр. 1)», as [`CourseInfo::title`] says it.
fn course_title(class: &ClassName, subject: &str, group: Option<&str>) -> String {
    match group {
        Some(g) => format!("{class} {subject} ({} {g})", pick("гр.", "gr.")),
        None => format!("{class} {subject}"),
    }
}

fn course_title_of(tx: &Transaction, course_id: i64) -> Result<String> {
    Ok(tx.query_row(
        "SELECT k.grade, k.letter, s.name, g.name FROM course c
         JOIN class k ON k.id = c.class_id
         JOIN subject s ON s.id = c.subject_id
         LEFT JOIN subgroup g ON g.id = c.subgroup_id WHERE c.id = ?1",
        [course_id],
        |r| {
            let class = ClassName {
                grade: r.get(0)?,
                letter: r.get(1)?,
            };
            let group: Option<String> = r.get(3)?;
            Ok(course_title(
                &class,
                &r.get::<_, String>(2)?,
                group.as_deref(),
            ))
        },
    )?)
}

/// The login of a staff member, else their name.
fn staff_login(tx: &Transaction, staff_id: i64) -> Result<String> {
    let login: Option<String> = tx
        .query_row(
            "SELECT login FROM users WHERE staff_id = ?1 ORDER BY id LIMIT 1",
            [staff_id],
            |r| r.get(0),
        )
        .optional()?;
    match login {
        Some(l) => Ok(l),
        None => Ok(tx.query_row(
            "SELECT last_name, first_name, patronymic FROM staff WHERE id = ?1",
            [staff_id],
            |r| {
                Ok(FullName::new(
                    &r.get::<_, String>(0)?,
                    &r.get::<_, String>(1)?,
                    &r.get::<_, String>(2)?,
                )
                .initials())
            },
        )?),
    }
}

/// A class's timetable as it stands from `from`: entries reaching that day, their
/// start moved up to it.
fn timetable_from(tx: &Transaction, class_id: i64, from: NaiveDate) -> Result<Vec<TimetableEntry>> {
    let mut st = tx.prepare_cached(
        "SELECT t.course_id, t.weekday, t.lesson_no, t.room, t.valid_from, t.valid_to
         FROM timetable t JOIN course c ON c.id = t.course_id
         WHERE c.class_id = ?1 AND t.valid_to >= ?2
         ORDER BY t.weekday, t.lesson_no, t.id",
    )?;
    let rows = st
        .query_map(params![class_id, fmt_date(from)], |r| {
            Ok(TimetableEntry {
                course: r.get(0)?,
                weekday: r.get(1)?,
                lesson_no: r.get(2)?,
                room: r.get(3)?,
                from: parse_date(&r.get::<_, String>(4)?)?.max(from),
                to: parse_date(&r.get::<_, String>(5)?)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn ensure_subject(tx: &Transaction, name: &str) -> Result<i64> {
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM subject WHERE lower(name) = lower(?1)",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = id {
        return Ok(id);
    }
    tx.execute("INSERT INTO subject (name) VALUES (?1)", [name.trim()])?;
    Ok(tx.last_insert_rowid())
}

/// Brings a course's timetable lessons between two dates in line with its timetable:
/// adds the missing ones and removes those no longer timetabled unless they hold data.
fn sync_lessons(
    tx: &Transaction,
    calendar: &Calendar,
    course_id: i64,
    grade: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<()> {
    let mut st = tx.prepare_cached(
        "SELECT weekday, lesson_no, valid_from, valid_to FROM timetable WHERE course_id = ?1",
    )?;
    let slots = st
        .query_map([course_id], |r| {
            Ok(Slot {
                weekday: r.get(0)?,
                lesson_no: r.get(1)?,
                valid_from: parse_date(&r.get::<_, String>(2)?)?,
                valid_to: parse_date(&r.get::<_, String>(3)?)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let wanted = derive_lessons(&slots, calendar, grade, from, to);
    let mut st = tx.prepare_cached(
        "SELECT id, date, lesson_no,
                topic <> '' OR homework <> ''
                OR EXISTS (SELECT 1 FROM mark m WHERE m.lesson_id = l.id)
                OR EXISTS (SELECT 1 FROM attendance a WHERE a.lesson_id = l.id)
         FROM lesson l WHERE course_id = ?1 AND source = 'timetable' AND date BETWEEN ?2 AND ?3",
    )?;
    let present = st
        .query_map(params![course_id, fmt_date(from), fmt_date(to)], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                parse_date(&r.get::<_, String>(1)?)?,
                r.get::<_, i64>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let have: BTreeSet<(NaiveDate, i64)> = present.iter().map(|p| (p.1, p.2)).collect();
    for (id, date, no, has_data) in &present {
        if !wanted.contains(&(*date, *no)) && !has_data {
            tx.execute("DELETE FROM lesson WHERE id = ?1", [id])?;
        }
    }
    let mut ins = tx.prepare_cached(
        "INSERT OR IGNORE INTO lesson (course_id, date, lesson_no, source) VALUES (?1, ?2, ?3, 'timetable')",
    )?;
    for (date, no) in wanted.difference(&have) {
        ins.execute(params![course_id, fmt_date(*date), no])?;
    }
    Ok(())
}
