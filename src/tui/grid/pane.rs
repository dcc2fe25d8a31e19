//! The lesson pane: the topic, homework (with its kind), work type and a note of the
//! lesson under the grid's cursor; shown below the grid and edited in place.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use super::GridState;
use crate::domain::ids::LessonId;
use crate::i18n::pick;
use crate::store::courses::LessonInfo;
use crate::store::lessons::{HOMEWORK_KINDS, LessonText};
use crate::theme::Theme;
use crate::tui::text::{area_of, fit, text_of};

/// Rows the pane takes below the grid: folded, and while editing.
pub const FOLDED_ROWS: u16 = 4;
pub const EDIT_ROWS: u16 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Topic,
    Homework,
    Note,
}

/// The pane while it is being edited.
#[derive(Debug, Clone)]
pub struct PaneEdit {
    pub lesson_id: LessonId,
    pub field: Field,
    pub topic: TextArea<'static>,
    pub homework: TextArea<'static>,
    pub note: TextArea<'static>,
    pub homework_kind: String,
    pub work_type_id: Option<i64>,
    /// The thematic plan's next topic: (item, topic).
    pub proposal: Option<(i64, String)>,
    /// Taken from the plan: link the lesson to this item when saving.
    pub accepted: Option<i64>,
}

pub fn kind_name(kind: &str) -> &'static str {
    crate::domain::rules::homework_kind_name(kind)
}

impl PaneEdit {
    pub fn open(l: &LessonInfo, proposal: Option<(i64, String)>) -> PaneEdit {
        PaneEdit {
            lesson_id: l.id,
            field: Field::Topic,
            topic: area_of(&l.topic),
            homework: area_of(&l.homework),
            note: area_of(&l.note),
            homework_kind: if l.homework_kind.is_empty() {
                "written".into()
            } else {
                l.homework_kind.clone()
            },
            work_type_id: l.work_type_id,
            proposal: if l.topic.is_empty() { proposal } else { None },
            accepted: None,
        }
    }

    pub fn current(&mut self) -> &mut TextArea<'static> {
        match self.field {
            Field::Topic => &mut self.topic,
            Field::Homework => &mut self.homework,
            Field::Note => &mut self.note,
        }
    }

    pub fn next_field(&mut self, back: bool) {
        self.field = match (self.field, back) {
            (Field::Topic, false) | (Field::Note, true) => Field::Homework,
            (Field::Homework, false) | (Field::Topic, true) => Field::Note,
            (Field::Note, false) | (Field::Homework, true) => Field::Topic,
        };
    }

    pub fn cycle_kind(&mut self) {
        let i = HOMEWORK_KINDS
            .iter()
            .position(|k| *k == self.homework_kind)
            .map_or(0, |i| i + 1);
        self.homework_kind = HOMEWORK_KINDS[i % HOMEWORK_KINDS.len()].to_string();
    }

    /// Takes the plan's topic into the topic field.
    pub fn accept(&mut self) -> bool {
        match self.proposal.take() {
            Some((item, topic)) => {
                self.topic = area_of(&topic);
                self.accepted = Some(item);
                true
            }
            None => false,
        }
    }

    pub fn text(&self) -> LessonText {
        LessonText {
            topic: text_of(&self.topic),
            homework: text_of(&self.homework),
            homework_kind: self.homework_kind.clone(),
            work_type_id: self.work_type_id,
            note: text_of(&self.note),
        }
    }
}

