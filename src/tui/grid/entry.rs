//! Entering data in the grid: every action is saved at once through the store (rules,
//! permissions, audit) and recorded for undo; the page is then refreshed from the store.

use super::GridState;
use super::history::{Change, History};
use crate::config::app::Advance;
use crate::domain::ids::{LessonId, MarkId, StudentId};
use crate::domain::marks::Mark;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::store::marks::Expect;
use crate::store::{Store, StoreError};
use crate::tr;
use crate::tui::overlay::form::FormState;

/// What the user must still confirm.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// A mark for a student marked absent.
    MarkOnAbsent {
        lesson_id: LessonId,
        student_id: StudentId,
        value: Mark,
    },
    /// Clearing the absences of a column ("everyone present").
    ClearAbsences {
        lesson_id: LessonId,
        changes: Vec<(StudentId, Option<String>, Option<String>)>,
    },
}

/// The result of an entry.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// Written; the cursor may move on.
    Saved(String),
    /// Nothing written, and why (a key with nothing to do here).
    Info(String),
    Confirm {
        question: String,
        pending: Pending,
    },
}

/// The store, the acting user and their undo history; how the cursor moves after an
/// entry and by a page.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub actor: &'a Actor,
    pub history: &'a mut History,
    pub advance: Advance,
    /// The rows a page of the grid shows.
    pub page: usize,
}

fn saved(what: &str) -> Entry {
    Entry::Saved(format!("{} {what}", pick("сохранено:", "saved:")))
}

/// Reloads one cell of the page from the store.
pub fn refresh_cell(
    store: &Store,
    g: &mut GridState,
    lesson_id: LessonId,
    student_id: StudentId,
) -> Result<(), String> {
    let marks = store
        .cell_marks(lesson_id, student_id)
        .map_err(|e| e.to_string())?;
    if marks.is_empty() {
        g.page.marks.remove(&(lesson_id, student_id));
    } else {
        g.page.marks.insert((lesson_id, student_id), marks);
    }
    match store
        .attendance_of(lesson_id, student_id)
        .map_err(|e| e.to_string())?
    {
        Some(c) => g.page.attendance.insert((lesson_id, student_id), c),
        None => g.page.attendance.remove(&(lesson_id, student_id)),
    };
    if let Some(l) = g.page.lessons.iter_mut().find(|l| l.id == lesson_id)
        && l.attendance_taken.is_none()
    {
        l.attendance_taken = store
            .lesson(lesson_id)
            .map_err(|e| e.to_string())?
            .attendance_taken;
    }
    g.recount(Some(student_id));
    Ok(())
}

/// A store error in words; when another user changed the cell meanwhile, the cell is
/// read again first, so the message and the grid both show its new value.
fn refused(
    store: &Store,
    g: &mut GridState,
    lesson_id: LessonId,
    student_id: StudentId,
    e: StoreError,
) -> String {
    if matches!(e, StoreError::Conflict { .. }) {
        let _ = refresh_cell(store, g, lesson_id, student_id);
    }
    e.to_string()
}

fn no_cell() -> String {
    pick(
        "здесь нет клетки: в этом периоде нет уроков или учеников",
        "no cell here: the period has no lessons or students",
    )
    .to_string()
}

