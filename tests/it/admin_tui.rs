//! The administration's screens driven by keys: the menu, the audit log with its
//! filter, accounts, and closing the year.

mod calendar;
mod class;

use crate::common;
use common::TestJournal;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::app::Screen;

fn type_field(app: &mut zhurnal::tui::App, text: &str) {
    typed(app, text);
    key(app, KeyCode::Enter);
}

#[test]
fn the_administrator_reads_the_audit_log_with_a_filter() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "admin", "demo");
    insta::assert_snapshot!("admin_menu", screen(&app));
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Audit(_)));
    key(&mut app, KeyCode::F(5));
    type_field(
        &mut app,
        "user=teacher class=7Б subject=Алгебра from=10.12.2025 to=12.12.2025",
    );
    // The action: any (the list's first choice).
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Фильтр: user=teacher class=7Б"), "{s}");
    let Screen::Audit(a) = &app.screen else {
        panic!("audit")
    };
    assert!(!a.rows.is_empty());
    assert!(a.rows.iter().all(|r| r.actor == "teacher"
        && r.course == "7Б Алгебра"
        && r.at.as_str() >= "2025-12-10"
        && r.at.as_str() < "2025-12-13"));
    insta::assert_snapshot!("admin_audit_filtered", s);
    // A bad filter says what is wrong and keeps the form open.
    key(&mut app, KeyCode::F(5));
    typed(&mut app, " colour=red");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("неизвестный ключ «colour»"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Menu(_)));
}

#[test]
fn accounts_are_created_reset_and_disabled_on_screen() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "admin", "demo");
    open_tool(&mut app, zhurnal::tui::admin::Tool::Users);
    assert!(matches!(app.screen, Screen::Users(_)));
    key(&mut app, KeyCode::F(2));
    type_field(&mut app, "ivanova.ms");
    type_field(&mut app, "Иванова Мария Сергеевна");
    for _ in 0..10 {
        key(&mut app, KeyCode::Backspace);
    }
    type_field(&mut app, "teacher, deputy");
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("одноразовый пароль"), "{s}");
    let words: Vec<&str> = s.split_whitespace().collect();
    let otp = words
        .windows(2)
        .find(|w| {
            w[0] == "пароль" && w[1].len() == 10 && w[1].chars().all(|c| c.is_ascii_alphanumeric())
        })
        .map(|w| w[1].to_string())
        .expect("the password on screen");
    key(&mut app, KeyCode::Enter);
    let Screen::Users(u) = &app.screen else {
        panic!("users")
    };
    let row = u
        .rows
        .iter()
        .find(|r| r.login == "ivanova.ms")
        .expect("listed");
    assert!(row.must_change);
    // The new user logs in with it and must choose a password.
    let mut newcomer = common::tui::app(j.db(), "2025-12-15");
    login(&mut newcomer, "ivanova.ms", &otp);
    assert!(
        matches!(newcomer.screen, Screen::NewPassword(_)),
        "{}",
        screen(&newcomer)
    );

    // Disable: a question first, then the list says so.
    let want = {
        let Screen::Users(u) = &app.screen else {
            panic!("users")
        };
        u.rows
            .iter()
            .position(|r| r.login == "ivanova.ms")
            .expect("row")
    };
    key(&mut app, KeyCode::Home);
    press_until(
        &mut app,
        KeyCode::Down,
        200,
        |a| matches!(&a.screen, Screen::Users(u) if u.selected == want),
    );
    key(&mut app, KeyCode::F(4));
    assert!(screen(&app).contains("Отключить «ivanova.ms»?"));
    key(&mut app, KeyCode::Enter);
    let Screen::Users(u) = &app.screen else {
        panic!("users")
    };
    assert!(
        !u.rows
            .iter()
            .find(|r| r.login == "ivanova.ms")
            .expect("row")
            .active
    );
    let mut blocked = common::tui::app(j.db(), "2025-12-15");
    login(&mut blocked, "ivanova.ms", &otp);
    assert!(screen(&blocked).contains("отключена"));
}

