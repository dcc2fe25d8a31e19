//! Imports through the real binary: good files in every accepted shape, and bad files
//! that report `FILE:LINE` and change nothing.

use crate::common;

use common::*;

#[test]
fn mini_school_imports_and_checks() {
    let j = TestJournal::mini();
    let out = j.ok(&["check"]);
    assert!(out.contains("Проверка пройдена"), "{out}");
    let counts = table_counts(j.db());
    let get = |t: &str| {
        counts
            .iter()
            .find(|c| c.0 == t)
            .map(|c| c.1)
            .expect("table")
    };
    assert_eq!(get("student"), 5, "cp1251, semicolons and CRLF were read");
    assert_eq!(get("course"), 4);
    assert_eq!(get("plan_item"), 3);
    assert!(
        get("lesson") > 150,
        "lessons derived from the timetable: {}",
        get("lesson")
    );
    assert!(get("audit") > 10, "imports are audited");
}

#[test]
fn reimport_changes_nothing_instead_of_duplicating() {
    let j = TestJournal::mini();
    let before = table_counts(j.db());
    let staff = fixture("mini").join("staff.csv");
    let out = j.ok(&["import", "staff", staff.to_str().expect("p")]);
    assert!(
        out.contains("создано 0, изменено 0, без изменений 5"),
        "{out}"
    );
    // Nothing changed, so nothing is written: not even an audit row.
    assert_eq!(before, table_counts(j.db()));
}

