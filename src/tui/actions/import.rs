//! Where the import preview sends the user: back to the course's plan or to the
//! administration's menu (the keys: `import.rs`).

use crate::tui::actions::effect::Target;
use crate::tui::app::App;
use crate::tui::import::Open;

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Plan(course) => app.open_plan(course),
            Open::Menu => app.back_to_menu(),
        }
    }

    fn back(app: &mut App) {
        app.back_to_menu();
    }
}