/// A digit (or «+»/«-» in a pass/fail course): a mark in the cell under the cursor.
pub fn put_mark(
    ctx: &mut Ctx,
    g: &mut GridState,
    value: Mark,
    confirmed: bool,
) -> Result<Entry, String> {
    let (lesson_id, student_id) = g.cell().ok_or_else(no_cell)?;
    // The domain's rules, asked early (the store asks them again): grade 1 has no
    // marks, and the course's assessment takes this kind of mark.
    crate::domain::rules::check_grade_has_marks(g.grade()).map_err(|e| e.to_string())?;
    crate::domain::grading::check_mark(g.page.assessment, value, &g.place())
        .map_err(|e| e.to_string())?;
    if !confirmed
        && let Some(code) = g.page.attendance.get(&(lesson_id, student_id))
        && g.codes.find(code).is_ok_and(|c| c.absent)
    {
        return Ok(Entry::Confirm {
            question: tr!(
                "Ученик отмечен «{}». Всё же поставить {}?",
                "The student is marked «{}». Give {} anyway?",
                code,
                value
            ),
            pending: Pending::MarkOnAbsent {
                lesson_id,
                student_id,
                value,
            },
        });
    }
    let seen = g.seen(lesson_id, student_id);
    let ids = ctx
        .store
        .add_marks(
            ctx.actor,
            lesson_id,
            student_id,
            &[value],
            None,
            Expect::Seen(&seen),
        )
        .map_err(|e| refused(ctx.store, g, lesson_id, student_id, e))?;
    for id in ids {
        let rec = ctx.store.mark_record(id).map_err(|e| e.to_string())?;
        ctx.history.push(Change::MarkAdded(rec));
    }
    refresh_cell(ctx.store, g, lesson_id, student_id)?;
    Ok(saved(value.as_str()))
}

/// A letter: the attendance code it names (either keyboard layout); the same code again
/// clears it. `None` when the letter is no attendance code.
pub fn put_code(ctx: &mut Ctx, g: &mut GridState, c: char) -> Result<Option<Entry>, String> {
    let code = match g.codes.find(&c.to_string()) {
        Ok(code) => code.code.clone(),
        Err(_) => {
            match crate::keys::layout::mirror(c).and_then(|m| g.codes.find(&m.to_string()).ok()) {
                Some(code) => code.code.clone(),
                None => return Ok(None),
            }
        }
    };
    let (lesson_id, student_id) = g.cell().ok_or_else(no_cell)?;
    let old = g.page.attendance.get(&(lesson_id, student_id)).cloned();
    let new = if old.as_deref() == Some(code.as_str()) {
        None
    } else {
        Some(code.clone())
    };
    let seen = g.seen(lesson_id, student_id);
    ctx.store
        .set_attendance(
            ctx.actor,
            lesson_id,
            student_id,
            new.as_deref(),
            Expect::Seen(&seen),
        )
        .map_err(|e| refused(ctx.store, g, lesson_id, student_id, e))?;
    ctx.history.push(Change::Attendance {
        lesson_id,
        student_id,
        old,
        new: new.clone(),
    });
    refresh_cell(ctx.store, g, lesson_id, student_id)?;
    Ok(Some(match new {
        Some(c) => saved(&c),
        None => saved(pick("отметка посещаемости снята", "attendance cleared")),
    }))
}

/// Backspace: the cell's last mark goes (or, without marks, its attendance code).
pub fn delete_last(ctx: &mut Ctx, g: &mut GridState) -> Result<Entry, String> {
    let (lesson_id, student_id) = g.cell().ok_or_else(no_cell)?;
    if let Some(last) = g
        .page
        .marks
        .get(&(lesson_id, student_id))
        .and_then(|m| m.last())
    {
        let (last, seen) = (last.id, g.seen(lesson_id, student_id));
        let rec = ctx
            .store
            .delete_mark(ctx.actor, last, Expect::Seen(&seen))
            .map_err(|e| refused(ctx.store, g, lesson_id, student_id, e))?;
        let shown = rec.value.to_string();
        ctx.history.push(Change::MarkRemoved(rec));
        refresh_cell(ctx.store, g, lesson_id, student_id)?;
        return Ok(saved(&tr!("удалена отметка {}", "removed mark {}", shown)));
    }
    if let Some(old) = g.page.attendance.get(&(lesson_id, student_id)).cloned() {
        let seen = g.seen(lesson_id, student_id);
        ctx.store
            .set_attendance(ctx.actor, lesson_id, student_id, None, Expect::Seen(&seen))
            .map_err(|e| refused(ctx.store, g, lesson_id, student_id, e))?;
        ctx.history.push(Change::Attendance {
            lesson_id,
            student_id,
            old: Some(old),
            new: None,
        });
        refresh_cell(ctx.store, g, lesson_id, student_id)?;
        return Ok(saved(pick(
            "отметка посещаемости снята",
            "attendance cleared",
        )));
    }
    Ok(Entry::Info(
        pick(
            "клетка пуста — удалять нечего",
            "the cell is empty: nothing to remove",
        )
        .to_string(),
    ))
}

