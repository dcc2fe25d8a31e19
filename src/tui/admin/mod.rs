//! The administration's screens: the menu of tools here, each tool's screen in its own
//! module with its state, its keys (`on`, returning an [`Effect`]), its forms and its
//! drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::ids::ClassId;
use crate::domain::policy::Actor;
use crate::domain::roles::Role;
use crate::i18n::pick;
use crate::keys::Action;
use crate::theme::Theme;
use crate::tui::overlay::effect::{self, Ctx};
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::widgets::list::{ListCursor, list_lines};

pub mod audit;
pub mod backups;
pub mod calendar;
pub mod class;
pub mod classes;
pub mod courses;
pub mod periods;
pub mod users;
pub mod work_types;
pub mod year_close;

/// A tool of the administration's menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Messages,
    Audit,
    Users,
    Classes,
    Reports,
    WorkTypes,
    Substitutions,
    Import,
    YearClose,
    Calendar,
    Periods,
    Backups,
    Courses,
    Exams,
}

impl Tool {
    pub fn title(self) -> &'static str {
        match self {
            Tool::Audit => pick("Журнал изменений (аудит)", "Audit log"),
            Tool::Users => pick("Учётные записи", "Accounts"),
            Tool::Classes => pick("Классы и движение учеников", "Classes and student movement"),
            Tool::WorkTypes => pick("Виды работ и их веса", "Work types and their weights"),
            Tool::Substitutions => pick("Замены уроков", "Substitutions"),
            Tool::Reports => pick(
                "Отчёты: накопляемость, качество, пропуски, ведомость …",
                "Reports: marks, quality, absences, summary …",
            ),
            Tool::Import => pick(
                "Импорт файлов (сотрудники, ученики, расписание …)",
                "Import files (staff, students, timetable …)",
            ),
            Tool::YearClose => pick("Закрытие учебного года", "Closing the school year"),
            Tool::Calendar => pick(
                "Календарь: четверти, каникулы, карантины, праздники",
                "Calendar: periods, breaks, quarantines, public holidays",
            ),
            Tool::Messages => pick("Сообщения и объявления", "Messages and announcements"),
            Tool::Periods => pick(
                "Периоды: закрыть и открыть для курсов",
                "Periods: close and open them for courses",
            ),
            Tool::Backups => pick(
                "Резервные копии и восстановление",
                "Backups and restoring one",
            ),
            Tool::Courses => pick(
                "Курсы: учителя, печать журнала",
                "Courses: teachers, printing the journal",
            ),
            Tool::Exams => pick(
                "Аттестация и экзамены: ПА, ОГЭ, ЕГЭ, собеседование, сочинение",
                "Assessments and exams: interim, OGE, EGE, the interview, the essay",
            ),
        }
    }

    /// The tools a user's roles open.
    pub fn for_actor(actor: &Actor) -> Vec<Tool> {
        let mut t = Vec::new();
        if actor.reads_everything() {
            t.push(Tool::Audit);
            t.push(Tool::Reports);
        }
        if actor.has(Role::Admin) {
            t.push(Tool::Users);
            t.push(Tool::Classes);
        }
        if actor.has(Role::Admin) || actor.has(Role::Deputy) {
            t.push(Tool::WorkTypes);
            t.push(Tool::Calendar);
        }
        if actor.has(Role::Deputy) || actor.has(Role::Director) {
            t.push(Tool::Substitutions);
            t.push(Tool::Periods);
            t.push(Tool::Exams);
            // Their journal pages printed (their teachers are the administrator's).
            t.push(Tool::Courses);
        }
        if actor.has(Role::Admin) {
            t.push(Tool::Import);
            t.push(Tool::YearClose);
            if !t.contains(&Tool::Courses) {
                t.push(Tool::Courses);
            }
            t.push(Tool::Backups);
        }
        if !t.is_empty() {
            t.push(Tool::Messages);
        }
        t
    }
}

/// Where an administration's screen may send the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// The teacher's day (a teaching deputy's menu is behind it).
    Today,
    /// Log out, back to the login.
    Login,
    /// A tool of the menu.
    Tool(Tool),
    /// A class's students.
    Class(ClassId),
}

/// The yes/no questions the administration's screens ask.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Give the account a new one-time password.
    ResetPassword(String),
    /// Enable or disable the account.
    SetActive(String, bool),
    /// Close the school year.
    CloseYear,
    /// Make the calendar change its preview showed.
    Calendar(Box<crate::domain::calendar_edit::CalendarChange>),
    /// Put the backup of this file name in place of the journal.
    Restore(String),
}

/// What an administration's screen asks of the app.
pub type Effect = effect::Effect<Open, Question>;

#[derive(Debug, Clone)]
pub struct MenuState {
    pub tools: Vec<Tool>,
    pub selected: usize,
    /// Whether Today is behind this menu (a teaching deputy), for Esc.
    pub from_today: bool,
}

impl MenuState {
    /// The menu: Enter opens a tool, Esc goes back to Today or to the login.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.tools.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::Back if self.from_today => Effect::Open(Open::Today),
            Action::Back => Effect::Open(Open::Login),
            Action::Confirm => match self.tools.get(self.selected).copied() {
                Some(t) => Effect::Open(Open::Tool(t)),
                None => Effect::None,
            },
            _ => Effect::NotHere(action),
        }
    }
}

pub fn render_menu(s: &MenuState, who: &str, theme: &Theme, f: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::from(Span::styled(
            format!("{} · {who}", pick("Администрация", "Administration")),
            theme.title,
        )),
        Line::from(""),
    ];
    lines.extend(list_lines(
        &s.tools,
        s.selected,
        area.height as usize,
        theme,
        area.width as usize,
        |t| format!("  {}", t.title()),
    ));
    if s.tools.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("для вашей роли инструментов нет", "no tools for your role"),
            theme.dim,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        pick("Enter — открыть · Esc — назад", "Enter — open · Esc — back"),
        theme.dim,
    )));
    f.render_widget(Paragraph::new(lines), area);
}

impl FormState {
    /// The substitutions tool's one form (saved in `actions/admin.rs`).
    pub fn substitute(today: &str) -> FormState {
        FormState::with(
            pick("Замена урока", "A substitute for a lesson"),
            FormPurpose::Substitute,
            &[
                (Field::Class, pick("Класс", "Class"), ""),
                (Field::Subject, pick("Предмет", "Subject"), ""),
                (Field::Group, pick("Группа", "Group"), ""),
                (Field::Date, pick("Дата", "Date"), today),
                (Field::LessonNo, pick("№ урока", "Period"), ""),
                (Field::Teacher, pick("Учитель", "Teacher"), ""),
            ],
            pick(
                "Учитель — логин заменяющего; пусто — снять замену. № урока — если в этот день их несколько.",
                "Teacher — the substitute's login; empty removes the substitute. Period — when the day has several.",
            ),
        )
    }
}
