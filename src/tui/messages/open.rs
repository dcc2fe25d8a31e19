//! Where the messages screens lead: the list's tabs, the screens they open, the
//! question they ask.

use crate::tui::overlay::effect;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tab {
    Threads,
    Announcements,
    Week,
}

impl Tab {
    pub fn next(self, forward: bool) -> Tab {
        let all = [Tab::Threads, Tab::Announcements, Tab::Week];
        let i = all.iter().position(|t| *t == self).unwrap_or(0);
        all[(i + if forward { 1 } else { 2 }) % 3]
    }
}

/// Where the messages screens may send the user (`Back` from the list: where the user
/// starts).
#[derive(Debug, Clone, Copy)]
pub enum Open {
    /// The list on a tab.
    Tab(Tab),
    /// One conversation, read.
    Thread(i64),
    /// A new message: whom to first.
    Compose,
}

/// What the messages screens ask before they act.
#[derive(Debug, Clone, Copy)]
pub enum Question {
    /// Leave a message not sent.
    DropMessage,
}

/// What the messages screens ask of the app.
pub type Effect = effect::Effect<Open, Question>;
