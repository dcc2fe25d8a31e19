use chrono::{Datelike, NaiveDate, Weekday};

use super::{CalendarFileError, DayKind, FileProblem, ProductionCalendar};

/// Every day of 2024–2027 that is not what its weekday says, as the PyPI package
/// `holidays` 0.109 has it (`python3 benches/production_calendar_ru.py --expected
/// 2024 2025 2026 2027`): `DATE holiday`, `DATE moved FROM`, `DATE work`.
const PACKAGE: &str = include_str!("holidays_package_ru.txt");

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> &'static ProductionCalendar {
    ProductionCalendar::builtin()
}

#[test]
fn the_shipped_file_reads_and_holds_2024_to_2027() {
    let text = include_str!("ru.toml");
    let parsed = ProductionCalendar::from_toml(text, "ru.toml").unwrap();
    assert_eq!(&parsed, cal());
    assert_eq!(cal().years(), vec![2024, 2025, 2026, 2027]);
    assert!(cal().known(2026));
    assert!(!cal().known(2028));
    assert!(cal().source(2024).unwrap().contains("№ 1314"));
    assert!(cal().source(2025).unwrap().contains("от 04.10.2024 № 1335"));
    assert!(cal().source(2026).unwrap().contains("от 24.09.2025 № 1466"));
    assert!(cal().source(2027).unwrap().contains("от 17.09.2026 № 1187"));
}

#[test]
fn every_day_of_the_known_years_matches_the_holidays_package() {
    let mut expected = std::collections::HashMap::new();
    for line in PACKAGE.lines().filter(|l| !l.trim().is_empty()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        expected.insert(date(words[0]), (words[1], words.get(2).map(|s| date(s))));
    }
    assert!(expected.len() > 70, "the package's list is there");
    let mut checked = 0;
    for year in 2024..=2027 {
        let mut d = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        while d.year() == year {
            let kind = cal().day(d);
            let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            let fits = match expected.get(&d) {
                Some(("holiday", None)) => matches!(kind, DayKind::Holiday { .. }),
                Some(("moved", Some(from))) => kind == DayKind::MovedDayOff { from: *from },
                Some(("work", None)) => kind == DayKind::WorkingAs(d.weekday()),
                None if weekend => kind == DayKind::Weekend,
                None => kind == DayKind::Working,
                Some(other) => panic!("bad expected line for {d}: {other:?}"),
            };
            assert!(
                fits,
                "{d}: {kind:?}, the package says {:?}",
                expected.get(&d)
            );
            checked += 1;
            d = d.succ_opt().unwrap();
        }
    }
    assert_eq!(checked, 366 + 365 + 365 + 365);
}

#[test]
fn known_days_of_2025_and_2026() {
    for off in ["2025-05-02", "2025-05-08", "2025-12-31", "2026-01-09"] {
        assert!(cal().is_day_off(date(off)), "{off}");
    }
    assert_eq!(
        cal().day(date("2025-05-02")),
        DayKind::MovedDayOff {
            from: date("2025-01-04")
        }
    );
    assert_eq!(
        cal().day(date("2025-05-08")),
        DayKind::MovedDayOff {
            from: date("2025-02-23")
        }
    );
    // Saturday 1 November 2025 is worked, for Monday 3 November off.
    assert_eq!(
        cal().day(date("2025-11-01")),
        DayKind::WorkingAs(Weekday::Sat)
    );
    assert!(!cal().is_day_off(date("2025-11-01")));
    assert!(cal().is_day_off(date("2025-11-03")));
    // The decree moved 23 February and 8 March 2025 elsewhere: the Mondays are worked.
    assert_eq!(cal().day(date("2025-02-24")), DayKind::Working);
    assert_eq!(cal().day(date("2025-03-10")), DayKind::Working);
    assert_eq!(
        cal().day(date("2025-02-23")),
        DayKind::Holiday {
            name: "День защитника Отечества".into()
        }
    );
    // 2026: the law moves 8 March (Sunday) and 9 May (Saturday) to the Mondays.
    assert_eq!(
        cal().day(date("2026-03-09")),
        DayKind::MovedDayOff {
            from: date("2026-03-08")
        }
    );
    assert!(cal().is_day_off(date("2026-05-11")));
    assert_eq!(cal().day(date("2026-01-12")), DayKind::Working);
}

