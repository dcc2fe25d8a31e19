//! Keys: key strings, the two keyboard layouts, and the keymaps that turn a key press
//! into an [`Action`].

pub mod action;
pub mod keymap;
pub mod layout;
pub mod spec;

pub use action::Action;
pub use keymap::{Keymap, Mode, Resolved};
pub use layout::mirror;
pub use spec::{KeyChord, KeySeq, parse_seq};
