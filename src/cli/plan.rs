//! `zhurnal plan …`.

use clap::Args;

use super::{Context, Outcome};

#[derive(Debug, Args)]
pub struct PlanArgs {}

pub fn run(_ctx: &Context, _a: PlanArgs) -> Outcome {
    Err("not yet".into())
}
