//! Lessons beyond the timetable's plain course: substitutions, cancelled lessons, and a
//! teacher's gaps (past lessons still without a topic, homework or attendance).
//!
//! The rules (who may substitute or cancel, what counts as a gap) are the pure
//! functions at the top; the store methods below read, check with them, and write one
//! audited transaction each.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::audit::{AuditEntry, record};
use super::courses::LessonInfo;
use super::{Result, Store, StoreError, fmt_date, fmt_time, parse_date};
use crate::domain::RuleError;
use crate::domain::names::FullName;
use crate::domain::policy::{Actor, may_supervise};
use crate::domain::rules::check_homework;
use crate::tr;

/// What a past lesson still lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GapKind {
    NoTopic,
    /// Only in grades that have homework (not grade 1).
    NoHomework,
    /// Nobody took attendance (`attendance_taken_at` is empty).
    NoAttendance,
}

impl GapKind {
    /// «тема», «д/з», «посещаемость».
    pub fn label(self) -> String {
        match self {
            GapKind::NoTopic => tr!("тема", "topic"),
            GapKind::NoHomework => tr!("д/з", "homework"),
            GapKind::NoAttendance => tr!("посещаемость", "attendance"),
        }
    }
}

/// A past lesson of a teacher with what is missing in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub lesson_id: i64,
    pub course_id: i64,
    /// «7Б Алгебра».
    pub course: String,
    pub date: NaiveDate,
    pub lesson_no: i64,
    /// The teacher conducts this lesson as a substitute, not as the course's teacher.
    pub substituted: bool,
    pub missing: Vec<GapKind>,
}

/// A lesson that did not take place, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct CancelledLesson {
    pub lesson_id: i64,
    pub date: NaiveDate,
    pub lesson_no: i64,
    pub reason: String,
}

/// What a substitute's account says about them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub login: String,
    pub staff_id: Option<i64>,
    /// The account and the staff record are both active.
    pub active: bool,
    pub name: FullName,
}

// ---- The rules ---------------------------------------------------------------------

/// What a held lesson lacks: a topic; homework, where the grade has homework at all
/// (the same rule as [`check_homework`]: grade 1 has none); attendance.
pub fn lesson_gaps(
    grade: i64,
    topic: &str,
    homework: &str,
    attendance_taken: bool,
) -> Vec<GapKind> {
    let mut out = Vec::new();
    if topic.trim().is_empty() {
        out.push(GapKind::NoTopic);
    }
    let grade_has_homework = check_homework(grade, "-").is_ok();
    if grade_has_homework && homework.trim().is_empty() {
        out.push(GapKind::NoHomework);
    }
    if !attendance_taken {
        out.push(GapKind::NoAttendance);
    }
    out
}

/// A lesson counts towards the gaps from the day after it: on its own day the teacher
/// is still teaching and has until the evening to fill it in.
pub fn counts_as_past(date: NaiveDate, today: NaiveDate) -> bool {
    date < today
}

/// A teacher's gaps: the teacher themself, and the administration (deputy, director,
/// administrator) for anyone.
pub fn may_see_gaps(actor: &Actor, staff_id: i64) -> Result<(), RuleError> {
    if actor.staff_id == Some(staff_id) || actor.reads_everything() {
        Ok(())
    } else {
        Err(RuleError::Forbidden(tr!(
            "список незаполненных уроков учителя видят он сам и администрация",
            "a teacher's unfilled lessons are shown to the teacher and the administration"
        )))
    }
}

/// Cancelling and restoring a lesson: the course's teacher, a deputy or the director.
/// A substitute does not: the lesson is not theirs to drop.
pub fn may_cancel(actor: &Actor, course_teacher: i64) -> Result<(), RuleError> {
    if actor.staff_id == Some(course_teacher) || may_supervise(actor).is_ok() {
        Ok(())
    } else {
        Err(RuleError::Forbidden(tr!(
            "отменить или восстановить урок может учитель курса, заместитель директора или директор",
            "only the course's teacher, a deputy director or the director may cancel or restore a lesson"
        )))
    }
}

/// A cancellation needs its reason, trimmed.
pub fn cancel_reason(reason: &str) -> Result<String, String> {
    let r = reason.trim();
    if r.is_empty() {
        Err(tr!(
            "укажите причину отмены урока (--reason)",
            "give the reason the lesson is cancelled (--reason)"
        ))
    } else {
        Ok(r.to_string())
    }
}

