//! Substitutions: who conducts a lesson instead of the course's teacher, given and
//! taken back by the deputy or the director.

use rusqlite::{OptionalExtension, params};

use super::audit::AuditEntry;
use super::{Result, Store, StoreError};
use crate::domain::audit::{Action, Entity};
use crate::domain::ids::{LessonId, StaffId};
use crate::domain::lessons::{Candidate, check_substitute, lesson_text};
use crate::domain::names::FullName;
use crate::domain::policy::{Actor, may_supervise};
use crate::tr;

impl Store {
    /// The lesson's substitute, when someone other than the course's teacher conducts it.
    pub fn substitute_name(&self, lesson_id: LessonId) -> Result<Option<FullName>> {
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
    fn staff_label(&self, staff_id: StaffId) -> Result<String> {
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
        lesson_id: LessonId,
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
            Some(login) => Some(check_substitute(
                course.teacher_id,
                &self.candidate(login)?,
            )?),
            None => None,
        };
        let old = lesson.conducted_by.filter(|s| *s != course.teacher_id);
        if old == new {
            return Ok(());
        }
        let old_label = old.map(|s| self.staff_label(s)).transpose()?;
        let new_label = new.map(|s| self.staff_label(s)).transpose()?;
        self.change(actor, |tx| {
            tx.execute(
                "UPDATE lesson SET conducted_by = ?1 WHERE id = ?2",
                params![new, lesson_id],
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(lesson_id.0),
                lesson_id: Some(lesson_id),
                course_id: Some(course.id),
                old: old_label,
                new: new_label,
                ..AuditEntry::new(Action::Set, Entity::Substitute)
            })
        })
    }
}
