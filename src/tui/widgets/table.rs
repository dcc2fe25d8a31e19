//! A table that may be wider than the screen: its first column stays in place, the
//! others start at a horizontal offset counted in whole columns; each column is as wide
//! as its header and cells; arrows in the header say that more columns lie to the left
//! or right; a legend under it explains its codes. The rows scroll as a list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::reports::Report;
use crate::i18n::pick;
use crate::theme::Theme;
use crate::tui::text::fit;

/// The blank between two columns.
pub const GAP: usize = 2;
/// The room kept at the right edge for the «more to the right» arrow.
const MARK: usize = 2;

/// Which columns a table shows: the first (frozen) one's width, then the others from
/// the offset, each with the width it is drawn in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shown {
    /// The first column's width (0 for a table without columns).
    pub frozen: usize,
    /// The scrolled columns shown: (index into the table's columns, width).
    pub cols: Vec<(usize, usize)>,
    /// Columns are hidden to the left of the shown ones.
    pub left: bool,
    /// Columns are hidden to the right of the shown ones.
    pub right: bool,
}

/// The columns shown when the scrolled part starts `offset` columns after the first
/// column, in `room` characters. `widths` are the columns' natural widths. The first
/// column takes at most half the room; every other column is cut to what is left; at
/// least one scrolled column shows; the offset is kept within the table.
pub fn shown(widths: &[usize], offset: usize, room: usize) -> Shown {
    let Some((&first, rest)) = widths.split_first() else {
        return Shown::default();
    };
    let room = room.saturating_sub(MARK);
    let frozen = first.min((room / 2).max(1));
    let left_room = room.saturating_sub(frozen);
    let start = offset.min(rest.len().saturating_sub(1));
    let mut used = 0;
    let mut cols = Vec::new();
    for (i, &w) in rest.iter().enumerate().skip(start) {
        let w = w.min(left_room.saturating_sub(GAP)).max(1);
        if !cols.is_empty() && used + GAP + w > left_room {
            break;
        }
        used += GAP + w;
        cols.push((i + 1, w));
    }
    let right = cols.last().is_some_and(|(i, _)| *i < widths.len() - 1);
    Shown {
        frozen,
        cols,
        left: start > 0,
        right,
    }
}

/// The smallest offset that shows the last column: scrolling further right shows
/// nothing new.
pub fn last_offset(widths: &[usize], room: usize) -> usize {
    let scrolled = widths.len().saturating_sub(1);
    (0..scrolled)
        .find(|&o| !shown(widths, o, room).right)
        .unwrap_or(scrolled.saturating_sub(1))
}

/// The widths with the first `keep` columns (at least one) drawn as one, the gap
/// between them: the columns that stay in place.
pub fn merged(widths: &[usize], keep: usize) -> Vec<usize> {
    let keep = keep.clamp(1, widths.len().max(1)).min(widths.len());
    if keep == 0 {
        return Vec::new();
    }
    let kept = widths[..keep].iter().sum::<usize>() + GAP * (keep - 1);
    std::iter::once(kept)
        .chain(widths[keep..].iter().copied())
        .collect()
}

/// The smallest column offset that shows a report's last column on a screen `width`
/// characters wide, its first `keep` columns staying.
pub fn last_offset_of(report: &Report, keep: usize, width: u16) -> usize {
    last_offset(
        &merged(&widths(&report.columns, &report.rows), keep),
        width as usize,
    )
}

/// Each column's natural width: its widest cell or header, in characters.
pub fn widths(columns: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    let mut w: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(w.len()) {
            w[i] = w[i].max(cell.chars().count());
        }
    }
    w
}

/// `text` broken into lines of at most `width` characters at spaces (a word longer
/// than a line is cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let (n, w) = (line.chars().count(), word.chars().count());
        if n > 0 && n + 1 + w > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out.into_iter().map(|l| fit(&l, width)).collect()
}

/// Where a table is scrolled to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct View {
    /// The first scrolled column shown, counted after the frozen one.
    pub offset: usize,
    /// The first row shown (kept within the rows when drawn).
    pub scroll: usize,
    /// The row under the cursor, shown whatever `scroll` says.
    pub selected: Option<usize>,
    /// How many leading columns stay in place (at least the first).
    pub keep: usize,
}

/// How many rows of a table fit in `height` lines under its header, with its legend
/// of `legend` lines (wrapped to `width`).
pub fn body_rows(height: u16, width: u16, legend: &[String]) -> usize {
    let legend: usize = legend.iter().map(|l| wrap(l, width as usize).len()).sum();
    (height as usize).saturating_sub(1 + legend).max(1)
}

