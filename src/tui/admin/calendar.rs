//! The calendar screen: the year's periods, breaks, quarantines, excused and worked
//! days and the country's days off, as `zhurnal calendar show` prints them, with a
//! cursor over the school's entries; its keys and its drawing. Every change — a
//! quarantine, a break, an excused or a worked day added, the chosen entry moved or
//! removed — is previewed and asked first, as `zhurnal calendar …` does it; one that
//! would cancel lessons holding marks or attendance is refused, naming the command
//! that does it. The forms and what they ask for: `calendar/forms.rs`.

mod forms;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub use forms::change_of;

use super::Tool;
use super::{Effect, Question};
use crate::domain::calendar::{Holiday, HolidayKind};
use crate::domain::calendar_edit::CalendarChange;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::report::calendar::dates;
use crate::store::Store;
use crate::store::calendar_edit::{CalendarPreview, weekday_name};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::overlay::form::FormState;
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;

/// The year's calendar, scrolled, and the school's entry chosen in it.
#[derive(Debug, Clone)]
pub struct CalendarState {
    pub lines: Vec<String>,
    pub scroll: usize,
    /// The school's entries as the calendar lists them: the line of each, and the entry.
    pub entries: Vec<(usize, Holiday)>,
    /// The chosen entry: its place in `entries`.
    pub selected: usize,
}

/// The lines above the calendar's text: the title and two lines of keys.
const HEADING: usize = 3;

/// The calendar's text lines on screen: a list's rows (`Ctx::rows`, under a heading of
/// two lines) but the second line of keys.
fn room(rows: usize) -> usize {
    rows.saturating_sub(HEADING - 2).max(1)
}

