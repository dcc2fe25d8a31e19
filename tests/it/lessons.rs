//! Substitutions, cancelled and extra lessons, and a teacher's gaps, on the mini
//! journal: through the store and through the real binary.

use crate::common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{ok, stderr, stdout, zhurnal};
use zhurnal::domain::ids::{CourseId, LessonId, StaffId, StudentId};
use zhurnal::domain::lessons::{GapKind, substitute_label};
use zhurnal::domain::marks::MarkValue;
use zhurnal::domain::names::FullName;
use zhurnal::domain::policy::Actor;
use zhurnal::domain::roles::Role;
use zhurnal::store::Store;
use zhurnal::store::accounts::NewUser;
use zhurnal::store::marks::Expect;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn five() -> Vec<MarkValue> {
    vec![MarkValue::new(5).expect("mark")]
}

struct Fixture {
    dir: tempfile::TempDir,
    db: PathBuf,
    store: Store,
    algebra: CourseId,
    math1: CourseId,
}

/// The mini journal plus a deputy director («deputy», who also teaches).
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::mini_journal(dir.path());
    let mut store = Store::open(&db).expect("open");
    store.set_today(chrono::NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").ok());
    store
        .add_user(
            &Actor::local_operator(),
            &NewUser {
                login: "deputy".into(),
                name: FullName::new("Заварзина", "Людмила", "Петровна"),
                roles: vec![Role::Deputy, Role::Teacher],
                student_id: None,
            },
        )
        .expect("deputy");
    let algebra = store.find_course("7Б", "Алгебра", None).expect("7Б").id;
    let math1 = store.find_course("1А", "Математика", None).expect("1А").id;
    Fixture {
        dir,
        db,
        store,
        algebra,
        math1,
    }
}

impl Fixture {
    fn actor(&self, login: &str) -> Actor {
        self.store.actor(login).expect("actor")
    }

    fn staff(&self, login: &str) -> StaffId {
        self.actor(login).staff_id.expect("staff")
    }

    fn lesson(&self, course: CourseId, d: &str) -> LessonId {
        self.store
            .find_lesson(course, date(d), None)
            .expect("lesson")
            .id
    }

    fn student(&self, course: CourseId, last: &str) -> StudentId {
        let year = self.store.current_year().expect("year");
        self.store
            .course_students(course, year.start, year.end)
            .expect("students")
            .into_iter()
            .find(|s| s.name.last == last)
            .expect("student")
            .id
    }

    fn students(&self, course: CourseId) -> Vec<StudentId> {
        let year = self.store.current_year().expect("year");
        self.store
            .course_students(course, year.start, year.end)
            .expect("students")
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    fn d(&self) -> &str {
        self.db.to_str().expect("utf-8 path")
    }

    fn home(&self) -> &Path {
        self.dir.path()
    }

    /// Runs the binary on this journal.
    fn run(&self, args: &[&str]) -> std::process::Output {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--db", self.d()]);
        zhurnal(self.home(), &all)
    }

    fn ok(&self, args: &[&str]) -> String {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--db", self.d()]);
        ok(self.home(), &all)
    }

    /// Runs and insists on failure; returns stderr.
    fn fails(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            !o.status.success(),
            "zhurnal {args:?} should fail: {}",
            stdout(&o)
        );
        stderr(&o)
    }

