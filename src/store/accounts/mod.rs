//! Accounts: who a login is, and the administrator's user management (new accounts,
//! roles, deactivation, parents' links). Logging in, passwords and SSH keys have
//! files of their own.

pub mod family;
mod login;
mod passwords;
pub mod ssh_keys;

use crate::domain::text::{self, Field};
use rusqlite::{OptionalExtension, params};

use super::audit::AuditEntry;
use super::{Result, Store, StoreError};
use crate::domain::accounts::{is_locked, one_time_password};
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{ClassId, StaffId, StudentId, UserId};
use crate::domain::names::FullName;
use crate::domain::policy::{Actor, may_administer};
use crate::domain::roles::Role;
use crate::tr;
pub use login::{LoginError, Session, parse_time};

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
    pub student_id: Option<StudentId>,
}

/// Who a login is.
struct UserKey {
    id: UserId,
    login: String,
    staff_id: Option<StaffId>,
    student_id: Option<StudentId>,
    active: bool,
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
        )?
        .into_iter()
        .map(ClassId)
        .collect::<Vec<_>>();
        // The class a user leads makes them its class teacher, whatever the role list says.
        roles.retain(|r| *r != Role::ClassTeacher);
        if !homeroom.is_empty() {
            roles.push(Role::ClassTeacher);
        }
        let children = ids("SELECT student_id FROM parent_child WHERE user_id = ?1")?
            .into_iter()
            .map(StudentId)
            .collect();
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

    /// The account of a staff member, as the actor of their own entries.
    pub fn actor_for_staff(&self, staff_id: StaffId) -> Result<Actor> {
        let login: Option<String> = self
            .conn
            .query_row(
                "SELECT login FROM users WHERE staff_id = ?1",
                [staff_id],
                |r| r.get(0),
            )
            .optional()?;
        match login {
            Some(l) => self.actor(&l),
            None => Err(StoreError::NotFound(tr!(
                "у сотрудника {} нет учётной записи",
                "staff member {} has no account",
                staff_id
            ))),
        }
    }

    pub(crate) fn user_id(&self, login: &str) -> Result<UserId> {
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

    pub fn add_user(&mut self, actor: &Actor, user: &NewUser) -> Result<String> {
        may_administer(actor)?;
        let login = user.login.trim();
        text::check(Field::Login, login)?;
        for part in [&user.name.last, &user.name.first, &user.name.patronymic] {
            text::check(Field::Name, part)?;
        }
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
            return Err(StoreError::StudentAccountWithoutStudent);
        }
        let otp = one_time_password();
        let hash = crate::auth::hash_password(&otp).map_err(StoreError::Invalid)?;
        self.change(actor, |tx| {
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
                params![login, hash, staff_id, user.student_id, user.name.initials(), tx.at()],
            )?;
            let id = UserId(tx.last_insert_rowid());
            for r in &user.roles {
                tx.execute(
                    "INSERT OR IGNORE INTO user_role (user_id, role) VALUES (?1, ?2)",
                    params![id, r.as_str()],
                )?;
            }
            tx.log(&AuditEntry {
                    entity_id: Some(id.0),
                    new: Some(format!(
                        "{login} {} [{}]",
                        user.name.full(),
                        user.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" ")
                    )),
                    ..AuditEntry::new(Action::Create, Entity::User)
                })
        })?;
        Ok(otp)
    }

    pub fn set_user_active(&mut self, actor: &Actor, login: &str, active: bool) -> Result<()> {
        may_administer(actor)?;
        if actor.login.eq_ignore_ascii_case(login.trim()) && !active {
            return Err(StoreError::Invalid(tr!(
                "нельзя отключить собственную учётную запись",
                "you cannot disable your own account"
            )));
        }
        let id = self.user_id(login)?;
        self.change(actor, |tx| {
            tx.execute(
                "UPDATE users SET active = ?1 WHERE id = ?2",
                params![active, id],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(id.0),
                ..AuditEntry::new(
                    if active {
                        Action::Enable
                    } else {
                        Action::Disable
                    },
                    Entity::User,
                )
            })
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
        let text = |rs: &[Role]| rs.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(" ");
        self.change(actor, |tx| {
            tx.execute("DELETE FROM user_role WHERE user_id = ?1", [id])?;
            for r in roles {
                tx.execute(
                    "INSERT OR IGNORE INTO user_role (user_id, role) VALUES (?1, ?2)",
                    params![id, r.as_str()],
                )?;
            }
            tx.log(&AuditEntry {
                entity_id: Some(id.0),
                old: Some(text(&old)),
                new: Some(text(roles)),
                ..AuditEntry::new(Action::Roles, Entity::User)
            })
        })
    }

    fn user_roles(&self, id: UserId) -> Result<Vec<Role>> {
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
                    r.get::<_, UserId>(0)?,
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
        student_id: StudentId,
    ) -> Result<()> {
        may_administer(actor)?;
        let id = self.user_id(parent_login)?;
        let name = self.student_name(student_id)?.full();
        self.change(actor, |tx| {
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
            tx.log(&AuditEntry {
                entity_id: Some(id.0),
                student_id: Some(student_id),
                new: Some(name.clone()),
                ..AuditEntry::new(Action::LinkParent, Entity::User)
            })
        })
    }
}
