//! What keys do among messages and announcements: open, write, answer, send the
//! weekly report, review (administrator).

use crate::domain::policy::Actor;
use crate::domain::roles::Role;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::messages::Contact;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::messages::{ComposeState, MessagesState, Tab, ThreadState};
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::widgets::list::ListCursor;

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

    /// The announcements tab counts as read once shown; the marks stay on screen
    /// until it is read again.
    fn seen_tab(&mut self) {
        let (Some(actor), Screen::Messages(m)) = (self.actor.clone(), &self.screen) else {
            return;
        };
        if m.tab != Tab::Announcements {
            return;
        }
        let ids: Vec<i64> = m
            .announcements
            .iter()
            .filter(|a| a.unread)
            .map(|a| a.id)
            .collect();
        if let Err(e) = self.store.mark_announcements_read(&actor, &ids) {
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

    pub(crate) fn messages_action(&mut self, action: Action) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        match &mut self.screen {
            Screen::Messages(_) => self.list_action(&actor, action),
            Screen::Thread(_) => self.thread_action(&actor, action),
            Screen::Compose(_) => self.compose_action(&actor, action),
            _ => {}
        }
    }

    fn list_action(&mut self, actor: &Actor, action: Action) {
        let Screen::Messages(m) = &mut self.screen else {
            return;
        };
        let len = m.len();
        if ListCursor::new(&mut m.selected, len).page(10).apply(action) {
            return;
        }
        match action {
            Action::NextField | Action::PrevField => {
                m.tab = m.tab.next(action == Action::NextField);
                m.selected = 0;
                self.seen_tab();
            }
            Action::PrevWeek | Action::NextWeek if m.tab == Tab::Week => {
                let days = chrono::Days::new(7);
                m.monday = if action == Action::NextWeek {
                    m.monday + days
                } else {
                    m.monday - days
                };
                m.selected = 0;
                m.week_events();
            }
            // The weeks are the third tab's: say where they are.
            Action::PrevWeek | Action::NextWeek => self.info(tr!(
                "недели листаются на вкладке «Неделя» (Tab)",
                "weeks turn on the «Week» tab (Tab)"
            )),
            Action::Confirm => match m.tab {
                Tab::Threads => match m.threads.get(m.selected) {
                    Some(t) => {
                        let id = t.id;
                        self.open_thread(actor, id);
                    }
                    None => self.info(pick("F2 — написать", "F2 — write")),
                },
                Tab::Announcements | Tab::Week => {
                    let list = if m.tab == Tab::Week {
                        &m.events
                    } else {
                        &m.announcements
                    };
                    if let Some(a) = list.get(m.selected) {
                        let event = a
                            .event_date
                            .map(|d| tr!("\n\nКогда: {}", "\n\nWhen: {}", d.format("%d.%m.%Y")))
                            .unwrap_or_default();
                        self.overlay = Some(Overlay::Message {
                            title: a.title.clone(),
                            text: format!(
                                "{} · {} · {}\n\n{}{event}",
                                a.created_at.get(..16).unwrap_or(&a.created_at),
                                a.audience,
                                a.author,
                                a.body
                            ),
                        });
                    }
                }
            },
            Action::New if m.tab != Tab::Threads => {
                if !m.can_post {
                    return self.info(pick(
                        "объявления пишут администрация и классные руководители",
                        "announcements are posted by the administration and class teachers",
                    ));
                }
                let to = match actor.homeroom.first() {
                    Some(c) if !actor.reads_everything() => {
                        self.store.class_label(*c).unwrap_or_default()
                    }
                    _ => "school".to_string(),
                };
                self.overlay = Some(Overlay::Form(FormState::announcement(&to)));
            }
            Action::New => self.new_message(actor),
            Action::WeeklyReport => {
                if actor.homeroom.is_empty() && !actor.reads_everything() {
                    return self.info(pick(
                        "отчёт за неделю отправляет классный руководитель",
                        "the weekly report is sent by the class teacher",
                    ));
                }
                let class = actor
                    .homeroom
                    .first()
                    .and_then(|c| self.store.class_label(*c).ok())
                    .map(|c| format!("{c} "))
                    .unwrap_or_default();
                let week = self.store.today().format("%d.%m.%Y").to_string();
                self.overlay = Some(Overlay::Form(FormState::weekly_report(&class, &week)));
            }
            Action::Review => {
                if !actor.has(Role::Admin) {
                    return self.info(pick(
                        "чужую переписку просматривает только администратор",
                        "only the administrator reviews other people's messages",
                    ));
                }
                self.overlay = Some(Overlay::Form(FormState::review()));
            }
            Action::Back => self.go_home(),
            _ => self.not_here(action),
        }
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

    /// How far the open conversation scrolls before its last line reaches the bottom.
    fn thread_bottom(&self) -> usize {
        match &self.screen {
            Screen::Thread(t) => {
                crate::tui::messages::thread_bottom(t, &self.opts.theme, self.size)
            }
            _ => 0,
        }
    }

    /// Shows the conversation's latest messages.
    pub(crate) fn scroll_to_end(&mut self) {
        let bottom = self.thread_bottom();
        if let Screen::Thread(t) = &mut self.screen {
            t.scroll = bottom;
        }
    }

    fn thread_action(&mut self, actor: &Actor, action: Action) {
        let Screen::Thread(t) = &mut self.screen else {
            return;
        };
        if t.reply.is_some() {
            match action {
                Action::Send => {
                    let text = t.reply_text();
                    let Some(id) = t.threads.first().map(|x| x.id) else {
                        return;
                    };
                    match self.store.reply(actor, id, &text) {
                        Ok(_) => {
                            self.open_thread(actor, id);
                            self.info(pick("отправлено", "sent"));
                        }
                        Err(e) => self.error(e.to_string()),
                    }
                }
                Action::Back => {
                    t.draft = t.reply.take().filter(|r| !r.is_empty());
                    if t.draft.is_some() {
                        self.info(pick(
                            "черновик отложен · Enter — продолжить",
                            "draft put aside · Enter — go on",
                        ));
                    }
                }
                _ => self.not_here(action),
            }
            return;
        }
        match action {
            Action::Up => t.scroll = t.scroll.saturating_sub(1),
            Action::PageUp => t.scroll = t.scroll.saturating_sub(10),
            Action::Down | Action::PageDown => {
                let step = if action == Action::Down { 1 } else { 10 };
                let to = t.scroll + step;
                let bottom = self.thread_bottom();
                if let Screen::Thread(t) = &mut self.screen {
                    t.scroll = to.min(bottom);
                }
            }
            Action::Home => t.scroll = 0,
            Action::End => self.scroll_to_end(),
            Action::Confirm | Action::New if t.review.is_none() => {
                t.start_reply();
                self.scroll_to_end();
            }
            Action::Back => {
                let lost = t.draft.is_some();
                let review = t.review.is_some();
                self.open_messages(Tab::Threads);
                if review {
                    self.info(pick("просмотр закрыт", "review closed"));
                } else if lost {
                    self.info(pick("черновик не отправлен", "the draft was not sent"));
                }
            }
            _ => self.not_here(action),
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

    fn compose_action(&mut self, actor: &Actor, action: Action) {
        let Screen::Compose(c) = &mut self.screen else {
            return;
        };
        if c.to.is_none() {
            let shown = c.shown().len();
            // Letters typed since the last key may have narrowed the list.
            c.selected = c.selected.min(shown.saturating_sub(1));
            match action {
                Action::Up | Action::PrevField => c.selected = c.selected.saturating_sub(1),
                Action::Down | Action::NextField => {
                    c.selected = (c.selected + 1).min(shown.saturating_sub(1))
                }
                Action::Confirm => {
                    let chosen: Option<Contact> = c.shown().get(c.selected).map(|x| (*x).clone());
                    match chosen {
                        Some(to) => {
                            c.to = Some(to);
                            c.focus = 1;
                        }
                        None => self.info(pick("никого не выбрано", "nobody chosen")),
                    }
                }
                Action::Back if c.has_text() => {
                    self.overlay = Some(Overlay::Confirm {
                        question: pick(
                            "Сообщение не отправлено. Выйти и потерять его?",
                            "The message is not sent. Leave and lose it?",
                        )
                        .into(),
                        ask: crate::tui::overlay::Ask::DropMessage,
                    })
                }
                Action::Back => self.open_messages(Tab::Threads),
                _ => self.not_here(action),
            }
            // The list follows the filter as it is typed.
            if let Screen::Compose(c) = &mut self.screen {
                c.selected = c.selected.min(c.shown().len().saturating_sub(1));
            }
            return;
        }
        match action {
            Action::NextField | Action::PrevField => c.focus = 1 - c.focus,
            Action::Send => {
                let Some(to) = c.to.clone() else { return };
                let (subject, body) = (c.subject_text(), c.body_text());
                match self.store.start_thread(actor, to.user_id, &subject, &body) {
                    Ok(id) => {
                        self.open_thread(actor, id);
                        self.info(tr!("отправлено: {}", "sent to {}", to.name));
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            // Back to choosing whom to write to; what is typed stays.
            Action::Back => c.to = None,
            _ => self.not_here(action),
        }
    }

    pub(crate) fn send_weekly_report(
        &mut self,
        actor: &Actor,
        form: &FormState,
    ) -> Result<(), String> {
        let (student, _) = self
            .store
            .find_student(&form.get(Field::Student))
            .map_err(|e| e.to_string())?;
        let week = form.date(Field::Week)?;
        crate::export::weekly::send_weekly(&mut self.store, actor, student, week)
            .map_err(|e| e.to_string())?;
        self.open_messages(Tab::Threads);
        self.info(pick(
            "отчёт за неделю отправлен родителям",
            "the weekly report was sent to the parents",
        ));
        Ok(())
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
