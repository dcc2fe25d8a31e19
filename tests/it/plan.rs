//! The thematic plan (КТП) on real journals: CSV round trips, bad files, edits with
//! renumbering and audit, coverage and the programme fulfilment computed by hand, and
//! who may read or change a plan.

use crate::common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{fixture, mini_journal, ok, stderr, table_counts, zhurnal};
use zhurnal::domain::RuleError;
use zhurnal::domain::ids::{CourseId, LessonId};
use zhurnal::domain::plan::{CoverState, DueBasis, PlanItem};
use zhurnal::domain::policy::Actor;
use zhurnal::store::{Store, StoreError};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

struct Journal {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Journal {
    fn new() -> Journal {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = mini_journal(dir.path());
        Journal { dir, db }
    }

    fn d(&self) -> &str {
        self.db.to_str().expect("utf-8 path")
    }

    fn store(&self) -> Store {
        Store::open(&self.db).expect("open")
    }

    /// Runs `zhurnal` on this journal, insisting on success.
    fn ok(&self, args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.extend(["--db", self.d()]);
        ok(self.dir.path(), &all)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn algebra(store: &Store) -> CourseId {
    store.find_course("7Б", "Алгебра", None).expect("course").id
}

fn english1(store: &Store) -> CourseId {
    store
        .find_course("7Б", "Английский язык", Some("1"))
        .expect("course")
        .id
}

fn lesson(store: &Store, course: CourseId, d: &str) -> LessonId {
    store.lessons_on(course, date(d)).expect("lessons")[0].id
}

/// (order, topic, hours, date) of every item: what a plan *is*, ids aside.
fn contents(items: &[PlanItem]) -> Vec<(i64, String, i64, Option<NaiveDate>)> {
    items
        .iter()
        .map(|i| (i.order, i.topic.clone(), i.hours, i.planned_date))
        .collect()
}

fn topics(store: &Store, course: CourseId) -> Vec<String> {
    store
        .plan_items(&Actor::local_operator(), course)
        .expect("items")
        .into_iter()
        .map(|i| format!("{}:{}", i.order, i.topic))
        .collect()
}

/// The plan audit rows of a course: (action, old, new, lesson), oldest first.
type AuditRow = (String, Option<String>, Option<String>, Option<LessonId>);

fn plan_audit(db: &Path, course: CourseId) -> Vec<AuditRow> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut st = conn
        .prepare(
            "SELECT action, old_value, new_value, lesson_id FROM audit
             WHERE entity = 'plan' AND course_id = ?1 AND action <> 'import' ORDER BY id",
        )
        .expect("prepare");
    st.query_map([course], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })
    .expect("query")
    .collect::<rusqlite::Result<Vec<_>>>()
    .expect("rows")
}

#[test]
fn csv_round_trip_is_byte_identical() {
    let j = Journal::new();
    let dated = fixture("plan").join("dated.csv");
    let dated = dated.to_str().expect("utf-8");
    let course = ["--class", "7Б", "--subject", "Алгебра"];
    let english = [
        "--class",
        "7Б",
        "--subject",
        "Английский язык",
        "--group",
        "1",
    ];
    // A school's file: BOM, semicolons, Russian headers, dotted dates, a quoted topic.
    j.ok(&[&["plan", "import", dated][..], &course].concat());
    let a = j.path("a.csv");
    let a_s = a.to_str().expect("utf-8");
    j.ok(&[&["plan", "export", "-o", a_s][..], &course].concat());
    let exported = std::fs::read_to_string(&a).expect("read a");
    assert_eq!(
        exported,
        "\u{feff}№;Тема;Часы;Дата\r\n\
         1;Повторение курса математики 6 класса;2;02.09.2025\r\n\
         2;Выражения с переменными;1;05.09.2025\r\n\
         3;\"Дроби, \"\"сложные\"\" случаи\";2;10.09.2025\r\n\
         4;Контрольная работа № 1;1;12.09.2025\r\n"
    );
    // Nothing is left beside the file by the atomic write.
    let leftovers: Vec<_> = std::fs::read_dir(j.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Into another course: the same plan, the same bytes.
    j.ok(&[&["plan", "import", a_s][..], &english].concat());
    let b = j.ok(&[&["plan", "export"][..], &english].concat());
    assert_eq!(b.as_bytes(), exported.as_bytes());
    let store = j.store();
    let (alg, eng) = (algebra(&store), english1(&store));
    let op = Actor::local_operator();
    assert_eq!(
        contents(&store.plan_items(&op, alg).expect("algebra")),
        contents(&store.plan_items(&op, eng).expect("english"))
    );

    // Into the same course after clearing it.
    let before = contents(&store.plan_items(&op, alg).expect("items"));
    let mut store = store;
    for item in store.plan_items(&op, alg).expect("items") {
        store.delete_plan_item(&op, item.id, true).expect("delete");
    }
    assert!(store.plan_items(&op, alg).expect("items").is_empty());
    j.ok(&[&["plan", "import", a_s][..], &course].concat());
    let c = j.ok(&[&["plan", "export"][..], &course].concat());
    assert_eq!(c.as_bytes(), exported.as_bytes());
    assert_eq!(
        contents(&store.plan_items(&op, alg).expect("items")),
        before
    );
}

#[test]
fn a_bad_plan_file_reports_every_row_and_changes_nothing() {
    let j = Journal::new();
    let bad = fixture("plan").join("bad.csv");
    let bad_s = bad.to_str().expect("utf-8");
    let before = table_counts(&j.db);
    let store = j.store();
    let plan_before = topics(&store, algebra(&store));
    let o = zhurnal(
        j.dir.path(),
        &[
            "plan",
            "import",
            bad_s,
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--db",
            j.d(),
        ],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    // Line 3 «x», 4 no topic, 5 zero hours, 6 31.02, 7 the number 1 again.
    for (line, what) in [
        (3, "«x»"),
        (4, "topic"),
        (5, "«0»"),
        (6, "31.02.2026"),
        (7, "строке 2"),
    ] {
        let prefix = format!("{bad_s}:{line}: ");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&prefix) && l.contains(what)),
            "no {prefix}…{what} in:\n{err}"
        );
    }
    assert_eq!(
        lines.iter().filter(|l| l.starts_with(bad_s)).count(),
        5,
        "{err}"
    );
    assert!(err.contains("ошибок 5, журнал не изменён"), "{err}");
    assert_eq!(table_counts(&j.db), before);
    assert_eq!(topics(&store, algebra(&store)), plan_before);
}

