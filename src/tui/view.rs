//! Drawing the overview. Rendering reads the state and never writes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};

use super::App;
use crate::i18n::pick;

pub fn render(app: &App, f: &mut Frame) {
    let [title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(f.area());
    f.render_widget(
        Paragraph::new(format!(
            "{} · {} · {} · {}",
            app.school, app.year, app.today, app.period
        ))
        .style(Style::new().add_modifier(Modifier::BOLD)),
        title,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Length(26), Constraint::Min(20)]).areas(body);
    let items: Vec<ListItem> = app
        .classes
        .iter()
        .map(|c| ListItem::new(format!("{:<4} {:>3} {}", c.name, c.students, c.teacher)))
        .collect();
    let mut state = ListState::default().with_selected(Some(app.selected));
    f.render_stateful_widget(
        List::new(items)
            .block(Block::bordered().title(pick(" Классы ", " Classes ")))
            .highlight_style(Style::new().add_modifier(Modifier::REVERSED)),
        left,
        &mut state,
    );
    let courses: Vec<Line> = app
        .classes
        .get(app.selected)
        .map(|c| c.courses.iter().map(|s| Line::from(s.as_str())).collect())
        .unwrap_or_default();
    let name = app
        .classes
        .get(app.selected)
        .map(|c| c.name.as_str())
        .unwrap_or("");
    f.render_widget(
        Paragraph::new(courses)
            .block(Block::bordered().title(format!(" {} {name} ", pick("Предметы", "Courses")))),
        right,
    );
    f.render_widget(
        Paragraph::new(app.status.as_str()).style(Style::new().add_modifier(Modifier::DIM)),
        status,
    );
}
