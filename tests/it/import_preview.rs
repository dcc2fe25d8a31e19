//! The import preview: before a file is applied, `--dry-run` names every row that is
//! new, changed (and how) or unchanged, and what the file removes; applying then does
//! exactly that, and re-importing the same file writes nothing.

use crate::common;

use std::path::Path;

use common::*;
use zhurnal::domain::policy::Actor;
use zhurnal::import::Kind;
use zhurnal::import::options::ImportOptions;
use zhurnal::import::outcome::RowStatus;
use zhurnal::store::Store;
use zhurnal::store::import::{ImportFailed, import_file};

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn mini(n: &str) -> String {
    fixture("mini").join(n).to_string_lossy().into_owned()
}

fn preview(n: &str) -> String {
    fixture("preview").join(n).to_string_lossy().into_owned()
}

/// `zhurnal import KIND FILE --db DB` with more arguments; the output on success.
fn import(dir: &Path, db: &Path, kind: &str, file: &str, more: &[&str]) -> String {
    let mut args = vec!["import", kind, file, "--db", s(db)];
    args.extend(more);
    ok(dir, &args)
}

/// The row lines of a report, without their indent.
fn rows(out: &str) -> Vec<&str> {
    out.lines().filter_map(|l| l.strip_prefix("  ")).collect()
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("count")
}

const PLAN_ARGS: [&str; 4] = ["--class", "7Б", "--subject", "Алгебра"];

#[test]
fn reimporting_every_fixture_changes_nothing() {
    let j = TestJournal::mini();
    let before = table_counts(j.db());
    let files: [(&str, &str, usize); 6] = [
        ("staff", "staff.csv", 5),
        ("students", "students.csv", 5),
        ("parents", "parents.csv", 1),
        ("courses", "courses.csv", 4),
        ("timetable", "timetable.csv", 6),
        ("plan", "plan.csv", 3),
    ];
    for (kind, file, n) in files {
        let path = mini(file);
        let extra: &[&str] = if kind == "plan" { &PLAN_ARGS } else { &[] };
        let dry = import(
            j.dir(),
            j.db(),
            kind,
            &path,
            &[extra, &["--dry-run", "--verbose"]].concat(),
        );
        assert!(
            dry.contains(&format!(
                "будет создано 0, изменено 0, без изменений {n} (ничего не изменено)"
            )),
            "{dry}"
        );
        let listed = rows(&dry);
        assert_eq!(listed.len(), n, "{dry}");
        assert!(listed.iter().all(|l| l.starts_with("= ")), "{dry}");
        // Without --verbose a preview of nothing to do lists nothing.
        let quiet = import(
            j.dir(),
            j.db(),
            kind,
            &path,
            &[extra, &["--dry-run"]].concat(),
        );
        assert!(rows(&quiet).is_empty(), "{quiet}");
        let out = import(j.dir(), j.db(), kind, &path, extra);
        assert!(
            out.contains(&format!("создано 0, изменено 0, без изменений {n}")),
            "{out}"
        );
        // Nothing written: not a row, not even an audit row.
        assert_eq!(before, table_counts(j.db()), "{file} wrote something");
    }
}