#[test]
fn add_edit_move_delete_renumber_and_are_audited() {
    let j = Journal::new();
    let mut store = j.store();
    let course = algebra(&store);
    let teacher = store.actor("teacher").expect("teacher");
    assert_eq!(
        topics(&store, course),
        [
            "1:Повторение курса математики 6 класса",
            "2:Выражения с переменными",
            "3:Контрольная работа № 1"
        ]
    );
    // A new first item pushes the rest down; `None` appends.
    let intro = store
        .add_plan_item(&teacher, course, Some(1), "  Вводное занятие ", 1, None)
        .expect("add first");
    let poly = store
        .add_plan_item(
            &teacher,
            course,
            None,
            "Многочлены",
            4,
            Some(date("2025-10-01")),
        )
        .expect("append");
    assert_eq!(
        topics(&store, course),
        [
            "1:Вводное занятие",
            "2:Повторение курса математики 6 класса",
            "3:Выражения с переменными",
            "4:Контрольная работа № 1",
            "5:Многочлены"
        ]
    );
    // Up one place; the first cannot go higher, and nothing is written.
    assert!(store.move_plan_item(&teacher, poly, true).expect("up"));
    assert!(!store.move_plan_item(&teacher, intro, true).expect("edge"));
    assert_eq!(
        topics(&store, course)[3..],
        ["4:Многочлены", "5:Контрольная работа № 1"]
    );
    store
        .edit_plan_item(&teacher, poly, "Многочлены и действия с ними", 5, None)
        .expect("edit");
    // Unchanged: nothing written.
    store
        .edit_plan_item(&teacher, poly, "Многочлены и действия с ними", 5, None)
        .expect("same");
    store
        .delete_plan_item(&teacher, intro, false)
        .expect("delete an uncovered item");
    assert_eq!(
        topics(&store, course),
        [
            "1:Повторение курса математики 6 класса",
            "2:Выражения с переменными",
            "3:Многочлены и действия с ними",
            "4:Контрольная работа № 1"
        ]
    );
    // Bad input is refused before anything is written.
    assert!(matches!(
        store.add_plan_item(&teacher, course, None, " ", 1, None),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.edit_plan_item(&teacher, poly, "Многочлены", 0, None),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.add_plan_item(&teacher, course, None, "Лето", 1, Some(date("2026-07-01"))),
        Err(StoreError::Invalid(_))
    ));

    let audit: Vec<(String, Option<String>, Option<String>)> = plan_audit(&j.db, course)
        .into_iter()
        .map(|(a, o, n, _)| (a, o, n))
        .collect();
    let s = |t: &str| Some(t.to_string());
    assert_eq!(
        audit,
        vec![
            ("create".into(), None, s("1. Вводное занятие (1 ч)")),
            ("create".into(), None, s("5. Многочлены (4 ч, 01.10.2025)")),
            (
                "move".into(),
                s("5. Многочлены (4 ч, 01.10.2025)"),
                s("4. Многочлены (4 ч, 01.10.2025)")
            ),
            (
                "edit".into(),
                s("4. Многочлены (4 ч, 01.10.2025)"),
                s("4. Многочлены и действия с ними (5 ч)")
            ),
            ("delete".into(), s("1. Вводное занятие (1 ч)"), None),
        ]
    );
}

