//! Grades as schools count them, through the command line, the store and the grid: a
//! final «1» is 1, «зач» passes, pass/fail and unassessed courses (`school.toml`'s
//! `[[assessment]]`, `zhurnal grading set`), exemptions, the minimum marks by weekly
//! hours, the at-risk check and the suggested final judged by what is due so far, and
//! one plan for a grade's classes.

use crate::common;
use common::TestJournal;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use zhurnal::domain::policy::Actor;
use zhurnal::tui::App;
use zhurnal::tui::app::Screen;

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("record").iter().map(str::to_string).collect())
        .collect()
}

fn csv_header(text: &str) -> Vec<String> {
    csv::Reader::from_reader(text.as_bytes())
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect()
}

fn conn(j: &TestJournal) -> Connection {
    Connection::open(j.db()).expect("open")
}

/// The school file a journal was made from with more lines after it, beside it.
fn school_file(j: &TestJournal, base: &Path, extra: &str) -> PathBuf {
    let text = std::fs::read_to_string(base).expect("school file");
    let path = j.dir().join("school.toml");
    std::fs::write(&path, format!("{text}\n{extra}")).expect("write");
    path
}

fn mini_school() -> PathBuf {
    common::fixture("mini").join("school.toml")
}

fn demo_school() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/school.toml")
}

/// Writes a period final straight into the table (the report reads whatever is there).
fn put_final(c: &Connection, class: &str, subject: &str, student: &str, period: i64, value: &str) {
    let n = c
        .execute(
            "INSERT INTO final_mark (student_id, course_id, period_id, value, updated_at)
             SELECT st.id, c.id, p.id, ?5, '2025-12-26 10:00:00'
             FROM course c JOIN class k ON k.id = c.class_id JOIN subject s ON s.id = c.subject_id,
                  student st, period p
             WHERE k.grade || k.letter = ?1 AND s.name = ?2 AND st.last_name = ?3 AND p.num = ?4
               AND (c.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member g
                    WHERE g.subgroup_id = c.subgroup_id AND g.student_id = st.id))",
            rusqlite::params![class, subject, student, period, value],
        )
        .expect("final");
    assert_eq!(n, 1, "{class} {subject} {student}");
}

#[test]
fn a_final_one_counts_as_one_in_the_quality_report() {
    let j = TestJournal::mini();
    put_final(&conn(&j), "7Б", "Алгебра", "Алексеев", 2, "1");
    let out = j.ok(&[
        "report", "quality", "--class", "7Б", "--period", "2", "--csv", "plain",
    ]);
    assert_eq!(
        csv_header(&out)[2..8],
        ["5", "4", "3", "2", "1", "н/а"],
        "{out}"
    );
    // Its own column; N 1; успеваемость and качество 0; СОУ 6 (not 16); the average 1.00.
    assert_eq!(
        csv_rows(&out),
        vec![vec![
            "7Б",
            "Алгебра",
            "0",
            "0",
            "0",
            "0",
            "1",
            "0",
            "1",
            "0.0",
            "0.0",
            "6.0",
            "1.00"
        ]]
    );
    // With a «3» beside it: the average is 2.00, СОУ (6 + 36)/2 = 21.
    put_final(&conn(&j), "7Б", "Алгебра", "Белова", 2, "3");
    let out = j.ok(&[
        "report", "quality", "--class", "7Б", "--period", "2", "--csv", "plain",
    ]);
    let row = &csv_rows(&out)[0];
    assert_eq!(row[8..], ["2", "50.0", "0.0", "21.0", "2.00"], "{out}");
}

/// The mini school with 7Б's English assessed pass/fail and its Алгебра not assessed in
/// the 3rd quarter, set during the year.
fn mini_pass_fail() -> TestJournal {
    let j = TestJournal::mini();
    let file = school_file(
        &j,
        &mini_school(),
        r#"
[[assessment]]
grades = [7]
subjects = ["Английский язык"]
kind = "pass_fail"

[[assessment]]
grades = [7]
subjects = ["Алгебра"]
periods = [3]
kind = "none"
"#,
    );
    let out = j.ok(&["grading", "set", "--school", file.to_str().expect("path")]);
    assert!(
        out.contains("7 класс · Английский язык · весь год: «зачёт/незачёт»"),
        "{out}"
    );
    j
}