    /// The header of the 7Б Алгебра page of the second quarter.
    fn export_header(&self) -> String {
        let out = self.ok(&[
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
        out.lines().next().expect("header").to_string()
    }

    /// (actor, action, entity, old, new) of the audit rows of a lesson, oldest first.
    fn audit(&self, lesson_id: LessonId, entity: &str) -> Vec<[Option<String>; 5]> {
        let conn = rusqlite::Connection::open(&self.db).expect("open");
        conn.prepare(
            "SELECT actor, action, entity, old_value, new_value FROM audit
             WHERE lesson_id = ?1 AND entity = ?2 ORDER BY id",
        )
        .expect("prepare")
        .query_map(rusqlite::params![lesson_id, entity], |r| {
            Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?])
        })
        .expect("query")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("rows")
    }
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn a_substitute_fills_the_substituted_lesson_and_nothing_else() {
    let mut f = fixture();
    let (teacher, other, deputy) = (f.actor("teacher"), f.actor("other"), f.actor("deputy"));
    let monday = f.lesson(f.algebra, "2025-11-10");
    let wednesday = f.lesson(f.algebra, "2025-11-12");
    let volkov = f.student(f.algebra, "Волков");
    let day = |f: &Fixture, who: &str| -> Vec<LessonId> {
        f.store
            .teacher_day(f.staff(who), date("2025-11-10"))
            .expect("day")
            .iter()
            .map(|l| l.lesson_id)
            .collect()
    };
    assert_eq!(day(&f, "teacher"), vec![monday]);
    assert_eq!(day(&f, "other"), Vec::<LessonId>::new());

    // Only a deputy or the director assigns a substitute.
    for who in [&teacher, &other, &Actor::local_operator()] {
        let err = f
            .store
            .assign_substitute(who, monday, Some("other"))
            .expect_err("not a supervisor");
        assert!(
            err.to_string()
                .contains("заместитель директора или директор"),
            "{err}"
        );
    }
    f.store
        .assign_substitute(&deputy, monday, Some("other"))
        .expect("substitute");
    assert_eq!(
        f.store.substitute_name(monday).expect("name"),
        Some(FullName::new("Соколов", "Пётр", "Андреевич"))
    );
    assert_eq!(f.store.substitute_name(wednesday).expect("name"), None);
    let label = substitute_label(
        &f.store
            .substitute_name(monday)
            .expect("name")
            .expect("some"),
    );
    assert_eq!(label, "замена: Соколов П.А.");

    // Today: the substitute has the lesson, the course's teacher no longer.
    assert_eq!(day(&f, "other"), vec![monday]);
    assert_eq!(day(&f, "teacher"), Vec::<LessonId>::new());
    let today = f
        .store
        .teacher_day(f.staff("other"), date("2025-11-10"))
        .expect("day");
    assert_eq!(
        today[0].substitute_for,
        Some(FullName::new("Орлова", "Вера", "Павловна"))
    );

    // The substitute fills that lesson: a mark, attendance, the topic and homework.
    f.store
        .add_marks(&other, monday, volkov, &five(), None, Expect::Anything)
        .expect("mark");
    let alekseev = f.student(f.algebra, "Алексеев");
    f.store
        .set_attendance(&other, monday, alekseev, Some("Н"), Expect::Anything)
        .expect("attendance");
    f.store
        .set_lesson_text(&other, monday, "Степень с натуральным показателем", "№ 5")
        .expect("topic");
    let l = f.store.lesson(monday).expect("lesson");
    assert_eq!(l.topic, "Степень с натуральным показателем");
    assert!(l.attendance_taken.is_some());
    // … and nothing else of the course.
    let err = f
        .store
        .add_marks(&other, wednesday, volkov, &five(), None, Expect::Anything)
        .expect_err("another lesson");
    assert!(err.to_string().contains("нет прав"), "{err}");
    assert!(
        f.store
            .set_lesson_text(&other, wednesday, "тема", "")
            .is_err()
    );
    assert!(
        f.store
            .set_attendance(&other, wednesday, volkov, Some("Н"), Expect::Anything)
            .is_err()
    );
    // The page shows the substitute only their lesson.
    let year = f.store.current_year().expect("year");
    let cal = f.store.calendar(year.id).expect("calendar");
    let page = f
        .store
        .journal_page(&other, f.algebra, &cal.period_by_num(2, 7).expect("q2"))
        .expect("page");
    assert!(page.restricted);
    assert_eq!(
        page.lessons.iter().map(|l| l.id).collect::<Vec<_>>(),
        vec![monday]
    );

    // Not the course's own teacher, not a parent, not an unknown or disabled account.
    for (login, says) in [
        ("teacher", "учитель этого курса"),
        ("parent", "не сотрудник"),
        ("nobody", "нет пользователя"),
    ] {
        let err = f
            .store
            .assign_substitute(&deputy, wednesday, Some(login))
            .expect_err(login);
        assert!(err.to_string().contains(says), "{login}: {err}");
    }
    f.store
        .set_user_active(&Actor::local_operator(), "primary", false)
        .expect("disable");
    let err = f
        .store
        .assign_substitute(&deputy, wednesday, Some("primary"))
        .expect_err("disabled");
    assert!(err.to_string().contains("отключена"), "{err}");

    // Taking the lesson back.
    f.store
        .assign_substitute(&deputy, monday, None)
        .expect("remove");
    assert_eq!(day(&f, "teacher"), vec![monday]);
    assert_eq!(day(&f, "other"), Vec::<LessonId>::new());
    assert_eq!(f.store.substitute_name(monday).expect("name"), None);
    assert!(
        f.store
            .add_marks(&other, monday, volkov, &five(), None, Expect::Anything)
            .is_err()
    );

    assert_eq!(
        f.audit(monday, "substitute"),
        vec![
            [
                s("deputy"),
                s("set"),
                s("substitute"),
                None,
                s("other Соколов П.А.")
            ],
            [
                s("deputy"),
                s("set"),
                s("substitute"),
                s("other Соколов П.А."),
                None
            ],
        ]
    );
    // The substitute's entries carry their name.
    let marks = f.audit(monday, "mark");
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0][0], s("other"));
    assert_eq!(f.store.check().expect("check"), Vec::<String>::new());
}