impl CalendarState {
    pub fn load(store: &Store) -> Result<CalendarState, String> {
        let e = |e: crate::store::StoreError| e.to_string();
        let lines = crate::report::calendar::calendar_lines(store, None).map_err(e)?;
        let year = store.current_year().map_err(e)?;
        let holidays = store.calendar(year.id).map_err(e)?.holidays;
        let entries = lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| {
                let id = listed_number(line)?;
                let h = holidays.iter().find(|h| h.id == id)?;
                Some((i, h.clone()))
            })
            .collect();
        Ok(CalendarState {
            lines,
            scroll: 0,
            entries,
            selected: 0,
        })
    }

    /// The chosen entry, if the school's calendar has any.
    pub fn entry(&self) -> Option<&Holiday> {
        self.entries.get(self.selected).map(|e| &e.1)
    }

    /// The calendar's keys: ↑↓ choose an entry (and scroll past the first and the
    /// last), the page keys scroll; the changes; back to the menu.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let room = room(ctx.rows);
        let today = ctx.store.today().format("%d.%m.%Y").to_string();
        match action {
            Action::Back => Effect::Back,
            Action::Up | Action::Down => {
                self.step(action == Action::Down, room);
                Effect::None
            }
            Action::Quarantine => Effect::Form(FormState::quarantine(&today)),
            Action::AddBreak => Effect::Form(FormState::school_break(&today)),
            Action::ExcusedDay => Effect::Form(FormState::excused_day(&today)),
            Action::WorkedDay => Effect::Form(FormState::worked_day(&today)),
            Action::MoveEntry => match self.chosen(room) {
                Some(h) => Effect::Form(FormState::move_entry(&h)),
                None => no_entries(),
            },
            Action::Delete => match self.chosen(room) {
                Some(h) => ask_removal(&h, ctx),
                None => no_entries(),
            },
            _ => {
                let last = self.lines.len().saturating_sub(room);
                let mut at = self.scroll.min(last);
                if !ListCursor::new(&mut at, last + 1).page(room).apply(action) {
                    return Effect::NotHere(action);
                }
                self.scroll = at;
                self.follow(room);
                Effect::None
            }
        }
    }

    /// The chosen entry for a change, brought into view.
    fn chosen(&mut self, room: usize) -> Option<Holiday> {
        let (line, h) = self.entries.get(self.selected)?.clone();
        self.show_line(line, room);
        Some(h)
    }

    /// One step up or down: to the next entry while the chosen one is in view, else
    /// (past the first or the last, or with the entry out of view) the text scrolls.
    fn step(&mut self, down: bool, room: usize) {
        let next = if down {
            self.selected.checked_add(1)
        } else {
            self.selected.checked_sub(1)
        };
        let in_view = self
            .entries
            .get(self.selected)
            .is_some_and(|e| self.visible(e.0, room));
        match next.and_then(|n| self.entries.get(n).map(|e| (n, e.0))) {
            Some((n, line)) if in_view => {
                self.selected = n;
                self.show_line(line, room);
            }
            _ => {
                let last = self.lines.len().saturating_sub(room);
                self.scroll = if down {
                    (self.scroll + 1).min(last)
                } else {
                    self.scroll.saturating_sub(1)
                };
                self.follow(room);
            }
        }
    }

    fn visible(&self, line: usize, room: usize) -> bool {
        (self.scroll..self.scroll + room).contains(&line)
    }

    /// Scrolls as little as shows `line`.
    fn show_line(&mut self, line: usize, room: usize) {
        if line < self.scroll {
            self.scroll = line;
        } else if line >= self.scroll + room {
            self.scroll = line + 1 - room;
        }
    }

    /// After a scroll: the chosen entry out of view gives way to the nearest one shown.
    fn follow(&mut self, room: usize) {
        let Some(&(line, _)) = self.entries.get(self.selected) else {
            return;
        };
        if self.visible(line, room) {
            return;
        }
        let shown = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| self.visible(e.0, room))
            .map(|(i, _)| i);
        let nearest = if line < self.scroll {
            shown.min()
        } else {
            shown.max()
        };
        if let Some(i) = nearest {
            self.selected = i;
        }
    }

    /// A yes to the change the preview showed: made, and the calendar read again
    /// (the new entry, or the same, chosen).
    pub fn answer(&mut self, question: Question, ctx: &mut Ctx) -> Effect {
        let (Question::Calendar(change), Some(actor)) = (question, ctx.actor) else {
            return Effect::None;
        };
        let done = match ctx.store.apply_calendar_change(actor, &change, false) {
            Ok(p) => p,
            Err(e) => return Effect::Error(e.to_string()),
        };
        if let Ok(mut fresh) = CalendarState::load(ctx.store) {
            let known: Vec<i64> = self.entries.iter().map(|e| e.1.id).collect();
            let was = self.entry().map(|h| h.id);
            let new = fresh.entries.iter().position(|e| !known.contains(&e.1.id));
            let same = fresh.entries.iter().position(|e| Some(e.1.id) == was);
            fresh.selected = new
                .or(same)
                .unwrap_or(self.selected)
                .min(fresh.entries.len().saturating_sub(1));
            fresh.scroll = self.scroll;
            if let Some(&(line, _)) = fresh.entries.get(fresh.selected) {
                fresh.show_line(line, room(ctx.rows));
            }
            *self = fresh;
        }
        Effect::Info(tr!(
            "календарь изменён: уроков отменено {}, возвращено {}",
            "calendar changed: {} lessons cancelled, {} back",
            done.going.len(),
            done.coming.len()
        ))
    }
}

