//! A control report on screen: its state, its keys (`on`, returning an [`Effect`]) and
//! its drawing; F5 asks for a file to write it to (the writing: `actions/report.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
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

#[derive(Debug, Clone)]
pub struct ReportState {
    pub name: ReportName,
    pub report: Report,
    pub scroll: usize,
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
    /// The report: the arrows scroll, F5 writes it to a file, Esc goes back.
    pub fn on(&mut self, action: Action, _ctx: &mut Ctx) -> Effect {
        match action {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll += 1,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(15),
            Action::PageDown => self.scroll += 15,
            Action::Home => self.scroll = 0,
            Action::Export => return Effect::Open(Open::File(format!("{}.xlsx", self.name.key()))),
            Action::Back if self.name == ReportName::Overview => {
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
    let text = s.report.to_text();
    let mut all = text.lines();
    let title = all.next().unwrap_or("");
    let mut lines = vec![
        Line::from(Span::styled(fit(title, width), theme.title)),
        Line::from(Span::styled(
            fit(
                pick(
                    "↑↓ прокрутка · F5 — записать в файл · Esc — назад",
                    "↑↓ scroll · F5 — write to a file · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let body: Vec<&str> = all.collect();
    if let Some(head) = body.first() {
        lines.push(Line::from(Span::styled(fit(head, width), theme.header)));
    }
    let room = area.height.saturating_sub(3) as usize;
    let rest = body.get(1..).unwrap_or(&[]);
    let scroll = s.scroll.min(rest.len().saturating_sub(room));
    lines.extend(
        rest.iter()
            .skip(scroll)
            .take(room)
            .map(|l| Line::from(fit(l, width))),
    );
    if rest.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("нет строк", "no rows"),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
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
