//! The audit log's vocabulary: what was done ([`Action`]) to what ([`Entity`]). Each
//! word has one stored form (kept in the file, never translated, so old rows stay
//! readable) and a name in each interface language for the audit screen.

use crate::i18n::pick;

/// Declares a closed vocabulary: the variants, each with its stored word.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $word:literal, $ru:literal, $en:literal;)+ }) => {
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

            /// The word in the interface language (for an entity: as it follows an
            /// action, «изменение *урока*»).
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => pick($ru, $en),)+
                }
            }

            /// The word's names in Russian and in English.
            pub fn names(self) -> [&'static str; 2] {
                match self {
                    $($name::$variant => [$ru, $en],)+
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
        Create = "create", "создание", "create";
        Delete = "delete", "удаление", "delete";
        Set = "set", "изменение", "change";
        Edit = "edit", "правка", "edit";
        Update = "update", "обновление", "update";
        Restore = "restore", "восстановление", "restore";
        Enable = "enable", "включение", "enable";
        Disable = "disable", "отключение", "disable";
        Import = "import", "импорт", "import";
        Cancel = "cancel", "отмена", "cancel";
        Move = "move", "перенос", "move";
        /// A mark's work type changed.
        WorkType = "work_type", "вид работы", "work type";
        Comment = "comment", "комментарий", "comment";
        /// «All present» was recorded for a lesson.
        Taken = "taken", "все на месте", "all present";
        Excuse = "excuse", "уважительная причина", "excuse";
        Review = "review", "просмотр", "review";
        Send = "send", "отправка", "send";
        Lock = "lock", "закрытие", "lock";
        Unlock = "unlock", "открытие", "unlock";
        Link = "link", "связь", "link";
        Unlink = "unlink", "отвязка", "unlink";
        LinkParent = "link_parent", "привязка родителя", "parent link";
        Roles = "roles", "роли", "roles";
        ClassTeacher = "class_teacher", "классное руководство", "class teacher";
        Teacher = "teacher", "учитель", "teacher";
        Arrival = "arrival", "прибытие", "arrival";
        Departure = "departure", "выбытие", "departure";
        Transfer = "transfer", "перевод", "transfer";
        PasswordChanged = "password_changed", "смена пароля", "password changed";
        PasswordReset = "password_reset", "сброс пароля", "password reset";
        PasswordSet = "password_set", "установка пароля", "password set";
        PasswordSetAll = "password_set_all", "установка паролей", "passwords set";
        YearClose = "year_close", "закрытие года", "year close";
        Login = "login", "вход", "login";
        Logout = "logout", "выход", "logout";
        LoginFailed = "login_failed", "ошибка входа", "failed login";
        /// A wrong password while the account was locked out.
        LoginFailedLocked = "login_failed_locked", "ошибка входа", "failed login";
        LoginLocked = "login_locked", "вход закрыт", "login locked";
        LoginDisabled = "login_disabled", "вход отключён", "login disabled";
        /// An SSH key offered for an account it is not registered to (a client offers
        /// its keys in turn before a password: not a failed login).
        KeyRefused = "key_refused", "ключ не принят", "key refused";
        /// A backup of the journal was taken.
        Backup = "backup", "резервная копия", "backup";
        /// Personal data left the journal: an export, a weekly report.
        Export = "export", "выгрузка", "export";
        /// A control report was made.
        Report = "report", "отчёт", "report";
        /// A screen of the journal was printed as text (`zhurnal screen`).
        Show = "show", "вывод экрана", "screen output";
    }
}

