//! The courses screen: the year's courses (class, subject, group, teacher), one class
//! or all; Enter gives the chosen course another teacher picked from the staff (the
//! administrator's), F6 prints its journal page for a period (the administration's).
//! What the forms do: `actions/admin/courses.rs` — the store's `set_course_teacher`
//! and `journal_page`, as the command line does.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Effect, Tool};
use chrono::NaiveDate;

use crate::domain::calendar::{Period, current_period};
use crate::domain::names::FullName;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::courses::CourseInfo;
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::{ListCursor, list_lines};
use crate::tui::widgets::pick_list::Choice;

#[derive(Debug, Clone)]
pub struct CoursesState {
    /// Every course of the year.
    pub all: Vec<CourseInfo>,
    /// The class shown («7Б»), or every class.
    pub class: Option<String>,
    pub selected: usize,
    /// Who may be given a course: login and name.
    pub staff: Vec<(String, FullName)>,
    /// The user assigns teachers (the administrator); others print pages only.
    pub assigns: bool,
}

impl CoursesState {
    /// `assigns`: the user gives courses their teachers (the administrator), and the
    /// staff are read for it.
    pub fn load(store: &Store, class: Option<String>, assigns: bool) -> Result<CoursesState> {
        Ok(CoursesState {
            all: store.courses()?,
            class,
            selected: 0,
            staff: if assigns {
                store.staff_accounts()?
            } else {
                Vec::new()
            },
            assigns,
        })
    }

    /// The courses shown: the class's, or all.
    pub fn rows(&self) -> Vec<&CourseInfo> {
        self.all
            .iter()
            .filter(|c| {
                self.class
                    .as_deref()
                    .is_none_or(|k| c.class.to_string() == k)
            })
            .collect()
    }

    /// The list read again, the chosen course kept; `Some` says why not.
    pub fn reload(&mut self, store: &Store) -> Option<String> {
        let chosen = self.rows().get(self.selected).map(|c| c.id);
        match CoursesState::load(store, self.class.clone(), self.assigns) {
            Ok(mut fresh) => {
                fresh.selected = chosen
                    .and_then(|id| fresh.rows().iter().position(|c| c.id == id))
                    .unwrap_or(0);
                *self = fresh;
                None
            }
            Err(e) => Some(e.to_string()),
        }
    }

    /// Enter: a new teacher for the chosen course; F5: which class.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let n = self.rows().len();
        if ListCursor::new(&mut self.selected, n)
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::Back => Effect::Back,
            Action::Confirm if !self.assigns => Effect::Error(
                pick(
                    "учителя курсу назначает администратор",
                    "a course's teacher is assigned by the administrator",
                )
                .into(),
            ),
            Action::Confirm => match self.rows().get(self.selected) {
                Some(c) => Effect::Form(FormState::course_teacher(c, &self.staff)),
                None => Effect::None,
            },
            Action::Export => match self.rows().get(self.selected) {
                Some(c) => match ctx.store.course_periods(c.id) {
                    Ok(periods) => {
                        let today = ctx.store.today();
                        Effect::Form(FormState::journal_print(c, &periods, today))
                    }
                    Err(e) => Effect::Error(e.to_string()),
                },
                None => Effect::None,
            },
            Action::Filter => Effect::Form(FormState::course_filter(self)),
            _ => Effect::NotHere(action),
        }
    }
}

fn group(c: &CourseInfo) -> String {
    c.subgroup
        .as_ref()
        .map(|(_, g)| g.clone())
        .unwrap_or_default()
}

