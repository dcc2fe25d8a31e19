//! The diary screen of parents and students: read only, their own data only.

use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::calendar::Period;
use crate::domain::ids::StudentId;
use crate::domain::names::FullName;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::diary::Diary;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tui::overlay::effect::{self, Ctx, NoQuestion};
use crate::tui::text::fit;

/// Where the diary may send the user (`Back` logs out).
#[derive(Debug, Clone, Copy)]
pub enum Open {
    /// The family's messages.
    Inbox,
}

/// What the diary asks of the app.
pub type Effect = effect::Effect<Open, NoQuestion>;

#[derive(Debug, Clone)]
pub struct DiaryState {
    /// The students this user may see: their children, or themselves.
    pub students: Vec<(StudentId, FullName)>,
    pub current: usize,
    /// A day of the week shown.
    pub date: NaiveDate,
    /// The period whose results are shown, when chosen by hand.
    pub period: Option<Period>,
    pub diary: Diary,
    pub summary: bool,
    pub scroll: usize,
    /// The announcements that reach the family, newest first.
    pub announcements: Vec<crate::store::announce::AnnouncementRow>,
}

impl DiaryState {
    pub fn load(store: &Store, actor: &Actor, date: NaiveDate) -> Result<Option<DiaryState>> {
        let students = store.diary_students(actor)?;
        let Some((first, _)) = students.first() else {
            return Ok(None);
        };
        let diary = store.diary(actor, *first, date, None)?;
        Ok(Some(DiaryState {
            students,
            current: 0,
            date,
            period: None,
            diary,
            summary: false,
            scroll: 0,
            announcements: store.announcements_for(actor, None)?,
        }))
    }

    pub fn reload(&mut self, store: &Store, actor: &Actor) -> Result<()> {
        let id = self.students[self.current].0;
        self.diary = store.diary(actor, id, self.date, self.period.as_ref())?;
        Ok(())
    }

    /// Reads the diary and the announcements again (someone else changed the journal).
    pub fn refresh(&mut self, store: &Store, actor: &Actor) -> Result<()> {
        self.announcements = store.announcements_for(actor, None)?;
        self.reload(store, actor)
    }

    /// A key in the diary: weeks, children, periods, the summary, scrolling.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(actor) = ctx.actor else {
            return Effect::None;
        };
        let reload = match action {
            Action::Messages => return Effect::Open(Open::Inbox),
            Action::PrevWeek | Action::NextWeek => {
                self.shift_week(action == Action::NextWeek);
                true
            }
            Action::NextChild => {
                if self.students.len() < 2 {
                    return Effect::Info(
                        pick("другого ребёнка нет", "there is no other child").into(),
                    );
                }
                self.current = (self.current + 1) % self.students.len();
                self.scroll = 0;
                true
            }
            Action::ToggleSummary => {
                self.summary = !self.summary;
                self.scroll = 0;
                false
            }
            Action::PrevPeriod | Action::NextPeriod => {
                let Ok(year) = ctx.store.current_year() else {
                    return Effect::None;
                };
                let Ok(cal) = ctx.store.calendar(year.id) else {
                    return Effect::None;
                };
                let now = self.diary.period.as_ref().map(|p| p.num).unwrap_or(1);
                let want = if action == Action::NextPeriod {
                    now + 1
                } else {
                    now - 1
                };
                let Some(p) = cal.period_by_num(want, self.diary.grade) else {
                    return Effect::Info(
                        pick(
                            "других периодов в этом году нет",
                            "no other period this year",
                        )
                        .into(),
                    );
                };
                if !(p.start..=p.end).contains(&self.date) {
                    self.date = p.start;
                }
                self.period = Some(p);
                self.summary = true;
                true
            }
            Action::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                false
            }
            Action::Down => {
                self.scroll += 1;
                false
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(10);
                false
            }
            Action::PageDown => {
                self.scroll += 10;
                false
            }
            Action::Home => {
                self.scroll = 0;
                false
            }
            Action::Back => return Effect::Back,
            _ => return Effect::NotHere(action),
        };
        match reload.then(|| self.reload(ctx.store, actor)) {
            Some(Err(e)) => Effect::Error(e.to_string()),
            _ => Effect::None,
        }
    }

    pub fn shift_week(&mut self, forward: bool) {
        self.date = if forward {
            self.date + Days::new(7)
        } else {
            self.date - Days::new(7)
        };
        self.period = None;
        self.scroll = 0;
    }
}

fn weekday(i: usize) -> &'static str {
    let ru = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб"];
    let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    pick(ru[i.min(5)], en[i.min(5)])
}

/// The lines of the week, two per lesson.
fn week_lines(d: &Diary, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, (date, lessons)) in d.days.iter().enumerate() {
        lines.push(Line::from(Span::styled(
            format!("{} {}", weekday(i), date.format("%d.%m")),
            theme.header,
        )));
        if lessons.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("  {}", pick("уроков нет", "no lessons")),
                theme.dim,
            )));
        }
        for l in lessons {
            let topic = if l.topic.is_empty() {
                String::new()
            } else {
                format!(" — {}", l.topic)
            };
            lines.push(Line::from(fit(
                &format!("  {} {}{topic}", l.lesson_no, l.subject),
                width,
            )));
            let mut parts: Vec<Span> = vec![Span::raw("     ")];
            if let Some(a) = &l.attendance {
                parts.push(Span::styled(format!("{a} "), theme.absent));
            }
            for m in &l.marks {
                let style = if m.value.is_low() {
                    theme.mark_low
                } else {
                    theme.final_mark
                };
                parts.push(Span::styled(m.value.to_string(), style));
                let comment = if m.comment.is_empty() {
                    String::new()
                } else {
                    format!(", «{}»", m.comment)
                };
                parts.push(Span::styled(
                    format!(" ({}{comment}) ", m.work_type.to_lowercase()),
                    theme.dim,
                ));
            }
            if !l.homework.is_empty() {
                // Lines of the homework kept apart, as the grid's pane shows them.
                parts.push(Span::raw(format!(
                    "{} {}",
                    pick("ДЗ:", "HW:"),
                    l.homework.replace('\n', " / ")
                )));
            }
            lines.push(Line::from(parts));
        }
    }
    lines
}

