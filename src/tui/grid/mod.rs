//! The journal grid: students × the period's lessons of one course.

pub mod details;
pub mod entry;
pub mod forms;
pub mod history;
pub mod keys;
pub mod layout;
pub mod pane;
pub mod view;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::attendance::AttendanceCodes;
use crate::domain::calendar::Period;
use crate::domain::grading::{Standing, due_marks, elapsed, suggest_final};
use crate::domain::ids::{CourseId, LessonId, StudentId};
use crate::domain::lessons::substitute_label;
use crate::domain::marks::{Cutoffs, FinalValue};
use crate::domain::policy::Actor;
use crate::store::courses::LessonInfo;
use crate::store::journal::JournalPage;
use crate::store::school::WorkTypeRow;
use crate::store::{Result, Store};

/// What the grid shows and where its cursor is.
#[derive(Debug, Clone)]
pub struct GridState {
    pub page: JournalPage,
    pub periods: Vec<Period>,
    pub period_idx: usize,
    pub teacher: String,
    pub today: NaiveDate,
    pub work_types: Vec<WorkTypeRow>,
    pub codes: AttendanceCodes,
    pub cutoffs: Cutoffs,
    /// Cursor: student row and lesson column.
    pub row: usize,
    pub col: usize,
    /// First visible row and lesson column.
    pub row_offset: usize,
    pub col_offset: usize,
    /// Each student's totals, kept up to date as cells change (drawing only reads).
    totals: HashMap<StudentId, Totals>,
    /// The lesson pane while it is being edited.
    pub pane: Option<pane::PaneEdit>,
    /// «замена: Фамилия И.О.» of the substituted lessons.
    pub substitutes: HashMap<LessonId, String>,
}

/// A student's totals on the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub average: Option<f64>,
    pub marks: usize,
    pub missed: usize,
    pub final_mark: Option<String>,
    /// The final the marks suggest, judged by what is due so far
    /// ([`crate::domain::grading::suggest_final`]).
    pub suggested: Option<FinalValue>,
    /// Exempt for the period (освобождён).
    pub exempt: bool,
}

impl GridState {
    /// Opens a course's page for the period holding `date`; in a break, the one just
    /// ended while its finals are due, else the next; the cursor on `focus` (a lesson)
    /// or today's lesson or the last one held.
    pub fn load(
        store: &Store,
        actor: &Actor,
        course_id: CourseId,
        date: NaiveDate,
        focus: Option<LessonId>,
        today: NaiveDate,
    ) -> Result<GridState> {
        let year = store.current_year()?;
        let course = store.course(course_id)?;
        let periods = store.grade_periods(year.id, course.class.grade)?;
        let deadline_days = store.settings()?.final_deadline_days;
        let period_idx = crate::domain::lock::period_to_show(&periods, date, deadline_days);
        let mut g = GridState {
            page: store.journal_page(actor, course_id, &periods[period_idx])?,
            periods,
            period_idx,
            teacher: course.teacher.initials(),
            today,
            work_types: store.work_types()?,
            codes: store.attendance_codes()?,
            cutoffs: store.cutoffs()?,
            row: 0,
            col: 0,
            row_offset: 0,
            col_offset: 0,
            totals: HashMap::new(),
            pane: None,
            substitutes: HashMap::new(),
        };
        g.name_substitutes(store)?;
        g.recount(None);
        g.col = match focus.and_then(|id| g.page.lessons.iter().position(|l| l.id == id)) {
            Some(c) => c,
            None => g.today_column(),
        };
        Ok(g)
    }

    /// Reloads the page of another period (or the same one after outside changes).
    pub fn reload(&mut self, store: &Store, actor: &Actor) -> Result<()> {
        self.page =
            store.journal_page(actor, self.page.course.id, &self.periods[self.period_idx])?;
        self.recount(None);
        self.row = self.row.min(self.page.students.len().saturating_sub(1));
        self.col = self.col.min(self.page.lessons.len().saturating_sub(1));
        Ok(())
    }

    fn name_substitutes(&mut self, store: &Store) -> Result<()> {
        self.substitutes.clear();
        for l in &self.page.lessons {
            if l.conducted_by
                .is_some_and(|s| s != self.page.course.teacher_id)
                && let Some(name) = store.substitute_name(l.id)?
            {
                self.substitutes.insert(l.id, substitute_label(&name));
            }
        }
        Ok(())
    }

