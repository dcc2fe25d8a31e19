//! `zhurnal year close` on the demo school: the archive, the next year, promotion.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

const ORDER: &str = "Приказ № 45-о от 29.05.2026";

/// The demo school built once per test run for `until`; tests work on copies.
fn demo(until: &str) -> PathBuf {
    static AFTER_YEAR: OnceLock<PathBuf> = OnceLock::new();
    static BEFORE_FINALS: OnceLock<PathBuf> = OnceLock::new();
    let cell = match until {
        "2026-06-05" => &AFTER_YEAR,
        _ => &BEFORE_FINALS,
    };
    cell.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("year_close");
        std::fs::create_dir_all(&dir).expect("tmp dir");
        let db = dir.join(format!("demo-{until}.sqlite"));
        let d = db.to_str().expect("utf-8 path");
        ok(&dir, &["demo", "--db", d, "--until", until, "--force"]);
        db
    })
    .clone()
}

/// A private copy of a demo journal as `<dir>/school.sqlite`.
fn copy_demo(until: &str, dir: &Path) -> PathBuf {
    let src = demo(until);
    let db = dir.join("school.sqlite");
    std::fs::copy(&src, &db).expect("copy demo");
    for suffix in ["-wal", "-shm"] {
        let mut p = src.as_os_str().to_os_string();
        p.push(suffix);
        assert!(!Path::new(&p).exists(), "the demo left {p:?} behind");
    }
    db
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn scalar(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect(sql)
}

fn text(db: &Path, sql: &str) -> String {
    Connection::open(db)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect(sql)
}

/// Every row of every table as text.
fn dump(db: &Path) -> Vec<String> {
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
        let n = st.column_count();
        let mut rows = st.query([]).expect("rows");
        while let Some(r) = rows.next().expect("row") {
            let mut line = format!("{t}:");
            for i in 0..n {
                let v = match r.get_ref(i).expect("value") {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(i) => i.to_string(),
                    ValueRef::Real(f) => f.to_string(),
                    ValueRef::Text(s) => String::from_utf8_lossy(s).into_owned(),
                    ValueRef::Blob(b) => format!("{b:?}"),
                };
                line.push(' ');
                line.push_str(&v);
            }
            out.push(line);
        }
    }
    out
}

/// Students enrolled now in each class of a year: «7Б» → count.
fn class_counts(db: &Path, year: &str) -> BTreeMap<(i64, String), i64> {
    let conn = Connection::open(db).expect("open");
    let mut st = conn
        .prepare(
            "SELECT k.grade, k.letter, count(*) FROM enrollment e JOIN class k ON k.id = e.class_id
             JOIN school_year y ON y.id = k.year_id
             WHERE y.name = ?1 AND e.end_date IS NULL GROUP BY k.id",
        )
        .expect("prepare");
    st.query_map([year], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("counts")
}

/// A student enrolled in 7Б now, as «Фамилия Имя».
fn a_7b_student(db: &Path) -> String {
    text(
        db,
        "SELECT s.last_name || ' ' || s.first_name FROM enrollment e JOIN class k ON k.id = e.class_id
         JOIN student s ON s.id = e.student_id
         WHERE k.grade = 7 AND k.letter = 'Б' AND e.end_date IS NULL
         ORDER BY s.last_name DESC, s.first_name DESC LIMIT 1",
    )
}

/// Year finals every student enrolled at the year's end needs but has not got.
const FILL_YEAR_FINALS: &str = "
    INSERT INTO final_mark (student_id, course_id, period_id, value, updated_at)
    SELECT DISTINCT e.student_id, c.id, NULL, '4', '2026-05-28 12:00:00'
    FROM course c JOIN class k ON k.id = c.class_id
    JOIN school_year y ON y.id = k.year_id
    JOIN enrollment e ON e.class_id = c.class_id
    WHERE k.grade >= 2 AND e.start_date <= y.end_date
      AND (e.end_date IS NULL OR e.end_date > y.end_date)
      AND (c.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member m
           WHERE m.subgroup_id = c.subgroup_id AND m.student_id = e.student_id))
      AND NOT EXISTS (SELECT 1 FROM final_mark f WHERE f.course_id = c.id
           AND f.student_id = e.student_id AND f.period_id IS NULL)";

