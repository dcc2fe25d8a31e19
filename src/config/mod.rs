//! Configuration files: the school's `school.toml` and the user's `config.toml`.

pub mod app;
pub mod school;

/// Line and column (1-based) of a byte offset, for `FILE:LINE:COL` messages.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(super::line_col("ab\ncd", 0), (1, 1));
        assert_eq!(super::line_col("ab\ncd", 4), (2, 2));
        assert_eq!(super::line_col("аб\nв", "аб\n".len()), (2, 1));
    }
}
