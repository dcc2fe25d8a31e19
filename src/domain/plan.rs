//! The thematic plan (КТП) of a course: its items, how the lessons held cover them, and
//! the programme fulfilment deputies check (001 §2.1, 003 §6.3). Plain Rust: the store
//! reads the rows, these functions count.
//!
//! # Programme fulfilment as of a date
//!
//! - **Due** (положено): how many hours the programme should have reached by the date.
//!   When *every* item has a planned date, the hours of the items planned on or before
//!   the date ([`DueBasis::PlannedDates`]). Otherwise (no dates, or only some) the
//!   course's lessons that took place by the date — every lesson of the course, from
//!   the timetable or added by hand, dated on or before it and not cancelled, one hour
//!   each — capped by the plan's total ([`DueBasis::Timetable`]). A plan dated only in
//!   part cannot say what is due for its undated items, so the timetable decides.
//! - **Held** (проведено): lessons dated on or before the date, not cancelled, *with a
//!   topic*. A lesson without a topic is not recorded as covering anything — a deputy
//!   counts it as a gap (001 §3.5) — and counting it would make «held» equal «due»
//!   whenever the plan follows the timetable, hiding every lag. A topic typed by hand
//!   counts as much as one taken from the plan.
//! - **Lag** (отставание) = due − held, never negative; when held exceeds due the
//!   difference is the **surplus** (опережение) and the lag is 0.
//! - **Percent** = held / the plan's total hours × 100, at most 100; none without a plan.
//!
//! Coverage of single items counts links instead: a lesson linked to an item (not
//! cancelled, dated on or before the date) covers one hour of it, with or without a
//! topic of its own, since the link records what was taught.

use chrono::NaiveDate;

use super::RuleError;
use super::policy::{
    Actor, CourseScope, LessonOwner, may_administer, may_enter_lesson, may_read_course,
    may_supervise,
};
use crate::tr;

/// One topic of a course's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    pub id: i64,
    /// 1-based position in the plan; the items of a course are numbered 1..N.
    pub order: i64,
    pub topic: String,
    pub hours: i64,
    pub planned_date: Option<NaiveDate>,
}

impl PlanItem {
    /// «2. Выражения с переменными (1 ч, 10.09.2025)», as the audit log keeps it.
    pub fn words(&self) -> String {
        let date = self
            .planned_date
            .map(|d| format!(", {}", d.format("%d.%m.%Y")))
            .unwrap_or_default();
        tr!(
            "{}. {} ({} ч{})",
            "{}. {} ({} h{})",
            self.order,
            self.topic,
            self.hours,
            date
        )
    }
}

/// What the plan's figures need of a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonFact {
    pub date: NaiveDate,
    pub cancelled: bool,
    /// The lesson's topic is not empty.
    pub has_topic: bool,
    pub plan_item_id: Option<i64>,
}

impl LessonFact {
    /// Took place on or before `as_of` (a lesson later today still counts as today's).
    pub fn took_place_by(&self, as_of: NaiveDate) -> bool {
        !self.cancelled && self.date <= as_of
    }
}

/// The plan's hours.
pub fn plan_total(items: &[PlanItem]) -> i64 {
    items.iter().map(|i| i.hours).sum()
}

/// The curriculum's hours for the year: weekly hours × study weeks.
pub fn curriculum_hours(weekly: f64, study_weeks: usize) -> f64 {
    weekly * study_weeks as f64
}

/// How far the lessons have got through one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverState {
    NotStarted,
    Partial,
    Covered,
}

/// One item with the lessons that cover it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemCoverage {
    pub item: PlanItem,
    /// Linked lessons that took place (one hour each); may exceed the item's hours.
    pub held: i64,
}

impl ItemCoverage {
    pub fn state(&self) -> CoverState {
        if self.held >= self.item.hours {
            CoverState::Covered
        } else if self.held > 0 {
            CoverState::Partial
        } else {
            CoverState::NotStarted
        }
    }