#[test]
fn deleting_a_covered_item_needs_confirmation() {
    let j = Journal::new();
    let mut store = j.store();
    // Linked in September, while the 1st quarter is open.
    store.set_today(Some(date("2025-09-08")));
    let course = algebra(&store);
    let teacher = store.actor("teacher").expect("teacher");
    let items = store.plan_items(&teacher, course).expect("items");
    let first = items[0].id;
    let (mon, wed) = (
        lesson(&store, course, "2025-09-01"),
        lesson(&store, course, "2025-09-03"),
    );
    store
        .link_lesson_to_item(&teacher, mon, first)
        .expect("link Monday");
    store
        .link_lesson_to_item(&teacher, wed, first)
        .expect("link Wednesday");
    assert_eq!(
        store.lesson(mon).expect("lesson").topic,
        "Повторение курса математики 6 класса"
    );
    assert_eq!(store.plan_item_lessons(first).expect("count"), 2);

    let before = table_counts(&j.db);
    let err = store
        .delete_plan_item(&teacher, first, false)
        .expect_err("needs confirmation");
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("привязано уроков: 2"), "{err}");
    assert_eq!(table_counts(&j.db), before, "refused: nothing written");

    store
        .delete_plan_item(&teacher, first, true)
        .expect("confirmed");
    let lesson_after = store.lesson(mon).expect("lesson");
    assert_eq!(lesson_after.plan_item_id, None);
    assert_eq!(
        lesson_after.topic, "Повторение курса математики 6 класса",
        "the lesson keeps what was taught"
    );
    assert_eq!(
        topics(&store, course),
        ["1:Выражения с переменными", "2:Контрольная работа № 1"]
    );
    let audit = plan_audit(&j.db, course);
    let actions: Vec<(&str, Option<LessonId>)> =
        audit.iter().map(|r| (r.0.as_str(), r.3)).collect();
    assert_eq!(
        actions,
        vec![
            ("link", Some(mon)),
            ("link", Some(wed)),
            ("unlink", Some(mon)),
            ("unlink", Some(wed)),
            ("delete", None),
        ]
    );
}

/// Sets a lesson's cancellation directly: the store's own command for it is not this
/// test's subject.
fn cancel(db: &Path, lesson_id: LessonId) {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute(
        "UPDATE lesson SET cancelled_reason = 'карантин' WHERE id = ?1",
        [lesson_id],
    )
    .expect("cancel");
}

