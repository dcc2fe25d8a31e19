//! The screens that stand alone: logging in, a teacher's day, the unfilled lessons.

pub mod exams;
pub mod families;
pub mod gaps;
pub mod login;
pub mod today;
pub mod weekly;

pub use login::{LoginState, NewPasswordState, render_login, render_new_password};
pub use today::{TodayState, render_news, render_today};