#[test]
fn dry_run_prints_every_class_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = copy_demo("2026-06-05", dir.path());
    let before = dump(&db);
    let counts = class_counts(&db, "2025/2026");
    let out = ok(
        dir.path(),
        &[
            "year",
            "close",
            "--dry-run",
            "--allow-missing",
            "--db",
            s(&db),
        ],
    );
    for ((grade, letter), n) in &counts {
        let line = if *grade == 11 {
            format!("{grade}{letter}: {n} выпускник")
        } else {
            format!("{grade}{letter} → {}{letter}: {n} ученик", grade + 1)
        };
        assert!(out.contains(&line), "no «{line}» in:\n{out}");
    }
    assert!(
        out.contains("Закрытие учебного года 2025/2026 → 2026/2027"),
        "{out}"
    );
    assert!(out.contains("school-2025-2026.archive.sqlite"), "{out}");
    assert!(
        out.contains("(пробный запуск: ничего не изменено)"),
        "{out}"
    );
    assert!(dump(&db) == before, "a dry run changed the journal");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "a dry run leaves no archive"
    );

    // The same in English.
    let out = ok(
        dir.path(),
        &["--lang", "en", "year", "close", "--dry-run", "--db", s(&db)],
    );
    let n7b = counts.get(&(7, "Б".to_string())).expect("7Б");
    assert!(out.contains(&format!("7Б → 8Б: {n7b} students")), "{out}");
    assert!(out.contains("(dry run: nothing changed)"), "{out}");
    assert!(
        !out.contains("Year finals missing:"),
        "the demo sets every year final: {out}"
    );

    // A repeater must name one student of that class.
    for (bad, says) in [
        ("7Б Несуществующий", "нет ученика"),
        ("7Ю Иванов", "нет в этом учебном году"),
        ("Иванов", "нужны класс и имя"),
    ] {
        let o = zhurnal(
            dir.path(),
            &[
                "year",
                "close",
                "--dry-run",
                "--db",
                s(&db),
                "--repeat",
                bad,
            ],
        );
        assert!(!o.status.success(), "{bad}");
        assert!(stderr(&o).contains(says), "{bad}: {}", stderr(&o));
    }
    // An archive is never overwritten.
    std::fs::write(dir.path().join("school-2025-2026.archive.sqlite"), b"").expect("touch");
    let o = zhurnal(
        dir.path(),
        &["year", "close", "--db", s(&db), "--allow-missing"],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("архив уже существует"),
        "{}",
        stderr(&o)
    );
    assert!(dump(&db) == before);
}

