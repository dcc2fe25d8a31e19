//! The periods screen: the year's periods for each set of grades that shares them
//! (quarters, halves, the year's finals), whether entries are open or closed and until
//! when, and the courses a deputy closed early or opened again (who, why, when); a form
//! closes or opens a period for a class, a subject or all of the grades' courses, with
//! a reason (what it saves: `actions/admin/periods.rs`).

use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Effect, Tool};
use crate::domain::calendar::Period;
use crate::domain::ids::PeriodId;
use crate::domain::lock::{FinalsWindow, deadline};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::lock::LockNote;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::{ListCursor, list_lines};
use crate::tui::widgets::pick_list::Choice;

/// One row: a period of a set of grades, or their year's finals.
#[derive(Debug, Clone)]
pub struct PeriodRow {
    /// The grades sharing these periods, «5–8».
    pub grades: (i64, i64),
    /// The period (`year`: the grades' last one, whose window the year's finals share).
    pub period: Period,
    pub year: bool,
    /// The courses closed early or opened again, with their titles.
    pub notes: Vec<(String, LockNote)>,
}

#[derive(Debug, Clone)]
pub struct PeriodsState {
    pub rows: Vec<PeriodRow>,
    pub selected: usize,
    pub today: NaiveDate,
    pub deadline_days: u32,
    pub open_days: u32,
    /// The classes of the year (name, grade) and the subjects of each grade, for the form.
    pub classes: Vec<(String, i64)>,
    pub subjects: Vec<(i64, String)>,
}

impl PeriodsState {
    pub fn load(store: &Store) -> Result<PeriodsState> {
        let year = store.current_year()?;
        let settings = store.settings()?;
        let courses = store.courses()?;
        let mut grades: Vec<i64> = courses.iter().map(|c| c.class.grade).collect();
        grades.sort_unstable();
        grades.dedup();
        // Grades whose periods are the same (same ids, same days) share their rows.
        let mut sets: Vec<((i64, i64), Vec<Period>)> = Vec::new();
        for g in grades {
            let periods = store.grade_periods(year.id, g)?;
            let key = |ps: &[Period]| {
                ps.iter()
                    .map(|p| (p.id, p.start, p.end))
                    .collect::<Vec<_>>()
            };
            match sets.last_mut() {
                Some((range, ps)) if key(ps) == key(&periods) && range.1 + 1 == g => range.1 = g,
                _ => sets.push(((g, g), periods)),
            }
        }
        let title = |id| {
            courses
                .iter()
                .find(|c| c.id == id)
                .map(|c| (c.title(), c.class.grade))
        };
        let of_grades = |notes: Vec<LockNote>, (lo, hi): (i64, i64)| {
            notes
                .into_iter()
                .filter_map(|n| {
                    let (t, g) = title(n.course_id)?;
                    (lo..=hi).contains(&g).then_some((t, n))
                })
                .collect::<Vec<_>>()
        };
        let year_notes = store.year_notes()?;
        let mut rows = Vec::new();
        for (range, periods) in sets {
            for p in &periods {
                rows.push(PeriodRow {
                    grades: range,
                    period: p.clone(),
                    year: false,
                    notes: of_grades(store.period_notes(p.id)?, range),
                });
            }
            if let Some(last) = periods.last() {
                rows.push(PeriodRow {
                    grades: range,
                    period: last.clone(),
                    year: true,
                    notes: of_grades(year_notes.clone(), range),
                });
            }
        }
        let mut classes: Vec<(String, i64)> = courses
            .iter()
            .map(|c| (c.class.to_string(), c.class.grade))
            .collect();
        classes.dedup();
        let mut subjects: Vec<(i64, String)> = courses
            .iter()
            .map(|c| (c.class.grade, c.subject.clone()))
            .collect();
        subjects.sort();
        subjects.dedup();
        Ok(PeriodsState {
            rows,
            selected: 0,
            today: store.today(),
            deadline_days: settings.final_deadline_days,
            open_days: settings.finals_open_days,
            classes,
            subjects,
        })
    }

