//! Accounts: who a login is, logging in with lockout, one-time passwords, and the
//! administrator's user management. Passwords never reach the audit or a message.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

use super::audit::{AuditEntry, record};
use super::{Result, Store, StoreError, fmt_time};
use crate::domain::accounts::{Lockout, check_password, is_locked, one_time_password};
use crate::domain::names::FullName;
use crate::domain::policy::{Actor, may_administer};
use crate::domain::roles::Role;
use crate::tr;

/// A successful login.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub actor: Actor,
    /// Logged in with a one-time password: a new one must be chosen first.
    pub must_change_password: bool,
}

/// Why a login did not succeed.
#[derive(Debug)]
pub enum LoginError {
    /// Wrong login or password; the failures in a row so far (for slowing down).
    Wrong {
        failures: i64,
    },
    Locked {
        until: NaiveDateTime,
    },
    Disabled,
    Store(StoreError),
}

impl std::fmt::Display for LoginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            LoginError::Wrong { .. } => tr!("неверный логин или пароль", "wrong login or password"),
            LoginError::Locked { until } => {
                let t = until.format("%H:%M");
                tr!(
                    "слишком много неудачных попыток: вход закрыт до {}",
                    "too many failed attempts: login closed until {}",
                    t
                )
            }
            LoginError::Disabled => tr!(
                "учётная запись отключена; обратитесь к администратору",
                "the account is disabled; ask the administrator"
            ),
            LoginError::Store(e) => e.to_string(),
        };
        f.write_str(&s)
    }
}

impl From<StoreError> for LoginError {
    fn from(e: StoreError) -> Self {
        LoginError::Store(e)
    }
}

impl From<rusqlite::Error> for LoginError {
    fn from(e: rusqlite::Error) -> Self {
        LoginError::Store(e.into())
    }
}

/// A user as the administrator's list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRow {
    pub login: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub must_change: bool,
    pub locked: bool,
}

/// A new account.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewUser {
    pub login: String,
    pub name: FullName,
    pub roles: Vec<Role>,
    /// For a student account: the student.
    pub student_id: Option<i64>,
}

/// Who a login is.
struct UserKey {
    id: i64,
    login: String,
    staff_id: Option<i64>,
    student_id: Option<i64>,
    active: bool,
}

/// What logging in checks.
struct Credentials {
    id: i64,
    hash: Option<String>,
    active: bool,
    failures: i64,
    locked_until: Option<String>,
    must_change: bool,
}

pub(crate) fn parse_time(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok()
}

impl Store {
    /// The user behind a login, with roles, classes and children; refuses unknown and
    /// deactivated logins.
    pub fn actor(&self, login: &str) -> Result<Actor> {
        let row = self
            .row(
                "SELECT id, login, staff_id, student_id, active FROM users WHERE login = ?1",
                [login.trim()],
                |r| {
                    Ok(UserKey {
                        id: r.get(0)?,
                        login: r.get(1)?,
                        staff_id: r.get(2)?,
                        student_id: r.get(3)?,
                        active: r.get(4)?,
                    })
                },
            )
            .optional()?;
        let Some(UserKey {
            id,
            login,
            staff_id,
            student_id,
            active,
        }) = row
        else {
            return Err(StoreError::NotFound(tr!(
                "нет пользователя «{}»",
                "no user «{}»",
                login.trim()
            )));
        };
        if !active {
            return Err(StoreError::Invalid(tr!(
                "учётная запись «{}» отключена",
                "account «{}» is deactivated",
                login
            )));
        }
        let ids = |sql: &str| -> Result<Vec<i64>> {
            let mut st = self.conn.prepare_cached(sql)?;
            let v = st
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            Ok(v)
        };
        let mut roles: Vec<Role> = {
            let mut st = self
                .conn
                .prepare_cached("SELECT role FROM user_role WHERE user_id = ?1")?;
            st.query_map([id], |r| r.get::<_, String>(0))?
                .filter_map(|r| r.ok().and_then(|s| Role::parse(&s)))
                .collect()
        };
        let homeroom = ids(
            "SELECT c.id FROM class c JOIN school_year y ON y.id = c.year_id JOIN users u ON u.staff_id = c.teacher_id
             WHERE u.id = ?1 AND y.closed = 0",
        )?;
        // The class a user leads makes them its class teacher, whatever the role list says.
        roles.retain(|r| *r != Role::ClassTeacher);
        if !homeroom.is_empty() {
            roles.push(Role::ClassTeacher);
        }
        let children = ids("SELECT student_id FROM parent_child WHERE user_id = ?1")?;
        Ok(Actor {
            user_id: Some(id),
            login,
            staff_id,
            roles,
            homeroom,
            children,
            student_id,
        })
    }

