//! zhurnal: an electronic class journal for Russian schools, in the terminal.

pub mod auth;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod files;
pub mod i18n;
pub mod import;
pub mod keys;
pub mod report;
pub(crate) mod serve;
pub mod store;
pub mod theme;
pub mod tui;
