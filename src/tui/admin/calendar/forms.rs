//! The calendar screen's forms — a quarantine, a break, an excused day, a worked day,
//! new dates for an entry — and the change each asks for, read as the command line's
//! `zhurnal calendar quarantine|holiday|excused|workday|move` reads its arguments.

use chrono::NaiveDate;

use crate::domain::calendar::{Holiday, HolidayKind};
use crate::domain::calendar_edit::{CalendarChange, parse_grades, parse_weekday};
use crate::domain::ids::ClassId;
use crate::i18n::pick;
use crate::report::calendar::dates;
use crate::store::Store;
use crate::tr;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};

/// «Кому»: a class, grades or the whole school.
const WHOM_HINT: (&str, &str) = (
    "Кому: пусто — вся школа, 1-4 или 7 — параллели, 7Б — класс. Даты ДД.ММ.ГГГГ; «по» пусто — один день.",
    "For: empty — the whole school, 1-4 or 7 — grades, 7Б — a class. Dates DD.MM.YYYY; «to» empty — one day.",
);

impl FormState {
    /// A quarantine: for a class (7Б), a grade (7) or, left empty, the whole school.
    pub fn quarantine(today: &str) -> FormState {
        FormState::with(
            pick("Карантин", "Quarantine"),
            FormPurpose::Quarantine,
            &[
                (Field::Class, pick("Класс", "Class"), ""),
                (Field::From, pick("С", "From"), today),
                (Field::To, pick("По", "To"), today),
                (
                    Field::Name,
                    pick("Название", "Name"),
                    pick("Карантин", "Quarantine"),
                ),
            ],
            pick(
                "Класс: 7Б, параллель: 7, пусто — вся школа. Сначала покажем, какие уроки уйдут.",
                "Class: 7Б, a grade: 7, empty — the whole school. The lessons that go are shown first.",
            ),
        )
    }

    /// A break (its lessons cancelled) for the school, some grades or a class.
    pub fn school_break(today: &str) -> FormState {
        FormState::with(
            pick("Каникулы", "A break"),
            FormPurpose::SchoolBreak,
            &[
                (Field::Class, pick("Кому", "For"), ""),
                (Field::From, pick("С", "From"), today),
                (Field::To, pick("По", "To"), today),
                (
                    Field::Name,
                    pick("Название", "Name"),
                    pick("Каникулы", "Break"),
                ),
            ],
            pick(WHOM_HINT.0, WHOM_HINT.1),
        )
    }

    /// An excused day («актированный день»): lessons held, absences excused.
    pub fn excused_day(today: &str) -> FormState {
        FormState::with(
            pick("Актированный день", "An excused day"),
            FormPurpose::ExcusedDay,
            &[
                (Field::Class, pick("Кому", "For"), ""),
                (Field::From, pick("С", "From"), today),
                (Field::To, pick("По", "To"), today),
                (
                    Field::Name,
                    pick("Название", "Name"),
                    pick("Актированный день", "Excused day"),
                ),
            ],
            pick(
                "Уроки идут, пропуски этих дней уважительные. Кому: пусто — вся школа, 1-4 или 7 — параллели, 7Б — класс. Даты ДД.ММ.ГГГГ.",
                "Lessons are held, absences on these days are excused. For: empty — the whole school, 1-4 or 7 — grades, 7Б — a class. Dates DD.MM.YYYY.",
            ),
        )
    }

    /// A weekend day the school works with a weekday's timetable.
    pub fn worked_day(today: &str) -> FormState {
        FormState::with(
            pick("Рабочий день", "A worked day"),
            FormPurpose::WorkedDay,
            &[
                (Field::Date, pick("Дата", "Date"), today),
                (Field::Weekday, pick("Расписание", "Timetable"), ""),
                (
                    Field::Name,
                    pick("Название", "Name"),
                    pick("Рабочий день", "Worked day"),
                ),
            ],
            pick(
                "Выходной день, когда школа учится. Расписание — какого дня: понедельник … суббота (пн … сб). Дата ДД.ММ.ГГГГ.",
                "A weekend day the school works. Timetable: which day's, monday … saturday. Date DD.MM.YYYY.",
            ),
        )
    }

