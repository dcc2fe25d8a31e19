//! Property tests: the parsers behind typed input, averages and suggested finals, undo
//! and redo in the journal grid, and the grid's scroll math.

use crate::common;
use common::TestJournal;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use common::tui::*;
use proptest::prelude::*;
use proptest::sample::select;
use ratatui::crossterm::event::KeyCode;
use rusqlite::{Connection, OpenFlags};
use zhurnal::domain::RuleError;
use zhurnal::domain::attendance::AttendanceCodes;
use zhurnal::domain::calendar::{parse_date, resolve_date, school_year_start};
use zhurnal::domain::class_name::ClassName;
use zhurnal::domain::marks::{Cutoffs, FinalValue, MarkValue, weighted_average};
use zhurnal::domain::names::{FullName, match_name, sort_key};
use zhurnal::domain::roles::Role;
use zhurnal::keys::layout::mirror;
use zhurnal::tui::App;
use zhurnal::tui::app::Screen;
use zhurnal::tui::grid::layout::{
    FOOTER_ROWS, HEADER_ROWS, LESSON_WIDTH, NAME_WIDTH, TOTALS_WIDTH, lesson_capacity,
    row_capacity, scroll_to,
};
use zhurnal::tui::grid::{GridState, pane, view};
use zhurnal::tui::overlay::Overlay;

/// `cases` per property; failures are not written next to the sources, and shrinking
/// is bounded so that a failure of the slow properties still ends in reasonable time.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        max_shrink_iters: 512,
        ..ProptestConfig::default()
    }
}

fn mark(v: u8) -> MarkValue {
    MarkValue::new(i64::from(v)).expect("mark 1–5")
}

/// A little whitespace, as people type it around a value.
fn padding() -> impl Strategy<Value = String> {
    "[ \t]{0,2}"
}

// ---------------------------------------------------------------------------------
// 1. Typed text: marks, finals, attendance codes, keyboard layouts, dates, classes.
// ---------------------------------------------------------------------------------

/// Every character on a Russian PC keyboard that has a counterpart in the other layout:
/// both layouts' letters in both cases and the punctuation keys that carry a Russian
/// letter (`/` is left out: it maps to `.` one way only).
fn keyboard_chars() -> Vec<char> {
    let mut v: Vec<char> = ('a'..='z').chain('A'..='Z').collect();
    v.extend("[];',.`{}:\"<>~".chars());
    v.extend('а'..='я');
    v.extend('А'..='Я');
    v.extend(['ё', 'Ё']);
    v
}

/// Characters whose lower case is a single character with a counterpart: the capitals
/// of both layouts, and whatever else Unicode folds onto those letters.
fn folding_onto_keys() -> Vec<char> {
    (0..=0x10FFFF_u32)
        .filter_map(char::from_u32)
        .filter(|&c| {
            let mut low = c.to_lowercase();
            match (low.next(), low.next()) {
                (Some(l), None) => l != c && mirror(l).is_some(),
                _ => false,
            }
        })
        .collect()
}