#[test]
fn staff_preview_names_new_and_changed_rows_and_writes_nothing() {
    let j = TestJournal::mini();
    let before = table_counts(j.db());
    let file = preview("staff.csv");
    let out = import(j.dir(), j.db(), "staff", &file, &["--dry-run"]);
    assert!(
        out.contains("будет создано 1, изменено 2, без изменений 3 (ничего не изменено)"),
        "{out}"
    );
    assert_eq!(
        rows(&out),
        vec![
            "~ 2: teacher: ФИО Орлова Вера Павловна → Орлова-Смирнова Вера Павловна",
            "~ 5: other: роли teacher → deputy teacher",
            "+ 7: newt Новикова Анна Сергеевна [teacher]",
        ]
    );
    assert_eq!(before, table_counts(j.db()), "a dry run writes nothing");

    let verbose = import(j.dir(), j.db(), "staff", &file, &["--dry-run", "-v"]);
    let listed = rows(&verbose);
    assert_eq!(listed.len(), 6, "{verbose}");
    assert!(
        listed.contains(&"= 3: classteacher Грачёв Илья Семёнович"),
        "{verbose}"
    );

    let audit = count(j.db(), "SELECT count(*) FROM audit");
    let out = import(j.dir(), j.db(), "staff", &file, &[]);
    assert!(
        out.contains("создано 1, изменено 2, без изменений 3"),
        "{out}"
    );
    assert_eq!(
        count(j.db(), "SELECT count(*) FROM audit"),
        audit + 3,
        "one audit row per written row"
    );
    assert_eq!(
        count(
            j.db(),
            "SELECT count(*) FROM user_role r JOIN users u ON u.id = r.user_id
             WHERE u.login = 'other' AND r.role = 'deputy'"
        ),
        1
    );
    assert_eq!(
        count(
            j.db(),
            "SELECT count(*) FROM staff WHERE last_name = 'Орлова-Смирнова'"
        ),
        1
    );
    // The class teacher kept their class and role through an import that left them be.
    assert_eq!(
        count(
            j.db(),
            "SELECT count(*) FROM class k JOIN users u ON u.staff_id = k.teacher_id
             WHERE u.login = 'classteacher' AND k.grade = 7"
        ),
        1
    );
    let again = import(j.dir(), j.db(), "staff", &file, &[]);
    assert!(
        again.contains("создано 0, изменено 0, без изменений 6"),
        "{again}"
    );
}

#[test]
fn a_dropped_homeroom_is_a_change_of_roles_and_class() {
    let j = TestJournal::mini();
    let file = j.dir().join("staff.csv");
    std::fs::write(
        &file,
        "login,last_name,first_name,patronymic,roles,homeroom\n\
         classteacher,Грачёв,Илья,Семёнович,teacher,\n",
    )
    .expect("write");
    let out = import(j.dir(), j.db(), "staff", s(&file), &["--dry-run"]);
    assert_eq!(
        rows(&out),
        vec!["~ 2: classteacher: классное руководство 7Б → —"],
        "{out}"
    );
    import(j.dir(), j.db(), "staff", s(&file), &[]);
    assert_eq!(
        count(
            j.db(),
            "SELECT count(*) FROM class WHERE grade = 7 AND teacher_id IS NOT NULL"
        ),
        0
    );
    assert_eq!(
        count(
            j.db(),
            "SELECT count(*) FROM user_role WHERE role = 'class_teacher'"
        ),
        1,
        "only the 1А teacher is a class teacher now"
    );
}

#[test]
fn students_preview_a_new_student_and_a_moved_group() {
    let j = TestJournal::mini();
    let before = table_counts(j.db());
    let file = preview("students.csv");
    let out = import(j.dir(), j.db(), "students", &file, &["--dry-run"]);
    assert!(
        out.contains("будет создано 1, изменено 1, без изменений 2"),
        "{out}"
    );
    assert_eq!(
        rows(&out),
        vec![
            "~ 3: 7Б Белова Дарья Олеговна: группы 2 → 1",
            "+ 5: 7Б Новиков Глеб Андреевич (гр. 2), с 20.11.2025",
        ]
    );
    assert_eq!(before, table_counts(j.db()));
    import(j.dir(), j.db(), "students", &file, &[]);
    let group_of = |last: &str| {
        let conn = rusqlite::Connection::open(j.db()).expect("open");
        conn.query_row(
            "SELECT group_concat(g.name) FROM subgroup_member m
             JOIN subgroup g ON g.id = m.subgroup_id JOIN student s ON s.id = m.student_id
             WHERE s.last_name = ?1",
            [last],
            |r| r.get::<_, String>(0),
        )
        .expect("group")
    };
    assert_eq!(group_of("Белова"), "1");
    assert_eq!(group_of("Новиков"), "2");
    assert_eq!(count(j.db(), "SELECT count(*) FROM student"), 6);
}

