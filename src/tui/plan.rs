//! The thematic plan (КТП) of one course: its items with their coverage, the plan's
//! hours against the curriculum's, and the programme's fulfilment as of today.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::ids::CourseId;
use crate::domain::plan::CoverState;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::store::plan::PlanReport;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::text::fit;

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
