//! Any bytes as an import file: decoded as the office's file would be (UTF-8, BOM,
//! Windows-1251), then read by every record parser. Errors are fine; a panic is not.

#![no_main]

use libfuzzer_sys::fuzz_target;
use zhurnal::import::records::{self, Parsed};
use zhurnal::import::{ImportError, Kind, apply, compare, csvread};

/// Every error must print as `FILE:LINE: message` without trouble.
fn show(errors: &[ImportError]) {
    for e in errors {
        let _ = e.to_string();
    }
}

fn check<T>(parsed: Parsed<T>) -> Vec<T> {
    show(&parsed.errors);
    parsed.rows
}

fuzz_target!(|data: &[u8]| {
    let text = csvread::decode(data);
    let file = "fuzz.csv";

    check(records::parse_staff(&text, file));
    check(records::parse_students(&text, file));
    check(records::parse_parents(&text, file));
    for row in check(records::parse_courses(&text, file)) {
        let _ = compare::hours_text(row.hours);
        let _ = compare::same_hours(row.hours, row.hours);
    }
    for row in check(records::parse_timetable(&text, file)) {
        let _ = compare::weekday_short(row.weekday);
        let _ = compare::date_text(row.from);
        let _ = compare::date_text(row.to);
    }
    let plan = check(records::parse_plan(&text, file));
    let _ = compare::plan_diff(&[], &plan);

    // The strict readers agree with the lenient ones on whether a file is clean.
    assert_eq!(
        records::staff(&text, file).is_ok(),
        records::parse_staff(&text, file).errors.is_empty()
    );

    // The first line doubles as a file name: kinds and plan courses are guessed from it.
    if let Some(name) = text.lines().next() {
        let _ = Kind::from_file_name(name);
        let _ = apply::plan_course(&Default::default(), name);
        let _ = records::parse_weekday(name);
    }
});
