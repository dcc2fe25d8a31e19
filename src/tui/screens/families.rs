//! The class teacher's students and parents (001 §4.5): each student with their own
//! account and their parents' accounts; logins made, one-time passwords given (one, or
//! a printable sheet for a parents' meeting), a parent unlinked, a student's data
//! corrected, a student exempted from a subject, the weekly report for the parents. Its
//! state, its keys (`on`, `answer`) and its drawing; the store checks that the student
//! is in the user's own class.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::ids::{ClassId, StudentId};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::Store;
use crate::store::accounts::family::{FamilyAccount, Pupil};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::{self, Ctx};
use crate::tui::overlay::form::{Field, FormPurpose, FormState, sheet_choices, student_choices};
use crate::tui::text::fit;
use crate::tui::widgets::list::{ListCursor, list_lines};
use crate::tui::widgets::pick_list::Choice;

/// Where the screen may send the user (`Back`: the teacher's day).
#[derive(Debug, Clone, Copy)]
pub enum Open {}

/// A yes/no question of the screen, answered by [`FamiliesState::answer`].
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// A new one-time password for the account of `login` (of `student`'s family).
    Issue { student: StudentId, login: String },
    /// Unlink the parent of `login` from `student`.
    Unlink { student: StudentId, login: String },
}

/// What the screen asks of the app.
pub type Effect = effect::Effect<Open, Question>;

/// One line of the list: a student, or one of a student's parents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Student(usize),
    Parent(usize, usize),
}

#[derive(Debug, Clone)]
pub struct FamiliesState {
    pub class_id: ClassId,
    pub class: String,
    pub pupils: Vec<Pupil>,
    pub rows: Vec<Row>,
    pub selected: usize,
}

impl FamiliesState {
    pub fn load(
        store: &Store,
        actor: &crate::domain::policy::Actor,
        class_id: ClassId,
    ) -> crate::store::Result<FamiliesState> {
        let pupils = store.class_families(actor, class_id)?;
        let mut rows = Vec::new();
        for (i, p) in pupils.iter().enumerate() {
            rows.push(Row::Student(i));
            rows.extend((0..p.parents.len()).map(|j| Row::Parent(i, j)));
        }
        Ok(FamiliesState {
            class_id,
            class: store.class_label(class_id)?,
            pupils,
            rows,
            selected: 0,
        })
    }

    /// The same screen read again, the cursor kept where it was.
    pub fn reload(&self, store: &Store, actor: &crate::domain::policy::Actor) -> FamiliesState {
        match FamiliesState::load(store, actor, self.class_id) {
            Ok(mut s) => {
                s.selected = self.selected.min(s.rows.len().saturating_sub(1));
                s
            }
            Err(_) => self.clone(),
        }
    }

    fn pupil(&self) -> Option<&Pupil> {
        match self.rows.get(self.selected)? {
            Row::Student(i) | Row::Parent(i, _) => self.pupils.get(*i),
        }
    }

    fn parent(&self) -> Option<&FamilyAccount> {
        match self.rows.get(self.selected)? {
            Row::Parent(i, j) => self.pupils.get(*i)?.parents.get(*j),
            Row::Student(_) => None,
        }
    }

