//! What keys and forms do on a report's screen.

use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::report::{ReportFormat, ReportName, ReportQuery, build, render};
use crate::tr;
use crate::tui::admin::{MenuState, Tool};
use crate::tui::app::{App, Screen};
use crate::tui::files::Exported;
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::report::ReportState;

impl App {
    pub(crate) fn open_report(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let name = ReportName::parse(&form.get(Field::Report)).ok_or_else(|| {
            tr!(
                "отчёт «{}» неизвестен: quality, accumulation, attendance, summary, fill, fulfilment, activity",
                "unknown report «{}»: quality, accumulation, attendance, summary, fill, fulfilment, activity",
                form.get(Field::Report).trim()
            )
        })?;
        let period = match form.optional(Field::Period) {
            Some(p) => Some(
                p.parse::<i64>()
                    .map_err(|_| tr!("период — номер", "the period is a number"))?,
            ),
            None => None,
        };
        let query = ReportQuery {
            class: form.optional(Field::Class),
            period,
            ..ReportQuery::new(name)
        };
        let report =
            build(&self.store, actor, &query, self.store.today()).map_err(|e| e.to_string())?;
        self.screen = Screen::Report(Box::new(ReportState {
            name,
            report,
            scroll: 0,
        }));
        Ok(())
    }

    pub(crate) fn report_action(&mut self, action: Action) {
        let Screen::Report(r) = &mut self.screen else {
            return;
        };
        match action {
            Action::Up => r.scroll = r.scroll.saturating_sub(1),
            Action::Down => r.scroll += 1,
            Action::PageUp => r.scroll = r.scroll.saturating_sub(15),
            Action::PageDown => r.scroll += 15,
            Action::Home => r.scroll = 0,
            Action::Export => {
                let name = format!("{}.xlsx", r.name.key());
                let in_folder = self.files.folder().is_some();
                self.overlay = Some(Overlay::Form(FormState::report_file(&name, in_folder)));
            }
            Action::Back if r.name == ReportName::Overview => self.show_today(),
            Action::Back => {
                let tools = self.actor.as_ref().map(Tool::for_actor).unwrap_or_default();
                let from_today = self.actor.as_ref().is_some_and(|a| {
                    a.staff_id.is_some() && a.has(crate::domain::roles::Role::Teacher)
                });
                self.screen = Screen::Menu(MenuState {
                    tools,
                    selected: 0,
                    from_today,
                });
            }
            _ => self.not_here(action),
        }
    }

    /// Writes the report on screen in the format its file name asks for.
    pub(crate) fn write_report(&mut self, form: &FormState) -> Result<(), String> {
        let Screen::Report(r) = &self.screen else {
            return Ok(());
        };
        // The name first: a refused one says why before its extension is looked at.
        let target = self.files.target(&form.get(Field::File))?;
        let ext = std::path::Path::new(&target)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        let format = match ext.as_str() {
            "csv" => ReportFormat::Csv,
            "xlsx" => ReportFormat::Xlsx,
            "html" | "htm" => ReportFormat::Html,
            "txt" => ReportFormat::Text,
            _ => {
                return Err(pick(
                    "укажите файл .csv, .xlsx, .html или .txt",
                    "name a .csv, .xlsx, .html or .txt file",
                )
                .into());
            }
        };
        let bytes = render(&self.store, &r.report, r.name, format).map_err(|e| e.to_string())?;
        self.export(&target, bytes, Exported::Report)
    }
}
