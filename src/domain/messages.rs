//! Messages (сообщения): who may start a conversation with whom. The store finds the
//! ties between two people (who teaches whose child); these rules decide.

use super::RuleError;
use super::policy::Actor;
use super::roles::Role;
use crate::tr;

/// What a person is, for messaging: one account may be several (a teacher who is also
/// a parent).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Party {
    /// Administrator, director or deputy.
    pub administration: bool,
    pub staff: bool,
    pub parent: bool,
    pub student: bool,
}

impl Party {
    /// From an account's roles; `staff` when it belongs to a member of staff (a class
    /// teacher is one whatever the role list says).
    pub fn new(roles: &[Role], staff: bool) -> Party {
        let has = |r| roles.contains(&r);
        let administration = has(Role::Admin) || has(Role::Director) || has(Role::Deputy);
        Party {
            administration,
            staff: staff || administration || has(Role::Teacher) || has(Role::ClassTeacher),
            parent: has(Role::Parent),
            student: has(Role::Student),
        }
    }

    pub fn of(actor: &Actor) -> Party {
        Party::new(&actor.roles, actor.staff_id.is_some())
    }
}

/// What ties the writer to the person written to, this school year.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ties {
    /// The recipient teaches a course of the writer's child, or of the writer (a student).
    pub teaches_writers_family: bool,
    /// The recipient is the class teacher of the writer's child, or of the writer.
    pub class_teacher_of_writers_family: bool,
    /// The recipient is a parent of a student the writer teaches.
    pub parent_of_writers_student: bool,
    /// The recipient is a parent of a student of the writer's own class.
    pub parent_in_writers_class: bool,
}

/// Whether `from` may start a conversation with `to`. Once a conversation exists,
/// everyone in it may answer.
///
/// - the administration writes to anyone, and the staff to the administration;
/// - a parent or a student writes to a teacher of the child's courses and to the
///   class teacher;
/// - a teacher writes to the parents of a student of their courses, a class teacher
///   to the parents of their class;
/// - nobody else: a student never writes to another student.
pub fn may_write(from: &Party, to: &Party, ties: &Ties) -> Result<(), RuleError> {
    if from.administration || (from.staff && to.administration) {
        return Ok(());
    }
    if from.student && to.student && !from.staff && !to.staff {
        return Err(RuleError::Forbidden(tr!(
            "ученик не может писать другому ученику",
            "a student cannot write to another student"
        )));
    }
    let family_to_teacher = (from.parent || from.student)
        && to.staff
        && (ties.teaches_writers_family || ties.class_teacher_of_writers_family);
    let teacher_to_parent =
        from.staff && to.parent && (ties.parent_of_writers_student || ties.parent_in_writers_class);
    if family_to_teacher || teacher_to_parent {
        return Ok(());
    }
    Err(RuleError::Forbidden(tr!(
        "писать можно учителям своих предметов и классному руководителю, учителю — родителям своих учеников, администрации — всем",
        "you may write to the teachers of your courses and your class teacher; a teacher to the parents of their students; the administration to anyone"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: Party = Party {
        administration: true,
        staff: true,
        parent: false,
        student: false,
    };
    const TEACHER: Party = Party {
        administration: false,
        staff: true,
        parent: false,
        student: false,
    };
    const PARENT: Party = Party {
        administration: false,
        staff: false,
        parent: true,
        student: false,
    };
    const STUDENT: Party = Party {
        administration: false,
        staff: false,
        parent: false,
        student: true,
    };
    /// A teacher whose own child is at the school.
    const TEACHER_PARENT: Party = Party {
        parent: true,
        ..TEACHER
    };

    const NONE: Ties = Ties {
        teaches_writers_family: false,
        class_teacher_of_writers_family: false,
        parent_of_writers_student: false,
        parent_in_writers_class: false,
    };
    const TEACHES_CHILD: Ties = Ties {
        teaches_writers_family: true,
        ..NONE
    };
    const CLASS_TEACHER_OF_CHILD: Ties = Ties {
        class_teacher_of_writers_family: true,
        ..NONE
    };
    const PARENT_OF_PUPIL: Ties = Ties {
        parent_of_writers_student: true,
        ..NONE
    };
    const PARENT_IN_CLASS: Ties = Ties {
        parent_in_writers_class: true,
        ..NONE
    };

    #[test]
    fn who_may_write_to_whom() {
        let parties = [
            ("admin", ADMIN),
            ("teacher", TEACHER),
            ("parent", PARENT),
            ("student", STUDENT),
            ("teacher+parent", TEACHER_PARENT),
        ];
        let ties = [
            ("none", NONE),
            ("teaches child", TEACHES_CHILD),
            ("class teacher of child", CLASS_TEACHER_OF_CHILD),
            ("parent of pupil", PARENT_OF_PUPIL),
            ("parent in class", PARENT_IN_CLASS),
        ];
        // expected[from][to][tie]: may `from` write to `to` when they are tied so.
        // Ties that cannot hold between two parties (a parent does not teach) are
        // still listed: the rules must not let them through either.
        #[rustfmt::skip]
        let expected: [[[bool; 5]; 5]; 5] = [
            // admin → anyone, whatever the ties
            [[true; 5], [true; 5], [true; 5], [true; 5], [true; 5]],
            // teacher →
            [
                [true; 5],                              // the administration
                [false; 5],                             // another teacher
                [false, false, false, true, true],      // a parent: of own pupil or class
                [false; 5],                             // a student: only answers
                [false, false, false, true, true],      // a teacher who is a parent
            ],
            // parent →
            [
                [false, true, true, false, false],      // the administration, as a teacher of the child
                [false, true, true, false, false],      // the child's teacher / class teacher
                [false; 5],                             // another parent
                [false; 5],                             // a student
                [false, true, true, false, false],
            ],
            // student →
            [
                [false, true, true, false, false],
                [false, true, true, false, false],
                [false; 5],
                [false; 5],                             // never another student
                [false, true, true, false, false],
            ],
            // teacher who is also a parent →
            [
                [true; 5],
                [false, true, true, false, false],      // as a parent, to the child's teacher
                [false, false, false, true, true],
                [false; 5],
                [false, true, true, true, true],
            ],
        ];
        for (f, (from_name, from)) in parties.iter().enumerate() {
            for (t, (to_name, to)) in parties.iter().enumerate() {
                for (k, (tie_name, tie)) in ties.iter().enumerate() {
                    assert_eq!(
                        may_write(from, to, tie).is_ok(),
                        expected[f][t][k],
                        "{from_name} → {to_name} ({tie_name})"
                    );
                }
            }
        }
    }

    #[test]
    fn a_student_is_told_why() {
        let Err(e) = may_write(&STUDENT, &STUDENT, &TEACHES_CHILD) else {
            panic!("a student wrote to a student");
        };
        assert!(e.to_string().contains("student") || e.to_string().contains("ученик"));
    }

    #[test]
    fn parties_from_roles() {
        assert_eq!(Party::new(&[Role::Deputy], false), ADMIN);
        assert_eq!(
            Party::new(&[Role::Teacher, Role::ClassTeacher], true),
            TEACHER
        );
        assert_eq!(Party::new(&[Role::Parent], false), PARENT);
        assert_eq!(Party::new(&[Role::Student], false), STUDENT);
    }
}
