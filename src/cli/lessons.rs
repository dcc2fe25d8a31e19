//! `zhurnal substitute`, `zhurnal lesson …`, `zhurnal gaps`.

use clap::Args;

use super::{Context, Outcome};

#[derive(Debug, Args)]
pub struct SubstituteArgs {}

#[derive(Debug, Args)]
pub struct LessonArgs {}

#[derive(Debug, Args)]
pub struct GapsArgs {}

pub fn substitute(_ctx: &Context, _a: SubstituteArgs) -> Outcome {
    Err("not yet".into())
}

pub fn lesson(_ctx: &Context, _a: LessonArgs) -> Outcome {
    Err("not yet".into())
}

pub fn gaps(_ctx: &Context, _a: GapsArgs) -> Outcome {
    Err("not yet".into())
}
