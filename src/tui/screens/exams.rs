//! Assessments and exams on screen: the year's events this user may see (interim
//! assessment, school exams, the interview, the essay, ОГЭ, ЕГЭ) with how many results
//! are in; an event opened lists its students, Enter sets a student's result, F10 the
//! final for the year after a course's exam. A teacher reaches it from the day (F2) for
//! their courses, a deputy or the director from the administration's menu for all.
//! What the forms save: `actions/exams.rs`, through the store's checked functions.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::assessment::{AssessmentKind, AssessmentResult, form_hint};
use crate::domain::enrollment::class_on;
use crate::domain::ids::{CourseId, StudentId};
use crate::domain::marks::FinalValue;
use crate::domain::names::FullName;
use crate::domain::policy::{Actor, may_set_assessment, may_supervise};
use crate::domain::text::shown;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::assessments::{Assessment, AssessmentFor};
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::{self, Ctx, NoQuestion};
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::{ListCursor, list_lines};
use crate::tui::widgets::pick_list::Choice;

/// Where the screen may send the user (`Back`: where it was opened from).
#[derive(Debug, Clone, Copy)]
pub enum Open {}

/// What the screen asks of the app.
pub type Effect = effect::Effect<Open, NoQuestion>;

/// An event in the list, with how many of its students have a result.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub event: Assessment,
    pub results: usize,
    pub students: usize,
}

/// A student of an opened event: the result, and for a course's exam the final for the
/// year after it (set, or as the school's rule suggests it).
#[derive(Debug, Clone)]
pub struct ResultRow {
    pub student: StudentId,
    pub name: FullName,
    /// The student's class on the day, for a whole grade's event («9А»).
    pub class: Option<String>,
    pub result: Option<AssessmentResult>,
    pub overall: Option<String>,
    pub suggested: Option<FinalValue>,
}

/// An event opened: its students and their results.
#[derive(Debug, Clone)]
pub struct EventView {
    pub event: Assessment,
    pub rows: Vec<ResultRow>,
    pub selected: usize,
    /// Why this user may not set its results, if not.
    pub read_only: Option<String>,
    /// The course whose final for the year follows this exam.
    pub overall_of: Option<CourseId>,
}

#[derive(Debug, Clone)]
pub struct ExamsState {
    pub rows: Vec<EventRow>,
    pub selected: usize,
    pub open: Option<EventView>,
    /// Opened from the administration's menu (`Back` returns there), else from the day.
    pub from_menu: bool,
    /// This user may make events: a deputy, the director, a teacher with courses.
    pub may_create: bool,
}

impl EventRow {
    fn load(store: &Store, actor: &Actor, event: Assessment) -> Result<EventRow> {
        let students = if reads_all(store, actor, &event)? {
            store.assessment_students(&event)?.len()
        } else {
            // A class teacher counts their own class's students, as they see its results.
            let mut n = 0;
            for (s, _) in store.assessment_students(&event)? {
                if class_on(&store.student_history(s)?, event.date)
                    .is_some_and(|c| actor.homeroom.contains(&c))
                {
                    n += 1;
                }
            }
            n
        };
        Ok(EventRow {
            results: store.visible_results(actor, &event)?.len(),
            students,
            event,
        })
    }
}

/// Whether this user reads every result of the event (the administration, the course's
/// teacher), as the store's `visible_results` decides.
fn reads_all(store: &Store, actor: &Actor, a: &Assessment) -> Result<bool> {
    Ok(actor.reads_everything()
        || course_teacher(store, a)?.is_some_and(|t| Some(t) == actor.staff_id))
}

/// The course teacher of a course's event; none for a grade's.
fn course_teacher(store: &Store, a: &Assessment) -> Result<Option<crate::domain::ids::StaffId>> {
    Ok(match a.of {
        AssessmentFor::Course(c) => Some(store.course(c)?.teacher_id),
        AssessmentFor::Grade(_) => None,
    })
}

