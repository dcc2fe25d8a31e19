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
        err.contains("courses-refs.csv:3: класса 9В в школе нет"),
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

/// Writes `text` into the test's folder and imports it as `kind` with `extra` flags.
fn import_text(
    j: &TestJournal,
    kind: &str,
    name: &str,
    text: &str,
    extra: &[&str],
) -> std::process::Output {
    let file = j.dir().join(name);
    std::fs::write(&file, text).expect("write");
    j.run(&[&["import", kind, file.to_str().expect("path")][..], extra].concat())
}

/// Imports a file that must pass; its output.
fn imported(j: &TestJournal, kind: &str, name: &str, text: &str, extra: &[&str]) -> String {
    let o = import_text(j, kind, name, text, extra);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

fn text_of(j: &TestJournal, sql: &str) -> String {
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("text")
}

const HOMEROOM_7B: &str = "SELECT u.login FROM class k JOIN users u ON u.staff_id = k.teacher_id
     WHERE k.grade = 7 AND k.letter = 'Б'";

fn roles_of(j: &TestJournal, login: &str) -> String {
    text_of(
        j,
        &format!(
            "SELECT group_concat(role, ' ') FROM (SELECT r.role FROM user_role r
             JOIN users u ON u.id = r.user_id WHERE u.login = '{login}' ORDER BY r.role)"
        ),
    )
}

#[test]
fn a_staff_file_without_roles_homeroom_or_patronymic_keeps_them() {
    let j = TestJournal::mini();
    let (admin, class_teacher) = (roles_of(&j, "admin"), roles_of(&j, "classteacher"));
    assert!(class_teacher.contains("class_teacher"), "{class_teacher}");
    let bare = "login,last_name,first_name\nclassteacher,Грачёв,Илья\nadmin,Админов,Алексей\n";
    let out = imported(&j, "staff", "bare.csv", bare, &["--dry-run", "-v"]);
    assert!(out.contains("изменено 0, без изменений 2"), "{out}");
    imported(&j, "staff", "bare.csv", bare, &[]);
    assert_eq!(text_of(&j, HOMEROOM_7B), "classteacher");
    assert_eq!(
        roles_of(&j, "admin"),
        admin,
        "no «teacher» instead of «admin»"
    );
    assert_eq!(roles_of(&j, "classteacher"), class_teacher);
    assert_eq!(
        text_of(
            &j,
            "SELECT patronymic FROM staff WHERE last_name = 'Грачёв'"
        ),
        "Семёнович"
    );

    // Roles given, homeroom not: the roles change, the class stays.
    let roles = "login,last_name,first_name,patronymic,roles\nclassteacher,Грачёв,Илья,Семёнович,teacher deputy\n";
    let out = imported(&j, "staff", "roles.csv", roles, &[]);
    assert!(out.contains("изменено 1"), "{out}");
    assert_eq!(text_of(&j, HOMEROOM_7B), "classteacher");
    let now = roles_of(&j, "classteacher");
    assert!(
        now.contains("deputy") && now.contains("class_teacher"),
        "{now}"
    );

    // An empty homeroom cell is the file saying «none».
    let none = "login,last_name,first_name,homeroom\nclassteacher,Грачёв,Илья,\n";
    imported(&j, "staff", "none.csv", none, &[]);
    assert_eq!(
        count(
            &j,
            "SELECT count(*) FROM class WHERE teacher_id IS NOT NULL AND grade = 7"
        ),
        0
    );
}

#[test]
fn a_timetable_without_rooms_keeps_them() {
    let j = TestJournal::mini();
    let rooms = "SELECT group_concat(room, ' ') FROM (SELECT t.room FROM timetable t
                 JOIN course c ON c.id = t.course_id JOIN subject s ON s.id = c.subject_id
                 WHERE s.name = 'Алгебра' ORDER BY t.weekday, t.lesson_no)";
    assert_eq!(text_of(&j, rooms), "214 214 214");
    let same = "class,group,subject,weekday,lesson\n7Б,,Алгебра,Пн,1\n7Б,,Алгебра,Ср,2\n7Б,,Алгебра,Пт,1\n7Б,1,Английский язык,Вт,1\n7Б,2,Английский язык,Вт,1\n";
    let out = imported(&j, "timetable", "t.csv", same, &["--dry-run"]);
    assert!(out.contains("изменено 0, без изменений 5"), "{out}");
    // A lesson moved from Friday to Thursday keeps its room.
    let moved = same.replace("Пт,1", "Чт,3");
    let out = imported(&j, "timetable", "t.csv", &moved, &[]);
    assert!(out.contains("изменено 1"), "{out}");
    assert_eq!(text_of(&j, rooms), "214 214 214");
    assert_eq!(
        count(&j, "SELECT count(*) FROM timetable WHERE room = ''"),
        0
    );
}

