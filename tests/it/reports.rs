//! `zhurnal report`: every number checked against counts this test makes itself from
//! the raw rows (its own SQL, not the report's), on the demo school and on small
//! hand-made journals; who may run the reports; the CSV, text and file outputs.

use crate::common;
use common::TestJournal;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use common::{ok, stderr, zhurnal};
use rusqlite::Connection;
use zhurnal::domain::calendar::Period;
use zhurnal::domain::ids::ClassId;
use zhurnal::store::Store;

const TODAY: &str = "2025-12-14";

struct Demo {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Demo {
    fn new() -> Demo {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = common::tui::demo_copy(dir.path());
        Demo { dir, db }
    }

    fn store(&self) -> Store {
        let mut s = Store::open(&self.db).expect("open");
        s.set_today(Some(
            chrono::NaiveDate::from_ymd_opt(2025, 12, 14).expect("date"),
        ));
        s
    }

    fn conn(&self) -> Connection {
        Connection::open(&self.db).expect("open")
    }

    /// Runs `zhurnal report …` on this journal, insisting on success.
    fn report(&self, args: &[&str]) -> String {
        let mut all = vec!["report"];
        all.extend(args);
        all.extend(["--db", self.db.to_str().expect("path"), "--today", TODAY]);
        all.extend(["--csv", "plain"]);
        ok(self.dir.path(), &all)
    }

    fn refused(&self, args: &[&str]) -> String {
        let mut all = vec!["report"];
        all.extend(args);
        all.extend(["--db", self.db.to_str().expect("path"), "--today", TODAY]);
        let o = zhurnal(self.dir.path(), &all);
        assert!(!o.status.success(), "{args:?} should be refused");
        stderr(&o)
    }
}

fn period(store: &Store, num: i64) -> Period {
    let year = store.current_year().expect("year");
    store
        .calendar(year.id)
        .expect("calendar")
        .period_by_num(num, 7)
        .expect("period")
}

fn class_id(conn: &Connection, name: &str) -> i64 {
    let (grade, letter) = name.split_at(name.find(|c: char| !c.is_ascii_digit()).expect("letter"));
    conn.query_row(
        "SELECT id FROM class WHERE grade = ?1 AND letter = ?2",
        rusqlite::params![grade.parse::<i64>().expect("grade"), letter],
        |r| r.get(0),
    )
    .expect("class")
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("record").iter().map(str::to_string).collect())
        .collect()
}

fn pct(part: i64, n: i64) -> String {
    format!("{:.1}", 100.0 * part as f64 / n as f64)
}

