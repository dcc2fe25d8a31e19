//! The accounts of a class's families (001 §4.5): the class teacher (or the
//! administrator) gives students and parents their logins and one-time passwords, and
//! unlinks a parent. The store checks that the student is in the actor's own class,
//! whatever the screen asked; a password never reaches the audit, only whose it is.

use rusqlite::{OptionalExtension, params};

use super::UserId;
use crate::domain::accounts::one_time_password;
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{ClassId, StudentId};
use crate::domain::names::{FullName, sort_key};
use crate::domain::policy::{Actor, may_manage_class};
use crate::domain::text::{self, Field};
use crate::store::audit::AuditEntry;
use crate::store::{Result, Store, StoreError};
use crate::tr;

/// An account of a student or a parent, as the class teacher sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyAccount {
    pub login: String,
    /// The account's name (initials).
    pub name: String,
    /// A password is set: the account can log in (an imported parent has none yet).
    pub has_password: bool,
    /// Logged in with its own password never yet: the password is a one-time one.
    pub must_change: bool,
    pub active: bool,
}

impl FamilyAccount {
    /// Whether the person has a login of their own already (a password they chose).
    pub fn logs_in(&self) -> bool {
        self.active && self.has_password && !self.must_change
    }
}

/// A student of the class with their account and their parents' accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct Pupil {
    pub id: StudentId,
    pub name: FullName,
    pub birth_date: Option<chrono::NaiveDate>,
    pub account: Option<FamilyAccount>,
    pub parents: Vec<FamilyAccount>,
}

/// One slip of the logins sheet: whose login and its new one-time password.
#[derive(Debug, Clone, PartialEq)]
pub struct Slip {
    pub student: FullName,
    /// The parent's name, or `None` for the student's own account.
    pub parent: Option<String>,
    pub login: String,
    pub password: String,
}

/// A family account: no staff row and no role beyond parent and student. A colleague
/// whose child is in the class is not the class teacher's to hand passwords to.
const FAMILY_ONLY: &str = "u.staff_id IS NULL AND NOT EXISTS (SELECT 1 FROM user_role r
    WHERE r.user_id = u.id AND r.role NOT IN ('parent', 'student'))";

/// One-time passwords made for a class's sheet, not yet saved.
#[derive(Debug)]
pub struct PlannedPasswords {
    class: ClassId,
    slips: Vec<(StudentId, Slip, String)>,
}

impl PlannedPasswords {
    pub fn slips(&self) -> impl Iterator<Item = &Slip> {
        self.slips.iter().map(|(_, s, _)| s)
    }

    pub fn len(&self) -> usize {
        self.slips.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slips.is_empty()
    }

    pub fn into_slips(self) -> Vec<Slip> {
        self.slips.into_iter().map(|(_, s, _)| s).collect()
    }
}

/// Which accounts get a new one-time password on the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFor {
    /// Every account of the class's students and parents.
    All,
    /// Only those without a login of their own yet (no password, or a one-time one).
    WithoutLogin,
}

impl Store {
    /// The class of a student now, if the actor may manage its families' accounts
    /// (its class teacher, the administrator).
    fn family_class(&self, actor: &Actor, student: StudentId) -> Result<ClassId> {
        let class: Option<ClassId> = self
            .row(
                "SELECT e.class_id FROM enrollment e JOIN class c ON c.id = e.class_id
                 JOIN school_year y ON y.id = c.year_id
                 WHERE e.student_id = ?1 AND e.end_date IS NULL AND y.closed = 0",
                [student],
                |r| r.get(0),
            )
            .optional()?;
        let Some(class) = class else {
            return Err(StoreError::NotFound(tr!(
                "ученик не учится ни в одном классе",
                "the student is in no class now"
            )));
        };
        may_manage_class(actor, class)?;
        Ok(class)
    }