/// The substitute must be an active staff member other than the course's teacher;
/// returns their staff id.
pub fn check_substitute(course_teacher: i64, c: &Candidate) -> Result<i64, String> {
    let Some(staff) = c.staff_id else {
        return Err(tr!(
            "«{}» не сотрудник школы: заменять может только учитель",
            "«{}» is not on the staff: only a teacher may substitute",
            c.login
        ));
    };
    if !c.active {
        return Err(tr!(
            "учётная запись «{}» отключена: заменять она не может",
            "account «{}» is deactivated and cannot substitute",
            c.login
        ));
    }
    if staff == course_teacher {
        return Err(tr!(
            "{} — учитель этого курса; чтобы снять замену, используйте --remove",
            "{} is this course's own teacher; to remove the substitute use --remove",
            c.name.initials()
        ));
    }
    Ok(staff)
}

/// Why a lesson holding data cannot be cancelled, or `None` when it is empty.
pub fn cancel_blocker(marks: i64, attendance: i64) -> Option<String> {
    let mut held = Vec::new();
    if marks > 0 {
        held.push(tr!("отметки ({})", "marks ({})", marks));
    }
    if attendance > 0 {
        held.push(tr!("посещаемость ({})", "attendance ({})", attendance));
    }
    (!held.is_empty()).then(|| {
        tr!(
            "на уроке есть {}: отменить можно только урок без отметок и посещаемости — сначала удалите их",
            "the lesson holds {}: only a lesson without marks and attendance can be cancelled — remove them first",
            held.join(", ")
        )
    })
}

/// The grid's column label of a substituted lesson: «замена: Фамилия И.О.».
pub fn substitute_label(name: &FullName) -> String {
    tr!("замена: {}", "substitute: {}", name.initials())
}

/// «10.11.2025, урок № 1».
pub fn lesson_text(date: NaiveDate, lesson_no: i64) -> String {
    tr!(
        "{}, урок № {}",
        "{}, lesson {}",
        date.format("%d.%m.%Y"),
        lesson_no
    )
}

// ---- The store ---------------------------------------------------------------------