    /// A key on the list.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.rows.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        let none =
            || Effect::Info(pick("в классе нет учеников", "the class has no students").into());
        match action {
            Action::Back => Effect::Back,
            Action::New => {
                let Some(p) = self.pupil() else { return none() };
                if let Some(a) = &p.account {
                    return Effect::Info(tr!(
                        "у ученика уже есть вход: {} · F3 — новый одноразовый пароль",
                        "the student has a login already: {} · F3 for a new one-time password",
                        a.login
                    ));
                }
                Effect::Form(FormState::with(
                    pick("Вход ученика", "The student's login"),
                    FormPurpose::StudentAccount(p.id),
                    &[(Field::Login, pick("Логин", "Login"), "")],
                    &tr!(
                        "{}: логин латиницей без пробелов. Одноразовый пароль покажется один раз.",
                        "{}: a login without spaces. The one-time password shows once.",
                        p.name.full()
                    ),
                ))
            }
            Action::NewParent => {
                let Some(p) = self.pupil() else { return none() };
                // A parent imported from the office's list has an account but no
                // password yet: give that one a password rather than a second account.
                if let Some(a) = p.parents.iter().find(|a| a.active && !a.has_password) {
                    return self.issue(p.id, &a.login);
                }
                Effect::Form(FormState::with(
                    pick("Вход родителя", "A parent's login"),
                    FormPurpose::ParentAccount(p.id),
                    &[
                        (Field::FullName, pick("ФИО родителя", "Parent's name"), ""),
                        (Field::Login, pick("Логин", "Login"), ""),
                    ],
                    &tr!(
                        "Родитель ученика {}: фамилия, имя, отчество; логин без пробелов. Одноразовый пароль покажется один раз.",
                        "A parent of {}: last name, first name, patronymic; a login without spaces. The one-time password shows once.",
                        p.name.full()
                    ),
                ))
            }
            Action::ResetPassword => {
                let Some(p) = self.pupil() else { return none() };
                let login = match (self.parent(), &p.account) {
                    (Some(a), _) | (None, Some(a)) => a.login.clone(),
                    (None, None) => {
                        return Effect::Info(
                            pick(
                                "у ученика нет входа: F2 — создать",
                                "the student has no login: F2 to make one",
                            )
                            .into(),
                        );
                    }
                };
                self.issue(p.id, &login)
            }
            Action::Delete => match (self.pupil(), self.parent()) {
                (Some(p), Some(a)) => Effect::Ask {
                    question: tr!(
                        "Отвязать родителя {} ({}) от ученика {}? Родитель перестанет видеть его дневник.",
                        "Unlink the parent {} ({}) from {}? The parent will no longer see the diary.",
                        a.name,
                        a.login,
                        p.name.full()
                    ),
                    ask: Question::Unlink {
                        student: p.id,
                        login: a.login.clone(),
                    },
                },
                _ => Effect::Info(
                    pick(
                        "выберите строку родителя (под учеником)",
                        "choose a parent's line (under the student)",
                    )
                    .into(),
                ),
            },
            Action::EditStudent => {
                let Some(p) = self.pupil() else { return none() };
                Effect::Form(FormState::edit_student(p.id, &p.name, p.birth_date))
            }
            Action::Export => Effect::Form(
                FormState::with(
                    pick("Лист с паролями для собрания", "Logins sheet for a meeting"),
                    FormPurpose::LoginsSheet(self.class_id),
                    &[
                        (Field::Which, pick("Кому", "For"), ""),
                        (Field::Address, pick("Где входить", "Where to log in"), ""),
                        (Field::File, pick("Файл", "File"), &format!("logins-{}.html", self.class)),
                    ],
                    pick(
                        "Каждому — новый одноразовый пароль (прежний перестанет действовать), по листку на человека. «Где входить» — адрес журнала, его печатают на листках.",
                        "Each gets a new one-time password (the old one stops working), a slip each. «Where to log in»: the journal's address, printed on the slips.",
                    ),
                )
                .choose(Field::Which, sheet_choices(), "new"),
            ),
            Action::Exempt => {
                let Some(p) = self.pupil() else { return none() };
                let Some(actor) = ctx.actor else { return none() };
                match FormState::exemption(ctx.store, actor, self.class_id, p) {
                    Ok(form) => Effect::Form(form),
                    Err(e) => Effect::Error(e.to_string()),
                }
            }
            Action::WeeklyReport => {
                let Some(p) = self.pupil() else { return none() };
                let week = ctx.store.today().format("%d.%m.%Y").to_string();
                Effect::Form(FormState::weekly_pick(
                    student_choices(&self.pupils),
                    &p.id.0.to_string(),
                    &week,
                ))
            }
            _ => Effect::NotHere(action),
        }
    }

    fn issue(&self, student: StudentId, login: &str) -> Effect {
        Effect::Ask {
            question: tr!(
                "Новый одноразовый пароль для «{}»? Прежний пароль перестанет действовать.",
                "A new one-time password for «{}»? The old password stops working.",
                login
            ),
            ask: Question::Issue {
                student,
                login: login.to_string(),
            },
        }
    }

    /// A yes to the screen's question.
    pub fn answer(&mut self, q: Question, ctx: &mut Ctx) -> Effect {
        let Some(actor) = ctx.actor else {
            return Effect::None;
        };
        match q {
            Question::Issue { student, login } => {
                match ctx.store.issue_password(actor, student, &login) {
                    Ok(otp) => {
                        *self = self.reload(ctx.store, actor);
                        Effect::Message {
                            title: pick("Одноразовый пароль", "One-time password").into(),
                            text: password_text(&login, &otp),
                        }
                    }
                    Err(e) => Effect::Error(e.to_string()),
                }
            }
            Question::Unlink { student, login } => {
                match ctx.store.unlink_parent(actor, &login, student) {
                    Ok(()) => {
                        *self = self.reload(ctx.store, actor);
                        Effect::Info(tr!("родитель {} отвязан", "parent {} unlinked", login))
                    }
                    Err(e) => Effect::Error(e.to_string()),
                }
            }
        }
    }
}

/// What a one-time password's message says: the login, the password, what to do.
pub fn password_text(login: &str, otp: &str) -> String {
    tr!(
        "Логин: {}\nОдноразовый пароль: {}\n\nПароль показан один раз: передайте его владельцу. При первом входе задайте свой пароль.",
        "Login: {}\nOne-time password: {}\n\nThe password is shown once: give it to its owner. Choose your own password at the first login.",
        login,
        otp
    )
}

