//! The demo school: built from sample-data, valid, realistic and deterministic.

use crate::common;

use common::*;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

/// Every row of the journal's tables as text, password hashes aside (their salt is random).
fn dump(db: &std::path::Path) -> Vec<String> {
    let conn = Connection::open(db).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("tables");
    let mut out = Vec::new();
    for t in tables {
        let mut st = conn
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .expect("select");
        let names: Vec<String> = st.column_names().map(|s| s.to_string()).collect();
        let mut rows = st.query([]).expect("rows");
        while let Some(r) = rows.next().expect("row") {
            let mut line = format!("{t}:");
            for (i, n) in names.iter().enumerate() {
                if t == "users" && n == "password_hash" {
                    continue;
                }
                let v = match r.get_ref(i).expect("value") {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(i) => i.to_string(),
                    ValueRef::Real(f) => f.to_string(),
                    ValueRef::Text(s) => String::from_utf8_lossy(s).into_owned(),
                    ValueRef::Blob(b) => format!("{b:?}"),
                };
                line.push_str(&format!(" {n}={v}"));
            }
            out.push(line);
        }
    }
    out
}

fn scalar(db: &std::path::Path, sql: &str) -> i64 {
    Connection::open(db)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect("scalar")
}

#[test]
fn same_seed_same_journal_other_seed_other_marks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b, c) = (
        dir.path().join("a.sqlite"),
        dir.path().join("b.sqlite"),
        dir.path().join("c.sqlite"),
    );
    for (p, seed) in [(&a, "7"), (&b, "7"), (&c, "8")] {
        ok(
            dir.path(),
            &[
                "demo",
                "--db",
                p.to_str().expect("p"),
                "--until",
                "2025-10-10",
                "--seed",
                seed,
            ],
        );
    }
    let (da, db, dc) = (dump(&a), dump(&b), dump(&c));
    assert!(da.len() > 10_000, "a real history: {} rows", da.len());
    assert!(da == db, "same seed, same journal");
    let marks = |d: &[String]| {
        d.iter()
            .filter(|l| l.starts_with("mark:"))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_ne!(marks(&da), marks(&dc), "another seed, other marks");
}

#[test]
fn demo_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("d.sqlite");
    std::fs::write(&db, b"precious").expect("write");
    let o = zhurnal(
        dir.path(),
        &[
            "demo",
            "--db",
            db.to_str().expect("p"),
            "--until",
            "2025-09-05",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("файл уже существует"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&db).expect("read"), b"precious");
    // Under the usual umask, which would leave it readable by every user: the demo
    // journal is its owner's only all the same.
    ok_with_umask(
        dir.path(),
        "022",
        &[
            "demo",
            "--db",
            db.to_str().expect("p"),
            "--until",
            "2025-09-05",
            "--force",
        ],
    );
    ok(dir.path(), &["check", "--db", db.to_str().expect("p")]);
    #[cfg(unix)]
    assert_eq!(mode(&db), 0o600);
}

