//! The grid's keys (`on`, returning an [`Effect`]): moving, entries through
//! `entry.rs`, a mark or an attendance code typed, the lesson pane, and a cell's
//! details (`on_details`: a mark's work type and comment).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::GridState;
use super::details::DetailsState;
use super::entry::{self, Ctx, Entry, Pending};
use super::history::Change;
use super::pane::PaneEdit;
use crate::config::app::Advance;
use crate::domain::grading::Assessment;
use crate::domain::ids::{LessonId, MarkId, StudentId};
use crate::domain::marks::{Mark, MarkValue};
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::{Action, KeyChord};
use crate::store::Store;
use crate::tr;
use crate::tui::overlay::effect;
use crate::tui::overlay::form::FormState;

/// Where the grid may send the user (`Back` is the teacher's day).
#[derive(Debug, Clone)]
pub enum Open {
    /// A cell's marks with their work types and comments, and its history.
    Details(Box<DetailsState>),
    /// The comment of the cell's last mark, over its details.
    Comment(Box<DetailsState>),
}

/// What the grid asks before it writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// An entry that needs a yes (a mark for an absent student, clearing absences).
    Entry(Pending),
}

/// What the grid asks of the app.
pub type Effect = effect::Effect<Open, Question>;

/// Whether a character typed in the grid is input: a digit, one of the school's
/// attendance codes, or in a pass/fail course «+» («зач») and «-» («незач»).
pub fn takes(g: &GridState, c: char) -> bool {
    c.is_ascii_digit()
        || g.codes.find(&c.to_string()).is_ok()
        || (g.page.assessment == Assessment::PassFail && pass_fail(c).is_some())
}

/// «+» is «зач», «-» «незач».
fn pass_fail(c: char) -> Option<Mark> {
    match c {
        '+' => Some(Mark::Pass),
        '-' | '−' => Some(Mark::Fail),
        _ => None,
    }
}

/// A character typed in the grid: a digit is a mark, anything else may be an
/// attendance code (in either keyboard layout; the grid's `on` says which).
pub fn typed(c: char, ev: KeyEvent) -> Action {
    match c.to_digit(10).and_then(|d| u8::try_from(d).ok()) {
        Some(d) => Action::Digit(d),
        None => match KeyChord::from_event(&ev).code {
            // As the key is named: a shifted small letter is its capital.
            KeyCode::Char(named) => Action::Code(named),
            _ => Action::Nothing(ev),
        },
    }
}

