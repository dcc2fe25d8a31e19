//! What a screen's key asks of the app: the screen changes its own state and returns an
//! [`Effect`] for what it cannot do itself; the app applies it in one place.

use ratatui::crossterm::event::KeyEvent;

use crate::domain::policy::Actor;
use crate::keys::Action;
use crate::store::Store;
use crate::theme::Theme;
use crate::tui::overlay::form::FormState;

/// What a screen may use while it handles a key.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    /// The signed-in user, if any.
    pub actor: Option<&'a Actor>,
    /// The list rows the screen shows (a page for the list keys).
    pub rows: usize,
    /// The terminal's size, for screens that scroll what they draw.
    pub size: (u16, u16),
    pub theme: &'a Theme,
}

/// What the app must do after a screen handled a key. `T` is where a screen may go
/// (a small target value the app turns into a screen), `Q` the questions it may ask.
#[derive(Debug, Clone)]
#[must_use]
pub enum Effect<T, Q> {
    /// Nothing more: the screen did all there was to do.
    None,
    /// A line in the status bar.
    Info(String),
    /// An error in the status bar.
    Error(String),
    /// A message above the screen.
    Message { title: String, text: String },
    /// Leave the screen for the one it was opened from.
    Back,
    /// Open another screen.
    Open(T),
    /// Open a form.
    Form(FormState),
    /// A yes/no question; the answer comes back to the screen that asked.
    Ask { question: String, ask: Q },
    /// The action is not available here.
    NotHere(Action),
    /// The key does nothing here.
    Unbound(KeyEvent),
    /// The first, then the second.
    And(Box<Effect<T, Q>>, Box<Effect<T, Q>>),
}

impl<T, Q> Effect<T, Q> {
    /// This, then `next` if there is one.
    pub fn and(self, next: Option<Effect<T, Q>>) -> Effect<T, Q> {
        match next {
            Some(next) => Effect::And(Box::new(self), Box::new(next)),
            None => self,
        }
    }
}

/// The question type of a screen that asks none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoQuestion {}