/// Delete: the whole cell, marks and attendance, as one undoable step.
pub fn clear_cell(ctx: &mut Ctx, g: &mut GridState) -> Result<Entry, String> {
    let (lesson_id, student_id) = g.cell().ok_or_else(no_cell)?;
    let marks: Vec<MarkId> = g
        .page
        .marks
        .get(&(lesson_id, student_id))
        .map(|m| m.iter().map(|m| m.id).collect())
        .unwrap_or_default();
    let old_code = g.page.attendance.get(&(lesson_id, student_id)).cloned();
    if marks.is_empty() && old_code.is_none() {
        return Ok(Entry::Info(
            pick("клетка уже пуста", "the cell is already empty").to_string(),
        ));
    }
    let mut steps = Vec::new();
    let mut result = Ok(());
    // Each step expects the cell as the previous steps left it.
    let mut seen = g.seen(lesson_id, student_id);
    for id in marks {
        match ctx.store.delete_mark(ctx.actor, id, Expect::Seen(&seen)) {
            Ok(rec) => {
                seen.marks.retain(|m| *m != id);
                steps.push(Change::MarkRemoved(rec));
            }
            Err(e) => {
                result = Err(refused(ctx.store, g, lesson_id, student_id, e));
                break;
            }
        }
    }
    if result.is_ok()
        && let Some(old) = old_code
    {
        match ctx
            .store
            .set_attendance(ctx.actor, lesson_id, student_id, None, Expect::Seen(&seen))
        {
            Ok(()) => steps.push(Change::Attendance {
                lesson_id,
                student_id,
                old: Some(old),
                new: None,
            }),
            Err(e) => result = Err(refused(ctx.store, g, lesson_id, student_id, e)),
        }
    }
    // What was done stays undoable even if a later step failed.
    if !steps.is_empty() {
        ctx.history.push(Change::Group(steps));
    }
    refresh_cell(ctx.store, g, lesson_id, student_id)?;
    result.map(|()| saved(pick("клетка очищена", "cell cleared")))
}

/// Everyone present: records that attendance was taken; absences already entered are
/// cleared only after a confirmation.
pub fn all_present(ctx: &mut Ctx, g: &mut GridState) -> Result<Entry, String> {
    let lesson = g.lesson().ok_or_else(no_cell)?.clone();
    let changes: Vec<(StudentId, Option<String>, Option<String>)> = g
        .page
        .students
        .iter()
        .filter_map(|s| {
            let code = g.page.attendance.get(&(lesson.id, s.id))?;
            g.codes
                .find(code)
                .is_ok_and(|c| c.absent)
                .then(|| (s.id, Some(code.clone()), None))
        })
        .collect();
    if !changes.is_empty() {
        return Ok(Entry::Confirm {
            question: tr!(
                "Снять отметки об отсутствии у {} учеников ({})?",
                "Clear the absences of {} students ({})?",
                changes.len(),
                lesson.date.format("%d.%m")
            ),
            pending: Pending::ClearAbsences {
                lesson_id: lesson.id,
                changes,
            },
        });
    }
    ctx.store
        .mark_attendance_taken(ctx.actor, lesson.id)
        .map_err(|e| e.to_string())?;
    if let Some(l) = g.page.lessons.get_mut(g.col) {
        l.attendance_taken = ctx
            .store
            .lesson(lesson.id)
            .map_err(|e| e.to_string())?
            .attendance_taken;
    }
    Ok(saved(pick("все присутствуют", "everyone present")))
}

