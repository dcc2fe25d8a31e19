//! A cell's details over the grid: its marks with their work types, weights, authors
//! and comments, and the cell's history in words (its keys: `keys.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::domain::audit::{Action, Entity, label};
use crate::domain::ids::{LessonId, StudentId};
use crate::i18n::pick;
use crate::store::marks::{CellEvent, MarkDetail};
use crate::theme::Theme;
use crate::tui::text::TextField;
use crate::tui::widgets::{bordered, centered};

/// A cell's marks and history, one mark chosen.
#[derive(Debug, Clone)]
pub struct DetailsState {
    pub lesson_id: LessonId,
    pub student_id: StudentId,
    pub title: String,
    pub marks: Vec<MarkDetail>,
    pub history: Vec<CellEvent>,
    /// The student's assessments in the course and the final after an exam, in words.
    pub assessments: Vec<String>,
    pub selected: usize,
}

/// Draws the details, with the comment being typed when there is one.
pub fn render_details(
    d: &DetailsState,
    comment: Option<&TextField>,
    theme: &Theme,
    ascii: bool,
    f: &mut Frame,
    area: Rect,
) {
    let r = centered(area, 76, area.height.saturating_sub(2));
    f.render_widget(Clear, r);
    let mut lines = Vec::new();
    if d.marks.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("отметок нет", "no marks"),
            theme.dim,
        )));
    }
    for (i, m) in d.marks.iter().enumerate() {
        let style = if i == d.selected {
            theme.cursor
        } else {
            theme.popup
        };
        lines.push(Line::from(Span::styled(
            format!(
                "{} · {} · {} {} · {} · {}",
                m.record.value,
                m.work_type,
                pick("вес", "weight"),
                m.record.weight,
                m.author,
                m.created_at
            ),
            style,
        )));
        if !m.record.comment.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("   «{}»", m.record.comment),
                theme.dim,
            )));
        }
    }
    if let Some(field) = comment {
        let (text, _) = field.display();
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::raw(pick("Комментарий: ", "Comment: ")),
            Span::styled(text, theme.cursor),
        ]));
        lines.push(Line::from(Span::styled(
            pick(
                "Enter — сохранить, Esc — отмена",
                "Enter — save, Esc — cancel",
            ),
            theme.dim,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        pick("История клетки", "Cell history"),
        theme.title,
    )));
    if d.history.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("изменений нет", "no changes"),
            theme.dim,
        )));
    }
    for e in d.history.iter().rev() {
        lines.push(Line::from(Span::styled(
            crate::domain::text::screen_dates(&format!(
                "{} {} {}",
                e.at,
                e.actor,
                describe_event(e)
            )),
            theme.popup,
        )));
    }
    if !d.assessments.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            pick("Аттестация и экзамены", "Assessments and exams"),
            theme.title,
        )));
        for a in &d.assessments {
            lines.push(Line::from(Span::styled(a.clone(), theme.popup)));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        pick(
            "↑↓ отметка · F3 вид работы · F4 комментарий · Esc — закрыть",
            "↑↓ mark · F3 work type · F4 comment · Esc to close",
        ),
        theme.dim,
    )));
    f.render_widget(
        Paragraph::new(lines)
            .style(theme.popup)
            .block(bordered(ascii, theme).title(format!(" {} ", d.title))),
        r,
    );
}

/// One line of a cell's history in words.
fn describe_event(e: &CellEvent) -> String {
    let old = e.old.clone().unwrap_or_default();
    let new = e.new.clone().unwrap_or_default();
    let dash = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    match (Entity::parse(&e.entity), Action::parse(&e.action)) {
        (Some(Entity::Mark), Some(Action::Create)) => {
            format!("{} {new}", pick("отметка +", "mark +"))
        }
        (Some(Entity::Mark), Some(Action::Delete)) => {
            format!("{} {old}", pick("отметка −", "mark −"))
        }
        (Some(Entity::Mark), Some(Action::WorkType)) => {
            format!("{} {old} → {new}", pick("вид работы", "work type"))
        }
        (Some(Entity::Mark), Some(Action::Comment)) => {
            format!("{} «{new}»", pick("комментарий", "comment"))
        }
        (Some(Entity::Attendance), Some(Action::Taken)) => {
            pick("посещаемость отмечена", "attendance taken").to_string()
        }
        (Some(Entity::Attendance), _) => format!(
            "{} {} → {}",
            pick("посещаемость", "attendance"),
            dash(&old),
            dash(&new)
        ),
        _ => format!(
            "{} {} → {}",
            label(&e.action, &e.entity),
            dash(&old),
            dash(&new)
        ),
    }
}