/// The folded pane: what the lesson under the cursor holds.
pub fn render(g: &GridState, edit: Option<&PaneEdit>, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let Some(l) = g.lesson() else {
        f.render_widget(
            Paragraph::new(Span::styled(pick("урока нет", "no lesson"), theme.dim)),
            area,
        );
        return;
    };
    let sub = g
        .substitutes
        .get(&l.id)
        .map(|s| format!(" · {s}"))
        .unwrap_or_default();
    let not_held = if g.not_held(l) {
        format!(" · {}", pick("ещё впереди", "still ahead"))
    } else {
        String::new()
    };
    let head = format!(
        "── {} {} · {} {}{sub}{not_held} ",
        pick("Урок", "Lesson"),
        l.date.format("%d.%m.%Y"),
        l.lesson_no,
        pick("урок", "period")
    );
    let head = format!(
        "{head}{}",
        "─".repeat(width.saturating_sub(head.chars().count()))
    );
    let mut lines = vec![Line::from(Span::styled(fit(&head, width), theme.border))];
    match edit {
        None => {
            let topic = if l.topic.is_empty() {
                pick("— не указана", "— none")
            } else {
                &l.topic
            };
            lines.push(Line::from(fit(
                &format!("{} {topic}", pick("Тема:", "Topic:")),
                width,
            )));
            let hw = if l.homework.is_empty() {
                pick("— нет", "— none").to_string()
            } else {
                // The kind in brackets when the lesson has one.
                let kind = kind_name(&l.homework_kind);
                let kind = if kind.is_empty() {
                    String::new()
                } else {
                    format!("({kind}) ")
                };
                format!("{kind}{}", l.homework.replace('\n', " / "))
            };
            lines.push(Line::from(fit(
                &format!("{} {hw}", pick("ДЗ:", "HW:")),
                width,
            )));
            let wt = g.work_type_short(l.work_type_id);
            let note = if l.note.is_empty() {
                String::new()
            } else {
                format!(" · {}", l.note)
            };
            lines.push(Line::from(Span::styled(
                fit(
                    &format!(
                        "{} {} · F9 — {}{note}",
                        pick("Вид работы:", "Work type:"),
                        if wt.is_empty() { "—" } else { wt },
                        pick("изменить тему и ДЗ", "edit topic and homework")
                    ),
                    width,
                ),
                theme.dim,
            )));
            f.render_widget(Paragraph::new(lines), area);
        }
        Some(e) => {
            f.render_widget(Paragraph::new(lines), Rect { height: 1, ..area });
            let label = |t: &str, on: bool| {
                Span::styled(
                    format!("{t:<9}"),
                    if on { theme.cursor } else { theme.header },
                )
            };
            let rows = [
                (Field::Topic, pick("Тема", "Topic"), &e.topic, 1u16),
                (Field::Homework, pick("ДЗ", "Homework"), &e.homework, 3),
                (Field::Note, pick("Заметка", "Note"), &e.note, 1),
            ];
            let mut y = area.y + 1;
            for (field, name, ta, h) in rows {
                if y + h > area.y + area.height {
                    break;
                }
                f.render_widget(
                    Paragraph::new(Line::from(label(name, e.field == field))),
                    Rect::new(area.x, y, 9, 1),
                );
                let r = Rect::new(area.x + 9, y, area.width.saturating_sub(9), h);
                if e.field == field {
                    let mut t = ta.clone();
                    t.set_cursor_style(theme.cursor);
                    f.render_widget(&t, r);
                } else {
                    let mut t = ta.clone();
                    t.set_cursor_style(ratatui::style::Style::default());
                    f.render_widget(&t, r);
                }
                y += h;
            }
            let wt = g.work_type_short(e.work_type_id);
            let mut info = format!(
                "{} {} · {} {}",
                pick("вид ДЗ:", "hw kind:"),
                kind_name(&e.homework_kind),
                pick("вид работы:", "work type:"),
                if wt.is_empty() { "—" } else { wt }
            );
            if let Some((_, topic)) = &e.proposal {
                info.push_str(&format!(
                    " · F5 {}: {topic}",
                    pick("тема по плану", "plan's topic")
                ));
            }
            let help = pick(
                "Tab — поле · F3 вид работы · F4 вид ДЗ · Esc — сохранить и выйти",
                "Tab — field · F3 work type · F4 hw kind · Esc — save and leave",
            );
            if y < area.y + area.height {
                f.render_widget(
                    Paragraph::new(Span::styled(fit(&info, width), theme.dim)),
                    Rect::new(area.x, y, area.width, 1),
                );
                y += 1;
            }
            if y < area.y + area.height {
                f.render_widget(
                    Paragraph::new(Span::styled(fit(help, width), theme.dim)),
                    Rect::new(area.x, y, area.width, 1),
                );
            }
        }
    }
}
