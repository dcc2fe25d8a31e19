//! Closed periods: marks and finals are set no later than a few days after a period ends
//! (004 §5.8); after that deadline the period is locked for teachers until a deputy
//! opens it again for one course.

use chrono::{Days, NaiveDate};

/// The last day teachers may still change a period's marks and finals.
pub fn deadline(period_end: NaiveDate, days: u32) -> NaiveDate {
    period_end
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(period_end)
}

/// Whether the period is closed on `today` (and not opened again for the course).
pub fn is_locked(period_end: NaiveDate, days: u32, today: NaiveDate, unlocked: bool) -> bool {
    !unlocked && today > deadline(period_end, days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn four_days_after_the_end_then_locked() {
        // The 2nd quarter ends on Sunday 28.12; finals are due by 01.01.
        assert_eq!(deadline(d("2025-12-28"), 4), d("2026-01-01"));
        assert!(!is_locked(d("2025-12-28"), 4, d("2026-01-01"), false));
        assert!(is_locked(d("2025-12-28"), 4, d("2026-01-02"), false));
        assert!(
            !is_locked(d("2025-12-28"), 4, d("2026-01-02"), true),
            "a deputy opened it"
        );
        assert!(!is_locked(d("2025-12-28"), 0, d("2025-12-28"), false));
    }
}
