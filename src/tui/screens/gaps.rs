//! The unfilled lessons screen (a teacher's): its state and its drawing (keys:
//! `actions/gaps.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::pick;
use crate::theme::Theme;
use crate::tui::text::fit;
use crate::tui::widgets::list::list_lines;

/// My past lessons left unfilled.
#[derive(Debug, Clone)]
pub struct GapsState {
    pub rows: Vec<crate::store::lessons::Gap>,
    pub selected: usize,
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
