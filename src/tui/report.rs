//! A control report on screen; F5 writes it to a file and says where.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::reports::Report;
use crate::i18n::pick;
use crate::report::ReportName;
use crate::theme::Theme;
use crate::tui::text::fit;

#[derive(Debug, Clone)]
pub struct ReportState {
    pub name: ReportName,
    pub report: Report,
    pub scroll: usize,
}

pub fn render(s: &ReportState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let text = s.report.to_text();
    let mut all = text.lines();
    let title = all.next().unwrap_or("");
    let mut lines = vec![
        Line::from(Span::styled(fit(title, width), theme.title)),
        Line::from(Span::styled(
            fit(
                pick(
                    "↑↓ прокрутка · F5 — записать в файл · Esc — назад",
                    "↑↓ scroll · F5 — write to a file · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let body: Vec<&str> = all.collect();
    if let Some(head) = body.first() {
        lines.push(Line::from(Span::styled(fit(head, width), theme.header)));
    }
    let room = area.height.saturating_sub(3) as usize;
    let rest = body.get(1..).unwrap_or(&[]);
    let scroll = s.scroll.min(rest.len().saturating_sub(room));
    lines.extend(
        rest.iter()
            .skip(scroll)
            .take(room)
            .map(|l| Line::from(fit(l, width))),
    );
    if rest.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("нет строк", "no rows"),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}