#[test]
fn close_promotes_graduates_and_keeps_repeaters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = copy_demo("2026-06-05", dir.path());
    let before = class_counts(&db, "2025/2026");
    let repeater = a_7b_student(&db);
    let students = scalar(&db, "SELECT count(*) FROM student");
    let out = ok(
        dir.path(),
        &[
            "year",
            "close",
            "--db",
            s(&db),
            "--as",
            "admin",
            "--allow-missing",
            "--order",
            ORDER,
            "--repeat",
            &format!("7Б {repeater}"),
        ],
    );
    assert!(
        out.contains("Учебный год 2025/2026 закрыт, открыт 2026/2027"),
        "{out}"
    );
    assert!(out.contains(&format!("7Б {repeater}")), "{out}");

    // The new year's calendar has the country's days off of 2026/27: 4 November, 23
    // February and 8 March 2027 hold no lesson; an ordinary Tuesday does.
    {
        let store = zhurnal::store::Store::open(&db).expect("open");
        let year = store.current_year().expect("the new year");
        let cal = store.calendar(year.id).expect("calendar");
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        for off in ["2026-11-04", "2027-02-23", "2027-03-08"] {
            assert!(cal.check_lesson_date(day(off), 8).is_err(), "{off}");
        }
        assert_eq!(cal.check_lesson_date(day("2026-09-08"), 8), Ok(()));
    }

    // Everyone moves up a grade with the same letter; the repeater stays in 7Б.
    let mut expected: BTreeMap<(i64, String), i64> = BTreeMap::new();
    for ((grade, letter), n) in &before {
        if *grade < 11 {
            let n = if (*grade, letter.as_str()) == (7, "Б") {
                n - 1
            } else {
                *n
            };
            *expected.entry((grade + 1, letter.clone())).or_default() += n;
        }
    }
    *expected.entry((7, "Б".into())).or_default() += 1;
    assert_eq!(class_counts(&db, "2026/2027"), expected);
    assert!(
        !expected.keys().any(|(g, _)| *g == 1),
        "no promoted first-graders"
    );
    assert_eq!(
        class_counts(&db, "2025/2026"),
        BTreeMap::new(),
        "nobody is left in the old year"
    );
    assert_eq!(scalar(&db, "SELECT count(*) FROM student"), students);

    // The old enrollments end on the new year's first day by the order.
    let promoted: i64 = expected.values().sum();
    assert_eq!(
        scalar(
            &db,
            &format!(
                "SELECT count(*) FROM enrollment WHERE end_date = '2026-09-01' AND end_kind = 'transfer'
                 AND end_order = '{ORDER}'"
            )
        ),
        promoted
    );
    assert_eq!(
        scalar(
            &db,
            &format!(
                "SELECT count(*) FROM enrollment WHERE start_date = '2026-09-01' AND start_kind = 'transfer'
                 AND start_order = '{ORDER}' AND end_date IS NULL"
            )
        ),
        promoted
    );
    // Every 11th-grader graduated the day after the year's end.
    let eleventh = *before.get(&(11, "А".to_string())).expect("11А");
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM enrollment e JOIN class k ON k.id = e.class_id
             WHERE k.grade = 11 AND k.year_id = 1 AND e.end_kind = 'graduation' AND e.end_date = '2026-05-27'"
        ),
        eleventh
    );
    // The repeater's new enrollment is in 7Б of the new year.
    assert_eq!(
        text(
            &db,
            &format!(
                "SELECT k.grade || k.letter || ' ' || y.name FROM enrollment e
                 JOIN class k ON k.id = e.class_id JOIN school_year y ON y.id = k.year_id
                 JOIN student s ON s.id = e.student_id
                 WHERE e.end_date IS NULL AND s.last_name || ' ' || s.first_name = '{repeater}'"
            )
        ),
        "7Б 2026/2027"
    );

    // The new year: open, with the old calendar a year later; the old one closed.
    assert_eq!(
        text(
            &db,
            "SELECT group_concat(name || ':' || closed, ' ') FROM (SELECT * FROM school_year ORDER BY id)"
        ),
        "2025/2026:1 2026/2027:0"
    );
    assert_eq!(
        text(
            &db,
            "SELECT group_concat(num || ' ' || name || ' ' || start_date || ' ' || end_date
                   || ' ' || grade_min || '-' || grade_max, '; ')
             FROM (SELECT p.* FROM period p JOIN school_year y ON y.id = p.year_id
                   WHERE y.name = '2026/2027' ORDER BY num)"
        ),
        "1 1 четверть 2026-09-01 2026-10-24 1-9; 2 2 четверть 2026-11-05 2026-12-28 1-9; \
         3 3 четверть 2027-01-12 2027-03-20 1-9; 4 4 четверть 2027-03-30 2027-05-26 1-9; \
         5 1 полугодие 2026-09-01 2026-12-28 10-11; 6 2 полугодие 2027-01-12 2027-05-26 10-11"
    );
    // The earlier last days go with them, a year later.
    assert_eq!(
        text(
            &db,
            "SELECT group_concat(grade_min || ' ' || day, '; ') FROM (SELECT * FROM last_day
             WHERE year_id = 2 ORDER BY grade_min)"
        ),
        "1 2027-05-22; 9 2027-05-22; 11 2027-05-22"
    );
    assert_eq!(
        scalar(&db, "SELECT count(*) FROM holiday WHERE year_id = 1"),
        scalar(
            &db,
            "SELECT count(*) FROM holiday h JOIN holiday o ON o.year_id = 1 AND o.name = h.name
             AND h.start_date = date(o.start_date, '+1 year') AND o.grade_min = h.grade_min
             AND o.grade_max = h.grade_max WHERE h.year_id = 2"
        )
    );
    // Class teachers go with their class; no courses without --carry-courses.
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM class n JOIN class o ON o.year_id = 1 AND o.grade + 1 = n.grade
             AND o.letter = n.letter WHERE n.year_id = 2 AND n.teacher_id IS NOT o.teacher_id"
        ),
        0
    );
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM course c JOIN class k ON k.id = c.class_id WHERE k.year_id = 2"
        ),
        0
    );
    // Group memberships follow the students.
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM subgroup_member m JOIN subgroup g ON g.id = m.subgroup_id
             JOIN class k ON k.id = g.class_id WHERE k.year_id = 1 AND k.grade < 11
             AND NOT EXISTS (SELECT 1 FROM subgroup_member m2 JOIN subgroup g2 ON g2.id = m2.subgroup_id
                 JOIN class k2 ON k2.id = g2.class_id
                 WHERE k2.year_id = 2 AND g2.name = g.name AND m2.student_id = m.student_id)
             AND EXISTS (SELECT 1 FROM enrollment e WHERE e.student_id = m.student_id
                 AND e.class_id = k.id AND e.end_date = '2026-09-01')"
        ),
        0
    );
    assert!(
        scalar(
            &db,
            "SELECT count(*) FROM subgroup_member m JOIN subgroup g ON g.id = m.subgroup_id
             JOIN class k ON k.id = g.class_id WHERE k.year_id = 2"
        ) > 100
    );
    // One audit row tells the story.
    assert_eq!(
        text(
            &db,
            "SELECT actor || ' ' || old_value || ' → ' || new_value FROM audit WHERE action = 'year_close'"
        ),
        format!(
            "admin 2025/2026 → 2026/2027 promoted={} graduated={eleventh} repeaters=1 classes={} courses=0 order={ORDER}",
            promoted - 1,
            expected.len()
        )
    );
    ok(dir.path(), &["check", "--db", s(&db)]);

    // The next command sees the new year.
    let out = ok(
        dir.path(),
        &[
            "year",
            "close",
            "--dry-run",
            "--db",
            s(&db),
            "--allow-missing",
        ],
    );
    assert!(out.contains("2026/2027 → 2027/2028"), "{out}");
}

