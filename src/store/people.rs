//! Staff, students and their enrollment, parents, user accounts.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::{AuditEntry, record};
use super::{Result, Store, StoreError, fmt_date, fmt_time, parse_date};
use crate::domain::class_name::ClassName;
use crate::domain::enrollment::{Stay, validate};
use crate::domain::names::{FullName, sort_key};
use crate::domain::policy::{Actor, may_administer};
use crate::domain::roles::Role;
use crate::i18n::pick;
use crate::import::ImportError;
use crate::import::compare::{Diff, groups_text, roles_text};
use crate::import::records::{ParentRow, StaffRow, StudentRow};
use crate::tr;

/// What an import does to one row of its file, or to a record the file drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    /// The row makes a new record.
    New,
    /// The row changes an existing record.
    Changed,
    /// The record is already as the row says: nothing is written.
    Unchanged,
    /// A record the import removes because the file no longer has it (timetable
    /// entries, plan items); its line is 0.
    Removed,
}

impl RowStatus {
    /// The mark a preview line starts with.
    pub fn sign(self) -> char {
        match self {
            RowStatus::New => '+',
            RowStatus::Changed => '~',
            RowStatus::Unchanged => '=',
            RowStatus::Removed => '-',
        }
    }
}

/// One row of an import's report: its line in the file, what happens, and the row in
/// words («7Б Иванов Иван Иванович», «teacher: роли teacher → teacher deputy»).
#[derive(Debug, Clone, PartialEq)]
pub struct RowOutcome {
    pub line: usize,
    pub status: RowStatus,
    pub what: String,
}

/// What an import did, or (in a dry run) would do: the counts and every row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// In file order; removed records (line 0) after the rows of their part.
    pub rows: Vec<RowOutcome>,
}

impl Applied {
    /// Adds a row to the report and to its count.
    pub fn push(&mut self, line: usize, status: RowStatus, what: String) {
        match status {
            RowStatus::New => self.created += 1,
            RowStatus::Changed => self.updated += 1,
            RowStatus::Unchanged => self.unchanged += 1,
            RowStatus::Removed => self.removed += 1,
        }
        self.rows.push(RowOutcome { line, status, what });
    }

    /// Whether the import changes anything at all.
    pub fn changes_anything(&self) -> bool {
        self.created + self.updated + self.removed > 0
    }
}

/// Why an import changed nothing.
#[derive(Debug)]
pub enum ImportFailed {
    /// Every bad row, in line order, as `FILE:LINE: what is wrong`.
    Rows(Vec<ImportError>),
    Store(StoreError),
}

impl std::fmt::Display for ImportFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportFailed::Rows(rows) => {
                for (i, e) in rows.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                Ok(())
            }
            ImportFailed::Store(e) => write!(f, "{e}"),
        }
    }
}

impl From<StoreError> for ImportFailed {
    fn from(e: StoreError) -> Self {
        ImportFailed::Store(e)
    }
}

impl From<rusqlite::Error> for ImportFailed {
    fn from(e: rusqlite::Error) -> Self {
        ImportFailed::Store(e.into())
    }
}

/// Errors of the rows of one file.
pub(crate) struct RowErrors {
    file: String,
    pub(crate) list: Vec<ImportError>,
}

impl RowErrors {
    pub(crate) fn add(&mut self, line: usize, message: String) {
        self.list.push(ImportError {
            file: self.file.clone(),
            line,
            message,
        });
    }
}

/// A student as lists show them.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentRef {
    pub id: i64,
    pub name: FullName,
}

impl Store {
    /// Runs one file's import in one transaction: any bad row and nothing is written;
    /// a dry run always rolls back.
    pub(crate) fn import_tx(
        &mut self,
        actor: &Actor,
        file: &str,
        dry_run: bool,
        f: impl FnOnce(&Transaction, &str, &mut RowErrors) -> Result<Applied, ImportFailed>,
    ) -> Result<Applied, ImportFailed> {
        may_administer(actor).map_err(StoreError::from)?;
        self.import_tx_unchecked(actor, file, dry_run, f)
    }

    /// The same transaction for an import whose permission the caller has checked (a
    /// course's plan may be imported by its teacher).
    pub(crate) fn import_tx_unchecked(
        &mut self,
        _actor: &Actor,
        file: &str,
        dry_run: bool,
        f: impl FnOnce(&Transaction, &str, &mut RowErrors) -> Result<Applied, ImportFailed>,
    ) -> Result<Applied, ImportFailed> {
        self.ensure_writable()?;
        let at = fmt_time(self.now());
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut errors = RowErrors {
            file: file.to_string(),
            list: Vec::new(),
        };
        let applied = f(&tx, &at, &mut errors)?;
        if !errors.list.is_empty() {
            errors.list.sort_by_key(|e| e.line);
            return Err(ImportFailed::Rows(errors.list));
        }
        let mut applied = applied;
        // File order; what the file drops (line 0) after the rows.
        applied.rows.sort_by_key(|r| (r.line == 0, r.line));
        if !dry_run {
            tx.commit()?;
        }
        Ok(applied)
    }

