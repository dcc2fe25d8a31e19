//! The administrator's class screen: a student's data corrected (F5) and a parent
//! unlinked (F8), as the class teacher does on the families' screen; both audited.

use crate::common;
use common::TestJournal;
use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::app::Screen;
use zhurnal::tui::overlay::Overlay;

/// The administrator on 7Б's screen, the cursor on the first student with a parent
/// linked; that student's id and the parent's login.
fn on_7b(j: &TestJournal) -> (zhurnal::tui::App, zhurnal::domain::ids::StudentId, String) {
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "admin", "demo");
    open_tool(&mut app, zhurnal::tui::admin::Tool::Classes);
    let want = {
        let Screen::Classes(c) = &app.screen else {
            panic!("classes: {}", screen(&app))
        };
        c.rows
            .iter()
            .position(|r| r.name.to_string() == "7Б")
            .expect("7Б")
    };
    press_until(
        &mut app,
        KeyCode::Down,
        200,
        |a| matches!(&a.screen, Screen::Classes(c) if c.selected == want),
    );
    key(&mut app, KeyCode::Enter);
    let Screen::Class(c) = &app.screen else {
        panic!("class: {}", screen(&app))
    };
    let store = j.store();
    let admin = store.actor("admin").expect("admin");
    let families = store.class_families(&admin, c.class.id).expect("families");
    let pupil = families
        .iter()
        .find(|p| !p.parents.is_empty())
        .expect("a student of 7Б with a parent");
    let (id, parent) = (pupil.id, pupil.parents[0].login.clone());
    press_until(
        &mut app,
        KeyCode::Down,
        60,
        |a| matches!(&a.screen, Screen::Class(c) if c.students.get(c.selected).map(|s| s.id) == Some(id)),
    );
    (app, id, parent)
}

fn born(j: &TestJournal, id: zhurnal::domain::ids::StudentId) -> Option<String> {
    rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row(
            "SELECT birth_date FROM student WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .expect("student")
}

#[test]
fn the_administrator_corrects_a_students_data_on_the_class_screen() {
    let j = TestJournal::demo();
    let (mut app, id, _) = on_7b(&j);
    key(&mut app, KeyCode::F(5));
    let s = screen(&app);
    assert!(s.contains("Данные ученика"), "{s}");
    // The name as it is; the birth date corrected.
    for _ in 0..3 {
        key(&mut app, KeyCode::Enter);
    }
    ctrl(&mut app, 'u');
    typed(&mut app, "03.04.2012");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.status.text.contains("данные ученика исправлены"),
        "{}",
        screen(&app)
    );
    assert!(matches!(app.screen, Screen::Class(_)), "{}", screen(&app));
    assert_eq!(born(&j, id).as_deref(), Some("2012-04-03"));
    assert_eq!(
        j.count_audit(|r| r.actor == "admin" && r.action == "edit" && r.entity == "student"),
        1
    );
}

#[test]
fn the_administrator_unlinks_a_parent_on_the_class_screen() {
    let j = TestJournal::demo();
    let (mut app, id, parent) = on_7b(&j);
    let linked = |j: &TestJournal| -> i64 {
        rusqlite::Connection::open(j.db())
            .expect("open")
            .query_row(
                "SELECT count(*) FROM parent_child pc JOIN users u ON u.id = pc.user_id
                 WHERE u.login = ?1 AND pc.student_id = ?2",
                rusqlite::params![parent, id.0],
                |r| r.get(0),
            )
            .expect("count")
    };
    assert_eq!(linked(&j), 1);
    key(&mut app, KeyCode::F(8));
    let Some(Overlay::Form(f)) = &app.overlay else {
        panic!("no form: {}", screen(&app))
    };
    assert_eq!(f.title, "Отвязать родителя");
    assert_eq!(f.get(zhurnal::tui::overlay::form::Field::Login), parent);
    // Esc changes nothing.
    key(&mut app, KeyCode::Esc);
    assert_eq!(linked(&j), 1);
    key(&mut app, KeyCode::F(8));
    key(&mut app, KeyCode::Enter);
    assert!(
        app.status
            .text
            .contains(&format!("родитель {parent} отвязан")),
        "{}",
        screen(&app)
    );
    assert_eq!(linked(&j), 0);
    assert_eq!(
        j.count_audit(|r| r.actor == "admin" && r.action == "unlink"),
        1
    );
    // No parent left: F8 says so.
    key(&mut app, KeyCode::F(8));
    let left = j.store();
    let admin = left.actor("admin").expect("admin");
    let Screen::Class(c) = &app.screen else {
        panic!("class")
    };
    let still = left
        .class_families(&admin, c.class.id)
        .expect("families")
        .into_iter()
        .find(|p| p.id == id)
        .expect("the student")
        .parents
        .len();
    if still == 0 {
        assert!(
            app.status.text.contains("нет привязанных родителей"),
            "{}",
            screen(&app)
        );
    }
}