/// Any text at all, or text shaped like what the parser expects (`pattern`), half and half.
fn text_like(pattern: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), pattern]
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn mark_parse_never_panics_and_explains_refusals(s in text_like("[ \t]?[+-]?[0-9]{1,20}[ \t]?")) {
        match MarkValue::parse(&s) {
            Ok(m) => {
                prop_assert!((1..=5).contains(&m.get()));
                prop_assert_eq!(s.trim().parse::<i64>().ok(), Some(i64::from(m.get())));
            }
            Err(RuleError::BadMarkValue(shown)) => {
                // A number out of range is named as a number, anything else as typed.
                let expected = match s.trim().parse::<i64>() {
                    Ok(n) => n.to_string(),
                    Err(_) => s.trim().to_string(),
                };
                prop_assert_eq!(&shown, &expected);
                let msg = RuleError::BadMarkValue(shown.clone()).to_string();
                prop_assert!(msg.contains(&format!("«{shown}»")), "{}", msg);
            }
            Err(e) => prop_assert!(false, "unexpected error {:?}", e),
        }
    }

    #[test]
    fn marks_round_trip_through_text(v in 1u8..=5, pre in padding(), post in padding()) {
        let m = mark(v);
        prop_assert_eq!(MarkValue::parse(&format!("{pre}{}{post}", m.get())), Ok(m));
        prop_assert_eq!(FinalValue::parse(&format!("{pre}{}{post}", m.get())), Ok(FinalValue::Mark(m)));
    }

    #[test]
    fn mark_new_accepts_exactly_one_to_five(v in any::<i64>()) {
        match MarkValue::new(v) {
            Ok(m) => prop_assert_eq!(i64::from(m.get()), v),
            Err(e) => {
                prop_assert!(!(1..=5).contains(&v));
                prop_assert_eq!(e, RuleError::BadMarkValue(v.to_string()));
            }
        }
    }

    #[test]
    fn final_parse_never_panics_and_explains_refusals(
        s in text_like("[ ]?([0-9]{1,3}|[Нн]?[Ее]?[Зз][Аа][Чч][ЁёЕе]?[Тт]?|[Нн]/?[Аа]|[Оо]св)[ ]?"),
    ) {
        match FinalValue::parse(&s) {
            // Whatever is accepted reads back the same from its stored form.
            Ok(f) => prop_assert_eq!(FinalValue::parse(f.as_str()), Ok(f)),
            Err(e) => {
                prop_assert_eq!(&e, &RuleError::BadFinalValue(s.trim().to_string()));
                prop_assert!(e.to_string().contains(s.trim()));
            }
        }
    }

    #[test]
    fn finals_round_trip_in_any_case(
        f in prop_oneof![
            (1u8..=5).prop_map(|v| FinalValue::Mark(mark(v))),
            Just(FinalValue::Pass),
            Just(FinalValue::Fail),
            Just(FinalValue::NotAssessed),
            Just(FinalValue::Exempt),
        ],
        upper in any::<bool>(),
        pre in padding(),
        post in padding(),
    ) {
        let text = if upper { f.as_str().to_uppercase() } else { f.as_str().to_string() };
        prop_assert_eq!(FinalValue::parse(&format!("{pre}{text}{post}")), Ok(f));
    }

    #[test]
    fn attendance_find_never_panics_and_lists_known_codes(s in text_like("[ ]?[НнБбУуОоyX]{1,2}[ ]?")) {
        let codes = AttendanceCodes::default();
        match codes.find(&s) {
            Ok(c) => prop_assert_eq!(c.code.to_lowercase(), s.trim().to_lowercase()),
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(msg.contains(s.trim()), "{}", msg);
                for c in &codes.0 {
                    prop_assert!(msg.contains(&c.code), "{}", msg);
                }
            }
        }
    }

    #[test]
    fn attendance_codes_are_found_in_any_case_and_either_layout(
        idx in 0usize..4,
        upper in any::<bool>(),
        pre in padding(),
        post in padding(),
    ) {
        let codes = AttendanceCodes::default();
        let code = &codes.0[idx];
        let typed = if upper { code.code.to_uppercase() } else { code.code.to_lowercase() };
        let found = codes.find(&format!("{pre}{typed}{post}")).expect("a default code");
        prop_assert_eq!(found, code);
        // The same key with the Latin layout on names the same code after mirroring.
        let letter = typed.chars().next().expect("one letter");
        let latin = mirror(letter).expect("a letter key");
        prop_assert!(!is_cyrillic(latin));
        let back = mirror(latin).expect("the key back");
        prop_assert_eq!(codes.find(&back.to_string()).expect("mirrored code"), code);
    }

    #[test]
    fn mirror_never_panics(c in any::<char>()) {
        let _ = mirror(c);
    }

    #[test]
    fn mirror_is_an_involution_on_the_keyboard(c in select(keyboard_chars())) {
        let other = mirror(c).expect("every key has a counterpart");
        prop_assert_eq!(mirror(other), Some(c));
        // It switches the layout and keeps letters in their case.
        prop_assert_ne!(is_cyrillic(c), is_cyrillic(other));
        if c.is_alphabetic() && other.is_alphabetic() {
            prop_assert_eq!(c.is_uppercase(), other.is_uppercase());
        }
    }

    #[test]
    fn dates_round_trip_in_both_office_forms(
        days in 0i64..(200 * 366),
        pre in padding(),
        post in padding(),
    ) {
        let d = NaiveDate::from_ymd_opt(1950, 1, 1).expect("date") + chrono::Duration::days(days);
        for form in ["%Y-%m-%d", "%d.%m.%Y"] {
            let text = format!("{pre}{}{post}", d.format(form));
            prop_assert_eq!(parse_date(&text), Some(d), "{}", text);
        }
        // Month and day alone resolve inside the school year the date belongs to.
        let start = school_year_start(d);
        prop_assert!(start == d.year() || start + 1 == d.year());
        prop_assert_eq!(resolve_date(&d.format("%m-%d").to_string(), start), Some(d));
    }

    #[test]
    fn date_parsers_never_panic(
        s in text_like("[0-9]{1,5}[-.][0-9]{1,3}([-.][0-9]{1,5})?"),
        year in 1900i32..2200,
    ) {
        let _ = parse_date(&s);
        let _ = resolve_date(&s, year);
    }

    #[test]
    fn class_names_never_panic_and_accepted_ones_are_canonical(
        s in text_like("[ «]?[0-9]{0,3}[ -]?[А-Яа-яA-Za-zß0-9!]{0,3}[ »]?"),
    ) {
        match ClassName::parse(&s) {
            Ok(c) => {
                prop_assert!((1..=11).contains(&c.grade));
                prop_assert!((1..=2).contains(&c.letter.chars().count()));
                prop_assert!(c.letter.chars().all(char::is_alphabetic));
                prop_assert_eq!(ClassName::parse(&c.to_string()), Ok(c));
            }
            Err(msg) => prop_assert!(msg.contains(s.trim()), "{}", msg),
        }
    }

    #[test]
    fn class_names_round_trip_in_school_spellings(
        grade in 1i64..=11,
        letter in select(('А'..='Я').chain('A'..='Z').collect::<Vec<_>>()),
        sep in select(vec!["", " ", "-", "«", " - "]),
        lower in any::<bool>(),
        pre in padding(),
        post in padding(),
    ) {
        // A Latin letter that looks Cyrillic is read as the Cyrillic one.
        let read = zhurnal::domain::class_name::cyrillic_lookalike(letter).unwrap_or(letter);
        let class = ClassName { grade, letter: read.to_string() };
        let shown = if lower { letter.to_lowercase().to_string() } else { letter.to_string() };
        let text = format!("{pre}{grade}{sep}{shown}{post}");
        prop_assert_eq!(ClassName::parse(&text), Ok(class.clone()), "{}", text);
        prop_assert_eq!(ClassName::parse(&class.to_string()), Ok(class));
    }

    #[test]
    fn classes_outside_the_grades_are_refused(
        grade in prop_oneof![0i64..=0, 12i64..1000],
        letter in select(('А'..='Я').collect::<Vec<_>>()),
    ) {
        let text = format!("{grade}{letter}");
        let err = ClassName::parse(&text).expect_err("no such grade");
        prop_assert!(err.contains(&text), "{}", err);
    }

    #[test]
    fn roles_parse_their_tokens_and_nothing_panics(s in any::<String>(), idx in 0usize..7) {
        let _ = Role::parse(&s);
        let r = Role::ALL[idx];
        prop_assert_eq!(Role::parse(&format!(" {} ", r.as_str().to_uppercase())), Some(r));
    }

    #[test]
    fn a_full_name_always_finds_its_person(
        names in prop::collection::vec(
            ("[А-ЯЁ][а-яё]{1,8}", "[А-ЯЁ][а-яё]{0,6}", "([А-ЯЁ][а-яё]{2,8})?"),
            1..8,
        ),
        pick in any::<prop::sample::Index>(),
    ) {
        let people: Vec<(FullName, usize)> = names
            .iter()
            .enumerate()
            .map(|(i, (l, f, p))| (FullName::new(l, f, p), i))
            .collect();
        let wanted = pick.get(&people);
        let found = match_name(&wanted.0.full().to_uppercase(), &people);
        prop_assert!(found.iter().any(|p| p.1 == wanted.1), "{:?}", found);
        // Only people with that very name (up to case and ё) are returned.
        for p in &found {
            prop_assert_eq!(sort_key(&p.0), sort_key(&wanted.0));
        }
        prop_assert!(wanted.0.short().starts_with(&wanted.0.last));
        prop_assert!(wanted.0.initials().starts_with(&wanted.0.last));
    }
}

