//! The screens for what needed a shell: a deputy closes and opens a period with a
//! reason, the administrator backs up and restores (every open session told, its grid
//! read again), and gives a course another teacher — each at 80×24, each checked in the
//! journal.

use crate::common;
use common::TestJournal;

use chrono::NaiveDate;
use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::domain::marks::MarkValue;
use zhurnal::store::marks::Expect;
use zhurnal::tui::admin::Tool;
use zhurnal::tui::app::Screen;
use zhurnal::tui::overlay::Overlay;

/// A screen with what the real clock decides masked: the backups' names, times and
/// sizes.
fn masked(s: &str, app: &zhurnal::tui::App) -> String {
    let hide = |t: &str| -> String {
        t.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut s = s.to_string();
    if let Screen::Backups(b) = &app.screen {
        for r in &b.rows {
            let size = zhurnal::tui::admin::backups::size(r.bytes);
            let mut parts = vec![r.name.as_str(), size.as_str()];
            parts.extend(r.taken.split(' '));
            for part in parts {
                s = s.replace(part, &hide(part));
            }
        }
    }
    s
}

/// Moves the periods' cursor to the row of `name` for the grades holding `grade`.
fn choose_period(app: &mut zhurnal::tui::App, grade: i64, name: &str) {
    key(app, KeyCode::Home);
    press_until(app, KeyCode::Down, 40, |a| match &a.screen {
        Screen::Periods(p) => p.rows.get(p.selected).is_some_and(|r| {
            !r.year && r.period.name == name && (r.grades.0..=r.grades.1).contains(&grade)
        }),
        _ => false,
    });
}

#[test]
fn a_deputy_closes_the_running_quarter_on_screen_and_opens_it_again() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    open_tool(&mut app, Tool::Periods);
    assert!(matches!(app.screen, Screen::Periods(_)), "{}", screen(&app));
    insta::assert_snapshot!("periods_screen", screen(&app));
    choose_period(&mut app, 7, "2 четверть");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("periods_form", screen(&app));
    // «закрыть» is chosen for a running quarter; the class and subject by their letters.
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "7Б");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Алг");
    key(&mut app, KeyCode::Enter);
    // No reason: refused, the form stays open and says why.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("укажите причину"), "{}", screen(&app));
    key(&mut app, KeyCode::Up);
    typed(&mut app, "проверка журнала");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{}", screen(&app));
    let s = screen(&app);
    assert!(s.contains("закрыт для курсов: 1"), "{s}");
    assert!(s.contains("закрыт досрочно: 1"), "{s}");
    assert!(
        s.contains("7Б Алгебра — закрыт досрочно: deputy, 15.12.2025, «проверка журнала»"),
        "{s}"
    );
    insta::assert_snapshot!("periods_closed_early", s);

    // The teacher's mark for the quarter is refused, saying who closed it and why.
    let mut store = j.store();
    store.set_today(Some(NaiveDate::from_ymd_opt(2025, 12, 15).expect("date")));
    let teacher = store.actor("teacher").expect("teacher");
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let year = store.current_year().expect("year");
    let student = store
        .course_students(course.id, year.start, year.end)
        .expect("students")[0]
        .id;
    let lesson = store
        .lessons_on(
            course.id,
            NaiveDate::from_ymd_opt(2025, 12, 12).expect("date"),
        )
        .expect("lessons")[0]
        .id;
    let four = [MarkValue::new(4).expect("4")];
    let err = store
        .add_marks(&teacher, lesson, student, &four, None, Expect::Anything)
        .expect_err("closed early");
    assert!(
        err.to_string().contains("закрыт досрочно") && err.to_string().contains("проверка журнала"),
        "{err}"
    );
    // Another course of 7Б is not closed.
    let geometry = store.find_course("7Б", "Геометрия", None).expect("course");
    let q2 = store
        .course_periods(geometry.id)
        .expect("periods")
        .into_iter()
        .find(|p| p.num == 2)
        .expect("q2");
    assert!(!store.period_locked(geometry.id, &q2).expect("state"));

    // Opened again: «открыть», the same course, a reason.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "7Б");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Алг");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "проверка окончена");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("открыт для курсов: 1"), "{s}");
    // Open by the calendar again: no opening of its own is kept (it would outlast the
    // quarter's deadline), so the course has no note.
    assert!(!s.contains("7Б Алгебра —"), "{s}");
    store
        .add_marks(&teacher, lesson, student, &four, None, Expect::Anything)
        .expect("open again");
    // Both read back from the audit, the period named in words.
    let rows: Vec<(String, String)> = j
        .audit()
        .into_iter()
        .filter(|r| r.entity == "period" && r.actor == "deputy")
        .map(|r| (r.action, r.new.unwrap_or_default()))
        .collect();
    assert_eq!(
        rows,
        // Newest first.
        vec![
            (
                "unlock".into(),
                "2 четверть 2025/26: проверка окончена".into()
            ),
            ("lock".into(), "2 четверть 2025/26: проверка журнала".into()),
        ]
    );
}