impl GridState {
    /// A key in the grid (or, while it is open, in the lesson pane).
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if self.pane.is_some() {
            return self.on_pane(action, ctx);
        }
        let rows = self.page.students.len().saturating_sub(1);
        let cols = self.page.lessons.len().saturating_sub(1);
        match action {
            Action::Digit(d) => {
                return match MarkValue::new(i64::from(d)) {
                    Ok(v) => self.entry(ctx, true, |c, g| entry::put_mark(c, g, v.into(), false)),
                    Err(e) => Effect::Error(e.to_string()),
                };
            }
            Action::Code(code)
                if self.page.assessment == Assessment::PassFail && pass_fail(code).is_some() =>
            {
                if let Some(v) = pass_fail(code) {
                    return self.entry(ctx, true, |c, g| entry::put_mark(c, g, v, false));
                }
            }
            Action::Code(code) => {
                let mut matched = true;
                let effect = self.entry(ctx, true, |c, g| match entry::put_code(c, g, code)? {
                    Some(e) => Ok(e),
                    None => {
                        matched = false;
                        Ok(Entry::Info(String::new()))
                    }
                });
                return if matched {
                    effect
                } else {
                    Effect::Unbound(KeyEvent::new(KeyCode::Char(code), KeyModifiers::NONE))
                };
            }
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(rows),
            Action::Left => self.col = self.col.saturating_sub(1),
            Action::Right => self.col = (self.col + 1).min(cols),
            Action::PageUp => self.row = self.row.saturating_sub(ctx.page),
            Action::PageDown => self.row = (self.row + ctx.page).min(rows),
            Action::Home => self.col = 0,
            Action::End => self.col = cols,
            Action::JumpToday => {
                self.col = self.today_column();
                if !self.page.lessons.iter().any(|l| l.date == self.today) {
                    return Effect::Info(
                        pick(
                            "сегодня урока нет — курсор на последнем прошедшем",
                            "no lesson today: the cursor is on the last one held",
                        )
                        .into(),
                    );
                }
            }
            Action::PrevPeriod | Action::NextPeriod => return self.turn_period(action, ctx),
            Action::Back => return Effect::Back,
            Action::DeleteLastMark => return self.entry(ctx, false, entry::delete_last),
            Action::ClearCell => return self.entry(ctx, false, entry::clear_cell),
            Action::AllPresent => return self.entry(ctx, false, entry::all_present),
            Action::Undo => return self.entry(ctx, false, |c, g| entry::undo_redo(c, g, false)),
            Action::Redo => return self.entry(ctx, false, |c, g| entry::undo_redo(c, g, true)),
            Action::CycleWorkType => return self.work_type_form(ctx, None),
            Action::Details => return self.open_details(ctx.store, ctx.actor, false),
            Action::Comment => return self.open_details(ctx.store, ctx.actor, true),
            Action::LessonPane => return self.open_pane(ctx.store),
            Action::SetYearFinal => return self.year_final_form(ctx.store),
            Action::SetFinal => return self.final_form(),
            Action::AddLesson => {
                let today = ctx.store.today().format("%d.%m.%Y").to_string();
                return Effect::Form(FormState::add_lesson(self.page.course.id, &today));
            }
            Action::CancelLesson => {
                return match self.lesson() {
                    Some(l) => {
                        let title = format!("{} ({})", l.date.format("%d.%m.%Y"), l.lesson_no);
                        Effect::Form(FormState::cancel_lesson(l.id, &title))
                    }
                    None => Effect::Info(
                        pick("в этом периоде нет уроков", "no lessons in this period").into(),
                    ),
                };
            }
            _ => return Effect::NotHere(action),
        }
        Effect::None
    }

    /// Runs an entry with the store, the user and the undo history; a saved entry moves
    /// the cursor on when `advance` (marks and codes; not undo, work types, …).
    pub fn entry(
        &mut self,
        ctx: &mut Ctx,
        advance: bool,
        f: impl FnOnce(&mut Ctx, &mut GridState) -> Result<Entry, String>,
    ) -> Effect {
        match f(ctx, self) {
            Ok(Entry::Saved(text)) => {
                match (advance, ctx.advance) {
                    (true, Advance::Down) => {
                        self.row = (self.row + 1).min(self.page.students.len().saturating_sub(1))
                    }
                    (true, Advance::Right) => {
                        self.col = (self.col + 1).min(self.page.lessons.len().saturating_sub(1))
                    }
                    _ => {}
                }
                Effect::Info(text)
            }
            Ok(Entry::Info(text)) if text.is_empty() => Effect::None,
            Ok(Entry::Info(text)) => Effect::Info(text),
            Ok(Entry::Confirm { question, pending }) => Effect::Ask {
                question,
                ask: Question::Entry(pending),
            },
            Err(e) => Effect::Error(e),
        }
    }

    /// A question of the grid answered yes.
    pub fn answer(&mut self, question: Question, ctx: &mut Ctx) -> Effect {
        match question {
            Question::Entry(pending) => self.entry(ctx, true, |c, g| entry::confirm(c, g, pending)),
        }
    }

    /// The status line's hint on opening a course.
    pub fn hint(&self) -> String {
        let codes = self
            .codes
            .0
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if self.grade() == 1 {
            tr!(
                "1 класс: только посещаемость ({})",
                "grade 1: attendance only ({})",
                codes
            )
        } else if self.page.assessment == Assessment::None {
            tr!(
                "{}: без оценивания — только посещаемость ({})",
                "{}: not assessed, attendance only ({})",
                self.period().name,
                codes
            )
        } else if self.page.assessment == Assessment::PassFail {
            tr!(
                "зачёт/незачёт: + зач, - незач · {} посещаемость · Enter — вниз · F2 — подробно",
                "pass/fail: + pass, - fail · {} attendance · Enter — down · F2 — details",
                codes
            )
        } else {
            tr!(
                "1–5 отметка · {} посещаемость · Enter — вниз · F2 — подробно",
                "1–5 mark · {} attendance · Enter — down · F2 — details",
                codes
            )
        }
    }

    fn turn_period(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let next = if action == Action::NextPeriod {
            (self.period_idx + 1 < self.periods.len()).then_some(self.period_idx + 1)
        } else {
            self.period_idx.checked_sub(1)
        };
        let Some(idx) = next else {
            return Effect::Info(
                pick(
                    "других периодов в этом году нет",
                    "no other period this year",
                )
                .into(),
            );
        };
        self.period_idx = idx;
        match self.reload(ctx.store, ctx.actor) {
            Ok(()) => {
                self.col = self
                    .today_column()
                    .min(self.page.lessons.len().saturating_sub(1));
                self.col_offset = 0;
                Effect::Info(self.period().name.clone())
            }
            Err(e) => Effect::Error(e.to_string()),
        }
    }

    /// A cell's marks and history, as the details show them.
    pub fn details(
        &self,
        store: &Store,
        actor: &Actor,
        lesson_id: LessonId,
        student_id: StudentId,
    ) -> Result<DetailsState, String> {
        let name = self
            .page
            .students
            .iter()
            .find(|s| s.id == student_id)
            .map(|s| s.name.full())
            .unwrap_or_default();
        let date = self
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
            marks: store
                .mark_details(lesson_id, student_id)
                .map_err(|e| e.to_string())?,
            history: store
                .cell_history(lesson_id, student_id)
                .map_err(|e| e.to_string())?,
            assessments: self
                .assessment_lines(store, actor, student_id)
                .map_err(|e| e.to_string())?,
            selected: 0,
        })
    }

    /// The student's assessments in this course (and the grade's), and the final for
    /// the year after an exam, as the details list them.
    fn assessment_lines(
        &self,
        store: &Store,
        actor: &Actor,
        student_id: StudentId,
    ) -> Result<Vec<String>, crate::store::StoreError> {
        use crate::store::assessments::AssessmentFor;
        // A substitute's page holds no finals: nor the exams and the overall final.
        if self.page.restricted {
            return Ok(Vec::new());
        }
        let course = self.page.course.id;
        let mut lines: Vec<String> = store
            .student_assessments(student_id)?
            .into_iter()
            .filter(|(a, _)| match a.of {
                AssessmentFor::Course(c) => c == course,
                AssessmentFor::Grade(_) => false,
            })
            .map(|(a, r)| {
                format!(
                    "{} {} «{}»: {}",
                    a.date.format("%d.%m.%Y"),
                    a.kind.name(),
                    a.name,
                    r.map_or("—".to_string(), |r| r.text())
                )
            })
            .collect();
        let overall = store.overall_final(actor, course, student_id)?;
        let suggested = store.suggested_overall_final(actor, course, student_id)?;
        if !lines.is_empty() && (overall.is_some() || suggested.is_some()) {
            lines.push(match (overall, suggested) {
                (Some(v), _) => tr!("итоговая отметка: {}", "overall final: {}", v),
                (None, Some(s)) => tr!(
                    "итоговая отметка: предлагается {}",
                    "overall final: {} suggested",
                    s.as_str()
                ),
                (None, None) => String::new(),
            });
        }
        Ok(lines)
    }

    fn open_details(&self, store: &Store, actor: &Actor, comment: bool) -> Effect {
        let Some((lesson_id, student_id)) = self.cell() else {
            return Effect::Info(pick("здесь нет клетки", "no cell here").into());
        };
        match self.details(store, actor, lesson_id, student_id) {
            Ok(mut d) => {
                d.selected = d.marks.len().saturating_sub(1);
                match (comment, d.marks.is_empty()) {
                    (false, _) => Effect::Open(Open::Details(Box::new(d))),
                    (true, false) => Effect::Open(Open::Comment(Box::new(d))),
                    (true, true) => Effect::Info(
                        pick(
                            "в клетке нет отметки для комментария",
                            "the cell has no mark to comment on",
                        )
                        .into(),
                    ),
                }
            }
            Err(e) => Effect::Error(e),
        }
    }

    fn year_final_form(&self, store: &Store) -> Effect {
        let Some(student) = self.page.students.get(self.row) else {
            return Effect::Info(pick("в курсе нет учеников", "the course has no students").into());
        };
        let course = self.page.course.id;
        match store.year_final(course, student.id) {
            Ok((suggested, set)) => {
                let current = set
                    .clone()
                    .or_else(|| suggested.map(|m| m.as_str().to_string()))
                    .unwrap_or_default();
                let title = format!("{} · {}", student.name.short(), pick("год", "year"));
                Effect::Form(FormState::final_mark(
                    course, student.id, None, &title, &current, set,
                ))
            }
            Err(e) => Effect::Error(e.to_string()),
        }
    }

    fn final_form(&self) -> Effect {
        let Some(student) = self.page.students.get(self.row) else {
            return Effect::Info(pick("в курсе нет учеников", "the course has no students").into());
        };
        // The domain's rules, asked early (the store asks them again).
        if let Err(e) = crate::domain::rules::check_grade_has_marks(self.grade()) {
            return Effect::Error(e.to_string());
        }
        if self.page.assessment == Assessment::None {
            let e = crate::domain::grading::GradingError::NotAssessed(self.place());
            return Effect::Error(e.to_string());
        }
        let t = self.totals(student.id).cloned().unwrap_or_default();
        let seen = t.final_mark.clone();
        let current = t
            .final_mark
            .or_else(|| t.suggested.map(|m| m.as_str().to_string()))
            .unwrap_or_default();
        let title = format!("{} · {}", student.name.short(), self.period().name);
        let (course, period) = (self.page.course.id, Some(self.period().id));
        Effect::Form(FormState::final_mark(
            course, student.id, period, &title, &current, seen,
        ))
    }

    /// Opens the lesson under the cursor for editing, with the plan's next topic.
    fn open_pane(&mut self, store: &Store) -> Effect {
        let Some(lesson) = self.lesson().cloned() else {
            return Effect::Info(
                pick("в этом периоде нет уроков", "no lessons in this period").into(),
            );
        };
        let proposal = store
            .next_uncovered_item(lesson.course_id)
            .ok()
            .flatten()
            .map(|item| (item.id, item.topic));
        self.pane = Some(PaneEdit::open(&lesson, proposal));
        Effect::Info(
            pick(
                "тема, ДЗ, заметка: Tab — поле, Esc — сохранить",
                "topic, homework, note: Tab — field, Esc — save",
            )
            .into(),
        )
    }

    /// Keys while the lesson pane is edited (typed text goes to its editor).
    fn on_pane(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let types: Vec<i64> = self.work_types.iter().map(|w| w.id).collect();
        let Some(p) = &mut self.pane else {
            return Effect::None;
        };
        match action {
            // The topic is one line: Enter goes on to the homework.
            Action::Edit(ev)
                if p.field == super::pane::Field::Topic && ev.code == KeyCode::Enter =>
            {
                p.next_field(false)
            }
            Action::Edit(ev) => {
                p.current().input(ev);
            }
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
                    return Effect::Info(
                        pick("в плане нет следующей темы", "the plan has no next topic").into(),
                    );
                }
            }
            Action::Back | Action::LessonPane => return self.save_pane(ctx),
            _ => return Effect::NotHere(action),
        }
        Effect::None
    }

    /// Saves the pane (only what changed) and folds it; on an error the pane stays open
    /// with what was typed.
    fn save_pane(&mut self, ctx: &mut Ctx) -> Effect {
        let Some(p) = self.pane.take() else {
            return Effect::None;
        };
        let text = p.text();
        let mut result = ctx
            .store
            .set_lesson_pane(ctx.actor, p.lesson_id, &text)
            .map_err(|e| e.to_string());
        if let (Ok(n), Some(item)) = (&mut result, p.accepted) {
            match ctx.store.link_lesson_to_item(ctx.actor, p.lesson_id, item) {
                Ok(()) => *n += 1,
                Err(e) => result = Err(e.to_string()),
            }
        }
        match ctx.store.lesson(p.lesson_id) {
            Ok(fresh) => {
                if let Some(l) = self.page.lessons.iter_mut().find(|l| l.id == fresh.id) {
                    *l = fresh;
                }
            }
            Err(e) => result = Err(e.to_string()),
        }
        match result {
            Ok(0) => Effect::Info(pick("без изменений", "nothing changed").into()),
            Ok(_) => {
                Effect::Info(pick("сохранено: тема и задание", "saved: topic and homework").into())
            }
            Err(e) => {
                self.pane = Some(p);
                Effect::Error(e)
            }
        }
    }
}

