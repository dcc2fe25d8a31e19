//! The thematic plan (КТП) of one course: its items with their coverage, the plan's
//! hours against the curriculum's, and the programme's fulfilment as of today.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::ids::CourseId;
use crate::domain::plan::{CoverState, PlanItem};
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::plan::PlanReport;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::{self, Ctx};
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;

/// Where the plan may send the user (`Back` is the teacher's day).
#[derive(Debug, Clone)]
pub enum Open {
    /// The form naming the file to export the plan to, a name suggested.
    Export(CourseId, String),
    /// The plan file to import: a list of the user's folder, or a form for a path.
    Import(CourseId),
}

/// What the plan asks before it acts.
#[derive(Debug, Clone, Copy)]
pub enum Question {
    /// Delete the item (its linked lessons keep their topics).
    Delete(i64),
}

/// What the plan asks of the app.
pub type Effect = effect::Effect<Open, Question>;

#[derive(Debug, Clone)]
pub struct PlanState {
    pub course_id: CourseId,
    pub report: PlanReport,
    pub selected: usize,
}

impl PlanState {
    pub fn load(store: &Store, actor: &Actor, course_id: CourseId) -> Result<PlanState> {
        Ok(PlanState {
            course_id,
            report: store.plan_report(actor, course_id, store.today())?,
            selected: 0,
        })
    }

    pub fn reload(&mut self, store: &Store, actor: &Actor) -> Result<()> {
        let selected = self.selected;
        *self = PlanState::load(store, actor, self.course_id)?;
        self.selected = selected.min(self.report.items.len().saturating_sub(1));
        Ok(())
    }

    pub fn item_id(&self) -> Option<i64> {
        self.report.items.get(self.selected).map(|c| c.item.id)
    }

    /// A key on the plan: the list, a new or an edited item, moving and deleting one,
    /// the file out and in.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.report.items.len()).apply(action) {
            return Effect::None;
        }
        let last = self.report.items.len().saturating_sub(1);
        let course = self.course_id;
        let item = self.item_id();
        match action {
            Action::Back => Effect::Back,
            Action::New => Effect::Form(FormState::plan_item(course, None)),
            Action::Confirm => match self.report.items.get(self.selected) {
                Some(c) => Effect::Form(FormState::plan_item(course, Some(&c.item))),
                None => Effect::None,
            },
            Action::MoveUp | Action::MoveDown => {
                let (Some(id), Some(actor)) = (item, ctx.actor) else {
                    return Effect::None;
                };
                let up = action == Action::MoveUp;
                match ctx.store.move_plan_item(actor, id, up) {
                    Ok(true) => {
                        self.selected = if up {
                            self.selected.saturating_sub(1)
                        } else {
                            (self.selected + 1).min(last)
                        };
                        match self.reload(ctx.store, actor) {
                            Ok(()) => Effect::None,
                            Err(e) => Effect::Error(e.to_string()),
                        }
                    }
                    Ok(false) => {
                        Effect::Info(pick("дальше двигать некуда", "it cannot move further").into())
                    }
                    Err(e) => Effect::Error(e.to_string()),
                }
            }
            Action::Delete => {
                let Some(id) = item else {
                    return Effect::None;
                };
                let topic = self
                    .report
                    .items
                    .get(self.selected)
                    .map(|c| c.item.topic.clone())
                    .unwrap_or_default();
                let linked = ctx.store.plan_item_lessons(id).unwrap_or(0);
                let question = if linked > 0 {
                    tr!(
                        "К теме «{}» привязано уроков: {}. Удалить её? Уроки сохранят свои темы, но потеряют привязку к КТП.",
                        "{1} lessons are linked to «{0}». Delete it? The lessons keep their topics but lose the link to the plan.",
                        topic,
                        linked
                    )
                } else {
                    tr!("Удалить тему «{}»?", "Delete «{}»?", topic)
                };
                Effect::Ask {
                    question,
                    ask: Question::Delete(id),
                }
            }
            Action::Export => Effect::Open(Open::Export(
                course,
                format!("{}.csv", self.report.course.title().replace(' ', "-")),
            )),
            Action::Import => Effect::Open(Open::Import(course)),
            _ => Effect::NotHere(action),
        }
    }
}

