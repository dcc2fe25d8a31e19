//! What keys and forms do on the administration's screens.

use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::Action;
use crate::tr;
use crate::tui::admin::{
    AuditState, ClassState, ClassesState, MenuState, Tool, UsersState, WorkTypesState,
    YearCloseState,
};
use crate::tui::app::{App, Screen};
use crate::tui::grid::entry;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::widgets::list::{ListCursor, shown_rows};

impl App {
    pub(crate) fn answer(&mut self, ask: Ask) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        match ask {
            Ask::Grid(pending) => self.grid_entry(|ctx, g| entry::confirm(ctx, g, pending)),
            Ask::DropMessage => {
                self.open_messages(crate::tui::messages::Tab::Threads);
                self.info(pick("сообщение не отправлено", "the message was not sent"));
            }
            Ask::ResetPassword(login) => match self.store.reset_password(&actor, &login) {
                Ok(otp) => {
                    self.overlay = Some(Overlay::Message {
                        title: pick("Одноразовый пароль", "One-time password").into(),
                        text: tr!(
                            "Новый одноразовый пароль для «{}»: {}  — показывается один раз; при входе его нужно сменить.",
                            "New one-time password for «{}»: {}  — shown once; it must be changed at login.",
                            login,
                            otp
                        ),
                    });
                    self.reload_users();
                }
                Err(e) => self.error(e.to_string()),
            },
            Ask::SetActive(login, active) => {
                match self.store.set_user_active(&actor, &login, active) {
                    Ok(()) => {
                        self.info(if active {
                            tr!("«{}» включён(а)", "«{}» enabled", login)
                        } else {
                            tr!("«{}» отключён(а)", "«{}» disabled", login)
                        });
                        self.reload_users();
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Ask::DeletePlanItem(id) => self.delete_plan_item(&actor, id),
            Ask::ReplaceFile {
                target,
                bytes,
                what,
            } => {
                if let Err(e) = self.save_export(&target, &bytes, true, what) {
                    self.error(e);
                }
            }
            Ask::CloseYear => {
                let Screen::YearClose(y) = &self.screen else {
                    return;
                };
                let opts = y.options();
                match self.store.close_year(&actor, &opts) {
                    Ok(done) => {
                        self.overlay = Some(Overlay::Message {
                            title: Tool::YearClose.title().into(),
                            text: tr!(
                                "Учебный год {} закрыт, открыт {}. Архив: {}",
                                "School year {} closed, {} opened. Archive: {}",
                                done.year,
                                done.next_year,
                                done.archive_path.display()
                            ),
                        });
                        self.open_tool(Tool::YearClose);
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
        }
    }

    pub(crate) fn reload_users(&mut self) {
        let (Screen::Users(u), Some(actor)) = (&mut self.screen, &self.actor) else {
            return;
        };
        let selected = u.selected;
        match UsersState::load(&self.store, actor) {
            Ok(mut fresh) => {
                fresh.selected = selected.min(fresh.rows.len().saturating_sub(1));
                *u = fresh;
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(crate) fn submit_form(&mut self, mut form: FormState) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let result: Result<(), String> = match form.purpose {
            FormPurpose::AuditFilter => {
                match AuditState::load(&self.store, &actor, &form.get(Field::Filter)) {
                    Ok(a) => {
                        self.screen = Screen::Audit(Box::new(a));
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            FormPurpose::NewUser => self.create_user(&actor, &form),
            FormPurpose::Arrival(_)
            | FormPurpose::Departure(_)
            | FormPurpose::Transfer(_)
            | FormPurpose::ClassTeacher(_) => self.movement(&actor, &form),
            FormPurpose::WorkType(id) => self.save_work_type(&actor, id, &form),
            FormPurpose::Import => self.check_import(&actor, &form),
            FormPurpose::AddLesson(course) => self.add_lesson(&actor, course, &form),
            FormPurpose::CancelLesson(lesson) => self.cancel_lesson(&actor, lesson, &form),
            FormPurpose::Substitute => self.substitute(&actor, &form),
            FormPurpose::Excuse(student) => self.excuse(&actor, student, &form),
            FormPurpose::Report => self.open_report(&actor, &form),
            FormPurpose::ReportFile => self.write_report(&form),
            FormPurpose::WeeklyReport => self.send_weekly_report(&actor, &form),
            FormPurpose::Review => self.review(&actor, &form),
            FormPurpose::Announcement => self.post_announcement(&actor, &form),
            FormPurpose::Final(course, student, period, ref seen) => {
                let seen = seen.clone();
                self.save_final(&actor, (course, student, period), seen.as_deref(), &form)
            }
            FormPurpose::PlanItem(..) | FormPurpose::PlanExport(_) | FormPurpose::PlanImport(_) => {
                self.plan_form(&actor, &form)
            }
        };
        if let Err(e) = result {
            form.error = Some(e);
            self.overlay = Some(Overlay::Form(form));
        }
    }

    pub(crate) fn create_user(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        use crate::store::accounts::NewUser;
        let login = form.get(Field::Login);
        let name = crate::domain::names::FullName::parse(&form.get(Field::FullName));
        let mut roles = Vec::new();
        for r in form
            .get(Field::Roles)
            .split([',', ' '])
            .filter(|r| !r.trim().is_empty())
        {
            roles.push(
                crate::domain::roles::Role::parse(r)
                    .ok_or_else(|| tr!("неизвестная роль «{}»", "unknown role «{}»", r.trim()))?,
            );
        }
        let student = form.get(Field::Student);
        let student_id = if student.trim().is_empty() {
            None
        } else {
            Some(
                self.store
                    .find_student(&student)
                    .map_err(|e| e.to_string())?
                    .0,
            )
        };
        let otp = self
            .store
            .add_user(
                actor,
                &NewUser {
                    login: login.clone(),
                    name,
                    roles,
                    student_id,
                },
            )
            .map_err(|e| e.to_string())?;
        self.overlay = Some(Overlay::Message {
            title: pick("Учётная запись создана", "Account created").into(),
            text: tr!(
                "«{}»: одноразовый пароль {}  — показывается один раз; при входе его нужно сменить.",
                "«{}»: one-time password {}  — shown once; it must be changed at login.",
                login,
                otp
            ),
        });
        self.reload_users();
        Ok(())
    }

    /// A class's screen: moving about, and the forms for movement by order.
    pub(crate) fn class_action(&mut self, action: Action) {
        let Screen::Class(c) = &mut self.screen else {
            return;
        };
        let rows = shown_rows(self.size.1);
        if ListCursor::new(&mut c.selected, c.students.len())
            .page(rows)
            .apply(action)
        {
            return;
        }
        let today = self.store.today().format("%d.%m.%Y").to_string();
        let selected = c.students.get(c.selected).map(|s| (s.id, s.name.full()));
        let class_id = c.class.id;
        match action {
            Action::Back => self.open_tool(Tool::Classes),
            Action::New => self.overlay = Some(Overlay::Form(FormState::arrival(class_id, &today))),
            Action::ClassTeacher => {
                self.overlay = Some(Overlay::Form(FormState::class_teacher(class_id)))
            }
            Action::Depart | Action::Transfer | Action::Details => {
                let Some((id, name)) = selected else {
                    return self.info(pick("в классе нет учеников", "the class has no students"));
                };
                self.overlay = Some(match action {
                    Action::Depart => Overlay::Form(FormState::departure(id, &today)),
                    Action::Transfer => Overlay::Form(FormState::transfer(id, &today)),
                    _ => {
                        let lines = match self.store.stays(id) {
                            Ok(stays) => stays
                                .iter()
                                .map(|s| s.describe())
                                .collect::<Vec<_>>()
                                .join("\n"),
                            Err(e) => e.to_string(),
                        };
                        Overlay::Message {
                            title: name,
                            text: lines,
                        }
                    }
                });
            }
            _ => self.not_here(action),
        }
    }

    /// Arrival, departure, transfer or a class teacher, from a form.
    pub(crate) fn movement(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let e = |e: crate::store::StoreError| e.to_string();
        let groups = |s: String| {
            s.split([',', ' '])
                .filter(|g| !g.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let (class_id, message) = match form.purpose {
            FormPurpose::Arrival(class_id) => {
                let name = crate::domain::names::FullName::parse(&form.get(Field::FullName));
                if name.first.is_empty() {
                    return Err(
                        pick("укажите фамилию и имя", "give the last and first name").into(),
                    );
                }
                let birth = form.optional_date(Field::Born)?;
                let arrival = crate::store::students::Arrival {
                    name,
                    birth_date: birth,
                    class_id,
                    date: form.date(Field::From)?,
                    order: form.get(Field::Order),
                    groups: groups(form.get(Field::Groups)),
                };
                self.store.arrive_student(actor, &arrival).map_err(e)?;
                let name = arrival.name;
                (
                    class_id,
                    tr!(
                        "{} прибыл(а) в класс",
                        "{} arrived in the class",
                        name.full()
                    ),
                )
            }
            FormPurpose::Departure(student) => {
                self.store
                    .depart_student(
                        actor,
                        student,
                        form.date(Field::From)?,
                        &form.get(Field::Order),
                    )
                    .map_err(e)?;
                let Screen::Class(c) = &self.screen else {
                    return Ok(());
                };
                (
                    c.class.id,
                    pick("выбытие оформлено", "departure recorded").to_string(),
                )
            }
            FormPurpose::Transfer(student) => {
                let (to, name) = self
                    .store
                    .class_by_name(&form.get(Field::ToClass))
                    .map_err(e)?;
                let transfer = crate::store::students::Transfer {
                    student_id: student,
                    to_class: to,
                    date: form.date(Field::From)?,
                    order: form.get(Field::Order),
                    groups: groups(form.get(Field::Groups)),
                };
                self.store.transfer_student(actor, &transfer).map_err(e)?;
                let Screen::Class(c) = &self.screen else {
                    return Ok(());
                };
                (c.class.id, tr!("переведён(а) в {}", "moved to {}", name))
            }
            FormPurpose::ClassTeacher(class_id) => {
                let login = form.get(Field::Login);
                let login = (login.trim() != "-").then_some(login);
                self.store
                    .set_class_teacher(actor, class_id, login.as_deref())
                    .map_err(e)?;
                (
                    class_id,
                    pick("классный руководитель изменён", "class teacher changed").to_string(),
                )
            }
            _ => return Ok(()),
        };
        match ClassState::load(&self.store, class_id) {
            Ok(cs) => self.screen = Screen::Class(cs),
            Err(err) => return Err(err.to_string()),
        }
        self.info(message);
        Ok(())
    }

    pub(crate) fn open_tool(&mut self, tool: Tool) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let opened = match tool {
            Tool::Audit => {
                AuditState::load(&self.store, &actor, "").map(|a| Screen::Audit(Box::new(a)))
            }
            Tool::Users => UsersState::load(&self.store, &actor)
                .map(Screen::Users)
                .map_err(|e| e.to_string()),
            Tool::YearClose => YearCloseState::load(&self.store, true).map(Screen::YearClose),
            Tool::Messages => {
                self.open_messages(crate::tui::messages::Tab::Threads);
                return;
            }
            Tool::Import => {
                match self.files.folder() {
                    Some(_) => self.pick_file(crate::tui::files::PickFor::Import),
                    None => self.overlay = Some(Overlay::Form(FormState::import("", false))),
                }
                return;
            }
            Tool::Reports => {
                self.overlay = Some(Overlay::Form(FormState::report()));
                return;
            }
            Tool::Substitutions => {
                let today = self.store.today().format("%d.%m.%Y").to_string();
                self.overlay = Some(Overlay::Form(FormState::substitute(&today)));
                return;
            }
            Tool::WorkTypes => WorkTypesState::load(&self.store)
                .map(Screen::WorkTypes)
                .map_err(|e| e.to_string()),
            Tool::Classes => ClassesState::load(&self.store)
                .map(Screen::Classes)
                .map_err(|e| e.to_string()),
        };
        match opened {
            Ok(s) => self.screen = s,
            Err(e) => self.error(e),
        }
    }

    pub(crate) fn admin_action(&mut self, action: Action) {
        let len = match &self.screen {
            Screen::Menu(m) => m.tools.len(),
            Screen::Audit(a) => a.rows.len(),
            Screen::Users(u) => u.rows.len(),
            Screen::YearClose(y) => y.lines.len(),
            Screen::Classes(c) => c.rows.len(),
            Screen::WorkTypes(w) => w.rows.len(),
            Screen::Import(i) => i.lines().len(),
            _ => 0,
        };
        // The import preview keeps the default page; the lists show the rows below
        // their two heading lines.
        let page = match &self.screen {
            Screen::Import(_) => ListCursor::PAGE,
            _ => shown_rows(self.size.1),
        };
        let sel = match &mut self.screen {
            Screen::Menu(m) => &mut m.selected,
            Screen::Audit(a) => &mut a.selected,
            Screen::Users(u) => &mut u.selected,
            Screen::YearClose(y) => &mut y.scroll,
            Screen::Classes(c) => &mut c.selected,
            Screen::WorkTypes(w) => &mut w.selected,
            Screen::Import(i) => &mut i.scroll,
            _ => return,
        };
        if ListCursor::new(sel, len).page(page).apply(action) {
            return;
        }
        match action {
            Action::Back => match &self.screen {
                Screen::Import(i) if i.plan_course.is_some() => {
                    if let Some(course) = i.plan_course {
                        self.open_plan(course);
                    }
                }
                Screen::Menu(m) if m.from_today => self.show_today(),
                Screen::Menu(_) => self.back_to_login(),
                _ => {
                    let tools = self.actor.as_ref().map(Tool::for_actor).unwrap_or_default();
                    let from_today = self
                        .actor
                        .as_ref()
                        .is_some_and(|a| a.has(crate::domain::roles::Role::Teacher));
                    self.screen = Screen::Menu(MenuState {
                        tools,
                        selected: 0,
                        from_today,
                    });
                }
            },
            Action::Confirm => match &self.screen {
                Screen::Menu(m) => {
                    if let Some(t) = m.tools.get(m.selected).copied() {
                        self.open_tool(t);
                    }
                }
                Screen::Import(i) => {
                    let Some(actor) = self.actor.clone() else {
                        return;
                    };
                    if !i.preview.as_ref().is_ok_and(|a| a.changes_anything()) {
                        return self.info(pick("применять нечего", "nothing to apply"));
                    }
                    match i.apply(&mut self.store, &actor) {
                        Ok(a) => {
                            self.overlay = Some(Overlay::Message {
                                title: pick("Импорт выполнен", "Imported").into(),
                                text: tr!(
                                    "{}: создано {}, изменено {}, без изменений {}, удалено {}",
                                    "{}: created {}, changed {}, unchanged {}, removed {}",
                                    i.path,
                                    a.created,
                                    a.updated,
                                    a.unchanged,
                                    a.removed
                                ),
                            });
                            match i.plan_course {
                                Some(course) => self.open_plan(course),
                                None => {
                                    let tools = Tool::for_actor(&actor);
                                    self.screen = Screen::Menu(MenuState {
                                        tools,
                                        selected: 0,
                                        from_today: false,
                                    });
                                }
                            }
                        }
                        Err(e) => self.error(e),
                    }
                }
                Screen::WorkTypes(w) => {
                    let form = FormState::work_type(w.rows.get(w.selected));
                    self.overlay = Some(Overlay::Form(form));
                }
                Screen::Classes(c) => {
                    let Some(row) = c.rows.get(c.selected) else {
                        return;
                    };
                    match ClassState::load(&self.store, row.id) {
                        Ok(cs) => self.screen = Screen::Class(cs),
                        Err(e) => self.error(e.to_string()),
                    }
                }
                Screen::YearClose(y) => {
                    let question = tr!(
                        "Закрыть учебный год {}? Будет сделан архив, открыт {} и ученики переведены.",
                        "Close the school year {}? It will be archived, {} opened and the students promoted.",
                        y.preview.year,
                        y.preview.next_year
                    );
                    self.overlay = Some(Overlay::Confirm {
                        question,
                        ask: Ask::CloseYear,
                    });
                }
                _ => self.not_here(action),
            },
            Action::Filter => match &self.screen {
                Screen::Audit(a) => {
                    self.overlay = Some(Overlay::Form(FormState::audit_filter(&a.filter_text)))
                }
                _ => self.not_here(action),
            },
            Action::New => match &self.screen {
                Screen::Users(_) => self.overlay = Some(Overlay::Form(FormState::new_user())),
                Screen::WorkTypes(_) => {
                    self.overlay = Some(Overlay::Form(FormState::work_type(None)))
                }
                _ => self.not_here(action),
            },
            // In the year-close preview F4 switches carrying the courses over.
            Action::ToggleActive if matches!(self.screen, Screen::YearClose(_)) => {
                let Screen::YearClose(y) = &self.screen else {
                    return;
                };
                match YearCloseState::load(&self.store, !y.carry_courses) {
                    Ok(fresh) => self.screen = Screen::YearClose(fresh),
                    Err(e) => self.error(e),
                }
            }
            Action::ToggleActive if matches!(self.screen, Screen::WorkTypes(_)) => {
                let Screen::WorkTypes(w) = &self.screen else {
                    return;
                };
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
            Action::ResetPassword | Action::ToggleActive => {
                let Screen::Users(u) = &self.screen else {
                    return self.not_here(action);
                };
                let Some(row) = u.rows.get(u.selected) else {
                    return;
                };
                let login = row.login.clone();
                let (question, ask) = if action == Action::ResetPassword {
                    (
                        tr!(
                            "Выдать «{}» новый одноразовый пароль?",
                            "Give «{}» a new one-time password?",
                            login
                        ),
                        Ask::ResetPassword(login),
                    )
                } else if row.active {
                    (
                        tr!("Отключить «{}»?", "Disable «{}»?", login),
                        Ask::SetActive(login, false),
                    )
                } else {
                    (
                        tr!("Включить «{}»?", "Enable «{}»?", login),
                        Ask::SetActive(login, true),
                    )
                };
                self.overlay = Some(Overlay::Confirm { question, ask });
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

    fn save_work_type(
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

    /// Checks the file named in the form (a path here, a name in the user's folder in a
    /// served session) and shows the preview.
    fn check_import(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let (name, bytes) = self.files.read(&form.get(Field::File))?;
        let kind = crate::tui::import::kind_of(&form.get(Field::Kind), &name)?;
        let from = form.optional_date(Field::From)?;
        let opts = crate::import::options::ImportOptions {
            dry_run: true,
            order: String::new(),
            from,
            class: form.optional(Field::Class),
            subject: form.optional(Field::Subject),
            group: None,
        };
        let state = crate::tui::import::ImportState::check(
            &mut self.store,
            actor,
            kind,
            &name,
            bytes,
            opts,
        );
        self.screen = Screen::Import(Box::new(state));
        Ok(())
    }

    fn substitute(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let e = |e: crate::store::StoreError| e.to_string();
        let group = form.optional(Field::Group);
        let course = self
            .store
            .find_course(
                &form.get(Field::Class),
                &form.get(Field::Subject),
                group.as_deref(),
            )
            .map_err(e)?;
        let date = form.date(Field::Date)?;
        let number = match form.optional(Field::LessonNo) {
            Some(n) => Some(
                n.parse::<i64>()
                    .map_err(|_| tr!("«{}» — не номер урока", "«{}» is not a period number", n))?,
            ),
            None => None,
        };
        let lesson = self.store.find_lesson(course.id, date, number).map_err(e)?;
        let teacher = form.optional(Field::Teacher);
        self.store
            .assign_substitute(actor, lesson.id, teacher.as_deref())
            .map_err(e)?;
        self.overlay = Some(Overlay::Message {
            title: Tool::Substitutions.title().into(),
            text: match teacher {
                Some(t) => tr!(
                    "{}, {}, урок № {}: ведёт {}",
                    "{}, {}, period {}: taught by {}",
                    course.title(),
                    date.format("%d.%m.%Y"),
                    lesson.lesson_no,
                    t
                ),
                None => tr!(
                    "{}, {}, урок № {}: замена снята",
                    "{}, {}, period {}: substitute removed",
                    course.title(),
                    date.format("%d.%m.%Y"),
                    lesson.lesson_no
                ),
            },
        });
        Ok(())
    }
}