    /// Planned on or before `as_of` and not yet covered.
    pub fn overdue(&self, as_of: NaiveDate) -> bool {
        self.state() != CoverState::Covered && self.item.planned_date.is_some_and(|d| d <= as_of)
    }
}

/// Each item, in the given order, with its linked lessons that took place by `as_of`.
pub fn coverage(items: &[PlanItem], lessons: &[LessonFact], as_of: NaiveDate) -> Vec<ItemCoverage> {
    items
        .iter()
        .map(|item| ItemCoverage {
            item: item.clone(),
            held: lessons
                .iter()
                .filter(|l| l.plan_item_id == Some(item.id) && l.took_place_by(as_of))
                .count() as i64,
        })
        .collect()
}

/// The first item by order whose linked lessons by `as_of` do not reach its hours.
pub fn first_uncovered<'a>(
    items: &'a [PlanItem],
    lessons: &[LessonFact],
    as_of: NaiveDate,
) -> Option<&'a PlanItem> {
    let mut sorted: Vec<&PlanItem> = items.iter().collect();
    sorted.sort_by_key(|i| i.order);
    sorted.into_iter().find(|item| {
        let held = lessons
            .iter()
            .filter(|l| l.plan_item_id == Some(item.id) && l.took_place_by(as_of))
            .count() as i64;
        held < item.hours
    })
}

/// What «due» was counted from; see the module's documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueBasis {
    /// Every item has a planned date: the hours of the items planned by the date.
    PlannedDates,
    /// The course's lessons that took place by the date, capped by the plan's total.
    Timetable,
}

/// The programme fulfilment of a course as of a date; see the module's documentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fulfilment {
    pub as_of: NaiveDate,
    pub basis: DueBasis,
    /// The plan's hours.
    pub total: i64,
    pub due: i64,
    pub held: i64,
    /// due − held, never negative.
    pub lag: i64,
    /// held − due when the lessons are ahead of the plan, else 0.
    pub surplus: i64,
    /// held / total × 100, at most 100; `None` without a plan.
    pub percent: Option<f64>,
}

pub fn fulfilment(items: &[PlanItem], lessons: &[LessonFact], as_of: NaiveDate) -> Fulfilment {
    let total = plan_total(items);
    let dated = !items.is_empty() && items.iter().all(|i| i.planned_date.is_some());
    let (basis, due) = if dated {
        let due = items
            .iter()
            .filter(|i| i.planned_date.is_some_and(|d| d <= as_of))
            .map(|i| i.hours)
            .sum();
        (DueBasis::PlannedDates, due)
    } else {
        let took_place = lessons.iter().filter(|l| l.took_place_by(as_of)).count() as i64;
        (DueBasis::Timetable, took_place.min(total))
    };
    let held = lessons
        .iter()
        .filter(|l| l.took_place_by(as_of) && l.has_topic)
        .count() as i64;
    let percent = (total > 0).then(|| (held.min(total) as f64) * 100.0 / total as f64);
    Fulfilment {
        as_of,
        basis,
        total,
        due,
        held,
        lag: (due - held).max(0),
        surplus: (held - due).max(0),
        percent,
    }
}

/// A topic and hours an item may have: a topic, at least one hour.
pub fn check_item(topic: &str, hours: i64) -> Result<(), String> {
    if topic.trim().is_empty() {
        return Err(tr!("у темы КТП нет названия", "a plan item needs a topic"));
    }
    crate::domain::text::check(crate::domain::text::Field::Topic, topic)
        .map_err(|e| e.to_string())?;
    if hours < 1 {
        return Err(tr!(
            "часы темы: нужно целое число не меньше 1, а не {}",
            "an item's hours must be a whole number of at least 1, not {}",
            hours
        ));
    }
    Ok(())
}

