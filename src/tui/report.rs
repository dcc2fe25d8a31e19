//! A control report on screen: its state, its keys (`on`, returning an [`Effect`]) and
//! its drawing; F5 asks for a file to write it to (the writing: `actions/report.rs`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::reports::Report;
use crate::i18n::pick;
use crate::keys::Action;
use crate::report::ReportName;
use crate::theme::Theme;
use crate::tui::overlay::effect::{self, Ctx, NoQuestion};
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::pick_list::Choice;
use crate::tui::widgets::table::{self, View};

#[derive(Debug, Clone)]
pub struct ReportState {
    pub name: ReportName,
    pub report: Report,
    /// The first row shown.
    pub scroll: usize,
    /// The first column shown after the student's (or course's …) column, which stays.
    pub col: usize,
    /// The arrows that say more columns lie aside drawn as `<` `>`.
    pub ascii: bool,
    /// Opened from the teacher's day (the class teacher's overview): Esc goes back
    /// there; otherwise to the administration's menu.
    pub from_today: bool,
}

/// Where a report's screen may send the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Open {
    /// The teacher's day (the overview is opened from there).
    Today,
    /// The administration's menu (the other reports are opened from there).
    Menu,
    /// The form naming the file to write the report to, with the name suggested.
    File(String),
}

/// What a report's screen asks of the app.
pub type Effect = effect::Effect<Open, NoQuestion>;

impl ReportState {
    /// A report on screen from its first row and column.
    pub fn new(name: ReportName, report: Report, ascii: bool) -> ReportState {
        ReportState {
            name,
            report,
            scroll: 0,
            col: 0,
            ascii,
            from_today: name == ReportName::Overview,
        }
    }

    /// The last useful column offset on a screen `width` characters wide.
    fn last_col(&self, width: u16) -> usize {
        table::last_offset_of(&self.report, self.name.kept_columns(), width)
    }

    /// The report: the arrows scroll its rows and columns (the first column stays),
    /// Home goes back to its start, F5 writes it to a file, Esc goes back.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        // The rows the table shows under its header and above its legend: the screen's
        // list rows (under the title and the hint).
        let page = table::body_rows(
            u16::try_from(ctx.rows).unwrap_or(u16::MAX),
            ctx.size.0,
            &self.report.legend,
        );
        let last_top = self.report.rows.len().saturating_sub(page);
        match action {
            Action::Up => self.scroll = self.scroll.min(last_top).saturating_sub(1),
            Action::Down => self.scroll = (self.scroll + 1).min(last_top),
            Action::PageUp => self.scroll = self.scroll.min(last_top).saturating_sub(page),
            Action::PageDown => self.scroll = (self.scroll + page).min(last_top),
            Action::Left => self.col = self.col.saturating_sub(1),
            Action::Right => self.col = (self.col + 1).min(self.last_col(ctx.size.0)),
            Action::Home => (self.col, self.scroll) = (0, 0),
            Action::End => self.col = self.last_col(ctx.size.0),
            Action::Export => return Effect::Open(Open::File(format!("{}.xlsx", self.name.key()))),
            Action::Back if self.from_today => {
                return Effect::Open(Open::Today);
            }
            Action::Back => return Effect::Open(Open::Menu),
            _ => return Effect::NotHere(action),
        }
        Effect::None
    }
}

pub fn render(s: &ReportState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let lines = vec![
        Line::from(Span::styled(fit(&s.report.title, width), theme.title)),
        Line::from(Span::styled(
            fit(
                pick(
                    "↑↓ строки · ←→ столбцы · Home — в начало · F5 — записать в файл · Esc — назад",
                    "↑↓ rows · ←→ columns · Home — to the start · F5 — write to a file · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    f.render_widget(Paragraph::new(lines), head);
    let view = View {
        offset: s.col,
        scroll: s.scroll,
        selected: None,
        keep: s.name.kept_columns(),
    };
    table::render(&s.report, &view, theme, s.ascii, f, body);
}

impl FormState {
    /// The report form, the last report run (`last`) chosen again.
    pub fn report(last: Option<ReportName>) -> FormState {
        FormState::with(
            pick("Отчёт", "Report"),
            FormPurpose::Report,
            &[
                (Field::Report, pick("Отчёт", "Report"), "quality"),
                (Field::Class, pick("Класс", "Class"), ""),
                (Field::Period, pick("Период", "Period"), ""),
            ],
            pick(
                "Отчёт — ←→ или первые буквы. Класс — для пропусков, сводной ведомости и успеваемости класса; период — номер (пусто — текущий).",
                "Report: ←→ or the first letters. Class for missed lessons, the summary sheet and a class's performance; period — a number (empty: the current one).",
            ),
        )
        .choose(
            Field::Report,
            ReportName::ALL
                .into_iter()
                .map(|n| Choice::new(n.key(), n.label()))
                .collect(),
            last.map_or("quality", ReportName::key),
        )
    }

    /// Where to write the report on screen: a path, or a name in the user's folder on the
    /// server (`in_folder`).
    pub fn report_file(suggested: &str, in_folder: bool) -> FormState {
        FormState::with(
            pick("Записать отчёт", "Write the report"),
            FormPurpose::ReportFile,
            &[(Field::File, pick("Файл", "File"), suggested)],
            if in_folder {
                pick(
                    "Только имя файла: он ляжет в вашу папку на сервере (скачать: sftp). Формат по расширению: .csv, .xlsx, .html, .txt",
                    "A file name only: it goes into your folder on the server (download it with sftp). The format follows the extension: .csv, .xlsx, .html, .txt",
                )
            } else {
                pick(
                    "Формат по расширению: .csv, .xlsx, .html (для печати), .txt",
                    "The format follows the extension: .csv, .xlsx, .html (to print), .txt",
                )
            },
        )
    }
}
