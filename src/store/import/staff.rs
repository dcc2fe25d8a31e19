//! The staff list: accounts, roles and homerooms as the school office keeps them.

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, params};

use super::ImportFailed;
use crate::domain::audit::{Action, Entity};
use crate::domain::class_name::ClassName;
use crate::domain::ids::{StaffId, UserId};
use crate::domain::names::FullName;
use crate::domain::policy::Actor;
use crate::domain::roles::Role;
use crate::i18n::pick;
use crate::import::compare::{Diff, roles_text};
use crate::import::outcome::{Applied, RowStatus};
use crate::import::records::StaffRow;
use crate::store::audit::{AuditEntry, record};
use crate::store::classes::{class_id, ensure_class, new_class_note, no_such_class};
use crate::store::{Result, Store};
use crate::tr;

impl Store {
    /// Imports a staff list: new people get an account, listed people are brought in
    /// line with the file (name, roles, homeroom); rows already as the file says are
    /// left alone, unwritten and unaudited. A column the file lacks (patronymic, roles,
    /// homeroom) leaves what the journal holds. A homeroom the school lacks is an error
    /// unless `new_classes`: then the class is made.
    pub fn import_staff(
        &mut self,
        actor: &Actor,
        file: &str,
        rows: &[StaffRow],
        new_classes: bool,
        dry_run: bool,
    ) -> Result<Applied, ImportFailed> {
        let year = self.current_year()?.id;
        self.import_tx(actor, file, dry_run, |tx, at, errs| {
            let mut applied = Applied::default();
            let mut made: HashSet<ClassName> = HashSet::new();
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
                if let Some(Some(h)) = &row.homeroom
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
                let existing: Option<(UserId, Option<StaffId>)> = tx
                    .query_row(
                        "SELECT id, staff_id FROM users WHERE login = ?1",
                        [&row.login],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                if let Some(Some(h)) = &row.homeroom
                    && class_id(tx, year, h)?.is_none()
                {
                    if !new_classes {
                        errs.add(row.line, no_such_class(h));
                        continue;
                    }
                    if made.insert(h.clone()) {
                        applied.notes.push((row.line, new_class_note(h)));
                    }
                }
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
                        let homeroom = row.homeroom.clone().flatten();
                        let mut wanted: BTreeSet<Role> = match &row.roles {
                            Some(r) => r.iter().copied().collect(),
                            None => BTreeSet::from([Role::Teacher]),
                        };
                        if homeroom.is_some() {
                            wanted.insert(Role::ClassTeacher);
                        }
                        let homeroom_text = homeroom.as_ref().map(|h| h.to_string()).unwrap_or_default();
                        tx.execute(
                            "INSERT INTO staff (last_name, first_name, patronymic) VALUES (?1, ?2, ?3)",
                            params![row.name.last, row.name.first, row.name.patronymic],
                        )?;
                        let sid = StaffId(tx.last_insert_rowid());
                        tx.execute(
                            "INSERT INTO users (login, staff_id, display_name, created_at)
                             VALUES (?1, ?2, ?3, ?4)",
                            params![row.login, sid, row.name.initials(), at],
                        )?;
                        let uid = UserId(tx.last_insert_rowid());
                        set_roles(tx, uid, &BTreeSet::new(), &wanted)?;
                        set_homeroom(tx, actor, at, year, sid, homeroom.as_ref())?;
                        let mut what = format!("{} {} [{}]", row.login, row.name.full(), roles_text(&without_ct(&wanted)));
                        if let Some(h) = &homeroom {
                            what.push_str(&tr!(", классный руководитель {}", ", class teacher of {}", h));
                        }
                        applied.push(row.line, RowStatus::New, what);
                        record(
                            tx,
                            actor,
                            at,
                            &AuditEntry {
                                entity_id: Some(sid.0),
                                new: Some(staff_state(&row.login, &row.name, &wanted, &homeroom_text)),
                                ..AuditEntry::new(Action::Import, Entity::Staff)
                            },
                        )?;
                    }
                    Some((uid, Some(sid))) => {
                        let old_name: FullName = tx.query_row(
                            "SELECT last_name, first_name, patronymic FROM staff WHERE id = ?1",
                            [sid],
                            |r| Ok(FullName::new(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?, &r.get::<_, String>(2)?)),
                        )?;
                        // The roles the file speaks for: the staff roles, and whatever
                        // else it lists (a teacher who is also a parent keeps `parent`).
                        let held: BTreeSet<Role> = user_roles(tx, uid)?
                            .into_iter()
                            .filter(|r| STAFF_ROLES.contains(r) || row.roles.as_ref().is_some_and(|w| w.contains(r)))
                            .collect();
                        let old_homeroom = homerooms_before
                            .get(&sid)
                            .map(|cs| cs.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" "))
                            .unwrap_or_default();
                        // What the file does not say stays as it is.
                        let mut new_name = row.name.clone();
                        if !row.patronymic_given {
                            new_name.patronymic = old_name.patronymic.clone();
                        }
                        let mut wanted: BTreeSet<Role> = match &row.roles {
                            Some(r) => r.iter().copied().collect(),
                            None => without_ct(&held),
                        };
                        let homeroom_text = match &row.homeroom {
                            Some(h) => h.as_ref().map(|h| h.to_string()).unwrap_or_default(),
                            None => old_homeroom.clone(),
                        };
                        let class_teacher = match &row.homeroom {
                            Some(h) => h.is_some(),
                            None => held.contains(&Role::ClassTeacher),
                        };
                        if class_teacher {
                            wanted.insert(Role::ClassTeacher);
                        }
                        let name = old_name;
                        let row_name = &new_name;
                        let mut d = Diff::default();
                        d.field(pick("ФИО", "name"), &name.full(), &row_name.full());
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
                            applied.push(row.line, RowStatus::Unchanged, format!("{} {}", row.login, row_name.full()));
                            continue;
                        }
                        if name != *row_name {
                            tx.execute(
                                "UPDATE staff SET last_name = ?1, first_name = ?2, patronymic = ?3 WHERE id = ?4",
                                params![row_name.last, row_name.first, row_name.patronymic, sid],
                            )?;
                            tx.execute(
                                "UPDATE users SET display_name = ?1 WHERE id = ?2",
                                params![row_name.initials(), uid],
                            )?;
                        }
                        set_roles(tx, uid, &held, &wanted)?;
                        if let Some(h) = &row.homeroom
                            && old_homeroom != homeroom_text
                        {
                            set_homeroom(tx, actor, at, year, sid, h.as_ref())?;
                        }
                        applied.push(row.line, RowStatus::Changed, format!("{}: {}", row.login, d.text()));
                        record(
                            tx,
                            actor,
                            at,
                            &AuditEntry {
                                entity_id: Some(sid.0),
                                old: Some(staff_state(&row.login, &name, &held, &old_homeroom)),
                                new: Some(staff_state(&row.login, row_name, &wanted, &homeroom_text)),
                                ..AuditEntry::new(Action::Import, Entity::Staff)
                            },
                        )?;
                    }
                }
            }
            Ok(applied)
        })
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

fn user_roles(tx: &Transaction, user_id: UserId) -> Result<BTreeSet<Role>> {
    let mut st = tx.prepare_cached("SELECT role FROM user_role WHERE user_id = ?1")?;
    let roles = st
        .query_map([user_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(roles.iter().filter_map(|r| Role::parse(r)).collect())
}

/// Makes a user's roles among `held` into `wanted`.
fn set_roles(
    tx: &Transaction,
    user_id: UserId,
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
fn homerooms(tx: &Transaction, year: i64) -> Result<HashMap<StaffId, Vec<ClassName>>> {
    let mut out: HashMap<StaffId, Vec<ClassName>> = HashMap::new();
    let mut st = tx.prepare(
        "SELECT teacher_id, grade, letter FROM class
         WHERE year_id = ?1 AND teacher_id IS NOT NULL ORDER BY grade, letter",
    )?;
    for r in st.query_map([year], |r| {
        Ok((
            r.get::<_, StaffId>(0)?,
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
    at: &crate::store::audit::Stamp,
    year: i64,
    staff_id: StaffId,
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