proptest! {
    #![proptest_config(config(2000))]

    /// Unicode folds a few symbols onto the key letters: mirroring must still lead back
    /// to the character typed.
    #[test]
    fn mirror_is_an_involution_wherever_defined(
        c in prop_oneof![any::<char>(), select(folding_onto_keys())],
    ) {
        if c != '/'
            && let Some(other) = mirror(c)
        {
            prop_assert_eq!(mirror(other), Some(c), "{:?} U+{:04X} → {:?}", c, c as u32, other);
        }
    }
}

// ---------------------------------------------------------------------------------
// 2. Weighted averages and suggested finals.
// ---------------------------------------------------------------------------------

/// Marks with weights in halves (0.5 … 3.0) as work types have them; at most 30, so
/// that no exact average sits on a rounding midpoint next to a cut-off (that needs a
/// total weight of 100).
fn weighted_marks() -> impl Strategy<Value = Vec<(u8, u32)>> {
    prop::collection::vec((1u8..=5, 1u32..=6), 0..30)
}

fn as_domain(marks: &[(u8, u32)]) -> Vec<(MarkValue, f64)> {
    marks
        .iter()
        .map(|&(m, halves)| (mark(m), f64::from(halves) / 2.0))
        .collect()
}

/// The reference: the exact average as a fraction, rounded half up to hundredths, in
/// hundredths.
fn exact_hundredths(marks: &[(u8, u32)]) -> Option<u64> {
    let num: u64 = marks
        .iter()
        .map(|&(m, h)| u64::from(m) * u64::from(h))
        .sum();
    let den: u64 = marks.iter().map(|&(_, h)| u64::from(h)).sum();
    (den > 0).then(|| (200 * num + den) / (2 * den))
}