/// The newest announcements above the week (they scroll away with it), unread ones
/// marked; F9 opens them all.
fn news_lines(
    news: &[crate::store::announce::AnnouncementRow],
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    if news.is_empty() {
        return Vec::new();
    }
    let unread = news.iter().filter(|a| a.unread).count();
    let head = if unread > 0 {
        crate::tr!(
            "Объявления · новых: {} · F9 — все",
            "Announcements · {} new · F9 — all",
            unread
        )
    } else {
        pick("Объявления · F9 — все", "Announcements · F9 — all").to_string()
    };
    let mut lines = vec![Line::from(Span::styled(head, theme.header))];
    lines.extend(
        news.iter()
            .take(3)
            .map(|a| super::widgets::announcement::announcement_line(a, theme, width)),
    );
    lines
}

fn summary_lines(d: &Diary, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{:<28} {:<30} {:>5}  {}",
            pick("Предмет", "Subject"),
            pick("Отметки", "Marks"),
            pick("Ср.", "Avg"),
            pick("Итог", "Final")
        ),
        theme.header,
    ))];
    if d.subjects.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("отметок пока нет", "no marks yet"),
            theme.dim,
        )));
    }
    for s in &d.subjects {
        let marks: String = s
            .marks
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let (avg, style) = match s.average {
            Some(a) if a < 3.0 => (format!("{a:.2}!"), theme.average_low),
            Some(a) => (format!("{a:.2}"), ratatui::style::Style::default()),
            None => (String::new(), ratatui::style::Style::default()),
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{} {} ", fit(&s.subject, 28), fit(&marks, 30))),
            Span::styled(format!("{avg:>5}"), style),
            Span::styled(
                format!("  {}", s.final_mark.clone().unwrap_or_default()),
                theme.final_mark,
            ),
        ]));
    }
    lines.extend(year_lines(d, theme));
    lines
}

/// The year's results (every period's final, the year's, the overall after an exam)
/// and the assessment events, once there are any.
fn year_lines(d: &Diary, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if !d.year.is_empty() {
        let periods = d.year.first().map_or(0, |y| y.periods.len());
        let mut head = format!("{:<28}", pick("Итоги года", "The year's results"));
        for n in 1..=periods {
            head.push_str(&format!("{n:>4}"));
        }
        head.push_str(&format!(
            "  {:<5} {}",
            pick("Год", "Year"),
            pick("Итог.", "Overall")
        ));
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(head, theme.header)));
        for y in &d.year {
            let mut row = format!("{} ", fit(&y.subject, 27));
            for p in &y.periods {
                row.push_str(&format!("{:>4}", p.as_deref().unwrap_or("·")));
            }
            lines.push(Line::from(vec![
                Span::raw(row),
                Span::styled(
                    format!(
                        "  {:<5} {}",
                        y.year.as_deref().unwrap_or(""),
                        y.overall.as_deref().unwrap_or("")
                    ),
                    theme.final_mark,
                ),
            ]));
        }
    }
    if !d.assessments.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            pick("Аттестация и экзамены", "Assessments and exams"),
            theme.header,
        )));
        for a in &d.assessments {
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "{} {:<4} {} ",
                    a.date.format("%d.%m.%Y"),
                    a.kind,
                    fit(&a.what, 40)
                )),
                Span::styled(a.result.clone().unwrap_or_default(), theme.final_mark),
            ]));
        }
    }
    lines
}

pub fn render(s: &DiaryState, theme: &Theme, f: &mut Frame, area: Rect) {
    let d = &s.diary;
    let others = if s.students.len() > 1 {
        pick(" · Tab — другой ребёнок", " · Tab — next child")
    } else {
        ""
    };
    let title = format!(
        "{} · {} · {}{others}",
        pick("Дневник", "Diary"),
        d.student.full(),
        d.class
    );
    let saturday = d.monday + Days::new(5);
    let period = d
        .period
        .as_ref()
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let sub = if s.summary {
        format!("{} · {}", pick("Итоги периода", "Period results"), period)
    } else {
        format!(
            "{} {}–{} · {period} · ←→ {} · F2 {}",
            pick("Неделя", "Week"),
            d.monday.format("%d.%m"),
            saturday.format("%d.%m.%Y"),
            pick("неделя", "week"),
            pick("итоги", "results")
        )
    };
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(fit(&title, width), theme.title)),
        Line::from(Span::styled(fit(&sub, width), theme.dim)),
    ];
    let body = if s.summary {
        summary_lines(d, theme)
    } else {
        let mut lines = news_lines(&s.announcements, theme, width);
        lines.extend(week_lines(d, theme, width));
        lines
    };
    let room = area.height.saturating_sub(2) as usize;
    let scroll = s.scroll.min(body.len().saturating_sub(room));
    lines.extend(body.into_iter().skip(scroll).take(room));
    f.render_widget(Paragraph::new(lines), area);
}
