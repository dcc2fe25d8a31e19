//! The work types screen: their weights, its keys, the work type form and its drawing
//! (what the form saves: `actions/admin/work_types.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Effect;
use super::Tool;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::work_types::WorkTypeInfo;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tui::overlay::effect::Ctx;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;
use crate::tui::widgets::list::list_lines;

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

impl WorkTypesState {
    /// The work types: Enter edits one, F2 adds one, F4 disables or enables.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.rows.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::Back => Effect::Back,
            Action::Confirm => Effect::Form(FormState::work_type(self.rows.get(self.selected))),
            Action::New => Effect::Form(FormState::work_type(None)),
            Action::ToggleActive => {
                let Some(row) = self.rows.get(self.selected) else {
                    return Effect::None;
                };
                let (id, active) = (row.row.id, row.active);
                let Some(actor) = ctx.actor else {
                    return Effect::None;
                };
                match ctx.store.set_work_type_active(actor, id, !active) {
                    Ok(()) => self.reload(ctx).map_or(Effect::None, Effect::Error),
                    Err(e) => Effect::Error(e.to_string()),
                }
            }
            _ => Effect::NotHere(action),
        }
    }

    /// The work types read again, the cursor kept where it was; `Some` says why not.
    pub fn reload(&mut self, ctx: &Ctx) -> Option<String> {
        match WorkTypesState::load(ctx.store) {
            Ok(mut fresh) => {
                fresh.selected = self.selected.min(fresh.rows.len().saturating_sub(1));
                *self = fresh;
                None
            }
            Err(e) => Some(e.to_string()),
        }
    }
}
