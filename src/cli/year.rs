//! `zhurnal year close`.

use clap::Subcommand;

use super::{Context, Outcome};

#[derive(Debug, Subcommand)]
pub enum YearCommand {
    /// Close the current school year.
    Close,
}

pub fn run(_ctx: &Context, _what: YearCommand) -> Outcome {
    Err("not yet".into())
}
