//! What keys and the answer do on the year-close preview.

use crate::domain::policy::Actor;
use crate::keys::Action;
use crate::tr;
use crate::tui::admin::Tool;
use crate::tui::admin::year_close::YearCloseState;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::widgets::list::{ListCursor, shown_rows};

impl App {
    /// The year-close preview: Enter closes the year, F4 switches carrying the courses over.
    pub(crate) fn year_close_action(&mut self, action: Action) {
        let Screen::YearClose(y) = &mut self.screen else {
            return;
        };
        let rows = shown_rows(self.size.1);
        if ListCursor::new(&mut y.scroll, y.lines.len())
            .page(rows)
            .apply(action)
        {
            return;
        }
        match action {
            Action::Back => self.back_to_menu(),
            Action::Confirm => {
                let question = tr!(
                    "Закрыть учебный год {}? Будет сделан архив, открыт {} и ученики переведены.",
                    "Close the school year {}? It will be archived, {} opened and the students promoted.",
                    y.preview.year,
                    y.preview.next_year
                );
                self.overlay = Some(Overlay::Confirm {
                    question,
                    ask: Ask::CloseYear,
                });
            }
            Action::ToggleActive => match YearCloseState::load(&self.store, !y.carry_courses) {
                Ok(fresh) => self.screen = Screen::YearClose(fresh),
                Err(e) => self.error(e),
            },
            _ => self.not_here(action),
        }
    }

    /// The answer to «close the school year?».
    pub(crate) fn close_year(&mut self, actor: &Actor) {
        let Screen::YearClose(y) = &self.screen else {
            return;
        };
        let opts = y.options();
        match self.store.close_year(actor, &opts) {
            Ok(done) => {
                self.overlay = Some(Overlay::Message {
                    title: Tool::YearClose.title().into(),
                    text: tr!(
                        "Учебный год {} закрыт, открыт {}. Архив: {}",
                        "School year {} closed, {} opened. Archive: {}",
                        done.year,
                        done.next_year,
                        done.archive_path.display()
                    ),
                });
                self.open_tool(Tool::YearClose);
            }
            Err(e) => self.error(e.to_string()),
        }
    }
}
