//! What each action does, screen by screen: `App::dispatch` sends every action here.

mod absences;
mod account;
mod admin;
mod diary;
mod effect;
mod exams;
mod families;
mod files;
mod gaps;
mod grid;
mod import;
mod messages;
mod overlay;
mod plan;
mod refresh;
mod report;
mod today;
