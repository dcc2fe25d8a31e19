//! The function-key bar at the bottom of every screen, as Midnight Commander draws it:
//! F1–F10, each a number and a short label of what the key does on this screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::theme::Theme;

/// The bar's text: ten slots across `width` columns, slot N its number and its label
/// (blank for a key that does nothing here), cut to the slot. Pure, for tests.
pub fn slots(labels: &[Option<&str>; 10], width: u16) -> Vec<(String, String)> {
    let width = width as usize;
    (0..10)
        .map(|i| {
            let from = i * width / 10;
            let to = (i + 1) * width / 10;
            let number = (i + 1).to_string();
            let room = (to - from).saturating_sub(number.chars().count());
            let label: String = labels[i].unwrap_or("").chars().take(room).collect();
            let pad = room - label.chars().count();
            (number, format!("{label}{}", " ".repeat(pad)))
        })
        .collect()
}

/// Draws the bar: numbers in the screen's colours, labels in the status line's.
pub fn render(labels: &[Option<&str>; 10], theme: &Theme, f: &mut Frame, area: Rect) {
    let spans: Vec<Span> = slots(labels, area.width)
        .into_iter()
        .flat_map(|(n, label)| [Span::raw(n), Span::styled(label, theme.status)])
        .collect();
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_slots_fill_eighty_columns_and_labels_are_cut_to_their_slot() {
        let mut labels = [None; 10];
        labels[0] = Some("Помощь");
        labels[9] = Some("Годовая");
        // (A real label of F10 fits in six characters; this one shows the cut.)
        labels[4] = Some("ОченьДлинное");
        let s = slots(&labels, 80);
        let line: String = s.iter().map(|(n, l)| format!("{n}{l}")).collect();
        assert_eq!(line.chars().count(), 80);
        assert!(line.starts_with("1Помощь 2       3"), "{line}");
        assert!(line.contains("5ОченьДл6"), "{line}");
        assert!(line.ends_with("10Годова"), "{line}");
        // A wider terminal gives the labels room.
        let wide: String = slots(&labels, 120)
            .iter()
            .map(|(n, l)| format!("{n}{l}"))
            .collect();
        assert!(wide.ends_with("10Годовая   "), "{wide}");
    }
}