#[test]
fn quality_of_7b_in_the_first_quarter_matches_the_finals() {
    let demo = Demo::new();
    let conn = demo.conn();
    // The test's own count: final_mark rows of 7Б, period 1, by subject and value.
    let mut st = conn
        .prepare(
            "SELECT s.name, f.value, count(*) FROM final_mark f
             JOIN course c ON c.id = f.course_id JOIN subject s ON s.id = c.subject_id
             JOIN class k ON k.id = c.class_id JOIN period p ON p.id = f.period_id
             WHERE k.grade = 7 AND k.letter = 'Б' AND p.num = 1
             GROUP BY s.name, f.value",
        )
        .expect("prepare");
    let mut by: BTreeMap<String, HashMap<String, i64>> = BTreeMap::new();
    for row in st
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })
        .expect("query")
    {
        let (subject, value, n) = row.expect("row");
        by.entry(subject).or_default().insert(value, n);
    }
    assert!(by.len() > 10, "the demo has finals in 7Б: {by:?}");

    let out = demo.report(&[
        "quality", "--class", "7Б", "--period", "1", "--as", "deputy",
    ]);
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), by.len(), "{out}");
    for row in rows {
        let subject = &row[1];
        let v = &by[subject];
        let g = |k: &str| v.get(k).copied().unwrap_or(0);
        // A «1» is counted as itself: its own column, 1 in the average, 6 in СОУ.
        let (n5, n4, n3, n2, n1, na) = (g("5"), g("4"), g("3"), g("2"), g("1"), g("н/а"));
        let n = n5 + n4 + n3 + n2 + n1 + na;
        let sou = (100 * n5 + 64 * n4 + 36 * n3 + 16 * n2 + 6 * n1 + 7 * na) as f64 / n as f64;
        let avg = (5 * n5 + 4 * n4 + 3 * n3 + 2 * n2 + n1) as f64 / (n - na) as f64;
        let want = vec![
            "7Б".to_string(),
            subject.clone(),
            n5.to_string(),
            n4.to_string(),
            n3.to_string(),
            n2.to_string(),
            n1.to_string(),
            na.to_string(),
            n.to_string(),
            pct(n5 + n4 + n3, n),
            pct(n5 + n4, n),
            format!("{sou:.1}"),
            format!("{avg:.2}"),
        ];
        assert_eq!(row, want, "{subject}");
    }

    // The whole school: one row per class and subject that has finals.
    let classes_subjects: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT DISTINCT c.class_id, c.subject_id FROM final_mark f
             JOIN course c ON c.id = f.course_id JOIN period p ON p.id = f.period_id WHERE p.num = 1)",
            [],
            |r| r.get(0),
        )
        .expect("count");
    let all = demo.report(&["quality", "--period", "1", "--as", "director"]);
    assert_eq!(csv_rows(&all).len() as i64, classes_subjects);
}