fn reference_suggestion(hundredths: u64) -> u8 {
    match hundredths {
        450.. => 5,
        350.. => 4,
        250.. => 3,
        _ => 2,
    }
}

/// Cut-offs as a sensible school sets them: a higher mark needs a higher average.
fn rising_cutoffs() -> impl Strategy<Value = Cutoffs> {
    (
        prop::sample::subsequence(vec![3u8, 4, 5], 0..=3),
        prop::collection::vec(10u32..=50, 3),
    )
        .prop_map(|(marks, mut froms)| {
            froms.sort_unstable();
            froms.dedup();
            let list = marks
                .iter()
                .zip(&froms)
                .map(|(&m, &f)| (f64::from(f) / 10.0, mark(m)))
                .collect::<Vec<_>>();
            Cutoffs::new(list)
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn average_lies_between_the_lowest_and_highest_mark(marks in weighted_marks()) {
        let avg = weighted_average(&as_domain(&marks));
        match (marks.iter().map(|m| m.0).min(), marks.iter().map(|m| m.0).max()) {
            (Some(lo), Some(hi)) => {
                let avg = avg.expect("marks give an average");
                prop_assert!(f64::from(lo) - 1e-9 <= avg && avg <= f64::from(hi) + 1e-9, "{}", avg);
            }
            _ => prop_assert_eq!(avg, None),
        }
    }

    #[test]
    fn average_matches_the_exact_fraction(marks in weighted_marks()) {
        let avg = weighted_average(&as_domain(&marks));
        let num: u32 = marks.iter().map(|&(m, h)| u32::from(m) * h).sum();
        let den: u32 = marks.iter().map(|&(_, h)| h).sum();
        match avg {
            Some(a) => prop_assert!((a - f64::from(num) / f64::from(den)).abs() < 1e-9),
            None => prop_assert_eq!(den, 0),
        }
    }

    #[test]
    fn average_ignores_the_order_of_marks(
        (marks, shuffled) in weighted_marks().prop_flat_map(|m| (Just(m.clone()), Just(m).prop_shuffle())),
    ) {
        let a = weighted_average(&as_domain(&marks));
        let b = weighted_average(&as_domain(&shuffled));
        match (a, b) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-9, "{} vs {}", a, b),
            (a, b) => prop_assert_eq!(a, b),
        }
    }

    #[test]
    fn a_new_mark_pulls_the_average_towards_itself(
        marks in weighted_marks(),
        new in 1u8..=5,
        halves in 1u32..=6,
    ) {
        let before = weighted_average(&as_domain(&marks));
        let mut more = marks.clone();
        more.push((new, halves));
        let after = weighted_average(&as_domain(&more)).expect("one mark at least");
        let new = f64::from(new);
        match before {
            None => prop_assert!((after - new).abs() < 1e-9),
            Some(b) => {
                let (lo, hi) = if b <= new { (b, new) } else { (new, b) };
                prop_assert!(lo - 1e-9 <= after && after <= hi + 1e-9, "{} → {}", b, after);
                // A mark equal to the average keeps it.
                if (b - new).abs() < 1e-12 {
                    prop_assert!((after - b).abs() < 1e-9);
                }
            }
        }
    }

    #[test]
    fn marks_equal_to_the_average_keep_it(
        marks in weighted_marks().prop_filter("some marks", |m| !m.is_empty()),
        copies in 1usize..4,
    ) {
        // Each mark repeated with the same weight is a set of marks whose average is
        // the old one: adding them changes nothing.
        let avg = weighted_average(&as_domain(&marks)).expect("average");
        let repeated: Vec<_> = marks.iter().cycle().take(marks.len() * (copies + 1)).copied().collect();
        let again = weighted_average(&as_domain(&repeated)).expect("average");
        prop_assert!((avg - again).abs() < 1e-9, "{} vs {}", avg, again);
        // Scaling every weight changes nothing either.
        let doubled: Vec<_> = marks.iter().map(|&(m, h)| (m, h * 2)).collect();
        let scaled = weighted_average(&as_domain(&doubled)).expect("average");
        prop_assert!((avg - scaled).abs() < 1e-9, "{} vs {}", avg, scaled);
    }

    #[test]
    fn default_suggestion_matches_the_reference(marks in weighted_marks()) {
        let suggested = weighted_average(&as_domain(&marks)).map(|a| Cutoffs::default().suggest(a).get());
        prop_assert_eq!(suggested, exact_hundredths(&marks).map(reference_suggestion));
    }

    #[test]
    fn suggestion_at_any_average_matches_the_reference(hundredths in 100u32..=500, noise in -1e-9f64..1e-9) {
        // An average a float sum left a hair off a value of two places reads as that value.
        let avg = f64::from(hundredths) / 100.0 + noise;
        prop_assert_eq!(Cutoffs::default().suggest(avg).get(), reference_suggestion(u64::from(hundredths)));
    }

    #[test]
    fn suggestion_rises_with_the_average(
        cutoffs in prop_oneof![Just(Cutoffs::default()), rising_cutoffs()],
        a in 1.0f64..=5.0,
        b in 1.0f64..=5.0,
    ) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(cutoffs.suggest(lo) <= cutoffs.suggest(hi), "{:?}: {} → {:?}, {} → {:?}",
            cutoffs, lo, cutoffs.suggest(lo), hi, cutoffs.suggest(hi));
    }

    #[test]
    fn cutoffs_may_be_listed_in_any_order(
        list in prop::sample::subsequence(vec![(4.5, 5u8), (3.5, 4), (2.5, 3), (1.5, 2)], 0..=4)
            .prop_flat_map(|l| (Just(l.clone()), Just(l).prop_shuffle())),
        avg in 1.0f64..=5.0,
    ) {
        let make = |l: &[(f64, u8)]| Cutoffs::new(l.iter().map(|&(f, m)| (f, mark(m))).collect());
        prop_assert_eq!(make(&list.0).suggest(avg), make(&list.1).suggest(avg));
    }
}

