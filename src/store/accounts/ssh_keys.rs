//! SSH public keys of accounts: a user (or the administrator for them) registers a
//! key, and `zhurnal serve` lets its holder in without a password.

use crate::domain::text::{self, Field};
use rusqlite::{OptionalExtension, params};

use super::login::{LoginError, Session};
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::UserId;
use crate::domain::policy::{Actor, may_administer};
use crate::store::audit::{AuditEntry, record_session};
use crate::store::{Result, Store, StoreError};
use crate::tr;

/// A registered key, as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct UserKey {
    pub id: i64,
    pub key: String,
    pub comment: String,
    pub added_at: String,
}

/// A key line as `authorized_keys` holds it: «algorithm base64 [comment]». Returns the
/// key without the comment, and the comment.
pub fn split_key_line(line: &str) -> Result<(String, String)> {
    let mut parts = line.split_whitespace();
    let (Some(alg), Some(data)) = (parts.next(), parts.next()) else {
        return Err(StoreError::Invalid(tr!(
            "это не открытый ключ SSH: ожидается строка вида «ssh-ed25519 AAAA… комментарий»",
            "not an SSH public key: expected a line like «ssh-ed25519 AAAA… comment»"
        )));
    };
    let known = alg.starts_with("ssh-") || alg.starts_with("ecdsa-sha2-") || alg.starts_with("sk-");
    let base64 = data
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b));
    if !known || !base64 || data.len() < 16 {
        return Err(StoreError::Invalid(tr!(
            "«{}…» — не открытый ключ SSH (ssh-ed25519, ssh-rsa, ecdsa-sha2-…)",
            "«{}…» is not an SSH public key (ssh-ed25519, ssh-rsa, ecdsa-sha2-…)",
            line.chars().take(20).collect::<String>()
        )));
    }
    let comment = parts.collect::<Vec<_>>().join(" ");
    Ok((format!("{alg} {data}"), comment))
}

impl Store {
    /// Users manage their own keys; the administrator anyone's.
    fn may_manage_keys(actor: &Actor, login: &str) -> Result<()> {
        if actor.login.eq_ignore_ascii_case(login.trim()) {
            return Ok(());
        }
        Ok(may_administer(actor)?)
    }

