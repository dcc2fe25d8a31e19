//! The store applies the domain rules on real SQLite files: enrollment history, the
//! one-class-at-a-time rule, durability settings and the audit.

use crate::common;

use chrono::NaiveDate;
use zhurnal::domain::RuleError;
use zhurnal::domain::ids::{CourseId, LessonId, PeriodId, StudentId};
use zhurnal::domain::marks::MarkValue;
use zhurnal::domain::names::FullName;
use zhurnal::domain::policy::Actor;
use zhurnal::store::marks::Expect;
use zhurnal::store::students::{Arrival, Transfer};
use zhurnal::store::{Store, StoreError};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn five() -> Vec<MarkValue> {
    vec![MarkValue::new(5).expect("mark")]
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    algebra: CourseId,
    student: StudentId,
}

/// Period `num` of the fixture's year.
fn period(f: &Fixture, num: i64) -> zhurnal::domain::calendar::Period {
    let year = f.store.current_year().expect("year");
    let cal = f.store.calendar(year.id).expect("calendar");
    cal.period_by_num(num, 7).expect("period")
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::mini_journal(dir.path());
    let mut store = Store::open(&db).expect("open");
    store.set_today(chrono::NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").ok());
    let algebra = store.find_course("7Б", "Алгебра", None).expect("course").id;
    let year = store.current_year().expect("year");
    let student = store
        .course_students(algebra, year.start, year.end)
        .expect("students")
        .into_iter()
        .find(|s| s.name.last == "Волков")
        .expect("Волков")
        .id;
    Fixture {
        _dir: dir,
        store,
        algebra,
        student,
    }
}

fn lesson(store: &Store, course: CourseId, d: &str) -> LessonId {
    store.lessons_on(course, date(d)).expect("lessons")[0].id
}

#[test]
fn departure_ends_the_right_to_marks() {
    let mut f = fixture();
    let teacher = f.store.actor("teacher").expect("teacher");
    let before = lesson(&f.store, f.algebra, "2025-11-10");
    let after = lesson(&f.store, f.algebra, "2025-11-12");
    f.store
        .depart_student(
            &Actor::local_operator(),
            f.student,
            date("2025-11-11"),
            "Приказ № 7-у",
        )
        .expect("depart");
    f.store
        .add_marks(&teacher, before, f.student, &five(), None, Expect::Anything)
        .expect("before departure");
    let err = f
        .store
        .add_marks(&teacher, after, f.student, &five(), None, Expect::Anything)
        .expect_err("after departure");
    assert!(
        matches!(err, StoreError::Rule(RuleError::NotEnrolled { .. })),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "Волков Егор Петрович не числится в 7Б на 12.11.2025"
    );
    assert_eq!(f.store.check().expect("check"), Vec::<String>::new());
}

/// The audit rows of one action, as (new value) in order.
fn audited(f: &Fixture, action: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(f.store.path()).expect("open");
    let mut st = conn
        .prepare("SELECT new_value FROM audit WHERE action = ?1 ORDER BY id")
        .expect("prepare");
    st.query_map([action], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<Vec<String>>>()
        .expect("rows")
}

#[test]
fn an_arrival_and_a_transfer_put_the_student_in_groups_in_one_audited_step() {
    let mut f = fixture();
    let op = Actor::local_operator();
    let classes = f.store.classes().expect("classes");
    let class_of = |name: &str| {
        classes
            .iter()
            .find(|c| c.1.to_string() == name)
            .expect(name)
            .0
    };
    let (seventh, first) = (class_of("7Б"), class_of("1А"));
    let id = f
        .store
        .arrive_student(
            &op,
            &Arrival {
                name: FullName::parse("Новикова Алиса Дмитриевна"),
                birth_date: None,
                class_id: seventh,
                date: date("2025-11-10"),
                order: "Приказ № 51".into(),
                groups: vec!["2".into(), "1".into()],
            },
        )
        .expect("arrival");
    assert_eq!(f.store.student_subgroups(id).expect("groups").len(), 2);
    let arrivals = audited(&f, "arrival");
    assert!(
        arrivals
            .last()
            .expect("audited")
            .ends_with("Приказ № 51 [1 2]"),
        "{arrivals:?}"
    );
    assert!(
        audited(&f, "groups").is_empty(),
        "one audit row for the whole arrival"
    );

    f.store
        .transfer_student(
            &op,
            &Transfer {
                student_id: id,
                to_class: first,
                date: date("2025-12-01"),
                order: "Приказ № 64".into(),
                groups: vec!["1".into()],
            },
        )
        .expect("transfer");
    let transfers = audited(&f, "transfer");
    assert!(
        transfers
            .last()
            .expect("audited")
            .ends_with("Приказ № 64 [1]"),
        "{transfers:?}"
    );
    // The old class's groups stay (they explain its past marks), the new one's is added.
    assert_eq!(f.store.student_subgroups(id).expect("groups").len(), 3);
}

#[test]
fn a_transfer_keeps_history_and_one_class_at_a_time() {
    let mut f = fixture();
    let op = Actor::local_operator();
    let classes = f.store.classes().expect("classes");
    let first = classes
        .iter()
        .find(|c| c.1.to_string() == "1А")
        .expect("1А")
        .0;
    f.store
        .transfer_student(
            &op,
            &Transfer {
                student_id: f.student,
                to_class: first,
                date: date("2025-12-01"),
                order: "Приказ № 9-у".into(),
                groups: Vec::new(),
            },
        )
        .expect("transfer");
    let history = f.store.student_history(f.student).expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].end, Some(date("2025-12-01")));
    assert_eq!(history[1].start, date("2025-12-01"));
    // A second transfer dated before the first would overlap: refused, nothing written.
    let err = f
        .store
        .transfer_student(
            &op,
            &Transfer {
                student_id: f.student,
                to_class: first,
                date: date("2025-11-01"),
                order: "Приказ № 10-у".into(),
                groups: Vec::new(),
            },
        )
        .expect_err("overlap");
    assert!(matches!(err, StoreError::Rule(_)), "{err}");
    assert_eq!(
        f.store.student_history(f.student).expect("history").len(),
        2
    );
    // Only the administrator moves students.
    let teacher = f.store.actor("teacher").expect("teacher");
    let err = f
        .store
        .depart_student(&teacher, f.student, date("2026-01-20"), "x")
        .expect_err("forbidden");
    assert!(err.to_string().contains("администратор"), "{err}");
    assert_eq!(f.store.check().expect("check"), Vec::<String>::new());
}