#[test]
fn substitutes_through_the_command_line() {
    let f = fixture();
    let at = [
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2025-11-10",
    ];
    let cmd = |who: &'static str, rest: &[&'static str]| -> Vec<&'static str> {
        let mut v = vec!["substitute", "--as", who];
        v.extend(at);
        v.extend(rest);
        v
    };

    let err = f.fails(&cmd("teacher", &["--teacher", "other"]));
    assert!(
        err.contains("нет прав: это может делать заместитель директора или директор"),
        "{err}"
    );
    assert_eq!(
        f.ok(&cmd("deputy", &["--teacher", "other"])),
        "Замена назначена: 7Б Алгебра, 10.11.2025, урок № 1 — ведёт Соколов П.А. вместо Орлова В.П.\n"
    );
    // The substitute marks their lesson; another day of the course is refused.
    f.ok(&[
        "mark",
        "--as",
        "other",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2025-11-10",
        "--student",
        "Волков",
        "4",
    ]);
    let err = f.fails(&[
        "mark",
        "--as",
        "other",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2025-11-12",
        "--student",
        "Волков",
        "4",
    ]);
    assert!(err.contains("нет прав"), "{err}");
    assert_eq!(
        f.ok(&cmd("deputy", &["--remove", "--lang", "en"])),
        "Substitute removed: 7Б Алгебра, 10.11.2025, lesson 1 — Орлова В.П. teaches the lesson\n"
    );
    assert_eq!(
        f.ok(&cmd("deputy", &["--remove"])),
        "Замены не было: 7Б Алгебра, 10.11.2025, урок № 1 — урок ведёт Орлова В.П.\n"
    );
    // A day without lessons says so; a Sunday says why.
    let err = f.fails(&[
        "substitute",
        "--as",
        "deputy",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2025-11-11",
        "--teacher",
        "other",
    ]);
    assert!(err.contains("у 7Б Алгебра нет урока 11.11.2025"), "{err}");
    let err = f.fails(&[
        "substitute",
        "--as",
        "deputy",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2025-11-16",
        "--teacher",
        "other",
    ]);
    assert!(err.contains("16.11.2025 — выходной день"), "{err}");
}