#[test]
fn parents_preview_a_new_parent_of_two() {
    let j = TestJournal::mini();
    let file = j.dir().join("parents.csv");
    std::fs::write(
        &file,
        "login,last_name,first_name,patronymic,class,child_last_name,child_first_name\n\
         parent,Алексеева,Ольга,Викторовна,7Б,Алексеев,Борис\n\
         volkova,Волкова,Ирина,,7Б,Волков,Егор\n\
         volkova,Волкова,Ирина,,7Б,Белова,Дарья\n",
    )
    .expect("write");
    let out = import(j.dir(), j.db(), "parents", s(&file), &["--dry-run", "-v"]);
    assert_eq!(
        rows(&out),
        vec![
            "= 2: parent Алексеева Ольга Викторовна → 7Б Алексеев Борис",
            "+ 3: volkova Волкова Ирина → 7Б Волков Егор",
            "+ 4: volkova Волкова Ирина → 7Б Белова Дарья",
        ]
    );
}

#[test]
fn courses_preview_changed_hours() {
    let j = TestJournal::mini();
    let file = preview("courses.csv");
    let out = import(j.dir(), j.db(), "courses", &file, &["--dry-run"]);
    assert_eq!(rows(&out), vec!["~ 2: 7Б Алгебра: часы 3 → 4"], "{out}");
    let out = import(j.dir(), j.db(), "courses", &file, &[]);
    assert!(
        out.contains("создано 0, изменено 1, без изменений 3"),
        "{out}"
    );
    assert_eq!(
        count(j.db(), "SELECT count(*) FROM course WHERE hours = 4"),
        2
    );
}

#[test]
fn timetable_preview_names_a_moved_lesson_and_applying_moves_the_lessons() {
    let j = TestJournal::mini();
    let d = s(j.db());
    // A Friday lesson after the change that already holds a mark stays.
    ok(
        j.dir(),
        &[
            "mark",
            "--db",
            d,
            "--as",
            "teacher",
            "--today",
            "2026-01-20",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2026-01-16",
            "--student",
            "Алексеев",
            "5",
        ],
    );
    let algebra = |weekday: &str, no: i64, when: &str| {
        count(
            j.db(),
            &format!(
                "SELECT count(*) FROM lesson l JOIN course c ON c.id = l.course_id
                 JOIN subject s ON s.id = c.subject_id
                 WHERE s.name = 'Алгебра' AND strftime('%w', l.date) = '{weekday}'
                   AND l.lesson_no = {no} AND l.date {when}"
            ),
        )
    };
    let fridays_before = algebra("5", 1, "< '2026-01-12'");
    assert!(fridays_before > 10);
    assert!(algebra("5", 1, ">= '2026-01-12'") > 10);
    assert_eq!(algebra("4", 3, "> '2025-01-01'"), 0);

    let before = table_counts(j.db());
    let file = preview("timetable.csv");
    let from = ["--from", "2026-01-12"];
    let out = import(
        j.dir(),
        j.db(),
        "timetable",
        &file,
        &[&from[..], &["--dry-run"]].concat(),
    );
    assert!(
        out.contains("будет создано 0, изменено 1, без изменений 5"),
        "{out}"
    );
    assert_eq!(rows(&out), vec!["~ 4: 7Б Алгебра: урок Пт 1 → Чт 3"]);
    assert_eq!(before, table_counts(j.db()), "a dry run writes nothing");

    let out = import(j.dir(), j.db(), "timetable", &file, &from);
    assert!(
        out.contains("создано 0, изменено 1, без изменений 5"),
        "{out}"
    );
    assert_eq!(
        algebra("5", 1, "< '2026-01-12'"),
        fridays_before,
        "the past stays"
    );
    assert_eq!(
        algebra("5", 1, ">= '2026-01-12'"),
        1,
        "only the Friday lesson with a mark is left"
    );
    assert!(algebra("4", 3, ">= '2026-01-12'") > 10, "Thursdays appear");
    assert_eq!(algebra("4", 3, "< '2026-01-12'"), 0);

    // The same file again, from the same day or from the year's start.
    let again = import(
        j.dir(),
        j.db(),
        "timetable",
        &file,
        &[&from[..], &["--dry-run"]].concat(),
    );
    assert!(again.contains("изменено 0, без изменений 6"), "{again}");
    let whole_year = import(j.dir(), j.db(), "timetable", &file, &["--dry-run"]);
    assert_eq!(
        rows(&whole_year),
        vec![
            "~ 4: 7Б Алгебра Чт 3: действует 2026-01-12…2026-05-26 → 2025-09-01…2026-05-26",
            "- 7Б Алгебра Пт 1, каб. 214: убирается из расписания",
        ],
        "{whole_year}"
    );
}

