//! The classes screen: the year's classes, their keys and their drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Tool;
use super::class::ClassState;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::classes::ClassRow;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tui::app::{App, Screen};
use crate::tui::grid::view::fit;
use crate::tui::widgets::list::{ListCursor, list_lines, shown_rows};

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

impl App {
    /// The classes: Enter opens a class's students.
    pub(crate) fn classes_action(&mut self, action: Action) {
        let Screen::Classes(c) = &mut self.screen else {
            return;
        };
        let rows = shown_rows(self.size.1);
        if ListCursor::new(&mut c.selected, c.rows.len())
            .page(rows)
            .apply(action)
        {
            return;
        }
        match action {
            Action::Back => self.back_to_menu(),
            Action::Confirm => {
                let Some(row) = c.rows.get(c.selected) else {
                    return;
                };
                match ClassState::load(&self.store, row.id) {
                    Ok(cs) => self.screen = Screen::Class(cs),
                    Err(e) => self.error(e.to_string()),
                }
            }
            _ => self.not_here(action),
        }
    }
}
