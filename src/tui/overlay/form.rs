//! The forms: a few labelled text fields in a popup, each field read by its name.

use crate::domain::calendar::parse_date;
use crate::domain::ids::{ClassId, CourseId, LessonId, MarkId, PeriodId, StudentId};
use crate::i18n::pick;
use crate::tr;
use crate::tui::text::TextField;
use crate::tui::widgets::pick_list::{Choice, PickList};

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
    /// Grades, «1-4» or «7».
    Grades,
    /// A day of the week, «понедельник».
    Weekday,
    /// The current password (one's own password form).
    Password,
    /// A new password.
    NewPassword,
    /// The new password once more.
    Again,
    LastName,
    FirstName,
    Patronymic,
    /// Which accounts a logins sheet covers.
    Which,
    /// Where to log in (printed on the logins sheet).
    Address,
}

/// One labelled field of a form: typed text, or one of a list (`pick`).
#[derive(Debug, Clone)]
pub struct FormField {
    pub name: Field,
    pub label: String,
    pub input: TextField,
    /// The field chooses one of a list instead of taking typed text.
    pub pick: Option<PickList>,
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
    /// A quarantine for a class, a grade or the school.
    Quarantine,
    /// A break for the school, some grades or a class.
    SchoolBreak,
    /// An excused day («актированный день») for the school, some grades or a class.
    ExcusedDay,
    /// A weekend day worked with a weekday's timetable.
    WorkedDay,
    /// New dates (grades, name) for the school's calendar entry of this number.
    MoveEntry(i64),
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
    /// The work type of a mark in the grid.
    MarkWorkType(MarkId),
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
    /// One's own password: the current one, the new one twice.
    OwnPassword,
    /// The student's own account (a login).
    StudentAccount(StudentId),
    /// A parent's account linked to the student.
    ParentAccount(StudentId),
    /// A student's data corrected.
    EditStudent(StudentId),
    /// A parent (chosen by login) unlinked from the student.
    UnlinkParent(StudentId),
    /// The class's logins sheet for a parents' meeting.
    LoginsSheet(ClassId),
    /// Which student's week to preview (then print or send).
    WeeklyPick,
    /// Where to write a student's weekly report.
    WeeklyFile(StudentId, chrono::NaiveDate),
    /// Closing or opening a period (`None`: the year's finals) for courses of these
    /// grades, with a reason.
    PeriodLock {
        period: Option<PeriodId>,
        grades: (i64, i64),
    },
    /// A course's new teacher.
    CourseTeacher(CourseId),
    /// Which class's courses to show.
    CourseFilter,
    /// A course's journal page printed to a file.
    JournalPrint(CourseId),
    /// A student exempted from a course for a period, or the exemption ended.
    Exemption(StudentId),
    /// A new assessment event.
    NewAssessment,
    /// A student's result of the assessment event of this id.
    AssessmentResult(i64, StudentId),
    /// The final for the year after the course's exam.
    OverallFinal(CourseId, StudentId),
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
                    pick: None,
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
        let form = FormState::with(
            pick("Импорт файла", "Import a file"),
            FormPurpose::Import,
            &[
                (Field::File, pick("Файл", "File"), file),
                (Field::Kind, pick("Вид", "Kind"), ""),
                (Field::Class, pick("Класс", "Class"), ""),
                (Field::Subject, pick("Предмет", "Subject"), ""),
                (Field::From, pick("С даты", "From"), ""),
                (Field::NewClasses, pick("Новые классы", "New classes"), ""),
            ],
            if in_folder {
                pick(
                    "Файл — из вашей папки. Вид — ←→ или первые буквы. Класс и предмет — для КТП; «с даты» — начало расписания или зачисления новых учеников; «да» — создать классы, которых в школе нет.",
                    "The file is from your folder. Kind: ←→ or the first letters. Class and subject for a plan; «from»: when a timetable starts or new students are enrolled; «yes»: create the classes the school lacks.",
                )
            } else {
                pick(
                    "Вид — ←→ или первые буквы. Класс и предмет — для КТП; «с даты» — начало расписания или зачисления новых учеников; «да» — создать классы, которых в школе нет.",
                    "Kind: ←→ or the first letters. Class and subject for a plan; «from»: when a timetable starts or new students are enrolled; «yes»: create the classes the school lacks.",
                )
            },
        );
        // The kind the file's name suggests is chosen; «by the file name» stays first
        // for a path typed later.
        let guessed = std::path::Path::new(file)
            .file_name()
            .and_then(|f| f.to_str())
            .and_then(crate::import::Kind::from_file_name)
            .map_or("", |k| k.as_str());
        let mut kinds = vec![Choice::new(
            "",
            pick("по имени файла", "from the file name"),
        )];
        kinds.extend(
            crate::import::Kind::ALL
                .into_iter()
                .map(|k| Choice::new(k.as_str(), k.label())),
        );
        form.choose(Field::Kind, kinds, guessed)
            .choose(Field::NewClasses, yes_no(), "нет")
    }

    /// The field `name` made a pick list of `choices`, the one of key `key` chosen
    /// (the field's text, when `key` is empty).
    pub(crate) fn choose(mut self, name: Field, choices: Vec<Choice>, key: &str) -> FormState {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            let key = if key.is_empty() {
                f.input.text()
            } else {
                key.to_string()
            };
            f.pick = Some(PickList::new(choices, &key));
        }
        self
    }

    /// The field `name` made secret: what is typed shows as dots.
    pub(crate) fn secret(mut self, name: Field) -> FormState {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            f.input = crate::tui::text::TextField::secret();
        }
        self
    }

    /// One's own password: the current one, the new one twice (every user's).
    pub fn own_password() -> FormState {
        FormState::with(
            pick("Смена пароля", "Change the password"),
            FormPurpose::OwnPassword,
            &[
                (
                    Field::Password,
                    pick("Текущий пароль", "Current password"),
                    "",
                ),
                (Field::NewPassword, pick("Новый пароль", "New password"), ""),
                (Field::Again, pick("Ещё раз", "Again"), ""),
            ],
            &crate::domain::accounts::password_rules(),
        )
        .secret(Field::Password)
        .secret(Field::NewPassword)
        .secret(Field::Again)
    }

    /// Which student's week to show: the class's students to choose from (`choices`,
    /// keyed by the student's id), `chosen` first; the week as any of its days.
    pub fn weekly_pick(choices: Vec<Choice>, chosen: &str, week: &str) -> FormState {
        FormState::with(
            pick("Отчёт за неделю для родителей", "Weekly report for the parents"),
            FormPurpose::WeeklyPick,
            &[
                (Field::Student, pick("Ученик", "Student"), ""),
                (Field::Week, pick("Неделя", "Week"), week),
            ],
            pick(
                "Ученик — ←→ или первые буквы фамилии; неделя — любой её день (ДД.ММ.ГГГГ). Отчёт откроется для просмотра: оттуда — печать в файл или отправка родителям.",
                "Student: ←→ or the first letters of the last name; week: any of its days (DD.MM.YYYY). The report opens to read: print it to a file or send it to the parents from there.",
            ),
        )
        .choose(Field::Student, choices, chosen)
    }

    /// A student's data corrected by the documents: the name as it is now and the
    /// birth date, each to change (the class teacher's and the administrator's form).
    pub fn edit_student(
        student: StudentId,
        name: &crate::domain::names::FullName,
        born: Option<chrono::NaiveDate>,
    ) -> FormState {
        let born = born
            .map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_default();
        FormState::with(
            pick("Данные ученика", "The student's data"),
            FormPurpose::EditStudent(student),
            &[
                (Field::LastName, pick("Фамилия", "Last name"), &name.last),
                (Field::FirstName, pick("Имя", "First name"), &name.first),
                (
                    Field::Patronymic,
                    pick("Отчество", "Patronymic"),
                    &name.patronymic,
                ),
                (Field::Born, pick("Дата рождения", "Born"), &born),
            ],
            pick(
                "Исправление по документам; дата — ДД.ММ.ГГГГ. Старое и новое записываются в журнал изменений.",
                "A correction by the documents; the date as DD.MM.YYYY. The old and the new go into the audit log.",
            ),
        )
    }

    /// Which of the student's parents (`parents`: login and name) to unlink from
    /// `student_name`; Enter unlinks the one chosen.
    pub fn unlink_parent(
        student: StudentId,
        student_name: &str,
        parents: &[(String, String)],
    ) -> FormState {
        let choices = parents
            .iter()
            .map(|(login, name)| Choice::new(login.as_str(), format!("{name} ({login})")))
            .collect();
        let first = parents.first().map_or("", |(login, _)| login.as_str());
        FormState::with(
            pick("Отвязать родителя", "Unlink a parent"),
            FormPurpose::UnlinkParent(student),
            &[(Field::Login, pick("Родитель", "Parent"), "")],
            &tr!(
                "Родитель ученика {} — ←→. Enter отвязывает: родитель перестанет видеть дневник ученика (его учётная запись остаётся). Esc — отмена.",
                "A parent of {}: ←→. Enter unlinks: the parent no longer sees the student's diary (the account stays). Esc cancels.",
                student_name
            ),
        )
        .choose(Field::Login, choices, first)
    }

    /// The text of the field `name` (a pick list's chosen key); empty when the form has
    /// no such field.
    pub fn get(&self, name: Field) -> String {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| match &f.pick {
                Some(p) => p.key().to_string(),
                None => f.input.text(),
            })
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

    /// Forgets the letters typed into the pick lists (the cursor left the field, or the
    /// form is opened again).
    pub fn forget_search(&mut self) {
        for f in &mut self.fields {
            if let Some(p) = &mut f.pick {
                p.clear_search();
            }
        }
    }

    /// Moves the cursor to the next field, round to the first.
    pub fn next_field(&mut self) {
        self.forget_search();
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    /// Moves the cursor to the previous field, round to the last.
    pub fn prev_field(&mut self) {
        self.forget_search();
        let n = self.fields.len().max(1);
        self.focus = (self.focus + n - 1) % n;
    }

    /// Whether the cursor is on the last field (Enter then submits).
    pub fn on_last_field(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }

    /// The text field under the cursor (none when it is a pick list).
    pub fn field(&mut self) -> Option<&mut TextField> {
        self.fields
            .get_mut(self.focus)
            .filter(|f| f.pick.is_none())
            .map(|f| &mut f.input)
    }

    /// The pick list under the cursor, if that field is one.
    pub fn pick_list(&mut self) -> Option<&mut PickList> {
        self.fields
            .get_mut(self.focus)
            .and_then(|f| f.pick.as_mut())
    }
}

/// The class's students as a pick list keyed by their ids, each saying when the
/// parents have no account to receive a report with.
pub(crate) fn student_choices(pupils: &[crate::store::accounts::family::Pupil]) -> Vec<Choice> {
    pupils
        .iter()
        .map(|p| {
            let name = format!("{} {}", p.name.last, p.name.first);
            let label = if p.parents.iter().any(|a| a.active && a.has_password) {
                name
            } else {
                tr!(
                    "{} — у родителей нет входа в журнал",
                    "{} — the parents have no login",
                    name
                )
            };
            Choice::new(p.id.0.to_string(), label)
        })
        .collect()
}

/// Whom a logins sheet is for: those without a login yet (`new`), or everyone (`all`).
pub(crate) fn sheet_choices() -> Vec<Choice> {
    vec![
        Choice::new(
            "new",
            pick("у кого ещё нет входа", "those without a login yet"),
        ),
        Choice::new("all", pick("весь класс", "the whole class")),
    ]
}

/// «нет» and «да» as a pick list; `FormState::yes_no` reads either key.
pub(crate) fn yes_no() -> Vec<Choice> {
    vec![
        Choice::new("нет", pick("нет", "no")),
        Choice::new("да", pick("да", "yes")),
    ]
}