#[test]
fn accumulation_lists_exactly_the_students_short_of_marks() {
    let demo = Demo::new();
    let conn = demo.conn();
    let store = demo.store();
    let p = period(&store, 2);
    let class = class_id(&conn, "7Б");
    let (start, end) = (p.start.to_string(), p.end.to_string());

    // Marks per (course, student) in the period, counted here from the mark rows.
    let mut marks: HashMap<(i64, i64), i64> = HashMap::new();
    let mut st = conn
        .prepare(
            "SELECT l.course_id, m.student_id, l.date FROM mark m JOIN lesson l ON l.id = m.lesson_id
             JOIN course c ON c.id = l.course_id WHERE c.class_id = ?1",
        )
        .expect("prepare");
    for row in st
        .query_map([class], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .expect("query")
    {
        let (course, student, date) = row.expect("row");
        if date >= start && date <= end {
            *marks.entry((course, student)).or_default() += 1;
        }
    }
    // Who belongs to which course: the class's students in the period, a group's
    // members for a group course.
    let students: Vec<i64> = conn
        .prepare(
            "SELECT DISTINCT student_id FROM enrollment WHERE class_id = ?1 AND start_date <= ?2
             AND (end_date IS NULL OR end_date > ?3)",
        )
        .expect("prepare")
        .query_map(rusqlite::params![class, end, start], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let courses: Vec<(i64, Option<i64>)> = conn
        .prepare("SELECT id, subgroup_id FROM course WHERE class_id = ?1")
        .expect("prepare")
        .query_map([class], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let members: BTreeSet<(i64, i64)> = conn
        .prepare("SELECT subgroup_id, student_id FROM subgroup_member")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut want = BTreeSet::new();
    for (course, group) in &courses {
        for s in &students {
            if group.is_some_and(|g| !members.contains(&(g, *s))) {
                continue;
            }
            let n = marks.get(&(*course, *s)).copied().unwrap_or(0);
            if n < 3 {
                want.insert((*course, *s, n));
            }
        }
    }
    assert!(
        !want.is_empty(),
        "the demo has students short of marks in 7Б"
    );

    let actor = store.actor("deputy").expect("deputy");
    let got: BTreeSet<(i64, i64, i64)> = store
        .accumulation_report(&actor, Some(ClassId(class)), std::slice::from_ref(&p))
        .expect("report")
        .into_iter()
        .map(|r| (r.course_id.0, r.student_id.0, r.marks))
        .collect();
    assert_eq!(got, want);

    // The command: the period holding today (the 2nd quarter) and the school's minimum.
    let out = demo.report(&["accumulation", "--class", "7Б", "--as", "classteacher"]);
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), want.len(), "{out}");
    assert!(
        rows.iter()
            .all(|r| r[0].starts_with("7Б ") && r[2].parse::<i64>().expect("n") < 3)
    );
    let zeros = want.iter().filter(|w| w.2 == 0).count();
    assert_eq!(rows.iter().filter(|r| r[2] == "0").count(), zeros);
}

#[test]
fn attendance_counts_the_absence_rows_by_code() {
    let demo = Demo::new();
    let conn = demo.conn();
    let store = demo.store();
    let p = period(&store, 1);
    let class = class_id(&conn, "7Б");
    // The test's own count: attendance rows of the class's lessons in the period.
    let mut st = conn
        .prepare(
            "SELECT st.last_name || ' ' || st.first_name || ' ' || st.patronymic, a.code, ac.excused
             FROM attendance a JOIN attendance_code ac ON ac.code = a.code
             JOIN lesson l ON l.id = a.lesson_id JOIN course c ON c.id = l.course_id
             JOIN student st ON st.id = a.student_id
             WHERE c.class_id = ?1 AND l.date >= ?2 AND l.date <= ?3 AND ac.absent = 1
               AND l.cancelled_reason IS NULL",
        )
        .expect("prepare");
    let mut by: HashMap<(String, String), i64> = HashMap::new();
    let mut excused: HashMap<String, i64> = HashMap::new();
    let mut total = 0;
    for row in st
        .query_map(
            rusqlite::params![class, p.start.to_string(), p.end.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )
        .expect("query")
    {
        let (name, code, exc) = row.expect("row");
        *by.entry((name.clone(), code)).or_default() += 1;
        *excused.entry(name).or_default() += exc;
        total += 1;
    }
    assert!(total > 0, "the demo has absences in 7Б");

    let out = demo.report(&[
        "attendance",
        "--class",
        "7Б",
        "--period",
        "1",
        "--as",
        "deputy",
    ]);
    let mut rd = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rd
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let codes = &header[1..header.len() - 3];
    assert_eq!(codes, ["Н", "Б", "У"]);
    let rows = csv_rows(&out);
    let last = rows.last().expect("total row");
    assert_eq!(last[0], "Итого");
    assert_eq!(last[header.len() - 3], total.to_string());
    let mut sum = 0;
    for row in &rows[..rows.len() - 1] {
        let name = &row[0];
        let mut all = 0;
        for (i, code) in codes.iter().enumerate() {
            let n = by.get(&(name.clone(), code.clone())).copied().unwrap_or(0);
            assert_eq!(row[1 + i], n.to_string(), "{name} {code}");
            all += n;
        }
        let exc = excused.get(name).copied().unwrap_or(0);
        let k = codes.len() + 1;
        assert_eq!(
            row[k..],
            [all.to_string(), exc.to_string(), (all - exc).to_string()],
            "{name}"
        );
        sum += all;
    }
    assert_eq!(sum, total, "every absence belongs to a listed student");
}

#[test]
fn summary_shows_every_period_final_of_the_class() {
    let demo = Demo::new();
    let conn = demo.conn();
    let mut st = conn
        .prepare(
            "SELECT st.last_name || ' ' || st.first_name || ' ' || st.patronymic, s.name, f.value
             FROM final_mark f JOIN course c ON c.id = f.course_id JOIN subject s ON s.id = c.subject_id
             JOIN class k ON k.id = c.class_id JOIN period p ON p.id = f.period_id
             JOIN student st ON st.id = f.student_id
             WHERE k.grade = 7 AND k.letter = 'Б' AND p.num = 1",
        )
        .expect("prepare");
    let finals: Vec<(String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let out = demo.report(&[
        "summary",
        "--class",
        "7Б",
        "--period",
        "1",
        "--as",
        "classteacher",
    ]);
    let mut rd = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rd
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = csv_rows(&out);
    let mut filled = 0;
    for row in &rows {
        filled += row[1..].iter().filter(|c| !c.is_empty()).count();
    }
    assert_eq!(
        filled,
        finals.len(),
        "no year finals yet: one cell per period final"
    );
    for (student, subject, value) in &finals {
        let col = header
            .iter()
            .position(|h| h == subject)
            .expect("subject column");
        let row = rows.iter().find(|r| &r[0] == student).expect("student row");
        assert_eq!(&row[col], value, "{student} {subject}");
    }
}

#[test]
fn who_may_run_the_reports() {
    let demo = Demo::new();
    for who in ["parent", "student", "teacher"] {
        let err = demo.refused(&["quality", "--class", "7Б", "--period", "1", "--as", who]);
        assert!(err.contains("нет прав"), "{who}: {err}");
    }
    // The class teacher: own class only, and must name it.
    demo.report(&[
        "attendance",
        "--class",
        "7Б",
        "--period",
        "1",
        "--as",
        "classteacher",
    ]);
    let err = demo.refused(&[
        "attendance",
        "--class",
        "7А",
        "--period",
        "1",
        "--as",
        "classteacher",
    ]);
    assert!(err.contains("нет прав"), "{err}");
    let err = demo.refused(&["quality", "--period", "1", "--as", "classteacher"]);
    assert!(err.contains("--class"), "{err}");
    for who in ["deputy", "director", "admin"] {
        demo.report(&["quality", "--period", "1", "--as", who]);
    }
    // Attendance and the summary sheet are per class.
    let err = demo.refused(&["summary", "--period", "1", "--as", "deputy"]);
    assert!(err.contains("--class"), "{err}");
}

#[test]
fn text_is_aligned_and_the_file_holds_the_csv() {
    let demo = Demo::new();
    let args = [
        "attendance",
        "--class",
        "7Б",
        "--period",
        "1",
        "--as",
        "deputy",
    ];
    let mut text_args = args.to_vec();
    text_args.extend(["--format", "text"]);
    let text = demo.report(&text_args);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Пропуски уроков: 7Б, 1 четверть");
    assert!(lines[2].starts_with("-----"), "{text}");
    // The last column holds numbers, right-aligned: every line ends at the same place.
    let width = lines[1].chars().count();
    assert!(
        lines[1..].iter().all(|l| l.chars().count() == width),
        "{text}"
    );
    // Each column starts where its header does.
    let col = lines[1].find("Всего").expect("header");
    let total = lines.last().expect("total");
    assert!(total.starts_with("Итого"));
    assert!(lines[2][col..].starts_with('-'));

    let file = demo.dir.path().join("att.csv");
    let mut file_args = args.to_vec();
    file_args.extend(["-o", file.to_str().expect("path")]);
    let printed = demo.report(&file_args);
    assert_eq!(printed, "");
    let csv_out = demo.report(&args);
    assert_eq!(std::fs::read_to_string(&file).expect("file"), csv_out);
    let parts: Vec<_> = std::fs::read_dir(demo.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(parts.is_empty(), "{parts:?}");
}

/// A mini journal with hand-made marks, absences and finals.
#[test]
fn hand_made_journal_gives_hand_computed_numbers() {
    let j = TestJournal::mini();
    let cell = |student: &str| {
        vec![
            "--db",
            j.db_str(),
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-11-10",
            "--student",
        ]
        .into_iter()
        .map(str::to_string)
        .chain([student.to_string()])
        .collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(j.dir(), &a)
    };
    let mut m = vec!["mark".to_string()];
    m.extend(cell("Алексеев"));
    m.extend(["5".into(), "4".into()]);
    run(m);
    let mut a = vec!["attend".to_string()];
    a.extend(cell("Белова"));
    a.push("Н".into());
    run(a);

    let conn = Connection::open(j.db()).expect("open");
    let num: i64 = conn
        .query_row(
            "SELECT num FROM period WHERE '2025-11-10' BETWEEN start_date AND end_date",
            [],
            |r| r.get(0),
        )
        .expect("period");
    let num = num.to_string();
    let report = |args: &[&str]| {
        let mut all = vec!["report"];
        all.extend(args);
        all.extend(["--db", j.db_str(), "--period", &num, "--as", "admin"]);
        all.extend(["--csv", "plain"]);
        ok(j.dir(), &all)
    };

    // Three students in 7Б, all in Алгебра; Алексеев has 2 marks, the others none.
    let acc = csv_rows(&report(&["accumulation", "--class", "7Б"]));
    let algebra: Vec<(String, String)> = acc
        .iter()
        .filter(|r| r[0] == "7Б Алгебра")
        .map(|r| {
            (
                r[1].split(' ').next().expect("name").to_string(),
                r[2].clone(),
            )
        })
        .collect();
    assert_eq!(algebra.len(), 3, "{acc:?}");
    assert!(
        algebra.contains(&("Алексеев".into(), "2".into())),
        "{algebra:?}"
    );
    assert_eq!(algebra.iter().filter(|a| a.1 == "0").count(), 2);

    // Attendance: Белова's one «Н», unexcused.
    let att = csv_rows(&report(&["attendance", "--class", "7Б"]));
    let belova = att
        .iter()
        .find(|r| r[0].starts_with("Белова"))
        .expect("Белова");
    assert_eq!(belova[1..], ["1", "0", "0", "1", "0", "1"]);
    assert_eq!(
        att.last().expect("total")[1..],
        ["1", "0", "0", "1", "0", "1"]
    );

    // Finals written straight into the table: «5», «2», «осв».
    // N = 2 (осв left out): успеваемость 1/2 = 50.0, качество 50.0,
    // СОУ = (100 + 16)/2 = 58.0, average (5 + 2)/2 = 3.50.
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT e.student_id FROM enrollment e JOIN class k ON k.id = e.class_id
             WHERE k.grade = 7 ORDER BY e.student_id",
        )
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(ids.len(), 3);
    for (id, value) in ids.iter().zip(["5", "2", "осв"]) {
        conn.execute(
            "INSERT INTO final_mark (student_id, course_id, period_id, value, updated_at)
             SELECT ?1, c.id, p.id, ?2, '2025-12-01 10:00:00' FROM course c
             JOIN subject s ON s.id = c.subject_id, period p
             WHERE s.name = 'Алгебра' AND p.num = ?3",
            rusqlite::params![id, value, num],
        )
        .expect("final");
    }
    let q = csv_rows(&report(&["quality", "--class", "7Б"]));
    assert_eq!(
        q,
        vec![vec![
            "7Б",
            "Алгебра",
            "1",
            "0",
            "0",
            "1",
            "0",
            "0",
            "2",
            "50.0",
            "50.0",
            "58.0",
            "3.50"
        ]]
    );
    let summary = csv_rows(&report(&["summary", "--class", "7Б"]));
    let cells: Vec<&str> = summary.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(cells.len(), 3);
    assert!(cells.contains(&"5") && cells.contains(&"2") && cells.contains(&"осв"));

    // A year final adds the subject's year column.
    conn.execute(
        "INSERT INTO final_mark (student_id, course_id, period_id, value, updated_at)
         SELECT ?1, c.id, NULL, '4', '2026-05-25 10:00:00' FROM course c
         JOIN subject s ON s.id = c.subject_id WHERE s.name = 'Алгебра'",
        [ids[0]],
    )
    .expect("year final");
    let out = report(&["summary", "--class", "7Б"]);
    let mut rd = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rd
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header[1..3], ["Алгебра", "Алгебра (год)"], "{out}");
    let years: Vec<String> = csv_rows(&out).iter().map(|r| r[2].clone()).collect();
    assert_eq!(years.iter().filter(|y| *y == "4").count(), 1);
    assert_eq!(years.iter().filter(|y| y.is_empty()).count(), 2);
}

#[test]
fn fill_counts_the_teachers_lessons_and_lags() {
    let demo = Demo::new();
    let conn = demo.conn();
    let staff: i64 = conn
        .query_row(
            "SELECT staff_id FROM users WHERE login = 'teacher'",
            [],
            |r| r.get(0),
        )
        .expect("staff");
    let (start, end): (String, String) = conn
        .query_row(
            "SELECT start_date, end_date FROM period WHERE num = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("period");
    // One topic entered two days after its lesson, through the journal's audit.
    let (lesson, date): (i64, String) = conn
        .query_row(
            "SELECT l.id, l.date FROM lesson l JOIN course c ON c.id = l.course_id
             WHERE c.teacher_id = ?1 AND l.date BETWEEN ?2 AND ?3 ORDER BY l.date LIMIT 1",
            rusqlite::params![staff, start, end],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("lesson");
    conn.execute(
        "INSERT INTO audit (at, actor, action, entity, lesson_id)
         VALUES (date(?1, '+2 days') || ' 15:00:00', 'teacher', 'set', 'topic', ?2)",
        rusqlite::params![date, lesson],
    )
    .expect("audit");

    // The test's own counts over the teacher's held lessons of the 1st quarter.
    let held = "FROM lesson l JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
        WHERE coalesce(l.conducted_by, c.teacher_id) = ?1 AND l.date BETWEEN ?2 AND ?3
          AND l.date <= '2025-12-14' AND l.cancelled_reason IS NULL";
    let (n, no_topic, no_hw, no_att): (i64, i64, i64, i64) = conn
        .query_row(
            &format!(
                "SELECT count(*), sum(l.topic = ''), sum(l.homework = '' AND k.grade >= 2),
                        sum(l.attendance_taken_at IS NULL) {held}"
            ),
            rusqlite::params![staff, start, end],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("lessons");
    let hw_lessons: i64 = conn
        .query_row(
            &format!("SELECT count(*) {held} AND k.grade >= 2"),
            rusqlite::params![staff, start, end],
            |r| r.get(0),
        )
        .expect("hw");
    let (marks, lag_sum, same_day): (i64, f64, i64) = conn
        .query_row(
            "SELECT count(*),
                    sum(max(julianday(substr(m.created_at, 1, 10)) - julianday(l.date), 0)),
                    sum(substr(m.created_at, 1, 10) <= l.date)
                 FROM mark m JOIN lesson l ON l.id = m.lesson_id
                 JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
                 WHERE coalesce(l.conducted_by, c.teacher_id) = ?1
                   AND l.date BETWEEN ?2 AND ?3 AND l.date <= '2025-12-14'
                   AND l.cancelled_reason IS NULL",
            rusqlite::params![staff, start, end],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("marks");
    assert!(n > 0 && marks > 0);

    let out = demo.report(&[
        "fill",
        "--period",
        "1",
        "--teacher",
        "teacher",
        "--as",
        "deputy",
    ]);
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 1, "{out}");
    let r = &rows[0];
    assert_eq!(
        r[1..9],
        [
            n.to_string(),
            no_topic.to_string(),
            no_hw.to_string(),
            no_att.to_string(),
            pct(n - no_topic, n),
            pct(hw_lessons - no_hw, hw_lessons),
            pct(n - no_att, n),
            marks.to_string(),
        ]
    );
    assert_eq!(r[9], format!("{:.2}", lag_sum / marks as f64));
    assert_eq!(r[10], pct(same_day, marks));
    // The one topic with a record: two days late.
    assert_eq!(r[12..], ["2.00".to_string(), "0.0".to_string()]);

    // About the teachers' work: the administration only.
    let err = demo.refused(&["fill", "--class", "7Б", "--as", "classteacher"]);
    assert!(err.contains("нет прав"), "{err}");
}

#[test]
fn fulfilment_is_the_plan_report_of_each_course() {
    let demo = Demo::new();
    let conn = demo.conn();
    let class = class_id(&conn, "7Б");
    let totals: HashMap<String, i64> = conn
        .prepare(
            "SELECT s.name || ifnull(' (гр. ' || g.name || ')', ''), ifnull(sum(p.hours), 0)
             FROM course c JOIN subject s ON s.id = c.subject_id
             LEFT JOIN subgroup g ON g.id = c.subgroup_id
             LEFT JOIN plan_item p ON p.course_id = c.id
             WHERE c.class_id = ?1 GROUP BY c.id",
        )
        .expect("prepare")
        .query_map([class], |r| {
            Ok((format!("7Б {}", r.get::<_, String>(0)?), r.get(1)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let out = demo.report(&["fulfilment", "--class", "7Б", "--as", "classteacher"]);
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), totals.len(), "{out}");
    let store = demo.store();
    let actor = store.actor("deputy").expect("deputy");
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 14).expect("date");
    for row in &rows {
        assert_eq!(row[2], totals[&row[0]].to_string(), "{}", row[0]);
        let (due, held, lag): (i64, i64, i64) = (
            row[3].parse().expect("due"),
            row[4].parse().expect("held"),
            row[5].parse().expect("lag"),
        );
        assert_eq!(lag, (due - held).max(0), "{}", row[0]);
    }
    // The same numbers as `plan_report` for Алгебра.
    let algebra = store.find_course("7Б", "Алгебра", None).expect("course");
    let plan = store
        .plan_report(&actor, algebra.id, today)
        .expect("plan")
        .fulfilment;
    let row = rows.iter().find(|r| r[0] == "7Б Алгебра").expect("algebra");
    assert_eq!(
        row[2..],
        [
            plan.total.to_string(),
            plan.due.to_string(),
            plan.held.to_string(),
            plan.lag.to_string(),
            format!("{:.1}", plan.percent.expect("percent")),
        ]
    );
    // --subject and --teacher narrow the list.
    let one = csv_rows(&demo.report(&[
        "fulfilment",
        "--subject",
        "Алгебра",
        "--teacher",
        "teacher",
        "--as",
        "deputy",
    ]));
    assert!(!one.is_empty() && one.iter().all(|r| r[0].ends_with(" Алгебра")));
}

#[test]
fn activity_counts_logins_and_changes_per_month() {
    let demo = Demo::new();
    let conn = demo.conn();
    let uid: i64 = conn
        .query_row("SELECT id FROM users WHERE login = 'deputy'", [], |r| {
            r.get(0)
        })
        .expect("deputy");
    for (at, action) in [
        ("2025-12-01 08:00:00", "login"),
        ("2025-12-01 09:00:00", "logout"),
        ("2025-12-02 08:00:00", "login"),
        ("2025-12-03 08:00:00", "login_failed"),
    ] {
        conn.execute(
            "INSERT INTO audit (at, user_id, actor, action, entity) VALUES (?1, ?2, 'deputy', ?3, 'session')",
            rusqlite::params![at, uid, action],
        )
        .expect("audit");
    }
    let changes: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE actor = 'deputy' AND at LIKE '2025-12-%' AND entity <> 'session'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    let months: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT DISTINCT a.actor, substr(a.at, 1, 7) FROM audit a, school_year y
             WHERE substr(a.at, 1, 10) BETWEEN y.start_date AND y.end_date)",
            [],
            |r| r.get(0),
        )
        .expect("months");
    let rows = csv_rows(&demo.report(&["activity", "--as", "director"]));
    assert_eq!(rows.len() as i64, months);
    let dec = rows
        .iter()
        .find(|r| r[0] == "deputy" && r[1] == "2025-12")
        .expect("deputy in December");
    assert_eq!(dec[2..], ["2".to_string(), changes.to_string()]);
    let mine = csv_rows(&demo.report(&["activity", "--teacher", "deputy", "--as", "director"]));
    assert!(!mine.is_empty() && mine.iter().all(|r| r[0] == "deputy"));
    let err = demo.refused(&["activity", "--as", "teacher"]);
    assert!(err.contains("нет прав"), "{err}");
}
