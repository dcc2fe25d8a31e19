//! The audit log's vocabulary: what was done ([`Action`]) to what ([`Entity`]). Each
//! has one stored word (kept in the file, never translated, so old rows stay
//! readable) and a name in the interface language for the audit screen.

use crate::i18n::pick;

/// Declares a closed vocabulary: the variants, each with its stored word.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $word:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every word of the vocabulary.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The word stored in the audit table.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            /// The word read back from the audit table or typed in a filter.
            pub fn parse(word: &str) -> Option<$name> {
                let word = word.trim();
                Self::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(word))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What a change did.
    Action {
        Create = "create",
        Delete = "delete",
        Set = "set",
        Edit = "edit",
        Update = "update",
        Restore = "restore",
        Enable = "enable",
        Disable = "disable",
        /// A student's groups changed.
        Groups = "groups",
        Import = "import",
        Cancel = "cancel",
        Move = "move",
        /// A mark's work type changed.
        WorkType = "work_type",
        Comment = "comment",
        /// «All present» was recorded for a lesson.
        Taken = "taken",
        Excuse = "excuse",
        Review = "review",
        Send = "send",
        Lock = "lock",
        Unlock = "unlock",
        Link = "link",
        Unlink = "unlink",
        LinkParent = "link_parent",
        Roles = "roles",
        ClassTeacher = "class_teacher",
        Teacher = "teacher",
        Arrival = "arrival",
        Departure = "departure",
        Transfer = "transfer",
        PasswordChanged = "password_changed",
        PasswordReset = "password_reset",
        PasswordSet = "password_set",
        PasswordSetAll = "password_set_all",
        YearClose = "year_close",
        Login = "login",
        Logout = "logout",
        LoginFailed = "login_failed",
        /// A wrong password while the account was locked out.
        LoginFailedLocked = "login_failed_locked",
        LoginLocked = "login_locked",
        LoginDisabled = "login_disabled",
    }
}

vocabulary! {
    /// What a change was made to.
    Entity {
        Announcement = "announcement",
        Attendance = "attendance",
        Class = "class",
        Course = "course",
        Enrollment = "enrollment",
        Final = "final",
        Lesson = "lesson",
        LessonWorkType = "lesson_work_type",
        Mark = "mark",
        Message = "message",
        /// A conversation's messages (read, for instance).
        Messages = "messages",
        Parent = "parent",
        Period = "period",
        Plan = "plan",
        Session = "session",
        Staff = "staff",
        Student = "student",
        Substitute = "substitute",
        Timetable = "timetable",
        Topic = "topic",
        Homework = "homework",
        HomeworkKind = "homework_kind",
        Note = "note",
        User = "user",
        UserKey = "user_key",
        WorkType = "work_type",
        Year = "year",
        /// A group of a class (a subgroup for languages, labour …).
        Subgroup = "subgroup",
    }
}

/// A word that names no action of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::tr!(
    "действие «{}» неизвестно; известны: {}",
    "unknown action «{}»; known: {}",
    .0,
    Action::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
))]
pub struct UnknownAction(pub String);

impl std::str::FromStr for Action {
    type Err = UnknownAction;

    fn from_str(word: &str) -> Result<Action, UnknownAction> {
        Action::parse(word).ok_or_else(|| UnknownAction(word.trim().to_string()))
    }
}

/// An audit row's action on its entity, in the interface language; the stored words
/// when the pair has no name of its own (rows written by a later version, say).
pub fn label(action: &str, entity: &str) -> String {
    let (a, e) = (Action::parse(action), Entity::parse(entity));
    let s = match (a, e) {
        (Some(Action::Create), Some(Entity::Mark)) => pick("+ отметка", "+ mark"),
        (Some(Action::Delete), Some(Entity::Mark)) => pick("− отметка", "− mark"),
        (Some(Action::WorkType), Some(Entity::Mark)) => pick("вид работы", "work type"),
        (Some(Action::Comment), Some(Entity::Mark)) => pick("комментарий", "comment"),
        (Some(Action::Set), Some(Entity::Attendance)) => pick("посещаемость", "attendance"),
        (Some(Action::Taken), Some(Entity::Attendance)) => pick("все на месте", "all present"),
        (Some(Action::Set), Some(Entity::Final)) => pick("итоговая", "final"),
        (Some(Action::Set), Some(Entity::Topic)) => pick("тема урока", "topic"),
        (Some(Action::Set), Some(Entity::Homework)) => pick("д/з", "homework"),
        (Some(Action::Login), _) => pick("вход", "login"),
        (Some(Action::Logout), _) => pick("выход", "logout"),
        (Some(Action::LoginFailed | Action::LoginFailedLocked), _) => {
            pick("ошибка входа", "failed login")
        }
        (Some(Action::LoginLocked), _) => pick("вход закрыт", "login locked"),
        (Some(Action::LoginDisabled), _) => pick("вход отключён", "login disabled"),
        (Some(Action::Import), _) => pick("импорт", "import"),
        _ => "",
    };
    if s.is_empty() {
        format!("{action} {entity}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_its_own_and_reads_back() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.as_str()), "{a} twice");
            assert_eq!(Action::parse(a.as_str()), Some(*a));
        }
        let mut seen = std::collections::HashSet::new();
        for e in Entity::ALL {
            assert!(seen.insert(e.as_str()), "{e} twice");
            assert_eq!(Entity::parse(&e.as_str().to_uppercase()), Some(*e));
        }
        assert_eq!(Action::parse("no_such"), None);
    }

    #[test]
    fn labels_in_the_interface_language() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        assert_eq!(label("create", "mark"), "+ отметка");
        assert_eq!(label("login_failed_locked", "session"), "ошибка входа");
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        assert_eq!(label("set", "homework"), "homework");
        // A pair without a name keeps its stored words.
        assert_eq!(label("lock", "period"), "lock period");
        assert_eq!(label("future", "thing"), "future thing");
    }
}