#[test]
fn a_teaching_deputy_reaches_the_audit_from_today_but_not_accounts() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    assert!(matches!(app.screen, Screen::Today(_)));
    key(&mut app, KeyCode::F(10));
    let Screen::Menu(m) = &app.screen else {
        panic!("menu: {}", screen(&app))
    };
    assert_eq!(
        m.tools,
        vec![
            zhurnal::tui::admin::Tool::Audit,
            zhurnal::tui::admin::Tool::Reports,
            zhurnal::tui::admin::Tool::WorkTypes,
            zhurnal::tui::admin::Tool::Calendar,
            zhurnal::tui::admin::Tool::Substitutions,
            zhurnal::tui::admin::Tool::Periods,
            zhurnal::tui::admin::Tool::Exams,
            zhurnal::tui::admin::Tool::Courses,
            zhurnal::tui::admin::Tool::Messages,
        ]
    );
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Today(_)));
    // A plain teacher has no menu.
    let mut t = common::tui::app(j.db(), "2025-12-15");
    login(&mut t, "teacher", "demo");
    key(&mut t, KeyCode::F(10));
    assert!(matches!(t.screen, Screen::Today(_)));
    assert!(screen(&t).contains("меню администрации — для завуча"));
}

#[test]
fn the_year_is_closed_from_the_screen_after_a_preview() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("year.sqlite");
    let opts = zhurnal::demo::DemoOptions {
        until: chrono::NaiveDate::from_ymd_opt(2026, 6, 5).expect("date"),
        scale: 1,
        seed: 1,
        news: false,
    };
    zhurnal::demo::build(&db, &opts, false).expect("demo");
    let mut app = app(&db, "2026-06-05");
    login(&mut app, "admin", "demo");
    open_tool(&mut app, zhurnal::tui::admin::Tool::YearClose);
    insta::assert_snapshot!("admin_year_close_preview", screen(&app));
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Закрыть учебный год 2025/2026?"));
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("Учебный год 2025/2026 закрыт, открыт 2026/2027"),
        "{}",
        screen(&app)
    );
    let store = zhurnal::store::Store::open(&db).expect("open");
    assert_eq!(store.current_year().expect("year").name, "2026/2027");
    assert!(dir.path().join("year-2025-2026.archive.sqlite").exists());
}

#[test]
fn students_move_by_order_from_the_class_screen() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "admin", "demo");
    choose_tool(&mut app, zhurnal::tui::admin::Tool::Classes);

    key(&mut app, KeyCode::Enter);
    let want = {
        let Screen::Classes(c) = &app.screen else {
            panic!("classes: {}", screen(&app))
        };
        c.rows
            .iter()
            .position(|r| r.name.to_string() == "7Б")
            .expect("7Б")
    };
    key(&mut app, KeyCode::Home);
    press_until(
        &mut app,
        KeyCode::Down,
        200,
        |a| matches!(&a.screen, Screen::Classes(c) if c.selected == want),
    );
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("admin_class_7b", screen(&app));
    // Transfer the first student to 7А.
    let Screen::Class(c) = &app.screen else {
        panic!("class")
    };
    let moved = c.students[0].name.full();
    key(&mut app, KeyCode::F(4));
    type_field(&mut app, "7А");
    key(&mut app, KeyCode::Enter);
    type_field(&mut app, "Приказ № 77-у");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("переведён(а) в 7А"),
        "{}",
        screen(&app)
    );
    let Screen::Class(c) = &app.screen else {
        panic!("class")
    };
    assert!(c.students.iter().all(|s| s.name.full() != moved));
    // A newcomer arrives.
    key(&mut app, KeyCode::F(2));
    type_field(&mut app, "Орлов Пётр Ильич");
    type_field(&mut app, "");
    key(&mut app, KeyCode::Enter);
    type_field(&mut app, "Приказ № 78-у");
    type_field(&mut app, "1");
    let want = {
        let Screen::Class(c) = &app.screen else {
            panic!("class")
        };
        c.students
            .iter()
            .position(|s| s.name.last == "Орлов")
            .expect("arrived")
    };
    key(&mut app, KeyCode::Home);
    press_until(
        &mut app,
        KeyCode::Down,
        200,
        |a| matches!(&a.screen, Screen::Class(c) if c.selected == want),
    );
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(
        s.contains("7Б: с 15.12.2025 (прибыл, Приказ № 78-у)"),
        "{s}"
    );
    let store = zhurnal::store::Store::open(j.db()).expect("open");
    let (id, _) = store
        .find_student(&format!("7А {moved}"))
        .expect("in 7А now");
    let stays = store.stays(id).expect("stays");
    assert_eq!(
        stays.last().map(|s| s.start_order.as_str()),
        Some("Приказ № 77-у")
    );
    assert_eq!(store.check().expect("check"), Vec::<String>::new());
}

