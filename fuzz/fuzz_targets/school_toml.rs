//! Any bytes as `school.toml`: the school's calendar, bells, periods and work types.

#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use zhurnal::config::school::School;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Some(today) = NaiveDate::from_ymd_opt(2025, 10, 1) else {
        return;
    };
    // With the year given, month-day dates fall in it; without, the file's full dates
    // or today decide.
    for start_year in [Some(2025), None] {
        if let Ok(school) = School::parse(&text, "school.toml", start_year, today) {
            let _ = school.year_name();
        }
    }
});
