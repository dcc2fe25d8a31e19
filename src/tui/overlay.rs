//! What opens over a screen: the help, a question, a cell's details, a comment field.

pub mod effect;
pub mod form;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::files::{Exported, FilesState};
pub use super::grid::details::DetailsState;
use super::grid::details::render_details;
use super::grid::entry::Pending;
use super::text::TextField;
use super::text::wrapped_rows;
use super::widgets::{bordered, centered};
use crate::domain::ids::MarkId;
use crate::i18n::pick;
use crate::keys::{Action, Keymap, Mode};
use crate::theme::Theme;
use form::FormState;

#[derive(Debug, Clone)]
pub enum Overlay {
    /// The keys of the screen below (`mode`), and extra lines about typed input.
    Help {
        mode: Mode,
        scroll: usize,
    },
    Confirm {
        question: String,
        ask: Ask,
    },
    /// A message to read once, such as a one-time password.
    Message {
        title: String,
        text: String,
    },
    Form(FormState),
    /// The files of the user's folder on the server, one to choose.
    Files(FilesState),
    Details(DetailsState),
    /// A mark's comment being typed; the details stay open below.
    Comment {
        field: TextField,
        mark_id: MarkId,
        details: DetailsState,
    },
}

/// What a confirmed question does.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    Grid(Pending),
    /// A question of the administration's screens, answered by the screen that asked.
    Admin(crate::tui::admin::Question),
    DeletePlanItem(i64),
    /// A question of the class teacher's students and parents screen.
    Families(crate::tui::screens::families::Question),
    /// Leave a new message unsent.
    DropMessage,
    /// Log out (Esc on a role's first screen).
    Logout,
    /// Write an export over the file of that name (a path here, a name in the folder).
    ReplaceFile {
        target: String,
        bytes: Vec<u8>,
        what: Exported,
    },
}

impl Overlay {
    pub fn mode(&self) -> Mode {
        match self {
            Overlay::Help { .. } => Mode::Help,
            Overlay::Confirm { .. } | Overlay::Message { .. } => Mode::Confirm,
            Overlay::Form(_) => Mode::Form,
            Overlay::Files(_) => Mode::Files,
            Overlay::Details(_) => Mode::Popup,
            Overlay::Comment { .. } => Mode::Text,
        }
    }
}

/// The help text for a screen, generated from the active keymap: the keys that do
/// something here for this user (`offered`).
pub fn help_lines(
    keymap: &Keymap,
    mode: Mode,
    codes: &str,
    offered: &dyn Fn(Action) -> bool,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if mode == Mode::Grid {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<18}", "1 2 3 4 5"), theme.help_key),
            Span::raw(pick(
                "отметка; вторая в ту же клетку — ↑ и цифра",
                "a mark; a second in the same cell: ↑ and the digit",
            )),
        ]));
        lines.push(Line::from(vec![
            Span::styled(format!("{:<18}", codes), theme.help_key),
            Span::raw(pick(
                "посещаемость; ещё раз — снять",
                "attendance; again to clear",
            )),
        ]));
    }
    for (keys, action) in keymap.bindings(mode) {
        if !offered(action) {
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:<18}"), theme.help_key),
            Span::raw(action.describe()),
        ]));
    }
    lines
}