#[test]
fn plan_preview_changed_added_and_removed_topics() {
    let j = TestJournal::mini();
    let before = table_counts(j.db());
    // The course comes from the file name.
    let file = preview("7Б-Алгебра.csv");
    let out = import(j.dir(), j.db(), "plan", &file, &["--dry-run"]);
    assert!(
        out.contains(
            "будет создано 1, изменено 1, без изменений 1, будет удалено 1 (ничего не изменено)"
        ),
        "{out}"
    );
    assert_eq!(
        rows(&out),
        vec![
            "~ 3: тема 2: название Выражения с переменными → Выражения с переменными и их значения",
            "+ 4: тема 4: Линейные уравнения (3 ч)",
            "- удалена тема 3: Контрольная работа № 1",
        ]
    );
    assert_eq!(before, table_counts(j.db()));
    let out = import(j.dir(), j.db(), "plan", &file, &[]);
    assert!(
        out.contains("создано 1, изменено 1, без изменений 1, удалено 1"),
        "{out}"
    );
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    let items: Vec<(i64, i64)> = conn
        .prepare("SELECT ord, hours FROM plan_item ORDER BY ord")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(items, vec![(1, 2), (2, 1), (4, 3)]);
}

#[test]
fn the_preview_speaks_english() {
    let j = TestJournal::mini();
    let out = import(
        j.dir(),
        j.db(),
        "courses",
        &preview("courses.csv"),
        &["--dry-run", "--lang", "en"],
    );
    assert!(
        out.contains("check passed, would create 0, change 1, leave unchanged 3 (nothing changed)"),
        "{out}"
    );
    assert_eq!(rows(&out), vec!["~ 2: 7Б Алгебра: hours 3 → 4"]);
    let out = import(
        j.dir(),
        j.db(),
        "courses",
        &preview("courses.csv"),
        &["--lang", "en"],
    );
    assert!(out.contains("created 0, changed 1, unchanged 3"), "{out}");
}

