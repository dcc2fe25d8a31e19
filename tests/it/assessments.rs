//! Assessment events: interim assessment, school exams, the 9th grade's interview, ОГЭ
//! and ЕГЭ results; who sets them and when; the final for the year after an exam; the
//! diary's year results.

use ratatui::crossterm::event::KeyCode;

use crate::common::TestJournal;
use crate::common::tui::*;

/// `zhurnal --today DATE ARGS…`.
fn on(date: &str, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--today".to_string(), date.to_string()];
    all.extend(args.iter().map(|s| s.to_string()));
    all
}

fn ok(j: &TestJournal, date: &str, args: &[&str]) -> String {
    let all = on(date, args);
    j.ok(&all.iter().map(String::as_str).collect::<Vec<_>>())
}

fn fails(j: &TestJournal, date: &str, args: &[&str]) -> String {
    let all = on(date, args);
    j.fails(&all.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The first number after «№ » in `exam add`'s line.
fn id_of(line: &str) -> String {
    line.split("№ ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .expect("an event number")
        .to_string()
}

const ALGEBRA_9A: [&str; 4] = ["--class", "9А", "--subject", "Алгебра"];

#[test]
fn an_oge_result_and_the_year_final_give_the_overall_final() {
    let j = TestJournal::demo();
    // The year final first, inside its window (the 9th grade's year ends on 22 May).
    let student = "Андреева";
    let mut args = vec!["final", "--as", "teacher"];
    args.extend(ALGEBRA_9A);
    args.extend(["--student", student, "--period", "year", "4"]);
    let out = ok(&j, "2026-05-25", &args);
    assert!(out.contains("сохранено"), "{out}");

    // ОГЭ is the deputy's to add and to fill in.
    let mut add = vec!["exam", "add", "--kind", "огэ", "--date", "2026-06-02"];
    add.extend(ALGEBRA_9A);
    let mut as_teacher = add.clone();
    as_teacher.extend(["--as", "teacher"]);
    let err = fails(&j, "2026-05-25", &as_teacher);
    assert!(err.contains("заместитель директора"), "{err}");
    let mut as_deputy = add.clone();
    as_deputy.extend(["--as", "deputy"]);
    let line = ok(&j, "2026-05-25", &as_deputy);
    assert!(
        line.contains("ОГЭ") && line.contains("9А Алгебра"),
        "{line}"
    );
    let id = id_of(&line);

    // No result before the exam; then «5 (28)»; a wrong form is refused.
    let result = |v: &'static str| {
        vec![
            "exam",
            "result",
            id.as_str(),
            "--student",
            student,
            v,
            "--as",
            "deputy",
        ]
    };
    let err = fails(&j, "2026-05-30", &result("5 (28)"));
    assert!(err.contains("ещё не прошла"), "{err}");
    let err = fails(&j, "2026-06-20", &result("зач"));
    assert!(err.contains("не результат ОГЭ"), "{err}");
    let audited =
        |j: &TestJournal| j.count_audit(|r| r.entity == "assessment_result" && r.actor == "deputy");
    let before = audited(&j);
    ok(&j, "2026-06-20", &result("5 (28)"));
    let list = ok(
        &j,
        "2026-06-20",
        &["exam", "list", "--class", "9А", "--as", "deputy"],
    );
    assert!(
        list.contains("5 (28)") && list.contains("результатов 1 из"),
        "{list}"
    );
    assert_eq!(audited(&j), before + 1);

    // The overall final: the mean of 4 and 5 rounded up, suggested, then confirmed.
    let mut fin = vec!["exam", "final", "--as", "teacher", "--student", student];
    fin.extend(ALGEBRA_9A);
    let out = ok(&j, "2026-06-20", &fin);
    assert!(out.contains("предлагается: 5"), "{out}");
    let mut confirm = fin.clone();
    confirm.push("--confirm");
    assert!(ok(&j, "2026-06-20", &confirm).contains("итоговая 5"));
    // Closed for the teacher a deadline after the results came (two weeks after the
    // exam): a deputy may still correct it.
    let mut late = fin.clone();
    late.push("4");
    let err = fails(&j, "2026-07-01", &late);
    assert!(err.contains("исправить может заместитель"), "{err}");

    // The diary shows the year's results and the exam.
    let store = j.store();
    let deputy = store.actor("deputy").expect("deputy");
    let (sid, _) = store.find_student("9А Андреева").expect("student");
    let d = store
        .diary(
            &deputy,
            sid,
            chrono::NaiveDate::from_ymd_opt(2026, 6, 20).expect("d"),
            None,
        )
        .expect("diary");
    let algebra = d
        .year
        .iter()
        .find(|y| y.subject == "Алгебра")
        .expect("Алгебра's year");
    assert_eq!(
        (algebra.year.as_deref(), algebra.overall.as_deref()),
        (Some("4"), Some("5"))
    );
    assert!(
        d.assessments
            .iter()
            .any(|a| a.kind == "ОГЭ" && a.result.as_deref() == Some("5 (28)")),
        "{:?}",
        d.assessments
    );
    // After the last period the results view is the last period's, never blank.
    assert_eq!(d.period.map(|p| p.name), Some("4 четверть".to_string()));
}

#[test]
fn the_interview_is_the_grades_and_each_kind_has_its_grades_and_form() {
    let j = TestJournal::demo();
    let line = ok(
        &j,
        "2026-02-20",
        &[
            "exam",
            "add",
            "--kind",
            "interview",
            "--grade",
            "9",
            "--date",
            "2026-02-11",
            "--as",
            "deputy",
        ],
    );
    assert!(
        line.contains("итоговое собеседование") && line.contains("9 классы"),
        "{line}"
    );
    let id = id_of(&line);
    ok(
        &j,
        "2026-02-20",
        &[
            "exam",
            "result",
            &id,
            "--student",
            "Андреева",
            "зач (15)",
            "--as",
            "deputy",
        ],
    );
    // A seventh-grader did not sit it.
    let err = fails(
        &j,
        "2026-02-20",
        &[
            "exam",
            "result",
            &id,
            "--student",
            "Соболев",
            "зач",
            "--as",
            "deputy",
        ],
    );
    assert!(err.contains("нет «Соболев»"), "{err}");
    // The interview is not a course's; ЕГЭ is not the 9th grade's.
    let mut course_interview = vec![
        "exam",
        "add",
        "--kind",
        "interview",
        "--date",
        "2026-02-11",
        "--as",
        "deputy",
    ];
    course_interview.extend(ALGEBRA_9A);
    let err = fails(&j, "2026-02-20", &course_interview);
    assert!(err.contains("для всей параллели"), "{err}");
    let mut ege = vec![
        "exam",
        "add",
        "--kind",
        "ege",
        "--date",
        "2026-06-01",
        "--as",
        "deputy",
    ];
    ege.extend(ALGEBRA_9A);
    let err = fails(&j, "2026-02-20", &ege);
    assert!(err.contains("не в 9-м"), "{err}");
}

#[test]
fn a_teachers_interim_assessment_shows_in_the_parents_diary() {
    let j = TestJournal::demo();
    let line = ok(
        &j,
        "2025-12-15",
        &[
            "exam",
            "add",
            "--kind",
            "ПА",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-12-12",
            "--name",
            "Контрольный срез",
            "--as",
            "teacher",
        ],
    );
    let id = id_of(&line);
    ok(
        &j,
        "2025-12-15",
        &[
            "exam",
            "result",
            &id,
            "--student",
            "Соболев",
            "4",
            "--as",
            "teacher",
        ],
    );
    // Closed for the teacher after the deadline; the deputy corrects it.
    let err = fails(
        &j,
        "2025-12-20",
        &[
            "exam",
            "result",
            &id,
            "--student",
            "Соболев",
            "5",
            "--as",
            "teacher",
        ],
    );
    assert!(err.contains("исправить их может заместитель"), "{err}");
    ok(
        &j,
        "2025-12-20",
        &[
            "exam",
            "result",
            &id,
            "--student",
            "Соболев",
            "5",
            "--as",
            "deputy",
        ],
    );
    // Who sees the list: a teacher their own courses' events, a family none (the
    // diary has theirs).
    let list = ok(&j, "2025-12-15", &["exam", "list", "--as", "teacher"]);
    assert!(
        list.contains("Контрольный срез") && list.contains("9А Алгебра"),
        "{list}"
    );
    assert!(
        !list.contains("9А Русский язык") && !list.contains("сочинение"),
        "{list}"
    );
    let err = fails(&j, "2025-12-15", &["exam", "list", "--as", "parent"]);
    assert!(err.contains("в дневнике"), "{err}");
    // Another teacher may not.
    let err = fails(
        &j,
        "2025-12-15",
        &[
            "exam",
            "add",
            "--kind",
            "interim",
            "--class",
            "7Б",
            "--subject",
            "Русский язык",
            "--date",
            "2025-12-12",
            "--as",
            "teacher",
        ],
    );
    assert!(err.contains("учитель"), "{err}");

    let mut app = app(j.db(), "2025-12-20");
    login(&mut app, "parent", "demo");
    // The parent's other child, of 7Б.
    press_until(&mut app, KeyCode::Tab, 3, |a| {
        screen(a).contains("Соболев Матвей")
    });
    key(&mut app, KeyCode::F(2));
    press_until(&mut app, KeyCode::Down, 40, |a| {
        screen(a).contains("12.12.2025 ПА")
    });
    let s = screen(&app);
    let row = s
        .lines()
        .find(|l| l.starts_with("12.12.2025 ПА"))
        .expect("the event's row");
    assert!(
        row.contains("Алгебра") && row.trim_end().ends_with(" 5"),
        "{s}"
    );
    assert!(s.contains("Аттестация и экзамены"), "{s}");

    // The teacher's grid shows it in the student's cell details (F2).
    let mut app = crate::common::tui::app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    press_until(&mut app, KeyCode::Down, 30, |a| {
        matches!(&a.screen, zhurnal::tui::app::Screen::Grid(g)
            if g.page.students[g.row].name.short().starts_with("Соболев"))
    });
    key(&mut app, KeyCode::F(2));
    let s = screen(&app);
    assert!(s.contains("Аттестация и экзамены"), "{s}");
    assert!(
        s.contains("12.12.2025 промежуточная аттестация «Контрольный срез»: 5"),
        "{s}"
    );
}