vocabulary! {
    /// What a change was made to.
    Entity {
        Announcement = "announcement", "объявления", "announcement";
        /// An assessment event (interim assessment, an exam, ОГЭ, ЕГЭ, the interview,
        /// the essay).
        Assessment = "assessment", "аттестации", "assessment";
        /// A student's result of an assessment event.
        AssessmentResult = "assessment_result", "результата аттестации", "assessment result";
        /// The final for the year after an exam (итоговая отметка).
        OverallFinal = "overall_final", "итоговой отметки", "overall final";
        Attendance = "attendance", "посещаемости", "attendance";
        Class = "class", "класса", "class";
        Course = "course", "курса", "course";
        Enrollment = "enrollment", "зачисления", "enrolment";
        /// A student exempted from a course for a period (освобождение).
        Exemption = "exemption", "освобождения", "exemption";
        Final = "final", "итоговой", "final";
        /// The school's grading rules: assessment and minimum marks.
        Grading = "grading", "правил оценивания", "grading rules";
        Lesson = "lesson", "урока", "lesson";
        LessonWorkType = "lesson_work_type", "вида работы урока", "lesson's work type";
        Mark = "mark", "отметки", "mark";
        Message = "message", "сообщения", "message";
        /// A conversation's messages (read, for instance).
        Messages = "messages", "сообщений", "messages";
        Parent = "parent", "родителя", "parent";
        Period = "period", "периода", "period";
        Plan = "plan", "КТП", "plan";
        Session = "session", "сеанса", "session";
        Staff = "staff", "сотрудника", "staff";
        Student = "student", "ученика", "student";
        Substitute = "substitute", "замены", "substitute";
        Timetable = "timetable", "расписания", "timetable";
        Topic = "topic", "темы урока", "topic";
        Homework = "homework", "д/з", "homework";
        HomeworkKind = "homework_kind", "вида д/з", "homework kind";
        Note = "note", "заметки", "note";
        User = "user", "учётной записи", "account";
        UserKey = "user_key", "ключа SSH", "SSH key";
        WorkType = "work_type", "вида работы", "work type";
        Year = "year", "учебного года", "school year";
        /// An entry of the school's calendar: a break, a quarantine, an excused or a
        /// worked day.
        Calendar = "calendar", "календаря", "calendar";
        /// The journal file as a whole (a backup, a restore).
        Journal = "journal", "журнала", "journal";
    }
}

vocabulary! {
    /// Which way a change came in.
    Channel {
        /// The screens on the school's computer (`zhurnal` with no command).
        Screen = "screen", "экран", "screen";
        /// The screens over SSH (`zhurnal serve`).
        Ssh = "ssh", "SSH", "SSH";
        /// A command (`zhurnal mark …`): the operating-system user is recorded too.
        Cli = "cli", "командная строка", "command line";
    }
}

/// A word that names no action of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::tr!(
    "действие «{}» неизвестно; известны: {}",
    "unknown action «{}»; known: {}",
    .0,
    action_names()
))]
pub struct UnknownAction(pub String);

/// The actions' names in the interface language, each once.
fn action_names() -> String {
    let mut names: Vec<&str> = Vec::new();
    for a in Action::ALL {
        if !names.contains(&a.name()) {
            names.push(a.name());
        }
    }
    names.join(", ")
}

impl std::str::FromStr for Action {
    type Err = UnknownAction;

    fn from_str(word: &str) -> Result<Action, UnknownAction> {
        action_named(word).ok_or_else(|| UnknownAction(word.trim().to_string()))
    }
}

/// An audit row's action on its entity, in the interface language: a pair's own name
/// where it has one («+ отметка»), else the action's and the entity's («закрытие
/// периода»); the stored words when they are not known (rows of a later version).
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
    if !s.is_empty() {
        return s.to_string();
    }
    match (a, e) {
        (Some(a), Some(e)) => format!("{} {}", a.name(), e.name()),
        _ => format!("{action} {entity}"),
    }
}