#[test]
fn a_plan_without_dates_keeps_them() {
    let j = TestJournal::mini();
    let plan = ["--class", "7Б", "--subject", "Алгебра"];
    let dated = "order,topic,hours,date\n1,Повторение курса математики 6 класса,2,02.09.2025\n2,Выражения с переменными,1,\n3,Контрольная работа № 1,1,\n";
    imported(&j, "plan", "p.csv", dated, &plan);
    let date = "SELECT ifnull(planned_date, '') FROM plan_item WHERE ord = 1";
    assert_eq!(text_of(&j, date), "2025-09-02");
    let fixture = fixture("mini").join("plan.csv");
    let undated = std::fs::read_to_string(fixture).expect("fixture");
    let out = imported(
        &j,
        "plan",
        "p.csv",
        &undated,
        &[&plan[..], &["--dry-run"]].concat(),
    );
    assert!(out.contains("изменено 0, без изменений 3"), "{out}");
    imported(&j, "plan", "p.csv", &undated, &plan);
    assert_eq!(text_of(&j, date), "2025-09-02");
    // An empty date cell in a date column is the file saying «no date».
    let out = imported(&j, "plan", "p.csv", &dated.replace("02.09.2025", ""), &plan);
    assert!(out.contains("изменено 1"), "{out}");
    assert_eq!(text_of(&j, date), "");
}

#[test]
fn a_parents_or_courses_file_without_optional_columns_keeps_what_is_there() {
    let j = TestJournal::mini();
    let display = "SELECT display_name FROM users WHERE login = 'parent'";
    let before = text_of(&j, display);
    assert_eq!(before, "Алексеева О.В.");
    let parents = "login,last_name,first_name,class,child_last_name,child_first_name\nparent,Алексеева,Ольга,7Б,Алексеев,Борис\n";
    let out = imported(&j, "parents", "pa.csv", parents, &[]);
    assert!(out.contains("изменено 0, без изменений 1"), "{out}");
    assert_eq!(text_of(&j, display), before);

    let groups = "SELECT count(*) FROM course WHERE subgroup_id IS NOT NULL";
    assert_eq!(count(&j, groups), 2);
    let courses = "class,subject,teacher,hours\n7Б,Алгебра,teacher,3\n1А,Математика,primary,4\n";
    let out = imported(&j, "courses", "c.csv", courses, &[]);
    assert!(out.contains("изменено 0, без изменений 2"), "{out}");
    assert_eq!(count(&j, groups), 2);
}

