//! A course's thematic plan (КТП): its items in order, edits that keep them numbered
//! 1..N, the report of coverage and programme fulfilment, the topic the lesson pane
//! proposes, and the CSV `zhurnal import plan` reads. The counting is
//! [`crate::domain::plan`]'s; this reads rows and writes them with their audit.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::AuditEntry;
use super::courses::CourseInfo;
use super::{Result, Store, StoreError, fmt_date, parse_date};
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{CourseId, LessonId};
use crate::domain::plan::{
    Fulfilment, ItemCoverage, LessonFact, PlanItem, check_item, check_planned_date, coverage,
    curriculum_hours, first_uncovered, fulfilment, insert_index, may_edit_plan, may_read_plan,
    moved, plan_total, renumbered,
};
use crate::domain::policy::{Actor, CourseScope};
use crate::domain::reports::Report;
use crate::tr;

/// A course's plan against its curriculum and its lessons, as of a date.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanReport {
    pub course: CourseInfo,
    /// The items in order, each with the linked lessons held by the date.
    pub items: Vec<ItemCoverage>,
    /// The plan's hours.
    pub total: i64,
    /// Hours a week by the curriculum (the course's load).
    pub weekly_hours: f64,
    /// Study weeks of the current year.
    pub study_weeks: usize,
    /// weekly_hours × study_weeks.
    pub curriculum: f64,
    /// total − curriculum: above zero the plan has more hours than the curriculum.
    pub difference: f64,
    pub fulfilment: Fulfilment,
}

fn scope(course: &CourseInfo) -> CourseScope {
    CourseScope {
        teacher_id: course.teacher_id,
        class_id: course.class_id,
    }
}

fn item_row(r: &rusqlite::Row) -> rusqlite::Result<PlanItem> {
    let date: Option<String> = r.get(4)?;
    Ok(PlanItem {
        id: r.get(0)?,
        order: r.get(1)?,
        topic: r.get(2)?,
        hours: r.get(3)?,
        planned_date: date.map(|d| parse_date(&d)).transpose()?,
    })
}

const ITEM_SELECT: &str = "SELECT id, ord, topic, hours, planned_date FROM plan_item";

