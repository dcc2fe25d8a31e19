//! What keys do in the grid: moving, entries through `grid::entry`, the details.

use crate::config::app::Advance;
use crate::domain::ids::{CourseId, LessonId, MarkId, PeriodId, StudentId};
use crate::domain::policy::Actor;
use crate::edit::Change;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::marks::Expect;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::grid::GridState;
use crate::tui::grid::entry::{self, Ctx, Entry};
use crate::tui::grid::pane::PaneEdit;
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::overlay::{Ask, DetailsState, Overlay};
use crate::tui::text::TextField;

impl App {
    /// Runs a grid entry with the store, the user and the undo history, then shows
    /// the outcome and moves the cursor on after a saved entry.
    pub(crate) fn grid_entry(
        &mut self,
        f: impl FnOnce(&mut Ctx, &mut GridState) -> Result<Entry, String>,
    ) {
        let (Screen::Grid(g), Some(actor)) = (&mut self.screen, &self.actor) else {
            return;
        };
        let mut ctx = Ctx {
            store: &mut self.store,
            actor,
            history: &mut self.history,
        };
        let result = f(&mut ctx, g);
        match result {
            Ok(Entry::Saved(text)) => {
                match self.opts.advance {
                    Advance::Down => {
                        g.row = (g.row + 1).min(g.page.students.len().saturating_sub(1))
                    }
                    Advance::Right => {
                        g.col = (g.col + 1).min(g.page.lessons.len().saturating_sub(1))
                    }
                    Advance::Stay => {}
                }
                self.info(text);
            }
            Ok(Entry::Info(text)) if text.is_empty() => {}
            Ok(Entry::Info(text)) => self.info(text),
            Ok(Entry::Confirm { question, pending }) => {
                self.overlay = Some(Overlay::Confirm {
                    question,
                    ask: Ask::Grid(pending),
                });
            }
            Err(e) => self.error(e),
        }
    }

    /// Same as `grid_entry`, without moving the cursor (undo, work type, …).
    pub(crate) fn grid_edit(
        &mut self,
        f: impl FnOnce(&mut Ctx, &mut GridState) -> Result<Entry, String>,
    ) {
        let advance = std::mem::replace(&mut self.opts.advance, Advance::Stay);
        self.grid_entry(f);
        self.opts.advance = advance;
    }

