//! The unfilled lessons screen (a teacher's): its state, its keys (`on`, returning an
//! [`Effect`]) and its drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::pick;
use crate::keys::Action;
use crate::store::lessons::Gap;
use crate::theme::Theme;
use crate::tui::overlay::effect::{self, Ctx, NoQuestion};
use crate::tui::text::fit;
use crate::tui::widgets::list::{ListCursor, list_lines};

/// My past lessons left unfilled.
#[derive(Debug, Clone)]
pub struct GapsState {
    pub rows: Vec<Gap>,
    pub selected: usize,
}

/// Where the unfilled lessons may send the user (`Back` is the teacher's day).
#[derive(Debug, Clone)]
pub enum Open {
    /// The lesson in its course's grid.
    Lesson(Gap),
}

/// What the unfilled lessons ask of the app.
pub type Effect = effect::Effect<Open, NoQuestion>;

impl GapsState {
    /// The list of unfilled lessons: Enter opens the lesson in its grid.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.rows.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::Back => Effect::Back,
            Action::Confirm => match self.rows.get(self.selected) {
                Some(gap) => Effect::Open(Open::Lesson(gap.clone())),
                None => Effect::None,
            },
            _ => Effect::NotHere(action),
        }
    }
}

pub fn render_gaps(s: &GapsState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!(
                    "{} · {}",
                    pick("Незаполненные уроки", "Unfilled lessons"),
                    s.rows.len()
                ),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            pick(
                "Enter — открыть урок в журнале · Esc — назад",
                "Enter — open the lesson · Esc — back",
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |g| {
        let missing: Vec<String> = g.missing.iter().map(|m| m.label()).collect();
        format!(
            "{} {} {}{} — {}",
            g.date.format("%d.%m"),
            g.lesson_no,
            g.course,
            if g.substituted {
                pick(" (замена)", " (substitute)")
            } else {
                ""
            },
            missing.join(", ")
        )
    }));
    if s.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("всё заполнено", "everything is filled in"),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}
