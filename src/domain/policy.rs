//! Who may do what. One policy for every interface: the screens, every command and the
//! exports ask these functions, and the store asks them again before it reads or writes.

use super::RuleError;
use super::roles::Role;
use crate::domain::ids::{ClassId, StaffId, StudentId, UserId};
use crate::tr;

/// The user on whose behalf something is read or changed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Actor {
    /// `None` for the local operator who holds the journal file (init, import, demo).
    pub user_id: Option<UserId>,
    pub login: String,
    pub staff_id: Option<StaffId>,
    pub roles: Vec<Role>,
    /// Classes this user is the class teacher of.
    pub homeroom: Vec<ClassId>,
    /// Students this user is a parent of.
    pub children: Vec<StudentId>,
    /// The student this account belongs to.
    pub student_id: Option<StudentId>,
}

impl Actor {
    /// The person running a local command on the journal file itself: whoever can open
    /// the file can change it anyway, so they act as an administrator.
    pub fn local_operator() -> Actor {
        Actor {
            login: "local".into(),
            roles: vec![Role::Admin],
            ..Actor::default()
        }
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Administration: director, deputy, administrator read everything.
    pub fn reads_everything(&self) -> bool {
        self.has(Role::Admin) || self.has(Role::Director) || self.has(Role::Deputy)
    }

    /// Parents and students: read only, their own data only.
    pub fn is_family(&self) -> bool {
        self.staff_id.is_none() && (self.has(Role::Parent) || self.has(Role::Student))
    }
}

/// A course as the policy needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CourseScope {
    pub teacher_id: StaffId,
    pub class_id: ClassId,
}

/// The lesson being written to: its course's teacher and its substitute, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LessonOwner {
    pub course_teacher: StaffId,
    pub substitute: Option<StaffId>,
}

fn forbidden(what: String) -> RuleError {
    RuleError::Forbidden(what)
}

/// Marks, attendance, topic and homework of a lesson: its course's teacher, or the
/// substitute assigned to that lesson (who may fill that lesson only).
pub fn may_enter_lesson(actor: &Actor, owner: LessonOwner) -> Result<(), RuleError> {
    let deny = || {
        forbidden(tr!(
            "вносить данные в урок может только учитель курса или заменяющий учитель",
            "only the course's teacher or the lesson's substitute may enter its data"
        ))
    };
    let Some(staff) = actor.staff_id else {
        return Err(deny());
    };
    if owner.course_teacher == staff || owner.substitute == Some(staff) {
        Ok(())
    } else {
        Err(deny())
    }
}

/// A course's journal page: its teacher, the class teacher of its class, and the
/// administration. Parents and students never see a journal page.
pub fn may_read_course(actor: &Actor, course: CourseScope) -> Result<(), RuleError> {
    if actor.reads_everything()
        || actor.staff_id == Some(course.teacher_id)
        || actor.homeroom.contains(&course.class_id)
    {
        Ok(())
    } else {
        Err(forbidden(tr!(
            "журнал этого курса доступен его учителю, классному руководителю и администрации",
            "this course's journal is open to its teacher, the class teacher and the administration"
        )))
    }
}

/// One student's data (the diary): the student, their parents, their class teacher
/// and the administration. Teachers read their students through their courses.
pub fn may_read_student(
    actor: &Actor,
    student_id: StudentId,
    class_id: Option<ClassId>,
) -> Result<(), RuleError> {
    if actor.reads_everything()
        || actor.student_id == Some(student_id)
        || actor.children.contains(&student_id)
        || class_id.is_some_and(|c| actor.homeroom.contains(&c))
    {
        Ok(())
    } else {
        Err(forbidden(tr!(
            "данные ученика доступны ему самому, его родителям, классному руководителю и администрации",
            "a student's data is open to the student, their parents, the class teacher and the administration"
        )))
    }
}

