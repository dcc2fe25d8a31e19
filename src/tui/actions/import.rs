//! Where the import preview sends the user: back to the course's plan or to the
//! administration's menu (the keys: `import.rs`).

use crate::tui::actions::effect::Target;
use crate::tui::admin::{MenuState, Tool};
use crate::tui::app::{App, Screen};
use crate::tui::import::Open;

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Plan(course) => app.open_plan(course),
            Open::Menu => {
                let tools = app.actor.as_ref().map(Tool::for_actor).unwrap_or_default();
                app.screen = Screen::Menu(MenuState {
                    tools,
                    selected: 0,
                    from_today: false,
                });
            }
        }
    }

    fn back(app: &mut App) {
        app.back_to_menu();
    }
}