    /// Sets a user's password hash (an argon2id PHC string).
    pub fn set_password_hash(&mut self, actor: &Actor, login: &str, hash: &str) -> Result<()> {
        may_administer(actor)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            let id: Option<i64> = tx
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
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "password_set",
                    entity: "user",
                    entity_id: Some(id),
                    ..Default::default()
                },
            )
        })
    }

    /// Sets the same password hash for every account at once (the demo school).
    pub fn set_all_password_hashes(&mut self, actor: &Actor, hash: &str) -> Result<usize> {
        may_administer(actor)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE users SET password_hash = ?1, must_change = 0",
                [hash],
            )?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "password_set_all",
                    entity: "user",
                    new: Some(n.to_string()),
                    ..Default::default()
                },
            )?;
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

    /// Imports a staff list: new people get an account, listed people are brought in
    /// line with the file (name, roles, homeroom); rows already as the file says are
    /// left alone, unwritten and unaudited.
    pub fn import_staff(
        &mut self,
        actor: &Actor,
        file: &str,
        rows: &[StaffRow],
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let year = self.current_year()?.id;
        self.import_tx(actor, file, dry_run, |tx, at, errs| {
            let mut applied = Applied::default();
            // Homerooms as they were before this file: each row compares with these,
            // not with what an earlier row of the file already changed.
            let homerooms_before = homerooms(tx, year)?;
            let mut seen: HashMap<String, usize> = HashMap::new();
            let mut homerooms: HashMap<ClassName, usize> = HashMap::new();
            for row in rows {
                if let Some(prev) = seen.insert(row.login.to_lowercase(), row.line) {
                    errs.add(
                        row.line,
                        tr!("логин «{}» уже был в строке {}", "login «{}» already on line {}", row.login, prev),
                    );
                    continue;
                }
                if let Some(h) = &row.homeroom
                    && let Some(prev) = homerooms.insert(h.clone(), row.line)
                {
                    errs.add(
                        row.line,
                        tr!(
                            "у {} уже есть классный руководитель (строка {})",
                            "{} already has a class teacher (line {})",
                            h,
                            prev
                        ),
                    );
                    continue;
                }
                let existing: Option<(i64, Option<i64>)> = tx
                    .query_row(
                        "SELECT id, staff_id FROM users WHERE login = ?1",
                        [&row.login],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                let mut wanted: BTreeSet<Role> = row.roles.iter().copied().collect();
                if row.homeroom.is_some() {
                    wanted.insert(Role::ClassTeacher);
                }
                let homeroom_text = row.homeroom.as_ref().map(|h| h.to_string()).unwrap_or_default();
                match existing {
                    Some((_, None)) => {
                        errs.add(
                            row.line,
                            tr!(
                                "логин «{}» занят учеником или родителем",
                                "login «{}» belongs to a student or parent",
                                row.login
                            ),
                        );
                    }
                    None => {
                        tx.execute(
                            "INSERT INTO staff (last_name, first_name, patronymic) VALUES (?1, ?2, ?3)",
                            params![row.name.last, row.name.first, row.name.patronymic],
                        )?;
                        let sid = tx.last_insert_rowid();
                        tx.execute(
                            "INSERT INTO users (login, staff_id, display_name, created_at)
                             VALUES (?1, ?2, ?3, ?4)",
                            params![row.login, sid, row.name.initials(), at],
                        )?;
                        let uid = tx.last_insert_rowid();
                        set_roles(tx, uid, &BTreeSet::new(), &wanted)?;
                        set_homeroom(tx, actor, at, year, sid, row.homeroom.as_ref())?;
                        let mut what = format!("{} {} [{}]", row.login, row.name.full(), roles_text(&without_ct(&wanted)));
                        if let Some(h) = &row.homeroom {
                            what.push_str(&tr!(", классный руководитель {}", ", class teacher of {}", h));
                        }
                        applied.push(row.line, RowStatus::New, what);
                        record(
                            tx,
                            actor,
                            at,
                            &AuditEntry {
                                action: "import",
                                entity: "staff",
                                entity_id: Some(sid),
                                new: Some(staff_state(&row.login, &row.name, &wanted, &homeroom_text)),
                                ..Default::default()
                            },
                        )?;
                    }
                    Some((uid, Some(sid))) => {
                        let name: FullName = tx.query_row(
                            "SELECT last_name, first_name, patronymic FROM staff WHERE id = ?1",
                            [sid],
                            |r| Ok(FullName::new(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?, &r.get::<_, String>(2)?)),
                        )?;
                        // The roles the file speaks for: the staff roles, and whatever
                        // else it lists (a teacher who is also a parent keeps `parent`).
                        let held: BTreeSet<Role> = user_roles(tx, uid)?
                            .into_iter()
                            .filter(|r| STAFF_ROLES.contains(r) || wanted.contains(r))
                            .collect();
                        let old_homeroom = homerooms_before
                            .get(&sid)
                            .map(|cs| cs.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" "))
                            .unwrap_or_default();
                        let mut d = Diff::default();
                        d.field(pick("ФИО", "name"), &name.full(), &row.name.full());
                        d.field(
                            pick("роли", "roles"),
                            &roles_text(&without_ct(&held)),
                            &roles_text(&without_ct(&wanted)),
                        );
                        d.field(pick("классное руководство", "homeroom"), &old_homeroom, &homeroom_text);
                        if d.is_empty() && held != wanted {
                            d.field(pick("роли", "roles"), &roles_text(&held), &roles_text(&wanted));
                        }
                        if d.is_empty() {
                            applied.push(row.line, RowStatus::Unchanged, format!("{} {}", row.login, row.name.full()));
                            continue;
                        }
                        if name != row.name {
                            tx.execute(
                                "UPDATE staff SET last_name = ?1, first_name = ?2, patronymic = ?3 WHERE id = ?4",
                                params![row.name.last, row.name.first, row.name.patronymic, sid],
                            )?;
                            tx.execute(
                                "UPDATE users SET display_name = ?1 WHERE id = ?2",
                                params![row.name.initials(), uid],
                            )?;
                        }
                        set_roles(tx, uid, &held, &wanted)?;
                        if old_homeroom != homeroom_text {
                            set_homeroom(tx, actor, at, year, sid, row.homeroom.as_ref())?;
                        }
                        applied.push(row.line, RowStatus::Changed, format!("{}: {}", row.login, d.text()));
                        record(
                            tx,
                            actor,
                            at,
                            &AuditEntry {
                                action: "import",
                                entity: "staff",
                                entity_id: Some(sid),
                                old: Some(staff_state(&row.login, &name, &held, &old_homeroom)),
                                new: Some(staff_state(&row.login, &row.name, &wanted, &homeroom_text)),
                                ..Default::default()
                            },
                        )?;
                    }
                }
            }
            Ok(applied)
        })
    }

    /// Imports a class list: new students are enrolled, listed ones get their groups
    /// (and an account, when the file gives a login) as the file says. A student
    /// enrolled in another class is an error: a transfer needs an order.
    pub fn import_students(
        &mut self,
        actor: &Actor,
        file: &str,
        rows: &[StudentRow],
        order: &str,
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let year = self.current_year()?;
        self.import_tx(actor, file, dry_run, |tx, at, errs| {
            let mut applied = Applied::default();
            let mut seen: HashMap<(String, Option<NaiveDate>), usize> = HashMap::new();
            for row in rows {
                let key = (sort_key(&row.name), row.birth_date);
                if let Some(prev) = seen.insert(key, row.line) {
                    errs.add(
                        row.line,
                        tr!(
                            "{} повторяется (строка {})",
                            "{} is listed twice (line {})",
                            row.name.full(),
                            prev
                        ),
                    );
                    continue;
                }
                let start = row.enrolled.unwrap_or(year.start);
                if start < year.start || start > year.end {
                    errs.add(
                        row.line,
                        tr!(
                            "дата зачисления {} вне учебного года {}",
                            "enrollment date {} is outside the school year {}",
                            fmt_date(start),
                            year.name
                        ),
                    );
                    continue;
                }
                let existing: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM student WHERE last_name = ?1 AND first_name = ?2
                         AND patronymic = ?3 AND birth_date IS ?4",
                        params![
                            row.name.last,
                            row.name.first,
                            row.name.patronymic,
                            row.birth_date.map(fmt_date)
                        ],
                        |r| r.get(0),
                    )
                    .optional()?;
                let login_owner: Option<Option<i64>> = match &row.login {
                    Some(login) => tx
                        .query_row("SELECT student_id FROM users WHERE login = ?1", [login], |r| r.get(0))
                        .optional()?,
                    None => None,
                };
                // The account to create: the file gives a login nobody holds yet.
                let new_login = match (&row.login, login_owner) {
                    (Some(login), None) => Some(login),
                    (Some(_), Some(Some(s))) if Some(s) == existing => None,
                    (Some(login), Some(_)) => {
                        errs.add(row.line, tr!("логин «{}» уже занят", "login «{}» is taken", login));
                        continue;
                    }
                    (None, _) => None,
                };
                let wanted_groups: BTreeSet<String> = row.groups.iter().cloned().collect();
                let title = format!("{} {}", row.class, row.name.full());
                let Some(id) = existing else {
                    tx.execute(
                        "INSERT INTO student (last_name, first_name, patronymic, birth_date)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![
                            row.name.last,
                            row.name.first,
                            row.name.patronymic,
                            row.birth_date.map(fmt_date)
                        ],
                    )?;
                    let id = tx.last_insert_rowid();
                    let class_id = ensure_class(tx, actor, at, year.id, &row.class)?;
                    insert_enrollment(tx, id, class_id, start, "enrolled", order_of(row, order))?;
                    set_groups(tx, id, class_id, &wanted_groups)?;
                    if let Some(login) = new_login {
                        add_student_account(tx, id, login, &row.name, at)?;
                    }
                    let mut what = title.clone();
                    if !wanted_groups.is_empty() {
                        what.push_str(&format!(" ({} {})", pick("гр.", "gr."), groups_text(&wanted_groups)));
                    }
                    applied.push(row.line, RowStatus::New, what);
                    record(
                        tx,
                        actor,
                        at,
                        &AuditEntry {
                            action: "import",
                            entity: "student",
                            entity_id: Some(id),
                            student_id: Some(id),
                            new: Some(title),
                            ..Default::default()
                        },
                    )?;
                    continue;
                };
                let class_now = class_id(tx, year.id, &row.class)?;
                let current: Option<i64> = tx
                    .query_row(
                        "SELECT class_id FROM enrollment WHERE student_id = ?1 AND end_date IS NULL",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if current.is_some() && current != class_now {
                    errs.add(
                        row.line,
                        tr!(
                            "{} уже числится в другом классе; перевод оформляется приказом (zhurnal student transfer)",
                            "{} is already enrolled in another class; a transfer needs an order (zhurnal student transfer)",
                            row.name.full()
                        ),
                    );
                    continue;
                }
                let old_groups = match class_now {
                    Some(c) => student_groups(tx, id, c)?,
                    None => BTreeSet::new(),
                };
                let mut d = Diff::default();
                if current.is_none() {
                    d.note(tr!("зачисление в {}", "enrollment in {}", row.class));
                }
                d.field(pick("группы", "groups"), &groups_text(&old_groups), &groups_text(&wanted_groups));
                if let Some(login) = new_login {
                    d.note(tr!("учётная запись {}", "account {}", login));
                }
                if d.is_empty() {
                    applied.push(row.line, RowStatus::Unchanged, title);
                    continue;
                }
                let class_id = ensure_class(tx, actor, at, year.id, &row.class)?;
                if current.is_none() {
                    insert_enrollment(tx, id, class_id, start, "enrolled", order_of(row, order))?;
                }
                if old_groups != wanted_groups {
                    set_groups(tx, id, class_id, &wanted_groups)?;
                }
                if let Some(login) = new_login {
                    add_student_account(tx, id, login, &row.name, at)?;
                }
                applied.push(row.line, RowStatus::Changed, format!("{title}: {}", d.text()));
                record(
                    tx,
                    actor,
                    at,
                    &AuditEntry {
                        action: "import",
                        entity: "student",
                        entity_id: Some(id),
                        student_id: Some(id),
                        old: Some(format!("{title} [{}]", groups_text(&old_groups))),
                        new: Some(format!("{title} [{}]", groups_text(&wanted_groups))),
                        ..Default::default()
                    },
                )?;
            }
            Ok(applied)
        })
    }

    /// Imports parents: each row links a parent's account (made when new) to a child
    /// enrolled in the named class.
    pub fn import_parents(
        &mut self,
        actor: &Actor,
        file: &str,
        rows: &[ParentRow],
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let year = self.current_year()?.id;
        self.import_tx(actor, file, dry_run, |tx, at, errs| {
            let mut applied = Applied::default();
            // Accounts this file makes: a second child of a new parent is new too.
            let mut made_here: HashSet<String> = HashSet::new();
            for row in rows {
                let Some(class_id) = class_id(tx, year, &row.class)? else {
                    errs.add(row.line, unknown_class(&row.class));
                    continue;
                };
                let mut st = tx.prepare_cached(
                    "SELECT s.id FROM student s JOIN enrollment e ON e.student_id = s.id
                     WHERE e.class_id = ?1 AND e.end_date IS NULL
                       AND lower(s.last_name) = lower(?2) AND lower(s.first_name) = lower(?3)",
                )?;
                let kids: Vec<i64> = st
                    .query_map(params![class_id, row.child_last, row.child_first], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let child = match kids.as_slice() {
                    [one] => *one,
                    [] => {
                        errs.add(
                            row.line,
                            tr!(
                                "в {} нет ученика {} {}",
                                "{} has no student {} {}",
                                row.class,
                                row.child_last,
                                row.child_first
                            ),
                        );
                        continue;
                    }
                    _ => {
                        errs.add(
                            row.line,
                            tr!(
                                "в {} несколько учеников {} {}",
                                "{} has several students {} {}",
                                row.class,
                                row.child_last,
                                row.child_first
                            ),
                        );
                        continue;
                    }
                };
                let existing: Option<(i64, Option<i64>, Option<i64>, String)> = tx
                    .query_row(
                        "SELECT id, student_id, staff_id, display_name FROM users WHERE login = ?1",
                        [&row.login],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                    )
                    .optional()?;
                let child_text = format!("{} {} {}", row.class, row.child_last, row.child_first);
                let title = format!("{} {} → {}", row.login, row.name.full(), child_text);
                let audit_new = format!("{} {}", row.login, row.name.full());
                let uid = match existing {
                    Some((_, Some(_), _, _)) => {
                        errs.add(
                            row.line,
                            tr!("логин «{}» занят учеником", "login «{}» belongs to a student", row.login),
                        );
                        continue;
                    }
                    None => {
                        tx.execute(
                            "INSERT INTO users (login, display_name, created_at) VALUES (?1, ?2, ?3)",
                            params![row.login, row.name.initials(), at],
                        )?;
                        made_here.insert(row.login.to_lowercase());
                        tx.last_insert_rowid()
                    }
                    Some((uid, None, staff, display)) => {
                        let has_role: bool = tx.query_row(
                            "SELECT EXISTS (SELECT 1 FROM user_role WHERE user_id = ?1 AND role = 'parent')",
                            [uid],
                            |r| r.get(0),
                        )?;
                        let linked: bool = tx.query_row(
                            "SELECT EXISTS (SELECT 1 FROM parent_child WHERE user_id = ?1 AND student_id = ?2)",
                            params![uid, child],
                            |r| r.get(0),
                        )?;
                        let mut d = Diff::default();
                        // A staff member's name is the staff list's business.
                        if staff.is_none() {
                            d.field(pick("имя", "name"), &display, &row.name.initials());
                        }
                        if !has_role {
                            d.note(tr!("роль parent", "role parent"));
                        }
                        if !linked {
                            d.note(tr!("ребёнок {}", "child {}", child_text));
                        }
                        if d.is_empty() {
                            applied.push(row.line, RowStatus::Unchanged, title);
                            continue;
                        }
                        if staff.is_none() && display != row.name.initials() {
                            tx.execute(
                                "UPDATE users SET display_name = ?1 WHERE id = ?2",
                                params![row.name.initials(), uid],
                            )?;
                        }
                        if !made_here.contains(&row.login.to_lowercase()) {
                            applied.push(row.line, RowStatus::Changed, format!("{}: {}", row.login, d.text()));
                            add_parent_link(tx, uid, child)?;
                            record(
                                tx,
                                actor,
                                at,
                                &AuditEntry {
                                    action: "import",
                                    entity: "parent",
                                    entity_id: Some(uid),
                                    student_id: Some(child),
                                    old: Some(format!("{} {}", row.login, display)),
                                    new: Some(audit_new),
                                    ..Default::default()
                                },
                            )?;
                            continue;
                        }
                        uid
                    }
                };
                add_parent_link(tx, uid, child)?;
                applied.push(row.line, RowStatus::New, title);
                record(
                    tx,
                    actor,
                    at,
                    &AuditEntry {
                        action: "import",
                        entity: "parent",
                        entity_id: Some(uid),
                        student_id: Some(child),
                        new: Some(audit_new),
                        ..Default::default()
                    },
                )?;
            }
            Ok(applied)
        })
    }

    /// The student's stays in classes, oldest first.
    pub fn student_history(&self, student_id: i64) -> Result<Vec<Stay>> {
        let mut st = self.conn.prepare_cached(
            "SELECT class_id, start_date, end_date FROM enrollment WHERE student_id = ?1 ORDER BY start_date",
        )?;
        let rows = st
            .query_map([student_id], |r| {
                let end: Option<String> = r.get(2)?;
                Ok(Stay {
                    class_id: r.get(0)?,
                    start: parse_date(&r.get::<_, String>(1)?)?,
                    end: end.map(|e| parse_date(&e)).transpose()?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn student_subgroups(&self, student_id: i64) -> Result<Vec<i64>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT subgroup_id FROM subgroup_member WHERE student_id = ?1")?;
        let rows = st
            .query_map([student_id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn student_name(&self, student_id: i64) -> Result<FullName> {
        Ok(self.row(
            "SELECT last_name, first_name, patronymic FROM student WHERE id = ?1",
            [student_id],
            |r| {
                Ok(FullName::new(
                    &r.get::<_, String>(0)?,
                    &r.get::<_, String>(1)?,
                    &r.get::<_, String>(2)?,
                ))
            },
        )?)
    }

    /// Students of a course at any time between `from` and `to`, in journal order.
    pub fn course_students(
        &self,
        course_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<StudentRef>> {
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT s.id, s.last_name, s.first_name, s.patronymic
             FROM course c
             JOIN enrollment e ON e.class_id = c.class_id
             JOIN student s ON s.id = e.student_id
             WHERE c.id = ?1 AND e.start_date <= ?3 AND (e.end_date IS NULL OR e.end_date > ?2)
               AND (c.subgroup_id IS NULL OR EXISTS (
                    SELECT 1 FROM subgroup_member m WHERE m.subgroup_id = c.subgroup_id AND m.student_id = s.id))",
        )?;
        let mut rows = st
            .query_map(params![course_id, fmt_date(from), fmt_date(to)], |r| {
                Ok(StudentRef {
                    id: r.get(0)?,
                    name: FullName::new(
                        &r.get::<_, String>(1)?,
                        &r.get::<_, String>(2)?,
                        &r.get::<_, String>(3)?,
                    ),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.sort_by_cached_key(|s| sort_key(&s.name));
        Ok(rows)
    }

    /// Moves a student to another class from `date` by an order.
    pub fn transfer_student(
        &mut self,
        actor: &Actor,
        student_id: i64,
        to_class: i64,
        date: NaiveDate,
        order: &str,
    ) -> Result<()> {
        may_administer(actor)?;
        let name = self.student_name(student_id)?.full();
        let mut history = self.student_history(student_id)?;
        let Some(current) = history.iter_mut().find(|s| s.end.is_none()) else {
            return Err(StoreError::Invalid(tr!(
                "{} сейчас не числится ни в одном классе",
                "{} is not enrolled in any class now",
                name
            )));
        };
        let from_class = current.class_id;
        current.end = Some(date);
        history.push(Stay {
            class_id: to_class,
            start: date,
            end: None,
        });
        validate(&name, &history)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            close_enrollment(tx, student_id, date, "transfer", order)?;
            // Group memberships in the old class stay: they explain its past marks.
            insert_enrollment(tx, student_id, to_class, date, "transfer", order)?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "transfer",
                    entity: "enrollment",
                    student_id: Some(student_id),
                    old: Some(from_class.to_string()),
                    new: Some(format!("{to_class} {} {order}", fmt_date(date))),
                    ..Default::default()
                },
            )
        })
    }

    /// A student leaves the school from `date` by an order.
    pub fn depart_student(
        &mut self,
        actor: &Actor,
        student_id: i64,
        date: NaiveDate,
        order: &str,
    ) -> Result<()> {
        may_administer(actor)?;
        let name = self.student_name(student_id)?.full();
        let mut history = self.student_history(student_id)?;
        let Some(current) = history.iter_mut().find(|s| s.end.is_none()) else {
            return Err(StoreError::Invalid(tr!(
                "{} сейчас не числится ни в одном классе",
                "{} is not enrolled in any class now",
                name
            )));
        };
        current.end = Some(date);
        validate(&name, &history)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            close_enrollment(tx, student_id, date, "departure", order)?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "departure",
                    entity: "enrollment",
                    student_id: Some(student_id),
                    new: Some(format!("{} {order}", fmt_date(date))),
                    ..Default::default()
                },
            )
        })
    }

    /// A new student arrives in a class on `date` by an order.
    pub fn arrive_student(
        &mut self,
        actor: &Actor,
        name: &FullName,
        birth_date: Option<NaiveDate>,
        class_id: i64,
        date: NaiveDate,
        order: &str,
    ) -> Result<i64> {
        may_administer(actor)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            tx.execute(
                "INSERT INTO student (last_name, first_name, patronymic, birth_date) VALUES (?1, ?2, ?3, ?4)",
                params![name.last, name.first, name.patronymic, birth_date.map(fmt_date)],
            )?;
            let id = tx.last_insert_rowid();
            insert_enrollment(tx, id, class_id, date, "arrival", order)?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "arrival",
                    entity: "enrollment",
                    entity_id: Some(id),
                    student_id: Some(id),
                    new: Some(format!("{} {class_id} {} {order}", name.full(), fmt_date(date))),
                    ..Default::default()
                },
            )?;
            Ok(id)
        })
    }
}