/// Marking absences excused, editing the students' data of a class: its class teacher.
pub fn may_manage_class(actor: &Actor, class_id: ClassId) -> Result<(), RuleError> {
    if actor.homeroom.contains(&class_id) || actor.has(Role::Admin) {
        Ok(())
    } else {
        Err(forbidden(tr!(
            "это может делать классный руководитель этого класса",
            "only this class's class teacher may do this"
        )))
    }
}

/// Locking and unlocking periods, assigning substitutions: deputy and director.
pub fn may_supervise(actor: &Actor) -> Result<(), RuleError> {
    if actor.has(Role::Deputy) || actor.has(Role::Director) {
        Ok(())
    } else {
        Err(forbidden(tr!(
            "это может делать заместитель директора или директор",
            "only a deputy director or the director may do this"
        )))
    }
}

/// An assessment event and its results: a course's interim assessment and school exam
/// are its teacher's (and a deputy's or the director's); the state exams' results and
/// the grade's interview and essay, entered from outside the lessons, a deputy's or the
/// director's.
pub fn may_set_assessment(
    actor: &Actor,
    by_teacher: bool,
    course_teacher: Option<StaffId>,
) -> Result<(), RuleError> {
    if may_supervise(actor).is_ok() {
        return Ok(());
    }
    match (by_teacher, actor.staff_id, course_teacher) {
        (true, Some(me), Some(teacher)) if me == teacher => Ok(()),
        (true, _, _) => Err(forbidden(tr!(
            "аттестацию курса ведёт его учитель, заместитель директора или директор",
            "a course's assessment is its teacher's, a deputy director's or the director's"
        ))),
        (false, _, _) => Err(forbidden(tr!(
            "результаты ОГЭ, ЕГЭ, собеседования и сочинения вносит заместитель директора или директор",
            "results of ОГЭ, ЕГЭ, the interview and the essay are entered by a deputy director or the director"
        ))),
    }
}

/// The school's calendar during the year (breaks, quarantines, excused and worked
/// days): administrator or deputy.
pub fn may_edit_calendar(actor: &Actor) -> Result<(), RuleError> {
    if actor.has(Role::Admin) || actor.has(Role::Deputy) {
        Ok(())
    } else {
        Err(forbidden(tr!(
            "календарь меняют администратор и заместитель директора",
            "the calendar is changed by the administrator or a deputy director"
        )))
    }
}

/// The school's list of work types and their weights: administrator or deputy.
pub fn may_edit_work_types(actor: &Actor) -> Result<(), RuleError> {
    if actor.has(Role::Admin) || actor.has(Role::Deputy) {
        Ok(())
    } else {
        Err(forbidden(tr!(
            "виды работ меняют администратор и заместитель директора",
            "work types are changed by the administrator or a deputy director"
        )))
    }
}

/// The audit log: administrator, deputy, director.
pub fn may_view_audit(actor: &Actor) -> Result<(), RuleError> {
    if actor.reads_everything() {
        Ok(())
    } else {
        Err(forbidden(tr!(
            "журнал изменений доступен администрации",
            "the audit log is open to the administration"
        )))
    }
}

/// School structure: people, accounts, classes, courses, timetable, imports, the year.
pub fn may_administer(actor: &Actor) -> Result<(), RuleError> {
    if actor.has(Role::Admin) {
        Ok(())
    } else {
        Err(forbidden(tr!(
            "это может делать только администратор",
            "only an administrator may do this"
        )))
    }
}

/// Uploading files into one's own folder on the server (to import them): the school's
/// staff. Families only download what was made for them.
pub fn may_upload_files(actor: &Actor) -> bool {
    !actor.is_family() && (actor.staff_id.is_some() || actor.has(Role::Admin))
}

