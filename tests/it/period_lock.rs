//! A period closed early (a deputy's check of the journal while the quarter runs): the
//! store really closes it — marks, attendance and finals refused with who closed it and
//! why — until it is opened again; both directions carry a reason, audited with the
//! period named. The same through the command line.

use chrono::NaiveDate;
use zhurnal::domain::RuleError;
use zhurnal::domain::marks::MarkValue;
use zhurnal::store::lock::Lockable;
use zhurnal::store::marks::Expect;
use zhurnal::store::{Store, StoreError};

use crate::common::TestJournal;

const TODAY: &str = "2025-12-15";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn store(j: &TestJournal) -> Store {
    let mut s = j.store();
    s.set_today(Some(day(TODAY)));
    s
}

#[test]
fn closing_the_running_quarter_refuses_marks_until_it_is_opened_again() {
    let j = TestJournal::demo();
    let mut store = store(&j);
    let deputy = store.actor("deputy").expect("deputy");
    let teacher = store.actor("teacher").expect("teacher");
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let q2 = store
        .course_periods(course.id)
        .expect("periods")
        .into_iter()
        .find(|p| p.num == 2)
        .expect("2nd quarter");
    let year = store.current_year().expect("year");
    let student = store
        .course_students(course.id, year.start, year.end)
        .expect("students")[0]
        .id;
    let lesson = store
        .lessons_on(course.id, day("2025-12-15"))
        .expect("lessons")[0]
        .id;
    let five = [MarkValue::new(5).expect("5")];
    assert!(!store.period_locked(course.id, &q2).expect("state"));

    // No reason, no lock; a teacher may not.
    let err = store
        .relock(&deputy, course.id, Lockable::Period(q2.id), " ")
        .expect_err("no reason");
    assert!(err.to_string().contains("укажите причину"), "{err}");
    store
        .relock(&teacher, course.id, Lockable::Period(q2.id), "проверка")
        .expect_err("a teacher");

    store
        .relock(
            &deputy,
            course.id,
            Lockable::Period(q2.id),
            "проверка журнала",
        )
        .expect("closed early");
    assert!(store.period_locked(course.id, &q2).expect("state"));
    let err = store
        .add_marks(&teacher, lesson, student, &five, None, Expect::Anything)
        .expect_err("closed");
    assert!(
        matches!(
            &err,
            StoreError::Rule(RuleError::PeriodLocked { num: 2, .. })
        ),
        "{err}"
    );
    let words = err.to_string();
    assert!(
        words.contains("«2 четверть» закрыт досрочно") && words.contains("проверка журнала"),
        "{words}"
    );
    assert!(store.cell_marks(lesson, student).expect("cell").is_empty());
    // Closed twice: said so, nothing recorded.
    let err = store
        .relock(&deputy, course.id, Lockable::Period(q2.id), "ещё раз")
        .expect_err("already");
    assert!(err.to_string().contains("и так закрыт"), "{err}");
    let notes = store.period_notes(q2.id).expect("notes");
    assert_eq!(notes.len(), 1);
    assert!(notes[0].closed && notes[0].actor == "deputy" && notes[0].reason == "проверка журнала");

    store
        .unlock(
            &deputy,
            course.id,
            Lockable::Period(q2.id),
            "проверка окончена",
        )
        .expect("opened");
    store
        .add_marks(&teacher, lesson, student, &five, None, Expect::Anything)
        .expect("open again");
    // Opened again, it is open by the calendar only: nothing recorded that would
    // outlast the deadline; opening an open period changes nothing.
    assert!(store.period_notes(q2.id).expect("notes").is_empty());
    assert_eq!(
        store
            .set_open(
                &deputy,
                &[course.id],
                Lockable::Period(q2.id),
                true,
                "ещё",
                None
            )
            .expect("open"),
        0
    );
    // Past the deadline the quarter closes as any other.
    store.set_today(Some(day("2026-01-05")));
    let err = store
        .add_marks(&teacher, lesson, student, &five, None, Expect::Anything)
        .expect_err("closed by the calendar");
    assert!(
        matches!(
            &err,
            StoreError::Rule(RuleError::PeriodClosed { num: 2, .. })
        ),
        "{err}"
    );
    store.set_today(Some(day(TODAY)));
    let audit = j.audit();
    let of = |action: &str| {
        audit
            .iter()
            .filter(|r| r.action == action && r.entity == "period" && r.actor == "deputy")
            .filter_map(|r| r.new.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("lock"), vec!["2 четверть 2025/26: проверка журнала"]);
    assert_eq!(of("unlock"), vec!["2 четверть 2025/26: проверка окончена"]);
}

#[test]
fn the_command_line_locks_the_running_quarter_with_a_reason() {
    let j = TestJournal::demo();
    let period = |what: &str, reason: &str| {
        j.run(&[
            "period",
            what,
            "--as",
            "deputy",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--period",
            "2",
            "--reason",
            reason,
            "--today",
            TODAY,
        ])
    };
    let mark = || {
        j.run(&[
            "mark",
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-12-12",
            "--student",
            "Алексеева",
            "--yes",
            "4",
            "--today",
            TODAY,
        ])
    };
    let out = period("lock", "проверка журнала");
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    assert!(
        crate::common::stdout(&out).contains("7Б Алгебра: «2 четверть» закрыт"),
        "{}",
        crate::common::stdout(&out)
    );
    let refused = mark();
    assert!(!refused.status.success());
    let err = crate::common::stderr(&refused);
    assert!(
        err.contains("закрыт досрочно") && err.contains("проверка журнала"),
        "{err}"
    );
    let out = period("unlock", "проверка окончена");
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let out = mark();
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    assert_eq!(
        j.count_audit(|r| r.action == "lock"
            && r.new.as_deref() == Some("2 четверть 2025/26: проверка журнала")),
        1
    );
}

#[test]
fn the_last_period_closed_early_holds_the_year_finals_too() {
    let j = TestJournal::demo();
    let mut store = j.store();
    // In the year finals' window: the 4th quarter's last weeks.
    store.set_today(Some(day("2026-05-20")));
    let deputy = store.actor("deputy").expect("deputy");
    let teacher = store.actor("teacher").expect("teacher");
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let q4 = store
        .course_periods(course.id)
        .expect("periods")
        .into_iter()
        .last()
        .expect("the last quarter");
    let year = store.current_year().expect("year");
    let student = store
        .course_students(course.id, year.start, year.end)
        .expect("students")[0]
        .id;
    let four = Some(zhurnal::domain::marks::FinalValue::Mark(
        MarkValue::new(4).expect("4"),
    ));
    // The year's finals alone cannot be closed while the calendar keeps them open;
    // the refusal says what does it.
    let err = store
        .relock(&deputy, course.id, Lockable::Year, "проверка")
        .expect_err("open by the calendar");
    assert!(
        err.to_string().contains("закрытие последнего периода"),
        "{err}"
    );
    store
        .relock(&deputy, course.id, Lockable::Period(q4.id), "проверка")
        .expect("closed early");
    let err = store
        .set_final(&teacher, course.id, student, None, four, Expect::Anything)
        .expect_err("held with the last quarter");
    assert!(err.to_string().contains("закрыт досрочно"), "{err}");
    store
        .unlock(
            &deputy,
            course.id,
            Lockable::Period(q4.id),
            "проверка окончена",
        )
        .expect("opened");
    store
        .set_final(&teacher, course.id, student, None, four, Expect::Anything)
        .expect("open again");
}

#[test]
fn an_opening_until_a_day_closes_by_itself_after_it() {
    let j = TestJournal::demo();
    let mark_on = |today: &str| {
        j.run(&[
            "mark",
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-10-20",
            "--student",
            "Алексеева",
            "--yes",
            "4",
            "--today",
            today,
        ])
    };
    // The 1st quarter closed on 29.10.
    assert!(!mark_on(TODAY).status.success());
    let unlock = |until: &str| {
        j.run(&[
            "period",
            "unlock",
            "--as",
            "deputy",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--period",
            "1",
            "--reason",
            "опоздание с отметками",
            "--until",
            until,
            "--today",
            TODAY,
        ])
    };
    let refused = unlock("14.12.2025");
    assert!(!refused.status.success());
    assert!(
        crate::common::stderr(&refused).contains("не раньше сегодняшнего дня"),
        "{}",
        crate::common::stderr(&refused)
    );
    let out = unlock("16.12.2025");
    assert!(out.status.success(), "{}", crate::common::stderr(&out));
    let ok = mark_on(TODAY);
    assert!(ok.status.success(), "{}", crate::common::stderr(&ok));
    assert!(mark_on("2025-12-16").status.success());
    let err = crate::common::stderr(&mark_on("2025-12-17"));
    assert!(err.contains("«1 четверть» закрыт"), "{err}");
    assert_eq!(
        j.count_audit(|r| r.action == "unlock"
            && r.new.as_deref()
                == Some("1 четверть 2025/26: опоздание с отметками (до 16.12.2025)")),
        1
    );
}