impl EventView {
    pub fn load(store: &Store, actor: &Actor, event: Assessment) -> Result<EventView> {
        let teacher = course_teacher(store, &event)?;
        let read_only = may_set_assessment(actor, event.kind.by_teacher(), teacher)
            .err()
            .map(|e| e.to_string());
        let visible = store.visible_results(actor, &event)?;
        // Whoever reads every result sees every student who sits it; others (a class
        // teacher) the results they may read.
        let students: Vec<(StudentId, FullName)> = if reads_all(store, actor, &event)? {
            store.assessment_students(&event)?
        } else {
            visible.iter().map(|(s, n, _)| (*s, n.clone())).collect()
        };
        // The final after the exam is the course teacher's too, even after ОГЭ, whose
        // results are the deputy's to enter.
        let overall_of = match (event.of, event.kind) {
            (AssessmentFor::Course(c), AssessmentKind::Oge | AssessmentKind::SchoolExam)
                if may_set_assessment(actor, true, teacher).is_ok() =>
            {
                Some(c)
            }
            _ => None,
        };
        // A whole grade's event lists its students by class, as the papers come.
        let classes = match event.of {
            AssessmentFor::Grade(_) => store.classes()?,
            AssessmentFor::Course(_) => Vec::new(),
        };
        let mut rows = Vec::with_capacity(students.len());
        for (student, name) in students {
            let class = if classes.is_empty() {
                None
            } else {
                class_on(&store.student_history(student)?, event.date)
                    .and_then(|c| classes.iter().find(|k| k.0 == c).map(|k| k.1.to_string()))
            };
            let result = visible
                .iter()
                .find(|(s, _, _)| *s == student)
                .map(|(_, _, r)| *r);
            let (overall, suggested) = match overall_of {
                Some(c) => (
                    store.overall_final(actor, c, student)?,
                    store.suggested_overall_final(actor, c, student)?,
                ),
                None => (None, None),
            };
            rows.push(ResultRow {
                student,
                name,
                class,
                result,
                overall,
                suggested,
            });
        }
        // By class, each class's students in the order they came (by name).
        rows.sort_by(|a, b| a.class.cmp(&b.class));
        Ok(EventView {
            event,
            rows,
            selected: 0,
            read_only,
            overall_of,
        })
    }
}

impl ExamsState {
    pub fn load(store: &Store, actor: &Actor, from_menu: bool) -> Result<ExamsState> {
        let mut events = store.visible_assessments(actor, None)?;
        // A class teacher's class: its courses' events too, not only those they teach.
        for &class in &actor.homeroom {
            for a in store.visible_assessments(actor, Some(class))? {
                if !events.iter().any(|e| e.id == a.id) {
                    events.push(a);
                }
            }
        }
        events.sort_by_key(|a| (a.date, a.id));
        let rows = events
            .into_iter()
            .map(|a| EventRow::load(store, actor, a))
            .collect::<Result<Vec<_>>>()?;
        let may_create = may_create(store, actor)?;
        Ok(ExamsState {
            rows,
            selected: 0,
            open: None,
            from_menu,
            may_create,
        })
    }

    /// Read again after a change: the chosen event (and student) kept; `select` puts
    /// the cursor on that event instead.
    pub fn reload(&mut self, store: &Store, actor: &Actor, select: Option<i64>) -> Result<()> {
        let chosen = select.or_else(|| self.rows.get(self.selected).map(|r| r.event.id));
        let open = self.open.take();
        let mut fresh = ExamsState::load(store, actor, self.from_menu)?;
        fresh.selected = chosen
            .and_then(|id| fresh.rows.iter().position(|r| r.event.id == id))
            .unwrap_or(0);
        fresh.open = open;
        *self = fresh;
        self.refresh_open(store, actor)
    }

    /// The opened event read again after one of its results changed, and its line in
    /// the list; the rest of the year's events are left as they are.
    pub fn refresh_open(&mut self, store: &Store, actor: &Actor) -> Result<()> {
        let Some(open) = &self.open else {
            return Ok(());
        };
        let event = store.assessment(open.event.id)?;
        let mut view = EventView::load(store, actor, event.clone())?;
        // The same student keeps the cursor, though rows come and go.
        let student = open.rows.get(open.selected).map(|r| r.student);
        view.selected = student
            .and_then(|s| view.rows.iter().position(|r| r.student == s))
            .unwrap_or(open.selected)
            .min(view.rows.len().saturating_sub(1));
        self.open = Some(view);
        if let Some(row) = self.rows.iter_mut().find(|r| r.event.id == event.id) {
            *row = EventRow::load(store, actor, event)?;
        }
        Ok(())
    }