impl GridState {
    /// A key on a cell's details (taken out of the overlay): the marks, a mark's work
    /// type, its comment; the details stay open unless closed.
    pub fn on_details(&mut self, mut d: DetailsState, action: Action, ctx: &mut Ctx) -> Effect {
        let keep = |d: DetailsState| Effect::Open(Open::Details(Box::new(d)));
        match action {
            Action::Back | Action::Confirm => Effect::None,
            Action::Up => {
                d.selected = d.selected.saturating_sub(1);
                keep(d)
            }
            Action::Down => {
                d.selected = (d.selected + 1).min(d.marks.len().saturating_sub(1));
                keep(d)
            }
            Action::CycleWorkType => match d.marks.get(d.selected).map(|m| m.record.id) {
                None => keep(d).and(Some(Effect::Info(
                    pick("в клетке нет отметки", "the cell has no mark").into(),
                ))),
                Some(mark) => self.work_type_form(ctx, Some(mark)),
            },
            Action::Comment => match d.marks.get(d.selected) {
                Some(_) => Effect::Open(Open::Comment(Box::new(d))),
                None => keep(d).and(Some(Effect::Info(
                    pick(
                        "в клетке нет отметки для комментария",
                        "the cell has no mark to comment on",
                    )
                    .into(),
                ))),
            },
            _ => keep(d).and(Some(Effect::NotHere(action))),
        }
    }

