//! Class lists, student movement by order and class/course teachers from the command line.

mod common;

use common::*;

#[test]
fn students_arrive_move_and_leave_by_order_and_the_history_keeps_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    let d = db.to_str().expect("path");
    ok(
        dir.path(),
        &[
            "student",
            "arrive",
            "--db",
            d,
            "--name",
            "Новиков Глеб Ильич",
            "--class",
            "7Б",
            "--date",
            "2025-11-10",
            "--order",
            "Приказ № 31-у",
            "--group",
            "1",
        ],
    );
    let list = ok(dir.path(), &["class", "show", "7Б", "--db", d]);
    assert!(list.contains("Новиков Глеб Ильич"), "{list}");
    // In group 1: the English group 1 takes his marks from his first day.
    ok(
        dir.path(),
        &[
            "mark",
            "--db",
            d,
            "--as",
            "other",
            "--class",
            "7Б",
            "--subject",
            "Английский язык",
            "--group",
            "1",
            "--date",
            "2025-11-11",
            "--student",
            "Новиков",
            "5",
        ],
    );
    let o = zhurnal(
        dir.path(),
        &[
            "mark",
            "--db",
            d,
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-11-07",
            "--student",
            "Новиков",
            "5",
        ],
    );
    assert!(
        stderr(&o).contains("не числится в 7Б на 07.11.2025"),
        "before arrival: {}",
        stderr(&o)
    );

    ok(
        dir.path(),
        &[
            "student",
            "transfer",
            "7Б Волков",
            "--db",
            d,
            "--to",
            "1А",
            "--date",
            "2025-12-01",
            "--order",
            "Приказ № 40-у",
        ],
    );
    ok(
        dir.path(),
        &[
            "student",
            "depart",
            "7Б Белова",
            "--db",
            d,
            "--date",
            "2025-12-15",
            "--order",
            "Приказ № 44-у",
        ],
    );
    let h = ok(dir.path(), &["student", "history", "1А Волков", "--db", d]);
    assert!(
        h.contains("7Б: с 01.09.2025 (зачислен")
            && h.contains("до 01.12.2025 (переведён, Приказ № 40-у)"),
        "{h}"
    );
    assert!(
        h.contains("1А: с 01.12.2025 (переведён, Приказ № 40-у)"),
        "{h}"
    );
    let list = ok(dir.path(), &["class", "show", "7Б", "--db", d]);
    assert!(
        !list.contains("Волков") && !list.contains("Белова"),
        "{list}"
    );
    ok(dir.path(), &["check", "--db", d]);

    // Moving a student who is not there, or to a class that does not exist.
    let o = zhurnal(
        dir.path(),
        &[
            "student",
            "transfer",
            "7Б Волков",
            "--db",
            d,
            "--to",
            "1А",
            "--date",
            "2025-12-20",
            "--order",
            "x",
        ],
    );
    assert!(
        stderr(&o).contains("нет ученика «7Б Волков»"),
        "{}",
        stderr(&o)
    );
    let o = zhurnal(
        dir.path(),
        &[
            "student",
            "transfer",
            "7Б Алексеев",
            "--db",
            d,
            "--to",
            "9Я",
            "--date",
            "2025-12-20",
            "--order",
            "x",
        ],
    );
    assert!(stderr(&o).contains("нет класса 9Я"), "{}", stderr(&o));
    let o = zhurnal(
        dir.path(),
        &[
            "student",
            "depart",
            "7Б Алексеев",
            "--db",
            d,
            "--date",
            "2025-08-01",
            "--order",
            "x",
        ],
    );
    assert!(!o.status.success(), "leaving before arriving is refused");
    let o = zhurnal(
        dir.path(),
        &[
            "student",
            "depart",
            "7Б Алексеев",
            "--db",
            d,
            "--as",
            "teacher",
            "--date",
            "2025-12-20",
            "--order",
            "x",
        ],
    );
    assert!(
        stderr(&o).contains("только администратор"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn class_and_course_teachers_change_and_the_rights_follow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    let d = db.to_str().expect("path");
    let list = ok(dir.path(), &["class", "list", "--db", d]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("7Б") && l.contains("Грачёв И.С.")),
        "{list}"
    );
    ok(dir.path(), &["class", "teacher", "7Б", "other", "--db", d]);
    let store = zhurnal::store::Store::open(&db).expect("open");
    assert_eq!(store.actor("other").expect("other").homeroom.len(), 1);
    assert!(store.actor("classteacher").expect("ct").homeroom.is_empty());
    drop(store);
    ok(
        dir.path(),
        &[
            "course",
            "teacher",
            "--db",
            d,
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "classteacher",
        ],
    );
    let o = zhurnal(
        dir.path(),
        &[
            "mark",
            "--db",
            d,
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-11-10",
            "--student",
            "Алексеев",
            "5",
        ],
    );
    assert!(stderr(&o).contains("нет прав"), "{}", stderr(&o));
    ok(
        dir.path(),
        &[
            "mark",
            "--db",
            d,
            "--as",
            "classteacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-11-10",
            "--student",
            "Алексеев",
            "5",
        ],
    );
    let o = zhurnal(dir.path(), &["class", "teacher", "7Б", "parent", "--db", d]);
    assert!(stderr(&o).contains("не сотрудник школы"), "{}", stderr(&o));
}
