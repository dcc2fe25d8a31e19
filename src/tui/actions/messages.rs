//! Messages and announcements opened, where their keys send the user, and their forms
//! saved: an announcement, the weekly report, the administrator's review (the keys:
//! `messages/`).

use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::tui::actions::effect::{Question as AppQuestion, Target};
use crate::tui::app::{App, Screen};
use crate::tui::messages::{ComposeState, MessagesState, Open, Question, Tab, ThreadState};
use crate::tui::overlay::Ask;
use crate::tui::overlay::form::{Field, FormState};

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Tab(tab) => app.open_messages(tab),
            Open::Thread(id) => {
                if let Some(actor) = app.actor.clone() {
                    app.open_thread(&actor, id);
                }
            }
            Open::Compose => {
                if let Some(actor) = app.actor.clone() {
                    app.new_message(&actor);
                }
            }
        }
    }

    fn back(app: &mut App) {
        app.go_home();
    }
}

impl AppQuestion for Question {
    fn ask(self) -> Ask {
        match self {
            Question::DropMessage => Ask::DropMessage,
        }
    }
}

impl App {
    /// Opens messages and announcements on `tab`.
    pub(crate) fn open_messages(&mut self, tab: Tab) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        match MessagesState::load(&self.store, &actor, tab) {
            Ok(m) => {
                self.screen = Screen::Messages(Box::new(m));
                self.seen_tab();
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// Opens what is new: the conversations when a message waits, else the
    /// announcements when one is unread, else the conversations.
    pub(crate) fn open_inbox(&mut self) {
        let news = match &self.actor {
            Some(a) if self.unread == 0 => self
                .store
                .announcements_for(a, None)
                .map(|v| v.iter().any(|x| x.unread))
                .unwrap_or(false),
            _ => false,
        };
        self.open_messages(if news {
            Tab::Announcements
        } else {
            Tab::Threads
        });
    }

    /// The announcements tab counts as read once shown.
    fn seen_tab(&mut self) {
        let (Some(actor), Screen::Messages(m)) = (&self.actor, &self.screen) else {
            return;
        };
        if let Err(e) = m.seen(&mut self.store, actor) {
            self.error(e.to_string());
        }
    }

    /// Counts the user's unread messages again.
    pub(crate) fn count_unread(&mut self) {
        self.unread = match &self.actor {
            Some(a) => self.store.unread_messages(a).unwrap_or(0),
            None => 0,
        };
    }

    fn open_thread(&mut self, actor: &Actor, id: i64) {
        let thread = match self.store.thread(actor, id) {
            Ok(t) => t,
            Err(e) => return self.error(e.to_string()),
        };
        if let Err(e) = self.store.mark_thread_read(actor, id) {
            self.error(e.to_string());
        }
        self.count_unread();
        self.screen = Screen::Thread(Box::new(ThreadState {
            threads: vec![thread],
            review: None,
            scroll: 0,
            reply: None,
            draft: None,
        }));
        self.scroll_to_end();
    }

    /// Shows the conversation's latest messages.
    pub(crate) fn scroll_to_end(&mut self) {
        if let Screen::Thread(t) = &mut self.screen {
            t.scroll = crate::tui::messages::thread_bottom(t, &self.opts.theme, self.size);
        }
    }

    fn new_message(&mut self, actor: &Actor) {
        match self.store.contacts(actor) {
            Ok(c) if c.is_empty() => self.info(pick(
                "вам некому написать: нет учеников, учителей или родителей, связанных с вами",
                "there is nobody you may write to",
            )),
            Ok(c) => self.screen = Screen::Compose(Box::new(ComposeState::new(c))),
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(crate) fn post_announcement(
        &mut self,
        actor: &Actor,
        form: &FormState,
    ) -> Result<(), String> {
        let audience = self
            .store
            .audience(&form.get(Field::To))
            .map_err(|e| e.to_string())?;
        let event_date = form.optional_date(Field::Date)?;
        self.store
            .post_announcement(
                actor,
                &crate::store::announce::NewAnnouncement {
                    audience,
                    title: form.get(Field::Title),
                    body: form.get(Field::Text),
                    event_date,
                },
            )
            .map_err(|e| e.to_string())?;
        self.open_messages(Tab::Announcements);
        self.info(pick("объявление опубликовано", "announcement posted"));
        Ok(())
    }

    pub(crate) fn review(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let login = form.get(Field::Login).trim().to_string();
        let threads = self
            .store
            .review_messages(actor, &login)
            .map_err(|e| e.to_string())?;
        self.screen = Screen::Thread(Box::new(ThreadState {
            threads,
            review: Some(login),
            scroll: 0,
            reply: None,
            draft: None,
        }));
        Ok(())
    }

    /// Back to where the user starts: Today, the diary or the administration's menu.
    pub(crate) fn go_home(&mut self) {
        if let Some(actor) = self.actor.clone() {
            let status = self.status.clone();
            self.signed_in(actor);
            self.status = status;
        }
    }
}