#[test]
fn an_import_is_previewed_on_screen_before_it_is_applied() {
    let j = TestJournal::demo();
    let staff = j.dir().join("staff.csv");
    std::fs::write(
        &staff,
        "login,last_name,first_name,patronymic,roles\nnewt,Новикова,Анна,Сергеевна,teacher\nteacher,Белова,Марина,Викторовна,teacher deputy\n",
    )
    .expect("write");
    let bad = j.dir().join("courses.csv");
    std::fs::write(
        &bad,
        "class,subject,teacher,hours\n7Б,Алгебра,nobody,3\n7Ю,Физика,teacher,x\n",
    )
    .expect("write");
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "admin", "demo");
    choose_tool(&mut app, zhurnal::tui::admin::Tool::Import);
    key(&mut app, KeyCode::Enter);
    type_field(&mut app, staff.to_str().expect("path"));
    // Kind, class, subject, from, new classes: all left empty.
    for _ in 0..5 {
        key(&mut app, KeyCode::Enter);
    }
    let s = screen(&app);
    assert!(s.contains("новых 1, изменённых 1"), "{s}");
    assert!(
        s.contains("+ 2: newt Новикова Анна Сергеевна") && s.contains("~ 3: teacher: роли"),
        "{s}"
    );
    let before: i64 = rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .expect("count");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("создано 1, изменено 1"),
        "{}",
        screen(&app)
    );
    let after: i64 = rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
        .expect("count");
    assert_eq!(after, before + 1);

    // A bad file: every bad row, and nothing to apply.
    key(&mut app, KeyCode::Enter);
    choose_tool(&mut app, zhurnal::tui::admin::Tool::Import);
    key(&mut app, KeyCode::Enter);
    type_field(&mut app, bad.to_str().expect("path"));
    for _ in 0..5 {
        key(&mut app, KeyCode::Enter);
    }
    let s = screen(&app);
    assert!(s.contains("ошибок: 2"), "{s}");
    assert!(
        s.contains("courses.csv:2:") && s.contains("courses.csv:3:"),
        "{s}"
    );
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("применять нечего"));
}

#[test]
fn a_deputy_reads_a_report_on_screen_and_writes_it_to_a_file() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    choose_tool(&mut app, zhurnal::tui::admin::Tool::Reports);
    key(&mut app, KeyCode::Enter);
    // The report is chosen by a word of its name: «кач» is «… качество знаний».
    type_field(&mut app, "кач");
    type_field(&mut app, "7Б");
    type_field(&mut app, "1");
    let s = screen(&app);
    assert!(
        s.contains("Успеваемость и качество знаний: 1 четверть"),
        "{s}"
    );
    assert!(s.contains("Алгебра"), "{s}");
    insta::assert_snapshot!("report_quality", s);
    let file = j.dir().join("quality.html");
    key(&mut app, KeyCode::F(5));
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    type_field(&mut app, file.to_str().expect("path"));
    assert!(screen(&app).contains("отчёт записан:"), "{}", screen(&app));
    let html = std::fs::read_to_string(&file).expect("written");
    assert!(html.contains("<table") && html.contains("Алгебра"));
    // A teacher has no reports.
    let mut t = common::tui::app(j.db(), "2025-12-15");
    login(&mut t, "teacher", "demo");
    key(&mut t, KeyCode::F(10));
    assert!(matches!(t.screen, Screen::Today(_)));
}