#[test]
fn fulfilment_computed_by_hand() {
    let j = Journal::new();
    let mut store = j.store();
    // Filled in on 12 September, while the 1st quarter is open.
    store.set_today(Some(date("2025-09-12")));
    let course = algebra(&store);
    let teacher = store.actor("teacher").expect("teacher");
    // The plan: 1. Повторение (2 h), 2. Выражения (1 h), 3. Контрольная (1 h), and a
    // fourth item, 4. Многочлены (4 h): 2 + 1 + 1 + 4 = 8 h.
    store
        .add_plan_item(&teacher, course, None, "Многочлены", 4, None)
        .expect("add");
    let items = store.plan_items(&teacher, course).expect("items");
    let id = |n: usize| items[n - 1].id;
    // 7Б Алгебра is on Mon, Wed, Fri: 01, 03, 05, 08, 10, 12, 15.09 …
    let l = |d: &str| lesson(&store, course, d);
    let (l01, l03, l05, l08, l10, l12, l15) = (
        l("2025-09-01"),
        l("2025-09-03"),
        l("2025-09-05"),
        l("2025-09-08"),
        l("2025-09-10"),
        l("2025-09-12"),
        l("2025-09-15"),
    );
    // 01 and 03.09 → item 1; 08.09 → item 2; 10.09 a topic typed by hand; 12.09 left
    // without a topic; 05.09 cancelled; 15.09 (after «today») linked ahead to item 3.
    store.link_lesson_to_item(&teacher, l01, id(1)).expect("01");
    store.link_lesson_to_item(&teacher, l03, id(1)).expect("03");
    store.link_lesson_to_item(&teacher, l08, id(2)).expect("08");
    store
        .set_lesson_text(&teacher, l10, "Решение задач", "")
        .expect("10");
    store.link_lesson_to_item(&teacher, l15, id(3)).expect("15");
    cancel(&j.db, l05);
    let refused = store.link_lesson_to_item(&teacher, l05, id(2));
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    assert!(store.lesson(l12).expect("12").topic.is_empty());

    let r = store
        .plan_report(&teacher, course, date("2025-09-12"))
        .expect("report");
    let f = r.fulfilment;
    // Due by the timetable (no item has a date): lessons on or before 12.09 that were
    // not cancelled: 01, 03, 08, 10, 12 = 5; min(5, 8) = 5.
    assert_eq!(f.basis, DueBasis::Timetable);
    assert_eq!(f.total, 8);
    assert_eq!(f.due, 5);
    // Held: those with a topic: 01, 03, 08, 10 = 4 (12.09 has none).
    assert_eq!(f.held, 4);
    // Lag 5 − 4 = 1; done 4 / 8 = 50 %.
    assert_eq!((f.lag, f.surplus), (1, 0));
    assert_eq!(f.percent, Some(50.0));
    // Coverage by links held by 12.09: item 1 2/2, item 2 1/1, item 3 0/1 (its lesson
    // is on 15.09), item 4 0/4.
    let cov: Vec<(i64, CoverState)> = r.items.iter().map(|c| (c.held, c.state())).collect();
    assert_eq!(
        cov,
        vec![
            (2, CoverState::Covered),
            (1, CoverState::Covered),
            (0, CoverState::NotStarted),
            (0, CoverState::NotStarted),
        ]
    );
    // The curriculum: 3 h/week × study weeks, the weeks with at least three school days:
    // 1st quarter 01.09–24.10: 8; 2nd 05.11–28.12: 8 (05–07.11 is three days); 3rd
    // 12.01–20.03: 10 (the weeks of 23.02 and 09.03 keep four); 4th 30.03–26.05: 8
    // (25–26.05 is two days). 34 weeks; 3 × 34 = 102 h; 8 − 102 = −94.
    assert_eq!(r.study_weeks, 34);
    assert_eq!(r.curriculum, 102.0);
    assert_eq!(r.difference, -94.0);
    // The proposal counts the lesson linked ahead: item 3 is taken, item 4 is next.
    assert_eq!(
        store
            .next_uncovered_item(course)
            .expect("next")
            .map(|i| i.topic),
        Some("Многочлены".to_string())
    );

    // The same figures on the command line.
    drop(store);
    let out = j.ok(&[
        "plan",
        "fulfilment",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--today",
        "2025-09-12",
    ]);
    for want in [
        "7Б Алгебра, на 12.09.2025",
        "по КТП, ч: 8",
        "положено, ч: 5",
        "проведено, ч: 4",
        "отставание, ч: 1",
        "опережение, ч: 0",
        "выполнено: 50%",
        "положено считается: по расписанию",
    ] {
        assert!(out.contains(want), "no «{want}» in:\n{out}");
    }
    let show = j.ok(&[
        "plan",
        "show",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--today",
        "2025-09-12",
        "--as",
        "teacher",
    ]);
    for want in [
        "7Б Алгебра — КТП, учитель Орлова В.П.",
        "  1  Повторение курса математики 6 класса     2              2/2 [x]",
        "  3  Контрольная работа № 1                   1              0/1 [ ]",
        "По КТП: 8 ч; по учебному плану: 3 ч/нед. × 34 нед. = 102 ч; разница: −94 ч",
        "положено 5 ч, проведено 4 ч, отставание 1 ч; выполнено 50% КТП",
    ] {
        assert!(show.contains(want), "no «{want}» in:\n{show}");
    }

    // With a date on every item the dates decide: 1 on 03.09, 2 on 08.09, 3 on 15.09,
    // 4 on 26.09. As of 12.09 items 1 and 2 are due: 2 + 1 = 3 h; held is still 4: no
    // lag, ahead by 1.
    let mut store = j.store();
    for (n, d) in [
        (1, "2025-09-03"),
        (2, "2025-09-08"),
        (3, "2025-09-15"),
        (4, "2025-09-26"),
    ] {
        let it = &items[n - 1];
        store
            .edit_plan_item(&teacher, it.id, &it.topic, it.hours, Some(date(d)))
            .expect("date");
    }
    let f = store
        .plan_report(&teacher, course, date("2025-09-12"))
        .expect("report")
        .fulfilment;
    assert_eq!(f.basis, DueBasis::PlannedDates);
    assert_eq!((f.due, f.held, f.lag, f.surplus), (3, 4, 0, 1));
    // As of 26.09 all 8 h are due. Held: the 4 above, plus 15.09 (linked, so it has a
    // topic): 5. 17.09 and later have none. Lag 8 − 5 = 3.
    let r = store
        .plan_report(&teacher, course, date("2025-09-26"))
        .expect("report");
    assert_eq!(
        (r.fulfilment.due, r.fulfilment.held, r.fulfilment.lag),
        (8, 5, 3)
    );
    // Item 4 was planned for 26.09 and has no lesson: overdue.
    assert!(r.items[3].overdue(date("2025-09-26")));
}

