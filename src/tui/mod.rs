//! The terminal interface. For now one overview screen: the school, the year, its
//! classes and their courses. The app is driven by key events, so tests run it on
//! ratatui's `TestBackend` without a terminal.

mod app;
mod view;

pub use app::App;
pub use view::render;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::store::Store;

/// Runs the interface in the user's terminal until they quit.
pub fn run(store: Store) -> Result<(), String> {
    let mut app = App::load(&store).map_err(|e| e.to_string())?;
    let mut terminal = ratatui::init();
    let result = (|| -> std::io::Result<()> {
        while !app.quit {
            terminal.draw(|f| render(&app, f))?;
            if let Event::Key(key) = event::read()?
                && key.kind == KeyEventKind::Press
            {
                app.handle_key(key);
            }
        }
        Ok(())
    })();
    ratatui::restore();
    result.map_err(|e| e.to_string())
}
