//! Who a user may start a conversation with: the accounts messaging knows, and the
//! ties between them today (courses taught, homerooms, children).

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};

use crate::domain::ids::{StaffId, StudentId, UserId};
use crate::domain::messages::{Party, Ties, may_write};
use crate::domain::policy::Actor;
use crate::domain::roles::Role;
use crate::i18n::pick;
use crate::store::{Result, Store, StoreError, fmt_date};
use crate::tr;

/// Someone the user may start a conversation with.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub user_id: UserId,
    pub login: String,
    pub name: String,
    /// Why: «Алгебра, Геометрия», «классный руководитель 7Б», «родитель: Петров Иван, 7Б».
    pub note: String,
}

/// An account as messaging needs it.
pub(super) struct Person {
    pub(super) id: UserId,
    pub(super) login: String,
    pub(super) name: String,
    pub(super) staff_id: Option<StaffId>,
    pub(super) party: Party,
    pub(super) children: Vec<StudentId>,
}

/// Who the writer is tied to today.
#[derive(Default)]
pub(super) struct Circle {
    /// Teachers of the writer's children's (or own) courses, with their subjects.
    teachers: HashMap<StaffId, Vec<String>>,
    /// Class teachers of the writer's children (or own class), with the class.
    class_teachers: HashMap<StaffId, String>,
    /// Students the writer teaches.
    taught: HashSet<StudentId>,
    /// Students of the writer's own class.
    homeroom: HashSet<StudentId>,
}

impl Circle {
    pub(super) fn ties(&self, to: &Person) -> Ties {
        let staff = |set: &dyn Fn(StaffId) -> bool| to.staff_id.is_some_and(set);
        Ties {
            teaches_writers_family: staff(&|s| self.teachers.contains_key(&s)),
            class_teacher_of_writers_family: staff(&|s| self.class_teachers.contains_key(&s)),
            parent_of_writers_student: to.children.iter().any(|c| self.taught.contains(c)),
            parent_in_writers_class: to.children.iter().any(|c| self.homeroom.contains(c)),
        }
    }
}

