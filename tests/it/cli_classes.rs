//! Class lists, student movement by order and class/course teachers from the command line.

use crate::common;

use common::*;

#[test]
fn students_arrive_move_and_leave_by_order_and_the_history_keeps_it() {
    let j = TestJournal::mini();
    j.ok(&[
        "student",
        "arrive",
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
    ]);
    let list = j.ok(&["class", "show", "7Б"]);
    assert!(list.contains("Новиков Глеб Ильич"), "{list}");
    // In group 1: the English group 1 takes his marks from his first day.
    j.ok(&[
        "mark",
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
    ]);
    let o = j.run(&[
        "mark",
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
    ]);
    assert!(
        stderr(&o).contains("не числится в 7Б на 07.11.2025"),
        "before arrival: {}",
        stderr(&o)
    );

    j.ok(&[
        "student",
        "transfer",
        "7Б Волков",
        "--to",
        "1А",
        "--date",
        "2025-12-01",
        "--order",
        "Приказ № 40-у",
    ]);
    j.ok(&[
        "student",
        "depart",
        "7Б Белова",
        "--date",
        "2025-12-15",
        "--order",
        "Приказ № 44-у",
    ]);
    let h = j.ok(&["student", "history", "1А Волков"]);
    assert!(
        h.contains("7Б: с 01.09.2025 (зачислен")
            && h.contains("до 01.12.2025 (переведён, Приказ № 40-у)"),
        "{h}"
    );
    assert!(
        h.contains("1А: с 01.12.2025 (переведён, Приказ № 40-у)"),
        "{h}"
    );
    let list = j.ok(&["class", "show", "7Б"]);
    assert!(
        !list.contains("Волков") && !list.contains("Белова"),
        "{list}"
    );
    j.ok(&["check"]);

    // Moving a student who is not there, or to a class that does not exist.
    let o = j.run(&[
        "student",
        "transfer",
        "7Б Волков",
        "--to",
        "1А",
        "--date",
        "2025-12-20",
        "--order",
        "x",
    ]);
    assert!(
        stderr(&o).contains("нет ученика «7Б Волков»"),
        "{}",
        stderr(&o)
    );
    let o = j.run(&[
        "student",
        "transfer",
        "7Б Алексеев",
        "--to",
        "9Я",
        "--date",
        "2025-12-20",
        "--order",
        "x",
    ]);
    assert!(stderr(&o).contains("нет класса 9Я"), "{}", stderr(&o));
    let o = j.run(&[
        "student",
        "depart",
        "7Б Алексеев",
        "--date",
        "2025-08-01",
        "--order",
        "x",
    ]);
    assert!(!o.status.success(), "leaving before arriving is refused");
    let o = j.run(&[
        "student",
        "depart",
        "7Б Алексеев",
        "--as",
        "teacher",
        "--date",
        "2025-12-20",
        "--order",
        "x",
    ]);
    assert!(
        stderr(&o).contains("только администратор"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn class_and_course_teachers_change_and_the_rights_follow() {
    let j = TestJournal::mini();
    let list = j.ok(&["class", "list"]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("7Б") && l.contains("Грачёв И.С.")),
        "{list}"
    );
    j.ok(&["class", "teacher", "7Б", "other"]);
    let store = zhurnal::store::Store::open(j.db()).expect("open");
    assert_eq!(store.actor("other").expect("other").homeroom.len(), 1);
    assert!(store.actor("classteacher").expect("ct").homeroom.is_empty());
    drop(store);
    j.ok(&[
        "course",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "classteacher",
    ]);
    let o = j.run(&[
        "mark",
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
    ]);
    assert!(stderr(&o).contains("нет прав"), "{}", stderr(&o));
    j.ok(&[
        "mark",
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
    ]);
    let o = j.run(&["class", "teacher", "7Б", "parent"]);
    assert!(stderr(&o).contains("не сотрудник школы"), "{}", stderr(&o));
}
