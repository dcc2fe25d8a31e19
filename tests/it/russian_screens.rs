//! Russian everywhere in the Russian interface: every role walks its screens at 80×24
//! (the first screen's keys two deep, every tool of the administration's menu, every
//! report from the pick list, the import form with every kind, the accounts with every
//! role offered, the audit log after changes of different kinds with each row's
//! details), and no screen shows a stored English identifier (report keywords, roles,
//! import kinds, homework kinds, the audit's actions and entities — the lists read from
//! the code), a command-line flag or an ISO date.

use crate::common;
use common::TestJournal;
use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::keys::Mode;
use zhurnal::tui::App;
use zhurnal::tui::admin::Tool;
use zhurnal::tui::app::Screen;
use zhurnal::tui::overlay::Overlay;
use zhurnal::tui::overlay::form::Field;

mod checker;

use checker::{english_in, texts};

/// Collects what is wrong on the screens seen, with the way to each.
struct Walk {
    findings: Vec<(String, String)>,
    screens: usize,
}

impl Walk {
    fn look(&mut self, app: &App, way: &str) {
        self.screens += 1;
        let logins = zhurnal::demo::DEMO_LOGINS;
        for f in english_in(&texts(app), &logins) {
            // Each finding once, with the first way to it.
            if !self.findings.iter().any(|(_, g)| *g == f) {
                self.findings.push((way.to_string(), f));
            }
        }
    }
}

/// Keys a user presses on a screen.
const KEYS: [KeyCode; 13] = [
    KeyCode::Enter,
    KeyCode::F(2),
    KeyCode::F(3),
    KeyCode::F(4),
    KeyCode::F(5),
    KeyCode::F(6),
    KeyCode::F(7),
    KeyCode::F(8),
    KeyCode::F(9),
    KeyCode::F(10),
    KeyCode::Insert,
    KeyCode::Delete,
    KeyCode::Tab,
];

/// Back to `mode` with Esc (a popup, then the screen), at most a few presses.
fn back_to(app: &mut App, mode: Mode) -> bool {
    for _ in 0..3 {
        if app.mode() == mode && app.overlay.is_none() {
            return true;
        }
        key(app, KeyCode::Esc);
    }
    app.mode() == mode && app.overlay.is_none()
}

/// From where `app` is: each key, and each key after it, looked at; back with Esc.
fn keys_two_deep(walk: &mut Walk, app: &mut App, way: &str) {
    let home = app.mode();
    for k1 in KEYS {
        key(app, k1);
        let way1 = format!("{way} {k1:?}");
        walk.look(app, &way1);
        let there = app.mode();
        for k2 in KEYS {
            key(app, k2);
            walk.look(app, &format!("{way1} {k2:?}"));
            if !back_to(app, there) {
                break;
            }
        }
        if !back_to(app, home) {
            return;
        }
    }
}

fn session(j: &TestJournal, login_name: &str) -> App {
    let mut a = app(j.db(), "2025-12-15");
    login(&mut a, login_name, "demo");
    a
}