/// The school file of the test fixtures with these cut-offs in its `[marks]` section.
fn school_with_cutoffs(cutoffs: &[(u32, u8)]) -> Result<Cutoffs, String> {
    let base = std::fs::read_to_string(common::fixture("mini").join("school.toml"))
        .expect("fixture school file");
    let mut text = format!("{base}\n[marks]\n");
    for (tenths, m) in cutoffs {
        text.push_str(&format!(
            "[[marks.cutoffs]]\nfrom = {}\nmark = {m}\n",
            f64::from(*tenths) / 10.0
        ));
    }
    let today = NaiveDate::from_ymd_opt(2025, 11, 20).expect("date");
    let school = zhurnal::config::school::School::parse(&text, "school.toml", Some(2025), today)?;
    Ok(Cutoffs::new(
        school
            .cutoffs
            .iter()
            .map(|c| (c.from, MarkValue::new(c.mark).expect("checked mark")))
            .collect(),
    ))
}

proptest! {
    #![proptest_config(config(128))]

    /// Whatever cut-offs a school file is allowed to hold, a higher average never
    /// suggests a lower final.
    #[test]
    fn suggestion_rises_with_the_average_for_every_accepted_school_file(
        cutoffs in prop::sample::subsequence(vec![2u8, 3, 4, 5], 1..=4)
            .prop_flat_map(|marks| {
                let n = marks.len();
                (Just(marks), prop::collection::vec(10u32..=50, n))
            })
            .prop_map(|(marks, froms)| froms.into_iter().zip(marks).collect::<Vec<_>>()),
        a in 10u32..=50,
        b in 10u32..=50,
    ) {
        if let Ok(c) = school_with_cutoffs(&cutoffs) {
            let (lo, hi) = (f64::from(a.min(b)) / 10.0, f64::from(a.max(b)) / 10.0);
            prop_assert!(c.suggest(lo) <= c.suggest(hi), "{:?}: {} → {:?}, {} → {:?}",
                cutoffs, lo, c.suggest(lo), hi, c.suggest(hi));
        }
    }
}

// ---------------------------------------------------------------------------------
// 3. Undo and redo in the grid restore the journal exactly.
// ---------------------------------------------------------------------------------

/// The demo journal in the teacher's 7Б Алгебра grid on 15.12.2025.
fn grid_app(db: &Path) -> App {
    let mut app = app(db, "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    match &app.screen {
        Screen::Grid(g) => {
            assert_eq!(g.page.course.class.to_string(), "7Б");
            assert_eq!(g.page.course.subject, "Алгебра");
        }
        _ => panic!("the grid is not open:\n{}", screen(&app)),
    }
    app
}

/// Every mark and attendance code of the journal, one line each, sorted (mark ids are
/// left out: a mark put back by undo gets a new one).
fn journal_cells(db: &Path) -> Vec<String> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open");
    let mut rows: Vec<String> = Vec::new();
    let mut st = conn
        // A pass or a fail («зач», «незач») has no value: 11 and 10 stand for them.
        .prepare("SELECT lesson_id, student_id, coalesce(value, 10 + passed), work_type_id, weight, comment FROM mark")
        .expect("marks");
    let marks = st
        .query_map([], |r| {
            Ok(format!(
                "mark lesson {} student {} value {} work type {} weight {} comment {:?}",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, f64>(4)?,
                r.get::<_, String>(5)?
            ))
        })
        .expect("marks");
    for m in marks {
        rows.push(m.expect("mark row"));
    }
    let mut st = conn
        .prepare("SELECT lesson_id, student_id, code FROM attendance")
        .expect("attendance");
    let codes = st
        .query_map([], |r| {
            Ok(format!(
                "attendance lesson {} student {} code {}",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            ))
        })
        .expect("attendance");
    for c in codes {
        rows.push(c.expect("attendance row"));
    }
    rows.sort();
    rows
}