#[allow(clippy::too_many_arguments)]
pub fn render(
    o: &Overlay,
    keymap: &Keymap,
    codes: &str,
    offered: &dyn Fn(Action) -> bool,
    theme: &Theme,
    ascii: bool,
    f: &mut Frame,
    area: Rect,
) {
    match o {
        Overlay::Help { mode, scroll } => {
            let lines = help_lines(keymap, *mode, codes, offered, theme);
            let r = centered(
                area,
                72,
                (lines.len() as u16 + 2).min(area.height.saturating_sub(4)),
            );
            // A list longer than the box says so, and where the reader is in it.
            let room = r.height.saturating_sub(2) as usize;
            let total = lines.len();
            let scroll = (*scroll).min(total.saturating_sub(room));
            let mut block = bordered(ascii, theme)
                .title(pick(" Клавиши · Esc — закрыть ", " Keys · Esc to close "));
            if total > room {
                let more = if scroll + room < total {
                    pick("↓ PgDn — ещё", "↓ PgDn for more")
                } else {
                    pick("↑ PgUp — в начало", "↑ PgUp to the top")
                };
                block = block.title_bottom(crate::tr!(
                    " строки {}–{} из {} · {} ",
                    " lines {}–{} of {} · {} ",
                    scroll + 1,
                    (scroll + room).min(total),
                    total,
                    more
                ));
            }
            f.render_widget(Clear, r);
            f.render_widget(
                Paragraph::new(lines)
                    .scroll((scroll as u16, 0))
                    .style(theme.popup)
                    .block(block),
                r,
            );
        }
        Overlay::Confirm { question, .. } => {
            // As tall as the question wrapped in the box, within the screen.
            let rows = wrapped_rows(question, 58) as u16;
            let r = centered(area, 60, rows.saturating_add(4).max(6));
            f.render_widget(Clear, r);
            let lines = vec![
                Line::from(question.clone()),
                Line::from(""),
                Line::from(Span::styled(
                    pick("Enter — да, Esc — нет", "Enter — yes, Esc — no"),
                    theme.help_key,
                )),
            ];
            f.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: true })
                    .style(theme.popup)
                    .block(bordered(ascii, theme).title(pick(" Подтвердите ", " Confirm "))),
                r,
            );
        }
        Overlay::Message { title, text } => {
            // As tall as the text wrapped at the box's width, within the screen.
            let inner = 62usize;
            let rows: usize = text
                .lines()
                .map(|l| l.chars().count().div_ceil(inner).max(1))
                .sum();
            let r = centered(area, 64, (rows as u16).saturating_add(4).max(8));
            f.render_widget(Clear, r);
            let mut lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_string())).collect();
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                pick("Enter — закрыть", "Enter — close"),
                theme.help_key,
            )));
            f.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: true })
                    .style(theme.popup)
                    .block(bordered(ascii, theme).title(format!(" {title} "))),
                r,
            );
        }
        Overlay::Form(form) => {
            // Room for the fields, the hint and the error as wrapped in the box.
            let said = wrapped_rows(&form.hint, 70)
                + form.error.as_deref().map_or(0, |e| wrapped_rows(e, 70));
            let rows = form.fields.len() + 4 + said;
            let r = centered(area, 72, (rows as u16).max(form.fields.len() as u16 + 8));
            f.render_widget(Clear, r);
            let mut lines = Vec::new();
            // Labels in a column as wide as the longest, the values after them.
            let lw = form
                .fields
                .iter()
                .map(|f| f.label.chars().count() + 1)
                .max()
                .unwrap_or(10)
                .clamp(10, 24);
            for (i, field) in form.fields.iter().enumerate() {
                let text = match &field.pick {
                    Some(p) => {
                        let (left, right) = if ascii { ("<", ">") } else { ("◂", "▸") };
                        let (n, of) = p.place();
                        let found = if p.search().is_empty() || i != form.focus {
                            String::new()
                        } else {
                            format!(" «{}»", p.search())
                        };
                        format!("{left} {} {right} {n}/{of}{found}", p.label())
                    }
                    None => field.input.display().0,
                };
                let label = &field.label;
                let style = if i == form.focus {
                    theme.cursor
                } else {
                    theme.name
                };
                lines.push(Line::from(vec![
                    Span::raw(format!("{label:<lw$}")),
                    Span::styled(format!("{text:<w$}", w = 60 - lw), style),
                ]));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(form.hint.clone(), theme.dim)));
            if let Some(e) = &form.error {
                lines.push(Line::from(Span::styled(e.clone(), theme.status_error)));
            }
            let keys = if form
                .fields
                .get(form.focus)
                .is_some_and(|f| f.pick.is_some())
            {
                pick(
                    "←→ или буквы — выбор · Enter — дальше / готово · Esc — отмена",
                    "←→ or letters to choose · Enter — next / done · Esc — cancel",
                )
            } else {
                pick(
                    "Enter — дальше / готово · Ctrl-U — очистить поле · Esc — отмена",
                    "Enter — next / done · Ctrl-U clears the field · Esc — cancel",
                )
            };
            lines.push(Line::from(Span::styled(keys, theme.dim)));
            f.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .style(theme.popup)
                    .block(bordered(ascii, theme).title(format!(" {} ", form.title))),
                r,
            );
        }
        Overlay::Files(s) => super::files::render(s, theme, ascii, f, area),
        Overlay::Details(d) => render_details(d, None, theme, ascii, f, area),
        Overlay::Comment { field, details, .. } => {
            render_details(details, Some(field), theme, ascii, f, area)
        }
    }
}
