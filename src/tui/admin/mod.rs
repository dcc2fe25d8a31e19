//! The administration's screens: the menu of tools here, each tool's screen in its own
//! module with its state, its keys and its drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::policy::Actor;
use crate::domain::roles::Role;
use crate::i18n::pick;
use crate::keys::Action;
use crate::theme::Theme;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::FormState;
use crate::tui::widgets::list::{ListCursor, list_lines, shown_rows};

pub mod audit;
pub mod class;
pub mod classes;
pub mod users;
pub mod work_types;
pub mod year_close;

pub use audit::AuditState;
pub use class::ClassState;
pub use classes::ClassesState;
pub use users::UsersState;
pub use work_types::WorkTypesState;
pub use year_close::YearCloseState;

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
            Tool::Messages => pick("Сообщения и объявления", "Messages and announcements"),
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
        }
        if actor.has(Role::Deputy) || actor.has(Role::Director) {
            t.push(Tool::Substitutions);
        }
        if actor.has(Role::Admin) {
            t.push(Tool::Import);
            t.push(Tool::YearClose);
        }
        if !t.is_empty() {
            t.push(Tool::Messages);
        }
        t
    }
}

#[derive(Debug, Clone)]
pub struct MenuState {
    pub tools: Vec<Tool>,
    pub selected: usize,
    /// Whether Today is behind this menu (a teaching deputy), for Esc.
    pub from_today: bool,
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

impl App {
    /// The menu: Enter opens a tool, Esc goes back to Today or to the login.
    pub(crate) fn menu_action(&mut self, action: Action) {
        let Screen::Menu(m) = &mut self.screen else {
            return;
        };
        let rows = shown_rows(self.size.1);
        if ListCursor::new(&mut m.selected, m.tools.len())
            .page(rows)
            .apply(action)
        {
            return;
        }
        match action {
            Action::Back if m.from_today => self.show_today(),
            Action::Back => self.back_to_login(),
            Action::Confirm => {
                if let Some(t) = m.tools.get(m.selected).copied() {
                    self.open_tool(t);
                }
            }
            _ => self.not_here(action),
        }
    }

    /// Back to the menu from one of its tools.
    pub(crate) fn back_to_menu(&mut self) {
        let tools = self.actor.as_ref().map(Tool::for_actor).unwrap_or_default();
        let from_today = self
            .actor
            .as_ref()
            .is_some_and(|a| a.has(crate::domain::roles::Role::Teacher));
        self.screen = Screen::Menu(MenuState {
            tools,
            selected: 0,
            from_today,
        });
    }

    pub(crate) fn open_tool(&mut self, tool: Tool) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let opened = match tool {
            Tool::Audit => {
                AuditState::load(&self.store, &actor, "").map(|a| Screen::Audit(Box::new(a)))
            }
            Tool::Users => UsersState::load(&self.store, &actor)
                .map(Screen::Users)
                .map_err(|e| e.to_string()),
            Tool::YearClose => YearCloseState::load(&self.store, true).map(Screen::YearClose),
            Tool::Messages => {
                self.open_messages(crate::tui::messages::Tab::Threads);
                return;
            }
            Tool::Import => {
                match self.files.folder() {
                    Some(_) => self.pick_file(crate::tui::files::PickFor::Import),
                    None => self.overlay = Some(Overlay::Form(FormState::import("", false))),
                }
                return;
            }
            Tool::Reports => {
                self.overlay = Some(Overlay::Form(FormState::report()));
                return;
            }
            Tool::Substitutions => {
                let today = self.store.today().format("%d.%m.%Y").to_string();
                self.overlay = Some(Overlay::Form(FormState::substitute(&today)));
                return;
            }
            Tool::WorkTypes => WorkTypesState::load(&self.store)
                .map(Screen::WorkTypes)
                .map_err(|e| e.to_string()),
            Tool::Classes => ClassesState::load(&self.store)
                .map(Screen::Classes)
                .map_err(|e| e.to_string()),
        };
        match opened {
            Ok(s) => self.screen = s,
            Err(e) => self.error(e),
        }
    }
}
