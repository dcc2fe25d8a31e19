//! Who may do what. Every interface asks this module before reading or writing.

use super::RuleError;
use super::roles::Role;
use crate::tr;

/// The user on whose behalf a change is made.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// `None` for the local operator who holds the journal file (init, import, demo).
    pub user_id: Option<i64>,
    pub login: String,
    pub staff_id: Option<i64>,
    pub roles: Vec<Role>,
}

impl Actor {
    /// The person running a local command on the journal file itself.
    pub fn local_operator() -> Actor {
        Actor {
            user_id: None,
            login: "local".into(),
            staff_id: None,
            roles: vec![Role::Admin],
        }
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// The lesson being written to: its course's teacher and its substitute, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LessonOwner {
    pub course_teacher: i64,
    pub substitute: Option<i64>,
}

/// Marks, attendance, topic and homework of a lesson: its course's teacher, or the
/// substitute assigned to that lesson.
pub fn may_enter_lesson(actor: &Actor, owner: LessonOwner) -> Result<(), RuleError> {
    let Some(staff) = actor.staff_id else {
        return Err(forbidden_lesson());
    };
    if owner.course_teacher == staff || owner.substitute == Some(staff) {
        Ok(())
    } else {
        Err(forbidden_lesson())
    }
}

fn forbidden_lesson() -> RuleError {
    RuleError::Forbidden(tr!(
        "вносить данные в урок может только учитель курса или заменяющий учитель",
        "only the course's teacher or the lesson's substitute may enter its data"
    ))
}

/// School structure: people, classes, courses, timetable, imports.
pub fn may_administer(actor: &Actor) -> Result<(), RuleError> {
    if actor.has(Role::Admin) {
        Ok(())
    } else {
        Err(RuleError::Forbidden(tr!(
            "это может делать только администратор",
            "only an administrator may do this"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn teacher(staff: i64) -> Actor {
        Actor {
            user_id: Some(staff),
            login: format!("t{staff}"),
            staff_id: Some(staff),
            roles: vec![Role::Teacher],
        }
    }

    #[test]
    fn course_teacher_and_substitute_may_enter() {
        let owner = LessonOwner {
            course_teacher: 1,
            substitute: Some(2),
        };
        assert_eq!(may_enter_lesson(&teacher(1), owner), Ok(()));
        assert_eq!(may_enter_lesson(&teacher(2), owner), Ok(()));
        assert!(may_enter_lesson(&teacher(3), owner).is_err());
    }

    #[test]
    fn non_staff_never_enter_lessons() {
        let parent = Actor {
            user_id: Some(9),
            login: "parent".into(),
            staff_id: None,
            roles: vec![Role::Parent],
        };
        let owner = LessonOwner {
            course_teacher: 1,
            substitute: None,
        };
        assert!(may_enter_lesson(&parent, owner).is_err());
        assert!(may_enter_lesson(&Actor::local_operator(), owner).is_err());
    }

    #[test]
    fn only_admin_administers() {
        assert_eq!(may_administer(&Actor::local_operator()), Ok(()));
        assert!(may_administer(&teacher(1)).is_err());
    }
}