    /// Saves a mark's comment typed over the details (a step of the undo history when
    /// it changed) and shows the details again.
    pub fn save_comment(
        &mut self,
        mark_id: MarkId,
        text: &str,
        d: &DetailsState,
        ctx: &mut Ctx,
    ) -> Effect {
        let saved = (|| -> Result<(), String> {
            let old = ctx
                .store
                .mark_record(mark_id)
                .map_err(|e| e.to_string())?
                .comment;
            ctx.store
                .set_mark_comment(ctx.actor, mark_id, text)
                .map_err(|e| e.to_string())?;
            if old != text.trim() {
                ctx.history.push(Change::Comment {
                    mark_id,
                    old,
                    new: text.trim().to_string(),
                });
            }
            Ok(())
        })();
        // Saved, the dialog closes: the next keys are the grid's again.
        match saved {
            Ok(()) => Effect::Info(pick("сохранено: комментарий", "saved: comment").into()),
            Err(e) => self
                .reopened(d, ctx.store, ctx.actor)
                .and(Some(Effect::Error(e))),
        }
    }

    /// F3: the form choosing the mark's work type, or why there is none to choose.
    fn work_type_form(&mut self, ctx: &mut Ctx, mark: Option<MarkId>) -> Effect {
        match entry::work_type_form(ctx, self, mark) {
            Ok(Some(form)) => Effect::Form(form),
            Ok(None) => Effect::Info(pick("в клетке нет отметки", "the cell has no mark").into()),
            Err(e) => Effect::Error(e),
        }
    }

    /// The details read again after a change, on the same mark.
    fn reopened(&self, d: &DetailsState, store: &Store, actor: &Actor) -> Effect {
        match self.details(store, actor, d.lesson_id, d.student_id) {
            Ok(mut fresh) => {
                fresh.selected = d.selected.min(fresh.marks.len().saturating_sub(1));
                Effect::Open(Open::Details(Box::new(fresh)))
            }
            Err(e) => Effect::Error(e),
        }
    }
}
