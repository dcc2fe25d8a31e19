//! Everything a key can do: keymaps name these actions in `snake_case`.

use ratatui::crossterm::event::KeyEvent;
use serde::Deserialize;

use crate::i18n::pick;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave zhurnal from any screen; everything is already saved.
    Quit,
    /// Show the keys of the current screen.
    Help,
    /// Go back: close a popup, leave a screen.
    Back,
    /// Confirm: log in, open the selected item, answer «yes».
    Confirm,
    /// Move to the next input field.
    NextField,
    /// Move to the previous input field.
    PrevField,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    /// First column (or first item).
    Home,
    /// Last column (or last item).
    End,
    /// The grid column of today's lesson.
    JumpToday,
    PrevPeriod,
    NextPeriod,
    /// Remove the last mark of the cell.
    DeleteLastMark,
    /// Clear the cell: marks and attendance.
    ClearCell,
    /// Mark the whole column present.
    AllPresent,
    Undo,
    Redo,
    /// The cell's marks, their details and the cell's history.
    Details,
    /// Change the work type of the cell's last mark (or of the selected mark).
    CycleWorkType,
    /// Add or edit the comment of the selected mark.
    Comment,
    /// The previous week (the diary).
    PrevWeek,
    /// The next week (the diary).
    NextWeek,
    /// The parent's next child (the diary).
    NextChild,
    /// Between the week and the period's results (the diary).
    ToggleSummary,
    /// The administration's tools.
    Menu,
    /// Add an item to a list (a user).
    New,
    /// A new one-time password for the selected user.
    ResetPassword,
    /// Disable or enable the selected user.
    ToggleActive,
    /// Edit the list's filter.
    Filter,
    /// The selected student leaves the school (by an order).
    Depart,
    /// The selected student moves to another class (by an order).
    Transfer,
    /// Set the class teacher.
    ClassTeacher,
    /// Edit the lesson under the cursor: topic, homework, work type, note.
    LessonPane,
    /// The next kind of homework (written, oral, reading, project …).
    CycleHomeworkKind,
    /// Take the topic the thematic plan proposes.
    AcceptTopic,
    /// My past lessons without a topic, homework or attendance.
    Gaps,
    /// Add a lesson the timetable does not have.
    AddLesson,
    /// Cancel the lesson under the cursor (with a reason).
    CancelLesson,
    /// The thematic plan of the selected course.
    Plan,
    /// Delete the selected item.
    Delete,
    /// Move the selected item up.
    MoveUp,
    /// Move the selected item down.
    MoveDown,
    /// Write the list to a file.
    Export,
    /// Read the list from a file (with a preview).
    Import,
    /// The period final of the student under the cursor.
    SetFinal,
    /// The class teacher's week of missed lessons.
    Absences,
    /// The class teacher's overview: averages, finals, students at risk.
    ClassOverview,
    /// The year final of the student under the cursor.
    SetYearFinal,
    /// Messages and announcements.
    Messages,
    /// Send the message being written.
    Send,
    /// Send the selected student's weekly report to the parents (class teacher).
    WeeklyReport,
    /// The administrator reads an account's conversations (recorded in the audit log).
    Review,
    /// A quarantine for a class, a grade or the school (the calendar).
    Quarantine,
    /// A break for the school, some grades or a class (the calendar).
    AddBreak,
    /// An excused day: lessons held, absences excused (the calendar).
    ExcusedDay,
    /// A weekend day worked with a weekday's timetable (the calendar).
    WorkedDay,
    /// New dates for the selected calendar entry.
    MoveEntry,
    /// The class teacher's students and parents: their logins.
    ClassFamilies,
    /// A parent's login for the selected student.
    NewParent,
    /// Correct the selected student's data.
    EditStudent,
    /// Change one's own password.
    OwnPassword,
    /// Assessments and exams: events and their results.
    Exams,
    /// Exempt the selected student from a subject for a period (or end it).
    Exempt,

    // Typed input: made from the key itself, never named in a keymap.
    /// A digit typed in the grid: a mark (the domain says which digits are marks).
    #[serde(skip)]
    Digit(u8),
    /// A letter typed in the grid: an attendance code, if the school has one.
    #[serde(skip)]
    Code(char),
    /// A character typed into a one-line field (login, a form, a search).
    #[serde(skip)]
    Type(char),
    /// Backspace in a one-line field.
    #[serde(skip)]
    Erase,
    /// The caret one character left in a one-line field.
    #[serde(skip)]
    CaretLeft,
    /// The caret one character right in a one-line field.
    #[serde(skip)]
    CaretRight,
    /// Ctrl-U in a one-line field: the whole text cleared.
    #[serde(skip)]
    ClearField,
    /// A key for a text editor (the lesson pane, a message being written).
    #[serde(skip)]
    Edit(KeyEvent),
    /// A key nothing takes on this screen: it is said to do nothing.
    #[serde(skip)]
    Nothing(KeyEvent),
}

