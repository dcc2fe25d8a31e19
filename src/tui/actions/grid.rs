//! The grid run with what only the app holds — the undo history, how the cursor moves —
//! where its keys send the user, its questions, and a mark's comment saved from the
//! details (the keys: `grid/keys.rs`).

use crate::tui::actions::effect::{Question as AppQuestion, Target};
use crate::tui::app::{App, Screen};
use crate::tui::grid::GridState;
use crate::tui::grid::entry::Ctx;
use crate::tui::grid::keys::{Effect, Open, Question};
use crate::tui::grid::layout::row_capacity;
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::text::TextField;

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Details(d) => app.overlay = Some(Overlay::Details(*d)),
            Open::Comment(d) => {
                if let Some(m) = d.marks.get(d.selected) {
                    app.overlay = Some(Overlay::Comment {
                        field: TextField::new(&m.record.comment),
                        mark_id: m.record.id,
                        details: *d,
                    });
                }
            }
        }
    }

    fn back(app: &mut App) {
        app.show_today();
    }
}

impl AppQuestion for Question {
    fn ask(self) -> Ask {
        match self {
            Question::Entry(pending) => Ask::Grid(pending),
        }
    }
}

impl App {
    /// Runs `f` on the open grid with the store, the user, the undo history and how the
    /// cursor moves, and applies what it asks.
    pub(crate) fn on_grid(&mut self, f: impl FnOnce(&mut GridState, &mut Ctx) -> Effect) {
        let (Screen::Grid(g), Some(actor)) = (&mut self.screen, &self.actor) else {
            return;
        };
        let mut ctx = Ctx {
            store: &mut self.store,
            actor,
            history: &mut self.history,
            advance: self.opts.advance,
            page: row_capacity(self.size.1).max(1),
        };
        let effect = f(g, &mut ctx);
        self.apply(effect);
    }

    /// A form the grid opened, submitted through the grid.
    pub(crate) fn grid_form(
        &mut self,
        form: &crate::tui::overlay::form::FormState,
    ) -> Result<(), String> {
        let mut outcome = Ok(());
        self.on_grid(|g, ctx| match g.submit(form, ctx) {
            Ok(effect) => effect,
            Err(e) => {
                outcome = Err(e);
                Effect::None
            }
        });
        outcome
    }
}
