//! The class teacher's week: missed lessons by student and day; Enter marks a
//! student's absences excused. Its state, its keys (`on`, returning an [`Effect`]) and
//! its drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use chrono::{Days, NaiveDate};

use crate::domain::ids::{ClassId, StudentId};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::absences::WeekAbsences;
use crate::theme::Theme;
use crate::tui::overlay::effect::{self, Ctx, NoQuestion};
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;

#[derive(Debug, Clone)]
pub struct AbsencesState {
    pub class_id: ClassId,
    pub week: WeekAbsences,
    pub selected: usize,
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
    /// The week: ←→ another week, Enter excuses the student's absences, Esc goes back.
    pub fn on(&mut self, action: Action, _ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.week.rows.len()).apply(action) {
            return Effect::None;
        }
        let (class_id, monday) = (self.class_id, self.week.monday);
        match action {
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
    let lines_text = crate::report::absences::week_lines(&s.week);
    let mut lines = vec![
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
                pick(
                    "←→ неделя · Enter — уважительная причина (Н → У) · Esc — назад",
                    "←→ week · Enter — excused (Н → У) · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    if let Some(head) = lines_text.first() {
        lines.push(Line::from(Span::styled(fit(head, width), theme.header)));
    }
    let room = area.height.saturating_sub(3) as usize;
    let skip = (s.selected + 1).saturating_sub(room);
    for (i, l) in lines_text.iter().skip(1).enumerate().skip(skip).take(room) {
        let text = fit(l, width);
        lines.push(if i == s.selected {
            Line::from(Span::styled(text, theme.cursor))
        } else {
            Line::from(text)
        });
    }
    f.render_widget(Paragraph::new(lines), area);
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
