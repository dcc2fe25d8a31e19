//! Logging in: passwords checked with lockout after repeated failures, and the end of
//! a session. The audit records every attempt, never the password.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

use crate::domain::accounts::{Lockout, is_locked};
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::UserId;
use crate::domain::policy::Actor;
use crate::store::audit::{AuditEntry, record_session};
use crate::store::{Result, Store, StoreError, fmt_time};
use crate::tr;

/// A successful login.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub actor: Actor,
    /// Logged in with a one-time password: a new one must be chosen first.
    pub must_change_password: bool,
}

/// Why a login did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Wrong login or password; the failures in a row so far (for slowing down).
    #[error("{}", tr!("неверный логин или пароль", "wrong login or password"))]
    Wrong { failures: i64 },
    #[error("{}", tr!(
        "слишком много неудачных попыток: вход закрыт до {}",
        "too many failed attempts: login closed until {}",
        .until.format("%H:%M")))]
    Locked { until: NaiveDateTime },
    #[error("{}", tr!(
        "учётная запись отключена; обратитесь к администратору",
        "the account is disabled; ask the administrator"))]
    Disabled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for LoginError {
    fn from(e: rusqlite::Error) -> Self {
        LoginError::Store(e.into())
    }
}

/// What logging in checks.
struct Credentials {
    id: UserId,
    hash: Option<String>,
    active: bool,
    failures: i64,
    locked_until: Option<String>,
    must_change: bool,
}

/// A time as the store writes it.
pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok()
}

impl Store {
    pub(crate) fn lockout(&self) -> Result<Lockout> {
        let get = |k: &str| -> Result<Option<i64>> {
            Ok(self
                .row("SELECT value FROM setting WHERE key = ?1", [k], |r| {
                    r.get::<_, String>(0)
                })
                .optional()?
                .and_then(|v| v.parse().ok()))
        };
        let d = Lockout::default();
        Ok(Lockout {
            max_failures: get("lockout_failures")?.unwrap_or(d.max_failures),
            minutes: get("lockout_minutes")?.unwrap_or(d.minutes),
        })
    }

    /// Checks a login and password and records the attempt in the audit log (never the
    /// password). Five failures in a row (the school's setting) lock the account for a
    /// while; deactivated accounts and accounts without a password cannot log in.
    pub fn authenticate(
        &mut self,
        login: &str,
        password: &str,
    ) -> std::result::Result<Session, LoginError> {
        self.authenticate_via(login, password, None)
    }

    /// Checks a login and password that came over the network from `from`. The
    /// account's own lockout is the console's: it is neither applied nor counted here,
    /// since the server holds guesses back per account and address itself (a lockout
    /// caused from one address must not lock the owner out from elsewhere). The audit
    /// row names the address.
    pub fn authenticate_remote(
        &mut self,
        login: &str,
        password: &str,
        from: &str,
    ) -> std::result::Result<Session, LoginError> {
        self.authenticate_via(login, password, Some(from))
    }

    fn authenticate_via(
        &mut self,
        login: &str,
        password: &str,
        remote: Option<&str>,
    ) -> std::result::Result<Session, LoginError> {
        let login = login.trim();
        // A name no account can have (a control character, too long) is refused
        // unread: it is neither looked up nor written into the audit.
        if crate::domain::text::check(crate::domain::text::Field::Login, login).is_err() {
            return Err(LoginError::Wrong { failures: 1 });
        }
        let via = remote.map(|from| format!("ssh {from}"));
        let now = self.now();
        let at = self.stamp();
        let lockout = self.lockout()?;
        let row = self
            .row(
                "SELECT id, password_hash, active, failed_logins, locked_until, must_change FROM users WHERE login = ?1",
                [login],
                |r| {
                    Ok(Credentials {
                        id: r.get(0)?,
                        hash: r.get(1)?,
                        active: r.get(2)?,
                        failures: r.get(3)?,
                        locked_until: r.get(4)?,
                        must_change: r.get(5)?,
                    })
                },
            )
            .optional()?;
        // An archive opens read only: it records no logins and keeps no counters.
        let read_only = self.read_only().is_some();
        let audit = |store: &mut Store, user_id: Option<UserId>, action: Action| -> Result<()> {
            if read_only {
                return Ok(());
            }
            store.write(|tx| record_session(tx, user_id, login, &at, action, via.clone()))
        };
        let Some(Credentials {
            id,
            hash,
            active,
            failures,
            locked_until,
            must_change,
        }) = row
        else {
            audit(self, None, Action::LoginFailed)?;
            return Err(LoginError::Wrong { failures: 1 });
        };
        let locked_until = locked_until.as_deref().and_then(parse_time);
        if remote.is_none() && is_locked(locked_until, now) {
            audit(self, Some(id), Action::LoginLocked)?;
            return Err(LoginError::Locked {
                until: locked_until.unwrap_or(now),
            });
        }
        if !active {
            audit(self, Some(id), Action::LoginDisabled)?;
            return Err(LoginError::Disabled);
        }
        let ok = hash
            .as_deref()
            .is_some_and(|h| crate::auth::verify_password(password, h));
        if !ok && read_only {
            return Err(LoginError::Wrong { failures: 1 });
        }
        if !ok && remote.is_some() {
            audit(self, Some(id), Action::LoginFailed)?;
            return Err(LoginError::Wrong { failures: 1 });
        }
        if !ok {
            let (count, lock) = lockout.after_failure(failures, now);
            self.write(|tx| {
                tx.execute(
                    "UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1",
                    params![id, count, lock.map(fmt_time)],
                )?;
                let action = if lock.is_some() {
                    Action::LoginFailedLocked
                } else {
                    Action::LoginFailed
                };
                record_session(tx, Some(id), login, &at, action, lock.map(fmt_time))?;
                Ok(())
            })?;
            return match lock {
                Some(until) => Err(LoginError::Locked { until }),
                None => Err(LoginError::Wrong { failures: count }),
            };
        }
        if read_only {
            return Ok(Session {
                actor: self.actor(login)?,
                must_change_password: false,
            });
        }
        // A hash from an older version's parameters is replaced while the password is
        // at hand.
        let rehashed = hash
            .as_deref()
            .filter(|h| crate::auth::needs_rehash(h))
            .and_then(|_| crate::auth::hash_password(password).ok());
        self.write(|tx| {
            if remote.is_none() {
                tx.execute(
                    "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
                    [id],
                )?;
            }
            if let Some(h) = &rehashed {
                tx.execute(
                    "UPDATE users SET password_hash = ?2 WHERE id = ?1",
                    params![id, h],
                )?;
            }
            record_session(tx, Some(id), login, &at, Action::Login, via.clone())
        })?;
        Ok(Session {
            actor: self.actor(login)?,
            must_change_password: must_change,
        })
    }

    /// Records the end of a session.
    pub fn logout(&mut self, actor: &Actor) -> Result<()> {
        self.change(actor, |tx| {
            tx.log(&AuditEntry {
                ..AuditEntry::new(Action::Logout, Entity::Session)
            })
        })
    }
}