#[test]
fn bad_rows_and_unknown_references_are_reported_together() {
    let j = TestJournal::mini();
    let before = table_counts(j.db());
    let file = j.dir().join("courses.csv");
    std::fs::write(
        &file,
        "class,subject,group,teacher,hours\n\
         7Б,Алгебра,,nobody,3\n\
         7Б,Геометрия,,teacher,много\n\
         9В,Физика,,teacher,2\n",
    )
    .expect("write");
    let o = zhurnal(
        j.dir(),
        &[
            "import",
            "courses",
            s(&file),
            "--db",
            s(j.db()),
            "--dry-run",
        ],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    let f = s(&file);
    for want in [
        format!("{f}:2: учитель «nobody» не найден"),
        format!("{f}:3: «hours»: «много» — не число"),
        format!("{f}:4: класса 9В в школе нет"),
        format!("{f}: ошибок 3, журнал не изменён"),
    ] {
        assert!(err.contains(&want), "expected «{want}» in:\n{err}");
    }
    assert_eq!(before, table_counts(j.db()));

    // A plan whose course cannot be found still has its rows checked.
    let plan = j.dir().join("plan.csv");
    std::fs::write(&plan, "order,topic,hours\n1,Введение,1\nx,Итог,1\n").expect("write");
    let o = zhurnal(
        j.dir(),
        &[
            "import",
            "plan",
            s(&plan),
            "--db",
            s(j.db()),
            "--class",
            "7Б",
            "--subject",
            "Химия",
        ],
    );
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(
        err.contains(&format!("{}: нет курса «7Б Химия»", s(&plan))),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:3: «x» — не номер темы", s(&plan))),
        "{err}"
    );
}

/// A plan whose course the command line cannot tell: the line that says so names the
/// flags that give it, and the rows are still checked.
#[test]
fn a_plan_without_its_course_names_the_flags() {
    let j = TestJournal::mini();
    let plan = j.dir().join("plan.csv");
    std::fs::write(&plan, "order,topic,hours\n1,Введение,1\nx,Итог,1\n").expect("write");
    let o = zhurnal(j.dir(), &["import", "plan", s(&plan), "--db", s(j.db())]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(err.contains("(--class, --subject)"), "{err}");
    assert!(
        err.contains(&format!("{}:3: «x» — не номер темы", s(&plan))),
        "{err}"
    );
    // A class split into groups: the group is asked for by its flag.
    let o = zhurnal(
        j.dir(),
        &[
            "import",
            "plan",
            s(&plan),
            "--db",
            s(j.db()),
            "--class",
            "7Б",
            "--subject",
            "Английский язык",
        ],
    );
    let err = stderr(&o);
    assert!(err.contains("укажите группу (--group)"), "{err}");
}

/// The API the screens call: the same preview as the command line, as data.
#[test]
fn import_file_reports_rows_as_data() {
    let j = TestJournal::mini();
    let before = table_counts(j.db());
    let mut store = Store::open(j.db()).expect("open");
    let op = Actor::local_operator();
    let bytes = std::fs::read(preview("staff.csv")).expect("read");
    let opts = ImportOptions {
        dry_run: true,
        ..Default::default()
    };
    let applied =
        import_file(&mut store, &op, Kind::Staff, &bytes, "staff.csv", &opts).expect("preview");
    assert_eq!(
        (
            applied.created,
            applied.updated,
            applied.unchanged,
            applied.removed
        ),
        (1, 2, 3, 0)
    );
    let statuses: Vec<(usize, RowStatus)> =
        applied.rows.iter().map(|r| (r.line, r.status)).collect();
    assert_eq!(
        statuses,
        vec![
            (2, RowStatus::Changed),
            (3, RowStatus::Unchanged),
            (4, RowStatus::Unchanged),
            (5, RowStatus::Changed),
            (6, RowStatus::Unchanged),
            (7, RowStatus::New),
        ]
    );
    assert_eq!(before, table_counts(j.db()));

    // The plan's course from the file name; its bad rows as data.
    let bytes = "order,topic,hours\n1,Введение,0\n".as_bytes();
    let opts = ImportOptions::default();
    match import_file(
        &mut store,
        &op,
        Kind::Plan,
        bytes,
        "plans/7Б-Алгебра.csv",
        &opts,
    ) {
        Err(ImportFailed::Rows(errors)) => {
            assert_eq!(errors.len(), 1);
            assert_eq!(errors[0].line, 2);
            assert!(
                errors[0]
                    .to_string()
                    .starts_with("plans/7Б-Алгебра.csv:2: часы")
            );
        }
        other => panic!("{other:?}"),
    }
    // Windows-1251 bytes decode as the command line's do.
    let (cp, _, _) = encoding_rs::WINDOWS_1251
        .encode("Класс;Предмет;Группа;Учитель;Часы\n7Б;Алгебра;;teacher;3\n");
    let applied = import_file(&mut store, &op, Kind::Courses, &cp, "c.csv", &opts).expect("ok");
    assert_eq!(applied.unchanged, 1);
    assert_eq!(before, table_counts(j.db()));
}