#[test]
fn the_administrator_backs_up_and_restores_and_an_open_grid_is_told() {
    let j = TestJournal::demo();
    let mut admin = app(j.db(), "2025-12-15");
    login(&mut admin, "admin", "demo");
    open_tool(&mut admin, Tool::Backups);
    assert!(
        matches!(admin.screen, Screen::Backups(_)),
        "{}",
        screen(&admin)
    );
    insta::assert_snapshot!("backups_empty", screen(&admin));
    key(&mut admin, KeyCode::F(2));
    let s = screen(&admin);
    assert!(
        s.contains("Резервная копия сделана") && s.contains("проверена"),
        "{s}"
    );
    let Screen::Backups(b) = &admin.screen else {
        panic!("backups")
    };
    assert_eq!(b.rows.len(), 1);
    let copy = j.dir().join("backups").join(&b.rows[0].name);
    assert!(copy.exists(), "{}", copy.display());
    zhurnal::store::backup::verify(&copy).expect("a checked copy");
    assert!(
        s.contains(&b.rows[0].name),
        "the file name, never a path: {s}"
    );
    assert!(!s.contains(&j.dir().display().to_string()), "{s}");
    key(&mut admin, KeyCode::Enter);
    insta::assert_snapshot!("backups_one", masked(&screen(&admin), &admin));

    // A teacher has the grid open on the same file and enters a mark after the copy.
    let mut teacher = app(j.db(), "2025-12-15");
    login(&mut teacher, "teacher", "demo");
    key(&mut teacher, KeyCode::Enter);
    let cell = |a: &zhurnal::tui::App| {
        let Screen::Grid(g) = &a.screen else {
            panic!("grid: {}", screen(a))
        };
        let key = (g.page.lessons[g.col].id, g.page.students[g.row].id);
        (key, g.page.marks.get(&key).map_or(0, |m| m.len()))
    };
    let (at, before) = cell(&teacher);
    let marks_at = |a: &zhurnal::tui::App| {
        let Screen::Grid(g) = &a.screen else {
            panic!("grid: {}", screen(a))
        };
        g.page.marks.get(&at).map_or(0, |m| m.len())
    };
    typed(&mut teacher, "3");
    assert!(
        screen(&teacher).contains("сохранено: 3"),
        "{}",
        screen(&teacher)
    );
    assert_eq!(marks_at(&teacher), before + 1);
    teacher.tick();

    // The administrator restores the copy, after a question that says what happens.
    key(&mut admin, KeyCode::Enter);
    let s = screen(&admin);
    assert!(
        s.contains("Восстановить журнал из копии") && s.contains("before-restore"),
        "{s}"
    );
    insta::assert_snapshot!("backups_restore_question", masked(&s, &admin));
    key(&mut admin, KeyCode::Char('y'));
    let s = screen(&admin);
    assert!(s.contains("Журнал восстановлен"), "{s}");
    let kept: Vec<_> = std::fs::read_dir(j.dir())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "the journal it replaced is kept");
    // The journal set aside says what replaced it, and how much of its log.
    let aside = zhurnal::store::Store::open(&kept[0].path()).expect("the copy set aside");
    let said = aside
        .audit(
            &zhurnal::domain::policy::Actor::local_operator(),
            &Default::default(),
            1000,
            0,
        )
        .expect("audit")
        .into_iter()
        .filter(|r| r.action == "restore")
        .filter_map(|r| r.new)
        .collect::<Vec<_>>();
    assert!(
        said.len() == 1 && said[0].contains("заменено строк аудита: "),
        "{said:?}"
    );
    assert!(
        j.count_audit(|r| r.action == "restore" && r.actor == "admin") == 1,
        "recorded"
    );

    // The teacher's session learns of it at its next look, and its grid is the copy's.
    assert!(teacher.tick());
    let s = screen(&teacher);
    assert!(
        s.contains("Журнал восстановлен") && s.contains("admin"),
        "{s}"
    );
    assert!(
        matches!(teacher.overlay, Some(Overlay::Message { .. })),
        "{s}"
    );
    insta::assert_snapshot!("restore_notice_in_the_grid", masked(&s, &admin));
    assert_eq!(marks_at(&teacher), before, "the restored cell");
    assert!(!s.contains("сохранено: 3"), "{s}");
    // Told once.
    key(&mut teacher, KeyCode::Enter);
    assert!(!teacher.tick() || teacher.overlay.is_none());
}