/// The rows only one side has (with their multiplicity), for a readable failure.
fn difference(a: &[String], b: &[String]) -> String {
    let mut count: BTreeMap<&str, i64> = BTreeMap::new();
    for r in a {
        *count.entry(r).or_default() += 1;
    }
    for r in b {
        *count.entry(r).or_default() -= 1;
    }
    count
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .take(20)
        .map(|(r, n)| format!("{n:+} {r}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A key pressed in the grid.
#[derive(Debug, Clone)]
enum Step {
    Typed(char),
    Key(KeyCode),
}

/// Marks, attendance codes in both layouts and both cases, and moves.
fn entry_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => select(vec!['2', '3', '4', '5']).prop_map(Step::Typed),
        3 => select(vec!['н', 'б', 'у', 'о', 'Н', 'О', 'y', ',', 'e', 'j', 'Y'])
            .prop_map(Step::Typed),
        // `1` is a mark too; `0` and `9` are refused, `x` does nothing.
        1 => select(vec!['1', '0', '9', 'x']).prop_map(Step::Typed),
        // Up more often: an entry moves the cursor down, Up goes back to the cell.
        4 => select(vec![KeyCode::Up, KeyCode::Up, KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right])
            .prop_map(Step::Key),
    ]
}

/// Entries, Backspace and Delete.
fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => entry_step(),
        2 => Just(Step::Key(KeyCode::Backspace)),
        2 => Just(Step::Key(KeyCode::Delete)),
    ]
}

/// Presses the key; a question it raises (a mark for an absent student) is answered
/// with `yes`, and any other window is closed.
fn press(app: &mut App, step: &Step, yes: bool) {
    match step {
        Step::Typed(c) => typed(app, &c.to_string()),
        Step::Key(k) => key(app, *k),
    }
    match &app.overlay {
        Some(Overlay::Confirm { .. }) => key(app, if yes { KeyCode::Enter } else { KeyCode::Esc }),
        Some(_) => key(app, KeyCode::Esc),
        None => {}
    }
}

/// Enters `steps` on a fresh copy of the demo journal, undoes everything and checks the
/// journal is as before, redoes everything and checks it is as after the steps.
fn undo_redo_round_trip(steps: &[(Step, bool)]) -> Result<(), String> {
    let j = TestJournal::demo();
    let mut app = grid_app(j.db());
    let before = journal_cells(j.db());
    for (step, yes) in steps {
        press(&mut app, step, *yes);
        if app.overlay.is_some() || !matches!(app.screen, Screen::Grid(_)) {
            return Err(format!("left the grid after {step:?}:\n{}", screen(&app)));
        }
    }
    let after = journal_cells(j.db());

    let mut undone = 0;
    while app.history.can_undo() {
        ctrl(&mut app, 'z');
        undone += 1;
        if undone > steps.len() {
            return Err(format!("undo does not get through: {}", app.status.text));
        }
    }
    let restored = journal_cells(j.db());
    if restored != before {
        return Err(format!("after undo:\n{}", difference(&restored, &before)));
    }

    let mut redone = 0;
    while app.history.can_redo() {
        ctrl(&mut app, 'y');
        redone += 1;
        if redone > undone {
            return Err(format!("redo does not get through: {}", app.status.text));
        }
    }
    if redone != undone {
        return Err(format!("{undone} steps undone, {redone} redone"));
    }
    let again = journal_cells(j.db());
    if again != after {
        return Err(format!("after redo:\n{}", difference(&again, &after)));
    }
    Ok(())
}

/// Runs `f` on its own thread so that a hanging app fails the case instead of the
/// whole run (the hung thread is left behind until the test binary exits).
fn within(
    limit: Duration,
    f: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => Err(format!("no answer within {limit:?}: the app hangs")),
        Err(RecvTimeoutError::Disconnected) => Err("the case panicked (see above)".into()),
    }
}

/// A case takes well under a second; this leaves room for a loaded machine.
const CASE_LIMIT: Duration = Duration::from_secs(30);

proptest! {
    #![proptest_config(ProptestConfig { max_shrink_iters: 64, ..config(20) })]

    /// Without deletions: marks, codes (set, changed and toggled off), confirmations.
    #[test]
    fn undo_and_redo_restore_the_journal_after_entries(
        steps in prop::collection::vec((entry_step(), any::<bool>()), 1..30),
    ) {
        let result = within(CASE_LIMIT, move || undo_redo_round_trip(&steps));
        prop_assert!(result.is_ok(), "{}", result.err().unwrap_or_default());
    }
}

