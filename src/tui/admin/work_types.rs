//! The work types screen: their weights, the work type form with what it saves, its
//! keys and its drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Tool;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::work_types::WorkTypeInfo;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::grid::view::fit;
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::widgets::list::{ListCursor, list_lines, shown_rows};

#[derive(Debug, Clone)]
pub struct WorkTypesState {
    pub rows: Vec<WorkTypeInfo>,
    pub selected: usize,
}

impl WorkTypesState {
    pub fn load(store: &Store) -> Result<WorkTypesState> {
        Ok(WorkTypesState {
            rows: store.work_type_list()?,
            selected: 0,
        })
    }
}

pub fn render_work_types(s: &WorkTypesState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit(Tool::WorkTypes.title(), width),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                pick(
                    "Enter — изменить · F2 — добавить · F4 — отключить/включить · Esc — назад",
                    "Enter — edit · F2 — add · F4 — disable/enable · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |w| {
        format!(
            "{:<28} {:<5} {:>4}  {:>6} {}  {}",
            fit(&w.row.name, 28),
            w.row.short,
            w.row.weight,
            w.marks,
            pick("отм.", "marks"),
            if w.active {
                ""
            } else {
                pick("отключён", "disabled")
            }
        )
    }));
    f.render_widget(Paragraph::new(lines), area);
}

impl FormState {
    pub fn work_type(existing: Option<&WorkTypeInfo>) -> FormState {
        let (name, short, weight) = match existing {
            Some(w) => (
                w.row.name.clone(),
                w.row.short.clone(),
                w.row.weight.to_string(),
            ),
            None => (String::new(), String::new(), "1".to_string()),
        };
        FormState::with(
            pick("Вид работы", "Work type"),
            FormPurpose::WorkType(existing.map(|w| w.row.id)),
            &[
                (Field::Name, pick("Название", "Name"), &name),
                (Field::Short, pick("Кратко", "Short"), &short),
                (Field::Weight, pick("Вес", "Weight"), &weight),
            ],
            pick(
                "Вес — больше нуля (например 1, 1.5, 2). Уже выставленные отметки сохраняют свой вес.",
                "Weight — above zero (e.g. 1, 1.5, 2). Marks already given keep their weight.",
            ),
        )
    }
}

impl App {
    /// The work types: Enter edits one, F2 adds one, F4 disables or enables.
    pub(crate) fn work_types_action(&mut self, action: Action) {
        let Screen::WorkTypes(w) = &mut self.screen else {
            return;
        };
        let rows = shown_rows(self.size.1);
        if ListCursor::new(&mut w.selected, w.rows.len())
            .page(rows)
            .apply(action)
        {
            return;
        }
        match action {
            Action::Back => self.back_to_menu(),
            Action::Confirm => {
                let form = FormState::work_type(w.rows.get(w.selected));
                self.overlay = Some(Overlay::Form(form));
            }
            Action::New => self.overlay = Some(Overlay::Form(FormState::work_type(None))),
            Action::ToggleActive => {
                let Some(row) = w.rows.get(w.selected) else {
                    return;
                };
                let (id, active) = (row.row.id, row.active);
                let Some(actor) = self.actor.clone() else {
                    return;
                };
                match self.store.set_work_type_active(&actor, id, !active) {
                    Ok(()) => self.reload_work_types(),
                    Err(e) => self.error(e.to_string()),
                }
            }
            _ => self.not_here(action),
        }
    }

    fn reload_work_types(&mut self) {
        let Screen::WorkTypes(w) = &mut self.screen else {
            return;
        };
        let selected = w.selected;
        match WorkTypesState::load(&self.store) {
            Ok(mut fresh) => {
                fresh.selected = selected.min(fresh.rows.len().saturating_sub(1));
                *w = fresh;
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(crate) fn save_work_type(
        &mut self,
        actor: &Actor,
        id: Option<i64>,
        form: &FormState,
    ) -> Result<(), String> {
        let weight: f64 = form
            .get(Field::Weight)
            .trim()
            .replace(',', ".")
            .parse()
            .map_err(|_| {
                tr!(
                    "вес «{}» — не число",
                    "weight «{}» is not a number",
                    form.get(Field::Weight).trim()
                )
            })?;
        let (name, short) = (form.get(Field::Name), form.get(Field::Short));
        match id {
            Some(id) => self.store.edit_work_type(actor, id, &name, &short, weight),
            None => self
                .store
                .add_work_type(actor, &name, &short, weight)
                .map(|_| ()),
        }
        .map_err(|e| e.to_string())?;
        self.info(tr!("сохранено: {}", "saved: {}", name.trim()));
        self.reload_work_types();
        Ok(())
    }
}