#[test]
fn a_served_deputy_writes_a_report_into_the_users_folder() {
    use std::os::unix::fs::PermissionsExt;
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    let folder = serve_folder(&mut app, &j.dir().join("files"), "deputy");
    key(&mut app, KeyCode::F(10));
    open_tool(&mut app, zhurnal::tui::admin::Tool::Reports);
    clear_field(&mut app);
    type_field(&mut app, "quality");
    type_field(&mut app, "7Б");
    type_field(&mut app, "1");
    assert!(matches!(app.screen, Screen::Report(_)), "{}", screen(&app));

    // The form asks for a name in the folder; a path is refused and writes nothing.
    key(&mut app, KeyCode::F(5));
    assert!(
        screen(&app).contains("Только имя файла: он ляжет в вашу папку на сервере"),
        "{}",
        screen(&app)
    );
    let outside = j.dir().join("quality.html");
    clear_field(&mut app);
    type_field(&mut app, outside.to_str().expect("path"));
    assert!(
        screen(&app).contains("недопустимое имя файла"),
        "{}",
        screen(&app)
    );
    assert!(!outside.exists());
    clear_field(&mut app);
    type_field(&mut app, "quality.html");
    assert_eq!(
        app.status.text,
        "отчёт в вашей папке: quality.html — скачать: sftp",
        "{}",
        screen(&app)
    );
    let file = folder.root().join("quality.html");
    let html = std::fs::read_to_string(&file).expect("written");
    assert!(html.contains("<table") && html.contains("Алгебра"));
    let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o7777;
    assert_eq!(mode, 0o600);
    assert!(!outside.exists());
}

#[test]
fn a_served_administrator_imports_a_file_picked_from_the_users_folder() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "admin", "demo");
    let folder = serve_folder(&mut app, &j.dir().join("files"), "admin");
    folder
        .write(
            "staff.csv",
            "login,last_name,first_name,patronymic,roles\nnewt,Новикова,Анна,Сергеевна,teacher\n"
                .as_bytes(),
            false,
        )
        .expect("upload");
    open_tool(&mut app, zhurnal::tui::admin::Tool::Import);
    assert!(screen(&app).contains("Какой файл импортировать?"));
    assert!(screen(&app).contains("staff.csv"), "{}", screen(&app));
    key(&mut app, KeyCode::Enter);
    // The chosen name fills the form; the kind comes next.
    let Some(zhurnal::tui::overlay::Overlay::Form(f)) = &app.overlay else {
        panic!("form: {}", screen(&app))
    };
    use zhurnal::tui::overlay::form::Field;
    assert_eq!(f.get(Field::File), "staff.csv");
    assert_eq!(f.fields[f.focus].name, Field::Kind);

    // Typing a path over it reads nothing outside the folder.
    key(&mut app, KeyCode::Up);
    clear_field(&mut app);
    type_field(&mut app, "/etc/passwd");
    for _ in 0..5 {
        key(&mut app, KeyCode::Enter);
    }
    let Some(zhurnal::tui::overlay::Overlay::Form(f)) = &app.overlay else {
        panic!("form: {}", screen(&app))
    };
    let error = f.error.clone().unwrap_or_default();
    assert!(
        error.contains("недопустимое имя файла «/etc/passwd»"),
        "{error}"
    );
    key(&mut app, KeyCode::Esc);

    open_tool(&mut app, zhurnal::tui::admin::Tool::Import);
    key(&mut app, KeyCode::Enter);
    for _ in 0..5 {
        key(&mut app, KeyCode::Enter);
    }
    let s = screen(&app);
    assert!(s.contains("Импорт · сотрудники · staff.csv"), "{s}");
    assert!(s.contains("+ 2: newt Новикова Анна Сергеевна"), "{s}");
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("создано 1"), "{}", screen(&app));
    let store = zhurnal::store::Store::open(j.db()).expect("open");
    let actor = app.actor.clone().expect("actor");
    assert!(
        store
            .users(&actor)
            .expect("users")
            .iter()
            .any(|u| u.login == "newt")
    );
}

