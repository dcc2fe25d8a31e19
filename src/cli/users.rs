//! `zhurnal user …` and `zhurnal link-parent`: the administrator's account tools.

use crate::domain::text::shown;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Context, Outcome};
use crate::domain::names::FullName;
use crate::domain::roles::Role;
use crate::store::accounts::NewUser;
use crate::tr;

#[derive(Debug, Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub what: UserCommand,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; prints its one-time password once.
    Add {
        login: String,
        /// «Фамилия Имя Отчество».
        #[arg(long)]
        name: String,
        /// admin, director, deputy, teacher, parent, student (repeat for several).
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// For a student account: the student («7Б Фамилия Имя»).
        #[arg(long)]
        student: Option<String>,
    },
    /// Give an account a new one-time password (and lift a lock).
    Passwd { login: String },
    /// Deactivate an account; its history stays.
    Disable { login: String },
    /// Reactivate an account.
    Enable { login: String },
    /// Replace an account's roles.
    Roles {
        login: String,
        #[arg(required = true)]
        roles: Vec<String>,
    },
    /// Every account.
    List,
    /// SSH public keys that log an account in to `zhurnal serve`.
    Key {
        #[command(subcommand)]
        what: KeyCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Register a key: a line of `id_ed25519.pub` (FILE, or `-` for stdin).
    Add { login: String, file: PathBuf },
    /// An account's keys with their numbers.
    List { login: String },
    /// Remove a key by its number.
    Remove { login: String, id: i64 },
}

fn roles(list: &[String]) -> Result<Vec<Role>, String> {
    list.iter()
        .flat_map(|r| r.split(','))
        .filter(|r| !r.trim().is_empty())
        .map(|r| {
            Role::parse(r).ok_or_else(|| {
                tr!(
                    "неизвестная роль «{}»; допустимы admin, director, deputy, teacher, parent, student",
                    "unknown role «{}»; use admin, director, deputy, teacher, parent, student",
                    r.trim()
                )
            })
        })
        .collect()
}

pub fn run(ctx: &Context, a: UserArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    // Users may manage their own keys; the store checks whose they are.
    if let UserCommand::Key { what } = a.what {
        return keys(&mut store, &actor, what);
    }
    crate::domain::policy::may_administer(&actor).map_err(|e| e.to_string())?;
    let e = |e: crate::store::StoreError| e.to_string();
    match a.what {
        UserCommand::Add {
            login,
            name,
            roles: r,
            student,
        } => {
            let name = FullName::parse(&name);
            let student_id = match student {
                Some(s) => Some(store.find_student(&s).map_err(e)?.0),
                None => None,
            };
            let otp = store
                .add_user(
                    &actor,
                    &NewUser {
                        login: login.clone(),
                        name,
                        roles: roles(&r)?,
                        student_id,
                    },
                )
                .map_err(super::refusal)?;
            say!(
                "{}",
                tr!(
                    "Учётная запись «{}» создана. Одноразовый пароль (показывается один раз): {}",
                    "Account «{}» created. One-time password (shown once): {}",
                    login,
                    otp
                )
            );
        }
        UserCommand::Passwd { login } => {
            let otp = store.reset_password(&actor, &login).map_err(e)?;
            say!(
                "{}",
                tr!(
                    "Новый одноразовый пароль для «{}» (показывается один раз): {}",
                    "New one-time password for «{}» (shown once): {}",
                    login,
                    otp
                )
            );
        }
        UserCommand::Disable { login } => {
            store.set_user_active(&actor, &login, false).map_err(e)?;
            say!("{}", tr!("«{}» отключён(а)", "«{}» disabled", login));
        }
        UserCommand::Enable { login } => {
            store.set_user_active(&actor, &login, true).map_err(e)?;
            say!("{}", tr!("«{}» включён(а)", "«{}» enabled", login));
        }
        UserCommand::Roles { login, roles: r } => {
            store
                .set_user_roles(&actor, &login, &roles(&r)?)
                .map_err(e)?;
            say!(
                "{}",
                tr!("роли «{}» изменены", "roles of «{}» changed", login)
            );
        }
        UserCommand::List => {
            for u in store.users(&actor).map_err(e)? {
                let mut flags = Vec::new();
                if !u.active {
                    flags.push(tr!("отключён", "disabled"));
                }
                if u.locked {
                    flags.push(tr!("заблокирован", "locked"));
                }
                if u.must_change {
                    flags.push(tr!("одноразовый пароль", "one-time password"));
                }
                say!(
                    "{:<20} {:<24} {:<28} {}",
                    shown(&u.login),
                    shown(&u.name),
                    u.roles
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                    flags.join(", ")
                );
            }
        }
        UserCommand::Key { .. } => {}
    }
    Ok(())
}

fn keys(
    store: &mut crate::store::Store,
    actor: &crate::domain::policy::Actor,
    what: KeyCommand,
) -> Outcome {
    let e = |e: crate::store::StoreError| e.to_string();
    match what {
        KeyCommand::Add { login, file } => {
            let text = if file.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin()).map_err(|e| e.to_string())?
            } else {
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?
            };
            let line = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('#'))
                .unwrap_or("");
            store
                .add_user_key(actor, &login, line)
                .map_err(|err| format!("{}:1: {err}", file.display()))?;
            say!(
                "{}",
                tr!(
                    "ключ добавлен: «{}» может входить в zhurnal serve по нему",
                    "key added: «{}» can log in to zhurnal serve with it",
                    login
                )
            );
        }
        KeyCommand::List { login } => {
            for k in store.user_keys(actor, &login).map_err(e)? {
                let short: String = k.key.chars().take(40).collect();
                say!("{:>4}  {short}…  {}  {}", k.id, k.comment, k.added_at);
            }
        }
        KeyCommand::Remove { login, id } => {
            store.remove_user_key(actor, &login, id).map_err(e)?;
            say!("{}", tr!("ключ {} удалён", "key {} removed", id));
        }
    }
    Ok(())
}

/// `zhurnal link-parent PARENT STUDENT`.
pub fn link_parent(ctx: &Context, parent: &str, student: &str) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    crate::domain::policy::may_administer(&actor).map_err(|e| e.to_string())?;
    let (id, name) = store.find_student(student).map_err(|e| e.to_string())?;
    store
        .link_parent(&actor, parent, id)
        .map_err(|e| e.to_string())?;
    say!(
        "{}",
        tr!(
            "«{}» — родитель: {}",
            "«{}» is now a parent of {}",
            parent,
            name.full()
        )
    );
    Ok(())
}
