//! The class teacher's week: missed lessons by student and day; Enter marks a
//! student's absences excused. Its state, its keys (`on`, returning an [`Effect`]) and
//! its drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use chrono::{Days, NaiveDate};

use crate::domain::ids::{ClassId, StudentId};
use crate::i18n::pick;
use crate::keys::Action;
use crate::report::absences::week_table;
use crate::store::absences::WeekAbsences;
use crate::theme::Theme;
use crate::tui::overlay::effect::{self, Ctx, NoQuestion};
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;
use crate::tui::widgets::table::{self, View};

#[derive(Debug, Clone)]
pub struct AbsencesState {
    pub class_id: ClassId,
    pub week: WeekAbsences,
    pub selected: usize,
    /// The first column shown after the students' names, which stay.
    pub col: usize,
    /// The arrows that say more columns lie aside drawn as `<` `>`.
    pub ascii: bool,
}

/// Where the week of absences may send the user (`Back` is the teacher's day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// The class's week around that day, the cursor kept.
    Week(ClassId, NaiveDate),
}

/// What the week of absences asks of the app.
pub type Effect = effect::Effect<Open, NoQuestion>;

impl AbsencesState {
    /// The week: ←→ another week, Tab and Shift-Tab its columns when they do not fit
    /// (Tab from the last goes back to the first), Enter excuses the student's
    /// absences, Esc goes back.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.week.rows.len()).apply(action) {
            return Effect::None;
        }
        let (class_id, monday) = (self.class_id, self.week.monday);
        match action {
            Action::Right | Action::Left => {
                let t = week_table(&self.week);
                let last = table::last_offset_of(&t, 1, ctx.size.0);
                self.col = match action {
                    Action::Right if self.col >= last => 0,
                    Action::Right => self.col + 1,
                    _ => self.col.saturating_sub(1),
                };
                Effect::None
            }
            Action::PrevWeek => Effect::Open(Open::Week(class_id, monday - Days::new(7))),
            Action::NextWeek => Effect::Open(Open::Week(class_id, monday + Days::new(7))),
            Action::Confirm => {
                let Some(row) = self.week.rows.get(self.selected) else {
                    return Effect::None;
                };
                let from = monday.format("%d.%m.%Y").to_string();
                let to = self
                    .week
                    .days
                    .last()
                    .copied()
                    .unwrap_or(monday)
                    .format("%d.%m.%Y")
                    .to_string();
                Effect::Form(FormState::excuse(
                    row.student.id,
                    &row.student.name.short(),
                    &from,
                    &to,
                ))
            }
            Action::Back => Effect::Back,
            _ => Effect::NotHere(action),
        }
    }
}

pub fn render(s: &AbsencesState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let t = week_table(&s.week);
    // Tab scrolls the columns only when they do not all fit.
    let fits = table::last_offset_of(&t, 1, area.width) == 0;
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let lines = vec![
        Line::from(Span::styled(
            fit(
                &format!(
                    "{} · {} · {}–{}",
                    pick("Пропуски", "Absences"),
                    s.week.class,
                    s.week.monday.format("%d.%m"),
                    s.week
                        .days
                        .last()
                        .map(|d| d.format("%d.%m.%Y").to_string())
                        .unwrap_or_default()
                ),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                if fits {
                    pick(
                        "←→ неделя · Enter — уважительная причина (Н → У) · Esc — назад",
                        "←→ week · Enter — excused (Н → У) · Esc — back",
                    )
                } else {
                    pick(
                        "←→ неделя · Tab — столбцы · Enter — уважительная причина (Н → У) · Esc — назад",
                        "←→ week · Tab — columns · Enter — excused (Н → У) · Esc — back",
                    )
                },
                width,
            ),
            theme.dim,
        )),
    ];
    f.render_widget(Paragraph::new(lines), head);
    let view = View {
        offset: s.col,
        scroll: 0,
        selected: Some(s.selected),
        keep: 1,
    };
    table::render(&t, &view, theme, s.ascii, f, body);
}

impl FormState {
    pub fn excuse(student: StudentId, name: &str, from: &str, to: &str) -> FormState {
        FormState::with(
            &format!(
                "{} · {name}",
                pick("Уважительная причина", "Excused absence")
            ),
            FormPurpose::Excuse(student),
            &[
                (Field::From, pick("С", "From"), from),
                (Field::To, pick("По", "To"), to),
                (Field::Grounds, pick("Основание", "Grounds"), ""),
            ],
            pick(
                "Пропуски «Н» в эти дни станут «У». Основание: справка, заявление родителей …",
                "Absences «Н» on these days become «У». Grounds: a doctor's note, the parents' letter …",
            ),
        )
    }
}
