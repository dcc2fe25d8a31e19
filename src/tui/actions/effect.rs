//! The screens that handle their own keys, routed: each key goes to the screen's `on`,
//! and the effect it returns is applied here, in one place, for every screen. Each
//! screen's `Open` target says how the app opens it and where `Back` leaves to; its
//! questions say which of the app's questions they are.

use crate::keys::Action;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::effect::{Ctx, Effect, NoQuestion};
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::widgets::list::shown_rows;

/// Where a screen may send the user, as the app opens it.
pub(crate) trait Target {
    /// Opens the target.
    fn open(self, app: &mut App);
    /// Leaves the screen for the one it was opened from.
    fn back(app: &mut App);
}

/// A yes/no question a screen may ask, as one of the app's questions.
pub(crate) trait Question {
    fn ask(self) -> Ask;
}

impl Question for NoQuestion {
    fn ask(self) -> Ask {
        match self {}
    }
}

impl App {
    /// The open screen, and what it may use while it handles a key: the store, the
    /// user, the rows a list shows, the terminal's size, the theme.
    pub(crate) fn screen_ctx(&mut self) -> (&mut Screen, Ctx<'_>) {
        let ctx = Ctx {
            store: &mut self.store,
            actor: self.actor.as_ref(),
            rows: shown_rows(self.size.1),
            size: self.size,
            theme: &self.opts.theme,
        };
        (&mut self.screen, ctx)
    }

    /// A key on a screen that handles its own: the screen handles it, the app does what
    /// it asks.
    pub(crate) fn screen_action(&mut self, action: Action) {
        let (screen, mut ctx) = self.screen_ctx();
        match screen {
            Screen::Gaps(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Report(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Absences(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Login(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::NewPassword(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Today(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Plan(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Messages(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Thread(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Compose(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Diary(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Import(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Families(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Weekly(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            Screen::Exams(s) => {
                let effect = s.on(action, &mut ctx);
                self.apply(effect);
            }
            _ => {}
        }
    }

    /// What a screen asked for.
    pub(crate) fn apply<T: Target, Q: Question>(&mut self, effect: Effect<T, Q>) {
        match effect {
            Effect::None => {}
            Effect::Info(text) => self.info(text),
            Effect::Error(text) => self.error(text),
            Effect::Message { title, text } => {
                self.overlay = Some(Overlay::Message { title, text });
            }
            Effect::Back => T::back(self),
            Effect::Open(target) => target.open(self),
            Effect::Form(mut form) => {
                self.note_folder(&mut form);
                self.overlay = Some(Overlay::Form(form));
            }
            Effect::Ask { question, ask } => {
                self.overlay = Some(Overlay::Confirm {
                    question,
                    ask: ask.ask(),
                });
            }
            Effect::NotHere(action) => self.not_here(action),
            Effect::Unbound(key) => self.nothing_here(&key),
            Effect::And(first, then) => {
                self.apply(*first);
                self.apply(*then);
            }
        }
    }
}
