//! A report's screen opened from its form, where its keys send the user, and the report
//! written to a file (the keys: `report.rs`).

use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::report::{ReportFormat, ReportName, ReportQuery, build, render};
use crate::tr;
use crate::tui::actions::effect::Target;
use crate::tui::app::{App, Screen};
use crate::tui::files::Exported;
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::report::{Open, ReportState};

impl App {
    pub(crate) fn open_report(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let name = ReportName::parse(&form.get(Field::Report)).ok_or_else(|| {
            tr!(
                "отчёт «{}» неизвестен: выберите его в списке (←→)",
                "unknown report «{}»: choose it from the list (←→)",
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
        self.place.report = Some(form.clone());
        // Opened from the menu's form: Esc goes back to the menu, whichever report.
        let mut state = ReportState::new(name, report, self.opts.ascii_borders);
        state.from_today = false;
        self.screen = Screen::Report(Box::new(state));
        Ok(())
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
        self.export(&target, bytes, Exported::Report(r.name))
    }
}

impl Target for Open {
    fn open(self, app: &mut App) {
        match self {
            Open::Today => app.show_today(),
            Open::Menu => app.back_to_menu(),
            Open::File(name) => {
                let in_folder = app.files.folder().is_some();
                app.overlay = Some(Overlay::Form(FormState::report_file(&name, in_folder)));
            }
        }
    }

    fn back(app: &mut App) {
        Open::Menu.open(app);
    }
}