    /// The list: Enter opens an event, F2 makes one. An event: Enter sets the chosen
    /// student's result, F10 the final for the year after the exam, Esc back to the
    /// list.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let Some(actor) = ctx.actor else {
            return Effect::None;
        };
        if let Some(view) = &mut self.open {
            if ListCursor::new(&mut view.selected, view.rows.len())
                .page(ctx.rows)
                .apply(action)
            {
                return Effect::None;
            }
            return match action {
                Action::Back => {
                    // Its line in the list was kept up to date as results were saved.
                    self.open = None;
                    Effect::None
                }
                Action::Confirm => match (&view.read_only, view.rows.get(view.selected)) {
                    (Some(why), _) => Effect::Error(why.clone()),
                    (None, Some(row)) => {
                        Effect::Form(FormState::assessment_result(&view.event, row))
                    }
                    (None, None) => Effect::None,
                },
                Action::SetFinal => match (view.overall_of, view.rows.get(view.selected)) {
                    (Some(course), Some(row)) => {
                        Effect::Form(FormState::overall_final(course, &view.event, row))
                    }
                    (Some(_), None) => Effect::None,
                    (None, _) => Effect::Error(
                        pick(
                            "итоговая за год ставится после экзамена или ОГЭ по предмету",
                            "the overall final follows a course's exam or ОГЭ",
                        )
                        .into(),
                    ),
                },
                _ => Effect::NotHere(action),
            };
        }
        if ListCursor::new(&mut self.selected, self.rows.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::Back => Effect::Back,
            Action::Confirm => {
                let Some(row) = self.rows.get(self.selected) else {
                    return Effect::None;
                };
                match EventView::load(ctx.store, actor, row.event.clone()) {
                    Ok(view) => {
                        self.open = Some(view);
                        Effect::None
                    }
                    Err(e) => Effect::Error(e.to_string()),
                }
            }
            Action::New if !self.may_create => Effect::Error(
                pick(
                    "аттестацию назначает учитель курса, заместитель директора или директор",
                    "an assessment is made by the course's teacher, a deputy director or the director",
                )
                .into(),
            ),
            Action::New => match FormState::new_assessment(ctx.store, actor) {
                Ok(form) => Effect::Form(form),
                Err(e) => Effect::Error(e),
            },
            _ => Effect::NotHere(action),
        }
    }
}

/// Whether this user may make events: a deputy or the director (a grade's too), a
/// teacher with courses (their own courses').
fn may_create(store: &Store, actor: &Actor) -> Result<bool> {
    Ok(may_supervise(actor).is_ok()
        || store
            .courses()?
            .iter()
            .any(|c| Some(c.teacher_id) == actor.staff_id))
}

/// The kinds this user may hold: a teacher their courses' interim assessment and
/// school exam, a deputy or the director every kind.
fn kinds_for(actor: &Actor) -> Vec<AssessmentKind> {
    AssessmentKind::ALL
        .into_iter()
        .filter(|k| k.by_teacher() || may_supervise(actor).is_ok())
        .collect()
}

impl FormState {
    /// A new event: its kind, the course (or the grade) it is for, its day, its name.
    pub fn new_assessment(store: &Store, actor: &Actor) -> std::result::Result<FormState, String> {
        let supervisor = may_supervise(actor).is_ok();
        let mut whose = vec![Choice::new("", pick("— выберите —", "— choose —"))];
        if supervisor {
            for g in [9, 11] {
                whose.push(Choice::new(
                    format!("g{g}"),
                    tr!("{} классы (вся параллель)", "grade {} (the whole grade)", g),
                ));
            }
        }
        let courses = store.courses().map_err(|e| e.to_string())?;
        let mine: Vec<_> = courses
            .iter()
            .filter(|c| supervisor || Some(c.teacher_id) == actor.staff_id)
            .collect();
        if !may_create(store, actor).map_err(|e| e.to_string())? {
            return Err(pick(
                "у вас нет курсов в этом году: аттестацию курса проводит его учитель",
                "you have no courses this year: a course's assessment is its teacher's",
            )
            .into());
        }
        whose.extend(
            mine.iter()
                .map(|c| Choice::new(format!("c{}", c.id.0), c.title())),
        );
        let kinds: Vec<Choice> = kinds_for(actor)
            .into_iter()
            .map(|k| Choice::new(k.as_str(), k.name()))
            .collect();
        let today = store.today().format("%d.%m.%Y").to_string();
        Ok(FormState::with(
            pick("Новая аттестация", "A new assessment"),
            FormPurpose::NewAssessment,
            &[
                (Field::Kind, pick("Вид", "Kind"), ""),
                (Field::Class, pick("Для", "For"), ""),
                (Field::Date, pick("Дата", "Date"), &today),
                (Field::Name, pick("Название", "Name"), ""),
            ],
            pick(
                "Вид и курс — ←→ или первые буквы («7Б Ал»); собеседование и сочинение — для параллели. Название можно не писать.",
                "Kind and course: ←→ or the first letters («7Б Ал»); the interview and the essay are a grade's. The name may stay empty.",
            ),
        )
        .choose(Field::Kind, kinds, "")
        .choose(Field::Class, whose, ""))
    }

    /// A student's result, in the form the event's kind takes.
    pub fn assessment_result(event: &Assessment, row: &ResultRow) -> FormState {
        let current = row.result.map(|r| r.input()).unwrap_or_default();
        FormState::with(
            &format!("{} · {}", shown(&event.name), row.name.short()),
            FormPurpose::AssessmentResult(event.id, row.student),
            &[(Field::Mark, pick("Результат", "Result"), &current)],
            &tr!(
                "{}. Пусто или «-» — стереть результат.",
                "{}. Empty or «-» clears the result.",
                form_hint(event.kind.form())
            ),
        )
    }

