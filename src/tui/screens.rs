//! The login and Today screens: their state and their drawing.

pub mod gaps;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::TextField;
use super::widgets::bordered;
use crate::domain::ids::StaffId;
use crate::i18n::pick;
use crate::store::announce::AnnouncementRow;
use crate::store::courses::CourseInfo;
use crate::store::day::DayLesson;
use crate::store::{Result, Store};
use crate::theme::Theme;

#[derive(Debug, Clone)]
pub struct LoginState {
    pub login: TextField,
    pub password: TextField,
    /// 0: login, 1: password.
    pub focus: usize,
    pub error: Option<String>,
    /// The demo school: its logins are listed.
    pub demo: bool,
}

impl LoginState {
    pub fn new(demo: bool) -> LoginState {
        LoginState {
            login: TextField::default(),
            password: TextField::secret(),
            focus: 0,
            error: None,
            demo,
        }
    }

    pub fn field(&mut self) -> &mut TextField {
        if self.focus == 0 {
            &mut self.login
        } else {
            &mut self.password
        }
    }
}

pub fn render_login(
    s: &LoginState,
    school: &str,
    theme: &Theme,
    ascii: bool,
    f: &mut Frame,
    area: Rect,
) {
    let w = 60.min(area.width);
    let h = if s.demo { 18 } else { 10 }.min(area.height);
    let x = area.x + (area.width - w) / 2;
    let y = area.y + (area.height - h) / 2;
    let boxed = Rect::new(x, y, w, h);
    let block = bordered(ascii, theme).title(format!(" zhurnal · {school} "));
    let inner = block.inner(boxed);
    f.render_widget(block, boxed);
    let field = |label: &str, t: &TextField, focused: bool| {
        let (text, _) = t.display();
        let style = if focused { theme.cursor } else { theme.name };
        Line::from(vec![
            Span::raw(format!("{label:<8}")),
            Span::styled(format!("{:<30}", text), style),
        ])
    };
    let mut lines = vec![
        Line::from(""),
        field(pick("Логин", "Login"), &s.login, s.focus == 0),
        Line::from(""),
        field(pick("Пароль", "Password"), &s.password, s.focus == 1),
        Line::from(""),
    ];
    match &s.error {
        Some(e) => lines.push(Line::from(Span::styled(e.clone(), theme.status_error))),
        None => lines.push(Line::from(Span::styled(
            pick(
                "Enter — дальше, Tab — поле, Ctrl-Q — выход",
                "Enter — next, Tab — field, Ctrl-Q — quit",
            ),
            theme.dim,
        ))),
    }
    if s.demo {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            pick(
                "Демо-школа, пароль у всех: demo",
                "Demo school, every password: demo",
            ),
            theme.title,
        )));
        for (login, who) in [
            (
                "teacher",
                pick("учитель математики (7Б)", "maths teacher (7Б)"),
            ),
            (
                "classteacher",
                pick("классный руководитель 7Б", "class teacher of 7Б"),
            ),
            ("deputy", pick("завуч", "deputy director")),
            ("director", pick("директор", "director")),
            ("admin", pick("администратор", "administrator")),
            (
                "parent",
                pick("родитель ученика 7Б", "parent of a 7Б student"),
            ),
            ("student", pick("ученик 7Б", "7Б student")),
        ] {
            lines.push(Line::from(vec![
                Span::styled(format!("  {login:<13}"), theme.help_key),
                Span::styled(who, theme.dim),
            ]));
        }
    }
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
    );
    // The terminal's own cursor sits in the focused field.
    let (_, col) = if s.focus == 0 {
        s.login.display()
    } else {
        s.password.display()
    };
    let cy = inner.y + if s.focus == 0 { 1 } else { 3 };
    let cx = inner.x + 8 + (col as u16).min(inner.width.saturating_sub(9));
    if cy < inner.y + inner.height {
        f.set_cursor_position((cx, cy));
    }
}

/// Choosing a new password after a one-time one.
#[derive(Debug, Clone)]
pub struct NewPasswordState {
    pub actor: crate::domain::policy::Actor,
    pub new: TextField,
    pub repeat: TextField,
    pub focus: usize,
    pub error: Option<String>,
}

impl NewPasswordState {
    pub fn new(actor: crate::domain::policy::Actor) -> NewPasswordState {
        NewPasswordState {
            actor,
            new: TextField::secret(),
            repeat: TextField::secret(),
            focus: 0,
            error: None,
        }
    }

    pub fn field(&mut self) -> &mut TextField {
        if self.focus == 0 {
            &mut self.new
        } else {
            &mut self.repeat
        }
    }
}

pub fn render_new_password(
    s: &NewPasswordState,
    theme: &Theme,
    ascii: bool,
    f: &mut Frame,
    area: Rect,
) {
    let boxed = super::widgets::centered(area, 64, 11);
    let block = bordered(ascii, theme).title(pick(" Новый пароль ", " New password "));
    let inner = block.inner(boxed);
    f.render_widget(block, boxed);
    let field = |label: &str, t: &TextField, focused: bool| {
        let (text, _) = t.display();
        Line::from(vec![
            Span::raw(format!("{label:<10}")),
            Span::styled(
                format!("{text:<30}"),
                if focused { theme.cursor } else { theme.name },
            ),
        ])
    };
    let mut lines = vec![
        Line::from(format!(
            "{}: {}",
            s.actor.login,
            pick("придумайте свой пароль", "choose your own password")
        )),
        Line::from(Span::styled(
            crate::domain::accounts::password_rules(),
            theme.dim,
        )),
        Line::from(""),
        field(pick("Пароль", "Password"), &s.new, s.focus == 0),
        field(pick("Ещё раз", "Repeat"), &s.repeat, s.focus == 1),
        Line::from(""),
    ];
    match &s.error {
        Some(e) => lines.push(Line::from(Span::styled(e.clone(), theme.status_error))),
        None => lines.push(Line::from(Span::styled(
            pick("Enter — дальше, Esc — выйти", "Enter — next, Esc — log out"),
            theme.dim,
        ))),
    }
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        inner,
    );
}