#[test]
fn an_unknown_year_follows_the_law() {
    assert!(!cal().known(2028));
    // 1 May 2028 is a Monday: the holiday itself, nothing moves.
    assert_eq!(
        cal().day(date("2028-05-01")),
        DayKind::Holiday {
            name: "Праздник Весны и Труда".into()
        }
    );
    assert_eq!(cal().day(date("2028-05-02")), DayKind::Working);
    // 4 November 2028 is a Saturday: Monday the 6th is off.
    assert_eq!(
        cal().day(date("2028-11-06")),
        DayKind::MovedDayOff {
            from: date("2028-11-04")
        }
    );
    // 4 November 2029 is a Sunday: Monday the 5th is off.
    assert_eq!(date("2029-11-04").weekday(), Weekday::Sun);
    assert_eq!(
        cal().day(date("2029-11-05")),
        DayKind::MovedDayOff {
            from: date("2029-11-04")
        }
    );
    assert_eq!(cal().day(date("2029-11-06")), DayKind::Working);
    // 9 May 2032 is a Sunday: Monday the 10th.
    assert!(cal().is_day_off(date("2032-05-10")));
    // The January weekends move only by a decree: 1–2 January 2028 fall on a weekend,
    // and the estimate moves nothing for them.
    assert_eq!(cal().day(date("2028-01-10")), DayKind::Working);
    assert_eq!(
        cal().day(date("2028-01-08")),
        DayKind::Holiday {
            name: "Новогодние каникулы".into()
        }
    );
    // A plain week.
    assert_eq!(cal().day(date("2028-09-05")), DayKind::Working);
    assert_eq!(cal().day(date("2028-09-09")), DayKind::Weekend);
}

#[test]
fn the_estimate_matches_the_law_where_a_decree_moved_only_january() {
    // 2026's decree moved only January's days; everything else in 2026 is the law's.
    let mut d = date("2026-02-01");
    let empty = ProductionCalendar::default();
    while d < date("2026-12-31") {
        assert_eq!(empty.day(d), cal().day(d), "{d}");
        d = d.succ_opt().unwrap();
    }
}

#[test]
fn a_later_year_merges_in() {
    let text = r#"
[[year]]
year = 2028
source = "Постановление № 1 от 01.09.2027"
holidays = [{ date = "2028-01-01", name = "Новогодние каникулы" }]
days_off = [{ date = "2028-01-10", from = "2028-01-01", by = "decree" }]
working = [{ date = "2028-03-04", timetable = "friday" }]
"#;
    let later = ProductionCalendar::from_toml(text, "ru-2028.toml").unwrap();
    let all = cal().clone().merged(later);
    assert_eq!(all.years(), vec![2024, 2025, 2026, 2027, 2028]);
    assert!(all.known(2028));
    assert!(all.is_day_off(date("2028-01-10")));
    assert_eq!(
        all.day(date("2028-03-04")),
        DayKind::WorkingAs(Weekday::Fri)
    );
    assert_eq!(
        all.day(date("2025-11-01")),
        DayKind::WorkingAs(Weekday::Sat)
    );
}

fn error(text: &str) -> CalendarFileError {
    ProductionCalendar::from_toml(text, "ru-2028.toml").unwrap_err()
}

const HEAD: &str = "[[year]]\nyear = 2028\nsource = \"Постановление\"\n";

#[test]
fn a_bad_date_names_its_line() {
    let text = format!(
        "{HEAD}holidays = [\n  {{ date = \"2028-01-01\", name = \"Н\" }},\n  {{ date = \"2028-02-30\", name = \"Н\" }},\n]\n"
    );
    let e = error(&text);
    assert_eq!(e.line, 6);
    assert_eq!(e.problem, FileProblem::BadDate("2028-02-30".into()));
    crate::i18n::set_thread_lang(crate::i18n::Lang::En);
    assert_eq!(
        e.to_string(),
        "ru-2028.toml:6: bad date «2028-02-30»: expected YYYY-MM-DD"
    );
    crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
    assert!(e.to_string().starts_with("ru-2028.toml:6: неверная дата"));
}

#[test]
fn a_duplicate_day_names_both_lines() {
    let text = format!(
        "{HEAD}holidays = [\n  {{ date = \"2028-01-01\", name = \"Н\" }},\n  {{ date = \"2028-01-01\", name = \"Н\" }},\n]\n"
    );
    let e = error(&text);
    assert_eq!(e.line, 6);
    assert_eq!(
        e.problem,
        FileProblem::DuplicateDay {
            date: date("2028-01-01"),
            first_line: 5
        }
    );
}