fn english(
    j: &TestJournal,
    who: &str,
    group: &str,
    student: &str,
    rest: &[&str],
) -> std::process::Output {
    let mut args = vec![
        "--as",
        who,
        "--class",
        "7Б",
        "--subject",
        "Английский язык",
        "--group",
        group,
        "--student",
        student,
    ];
    args.splice(0..0, rest.iter().take(1).copied());
    args.extend(&rest[1..]);
    j.run(&args)
}

#[test]
fn a_pass_fail_course_takes_pass_marks_and_counts_in_success() {
    let j = mini_pass_fail();
    assert!(j.ok(&["grading", "show"]).contains("«зачёт/незачёт»"));
    // Current marks «зач»/«незач» on Tuesday's lesson; a mark 1–5 is refused with why.
    let mark = |student: &str, value: &str| {
        english(
            &j,
            "other",
            "1",
            student,
            &["mark", "--date", "2025-11-18", value],
        )
    };
    let o = mark("Алексеев", "зач");
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(mark("Волков", "незач").status.success());
    let o = mark("Волков", "5");
    assert!(!o.status.success());
    let e = common::stderr(&o);
    assert!(
        e.contains("«Английский язык» в 7-х классах, 2 четверть: оценивается «зачёт/незачёт»"),
        "{e}"
    );
    let stored: Vec<(Option<i64>, Option<i64>)> = conn(&j)
        .prepare("SELECT value, passed FROM mark ORDER BY id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(stored, [(None, Some(1)), (None, Some(0))]);
    assert_eq!(
        j.count_audit(|r| r.entity == "mark" && r.new.as_deref() == Some("зач ОУ")),
        1
    );
    // In Алгебра, graded, «зач» is refused.
    let o = j.run(&[
        "mark",
        "--as",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2025-11-17",
        "--student",
        "Алексеев",
        "зач",
    ]);
    assert!(
        common::stderr(&o).contains("оценивается отметками 1–5"),
        "{}",
        common::stderr(&o)
    );

    // Finals: «зач»/«незач» taken, a «4» refused; late in the quarter.
    let final_of = |who: &str, group: &str, student: &str, value: &str| {
        english(
            &j,
            who,
            group,
            student,
            &["final", "--period", "2", value, "--today", "2025-12-26"],
        )
    };
    for (who, group, student, value) in [
        ("other", "1", "Алексеев", "зач"),
        ("other", "1", "Волков", "незач"),
        ("classteacher", "2", "Белова", "зач"),
    ] {
        let o = final_of(who, group, student, value);
        assert!(o.status.success(), "{student}: {}", common::stderr(&o));
    }
    let o = final_of("other", "1", "Волков", "4");
    assert!(
        common::stderr(&o).contains("оценивается «зачёт/незачёт»"),
        "{}",
        common::stderr(&o)
    );

    // The quality report: N 3 (two «зач», one «незач»), успеваемость 2/3; качество,
    // СОУ and the average have no graded final to measure.
    let out = j.ok(&[
        "report", "quality", "--class", "7Б", "--period", "2", "--csv", "plain",
    ]);
    assert_eq!(
        csv_header(&out)[2..],
        [
            "5",
            "4",
            "3",
            "2",
            "1",
            "н/а",
            "зач",
            "незач",
            "N",
            "Успеваемость, %",
            "Качество, %",
            "СОУ, %",
            "Средний балл"
        ],
        "{out}"
    );
    assert_eq!(
        csv_rows(&out),
        vec![vec![
            "7Б",
            "Английский язык",
            "0",
            "0",
            "0",
            "0",
            "0",
            "0",
            "2",
            "1",
            "3",
            "66.7",
            "",
            "",
            ""
        ]]
    );
}

#[test]
fn a_course_not_assessed_refuses_marks_and_finals() {
    let j = mini_pass_fail();
    // Алгебра in the 3rd quarter: Monday 19.01.2026.
    let o = j.run(&[
        "mark",
        "--as",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2026-01-19",
        "--student",
        "Алексеев",
        "5",
        "--today",
        "2026-01-20",
    ]);
    let e = common::stderr(&o);
    assert!(!o.status.success());
    assert!(
        e.contains("«Алгебра» в 7-х классах, 3 четверть: без оценивания"),
        "{e}"
    );
    let o = j.run(&[
        "final",
        "--as",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--student",
        "Алексеев",
        "--period",
        "3",
        "осв",
        "--today",
        "2026-03-18",
    ]);
    assert!(
        common::stderr(&o).contains("без оценивания"),
        "{}",
        common::stderr(&o)
    );
    // The 2nd quarter takes marks as ever.
    j.ok(&[
        "mark",
        "--as",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2025-11-17",
        "--student",
        "Алексеев",
        "5",
    ]);
}

#[test]
fn grading_rules_the_journal_contradicts_are_refused() {
    let j = TestJournal::demo();
    // Музыка pass/fail all year: the demo's 4th grades have marks 1–5 in it.
    let all_year = school_file(
        &j,
        &demo_school(),
        "[[assessment]]\ngrades = [4]\nsubjects = [\"Музыка\"]\nkind = \"pass_fail\"\n",
    );
    let o = j.run(&[
        "grading",
        "set",
        "--school",
        all_year.to_str().expect("path"),
    ]);
    let e = common::stderr(&o);
    assert!(!o.status.success());
    assert!(
        e.contains("правила оценивания противоречат тому, что уже в журнале"),
        "{e}"
    );
    assert!(e.contains("Музыка, 1 четверть: отметок 1–5: "), "{e}");
    assert!(e.contains("а станет «зачёт/незачёт»"), "{e}");
    assert!(!j.ok(&["grading", "show"]).contains("Музыка"), "unchanged");
    // From the 3rd quarter on it fits: a dry run checks, changes nothing.
    let later = school_file(
        &j,
        &demo_school(),
        "[[assessment]]\ngrades = [4]\nsubjects = [\"Музыка\"]\nperiods = [3, 4]\nkind = \"pass_fail\"\n",
    );
    let out = j.ok(&[
        "grading",
        "set",
        "--school",
        later.to_str().expect("path"),
        "--dry-run",
    ]);
    assert!(out.contains("ничего не изменено"), "{out}");
    assert_eq!(j.count_audit(|r| r.entity == "grading"), 0);
    // Only the administration sets them.
    let o = j.run(&[
        "grading",
        "set",
        "--as",
        "teacher",
        "--school",
        later.to_str().expect("path"),
    ]);
    assert!(
        common::stderr(&o).contains("правила оценивания меняют"),
        "{}",
        common::stderr(&o)
    );
    j.ok(&[
        "grading",
        "set",
        "--as",
        "deputy",
        "--school",
        later.to_str().expect("path"),
    ]);
    assert_eq!(
        j.count_audit(|r| r.entity == "grading" && r.actor == "deputy"),
        1
    );
}

/// The hours of each course, by id.
fn course_hours(c: &Connection) -> HashMap<i64, f64> {
    c.prepare("SELECT id, hours FROM course")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn the_minimum_marks_follow_the_weekly_hours() {
    let j = TestJournal::demo();
    let file = school_file(
        &j,
        &demo_school(),
        "[[marks.minimum]]\nhours = 1\nmarks = 3\n[[marks.minimum]]\nhours = 2\nmarks = 4\n\
         [[marks.minimum]]\nhours = 3\nmarks = 5\n[[marks.minimum]]\nhours = 4\nmarks = 6\n\
         [[marks.minimum]]\nhours = 5\nmarks = 7\n",
    );
    j.ok(&["grading", "set", "--school", file.to_str().expect("path")]);
    let want = |hours: f64| [3, 4, 5, 6, 7][(hours.round() as usize).clamp(1, 5) - 1];

    // The 1st quarter, over: every course listed against its own minimum.
    let store = j.store();
    let year = store.current_year().expect("year");
    let period = store
        .calendar(year.id)
        .expect("calendar")
        .period_by_num(1, 7)
        .expect("p1");
    let (class, _) = store.class_by_name("7Б").expect("7Б");
    let rows = store
        .accumulation_report(
            &Actor::local_operator(),
            Some(class),
            std::slice::from_ref(&period),
        )
        .expect("report");
    let hours = course_hours(&conn(&j));
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r.minimum, want(hours[&r.course_id.0]), "{}", r.course);
        assert!(r.marks < r.minimum, "{} {}", r.course, r.student);
    }
    // Алгебра, 3 hours a week: exactly the students with fewer than 5 marks, counted here.
    let algebra = store.find_course("7Б", "Алгебра", None).expect("course");
    let counted: Vec<(i64, i64)> = conn(&j)
        .prepare(
            "SELECT e.student_id, (SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id
                WHERE l.course_id = ?1 AND m.student_id = e.student_id AND l.date BETWEEN ?2 AND ?3)
             FROM enrollment e WHERE e.class_id = ?4 AND e.start_date <= ?3
               AND (e.end_date IS NULL OR e.end_date > ?2)",
        )
        .expect("prepare")
        .query_map(
            rusqlite::params![
                algebra.id.0,
                period.start.to_string(),
                period.end.to_string(),
                class.0
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let short: BTreeSet<i64> = counted.iter().filter(|c| c.1 < 5).map(|c| c.0).collect();
    let listed: BTreeSet<i64> = rows
        .iter()
        .filter(|r| r.course_id == algebra.id)
        .map(|r| r.student_id.0)
        .collect();
    assert_eq!(listed, short);

    // The command says the minimum is by hours and shows each row's.
    let out = j.ok(&[
        "report",
        "accumulation",
        "--class",
        "7Б",
        "--period",
        "1",
        "--as",
        "deputy",
        "--format",
        "text",
        "--today",
        "2025-12-15",
    ]);
    assert!(
        out.starts_with(
            "Накопляемость отметок: 1 четверть, меньше минимума по недельным часам предмета"
        ),
        "{out}"
    );
    assert!(
        out.lines()
            .nth(1)
            .is_some_and(|l| l.trim_end().ends_with("Минимум")),
        "{out}"
    );
    let shown = j.ok(&["grading", "show"]);
    assert!(
        shown.contains("  от 3 ч — 5") && shown.contains("  меньше — 3"),
        "{shown}"
    );
}

/// The overview of 7Б for the 2nd quarter as the class teacher runs it on `today`.
fn overview(j: &TestJournal, today: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let out = j.ok(&[
        "report",
        "overview",
        "--class",
        "7Б",
        "--period",
        "2",
        "--as",
        "classteacher",
        "--today",
        today,
        "--csv",
        "plain",
    ]);
    (csv_header(&out), csv_rows(&out))
}

#[test]
fn mid_period_the_at_risk_check_judges_by_what_is_due() {
    let j = TestJournal::demo();
    // Three days into the quarter nothing is due: no one is short of marks.
    let (_, early) = overview(&j, "2025-11-07");
    assert!(!early.is_empty());
    assert!(early.iter().all(|r| !r[1].contains("отметок")), "{early:?}");
    // On 14.12, 40 of the quarter's 54 days: 2 of the minimum 3 are due.
    let (_, mid) = overview(&j, "2025-12-14");
    let few: Vec<&str> = mid
        .iter()
        .map(|r| r[1].as_str())
        .filter(|r| r.contains("отметок"))
        .collect();
    assert!(!few.is_empty());
    for risk in mid
        .iter()
        .flat_map(|r| r[1].split("; "))
        .filter(|r| r.contains("отметок"))
    {
        assert!(
            risk.ends_with(" из 2") && !risk.contains("отметок 2"),
            "{risk}"
        );
    }
    // After the quarter: the whole minimum.
    let (_, end) = overview(&j, "2025-12-29");
    for risk in end
        .iter()
        .flat_map(|r| r[1].split("; "))
        .filter(|r| r.contains("отметок"))
    {
        assert!(risk.ends_with(" из 3"), "{risk}");
    }
}

/// Presses ↓ on the teacher's day until their course of `class` and `subject` is chosen,
/// and opens it.
fn open_course(app: &mut App, class: &str, subject: &str) {
    press_until(app, KeyCode::Down, 80, |a| match &a.screen {
        Screen::Today(t) => t
            .selected
            .checked_sub(t.lessons.len())
            .and_then(|i| t.courses.get(i))
            .is_some_and(|c| c.class.to_string() == class && c.subject == subject),
        _ => false,
    });
    key(app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Grid(_)), "{}", screen(app));
}

