//! Typed ids of the journal's entities, so a lesson's id can never be passed as a student's.

use std::fmt;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids! {
    /// A lesson (one row of `lessons`).
    LessonId,
    /// A student.
    StudentId,
    /// A course: one subject taught to one class or group by one teacher.
    CourseId,
    /// A class (`5А`).
    ClassId,
    /// A study period (a quarter or a half-year).
    PeriodId,
    /// A member of staff.
    StaffId,
    /// A login account.
    UserId,
    /// A mark.
    MarkId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_the_number() {
        assert_eq!(LessonId(42).to_string(), "42");
        assert_eq!(format!("{:>4}", StudentId(7)), "   7");
    }
}