    pub(crate) fn grid_action(&mut self, action: Action) {
        let (_, height) = self.size;
        let page = crate::tui::grid::layout::row_capacity(height).max(1);
        let Screen::Grid(g) = &mut self.screen else {
            return;
        };
        let rows = g.page.students.len().saturating_sub(1);
        let cols = g.page.lessons.len().saturating_sub(1);
        match action {
            Action::Up => g.row = g.row.saturating_sub(1),
            Action::Down => g.row = (g.row + 1).min(rows),
            Action::Left => g.col = g.col.saturating_sub(1),
            Action::Right => g.col = (g.col + 1).min(cols),
            Action::PageUp => g.row = g.row.saturating_sub(page),
            Action::PageDown => g.row = (g.row + page).min(rows),
            Action::Home => g.col = 0,
            Action::End => g.col = cols,
            Action::JumpToday => {
                g.col = g.today_column();
                if !g.page.lessons.iter().any(|l| l.date == g.today) {
                    self.info(pick(
                        "сегодня урока нет — курсор на последнем прошедшем",
                        "no lesson today: the cursor is on the last one held",
                    ));
                }
            }
            Action::PrevPeriod | Action::NextPeriod => {
                let next = if action == Action::NextPeriod {
                    (g.period_idx + 1 < g.periods.len()).then_some(g.period_idx + 1)
                } else {
                    g.period_idx.checked_sub(1)
                };
                let Some(idx) = next else {
                    return self.info(pick(
                        "других периодов в этом году нет",
                        "no other period this year",
                    ));
                };
                g.period_idx = idx;
                let Some(actor) = &self.actor else { return };
                match g.reload(&self.store, actor) {
                    Ok(()) => {
                        g.col = g.today_column().min(g.page.lessons.len().saturating_sub(1));
                        g.col_offset = 0;
                        let name = g.period().name.clone();
                        self.info(name);
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::Back => self.show_today(),
            Action::DeleteLastMark => self.grid_edit(entry::delete_last),
            Action::ClearCell => self.grid_edit(entry::clear_cell),
            Action::AllPresent => self.grid_edit(entry::all_present),
            Action::Undo => self.grid_edit(|c, g| entry::undo_redo(c, g, false)),
            Action::Redo => self.grid_edit(|c, g| entry::undo_redo(c, g, true)),
            Action::CycleWorkType => self.grid_edit(|c, g| entry::cycle_work_type(c, g, None)),
            Action::Details => self.open_details(false),
            Action::LessonPane => self.open_pane(),
            Action::SetYearFinal => {
                let Some(student) = g.page.students.get(g.row).cloned() else {
                    return self.info(pick("в курсе нет учеников", "the course has no students"));
                };
                let course = g.page.course.id;
                match self.store.year_final(course, student.id) {
                    Ok((suggested, set)) => {
                        let current = set
                            .clone()
                            .or_else(|| suggested.map(|m| m.get().to_string()))
                            .unwrap_or_default();
                        let title = format!("{} · {}", student.name.short(), pick("год", "year"));
                        self.overlay = Some(Overlay::Form(FormState::final_mark(
                            course, student.id, None, &title, &current, set,
                        )));
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::SetFinal => {
                let Some(student) = g.page.students.get(g.row).cloned() else {
                    return self.info(pick("в курсе нет учеников", "the course has no students"));
                };
                // The domain's rule, asked early (the store asks it again).
                if let Err(e) = crate::domain::rules::check_grade_has_marks(g.grade()) {
                    return self.error(e.to_string());
                }
                let t = g.totals(student.id).cloned().unwrap_or_default();
                let seen = t.final_mark.clone();
                let current = t
                    .final_mark
                    .or_else(|| t.suggested.map(|m| m.get().to_string()))
                    .unwrap_or_default();
                let title = format!("{} · {}", student.name.short(), g.period().name);
                let (course, period) = (g.page.course.id, Some(g.period().id));
                self.overlay = Some(Overlay::Form(FormState::final_mark(
                    course, student.id, period, &title, &current, seen,
                )));
            }
            Action::AddLesson => {
                let today = self.store.today().format("%d.%m.%Y").to_string();
                let course = g.page.course.id;
                self.overlay = Some(Overlay::Form(FormState::add_lesson(course, &today)));
            }
            Action::CancelLesson => match g.lesson() {
                Some(l) => {
                    let title = format!("{} ({})", l.date.format("%d.%m.%Y"), l.lesson_no);
                    self.overlay = Some(Overlay::Form(FormState::cancel_lesson(l.id, &title)));
                }
                None => self.info(pick(
                    "в этом периоде нет уроков",
                    "no lessons in this period",
                )),
            },
            Action::Comment => self.open_details(true),
            _ => self.not_here(action),
        }
    }

    pub(crate) fn details_of(
        &self,
        lesson_id: LessonId,
        student_id: StudentId,
    ) -> Result<DetailsState, String> {
        let Screen::Grid(g) = &self.screen else {
            return Err(String::new());
        };
        let name = g
            .page
            .students
            .iter()
            .find(|s| s.id == student_id)
            .map(|s| s.name.full())
            .unwrap_or_default();
        let date = g
            .page
            .lessons
            .iter()
            .find(|l| l.id == lesson_id)
            .map(|l| l.date.format("%d.%m.%Y").to_string())
            .unwrap_or_default();
        Ok(DetailsState {
            lesson_id,
            student_id,
            title: format!("{name} · {date}"),
            marks: self
                .store
                .mark_details(lesson_id, student_id)
                .map_err(|e| e.to_string())?,
            history: self
                .store
                .cell_history(lesson_id, student_id)
                .map_err(|e| e.to_string())?,
            selected: 0,
        })
    }

    pub(crate) fn open_details(&mut self, comment: bool) {
        let Screen::Grid(g) = &self.screen else {
            return;
        };
        let Some((lesson_id, student_id)) = g.cell() else {
            return self.info(pick("здесь нет клетки", "no cell here"));
        };
        match self.details_of(lesson_id, student_id) {
            Ok(mut d) => {
                d.selected = d.marks.len().saturating_sub(1);
                match (comment, d.marks.last()) {
                    (false, _) => self.overlay = Some(Overlay::Details(d)),
                    (true, Some(m)) => {
                        self.overlay = Some(Overlay::Comment {
                            field: TextField::new(&m.record.comment),
                            mark_id: m.record.id,
                            details: d,
                        })
                    }
                    (true, None) => self.info(pick(
                        "в клетке нет отметки для комментария",
                        "the cell has no mark to comment on",
                    )),
                }
            }
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn save_comment(&mut self, mark_id: MarkId, text: &str) -> Result<(), String> {
        let Some(actor) = &self.actor else {
            return Ok(());
        };
        let old = self
            .store
            .mark_record(mark_id)
            .map_err(|e| e.to_string())?
            .comment;
        self.store
            .set_mark_comment(actor, mark_id, text)
            .map_err(|e| e.to_string())?;
        if old != text.trim() {
            self.history.push(Change::Comment {
                mark_id,
                old,
                new: text.trim().to_string(),
            });
        }
        Ok(())
    }

    pub(crate) fn reopen_details(&mut self, d: &DetailsState) {
        if let Ok(mut fresh) = self.details_of(d.lesson_id, d.student_id) {
            fresh.selected = d.selected.min(fresh.marks.len().saturating_sub(1));
            self.overlay = Some(Overlay::Details(fresh));
        }
    }

    /// Opens the lesson under the cursor for editing, with the plan's next topic.
    pub(crate) fn open_pane(&mut self) {
        let Screen::Grid(g) = &mut self.screen else {
            return;
        };
        let Some(lesson) = g.lesson().cloned() else {
            return self.info(pick(
                "в этом периоде нет уроков",
                "no lessons in this period",
            ));
        };
        let proposal = self
            .store
            .next_uncovered_item(lesson.course_id)
            .ok()
            .flatten()
            .map(|item| (item.id, item.topic));
        let Screen::Grid(g) = &mut self.screen else {
            return;
        };
        g.pane = Some(PaneEdit::open(&lesson, proposal));
        self.follow();
        self.info(pick(
            "тема, ДЗ, заметка: Tab — поле, Esc — сохранить",
            "topic, homework, note: Tab — field, Esc — save",
        ));
    }

    /// Keys while the lesson pane is edited.
    pub(crate) fn pane_action(&mut self, action: Action) {
        let Screen::Grid(g) = &mut self.screen else {
            return;
        };
        let types: Vec<i64> = g.work_types.iter().map(|w| w.id).collect();
        let Some(p) = &mut g.pane else { return };
        match action {
            Action::NextField => p.next_field(false),
            Action::PrevField => p.next_field(true),
            Action::CycleHomeworkKind => p.cycle_kind(),
            Action::CycleWorkType => {
                // None → the first type → … → the last → None.
                let pos = p
                    .work_type_id
                    .and_then(|id| types.iter().position(|t| *t == id));
                p.work_type_id = match pos {
                    None => types.first().copied(),
                    Some(i) => types.get(i + 1).copied(),
                };
            }
            Action::AcceptTopic => {
                if !p.accept() {
                    self.info(pick(
                        "в плане нет следующей темы",
                        "the plan has no next topic",
                    ));
                }
            }
            Action::Back | Action::LessonPane => self.save_pane(),
            _ => self.not_here(action),
        }
    }

    /// Saves the pane (only what changed) and folds it.
    fn save_pane(&mut self) {
        let (Screen::Grid(g), Some(actor)) = (&mut self.screen, &self.actor) else {
            return;
        };
        let Some(p) = g.pane.take() else { return };
        let text = p.text();
        let mut result = self
            .store
            .set_lesson_pane(actor, p.lesson_id, &text)
            .map_err(|e| e.to_string());
        if let (Ok(n), Some(item)) = (&mut result, p.accepted) {
            match self.store.link_lesson_to_item(actor, p.lesson_id, item) {
                Ok(()) => *n += 1,
                Err(e) => result = Err(e.to_string()),
            }
        }
        match self.store.lesson(p.lesson_id) {
            Ok(fresh) => {
                if let Some(l) = g.page.lessons.iter_mut().find(|l| l.id == fresh.id) {
                    *l = fresh;
                }
            }
            Err(e) => result = Err(e.to_string()),
        }
        match result {
            Ok(0) => self.info(pick("без изменений", "nothing changed")),
            Ok(_) => self.info(pick(
                "сохранено: тема и задание",
                "saved: topic and homework",
            )),
            Err(e) => {
                // Nothing is lost: the pane stays open with what was typed.
                if let Screen::Grid(g) = &mut self.screen {
                    g.pane = Some(p);
                }
                self.error(e);
            }
        }
        self.follow();
    }

    pub(crate) fn add_lesson(
        &mut self,
        actor: &Actor,
        course: CourseId,
        form: &FormState,
    ) -> Result<(), String> {
        let date = form.date(Field::Date)?;
        let number: i64 = form.get(Field::LessonNo).trim().parse().map_err(|_| {
            tr!(
                "«{}» — не номер урока",
                "«{}» is not a period number",
                form.get(Field::LessonNo).trim()
            )
        })?;
        let id = self
            .store
            .add_lesson(actor, course, date, number)
            .map_err(|e| e.to_string())?;
        self.reload_grid(Some(id))?;
        self.info(tr!(
            "урок {} добавлен",
            "lesson of {} added",
            date.format("%d.%m.%Y")
        ));
        Ok(())
    }

    pub(crate) fn cancel_lesson(
        &mut self,
        actor: &Actor,
        lesson: LessonId,
        form: &FormState,
    ) -> Result<(), String> {
        self.store
            .cancel_lesson(actor, lesson, &form.get(Field::Reason))
            .map_err(|e| e.to_string())?;
        self.reload_grid(None)?;
        self.info(pick("урок отменён", "lesson cancelled"));
        Ok(())
    }

    /// Reloads the grid's page, the cursor on `focus` when given.
    fn reload_grid(&mut self, focus: Option<LessonId>) -> Result<(), String> {
        let (Screen::Grid(g), Some(actor)) = (&mut self.screen, &self.actor) else {
            return Ok(());
        };
        if let Some(id) = focus
            && let Ok(l) = self.store.lesson(id)
            && let Some(i) = g
                .periods
                .iter()
                .position(|p| (p.start..=p.end).contains(&l.date))
        {
            g.period_idx = i;
        }
        g.reload(&self.store, actor).map_err(|e| e.to_string())?;
        if let Some(id) = focus
            && let Some(c) = g.page.lessons.iter().position(|l| l.id == id)
        {
            g.col = c;
        }
        self.follow();
        Ok(())
    }

    pub(crate) fn save_final(
        &mut self,
        actor: &Actor,
        (course, student, period): (CourseId, StudentId, Option<PeriodId>),
        seen: Option<&str>,
        form: &FormState,
    ) -> Result<(), String> {
        let value = match form.get(Field::Mark).trim() {
            "" => None,
            v => Some(crate::domain::marks::FinalValue::parse(v).map_err(|e| e.to_string())?),
        };
        let saved =
            self.store
                .set_final(actor, course, student, period, value, Expect::Seen(&seen));
        if let Err(e) = saved {
            if matches!(e, crate::store::StoreError::Conflict { .. }) {
                // The form closes on the grid showing the other user's final, and the
                // status line says who set what; F10 again starts from it.
                self.reload_grid(None)?;
                self.error(e.to_string());
                return Ok(());
            }
            return Err(e.to_string());
        }
        self.reload_grid(None)?;
        self.info(tr!(
            "сохранено: итоговая {}",
            "saved: final {}",
            value.map(|v| v.as_str()).unwrap_or("—")
        ));
        Ok(())
    }
}