/// An audit row's old or new value as the screens show it: dates as DD.MM.YYYY, and
/// the stored words a value holds in the interface language — roles («class_teacher
/// teacher» → «классный руководитель, учитель»; a new account's «[teacher]»), a
/// homework kind («written» → «письменно»). Other text stays as written.
pub fn value(action: &str, entity: &str, value: &str) -> String {
    use crate::domain::roles::Role;
    let value = crate::domain::text::screen_dates(value);
    let role = |w: &str| {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == w)
            .map(Role::label)
    };
    // Words split at spaces and commas, each replaced by `word` when it has a name.
    let words = |text: &str, word: &dyn Fn(&str) -> Option<&'static str>| {
        let names: Vec<String> = text
            .split([' ', ','])
            .filter(|w| !w.is_empty())
            .map(|w| word(w).map_or_else(|| w.to_string(), str::to_string))
            .collect();
        names.join(", ")
    };
    match (Action::parse(action), Entity::parse(entity)) {
        (Some(Action::Roles), _) => words(&value, &role),
        (_, Some(Entity::User | Entity::Parent)) => match (value.find('['), value.rfind(']')) {
            // «login Name [roles]»: the roles in words, the login and name as they are.
            (Some(a), Some(b)) if a < b => format!(
                "{}[{}]{}",
                &value[..a],
                words(&value[a + 1..b], &role),
                &value[b + 1..]
            ),
            _ => value,
        },
        // «thread 12 → teacher»: the conversation's number in words.
        (_, Some(Entity::Message | Entity::Messages)) => match value.strip_prefix("thread ") {
            Some(rest) => format!("{} {rest}", pick("беседа №", "conversation")),
            None => value,
        },
        (_, Some(Entity::HomeworkKind)) => {
            match crate::domain::rules::homework_kind_name(value.trim()) {
                "" => value,
                name => name.to_string(),
            }
        }
        _ => value,
    }
}

/// An action by its stored word or its name in either language («отправка», «send»).
pub fn action_named(word: &str) -> Option<Action> {
    let word = word.trim();
    Action::parse(word).or_else(|| {
        let lower = word.to_lowercase();
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.names().iter().any(|n| n.to_lowercase() == lower))
    })
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
    fn values_and_actions_in_words() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        assert_eq!(
            value("roles", "user", "class_teacher teacher"),
            "классный руководитель, учитель"
        );
        assert_eq!(
            value(
                "create",
                "user",
                "petrova Петрова Анна [teacher class_teacher]"
            ),
            "petrova Петрова Анна [учитель, классный руководитель]"
        );
        assert_eq!(value("set", "homework_kind", "oral"), "устно");
        assert_eq!(
            value("send", "message", "thread 12 → teacher"),
            "беседа № 12 → teacher"
        );
        assert_eq!(
            value("taken", "attendance", "2025-12-15 09:20:00"),
            "15.12.2025 09:20"
        );
        assert_eq!(value("set", "topic", "teacher"), "teacher");
        assert_eq!(action_named("Отправка"), Some(Action::Send));
        assert_eq!(action_named("send"), Some(Action::Send));
        assert_eq!(action_named("all present"), Some(Action::Taken));
        assert_eq!(action_named("нечто"), None);
    }

    #[test]
    fn labels_in_the_interface_language() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        assert_eq!(label("create", "mark"), "+ отметка");
        assert_eq!(label("login_failed_locked", "session"), "ошибка входа");
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        assert_eq!(label("set", "homework"), "homework");
        assert_eq!(label("lock", "period"), "lock period");
        // Words not known keep their stored form.
        assert_eq!(label("future", "thing"), "future thing");
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        assert_eq!(label("lock", "period"), "закрытие периода");
        assert_eq!(label("send", "message"), "отправка сообщения");
        // Every word has a name of its own in both languages.
        for lang in [crate::i18n::Lang::Ru, crate::i18n::Lang::En] {
            crate::i18n::set_thread_lang(lang);
            for a in Action::ALL {
                assert!(!a.name().is_empty() && !a.name().contains('_'), "{a}");
            }
            for e in Entity::ALL {
                assert!(!e.name().is_empty() && !e.name().contains('_'), "{e}");
            }
        }
    }
}