/// The login of the teacher of a course of the demo.
fn teacher_of(j: &TestJournal, class: &str, subject: &str) -> String {
    conn(j)
        .query_row(
            "SELECT u.login FROM course c JOIN class k ON k.id = c.class_id
             JOIN subject s ON s.id = c.subject_id JOIN users u ON u.staff_id = c.teacher_id
             WHERE k.grade || k.letter = ?1 AND s.name = ?2",
            [class, subject],
            |r| r.get(0),
        )
        .expect("teacher")
}

#[test]
fn an_exempt_student_is_not_at_risk_and_is_offered_osv() {
    let j = TestJournal::demo();
    let pe = "Физическая культура";
    let (header, before) = overview(&j, "2025-12-15");
    let col = header.iter().position(|c| c == pe).expect("PE column");
    // A student of the first screen of the grid, at risk in PE if one is.
    let row = before
        .iter()
        .take(12)
        .find(|r| r[1].contains(&format!("{pe}: ")))
        .unwrap_or(&before[0]);
    let short = row[0].clone();
    let last = short
        .split_whitespace()
        .next()
        .expect("last name")
        .to_string();
    let exempt = |who: &str| {
        j.run(&[
            "exempt",
            "add",
            "--as",
            who,
            "--class",
            "7Б",
            "--subject",
            pe,
            "--student",
            &last,
            "--period",
            "2",
            "--reason",
            "справка № 17 от 01.12.2025",
            "--today",
            "2025-12-15",
        ])
    };
    // A subject teacher may not; the class teacher may, once.
    let o = exempt(&teacher_of(&j, "7Б", pe));
    assert!(
        common::stderr(&o).contains("освобождает от предмета"),
        "{}",
        common::stderr(&o)
    );
    let o = exempt("classteacher");
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(common::stderr(&exempt("classteacher")).contains("уже освобождён"));
    assert_eq!(
        j.count_audit(|r| r.entity == "exemption" && r.actor == "classteacher"),
        1
    );
    let list = j.ok(&["exempt", "list", "--class", "7Б", "--as", "classteacher"]);
    assert!(
        list.contains("справка № 17") && list.contains("7Б Физическая культура"),
        "{list}"
    );

    // Not at risk in PE, and «осв» where the subject's average stands.
    let (_, after) = overview(&j, "2025-12-15");
    let mine = after.iter().find(|r| r[0] == short).expect("row");
    assert!(!mine[1].contains(&format!("{pe}: ")), "{}", mine[1]);
    assert_eq!(mine[col], "осв");

    // The PE teacher's grid shows it, and offers «осв» as the final.
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, &teacher_of(&j, "7Б", pe), "demo");
    open_course(&mut app, "7Б", pe);
    let s = screen(&app);
    let line = s
        .lines()
        .find(|l| l.contains(&short))
        .expect("the student's row");
    assert!(line.contains("│  осв"), "{line}");
    assert!(line.trim_end().ends_with("~осв"), "{line}");
    insta::assert_snapshot!("grading_exempt_in_grid", s);

    // Ended: at risk again as before.
    j.ok(&[
        "exempt",
        "remove",
        "--as",
        "deputy",
        "--class",
        "7Б",
        "--subject",
        pe,
        "--student",
        &last,
        "--period",
        "2",
        "--today",
        "2025-12-15",
    ]);
    let (_, again) = overview(&j, "2025-12-15");
    assert_eq!(
        again.iter().find(|r| r[0] == short),
        before.iter().find(|r| r[0] == short)
    );
}

