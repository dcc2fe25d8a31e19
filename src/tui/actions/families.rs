//! The class teacher's students and parents (the keys: `screens/families.rs`) and a
//! student's weekly report (`screens/weekly.rs`): where they lead, and the forms whose
//! saving needs the app — accounts made, a student's data, the logins sheet and the
//! weekly report written to the user's folder (a path in the local terminal), one's own
//! password.

use crate::domain::accounts::PasswordError;
use crate::domain::ids::{ClassId, StudentId};
use crate::domain::names::FullName;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::store::accounts::family::SheetFor;
use crate::tr;
use crate::tui::actions::effect::{Question, Target};
use crate::tui::admin::class::ClassState;
use crate::tui::app::{App, Screen};
use crate::tui::files::Exported;
use crate::tui::overlay::form::{Field, FormState};
use crate::tui::overlay::{Ask, Overlay};
use crate::tui::screens::families::{self, FamiliesState, password_text};
use crate::tui::screens::weekly::{self, WeeklyState};

impl Target for families::Open {
    fn open(self, _app: &mut App) {
        match self {}
    }

    fn back(app: &mut App) {
        app.show_today();
    }
}

impl Question for families::Question {
    fn ask(self) -> Ask {
        Ask::Families(self)
    }
}

impl Target for weekly::Open {
    fn open(self, _app: &mut App) {
        match self {}
    }

    /// Back to the class's students when the report was opened there, else to the
    /// messages.
    fn back(app: &mut App) {
        match &app.screen {
            Screen::Weekly(w) if w.back_to.is_some() => {
                if let Some(class) = w.back_to {
                    app.open_families(class);
                }
            }
            _ => app.open_messages(crate::tui::messages::Tab::Threads),
        }
    }
}

