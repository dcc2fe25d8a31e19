//! The forms: a few labelled text fields in a popup, each field read by its name.

use crate::domain::calendar::parse_date;
use crate::domain::ids::{ClassId, CourseId, LessonId, PeriodId, StudentId};
use crate::i18n::pick;
use crate::tr;
use crate::tui::text::TextField;

/// A form field's name. A form is read by name (`form.get(Field::Login)`), never by the
/// field's position; a name the form does not have reads as empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Login,
    FullName,
    Roles,
    Student,
    Filter,
    Born,
    From,
    To,
    Order,
    Groups,
    ToClass,
    Name,
    Short,
    Weight,
    File,
    Kind,
    Class,
    Subject,
    Group,
    Date,
    /// A lesson's number in its day.
    LessonNo,
    /// A school period (a term) by its number.
    Period,
    Reason,
    Teacher,
    Topic,
    Hours,
    Mark,
    Grounds,
    Report,
    Week,
    Title,
    Text,
    /// Whether an import may create the classes its file names and the school lacks.
    NewClasses,
}

/// One labelled field of a form.
#[derive(Debug, Clone)]
pub struct FormField {
    pub name: Field,
    pub label: String,
    pub input: TextField,
}

/// What a form is for.
#[derive(Debug, Clone, PartialEq)]
pub enum FormPurpose {
    NewUser,
    AuditFilter,
    /// A new student arrives in the class.
    Arrival(ClassId),
    /// The student leaves.
    Departure(StudentId),
    /// The student moves to another class.
    Transfer(StudentId),
    ClassTeacher(ClassId),
    /// A new work type (`None`) or an existing one.
    WorkType(Option<i64>),
    /// Which file to import.
    Import,
    /// An extra lesson for the course.
    AddLesson(CourseId),
    /// Cancelling a lesson, with a reason.
    CancelLesson(LessonId),
    /// A substitute for one lesson.
    Substitute,
    /// A plan item: new (`None`) or existing, of a course.
    PlanItem(CourseId, Option<i64>),
    /// Where to write the plan.
    PlanExport(CourseId),
    /// Which plan file to read (a path, in the local terminal).
    PlanImport(CourseId),
    /// A student's final: course, student, period (`None`: the year), and the final
    /// as the user saw it.
    Final(CourseId, StudentId, Option<PeriodId>, Option<String>),
    /// Absences marked excused for a student.
    Excuse(StudentId),
    /// Which report, for which class and period.
    Report,
    /// Where to write the report on screen.
    ReportFile,
    /// Which student's week goes to the parents.
    WeeklyReport,
    /// Whose conversations the administrator reviews.
    Review,
    /// A new announcement.
    Announcement,
}

/// A few labelled text fields in a popup.
#[derive(Debug, Clone)]
pub struct FormState {
    pub title: String,
    pub purpose: FormPurpose,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub hint: String,
    pub error: Option<String>,
}

impl FormState {
    /// A form of `fields`: each its name, its label and the text it starts with.
    pub(crate) fn with(
        title: &str,
        purpose: FormPurpose,
        fields: &[(Field, &str, &str)],
        hint: &str,
    ) -> FormState {
        FormState {
            title: title.into(),
            purpose,
            fields: fields
                .iter()
                .map(|&(name, label, text)| FormField {
                    name,
                    label: label.to_string(),
                    input: TextField::new(text),
                })
                .collect(),
            focus: 0,
            hint: hint.into(),
            error: None,
        }
    }