    /// Whether the row's entries are open by the calendar alone today, and its words:
    /// «идёт; записи до 01.01.2026», «закрыт с 29.10.2025».
    pub fn state(&self, row: &PeriodRow) -> (bool, String) {
        let d = |x: NaiveDate| x.format("%d.%m.%Y").to_string();
        let today = self.today;
        if row.year {
            let w = FinalsWindow::new(row.period.end, self.open_days, self.deadline_days);
            return if today < w.from {
                (false, tr!("ставятся с {}", "set from {}", d(w.from)))
            } else if w.contains(today) {
                (true, tr!("открыты до {}", "open until {}", d(w.until)))
            } else {
                (
                    false,
                    tr!("закрыты с {}", "closed since {}", d(next(w.until))),
                )
            };
        }
        let until = deadline(row.period.end, self.deadline_days);
        if today < row.period.start {
            (
                true,
                tr!("впереди, с {}", "ahead, from {}", d(row.period.start)),
            )
        } else if today <= row.period.end {
            (
                true,
                tr!("идёт; записи до {}", "running; entries until {}", d(until)),
            )
        } else if today <= until {
            (
                true,
                tr!("окончен; записи до {}", "over; entries until {}", d(until)),
            )
        } else {
            (false, tr!("закрыт с {}", "closed since {}", d(next(until))))
        }
    }
}

fn next(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}

fn grades_words((lo, hi): (i64, i64)) -> String {
    if lo == hi {
        tr!("{} кл.", "grade {}", lo)
    } else {
        tr!("{}–{} кл.", "grades {}–{}", lo, hi)
    }
}

fn row_name(row: &PeriodRow) -> String {
    if row.year {
        pick("годовые", "year finals").to_string()
    } else {
        row.period.name.clone()
    }
}

/// «15.12.2025» of a stored «2025-12-15 10:20:00».
fn stored_day(at: &str) -> String {
    match (at.get(0..4), at.get(5..7), at.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}.{m}.{y}"),
        _ => at.to_string(),
    }
}

