//! The function-key bar under every screen, Esc on a role's first screen, the status
//! line's long and stale messages: at 80×24 on the TestBackend.

use crate::common;
use common::TestJournal;
use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::app::Screen;

/// The last row of the screen: the key bar.
fn bar(app: &zhurnal::tui::App) -> String {
    screen(app).lines().last().unwrap_or("").to_string()
}

#[test]
fn the_key_bar_names_what_each_key_does_for_this_user_here() {
    let j = TestJournal::demo();
    // A subject teacher: messages, plan and gaps; no class teacher's or deputy's keys.
    let mut t = app(j.db(), "2025-12-15");
    login(&mut t, "teacher", "demo");
    let b = bar(&t);
    assert!(b.starts_with("1Помощь"), "{b}");
    assert!(
        b.contains("4План") && b.contains("5Пробелы") && b.contains("9Письма"),
        "{b}"
    );
    assert!(!b.contains("Пропуск") && !b.contains("Меню"), "{b}");
    // …and F1 lists the same: nothing that would answer «only for a class teacher».
    key(&mut t, KeyCode::F(1));
    let help = screen(&t);
    assert!(
        !help.contains("пропуски класса") && !help.contains("меню администрации"),
        "{help}"
    );
    key(&mut t, KeyCode::Esc);
    // The class teacher has the class's keys; the deputy the menu.
    let mut c = app(j.db(), "2025-12-15");
    login(&mut c, "classteacher", "demo");
    let b = bar(&c);
    assert!(b.contains("6Пропуск") && b.contains("7Класс"), "{b}");
    let mut d = app(j.db(), "2025-12-15");
    login(&mut d, "deputy", "demo");
    assert!(bar(&d).contains("10Меню"), "{}", bar(&d));
    // The grid: its ten keys in the interface's words.
    key(&mut t, KeyCode::Enter);
    assert_eq!(
        bar(&t),
        "1Помощь 2Клетка 3ВидРаб 4Коммент5ВсеЕсть6Сегодня7←Период8Период→9Урок   10Итог"
    );
}

#[test]
fn the_administrators_lists_show_their_keys() {
    let j = TestJournal::demo();
    let mut a = app(j.db(), "2025-12-15");
    login(&mut a, "admin", "demo");
    open_tool(&mut a, zhurnal::tui::admin::Tool::Users);
    let s = screen(&a);
    assert!(s.contains("2Новый") && s.contains("3Пароль"), "{s}");
    // Roles in words, not the stored tokens.
    assert!(s.contains("учитель") && !s.contains("class_teacher"), "{s}");
    insta::assert_snapshot!("users_with_key_bar", s);
    key(&mut a, KeyCode::F(2));
    let s = screen(&a);
    assert!(s.contains("◂ учитель ▸"), "{s}");
    insta::assert_snapshot!("new_user_form", s);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    open_tool(&mut a, zhurnal::tui::admin::Tool::Classes);
    insta::assert_snapshot!("classes_with_key_bar", screen(&a));
}

#[test]
fn esc_on_a_first_screen_asks_before_logging_out() {
    let j = TestJournal::demo();
    for (login_name, first) in [
        ("teacher", "Уроки сегодня"),
        ("admin", "Администрация"),
        ("parent", "Дневник ·"),
    ] {
        let mut a = app(j.db(), "2025-12-15");
        login(&mut a, login_name, "demo");
        let before = screen(&a);
        assert!(before.contains(first), "{before}");
        // Esc, Esc (the habit of backing out): still here, nothing lost.
        key(&mut a, KeyCode::Esc);
        assert!(screen(&a).contains("Выйти из журнала?"), "{}", screen(&a));
        key(&mut a, KeyCode::Esc);
        assert!(
            !matches!(a.screen, Screen::Login(_)),
            "{login_name}: {}",
            screen(&a)
        );
        assert!(a.actor.is_some());
        // Esc, Enter: logged out.
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Enter);
        assert!(matches!(a.screen, Screen::Login(_)), "{}", screen(&a));
        assert!(screen(&a).contains("вы вышли"));
    }
}

