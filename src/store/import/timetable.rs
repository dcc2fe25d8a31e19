//! The timetable: each class's week from a day on, and the lessons it gives.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::ImportFailed;
use crate::domain::audit::{Action, Entity};
use crate::domain::calendar::Calendar;
use crate::domain::class_name::ClassName;
use crate::domain::ids::{ClassId, CourseId, StaffId};
use crate::domain::policy::Actor;
use crate::domain::timetable::{Clash, Placed, derive_lessons, find_clashes};
use crate::import::compare::{TimetableEntry, match_timetable, merge_contiguous};
use crate::import::outcome::{Applied, RowStatus};
use crate::import::records::TimetableRow;
use crate::store::audit::{AuditEntry, record};
use crate::store::classes::{class_id, unknown_class};
use crate::store::courses::course_title;
use crate::store::{Result, Store, fmt_date, parse_date};
use crate::tr;

impl Store {
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
                let course: Option<(CourseId, StaffId, Option<i64>)> = tx
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
            let classes: BTreeSet<ClassId> = resolved.iter().map(|r| r.2).collect();
            let mut titles: HashMap<CourseId, String> = HashMap::new();
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
                        room: match &row.room {
                            Some(room) => room.clone(),
                            None => kept_room(&current, *course, row.weekday, row.lesson_no),
                        },
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
                    st.query_map([class], |r| Ok((r.get::<_, CourseId>(0)?, r.get::<_, i64>(1)?)))?
                        .collect::<rusqlite::Result<Vec<_>>>()?
                };
                for (course, grade) in courses {
                    sync_lessons(tx, &calendar, course, (grade, *class), from, year.end)?;
                }
            }
            record(
                tx,
                actor,
                at,
                &AuditEntry {
                    new: Some(format!(
                        "{} {} +{} ~{} -{}",
                        file,
                        fmt_date(from),
                        applied.created,
                        applied.updated,
                        applied.removed
                    )),
                    ..AuditEntry::new(Action::Import, Entity::Timetable)
                },
            )?;
            Ok(applied)
        })
    }
}

/// The room a lesson keeps when the file has no room column: the room of the same
/// course's lesson in that slot, else of the course's first lesson (a moved lesson keeps
/// its room), else none.
fn kept_room(current: &[TimetableEntry], course: CourseId, weekday: u32, lesson_no: i64) -> String {
    let of_course = || current.iter().filter(|e| e.course == course);
    of_course()
        .find(|e| (e.weekday, e.lesson_no) == (weekday, lesson_no))
        .or_else(|| of_course().next())
        .map(|e| e.room.clone())
        .unwrap_or_default()
}

fn course_title_of(tx: &Transaction, course_id: CourseId) -> Result<String> {
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

/// A class's timetable as it stands from `from`: entries reaching that day, their
/// start moved up to it.
fn timetable_from(
    tx: &Transaction,
    class_id: ClassId,
    from: NaiveDate,
) -> Result<Vec<TimetableEntry>> {
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

/// Brings a course's timetable lessons between two dates in line with its timetable:
/// adds the missing ones and removes those no longer timetabled unless they hold data.
fn sync_lessons(
    tx: &Transaction,
    calendar: &Calendar,
    course_id: CourseId,
    (grade, class): (i64, ClassId),
    from: NaiveDate,
    to: NaiveDate,
) -> Result<()> {
    let slots = crate::store::courses::course_slots(tx, course_id)?;
    let wanted = derive_lessons(&slots, calendar, grade, Some(class), from, to);
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
