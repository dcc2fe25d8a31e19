//! The interface driven by key events on ratatui's TestBackend at 80×24.

mod common;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zhurnal::store::Store;
use zhurnal::tui::{App, render};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| render(app, f)).expect("draw");
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn overview_lists_classes_and_follows_the_cursor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::mini_journal(dir.path());
    let mut store = Store::open(&db).expect("open");
    store.set_today(Some(
        chrono::NaiveDate::from_ymd_opt(2025, 11, 12).expect("date"),
    ));
    let mut app = App::load(&store).expect("app");
    insta::assert_snapshot!("overview_first_class", screen(&app));
    app.handle_key(key(KeyCode::Down));
    insta::assert_snapshot!("overview_second_class", screen(&app));
    app.handle_key(key(KeyCode::F(7)));
    assert!(screen(&app).contains("эта клавиша здесь ничего не делает"));
    app.handle_key(key(KeyCode::Char('q')));
    assert!(app.quit);
}