#[test]
fn a_cancelled_lesson_leaves_the_journal_until_restored() {
    let mut f = fixture();
    let (teacher, other, deputy) = (f.actor("teacher"), f.actor("other"), f.actor("deputy"));
    let monday = f.lesson(f.algebra, "2025-11-10");
    let wednesday = f.lesson(f.algebra, "2025-11-12");
    let volkov = f.student(f.algebra, "Волков");
    assert!(f.export_header().contains("2025-11-12"));
    let at = |d: &'static str| {
        [
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            d,
            "--as",
            "teacher",
        ]
    };
    let with = |base: &[&'static str], rest: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(rest).copied().collect()
    };

    // A reason is required.
    let err = f.fails(&with(&["lesson", "cancel"], &at("2025-11-12")));
    assert!(err.contains("укажите причину отмены урока"), "{err}");
    assert!(
        err.contains("(--reason)"),
        "the command line names its flag: {err}"
    );
    assert!(f.store.cancel_lesson(&teacher, wednesday, "   ").is_err());
    // A lesson holding marks cannot be cancelled.
    f.store
        .add_marks(&teacher, monday, volkov, &five(), None, Expect::Anything)
        .expect("mark");
    let err = f.fails(&with(
        &["lesson", "cancel", "--reason", "карантин"],
        &at("2025-11-10"),
    ));
    assert!(
        err.contains("на уроке есть отметки (1)") && err.contains("сначала удалите их"),
        "{err}"
    );
    // Neither can one holding attendance.
    let friday = f.lesson(f.algebra, "2025-11-14");
    f.store
        .set_attendance(&teacher, friday, volkov, Some("Б"), Expect::Anything)
        .expect("attendance");
    let err = f
        .store
        .cancel_lesson(&deputy, friday, "карантин")
        .expect_err("attendance");
    assert!(err.to_string().contains("посещаемость (1)"), "{err}");
    // Another teacher may not cancel the course's lesson.
    let err = f
        .store
        .cancel_lesson(&other, wednesday, "карантин")
        .expect_err("not theirs");
    assert!(err.to_string().contains("нет прав"), "{err}");

    assert_eq!(
        f.ok(&with(
            &["lesson", "cancel", "--reason", "болезнь учителя"],
            &at("2025-11-12")
        )),
        "Урок отменён: 7Б Алгебра, 12.11.2025, урок № 2 — причина: болезнь учителя\n"
    );
    assert!(!f.export_header().contains("2025-11-12"));
    assert!(f.export_header().contains("2025-11-10"));
    assert_eq!(
        f.store
            .cancelled_reason(wednesday)
            .expect("reason")
            .as_deref(),
        Some("болезнь учителя")
    );
    // Today leaves it out.
    assert!(
        f.store
            .teacher_day(f.staff("teacher"), date("2025-11-12"))
            .expect("day")
            .is_empty()
    );
    let year = f.store.current_year().expect("year");
    let list = f
        .store
        .cancelled_lessons(f.algebra, year.start, year.end)
        .expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].lesson_id, list[0].date, list[0].lesson_no),
        (wednesday, date("2025-11-12"), 2)
    );
    assert_eq!(list[0].reason, "болезнь учителя");
    assert_eq!(
        f.ok(&[
            "lesson",
            "cancelled",
            "--as",
            "teacher",
            "--class",
            "7Б",
            "--subject",
            "Алгебра"
        ]),
        "Отменённые уроки: 7Б Алгебра — 1\n12.11.2025, урок № 2 — болезнь учителя\n"
    );
    // Not twice; no substitute for a lesson that is not held.
    let err = f
        .store
        .cancel_lesson(&teacher, wednesday, "ещё раз")
        .expect_err("twice");
    assert!(err.to_string().contains("уже отменён"), "{err}");
    let err = f
        .store
        .assign_substitute(&deputy, wednesday, Some("other"))
        .expect_err("cancelled");
    assert!(err.to_string().contains("сначала восстановите"), "{err}");
    // Nor a topic or homework.
    let pane = zhurnal::store::lessons::LessonText {
        topic: "Степени".into(),
        ..Default::default()
    };
    let err = f
        .store
        .set_lesson_pane(&teacher, wednesday, &pane)
        .expect_err("cancelled");
    assert!(err.to_string().contains("сначала восстановите"), "{err}");
    // Not a gap either.
    let gaps = f
        .store
        .gaps(&teacher, f.staff("teacher"), date("2025-11-13"))
        .expect("gaps");
    assert!(gaps.iter().all(|g| g.lesson_id != wednesday));
    assert!(gaps.iter().any(|g| g.lesson_id == monday));

    // The deputy restores it; it is back in the export and on Today.
    assert_eq!(
        f.ok(&[
            "lesson",
            "restore",
            "--as",
            "deputy",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            "2025-11-12"
        ]),
        "Урок восстановлен: 7Б Алгебра, 12.11.2025, урок № 2\n"
    );
    assert!(f.export_header().contains("2025-11-12"));
    assert_eq!(
        f.store
            .teacher_day(f.staff("teacher"), date("2025-11-12"))
            .expect("day")
            .len(),
        1
    );
    let err = f
        .store
        .restore_lesson(&teacher, wednesday)
        .expect_err("not cancelled");
    assert!(err.to_string().contains("не отменён"), "{err}");
    assert_eq!(
        f.ok(&[
            "lesson",
            "cancelled",
            "--class",
            "7Б",
            "--subject",
            "Алгебра"
        ]),
        "У 7Б Алгебра нет отменённых уроков\n"
    );

    assert_eq!(
        f.audit(wednesday, "lesson"),
        vec![
            [
                s("teacher"),
                s("cancel"),
                s("lesson"),
                None,
                s("болезнь учителя")
            ],
            [
                s("deputy"),
                s("restore"),
                s("lesson"),
                s("болезнь учителя"),
                None
            ],
        ]
    );
    assert_eq!(f.store.check().expect("check"), Vec::<String>::new());
}