/// The items of a course in order, read inside a write.
fn items_tx(tx: &Transaction, course_id: CourseId) -> Result<Vec<PlanItem>> {
    let mut st = tx.prepare_cached(&format!("{ITEM_SELECT} WHERE course_id = ?1 ORDER BY ord"))?;
    let rows = st
        .query_map([course_id], item_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Numbers the course's items 1..N in the order of `ids`. Every order is first moved
/// past the largest one, so that no step breaks the (course, order) uniqueness.
fn renumber(tx: &Transaction, course_id: CourseId, ids: &[i64]) -> Result<()> {
    let past: i64 = tx.query_row(
        "SELECT ifnull(max(ord), 0) + count(*) FROM plan_item WHERE course_id = ?1",
        [course_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "UPDATE plan_item SET ord = ord + ?2 WHERE course_id = ?1",
        params![course_id, past],
    )?;
    let mut st = tx.prepare_cached("UPDATE plan_item SET ord = ?1 WHERE id = ?2")?;
    for (id, ord) in renumbered(ids) {
        st.execute(params![ord, id])?;
    }
    Ok(())
}

fn find_item(tx: &Transaction, id: i64) -> Result<PlanItem> {
    tx.query_row(&format!("{ITEM_SELECT} WHERE id = ?1"), [id], item_row)
        .optional()?
        .ok_or_else(|| not_found(id))
}

fn not_found(id: i64) -> StoreError {
    StoreError::NotFound(tr!("нет темы КТП {}", "no plan item {}", id))
}

impl Store {
    /// The course, if the actor may change its plan.
    fn plan_for_edit(&self, actor: &Actor, course_id: CourseId) -> Result<CourseInfo> {
        let course = self.course(course_id)?;
        may_edit_plan(actor, scope(&course))?;
        Ok(course)
    }

    /// The course, if the actor may read its plan.
    fn plan_for_read(&self, actor: &Actor, course_id: CourseId) -> Result<CourseInfo> {
        let course = self.course(course_id)?;
        may_read_plan(actor, scope(&course))?;
        Ok(course)
    }

    /// An item and its course's id.
    fn plan_item(&self, item_id: i64) -> Result<(CourseId, PlanItem)> {
        self.row(
            "SELECT id, ord, topic, hours, planned_date, course_id FROM plan_item WHERE id = ?1",
            [item_id],
            |r| Ok((r.get(5)?, item_row(r)?)),
        )
        .optional()?
        .ok_or_else(|| not_found(item_id))
    }

    /// A planned date must fall inside the current school year.
    fn check_plan_date(&self, date: NaiveDate) -> Result<()> {
        let year = self.current_year()?;
        check_planned_date(date, year.start, year.end).map_err(StoreError::Invalid)
    }

    fn items_of(&self, course_id: CourseId) -> Result<Vec<PlanItem>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("{ITEM_SELECT} WHERE course_id = ?1 ORDER BY ord"))?;
        let rows = st
            .query_map([course_id], item_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every lesson of the course, cancelled ones included, as the plan counts them.
    fn lesson_facts(&self, course_id: CourseId) -> Result<Vec<LessonFact>> {
        let mut st = self.conn.prepare_cached(
            "SELECT date, cancelled_reason IS NOT NULL, topic <> '', plan_item_id
             FROM lesson WHERE course_id = ?1 ORDER BY date, lesson_no",
        )?;
        let rows = st
            .query_map([course_id], |r| {
                Ok(LessonFact {
                    date: parse_date(&r.get::<_, String>(0)?)?,
                    cancelled: r.get(1)?,
                    has_topic: r.get(2)?,
                    plan_item_id: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A course's plan in order, for those who may read the course.
    pub fn plan_items(&self, actor: &Actor, course_id: CourseId) -> Result<Vec<PlanItem>> {
        self.plan_for_read(actor, course_id)?;
        self.items_of(course_id)
    }

    /// Adds an item at `position` (the order it takes, 1 = first; `None` appends); the
    /// items from there on move one down. Returns the new item's id.
    pub fn add_plan_item(
        &mut self,
        actor: &Actor,
        course_id: CourseId,
        position: Option<usize>,
        topic: &str,
        hours: i64,
        planned_date: Option<NaiveDate>,
    ) -> Result<i64> {
        self.plan_for_edit(actor, course_id)?;
        check_item(topic, hours).map_err(StoreError::Invalid)?;
        if let Some(d) = planned_date {
            self.check_plan_date(d)?;
        }
        let topic = topic.trim().to_string();
        self.change(actor, |tx| {
            let mut ids: Vec<i64> = items_tx(tx, course_id)?.iter().map(|i| i.id).collect();
            let index = insert_index(ids.len(), position);
            tx.execute(
                "INSERT INTO plan_item (course_id, ord, topic, hours, planned_date)
                 VALUES (?1, (SELECT ifnull(max(ord), 0) + 1 FROM plan_item WHERE course_id = ?1), ?2, ?3, ?4)",
                params![course_id, topic, hours, planned_date.map(fmt_date)],
            )?;
            let id = tx.last_insert_rowid();
            ids.insert(index, id);
            renumber(tx, course_id, &ids)?;
            let item = find_item(tx, id)?;
            tx.log(&AuditEntry {
                    entity_id: Some(id),
                    course_id: Some(course_id),
                    new: Some(item.words()),
                    ..AuditEntry::new(Action::Create, Entity::Plan)
                })?;
            Ok(id)
        })
    }

    /// Changes an item's topic, hours and planned date. Lessons already linked keep the
    /// topic they were given: they record what was taught.
    pub fn edit_plan_item(
        &mut self,
        actor: &Actor,
        item_id: i64,
        topic: &str,
        hours: i64,
        planned_date: Option<NaiveDate>,
    ) -> Result<()> {
        let (course_id, old) = self.plan_item(item_id)?;
        self.plan_for_edit(actor, course_id)?;
        check_item(topic, hours).map_err(StoreError::Invalid)?;
        if let Some(d) = planned_date.filter(|d| old.planned_date != Some(*d)) {
            self.check_plan_date(d)?;
        }
        let new = PlanItem {
            topic: topic.trim().to_string(),
            hours,
            planned_date,
            ..old.clone()
        };
        if new == old {
            return Ok(());
        }
        self.change(actor, |tx| {
            tx.execute(
                "UPDATE plan_item SET topic = ?1, hours = ?2, planned_date = ?3 WHERE id = ?4",
                params![
                    new.topic,
                    new.hours,
                    new.planned_date.map(fmt_date),
                    item_id
                ],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(item_id),
                course_id: Some(course_id),
                old: Some(old.words()),
                new: Some(new.words()),
                ..AuditEntry::new(Action::Edit, Entity::Plan)
            })
        })
    }

    /// Moves an item one place up or down, renumbering the plan. `Ok(false)` when it is
    /// already first (up) or last (down): nothing is written.
    pub fn move_plan_item(&mut self, actor: &Actor, item_id: i64, up: bool) -> Result<bool> {
        let (course_id, _) = self.plan_item(item_id)?;
        self.plan_for_edit(actor, course_id)?;
        self.change(actor, |tx| {
            let before = find_item(tx, item_id)?;
            let ids: Vec<i64> = items_tx(tx, course_id)?.iter().map(|i| i.id).collect();
            let Some(ids) = moved(&ids, item_id, up) else {
                return Ok(false);
            };
            renumber(tx, course_id, &ids)?;
            let after = find_item(tx, item_id)?;
            tx.log(&AuditEntry {
                entity_id: Some(item_id),
                course_id: Some(course_id),
                old: Some(before.words()),
                new: Some(after.words()),
                ..AuditEntry::new(Action::Move, Entity::Plan)
            })?;
            Ok(true)
        })
    }

    /// How many lessons are linked to an item (held, planned or cancelled).
    pub fn plan_item_lessons(&self, item_id: i64) -> Result<i64> {
        Ok(self.row(
            "SELECT count(*) FROM lesson WHERE plan_item_id = ?1",
            [item_id],
            |r| r.get(0),
        )?)
    }

    /// Deletes an item and renumbers the rest. An item lessons are linked to is deleted
    /// only `confirmed`: otherwise the error says how many lessons are linked (ask
    /// [`Store::plan_item_lessons`] first to offer the question). Confirmed, the lessons
    /// lose the link — each loss audited — and keep their topics.
    pub fn delete_plan_item(&mut self, actor: &Actor, item_id: i64, confirmed: bool) -> Result<()> {
        let (course_id, _) = self.plan_item(item_id)?;
        self.plan_for_edit(actor, course_id)?;
        self.change(actor, |tx| {
            let item = find_item(tx, item_id)?;
            let linked: Vec<LessonId> = {
                let mut st = tx.prepare_cached(
                    "SELECT id FROM lesson WHERE plan_item_id = ?1 ORDER BY date, lesson_no",
                )?;
                st.query_map([item_id], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            };
            if !linked.is_empty() && !confirmed {
                return Err(StoreError::Invalid(tr!(
                    "к теме {} «{}» привязано уроков: {}; удаление снимет с них привязку к КТП (темы уроков останутся) — подтвердите удаление",
                    "lessons linked to item {} «{}»: {}; deleting it unlinks them from the plan (their topics stay) — confirm the deletion",
                    item.order,
                    item.topic,
                    linked.len()
                )));
            }
            for lesson in &linked {
                tx.execute("UPDATE lesson SET plan_item_id = NULL WHERE id = ?1", [lesson])?;
                tx.log(&AuditEntry {
                        entity_id: Some(item_id),
                        lesson_id: Some(*lesson),
                        course_id: Some(course_id),
                        old: Some(item.words()),
                        ..AuditEntry::new(Action::Unlink, Entity::Plan)
                    })?;
            }
            tx.execute("DELETE FROM plan_item WHERE id = ?1", [item_id])?;
            let ids: Vec<i64> = items_tx(tx, course_id)?.iter().map(|i| i.id).collect();
            renumber(tx, course_id, &ids)?;
            tx.log(&AuditEntry {
                    entity_id: Some(item_id),
                    course_id: Some(course_id),
                    old: Some(item.words()),
                    ..AuditEntry::new(Action::Delete, Entity::Plan)
                })
        })
    }

    /// The plan with each item's coverage, its hours against the curriculum, and the
    /// programme fulfilment as of `today` (see [`crate::domain::plan`] for the terms).
    pub fn plan_report(
        &self,
        actor: &Actor,
        course_id: CourseId,
        today: NaiveDate,
    ) -> Result<PlanReport> {
        let course = self.plan_for_read(actor, course_id)?;
        let year = self.current_year()?;
        let study_weeks = self.calendar(year.id)?.study_weeks(course.class.grade);
        self.plan_report_of(course, study_weeks, today)
    }

    /// The report of a course already allowed, with the year's study weeks counted once
    /// by the caller (a school-wide report asks for every course).
    pub(crate) fn plan_report_of(
        &self,
        course: CourseInfo,
        study_weeks: usize,
        today: NaiveDate,
    ) -> Result<PlanReport> {
        let course_id = course.id;
        let items = self.items_of(course_id)?;
        let lessons = self.lesson_facts(course_id)?;
        let total = plan_total(&items);
        let curriculum = curriculum_hours(course.hours, study_weeks);
        Ok(PlanReport {
            items: coverage(&items, &lessons, today),
            total,
            weekly_hours: course.hours,
            study_weeks,
            curriculum,
            difference: total as f64 - curriculum,
            fulfilment: fulfilment(&items, &lessons, today),
            course,
        })
    }

    /// The first item by order that the course's lessons do not yet cover: the topic the
    /// lesson pane proposes. Every linked lesson that is not cancelled counts, those
    /// ahead of today too, so that filling the next lesson early moves the proposal on.
    pub fn next_uncovered_item(&self, course_id: CourseId) -> Result<Option<PlanItem>> {
        let items = self.items_of(course_id)?;
        let lessons = self.lesson_facts(course_id)?;
        Ok(first_uncovered(&items, &lessons, NaiveDate::MAX).cloned())
    }

    /// Gives a lesson an item's topic and links it to the item (the teacher accepted
    /// the proposal): whoever may enter the lesson's data, for an item of the lesson's
    /// own course, on a lesson that was not cancelled.
    pub fn link_lesson_to_item(
        &mut self,
        actor: &Actor,
        lesson_id: LessonId,
        item_id: i64,
    ) -> Result<()> {
        let (lesson, course) = self.enterable_lesson(actor, lesson_id)?;
        let (item_course, item) = self.plan_item(item_id)?;
        if item_course != lesson.course_id {
            return Err(StoreError::Invalid(tr!(
                "тема {} «{}» — из КТП другого курса",
                "item {} «{}» belongs to another course's plan",
                item.order,
                item.topic
            )));
        }
        self.check_date_open(course.id, lesson.date)?;
        let old_item = match lesson.plan_item_id {
            Some(id) => self.plan_item(id).ok().map(|(_, i)| i.words()),
            None => None,
        };
        self.change(actor, |tx| {
            if lesson.topic != item.topic {
                tx.execute(
                    "UPDATE lesson SET topic = ?1 WHERE id = ?2",
                    params![item.topic, lesson_id],
                )?;
                tx.log(&AuditEntry {
                    entity_id: Some(lesson_id.0),
                    lesson_id: Some(lesson_id),
                    course_id: Some(course.id),
                    old: Some(lesson.topic.clone()),
                    new: Some(item.topic.clone()),
                    ..AuditEntry::new(Action::Set, Entity::Topic)
                })?;
            }
            if lesson.plan_item_id != Some(item_id) {
                tx.execute(
                    "UPDATE lesson SET plan_item_id = ?1 WHERE id = ?2",
                    params![item_id, lesson_id],
                )?;
                tx.log(&AuditEntry {
                    entity_id: Some(item_id),
                    lesson_id: Some(lesson_id),
                    course_id: Some(course.id),
                    old: old_item,
                    new: Some(item.words()),
                    ..AuditEntry::new(Action::Link, Entity::Plan)
                })?;
            }
            Ok(())
        })
    }

    /// The plan as `zhurnal import plan` reads it back: `№`, topic, hours, date (ISO),
    /// one row per item; headers in the interface's language.
    pub fn plan_export_table(&self, actor: &Actor, course_id: CourseId) -> Result<Report> {
        self.plan_for_read(actor, course_id)?;
        let items = self.items_of(course_id)?;
        let columns = [
            crate::i18n::pick("№", "order"),
            crate::i18n::pick("Тема", "topic"),
            crate::i18n::pick("Часы", "hours"),
            crate::i18n::pick("Дата", "date"),
        ];
        Ok(Report {
            legend: Vec::new(),
            title: String::new(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: items
                .iter()
                .map(|i| {
                    vec![
                        i.order.to_string(),
                        i.topic.clone(),
                        i.hours.to_string(),
                        i.planned_date.map(fmt_date).unwrap_or_default(),
                    ]
                })
                .collect(),
        })
    }
}
