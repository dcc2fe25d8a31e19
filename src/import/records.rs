//! Typed records of each import file, with the line each came from.

use chrono::NaiveDate;

use super::ImportError;
use super::csvread::{Column, Row, read_rows_lenient};
use crate::domain::calendar::parse_date;
use crate::domain::class_name::ClassName;
use crate::domain::names::FullName;
use crate::domain::roles::Role;
use crate::domain::text;
use crate::tr;

macro_rules! col {
    ($key:literal, req, [$($n:literal),+]) => {
        Column { key: $key, names: &[$key, $($n),+], required: true }
    };
    ($key:literal, opt, [$($n:literal),+]) => {
        Column { key: $key, names: &[$key, $($n),+], required: false }
    };
}

const NAME_COLS: [Column; 3] = [
    col!("last_name", req, ["Фамилия", "surname"]),
    col!("first_name", req, ["Имя", "name"]),
    col!("patronymic", opt, ["Отчество", "middle_name"]),
];

#[derive(Debug, Clone, PartialEq)]
pub struct StaffRow {
    pub line: usize,
    pub login: String,
    pub name: FullName,
    /// Whether the file has a patronymic column: without it a listed person keeps theirs.
    pub patronymic_given: bool,
    /// `None` when the file has no roles column: a listed person keeps their roles (a
    /// new one is a teacher).
    pub roles: Option<Vec<Role>>,
    /// `None` when the file has no homeroom column: a listed person keeps their class;
    /// `Some(None)`: the file says they have none.
    pub homeroom: Option<Option<ClassName>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StudentRow {
    pub line: usize,
    pub class: ClassName,
    pub name: FullName,
    pub birth_date: Option<NaiveDate>,
    /// Whether the file has a patronymic column; without it a listed student is found
    /// by the rest of the name (and the birth date), and keeps their patronymic.
    pub patronymic_given: bool,
    /// Whether the file has a birth date column; without it a listed student is found
    /// by the name, and keeps their birth date.
    pub birth_date_given: bool,
    /// `None` when the file has no groups column: the student's groups stay as they are.
    pub groups: Option<Vec<String>>,
    pub login: Option<String>,
    pub enrolled: Option<NaiveDate>,
    pub order: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParentRow {
    pub line: usize,
    pub login: String,
    pub name: FullName,
    /// Whether the file has a patronymic column: without it a parent keeps their name.
    pub patronymic_given: bool,
    pub class: ClassName,
    pub child_last: String,
    pub child_first: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CourseRow {
    pub line: usize,
    pub class: ClassName,
    pub subject: String,
    pub group: Option<String>,
    pub teacher: String,
    pub hours: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimetableRow {
    pub line: usize,
    pub class: ClassName,
    pub group: Option<String>,
    pub subject: String,
    pub weekday: u32,
    pub lesson_no: i64,
    /// `None` when the file has no room column: a lesson keeps the room it has.
    pub room: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub line: usize,
    pub order: i64,
    pub topic: String,
    pub hours: i64,
    /// `None` when the file has no date column: an item keeps its planned date;
    /// `Some(None)`: the file leaves the date empty.
    pub date: Option<Option<NaiveDate>>,
}

/// The records of a file that parsed, and the errors of every row that did not. A
/// preview checks the good rows against the journal too, so that one run reports
/// every problem of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    pub rows: Vec<T>,
    pub errors: Vec<ImportError>,
    /// What was read otherwise than written, by line: «7A» read as «7А».
    pub notes: Vec<(usize, String)>,
}

impl<T> Parsed<T> {
    /// The records, or every error when any row failed.
    pub fn into_result(self) -> Result<Vec<T>, Vec<ImportError>> {
        if self.errors.is_empty() {
            Ok(self.rows)
        } else {
            Err(self.errors)
        }
    }
}

/// Reads the rows of a file and turns each into a record with `f`, keeping every error.
fn parse_rows<T>(
    text: &str,
    file: &str,
    columns: &[Column],
    mut f: impl FnMut(&Row, &mut Vec<String>) -> Result<T, String>,
) -> Parsed<T> {
    let (rows, mut errors) = match read_rows_lenient(text, file, columns) {
        Ok(r) => r,
        Err(errors) => {
            return Parsed {
                rows: Vec::new(),
                errors,
                notes: Vec::new(),
            };
        }
    };
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for row in &rows {
        let mut said = Vec::new();
        let got = clean(row).and_then(|()| f(row, &mut said));
        notes.extend(said.into_iter().map(|n| (row.line, n)));
        match got {
            Ok(r) => out.push(r),
            Err(message) => errors.push(ImportError {
                file: file.to_string(),
                line: row.line,
                message,
            }),
        }
    }
    errors.sort_by_key(|e| e.line);
    Parsed {
        rows: out,
        errors,
        notes,
    }
}

/// Every cell of a row holds text the journal may store: no control characters, no
/// more than its kind of text's length (the store checks again; here the message gets
/// its file and line, and nothing of the file is written).
fn clean(row: &Row) -> Result<(), String> {
    let mut cells: Vec<_> = row.cells().collect();
    cells.sort_by_key(|(k, _)| *k);
    for (column, value) in cells {
        let field = match column {
            "last_name" | "first_name" | "patronymic" | "middle_name" | "surname" | "name"
            | "child_first_name" | "child_last_name" | "teacher" => text::Field::Name,
            "login" => text::Field::Login,
            "class" | "homeroom" => text::Field::Class,
            "subject" | "group" | "groups" => text::Field::Subject,
            "topic" => text::Field::Topic,
            "order" => text::Field::Reason,
            _ => text::Field::Other,
        };
        text::check(field, value.trim()).map_err(|e| format!("«{column}»: {e}"))?;
    }
    Ok(())
}

/// The class a row names, noting a Latin letter read as Cyrillic.
fn class(row: &Row, key: &str, notes: &mut Vec<String>) -> Result<ClassName, String> {
    let (c, note) = ClassName::parse_noting(row.get(key))?;
    notes.extend(note);
    Ok(c)
}

fn name(row: &Row) -> Result<FullName, String> {
    let n = FullName::new(
        row.get("last_name"),
        row.get("first_name"),
        row.get("patronymic"),
    );
    if n.last.is_empty() || n.first.is_empty() {
        return Err(tr!(
            "не указаны фамилия или имя",
            "last or first name is empty"
        ));
    }
    Ok(n)
}

fn opt_date(row: &Row, key: &str) -> Result<Option<NaiveDate>, String> {
    let v = row.get(key);
    if v.is_empty() {
        return Ok(None);
    }
    parse_date(v).map(Some).ok_or_else(|| {
        tr!(
            "«{}» — не дата (ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)",
            "«{}» is not a date (use YYYY-MM-DD or DD.MM.YYYY)",
            v
        )
    })
}

fn opt(row: &Row, key: &str) -> Option<String> {
    Some(row.get(key).to_string()).filter(|s| !s.is_empty())
}

fn required(row: &Row, key: &str, label: &str) -> Result<String, String> {
    opt(row, key).ok_or_else(|| tr!("пустое поле «{}»", "empty field «{}»", label))
}

fn login(row: &Row) -> Result<String, String> {
    let l = required(row, "login", "login")?;
    if l.chars().any(char::is_whitespace) {
        return Err(tr!(
            "логин «{}» содержит пробел",
            "login «{}» contains a space",
            l
        ));
    }
    Ok(l)
}

pub fn staff(text: &str, file: &str) -> Result<Vec<StaffRow>, Vec<ImportError>> {
    parse_staff(text, file).into_result()
}

pub fn parse_staff(text: &str, file: &str) -> Parsed<StaffRow> {
    let cols = [
        col!("login", req, ["Логин"]),
        NAME_COLS[0],
        NAME_COLS[1],
        NAME_COLS[2],
        col!("roles", opt, ["Роли", "Роль"]),
        col!(
            "homeroom",
            opt,
            ["Классное руководство", "Классный руководитель"]
        ),
    ];
    parse_rows(text, file, &cols, |row, notes| {
        let mut roles = Vec::new();
        for t in row
            .get("roles")
            .split([' ', ',', '/'])
            .filter(|t| !t.is_empty())
        {
            roles.push(Role::parse(t).ok_or_else(|| {
                tr!(
                    "неизвестная роль «{}»; допустимы teacher, deputy, director, admin",
                    "unknown role «{}»; use teacher, deputy, director, admin",
                    t
                )
            })?);
        }
        if roles.is_empty() {
            roles.push(Role::Teacher);
        }
        let homeroom = match opt(row, "homeroom") {
            Some(_) => Some(class(row, "homeroom", notes)?),
            None => None,
        };
        Ok(StaffRow {
            line: row.line,
            login: login(row)?,
            name: name(row)?,
            patronymic_given: row.has("patronymic"),
            roles: row.has("roles").then_some(roles),
            homeroom: row.has("homeroom").then_some(homeroom),
        })
    })
}

pub fn students(text: &str, file: &str) -> Result<Vec<StudentRow>, Vec<ImportError>> {
    parse_students(text, file).into_result()
}

pub fn parse_students(text: &str, file: &str) -> Parsed<StudentRow> {
    let cols = [
        col!("class", req, ["Класс"]),
        NAME_COLS[0],
        NAME_COLS[1],
        NAME_COLS[2],
        col!("birth_date", opt, ["Дата рождения"]),
        col!("groups", opt, ["Группы", "Подгруппа", "Группа"]),
        col!("login", opt, ["Логин"]),
        col!("enrolled", opt, ["Дата зачисления", "Зачислен"]),
        col!("order", opt, ["Приказ", "Номер приказа"]),
    ];
    parse_rows(text, file, &cols, |row, notes| {
        Ok(StudentRow {
            line: row.line,
            class: class(row, "class", notes)?,
            name: name(row)?,
            birth_date: opt_date(row, "birth_date")?,
            patronymic_given: row.has("patronymic"),
            birth_date_given: row.has("birth_date"),
            groups: row.has("groups").then(|| {
                row.get("groups")
                    .split([' ', ','])
                    .filter(|g| !g.is_empty())
                    .map(str::to_string)
                    .collect()
            }),
            login: opt(row, "login"),
            enrolled: opt_date(row, "enrolled")?,
            order: row.get("order").to_string(),
        })
    })
}

pub fn parents(text: &str, file: &str) -> Result<Vec<ParentRow>, Vec<ImportError>> {
    parse_parents(text, file).into_result()
}

pub fn parse_parents(text: &str, file: &str) -> Parsed<ParentRow> {
    let cols = [
        col!("login", req, ["Логин"]),
        NAME_COLS[0],
        NAME_COLS[1],
        NAME_COLS[2],
        col!("class", req, ["Класс"]),
        col!(
            "child_last_name",
            req,
            ["Фамилия ребёнка", "Фамилия ученика"]
        ),
        col!("child_first_name", req, ["Имя ребёнка", "Имя ученика"]),
    ];
    parse_rows(text, file, &cols, |row, notes| {
        Ok(ParentRow {
            line: row.line,
            login: login(row)?,
            name: name(row)?,
            patronymic_given: row.has("patronymic"),
            class: class(row, "class", notes)?,
            child_last: required(row, "child_last_name", "child_last_name")?,
            child_first: required(row, "child_first_name", "child_first_name")?,
        })
    })
}

fn number(row: &Row, key: &str, label: &str) -> Result<f64, String> {
    let v = row.get(key).replace(',', ".");
    v.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= 0.0)
        .ok_or_else(|| {
            tr!(
                "«{}»: «{}» — не число",
                "«{}»: «{}» is not a number",
                label,
                row.get(key)
            )
        })
}

pub fn courses(text: &str, file: &str) -> Result<Vec<CourseRow>, Vec<ImportError>> {
    parse_courses(text, file).into_result()
}

pub fn parse_courses(text: &str, file: &str) -> Parsed<CourseRow> {
    let cols = [
        col!("class", req, ["Класс"]),
        col!("subject", req, ["Предмет"]),
        col!("group", opt, ["Группа", "Подгруппа"]),
        col!("teacher", req, ["Учитель", "Преподаватель"]),
        col!("hours", req, ["Часы", "Часов в неделю"]),
    ];
    parse_rows(text, file, &cols, |row, notes| {
        Ok(CourseRow {
            line: row.line,
            class: class(row, "class", notes)?,
            subject: required(row, "subject", "subject")?,
            group: opt(row, "group"),
            teacher: required(row, "teacher", "teacher")?,
            hours: number(row, "hours", "hours")?,
        })
    })
}

/// Weekday as 1–7 or its Russian or English name or abbreviation.
pub fn parse_weekday(s: &str) -> Option<u32> {
    let t = s.trim().to_lowercase();
    if let Ok(n) = t.parse::<u32>() {
        return (1..=7).contains(&n).then_some(n);
    }
    const NAMES: [[&str; 3]; 7] = [
        ["пн", "понедельник", "mon"],
        ["вт", "вторник", "tue"],
        ["ср", "среда", "wed"],
        ["чт", "четверг", "thu"],
        ["пт", "пятница", "fri"],
        ["сб", "суббота", "sat"],
        ["вс", "воскресенье", "sun"],
    ];
    NAMES
        .iter()
        .position(|n| {
            n.iter()
                .any(|a| t == *a || (a.len() > 3 && t.starts_with(a)))
                || t.starts_with(n[2])
        })
        .map(|i| i as u32 + 1)
}

pub fn timetable(text: &str, file: &str) -> Result<Vec<TimetableRow>, Vec<ImportError>> {
    parse_timetable(text, file).into_result()
}

pub fn parse_timetable(text: &str, file: &str) -> Parsed<TimetableRow> {
    let cols = [
        col!("class", req, ["Класс"]),
        col!("group", opt, ["Группа", "Подгруппа"]),
        col!("subject", req, ["Предмет"]),
        col!("weekday", req, ["День", "День недели"]),
        col!("lesson", req, ["Урок", "Номер урока"]),
        col!("room", opt, ["Кабинет"]),
        col!("from", opt, ["С", "Действует с"]),
        col!("to", opt, ["По", "Действует по"]),
    ];
    parse_rows(text, file, &cols, |row, notes| {
        let weekday = parse_weekday(row.get("weekday")).ok_or_else(|| {
            tr!(
                "«{}» — не день недели (1–7 или Пн…Вс)",
                "«{}» is not a weekday (1–7 or Mon…Sun)",
                row.get("weekday")
            )
        })?;
        let lesson_no = row
            .get("lesson")
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=12).contains(n))
            .ok_or_else(|| {
                tr!(
                    "«{}» — не номер урока (0–12)",
                    "«{}» is not a lesson number (0–12)",
                    row.get("lesson")
                )
            })?;
        Ok(TimetableRow {
            line: row.line,
            class: class(row, "class", notes)?,
            group: opt(row, "group"),
            subject: required(row, "subject", "subject")?,
            weekday,
            lesson_no,
            room: row.has("room").then(|| row.get("room").to_string()),
            from: opt_date(row, "from")?,
            to: opt_date(row, "to")?,
        })
    })
}