    /// New dates for an entry of the school's calendar (and grades, for one not of a
    /// class nor a worked day; and its name).
    pub fn move_entry(h: &Holiday) -> FormState {
        let (from, to) = (
            h.start.format("%d.%m.%Y").to_string(),
            h.end.format("%d.%m.%Y").to_string(),
        );
        let grades = if h.grade_min == h.grade_max {
            h.grade_min.to_string()
        } else {
            format!("{}-{}", h.grade_min, h.grade_max)
        };
        let mut fields = vec![
            (Field::From, pick("С", "From"), from.as_str()),
            (Field::To, pick("По", "To"), to.as_str()),
        ];
        let of_grades = h.class_id.is_none() && !matches!(h.kind, HolidayKind::Workday(_));
        if of_grades {
            fields.push((Field::Grades, pick("Параллели", "Grades"), grades.as_str()));
        }
        fields.push((Field::Name, pick("Название", "Name"), h.name.as_str()));
        let was = tr!(
            "Было: {} «{}» {}. Новые даты ДД.ММ.ГГГГ{}.",
            "Was: {} «{}» {}. New dates DD.MM.YYYY{}.",
            h.kind.name(),
            crate::domain::text::shown(&h.name),
            dates(h.start, h.end),
            if of_grades {
                pick(", параллели «1-4» или «7»", ", grades «1-4» or «7»")
            } else {
                ""
            }
        );
        FormState::with(
            &tr!("Перенести запись № {}", "Move entry No. {}", h.id),
            FormPurpose::MoveEntry(h.id),
            &fields,
            &was,
        )
    }
}

/// The change a calendar form asks for, or what is wrong with what was typed.
pub fn change_of(store: &Store, form: &FormState) -> Result<CalendarChange, String> {
    let kind = match form.purpose {
        FormPurpose::Quarantine => HolidayKind::Quarantine,
        FormPurpose::SchoolBreak => HolidayKind::Holiday,
        FormPurpose::ExcusedDay => HolidayKind::Excused,
        FormPurpose::WorkedDay => {
            let date = form.date(Field::Date)?;
            let weekday = parse_weekday(&form.get(Field::Weekday))?;
            let name = form
                .optional(Field::Name)
                .unwrap_or_else(|| "Рабочий день".into());
            return Ok(CalendarChange::Add(Holiday {
                kind: HolidayKind::Workday(weekday),
                ..Holiday::new(&name, date, date, (1, 11))
            }));
        }
        FormPurpose::MoveEntry(id) => return moved(store, id, form),
        _ => return Err(pick("не форма календаря", "not a calendar form").into()),
    };
    let (from, to) = days(form)?;
    let (grades, class_id) = whom(store, &form.get(Field::Class))?;
    let several = grades.0 != grades.1 && grades != (1, 11);
    if kind == HolidayKind::Quarantine && several {
        return Err(tr!(
            "карантин — для класса, одной параллели или всей школы, не для параллелей {}",
            "a quarantine is for a class, one grade or the whole school, not grades {}",
            form.get(Field::Class).trim()
        ));
    }
    let default = match kind {
        HolidayKind::Quarantine => "Карантин",
        HolidayKind::Excused => "Актированный день",
        _ => "Каникулы",
    };
    let name = form.optional(Field::Name).unwrap_or_else(|| default.into());
    Ok(CalendarChange::Add(Holiday {
        kind,
        class_id,
        ..Holiday::new(&name, from, to, grades)
    }))
}

/// The form's first and last day; the last left empty is the first.
fn days(form: &FormState) -> Result<(NaiveDate, NaiveDate), String> {
    let from = form.date(Field::From)?;
    let to = form.optional_date(Field::To)?.unwrap_or(from);
    Ok((from, to))
}

/// Whom an entry is for, as typed: empty — the whole school; «1-4» or «7» — grades;
/// «7Б» — a class.
fn whom(store: &Store, text: &str) -> Result<((i64, i64), Option<ClassId>), String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(((1, 11), None));
    }
    if t.chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || c == '-' || c == '–')
    {
        return Ok((parse_grades(t)?, None));
    }
    let (id, name) = store.class_by_name(t).map_err(|e| e.to_string())?;
    Ok(((name.grade, name.grade), Some(id)))
}

/// The entry `id` with the form's dates, grades and name, as `calendar move` makes it.
fn moved(store: &Store, id: i64, form: &FormState) -> Result<CalendarChange, String> {
    let e = |e: crate::store::StoreError| e.to_string();
    let year = store.current_year().map_err(e)?;
    let cal = store.calendar(year.id).map_err(e)?;
    let Some(was) = cal.holidays.into_iter().find(|h| h.id == id) else {
        return Err(tr!(
            "в календаре нет записи № {}",
            "the calendar has no entry No. {}",
            id
        ));
    };
    let (start, end) = days(form)?;
    let grades = match form.optional(Field::Grades) {
        Some(g) => parse_grades(&g)?,
        None => (was.grade_min, was.grade_max),
    };
    let to = Holiday {
        name: form
            .optional(Field::Name)
            .unwrap_or_else(|| was.name.clone()),
        start,
        end,
        grade_min: grades.0,
        grade_max: grades.1,
        ..was
    };
    Ok(CalendarChange::Edit { id, to })
}