/// A planned date must fall inside the school year.
pub fn check_planned_date(
    date: NaiveDate,
    year_start: NaiveDate,
    year_end: NaiveDate,
) -> Result<(), String> {
    if (year_start..=year_end).contains(&date) {
        Ok(())
    } else {
        Err(tr!(
            "дата {} вне учебного года ({} – {})",
            "{} is outside the school year ({} – {})",
            date.format("%d.%m.%Y"),
            year_start.format("%d.%m.%Y"),
            year_end.format("%d.%m.%Y")
        ))
    }
}

/// Where a new item goes among `len` items: `position` is the order it takes (1 =
/// first), clamped to 1..=len+1; `None` appends. Returns the 0-based index.
pub fn insert_index(len: usize, position: Option<usize>) -> usize {
    match position {
        None => len,
        Some(p) => p.clamp(1, len + 1) - 1,
    }
}

/// The items' ids after moving `id` one place up or down; `None` when it is already
/// first (up) or last (down), or not in the list.
pub fn moved(ids: &[i64], id: i64, up: bool) -> Option<Vec<i64>> {
    let i = ids.iter().position(|x| *x == id)?;
    let j = if up { i.checked_sub(1)? } else { i + 1 };
    if j >= ids.len() {
        return None;
    }
    let mut out = ids.to_vec();
    out.swap(i, j);
    Some(out)
}

/// The order each id takes: 1..N in list order.
pub fn renumbered(ids: &[i64]) -> Vec<(i64, i64)> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| (*id, i as i64 + 1))
        .collect()
}

/// Changing a course's plan: its teacher, and the administration (administrator,
/// deputy director, director). The plan is made before the year starts, often by the
/// deputy with the teacher, so they may edit it too.
pub fn may_edit_plan(actor: &Actor, course: CourseScope) -> Result<(), RuleError> {
    let teacher = may_enter_lesson(
        actor,
        LessonOwner {
            course_teacher: course.teacher_id,
            substitute: None,
        },
    );
    if teacher.is_ok() || may_administer(actor).is_ok() || may_supervise(actor).is_ok() {
        Ok(())
    } else {
        Err(RuleError::Forbidden(tr!(
            "КТП курса меняют его учитель, заместитель директора, директор и администратор",
            "a course's plan is changed by its teacher, the deputy director, the director and the administrator"
        )))
    }
}