#[test]
fn marks_carry_work_type_weight_author_and_audit() {
    let mut f = fixture();
    let teacher = f.store.actor("teacher").expect("teacher");
    let l = lesson(&f.store, f.algebra, "2025-11-10");
    let kr = f
        .store
        .work_types()
        .expect("types")
        .into_iter()
        .find(|w| w.short == "КР")
        .expect("КР");
    f.store
        .add_marks(
            &teacher,
            l,
            f.student,
            &[MarkValue::new(3).expect("m")],
            Some(kr.id),
            Expect::Anything,
        )
        .expect("mark");
    f.store
        .add_marks(&teacher, l, f.student, &five(), None, Expect::Anything)
        .expect("mark");
    let year = f.store.current_year().expect("year");
    let cal = f.store.calendar(year.id).expect("cal");
    let page = f
        .store
        .journal_page(
            &Actor::local_operator(),
            f.algebra,
            &cal.period_by_num(2, 7).expect("p2"),
        )
        .expect("page");
    let cell = &page.marks[&(l, f.student)];
    assert_eq!(cell.len(), 2);
    assert_eq!((cell[0].work_type.as_str(), cell[0].weight), ("КР", 2.0));
    assert_eq!((cell[1].work_type.as_str(), cell[1].weight), ("ОУ", 1.0));
    // (3·2 + 5·1) / 3
    let avg = page.average(f.student).expect("average");
    assert!((avg - 11.0 / 3.0).abs() < 1e-9, "{avg}");
    assert_eq!(page.cell_text(l, f.student, " "), "3 5");
    let conn = rusqlite::Connection::open(f.store.path()).expect("open");
    let audited: Vec<String> = conn
        .prepare("SELECT actor || ' ' || new_value FROM audit WHERE entity = 'mark' ORDER BY id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(audited, vec!["teacher 3 КР", "teacher 5 ОУ"]);
}

#[test]
fn the_journal_file_is_in_wal_mode() {
    let f = fixture();
    let conn = rusqlite::Connection::open(f.store.path()).expect("open");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, zhurnal::store::SCHEMA_VERSION);
}