    /// The cell as this user sees it, for a change that must not overwrite another
    /// user's newer value.
    pub fn seen(
        &self,
        lesson_id: LessonId,
        student_id: StudentId,
    ) -> crate::store::marks::CellSeen {
        let key = (lesson_id, student_id);
        crate::store::marks::CellSeen {
            marks: self
                .page
                .marks
                .get(&key)
                .map(|m| m.iter().map(|m| m.id).collect())
                .unwrap_or_default(),
            attendance: self.page.attendance.get(&key).cloned(),
        }
    }

    /// Today's lesson, else the last lesson before today, else the first.
    pub fn today_column(&self) -> usize {
        let lessons = &self.page.lessons;
        lessons
            .iter()
            .position(|l| l.date == self.today)
            .or_else(|| lessons.iter().rposition(|l| l.date < self.today))
            .unwrap_or(0)
    }

    /// A lesson of a later day than today: no marks or attendance yet.
    pub fn not_held(&self, lesson: &LessonInfo) -> bool {
        lesson.date > self.today
    }

    pub fn grade(&self) -> i64 {
        self.page.course.class.grade
    }

    /// Where the page is, as an assessment refusal names it.
    pub fn place(&self) -> crate::domain::grading::Place {
        crate::domain::grading::Place {
            subject: self.page.course.subject.clone(),
            grade: self.grade(),
            period: Some(self.period().name.clone()),
        }
    }

    pub fn period(&self) -> &Period {
        &self.periods[self.period_idx]
    }

    pub fn lesson(&self) -> Option<&LessonInfo> {
        self.page.lessons.get(self.col)
    }

    pub fn student_id(&self) -> Option<StudentId> {
        self.page.students.get(self.row).map(|s| s.id)
    }

    /// The cell under the cursor: (lesson, student).
    pub fn cell(&self) -> Option<(LessonId, StudentId)> {
        Some((self.lesson()?.id, self.student_id()?))
    }

    pub fn work_type_short(&self, id: Option<i64>) -> &str {
        id.and_then(|id| self.work_types.iter().find(|w| w.id == id))
            .map(|w| w.short.as_str())
            .unwrap_or("")
    }

    /// Recounts one student's totals, or everyone's.
    pub fn recount(&mut self, student: Option<StudentId>) {
        let ids: Vec<StudentId> = match student {
            Some(s) => vec![s],
            None => {
                self.totals.clear();
                self.page.students.iter().map(|s| s.id).collect()
            }
        };
        for id in ids {
            let t = self.count(id);
            self.totals.insert(id, t);
        }
    }

    fn count(&self, student_id: StudentId) -> Totals {
        let mut marks = 0;
        let mut missed = 0;
        for l in &self.page.lessons {
            marks += self.page.marks.get(&(l.id, student_id)).map_or(0, Vec::len);
            if let Some(code) = self.page.attendance.get(&(l.id, student_id))
                && self.codes.find(code).is_ok_and(|c| c.absent)
            {
                missed += 1;
            }
        }
        let period = self.period();
        let given = self.page.student_marks(student_id);
        let standing = Standing {
            kind: self.page.assessment,
            exempt: self.page.exempt.contains_key(&student_id),
            marks: &given,
            due: due_marks(
                self.page.minimum,
                elapsed(period.start, period.end, self.today),
            ),
        };
        Totals {
            average: self.page.average(student_id),
            marks,
            missed,
            final_mark: self.page.finals.get(&student_id).cloned(),
            suggested: suggest_final(&standing, &self.cutoffs),
            exempt: standing.exempt,
        }
    }

    pub fn totals(&self, student_id: StudentId) -> Option<&Totals> {
        self.totals.get(&student_id)
    }

    /// Keeps the cursor inside the grid and on screen for a terminal of this size.
    pub fn follow_cursor(&mut self, width: u16, height: u16) {
        let rows = self.page.students.len();
        let cols = self.page.lessons.len();
        self.row = self.row.min(rows.saturating_sub(1));
        self.col = self.col.min(cols.saturating_sub(1));
        let pane = if self.pane.is_some() {
            pane::EDIT_ROWS
        } else {
            pane::FOLDED_ROWS
        };
        self.row_offset = layout::scroll_to(
            self.row_offset,
            self.row,
            layout::row_capacity(height.saturating_sub(pane)),
            rows,
        );
        self.col_offset = layout::scroll_to(
            self.col_offset,
            self.col,
            layout::lesson_capacity(width),
            cols,
        );
    }
}