fn account_text(a: &FamilyAccount) -> String {
    let state = if !a.active {
        pick("отключён", "disabled")
    } else if !a.has_password {
        pick("нет пароля", "no password")
    } else if a.must_change {
        pick("одноразовый пароль", "one-time password")
    } else {
        pick("входит", "logs in")
    };
    format!("{} ({state})", a.login)
}

pub fn render(s: &FamiliesState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &tr!(
                    "Ученики и родители {} · входы в журнал",
                    "Students and parents of {} · logins",
                    s.class
                ),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                pick(
                    "F2 ученик F3 пароль F4 родитель F5 лист F6 данные F7 отчёт F8 отвяз. F9 освоб.",
                    "F2 student F3 password F4 parent F5 sheet F6 data F7 report F8 unlink F9 exempt",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(
        &s.rows,
        s.selected,
        room,
        theme,
        width,
        |r| match *r {
            Row::Student(i) => {
                let p = &s.pupils[i];
                let own = p
                    .account
                    .as_ref()
                    .map(account_text)
                    .unwrap_or_else(|| pick("нет входа", "no login").to_string());
                let parents = if p.parents.is_empty() {
                    pick(" · родителей нет", " · no parents").to_string()
                } else {
                    String::new()
                };
                format!("{:<32} {own}{parents}", p.name.full())
            }
            Row::Parent(i, j) => {
                let a = &s.pupils[i].parents[j];
                format!(
                    "   {} {:<24} {}",
                    pick("родитель", "parent"),
                    a.name,
                    account_text(a)
                )
            }
        },
    ));
    if s.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("в классе нет учеников", "the class has no students"),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}

impl FormState {
    /// A student exempted from one of the class's subjects for a period (the current
    /// one first), with the grounds; or the exemption ended. The hint lists the
    /// student's exemptions this year.
    pub fn exemption(
        store: &Store,
        actor: &crate::domain::policy::Actor,
        class_id: ClassId,
        p: &Pupil,
    ) -> crate::store::Result<FormState> {
        let year = store.current_year()?;
        // The class's courses the student attends (one group's, not the other's).
        let mut courses = Vec::new();
        for c in store
            .courses()?
            .into_iter()
            .filter(|c| c.class_id == class_id)
        {
            if store
                .course_students(c.id, year.start, year.end)?
                .iter()
                .any(|s| s.id == p.id)
            {
                courses.push(c);
            }
        }
        let periods = match courses.first() {
            Some(c) => store.course_periods(c.id)?,
            None => Vec::new(),
        };
        // The period the grid would show today: the one holding it, the one just ended
        // while its finals are open, else the next.
        let deadline_days = store.settings()?.final_deadline_days;
        let current = if periods.is_empty() {
            String::new()
        } else {
            let i = crate::domain::lock::period_to_show(&periods, store.today(), deadline_days);
            periods
                .get(i)
                .map(|x| x.num.to_string())
                .unwrap_or_default()
        };
        let mut subjects = vec![Choice::new("", pick("— выберите —", "— choose —"))];
        subjects.extend(courses.iter().map(|c| {
            let label = match &c.subgroup {
                Some((_, g)) => format!("{} ({} {g})", c.subject, pick("гр.", "gr.")),
                None => c.subject.clone(),
            };
            Choice::new(c.id.0.to_string(), label)
        }));
        let has: Vec<String> = store
            .exemption_list(actor, class_id)?
            .into_iter()
            .filter(|x| x.student_id == p.id)
            .map(|x| format!("{}, {}", x.course, x.period))
            .collect();
        let now = if has.is_empty() {
            pick("освобождений нет", "no exemptions").to_string()
        } else {
            tr!("освобождён(а): {}", "exempt: {}", has.join("; "))
        };
        Ok(FormState::with(
            &tr!("Освобождение: {}", "Exemption: {}", p.name.full()),
            FormPurpose::Exemption(p.id),
            &[
                (Field::Subject, pick("Предмет", "Subject"), ""),
                (Field::Period, pick("Период", "Period"), ""),
                (Field::Which, pick("Что", "What"), ""),
                (Field::Grounds, pick("Основание", "Grounds"), ""),
            ],
            &tr!(
                "Отметок по предмету в периоде не ждут, итоговая — «осв». Основание — справка или приказ. Сейчас: {}.",
                "No marks are expected in the subject for the period; the final is «осв». Grounds: a certificate or an order. Now: {}.",
                now
            ),
        )
        .choose(Field::Subject, subjects, "")
        .choose(
            Field::Period,
            periods
                .iter()
                .map(|x| Choice::new(x.num.to_string(), x.name.clone()))
                .collect(),
            &current,
        )
        .choose(
            Field::Which,
            vec![
                Choice::new("add", pick("освободить", "exempt")),
                Choice::new("remove", pick("снять освобождение", "end the exemption")),
            ],
            "add",
        ))
    }
}