    /// The final for the year after the course's exam, the suggested one filled in.
    pub fn overall_final(course: CourseId, event: &Assessment, row: &ResultRow) -> FormState {
        let current = row
            .overall
            .clone()
            .or_else(|| row.suggested.map(|v| v.as_str().to_string()))
            .unwrap_or_default();
        FormState::with(
            &format!(
                "{} · {} · {}",
                event.title,
                row.name.short(),
                pick("итоговая", "overall final")
            ),
            FormPurpose::OverallFinal(course, row.student),
            &[(Field::Mark, pick("Итоговая", "Overall"), &current)],
            pick(
                "Предложена по годовой и экзамену (среднее, округление в пользу ученика). Пусто или «-» — стереть.",
                "Suggested from the year final and the exam (the mean, rounded up). Empty or «-» clears it.",
            ),
        )
    }
}

/// The event's own name, when it is not just its kind's.
fn named(a: &Assessment) -> Option<String> {
    (a.name != a.kind.name_ru() && a.name != a.kind.name()).then(|| shown(&a.name).into_owned())
}

fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

pub fn render(s: &ExamsState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let room = area.height.saturating_sub(2) as usize;
    let title = |text: String| Line::from(Span::styled(fit(&text, width), theme.title));
    let hint = |text: &str| Line::from(Span::styled(fit(text, width), theme.dim));
    let mut lines = Vec::new();
    match &s.open {
        None => {
            lines.push(title(format!(
                "{} · {}",
                pick("Аттестация и экзамены", "Assessments and exams"),
                s.rows.len()
            )));
            lines.push(hint(if s.may_create {
                pick(
                    "Enter — результаты · F2 — новая · Esc — назад",
                    "Enter — results · F2 — new · Esc — back",
                )
            } else {
                pick(
                    "Enter — результаты · Esc — назад",
                    "Enter — results · Esc — back",
                )
            }));
            lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |r| {
                format!(
                    "{} {:<4} {:<22} {}{}",
                    date(r.event.date),
                    r.event.kind.short(),
                    fit(&r.event.title, 22),
                    named(&r.event)
                        .map(|n| format!("{n} · "))
                        .unwrap_or_default(),
                    tr!("{} из {}", "{} of {}", r.results, r.students)
                )
            }));
            if s.rows.is_empty() {
                lines.push(hint(if s.may_create {
                    pick(
                        "аттестаций пока нет: F2 — назначить",
                        "no assessments yet: F2 makes one",
                    )
                } else {
                    pick("аттестаций пока нет", "no assessments yet")
                }));
            }
        }
        Some(v) => {
            let mut head = format!(
                "{} · {} · {}",
                date(v.event.date),
                v.event.title,
                v.event.kind.name()
            );
            if let Some(n) = named(&v.event) {
                head = format!("{head} · {n}");
            }
            lines.push(title(head));
            let keys = match (&v.read_only, v.overall_of) {
                (Some(_), Some(_)) => pick(
                    "результаты — только чтение · F10 — итоговая за год · Esc — к списку",
                    "results read only · F10 — overall final · Esc — the list",
                ),
                (Some(_), None) => pick(
                    "только чтение · Esc — к списку",
                    "read only · Esc — the list",
                ),
                (None, Some(_)) => pick(
                    "Enter — результат · F10 — итоговая за год · Esc — к списку",
                    "Enter — result · F10 — overall final · Esc — the list",
                ),
                (None, None) => pick(
                    "Enter — результат · Esc — к списку",
                    "Enter — result · Esc — the list",
                ),
            };
            lines.push(hint(keys));
            lines.extend(list_lines(&v.rows, v.selected, room, theme, width, |r| {
                let result = r.result.map(|x| x.text()).unwrap_or_else(|| "—".into());
                let overall = match (&r.overall, r.suggested) {
                    (Some(set), _) => tr!("итоговая {}", "overall {}", set),
                    (None, Some(v)) => tr!("итоговая ~{}", "overall ~{}", v.as_str()),
                    (None, None) if v.overall_of.is_some() => {
                        pick("нет годовой", "no year final").into()
                    }
                    (None, None) => String::new(),
                };
                let name = match &r.class {
                    Some(c) => format!("{c:<4} {}", r.name.full()),
                    None => r.name.full(),
                };
                format!("{:<34} {:<10} {}", fit(&name, 34), result, overall)
            }));
            if v.rows.is_empty() {
                lines.push(hint(pick("результатов нет", "no results")));
            }
        }
    }
    f.render_widget(Paragraph::new(lines), area);
}
