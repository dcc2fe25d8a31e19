//! The integration tests, one binary: a module per area. The end-to-end suites that
//! drive the release binary in tmux and the SSH server stay apart (`tests/e2e_tmux.rs`,
//! `tests/serve_ssh.rs`).

// Tests and benchmarks stop at the first thing that is not as it should be.
#![allow(clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod absences;
mod accounts;
mod admin_screens;
mod admin_tui;
mod announcements;
mod architecture;
mod assessments;
mod audit;
mod backup;
mod calendar;
mod calendar_edit;
mod class_screens;
mod cli_classes;
mod cli_entry;
mod cli_import;
mod cli_users;
mod colours;
mod concurrency;
mod crash;
mod demo;
mod entries_in_time;
mod exams_tui;
mod exports;
mod faults;
mod finals;
mod function_keys;
mod grading;
mod import_preview;
mod keymaps;
mod lessons;
mod lessons_tui;
mod litestream;
mod load;
mod messages;
mod messages_tui;
mod overview;
mod pane;
mod period_lock;
mod periods;
mod permissions;
mod plan;
mod plan_tui;
mod properties;
mod reports;
mod russian_screens;
mod screen_keys;
mod store_rules;
mod tui;
mod user_keys;
mod wide_tables;
mod work_types;
mod year_close;