/// The entry's number on a line of `calendar show`: «  № 12  …».
fn listed_number(line: &str) -> Option<i64> {
    line.strip_prefix("  № ")?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn no_entries() -> Effect {
    Effect::Info(tr!(
        "в календаре школы нет записей: F2–F5 добавляют",
        "the school's calendar has no entries: F2–F5 add them"
    ))
}

/// The chosen entry's removal asked, or why it is refused.
fn ask_removal(h: &Holiday, ctx: &mut Ctx) -> Effect {
    let Some(actor) = ctx.actor else {
        return Effect::None;
    };
    match ask(ctx.store, actor, CalendarChange::Remove { id: h.id }) {
        Ok((question, ask)) => Effect::Ask { question, ask },
        Err(text) => Effect::Message {
            title: tr!(
                "Запись № {} не удалена",
                "Entry No. {} is not removed",
                h.id
            ),
            text,
        },
    }
}

/// What a change would do, as the question that asks for it; or why it is refused:
/// the store's refusal, or lessons holding marks or attendance it would cancel (the
/// screens never cancel those: nothing entered is lost by a calendar change here).
pub fn ask(
    store: &Store,
    actor: &Actor,
    change: CalendarChange,
) -> Result<(String, Question), String> {
    let preview = store
        .preview_calendar_change(actor, &change)
        .map_err(|e| e.to_string())?;
    let entered = preview.entered();
    if !entered.is_empty() {
        let first = entered.first().map(|l| l.text()).unwrap_or_default();
        return Err(tr!(
            "уроков с отметками или посещаемостью: {} — их календарь не отменяет, чтобы не потерять записи (сначала уберите отметки и посещаемость этих уроков); первый: {}",
            "lessons with marks or attendance: {} — the calendar does not cancel them, so nothing entered is lost (clear those lessons' marks and attendance first); the first: {}",
            entered.len(),
            first
        ));
    }
    Ok((
        question(&change, &preview),
        Question::Calendar(Box::new(change)),
    ))
}

/// «Карантин (7Б) 17.12.2025–18.12.2025: уроков уйдёт 12. Ввести?»
fn question(change: &CalendarChange, p: &CalendarPreview) -> String {
    let class = p.class.as_deref();
    let mut counts = Vec::new();
    if !p.going.is_empty() || p.coming.is_empty() {
        counts.push(tr!("уроков уйдёт {}", "{} lessons go", p.going.len()));
    }
    if !p.coming.is_empty() {
        let made = p
            .after
            .as_ref()
            .is_some_and(|h| matches!(h.kind, HolidayKind::Workday(_)));
        counts.push(if made {
            tr!("уроков появится {}", "{} lessons come", p.coming.len())
        } else {
            tr!("уроков вернётся {}", "{} lessons come back", p.coming.len())
        });
    }
    let mut counts = counts.join(", ");
    if p.after
        .as_ref()
        .is_some_and(|h| h.kind == HolidayKind::Excused)
    {
        counts.push_str(&tr!(
            "; уроки идут, пропуски уважительные (уже «Н»: {})",
            "; lessons held, absences excused (unexcused already: {})",
            p.absences
        ));
    }
    match (change, &p.before, &p.after) {
        (CalendarChange::Edit { .. }, Some(b), Some(a)) => tr!(
            "{} → {}: {}. Перенести?",
            "{} → {}: {}. Move it?",
            described(a, class, b),
            dates(a.start, a.end),
            counts
        ),
        (CalendarChange::Remove { .. }, Some(b), _) => tr!(
            "Удалить {}: {}?",
            "Remove {}: {}?",
            described(b, class, b),
            counts
        ),
        (_, _, Some(a)) => tr!(
            "{}: {}. Ввести?",
            "{}: {}. Put it in place?",
            described(a, class, a),
            counts
        ),
        _ => counts,
    }
}

/// «Каникулы «Доп. каникулы» (параллели 1–4) 16.02.2026–22.02.2026»: the entry's kind,
/// its name when not the kind's own, whom it is for, and the dates of `when`.
fn described(h: &Holiday, class: Option<&str>, when: &Holiday) -> String {
    let kind = h.kind.name();
    let mut s: String = kind
        .chars()
        .take(1)
        .flat_map(char::to_uppercase)
        .chain(kind.chars().skip(1))
        .collect();
    if h.name.trim().to_lowercase() != kind {
        s.push_str(&format!(" «{}»", crate::domain::text::shown(&h.name)));
    }
    format!("{s} ({}) {}", whom(h, class), dates(when.start, when.end))
}

/// Whom an entry is for: «7Б», «вся школа», «параллели 1–4», «по расписанию: понедельник».
fn whom(h: &Holiday, class: Option<&str>) -> String {
    match (class, h.kind) {
        (Some(c), _) => c.to_string(),
        (None, HolidayKind::Workday(w)) => {
            tr!("по расписанию: {}", "timetable of: {}", weekday_name(w))
        }
        (None, _) if (h.grade_min, h.grade_max) == (1, 11) => {
            tr!("вся школа", "the whole school")
        }
        (None, _) if h.grade_min == h.grade_max => {
            tr!("{} параллель", "grade {}", h.grade_min)
        }
        (None, _) => tr!("параллели {}–{}", "grades {}–{}", h.grade_min, h.grade_max),
    }
}

pub fn render_calendar(s: &CalendarState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let keys = |text: &str| Line::from(Span::styled(fit(text, width), theme.dim));
    let mut lines = vec![
        Line::from(Span::styled(
            fit(Tool::Calendar.title(), width),
            theme.title,
        )),
        keys(pick(
            "↑↓ — запись · PgUp PgDn — листать · F6 — перенести · F8 — удалить · Esc — назад",
            "↑↓ — entry · PgUp PgDn — scroll · F6 — move · F8 — remove · Esc — back",
        )),
        keys(pick(
            "F2 — карантин · F3 — каникулы · F4 — актированный день · F5 — рабочий день",
            "F2 — quarantine · F3 — break · F4 — excused day · F5 — worked day",
        )),
    ];
    let room = (area.height as usize).saturating_sub(HEADING);
    let scroll = s.scroll.min(s.lines.len().saturating_sub(room));
    let chosen = s.entries.get(s.selected).map(|e| e.0);
    for (i, line) in s.lines.iter().enumerate().skip(scroll).take(room) {
        let text = fit(line, width);
        lines.push(if Some(i) == chosen {
            Line::from(Span::styled(text, theme.cursor))
        } else {
            Line::from(text)
        });
    }
    f.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// Thirty lines, the entries № 1–3 on lines 8–10.
    fn state() -> CalendarState {
        let day = NaiveDate::from_ymd_opt(2025, 10, 25).expect("date");
        let lines = (0..30)
            .map(|i| match i {
                8..=10 => format!("  № {:<3} x", i - 7),
                _ => format!("line {i}"),
            })
            .collect::<Vec<_>>();
        let entries = (8..=10)
            .map(|i| {
                let h = Holiday {
                    id: i - 7,
                    ..Holiday::new("x", day, day, (1, 11))
                };
                (i as usize, h)
            })
            .collect();
        CalendarState {
            lines,
            scroll: 0,
            entries,
            selected: 0,
        }
    }

    #[test]
    fn the_listed_numbers_are_the_entries() {
        assert_eq!(listed_number("  № 12  01.09.2025   x"), Some(12));
        assert_eq!(listed_number("  1 четверть  01.09.2025"), None);
        assert_eq!(listed_number("  № x"), None);
    }

    #[test]
    fn arrows_choose_entries_and_scroll_past_them() {
        let mut s = state();
        s.step(true, 10);
        s.step(true, 10);
        // The third entry, line 10, brought into a view of ten lines.
        assert_eq!((s.selected, s.scroll), (2, 1));
        // Past the last entry the text scrolls; the entry stays chosen while shown.
        s.step(true, 10);
        assert_eq!((s.selected, s.scroll), (2, 2));
        s.step(false, 10);
        assert_eq!((s.selected, s.scroll), (1, 2));
        s.step(false, 10);
        s.step(false, 10);
        assert_eq!((s.selected, s.scroll), (0, 1));
        s.step(false, 10);
        assert_eq!((s.selected, s.scroll), (0, 0));
    }

    #[test]
    fn a_scroll_hands_the_choice_to_an_entry_in_view() {
        let mut s = state();
        s.scroll = 9;
        s.follow(10);
        assert_eq!(s.selected, 1, "the first one shown");
        s.scroll = 20;
        s.follow(10);
        assert_eq!(s.selected, 1, "none shown: the choice stays");
        // Out of view, an arrow scrolls rather than jumps.
        s.step(false, 10);
        assert_eq!((s.selected, s.scroll), (1, 19));
        assert_eq!(s.chosen(10).map(|h| h.id), Some(2));
        assert_eq!(s.scroll, 9, "a change brings its entry into view");
    }
}