#[test]
fn a_worked_day_off_is_refused() {
    let text = format!(
        "{HEAD}holidays = [{{ date = \"2028-01-01\", name = \"Н\" }}]\nworking = [\n  {{ date = \"2028-01-01\" }},\n]\n"
    );
    let e = error(&text);
    assert_eq!(e.line, 6);
    assert_eq!(
        e.problem,
        FileProblem::WorkedDayOff {
            date: date("2028-01-01"),
            off_line: 4
        }
    );
}

#[test]
fn a_date_of_another_year_is_refused() {
    let text = format!(
        "{HEAD}holidays = []\ndays_off = [\n  {{ date = \"2027-05-03\", from = \"2027-05-01\", by = \"law\" }},\n]\n"
    );
    let e = error(&text);
    assert_eq!(e.line, 6);
    assert_eq!(
        e.problem,
        FileProblem::YearMismatch {
            date: date("2027-05-03"),
            year: 2028
        }
    );
}

#[test]
fn the_other_checks_name_their_lines() {
    // A second section for the same year.
    let e = error(&format!("{HEAD}holidays = []\n\n{HEAD}holidays = []\n"));
    assert_eq!(
        (e.line, e.problem),
        (
            7,
            FileProblem::DuplicateYear {
                year: 2028,
                first_line: 2
            }
        )
    );
    // A worked weekday; a moved day off on a weekend; a move from a plain weekend day.
    let e = error(&format!(
        "{HEAD}holidays = []\nworking = [{{ date = \"2028-03-06\" }}]\n"
    ));
    assert_eq!(
        (e.line, e.problem),
        (5, FileProblem::WorkedWeekday(date("2028-03-06")))
    );
    let e = error(&format!(
        "{HEAD}holidays = []\ndays_off = [{{ date = \"2028-03-04\", from = \"2028-03-05\", by = \"decree\" }}]\n"
    ));
    assert_eq!(
        (e.line, e.problem),
        (5, FileProblem::OffOnWeekend(date("2028-03-04")))
    );
    let e = error(&format!(
        "{HEAD}holidays = []\ndays_off = [{{ date = \"2028-03-06\", from = \"2028-03-05\", by = \"decree\" }}]\n"
    ));
    assert_eq!(
        (e.line, e.problem),
        (
            5,
            FileProblem::BadOrigin {
                from: date("2028-03-05")
            }
        )
    );
    // The law moves only a holiday's weekend day, not a worked one.
    let e = error(&format!(
        "{HEAD}holidays = []\ndays_off = [{{ date = \"2028-03-06\", from = \"2028-03-05\", by = \"law\" }}]\nworking = [{{ date = \"2028-03-05\" }}]\n"
    ));
    assert!(matches!(e.problem, FileProblem::BadOrigin { .. }));
    let e = error(&format!(
        "{HEAD}holidays = []\ndays_off = [{{ date = \"2028-03-06\", from = \"2028-03-05\", by = \"someone\" }}]\n"
    ));
    assert_eq!(
        (e.line, e.problem),
        (5, FileProblem::BadRule("someone".into()))
    );
    let e = error(&format!(
        "{HEAD}holidays = []\nworking = [{{ date = \"2028-03-04\", timetable = \"funday\" }}]\n"
    ));
    assert_eq!(
        (e.line, e.problem),
        (5, FileProblem::BadWeekday("funday".into()))
    );
    // No source; no year at all; an unknown field and broken TOML (toml's own words).
    let e = error("[[year]]\nyear = 2028\nsource = \" \"\nholidays = []\n");
    assert_eq!((e.line, e.problem), (3, FileProblem::NoSource(2028)));
    assert_eq!(error("# nothing\n").problem, FileProblem::NoYears);
    let e = error(&format!("{HEAD}holidays = []\nweekends = []\n"));
    assert!(matches!(e.problem, FileProblem::Syntax(_)), "{e}");
    let e = error(&format!(
        "{HEAD}holidays = [\n  {{ date = \"2028-01-01\" \n"
    ));
    assert!(matches!(e.problem, FileProblem::Syntax(_)), "{e}");
    assert!(e.line >= 5, "{e}");
}
