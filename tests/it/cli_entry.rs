//! `mark`, `attend` and `export journal` through the real binary: the rules, the
//! permissions and the audit apply as they do in the grid.

use crate::common;

use common::*;

fn audit_rows(db: &std::path::Path, entity: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut st = conn
        .prepare("SELECT actor, old_value, new_value FROM audit WHERE entity = ?1 ORDER BY id")
        .expect("prepare");
    st.query_map([entity], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

const CELL: [&str; 8] = [
    "--class",
    "7Б",
    "--subject",
    "Алгебра",
    "--date",
    "2025-11-10",
    "--student",
    "Алексеев",
];

#[test]
fn teacher_marks_and_the_export_shows_it() {
    let j = TestJournal::mini();
    let mut args = vec!["mark", "--db", j.db_str(), "--as", "teacher"];
    args.extend(CELL);
    args.extend(["5", "4", "--work-type", "СР"]);
    let out = ok(j.dir(), &args);
    assert!(
        out.contains("сохранено: Алексеев Борис Игоревич — 5 4"),
        "{out}"
    );

    let mut args = vec!["attend", "--db", j.db_str(), "--as", "teacher"];
    args.extend([
        "--class",
        "7Б",
        "--subject",
        "алгебра",
        "--date",
        "12.11.2025",
        "--student",
        "Белова",
        "Н",
    ]);
    ok(j.dir(), &args);

    let csv = j.ok(&[
        "export",
        "journal",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--period",
        "2",
        "--csv",
        "plain",
    ]);
    let mut lines = csv.lines();
    let header = lines.next().expect("header");
    assert!(
        header.starts_with("Ученик,2025-11-05,2025-11-07,2025-11-10,2025-11-12,"),
        "{header}"
    );
    assert!(header.ends_with(",Средний балл,Итоговая"), "{header}");
    // Mon, Wed, Fri from 05.11 to 28.12: 11 in November, 12 in December.
    assert_eq!(header.split(',').count(), 1 + 23 + 2, "{header}");
    let alexeev = lines.next().expect("row");
    assert!(
        alexeev.starts_with("Алексеев Борис Игоревич,,,5 4,,"),
        "{alexeev}"
    );
    assert!(
        alexeev.contains(",4.50,"),
        "weighted average of 5 and 4 (same weight): {alexeev}"
    );
    let belova = lines.next().expect("row");
    assert!(
        belova.starts_with("Белова Дарья Олеговна,,,,Н,"),
        "{belova}"
    );

    let marks = audit_rows(j.db(), "mark");
    assert_eq!(marks.len(), 2);
    assert_eq!(marks[0], ("teacher".into(), None, Some("5 СР".into())));
    let att = audit_rows(j.db(), "attendance");
    assert_eq!(att, vec![("teacher".into(), None, Some("Н".into()))]);

    // Export to a file gives the same bytes.
    let file = j.dir().join("page.csv");
    j.ok(&[
        "export",
        "journal",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--period",
        "2",
        "--csv",
        "plain",
        "-o",
        file.to_str().expect("p"),
    ]);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), csv);
}