    /// Registers a public key (an `authorized_keys` line) for an account.
    pub fn add_user_key(&mut self, actor: &Actor, login: &str, line: &str) -> Result<()> {
        Self::may_manage_keys(actor, login)?;
        let user_id = self.user_id(login)?;
        let (key, comment) = split_key_line(line)?;
        crate::domain::text::check(crate::domain::text::Field::Other, &comment)?;
        let taken: Option<String> = self
            .row(
                "SELECT u.login FROM user_key k JOIN users u ON u.id = k.user_id WHERE k.key = ?1",
                [&key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(owner) = taken {
            return Err(StoreError::Invalid(tr!(
                "этот ключ уже зарегистрирован (у «{}»)",
                "this key is already registered (to «{}»)",
                owner
            )));
        }
        self.change(actor, |tx| {
            tx.execute(
                "INSERT INTO user_key (user_id, key, comment, added_at) VALUES (?1, ?2, ?3, ?4)",
                params![user_id, key, comment, tx.at()],
            )?;
            let id = tx.last_insert_rowid();
            tx.log(&AuditEntry {
                entity_id: Some(id),
                new: Some(format!("{} {comment}", login.trim())),
                ..AuditEntry::new(Action::Create, Entity::UserKey)
            })
        })
    }

    /// An account's keys.
    pub fn user_keys(&self, actor: &Actor, login: &str) -> Result<Vec<UserKey>> {
        Self::may_manage_keys(actor, login)?;
        let user_id = self.user_id(login)?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, key, comment, added_at FROM user_key WHERE user_id = ?1 ORDER BY id",
        )?;
        let rows = st
            .query_map([user_id], |r| {
                Ok(UserKey {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    comment: r.get(2)?,
                    added_at: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Removes one of an account's keys.
    pub fn remove_user_key(&mut self, actor: &Actor, login: &str, id: i64) -> Result<()> {
        Self::may_manage_keys(actor, login)?;
        let user_id = self.user_id(login)?;
        self.change(actor, |tx| {
            let old: Option<String> = tx
                .query_row(
                    "SELECT key FROM user_key WHERE id = ?1 AND user_id = ?2",
                    params![id, user_id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(old) = old else {
                return Err(StoreError::NotFound(tr!(
                    "у «{}» нет ключа {}",
                    "«{}» has no key {}",
                    login.trim(),
                    id
                )));
            };
            tx.execute("DELETE FROM user_key WHERE id = ?1", [id])?;
            tx.log(&AuditEntry {
                entity_id: Some(id),
                old: Some(old),
                ..AuditEntry::new(Action::Delete, Entity::UserKey)
            })
        })
    }

    /// Whether `key` («algorithm base64») is registered to an active `login`: asked
    /// before the client proves it holds the key.
    pub fn key_registered(&self, login: &str, key: &str) -> Result<bool> {
        Ok(self.row(
            "SELECT count(*) FROM user_key k JOIN users u ON u.id = k.user_id
                 WHERE u.login = ?1 AND k.key = ?2 AND u.active = 1",
            params![login.trim(), key],
            |r| r.get::<_, i64>(0),
        )? > 0)
    }

    /// Whether a key offered over SSH from `from` may log in as `login`; a refusal (an
    /// unknown key or login, a disabled account) is audited when `record` (the server
    /// records one a connection: a client offers each of its keys in turn). A name no
    /// account can have is refused unread.
    pub fn key_offered(
        &mut self,
        login: &str,
        key: &str,
        from: &str,
        record: bool,
    ) -> Result<bool> {
        let login = login.trim();
        if text::check(Field::Login, login).is_err() {
            return Ok(false);
        }
        if self.key_registered(login, key)? {
            return Ok(true);
        }
        if !record || self.read_only().is_some() {
            return Ok(false);
        }
        let row: Option<(UserId, bool)> = self
            .row(
                "SELECT id, active FROM users WHERE login = ?1",
                [login],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (user_id, action) = match row {
            Some((id, false)) => (Some(id), Action::LoginDisabled),
            Some((id, true)) => (Some(id), Action::KeyRefused),
            None => (None, Action::KeyRefused),
        };
        let at = self.stamp();
        let how = format!("ssh key {from}");
        self.write(|tx| record_session(tx, user_id, login, &at, action, Some(how)))?;
        Ok(false)
    }

    /// Logs in the holder of a registered key (the SSH server has checked the
    /// signature); deactivated accounts stay out, while a password lockout does not
    /// refuse a key. Audited like a password login.
    pub fn authenticate_key(
        &mut self,
        login: &str,
        key: &str,
    ) -> std::result::Result<Session, LoginError> {
        let login = login.trim();
        if text::check(Field::Login, login).is_err() {
            return Err(LoginError::Wrong { failures: 1 });
        }
        let at = self.stamp();
        let row: Option<(UserId, bool)> = self
            .row(
                "SELECT u.id, u.active FROM user_key k
                 JOIN users u ON u.id = k.user_id WHERE u.login = ?1 AND k.key = ?2",
                params![login, key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((id, active)) = row else {
            return Err(LoginError::Wrong { failures: 1 });
        };
        // A lockout is about guessed passwords: it never refuses a registered key.
        if !active {
            return Err(LoginError::Disabled);
        }
        self.write(|tx| {
            record_session(
                tx,
                Some(id),
                login,
                &at,
                Action::Login,
                Some("ssh key".to_string()),
            )
        })?;
        Ok(Session {
            actor: self.actor(login)?,
            must_change_password: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_split_into_key_and_comment() {
        let (k, c) = split_key_line("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKf0 teacher@school pc")
            .expect("a key");
        assert_eq!(k, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKf0");
        assert_eq!(c, "teacher@school pc");
        for bad in [
            "",
            "ssh-ed25519",
            "hello world",
            "ssh-rsa not*base64!!!!!!!!!!!",
        ] {
            assert!(split_key_line(bad).is_err(), "{bad}");
        }
    }
}