fn order_of<'a>(row: &'a StudentRow, default: &'a str) -> &'a str {
    if row.order.is_empty() {
        default
    } else {
        &row.order
    }
}

/// The roles a staff list grants; `parent` and `student` come from other files.
const STAFF_ROLES: [Role; 5] = [
    Role::Admin,
    Role::Director,
    Role::Deputy,
    Role::Teacher,
    Role::ClassTeacher,
];

/// Roles as a staff file writes them: the class teacher's role follows the homeroom.
fn without_ct(roles: &BTreeSet<Role>) -> BTreeSet<Role> {
    roles
        .iter()
        .copied()
        .filter(|r| *r != Role::ClassTeacher)
        .collect()
}

/// A staff member as the audit keeps them: «login ФИО [roles] homeroom».
fn staff_state(login: &str, name: &FullName, roles: &BTreeSet<Role>, homeroom: &str) -> String {
    let mut s = format!("{login} {} [{}]", name.full(), roles_text(roles));
    if !homeroom.is_empty() {
        s.push(' ');
        s.push_str(homeroom);
    }
    s
}

fn user_roles(tx: &Transaction, user_id: i64) -> Result<BTreeSet<Role>> {
    let mut st = tx.prepare_cached("SELECT role FROM user_role WHERE user_id = ?1")?;
    let roles = st
        .query_map([user_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(roles.iter().filter_map(|r| Role::parse(r)).collect())
}

/// Makes a user's roles among `held` into `wanted`.
fn set_roles(
    tx: &Transaction,
    user_id: i64,
    held: &BTreeSet<Role>,
    wanted: &BTreeSet<Role>,
) -> Result<()> {
    for r in held.difference(wanted) {
        tx.execute(
            "DELETE FROM user_role WHERE user_id = ?1 AND role = ?2",
            params![user_id, r.as_str()],
        )?;
    }
    for r in wanted.difference(held) {
        tx.execute(
            "INSERT OR IGNORE INTO user_role (user_id, role) VALUES (?1, ?2)",
            params![user_id, r.as_str()],
        )?;
    }
    Ok(())
}

/// The classes of a year by their class teacher.
fn homerooms(tx: &Transaction, year: i64) -> Result<HashMap<i64, Vec<ClassName>>> {
    let mut out: HashMap<i64, Vec<ClassName>> = HashMap::new();
    let mut st = tx.prepare(
        "SELECT teacher_id, grade, letter FROM class
         WHERE year_id = ?1 AND teacher_id IS NOT NULL ORDER BY grade, letter",
    )?;
    for r in st.query_map([year], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            ClassName {
                grade: r.get(1)?,
                letter: r.get(2)?,
            },
        ))
    })? {
        let (teacher, class) = r?;
        out.entry(teacher).or_default().push(class);
    }
    Ok(out)
}

