//! Passwords: a user's own change, the administrator's one-time password, and the
//! hashes set directly (the demo school). A password never reaches the audit.

use rusqlite::{OptionalExtension, params};

use crate::domain::accounts::{
    PasswordError, check_new_password, check_password, one_time_password,
};
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::UserId;
use crate::domain::policy::{Actor, may_administer};
use crate::store::audit::AuditEntry;
use crate::store::{Result, Store, StoreError};
use crate::tr;

impl Store {
    /// A user's own password, changed knowing the current one: the new one typed twice;
    /// a refusal names the rule it breaks.
    pub fn change_own_password(
        &mut self,
        actor: &Actor,
        current: &str,
        new_password: &str,
        again: &str,
    ) -> Result<()> {
        let Some(id) = actor.user_id else {
            return Err(StoreError::Invalid(tr!("нет учётной записи", "no account")));
        };
        let hash = self.row("SELECT password_hash FROM users WHERE id = ?1", [id], |r| {
            r.get::<_, Option<String>>(0)
        })?;
        if !hash.is_some_and(|h| crate::auth::verify_password(current, &h)) {
            // Someone may be guessing at an unattended session: a wrong current password
            // counts as a wrong login does, and closes the account as often.
            let failures: i64 =
                self.row("SELECT failed_logins FROM users WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            let (count, lock) = self.lockout()?.after_failure(failures, self.now());
            self.change(actor, |tx| {
                tx.execute(
                    "UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1",
                    params![id, count, lock.map(crate::store::fmt_time)],
                )?;
                tx.log(&AuditEntry {
                    entity_id: Some(id.0),
                    new: Some(
                        tr!(
                            "смена пароля: неверный текущий пароль",
                            "password change: wrong current password"
                        )
                        .to_string(),
                    ),
                    ..AuditEntry::new(
                        if lock.is_some() {
                            Action::LoginFailedLocked
                        } else {
                            Action::LoginFailed
                        },
                        Entity::User,
                    )
                })
            })?;
            return Err(match lock {
                Some(until) => PasswordError::LockedOut { until },
                None => PasswordError::WrongCurrent,
            }
            .into());
        }
        check_new_password(new_password, again, &actor.login)?;
        self.change_password(actor, new_password)
    }

    /// Sets the user's new password (after a one-time one, or from
    /// [`Store::change_own_password`]); a refusal names the rule it breaks.
    pub fn change_password(&mut self, actor: &Actor, new_password: &str) -> Result<()> {
        check_password(new_password, &actor.login)?;
        let Some(id) = actor.user_id else {
            return Err(StoreError::Invalid(tr!("нет учётной записи", "no account")));
        };
        if let Some(old) = self.row("SELECT password_hash FROM users WHERE id = ?1", [id], |r| {
            r.get::<_, Option<String>>(0)
        })? && crate::auth::verify_password(new_password, &old)
        {
            return Err(PasswordError::SameAsOld.into());
        }
        let hash = crate::auth::hash_password(new_password).map_err(StoreError::Invalid)?;
        self.change(actor, |tx| {
            tx.execute(
                "UPDATE users SET password_hash = ?1, must_change = 0 WHERE id = ?2",
                params![hash, id],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(id.0),
                ..AuditEntry::new(Action::PasswordChanged, Entity::User)
            })
        })
    }

    pub fn reset_password(&mut self, actor: &Actor, login: &str) -> Result<String> {
        may_administer(actor)?;
        let id = self.user_id(login)?;
        let otp = one_time_password();
        let hash = crate::auth::hash_password(&otp).map_err(StoreError::Invalid)?;
        self.change(actor, |tx| {
            tx.execute(
                "UPDATE users SET password_hash = ?1, must_change = 1, failed_logins = 0, locked_until = NULL WHERE id = ?2",
                params![hash, id],
            )?;
            tx.log(&AuditEntry {
                    entity_id: Some(id.0),
                    ..AuditEntry::new(Action::PasswordReset, Entity::User)
                })
        })?;
        Ok(otp)
    }

    /// Sets a user's password hash (an argon2id PHC string).
    pub fn set_password_hash(&mut self, actor: &Actor, login: &str, hash: &str) -> Result<()> {
        may_administer(actor)?;
        self.change(actor, |tx| {
            let id: Option<UserId> = tx
                .query_row("SELECT id FROM users WHERE login = ?1", [login], |r| {
                    r.get(0)
                })
                .optional()?;
            let id = id.ok_or_else(|| {
                StoreError::NotFound(tr!("нет пользователя «{}»", "no user «{}»", login))
            })?;
            tx.execute(
                "UPDATE users SET password_hash = ?1, must_change = 0 WHERE id = ?2",
                params![hash, id],
            )?;
            // The audit names the change, never the password or its hash.
            tx.log(&AuditEntry {
                entity_id: Some(id.0),
                ..AuditEntry::new(Action::PasswordSet, Entity::User)
            })
        })
    }

    /// Sets the same password hash for every account at once (the demo school).
    pub fn set_all_password_hashes(&mut self, actor: &Actor, hash: &str) -> Result<usize> {
        may_administer(actor)?;
        self.change(actor, |tx| {
            let n = tx.execute(
                "UPDATE users SET password_hash = ?1, must_change = 0",
                [hash],
            )?;
            tx.log(&AuditEntry {
                new: Some(n.to_string()),
                ..AuditEntry::new(Action::PasswordSetAll, Entity::User)
            })?;
            Ok(n)
        })
    }

    pub fn password_hash(&self, login: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT password_hash FROM users WHERE login = ?1 AND active = 1",
                [login.trim()],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }
}