#[test]
fn carried_courses_keep_each_classs_curriculum() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = copy_demo("2026-06-05", dir.path());
    let out = ok(
        dir.path(),
        &[
            "year",
            "close",
            "--db",
            s(&db),
            "--allow-missing",
            "--carry-courses",
        ],
    );
    assert!(out.contains("Курсы переносятся в новый год:"), "{out}");
    let courses = |year: i64| {
        text(
            &db,
            &format!(
                "SELECT group_concat(x, '; ') FROM (
                   SELECT s.name || '/' || ifnull(g.name, '-') || '/' || c.teacher_id || '/' || c.hours AS x
                   FROM course c JOIN class k ON k.id = c.class_id JOIN subject s ON s.id = c.subject_id
                   LEFT JOIN subgroup g ON g.id = c.subgroup_id
                   WHERE k.year_id = {year} AND k.grade = 8 AND k.letter = 'Б' ORDER BY x)"
            ),
        )
    };
    let old = courses(1);
    assert!(old.contains("Алгебра"), "{old}");
    assert_eq!(courses(2), old);
    // The new year's group courses have their groups' students (first-graders are not
    // split into groups, so the new second grade's groups start empty).
    assert_eq!(
        scalar(
            &db,
            "SELECT count(*) FROM course c JOIN class k ON k.id = c.class_id
             WHERE k.year_id = 2 AND k.grade > 2 AND c.subgroup_id IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM subgroup_member m WHERE m.subgroup_id = c.subgroup_id)"
        ),
        0
    );
    ok(dir.path(), &["check", "--db", s(&db)]);
}

