//! Gaps, extra and cancelled lessons and substitutions on the screens.

use crate::common;
use common::TestJournal;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::tui::app::Screen;

fn field(app: &mut zhurnal::tui::App, text: &str) {
    typed(app, text);
    key(app, KeyCode::Enter);
}

fn clear_field(app: &mut zhurnal::tui::App) {
    for _ in 0..12 {
        key(app, KeyCode::Backspace);
    }
}

#[test]
fn gaps_lead_to_the_lesson_in_the_grid() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::F(5));
    let Screen::Gaps(g) = &app.screen else {
        panic!("gaps: {}", screen(&app))
    };
    assert!(!g.rows.is_empty(), "the demo leaves the last days unfilled");
    let first = g.rows[0].clone();
    insta::assert_snapshot!("gaps", screen(&app));
    key(&mut app, KeyCode::Enter);
    let Screen::Grid(grid) = &app.screen else {
        panic!("grid")
    };
    assert_eq!(grid.lesson().map(|l| l.id), Some(first.lesson_id));
}

#[test]
fn an_extra_lesson_appears_and_a_cancelled_one_leaves_the_grid() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    let lessons = |app: &zhurnal::tui::App| match &app.screen {
        Screen::Grid(g) => g
            .page
            .lessons
            .iter()
            .map(|l| (l.date.format("%d.%m").to_string(), l.lesson_no))
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    assert!(!lessons(&app).contains(&("16.12".to_string(), 8)));
    key(&mut app, KeyCode::F(11));
    clear_field(&mut app);
    field(&mut app, "16.12.2025");
    field(&mut app, "8");
    assert!(
        lessons(&app).contains(&("16.12".to_string(), 8)),
        "{}",
        screen(&app)
    );
    assert!(screen(&app).contains("урок 16.12.2025 добавлен"));
    // A Sunday is refused with the calendar's words, and the form stays open.
    key(&mut app, KeyCode::F(11));
    clear_field(&mut app);
    field(&mut app, "14.12.2025");
    field(&mut app, "8");
    assert!(
        screen(&app).contains("14.12.2025 — выходной день"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Esc);
    // Cancel the extra lesson (the cursor is on it).
    key(&mut app, KeyCode::F(12));
    field(&mut app, "совещание");
    assert!(
        !lessons(&app).contains(&("16.12".to_string(), 8)),
        "{}",
        screen(&app)
    );
    assert!(screen(&app).contains("урок отменён"));
}

#[test]
fn a_deputy_assigns_a_substitute_who_then_fills_that_lesson() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "deputy", "demo");
    key(&mut app, KeyCode::F(10));
    open_tool(&mut app, zhurnal::tui::admin::Tool::Substitutions);
    field(&mut app, "7Б");
    field(&mut app, "Алгебра");
    field(&mut app, "");
    field(&mut app, "");
    field(&mut app, "");
    field(&mut app, "goncharenko.vv");
    assert!(
        screen(&app).contains("7Б Алгебра, 15.12.2025, урок № 1: ведёт goncharenko.vv"),
        "{}",
        screen(&app)
    );

    let mut sub = common::tui::app(j.db(), "2025-12-15");
    login(&mut sub, "goncharenko.vv", "demo");
    let s = screen(&sub);
    assert!(
        s.contains("7Б Алгебра") && s.contains("замена: Белова М.В."),
        "{s}"
    );
    let Screen::Today(t) = &sub.screen else {
        panic!("today")
    };
    let i = t
        .lessons
        .iter()
        .position(|l| l.course == "7Б Алгебра")
        .expect("substituted lesson");
    key(&mut sub, KeyCode::Home);
    press_until(
        &mut sub,
        KeyCode::Down,
        20,
        |a| matches!(&a.screen, Screen::Today(t) if t.selected == i),
    );
    key(&mut sub, KeyCode::Enter);
    let s = screen(&sub);
    assert!(s.contains("замена: Гончаренко В.В."), "{s}");
    typed(&mut sub, "5");
    assert!(screen(&sub).contains("сохранено: 5"), "{}", screen(&sub));
    let Screen::Grid(g) = &sub.screen else {
        panic!("grid")
    };
    assert_eq!(g.page.lessons.len(), 1, "only the substituted lesson");
    assert!(g.page.restricted);
}
