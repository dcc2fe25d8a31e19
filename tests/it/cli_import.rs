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
