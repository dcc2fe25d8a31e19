//! Table cells that are numbers: written as numbers into workbooks and aligned right
//! on printed pages.

/// Whether a cell is a plain number (a mark, an average, a count, a percentage):
/// digits with at most one decimal point and an optional minus, no leading zeros
/// ("007" stays text), finite.
pub(crate) fn as_number(cell: &str) -> Option<f64> {
    let s = cell.trim();
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty()
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        || digits.matches('.').count() > 1
        || digits.starts_with('.')
        || digits.ends_with('.')
    {
        return None;
    }
    let int_part = digits.split('.').next().unwrap_or("");
    if int_part.len() > 1 && int_part.starts_with('0') {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_recognised() {
        assert_eq!(as_number("5"), Some(5.0));
        assert_eq!(as_number("3.75"), Some(3.75));
        assert_eq!(as_number("-2"), Some(-2.0));
        assert_eq!(as_number("0.5"), Some(0.5));
        for text in [
            "",
            "Н",
            "4 5",
            "007",
            "10.11.2025",
            "inf",
            "NaN",
            "1e5",
            ".5",
            "5.",
        ] {
            assert_eq!(as_number(text), None, "{text}");
        }
    }
}
