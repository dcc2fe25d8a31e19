//! The thematic plan screen: coverage and fulfilment, edits, export and import.

use crate::common;
use common::TestJournal;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::app::Screen;

fn field(app: &mut zhurnal::tui::App, text: &str) {
    typed(app, text);
    key(app, KeyCode::Enter);
}

#[test]
fn the_teacher_keeps_the_plan_on_screen() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    // The first lesson of the day: 7Б Алгебра.
    key(&mut app, KeyCode::F(4));
    let Screen::Plan(p) = &app.screen else {
        panic!("plan: {}", screen(&app))
    };
    let items = p.report.items.len();
    assert!(items > 50, "{items}");
    insta::assert_snapshot!("plan", screen(&app));
    // Add a topic after the first, edit it, move it down, delete it.
    key(&mut app, KeyCode::F(2));
    field(&mut app, "Решение задач повышенной сложности");
    key(&mut app, KeyCode::Backspace);
    field(&mut app, "2");
    field(&mut app, "");
    let Screen::Plan(p) = &app.screen else {
        panic!("plan")
    };
    assert_eq!(p.report.items.len(), items + 1);
    assert_eq!(
        p.report.items[1].item.topic,
        "Решение задач повышенной сложности"
    );
    assert_eq!(p.report.items[1].item.hours, 2);
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::F(8));
    let Screen::Plan(p) = &app.screen else {
        panic!("plan")
    };
    assert_eq!(
        p.report.items[2].item.topic,
        "Решение задач повышенной сложности"
    );
    assert_eq!(p.selected, 2);
    key(&mut app, KeyCode::F(3));
    assert!(screen(&app).contains("Удалить тему «Решение задач повышенной сложности»?"));
    key(&mut app, KeyCode::Enter);
    let Screen::Plan(p) = &app.screen else {
        panic!("plan")
    };
    assert_eq!(p.report.items.len(), items);
    // A covered topic asks first and names the lessons.
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::F(3));
    assert!(
        screen(&app).contains("привязано уроков"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Esc);

    // Export, then import the same file: nothing changes.
    let file = j.dir().join("plan.csv");
    key(&mut app, KeyCode::F(5));
    for _ in 0..40 {
        key(&mut app, KeyCode::Backspace);
    }
    field(&mut app, file.to_str().expect("path"));
    let text = std::fs::read_to_string(&file).expect("exported");
    // The office style: what a Russian Excel opens by a double click.
    assert!(text.starts_with("\u{feff}№;Тема;Часы;Дата\r\n1;"), "{text}");
    key(&mut app, KeyCode::F(6));
    field(&mut app, file.to_str().expect("path"));
    let s = screen(&app);
    assert!(
        s.contains("новых 0, изменённых 0") && s.contains("Менять нечего"),
        "{s}"
    );
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Plan(_)));
}

/// The export form's error, if it is still open with one.
fn form_error(app: &zhurnal::tui::App) -> Option<String> {
    match &app.overlay {
        Some(zhurnal::tui::overlay::Overlay::Form(f)) => f.error.clone(),
        _ => None,
    }
}

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o7777
}

fn export_plan_as(app: &mut zhurnal::tui::App, name: &str) {
    key(app, KeyCode::F(5));
    clear_field(app);
    field(app, name);
}

#[test]
fn a_served_session_exports_the_plan_into_the_users_folder_only() {
    let j = TestJournal::demo();
    let base = j.dir().join("files");
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    let folder = serve_folder(&mut app, &base, "teacher");
    key(&mut app, KeyCode::F(4));
    assert!(matches!(app.screen, Screen::Plan(_)));

    // Where a typed path would land if it were taken as a path.
    let cwd = std::env::current_dir().expect("cwd");
    let watched = [
        std::path::PathBuf::from("/tmp/x.csv"),
        cwd.join("../x.csv"),
        cwd.join(".x"),
        base.join("x.csv"),
        folder.root().join(".x"),
        j.db().to_path_buf(),
    ];
    let before: Vec<_> = watched.iter().map(|p| state_of(p)).collect();
    for (name, why) in [
        ("/tmp/x.csv", "укажите только имя файла, без папок"),
        ("../x.csv", "укажите только имя файла, без папок"),
        (".x", "имя не может начинаться с точки"),
        (
            &j.db().display().to_string(),
            "укажите только имя файла, без папок",
        ),
    ] {
        export_plan_as(&mut app, name);
        let error = form_error(&app).unwrap_or_else(|| panic!("{name} taken: {}", screen(&app)));
        assert!(
            error.contains("недопустимое имя файла") && error.contains(why),
            "{error}"
        );
        assert!(
            screen(&app).contains("недопустимое имя файла"),
            "{}",
            screen(&app)
        );
        key(&mut app, KeyCode::Esc);
    }
    let after: Vec<_> = watched.iter().map(|p| state_of(p)).collect();
    assert_eq!(before, after, "a file outside the folder changed");
    assert_eq!(folder.list().expect("list"), []);
    assert_eq!(std::fs::read_dir(folder.root()).expect("dir").count(), 0);

    // A plain name lands in the folder, readable by its owner only.
    export_plan_as(&mut app, "x.csv");
    assert_eq!(
        app.status.text,
        "КТП в вашей папке: x.csv — скачать: sftp",
        "{}",
        screen(&app)
    );
    let file = folder.root().join("x.csv");
    let text = std::fs::read_to_string(&file).expect("exported");
    // The office style: what a Russian Excel opens by a double click.
    assert!(text.starts_with("\u{feff}№;Тема;Часы;Дата\r\n1;"), "{text}");
    assert_eq!(mode(&file), 0o600);

    // The same name again asks first; «n» and Esc keep the old content.
    std::fs::write(&file, "old content").expect("write");
    for no in [KeyCode::Char('n'), KeyCode::Esc] {
        export_plan_as(&mut app, "x.csv");
        let s = screen(&app);
        assert!(
            s.contains("Файл «x.csv» уже есть в вашей папке. Заменить его?"),
            "{s}"
        );
        key(&mut app, no);
        assert!(app.overlay.is_none());
        assert_eq!(app.status.text, "отменено — ничего не изменено");
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "old content");
    }
    export_plan_as(&mut app, "x.csv");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.status.text, "КТП в вашей папке: x.csv — скачать: sftp");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), text);
    assert_eq!(mode(&file), 0o600);
    let names: Vec<String> = folder
        .list()
        .expect("list")
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["x.csv"]);
}

