//! Violations of the journal's rules, each with a message a teacher understands.

use chrono::NaiveDate;

use crate::tr;

#[derive(Debug, Clone, PartialEq)]
pub enum RuleError {
    Grade1NoMarks,
    Grade1NoHomework,
    NotEnrolled {
        student: String,
        class: String,
        date: NaiveDate,
    },
    NotInSubgroup {
        student: String,
        group: String,
    },
    BadMarkValue(String),
    BadFinalValue(String),
    /// An entry the course's assessment does not take (pass/fail, not assessed).
    Grading(super::assessed::GradingError),
    UnknownWorkType(String),
    UnknownAttendanceCode {
        code: String,
        known: String,
    },
    OutsidePeriods(NaiveDate),
    Holiday {
        date: NaiveDate,
        name: String,
    },
    DayOff(NaiveDate),
    EnrollmentOverlap {
        student: String,
        date: NaiveDate,
    },
    BadEnrollmentDates {
        student: String,
    },
    BadGrade(i64),
    BadWeight(f64),
    Forbidden(String),
    /// A class teacher asked for a report without naming their class.
    OwnClassOnly,
    /// A lesson cancelled without a reason.
    CancelReason,
    /// A course's own teacher named as its substitute.
    OwnTeacher(String),
    /// A login that is not a staff member named as a substitute.
    NotStaff(String),
    /// A deactivated account named as a substitute.
    Deactivated(String),
    /// A calendar change the year cannot take (its words say why).
    CalendarChange(String),
    /// An assessment or its result the rules refuse (its words say why).
    Assessment(String),
    /// A lesson of a later day: no marks or attendance before it is held.
    NotYetHeld(NaiveDate),
    /// A period closed after its deadline (its name, its number among the grade's).
    PeriodClosed {
        period: String,
        num: i64,
        until: NaiveDate,
    },
    /// A period's finals before its last weeks.
    FinalsNotYet {
        period: String,
        num: i64,
        from: NaiveDate,
    },
    /// The year's finals before the grade's last period's last weeks.
    YearFinalsNotYet {
        last_period: String,
        from: NaiveDate,
    },
    /// The year's finals after the grade's last day and the deadline.
    YearClosed {
        until: NaiveDate,
    },
    /// A period closed for the course before its deadline by a deputy (its name, its
    /// number among the grade's, who closed it and why).
    PeriodLocked {
        period: String,
        num: i64,
        by: String,
        reason: String,
    },
}