    /// The class's students with their and their parents' accounts, in journal order.
    pub fn class_families(&self, actor: &Actor, class: ClassId) -> Result<Vec<Pupil>> {
        may_manage_class(actor, class)?;
        let account = |r: &rusqlite::Row| -> rusqlite::Result<FamilyAccount> {
            Ok(FamilyAccount {
                login: r.get(0)?,
                name: r.get(1)?,
                has_password: r.get::<_, Option<String>>(2)?.is_some(),
                must_change: r.get(3)?,
                active: r.get(4)?,
            })
        };
        let mut out = Vec::new();
        for s in self.class_students(class)? {
            let birth_date: Option<String> = self.row(
                "SELECT birth_date FROM student WHERE id = ?1",
                [s.id],
                |r| r.get(0),
            )?;
            let own = self
                .row(
                    &format!(
                        "SELECT u.login, u.display_name, u.password_hash, u.must_change, u.active
                     FROM users u WHERE u.student_id = ?1 AND {FAMILY_ONLY} ORDER BY u.id LIMIT 1"
                    ),
                    [s.id],
                    account,
                )
                .optional()?;
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT u.login, u.display_name, u.password_hash, u.must_change, u.active
                 FROM users u JOIN parent_child p ON p.user_id = u.id
                 WHERE p.student_id = ?1 AND {FAMILY_ONLY} ORDER BY u.display_name, u.login"
            ))?;
            let parents = st
                .query_map([s.id], account)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.push(Pupil {
                id: s.id,
                name: s.name,
                birth_date: birth_date.and_then(|d| crate::store::parse_date(&d).ok()),
                account: own,
                parents,
            });
        }
        out.sort_by_cached_key(|p| sort_key(&p.name));
        Ok(out)
    }

    /// Makes the student's own account with a one-time password (returned).
    pub fn create_student_account(
        &mut self,
        actor: &Actor,
        student: StudentId,
        login: &str,
    ) -> Result<String> {
        self.family_class(actor, student)?;
        let has: bool = self.row(
            "SELECT EXISTS (SELECT 1 FROM users WHERE student_id = ?1)",
            [student],
            |r| r.get(0),
        )?;
        if has {
            return Err(StoreError::Invalid(tr!(
                "у ученика уже есть учётная запись",
                "the student has an account already"
            )));
        }
        let name = self.student_name(student)?;
        self.new_family_account(actor, login, &name, student, false)
    }

    /// Makes a parent's account linked to the student, with a one-time password.
    pub fn create_parent_account(
        &mut self,
        actor: &Actor,
        student: StudentId,
        login: &str,
        name: &FullName,
    ) -> Result<String> {
        self.family_class(actor, student)?;
        self.new_family_account(actor, login, name, student, true)
    }

    fn new_family_account(
        &mut self,
        actor: &Actor,
        login: &str,
        name: &FullName,
        student: StudentId,
        parent: bool,
    ) -> Result<String> {
        let login = login.trim();
        text::check(Field::Login, login)?;
        for part in [&name.last, &name.first, &name.patronymic] {
            text::check(Field::Name, part)?;
        }
        if login.is_empty() || login.chars().any(char::is_whitespace) {
            return Err(StoreError::Invalid(tr!(
                "логин «{}»: без пробелов и не пустой",
                "login «{}»: no spaces, not empty",
                login
            )));
        }
        if name.last.is_empty() {
            return Err(StoreError::Invalid(tr!(
                "укажите фамилию и имя",
                "give the last and first name"
            )));
        }
        let otp = one_time_password();
        let hash = crate::auth::hash_password(&otp).map_err(StoreError::Invalid)?;
        let child = self.student_name(student)?.full();
        self.change(actor, |tx| {
            let taken: Option<i64> = tx
                .query_row("SELECT id FROM users WHERE login = ?1", [login], |r| {
                    r.get(0)
                })
                .optional()?;
            if taken.is_some() {
                return Err(StoreError::Invalid(tr!(
                    "логин «{}» уже занят",
                    "login «{}» is taken",
                    login
                )));
            }
            tx.execute(
                "INSERT INTO users (login, password_hash, student_id, display_name, must_change, created_at)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5)",
                params![
                    login,
                    hash,
                    if parent { None } else { Some(student) },
                    name.initials(),
                    tx.at()
                ],
            )?;
            let id = UserId(tx.last_insert_rowid());
            let role = if parent { "parent" } else { "student" };
            tx.execute(
                "INSERT INTO user_role (user_id, role) VALUES (?1, ?2)",
                params![id, role],
            )?;
            if parent {
                tx.execute(
                    "INSERT INTO parent_child (user_id, student_id) VALUES (?1, ?2)",
                    params![id, student],
                )?;
            }
            tx.log(&AuditEntry {
                entity_id: Some(id.0),
                student_id: Some(student),
                new: Some(format!("{login} {} [{role}] → {child}", name.full())),
                ..AuditEntry::new(
                    Action::Create,
                    if parent { Entity::Parent } else { Entity::User },
                )
            })?;
            tx.log(&AuditEntry {
                entity_id: Some(id.0),
                student_id: Some(student),
                new: Some(login.to_string()),
                ..AuditEntry::new(Action::PasswordReset, Entity::User)
            })
        })?;
        Ok(otp)
    }

    /// A new one-time password for a student's or a parent's account of the actor's
    /// class (the student's own, or a parent linked to `student`).
    pub fn issue_password(
        &mut self,
        actor: &Actor,
        student: StudentId,
        login: &str,
    ) -> Result<String> {
        self.family_class(actor, student)?;
        let id = self.family_user(student, login)?;
        let otp = one_time_password();
        let hash = crate::auth::hash_password(&otp).map_err(StoreError::Invalid)?;
        self.change(actor, |tx| {
            set_one_time(tx, id, &hash)?;
            tx.log(&AuditEntry {
                entity_id: Some(id.0),
                student_id: Some(student),
                new: Some(login.trim().to_string()),
                ..AuditEntry::new(Action::PasswordReset, Entity::User)
            })
        })?;
        Ok(otp)
    }

    /// The account of `login` if it is the student's own or a parent's of the student.
    fn family_user(&self, student: StudentId, login: &str) -> Result<UserId> {
        self.row(
            &format!(
                "SELECT u.id FROM users u WHERE u.login = ?1 AND (u.student_id = ?2
                   OR EXISTS (SELECT 1 FROM parent_child p WHERE p.user_id = u.id AND p.student_id = ?2))
                   AND {FAMILY_ONLY}"
            ),
            params![login.trim(), student],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| {
            StoreError::NotFound(tr!(
                "«{}» — не учётная запись этого ученика или его родителей",
                "«{}» is not an account of this student or their parents",
                login.trim()
            ))
        })
    }

    /// New one-time passwords for the class's accounts (all, or those without a login
    /// of their own yet), planned and saved at once; see [`Store::plan_class_passwords`].
    pub fn issue_class_passwords(
        &mut self,
        actor: &Actor,
        class: ClassId,
        which: SheetFor,
    ) -> Result<Vec<Slip>> {
        let planned = self.plan_class_passwords(actor, class, which)?;
        self.save_class_passwords(actor, &planned)?;
        Ok(planned.into_slips())
    }

    /// New one-time passwords for the class's family accounts, made but not saved: the
    /// sheet is written first, and only then the passwords saved
    /// ([`Store::save_class_passwords`]) — a sheet that could not be written leaves every
    /// account as it was.
    pub fn plan_class_passwords(
        &self,
        actor: &Actor,
        class: ClassId,
        which: SheetFor,
    ) -> Result<PlannedPasswords> {
        let pupils = self.class_families(actor, class)?;
        let mut planned = Vec::new();
        for p in &pupils {
            let own = p.account.iter().map(|a| (a, None));
            let parents = p.parents.iter().map(|a| (a, Some(a.name.clone())));
            for (a, parent) in own.chain(parents) {
                if !a.active || (which == SheetFor::WithoutLogin && a.logs_in()) {
                    continue;
                }
                let password = one_time_password();
                let hash = crate::auth::hash_password(&password).map_err(StoreError::Invalid)?;
                planned.push((
                    p.id,
                    Slip {
                        student: p.name.clone(),
                        parent,
                        login: a.login.clone(),
                        password,
                    },
                    hash,
                ));
            }
        }
        Ok(PlannedPasswords {
            class,
            slips: planned,
        })
    }

    /// Saves planned one-time passwords in one transaction: one audit row each, naming
    /// the account (never the password). Each account is checked again as the class's.
    pub fn save_class_passwords(
        &mut self,
        actor: &Actor,
        planned: &PlannedPasswords,
    ) -> Result<()> {
        let mut ids = Vec::new();
        for (student, slip, _) in &planned.slips {
            // Still the class's (a transfer may have come between).
            if self.family_class(actor, *student)? != planned.class {
                return Err(StoreError::Invalid(tr!(
                    "ученик «{}» уже в другом классе: составьте лист заново",
                    "«{}» is in another class now: make the sheet again",
                    slip.student.short()
                )));
            }
            ids.push(self.family_user(*student, &slip.login)?);
        }
        self.change(actor, |tx| {
            for ((student, slip, hash), id) in planned.slips.iter().zip(&ids) {
                set_one_time(tx, *id, hash)?;
                tx.log(&AuditEntry {
                    entity_id: Some(id.0),
                    student_id: Some(*student),
                    new: Some(slip.login.clone()),
                    ..AuditEntry::new(Action::PasswordReset, Entity::User)
                })?;
            }
            Ok(())
        })
    }

    /// Whether a parent of the student has an account that can log in (a report sent
    /// reaches someone).
    pub fn student_has_parent_login(&self, student: StudentId) -> Result<bool> {
        Ok(self.row(
            "SELECT EXISTS (SELECT 1 FROM users u JOIN parent_child p ON p.user_id = u.id
               WHERE p.student_id = ?1 AND u.active = 1 AND u.password_hash IS NOT NULL)",
            [student],
            |r| r.get(0),
        )?)
    }

    /// Unlinks a parent's account from a student (the account stays; the parent role
    /// goes when no child is left).
    pub fn unlink_parent(&mut self, actor: &Actor, parent: &str, student: StudentId) -> Result<()> {
        self.family_class(actor, student)?;
        let id = self.user_id(parent)?;
        let name = self.student_name(student)?.full();
        let login = parent.trim().to_string();
        self.change(actor, |tx| {
            let n = tx.execute(
                "DELETE FROM parent_child WHERE user_id = ?1 AND student_id = ?2",
                params![id, student],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound(tr!(
                    "«{}» не связан(а) с учеником {}",
                    "«{}» is not linked to {}",
                    login,
                    name
                )));
            }
            tx.execute(
                "DELETE FROM user_role WHERE user_id = ?1 AND role = 'parent'
                   AND NOT EXISTS (SELECT 1 FROM parent_child WHERE user_id = ?1)",
                [id],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(id.0),
                student_id: Some(student),
                old: Some(format!("{login} → {name}")),
                ..AuditEntry::new(Action::Unlink, Entity::Parent)
            })
        })
    }
}

/// A one-time password set: the next login must choose a new one; the lock lifted.
fn set_one_time(tx: &rusqlite::Transaction, id: UserId, hash: &str) -> Result<()> {
    tx.execute(
        "UPDATE users SET password_hash = ?1, must_change = 1, failed_logins = 0, locked_until = NULL
         WHERE id = ?2",
        params![hash, id],
    )?;
    Ok(())
}