/// Makes `homeroom` the only class of the year whose class teacher is `staff_id`.
fn set_homeroom(
    tx: &Transaction,
    actor: &Actor,
    at: &str,
    year: i64,
    staff_id: i64,
    homeroom: Option<&ClassName>,
) -> Result<()> {
    let keep = match homeroom {
        Some(h) => {
            let id = ensure_class(tx, actor, at, year, h)?;
            tx.execute(
                "UPDATE class SET teacher_id = ?1 WHERE id = ?2",
                params![staff_id, id],
            )?;
            Some(id)
        }
        None => None,
    };
    tx.execute(
        "UPDATE class SET teacher_id = NULL WHERE year_id = ?1 AND teacher_id = ?2 AND id IS NOT ?3",
        params![year, staff_id, keep],
    )?;
    Ok(())
}

/// A student's groups within one class, by name.
fn student_groups(tx: &Transaction, student_id: i64, class_id: i64) -> Result<BTreeSet<String>> {
    let mut st = tx.prepare_cached(
        "SELECT g.name FROM subgroup_member m JOIN subgroup g ON g.id = m.subgroup_id
         WHERE m.student_id = ?1 AND g.class_id = ?2",
    )?;
    let names = st
        .query_map(params![student_id, class_id], |r| r.get(0))?
        .collect::<rusqlite::Result<BTreeSet<String>>>()?;
    Ok(names)
}