/// The default demo journal goes into the user's data folder, made private on the way.
#[cfg(unix)]
#[test]
fn the_default_demo_and_its_folder_are_private() {
    let dir = tempfile::tempdir().expect("tempdir");
    ok_with_umask(dir.path(), "022", &["demo", "--until", "2025-09-05"]);
    let folder = dir.path().join("data/zhurnal");
    let db = folder.join("demo.sqlite");
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(&dir.path().join("data")), 0o700);
    let left: Vec<_> = std::fs::read_dir(&folder)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn demo_to_december_is_valid_and_realistic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("d.sqlite");
    let d = db.to_str().expect("p");
    ok(dir.path(), &["demo", "--db", d, "--until", "2025-12-20"]);
    assert!(ok(dir.path(), &["check", "--db", d]).contains("Проверка пройдена"));

    let students = scalar(&db, "SELECT count(*) FROM student");
    assert!((600..=800).contains(&students), "{students} students");
    let grades = scalar(&db, "SELECT count(DISTINCT grade) FROM class");
    assert_eq!(grades, 11);

    // The journal page of 7Б Алгебра, period 2, is filled.
    let csv = ok(
        dir.path(),
        &[
            "export",
            "journal",
            "--db",
            d,
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--period",
            "2",
            "--csv",
            "plain",
        ],
    );
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows.len() > 20, "{csv}");
    let marks_on_page = rows[1..]
        .iter()
        .flat_map(|r| r.split(',').skip(1))
        .filter(|c| c.chars().any(|ch| ch.is_ascii_digit()))
        .count();
    assert!(marks_on_page > 100, "{marks_on_page} filled cells:\n{csv}");

    // `teacher` teaches 7Б Алгебра, their first lesson on Mondays.
    let first_monday = scalar(
        &db,
        "SELECT count(*) FROM timetable t JOIN course c ON c.id = t.course_id JOIN subject s ON s.id = c.subject_id
         JOIN class k ON k.id = c.class_id JOIN users u ON u.staff_id = c.teacher_id
         WHERE u.login = 'teacher' AND s.name = 'Алгебра' AND k.grade = 7 AND k.letter = 'Б'
           AND t.weekday = 1 AND t.lesson_no = (SELECT min(t2.lesson_no) FROM timetable t2
             JOIN course c2 ON c2.id = t2.course_id WHERE c2.teacher_id = c.teacher_id AND t2.weekday = 1)",
    );
    assert_eq!(first_monday, 1);

    // Every demo login exists and opens with `demo`; parent and student belong to 7Б.
    let conn = Connection::open(&db).expect("open");
    for login in zhurnal::demo::DEMO_LOGINS {
        let hash: String = conn
            .query_row(
                "SELECT password_hash FROM users WHERE login = ?1",
                [login],
                |r| r.get(0),
            )
            .expect(login);
        assert!(zhurnal::auth::verify_password("demo", &hash), "{login}");
    }
    let in_7b = |sql: &str| scalar(&db, sql);
    assert_eq!(
        in_7b("SELECT count(*) FROM users u JOIN enrollment e ON e.student_id = u.student_id JOIN class k ON k.id = e.class_id
               WHERE u.login = 'student' AND k.grade = 7 AND k.letter = 'Б'"),
        1
    );
    assert!(
        in_7b("SELECT count(*) FROM users u JOIN parent_child p ON p.user_id = u.id JOIN enrollment e ON e.student_id = p.student_id
               JOIN class k ON k.id = e.class_id WHERE u.login = 'parent' AND k.grade = 7 AND k.letter = 'Б'") >= 1
    );
    assert_eq!(
        in_7b(
            "SELECT count(*) FROM class k JOIN users u ON u.staff_id = k.teacher_id WHERE u.login = 'classteacher' AND k.grade = 7 AND k.letter = 'Б'"
        ),
        1
    );

    // Realism: grade 1 without marks, runs of illness, varied work types, some students
    // with few marks, movements with orders, finals for the closed first quarter only.
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id WHERE k.grade = 1"
        ),
        0
    );
    assert!(scalar(&db, "SELECT count(*) FROM attendance WHERE code = 'Б'") > 1000);
    assert!(scalar(&db, "SELECT count(DISTINCT work_type_id) FROM mark") >= 6);
    let few = scalar(
        &db,
        "SELECT count(*) FROM (SELECT c.id, e.student_id, (SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id
           WHERE l.course_id = c.id AND m.student_id = e.student_id AND l.date BETWEEN '2025-11-05' AND '2025-12-20') AS n
         FROM course c JOIN class k ON k.id = c.class_id JOIN enrollment e ON e.class_id = c.class_id
         WHERE k.grade > 1 AND c.subgroup_id IS NULL AND e.end_date IS NULL) WHERE n <= 1",
    );
    // Mid-quarter a few students have hardly a mark yet (the ill, the newly arrived, a
    // one-hour subject), not a class's worth in every subject.
    assert!(
        (10..200).contains(&few),
        "{few} student-courses with 0 or 1 marks this quarter"
    );
    for kind in ["departure", "transfer"] {
        assert_eq!(
            scalar(
                &db,
                &format!(
                    "SELECT count(*) FROM enrollment WHERE end_kind = '{kind}' AND end_order LIKE 'Приказ №%'"
                )
            ),
            1,
            "{kind}"
        );
    }
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM enrollment WHERE start_kind = 'arrival'"
        ),
        1
    );
    assert!(
        scalar(
            &db,
            "SELECT count(*) FROM final_mark f JOIN period p ON p.id = f.period_id WHERE p.num = 1"
        ) > 5000
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM final_mark f JOIN period p ON p.id = f.period_id WHERE p.num = 2"
        ),
        0
    );
    assert!(
        scalar(
            &db,
            "SELECT count(*) FROM lesson WHERE topic <> '' AND plan_item_id IS NOT NULL AND date <= '2025-12-20'"
        ) > 2000
    );
    assert!(
        scalar(
            &db,
            "SELECT count(*) FROM lesson WHERE date <= '2025-12-20' AND topic = ''"
        ) > 0,
        "some topics missing, for the reports"
    );
}

#[test]
fn the_demo_has_announcements_and_an_answered_question() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("d.sqlite");
    let d = db.to_str().expect("p");
    ok(dir.path(), &["demo", "--db", d, "--until", "2025-12-11"]);
    let run = |args: &[&str]| {
        ok(
            dir.path(),
            &[&["--db", d, "--today", "2025-12-11"], args].concat(),
        )
    };
    // The parent: the maths teacher's answer waits unread; the school's notice and
    // the class's meeting (Friday, in the calendar) reach them, the staff meeting not.
    let list = run(&["message", "list", "--as", "parent"]);
    assert!(
        list.contains("Контрольная по алгебре") && list.contains("1 нов"),
        "{list}"
    );
    let news = run(&["announcements", "--as", "parent"]);
    assert!(
        news.contains("Конкурс чтецов") && news.contains("Родительское собрание"),
        "{news}"
    );
    assert!(!news.contains("Педагогический совет"), "{news}");
    let week = run(&["announcements", "--week", "2025-12-08", "--as", "parent"]);
    assert!(week.contains("[12.12.2025]"), "{week}");
    // The teacher has read the question and sees that her answer is not read yet.
    let list = run(&["message", "list", "--as", "teacher"]);
    assert!(!list.contains("нов"), "{list}");
    let shown = run(&["message", "show", "1", "--as", "teacher"]);
    assert!(shown.contains("не прочитано"), "{shown}");
    assert!(run(&["announcements", "--as", "teacher"]).contains("Педагогический совет"));
    assert!(run(&["check"]).contains("Проверка пройдена"));
}
