//! The class teacher's week: missed lessons by student and day; Enter marks a
//! student's absences excused.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::ids::ClassId;
use crate::i18n::pick;
use crate::store::absences::WeekAbsences;
use crate::theme::Theme;
use crate::tui::text::fit;

#[derive(Debug, Clone)]
pub struct AbsencesState {
    pub class_id: ClassId,
    pub week: WeekAbsences,
    pub selected: usize,
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