#[test]
fn the_administrator_gives_a_course_another_teacher() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "admin", "demo");
    open_tool(&mut app, Tool::Courses);
    assert!(matches!(app.screen, Screen::Courses(_)), "{}", screen(&app));
    insta::assert_snapshot!("courses_all", screen(&app));
    key(&mut app, KeyCode::F(5));
    typed(&mut app, "7Б");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("· 7Б ·") && !s.contains("7А "), "{s}");
    press_until(&mut app, KeyCode::Down, 30, |a| match &a.screen {
        Screen::Courses(c) => c
            .rows()
            .get(c.selected)
            .is_some_and(|r| r.subject == "Алгебра"),
        _ => false,
    });
    insta::assert_snapshot!("courses_7b", screen(&app));
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("course_teacher_form", screen(&app));
    typed(&mut app, "Блин");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("7Б Алгебра: учитель — Блинова"), "{s}");
    let store = j.store();
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    assert_eq!(course.teacher.last, "Блинова");
    assert_eq!(
        j.count_audit(|r| r.action == "teacher"
            && r.entity == "course"
            && r.actor == "admin"
            && r.new.as_deref() == Some("blinova.vb")),
        1
    );
    // The new teacher's Today lists the course.
    let mut t = common::tui::app(j.db(), "2025-12-15");
    login(&mut t, "blinova.vb", "demo");
    let Screen::Today(today) = &t.screen else {
        panic!("today: {}", screen(&t))
    };
    assert!(
        today.courses.iter().any(|c| c.id == course.id),
        "{}",
        screen(&t)
    );
}

#[test]
fn a_deputy_prints_a_courses_journal_page_for_a_period() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    open_tool(&mut app, Tool::Courses);
    assert!(matches!(app.screen, Screen::Courses(_)), "{}", screen(&app));
    key(&mut app, KeyCode::F(5));
    typed(&mut app, "7Б");
    key(&mut app, KeyCode::Enter);
    press_until(&mut app, KeyCode::Down, 30, |a| match &a.screen {
        Screen::Courses(c) => c
            .rows()
            .get(c.selected)
            .is_some_and(|r| r.subject == "Алгебра"),
        _ => false,
    });
    // The teacher is the administrator's to change; printing is the deputy's.
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("назначает администратор"),
        "{}",
        screen(&app)
    );
    assert!(screen(&app).contains("6Печать"), "{}", screen(&app));
    key(&mut app, KeyCode::F(6));
    insta::assert_snapshot!("journal_print_form", screen(&app));
    // The current quarter is offered first; ← the first one.
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Enter);
    let page = j.dir().join("page.html");
    ctrl(&mut app, 'u');
    typed(&mut app, page.to_str().expect("path"));
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("страница журнала записана"),
        "{}",
        screen(&app)
    );
    let html = std::fs::read_to_string(&page).expect("the page");
    assert!(html.contains("Журнал: 7Б Алгебра, 1 четверть"), "{html}");
    assert!(html.contains("Алексеева"), "the students are on it");
    // The very page the command line prints.
    let cli = j.dir().join("cli.html");
    j.ok(&[
        "--today",
        "2025-12-15",
        "export",
        "journal",
        "--as",
        "deputy",
        "--class",
        "7Б",
        "--subject",
        "Алгебра",
        "--period",
        "1",
        "--format",
        "html",
        "-o",
        cli.to_str().expect("path"),
    ]);
    assert_eq!(std::fs::read_to_string(&cli).expect("cli page"), html);
    assert_eq!(
        j.count_audit(|r| r.action == "export"
            && r.entity == "course"
            && r.actor == "deputy"
            && r.new
                .as_deref()
                .is_some_and(|n| n.contains("страница журнала, 1 четверть"))),
        1
    );
    // A file of another kind is refused, saying which will do.
    key(&mut app, KeyCode::F(6));
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, j.dir().join("page.pdf").to_str().expect("path"));
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains(".html (для печати)"),
        "{}",
        screen(&app)
    );
    assert!(!j.dir().join("page.pdf").exists());
}

