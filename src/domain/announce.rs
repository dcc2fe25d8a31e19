//! Announcements (объявления): who may post them to whom, and whom they reach.

use super::RuleError;
use super::policy::Actor;
use super::roles::Role;
use crate::domain::ids::ClassId;
use crate::tr;

/// Whom an announcement is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Audience {
    /// Everyone: staff, parents and students.
    School,
    /// The staff room: every member of staff.
    Staff,
    /// One class: its parents and students (and the staff).
    Class(ClassId),
    /// Every class of a grade (parallel).
    Grade(i64),
}

impl Audience {
    /// As stored: the kind, and the class or grade.
    pub fn kind(&self) -> &'static str {
        match self {
            Audience::School => "school",
            Audience::Staff => "staff",
            Audience::Class(_) => "class",
            Audience::Grade(_) => "grade",
        }
    }
}

/// What a reader belongs to, for deciding what reaches them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReaderScope {
    pub staff: bool,
    /// The classes of the reader's children, their own class (a student), or the
    /// classes they are class teacher of.
    pub classes: Vec<ClassId>,
    /// The grades of those classes.
    pub grades: Vec<i64>,
}

fn administration(actor: &Actor) -> bool {
    actor.has(Role::Admin) || actor.has(Role::Director) || actor.has(Role::Deputy)
}

/// The administration (administrator, director, deputies) post to anyone; a class
/// teacher posts to their own class.
pub fn may_announce(actor: &Actor, audience: &Audience) -> Result<(), RuleError> {
    if administration(actor) {
        return Ok(());
    }
    match audience {
        Audience::Class(c) if actor.homeroom.contains(c) => Ok(()),
        Audience::Class(_) => Err(RuleError::Forbidden(tr!(
            "классный руководитель пишет объявления только своему классу",
            "a class teacher posts announcements to their own class only"
        ))),
        _ => Err(RuleError::Forbidden(tr!(
            "объявления для всей школы, учительской и параллели пишет администрация",
            "announcements to the school, the staff room or a grade are the administration's"
        ))),
    }
}

/// Whether an announcement reaches a reader. The staff see every class's and grade's
/// announcements too: they teach there.
pub fn reaches(audience: &Audience, reader: &ReaderScope) -> bool {
    match audience {
        Audience::School => true,
        Audience::Staff => reader.staff,
        Audience::Class(c) => reader.staff || reader.classes.contains(c),
        Audience::Grade(g) => reader.staff || reader.grades.contains(g),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{StaffId, StudentId, UserId};

    fn actor(roles: &[Role], homeroom: &[i64]) -> Actor {
        Actor {
            user_id: Some(UserId(1)),
            login: "x".into(),
            staff_id: Some(StaffId(1)),
            roles: roles.to_vec(),
            homeroom: homeroom.iter().copied().map(ClassId).collect(),
            ..Actor::default()
        }
    }

    #[test]
    fn who_may_post_to_whom() {
        let all = [
            Audience::School,
            Audience::Staff,
            Audience::Class(ClassId(7)),
            Audience::Class(ClassId(8)),
            Audience::Grade(7),
        ];
        // (who, which of `all` they may post to)
        let cases: [(Actor, [bool; 5]); 6] = [
            (actor(&[Role::Admin], &[]), [true; 5]),
            (actor(&[Role::Director], &[]), [true; 5]),
            (actor(&[Role::Deputy], &[]), [true; 5]),
            (
                actor(&[Role::Teacher, Role::ClassTeacher], &[7]),
                [false, false, true, false, false],
            ),
            (actor(&[Role::Teacher], &[]), [false; 5]),
            (
                Actor {
                    staff_id: None,
                    roles: vec![Role::Parent],
                    children: vec![StudentId(1)],
                    ..actor(&[], &[])
                },
                [false; 5],
            ),
        ];
        for (who, allowed) in cases {
            for (a, ok) in all.iter().zip(allowed) {
                assert_eq!(may_announce(&who, a).is_ok(), ok, "{:?} → {a:?}", who.roles);
            }
        }
    }

    #[test]
    fn what_reaches_whom() {
        let parent_of_7 = ReaderScope {
            staff: false,
            classes: vec![ClassId(7)],
            grades: vec![5],
        };
        let teacher = ReaderScope {
            staff: true,
            ..ReaderScope::default()
        };
        assert!(reaches(&Audience::School, &parent_of_7));
        assert!(!reaches(&Audience::Staff, &parent_of_7));
        assert!(reaches(&Audience::Class(ClassId(7)), &parent_of_7));
        assert!(!reaches(&Audience::Class(ClassId(8)), &parent_of_7));
        assert!(reaches(&Audience::Grade(5), &parent_of_7));
        assert!(!reaches(&Audience::Grade(6), &parent_of_7));
        for a in [
            Audience::School,
            Audience::Staff,
            Audience::Class(ClassId(8)),
            Audience::Grade(6),
        ] {
            assert!(reaches(&a, &teacher), "{a:?}");
        }
    }
}
