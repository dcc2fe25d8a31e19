//! What keys do on the administration's menu, and opening its tools.

use crate::keys::Action;
use crate::tui::admin::audit::AuditState;
use crate::tui::admin::classes::ClassesState;
use crate::tui::admin::users::UsersState;
use crate::tui::admin::work_types::WorkTypesState;
use crate::tui::admin::year_close::YearCloseState;
use crate::tui::admin::{MenuState, Tool};
use crate::tui::app::{App, Screen};
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::FormState;
use crate::tui::widgets::list::{ListCursor, shown_rows};

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
