//! The grid's geometry: a frozen name column on the left, frozen totals on the right,
//! and as many lesson columns between them as fit, scrolled to keep the cursor in view.
//! `Table` has no column offset, so this small piece of math is the app's own.

/// Width of the row number and name column, with its separator.
pub const NAME_WIDTH: u16 = 18;
/// Width of one lesson column (`dd.mm` and a space).
pub const LESSON_WIDTH: u16 = 6;
/// Width of the totals on the right: average, number of marks, missed, final.
pub const TOTALS_WIDTH: u16 = 18;
/// Rows above the students: the title, the dates, the work types.
pub const HEADER_ROWS: u16 = 3;
/// Rows below: the status line and the function-key bar.
pub const FOOTER_ROWS: u16 = crate::tui::widgets::CHROME_ROWS;

/// How many lesson columns fit in a terminal this wide (at least one).
pub fn lesson_capacity(width: u16) -> usize {
    (width.saturating_sub(NAME_WIDTH + TOTALS_WIDTH) / LESSON_WIDTH).max(1) as usize
}

/// How many student rows fit in a terminal this tall (at least one).
pub fn row_capacity(height: u16) -> usize {
    height.saturating_sub(HEADER_ROWS + FOOTER_ROWS).max(1) as usize
}

/// The first visible item so that `cursor` stays inside a window of `capacity` items,
/// moving the window as little as possible from `offset`.
pub fn scroll_to(offset: usize, cursor: usize, capacity: usize, total: usize) -> usize {
    let capacity = capacity.max(1);
    let mut off = offset.min(total.saturating_sub(1));
    if cursor < off {
        off = cursor;
    } else if cursor >= off + capacity {
        off = cursor + 1 - capacity;
    }
    // No empty space at the end while there are items before the window.
    off.min(total.saturating_sub(capacity))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighty_columns_show_seven_lessons() {
        assert_eq!(lesson_capacity(80), 7);
        assert_eq!(lesson_capacity(20), 1);
        assert_eq!(row_capacity(24), 19);
    }

    #[test]
    fn window_follows_the_cursor() {
        assert_eq!(scroll_to(0, 3, 7, 20), 0);
        assert_eq!(scroll_to(0, 7, 7, 20), 1);
        assert_eq!(scroll_to(5, 2, 7, 20), 2);
        assert_eq!(scroll_to(10, 19, 7, 20), 13);
        // Fewer items than room: no scrolling at all.
        assert_eq!(scroll_to(3, 4, 7, 5), 0);
        assert_eq!(scroll_to(0, 0, 7, 0), 0);
    }

    #[test]
    fn window_never_leaves_the_cursor_outside() {
        for total in 0..30 {
            for cap in 1..10 {
                for off in 0..30 {
                    for cur in 0..total {
                        let o = scroll_to(off, cur, cap, total);
                        assert!(
                            o <= cur && cur < o + cap,
                            "total {total} cap {cap} off {off} cur {cur} → {o}"
                        );
                    }
                }
            }
        }
    }
}