#[test]
fn the_archive_is_read_only_and_keeps_the_year() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = copy_demo("2026-06-05", dir.path());
    let marks = scalar(&db, "SELECT count(*) FROM mark");
    let archives = dir.path().join("archives");
    // Under the usual umask, which would leave it readable by every user.
    let out = ok_with_umask(
        dir.path(),
        "022",
        &[
            "year",
            "close",
            "--db",
            s(&db),
            "--allow-missing",
            "--archive-dir",
            s(&archives),
        ],
    );
    let archive = archives.join("school-2025-2026.archive.sqlite");
    assert!(out.contains(s(&archive)), "{out}");
    assert!(archive.exists());
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = archive.as_os_str().to_os_string();
        p.push(suffix);
        assert!(!Path::new(&p).exists(), "{p:?}");
    }
    let meta = std::fs::metadata(&archive).expect("metadata");
    assert!(meta.permissions().readonly());
    // Its owner's only: read by the owner, written by nobody, in a private folder.
    #[cfg(unix)]
    {
        assert_eq!(mode(&archive), 0o400);
        assert_eq!(mode(&archives), 0o700);
    }
    let bytes = std::fs::read(&archive).expect("read archive");

    // It still holds the old year as it was, marks and all.
    assert_eq!(scalar(&archive, "SELECT count(*) FROM mark"), marks);
    assert_eq!(
        text(
            &archive,
            "SELECT group_concat(name || ':' || closed) FROM school_year"
        ),
        "2025/2026:0"
    );
    assert_eq!(
        text(&archive, "SELECT value FROM setting WHERE key = 'archived'"),
        "2025/2026"
    );
    assert_eq!(text(&archive, "PRAGMA journal_mode"), "delete");
    ok(dir.path(), &["check", "--db", s(&archive)]);
    let export = ok(
        dir.path(),
        &[
            "export",
            "journal",
            "--db",
            s(&archive),
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--period",
            "4",
        ],
    );
    assert!(export.lines().count() > 10, "{export}");

    // Writes are refused with a clear message, and the file stays as it was: a mark
    // for a lesson held by the tests' today, in a period still open.
    let lesson = text(
        &archive,
        &format!(
            "SELECT max(l.date) FROM lesson l JOIN course c ON c.id = l.course_id
             JOIN class k ON k.id = c.class_id JOIN subject s ON s.id = c.subject_id
             WHERE k.grade = 7 AND k.letter = 'Б' AND s.name = 'Алгебра' AND l.date <= '{}'",
            crate::common::TODAY
        ),
    );
    let student = a_7b_student(&archive);
    let mark = [
        "mark",
        "--db",
        s(&archive),
        "--as",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        &lesson,
        "--student",
        &student,
        "--yes",
        "5",
    ];
    let o = zhurnal(dir.path(), &mark);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("архив 2025/2026 открыт только для чтения"),
        "{}",
        stderr(&o)
    );
    let mut en = vec!["--lang", "en"];
    en.extend_from_slice(&mark);
    let o = zhurnal(dir.path(), &en);
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    let o = zhurnal(
        dir.path(),
        &["year", "close", "--db", s(&archive), "--allow-missing"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("только для чтения"), "{}", stderr(&o));
    let staff = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/staff.csv");
    let o = zhurnal(
        dir.path(),
        &[
            "import",
            "staff",
            s(&staff),
            "--db",
            s(&archive),
            "--new-classes",
        ],
    );
    assert!(!o.status.success(), "an import into an archive");
    assert!(std::fs::read(&archive).expect("read archive") == bytes);

    // An archive is never upgraded: one of another schema is refused, not changed.
    for (version, says) in [(1, "старой версией"), (99, "более новой версией")]
    {
        let other = dir.path().join(format!("v{version}.archive.sqlite"));
        std::fs::write(&other, &bytes).expect("copy");
        Connection::open(&other)
            .expect("open")
            .pragma_update(None, "user_version", version)
            .expect("user_version");
        let copy = std::fs::read(&other).expect("read");
        let o = zhurnal(dir.path(), &["check", "--db", s(&other)]);
        assert!(!o.status.success());
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
        assert!(std::fs::read(&other).expect("read") == copy);
    }
}