impl Store {
    /// Active accounts as messaging sees them: all of them, or only `only`.
    pub(super) fn people(&self, only: Option<&[UserId]>) -> Result<Vec<Person>> {
        // The ids as a JSON array for `json_each`; NULL: everyone.
        let only: Option<String> = only.map(|ids| {
            let ids: Vec<String> = ids.iter().map(UserId::to_string).collect();
            format!("[{}]", ids.join(","))
        });
        let mut children: HashMap<UserId, Vec<StudentId>> = HashMap::new();
        let mut st = self.conn.prepare_cached(
            "SELECT user_id, student_id FROM parent_child
             WHERE ?1 IS NULL OR user_id IN (SELECT value FROM json_each(?1))",
        )?;
        for row in st.query_map([&only], |r| {
            Ok((r.get::<_, UserId>(0)?, r.get::<_, StudentId>(1)?))
        })? {
            let (u, s) = row?;
            children.entry(u).or_default().push(s);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT u.id, u.login, u.display_name, u.staff_id,
                    (SELECT group_concat(role) FROM user_role r WHERE r.user_id = u.id)
             FROM users u
             WHERE u.active = 1 AND (?1 IS NULL OR u.id IN (SELECT value FROM json_each(?1)))
             ORDER BY u.display_name, u.login",
        )?;
        let rows = st.query_map([&only], |r| {
            let roles: Option<String> = r.get(4)?;
            let roles: Vec<Role> = roles
                .unwrap_or_default()
                .split(',')
                .filter_map(Role::parse)
                .collect();
            let staff_id: Option<StaffId> = r.get(3)?;
            let id: UserId = r.get(0)?;
            Ok(Person {
                id,
                login: r.get(1)?,
                name: r.get(2)?,
                staff_id,
                party: Party::new(&roles, staff_id.is_some()),
                children: children.get(&id).cloned().unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The writer's ties today: their family's teachers and class teachers, the
    /// students they teach, the students of their class.
    pub(super) fn circle(&self, actor: &Actor) -> Result<Circle> {
        let mut c = Circle::default();
        let today = fmt_date(self.today());
        let mut family = actor.children.clone();
        family.extend(actor.student_id);
        // Where a student is today: whichever year's class they are enrolled in (after
        // a June year close, the closed year's until it ends).
        const CURRENT: &str = "e.start_date <= ?2 AND (e.end_date IS NULL OR e.end_date > ?2)";
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT co.teacher_id, sb.name FROM enrollment e
             JOIN class cl ON cl.id = e.class_id
             JOIN course co ON co.class_id = cl.id
             JOIN subject sb ON sb.id = co.subject_id
             WHERE e.student_id = ?1 AND {CURRENT}
               AND (co.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member m
                    WHERE m.subgroup_id = co.subgroup_id AND m.student_id = e.student_id))
             ORDER BY sb.name"
        ))?;
        for s in &family {
            for row in st.query_map(params![s, today], |r| {
                Ok((r.get::<_, StaffId>(0)?, r.get::<_, String>(1)?))
            })? {
                let (teacher, subject) = row?;
                let subjects = c.teachers.entry(teacher).or_default();
                if !subjects.contains(&subject) {
                    subjects.push(subject);
                }
            }
        }
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT cl.teacher_id, cl.grade || cl.letter FROM enrollment e
             JOIN class cl ON cl.id = e.class_id
             WHERE e.student_id = ?1 AND cl.teacher_id IS NOT NULL AND {CURRENT}"
        ))?;
        for s in &family {
            for row in st.query_map(params![s, today], |r| {
                Ok((r.get::<_, StaffId>(0)?, r.get::<_, String>(1)?))
            })? {
                let (teacher, class) = row?;
                c.class_teachers.insert(teacher, class);
            }
        }
        if let Some(staff) = actor.staff_id {
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT DISTINCT e.student_id FROM course co
                 JOIN class cl ON cl.id = co.class_id
                 JOIN enrollment e ON e.class_id = cl.id
                 WHERE co.teacher_id = ?1 AND {CURRENT}
                   AND (co.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member m
                        WHERE m.subgroup_id = co.subgroup_id AND m.student_id = e.student_id))"
            ))?;
            for row in st.query_map(params![staff, today], |r| r.get::<_, StudentId>(0))? {
                c.taught.insert(row?);
            }
        }
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT e.student_id FROM enrollment e JOIN class cl ON cl.id = e.class_id
             WHERE cl.id = ?1 AND {CURRENT}"
        ))?;
        for class in &actor.homeroom {
            for row in st.query_map(params![class, today], |r| r.get::<_, StudentId>(0))? {
                c.homeroom.insert(row?);
            }
        }
        Ok(c)
    }

    /// Whom the user may start a conversation with, by name.
    pub fn contacts(&self, actor: &Actor) -> Result<Vec<Contact>> {
        let me = actor.user_id.ok_or(StoreError::NoAccount)?;
        let from = Party::of(actor);
        let circle = self.circle(actor)?;
        let mut names: HashMap<StudentId, String> = HashMap::new();
        let mut out = Vec::new();
        for p in self.people(None)? {
            if p.id == me || may_write(&from, &p.party, &circle.ties(&p)).is_err() {
                continue;
            }
            let mut notes = Vec::new();
            if let Some(s) = p.staff_id {
                if let Some(class) = circle.class_teachers.get(&s) {
                    notes.push(tr!(
                        "классный руководитель {}",
                        "class teacher of {}",
                        class
                    ));
                }
                if let Some(subjects) = circle.teachers.get(&s) {
                    notes.push(subjects.join(", "));
                }
            }
            for child in &p.children {
                if circle.taught.contains(child) || circle.homeroom.contains(child) {
                    let name = match names.get(child) {
                        Some(n) => n.clone(),
                        None => {
                            let n = self.student_label(*child)?;
                            names.insert(*child, n.clone());
                            n
                        }
                    };
                    notes.push(tr!("родитель: {}", "parent of {}", name));
                }
            }
            if notes.is_empty() {
                let what = if p.party.administration {
                    pick("администрация", "administration")
                } else if p.party.staff {
                    pick("учитель", "teacher")
                } else if p.party.parent {
                    pick("родитель", "parent")
                } else {
                    pick("ученик", "student")
                };
                notes.push(what.into());
            }
            out.push(Contact {
                user_id: p.id,
                login: p.login,
                name: p.name,
                note: notes.join("; "),
            });
        }
        Ok(out)
    }

    /// «Петров Иван, 7Б».
    fn student_label(&self, student: StudentId) -> Result<String> {
        let name = self.student_name(student)?;
        let class: Option<String> = self
            .row(
                "SELECT cl.grade || cl.letter FROM enrollment e JOIN class cl ON cl.id = e.class_id
                 WHERE e.student_id = ?1 ORDER BY e.start_date DESC LIMIT 1",
                [student],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match class {
            Some(c) => format!("{}, {c}", name.short()),
            None => name.short(),
        })
    }
}