#[test]
fn an_extra_lesson_needs_a_school_day() {
    let f = fixture();
    let add = |d: &'static str, who: &'static str, no: Option<&'static str>| -> Vec<&'static str> {
        let mut v = vec![
            "lesson",
            "add",
            "--as",
            who,
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--date",
            d,
        ];
        if let Some(n) = no {
            v.extend(["--lesson", n]);
        }
        v
    };
    let before = common::table_counts(&f.db);
    let err = f.fails(&add("2025-11-16", "teacher", Some("3")));
    assert!(err.contains("16.11.2025 — выходной день"), "{err}");
    let err = f.fails(&add("2025-11-03", "teacher", Some("3")));
    assert!(
        err.contains("03.11.2025 — каникулы или праздник (Осенние каникулы)"),
        "{err}"
    );
    let err = f.fails(&add("2026-02-23", "teacher", Some("3")));
    assert!(err.contains("День защитника Отечества"), "{err}");
    let err = f.fails(&add("2025-11-11", "teacher", None));
    assert!(err.contains("--lesson N"), "{err}");
    let err = f.fails(&add("2025-11-11", "other", Some("3")));
    assert!(err.contains("нет прав"), "{err}");
    let err = f.fails(&add("2025-11-10", "teacher", Some("1")));
    assert!(err.contains("урок № 1 в этот день уже есть"), "{err}");
    assert_eq!(
        common::table_counts(&f.db),
        before,
        "refusals change nothing"
    );

    assert!(!f.export_header().contains("2025-11-11"));
    assert_eq!(
        f.ok(&add("2025-11-11", "teacher", Some("3"))),
        "Добавлен урок: 7Б Алгебра, 11.11.2025, урок № 3\n"
    );
    assert!(f.export_header().contains("2025-11-11"));
    let extra = f.lesson(f.algebra, "2025-11-11");
    let audit = f.audit(extra, "lesson");
    assert_eq!(
        audit,
        vec![[
            s("teacher"),
            s("create"),
            s("lesson"),
            None,
            s("2025-11-11 3")
        ]]
    );
    // The extra lesson is an ordinary one: the teacher marks it.
    f.ok(&[
        "mark",
        "--as",
        "teacher",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--date",
        "2025-11-11",
        "--student",
        "Волков",
        "5",
    ]);
}