#[derive(Debug, Clone)]
pub struct TodayState {
    pub date: NaiveDate,
    pub teacher: String,
    pub lessons: Vec<DayLesson>,
    pub courses: Vec<CourseInfo>,
    /// Index into lessons, then courses.
    pub selected: usize,
    /// The announcements that reach the teacher, newest first.
    pub announcements: Vec<AnnouncementRow>,
}

impl TodayState {
    pub fn load(
        store: &Store,
        actor: &crate::domain::policy::Actor,
        teacher: String,
        date: NaiveDate,
    ) -> Result<TodayState> {
        let staff_id = actor.staff_id.unwrap_or(StaffId(0));
        Ok(TodayState {
            date,
            teacher,
            lessons: store.teacher_day(staff_id, date)?,
            courses: store.teacher_courses(staff_id)?,
            selected: 0,
            announcements: store.announcements_for(actor, None)?,
        })
    }

    pub fn len(&self) -> usize {
        self.lessons.len() + self.courses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub fn render_today(s: &TodayState, theme: &Theme, ascii: bool, f: &mut Frame, area: Rect) {
    let [title, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    f.render_widget(
        Paragraph::new(format!(
            "{} {} {} · {}",
            pick("Сегодня,", "Today,"),
            crate::i18n::weekday_short(s.date),
            s.date.format("%d.%m.%Y"),
            s.teacher
        ))
        .style(theme.title),
        title,
    );
    // Up to three announcements, newest first, under the courses.
    let news_rows = (s.announcements.len().min(3) as u16 + 2).max(3);
    let [body, news] =
        Layout::vertical([Constraint::Min(6), Constraint::Length(news_rows)]).areas(body);
    let lesson_rows = (s.lessons.len() as u16 + 2).clamp(3, body.height / 2);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(lesson_rows), Constraint::Min(3)]).areas(body);
    render_news(&s.announcements, theme, ascii, f, news);
    let row = |text: String, selected: bool| {
        let style = if selected {
            theme.cursor
        } else {
            ratatui::style::Style::default()
        };
        Line::from(Span::styled(text, style))
    };
    let mut lessons: Vec<Line> = s
        .lessons
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let sub = l
                .substitute_for
                .as_ref()
                .map(|n| format!(" · {} {}", pick("замена:", "substitute for"), n.initials()))
                .unwrap_or_default();
            let room = if l.room.is_empty() {
                String::new()
            } else {
                format!(" · {} {}", pick("каб.", "room"), l.room)
            };
            row(
                format!("{} {:<11} {}{room}{sub}", l.lesson_no, l.time, l.course),
                i == s.selected,
            )
        })
        .collect();
    if lessons.is_empty() {
        lessons.push(Line::from(Span::styled(
            pick("сегодня уроков нет", "no lessons today"),
            theme.dim,
        )));
    }
    let visible = (top.height.saturating_sub(2)) as usize;
    let skip = s
        .selected
        .saturating_sub(visible.saturating_sub(1))
        .min(s.lessons.len());
    let lessons: Vec<Line> = if s.selected < s.lessons.len() {
        lessons.into_iter().skip(skip).collect()
    } else {
        lessons
    };
    f.render_widget(
        Paragraph::new(lessons)
            .block(bordered(ascii, theme).title(pick(" Уроки сегодня ", " Today's lessons "))),
        top,
    );
    let n = s.lessons.len();
    let courses: Vec<Line> = s
        .courses
        .iter()
        .enumerate()
        .map(|(i, c)| {
            row(
                format!("{} · {} {}", c.title(), c.hours, pick("ч/нед", "h/week")),
                n + i == s.selected,
            )
        })
        .collect();
    let visible = (bottom.height.saturating_sub(2)) as usize;
    let skip = (s.selected.saturating_sub(n) + 1).saturating_sub(visible);
    let courses: Vec<Line> = courses
        .into_iter()
        .skip(if s.selected >= n { skip } else { 0 })
        .collect();
    f.render_widget(
        Paragraph::new(courses)
            .block(bordered(ascii, theme).title(pick(" Мои курсы ", " My courses "))),
        bottom,
    );
}

/// The newest announcements in a box, unread ones marked; F9 opens them all.
pub fn render_news(
    news: &[AnnouncementRow],
    theme: &Theme,
    ascii: bool,
    f: &mut Frame,
    area: Rect,
) {
    let unread = news.iter().filter(|a| a.unread).count();
    let title = if unread > 0 {
        crate::tr!(
            " Объявления · новых: {} · F9 — все ",
            " Announcements · {} new · F9 — all ",
            unread
        )
    } else {
        pick(" Объявления · F9 — все ", " Announcements · F9 — all ").to_string()
    };
    let width = area.width.saturating_sub(2) as usize;
    let room = area.height.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = news
        .iter()
        .take(room)
        .map(|a| super::widgets::announcement::announcement_line(a, theme, width))
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("объявлений нет", "no announcements"),
            theme.dim,
        )));
    }
    f.render_widget(
        Paragraph::new(lines).block(bordered(ascii, theme).title(title)),
        area,
    );
}
