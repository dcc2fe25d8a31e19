//! What the movement forms do on a class's screen.

use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::tr;
use crate::tui::admin::class::ClassState;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::form::{Field, FormPurpose, FormState};

impl App {
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
}