impl FormState {
    /// A plan item, new (`None`) or existing; saved by the plan's actions.
    pub fn plan_item(course: CourseId, item: Option<&PlanItem>) -> FormState {
        let (topic, hours, date) = match item {
            Some(i) => (
                i.topic.clone(),
                i.hours.to_string(),
                i.planned_date
                    .map(|d| d.format("%d.%m.%Y").to_string())
                    .unwrap_or_default(),
            ),
            None => (String::new(), "1".to_string(), String::new()),
        };
        FormState::with(
            pick("Тема КТП", "Plan item"),
            FormPurpose::PlanItem(course, item.map(|i| i.id)),
            &[
                (Field::Topic, pick("Тема", "Topic"), &topic),
                (Field::Hours, pick("Часы", "Hours"), &hours),
                (Field::Date, pick("Дата", "Date"), &date),
            ],
            pick(
                "Дата — планируемая, по желанию (ДД.ММ.ГГГГ).",
                "The date is the planned one, optional (DD.MM.YYYY).",
            ),
        )
    }

    /// Where to export the plan, or which file to import (a path: the local terminal
    /// only; a served session picks imports from its folder's list).
    pub fn plan_file(
        course: CourseId,
        export: bool,
        suggested: &str,
        in_folder: bool,
    ) -> FormState {
        FormState::with(
            if export {
                pick("Выгрузить КТП", "Export the plan")
            } else {
                pick("Загрузить КТП", "Import a plan")
            },
            if export {
                FormPurpose::PlanExport(course)
            } else {
                FormPurpose::PlanImport(course)
            },
            &[(Field::File, pick("Файл", "File"), suggested)],
            if in_folder {
                pick(
                    "Только имя файла: он ляжет в вашу папку на сервере (скачать: sftp). CSV: №, Тема, Часы, Дата.",
                    "A file name only: it goes into your folder on the server (download it with sftp). CSV: order,topic,hours,date.",
                )
            } else {
                pick(
                    "CSV со столбцами №, Тема, Часы, Дата — как в sample-data/plans. Загрузка сначала покажет, что изменится.",
                    "CSV: order,topic,hours,date — as in sample-data/plans. Importing shows what changes first.",
                )
            },
        )
    }
}

pub fn render(s: &PlanState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let r = &s.report;
    let fl = &r.fulfilment;
    let percent = fl
        .percent
        .map(|p| format!("{p:.0}%"))
        .unwrap_or_else(|| "—".into());
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!("{} · {}", pick("КТП", "Plan"), r.course.title()),
                width,
            ),
            theme.title,
        )),
        Line::from(fit(
            &tr!(
                "по КТП {} ч · по учебному плану {} × {} нед. = {} ч · разница {:+}",
                "plan {} h · curriculum {} × {} weeks = {} h · difference {:+}",
                r.total,
                r.weekly_hours,
                r.study_weeks,
                r.curriculum,
                r.difference
            ),
            width,
        )),
        Line::from(Span::styled(
            fit(
                &tr!(
                    "на {}: положено {} ч, проведено {}, отставание {} · выполнено {}",
                    "as of {}: due {} h, held {}, behind {} · done {}",
                    fl.as_of.format("%d.%m.%Y"),
                    fl.due,
                    fl.held,
                    fl.lag,
                    percent
                ),
                width,
            ),
            if fl.lag > 0 {
                theme.average_low
            } else {
                theme.dim
            },
        )),
        Line::from(Span::styled(
            fit(
                pick(
                    "Enter изменить · F2 добавить · F3 удалить · F7/F8 выше/ниже · F5 выгрузить · F6 загрузить",
                    "Enter edit · F2 add · F3 delete · F7/F8 up/down · F5 export · F6 import",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(4) as usize;
    let skip = (s.selected + 1).saturating_sub(room);
    for (i, c) in r.items.iter().enumerate().skip(skip).take(room) {
        let mark = match c.state() {
            CoverState::Covered => "[x]",
            CoverState::Partial => "[~]",
            CoverState::NotStarted => "[ ]",
        };
        let date = c
            .item
            .planned_date
            .map(|d| format!(" · {}", d.format("%d.%m")))
            .unwrap_or_default();
        let text = fit(
            &format!(
                "{mark} {:>3}. {} ({} {}{date})",
                c.item.order,
                c.item.topic,
                c.item.hours,
                pick("ч", "h")
            ),
            width,
        );
        lines.push(if i == s.selected {
            Line::from(Span::styled(text, theme.cursor))
        } else {
            Line::from(text)
        });
    }
    if r.items.is_empty() {
        lines.push(Line::from(Span::styled(
            pick(
                "в плане нет тем: F2 — добавить, F6 — загрузить файл",
                "the plan is empty: F2 to add, F6 to import a file",
            ),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}
