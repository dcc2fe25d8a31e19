//! A teacher's day: today's lessons, the teacher's courses and the newest
//! announcements; its state, its keys (`on`, returning an [`Effect`]) and its drawing.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::ids::{ClassId, CourseId, LessonId, StaffId};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::announce::AnnouncementRow;
use crate::store::courses::CourseInfo;
use crate::store::day::DayLesson;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tui::overlay::effect::{self, Ctx, NoQuestion};
use crate::tui::widgets::bordered;

/// Where a teacher's day may send the user (`Back` logs out).
#[derive(Debug, Clone, Copy)]
pub enum Open {
    /// A course's grid on the period holding the date, the cursor on a lesson.
    Course(CourseId, NaiveDate, Option<LessonId>),
    /// A course's thematic plan.
    Plan(CourseId),
    /// The class teacher's week of absences.
    Absences(ClassId),
    /// The class teacher's overview of the class.
    Overview(ClassId),
    /// The class teacher's students and parents: their logins.
    Families(ClassId),
    /// The teacher's unfilled lessons.
    Gaps,
    /// Assessments and exams of the teacher's courses.
    Exams,
    /// The administration's tools.
    Menu,
    /// Messages.
    Inbox,
}

/// What a teacher's day asks of the app.
pub type Effect = effect::Effect<Open, NoQuestion>;

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

    /// A key on a teacher's day: the list, a lesson's grid or plan, the class
    /// teacher's and the administration's screens.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let last = self.len().saturating_sub(1);
        let homeroom = ctx.actor.and_then(|a| a.homeroom.first().copied());
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::PageDown => self.selected = (self.selected + 10).min(last),
            Action::Home => self.selected = 0,
            Action::End => self.selected = last,
            Action::Back => return Effect::Back,
            Action::Messages => return Effect::Open(Open::Inbox),
            Action::Plan => {
                let course = match (
                    self.lessons.get(self.selected),
                    self.courses
                        .get(self.selected.saturating_sub(self.lessons.len())),
                ) {
                    (Some(l), _) => Some(l.course_id),
                    (None, Some(c)) => Some(c.id),
                    _ => None,
                };
                return match course {
                    Some(c) => Effect::Open(Open::Plan(c)),
                    None => Effect::Info(
                        pick("выберите урок или курс", "choose a lesson or a course").into(),
                    ),
                };
            }
            Action::Absences => {
                return match homeroom {
                    Some(class_id) => Effect::Open(Open::Absences(class_id)),
                    None => Effect::Info(
                        pick(
                            "пропуски класса — для классного руководителя",
                            "class absences are for a class teacher",
                        )
                        .into(),
                    ),
                };
            }
            Action::ClassOverview => {
                return match homeroom {
                    Some(class_id) => Effect::Open(Open::Overview(class_id)),
                    None => Effect::Info(
                        pick(
                            "успеваемость класса — для классного руководителя",
                            "the class overview is for a class teacher",
                        )
                        .into(),
                    ),
                };
            }
            Action::ClassFamilies => {
                return match homeroom {
                    Some(class_id) => Effect::Open(Open::Families(class_id)),
                    None => Effect::Info(
                        pick(
                            "ученики и родители класса — для классного руководителя",
                            "a class's students and parents are for a class teacher",
                        )
                        .into(),
                    ),
                };
            }
            Action::Gaps => return Effect::Open(Open::Gaps),
            Action::Exams => return Effect::Open(Open::Exams),
            Action::Menu => return Effect::Open(Open::Menu),
            Action::Confirm => {
                if self.is_empty() {
                    return Effect::Info(pick("у вас нет курсов", "you have no courses").into());
                }
                let today = ctx.store.today();
                let open = match self.lessons.get(self.selected) {
                    Some(l) => Open::Course(l.course_id, self.date, Some(l.lesson_id)),
                    None => match self.courses.get(self.selected - self.lessons.len()) {
                        Some(c) => Open::Course(c.id, today, None),
                        None => return Effect::None,
                    },
                };
                return Effect::Open(open);
            }
            _ => return Effect::NotHere(action),
        }
        Effect::None
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
        .map(|a| crate::tui::widgets::announcement::announcement_line(a, theme, width))
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