#[test]
fn a_student_with_one_mark_is_offered_na_at_the_period_end() {
    let j = TestJournal::demo();
    // Панова was ill most of the 2nd quarter: one Алгебра mark of it is left.
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    let course = "SELECT c.id FROM course c JOIN class k ON k.id = c.class_id
                  JOIN subject s ON s.id = c.subject_id
                  WHERE k.grade = 7 AND k.letter = 'Б' AND s.name = 'Алгебра'";
    let marks = format!(
        "SELECT m.id FROM mark m JOIN lesson l ON l.id = m.lesson_id
         JOIN student st ON st.id = m.student_id
         WHERE st.last_name = 'Панова' AND l.course_id = ({course})
           AND l.date BETWEEN '2025-11-05' AND '2025-12-28'"
    );
    let gone = conn
        .execute(
            &format!(
                "DELETE FROM mark WHERE id IN ({marks}) AND id <> (SELECT min(id) FROM ({marks}))"
            ),
            [],
        )
        .expect("delete");
    assert!(gone > 0, "Панова had more than one mark");
    drop(conn);
    let mut app = app(j.db(), "2025-12-29");
    login(&mut app, "teacher", "demo");
    open_course(&mut app, "7Б", "Алгебра");
    // The 2nd quarter (on a holiday the grid may open on the next one).
    if let Screen::Grid(g) = &app.screen
        && g.period().num != 2
    {
        key(&mut app, KeyCode::F(7));
    }
    let Screen::Grid(g) = &app.screen else {
        panic!("grid: {}", screen(&app))
    };
    assert_eq!(g.period().num, 2);
    let store = j.store();
    let minimum = store
        .minimums()
        .expect("minimums")
        .for_hours(g.page.course.hours);
    assert_eq!(minimum, 3);
    let mut seen = 0;
    for s in &g.page.students {
        let t = g.totals(s.id).expect("totals");
        if t.final_mark.is_some() || t.exempt {
            continue;
        }
        let suggested = t.suggested.map(|v| v.as_str());
        if t.marks < 3 {
            assert_eq!(
                suggested,
                Some("н/а"),
                "{}: {} marks",
                s.name.short(),
                t.marks
            );
            seen += 1;
        } else {
            assert!(
                suggested.is_some_and(|v| v.parse::<u8>().is_ok()),
                "{}",
                s.name.short()
            );
        }
    }
    assert!(seen > 0, "the demo has students with fewer than 3 marks");
    // Панова has one mark: «~н/а» on her row, «н/а» in the final's form.
    let s = screen(&app);
    let line = s.lines().find(|l| l.contains("Панова")).expect("Панова");
    assert!(
        line.contains("  1  ") && line.trim_end().ends_with("~н/а"),
        "{line}"
    );
    press_until(
        &mut app,
        KeyCode::Down,
        30,
        |a| matches!(&a.screen, Screen::Grid(g) if g.page.students[g.row].name.short().starts_with("Панова")),
    );
    key(&mut app, KeyCode::F(10));
    let Some(zhurnal::tui::overlay::Overlay::Form(f)) = &app.overlay else {
        panic!("the final's form: {}", screen(&app))
    };
    assert_eq!(f.get(zhurnal::tui::overlay::form::Field::Mark), "н/а");
}