#[test]
fn a_long_message_is_read_whole_and_a_new_screen_starts_clean() {
    let j = TestJournal::demo();
    let mut a = app(j.db(), "2025-12-15");
    login(&mut a, "teacher", "demo");
    key(&mut a, KeyCode::Enter);
    // A closed period's refusal is longer than a line: it wraps over the key bar,
    // whole, saying who can open the period.
    key(&mut a, KeyCode::F(7));
    key(&mut a, KeyCode::Home);
    typed(&mut a, "5");
    let s = screen(&a);
    assert!(s.contains("открыть его может заместитель директора"), "{s}");
    assert!(s.contains("28.10.2025"), "{s}");
    assert!(
        !bar(&a).starts_with("1Помощь"),
        "the message takes the bar's row: {s}"
    );
    // The next key brings the bar back; the message stays above it, cut.
    key(&mut a, KeyCode::Down);
    assert!(bar(&a).starts_with("1Помощь"), "{}", screen(&a));
    // A message of one screen is not carried to the next.
    key(&mut a, KeyCode::F(12));
    key(&mut a, KeyCode::Esc);
    assert!(screen(&a).contains("отменено"), "{}", screen(&a));
    key(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Today(_)));
    let status = screen(&a)
        .lines()
        .rev()
        .nth(1)
        .unwrap_or("")
        .trim()
        .to_string();
    assert_eq!(status, "", "{}", screen(&a));
}

#[test]
fn ctrl_u_clears_a_field_at_once() {
    let j = TestJournal::demo();
    let mut a = app(j.db(), "2025-12-15");
    login(&mut a, "teacher", "demo");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::F(11));
    // The form opens with today's date; Ctrl-U clears it, a date typed in its place.
    assert!(screen(&a).contains("15.12.2025"), "{}", screen(&a));
    ctrl(&mut a, 'u');
    let Some(zhurnal::tui::overlay::Overlay::Form(f)) = &a.overlay else {
        panic!("form: {}", screen(&a))
    };
    assert_eq!(f.get(zhurnal::tui::overlay::form::Field::Date), "");
    typed(&mut a, "16.12.2025");
    let Some(zhurnal::tui::overlay::Overlay::Form(f)) = &a.overlay else {
        panic!("form: {}", screen(&a))
    };
    assert_eq!(
        f.get(zhurnal::tui::overlay::form::Field::Date),
        "16.12.2025"
    );
}

#[test]
fn the_help_says_it_scrolls_and_stops_at_its_end() {
    let j = TestJournal::demo();
    let mut a = app(j.db(), "2025-12-15");
    login(&mut a, "teacher", "demo");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::F(1));
    let s = screen(&a);
    assert!(s.contains("строки 1–") && s.contains("↓ PgDn — ещё"), "{s}");
    for _ in 0..5 {
        key(&mut a, KeyCode::PageDown);
    }
    let s = screen(&a);
    assert!(
        s.contains("↑ PgUp — в начало") && s.contains("Ctrl-Q"),
        "{s}"
    );
    // One step up from the end is one line up, however many PgDn were pressed.
    key(&mut a, KeyCode::Up);
    assert!(screen(&a).contains("↓ PgDn — ещё"), "{}", screen(&a));
}

#[test]
fn the_import_preview_and_an_empty_accounts_notice_show_their_keys() {
    let j = TestJournal::demo();
    let file = j.dir().join("students.csv");
    std::fs::write(&file, "class,last_name,first_name\n7Б,Новиков,Глеб\n").expect("file");
    let mut a = app(j.db(), "2025-12-15");
    login(&mut a, "admin", "demo");
    open_tool(&mut a, zhurnal::tui::admin::Tool::Import);
    typed(&mut a, file.to_str().expect("path"));
    for _ in 0..6 {
        key(&mut a, KeyCode::Enter);
    }
    let s = screen(&a);
    assert!(s.contains("+ 2: 7Б Новиков Глеб"), "{s}");
    assert!(bar(&a).starts_with("1Помощь"), "{s}");
    insta::assert_snapshot!(
        "import_preview_with_key_bar",
        s.replace(j.dir().to_str().unwrap_or("/"), "DIR")
    );
    // A parent account with no child linked: a notice, and only the keys that work.
    let mut store = zhurnal::store::Store::open(j.db()).expect("open");
    let otp = store
        .add_user(
            &zhurnal::domain::policy::Actor::local_operator(),
            &zhurnal::store::accounts::NewUser {
                login: "lonely".into(),
                name: zhurnal::domain::names::FullName::new("Одинокая", "Ольга", "Петровна"),
                roles: vec![zhurnal::domain::roles::Role::Parent],
                student_id: None,
            },
        )
        .expect("add");
    let hash = zhurnal::auth::hash_password("Своймой2026").expect("hash");
    store
        .set_password_hash(
            &zhurnal::domain::policy::Actor::local_operator(),
            "lonely",
            &hash,
        )
        .expect("password");
    drop((store, otp));
    let mut p = app(j.db(), "2025-12-15");
    login(&mut p, "lonely", "Своймой2026");
    let s = screen(&p);
    assert!(s.contains("не привязан ни один ученик"), "{s}");
    assert_eq!(
        bar(&p),
        "1Помощь 2       3       4       5       6       7       8       9       10"
    );
    insta::assert_snapshot!("notice_with_key_bar", s);
}
