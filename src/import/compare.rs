//! Pure comparisons behind the import preview: what differs between a record as the
//! journal holds it and as the file gives it, said in words.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::records::PlanRow;
use crate::domain::ids::CourseId;
use crate::domain::roles::Role;
use crate::i18n::pick;

/// The differences of one record as «what old → new» parts.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Diff(Vec<String>);

impl Diff {
    /// Notes `label old → new` when the two differ.
    pub fn field(&mut self, label: &str, old: &str, new: &str) {
        if old != new {
            self.0
                .push(format!("{label} {} → {}", or_dash(old), or_dash(new)));
        }
    }

    /// Notes a difference said in words of its own.
    pub fn note(&mut self, text: String) {
        self.0.push(text);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The parts on one line.
    pub fn text(&self) -> String {
        self.0.join("; ")
    }
}

/// «—» for an empty value, so a preview never shows a bare arrow.
pub fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

/// Roles in their fixed order, as a staff file writes them: «teacher deputy».
pub fn roles_text(roles: &BTreeSet<Role>) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Weekly hours are decimals (`0,5`): equal when they print the same.
pub fn same_hours(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Hours as a school writes them: `3`, `0.5`.
pub fn hours_text(h: f64) -> String {
    format!("{h}")
}

/// Group names in order: «1 2».
pub fn groups_text(groups: &BTreeSet<String>) -> String {
    groups.iter().cloned().collect::<Vec<_>>().join(" ")
}

/// A date as the files write it, or nothing.
pub fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The short weekday name: «Пн» or «Mon».
pub fn weekday_short(n: u32) -> &'static str {
    const RU: [&str; 7] = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = (n.clamp(1, 7) - 1) as usize;
    pick(RU[i], EN[i])
}

/// One timetable entry as it is in effect from the import's start date.
#[derive(Debug, Clone, PartialEq)]
pub struct TimetableEntry {
    pub course: CourseId,
    pub weekday: u32,
    pub lesson_no: i64,
    pub room: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl TimetableEntry {
    /// «Пн 1, каб. 214».
    pub fn slot_text(&self) -> String {
        let mut s = format!("{} {}", weekday_short(self.weekday), self.lesson_no);
        if !self.room.is_empty() {
            s.push_str(&format!(", {} {}", pick("каб.", "room"), self.room));
        }
        s
    }

    fn dates_text(&self) -> String {
        format!(
            "{}…{}",
            date_text(Some(self.from)),
            date_text(Some(self.to))
        )
    }

    /// What differs from `old`, to follow a course's title: «: урок Пт 1 → Чт 3» for
    /// a moved lesson, « Пт 1: кабинет 214 → 215» for a changed one.
    pub fn change_text(&self, old: &TimetableEntry) -> String {
        let d = self.changes_from(old).text();
        if (old.weekday, old.lesson_no) == (self.weekday, self.lesson_no) {
            format!(" {} {}: {d}", weekday_short(self.weekday), self.lesson_no)
        } else {
            format!(": {d}")
        }
    }

    /// What differs from `old`, in words: «Пн 1 → Чт 3; кабинет 214 → 215».
    pub fn changes_from(&self, old: &TimetableEntry) -> Diff {
        let mut d = Diff::default();
        d.field(
            pick("урок", "lesson"),
            &format!("{} {}", weekday_short(old.weekday), old.lesson_no),
            &format!("{} {}", weekday_short(self.weekday), self.lesson_no),
        );
        d.field(pick("кабинет", "room"), &old.room, &self.room);
        d.field(
            pick("действует", "valid"),
            &old.dates_text(),
            &self.dates_text(),
        );
        d
    }
}

/// Joins entries of the same slot and room whose dates touch or overlap: a timetable
/// replaced from some day keeps its unchanged slots as two pieces, which mean one.
pub fn merge_contiguous(mut entries: Vec<TimetableEntry>) -> Vec<TimetableEntry> {
    entries.sort_by(|a, b| {
        (a.course, a.weekday, a.lesson_no, &a.room, a.from).cmp(&(
            b.course,
            b.weekday,
            b.lesson_no,
            &b.room,
            b.from,
        ))
    });
    let mut out: Vec<TimetableEntry> = Vec::new();
    for e in entries {
        if let Some(prev) = out.last_mut()
            && (prev.course, prev.weekday, prev.lesson_no, &prev.room)
                == (e.course, e.weekday, e.lesson_no, &e.room)
            && prev.to.succ_opt().is_some_and(|next| next >= e.from)
        {
            prev.to = prev.to.max(e.to);
            continue;
        }
        out.push(e);
    }
    out
}

/// How the entries a file wants pair with the entries a class has: for each wanted
/// entry the index of its current counterpart, and the current entries left over.
#[derive(Debug, Clone, PartialEq)]
pub struct TimetableMatch {
    pub pairs: Vec<Option<usize>>,
    pub removed: Vec<usize>,
}

/// Pairs wanted entries with current ones of the same course: identical entries first,
/// then the same slot (room or dates changed), then any entry of the course (the lesson
/// moved). What stays unpaired is new, or removed.
pub fn match_timetable(current: &[TimetableEntry], wanted: &[TimetableEntry]) -> TimetableMatch {
    let mut pairs: Vec<Option<usize>> = vec![None; wanted.len()];
    let mut taken = vec![false; current.len()];
    type Same = fn(&TimetableEntry, &TimetableEntry) -> bool;
    let passes: [Same; 3] = [
        |a, b| a == b,
        |a, b| a.course == b.course && a.weekday == b.weekday && a.lesson_no == b.lesson_no,
        |a, b| a.course == b.course,
    ];
    for same in passes {
        for (w, pair) in wanted.iter().zip(pairs.iter_mut()) {
            if pair.is_some() {
                continue;
            }
            if let Some(i) = (0..current.len()).find(|&i| !taken[i] && same(&current[i], w)) {
                taken[i] = true;
                *pair = Some(i);
            }
        }
    }
    let removed = (0..current.len()).filter(|&i| !taken[i]).collect();
    TimetableMatch { pairs, removed }
}

/// A thematic plan item as the journal holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanItemNow {
    pub id: i64,
    pub order: i64,
    pub topic: String,
    pub hours: i64,
    pub date: Option<NaiveDate>,
}

/// What a plan import does to one item.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanStep<'a> {
    New(&'a PlanRow),
    /// The row, the id of the item it replaces and what differs.
    Changed(&'a PlanRow, i64, Diff),
    Unchanged(&'a PlanRow),
    Removed(PlanItemNow),
}

/// Compares a plan item by item (by order number): the file's rows first, in their
/// order, then the items the file no longer has.
pub fn plan_diff<'a>(current: &[PlanItemNow], rows: &'a [PlanRow]) -> Vec<PlanStep<'a>> {
    let mut out = Vec::new();
    for row in rows {
        match current.iter().find(|c| c.order == row.order) {
            None => out.push(PlanStep::New(row)),
            Some(c) => {
                let mut d = Diff::default();
                d.field(pick("название", "title"), &c.topic, &row.topic);
                d.field(
                    pick("часы", "hours"),
                    &c.hours.to_string(),
                    &row.hours.to_string(),
                );
                // A file without dates keeps the planned ones.
                d.field(
                    pick("дата", "date"),
                    &date_text(c.date),
                    &date_text(row.date.unwrap_or(c.date)),
                );
                if d.is_empty() {
                    out.push(PlanStep::Unchanged(row));
                } else {
                    out.push(PlanStep::Changed(row, c.id, d));
                }
            }
        }
    }
    let mut gone: Vec<&PlanItemNow> = current
        .iter()
        .filter(|c| rows.iter().all(|r| r.order != c.order))
        .collect();
    gone.sort_by_key(|c| c.order);
    out.extend(gone.into_iter().cloned().map(PlanStep::Removed));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::parse_date;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).expect("date")
    }

    #[test]
    fn pieces_of_one_slot_are_one_entry() {
        let mut a = entry(1, 1, 1, "214");
        a.to = date("2026-01-11");
        let mut b = entry(1, 1, 1, "214");
        b.from = date("2026-01-12");
        let mut gap = entry(1, 5, 1, "214");
        gap.from = date("2026-02-01");
        let mut c = entry(1, 5, 1, "214");
        c.to = date("2026-01-11");
        let other_room = entry(1, 1, 1, "215");
        let got = merge_contiguous(vec![b, gap.clone(), a, other_room.clone(), c.clone()]);
        assert_eq!(got, vec![entry(1, 1, 1, "214"), other_room, c, gap]);
    }

    fn entry(course: i64, weekday: u32, lesson_no: i64, room: &str) -> TimetableEntry {
        TimetableEntry {
            course: CourseId(course),
            weekday,
            lesson_no,
            room: room.into(),
            from: date("2025-09-01"),
            to: date("2026-05-31"),
        }
    }

    #[test]
    fn diff_names_only_what_differs() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let mut d = Diff::default();
        d.field("часы", "3", "3");
        assert!(d.is_empty());
        d.field("часы", "3", "4");
        d.field("группы", "", "1");
        assert_eq!(d.text(), "часы 3 → 4; группы — → 1");
    }

    #[test]
    fn roles_print_in_their_fixed_order() {
        let roles: BTreeSet<Role> = [Role::Deputy, Role::Teacher].into_iter().collect();
        assert_eq!(roles_text(&roles), "deputy teacher");
        assert_eq!(roles_text(&BTreeSet::new()), "");
    }

    #[test]
    fn hours_compare_and_print_as_written() {
        assert!(same_hours(0.5, 0.1 * 5.0));
        assert!(!same_hours(3.0, 4.0));
        assert_eq!(hours_text(3.0), "3");
        assert_eq!(hours_text(0.5), "0.5");
    }

    #[test]
    fn identical_timetable_pairs_everything() {
        let now = vec![
            entry(1, 1, 1, "214"),
            entry(1, 3, 2, "214"),
            entry(2, 2, 1, "301"),
        ];
        let m = match_timetable(&now, &now);
        assert_eq!(m.pairs, vec![Some(0), Some(1), Some(2)]);
        assert!(m.removed.is_empty());
    }

    #[test]
    fn a_moved_lesson_pairs_with_its_old_slot() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let now = vec![entry(1, 1, 1, "214"), entry(1, 5, 1, "214")];
        let want = vec![entry(1, 1, 1, "214"), entry(1, 4, 3, "214")];
        let m = match_timetable(&now, &want);
        assert_eq!(m.pairs, vec![Some(0), Some(1)]);
        assert_eq!(want[1].changes_from(&now[1]).text(), "урок Пт 1 → Чт 3");
        // The same slot with another room is a change of that slot, not a move.
        let want = vec![entry(1, 5, 1, "215"), entry(1, 1, 1, "214")];
        let m = match_timetable(&now, &want);
        assert_eq!(m.pairs, vec![Some(1), Some(0)]);
        assert_eq!(want[0].changes_from(&now[1]).text(), "кабинет 214 → 215");
        assert_eq!(want[0].change_text(&now[1]), " Пт 1: кабинет 214 → 215");
        assert_eq!(
            entry(1, 4, 3, "214").change_text(&now[1]),
            ": урок Пт 1 → Чт 3"
        );
    }

    #[test]
    fn extra_and_missing_entries_are_new_and_removed() {
        let now = vec![entry(1, 1, 1, "214"), entry(2, 2, 1, "301")];
        let want = vec![entry(1, 1, 1, "214"), entry(3, 2, 2, "")];
        let m = match_timetable(&now, &want);
        assert_eq!(m.pairs, vec![Some(0), None]);
        assert_eq!(m.removed, vec![1]);
    }

    fn item(id: i64, order: i64, topic: &str, hours: i64) -> PlanItemNow {
        PlanItemNow {
            id,
            order,
            topic: topic.into(),
            hours,
            date: None,
        }
    }

    fn row(order: i64, topic: &str, hours: i64) -> PlanRow {
        PlanRow {
            line: order as usize + 1,
            order,
            topic: topic.into(),
            hours,
            date: Some(None),
        }
    }

    #[test]
    fn plan_items_compare_by_order() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let now = vec![
            item(10, 1, "Введение", 1),
            item(11, 2, "Многочлены", 2),
            item(12, 3, "Итог", 1),
        ];
        let rows = vec![
            row(1, "Введение", 1),
            row(2, "Многочлены", 3),
            row(4, "Повтор", 1),
        ];
        let steps = plan_diff(&now, &rows);
        assert_eq!(steps.len(), 4);
        assert!(matches!(steps[0], PlanStep::Unchanged(r) if r.order == 1));
        match &steps[1] {
            PlanStep::Changed(r, id, d) => {
                assert_eq!((r.order, *id), (2, 11));
                assert_eq!(d.text(), "часы 2 → 3");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(steps[2], PlanStep::New(r) if r.order == 4));
        assert!(matches!(&steps[3], PlanStep::Removed(i) if i.id == 12));
    }

    #[test]
    fn a_planned_date_is_a_change_too() {
        let now = vec![item(1, 1, "Введение", 1)];
        let mut r = row(1, "Введение", 1);
        r.date = Some(Some(date("2025-09-03")));
        let rows = [r];
        assert!(matches!(plan_diff(&now, &rows)[0], PlanStep::Changed(..)));
        // A file without a date column says nothing of the planned date.
        let mut dated = item(1, 1, "Введение", 1);
        dated.date = Some(date("2025-09-03"));
        let mut r = row(1, "Введение", 1);
        r.date = None;
        let rows = [r];
        assert!(matches!(
            plan_diff(&[dated], &rows)[0],
            PlanStep::Unchanged(..)
        ));
    }
}
