//! The grid's forms: a final (a period's or the year's), an extra lesson, a cancelled
//! lesson — each constructor beside its saving.

use super::GridState;
use super::entry::Ctx;
use super::keys::Effect;
use crate::domain::ids::{CourseId, LessonId, MarkId, PeriodId, StudentId};
use crate::i18n::pick;
use crate::store::marks::Expect;
use crate::store::school::WorkTypeRow;
use crate::tr;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::pick_list::Choice;

impl FormState {
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
                "1–5, зач, незач, н/а, осв; пусто — снять. Предложена по отметкам: по среднему взвешенному; «н/а», если их меньше положенного; «осв» освобождённому.",
                "1–5, зач, незач, н/а, осв; empty clears. Suggested from the marks: the weighted average; «н/а» when fewer than due; «осв» when exempt.",
            ),
        )
    }
}

impl FormState {
    /// The work type of the mark `mark` (`value`) chosen from the school's list.
    pub fn mark_work_type(
        mark: MarkId,
        value: &str,
        types: &[WorkTypeRow],
        current: i64,
    ) -> FormState {
        let choices = types
            .iter()
            .map(|t| {
                Choice::new(
                    t.id.to_string(),
                    tr!(
                        "{} — {} (вес {})",
                        "{} — {} (weight {})",
                        t.short,
                        t.name,
                        t.weight
                    ),
                )
            })
            .collect();
        FormState::with(
            &tr!("Вид работы · отметка {}", "Work type · mark {}", value),
            FormPurpose::MarkWorkType(mark),
            &[(Field::Kind, pick("Вид", "Kind"), "")],
            pick(
                "←→ или первые буквы названия; Enter — сохранить.",
                "←→ or the name's first letters; Enter saves.",
            ),
        )
        .choose(Field::Kind, choices, &current.to_string())
    }
}

impl GridState {
    /// A form the grid opened, submitted; an error keeps the form open with the reason.
    pub fn submit(&mut self, form: &FormState, ctx: &mut Ctx) -> Result<Effect, String> {
        match &form.purpose {
            FormPurpose::AddLesson(course) => self.add_lesson(*course, form, ctx),
            FormPurpose::CancelLesson(lesson) => {
                ctx.store
                    .cancel_lesson(ctx.actor, *lesson, &form.get(Field::Reason))
                    .map_err(|e| e.to_string())?;
                self.reload_at(ctx, None)?;
                Ok(Effect::Info(
                    pick("урок отменён", "lesson cancelled").into(),
                ))
            }
            FormPurpose::Final(course, student, period, seen) => {
                self.save_final((*course, *student, *period), seen.as_deref(), form, ctx)
            }
            FormPurpose::MarkWorkType(mark) => {
                let id: i64 = form
                    .get(Field::Kind)
                    .parse()
                    .map_err(|_| pick("выберите вид работы", "choose a work type").to_string())?;
                let mark = *mark;
                Ok(self.entry(ctx, false, |c, g| {
                    super::entry::set_work_type(c, g, mark, id)
                }))
            }
            _ => Ok(Effect::None),
        }
    }

    fn add_lesson(
        &mut self,
        course: CourseId,
        form: &FormState,
        ctx: &mut Ctx,
    ) -> Result<Effect, String> {
        let date = form.date(Field::Date)?;
        let number: i64 = form.get(Field::LessonNo).trim().parse().map_err(|_| {
            tr!(
                "«{}» — не номер урока",
                "«{}» is not a period number",
                form.get(Field::LessonNo).trim()
            )
        })?;
        let id = ctx
            .store
            .add_lesson(ctx.actor, course, date, number)
            .map_err(|e| e.to_string())?;
        self.reload_at(ctx, Some(id))?;
        Ok(Effect::Info(tr!(
            "урок {} добавлен",
            "lesson of {} added",
            date.format("%d.%m.%Y")
        )))
    }

    fn save_final(
        &mut self,
        (course, student, period): (CourseId, StudentId, Option<PeriodId>),
        seen: Option<&str>,
        form: &FormState,
        ctx: &mut Ctx,
    ) -> Result<Effect, String> {
        let value = match form.get(Field::Mark).trim() {
            "" => None,
            v => Some(crate::domain::marks::FinalValue::parse(v).map_err(|e| e.to_string())?),
        };
        let saved = ctx.store.set_final(
            ctx.actor,
            course,
            student,
            period,
            value,
            Expect::Seen(&seen),
        );
        if let Err(e) = saved {
            if matches!(e, crate::store::StoreError::Conflict { .. }) {
                // The form closes on the grid showing the other user's final, and the
                // status line says who set what; F10 again starts from it.
                self.reload_at(ctx, None)?;
                return Ok(Effect::Error(e.to_string()));
            }
            return Err(e.to_string());
        }
        self.reload_at(ctx, None)?;
        Ok(Effect::Info(tr!(
            "сохранено: итоговая {}",
            "saved: final {}",
            value.map(|v| v.as_str()).unwrap_or("—")
        )))
    }

    /// Reloads the page, on the period and the column of `focus` when given.
    fn reload_at(&mut self, ctx: &mut Ctx, focus: Option<LessonId>) -> Result<(), String> {
        if let Some(id) = focus
            && let Ok(l) = ctx.store.lesson(id)
            && let Some(i) = self
                .periods
                .iter()
                .position(|p| (p.start..=p.end).contains(&l.date))
        {
            self.period_idx = i;
        }
        self.reload(ctx.store, ctx.actor)
            .map_err(|e| e.to_string())?;
        if let Some(id) = focus
            && let Some(c) = self.page.lessons.iter().position(|l| l.id == id)
        {
            self.col = c;
        }
        Ok(())
    }
}