fn d(date: &NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use RuleError::*;
        let s = match self {
            Grade1NoMarks => tr!(
                "в 1 классе отметки не ставятся — только посещаемость",
                "grade 1 has no marks, attendance only"
            ),
            Grade1NoHomework => tr!(
                "в 1 классе домашние задания не задаются",
                "grade 1 has no homework"
            ),
            NotEnrolled {
                student,
                class,
                date,
            } => {
                let date = d(date);
                tr!(
                    "{student} не числится в {class} на {date}",
                    "{student} is not enrolled in {class} on {date}"
                )
            }
            NotInSubgroup { student, group } => tr!(
                "{student} не входит в группу {group}",
                "{student} is not in group {group}"
            ),
            BadMarkValue(v) => tr!(
                "«{v}» — не отметка: допустимы 1, 2, 3, 4, 5",
                "«{v}» is not a mark: use 1, 2, 3, 4 or 5"
            ),
            BadFinalValue(v) => tr!(
                "«{v}» — не итоговая отметка: допустимы 1–5, зач, незач, н/а, осв",
                "«{v}» is not a final mark: use 1–5, зач, незач, н/а or осв"
            ),
            Grading(e) => e.to_string(),
            UnknownWorkType(v) => tr!("нет вида работы «{v}»", "no work type «{v}»"),
            UnknownAttendanceCode { code, known } => tr!(
                "«{code}» — не отметка посещаемости; допустимы: {known}",
                "«{code}» is not an attendance code; known: {known}"
            ),
            OutsidePeriods(date) => {
                let date = d(date);
                tr!(
                    "{date} не входит ни в один учебный период",
                    "{date} is not inside any study period"
                )
            }
            Holiday { date, name } => {
                let date = d(date);
                tr!(
                    "{date} — каникулы или праздник ({name})",
                    "{date} is a holiday ({name})"
                )
            }
            DayOff(date) => {
                let date = d(date);
                tr!("{date} — выходной день", "{date} is a day off")
            }
            CalendarChange(why) | Assessment(why) => why.clone(),
            NotYetHeld(date) => {
                let date = d(date);
                tr!(
                    "урок {date} ещё впереди: отметки и посещаемость — в день урока",
                    "the lesson of {date} is still ahead: marks and attendance from its day on"
                )
            }
            PeriodClosed { period, until, .. } => {
                let until = d(until);
                tr!(
                    "«{period}» закрыт: открыть его может заместитель директора; отметки, посещаемость, темы и итоговые можно было менять до {until}",
                    "«{period}» is closed: a deputy director may open it; marks, attendance, topics and finals could change until {until}"
                )
            }
            FinalsNotYet { period, from, .. } => {
                let from = d(from);
                tr!(
                    "итоговые за «{period}» ставятся с {from}, в последние недели периода; раньше открыть курс на этот период может заместитель директора",
                    "finals for «{period}» are set from {from}, in the period's last weeks; a deputy director may open it earlier for this course"
                )
            }
            YearFinalsNotYet { last_period, from } => {
                let from = d(from);
                tr!(
                    "годовые отметки ставятся с {from}, в последние недели «{last_period}»; раньше открыть их для курса может заместитель директора",
                    "year finals are set from {from}, in the last weeks of «{last_period}»; a deputy director may open them earlier for this course"
                )
            }
            PeriodLocked {
                period, by, reason, ..
            } => {
                tr!(
                    "«{period}» закрыт досрочно ({by}: «{reason}»): отметки, посещаемость, темы и итоговые не меняются, пока заместитель директора не откроет его",
                    "«{period}» was closed early ({by}: «{reason}»): marks, attendance, topics and finals stay as they are until a deputy director opens it"
                )
            }
            YearClosed { until } => {
                let until = d(until);
                tr!(
                    "годовые отметки закрыты: открыть их может заместитель директора; ставить их можно было до {until}",
                    "year finals are closed: a deputy director may open them; they could be set until {until}"
                )
            }
            EnrollmentOverlap { student, date } => {
                let date = d(date);
                tr!(
                    "{student} уже числится в другом классе на {date}",
                    "{student} is already enrolled in another class on {date}"
                )
            }
            BadEnrollmentDates { student } => tr!(
                "у {student} дата выбытия раньше даты прибытия",
                "{student} leaves before arriving"
            ),
            BadGrade(g) => tr!("параллель {g} вне 1–11", "grade {g} is outside 1–11"),
            BadWeight(w) => tr!(
                "вес {w} должен быть больше нуля",
                "weight {w} must be above zero"
            ),
            Forbidden(what) => tr!("нет прав: {what}", "not allowed: {what}"),
            OwnClassOnly => tr!(
                "нет прав: классный руководитель получает отчёты только по своему классу; выберите класс",
                "not allowed: a class teacher gets the reports of their own class only; choose the class"
            ),
            CancelReason => tr!(
                "укажите причину отмены урока",
                "give the reason the lesson is cancelled"
            ),
            NotStaff(login) => tr!(
                "«{login}» не сотрудник школы: заменять может только учитель",
                "«{login}» is not on the staff: only a teacher may substitute"
            ),
            Deactivated(login) => tr!(
                "учётная запись «{login}» отключена: заменять она не может",
                "account «{login}» is deactivated and cannot substitute"
            ),
            OwnTeacher(name) => tr!(
                "{name} — учитель этого курса, замена ему не нужна; чтобы вернуть урок учителю, снимите замену",
                "{name} is this course's own teacher and needs no substitute; to give the lesson back, remove the substitute"
            ),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for RuleError {}