/// Draws `table` (its columns and rows; its title is the screen's to draw) in `area`:
/// the header, the rows from the view, and the legend at the bottom. `ascii` draws the
/// arrows as `<` and `>`.
pub fn render(table: &Report, view: &View, theme: &Theme, ascii: bool, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let widths = widths(&table.columns, &table.rows);
    let numeric = table.numeric_columns();
    let keep = view.keep.clamp(1, widths.len().max(1));
    let s = shown(&merged(&widths, keep), view.offset, width);
    let (to_left, to_right) = if ascii { ("<", ">") } else { ("←", "→") };
    let cell = |text: &str, i: usize, w: usize| -> String {
        if numeric.get(i).copied().unwrap_or(false) && text.chars().count() <= w {
            format!("{text:>w$}")
        } else {
            fit(text, w)
        }
    };
    let line = |cells: &[String], style: Style, header: bool| -> Line<'static> {
        let get = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
        let kept: Vec<String> = (0..keep)
            .map(|i| cell(get(i), i, widths.get(i).copied().unwrap_or(0)))
            .collect();
        let mut first = fit(&kept.join(&" ".repeat(GAP)), s.frozen);
        // The gap after the first column says that columns hide behind it: «← » in
        // the first column's blank end if it has one, else « ←».
        let left_mark = if header && s.left && first.ends_with(' ') {
            first.pop();
            format!(" {to_left} ")
        } else {
            format!(" {to_left}")
        };
        let mut spans = vec![Span::styled(first, style)];
        let mut used = s.frozen;
        for (k, &(i, w)) in s.cols.iter().enumerate() {
            if k == 0 && header && s.left {
                spans.push(Span::styled(left_mark.clone(), theme.title));
            } else {
                spans.push(Span::styled(" ".repeat(GAP), style));
            }
            // An index past the kept columns drawn as one.
            let i = i + keep - 1;
            spans.push(Span::styled(cell(get(i), i, w), style));
            used += GAP + w;
        }
        let pad = width.saturating_sub(used);
        if header && s.right && pad >= MARK {
            spans.push(Span::styled(" ".repeat(pad - 1), style));
            spans.push(Span::styled(to_right.to_string(), theme.title));
        } else {
            spans.push(Span::styled(" ".repeat(pad), style));
        }
        Line::from(spans)
    };
    let room = body_rows(area.height, area.width, &table.legend);
    let rows = &table.rows;
    let top = match view.selected {
        Some(sel) => (sel + 1).saturating_sub(room),
        None => view.scroll.min(rows.len().saturating_sub(room)),
    };
    let mut lines = vec![line(&table.columns, theme.header, true)];
    for (i, row) in rows.iter().enumerate().skip(top).take(room) {
        let style = if view.selected == Some(i) {
            theme.cursor
        } else {
            Style::default()
        };
        lines.push(line(row, style, false));
    }
    if rows.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("нет строк", "no rows"),
            theme.dim,
        )));
    }
    let shown_rows = lines.len() - 1;
    // The legend at the bottom of the area, under the rows.
    lines.extend((shown_rows..room).map(|_| Line::from("")));
    for l in &table.legend {
        lines.extend(
            wrap(l, width)
                .into_iter()
                .map(|t| Line::from(Span::styled(t, theme.dim))),
        );
    }
    f.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(s: &Shown) -> Vec<usize> {
        s.cols.iter().map(|(i, _)| *i).collect()
    }

    #[test]
    fn the_first_column_stays_and_the_others_scroll() {
        // 10 + (2+10)×n in 40 (38 after the arrow's room): two scrolled columns fit.
        let w = [10, 10, 10, 10, 10, 10];
        let s = shown(&w, 0, 40);
        assert_eq!(
            (s.frozen, cols(&s), s.left, s.right),
            (10, vec![1, 2], false, true)
        );
        let s = shown(&w, 2, 40);
        assert_eq!((cols(&s), s.left, s.right), (vec![3, 4], true, true));
        let s = shown(&w, 3, 40);
        assert_eq!((cols(&s), s.left, s.right), (vec![4, 5], true, false));
        // Past the end: the last column alone, never nothing.
        let s = shown(&w, 99, 40);
        assert_eq!((cols(&s), s.left, s.right), (vec![5], true, false));
        assert_eq!(last_offset(&w, 40), 3);
    }

    #[test]
    fn a_table_that_fits_does_not_scroll() {
        let w = [6, 3, 4];
        let s = shown(&w, 0, 80);
        assert_eq!((cols(&s), s.left, s.right), (vec![1, 2], false, false));
        assert_eq!(last_offset(&w, 80), 0);
        assert_eq!(shown(&[], 0, 80), Shown::default());
        let one = shown(&[7], 0, 80);
        assert_eq!((one.frozen, one.cols.len(), one.right), (7, 0, false));
        assert_eq!(last_offset(&[7], 80), 0);
    }

    #[test]
    fn wide_columns_are_cut_to_the_room() {
        // The first column takes half the room at most, a scrolled one what is left.
        let s = shown(&[100, 100, 5], 0, 42);
        assert_eq!(s.frozen, 20);
        assert_eq!(s.cols, vec![(1, 18)]);
        assert!(s.right);
        let s = shown(&[100, 100, 5], 1, 42);
        assert_eq!(
            (s.cols.clone(), s.left, s.right),
            (vec![(2, 5)], true, false)
        );
    }

    #[test]
    fn kept_columns_are_drawn_as_one() {
        assert_eq!(merged(&[5, 10, 3, 4], 2), vec![17, 3, 4]);
        assert_eq!(merged(&[5, 10, 3], 1), vec![5, 10, 3]);
        assert_eq!(merged(&[5, 10], 0), vec![5, 10]);
        assert_eq!(merged(&[5, 10], 9), vec![17]);
        assert_eq!(merged(&[], 2), Vec::<usize>::new());
    }

    #[test]
    fn widths_count_characters_of_headers_and_cells() {
        let columns = vec!["Ученик".to_string(), "5".to_string()];
        let rows = vec![vec![
            "Иванов И.".to_string(),
            "12".to_string(),
            "extra".into(),
        ]];
        assert_eq!(widths(&columns, &rows), vec![9, 2]);
    }

    #[test]
    fn legends_wrap_at_spaces() {
        assert_eq!(
            wrap("Н — нет, Б — болел", 9),
            vec!["Н — нет, ", "Б — болел"]
        );
        assert_eq!(wrap("отсутствовал", 5), vec!["отсу…"]);
        assert!(wrap("", 10).is_empty());
    }
}
