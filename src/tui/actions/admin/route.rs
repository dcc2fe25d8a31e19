//! The administration's screens routed: each key and each answer goes to the screen's
//! own `on` or `answer`, and the effect it returns is applied here, in one place.

use crate::keys::Action;
use crate::store::backup_list::default_dir;
use crate::tui::actions::effect::{Question, Target};
use crate::tui::admin::audit::AuditState;
use crate::tui::admin::backups::BackupsState;
use crate::tui::admin::class::ClassState;
use crate::tui::admin::classes::ClassesState;
use crate::tui::admin::courses::CoursesState;
use crate::tui::admin::periods::PeriodsState;
use crate::tui::admin::users::UsersState;
use crate::tui::admin::work_types::WorkTypesState;
use crate::tui::admin::year_close::YearCloseState;
use crate::tui::admin::{MenuState, Open, Question as AdminQuestion, Tool};
use crate::tui::app::{App, Screen};
use crate::tui::overlay::form::FormState;
use crate::tui::overlay::{Ask, Overlay};

impl App {
    /// A key on one of the administration's screens: the screen handles it, the app does
    /// what it asks.
    pub(crate) fn admin_action(&mut self, action: Action) {
        let (screen, mut ctx) = self.screen_ctx();
        let effect = match screen {
            Screen::Menu(s) => s.on(action, &mut ctx),
            Screen::Audit(s) => s.on(action, &mut ctx),
            Screen::Users(s) => s.on(action, &mut ctx),
            Screen::YearClose(s) => s.on(action, &mut ctx),
            Screen::Calendar(s) => s.on(action, &mut ctx),
            Screen::Classes(s) => s.on(action, &mut ctx),
            Screen::Class(s) => s.on(action, &mut ctx),
            Screen::WorkTypes(s) => s.on(action, &mut ctx),
            Screen::Periods(s) => s.on(action, &mut ctx),
            Screen::Backups(s) => s.on(action, &mut ctx),
            Screen::Courses(s) => s.on(action, &mut ctx),
            _ => return,
        };
        self.apply(effect);
    }

    /// A yes answer to a question an administration's screen asked: back to that screen.
    pub(crate) fn admin_answer(&mut self, question: AdminQuestion) {
        if let AdminQuestion::Restore(name) = question {
            // Every open session is told, this one too: the app's own state changes.
            self.restore_chosen(name);
            return;
        }
        let (screen, mut ctx) = self.screen_ctx();
        let effect = match screen {
            Screen::Users(s) => s.answer(question, &mut ctx),
            Screen::YearClose(s) => s.answer(question, &mut ctx),
            Screen::Calendar(s) => s.answer(question, &mut ctx),
            _ => return,
        };
        self.apply(effect);
    }

    /// Back to the menu from one of its tools.
    pub(crate) fn back_to_menu(&mut self) {
        let tools = self.actor.as_ref().map(Tool::for_actor).unwrap_or_default();
        let from_today = self
            .actor
            .as_ref()
            .is_some_and(|a| a.staff_id.is_some() && a.has(crate::domain::roles::Role::Teacher));
        let selected = self
            .place
            .tool
            .and_then(|t| tools.iter().position(|&x| x == t))
            .unwrap_or(0);
        self.screen = Screen::Menu(MenuState {
            tools,
            selected,
            from_today,
        });
    }

    pub(crate) fn open_tool(&mut self, tool: Tool) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        self.place.tool = Some(tool);
        let opened = match tool {
            Tool::Audit => {
                AuditState::load(&self.store, &actor, "").map(|a| Screen::Audit(Box::new(a)))
            }
            Tool::Users => UsersState::load(&self.store, &actor)
                .map(Screen::Users)
                .map_err(|e| e.to_string()),
            Tool::YearClose => YearCloseState::load(&self.store, true).map(Screen::YearClose),
            Tool::Calendar => crate::tui::admin::calendar::CalendarState::load(&self.store)
                .map(|c| Screen::Calendar(Box::new(c))),
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
                let form = match self.place.report.clone() {
                    Some(mut last) => {
                        last.focus = 0;
                        last.error = None;
                        last.forget_search();
                        last
                    }
                    None => FormState::report(None),
                };
                self.overlay = Some(Overlay::Form(form));
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
            Tool::Periods => PeriodsState::load(&self.store)
                .map(|p| Screen::Periods(Box::new(p)))
                .map_err(|e| e.to_string()),
            Tool::Backups => {
                let dir = self
                    .opts
                    .backups
                    .clone()
                    .unwrap_or_else(|| default_dir(self.store.path()));
                BackupsState::load(dir, self.store.path())
                    .map(Screen::Backups)
                    .map_err(|e| e.to_string())
            }
            Tool::Courses => CoursesState::load(
                &self.store,
                None,
                actor.has(crate::domain::roles::Role::Admin),
            )
            .map(Screen::Courses)
            .map_err(|e| e.to_string()),
            Tool::Exams => {
                self.open_exams(true);
                return;
            }
        };
        match opened {
            Ok(s) => self.screen = s,
            Err(e) => self.error(e),
        }
    }
}

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Today => app.show_today(),
            Open::Login => app.ask_logout(),
            Open::Tool(tool) => app.open_tool(tool),
            Open::Class(id) => match ClassState::load(&app.store, id) {
                Ok(cs) => app.screen = Screen::Class(cs),
                Err(e) => app.error(e.to_string()),
            },
        }
    }

    fn back(app: &mut App) {
        app.back_to_menu();
    }
}

impl Question for AdminQuestion {
    fn ask(self) -> Ask {
        Ask::Admin(self)
    }
}