/// Reading a course's plan: whoever may read the course's journal.
pub fn may_read_plan(actor: &Actor, course: CourseScope) -> Result<(), RuleError> {
    may_read_course(actor, course).map_err(|_| {
        RuleError::Forbidden(tr!(
            "КТП курса доступен его учителю, классному руководителю и администрации",
            "a course's plan is open to its teacher, the class teacher and the administration"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{ClassId, StaffId, UserId};
    use crate::domain::roles::Role;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn item(id: i64, hours: i64, planned: Option<&str>) -> PlanItem {
        PlanItem {
            id,
            order: id,
            topic: format!("Тема {id}"),
            hours,
            planned_date: planned.map(date),
        }
    }

    fn lesson(d: &str, cancelled: bool, topic: bool, item: Option<i64>) -> LessonFact {
        LessonFact {
            date: date(d),
            cancelled,
            has_topic: topic,
            plan_item_id: item,
        }
    }

    /// A 3-hour-a-week course (Mon, Wed, Fri) over the four weeks 1–26 Sep 2025: 12
    /// timetabled lessons, of which 10.09 and 17.09 were cancelled. Topics: 01, 03, 05.09
    /// linked to item 1; 08 and 12.09 linked to item 2; 15.09 typed by hand (no link);
    /// 19.09 and later left without a topic.
    fn september() -> Vec<LessonFact> {
        vec![
            lesson("2025-09-01", false, true, Some(1)),
            lesson("2025-09-03", false, true, Some(1)),
            lesson("2025-09-05", false, true, Some(1)),
            lesson("2025-09-08", false, true, Some(2)),
            lesson("2025-09-10", true, false, None),
            lesson("2025-09-12", false, true, Some(2)),
            lesson("2025-09-15", false, true, None),
            lesson("2025-09-17", true, false, None),
            lesson("2025-09-19", false, false, None),
            lesson("2025-09-22", false, false, None),
            lesson("2025-09-24", false, false, None),
            lesson("2025-09-26", false, false, None),
        ]
    }

    /// Items of 3, 4, 2 and 3 hours: 12 in all.
    fn plan(dates: [Option<&str>; 4]) -> Vec<PlanItem> {
        vec![
            item(1, 3, dates[0]),
            item(2, 4, dates[1]),
            item(3, 2, dates[2]),
            item(4, 3, dates[3]),
        ]
    }

    #[test]
    fn fulfilment_by_the_timetable_computed_by_hand() {
        let items = plan([None; 4]);
        let f = fulfilment(&items, &september(), date("2025-09-19"));
        // Plan: 3 + 4 + 2 + 3 = 12 h. Curriculum for these 4 weeks: 3 h × 4 = 12 h.
        assert_eq!(f.total, 12);
        assert_eq!(curriculum_hours(3.0, 4), 12.0);
        // Due: lessons on or before 19.09 that were not cancelled: 01, 03, 05, 08, 12, 15,
        // 19 = 7 (10 and 17 cancelled); min(7, 12) = 7.
        assert_eq!(f.basis, DueBasis::Timetable);
        assert_eq!(f.due, 7);
        // Held: those with a topic: 01, 03, 05, 08, 12, 15 = 6 (19.09 has none).
        assert_eq!(f.held, 6);
        // Lag 7 − 6 = 1; fulfilment 6 / 12 = 50 %.
        assert_eq!((f.lag, f.surplus), (1, 0));
        assert_eq!(f.percent, Some(50.0));
    }

    #[test]
    fn fulfilment_by_planned_dates_computed_by_hand() {
        let items = plan([
            Some("2025-09-05"),
            Some("2025-09-15"),
            Some("2025-09-22"),
            Some("2025-09-26"),
        ]);
        // As of 22.09: items 1–3 are due, 3 + 4 + 2 = 9 h; held is still 6 (22.09 has
        // no topic): lag 9 − 6 = 3.
        let f = fulfilment(&items, &september(), date("2025-09-22"));
        assert_eq!(f.basis, DueBasis::PlannedDates);
        assert_eq!((f.due, f.held, f.lag, f.surplus), (9, 6, 3, 0));
        // As of 08.09: only item 1 is due (3 h); held 01, 03, 05, 08 = 4: ahead by 1.
        let f = fulfilment(&items, &september(), date("2025-09-08"));
        assert_eq!((f.due, f.held, f.lag, f.surplus), (3, 4, 0, 1));
        assert!((f.percent.expect("plan") - 100.0 * 4.0 / 12.0).abs() < 1e-9);
    }

    #[test]
    fn a_plan_dated_in_part_goes_by_the_timetable() {
        let items = plan([Some("2025-09-05"), None, None, None]);
        let f = fulfilment(&items, &september(), date("2025-09-19"));
        assert_eq!(f.basis, DueBasis::Timetable);
        assert_eq!(f.due, 7);
    }

    #[test]
    fn due_by_the_timetable_stops_at_the_plan_total() {
        // A 2-hour plan with 7 lessons held by 19.09: due 2, held 6, ahead by 4, 100 %.
        let items = vec![item(1, 2, None)];
        let f = fulfilment(&items, &september(), date("2025-09-19"));
        assert_eq!((f.due, f.held, f.lag, f.surplus), (2, 6, 0, 4));
        assert_eq!(f.percent, Some(100.0));
        assert_eq!(
            fulfilment(&[], &september(), date("2025-09-19")).percent,
            None
        );
    }

    #[test]
    fn coverage_counts_linked_lessons_that_took_place() {
        let items = plan([None; 4]);
        let c = coverage(&items, &september(), date("2025-09-19"));
        let got: Vec<(i64, CoverState)> = c.iter().map(|c| (c.held, c.state())).collect();
        assert_eq!(
            got,
            vec![
                (3, CoverState::Covered),
                (2, CoverState::Partial),
                (0, CoverState::NotStarted),
                (0, CoverState::NotStarted),
            ]
        );
        // As of 05.09 item 1 has 3 of 3, so item 2 is next; as of 03.09, item 1 itself.
        assert_eq!(
            first_uncovered(&items, &september(), date("2025-09-05")).map(|i| i.id),
            Some(2)
        );
        assert_eq!(
            first_uncovered(&items, &september(), date("2025-09-03")).map(|i| i.id),
            Some(1)
        );
        let dated = vec![item(1, 1, Some("2025-09-10"))];
        let c = coverage(&dated, &[], date("2025-09-10"));
        assert!(c[0].overdue(date("2025-09-10")));
        assert!(!c[0].overdue(date("2025-09-09")));
    }

    #[test]
    fn curriculum_with_half_hours() {
        assert_eq!(curriculum_hours(0.5, 34), 17.0);
    }

    #[test]
    fn moving_and_inserting_keep_orders_one_to_n() {
        assert_eq!(moved(&[10, 20, 30], 30, true), Some(vec![10, 30, 20]));
        assert_eq!(moved(&[10, 20, 30], 10, false), Some(vec![20, 10, 30]));
        assert_eq!(moved(&[10, 20, 30], 10, true), None);
        assert_eq!(moved(&[10, 20, 30], 30, false), None);
        assert_eq!(moved(&[10, 20, 30], 40, false), None);
        assert_eq!(renumbered(&[30, 10]), vec![(30, 1), (10, 2)]);
        assert_eq!(insert_index(3, None), 3);
        assert_eq!(insert_index(3, Some(1)), 0);
        assert_eq!(insert_index(3, Some(0)), 0);
        assert_eq!(insert_index(3, Some(9)), 3);
    }

    #[test]
    fn items_need_a_topic_and_an_hour() {
        assert!(check_item("Введение", 1).is_ok());
        assert!(check_item("  ", 1).is_err());
        assert!(check_item("Введение", 0).is_err());
        let (s, e) = (date("2025-09-01"), date("2026-05-26"));
        assert!(check_planned_date(date("2025-09-01"), s, e).is_ok());
        assert!(check_planned_date(date("2026-06-01"), s, e).is_err());
    }

    #[test]
    fn who_edits_and_reads_a_plan() {
        let own = CourseScope {
            teacher_id: StaffId(1),
            class_id: ClassId(7),
        };
        let who = |roles: Vec<Role>, staff: Option<StaffId>, homeroom: Vec<i64>| Actor {
            user_id: Some(UserId(1)),
            login: "x".into(),
            staff_id: staff,
            roles,
            homeroom: homeroom.into_iter().map(ClassId).collect(),
            ..Actor::default()
        };
        let teacher = who(vec![Role::Teacher], Some(StaffId(1)), vec![]);
        let other = who(vec![Role::Teacher], Some(StaffId(3)), vec![]);
        let class_teacher = who(
            vec![Role::Teacher, Role::ClassTeacher],
            Some(StaffId(2)),
            vec![7],
        );
        let deputy = who(vec![Role::Deputy], Some(StaffId(4)), vec![]);
        let director = who(vec![Role::Director], Some(StaffId(5)), vec![]);
        let parent = who(vec![Role::Parent], None, vec![]);
        // (actor, may edit, may read)
        for (name, a, edit, read) in [
            ("teacher", &teacher, true, true),
            ("other teacher", &other, false, false),
            ("class teacher", &class_teacher, false, true),
            ("deputy", &deputy, true, true),
            ("director", &director, true, true),
            ("local operator", &Actor::local_operator(), true, true),
            ("parent", &parent, false, false),
        ] {
            assert_eq!(may_edit_plan(a, own).is_ok(), edit, "{name} edit");
            assert_eq!(may_read_plan(a, own).is_ok(), read, "{name} read");
        }
    }
}
