//! The year-close screen: the preview of what closing does, its keys and its drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Tool;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::Store;
use crate::store::year::{CloseOptions, ClosePreview};
use crate::theme::Theme;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::grid::view::fit;
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::widgets::list::{ListCursor, shown_rows};

/// The year-close preview: what closing would do, before it is done.
#[derive(Debug, Clone)]
pub struct YearCloseState {
    pub preview: ClosePreview,
    pub lines: Vec<String>,
    pub scroll: usize,
    pub carry_courses: bool,
}

impl YearCloseState {
    pub fn load(store: &Store, carry_courses: bool) -> std::result::Result<YearCloseState, String> {
        let opts = CloseOptions {
            carry_courses,
            ..CloseOptions::default()
        };
        let preview = store.year_close_preview(&opts).map_err(|e| e.to_string())?;
        Ok(YearCloseState {
            lines: crate::report::year_close::preview_lines(&preview),
            preview,
            scroll: 0,
            carry_courses,
        })
    }

    pub fn options(&self) -> CloseOptions {
        CloseOptions {
            carry_courses: self.carry_courses,
            ..CloseOptions::default()
        }
    }
}

pub fn render_year_close(s: &YearCloseState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let carry = if s.carry_courses {
        pick("да", "yes")
    } else {
        pick("нет", "no")
    };
    let mut lines = vec![
        Line::from(Span::styled(
            fit(Tool::YearClose.title(), width),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                &tr!(
                    "Enter — закрыть год · F4 — переносить курсы: {} · Esc — назад",
                    "Enter — close the year · F4 — carry the courses over: {} · Esc — back",
                    carry
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    let scroll = s.scroll.min(s.lines.len().saturating_sub(room));
    lines.extend(
        s.lines
            .iter()
            .skip(scroll)
            .take(room)
            .map(|l| Line::from(fit(l, width))),
    );
    f.render_widget(Paragraph::new(lines), area);
}

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