pub fn plan(text: &str, file: &str) -> Result<Vec<PlanRow>, Vec<ImportError>> {
    parse_plan(text, file).into_result()
}

pub fn parse_plan(text: &str, file: &str) -> Parsed<PlanRow> {
    let cols = [
        col!("order", req, ["№", "Номер", "Порядок"]),
        col!("topic", req, ["Тема"]),
        col!("hours", req, ["Часы", "Часов"]),
        col!("date", opt, ["Дата", "Планируемая дата"]),
    ];
    let mut parsed = parse_rows(text, file, &cols, |row, _| {
        let order = row
            .get("order")
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                tr!(
                    "«{}» — не номер темы",
                    "«{}» is not a topic number",
                    row.get("order")
                )
            })?;
        let hours = row
            .get("hours")
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                tr!(
                    "часы «{}»: нужно целое число не меньше 1",
                    "hours «{}»: a whole number of at least 1",
                    row.get("hours")
                )
            })?;
        Ok(PlanRow {
            line: row.line,
            order,
            topic: required(row, "topic", "topic")?,
            hours,
            date: match row.has("date") {
                true => Some(opt_date(row, "date")?),
                false => None,
            },
        })
    });
    let mut out: Vec<PlanRow> = Vec::new();
    let mut lines: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for r in std::mem::take(&mut parsed.rows) {
        if let Some(prev) = lines.get(&r.order) {
            parsed.errors.push(ImportError {
                file: file.to_string(),
                line: r.line,
                message: tr!(
                    "номер темы {} уже был в строке {}",
                    "topic number {} already used on line {}",
                    r.order,
                    prev
                ),
            });
        } else {
            lines.insert(r.order, r.line);
            out.push(r);
        }
    }
    parsed.errors.sort_by_key(|e| e.line);
    out.sort_by_key(|p| p.order);
    parsed.rows = out;
    parsed
}

#[cfg(test)]
mod tests;