#[test]
fn no_import_makes_a_class_unless_asked() {
    let j = TestJournal::mini();
    let classes = "SELECT count(*) FROM class";
    let before = count(&j, classes);
    let staff = "login,last_name,first_name,homeroom\nnewt,Новикова,Анна,8Я\n";
    let courses = "class,subject,teacher,hours\n7Б,Алгебра,teacher,3\n8Я,Физика,teacher,2\n";
    for (kind, name, text, line) in [
        ("staff", "staff-8.csv", staff, 2),
        ("courses", "courses-8.csv", courses, 3),
    ] {
        let o = import_text(&j, kind, name, text, &[]);
        assert!(!o.status.success(), "{kind}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{name}:{line}: класса 8Я в школе нет"))
                && err.contains("только по просьбе) (--new-classes)"),
            "{err}"
        );
        let out = imported(&j, kind, name, text, &["--new-classes", "--dry-run"]);
        assert!(
            out.contains(&format!("! строка {line}: будет создан класс 8Я")),
            "{out}"
        );
        assert_eq!(count(&j, classes), before, "a dry run makes nothing");
    }
    assert_eq!(
        count(&j, "SELECT count(*) FROM users WHERE login = 'newt'"),
        0
    );

    imported(&j, "staff", "staff-8.csv", staff, &["--new-classes"]);
    assert_eq!(count(&j, classes), before + 1);
    assert_eq!(
        text_of(
            &j,
            "SELECT u.login FROM class k JOIN users u ON u.staff_id = k.teacher_id
             WHERE k.grade = 8 AND k.letter = 'Я'"
        ),
        "newt"
    );
    let courses_9 = "class,subject,teacher,hours\n9Я,Физика,teacher,2\n";
    imported(&j, "courses", "c9.csv", courses_9, &["--new-classes"]);
    assert_eq!(count(&j, classes), before + 2);
    assert_eq!(
        count(
            &j,
            "SELECT count(*) FROM course c JOIN class k ON k.id = c.class_id WHERE k.grade = 9"
        ),
        1
    );

    // A timetable needs the class's courses first: it never makes a class.
    let tt = "class,subject,weekday,lesson\n10Я,Физика,Пн,1\n";
    for extra in [&[][..], &["--new-classes"][..]] {
        let o = import_text(&j, "timetable", "tt.csv", tt, extra);
        assert!(!o.status.success());
        assert!(
            stderr(&o).contains("tt.csv:2: класса 10Я в школе нет"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(count(&j, classes), before + 2);
}

#[test]
fn a_students_file_without_patronymics_or_birth_dates_finds_the_listed_students() {
    let j = TestJournal::mini();
    let students = "SELECT count(*) FROM student";
    let before = count(&j, students);
    let short = "class,last_name,first_name\n7Б,Алексеев,Борис\n7Б,Новиков,Глеб\n";
    let out = imported(&j, "students", "short.csv", short, &["--dry-run", "-v"]);
    assert!(
        out.contains("будет создано 1, изменено 0, без изменений 1"),
        "{out}"
    );
    imported(&j, "students", "short.csv", short, &[]);
    assert_eq!(count(&j, students), before + 1, "no second Алексеев");
    assert_eq!(
        text_of(
            &j,
            "SELECT patronymic || ' ' || birth_date FROM student WHERE last_name = 'Алексеев'"
        ),
        "Игоревич 2012-03-12"
    );

    // A namesake in another class does not confuse it; one in the same class does.
    let namesake =
        "class,last_name,first_name,patronymic,birth_date\n1А,Алексеев,Борис,Петрович,01.01.2018\n";
    imported(&j, "students", "n.csv", namesake, &[]);
    let out = imported(&j, "students", "short.csv", short, &["--dry-run"]);
    assert!(out.contains("изменено 0, без изменений 2"), "{out}");
    let twin =
        "class,last_name,first_name,patronymic,birth_date\n7Б,Алексеев,Борис,Петрович,01.01.2012\n";
    imported(&j, "students", "t.csv", twin, &[]);
    let o = import_text(&j, "students", "short.csv", short, &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("short.csv:2: учеников Алексеев Борис в журнале несколько"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn control_characters_and_overlong_names_in_a_file_are_refused_at_their_line() {
    let j = TestJournal::mini();
    let students_before = count(&j, "SELECT count(*) FROM student");
    let long = "Я".repeat(10_000);
    let text = format!(
        "class,last_name,first_name\n1А,Новиков,Глеб\n1А,\u{1b}[2JВзлом,Ева\n1А,{long},Ян\n1А,Кот\u{9b}31m,Лев\n"
    );
    let o = students(&j, "s.csv", text.as_bytes(), &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("s.csv:3:") && err.contains("управляющий символ"),
        "{err}"
    );
    assert!(
        err.contains("s.csv:4:") && err.contains("слишком длинно"),
        "{err}"
    );
    assert!(err.contains("s.csv:5:"), "{err}");
    // The message shows the file's text harmless, and nothing of the file is stored.
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{9b}'),
        "{err:?}"
    );
    assert_eq!(count(&j, "SELECT count(*) FROM student"), students_before);
}

#[test]
fn an_order_with_control_characters_is_refused() {
    let j = TestJournal::mini();
    let before = count(&j, "SELECT count(*) FROM student");
    let text = "class,last_name,first_name\n1А,Новиков,Глеб\n";
    let o = students(
        &j,
        "s.csv",
        text.as_bytes(),
        &["--order", "Приказ \u{1b}[2J№ 5"],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("управляющий символ"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert_eq!(count(&j, "SELECT count(*) FROM student"), before);
}