    fn lockout(&self) -> Result<Lockout> {
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
        let via = remote.map(|from| format!("ssh {from}"));
        let now = self.now();
        let at = fmt_time(now);
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
        let audit = |store: &mut Store, user_id: Option<i64>, action: &str| -> Result<()> {
            if read_only {
                return Ok(());
            }
            store.write(|tx| {
                tx.execute(
                    "INSERT INTO audit (at, user_id, actor, action, entity, new_value) VALUES (?1, ?2, ?3, ?4, 'session', ?5)",
                    params![at, user_id, login, action, via],
                )?;
                Ok(())
            })
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
            audit(self, None, "login_failed")?;
            return Err(LoginError::Wrong { failures: 1 });
        };
        let locked_until = locked_until.as_deref().and_then(parse_time);
        if remote.is_none() && is_locked(locked_until, now) {
            audit(self, Some(id), "login_locked")?;
            return Err(LoginError::Locked {
                until: locked_until.unwrap_or(now),
            });
        }
        if !active {
            audit(self, Some(id), "login_disabled")?;
            return Err(LoginError::Disabled);
        }
        let ok = hash
            .as_deref()
            .is_some_and(|h| crate::auth::verify_password(password, h));
        if !ok && read_only {
            return Err(LoginError::Wrong { failures: 1 });
        }
        if !ok && remote.is_some() {
            audit(self, Some(id), "login_failed")?;
            return Err(LoginError::Wrong { failures: 1 });
        }
        if !ok {
            let (count, lock) = lockout.after_failure(failures, now);
            self.write(|tx| {
                tx.execute(
                    "UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1",
                    params![id, count, lock.map(fmt_time)],
                )?;
                tx.execute(
                    "INSERT INTO audit (at, user_id, actor, action, entity, new_value) VALUES (?1, ?2, ?3, ?4, 'session', ?5)",
                    params![
                        at,
                        id,
                        login,
                        if lock.is_some() { "login_failed_locked" } else { "login_failed" },
                        lock.map(fmt_time)
                    ],
                )?;
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
            tx.execute(
                "INSERT INTO audit (at, user_id, actor, action, entity, new_value) VALUES (?1, ?2, ?3, 'login', 'session', ?4)",
                params![at, id, login, via],
            )?;
            Ok(())
        })?;
        Ok(Session {
            actor: self.actor(login)?,
            must_change_password: must_change,
        })
    }

    /// Records the end of a session.
    pub fn logout(&mut self, actor: &Actor) -> Result<()> {
        let at = fmt_time(self.now());
        self.write(|tx| {
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "logout",
                    entity: "session",
                    ..Default::default()
                },
            )
        })
    }

    /// The user chooses a new password (after a one-time one, or at will).
    pub fn change_password(&mut self, actor: &Actor, new_password: &str) -> Result<()> {
        check_password(new_password, &actor.login).map_err(StoreError::Invalid)?;
        let Some(id) = actor.user_id else {
            return Err(StoreError::Invalid(tr!("нет учётной записи", "no account")));
        };
        if let Some(old) = self.row("SELECT password_hash FROM users WHERE id = ?1", [id], |r| {
            r.get::<_, Option<String>>(0)
        })? && crate::auth::verify_password(new_password, &old)
        {
            return Err(StoreError::Invalid(tr!(
                "новый пароль должен отличаться от прежнего",
                "the new password must differ from the old one"
            )));
        }
        let hash = crate::auth::hash_password(new_password).map_err(StoreError::Invalid)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            tx.execute(
                "UPDATE users SET password_hash = ?1, must_change = 0 WHERE id = ?2",
                params![hash, id],
            )?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "password_changed",
                    entity: "user",
                    entity_id: Some(id),
                    ..Default::default()
                },
            )
        })
    }

    pub(crate) fn user_id(&self, login: &str) -> Result<i64> {
        self.row(
            "SELECT id FROM users WHERE login = ?1",
            [login.trim()],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| {
            StoreError::NotFound(tr!("нет пользователя «{}»", "no user «{}»", login.trim()))
        })
    }

    /// Creates an account; returns its one-time password, to be shown once.
    pub fn add_user(&mut self, actor: &Actor, user: &NewUser) -> Result<String> {
        may_administer(actor)?;
        let login = user.login.trim();
        if login.is_empty() || login.chars().any(char::is_whitespace) {
            return Err(StoreError::Invalid(tr!(
                "логин «{}»: без пробелов и не пустой",
                "login «{}»: no spaces, not empty",
                login
            )));
        }
        if user.roles.is_empty() {
            return Err(StoreError::Invalid(tr!(
                "укажите хотя бы одну роль",
                "give at least one role"
            )));
        }
        if user.name.last.is_empty() {
            return Err(StoreError::Invalid(tr!(
                "укажите фамилию и имя",
                "give the last and first name"
            )));
        }
        let staff = user.roles.iter().any(|r| {
            matches!(
                r,
                Role::Admin | Role::Director | Role::Deputy | Role::Teacher | Role::ClassTeacher
            )
        });
        if user.roles.contains(&Role::Student) && user.student_id.is_none() {
            return Err(StoreError::Invalid(tr!(
                "учётной записи ученика нужен ученик (--student)",
                "a student account needs its student (--student)"
            )));
        }
        let otp = one_time_password();
        let hash = crate::auth::hash_password(&otp).map_err(StoreError::Invalid)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            let taken: Option<i64> = tx
                .query_row("SELECT id FROM users WHERE login = ?1", [login], |r| r.get(0))
                .optional()?;
            if taken.is_some() {
                return Err(StoreError::Invalid(tr!("логин «{}» уже занят", "login «{}» is taken", login)));
            }
            let staff_id = if staff {
                tx.execute(
                    "INSERT INTO staff (last_name, first_name, patronymic) VALUES (?1, ?2, ?3)",
                    params![user.name.last, user.name.first, user.name.patronymic],
                )?;
                Some(tx.last_insert_rowid())
            } else {
                None
            };
            tx.execute(
                "INSERT INTO users (login, password_hash, staff_id, student_id, display_name, must_change, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
                params![login, hash, staff_id, user.student_id, user.name.initials(), at],
            )?;
            let id = tx.last_insert_rowid();
            for r in &user.roles {
                tx.execute(
                    "INSERT OR IGNORE INTO user_role (user_id, role) VALUES (?1, ?2)",
                    params![id, r.as_str()],
                )?;
            }
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "create",
                    entity: "user",
                    entity_id: Some(id),
                    new: Some(format!(
                        "{login} {} [{}]",
                        user.name.full(),
                        user.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" ")
                    )),
                    ..Default::default()
                },
            )
        })?;
        Ok(otp)
    }

    /// Gives an account a new one-time password (and lifts a lock); returns it.
    pub fn reset_password(&mut self, actor: &Actor, login: &str) -> Result<String> {
        may_administer(actor)?;
        let id = self.user_id(login)?;
        let otp = one_time_password();
        let hash = crate::auth::hash_password(&otp).map_err(StoreError::Invalid)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            tx.execute(
                "UPDATE users SET password_hash = ?1, must_change = 1, failed_logins = 0, locked_until = NULL WHERE id = ?2",
                params![hash, id],
            )?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "password_reset",
                    entity: "user",
                    entity_id: Some(id),
                    ..Default::default()
                },
            )
        })?;
        Ok(otp)
    }

    /// Deactivates or reactivates an account. A deactivated user's history stays.
    pub fn set_user_active(&mut self, actor: &Actor, login: &str, active: bool) -> Result<()> {
        may_administer(actor)?;
        if actor.login.eq_ignore_ascii_case(login.trim()) && !active {
            return Err(StoreError::Invalid(tr!(
                "нельзя отключить собственную учётную запись",
                "you cannot disable your own account"
            )));
        }
        let id = self.user_id(login)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            tx.execute(
                "UPDATE users SET active = ?1 WHERE id = ?2",
                params![active, id],
            )?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: if active { "enable" } else { "disable" },
                    entity: "user",
                    entity_id: Some(id),
                    ..Default::default()
                },
            )
        })
    }

    /// Replaces an account's roles.
    pub fn set_user_roles(&mut self, actor: &Actor, login: &str, roles: &[Role]) -> Result<()> {
        may_administer(actor)?;
        if roles.is_empty() {
            return Err(StoreError::Invalid(tr!(
                "укажите хотя бы одну роль",
                "give at least one role"
            )));
        }
        let id = self.user_id(login)?;
        let old = self.user_roles(id)?;
        let at = fmt_time(self.now());
        let text = |rs: &[Role]| rs.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" ");
        self.write(|tx| {
            tx.execute("DELETE FROM user_role WHERE user_id = ?1", [id])?;
            for r in roles {
                tx.execute(
                    "INSERT OR IGNORE INTO user_role (user_id, role) VALUES (?1, ?2)",
                    params![id, r.as_str()],
                )?;
            }
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "roles",
                    entity: "user",
                    entity_id: Some(id),
                    old: Some(text(&old)),
                    new: Some(text(roles)),
                    ..Default::default()
                },
            )
        })
    }

    fn user_roles(&self, id: i64) -> Result<Vec<Role>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT role FROM user_role WHERE user_id = ?1 ORDER BY role")?;
        let roles = st
            .query_map([id], |r| r.get::<_, String>(0))?
            .filter_map(|r| r.ok().and_then(|s| Role::parse(&s)))
            .collect();
        Ok(roles)
    }

    /// Every account, by login.
    pub fn users(&self, actor: &Actor) -> Result<Vec<UserRow>> {
        may_administer(actor)?;
        let now = self.now();
        let mut st = self.conn.prepare(
            "SELECT id, login, display_name, active, must_change, locked_until FROM users ORDER BY login",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, bool>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, login, name, active, must_change, locked)| {
                Ok(UserRow {
                    login,
                    name,
                    roles: self.user_roles(id)?,
                    active,
                    must_change,
                    locked: is_locked(locked.as_deref().and_then(parse_time), now),
                })
            })
            .collect()
    }

    /// Makes a user a parent of a student.
    pub fn link_parent(
        &mut self,
        actor: &Actor,
        parent_login: &str,
        student_id: i64,
    ) -> Result<()> {
        may_administer(actor)?;
        let id = self.user_id(parent_login)?;
        let name = self.student_name(student_id)?.full();
        let at = fmt_time(self.now());
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO user_role (user_id, role) VALUES (?1, 'parent')",
                [id],
            )?;
            let n = tx.execute(
                "INSERT OR IGNORE INTO parent_child (user_id, student_id) VALUES (?1, ?2)",
                params![id, student_id],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(tr!(
                    "{} уже связан(а) с «{}»",
                    "{} is already linked to «{}»",
                    name,
                    parent_login
                )));
            }
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "link_parent",
                    entity: "user",
                    entity_id: Some(id),
                    student_id: Some(student_id),
                    new: Some(name.clone()),
                    ..Default::default()
                },
            )
        })
    }
}
