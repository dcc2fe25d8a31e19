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

#[test]
fn absences_on_an_excused_day_count_as_excused_in_the_report() {
    let j = TestJournal::demo();
    // The day of 7Б's term with the most unexcused absences («Н»).
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    let (date, n): (String, i64) = conn
        .query_row(
            "SELECT l.date, count(*) AS n FROM attendance a JOIN lesson l ON l.id = a.lesson_id
             JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
             WHERE k.grade = 7 AND k.letter = 'Б' AND a.code = 'Н'
               AND l.date BETWEEN '2025-11-05' AND '2025-12-14'
             GROUP BY l.date ORDER BY n DESC, l.date LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a day with absences");
    assert!(n > 0);
    let report = |j: &TestJournal| {
        let store = j.store();
        let deputy = store.actor("deputy").expect("deputy");
        let (class, _) = store.class_by_name("7Б").expect("7Б");
        let year = store.current_year().expect("year");
        let q2 = store.grade_periods(year.id, 7).expect("periods")[1].clone();
        let t = store
            .attendance_report(&deputy, class, &q2)
            .expect("report");
        (t.total.excused, t.total.unexcused, t.total.total())
    };
    let (excused, unexcused, total) = report(&j);
    // A frost day for the seventh grade on that day: its absences become excused.
    j.ok(&[
        "calendar",
        "excused",
        "--grades",
        "7",
        "--from",
        &date,
        "--name",
        "Мороз",
    ]);
    assert_eq!(report(&j), (excused + n, unexcused - n, total));
    // The journal's codes stay as the teacher typed them.
    let still: i64 = conn
        .query_row(
            "SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id
             JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
             WHERE k.grade = 7 AND k.letter = 'Б' AND a.code = 'Н' AND l.date = ?1",
            [&date],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(still, n);
}

/// The shipped 2026 section, with one more transfer: Friday 8 May off, worked on
/// Saturday 16 May instead (`extra_off` another day off moved from that Saturday).
fn decree_2026(extra_off: &str) -> String {
    let shipped = include_str!("../../src/domain/production/ru.toml");
    let start = shipped.find("[[year]]\nyear = 2026").expect("2026 shipped");
    let end = shipped[start..]
        .find("[[year]]\nyear = 2027")
        .map_or(shipped.len(), |e| start + e);
    shipped[start..end]
        .replace(
            "days_off = [\n",
            &format!("days_off = [\n  {{ date = \"{extra_off}\", from = \"2026-05-16\", by = \"decree\" }},\n"),
        )
        .replace("working = [\n", "working = [\n  { date = \"2026-05-16\" },\n")
}

fn held(j: &TestJournal, date: &str) -> i64 {
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    conn.query_row(
        "SELECT count(*) FROM lesson WHERE date = ?1 AND cancelled_reason IS NULL",
        [date],
        |r| r.get(0),
    )
    .expect("count")
}

#[test]
fn a_production_calendar_file_moves_the_years_lessons() {
    let j = TestJournal::demo();
    let file = j.dir().join("decree-2026.toml");
    std::fs::write(&file, decree_2026("2026-05-08")).expect("write");
    let path = file.to_str().expect("path");
    let (friday, saturday) = (held(&j, "2026-05-08"), held(&j, "2026-05-16"));
    assert!(friday > 0);
    assert_eq!(saturday, 0, "a five-day school");

    // The preview changes nothing.
    let out = j.ok(&["calendar", "import", path, "--dry-run", "--as", "admin"]);
    assert!(out.contains("2026: Постановление"), "{out}");
    assert!(out.contains("заменяет известный"), "{out}");
    assert!(out.contains(&format!("Уроки уходят: {friday}")), "{out}");
    assert!(out.contains("08.05.2026"), "{out}");
    assert_eq!(held(&j, "2026-05-08"), friday);

    let out = j.ok(&["calendar", "import", path, "--as", "admin"]);
    assert!(out.contains("загружен"), "{out}");
    assert_eq!(held(&j, "2026-05-08"), 0);
    // The worked Saturday follows Friday's timetable: as many lessons as the Friday had.
    assert_eq!(held(&j, "2026-05-16"), friday);
    let show = j.ok(&["calendar", "show"]);
    assert!(
        show.contains("08.05.2026  выходной, перенесён с 16.05.2026"),
        "{show}"
    );
    assert!(
        show.contains("16.05.2026  по расписанию: пятница"),
        "{show}"
    );
    // The cancelled lessons say why.
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    let reason: String = conn
        .query_row(
            "SELECT DISTINCT cancelled_reason FROM lesson WHERE date = '2026-05-08'",
            [],
            |r| r.get(0),
        )
        .expect("reason");
    assert_eq!(reason, "выходной, перенесён с 16.05.2026");
    assert_eq!(
        j.count_audit(|r| r.entity == "calendar" && r.action == "import" && r.actor == "admin"),
        1
    );
    // The year's lessons follow the imported calendar: nothing outside it.
    let check = j.ok(&["check"]);
    assert!(!check.contains("праздник"), "{check}");

    // A corrected file (the decree as shipped) gives the Friday back: the lessons it
    // had cancelled come back, the Saturday's go.
    let shipped = decree_2026("2026-05-08")
        .lines()
        .filter(|l| !l.contains("2026-05-16"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&file, shipped).expect("write");
    let out = j.ok(&["calendar", "import", path, "--as", "admin"]);
    assert!(
        out.contains(&format!("Уроки возвращаются: {friday}")),
        "{out}"
    );
    assert_eq!(held(&j, "2026-05-08"), friday);
    assert_eq!(held(&j, "2026-05-16"), 0);
}

#[test]
fn a_production_calendar_file_never_drops_marks_silently_nor_half_reads() {
    let j = TestJournal::demo();
    // Friday 12 December 2025 holds marks: a file making a 2025 day off of it.
    let shipped = include_str!("../../src/domain/production/ru.toml");
    let start = shipped.find("[[year]]\nyear = 2025").expect("2025 shipped");
    let end = start
        + shipped[start..]
            .find("[[year]]\nyear = 2026")
            .expect("2026");
    let text = shipped[start..end]
        .replace(
            "days_off = [\n",
            "days_off = [\n  { date = \"2025-12-12\", from = \"2025-12-20\", by = \"decree\" },\n",
        )
        .replace(
            "working = [\n",
            "working = [\n  { date = \"2025-12-20\" },\n",
        );
    let file = j.dir().join("decree-2025.toml");
    std::fs::write(&file, &text).expect("write");
    let path = file.to_str().expect("path");
    let before = held(&j, "2025-12-12");
    let err = j.fails(&["calendar", "import", path, "--as", "admin"]);
    assert!(err.contains("не отменяются молча"), "{err}");
    assert_eq!(held(&j, "2025-12-12"), before);
    assert!(
        !j.ok(&["calendar", "show"])
            .contains("перенесён с 20.12.2025")
    );

    // A file with a mistake is refused whole, naming its line.
    let bad = text.replacen("date = \"2025-12-20\" }", "date = \"2025-12-32\" }", 1);
    std::fs::write(&file, &bad).expect("write");
    let err = j.fails(&["calendar", "import", path, "--as", "admin"]);
    assert!(err.contains("decree-2025.toml:"), "{err}");
    assert!(err.contains("2025-12-32"), "{err}");
    // A teacher may not.
    std::fs::write(&file, decree_2026("2026-05-08")).expect("write");
    let err = j.fails(&["calendar", "import", path, "--as", "teacher"]);
    assert!(err.contains("календарь меняют"), "{err}");
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    let files: i64 = conn
        .query_row("SELECT count(*) FROM production_file", [], |r| r.get(0))
        .expect("count");
    assert_eq!(files, 0);
}

#[test]
fn a_calendar_change_leaves_a_closed_periods_lessons_alone() {
    let j = TestJournal::demo();
    // On 15 December the 1st quarter is closed (its deadline was 28 October).
    let before = held(&j, "2025-10-20");
    assert!(before > 0);
    let out = j.ok(&[
        "--today",
        "2025-12-15",
        "calendar",
        "holiday",
        "--name",
        "Задним числом",
        "--from",
        "2025-10-20",
        "--to",
        "2025-10-20",
        "--grades",
        "1-9",
        "--as",
        "deputy",
        "--drop-entered",
    ]);
    assert!(out.contains("Уроки уходят: 0"), "{out}");
    assert_eq!(
        held(&j, "2025-10-20"),
        before,
        "marks of a closed quarter stay"
    );
    // The 10th grade's first half is still open: a day off there takes its lessons.
    let out = j.ok(&[
        "--today",
        "2025-12-15",
        "calendar",
        "holiday",
        "--name",
        "Задним числом",
        "--from",
        "2025-10-20",
        "--grades",
        "10",
        "--as",
        "deputy",
        "--dry-run",
    ]);
    assert!(!out.contains("Уроки уходят: 0"), "{out}");
}
