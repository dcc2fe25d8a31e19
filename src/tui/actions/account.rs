//! A checked login's session started, and where each role lands (the keys of the
//! login screens: `screens/login.rs`).

use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::store::accounts::Session;
use crate::tui::actions::effect::Target;
use crate::tui::admin::{MenuState, Tool};
use crate::tui::app::{App, Screen, Status};
use crate::tui::diary::DiaryState;
use crate::tui::screens::NewPasswordState;
use crate::tui::screens::login::Open;

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Session(session) => app.start_session(*session),
            Open::SignedIn(actor) => app.signed_in(*actor),
        }
    }

    fn back(app: &mut App) {
        app.back_to_login();
    }
}

impl App {
    /// Opens the first screen of a user whose login was checked (here, or by the SSH
    /// server): a one-time password must first be replaced by the user's own.
    pub fn start_session(&mut self, session: Session) {
        if let Some(folders) = &self.opts.folders {
            match folders.of(&session.actor.login) {
                Ok(folder) => self.use_folder(folder),
                Err(e) => self.use_no_files(e.to_string()),
            }
        }
        if session.must_change_password {
            self.screen = Screen::NewPassword(NewPasswordState::new(session.actor));
            self.info(pick(
                "вход по одноразовому паролю: придумайте свой",
                "logged in with a one-time password: choose your own",
            ));
        } else {
            self.signed_in(session.actor);
        }
    }

    pub(crate) fn signed_in(&mut self, actor: Actor) {
        self.status = Status::default();
        let tools = Tool::for_actor(&actor);
        let teaches = actor.has(crate::domain::roles::Role::Teacher)
            || actor.has(crate::domain::roles::Role::ClassTeacher);
        match actor.staff_id {
            Some(_) if !tools.is_empty() && !teaches => {
                self.screen = Screen::Menu(MenuState {
                    tools,
                    selected: 0,
                    from_today: false,
                });
            }
            None if actor.has(crate::domain::roles::Role::Admin) => {
                self.screen = Screen::Menu(MenuState {
                    tools,
                    selected: 0,
                    from_today: false,
                });
            }
            Some(_) => {
                self.actor = Some(actor.clone());
                self.show_today();
            }
            None => match DiaryState::load(&self.store, &actor, self.store.today()) {
                Ok(Some(d)) => self.screen = Screen::Diary(Box::new(d)),
                Ok(None) => {
                    self.screen = Screen::Notice(
                        pick(
                            "К вашей учётной записи не привязан ни один ученик. Обратитесь к администратору. Esc — выйти.",
                            "No student is linked to your account. Ask the administrator. Esc to log out.",
                        )
                        .to_string(),
                    )
                }
                Err(e) => self.error(e.to_string()),
            },
        }
        self.actor = Some(actor);
        self.count_unread();
    }
}