#[test]
fn rules_refuse_with_clear_messages_and_write_nothing() {
    let j = TestJournal::mini();
    let before = table_counts(j.db());
    let refuse = |args: &[&str], expect: &str| {
        let o = zhurnal(j.dir(), args);
        let err = stderr(&o);
        assert!(!o.status.success(), "{args:?} must fail");
        assert!(
            err.starts_with("zhurnal: ") && err.contains(expect),
            "{args:?}: expected «{expect}» in {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    };
    let cell = |who: &'static str, extra: &[&'static str]| -> Vec<&str> {
        let mut v = vec!["mark", "--db", j.db_str(), "--as", who];
        v.extend(CELL);
        v.extend(extra);
        v
    };
    refuse(&cell("teacher", &["6"]), "«6» — не отметка");
    refuse(&cell("other", &["5"]), "нет прав");
    refuse(&cell("parent", &["5"]), "нет прав");
    refuse(&cell("nobody", &["5"]), "нет пользователя «nobody»");
    refuse(
        &cell("teacher", &["5", "--work-type", "Пение"]),
        "нет вида работы «Пение»",
    );
    refuse(
        &[
            "mark",
            "--db",
            j.db_str(),
            "--as",
            "primary",
            "--class",
            "1А",
            "--subject",
            "Математика",
            "--date",
            "2025-11-10",
            "--student",
            "Ёлкина",
            "5",
        ],
        "в 1 классе отметки не ставятся",
    );
    refuse(
        &[
            "mark",
            "--db",
            j.db_str(),
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-10-27",
            "--student",
            "Алексеев",
            "5",
        ],
        "27.10.2025 — каникулы или праздник (Осенние каникулы)",
    );
    refuse(
        &[
            "mark",
            "--db",
            j.db_str(),
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2026-02-23",
            "--student",
            "Алексеев",
            "5",
        ],
        "(День защитника Отечества)",
    );
    refuse(
        &[
            "mark",
            "--db",
            j.db_str(),
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-11-11",
            "--student",
            "Алексеев",
            "5",
        ],
        "нет урока",
    );
    refuse(
        &[
            "mark",
            "--db",
            j.db_str(),
            "--as",
            "other",
            "--class",
            "7Б",
            "--subject",
            "Английский язык",
            "--date",
            "2025-11-11",
            "--student",
            "Алексеев",
            "5",
        ],
        "укажите группу (--group)",
    );
    refuse(
        &[
            "mark",
            "--db",
            j.db_str(),
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
            "Белова",
            "5",
        ],
        "нет ученика «Белова»",
    );
    refuse(
        &cell("teacher", &["5", "--lang", "en", "--work-type", "Singing"]),
        "no work type «Singing»",
    );
    assert_eq!(
        before,
        table_counts(j.db()),
        "refused commands wrote nothing"
    );
}

#[test]
fn grade_one_takes_attendance_and_a_mark_on_an_absent_student_needs_yes() {
    let j = TestJournal::mini();
    j.ok(&[
        "attend",
        "--as",
        "primary",
        "--class",
        "1А",
        "--subject",
        "Математика",
        "--date",
        "2025-11-10",
        "--student",
        "Ёлкина",
        "б",
    ]);
    let mut att = vec!["attend", "--db", j.db_str(), "--as", "teacher"];
    att.extend(CELL);
    att.push("Н");
    ok(j.dir(), &att);
    let mut mark = vec!["mark", "--db", j.db_str(), "--as", "teacher"];
    mark.extend(CELL);
    mark.push("3");
    let o = zhurnal(j.dir(), &mark);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--yes"), "{}", stderr(&o));
    mark.push("--yes");
    ok(j.dir(), &mark);
    // «-» clears, and the audit keeps old and new.
    let mut clear = vec!["attend", "--db", j.db_str(), "--as", "teacher"];
    clear.extend(CELL);
    clear.push("-");
    ok(j.dir(), &clear);
    let rows = audit_rows(j.db(), "attendance");
    assert_eq!(
        rows.last(),
        Some(&("teacher".into(), Some("Н".into()), None))
    );
    assert_eq!(
        rows[0].2.as_deref(),
        Some("Б"),
        "codes are stored as the school writes them"
    );
}

#[test]
fn a_newer_journal_is_refused_and_a_missing_one_named() {
    let j = TestJournal::mini();
    {
        let conn = rusqlite::Connection::open(j.db()).expect("open");
        conn.pragma_update(None, "user_version", 99).expect("bump");
    }
    let o = j.run(&["check"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("более новой версией zhurnal (схема 99"),
        "{}",
        stderr(&o)
    );
    let o = j.run(&["check", "--lang", "en"]);
    assert!(
        stderr(&o).contains("written by a newer zhurnal (schema 99"),
        "{}",
        stderr(&o)
    );
    let o = zhurnal(j.dir(), &["check", "--db", "/nonexistent/j.sqlite"]);
    assert!(
        stderr(&o).contains("файл журнала не найден: /nonexistent/j.sqlite"),
        "{}",
        stderr(&o)
    );
}
