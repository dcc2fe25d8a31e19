//! The year-close screen: the preview of what closing does, its keys, the answer to
//! «close the year?» and its drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Tool;
use super::{Effect, Open, Question};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::Store;
use crate::store::year::{CloseOptions, ClosePreview};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::text::fit;
use crate::tui::widgets::list::{ListCursor, page_lines};

/// The year-close preview: what closing would do, before it is done.
#[derive(Debug, Clone)]
pub struct YearCloseState {
    pub preview: ClosePreview,
    pub lines: Vec<String>,
    pub scroll: usize,
    pub carry_courses: bool,
    /// The question asked said year finals are missing: a yes closes the year anyway.
    pub close_missing: bool,
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
            close_missing: false,
        })
    }

    pub fn options(&self) -> CloseOptions {
        CloseOptions {
            carry_courses: self.carry_courses,
            allow_missing: self.close_missing,
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
    lines.extend(page_lines(&s.lines, s.scroll, room, width));
    f.render_widget(Paragraph::new(lines), area);
}

impl YearCloseState {
    /// The year-close preview: Enter closes the year, F4 switches carrying the courses over.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.scroll, self.lines.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::Back => Effect::Back,
            Action::Confirm => {
                let missing = self.preview.missing_finals.len();
                self.close_missing = missing > 0;
                let question = if missing > 0 {
                    tr!(
                        "Не выставлено годовых отметок: {} (они перечислены на экране). Закрыть учебный год {} всё равно? Будет сделан архив, открыт {} и ученики переведены; отметки потом не выставить.",
                        "Year finals missing: {} (listed on the screen). Close the school year {} anyway? It will be archived, {} opened and the students promoted; the finals cannot be entered later.",
                        missing,
                        self.preview.year,
                        self.preview.next_year
                    )
                } else {
                    tr!(
                        "Закрыть учебный год {}? Будет сделан архив, открыт {} и ученики переведены.",
                        "Close the school year {}? It will be archived, {} opened and the students promoted.",
                        self.preview.year,
                        self.preview.next_year
                    )
                };
                Effect::Ask {
                    question,
                    ask: Question::CloseYear,
                }
            }
            Action::ToggleActive => match YearCloseState::load(ctx.store, !self.carry_courses) {
                Ok(fresh) => {
                    *self = fresh;
                    Effect::None
                }
                Err(e) => Effect::Error(e),
            },
            _ => Effect::NotHere(action),
        }
    }

    /// The answer to «close the school year?».
    pub fn answer(&mut self, question: Question, ctx: &mut Ctx) -> Effect {
        let (Question::CloseYear, Some(actor)) = (question, ctx.actor) else {
            return Effect::None;
        };
        match ctx.store.close_year(actor, &self.options()) {
            Ok(done) => Effect::Message {
                title: Tool::YearClose.title().into(),
                text: tr!(
                    "Учебный год {} закрыт, открыт {}. Архив: {}",
                    "School year {} closed, {} opened. Archive: {}",
                    done.year,
                    done.next_year,
                    done.archive_path.display()
                ),
            }
            .and(Some(Effect::Open(Open::Tool(Tool::YearClose)))),
            Err(e) => Effect::Error(e.to_string()),
        }
    }
}