#[test]
fn a_served_session_imports_a_plan_picked_from_the_users_folder() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    let folder = serve_folder(&mut app, &j.dir().join("files"), "teacher");
    key(&mut app, KeyCode::F(4));
    let Screen::Plan(p) = &app.screen else {
        panic!("plan")
    };
    let course = p.course_id;

    // Nothing uploaded yet.
    key(&mut app, KeyCode::F(6));
    assert!(
        screen(&app).contains("папка пуста — загрузите файл по sftp"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Plan(_)));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());

    // Uploaded files, and what the list never shows.
    let plan = folder.root().join("7Б-Алгебра.csv");
    std::fs::write(
        &plan,
        "order,topic,hours,date\n1,Повторение курса 6 класса,2,\n2,Числовые выражения,1,\n3,Линейное уравнение,3,\n",
    )
    .expect("write");
    let report = folder.root().join("quality.html");
    std::fs::write(&report, "<table></table>").expect("write");
    touch(&plan, "2025-12-15 09:05");
    touch(&report, "2025-12-12 16:40");
    std::fs::write(folder.root().join(".hidden.csv"), "order,topic,hours\n").expect("write");
    std::fs::create_dir(folder.root().join("sub")).expect("mkdir");
    std::os::unix::fs::symlink(j.db(), folder.root().join("journal.csv")).expect("symlink");

    key(&mut app, KeyCode::F(6));
    let s = screen(&app);
    assert!(
        s.contains("7Б-Алгебра.csv") && s.contains("quality.html"),
        "{s}"
    );
    assert!(
        !s.contains("hidden") && !s.contains("sub") && !s.contains("journal"),
        "{s}"
    );
    insta::assert_snapshot!("plan_folder_files", s);
    // The list is sorted by name: the plan is first, below it the report.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(
        s.contains("Импорт · тематический план (КТП) · 7Б-Алгебра.csv"),
        "{s}"
    );
    assert!(s.contains("новых 0, изменённых 3"), "{s}");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Plan(_)), "{}", screen(&app));

    let actor = app.actor.clone().expect("actor");
    let store = zhurnal::store::Store::open(j.db()).expect("open");
    let topics: Vec<(String, i64)> = store
        .plan_items(&actor, course)
        .expect("plan")
        .into_iter()
        .map(|i| (i.topic, i.hours))
        .collect();
    assert_eq!(
        topics,
        [
            ("Повторение курса 6 класса".to_string(), 2),
            ("Числовые выражения".to_string(), 1),
            ("Линейное уравнение".to_string(), 3),
        ]
    );
}

#[test]
fn in_the_local_terminal_an_export_asks_before_replacing_a_file() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::F(4));
    let file = j.dir().join("plan.csv");
    std::fs::write(&file, "old content").expect("write");
    let path = file.to_str().expect("path");
    export_plan_as(&mut app, path);
    assert!(
        screen(&app).contains("Файл «plan.csv» уже есть. Заменить его?"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "old content");
    export_plan_as(&mut app, path);
    typed(&mut app, "д");
    let text = std::fs::read_to_string(&file).expect("read");
    // The office style: what a Russian Excel opens by a double click.
    assert!(text.starts_with("\u{feff}№;Тема;Часы;Дата\r\n1;"), "{text}");
    assert_eq!(app.status.text, format!("КТП выгружен: {path}"));
}