#[test]
fn others_cannot_read_or_change_the_plan() {
    let j = Journal::new();
    let mut store = j.store();
    let course = algebra(&store);
    let item = store
        .plan_items(&Actor::local_operator(), course)
        .expect("items")[0]
        .id;
    let mon = lesson(&store, course, "2025-09-01");
    let before = table_counts(&j.db);
    for login in ["other", "parent"] {
        let a = store.actor(login).expect("actor");
        let forbidden = |r: Result<(), StoreError>, what: &str| {
            assert!(
                matches!(r, Err(StoreError::Rule(RuleError::Forbidden(_)))),
                "{login} {what}: {r:?}"
            );
        };
        forbidden(store.plan_items(&a, course).map(|_| ()), "read");
        forbidden(
            store
                .plan_report(&a, course, date("2025-09-12"))
                .map(|_| ()),
            "report",
        );
        forbidden(store.plan_export_table(&a, course).map(|_| ()), "export");
        forbidden(
            store
                .add_plan_item(&a, course, None, "Чужая тема", 1, None)
                .map(|_| ()),
            "add",
        );
        forbidden(
            store.edit_plan_item(&a, item, "Чужая тема", 1, None),
            "edit",
        );
        forbidden(store.move_plan_item(&a, item, false).map(|_| ()), "move");
        forbidden(store.delete_plan_item(&a, item, true), "delete");
        forbidden(store.link_lesson_to_item(&a, mon, item), "link");
    }
    // The class teacher of 7Б reads the plan but does not change it.
    let ct = store.actor("classteacher").expect("classteacher");
    assert_eq!(store.plan_items(&ct, course).expect("read").len(), 3);
    assert!(store.move_plan_item(&ct, item, false).is_err());
    assert_eq!(table_counts(&j.db), before, "nothing written");

    // An item of another course is not a lesson's topic.
    let teacher = store.actor("teacher").expect("teacher");
    let op = Actor::local_operator();
    let foreign = store
        .add_plan_item(&op, english1(&store), None, "Present Simple", 2, None)
        .expect("english item");
    assert!(matches!(
        store.link_lesson_to_item(&teacher, mon, foreign),
        Err(StoreError::Invalid(_))
    ));

    // A deputy may change any plan.
    drop(store);
    j.ok(&[
        "user",
        "add",
        "deputy",
        "--name",
        "Завучева Анна Петровна",
        "--role",
        "deputy",
    ]);
    let mut store = j.store();
    let deputy = store.actor("deputy").expect("deputy");
    store
        .add_plan_item(&deputy, course, None, "Итоговое повторение", 2, None)
        .expect("deputy adds");

    let o = zhurnal(
        j.dir.path(),
        &[
            "plan",
            "show",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--as",
            "parent",
            "--db",
            j.d(),
        ],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("нет прав: КТП курса доступен его учителю"),
        "{}",
        stderr(&o)
    );
}