/// Carries out what the user confirmed.
pub fn confirm(ctx: &mut Ctx, g: &mut GridState, pending: Pending) -> Result<Entry, String> {
    match pending {
        Pending::MarkOnAbsent {
            lesson_id,
            student_id,
            value,
        } => {
            // The cursor may have moved meanwhile: write to the cell that was asked about.
            let (row, col) = (g.row, g.col);
            if let (Some(r), Some(c)) = (
                g.page.students.iter().position(|s| s.id == student_id),
                g.page.lessons.iter().position(|l| l.id == lesson_id),
            ) {
                g.row = r;
                g.col = c;
            }
            let out = put_mark(ctx, g, value, true);
            if out.is_err() {
                (g.row, g.col) = (row, col);
            }
            out
        }
        Pending::ClearAbsences { lesson_id, changes } => {
            let target: Vec<(StudentId, Option<String>)> = changes
                .iter()
                .map(|(s, _, new)| (*s, new.clone()))
                .collect();
            ctx.store
                .set_column_attendance(ctx.actor, lesson_id, &target)
                .map_err(|e| e.to_string())?;
            let students: Vec<StudentId> = changes.iter().map(|c| c.0).collect();
            ctx.history.push(Change::Column { lesson_id, changes });
            for s in students {
                refresh_cell(ctx.store, g, lesson_id, s)?;
            }
            Ok(saved(pick("все присутствуют", "everyone present")))
        }
    }
}

/// The form choosing the work type of the cell's mark `mark_id` (its last when `None`):
/// one choice, saved once on Enter.
pub fn work_type_form(
    ctx: &mut Ctx,
    g: &GridState,
    mark_id: Option<MarkId>,
) -> Result<Option<FormState>, String> {
    let (lesson_id, student_id) = g.cell().ok_or_else(no_cell)?;
    let marks = g
        .page
        .marks
        .get(&(lesson_id, student_id))
        .cloned()
        .unwrap_or_default();
    let Some(mark) = (match mark_id {
        Some(id) => marks.iter().find(|m| m.id == id),
        None => marks.last(),
    }) else {
        return Ok(None);
    };
    let rec = ctx.store.mark_record(mark.id).map_err(|e| e.to_string())?;
    if g.work_types.is_empty() {
        return Err(pick("в школе нет видов работ", "the school has no work types").into());
    }
    Ok(Some(FormState::mark_work_type(
        rec.id,
        &rec.value.to_string(),
        &g.work_types,
        rec.work_type_id,
    )))
}

/// The work type chosen in its form saved: one change in the cell's history.
pub fn set_work_type(
    ctx: &mut Ctx,
    g: &mut GridState,
    mark_id: MarkId,
    type_id: i64,
) -> Result<Entry, String> {
    let (lesson_id, student_id) = g.cell().ok_or_else(no_cell)?;
    let rec = ctx.store.mark_record(mark_id).map_err(|e| e.to_string())?;
    let Some(next) = g.work_types.iter().find(|t| t.id == type_id).cloned() else {
        return Err(pick("такого вида работ нет", "no such work type").into());
    };
    if rec.work_type_id == next.id {
        return Ok(Entry::Info(tr!(
            "вид работы не изменился: {}",
            "the work type is unchanged: {}",
            next.name
        )));
    }
    ctx.store
        .set_mark_work_type(ctx.actor, rec.id, next.id)
        .map_err(|e| e.to_string())?;
    ctx.history.push(Change::WorkType {
        mark_id: rec.id,
        old: rec.work_type_id,
        new: next.id,
    });
    refresh_cell(ctx.store, g, lesson_id, student_id)?;
    Ok(saved(&format!(
        "{} — {} ({})",
        rec.value, next.name, next.weight
    )))
}

/// Undo or redo, then a full reload of the page: the step may touch any cell.
pub fn undo_redo(ctx: &mut Ctx, g: &mut GridState, redo: bool) -> Result<Entry, String> {
    let done = if redo {
        ctx.history.redo(ctx.store, ctx.actor)
    } else {
        ctx.history.undo(ctx.store, ctx.actor)
    }
    .map_err(|e| e.to_string())?;
    g.reload(ctx.store, ctx.actor).map_err(|e| e.to_string())?;
    Ok(match (done, redo) {
        (Some(_), false) => Entry::Saved(pick("отменено", "undone").to_string()),
        (Some(_), true) => Entry::Saved(pick("повторено", "redone").to_string()),
        (None, false) => Entry::Info(pick("отменять нечего", "nothing to undo").to_string()),
        (None, true) => Entry::Info(pick("повторять нечего", "nothing to redo").to_string()),
    })
}