/// Puts a student in exactly these groups of a class.
fn set_groups(
    tx: &Transaction,
    student_id: i64,
    class_id: i64,
    groups: &BTreeSet<String>,
) -> Result<()> {
    tx.execute(
        "DELETE FROM subgroup_member WHERE student_id = ?1
         AND subgroup_id IN (SELECT id FROM subgroup WHERE class_id = ?2)",
        params![student_id, class_id],
    )?;
    for g in groups {
        let sg = ensure_subgroup(tx, class_id, g)?;
        tx.execute(
            "INSERT OR IGNORE INTO subgroup_member (subgroup_id, student_id) VALUES (?1, ?2)",
            params![sg, student_id],
        )?;
    }
    Ok(())
}

fn add_student_account(
    tx: &Transaction,
    student_id: i64,
    login: &str,
    name: &FullName,
    at: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO users (login, student_id, display_name, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![login, student_id, name.short(), at],
    )?;
    let uid = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO user_role (user_id, role) VALUES (?1, 'student')",
        [uid],
    )?;
    Ok(())
}

fn add_parent_link(tx: &Transaction, user_id: i64, student_id: i64) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO user_role (user_id, role) VALUES (?1, 'parent')",
        [user_id],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO parent_child (user_id, student_id) VALUES (?1, ?2)",
        params![user_id, student_id],
    )?;
    Ok(())
}

