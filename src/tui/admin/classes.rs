//! The classes screen: the year's classes, their keys and their drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Tool;
use super::{Effect, Open};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::classes::ClassRow;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tui::overlay::effect::Ctx;
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;
use crate::tui::widgets::list::list_lines;

/// The classes of the year.
#[derive(Debug, Clone)]
pub struct ClassesState {
    pub rows: Vec<ClassRow>,
    pub selected: usize,
}

impl ClassesState {
    pub fn load(store: &Store) -> Result<ClassesState> {
        Ok(ClassesState {
            rows: store.class_rows()?,
            selected: 0,
        })
    }
}

pub fn render_classes(s: &ClassesState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(fit(Tool::Classes.title(), width), theme.title)),
        Line::from(Span::styled(
            pick(
                "Enter — ученики класса · Esc — назад",
                "Enter — the class's students · Esc — back",
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |c| {
        format!(
            "{:<5} {:>3} {}  {}",
            c.name.to_string(),
            c.students,
            pick("уч.", "st."),
            c.teacher
                .as_ref()
                .map(|t| t.initials())
                .unwrap_or_else(|| pick("нет классного руководителя", "no class teacher").into())
        )
    }));
    f.render_widget(Paragraph::new(lines), area);
}

impl ClassesState {
    /// The classes: Enter opens a class's students.
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
                Some(row) => Effect::Open(Open::Class(row.id)),
                None => Effect::None,
            },
            _ => Effect::NotHere(action),
        }
    }
}