/// Changes of different kinds, so the audit log has them to show.
fn changes(j: &TestJournal) {
    j.ok(&[
        "message",
        "send",
        "--to",
        "teacher",
        "--subject",
        "Вопрос",
        "--text",
        "Когда контрольная?",
        "--as",
        "parent",
    ]);
    j.ok(&[
        "user",
        "add",
        "petrova",
        "--name",
        "Петрова Анна Ивановна",
        "--role",
        "teacher",
        "--role",
        "class_teacher",
    ]);
    j.ok(&["user", "roles", "petrova", "teacher"]);
    // A day a student of 7Б missed without a reason yet, excused.
    let (student, day): (String, String) = rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row(
            "SELECT s.last_name || ' ' || s.first_name, l.date FROM attendance a
             JOIN lesson l ON l.id = a.lesson_id JOIN course c ON c.id = l.course_id
             JOIN class k ON k.id = c.class_id JOIN student s ON s.id = a.student_id
             WHERE k.grade = 7 AND k.letter = 'Б' AND a.code = 'Н' ORDER BY l.date DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("an absence in 7Б");
    let student = format!("7Б {student}");
    let excused = j.ok(&[
        "excuse",
        "--as",
        "classteacher",
        "--student",
        &student,
        "--from",
        &day,
        "--to",
        &day,
        "--reason",
        "заявление родителей",
    ]);
    assert!(!excused.contains(": 0"), "{excused}");
    for what in ["unlock", "lock"] {
        j.ok(&[
            "period",
            what,
            "--as",
            "deputy",
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--period",
            "1",
            "--reason",
            "проверка",
        ]);
    }
    // A homework kind changed on the lesson pane (its audit row: the kind's words).
    let mut store = j.store();
    let teacher = store.actor("teacher").expect("teacher");
    let (id, topic, note, work_type_id): (i64, String, String, Option<i64>) =
        rusqlite::Connection::open(j.db())
            .expect("open")
            .query_row(
                "SELECT l.id, l.topic, l.note, l.work_type_id FROM lesson l
                 JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
                 JOIN subject s ON s.id = c.subject_id
                 WHERE k.grade = 7 AND k.letter = 'Б' AND s.name = 'Алгебра' AND l.date = '2025-12-12'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .expect("the lesson of 12.12");
    let lesson = zhurnal::domain::ids::LessonId(id);
    let mut text = zhurnal::store::lessons::LessonText {
        topic,
        homework: "§ 12".into(),
        homework_kind: "written".into(),
        work_type_id,
        note,
    };
    store
        .set_lesson_pane(&teacher, lesson, &text)
        .expect("saved");
    text.homework_kind = "oral".into();
    store
        .set_lesson_pane(&teacher, lesson, &text)
        .expect("saved");
}

#[test]
fn no_russian_screen_shows_an_english_identifier() {
    let j = TestJournal::demo();
    changes(&j);
    let mut walk = Walk {
        findings: Vec::new(),
        screens: 0,
    };
    // Every role's first screen and its keys, two deep.
    for who in zhurnal::demo::DEMO_LOGINS {
        let mut a = session(&j, who);
        walk.look(&a, who);
        keys_two_deep(&mut walk, &mut a, who);
    }
    // Every tool of the administration's menu, its keys one and two deep.
    let mut a = session(&j, "admin");
    let Screen::Menu(m) = &a.screen else {
        panic!("menu: {}", screen(&a))
    };
    for tool in m.tools.clone() {
        open_tool(&mut a, tool);
        let way = format!("admin {tool:?}");
        walk.look(&a, &way);
        if matches!(tool, Tool::YearClose) {
            // Its question, not its yes: closing the year is a test of its own.
            key(&mut a, KeyCode::Enter);
            walk.look(&a, &format!("{way} Enter"));
            key(&mut a, KeyCode::Esc);
        } else {
            keys_two_deep(&mut walk, &mut a, &way);
        }
        assert!(back_to(&mut a, Mode::Menu), "{way}: {}", screen(&a));
    }
    // Each item of the messages' screen opened: conversations, announcements, events.
    for who in ["teacher", "parent", "classteacher"] {
        let mut a = session(&j, who);
        key(&mut a, KeyCode::F(9));
        assert_eq!(a.mode(), Mode::Messages, "{who}: {}", screen(&a));
        for i in 0..30 {
            let way = format!("{who} messages item {i}");
            walk.look(&a, &way);
            key(&mut a, KeyCode::Enter);
            walk.look(&a, &format!("{way} opened"));
            assert!(back_to(&mut a, Mode::Messages), "{way}: {}", screen(&a));
            key(&mut a, KeyCode::Down);
        }
    }
    reports(&j, &mut walk);
    imports(&j, &mut walk);
    accounts(&j, &mut walk);
    audit(&j, &mut walk);
    assert!(walk.screens > 1000, "only {} screens seen", walk.screens);
    assert!(
        walk.findings.is_empty(),
        "English on Russian screens ({} of {} screens):\n{}",
        walk.findings.len(),
        walk.screens,
        walk.findings
            .iter()
            .map(|(way, f)| format!("{way}: {f}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn form_get(app: &App, field: Field) -> String {
    match &app.overlay {
        Some(Overlay::Form(f)) => f.get(field),
        _ => String::new(),
    }
}

/// Every report chosen from the form's pick list and opened.
fn reports(j: &TestJournal, walk: &mut Walk) {
    for who in ["deputy", "admin", "director"] {
        for name in zhurnal::report::ReportName::ALL {
            let mut a = session(j, who);
            if a.mode() != Mode::Menu {
                key(&mut a, KeyCode::F(10));
            }
            open_tool(&mut a, Tool::Reports);
            press_until(&mut a, KeyCode::Right, 20, |a| {
                form_get(a, Field::Report) == name.key()
            });
            let way = format!("{who} report {name:?}");
            walk.look(&a, &way);
            key(&mut a, KeyCode::Down);
            typed(&mut a, "7Б");
            key(&mut a, KeyCode::Enter);
            key(&mut a, KeyCode::Enter);
            walk.look(&a, &way);
            assert_eq!(a.mode(), Mode::Report, "{way}: {}", screen(&a));
            for k in [KeyCode::Right, KeyCode::Right, KeyCode::F(2), KeyCode::F(1)] {
                key(&mut a, k);
                walk.look(&a, &format!("{way} {k:?}"));
            }
        }
    }
}

/// The import form with each kind chosen, and what it says of a file not there.
fn imports(j: &TestJournal, walk: &mut Walk) {
    let mut a = session(j, "admin");
    open_tool(&mut a, Tool::Import);
    walk.look(&a, "import");
    typed(&mut a, "нет.csv");
    key(&mut a, KeyCode::Down);
    for kind in zhurnal::import::Kind::ALL {
        press_until(&mut a, KeyCode::Right, 20, |a| {
            form_get(a, Field::Kind) == kind.as_str()
        });
        walk.look(&a, &format!("import {kind:?}"));
    }
    key(&mut a, KeyCode::Enter);
    for _ in 0..5 {
        key(&mut a, KeyCode::Enter);
    }
    walk.look(&a, "import a missing file");
    // Previews of real files: new and changed staff with their roles, a file with
    // refusals.
    let files = [
        (
            "staff.csv",
            "login,last_name,first_name,patronymic,roles\nnewt,Новикова,Анна,Сергеевна,teacher\nclassteacher,Белова,Марина,Викторовна,teacher deputy\n",
        ),
        (
            "courses.csv",
            "class,subject,teacher,hours\n7Б,Алгебра,nobody,3\n7Ю,Физика,teacher,x\n",
        ),
    ];
    for (name, text) in files {
        let path = j.dir().join(name);
        std::fs::write(&path, text).expect("write");
        let mut a = session(j, "admin");
        open_tool(&mut a, Tool::Import);
        typed(&mut a, path.to_str().expect("path"));
        for _ in 0..6 {
            key(&mut a, KeyCode::Enter);
        }
        let way = format!("import preview {name}");
        assert!(
            matches!(a.mode(), Mode::Import) || a.overlay.is_some(),
            "{way}: {}",
            screen(&a)
        );
        walk.look(&a, &way);
        for k in [KeyCode::PageDown, KeyCode::F(1)] {
            key(&mut a, k);
            walk.look(&a, &format!("{way} {k:?}"));
        }
    }
}

/// The accounts: the list, and the new-account form with every set of roles offered.
fn accounts(j: &TestJournal, walk: &mut Walk) {
    let mut a = session(j, "admin");
    open_tool(&mut a, Tool::Users);
    walk.look(&a, "users");
    for _ in 0..40 {
        key(&mut a, KeyCode::PageDown);
        walk.look(&a, "users paged");
    }
    key(&mut a, KeyCode::F(2));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    let first = form_get(&a, Field::Roles);
    assert!(!first.is_empty(), "{}", screen(&a));
    for i in 0..30 {
        walk.look(
            &a,
            &format!("new user, roles {}", form_get(&a, Field::Roles)),
        );
        key(&mut a, KeyCode::Right);
        if i > 0 && form_get(&a, Field::Roles) == first {
            break;
        }
    }
}

/// The audit log after the changes: its pages, every row's details at the top, the
/// filter form with its actions.
fn audit(j: &TestJournal, walk: &mut Walk) {
    let mut a = session(j, "admin");
    open_tool(&mut a, Tool::Audit);
    let Screen::Audit(s) = &a.screen else {
        panic!("audit: {}", screen(&a))
    };
    let rows = s.rows.clone();
    for (action, entity) in [
        ("send", "message"),
        ("create", "user"),
        ("roles", "user"),
        ("excuse", "attendance"),
        ("lock", "period"),
        ("unlock", "period"),
        ("set", "homework_kind"),
    ] {
        assert!(
            rows.iter()
                .any(|r| r.action == action && r.entity == entity),
            "no {action} {entity} in the audit log"
        );
    }
    for i in 0..rows.len().min(120) {
        walk.look(&a, &format!("audit row {i}"));
        key(&mut a, KeyCode::Enter);
        walk.look(&a, &format!("audit row {i} details"));
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::F(5));
    walk.look(&a, "audit filter");
    for i in 0..80 {
        key(&mut a, KeyCode::Down);
        key(&mut a, KeyCode::Right);
        walk.look(&a, &format!("audit filter {i}"));
    }
}

/// The year close with year finals missing: its question says so in words and a yes
/// is the screen's own way to close anyway (no flag named); Esc leaves the year open.
#[test]
fn the_year_close_asks_about_missing_finals_in_its_own_words() {
    let j = TestJournal::demo();
    let mut a = session(&j, "admin");
    open_tool(&mut a, Tool::YearClose);
    key(&mut a, KeyCode::Enter);
    let Some(Overlay::Confirm { question, .. }) = &a.overlay else {
        panic!("no question: {}", screen(&a))
    };
    assert!(
        question.starts_with("Не выставлено годовых отметок: ")
            && question.contains("Закрыть учебный год 2025/2026 всё равно?"),
        "{question}"
    );
    assert_eq!(english_in(&texts(&a), &[]), Vec::<String>::new());
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.mode(), Mode::YearClose, "{}", screen(&a));
    assert_eq!(j.store().current_year().expect("year").name, "2025/2026");
}

/// The audit filter offers the actions by name: one chosen from the list filters the
/// log and is shown in words; a Russian name typed in the filter works the same.
#[test]
fn the_audit_filter_offers_actions_in_words() {
    let j = TestJournal::demo();
    changes(&j);
    let mut a = session(&j, "admin");
    open_tool(&mut a, Tool::Audit);
    key(&mut a, KeyCode::F(5));
    key(&mut a, KeyCode::Down);
    typed(&mut a, "отпр");
    assert_eq!(form_get(&a, Field::Kind), "send", "{}", screen(&a));
    key(&mut a, KeyCode::Enter);
    let Screen::Audit(s) = &a.screen else {
        panic!("audit: {}", screen(&a))
    };
    assert!(!s.rows.is_empty());
    assert!(s.rows.iter().all(|r| r.action == "send"));
    let shown = screen(&a);
    assert!(shown.contains("Фильтр: действие: отправка"), "{shown}");
    // Reopened, the form has the action chosen; «любое» clears it.
    key(&mut a, KeyCode::F(5));
    assert_eq!(form_get(&a, Field::Kind), "send");
    key(&mut a, KeyCode::Esc);
    // Typed by its Russian name.
    key(&mut a, KeyCode::F(5));
    typed(&mut a, "действие=\"смена ролей\"");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    assert!(
        texts(&a).contains("действие «смена ролей» неизвестно"),
        "{}",
        texts(&a)
    );
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::F(5));
    typed(&mut a, "действие=роли");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    let Screen::Audit(s) = &a.screen else {
        panic!("audit: {}", screen(&a))
    };
    assert!(!s.rows.is_empty());
    assert!(s.rows.iter().all(|r| r.action == "roles"), "{}", screen(&a));
    assert!(screen(&a).contains("роли учётной записи"), "{}", screen(&a));
}