fn insert_enrollment(
    tx: &Transaction,
    student_id: i64,
    class_id: i64,
    start: NaiveDate,
    kind: &str,
    order: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO enrollment (student_id, class_id, start_date, start_kind, start_order)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![student_id, class_id, fmt_date(start), kind, order],
    )?;
    Ok(())
}

fn close_enrollment(
    tx: &Transaction,
    student_id: i64,
    date: NaiveDate,
    kind: &str,
    order: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE enrollment SET end_date = ?2, end_kind = ?3, end_order = ?4
         WHERE student_id = ?1 AND end_date IS NULL",
        params![student_id, fmt_date(date), kind, order],
    )?;
    Ok(())
}

pub(crate) fn unknown_class(c: &ClassName) -> String {
    tr!(
        "класс {} не найден (классы создаются при импорте учеников)",
        "class {} not found (classes are created by the students import)",
        c
    )
}

pub(crate) fn class_id(tx: &Transaction, year: i64, c: &ClassName) -> Result<Option<i64>> {
    Ok(tx
        .query_row(
            "SELECT id FROM class WHERE year_id = ?1 AND grade = ?2 AND letter = ?3",
            params![year, c.grade, c.letter],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn ensure_class(
    tx: &Transaction,
    actor: &Actor,
    at: &str,
    year: i64,
    c: &ClassName,
) -> Result<i64> {
    if let Some(id) = class_id(tx, year, c)? {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO class (year_id, grade, letter) VALUES (?1, ?2, ?3)",
        params![year, c.grade, c.letter],
    )?;
    let id = tx.last_insert_rowid();
    record(
        tx,
        actor,
        at,
        &AuditEntry {
            action: "create",
            entity: "class",
            entity_id: Some(id),
            new: Some(c.to_string()),
            ..Default::default()
        },
    )?;
    Ok(id)
}

pub(crate) fn ensure_subgroup(tx: &Transaction, class_id: i64, name: &str) -> Result<i64> {
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM subgroup WHERE class_id = ?1 AND name = ?2",
            params![class_id, name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = id {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO subgroup (class_id, name) VALUES (?1, ?2)",
        params![class_id, name],
    )?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// The account of a staff member, as the actor of their own entries.
    pub fn actor_for_staff(&self, staff_id: i64) -> Result<Actor> {
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

    /// Every student's stays, by student.
    pub fn all_histories(&self) -> Result<HashMap<i64, Vec<Stay>>> {
        let mut out: HashMap<i64, Vec<Stay>> = HashMap::new();
        let mut st = self.conn.prepare(
            "SELECT student_id, class_id, start_date, end_date FROM enrollment ORDER BY start_date",
        )?;
        for r in st.query_map([], |r| {
            let end: Option<String> = r.get(3)?;
            Ok((
                r.get::<_, i64>(0)?,
                Stay {
                    class_id: r.get(1)?,
                    start: parse_date(&r.get::<_, String>(2)?)?,
                    end: end.map(|e| parse_date(&e)).transpose()?,
                },
            ))
        })? {
            let (s, stay) = r?;
            out.entry(s).or_default().push(stay);
        }
        Ok(out)
    }

    /// Students enrolled in a class now, in journal order.
    pub fn class_students(&self, class_id: i64) -> Result<Vec<StudentRef>> {
        let mut st = self.conn.prepare_cached(
            "SELECT s.id, s.last_name, s.first_name, s.patronymic FROM student s
             JOIN enrollment e ON e.student_id = s.id WHERE e.class_id = ?1 AND e.end_date IS NULL",
        )?;
        let mut rows = st
            .query_map([class_id], |r| {
                Ok(StudentRef {
                    id: r.get(0)?,
                    name: FullName::new(
                        &r.get::<_, String>(1)?,
                        &r.get::<_, String>(2)?,
                        &r.get::<_, String>(3)?,
                    ),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.sort_by_cached_key(|s| sort_key(&s.name));
        Ok(rows)
    }

    /// Students with an account of their own or a parent's account.
    pub fn students_with_accounts(&self) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare(
            "SELECT student_id FROM users WHERE student_id IS NOT NULL UNION SELECT student_id FROM parent_child",
        )?;
        let rows = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Store {
    pub fn class_teacher_name(&self, class_id: i64) -> Result<Option<FullName>> {
        Ok(self
            .conn
            .query_row(
                "SELECT t.last_name, t.first_name, t.patronymic FROM class c JOIN staff t ON t.id = c.teacher_id
                 WHERE c.id = ?1",
                [class_id],
                |r| Ok(FullName::new(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?, &r.get::<_, String>(2)?)),
            )
            .optional()?)
    }
}