#[test]
fn gaps_are_the_past_lessons_left_unfilled() {
    let mut f = fixture();
    let (teacher, primary, deputy) = (f.actor("teacher"), f.actor("primary"), f.actor("deputy"));
    // Filled in on 8 September: the 1st quarter is still open.
    f.store.set_today(Some(date("2025-09-08")));
    // 7Б Алгебра: Mon 1 Sep (lesson 1), Wed 3 Sep (2), Fri 5 Sep (1), Mon 8 Sep (1).
    let sep1 = f.lesson(f.algebra, "2025-09-01");
    let sep3 = f.lesson(f.algebra, "2025-09-03");
    let sep5 = f.lesson(f.algebra, "2025-09-05");
    f.store
        .set_lesson_text(&teacher, sep1, "Повторение", "№ 1–3")
        .expect("text");
    f.store
        .mark_attendance_taken(&teacher, sep1)
        .expect("taken");
    f.store
        .set_lesson_text(&teacher, sep3, "Выражения", "")
        .expect("text");
    let me = f.staff("teacher");
    let today = date("2025-09-08");
    let gaps = f.store.gaps(&teacher, me, today).expect("gaps");
    let seen: Vec<(LessonId, Vec<GapKind>)> = gaps
        .iter()
        .map(|g| (g.lesson_id, g.missing.clone()))
        .collect();
    use GapKind::*;
    assert_eq!(
        seen,
        vec![
            (sep5, vec![NoTopic, NoHomework, NoAttendance]),
            (sep3, vec![NoHomework, NoAttendance]),
        ],
        "newest first; today's lesson is not a gap yet"
    );
    assert_eq!(gaps[0].course, "7Б Алгебра");
    assert_eq!((gaps[0].date, gaps[0].lesson_no), (date("2025-09-05"), 1));
    assert!(!gaps[0].substituted);

    // Through the binary, as a table.
    assert_eq!(
        f.ok(&["gaps", "--as", "teacher", "--today", "2025-09-08"]),
        "Незаполненные уроки — Орлова В.П.: 2\n\
         Дата        Урок  Курс        Не заполнено\n\
         05.09.2025  1     7Б Алгебра  тема, д/з, посещаемость\n\
         03.09.2025  2     7Б Алгебра  д/з, посещаемость\n"
    );

    // A lesson substituted to someone else is their gap, not the course teacher's.
    f.store
        .assign_substitute(&deputy, sep5, Some("other"))
        .expect("substitute");
    let mine: Vec<LessonId> = f
        .store
        .gaps(&teacher, me, today)
        .expect("gaps")
        .iter()
        .map(|g| g.lesson_id)
        .collect();
    assert_eq!(mine, vec![sep3]);
    let other = f.actor("other");
    let theirs = f.store.gaps(&other, f.staff("other"), today).expect("gaps");
    // Соколов's own 7Б English (group 1) on Tuesday 2 Sep is a gap of theirs too.
    assert_eq!(
        theirs
            .iter()
            .map(|g| (g.date, g.course.as_str(), g.substituted))
            .collect::<Vec<_>>(),
        vec![
            (date("2025-09-05"), "7Б Алгебра", true),
            (date("2025-09-02"), "7Б Английский язык (гр. 1)", false),
        ]
    );
    assert_eq!(theirs[0].lesson_id, sep5);
    assert_eq!(
        f.ok(&[
            "gaps",
            "--as",
            "other",
            "--today",
            "2025-09-08",
            "--lang",
            "en"
        ]),
        "Unfilled lessons — Соколов П.А.: 2\n\
         Date        Lesson  Course                      Missing\n\
         05.09.2025  1       7Б Алгебра (substitute)     topic, homework, attendance\n\
         02.09.2025  1       7Б Английский язык (gr. 1)  topic, homework, attendance\n"
    );

    // Grade 1 has no homework, so it never misses any.
    let p1 = f.lesson(f.math1, "2025-09-01");
    f.store
        .set_lesson_text(&primary, p1, "Счёт до 10", "")
        .expect("text");
    let kids = f.students(f.math1);
    f.store
        .set_attendance(&primary, p1, kids[0], Some("Н"), Expect::Anything)
        .expect("attendance");
    let p8 = f.lesson(f.math1, "2025-09-08");
    let gaps = f
        .store
        .gaps(&primary, f.staff("primary"), date("2025-09-09"))
        .expect("gaps");
    assert_eq!(
        gaps.iter()
            .map(|g| (g.lesson_id, g.missing.clone()))
            .collect::<Vec<_>>(),
        vec![(p8, vec![NoTopic, NoAttendance])]
    );
    assert!(
        gaps.iter().all(|g| !g.missing.contains(&NoHomework)),
        "grade 1 never misses homework"
    );

    // Everything filled: no gaps.
    f.store
        .set_lesson_text(&primary, p8, "Сравнение чисел", "")
        .expect("text");
    f.store.mark_attendance_taken(&primary, p8).expect("taken");
    assert!(
        f.store
            .gaps(&primary, f.staff("primary"), date("2025-09-09"))
            .expect("gaps")
            .is_empty()
    );
    assert_eq!(
        f.ok(&["gaps", "--as", "primary", "--today", "2025-09-09"]),
        "Незаполненных уроков нет — Лебедева Н.И.\n"
    );

    // Own gaps only, unless deputy, director or administrator.
    let err = f
        .store
        .gaps(&f.actor("classteacher"), me, today)
        .expect_err("someone else's");
    assert!(err.to_string().contains("нет прав"), "{err}");
    let err = f.fails(&[
        "gaps",
        "--as",
        "other",
        "--teacher",
        "teacher",
        "--today",
        "2025-09-08",
    ]);
    assert!(err.contains("нет прав"), "{err}");
    assert_eq!(f.store.gaps(&deputy, me, today).expect("deputy").len(), 1);
    assert_eq!(
        f.store
            .gaps(&Actor::local_operator(), me, today)
            .expect("admin")
            .len(),
        1
    );
    let out = f.ok(&[
        "gaps",
        "--as",
        "deputy",
        "--teacher",
        "teacher",
        "--today",
        "2025-09-08",
    ]);
    assert!(
        out.starts_with("Незаполненные уроки — Орлова В.П.: 1\n"),
        "{out}"
    );
    let err = f.fails(&["gaps", "--today", "2025-09-08"]);
    assert!(err.contains("--teacher LOGIN"), "{err}");
}
