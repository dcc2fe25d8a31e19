//! `zhurnal work-type …`: the school's work types and their weights.

use clap::{Args, Subcommand};

use super::{Context, Outcome};
use crate::tr;

#[derive(Debug, Args)]
pub struct WorkTypeArgs {
    #[command(subcommand)]
    pub what: WorkTypeCommand,
}

#[derive(Debug, Subcommand)]
pub enum WorkTypeCommand {
    /// Every work type with its weight and how many marks use it.
    List,
    /// Add a work type.
    Add {
        name: String,
        short: String,
        weight: f64,
    },
    /// Change a work type (found by its short code).
    Edit {
        short: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long = "short")]
        new_short: Option<String>,
        #[arg(long)]
        weight: Option<f64>,
    },
    /// Switch a work type off (marks keep it).
    Disable {
        short: String,
    },
    Enable {
        short: String,
    },
}

pub fn run(ctx: &Context, a: WorkTypeArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let e = |e: crate::store::StoreError| e.to_string();
    let find = |store: &crate::store::Store, short: &str| {
        store
            .work_type_list()
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|w| w.row.short == short.trim())
            .ok_or_else(|| tr!("нет вида работы «{}»", "no work type «{}»", short.trim()))
    };
    match a.what {
        WorkTypeCommand::List => {
            for w in store.work_type_list().map_err(e)? {
                say!(
                    "{:<5} {:<28} {:>4} {:>7} {}",
                    w.row.short,
                    w.row.name,
                    w.row.weight,
                    w.marks,
                    if w.active { "" } else { "off" }
                );
            }
        }
        WorkTypeCommand::Add {
            name,
            short,
            weight,
        } => {
            store
                .add_work_type(&actor, &name, &short, weight)
                .map_err(e)?;
            say!(
                "{}",
                tr!("добавлен вид работы «{}»", "work type «{}» added", name)
            );
        }
        WorkTypeCommand::Edit {
            short,
            name,
            new_short,
            weight,
        } => {
            let w = find(&store, &short)?;
            store
                .edit_work_type(
                    &actor,
                    w.row.id,
                    name.as_deref().unwrap_or(&w.row.name),
                    new_short.as_deref().unwrap_or(&w.row.short),
                    weight.unwrap_or(w.row.weight),
                )
                .map_err(e)?;
            say!(
                "{}",
                tr!(
                    "вид работы «{}» изменён",
                    "work type «{}» changed",
                    w.row.name
                )
            );
        }
        WorkTypeCommand::Disable { short } | WorkTypeCommand::Enable { short } => {
            let w = find(&store, &short)?;
            let on = !w.active;
            store
                .set_work_type_active(&actor, w.row.id, on)
                .map_err(e)?;
            say!("{} {}", w.row.name, if on { "on" } else { "off" });
        }
    }
    Ok(())
}