impl Store {
    /// The lesson of a course on a date, cancelled ones included; `lesson_no` picks
    /// one when the course has several that day. A date that holds no lessons at all
    /// says why (the calendar's message).
    pub fn find_lesson(
        &self,
        course_id: i64,
        date: NaiveDate,
        lesson_no: Option<i64>,
    ) -> Result<LessonInfo> {
        let course = self.course(course_id)?;
        let mut st = self.conn.prepare_cached(
            "SELECT id, lesson_no FROM lesson WHERE course_id = ?1 AND date = ?2 ORDER BY lesson_no",
        )?;
        let found = st
            .query_map(params![course_id, fmt_date(date)], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let numbers = || {
            found
                .iter()
                .map(|(_, n)| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let id = match (found.as_slice(), lesson_no) {
            ([], _) => {
                let year = self.current_year()?;
                self.calendar(year.id)?
                    .check_lesson_date(date, course.class.grade)?;
                return Err(StoreError::NotFound(tr!(
                    "у {} нет урока {}",
                    "{} has no lesson on {}",
                    course.title(),
                    date.format("%d.%m.%Y")
                )));
            }
            ([(id, _)], None) => *id,
            (_, None) => {
                return Err(StoreError::Invalid(tr!(
                    "у {} {} несколько уроков (№ {}): укажите --lesson",
                    "{} has several lessons on {} (No. {}): give --lesson",
                    course.title(),
                    date.format("%d.%m.%Y"),
                    numbers()
                )));
            }
            (many, Some(n)) => match many.iter().find(|(_, no)| *no == n) {
                Some((id, _)) => *id,
                None => {
                    return Err(StoreError::NotFound(tr!(
                        "у {} нет урока № {} {} (есть № {})",
                        "{} has no lesson No. {} on {} (there is No. {})",
                        course.title(),
                        n,
                        date.format("%d.%m.%Y"),
                        numbers()
                    )));
                }
            },
        };
        self.lesson(id)
    }

    /// Why a lesson was cancelled; `None` when it is held.
    pub fn cancelled_reason(&self, lesson_id: i64) -> Result<Option<String>> {
        self.row(
            "SELECT cancelled_reason FROM lesson WHERE id = ?1",
            [lesson_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(tr!("нет урока {}", "no lesson {}", lesson_id)))
    }

    /// The lesson's substitute, when someone other than the course's teacher conducts it.
    pub fn substitute_name(&self, lesson_id: i64) -> Result<Option<FullName>> {
        let row = self
            .row(
                "SELECT s.last_name, s.first_name, s.patronymic FROM lesson l
                 JOIN course c ON c.id = l.course_id
                 LEFT JOIN staff s ON s.id = l.conducted_by AND l.conducted_by <> c.teacher_id
                 WHERE l.id = ?1",
                [lesson_id],
                |r| {
                    Ok((
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(tr!("нет урока {}", "no lesson {}", lesson_id)))?;
        Ok(match row {
            (Some(last), first, patronymic) => Some(FullName::new(
                &last,
                &first.unwrap_or_default(),
                &patronymic.unwrap_or_default(),
            )),
            _ => None,
        })
    }

    /// Who a staff member is, for audit values: «login Фамилия И.О.».
    fn staff_label(&self, staff_id: i64) -> Result<String> {
        let (last, first, patronymic, login) = self.row(
            "SELECT s.last_name, s.first_name, s.patronymic,
                    (SELECT u.login FROM users u WHERE u.staff_id = s.id ORDER BY u.id LIMIT 1)
             FROM staff s WHERE s.id = ?1",
            [staff_id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )?;
        let name = FullName::new(&last, &first, &patronymic).initials();
        Ok(match login {
            Some(l) => format!("{l} {name}"),
            None => name,
        })
    }

    /// The account behind a login as a possible substitute.
    fn candidate(&self, login: &str) -> Result<Candidate> {
        self.row(
            "SELECT u.login, u.staff_id, u.active AND coalesce(s.active, 0),
                    coalesce(s.last_name, u.display_name), coalesce(s.first_name, ''),
                    coalesce(s.patronymic, '')
             FROM users u LEFT JOIN staff s ON s.id = u.staff_id WHERE u.login = ?1",
            [login.trim()],
            |r| {
                Ok(Candidate {
                    login: r.get(0)?,
                    staff_id: r.get(1)?,
                    active: r.get(2)?,
                    name: FullName::new(
                        &r.get::<_, String>(3)?,
                        &r.get::<_, String>(4)?,
                        &r.get::<_, String>(5)?,
                    ),
                })
            },
        )
        .optional()?
        .ok_or_else(|| {
            StoreError::NotFound(tr!("нет пользователя «{}»", "no user «{}»", login.trim()))
        })
    }

    /// Gives one lesson to a substitute teacher (`None` takes it back to the course's
    /// teacher). Deputy and director only; the substitute then sees the lesson on their
    /// Today and may enter its data, and the course's teacher no longer has it.
    pub fn assign_substitute(
        &mut self,
        actor: &Actor,
        lesson_id: i64,
        substitute_login: Option<&str>,
    ) -> Result<()> {
        may_supervise(actor)?;
        let lesson = self.lesson(lesson_id)?;
        let course = self.course(lesson.course_id)?;
        if let Some(reason) = self.cancelled_reason(lesson_id)? {
            return Err(StoreError::Invalid(tr!(
                "урок {} отменён ({}): сначала восстановите его",
                "the lesson of {} is cancelled ({}): restore it first",
                lesson_text(lesson.date, lesson.lesson_no),
                reason
            )));
        }
        let new = match substitute_login {
            Some(login) => Some(
                check_substitute(course.teacher_id, &self.candidate(login)?)
                    .map_err(StoreError::Invalid)?,
            ),
            None => None,
        };
        let old = lesson.conducted_by.filter(|s| *s != course.teacher_id);
        if old == new {
            return Ok(());
        }
        let old_label = old.map(|s| self.staff_label(s)).transpose()?;
        let new_label = new.map(|s| self.staff_label(s)).transpose()?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            tx.execute(
                "UPDATE lesson SET conducted_by = ?1 WHERE id = ?2",
                params![new, lesson_id],
            )?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "set",
                    entity: "substitute",
                    entity_id: Some(lesson_id),
                    lesson_id: Some(lesson_id),
                    course_id: Some(course.id),
                    old: old_label,
                    new: new_label,
                    ..Default::default()
                },
            )
        })
    }

    /// Marks a lesson as not held, with its reason. Only an empty lesson (no marks, no
    /// attendance entries) can be cancelled; its topic, homework and substitute stay
    /// and come back with [`Store::restore_lesson`].
    pub fn cancel_lesson(&mut self, actor: &Actor, lesson_id: i64, reason: &str) -> Result<()> {
        let lesson = self.lesson(lesson_id)?;
        let course = self.course(lesson.course_id)?;
        may_cancel(actor, course.teacher_id)?;
        let reason = cancel_reason(reason).map_err(StoreError::Invalid)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            // Read inside the transaction: a mark entered a moment ago still counts.
            let (was, marks, attendance): (Option<String>, i64, i64) = tx.query_row(
                "SELECT cancelled_reason,
                        (SELECT count(*) FROM mark m WHERE m.lesson_id = l.id),
                        (SELECT count(*) FROM attendance a WHERE a.lesson_id = l.id)
                 FROM lesson l WHERE l.id = ?1",
                [lesson_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            if let Some(was) = was {
                return Err(StoreError::Invalid(tr!(
                    "урок {} уже отменён ({})",
                    "the lesson of {} is already cancelled ({})",
                    lesson_text(lesson.date, lesson.lesson_no),
                    was
                )));
            }
            if let Some(why) = cancel_blocker(marks, attendance) {
                return Err(StoreError::Invalid(why));
            }
            tx.execute(
                "UPDATE lesson SET cancelled_reason = ?1 WHERE id = ?2",
                params![reason, lesson_id],
            )?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "cancel",
                    entity: "lesson",
                    entity_id: Some(lesson_id),
                    lesson_id: Some(lesson_id),
                    course_id: Some(course.id),
                    old: None,
                    new: Some(reason.clone()),
                    ..Default::default()
                },
            )
        })
    }

    /// Brings a cancelled lesson back to the journal.
    pub fn restore_lesson(&mut self, actor: &Actor, lesson_id: i64) -> Result<()> {
        let lesson = self.lesson(lesson_id)?;
        let course = self.course(lesson.course_id)?;
        may_cancel(actor, course.teacher_id)?;
        let at = fmt_time(self.now());
        self.write(|tx| {
            let was: Option<String> = tx.query_row(
                "SELECT cancelled_reason FROM lesson WHERE id = ?1",
                [lesson_id],
                |r| r.get(0),
            )?;
            let Some(was) = was else {
                return Err(StoreError::Invalid(tr!(
                    "урок {} не отменён",
                    "the lesson of {} is not cancelled",
                    lesson_text(lesson.date, lesson.lesson_no)
                )));
            };
            tx.execute(
                "UPDATE lesson SET cancelled_reason = NULL WHERE id = ?1",
                [lesson_id],
            )?;
            record(
                tx,
                actor,
                &at,
                &AuditEntry {
                    action: "restore",
                    entity: "lesson",
                    entity_id: Some(lesson_id),
                    lesson_id: Some(lesson_id),
                    course_id: Some(course.id),
                    old: Some(was),
                    new: None,
                    ..Default::default()
                },
            )
        })
    }

    /// A course's cancelled lessons between two dates, in order.
    pub fn cancelled_lessons(
        &self,
        course_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<CancelledLesson>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, date, lesson_no, cancelled_reason FROM lesson
             WHERE course_id = ?1 AND date BETWEEN ?2 AND ?3 AND cancelled_reason IS NOT NULL
             ORDER BY date, lesson_no",
        )?;
        let rows = st
            .query_map(params![course_id, fmt_date(from), fmt_date(to)], |r| {
                Ok(CancelledLesson {
                    lesson_id: r.get(0)?,
                    date: parse_date(&r.get::<_, String>(1)?)?,
                    lesson_no: r.get(2)?,
                    reason: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A teacher's past lessons of this school year (before `today`, see
    /// [`counts_as_past`]) that still lack a topic, homework or attendance, newest
    /// first. The lessons are those Today shows: their own courses' unless someone
    /// substitutes, and the ones substituted to them; cancelled lessons are not gaps.
    pub fn gaps(&self, actor: &Actor, staff_id: i64, today: NaiveDate) -> Result<Vec<Gap>> {
        may_see_gaps(actor, staff_id)?;
        let year = self.current_year()?;
        let mut st = self.conn.prepare_cached(
            "SELECT l.id, l.course_id, l.date, l.lesson_no, l.topic, l.homework,
                    l.attendance_taken_at IS NOT NULL, k.grade, c.teacher_id <> ?1
             FROM lesson l JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
             WHERE k.year_id = ?2 AND l.date < ?3 AND l.cancelled_reason IS NULL
               AND ((c.teacher_id = ?1 AND (l.conducted_by IS NULL OR l.conducted_by = ?1))
                    OR l.conducted_by = ?1)
             ORDER BY l.date DESC, l.lesson_no DESC, l.id DESC",
        )?;
        let rows = st
            .query_map(params![staff_id, year.id, fmt_date(today)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    parse_date(&r.get::<_, String>(2)?)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, bool>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, bool>(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut titles: HashMap<i64, String> = HashMap::new();
        let mut out = Vec::new();
        for (lesson_id, course_id, date, lesson_no, topic, homework, taken, grade, substituted) in
            rows
        {
            if !counts_as_past(date, today) {
                continue;
            }
            let missing = lesson_gaps(grade, &topic, &homework, taken);
            if missing.is_empty() {
                continue;
            }
            let course = match titles.get(&course_id) {
                Some(t) => t.clone(),
                None => {
                    let t = self.course(course_id)?.title();
                    titles.insert(course_id, t.clone());
                    t
                }
            };
            out.push(Gap {
                lesson_id,
                course_id,
                course,
                date,
                lesson_no,
                substituted,
                missing,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roles::Role;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn staff(id: i64, roles: Vec<Role>) -> Actor {
        Actor {
            user_id: Some(id),
            login: format!("u{id}"),
            staff_id: Some(id),
            roles,
            ..Actor::default()
        }
    }

    #[test]
    fn a_gap_is_what_a_held_lesson_lacks() {
        use GapKind::*;
        assert_eq!(
            lesson_gaps(7, "", "", false),
            vec![NoTopic, NoHomework, NoAttendance]
        );
        assert_eq!(lesson_gaps(7, "Дроби", "№ 12", true), vec![]);
        assert_eq!(lesson_gaps(7, "  ", "№ 12", true), vec![NoTopic]);
        assert_eq!(lesson_gaps(7, "Дроби", " ", true), vec![NoHomework]);
        // Grade 1 has no homework, so none is ever missing.
        assert_eq!(lesson_gaps(1, "Счёт", "", true), vec![]);
        assert_eq!(lesson_gaps(1, "", "", false), vec![NoTopic, NoAttendance]);
        assert_eq!(lesson_gaps(2, "Счёт", "", true), vec![NoHomework]);
    }

    #[test]
    fn only_lessons_before_today_count() {
        let today = date("2025-11-12");
        assert!(counts_as_past(date("2025-11-11"), today));
        assert!(!counts_as_past(today, today));
        assert!(!counts_as_past(date("2025-11-13"), today));
    }

    #[test]
    fn who_sees_a_teachers_gaps() {
        assert!(may_see_gaps(&staff(1, vec![Role::Teacher]), 1).is_ok());
        assert!(may_see_gaps(&staff(2, vec![Role::Teacher]), 1).is_err());
        assert!(may_see_gaps(&staff(2, vec![Role::Teacher, Role::ClassTeacher]), 1).is_err());
        for role in [Role::Deputy, Role::Director, Role::Admin] {
            assert!(may_see_gaps(&staff(3, vec![role]), 1).is_ok(), "{role:?}");
        }
        assert!(may_see_gaps(&Actor::local_operator(), 1).is_ok());
    }

    #[test]
    fn who_cancels_a_lesson() {
        assert!(may_cancel(&staff(1, vec![Role::Teacher]), 1).is_ok());
        assert!(may_cancel(&staff(2, vec![Role::Teacher]), 1).is_err());
        assert!(may_cancel(&staff(3, vec![Role::Deputy]), 1).is_ok());
        assert!(may_cancel(&staff(3, vec![Role::Director]), 1).is_ok());
        // The administrator keeps the structure, not the lessons.
        assert!(may_cancel(&staff(3, vec![Role::Admin]), 1).is_err());
        assert!(may_cancel(&Actor::local_operator(), 1).is_err());
    }

    #[test]
    fn a_cancellation_needs_a_reason_and_an_empty_lesson() {
        assert!(cancel_reason("  ").is_err());
        assert_eq!(
            cancel_reason(" болезнь учителя ").as_deref(),
            Ok("болезнь учителя")
        );
        assert_eq!(cancel_blocker(0, 0), None);
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let why = cancel_blocker(2, 1).expect("blocked");
        assert!(
            why.contains("отметки (2)") && why.contains("посещаемость (1)"),
            "{why}"
        );
        assert!(why.contains("сначала удалите"), "{why}");
        assert!(cancel_blocker(0, 3).is_some());
    }

    #[test]
    fn the_substitute_is_another_active_staff_member() {
        let c = |staff_id, active| Candidate {
            login: "other".into(),
            staff_id,
            active,
            name: FullName::new("Соколов", "Пётр", "Андреевич"),
        };
        assert_eq!(check_substitute(1, &c(Some(2), true)), Ok(2));
        assert!(check_substitute(1, &c(None, true)).is_err());
        assert!(check_substitute(1, &c(Some(2), false)).is_err());
        assert!(check_substitute(2, &c(Some(2), true)).is_err());
    }

    #[test]
    fn labels() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let n = FullName::new("Соколов", "Пётр", "Андреевич");
        assert_eq!(substitute_label(&n), "замена: Соколов П.А.");
        assert_eq!(lesson_text(date("2025-11-10"), 1), "10.11.2025, урок № 1");
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        assert_eq!(substitute_label(&n), "substitute: Соколов П.А.");
        assert_eq!(GapKind::NoHomework.label(), "homework");
    }
}
