//! Messages and announcements: the conversations list, the announcements, the week's
//! events (`list.rs`), one conversation with its read receipts (`thread.rs`), and
//! writing a new message (`compose.rs`); what they draw alike is in `lines.rs`, where they lead in `open.rs`.

mod compose;
mod lines;
mod list;
mod open;
mod thread;

pub use compose::{ComposeState, render_compose};
pub use list::{MessagesState, render};
pub use open::{Effect, Open, Question, Tab};
pub use thread::{ThreadState, render_thread, thread_bottom};
