//! One class's screen: its students, its keys, the movement forms (arrival, departure,
//! transfer, class teacher) and its drawing (what the forms do: `actions/admin/class.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Effect, Open, Tool};
use crate::domain::ids::{ClassId, StudentId};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::classes::ClassRow;
use crate::store::students::StudentRef;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;
use crate::tui::widgets::list::list_lines;

/// One class's students.
#[derive(Debug, Clone)]
pub struct ClassState {
    pub class: ClassRow,
    pub students: Vec<StudentRef>,
    pub selected: usize,
}

impl ClassState {
    pub fn load(store: &Store, class_id: ClassId) -> Result<ClassState> {
        let class = store
            .class_rows()?
            .into_iter()
            .find(|c| c.id == class_id)
            .ok_or_else(|| {
                crate::store::StoreError::NotFound(tr!("нет класса", "no such class"))
            })?;
        Ok(ClassState {
            students: store.class_list(class_id)?,
            class,
            selected: 0,
        })
    }
}

pub fn render_class(s: &ClassState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let teacher = s
        .class
        .teacher
        .as_ref()
        .map(|t| t.initials())
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!(
                    "{} · {} {} · {}",
                    s.class.name,
                    s.students.len(),
                    pick("уч.", "st."),
                    teacher
                ),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                pick(
                    "Enter — история · F5 — данные ученика · F8 — отвязать родителя · F1 — клавиши",
                    "Enter — history · F5 — the student's data · F8 — unlink a parent · F1 — keys",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(
        &s.students,
        s.selected,
        room,
        theme,
        width,
        |st| st.name.full(),
    ));
    if s.students.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("в классе нет учеников", "the class has no students"),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}

impl FormState {
    pub fn arrival(class_id: ClassId, today: &str) -> FormState {
        FormState::with(
            pick("Прибытие ученика", "A student arrives"),
            FormPurpose::Arrival(class_id),
            &[
                (Field::FullName, pick("ФИО", "Full name"), ""),
                (Field::Born, pick("Рождён", "Born"), ""),
                (Field::From, pick("С даты", "From"), today),
                (Field::Order, pick("Приказ", "Order"), ""),
                (Field::Groups, pick("Группы", "Groups"), ""),
            ],
            pick(
                "Дата рождения и группы — по желанию; даты ДД.ММ.ГГГГ.",
                "Birth date and groups are optional; dates DD.MM.YYYY.",
            ),
        )
    }

    pub fn departure(student_id: StudentId, today: &str) -> FormState {
        FormState::with(
            pick("Выбытие ученика", "A student leaves"),
            FormPurpose::Departure(student_id),
            &[
                (Field::From, pick("С даты", "From"), today),
                (Field::Order, pick("Приказ", "Order"), ""),
            ],
            pick(
                "С этой даты ученик не числится в школе.",
                "From this date the student is no longer in the school.",
            ),
        )
    }

    pub fn transfer(student_id: StudentId, today: &str) -> FormState {
        FormState::with(
            pick("Перевод в другой класс", "Move to another class"),
            FormPurpose::Transfer(student_id),
            &[
                (Field::ToClass, pick("В класс", "To class"), ""),
                (Field::From, pick("С даты", "From"), today),
                (Field::Order, pick("Приказ", "Order"), ""),
                (Field::Groups, pick("Группы", "Groups"), ""),
            ],
            pick(
                "С этой даты ученик числится в новом классе.",
                "From this date the student is in the new class.",
            ),
        )
    }

    pub fn class_teacher(class_id: ClassId) -> FormState {
        FormState::with(
            pick("Классный руководитель", "Class teacher"),
            FormPurpose::ClassTeacher(class_id),
            &[(Field::Login, pick("Логин", "Login"), "")],
            pick(
                "Логин сотрудника; «-» — снять.",
                "A staff member's login; «-» clears.",
            ),
        )
    }
}

impl ClassState {
    /// A class's screen: moving about, the forms for movement by order, a student's
    /// data corrected and a parent unlinked.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.students.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        let today = ctx.store.today().format("%d.%m.%Y").to_string();
        let selected = self
            .students
            .get(self.selected)
            .map(|s| (s.id, s.name.full()));
        let class_id = self.class.id;
        match action {
            Action::Back => Effect::Open(Open::Tool(Tool::Classes)),
            Action::New => Effect::Form(FormState::arrival(class_id, &today)),
            Action::ClassTeacher => Effect::Form(FormState::class_teacher(class_id)),
            Action::EditStudent | Action::Delete => {
                let Some((id, name)) = selected else {
                    return Effect::Info(
                        pick("в классе нет учеников", "the class has no students").into(),
                    );
                };
                let Some(actor) = ctx.actor else {
                    return Effect::None;
                };
                let pupil = match ctx.store.class_families(actor, class_id) {
                    Ok(all) => all.into_iter().find(|p| p.id == id),
                    Err(e) => return Effect::Error(e.to_string()),
                };
                let Some(p) = pupil else {
                    return Effect::Error(tr!("ученик {} не найден", "student {} not found", name));
                };
                if action == Action::EditStudent {
                    return Effect::Form(FormState::edit_student(p.id, &p.name, p.birth_date));
                }
                if p.parents.is_empty() {
                    return Effect::Info(tr!(
                        "у ученика {} нет привязанных родителей",
                        "{} has no parents linked",
                        name
                    ));
                }
                let parents: Vec<(String, String)> = p
                    .parents
                    .iter()
                    .map(|a| (a.login.clone(), a.name.clone()))
                    .collect();
                Effect::Form(FormState::unlink_parent(p.id, &name, &parents))
            }
            Action::Depart | Action::Transfer | Action::Details => {
                let Some((id, name)) = selected else {
                    return Effect::Info(
                        pick("в классе нет учеников", "the class has no students").into(),
                    );
                };
                match action {
                    Action::Depart => Effect::Form(FormState::departure(id, &today)),
                    Action::Transfer => Effect::Form(FormState::transfer(id, &today)),
                    _ => {
                        let lines = match ctx.store.stays(id) {
                            Ok(stays) => stays
                                .iter()
                                .map(|s| s.describe())
                                .collect::<Vec<_>>()
                                .join("\n"),
                            Err(e) => e.to_string(),
                        };
                        Effect::Message {
                            title: name,
                            text: lines,
                        }
                    }
                }
            }
            _ => Effect::NotHere(action),
        }
    }
}