pub fn render_periods(s: &PeriodsState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(fit(Tool::Periods.title(), width), theme.title)),
        Line::from(Span::styled(
            fit(
                pick(
                    "Enter или F4 — закрыть / открыть для курсов · Esc — назад",
                    "Enter or F4 — close / open for courses · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let detail_room = 5usize;
    let room = (area.height as usize).saturating_sub(2 + detail_room);
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |r| {
        let (_, state) = s.state(r);
        let early = r.notes.iter().filter(|(_, n)| n.closed).count();
        let opened = r.notes.len() - early;
        let mut extra = Vec::new();
        if early > 0 {
            extra.push(tr!("закрыт досрочно: {}", "closed early: {}", early));
        }
        if opened > 0 {
            extra.push(tr!("открыт: {}", "opened: {}", opened));
        }
        format!(
            "{:<10} {:<12} {:<27} {}",
            grades_words(r.grades),
            fit(&row_name(r), 12),
            state,
            extra.join(", ")
        )
    }));
    // The chosen row's courses closed early or opened again.
    let used = lines.len().saturating_sub(2).min(room);
    for _ in used..room {
        lines.push(Line::from(""));
    }
    if let Some(row) = s.rows.get(s.selected) {
        let notes = &row.notes;
        let head = if notes.is_empty() {
            tr!(
                "{} ({}): все курсы — по календарю",
                "{} ({}): every course as the calendar says",
                row_name(row),
                grades_words(row.grades)
            )
        } else {
            tr!(
                "{} ({}): курсов не по календарю — {}",
                "{} ({}): courses not as the calendar says — {}",
                row_name(row),
                grades_words(row.grades),
                notes.len()
            )
        };
        lines.push(Line::from(Span::styled(fit(&head, width), theme.title)));
        for (title, n) in notes.iter().take(detail_room - 1) {
            let what = match (n.closed, n.until) {
                (true, _) => pick("закрыт досрочно", "closed early").to_string(),
                (false, Some(u)) => tr!("открыт до {}", "open until {}", u.format("%d.%m.%Y")),
                (false, None) => pick("открыт", "opened").to_string(),
            };
            lines.push(Line::from(fit(
                &format!(
                    "  {title} — {what}: {}, {}, «{}»",
                    n.actor,
                    stored_day(&n.at),
                    n.reason
                ),
                width,
            )));
        }
    }
    f.render_widget(Paragraph::new(lines), area);
}

impl FormState {
    /// Closing or opening a period for courses of its grades: which, and why.
    pub fn period_lock(s: &PeriodsState, row: &PeriodRow) -> FormState {
        let (open_now, _) = s.state(row);
        let (lo, hi) = row.grades;
        let what = if row.year { None } else { Some(row.period.id) };
        let title = tr!(
            "{} · {}",
            "{} · {}",
            row_name(row),
            grades_words(row.grades)
        );
        let mut classes = vec![Choice::new("", pick("все классы", "every class"))];
        classes.extend(
            s.classes
                .iter()
                .filter(|(_, g)| (lo..=hi).contains(g))
                .map(|(c, _)| Choice::new(c.clone(), c.clone())),
        );
        let mut subjects = vec![Choice::new("", pick("все предметы", "every subject"))];
        let mut names: Vec<&String> = s
            .subjects
            .iter()
            .filter(|(g, _)| (lo..=hi).contains(g))
            .map(|(_, n)| n)
            .collect();
        names.sort();
        names.dedup();
        subjects.extend(names.into_iter().map(|n| Choice::new(n.clone(), n.clone())));
        let kinds = vec![
            Choice::new("close", pick("закрыть", "close")),
            Choice::new("open", pick("открыть", "open")),
        ];
        FormState::with(
            &title,
            FormPurpose::PeriodLock {
                period: what,
                grades: row.grades,
            },
            &[
                (Field::Kind, pick("Действие", "Action"), ""),
                (Field::Class, pick("Класс", "Class"), ""),
                (Field::Subject, pick("Предмет", "Subject"), ""),
                (Field::Reason, pick("Причина", "Reason"), ""),
                (Field::To, pick("Открыть до", "Open until"), ""),
            ],
            pick(
                "Закрытый период не принимает отметок, посещаемости, тем и итоговых, пока его не откроют. Причина обязательна и попадает в журнал изменений. «Открыть до» (ДД.ММ.ГГГГ) — по желанию: после этого дня период закроется сам.",
                "A closed period takes no marks, attendance, topics or finals until it is opened. The reason is required and goes into the audit log. «Open until» (DD.MM.YYYY) is optional: after that day the period closes by itself.",
            ),
        )
        .choose(Field::Kind, kinds, if open_now { "close" } else { "open" })
        .choose(Field::Class, classes, "")
        .choose(Field::Subject, subjects, "")
    }
}

/// What the form names: a period (`None`: the year's finals) for some grades.
pub fn lock_target(period: Option<PeriodId>) -> crate::store::lock::Lockable {
    match period {
        Some(p) => crate::store::lock::Lockable::Period(p),
        None => crate::store::lock::Lockable::Year,
    }
}

impl PeriodsState {
    /// The periods: Enter or F4 opens the form that closes or opens the chosen one.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.rows.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::Back => Effect::Back,
            Action::Confirm | Action::ToggleActive => match self.rows.get(self.selected) {
                Some(row) => Effect::Form(FormState::period_lock(self, row)),
                None => Effect::None,
            },
            _ => Effect::NotHere(action),
        }
    }

    /// The periods read again, the cursor kept; `Some` says why not.
    pub fn reload(&mut self, store: &Store) -> Option<String> {
        match PeriodsState::load(store) {
            Ok(mut fresh) => {
                fresh.selected = self.selected.min(fresh.rows.len().saturating_sub(1));
                *self = fresh;
                None
            }
            Err(e) => Some(e.to_string()),
        }
    }
}