    /// The import form; `file` is the name chosen from the user's folder on the server
    /// (`in_folder`), or empty for a path typed here.
    pub fn import(file: &str, in_folder: bool) -> FormState {
        FormState::with(
            pick("Импорт файла", "Import a file"),
            FormPurpose::Import,
            &[
                (Field::File, pick("Файл", "File"), file),
                (Field::Kind, pick("Вид", "Kind"), ""),
                (Field::Class, pick("Класс", "Class"), ""),
                (Field::Subject, pick("Предмет", "Subject"), ""),
                (Field::From, pick("С даты", "From"), ""),
                (
                    Field::NewClasses,
                    pick("Новые классы (да/нет)", "New classes (yes/no)"),
                    "",
                ),
            ],
            if in_folder {
                pick(
                    "Файл — из вашей папки. Вид: staff, students, parents, courses, timetable, plan (пусто — по имени файла). Класс и предмет — для КТП; «с даты» — начало расписания или зачисления новых учеников; «да» — создать классы, которых в школе нет.",
                    "The file is from your folder. Kind: staff, students, parents, courses, timetable, plan (empty: from the file name). Class and subject for a plan; «from»: when a timetable starts or new students are enrolled; «yes»: create the classes the school lacks.",
                )
            } else {
                pick(
                    "Вид: staff, students, parents, courses, timetable, plan (пусто — по имени файла). Класс и предмет — для КТП; «с даты» — начало расписания или зачисления новых учеников; «да» — создать классы, которых в школе нет.",
                    "Kind: staff, students, parents, courses, timetable, plan (empty: from the file name). Class and subject for a plan; «from»: when a timetable starts or new students are enrolled; «yes»: create the classes the school lacks.",
                )
            },
        )
    }

    pub fn add_lesson(course_id: CourseId, today: &str) -> FormState {
        FormState::with(
            pick("Дополнительный урок", "An extra lesson"),
            FormPurpose::AddLesson(course_id),
            &[
                (Field::Date, pick("Дата", "Date"), today),
                (Field::LessonNo, pick("№ урока", "Period"), ""),
            ],
            pick(
                "Урок не по расписанию: учебный день внутри четверти.",
                "A lesson off the timetable: a school day inside a period.",
            ),
        )
    }

    pub fn cancel_lesson(lesson_id: LessonId, title: &str) -> FormState {
        FormState::with(
            &format!("{} {title}", pick("Отмена урока", "Cancel the lesson")),
            FormPurpose::CancelLesson(lesson_id),
            &[(Field::Reason, pick("Причина", "Reason"), "")],
            pick(
                "Урок с отметками или посещаемостью отменить нельзя. Отменённый урок уходит из журнала.",
                "A lesson with marks or attendance cannot be cancelled. A cancelled lesson leaves the journal.",
            ),
        )
    }

    pub fn substitute(today: &str) -> FormState {
        FormState::with(
            pick("Замена урока", "A substitute for a lesson"),
            FormPurpose::Substitute,
            &[
                (Field::Class, pick("Класс", "Class"), ""),
                (Field::Subject, pick("Предмет", "Subject"), ""),
                (Field::Group, pick("Группа", "Group"), ""),
                (Field::Date, pick("Дата", "Date"), today),
                (Field::LessonNo, pick("№ урока", "Period"), ""),
                (Field::Teacher, pick("Учитель", "Teacher"), ""),
            ],
            pick(
                "Учитель — логин заменяющего; пусто — снять замену. № урока — если в этот день их несколько.",
                "Teacher — the substitute's login; empty removes the substitute. Period — when the day has several.",
            ),
        )
    }

    pub fn final_mark(
        course: CourseId,
        student: StudentId,
        period: Option<PeriodId>,
        title: &str,
        current: &str,
        seen: Option<String>,
    ) -> FormState {
        FormState::with(
            &format!("{} · {title}", pick("Итоговая", "Final")),
            FormPurpose::Final(course, student, period, seen),
            &[(Field::Mark, pick("Отметка", "Mark"), current)],
            pick(
                "1–5, зач, незач, н/а, осв; пусто — снять. Предложена по среднему взвешенному.",
                "1–5, зач, незач, н/а, осв; empty clears. Suggested from the weighted average.",
            ),
        )
    }

    pub fn excuse(student: StudentId, name: &str, from: &str, to: &str) -> FormState {
        FormState::with(
            &format!(
                "{} · {name}",
                pick("Уважительная причина", "Excused absence")
            ),
            FormPurpose::Excuse(student),
            &[
                (Field::From, pick("С", "From"), from),
                (Field::To, pick("По", "To"), to),
                (Field::Grounds, pick("Основание", "Grounds"), ""),
            ],
            pick(
                "Пропуски «Н» в эти дни станут «У». Основание: справка, заявление родителей …",
                "Absences «Н» on these days become «У». Grounds: a doctor's note, the parents' letter …",
            ),
        )
    }

