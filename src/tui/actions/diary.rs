//! Where the diary sends the user: the family's messages; `Back` logs out (the keys:
//! `diary.rs`).

use crate::tui::actions::effect::Target;
use crate::tui::app::App;
use crate::tui::diary::Open;

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Inbox => app.open_inbox(),
        }
    }

    fn back(app: &mut App) {
        app.ask_logout();
    }
}
