//! Where the unfilled lessons send the user: a lesson opens in its grid, `Back` is the
//! teacher's day (the keys: `screens/gaps.rs`).

use crate::tui::actions::effect::Target;
use crate::tui::app::{App, Screen};
use crate::tui::grid::GridState;
use crate::tui::screens::gaps::Open;

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Lesson(gap) => {
                let Some(actor) = &app.actor else { return };
                match GridState::load(
                    &app.store,
                    actor,
                    gap.course_id,
                    gap.date,
                    Some(gap.lesson_id),
                    app.store.today(),
                ) {
                    Ok(g) => app.screen = Screen::Grid(Box::new(g)),
                    Err(e) => app.error(e.to_string()),
                }
                app.follow();
            }
        }
    }

    fn back(app: &mut App) {
        app.show_today();
    }
}