impl Action {
    /// A label of at most seven characters for the function-key bar, in the interface
    /// language; `None` for an action the bar does not name (it then shows the start of
    /// [`Action::describe`]).
    pub fn short(self) -> Option<&'static str> {
        use Action::*;
        Some(match self {
            Quit => pick("Выход", "Quit"),
            Help => pick("Помощь", "Help"),
            Back => pick("Назад", "Back"),
            Confirm => pick("Открыть", "Open"),
            JumpToday => pick("Сегодня", "Today"),
            PrevPeriod => pick("←Период", "<Term"),
            NextPeriod => pick("Период→", "Term>"),
            DeleteLastMark => pick("Удалить", "Delete"),
            ClearCell => pick("Очист.", "Clear"),
            AllPresent => pick("ВсеЕсть", "Present"),
            Undo => pick("Отмен.", "Undo"),
            Redo => pick("Повтор", "Redo"),
            Details => pick("Клетка", "Cell"),
            CycleWorkType => pick("ВидРаб", "Type"),
            Comment => pick("Коммент", "Comment"),
            PrevWeek => pick("←Неделя", "<Week"),
            NextWeek => pick("Неделя→", "Week>"),
            NextChild => pick("Ребёнок", "Child"),
            ToggleSummary => pick("Итоги", "Results"),
            Menu => pick("Меню", "Menu"),
            New => pick("Новый", "New"),
            ResetPassword => pick("Пароль", "Passwd"),
            ToggleActive => pick("Вкл/Вык", "On/Off"),
            Filter => pick("Фильтр", "Filter"),
            Depart => pick("Выбытие", "Leaves"),
            Transfer => pick("Перевод", "Move"),
            ClassTeacher => pick("Кл.рук.", "ClsTchr"),
            LessonPane => pick("Урок", "Lesson"),
            CycleHomeworkKind => pick("ВидДЗ", "HwKind"),
            AcceptTopic => pick("Тема", "Topic"),
            Gaps => pick("Пробелы", "Gaps"),
            AddLesson => pick("+Урок", "+Lesson"),
            CancelLesson => pick("−Урок", "-Lesson"),
            Plan => pick("План", "Plan"),
            Delete => pick("Удалить", "Delete"),
            MoveUp => pick("Выше", "Up"),
            MoveDown => pick("Ниже", "Down"),
            Export => pick("В файл", "Export"),
            Import => pick("Из фай.", "Import"),
            SetFinal => pick("Итог", "Final"),
            Absences => pick("Пропуск", "Absent"),
            ClassOverview => pick("Класс", "Class"),
            SetYearFinal => pick("Год", "Year"),
            Messages => pick("Письма", "Mail"),
            Send => pick("Отпр.", "Send"),
            WeeklyReport => pick("Неделя", "Weekly"),
            Review => pick("Просм.", "Review"),
            Quarantine => pick("Карант.", "Quarant"),
            AddBreak => pick("Каник.", "Break"),
            ExcusedDay => pick("Актир.", "Excused"),
            WorkedDay => pick("РабДень", "Worked"),
            MoveEntry => pick("Перенос", "Move"),
            ClassFamilies => pick("Входы", "Logins"),
            NewParent => pick("Родит.", "Parent"),
            EditStudent => pick("Данные", "Data"),
            OwnPassword => pick("Пароль", "Passwd"),
            Exams => pick("Аттест.", "Exams"),
            Exempt => pick("Освоб.", "Exempt"),
            _ => return None,
        })
    }

    /// A short description for the help overlay, in the interface language.
    pub fn describe(self) -> &'static str {
        use Action::*;
        match self {
            Quit => pick("выход", "quit"),
            Help => pick("справка по клавишам", "key help"),
            Back => pick("назад", "back"),
            Confirm => pick("открыть / подтвердить", "open / confirm"),
            NextField => pick("следующее поле", "next field"),
            PrevField => pick("предыдущее поле", "previous field"),
            Up => pick("вверх", "up"),
            Down => pick("вниз", "down"),
            Left => pick("влево", "left"),
            Right => pick("вправо", "right"),
            PageUp => pick("страница вверх", "page up"),
            PageDown => pick("страница вниз", "page down"),
            Home => pick("в начало", "to the start"),
            End => pick("в конец", "to the end"),
            JumpToday => pick("к сегодняшнему уроку", "to today's lesson"),
            PrevPeriod => pick("предыдущий период", "previous period"),
            NextPeriod => pick("следующий период", "next period"),
            DeleteLastMark => pick("удалить последнюю отметку", "remove the last mark"),
            ClearCell => pick("очистить клетку", "clear the cell"),
            AllPresent => pick("все присутствуют", "everyone present"),
            Undo => pick("отменить", "undo"),
            Redo => pick("повторить", "redo"),
            Details => pick("подробности клетки", "cell details"),
            CycleWorkType => pick(
                "вид работы отметки — из списка",
                "the mark's work type, from a list",
            ),
            Comment => pick("комментарий к отметке", "comment on the mark"),
            PrevWeek => pick("предыдущая неделя", "previous week"),
            NextWeek => pick("следующая неделя", "next week"),
            NextChild => pick("другой ребёнок", "next child"),
            ToggleSummary => pick("неделя / итоги периода", "week / period results"),
            Menu => pick("меню администрации", "administration menu"),
            New => pick("добавить", "add"),
            ResetPassword => pick("новый одноразовый пароль", "new one-time password"),
            ToggleActive => pick("отключить / включить", "disable / enable"),
            Filter => pick("фильтр", "filter"),
            Depart => pick("выбытие ученика", "a student leaves"),
            Transfer => pick("перевод в другой класс", "move to another class"),
            ClassTeacher => pick("классный руководитель", "class teacher"),
            LessonPane => pick(
                "тема и домашнее задание урока",
                "the lesson's topic and homework",
            ),
            CycleHomeworkKind => pick("вид домашнего задания", "kind of homework"),
            AcceptTopic => pick("взять тему из плана", "take the topic from the plan"),
            Gaps => pick("незаполненные уроки", "unfilled lessons"),
            AddLesson => pick("добавить урок", "add a lesson"),
            CancelLesson => pick("отменить урок", "cancel the lesson"),
            Plan => pick("тематический план курса", "the course's thematic plan"),
            Delete => pick("удалить", "delete"),
            MoveUp => pick("выше", "move up"),
            MoveDown => pick("ниже", "move down"),
            Export => pick("выгрузить в файл", "export to a file"),
            Import => pick("загрузить из файла", "import from a file"),
            SetFinal => pick("итоговая отметка за период", "the period's final"),
            Absences => pick(
                "пропуски класса за неделю",
                "the class's absences this week",
            ),
            ClassOverview => pick("успеваемость класса", "the class's performance"),
            SetYearFinal => pick("годовая отметка", "the year's final"),
            Messages => pick("сообщения и объявления", "messages and announcements"),
            Send => pick("отправить", "send"),
            WeeklyReport => pick(
                "отчёт за неделю родителям",
                "the weekly report to the parents",
            ),
            Review => pick(
                "просмотр переписки (записывается в аудит)",
                "review conversations (recorded in the audit log)",
            ),
            Quarantine => pick(
                "карантин: класс, параллель или школа",
                "quarantine: a class, a grade or the school",
            ),
            AddBreak => pick(
                "каникулы: школа, параллели или класс",
                "a break: the school, grades or a class",
            ),
            ExcusedDay => pick(
                "актированный день (пропуски уважительные)",
                "an excused day (absences excused)",
            ),
            WorkedDay => pick(
                "рабочий выходной по расписанию другого дня",
                "a weekend day worked as a weekday",
            ),
            MoveEntry => pick(
                "перенести выбранную запись: новые даты",
                "move the selected entry: new dates",
            ),
            ClassFamilies => pick(
                "ученики и родители: входы в журнал",
                "students and parents: their logins",
            ),
            NewParent => pick("вход родителя ученика", "a parent's login for the student"),
            EditStudent => pick("исправить данные ученика", "correct the student's data"),
            OwnPassword => pick("сменить свой пароль", "change your password"),
            Exams => pick("аттестация и экзамены", "assessments and exams"),
            Exempt => pick(
                "освобождение от предмета на период (по справке)",
                "exempt from a subject for a period (a certificate)",
            ),
            Digit(_) => pick("отметка", "a mark"),
            Code(_) => pick("код посещаемости", "an attendance code"),
            Type(_) | Erase | CaretLeft | CaretRight | ClearField | Edit(_) => {
                pick("ввод текста", "typing")
            }
            Nothing(_) => pick("ничего", "nothing"),
        }
    }
}