#[test]
fn missing_year_finals_refuse_the_close() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = copy_demo("2026-05-20", dir.path());
    let before = dump(&db);

    let o = zhurnal(dir.path(), &["year", "close", "--db", s(&db)]);
    assert!(!o.status.success());
    let err = stderr(&o);
    let listed = err
        .lines()
        .filter(|l| l.ends_with("— нет годовой отметки"))
        .count();
    assert!(listed > 100, "{err}");
    let last = err.lines().last().expect("an error line");
    assert!(
        last.contains(&format!("не выставлено годовых отметок: {listed}"))
            && last.contains("--allow-missing"),
        "{last}"
    );
    assert!(
        err.lines()
            .any(|l| l.starts_with("7Б, Алгебра: ") && l.ends_with("— нет годовой отметки")),
        "{err}"
    );
    assert!(
        !err.lines().any(|l| l.starts_with("1А, ")),
        "grade 1 has no finals"
    );
    assert!(dump(&db) == before, "a refused close changed the journal");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);

    // Only an administrator closes the year, even as a dry run.
    for login in ["teacher", "director"] {
        let o = zhurnal(
            dir.path(),
            &[
                "year",
                "close",
                "--db",
                s(&db),
                "--as",
                login,
                "--allow-missing",
            ],
        );
        assert!(!o.status.success());
        assert!(
            stderr(&o).contains("только администратор"),
            "{}",
            stderr(&o)
        );
        let o = zhurnal(
            dir.path(),
            &["year", "close", "--db", s(&db), "--as", login, "--dry-run"],
        );
        assert!(!o.status.success());
    }
    assert!(dump(&db) == before);
}

#[test]
fn with_every_year_final_set_the_close_needs_no_override() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = copy_demo("2026-06-05", dir.path());
    let out = ok(dir.path(), &["year", "close", "--dry-run", "--db", s(&db)]);
    let missing = out
        .lines()
        .filter(|l| l.ends_with("— нет годовой отметки"))
        .count();
    let conn = Connection::open(&db).expect("open");
    let filled = conn.execute(FILL_YEAR_FINALS, []).expect("fill finals");
    assert_eq!(filled, missing, "the rule agrees with its SQL statement");

    // One final taken away: exactly that one is listed.
    let (student, course): (i64, i64) = conn
        .query_row(
            "SELECT f.student_id, f.course_id FROM final_mark f JOIN course c ON c.id = f.course_id
             JOIN class k ON k.id = c.class_id JOIN subject s ON s.id = c.subject_id
             WHERE f.period_id IS NULL AND k.grade = 7 AND k.letter = 'Б' AND s.name = 'Алгебра'
             ORDER BY f.student_id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a final");
    let name: String = conn
        .query_row(
            "SELECT last_name || ' ' || first_name || ' ' || patronymic FROM student WHERE id = ?1",
            [student],
            |r| r.get(0),
        )
        .expect("name");
    conn.execute(
        "DELETE FROM final_mark WHERE student_id = ?1 AND course_id = ?2 AND period_id IS NULL",
        [student, course],
    )
    .expect("delete");
    let o = zhurnal(dir.path(), &["year", "close", "--db", s(&db)]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(
        err.lines().next().expect("a line"),
        format!("7Б, Алгебра: {name} — нет годовой отметки"),
        "{err}"
    );
    assert!(err.contains("не выставлено годовых отметок: 1;"), "{err}");
    conn.execute(
        "INSERT INTO final_mark (student_id, course_id, period_id, value, updated_at)
         VALUES (?1, ?2, NULL, 'н/а', '2026-05-29 10:00:00')",
        [student, course],
    )
    .expect("insert");
    drop(conn);

    let out = ok(dir.path(), &["year", "close", "--db", s(&db)]);
    assert!(!out.contains("Не выставлены годовые отметки"), "{out}");
    assert!(out.contains("Учебный год 2025/2026 закрыт, открыт 2026/2027"));
    ok(dir.path(), &["check", "--db", s(&db)]);
}

/// On the screen, missing year finals are named in the question, and its yes closes
/// the year anyway: the screen's own way, where the command line needs a flag.
#[test]
fn the_screen_closes_the_year_anyway_after_naming_the_missing_finals() {
    use common::tui::{app, key, login, open_tool, screen};
    use ratatui::crossterm::event::KeyCode;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = copy_demo("2026-05-20", dir.path());
    let mut a = app(&db, "2026-05-29");
    login(&mut a, "admin", "demo");
    open_tool(&mut a, zhurnal::tui::admin::Tool::YearClose);
    key(&mut a, KeyCode::Enter);
    let s = screen(&a);
    assert!(
        s.contains("Не выставлено годовых отметок:") && !s.contains("--"),
        "{s}"
    );
    key(&mut a, KeyCode::Enter);
    let s = screen(&a);
    assert!(s.contains("Учебный год 2025/2026 закрыт"), "{s}");
    let store = zhurnal::store::Store::open(&db).expect("open");
    assert_eq!(store.current_year().expect("year").name, "2026/2027");
}