#[test]
fn a_served_session_lists_the_configured_backup_folder_by_file_names() {
    let j = TestJournal::demo();
    let elsewhere = j.dir().join("server-backups");
    let opts = zhurnal::tui::Options {
        backups: Some(elsewhere.clone()),
        ..zhurnal::tui::Options::defaults().expect("options")
    };
    let mut admin = app_on(j.db(), "2025-12-15", opts);
    login(&mut admin, "admin", "demo");
    serve_folder(&mut admin, &j.dir().join("files"), "admin");
    open_tool(&mut admin, Tool::Backups);
    key(&mut admin, KeyCode::F(2));
    let Screen::Backups(b) = &admin.screen else {
        panic!("backups: {}", screen(&admin))
    };
    assert_eq!(b.rows.len(), 1);
    assert!(elsewhere.join(&b.rows[0].name).exists());
    assert!(
        !j.dir().join("backups").exists(),
        "only the configured folder"
    );
    let s = screen(&admin);
    assert!(!s.contains(&elsewhere.display().to_string()), "{s}");
    assert_eq!(
        j.count_audit(|r| r.action == "backup" && r.actor == "admin"),
        1
    );
}

#[test]
fn a_restore_on_the_command_line_is_told_in_an_open_session_too() {
    let j = TestJournal::demo();
    let to = j.dir().join("copies");
    j.ok(&["backup", "--to", to.to_str().expect("path")]);
    let copy = std::fs::read_dir(&to)
        .expect("copies")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .next()
        .expect("a copy");
    let mut teacher = app(j.db(), "2025-12-15");
    login(&mut teacher, "teacher", "demo");
    assert!(!teacher.tick(), "nothing yet");
    j.ok(&["restore", copy.to_str().expect("path")]);
    assert!(teacher.tick());
    let s = screen(&teacher);
    let name = copy
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        s.contains("Журнал восстановлен") && s.contains(&name) && s.contains("local"),
        "{s}"
    );
    assert!(
        !s.contains(&to.display().to_string()),
        "the copy's name, not its path: {s}"
    );
    key(&mut teacher, KeyCode::Enter);
    assert!(teacher.overlay.is_none());
    // Told once: a later change by someone else is no restore.
    let mut other = j.store();
    let deputy = other.actor("deputy").expect("deputy");
    other
        .log_event(
            &deputy,
            zhurnal::store::AuditEntry::new(
                zhurnal::domain::audit::Action::Backup,
                zhurnal::domain::audit::Entity::Journal,
            ),
        )
        .expect("a change");
    teacher.tick();
    assert!(teacher.overlay.is_none(), "{}", screen(&teacher));
}

#[test]
fn a_restore_over_a_damaged_journal_goes_on_in_the_restored_file() {
    let j = TestJournal::demo();
    let mut store = j.store();
    let admin = store.actor("admin").expect("admin");
    let dir = j.dir().join("copies");
    let copy = store.backup_now(&admin, &dir, 10).expect("a copy");
    // The journal damaged under the running store, as a failing disk would.
    let bytes = common::with_table_overwritten(j.db(), "lesson");
    std::fs::write(j.db(), &bytes).expect("damage");
    let done = store
        .restore_backup(&admin, &dir, &copy.name)
        .expect("restored");
    assert!(done.damaged.is_some(), "the journal was damaged");
    // This store reads the restored file: its record of the restore is there.
    let here = store.last_restore().expect("read").expect("recorded");
    let fresh = zhurnal::store::Store::open(j.db()).expect("the restored journal opens");
    let there = fresh.last_restore().expect("read").expect("recorded");
    assert_eq!(here.id, there.id);
    assert!(
        done.aside.is_some_and(|a| a.exists()),
        "the damaged file kept aside"
    );
}
