//! Calendar edits during the year on the command line: a quarantine, a break for some
//! grades or one class, its removal, an excused day, a worked day, `calendar show`, and
//! who may do them.

use rusqlite::Connection;

use crate::common::TestJournal;

/// (held, cancelled) lessons of a class between two dates.
fn lessons(j: &TestJournal, class: (i64, &str), from: &str, to: &str) -> (i64, i64) {
    let conn = Connection::open(j.db()).expect("open");
    conn.query_row(
        "SELECT count(*) FILTER (WHERE l.cancelled_reason IS NULL),
                count(*) FILTER (WHERE l.cancelled_reason IS NOT NULL)
         FROM lesson l JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
         WHERE k.grade = ?1 AND k.letter = ?2 AND l.date BETWEEN ?3 AND ?4",
        rusqlite::params![class.0, class.1, from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .expect("count")
}

fn marks(j: &TestJournal, class: (i64, &str), from: &str, to: &str) -> i64 {
    let conn = Connection::open(j.db()).expect("open");
    conn.query_row(
        "SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id
         JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
         WHERE k.grade = ?1 AND k.letter = ?2 AND l.date BETWEEN ?3 AND ?4",
        rusqlite::params![class.0, class.1, from, to],
        |r| r.get(0),
    )
    .expect("count")
}

fn entry_id(j: &TestJournal, name: &str) -> String {
    let conn = Connection::open(j.db()).expect("open");
    conn.query_row("SELECT id FROM holiday WHERE name = ?1", [name], |r| {
        r.get::<_, i64>(0)
    })
    .expect("entry")
    .to_string()
}

const Q: [&str; 9] = [
    "calendar",
    "quarantine",
    "--class",
    "7Б",
    "--from",
    "2025-12-08",
    "--to",
    "2025-12-12",
    "--as",
];

#[test]
fn a_quarantine_previews_and_cancels_its_class_only_and_never_drops_marks_silently() {
    let j = TestJournal::demo();
    let week = ("2025-12-08", "2025-12-12");
    let (held, _) = lessons(&j, (7, "Б"), week.0, week.1);
    let other = lessons(&j, (7, "А"), week.0, week.1);
    let marked = marks(&j, (7, "Б"), week.0, week.1);
    assert!(
        held > 0 && marked > 0,
        "the demo's week holds lessons and marks"
    );

    let mut args = Q.to_vec();
    args.extend(["deputy", "--dry-run"]);
    let out = j.ok(&args);
    assert!(
        out.contains("карантин «Карантин» 08.12.2025–12.12.2025, 7Б"),
        "{out}"
    );
    assert!(out.contains(&format!("Уроки уходят: {held}")), "{out}");
    assert!(out.contains("--drop-entered"), "{out}");
    assert_eq!(
        lessons(&j, (7, "Б"), week.0, week.1),
        (held, 0),
        "a dry run changes nothing"
    );

    // Without the flag: refused, naming the lessons, nothing written.
    let mut args = Q.to_vec();
    args.push("deputy");
    let err = j.fails(&args);
    assert!(
        err.contains("--drop-entered") && err.contains("7Б"),
        "{err}"
    );
    assert!(err.contains("08.12.2025"), "{err}");
    assert_eq!(lessons(&j, (7, "Б"), week.0, week.1), (held, 0));
    assert_eq!(marks(&j, (7, "Б"), week.0, week.1), marked);

    args.push("--drop-entered");
    j.ok(&args);
    assert_eq!(lessons(&j, (7, "Б"), week.0, week.1), (0, held));
    assert_eq!(marks(&j, (7, "Б"), week.0, week.1), 0);
    assert_eq!(lessons(&j, (7, "А"), week.0, week.1), other, "7А untouched");
    let audit = j.audit();
    let row = audit
        .iter()
        .find(|r| r.entity == "calendar")
        .expect("the change's audit row");
    assert_eq!(row.action, "create");
    let new = row.new.clone().unwrap_or_default();
    assert!(
        new.contains("08.12.2025–12.12.2025") && new.contains(&format!("−{held}")),
        "{new}"
    );
    assert_eq!(
        j.count_audit(|r| r.entity == "mark" && r.action == "delete"),
        marked,
        "each dropped mark audited"
    );
    // Lessons are no longer made for the quarantine's days.
    let store = j.store();
    let year = store.current_year().expect("year");
    let cal = store.calendar(year.id).expect("calendar");
    let (b7, _) = store.class_by_name("7Б").expect("7Б");
    let (a7, _) = store.class_by_name("7А").expect("7А");
    let day = chrono::NaiveDate::from_ymd_opt(2025, 12, 9).expect("date");
    assert!(cal.check_class_lesson_date(day, 7, Some(b7)).is_err());
    assert!(cal.check_class_lesson_date(day, 7, Some(a7)).is_ok());
}

#[test]
fn a_break_for_grades_1_to_4_leaves_7b_alone_and_its_removal_brings_lessons_back() {
    let j = TestJournal::mini();
    // 1А has its lessons on Mondays: 19 and 26 January.
    let days = ("2026-01-19", "2026-01-30");
    let first = lessons(&j, (1, "А"), days.0, days.1);
    let seventh = lessons(&j, (7, "Б"), days.0, days.1);
    assert!(first.0 > 0 && seventh.0 > 0);
    let out = j.ok(&[
        "calendar",
        "holiday",
        "--name",
        "Доп. каникулы",
        "--grades",
        "1-4",
        "--from",
        days.0,
        "--to",
        days.1,
    ]);
    assert!(out.contains(&format!("Уроки уходят: {}", first.0)), "{out}");
    assert_eq!(lessons(&j, (1, "А"), days.0, days.1), (0, first.0));
    assert_eq!(lessons(&j, (7, "Б"), days.0, days.1), seventh);

    // Shortened to the second week: the first Monday's lessons come back.
    let id = entry_id(&j, "Доп. каникулы");
    let out = j.ok(&[
        "calendar",
        "move",
        &id,
        "--from",
        "2026-01-26",
        "--to",
        "2026-01-30",
    ]);
    assert!(out.contains("Уроки возвращаются:"), "{out}");
    let (held, cancelled) = lessons(&j, (1, "А"), days.0, days.1);
    assert!(held > 0, "{out}");
    assert!(held > 0 && cancelled > 0 && held + cancelled == first.0);

    let out = j.ok(&["calendar", "remove", &id]);
    assert!(
        out.contains(&format!("Уроки возвращаются: {cancelled}")),
        "{out}"
    );
    assert_eq!(lessons(&j, (1, "А"), days.0, days.1), first);
    assert_eq!(j.count_audit(|r| r.entity == "calendar"), 3);
}

#[test]
fn a_break_or_an_excused_day_for_one_class_leaves_the_other_classes_alone() {
    let j = TestJournal::mini();
    let days = ("2026-01-19", "2026-01-30");
    let b7 = lessons(&j, (7, "Б"), days.0, days.1);
    let a1 = lessons(&j, (1, "А"), days.0, days.1);
    assert!(b7.0 > 0 && a1.0 > 0);
    let out = j.ok(&[
        "calendar",
        "holiday",
        "--name",
        "Каникулы 7Б",
        "--class",
        "7Б",
        "--from",
        days.0,
        "--to",
        days.1,
    ]);
    assert!(
        out.contains("каникулы «Каникулы 7Б» 19.01.2026–30.01.2026, 7Б"),
        "{out}"
    );
    assert_eq!(lessons(&j, (7, "Б"), days.0, days.1), (0, b7.0));
    assert_eq!(lessons(&j, (1, "А"), days.0, days.1), a1);
    let out = j.ok(&[
        "calendar",
        "excused",
        "--class",
        "1А",
        "--from",
        days.0,
        "--name",
        "Мороз",
    ]);
    assert!(out.contains("«Мороз» 19.01.2026–19.01.2026, 1А"), "{out}");
    assert_eq!(lessons(&j, (1, "А"), days.0, days.1), a1);
    let conn = Connection::open(j.db()).expect("open");
    let classes: Vec<(String, Option<i64>)> = conn
        .prepare(
            "SELECT kind, class_id FROM holiday WHERE name IN ('Каникулы 7Б', 'Мороз') ORDER BY id",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    assert_eq!(classes.len(), 2);
    assert!(classes.iter().all(|(_, c)| c.is_some()), "{classes:?}");
    let err = j.fails(&[
        "calendar", "holiday", "--name", "Х", "--class", "7Б", "--grades", "7", "--from", days.0,
    ]);
    assert!(err.contains("--grades"), "{err}");
}

#[test]
fn a_worked_saturday_gets_the_named_weekdays_lessons() {
    let j = TestJournal::mini();
    let saturday = "2026-03-14";
    assert_eq!(lessons(&j, (7, "Б"), saturday, saturday), (0, 0));
    let monday = lessons(&j, (7, "Б"), "2026-03-16", "2026-03-16");
    assert!(monday.0 > 0);
    let out = j.ok(&[
        "calendar",
        "workday",
        "--date",
        saturday,
        "--timetable",
        "monday",
        "--dry-run",
    ]);
    assert!(out.contains("Уроки возвращаются:"), "{out}");
    assert_eq!(lessons(&j, (7, "Б"), saturday, saturday), (0, 0));
    j.ok(&[
        "calendar",
        "workday",
        "--date",
        saturday,
        "--timetable",
        "monday",
    ]);
    assert_eq!(lessons(&j, (7, "Б"), saturday, saturday), monday);
    // A day that is a school day already is refused.
    let err = j.fails(&[
        "calendar",
        "workday",
        "--date",
        "2026-03-17",
        "--timetable",
        "monday",
    ]);
    assert!(err.contains("учебный день"), "{err}");
}

#[test]
fn calendar_show_lists_the_year_and_its_changes() {
    let j = TestJournal::mini();
    j.ok(&[
        "calendar",
        "quarantine",
        "--class",
        "7Б",
        "--from",
        "2026-02-02",
        "--to",
        "2026-02-06",
    ]);
    j.ok(&[
        "calendar",
        "excused",
        "--grades",
        "1-4",
        "--from",
        "2026-01-26",
        "--name",
        "Мороз",
    ]);
    j.ok(&[
        "calendar",
        "workday",
        "--date",
        "2026-03-14",
        "--timetable",
        "monday",
    ]);
    let out = j.ok(&["calendar", "show"]);
    for want in [
        "Учебные периоды:",
        "Карантины:",
        "02.02.2026–06.02.2026",
        "7Б",
        "Актированные дни",
        "26.01.2026",
        "Мороз",
        "14.03.2026",
        "по расписанию: понедельник",
        "Нерабочие дни страны",
        "04.11.2025",
    ] {
        assert!(out.contains(want), "{want}: {out}");
    }
    let first = j.ok(&["calendar", "show", "--class", "1А"]);
    assert!(!first.contains("Карантины:"), "{first}");
    assert!(first.contains("Мороз"), "{first}");
}

#[test]
fn a_teacher_may_not_change_the_calendar() {
    let j = TestJournal::demo();
    let mut args = Q.to_vec();
    args.push("teacher");
    let err = j.fails(&args);
    assert!(err.contains("календарь меняют"), "{err}");
    assert_eq!(j.count_audit(|r| r.entity == "calendar"), 0);
}
