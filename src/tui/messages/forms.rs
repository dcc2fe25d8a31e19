//! The forms of the messages screens: a new announcement, the weekly report for
//! parents, the administrator's review (saved in `actions/messages.rs`).

use crate::i18n::pick;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};

impl FormState {
    pub fn weekly_report(class: &str, week: &str) -> FormState {
        FormState::with(
            pick("Отчёт за неделю родителям", "Weekly report to the parents"),
            FormPurpose::WeeklyReport,
            &[
                (Field::Student, pick("Ученик", "Student"), class),
                (Field::Week, pick("Неделя", "Week"), week),
            ],
            pick(
                "Ученик — «7Б Фамилия Имя»; неделя — любой её день. Отчёт откроется для просмотра: оттуда — печать в файл или отправка родителям.",
                "Student — «7Б Surname Name»; week — any of its days. The report opens to read: print it to a file or send it to the parents from there.",
            ),
        )
    }

    pub fn announcement(to: &str) -> FormState {
        FormState::with(
            pick("Новое объявление", "New announcement"),
            FormPurpose::Announcement,
            &[
                (Field::To, pick("Кому", "To"), to),
                (Field::Title, pick("Заголовок", "Title"), ""),
                (Field::Text, pick("Текст", "Text"), ""),
                (Field::Date, pick("Дата", "Date"), ""),
            ],
            pick(
                "Кому: школа, учительская, класс (7Б) или параллель:7. Дата — у события (родительское собрание): оно попадёт в календарь недели.",
                "To: school, staff, a class (7Б) or grade:7. Date — for an event (a parents' meeting): it goes into the week's calendar.",
            ),
        )
    }

    pub fn review() -> FormState {
        FormState::with(
            pick("Просмотр переписки", "Review conversations"),
            FormPurpose::Review,
            &[(Field::Login, pick("Логин", "Login"), "")],
            pick(
                "Чья переписка. Просмотр записывается в журнал изменений.",
                "Whose conversations. The review is recorded in the audit log.",
            ),
        )
    }
}