    pub fn report() -> FormState {
        FormState::with(
            pick("Отчёт", "Report"),
            FormPurpose::Report,
            &[
                (Field::Report, pick("Отчёт", "Report"), "quality"),
                (Field::Class, pick("Класс", "Class"), ""),
                (Field::Period, pick("Период", "Period"), ""),
            ],
            pick(
                "quality, accumulation, attendance, summary, fill, fulfilment, activity. Класс — для attendance и summary; период — номер (пусто — текущий).",
                "quality, accumulation, attendance, summary, fill, fulfilment, activity. Class for attendance and summary; period — a number (empty: the current one).",
            ),
        )
    }

    pub fn weekly_report(class: &str, week: &str) -> FormState {
        FormState::with(
            pick("Отчёт за неделю родителям", "Weekly report to the parents"),
            FormPurpose::WeeklyReport,
            &[
                (Field::Student, pick("Ученик", "Student"), class),
                (Field::Week, pick("Неделя", "Week"), week),
            ],
            pick(
                "Ученик — «7Б Фамилия Имя»; неделя — любой её день. Отчёт уйдёт родителям сообщением.",
                "Student — «7Б Surname Name»; week — any of its days. The report goes to the parents as a message.",
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
                "Кому: school (вся школа), staff (учительская), класс (7Б) или grade:7. Дата — у события (родительское собрание): оно попадёт в календарь недели.",
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

    /// Where to write the report on screen: a path, or a name in the user's folder on the
    /// server (`in_folder`).
    pub fn report_file(suggested: &str, in_folder: bool) -> FormState {
        FormState::with(
            pick("Записать отчёт", "Write the report"),
            FormPurpose::ReportFile,
            &[(Field::File, pick("Файл", "File"), suggested)],
            if in_folder {
                pick(
                    "Только имя файла: он ляжет в вашу папку на сервере (скачать: sftp). Формат по расширению: .csv, .xlsx, .html, .txt",
                    "A file name only: it goes into your folder on the server (download it with sftp). The format follows the extension: .csv, .xlsx, .html, .txt",
                )
            } else {
                pick(
                    "Формат по расширению: .csv, .xlsx, .html (для печати), .txt",
                    "The format follows the extension: .csv, .xlsx, .html (to print), .txt",
                )
            },
        )
    }

    /// The text of the field `name`; empty when the form has no such field.
    pub fn get(&self, name: Field) -> String {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.input.text())
            .unwrap_or_default()
    }

    /// The field `name` as a date, or why it is not one.
    pub fn date(&self, name: Field) -> Result<chrono::NaiveDate, String> {
        let v = self.get(name);
        parse_date(&v).ok_or_else(|| tr!("«{}» — не дата", "«{}» is not a date", v.trim()))
    }

    /// The field `name` as a date that may be left empty.
    pub fn optional_date(&self, name: Field) -> Result<Option<chrono::NaiveDate>, String> {
        if self.get(name).trim().is_empty() {
            Ok(None)
        } else {
            self.date(name).map(Some)
        }
    }

    /// The field `name` as a yes or a no: «да», «yes», «д», «y» or «нет», «no», «н»,
    /// «n», empty for no.
    pub fn yes_no(&self, name: Field) -> Result<bool, String> {
        let v = self.get(name);
        match v.trim().to_lowercase().as_str() {
            "да" | "д" | "yes" | "y" => Ok(true),
            "" | "нет" | "н" | "no" | "n" => Ok(false),
            _ => Err(tr!(
                "«{}»: ответьте «да» или «нет»",
                "«{}»: answer «yes» or «no»",
                v.trim()
            )),
        }
    }

    /// The field `name` trimmed, or `None` when left empty.
    pub fn optional(&self, name: Field) -> Option<String> {
        Some(self.get(name).trim().to_string()).filter(|s| !s.is_empty())
    }

    /// Puts the cursor on the field `name`.
    pub fn focus_on(&mut self, name: Field) {
        if let Some(i) = self.fields.iter().position(|f| f.name == name) {
            self.focus = i;
        }
    }

    /// Moves the cursor to the next field, round to the first.
    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    /// Moves the cursor to the previous field, round to the last.
    pub fn prev_field(&mut self) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
    }

    /// Whether the cursor is on the last field (Enter then submits).
    pub fn on_last_field(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }

    pub fn field(&mut self) -> Option<&mut TextField> {
        self.fields.get_mut(self.focus).map(|f| &mut f.input)
    }
}