/// A teacher's gaps: the teacher themself, and the administration (deputy, director,
/// administrator) for anyone.
pub fn may_see_gaps(actor: &Actor, staff_id: StaffId) -> Result<(), RuleError> {
    if actor.staff_id == Some(staff_id) || actor.reads_everything() {
        Ok(())
    } else {
        Err(forbidden(tr!(
            "список незаполненных уроков учителя видят он сам и администрация",
            "a teacher's unfilled lessons are shown to the teacher and the administration"
        )))
    }
}

/// Cancelling and restoring a lesson: the course's teacher, a deputy or the director.
/// A substitute does not: the lesson is not theirs to drop.
pub fn may_cancel(actor: &Actor, course_teacher: StaffId) -> Result<(), RuleError> {
    if actor.staff_id == Some(course_teacher) || may_supervise(actor).is_ok() {
        Ok(())
    } else {
        Err(forbidden(tr!(
            "отменить или восстановить урок может учитель курса, заместитель директора или директор",
            "only the course's teacher, a deputy director or the director may cancel or restore a lesson"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_upload_files_and_families_do_not() {
        for role in ["teacher", "class_teacher", "deputy", "director", "admin"] {
            assert!(may_upload_files(&actor(role)), "{role}");
        }
        for role in ["parent", "student"] {
            assert!(!may_upload_files(&actor(role)), "{role}");
        }
    }

    // The school of the matrix: class 7 (class teacher: staff 2) and class 8; course 70
    // of class 7 taught by staff 1; course 80 of class 8 taught by staff 3; a lesson of
    // course 80 substituted by staff 1. Students 100 (class 7) and 200 (class 8).
    const OWN_COURSE: CourseScope = CourseScope {
        teacher_id: StaffId(1),
        class_id: ClassId(7),
    };
    const OTHER_COURSE: CourseScope = CourseScope {
        teacher_id: StaffId(3),
        class_id: ClassId(8),
    };

    fn actor(role: &str) -> Actor {
        let base = Actor {
            user_id: Some(UserId(1)),
            login: role.into(),
            ..Actor::default()
        };
        match role {
            "teacher" => Actor {
                staff_id: Some(StaffId(1)),
                roles: vec![Role::Teacher],
                ..base
            },
            "class_teacher" => Actor {
                staff_id: Some(StaffId(2)),
                roles: vec![Role::Teacher, Role::ClassTeacher],
                homeroom: vec![ClassId(7)],
                ..base
            },
            "deputy" => Actor {
                staff_id: Some(StaffId(4)),
                roles: vec![Role::Deputy],
                ..base
            },
            "director" => Actor {
                staff_id: Some(StaffId(5)),
                roles: vec![Role::Director],
                ..base
            },
            "admin" => Actor {
                staff_id: Some(StaffId(6)),
                roles: vec![Role::Admin],
                ..base
            },
            "parent" => Actor {
                roles: vec![Role::Parent],
                children: vec![StudentId(100)],
                ..base
            },
            "student" => Actor {
                roles: vec![Role::Student],
                student_id: Some(StudentId(100)),
                ..base
            },
            other => panic!("no role {other}"),
        }
    }

    type Check = fn(&Actor) -> bool;

    /// Every action of the matrix, as a check on an actor.
    const ACTIONS: [(&str, Check); 14] = [
        ("read own course", |a| {
            may_read_course(a, OWN_COURSE).is_ok()
        }),
        ("read other course", |a| {
            may_read_course(a, OTHER_COURSE).is_ok()
        }),
        ("enter own lesson", |a| {
            may_enter_lesson(
                a,
                LessonOwner {
                    course_teacher: StaffId(1),
                    substitute: None,
                },
            )
            .is_ok()
        }),
        ("enter other's lesson", |a| {
            may_enter_lesson(
                a,
                LessonOwner {
                    course_teacher: StaffId(3),
                    substitute: None,
                },
            )
            .is_ok()
        }),
        ("enter substituted lesson", |a| {
            may_enter_lesson(
                a,
                LessonOwner {
                    course_teacher: StaffId(3),
                    substitute: Some(StaffId(1)),
                },
            )
            .is_ok()
        }),
        ("read student of class 7", |a| {
            may_read_student(a, StudentId(100), Some(ClassId(7))).is_ok()
        }),
        ("read student of class 8", |a| {
            may_read_student(a, StudentId(200), Some(ClassId(8))).is_ok()
        }),
        ("manage class 7", |a| {
            may_manage_class(a, ClassId(7)).is_ok()
        }),
        ("manage class 8", |a| {
            may_manage_class(a, ClassId(8)).is_ok()
        }),
        ("supervise (lock, substitute)", |a| may_supervise(a).is_ok()),
        ("view audit", |a| may_view_audit(a).is_ok()),
        ("administer", |a| may_administer(a).is_ok()),
        ("read class 7 course as homeroom", |a| {
            may_read_course(
                a,
                CourseScope {
                    teacher_id: StaffId(9),
                    class_id: ClassId(7),
                },
            )
            .is_ok()
        }),
        ("family member", |a| a.is_family()),
    ];

    #[test]
    fn every_role_against_every_action() {
        // Columns in the order of ACTIONS; 1 = allowed.
        let expected: [(&str, [u8; 14]); 7] = [
            ("teacher", [1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            ("class_teacher", [1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0]),
            ("deputy", [1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0]),
            ("director", [1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 1, 0]),
            ("admin", [1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0]),
            ("parent", [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
            ("student", [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
        ];
        let mut wrong = Vec::new();
        for (role, row) in expected {
            let a = actor(role);
            for ((name, check), want) in ACTIONS.iter().zip(row) {
                if check(&a) != (want == 1) {
                    wrong.push(format!(
                        "{role}: {name} should be {}",
                        if want == 1 { "allowed" } else { "denied" }
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn the_local_operator_administers() {
        assert_eq!(may_administer(&Actor::local_operator()), Ok(()));
        assert!(
            may_enter_lesson(
                &Actor::local_operator(),
                LessonOwner {
                    course_teacher: StaffId(1),
                    substitute: None
                }
            )
            .is_err()
        );
    }

    fn staff(id: i64, roles: Vec<Role>) -> Actor {
        Actor {
            user_id: Some(UserId(id)),
            login: format!("u{id}"),
            staff_id: Some(StaffId(id)),
            roles,
            ..Actor::default()
        }
    }

    #[test]
    fn who_sees_a_teachers_gaps() {
        assert!(may_see_gaps(&staff(1, vec![Role::Teacher]), StaffId(1)).is_ok());
        assert!(may_see_gaps(&staff(2, vec![Role::Teacher]), StaffId(1)).is_err());
        assert!(
            may_see_gaps(
                &staff(2, vec![Role::Teacher, Role::ClassTeacher]),
                StaffId(1)
            )
            .is_err()
        );
        for role in [Role::Deputy, Role::Director, Role::Admin] {
            assert!(
                may_see_gaps(&staff(3, vec![role]), StaffId(1)).is_ok(),
                "{role:?}"
            );
        }
        assert!(may_see_gaps(&Actor::local_operator(), StaffId(1)).is_ok());
    }

    #[test]
    fn who_cancels_a_lesson() {
        assert!(may_cancel(&staff(1, vec![Role::Teacher]), StaffId(1)).is_ok());
        assert!(may_cancel(&staff(2, vec![Role::Teacher]), StaffId(1)).is_err());
        assert!(may_cancel(&staff(3, vec![Role::Deputy]), StaffId(1)).is_ok());
        assert!(may_cancel(&staff(3, vec![Role::Director]), StaffId(1)).is_ok());
        // The administrator keeps the structure, not the lessons.
        assert!(may_cancel(&staff(3, vec![Role::Admin]), StaffId(1)).is_err());
        assert!(may_cancel(&Actor::local_operator(), StaffId(1)).is_err());
    }
}
