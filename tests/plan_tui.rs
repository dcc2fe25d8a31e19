//! The thematic plan screen: coverage and fulfilment, edits, export and import.

mod common;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::app::Screen;

fn field(app: &mut zhurnal::tui::App, text: &str) {
    typed(app, text);
    key(app, KeyCode::Enter);
}

#[test]
fn the_teacher_keeps_the_plan_on_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_copy(dir.path());
    let mut app = app(&db, "2025-12-15");
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
    let Screen::Plan(p) = &mut app.screen else {
        panic!("plan")
    };
    p.selected = 1;
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
    let Screen::Plan(p) = &mut app.screen else {
        panic!("plan")
    };
    p.selected = 0;
    key(&mut app, KeyCode::F(3));
    assert!(
        screen(&app).contains("привязано уроков"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Esc);

    // Export, then import the same file: nothing changes.
    let file = dir.path().join("plan.csv");
    key(&mut app, KeyCode::F(5));
    for _ in 0..40 {
        key(&mut app, KeyCode::Backspace);
    }
    field(&mut app, file.to_str().expect("path"));
    let text = std::fs::read_to_string(&file).expect("exported");
    assert!(text.starts_with("order,topic,hours,date\n1,"), "{text}");
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
