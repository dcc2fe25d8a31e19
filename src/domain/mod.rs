//! The journal's rules: plain Rust, no terminal and no SQL.

pub mod accounts;
pub mod announce;
pub mod assessed;
pub mod assessment;
pub mod attendance;
pub mod audit;
pub mod bells;
pub mod calendar;
pub mod calendar_edit;
pub mod class_name;
pub mod enrollment;
pub mod error;
pub mod grading;
pub mod ids;
pub mod lessons;
pub mod lock;
pub mod marks;
pub mod messages;
pub mod names;
pub mod plan;
pub mod policy;
pub mod production;
pub mod reports;
pub mod risks;
pub mod roles;
pub mod rules;
pub mod text;
pub mod timetable;
pub mod year;

pub use error::RuleError;
