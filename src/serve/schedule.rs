//! When the server's daily backup runs next.

use chrono::{Days, NaiveDateTime, NaiveTime};

/// The first moment at `at` o'clock strictly after `now`.
pub fn next_run(now: NaiveDateTime, at: NaiveTime) -> NaiveDateTime {
    let today = now.date().and_time(at);
    if today > now {
        today
    } else {
        (now.date() + Days::new(1)).and_time(at)
    }
}

/// Parses «HH:MM» (or «HH:MM:SS»).
pub fn parse_time(s: &str) -> Result<NaiveTime, String> {
    let t = s.trim();
    NaiveTime::parse_from_str(t, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
        .map_err(|_| crate::tr!("«{}» — не время (ЧЧ:ММ)", "«{}» is not a time (HH:MM)", s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
    }

    #[test]
    fn later_today_else_tomorrow() {
        let at = parse_time("02:30").expect("time");
        assert_eq!(next_run(t("2025-11-20 01:00"), at), t("2025-11-20 02:30"));
        assert_eq!(next_run(t("2025-11-20 02:30"), at), t("2025-11-21 02:30"));
        assert_eq!(next_run(t("2025-12-31 23:59"), at), t("2026-01-01 02:30"));
        assert_eq!(
            parse_time("02:30:15").expect("seconds"),
            NaiveTime::from_hms_opt(2, 30, 15).expect("time")
        );
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("2.30").is_err());
    }
}