impl App {
    /// A student exempted from a subject for a period, or the exemption ended (the
    /// store checks it is the user's class, or a deputy's).
    pub(crate) fn save_exemption(
        &mut self,
        actor: &Actor,
        student: StudentId,
        form: &FormState,
    ) -> Result<(), String> {
        let course = form
            .get(Field::Subject)
            .parse::<i64>()
            .map(crate::domain::ids::CourseId)
            .map_err(|_| pick("выберите предмет (←→)", "choose the subject (←→)").to_string())?;
        let num: i64 = form
            .get(Field::Period)
            .parse()
            .map_err(|_| pick("выберите период (←→)", "choose the period (←→)").to_string())?;
        let period = self
            .store
            .course_periods(course)
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|p| p.num == num)
            .ok_or_else(|| pick("выберите период (←→)", "choose the period (←→)").to_string())?;
        let title = self
            .store
            .course(course)
            .map_err(|e| e.to_string())?
            .title();
        if form.get(Field::Which) == "remove" {
            self.store
                .unexempt(actor, course, student, period.id)
                .map_err(|e| e.to_string())?;
            self.info(tr!(
                "освобождение от {} на «{}» снято",
                "the exemption from {} for «{}» is ended",
                title,
                period.name
            ));
        } else {
            self.store
                .exempt(actor, course, student, period.id, &form.get(Field::Grounds))
                .map_err(|e| e.to_string())?;
            self.info(tr!(
                "освобождён(а) от {} на «{}»",
                "exempt from {} for «{}»",
                title,
                period.name
            ));
        }
        Ok(())
    }

    /// A form that writes a file of these screens says, in a served session, that the
    /// file is a name in the user's folder.
    pub(crate) fn note_folder(&self, form: &mut FormState) {
        use crate::tui::overlay::form::FormPurpose;
        if matches!(
            form.purpose,
            FormPurpose::LoginsSheet(_)
                | FormPurpose::WeeklyFile(..)
                | FormPurpose::JournalPrint(_)
        ) && self.files.folder().is_some()
        {
            form.hint = format!(
                "{} {}",
                pick(
                    "Только имя файла: он ляжет в вашу папку на сервере (скачать: sftp).",
                    "A file name only: it goes into your folder on the server (download it with sftp).",
                ),
                form.hint
            );
        }
    }

    /// The class teacher's students and parents of `class`.
    pub(crate) fn open_families(&mut self, class: ClassId) {
        let Some(actor) = &self.actor else { return };
        match FamiliesState::load(&self.store, actor, class) {
            Ok(s) => self.screen = Screen::Families(Box::new(s)),
            Err(e) => self.error(e.to_string()),
        }
    }

    /// A yes to the students and parents screen's question.
    pub(crate) fn families_answer(&mut self, q: families::Question) {
        let (screen, mut ctx) = self.screen_ctx();
        if let Screen::Families(s) = screen {
            let effect = s.answer(q, &mut ctx);
            self.apply(effect);
        }
    }

    /// The administrator's class screen read again, its cursor kept.
    fn reload_class(&mut self) {
        if let Screen::Class(c) = &self.screen {
            let selected = c.selected;
            if let Ok(mut fresh) = ClassState::load(&self.store, c.class.id) {
                fresh.selected = selected.min(fresh.students.len().saturating_sub(1));
                self.screen = Screen::Class(fresh);
            }
        }
    }

    /// The parent chosen in the form unlinked from the student (the administrator's
    /// class screen).
    pub(crate) fn unlink_chosen(
        &mut self,
        actor: &Actor,
        student: StudentId,
        form: &FormState,
    ) -> Result<(), String> {
        let login = form.get(Field::Login);
        self.store
            .unlink_parent(actor, &login, student)
            .map_err(|e| e.to_string())?;
        self.reload_families();
        self.reload_class();
        self.info(tr!("родитель {} отвязан", "parent {} unlinked", login));
        Ok(())
    }

    /// The class teacher's screen read again after a change, the cursor kept.
    fn reload_families(&mut self) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        if let Screen::Families(s) = &self.screen {
            let fresh = s.reload(&self.store, &actor);
            self.screen = Screen::Families(Box::new(fresh));
        }
    }

    /// A one-time password shown once, over the screen read again.
    fn show_password(&mut self, login: &str, otp: &str) {
        self.reload_families();
        self.overlay = Some(Overlay::Message {
            title: pick("Одноразовый пароль", "One-time password").into(),
            text: password_text(login, otp),
        });
    }

    pub(crate) fn student_account(
        &mut self,
        actor: &Actor,
        student: StudentId,
        form: &FormState,
    ) -> Result<(), String> {
        let login = form.get(Field::Login).trim().to_string();
        let otp = self
            .store
            .create_student_account(actor, student, &login)
            .map_err(|e| e.to_string())?;
        self.show_password(&login, &otp);
        Ok(())
    }

    pub(crate) fn parent_account(
        &mut self,
        actor: &Actor,
        student: StudentId,
        form: &FormState,
    ) -> Result<(), String> {
        let login = form.get(Field::Login).trim().to_string();
        let name = FullName::parse(&form.get(Field::FullName));
        let otp = self
            .store
            .create_parent_account(actor, student, &login, &name)
            .map_err(|e| e.to_string())?;
        self.show_password(&login, &otp);
        Ok(())
    }

    pub(crate) fn edit_student(
        &mut self,
        actor: &Actor,
        student: StudentId,
        form: &FormState,
    ) -> Result<(), String> {
        let name = FullName::new(
            &form.get(Field::LastName),
            &form.get(Field::FirstName),
            &form.get(Field::Patronymic),
        );
        let born = form.optional_date(Field::Born)?;
        self.store
            .correct_student(actor, student, &name, born)
            .map_err(|e| e.to_string())?;
        self.reload_families();
        self.reload_class();
        self.info(tr!(
            "данные ученика исправлены: {}",
            "the student's data corrected: {}",
            name.full()
        ));
        Ok(())
    }

    /// New one-time passwords for the class and the sheet of slips written: the file is
    /// checked first, so that no password is changed for a sheet that cannot be saved.
    pub(crate) fn logins_sheet(
        &mut self,
        actor: &Actor,
        class: ClassId,
        form: &FormState,
    ) -> Result<(), String> {
        let target = self.files.target(&form.get(Field::File))?;
        if self.files.exists(&target)? {
            return Err(pick(
                "такой файл уже есть: выберите другое имя (старый лист с паролями не заменяется)",
                "the file exists: choose another name (an old logins sheet is not replaced)",
            )
            .into());
        }
        let which = if form.get(Field::Which) == "all" {
            SheetFor::All
        } else {
            SheetFor::WithoutLogin
        };
        let address = form.get(Field::Address);
        crate::domain::text::check(crate::domain::text::Field::Other, &address)
            .map_err(|e| e.to_string())?;
        // The passwords made, the sheet written, and only then the passwords saved: a
        // sheet that cannot be written (a full folder, a busy journal) changes nobody's.
        let planned = self
            .store
            .plan_class_passwords(actor, class, which)
            .map_err(|e| e.to_string())?;
        if planned.is_empty() {
            self.info(pick(
                "новых паролей нет: у всех уже есть вход (выберите «весь класс») или ни у кого нет учётной записи",
                "no passwords: everyone logs in already (choose «the whole class») or nobody has an account",
            ));
            return Ok(());
        }
        let settings = self.store.settings().map_err(|e| e.to_string())?;
        let info = crate::export::slips::SheetInfo {
            school: settings.name,
            class: self.store.class_label(class).map_err(|e| e.to_string())?,
            address,
        };
        let slips: Vec<_> = planned.slips().cloned().collect();
        let html = crate::export::slips::slips_html(&info, &slips);
        self.save_export(&target, html.as_bytes(), false, Exported::Logins(class))?;
        if let Err(e) = self.store.save_class_passwords(actor, &planned) {
            // Nobody's password changed: the sheet's would not work, so it goes.
            let _ = self.files.remove(&target);
            return Err(tr!(
                "пароли не сохранены, лист удалён: {}",
                "the passwords were not saved, the sheet is removed: {}",
                e
            ));
        }
        self.reload_families();
        let written = self.status.text.clone();
        self.info(tr!(
            "паролей: {} · {}",
            "passwords: {} · {}",
            slips.len(),
            written
        ));
        Ok(())
    }

    /// The week of the student picked, on screen.
    pub(crate) fn weekly_preview(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let student = match form.get(Field::Student).trim().parse::<i64>() {
            Ok(id) => StudentId(id),
            Err(_) => {
                self.store
                    .find_student(&form.get(Field::Student))
                    .map_err(|e| e.to_string())?
                    .0
            }
        };
        let week = form.date(Field::Week)?;
        if !actor.reads_everything() && actor.homeroom.is_empty() {
            return Err(pick(
                "отчёт для родителей готовит классный руководитель",
                "the weekly report is made by the class teacher",
            )
            .into());
        }
        let mut state =
            WeeklyState::load(&self.store, actor, student, week).map_err(|e| e.to_string())?;
        state.back_to = match &self.screen {
            Screen::Families(f) => Some(f.class_id),
            _ => None,
        };
        self.screen = Screen::Weekly(Box::new(state));
        Ok(())
    }

    /// The week shown written as an HTML page to print.
    pub(crate) fn weekly_file(
        &mut self,
        actor: &Actor,
        student: StudentId,
        week: chrono::NaiveDate,
        form: &FormState,
    ) -> Result<(), String> {
        let diary = self
            .store
            .diary(actor, student, week, None)
            .map_err(|e| e.to_string())?;
        let opts = crate::export::HtmlOptions {
            school: self.store.settings().map_err(|e| e.to_string())?.name,
            signature: false,
        };
        let html = crate::export::html(&crate::export::weekly::weekly_table(&diary), &opts);
        self.export(
            &form.get(Field::File),
            html.into_bytes(),
            Exported::Weekly(student),
        )
    }

    /// One's own password changed, or the form stays open saying which rule failed.
    pub(crate) fn own_password(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let changed = self.store.change_own_password(
            actor,
            &form.get(Field::Password),
            &form.get(Field::NewPassword),
            &form.get(Field::Again),
        );
        match changed {
            Ok(()) => {}
            // Guessed too often: the session ends, as a login would be refused.
            Err(crate::store::StoreError::Password(e @ PasswordError::LockedOut { .. })) => {
                self.back_to_login();
                self.error(e.to_string());
                return Ok(());
            }
            Err(e) => return Err(e.to_string()),
        }
        self.info(pick("пароль изменён", "password changed"));
        Ok(())
    }
}