impl FormState {
    /// The course's teacher chosen from the staff (←→ or the first letters of a name).
    pub fn course_teacher(c: &CourseInfo, staff: &[(String, FullName)]) -> FormState {
        // «— выберите —» first: a course whose teacher is not found among the staff (or
        // shares a name) never goes to whoever comes first on a careless Enter.
        let mut choices = vec![Choice::new("", pick("— выберите —", "— choose —"))];
        choices.extend(
            staff.iter().map(|(login, name)| {
                Choice::new(login.clone(), format!("{} ({login})", name.full()))
            }),
        );
        let namesakes = staff.iter().filter(|(_, name)| *name == c.teacher).count();
        let current = staff
            .iter()
            .find(|(_, name)| *name == c.teacher && namesakes == 1)
            .map(|(l, _)| l.clone())
            .unwrap_or_default();
        FormState::with(
            &c.title(),
            FormPurpose::CourseTeacher(c.id),
            &[(Field::Teacher, pick("Учитель", "Teacher"), "")],
            pick(
                "Учитель — ←→ или первые буквы фамилии. Записи курса остаются; журнал изменений запомнит замену.",
                "Teacher: ←→ or the first letters of the surname. The course's entries stay; the audit log records the change.",
            ),
        )
        .choose(Field::Teacher, choices, &current)
    }

    /// A course's journal page for a period (the current one first), into a file: an
    /// HTML page to print, or a workbook.
    pub fn journal_print(c: &CourseInfo, periods: &[Period], today: NaiveDate) -> FormState {
        let choices: Vec<Choice> = periods
            .iter()
            .map(|p| Choice::new(p.num.to_string(), p.name.clone()))
            .collect();
        // The period holding today, else the last one begun.
        let current = current_period(periods, today)
            .map(|p| p.num.to_string())
            .unwrap_or_default();
        let file = format!("журнал {}.html", c.title()).replace([' ', '/', '\\'], "-");
        FormState::with(
            &tr!("Печать журнала: {}", "Print the journal: {}", c.title()),
            FormPurpose::JournalPrint(c.id),
            &[
                (Field::Period, pick("Период", "Period"), ""),
                (Field::File, pick("Файл", "File"), &file),
            ],
            pick(
                "Период — ←→. Файл .html — страница для печати на A4 с заверительной подписью; .xlsx — книга Excel; .csv — таблица.",
                "Period: ←→. A .html file is a page to print on A4 with the certification line; .xlsx a workbook; .csv a table.",
            ),
        )
        .choose(Field::Period, choices, &current)
    }

    /// Which class's courses to show.
    pub fn course_filter(s: &CoursesState) -> FormState {
        let mut classes = vec![Choice::new("", pick("все классы", "every class"))];
        let mut names: Vec<String> = Vec::new();
        for c in &s.all {
            let n = c.class.to_string();
            if !names.contains(&n) {
                names.push(n);
            }
        }
        classes.extend(names.into_iter().map(|n| Choice::new(n.clone(), n)));
        let current = s.class.clone().unwrap_or_default();
        FormState::with(
            pick("Курсы класса", "A class's courses"),
            FormPurpose::CourseFilter,
            &[(Field::Class, pick("Класс", "Class"), "")],
            pick(
                "Класс — ←→ или его номер и буква.",
                "Class: ←→ or its number and letter.",
            ),
        )
        .choose(Field::Class, classes, &current)
    }
}

pub fn render_courses(s: &CoursesState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let rows = s.rows();
    let which = s
        .class
        .clone()
        .unwrap_or_else(|| pick("все классы", "every class").into());
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!("{} · {which} · {}", Tool::Courses.title(), rows.len()),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                if s.assigns {
                    pick(
                        "Enter — учитель · F5 — класс · F6 — печать журнала · Esc — назад",
                        "Enter — teacher · F5 — class · F6 — print the journal · Esc — back",
                    )
                } else {
                    pick(
                        "F5 — класс · F6 — печать журнала · Esc — назад",
                        "F5 — class · F6 — print the journal · Esc — back",
                    )
                },
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&rows, s.selected, room, theme, width, |c| {
        format!(
            "{:<4} {:<26} {:<12} {}",
            c.class.to_string(),
            fit(&c.subject, 26),
            fit(&group(c), 12),
            c.teacher.initials()
        )
    }));
    f.render_widget(Paragraph::new(lines), area);
}