proptest! {
    // No shrinking: a hung case leaves its thread spinning, and the slower cases after
    // it could be taken for hangs too. The smallest case is the test below.
    #![proptest_config(ProptestConfig { max_shrink_iters: 0, ..config(25) })]

    /// With Backspace and Delete too: marks put back by undo get new ids, which must
    /// never be ids of other marks (4 ↑ 5 ↑ Delete, Ctrl-Z, Ctrl-Z once looped forever).
    #[test]
    fn undo_and_redo_restore_the_journal_exactly(
        steps in prop::collection::vec((any_step(), any::<bool>()), 1..30),
    ) {
        let result = within(CASE_LIMIT, move || undo_redo_round_trip(&steps));
        prop_assert!(result.is_ok(), "{}", result.err().unwrap_or_default());
    }
}

/// The smallest case of the property above: two new marks in one cell, the cell
/// cleared, then undone step by step.
#[test]
fn undo_after_clearing_two_new_marks_returns() {
    let steps = [
        (Step::Typed('4'), true),
        (Step::Key(KeyCode::Up), true),
        (Step::Typed('5'), true),
        (Step::Key(KeyCode::Up), true),
        (Step::Key(KeyCode::Delete), true),
    ];
    let result = within(CASE_LIMIT, move || undo_redo_round_trip(&steps));
    assert_eq!(result, Ok(()));
}

// ---------------------------------------------------------------------------------
// 4. The grid's scroll math keeps the cursor on screen.
// ---------------------------------------------------------------------------------

/// The plain rule, written out: the nearest window position that shows the cursor,
/// without empty room at the end while items are hidden before it.
fn reference_offset(offset: usize, cursor: usize, capacity: usize, total: usize) -> usize {
    let capacity = capacity.max(1);
    let lowest = (cursor + 1).saturating_sub(capacity);
    let nearest = offset.clamp(lowest, cursor);
    nearest.min(total.saturating_sub(capacity))
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn scroll_keeps_the_cursor_in_the_window(
        (total, cursor) in (1usize..2000).prop_flat_map(|t| (Just(t), 0..t)),
        capacity in 0usize..400,
        offset in 0usize..4000,
    ) {
        let off = scroll_to(offset, cursor, capacity, total);
        let cap = capacity.max(1);
        prop_assert!(off <= cursor && cursor < off + cap, "offset {}", off);
        prop_assert!(off <= total.saturating_sub(cap), "room left empty: offset {}", off);
        prop_assert_eq!(off, reference_offset(offset, cursor, capacity, total));
        // Following again changes nothing.
        prop_assert_eq!(scroll_to(off, cursor, capacity, total), off);
        // A window that already shows the cursor stays where it is.
        if offset <= cursor && cursor < offset + cap && offset + cap <= total {
            prop_assert_eq!(off, offset);
        }
    }

    #[test]
    fn scroll_of_nothing_is_at_the_start(capacity in 0usize..400, offset in 0usize..4000, cursor in 0usize..10) {
        prop_assert_eq!(scroll_to(offset, cursor, capacity, 0), 0);
    }

    #[test]
    fn capacities_fill_the_terminal(width in any::<u16>(), height in any::<u16>()) {
        let cols = lesson_capacity(width);
        prop_assert!(cols >= 1);
        let used = |n: usize| usize::from(NAME_WIDTH + TOTALS_WIDTH) + n * usize::from(LESSON_WIDTH);
        if usize::from(width) >= used(1) {
            prop_assert!(used(cols) <= usize::from(width), "{} columns overflow", cols);
        }
        prop_assert!(used(cols + 1) > usize::from(width), "room for one more than {}", cols);
        let rows = row_capacity(height);
        prop_assert!(rows >= 1);
        let frame = usize::from(HEADER_ROWS + FOOTER_ROWS);
        if usize::from(height) > frame {
            prop_assert_eq!(rows + frame, usize::from(height));
        }
    }
}

/// A grid of `students` rows and `lessons` columns made from the demo page (rows and
/// columns repeat when more are asked for than the page has).
fn resized(base: &GridState, students: usize, lessons: usize) -> GridState {
    let mut g = base.clone();
    g.page.students = base
        .page
        .students
        .iter()
        .cycle()
        .take(students)
        .cloned()
        .collect();
    g.page.lessons = base
        .page
        .lessons
        .iter()
        .cycle()
        .take(lessons)
        .cloned()
        .collect();
    g
}