#[test]
fn an_audit_row_opened_shows_the_real_time_and_the_journals_date() {
    let j = TestJournal::demo();
    // The teacher's screens on the real clock, the journal's day pinned (`--today`).
    let mut store = zhurnal::store::Store::open(j.db()).expect("open");
    store.set_today(chrono::NaiveDate::from_ymd_opt(2025, 12, 15));
    let opts = zhurnal::tui::app::Options::defaults().expect("options");
    let mut t = zhurnal::tui::app::App::new(store, opts, (80, 24)).expect("app");
    login(&mut t, "teacher", "demo");
    key(&mut t, KeyCode::Enter);
    typed(&mut t, "5");
    assert!(screen(&t).contains("сохранено: 5"), "{}", screen(&t));
    let mut a = app(j.db(), "2025-12-15");
    login(&mut a, "admin", "demo");
    open_tool(&mut a, zhurnal::tui::admin::Tool::Audit);
    key(&mut a, KeyCode::Enter);
    let s = screen_sized(&a, 100, 30);
    assert!(s.contains("дата журнала: 15.12.2025"), "{s}");
    // The row's time is the machine's clock, not the journal's pinned day.
    let real = chrono::Local::now().format("%d.%m.%Y").to_string();
    assert!(s.contains(&format!("Когда: {real}")), "{s}");
    assert!(s.contains("Кто: teacher"), "{s}");
    assert!(s.contains("Стало: 5"), "{s}");
}

#[test]
fn an_export_from_the_screens_is_recorded_before_it_is_written() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::F(4));
    let file = j.dir().join("plan-out.csv");
    key(&mut app, KeyCode::F(5));
    clear_field(&mut app);
    typed(&mut app, file.to_str().expect("path"));
    key(&mut app, KeyCode::Enter);
    assert!(file.exists(), "{}", screen(&app));
    let recorded = j.count_audit(|r| {
        r.actor == "teacher"
            && r.action == "export"
            && r.entity == "course"
            && r.new.as_deref().is_some_and(|n| n.contains("plan-out.csv"))
    });
    assert_eq!(recorded, 1);
}

/// Fills the import form from the file field on: `answers` for kind, class, subject,
/// from and new classes, each followed by Enter (the last submits).
fn fill_import_form(app: &mut zhurnal::tui::App, file: &str, answers: [&str; 5]) {
    choose_tool(app, zhurnal::tui::admin::Tool::Import);
    key(app, KeyCode::Enter);
    type_field(app, file);
    for a in answers {
        type_field(app, a);
    }
}

#[test]
fn the_administrator_asks_for_new_classes_and_an_enrolment_date_on_screen() {
    let j = TestJournal::demo();
    let file = j.dir().join("students.csv");
    std::fs::write(
        &file,
        "class,last_name,first_name\n7Б,Новиков,Глеб\n7Я,Орлов,Олег\n",
    )
    .expect("write");
    let path = file.to_str().expect("path");
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "admin", "demo");

    // The form asks for both, and fits the terminal.
    open_tool(&mut app, zhurnal::tui::admin::Tool::Import);
    let s = screen(&app);
    assert!(
        s.contains("С даты") && s.contains("Новые классы") && s.contains("◂ нет ▸"),
        "{s}"
    );
    insta::assert_snapshot!("import_form", s);
    key(&mut app, KeyCode::Esc);

    // Not asked: the class the school lacks is an error at its line.
    fill_import_form(&mut app, path, ["", "", "", "", ""]);
    let s = screen(&app);
    assert!(s.contains("ошибок: 1"), "{s}");
    assert!(s.contains("students.csv:3: класса 7Я в школе нет"), "{s}");
    key(&mut app, KeyCode::Esc);

    // Neither yes nor no: the list takes only its choices and keeps «нет».
    choose_tool(&mut app, zhurnal::tui::admin::Tool::Import);
    key(&mut app, KeyCode::Enter);
    for a in [path, "", "", "", ""] {
        type_field(&mut app, a);
    }
    typed(&mut app, "м");
    assert!(
        screen(&app).contains("в списке нет «м»"),
        "{}",
        screen(&app)
    );
    let Some(zhurnal::tui::overlay::Overlay::Form(f)) = &app.overlay else {
        panic!("form: {}", screen(&app))
    };
    assert_eq!(f.get(zhurnal::tui::overlay::form::Field::NewClasses), "нет");
    key(&mut app, KeyCode::Esc);

    // Asked, from a date: the preview names the class it makes and the date.
    fill_import_form(&mut app, path, ["", "", "", "12.01.2026", "да"]);
    let s = screen(&app);
    assert!(s.contains("новых 2, изменённых 0"), "{s}");
    assert!(s.contains("! строка 3: будет создан класс 7Я"), "{s}");
    assert!(s.contains("+ 3: 7Я Орлов Олег, с 12.01.2026"), "{s}");
    let conn = rusqlite::Connection::open(j.db()).expect("open");
    let classes = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM class WHERE grade = 7 AND letter = 'Я'",
            [],
            |r| r.get(0),
        )
        .expect("count")
    };
    assert_eq!(classes(&conn), 0, "the preview makes nothing");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("создано 2, изменено 0"),
        "{}",
        screen(&app)
    );
    assert_eq!(classes(&conn), 1);
    let start: String = conn
        .query_row(
            "SELECT e.start_date FROM enrollment e JOIN student s ON s.id = e.student_id
             WHERE s.last_name = 'Орлов' AND s.first_name = 'Олег'",
            [],
            |r| r.get(0),
        )
        .expect("enrolled");
    assert_eq!(start, "2026-01-12");
}