#[test]
fn check_finds_a_broken_invariant() {
    let f = fixture();
    let path = f.store.path().to_path_buf();
    drop(f.store);
    let conn = rusqlite::Connection::open(&path).expect("open");
    // Bypass the rules the way a hand edit of the file would: a mark in grade 1.
    conn.execute_batch(
        "INSERT INTO mark (lesson_id, student_id, value, work_type_id, weight, created_at, updated_at)
         SELECT l.id, e.student_id, 5, 1, 1.0, '2025-11-10 10:00:00', '2025-11-10 10:00:00'
         FROM lesson l JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
         JOIN enrollment e ON e.class_id = k.id
         WHERE k.grade = 1 AND l.date = '2025-11-10' LIMIT 1;",
    )
    .expect("insert");
    drop(conn);
    let mut store = Store::open(&path).expect("open");
    store.set_today(chrono::NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").ok());
    let problems = store.check().expect("check");
    assert_eq!(problems, vec!["отметки в 1 классе: 1".to_string()]);
}

#[test]
fn extra_lessons_only_on_school_days_inside_periods() {
    let mut f = fixture();
    let teacher = f.store.actor("teacher").expect("teacher");
    let id = f
        .store
        .add_lesson(&teacher, f.algebra, date("2025-11-11"), 3)
        .expect("an extra Tuesday lesson");
    assert_eq!(f.store.lesson(id).expect("lesson").date, date("2025-11-11"));
    for (d, want) in [
        ("2025-10-28", "каникулы"),
        ("2025-08-20", "не входит ни в один учебный период"),
        ("2025-11-16", "выходной"),
    ] {
        let err = f
            .store
            .add_lesson(&teacher, f.algebra, date(d), 3)
            .expect_err(d);
        assert!(err.to_string().contains(want), "{d}: {err}");
    }
    let err = f
        .store
        .add_lesson(&teacher, f.algebra, date("2025-11-11"), 3)
        .expect_err("twice");
    assert!(err.to_string().contains("уже есть"), "{err}");
    let other = f.store.actor("other").expect("other");
    assert!(
        f.store
            .add_lesson(&other, f.algebra, date("2025-11-13"), 3)
            .is_err()
    );
}

#[test]
fn grade_one_lessons_take_a_topic_but_no_homework() {
    let mut f = fixture();
    let primary = f.store.actor("primary").expect("primary");
    let maths = f
        .store
        .find_course("1А", "Математика", None)
        .expect("course")
        .id;
    let l = lesson(&f.store, maths, "2025-11-10");
    let err = f
        .store
        .set_lesson_text(&primary, l, "Счёт до 10", "стр. 12")
        .expect_err("homework in grade 1");
    assert!(matches!(err, StoreError::Rule(RuleError::Grade1NoHomework)));
    f.store
        .set_lesson_text(&primary, l, "Счёт до 10", "")
        .expect("topic only");
    assert_eq!(f.store.lesson(l).expect("lesson").topic, "Счёт до 10");
    let err = f
        .store
        .set_final(
            &primary,
            maths,
            f.student,
            None,
            Some(zhurnal::domain::marks::FinalValue::Pass),
            Expect::Anything,
        )
        .expect_err("no finals in grade 1");
    assert!(matches!(err, StoreError::Rule(RuleError::Grade1NoMarks)));
}

#[test]
fn finals_are_set_replaced_and_audited() {
    use zhurnal::domain::marks::FinalValue;
    let mut f = fixture();
    let teacher = f.store.actor("teacher").expect("teacher");
    // The second quarter, in its last weeks (its finals open on 14.12).
    f.store.set_today(Some(date("2025-12-20")));
    let p1 = period(&f, 2).id;
    let five = FinalValue::parse("5").expect("5");
    f.store
        .set_final(
            &teacher,
            f.algebra,
            f.student,
            Some(p1),
            Some(five),
            Expect::Anything,
        )
        .expect("set");
    f.store
        .set_final(
            &teacher,
            f.algebra,
            f.student,
            Some(p1),
            Some(FinalValue::NotAssessed),
            Expect::Anything,
        )
        .expect("replace");
    // The year's, in the 4th quarter's last weeks.
    f.store.set_today(Some(date("2026-05-20")));
    f.store
        .set_final(
            &teacher,
            f.algebra,
            f.student,
            None,
            Some(five),
            Expect::Anything,
        )
        .expect("year");
    let conn = rusqlite::Connection::open(f.store.path()).expect("open");
    let finals: Vec<(Option<PeriodId>, String)> = conn
        .prepare("SELECT period_id, value FROM final_mark ORDER BY id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        finals,
        vec![(Some(p1), "н/а".to_string()), (None, "5".to_string())]
    );
    let audit: Vec<(Option<String>, Option<String>)> = conn
        .prepare("SELECT old_value, new_value FROM audit WHERE entity = 'final' ORDER BY id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        audit,
        vec![
            (None, Some("5".into())),
            (Some("5".into()), Some("н/а".into())),
            (None, Some("5".into()))
        ]
    );
}

#[test]
fn a_substituted_lesson_moves_to_the_substitutes_day() {
    let f = fixture();
    let path = f.store.path().to_path_buf();
    let l = lesson(&f.store, f.algebra, "2025-11-10");
    drop(f.store);
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute(
        "UPDATE lesson SET conducted_by = (SELECT staff_id FROM users WHERE login = 'other') WHERE id = ?1",
        [l],
    )
    .expect("substitute");
    drop(conn);
    let mut store = Store::open(&path).expect("open");
    store.set_today(chrono::NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").ok());
    let staff = |s: &Store, login: &str| s.actor(login).expect("actor").staff_id.expect("staff");
    let (teacher, other) = (staff(&store, "teacher"), staff(&store, "other"));
    let own = store.teacher_day(teacher, date("2025-11-10")).expect("day");
    assert!(
        own.iter().all(|d| d.lesson_id != l),
        "the lesson left its teacher's day"
    );
    let sub = store.teacher_day(other, date("2025-11-10")).expect("day");
    let entry = sub
        .iter()
        .find(|d| d.lesson_id == l)
        .expect("the substitute's day has it");
    assert_eq!(
        entry.substitute_for.as_ref().map(|n| n.initials()),
        Some("Орлова В.П.".to_string())
    );
    assert_eq!(entry.time, "08:30–09:15");
    assert_eq!(entry.room, "214");
    // The substitute may enter that lesson's data.
    let other_actor = store.actor("other").expect("other");
    store
        .add_marks(&other_actor, l, f.student, &five(), None, Expect::Anything)
        .expect("the substitute marks");
}

#[test]
fn a_closed_period_takes_no_marks_until_a_deputy_opens_it() {
    let mut f = fixture();
    let teacher = f.store.actor("teacher").expect("teacher");
    let lesson1 = lesson(&f.store, f.algebra, "2025-10-20");
    let p1 = period(&f, 1);
    // 20.10 is in the first quarter, which closed on 28.10 (4 days after its end).
    let err = f
        .store
        .add_marks(
            &teacher,
            lesson1,
            f.student,
            &five(),
            None,
            Expect::Anything,
        )
        .expect_err("locked");
    assert!(err.to_string().contains("«1 четверть» закрыт"), "{err}");
    assert!(f.store.period_locked(f.algebra, &p1).expect("locked?"));
    // Attendance is locked too.
    let err = f
        .store
        .set_attendance(&teacher, lesson1, f.student, Some("Н"), Expect::Anything)
        .expect_err("attendance locked");
    assert!(err.to_string().contains("«1 четверть» закрыт"), "{err}");
    // Only a deputy or the director opens it, with a reason.
    assert!(
        f.store
            .unlock_period(&teacher, f.algebra, p1.id, "ошибка")
            .is_err()
    );
    let op = Actor::local_operator();
    let deputy_login = "zam";
    f.store
        .add_user(
            &op,
            &zhurnal::store::accounts::NewUser {
                login: deputy_login.into(),
                name: zhurnal::domain::names::FullName::new("Заварзина", "Людмила", ""),
                roles: vec![zhurnal::domain::roles::Role::Deputy],
                student_id: None,
            },
        )
        .expect("deputy");
    let deputy = f.store.actor(deputy_login).expect("deputy");
    assert!(
        f.store
            .unlock_period(&deputy, f.algebra, p1.id, "  ")
            .is_err(),
        "a reason is needed"
    );
    f.store
        .unlock_period(&deputy, f.algebra, p1.id, "исправление ошибки по заявлению")
        .expect("unlock");
    f.store
        .add_marks(
            &teacher,
            lesson1,
            f.student,
            &five(),
            None,
            Expect::Anything,
        )
        .expect("open again");
    f.store
        .relock_period(&deputy, f.algebra, p1.id, "исправлено")
        .expect("relock");
    assert!(
        f.store
            .add_marks(
                &teacher,
                lesson1,
                f.student,
                &five(),
                None,
                Expect::Anything
            )
            .is_err()
    );
    let conn = rusqlite::Connection::open(f.store.path()).expect("open");
    let audit: Vec<(String, String)> = conn
        .prepare("SELECT actor, action, new_value FROM audit WHERE entity = 'period' ORDER BY id")
        .expect("prepare")
        .query_map([], |r| {
            let new: String = r.get(2)?;
            Ok((r.get(0)?, format!("{} {new}", r.get::<_, String>(1)?)))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        audit,
        vec![
            (
                "zam".to_string(),
                "unlock 1 четверть 2025/26: исправление ошибки по заявлению".to_string()
            ),
            (
                "zam".to_string(),
                "lock 1 четверть 2025/26: исправлено".to_string()
            )
        ]
    );
}

/// A final changed since it was seen names who changed that final: not whoever last
/// set another period's final of the same course and student.
#[test]
fn a_finals_conflict_names_who_set_that_period() {
    use zhurnal::domain::marks::FinalValue;
    let mut f = fixture();
    let teacher = f.store.actor("teacher").expect("teacher");
    // In the second quarter's last weeks.
    f.store.set_today(Some(date("2025-12-20")));
    let p2 = period(&f, 2).id;
    let five = FinalValue::parse("5").expect("5");
    f.store
        .set_final(
            &teacher,
            f.algebra,
            f.student,
            Some(p2),
            Some(five),
            Expect::Anything,
        )
        .expect("the teacher sets the quarter");
    // Later, someone else's change to the year's final of the same course and student
    // (written as the store writes it).
    let conn = rusqlite::Connection::open(f.store.path()).expect("open");
    conn.execute(
        "INSERT INTO audit (at, actor, action, entity, entity_id, student_id, course_id, new_value)
         VALUES ('2025-12-01 10:00:00', 'admin', 'set', 'final', NULL, ?1, ?2, '5')",
        rusqlite::params![f.student, f.algebra],
    )
    .expect("audit row");
    let err = f
        .store
        .set_final(
            &teacher,
            f.algebra,
            f.student,
            Some(p2),
            Some(five),
            Expect::Seen(&None),
        )
        .expect_err("the quarter's final was not empty");
    match err {
        StoreError::Conflict { by, .. } => assert_eq!(by, "teacher"),
        other => panic!("{other}"),
    }
}
