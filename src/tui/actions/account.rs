//! Logging in, choosing a new password, and where each role lands.

use crate::domain::accounts::failure_delay;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::accounts::{LoginError, Session};
use crate::tui::admin::{MenuState, Tool};
use crate::tui::app::{App, Screen, Status};
use crate::tui::diary::DiaryState;
use crate::tui::screens::NewPasswordState;
use crate::tui::text::TextField;

impl App {
    pub(crate) fn login_action(&mut self, action: Action) {
        let Screen::Login(l) = &mut self.screen else {
            return;
        };
        match action {
            Action::NextField | Action::PrevField | Action::Up | Action::Down => {
                l.focus = 1 - l.focus
            }
            Action::Confirm if l.focus == 0 => l.focus = 1,
            Action::Confirm => {
                let (login, password) = (l.login.text(), l.password.text());
                match self.store.authenticate(&login, &password) {
                    Ok(session) => self.start_session(session),
                    Err(e) => {
                        if let LoginError::Wrong { failures } = e {
                            // Each failure in a row answers later: guessing gets slow.
                            std::thread::sleep(failure_delay(failures, self.opts.login_delay));
                        }
                        if let Screen::Login(l) = &mut self.screen {
                            l.error = Some(e.to_string());
                            l.password = TextField::secret();
                        }
                    }
                }
            }
            Action::Back => self.info(pick("Ctrl-Q — выход", "Ctrl-Q to quit")),
            _ => self.not_here(action),
        }
    }

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

    pub(crate) fn new_password_action(&mut self, action: Action) {
        let Screen::NewPassword(p) = &mut self.screen else {
            return;
        };
        match action {
            Action::NextField | Action::PrevField | Action::Up | Action::Down => {
                p.focus = 1 - p.focus
            }
            Action::Confirm if p.focus == 0 => p.focus = 1,
            Action::Confirm => {
                let (new, repeat) = (p.new.text(), p.repeat.text());
                if new != repeat {
                    p.error = Some(pick("пароли не совпадают", "the passwords differ").to_string());
                    p.repeat = TextField::secret();
                    return;
                }
                let actor = p.actor.clone();
                match self.store.change_password(&actor, &new) {
                    Ok(()) => {
                        self.signed_in(actor);
                        self.info(pick("пароль изменён", "password changed"));
                    }
                    Err(e) => {
                        if let Screen::NewPassword(p) = &mut self.screen {
                            p.error = Some(e.to_string());
                            p.new = TextField::secret();
                            p.repeat = TextField::secret();
                            p.focus = 0;
                        }
                    }
                }
            }
            // Leaving without a new password logs out: the one-time password stays.
            Action::Back => self.back_to_login(),
            _ => self.not_here(action),
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
