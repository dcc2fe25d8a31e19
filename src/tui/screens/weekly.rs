//! A student's weekly report for the parents on screen (001 §8.3): read it, print it
//! to a file, send it to the parents. Its state, its keys and its drawing.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::ids::StudentId;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::Store;
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::{self, Ctx, NoQuestion};
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::page_lines;

/// Where the preview may send the user (`Back`: where it was opened from).
#[derive(Debug, Clone, Copy)]
pub enum Open {}

/// What the preview asks of the app.
pub type Effect = effect::Effect<Open, NoQuestion>;

#[derive(Debug, Clone)]
pub struct WeeklyState {
    pub student: StudentId,
    /// Any day of the week shown.
    pub week: NaiveDate,
    /// The student's short name, for the file's name.
    pub name: String,
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: usize,
    /// The parents have no account that could receive the report.
    pub no_parents: bool,
    /// The class whose students and parents screen opened it (`Back` returns there).
    pub back_to: Option<crate::domain::ids::ClassId>,
}

impl WeeklyState {
    pub fn load(
        store: &Store,
        actor: &crate::domain::policy::Actor,
        student: StudentId,
        week: NaiveDate,
    ) -> crate::store::Result<WeeklyState> {
        let diary = store.diary(actor, student, week, None)?;
        let no_parents: bool = !store.student_has_parent_login(student)?;
        Ok(WeeklyState {
            student,
            week,
            name: diary.student.last.clone(),
            title: crate::export::weekly::weekly_subject(&diary),
            lines: crate::export::weekly::weekly_message(&diary)
                .lines()
                .map(str::to_string)
                .collect(),
            scroll: 0,
            no_parents,
            back_to: None,
        })
    }

    /// A key on the preview: scrolling, printing, sending.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let room = ctx.rows.max(1);
        let last = self.lines.len().saturating_sub(room);
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = (self.scroll + 1).min(last),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(room),
            Action::PageDown => self.scroll = (self.scroll + room).min(last),
            Action::Home => self.scroll = 0,
            Action::End => self.scroll = last,
            Action::Back => return Effect::Back,
            Action::Export => {
                let file = format!("weekly-{}-{}.html", self.name, self.week.format("%d.%m.%Y"));
                return Effect::Form(FormState::with(
                    pick("Печать отчёта", "Print the report"),
                    FormPurpose::WeeklyFile(self.student, self.week),
                    &[(Field::File, pick("Файл", "File"), &file)],
                    pick(
                        "Страница HTML для печати на A4: откройте её в браузере и напечатайте.",
                        "An HTML page to print on A4: open it in a browser and print it.",
                    ),
                ));
            }
            Action::Send => {
                let Some(actor) = ctx.actor else {
                    return Effect::None;
                };
                if self.no_parents {
                    return Effect::Error(
                        pick(
                            "у родителей нет входа в журнал: отчёт некому отправить — F5 напечатает его",
                            "the parents have no login: nobody to send it to — F5 prints it",
                        )
                        .into(),
                    );
                }
                return match crate::export::weekly::send_weekly(
                    ctx.store,
                    actor,
                    self.student,
                    self.week,
                ) {
                    Ok(_) => Effect::Info(
                        pick(
                            "отчёт за неделю отправлен родителям",
                            "the weekly report was sent to the parents",
                        )
                        .into(),
                    ),
                    Err(e) => Effect::Error(e.to_string()),
                };
            }
            _ => return Effect::NotHere(action),
        }
        Effect::None
    }
}

pub fn render(s: &WeeklyState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(fit(&s.title, width), theme.title)),
        Line::from(Span::styled(
            fit(
                &if s.no_parents {
                    tr!(
                        "↑↓ — листать · F5 — печать в файл · у родителей нет входа: отправить нельзя",
                        "↑↓ scroll · F5 print to a file · the parents have no login: cannot send"
                    )
                } else {
                    tr!(
                        "↑↓ — листать · F5 — печать в файл · F2 — отправить родителям",
                        "↑↓ scroll · F5 print to a file · F2 send to the parents"
                    )
                },
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(page_lines(&s.lines, s.scroll, room, width));
    f.render_widget(Paragraph::new(lines), area);
}