/// Each bad file: its messages (file and line) and an untouched journal.
#[test]
fn bad_files_report_every_row_and_change_nothing() {
    let j = TestJournal::mini();
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "students",
            "students-bad-rows.csv",
            &[
                "students-bad-rows.csv:3: «15А» — не класс",
                "students-bad-rows.csv:4: не указаны фамилия или имя",
                "students-bad-rows.csv:5: «31.02.2012» — не дата",
            ],
        ),
        (
            "students",
            "students-bad-header.csv",
            &[
                "students-bad-header.csv:1: неизвестный столбец «familiya»",
                "students-bad-header.csv:1: нет обязательного столбца «last_name»",
            ],
        ),
        (
            "courses",
            "courses-bad.csv",
            &["courses-bad.csv:4: «hours»: «много» — не число"],
        ),
        (
            "timetable",
            "timetable-bad.csv",
            &["timetable-bad.csv:3: «Funday» — не день недели"],
        ),
        (
            "timetable",
            "timetable-clash.csv",
            &["timetable-clash.csv:3: у 7Б уже есть урок в этот день и час (строка 2)"],
        ),
        (
            "plan",
            "plan-bad.csv",
            &[
                "plan-bad.csv:3: номер темы 1 уже был в строке 2",
                "plan-bad.csv:4: «x» — не номер темы",
            ],
        ),
    ];
    for (kind, file, expected) in cases {
        let before = table_counts(j.db());
        let path = fixture("bad").join(file);
        let mut args = vec![
            "import",
            kind,
            path.to_str().expect("p"),
            "--db",
            j.db_str(),
        ];
        if kind == "plan" {
            args.extend(["--class", "7Б", "--subject", "Алгебра"]);
        }
        let o = zhurnal(j.dir(), &args);
        let err = stderr(&o);
        assert!(!o.status.success(), "{file} must fail");
        for e in expected {
            let with_dir = format!("{}", fixture("bad").join(e).display());
            assert!(
                err.contains(&with_dir),
                "{file}: expected «{with_dir}» in:\n{err}"
            );
        }
        assert!(err.contains("журнал не изменён"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(before, table_counts(j.db()), "{file} changed the journal");
    }
}

#[test]
fn unknown_references_are_row_errors() {
    let j = TestJournal::mini();
    let path = fixture("bad").join("courses-bad.csv");
    // The unparsable hours line removed, the rest refers to nobody and nothing.
    let text = std::fs::read_to_string(&path).expect("read");
    let trimmed: Vec<&str> = text.lines().take(3).collect();
    let file = j.dir().join("courses-refs.csv");
    std::fs::write(&file, trimmed.join("\n")).expect("write");
    let o = j.run(&["import", "courses", file.to_str().expect("p")]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(
        err.contains("courses-refs.csv:2: учитель «nobody» не найден"),
        "{err}"
    );
    assert!(
        err.contains("courses-refs.csv:3: класс 9В не найден"),
        "{err}"
    );
}

#[test]
fn dry_run_changes_nothing() {
    let j = TestJournal::mini();
    let file = j.dir().join("more.csv");
    std::fs::write(&file, "class,last_name,first_name\n7Б,Новиков,Глеб\n").expect("write");
    let before = table_counts(j.db());
    let out = j.ok(&["import", "students", file.to_str().expect("p"), "--dry-run"]);
    assert!(out.contains("будет создано 1"), "{out}");
    assert_eq!(before, table_counts(j.db()));
}

#[test]
fn bad_school_file_names_its_line_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("x.sqlite");
    let school = fixture("bad").join("school-bad.toml");
    let o = zhurnal(
        dir.path(),
        &[
            "init",
            "--db",
            db.to_str().expect("p"),
            "--school",
            school.to_str().expect("p"),
        ],
    );
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(err.contains("school-bad.toml:5:"), "{err}");
    assert!(!db.exists(), "no half-made journal");
}

/// Writes `text` into the test's folder and imports it as students with `extra` flags.
fn students(j: &TestJournal, name: &str, bytes: &[u8], extra: &[&str]) -> std::process::Output {
    let file = j.dir().join(name);
    std::fs::write(&file, bytes).expect("write");
    j.run(
        &[
            &["import", "students", file.to_str().expect("path")][..],
            extra,
        ]
        .concat(),
    )
}

fn count(j: &TestJournal, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

#[test]
fn a_latin_class_letter_is_read_as_cyrillic_and_said() {
    let j = TestJournal::mini();
    let classes = count(&j, "SELECT count(*) FROM class");
    let text = "class,last_name,first_name\n1A,Новиков,Глеб\n";
    let o = students(&j, "s.csv", text.as_bytes(), &["--dry-run"]);
    let out = stdout(&o);
    assert!(
        out.contains("! строка 2: «1A» прочитано как «1А» (латинская буква)"),
        "{out}"
    );
    let o = students(&j, "s.csv", text.as_bytes(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        count(&j, "SELECT count(*) FROM class"),
        classes,
        "no look-alike class"
    );
    assert_eq!(
        count(
            &j,
            "SELECT count(*) FROM enrollment e JOIN class k ON k.id = e.class_id
             JOIN student s ON s.id = e.student_id WHERE k.letter = 'А' AND s.last_name = 'Новиков'"
        ),
        1
    );
}

#[test]
fn a_class_the_school_lacks_is_created_only_when_asked() {
    let j = TestJournal::mini();
    let text = "Класс;Фамилия;Имя\n7Б;Новиков;Глеб\n8Я;Петров;Пётр\n";
    let o = students(&j, "new.csv", text.as_bytes(), &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("new.csv:3: класса 8Я в школе нет"), "{err}");
    assert_eq!(
        count(
            &j,
            "SELECT count(*) FROM student WHERE last_name = 'Новиков'"
        ),
        0
    );

    let o = students(
        &j,
        "new.csv",
        text.as_bytes(),
        &["--new-classes", "--dry-run"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("! строка 3: будет создан класс 8Я"),
        "{}",
        stdout(&o)
    );
    let o = students(&j, "new.csv", text.as_bytes(), &["--new-classes"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        count(
            &j,
            "SELECT count(*) FROM class WHERE grade = 8 AND letter = 'Я'"
        ),
        1
    );
}

#[test]
fn a_student_imported_mid_year_is_enrolled_from_the_import_day() {
    let j = TestJournal::mini();
    let text = "class,last_name,first_name\n7Б,Новиков,Глеб\n";
    let o = students(&j, "s.csv", text.as_bytes(), &["--dry-run"]);
    assert!(
        stdout(&o).contains("7Б Новиков Глеб, с 20.11.2025"),
        "{}",
        stdout(&o)
    );
    students(&j, "s.csv", text.as_bytes(), &[]);
    let text = "class,last_name,first_name\n7Б,Орлов,Олег\n";
    let o = students(&j, "s2.csv", text.as_bytes(), &["--from", "2025-12-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let start = |name: &str| {
        let conn = rusqlite::Connection::open(j.db()).expect("open");
        conn.query_row(
            "SELECT e.start_date FROM enrollment e JOIN student s ON s.id = e.student_id
             WHERE s.last_name = ?1",
            [name],
            |r| r.get::<_, String>(0),
        )
        .expect("enrolled")
    };
    assert_eq!(start("Новиков"), TODAY, "today, not 1 September");
    assert_eq!(start("Орлов"), "2025-12-01");
}

/// README's own header has no groups column: every student keeps their groups.
#[test]
fn a_column_the_file_lacks_changes_nothing() {
    let j = TestJournal::mini();
    let groups = count(&j, "SELECT count(*) FROM subgroup_member");
    assert!(groups > 0);
    let text = "Класс;Фамилия;Имя;Отчество;Дата рождения\n\
                7Б;Алексеев;Борис;Игоревич;12.03.2012\n\
                7Б;Белова;Дарья;Олеговна;01.07.2012\n";
    let o = students(&j, "readme.csv", text.as_bytes(), &["--dry-run"]);
    assert!(
        stdout(&o).contains("изменено 0, без изменений 2"),
        "{}",
        stdout(&o)
    );
    let o = students(&j, "readme.csv", text.as_bytes(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count(&j, "SELECT count(*) FROM subgroup_member"), groups);
}

#[test]
fn a_stray_byte_is_refused_and_a_1251_file_is_said() {
    let j = TestJournal::mini();
    let mut bytes = "class,last_name,first_name\n7Б,Новиков,Глеб\n7Б,Орлов,Олег\n"
        .as_bytes()
        .to_vec();
    let at = bytes.len() - 3;
    bytes.insert(at, 0xB9);
    let o = students(&j, "stray.csv", &bytes, &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("stray.csv:3: байт 0xB9 — не UTF-8"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        count(
            &j,
            "SELECT count(*) FROM student WHERE last_name = 'Новиков'"
        ),
        0
    );

    let (cp, _, _) = encoding_rs::WINDOWS_1251.encode("Класс;Фамилия;Имя\n7Б;Новиков;Глеб\n");
    let o = students(&j, "cp.csv", &cp, &["--dry-run"]);
    assert!(
        stdout(&o).contains("! файл не в UTF-8: прочитан как Windows-1251"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_closed_pipe_ends_a_listing_quietly() {
    let j = TestJournal::mini();
    // The reader is gone before zhurnal has opened the journal: its first line meets a
    // closed pipe.
    let o = command(j.dir(), "bash")
        .arg("-c")
        .arg("set -o pipefail; \"$0\" --db \"$1\" user list | true")
        .arg(env!("CARGO_BIN_EXE_zhurnal"))
        .arg(j.db())
        .output()
        .expect("bash");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.is_empty(), "{err}");
}