#[test]
fn the_calendar_screen_shows_the_year_and_the_countrys_days_off() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    choose_tool(&mut app, zhurnal::tui::admin::Tool::Calendar);
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Учебные периоды"), "{s}");
    insta::assert_snapshot!("calendar_screen", s);
    // The country's days off are further down.
    for _ in 0..3 {
        key(&mut app, KeyCode::PageDown);
    }
    let s = screen(&app);
    assert!(s.contains("09.03.2026"), "{s}");
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Menu(_)), "{}", screen(&app));
}

#[test]
fn a_deputy_puts_a_class_in_quarantine_from_the_calendar_screen() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    choose_tool(&mut app, zhurnal::tui::admin::Tool::Calendar);
    key(&mut app, KeyCode::Enter);
    let lessons_of = |from: &str, to: &str| -> i64 {
        rusqlite::Connection::open(j.db())
            .expect("open")
            .query_row(
                "SELECT count(*) FROM lesson l JOIN course c ON c.id = l.course_id
                 JOIN class k ON k.id = c.class_id
                 WHERE k.grade = 7 AND k.letter = 'Б' AND l.date BETWEEN ?1 AND ?2
                   AND l.cancelled_reason IS NULL",
                [from, to],
                |r| r.get(0),
            )
            .expect("count")
    };
    // Past days hold marks: the screens refuse and say where that is decided.
    key(&mut app, KeyCode::F(2));
    typed(&mut app, "7Б");
    key(&mut app, KeyCode::Enter);
    clear_field(&mut app);
    typed(&mut app, "08.12.2025");
    key(&mut app, KeyCode::Enter);
    clear_field(&mut app);
    typed(&mut app, "09.12.2025");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let s = screen_sized(&app, 120, 30);
    assert!(
        s.contains("календарь не отменяет") && !s.contains("--drop-entered"),
        "{s}"
    );
    assert!(lessons_of("2025-12-08", "2025-12-09") > 0);
    key(&mut app, KeyCode::Esc);
    // Days to come: the preview asks, and yes puts the quarantine in place.
    let before = lessons_of("2025-12-17", "2025-12-18");
    assert!(before > 0);
    key(&mut app, KeyCode::F(2));
    typed(&mut app, "7Б");
    key(&mut app, KeyCode::Enter);
    clear_field(&mut app);
    typed(&mut app, "17.12.2025");
    key(&mut app, KeyCode::Enter);
    clear_field(&mut app);
    typed(&mut app, "18.12.2025");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains(&format!("уроков уйдёт {before}")), "{s}");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains(&format!("уроков отменено {before}")),
        "{}",
        screen(&app)
    );
    assert_eq!(lessons_of("2025-12-17", "2025-12-18"), 0);
    assert_eq!(
        j.count_audit(|r| r.entity == "calendar" && r.actor == "deputy"),
        1
    );
    // The calendar on screen lists it, below the periods and breaks.
    for _ in 0..6 {
        key(&mut app, KeyCode::Down);
    }
    let s = screen(&app);
    assert!(s.contains("Карантины:"), "{s}");
    assert!(s.contains("17.12.2025–18.12.2025   Карантин (7Б)"), "{s}");
}