#[test]
fn follow_cursor_keeps_the_cursor_inside_the_grid_and_on_screen() {
    let j = TestJournal::demo();
    let mut app = grid_app(j.db());
    let folded = match &app.screen {
        Screen::Grid(g) => (**g).clone(),
        _ => unreachable!("grid_app opens the grid"),
    };
    key(&mut app, KeyCode::F(9));
    let editing = match &app.screen {
        Screen::Grid(g) if g.pane.is_some() => (**g).clone(),
        _ => panic!("the lesson pane is not open:\n{}", screen(&app)),
    };
    proptest!(config(1000), |(
        pane_open in any::<bool>(),
        students in 0usize..120,
        lessons in 0usize..150,
        row in 0usize..200,
        col in 0usize..200,
        row_offset in 0usize..200,
        col_offset in 0usize..200,
        width in prop_oneof![0u16..80, 80u16..400],
        height in prop_oneof![0u16..24, 24u16..150],
    )| {
        let base = if pane_open { &editing } else { &folded };
        let mut g = resized(base, students, lessons);
        (g.row, g.col, g.row_offset, g.col_offset) = (row, col, row_offset, col_offset);
        g.follow_cursor(width, height);
        let pane_rows = if pane_open { pane::EDIT_ROWS } else { pane::FOLDED_ROWS };
        let rows_shown = row_capacity(height.saturating_sub(pane_rows));
        let cols_shown = lesson_capacity(width);
        if students == 0 {
            prop_assert_eq!((g.row, g.row_offset), (0, 0));
        } else {
            prop_assert_eq!(g.row, row.min(students - 1));
            prop_assert!(g.row_offset <= g.row && g.row < g.row_offset + rows_shown);
            prop_assert!(g.row_offset <= students.saturating_sub(rows_shown));
        }
        if lessons == 0 {
            prop_assert_eq!((g.col, g.col_offset), (0, 0));
        } else {
            prop_assert_eq!(g.col, col.min(lessons - 1));
            prop_assert!(g.col_offset <= g.col && g.col < g.col_offset + cols_shown);
            prop_assert!(g.col_offset <= lessons.saturating_sub(cols_shown));
        }
        // Following twice is following once.
        let once = (g.row, g.col, g.row_offset, g.col_offset);
        g.follow_cursor(width, height);
        prop_assert_eq!((g.row, g.col, g.row_offset, g.col_offset), once);
    });
}

#[test]
fn the_drawn_grid_shows_the_cursor_cell() {
    let j = TestJournal::demo();
    let app = RefCell::new(grid_app(j.db()));
    let (folded, editing) = {
        let mut a = app.borrow_mut();
        let folded = match &a.screen {
            Screen::Grid(g) => (**g).clone(),
            _ => unreachable!("grid_app opens the grid"),
        };
        key(&mut a, KeyCode::F(9));
        let editing = match &a.screen {
            Screen::Grid(g) if g.pane.is_some() => (**g).clone(),
            _ => panic!("the lesson pane is not open:\n{}", screen(&a)),
        };
        (folded, editing)
    };
    proptest!(config(150), |(
        pane_open in any::<bool>(),
        // Row numbers have two places: at most 99 students.
        students in 1usize..100,
        lessons in 1usize..120,
        row in 0usize..100,
        col in 0usize..120,
        width in 80u16..260,
        height in 24u16..110,
    )| {
        let mut a = app.borrow_mut();
        let mut g = resized(if pane_open { &editing } else { &folded }, students, lessons);
        (g.row, g.col) = (row, col);
        a.screen = Screen::Grid(Box::new(g));
        a.resize(width, height);
        let Screen::Grid(g) = &a.screen else { unreachable!("the grid stays") };
        let term = draw(&a, width, height);
        let buf = term.backend().buffer();
        let text = |x: u16, y: u16, n: u16| (x..x + n).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>();

        let pane_rows = if pane_open { pane::EDIT_ROWS } else { pane::FOLDED_ROWS };
        let table_bottom = height - FOOTER_ROWS - pane_rows;
        let y = HEADER_ROWS + u16::try_from(g.row - g.row_offset).expect("row on screen");
        prop_assert!(y < table_bottom, "row {} drawn at {} below the table ({})", g.row, y, table_bottom);
        prop_assert_eq!(text(0, y, 3), format!("{:>2} ", g.row + 1));

        let x = NAME_WIDTH + LESSON_WIDTH * u16::try_from(g.col - g.col_offset).expect("column on screen");
        prop_assert!(x + LESSON_WIDTH + TOTALS_WIDTH <= width, "column {} at {} behind the totals", g.col, x);
        let lesson = &g.page.lessons[g.col];
        let student = &g.page.students[g.row];
        prop_assert_eq!(text(x, 1, 5), lesson.date.format("%d.%m").to_string());
        let cell = view::cell_text(g, lesson.id, student.id);
        let shown = if cell.is_empty() { "·".to_string() } else { cell };
        prop_assert_eq!(text(x, y, 5), zhurnal::tui::text::fit(&shown, 5));
    });
}