#[test]
fn the_grid_takes_pass_fail_marks_typed() {
    let j = TestJournal::demo();
    let file = school_file(
        &j,
        &demo_school(),
        "[[assessment]]\ngrades = [4]\nsubjects = [\"ОРКСЭ\"]\nperiods = [3, 4]\nkind = \"pass_fail\"\n",
    );
    j.ok(&["grading", "set", "--school", file.to_str().expect("path")]);
    let mut app = app(j.db(), "2026-01-19");
    login(&mut app, &teacher_of(&j, "4А", "ОРКСЭ"), "demo");
    open_course(&mut app, "4А", "ОРКСЭ");
    assert!(screen(&app).contains("+ зач, - незач"), "{}", screen(&app));
    // «+» a pass, «-» a fail, each moving down; a «5» refused with the reason.
    typed(&mut app, "+-5");
    let s = screen(&app);
    assert!(s.contains("оценивается «зачёт/незачёт»"), "{s}");
    insta::assert_snapshot!("grading_pass_fail_typed", s);
    let marks: Vec<(Option<i64>, Option<i64>)> = conn(&j)
        .prepare(
            "SELECT m.value, m.passed FROM mark m JOIN lesson l ON l.id = m.lesson_id
             WHERE l.date = '2026-01-19' ORDER BY m.id",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(marks, [(None, Some(1)), (None, Some(0))]);
    // Undo takes the «незач» back, like any mark.
    common::tui::ctrl(&mut app, 'z');
    let left: i64 = conn(&j)
        .query_row(
            "SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id WHERE l.date = '2026-01-19'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 1);
}

#[test]
fn one_plan_goes_to_every_class_of_a_grade() {
    let j = TestJournal::demo();
    let plan = common::fixture("mini").join("plan.csv");
    let items = csv_rows(&std::fs::read_to_string(&plan).expect("plan")).len() as i64;
    let imports = |j: &TestJournal| j.count_audit(|r| r.entity == "plan" && r.action == "import");
    let before = imports(&j);
    let out = j.ok(&[
        "import",
        "plan",
        plan.to_str().expect("path"),
        "--grade",
        "7",
        "--subject",
        "алгебра",
    ]);
    assert!(out.contains("создано"), "{out}");
    let per_course: Vec<(String, i64)> = conn(&j)
        .prepare(
            "SELECT k.grade || k.letter, (SELECT count(*) FROM plan_item p WHERE p.course_id = c.id)
             FROM course c JOIN class k ON k.id = c.class_id JOIN subject s ON s.id = c.subject_id
             WHERE k.grade = 7 AND s.name = 'Алгебра' ORDER BY 1",
        )
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(per_course.len() >= 2, "{per_course:?}");
    assert!(per_course.iter().all(|c| c.1 == items), "{per_course:?}");
    assert_eq!(
        imports(&j) - before,
        per_course.len() as i64,
        "one a course"
    );
    // Again: nothing changes; a class beside the grade is no use.
    let out = j.ok(&[
        "import",
        "plan",
        plan.to_str().expect("path"),
        "--grade",
        "7",
        "--subject",
        "Алгебра",
    ]);
    assert!(out.contains("создано 0, изменено 0"), "{out}");
    let e = j.fails(&[
        "import",
        "plan",
        plan.to_str().expect("path"),
        "--grade",
        "7",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
    ]);
    assert!(e.contains("--class"), "{e}");
    let e = j.fails(&[
        "import",
        "plan",
        plan.to_str().expect("path"),
        "--grade",
        "7",
        "--subject",
        "Астрономия",
    ]);
    assert!(e.contains("в 7-х классах нет курса «Астрономия»"), "{e}");
}

#[test]
fn a_course_not_assessed_for_the_year_needs_no_year_final() {
    let j = TestJournal::mini();
    let file = school_file(
        &j,
        &mini_school(),
        "[[assessment]]\ngrades = [7]\nsubjects = [\"Английский язык\"]\nkind = \"none\"\n",
    );
    j.ok(&["grading", "set", "--school", file.to_str().expect("path")]);
    let out = j.ok(&["year", "close", "--dry-run"]);
    assert!(out.contains("7Б, Алгебра: "), "{out}");
    assert!(!out.contains("Английский язык"), "{out}");
}
