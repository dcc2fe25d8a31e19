//! `zhurnal student …`, `zhurnal class …`, `zhurnal course …`: class lists, student
//! movement by order, class teachers and course teachers.

use crate::domain::text::shown;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{Context, Outcome, cli_date, refusal};
use crate::domain::names::FullName;
use crate::store::students::{Arrival, Transfer};
use crate::tr;

#[derive(Debug, Args)]
pub struct StudentArgs {
    #[command(subcommand)]
    pub what: StudentCommand,
}

#[derive(Debug, Subcommand)]
pub enum StudentCommand {
    /// A new student arrives in a class by an order.
    Arrive {
        /// «Фамилия Имя Отчество».
        #[arg(long)]
        name: String,
        #[arg(long)]
        class: String,
        #[arg(long, value_parser = cli_date)]
        birth: Option<NaiveDate>,
        /// The first day in the class.
        #[arg(long, value_parser = cli_date)]
        date: NaiveDate,
        #[arg(long)]
        order: String,
        /// Groups of a split class (e.g. 1).
        #[arg(long = "group")]
        groups: Vec<String>,
    },
    /// A student leaves the school by an order.
    Depart {
        /// «7Б Фамилия Имя».
        student: String,
        /// The first day no longer in the school.
        #[arg(long, value_parser = cli_date)]
        date: NaiveDate,
        #[arg(long)]
        order: String,
    },
    /// A student moves to another class by an order.
    Transfer {
        student: String,
        #[arg(long)]
        to: String,
        /// The first day in the new class.
        #[arg(long, value_parser = cli_date)]
        date: NaiveDate,
        #[arg(long)]
        order: String,
        /// Groups in the new class.
        #[arg(long = "group")]
        groups: Vec<String>,
    },
    /// A student's classes with dates and orders.
    History { student: String },
}

#[derive(Debug, Args)]
pub struct ClassArgs {
    #[command(subcommand)]
    pub what: ClassCommand,
}

#[derive(Debug, Subcommand)]
pub enum ClassCommand {
    /// Every class with its size and class teacher.
    List,
    /// A class's students.
    Show { class: String },
    /// Make a staff member the class teacher (`-` clears).
    Teacher { class: String, login: String },
}

#[derive(Debug, Args)]
pub struct CourseArgs {
    #[command(subcommand)]
    pub what: CourseCommand,
}

#[derive(Debug, Subcommand)]
pub enum CourseCommand {
    /// Give a course another teacher.
    Teacher {
        #[arg(long)]
        class: String,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        group: Option<String>,
        login: String,
    },
}

pub fn student(ctx: &Context, a: StudentArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    // Before any name is looked up: movement is the administrator's.
    crate::domain::policy::may_administer(&actor).map_err(|e| e.to_string())?;
    let e = |e: crate::store::StoreError| e.to_string();
    match a.what {
        StudentCommand::Arrive {
            name,
            class,
            birth,
            date,
            order,
            groups,
        } => {
            let name = FullName::parse(&name);
            if name.first.is_empty() {
                return Err(tr!("укажите фамилию и имя", "give the last and first name"));
            }
            let (class_id, class_name) = store.class_by_name(&class).map_err(e)?;
            let arrival = Arrival {
                name,
                birth_date: birth,
                class_id,
                date,
                order,
                groups,
            };
            store.arrive_student(&actor, &arrival).map_err(e)?;
            let Arrival { name, order, .. } = arrival;
            say!(
                "{}",
                tr!(
                    "{} прибыл(а) в {} с {} ({})",
                    "{} arrived in {} on {} ({})",
                    name.full(),
                    class_name,
                    date.format("%d.%m.%Y"),
                    order
                )
            );
        }
        StudentCommand::Depart {
            student,
            date,
            order,
        } => {
            let (id, name) = store.find_student(&student).map_err(e)?;
            store.depart_student(&actor, id, date, &order).map_err(e)?;
            say!(
                "{}",
                tr!(
                    "{} выбыл(а) с {} ({})",
                    "{} left on {} ({})",
                    name.full(),
                    date.format("%d.%m.%Y"),
                    order
                )
            );
        }
        StudentCommand::Transfer {
            student,
            to,
            date,
            order,
            groups,
        } => {
            let (id, name) = store.find_student(&student).map_err(e)?;
            let (class_id, class_name) = store.class_by_name(&to).map_err(e)?;
            let transfer = Transfer {
                student_id: id,
                to_class: class_id,
                date,
                order,
                groups,
            };
            store.transfer_student(&actor, &transfer).map_err(e)?;
            let Transfer { order, .. } = transfer;
            say!(
                "{}",
                tr!(
                    "{} переведён(а) в {} с {} ({})",
                    "{} moved to {} on {} ({})",
                    name.full(),
                    class_name,
                    date.format("%d.%m.%Y"),
                    order
                )
            );
        }
        StudentCommand::History { student } => {
            crate::domain::policy::may_administer(&actor).map_err(|e| e.to_string())?;
            let (id, name) = store.find_student(&student).map_err(e)?;
            say!("{}", shown(&name.full()));
            for s in store.stays(id).map_err(e)? {
                say!("  {}", s.describe());
            }
        }
    }
    Ok(())
}

pub fn class(ctx: &Context, a: ClassArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    crate::domain::policy::may_administer(&actor).map_err(|e| e.to_string())?;
    let e = |e: crate::store::StoreError| e.to_string();
    match a.what {
        ClassCommand::List => {
            for c in store.class_rows().map_err(e)? {
                say!(
                    "{:<4} {:>3}  {}",
                    c.name.to_string(),
                    c.students,
                    c.teacher.map(|t| t.initials()).unwrap_or_default()
                );
            }
        }
        ClassCommand::Show { class } => {
            let (id, name) = store.class_by_name(&class).map_err(e)?;
            say!("{name}");
            for (i, s) in store.class_list(id).map_err(e)?.iter().enumerate() {
                // One line each, whatever an old journal holds.
                say!("{:>3}. {}", i + 1, shown(&s.name.full()));
            }
        }
        ClassCommand::Teacher { class, login } => {
            let (id, name) = store.class_by_name(&class).map_err(e)?;
            let login = (login != "-").then_some(login);
            store
                .set_class_teacher(&actor, id, login.as_deref())
                .map_err(e)?;
            say!(
                "{}",
                tr!(
                    "{}: классный руководитель изменён",
                    "{}: class teacher changed",
                    name
                )
            );
        }
    }
    Ok(())
}

pub fn course(ctx: &Context, a: CourseArgs) -> Outcome {
    let mut store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    match a.what {
        CourseCommand::Teacher {
            class,
            subject,
            group,
            login,
        } => {
            let c = store
                .find_course(&class, &subject, group.as_deref())
                .map_err(refusal)?;
            store
                .set_course_teacher(&actor, c.id, &login)
                .map_err(|e| e.to_string())?;
            say!(
                "{}",
                tr!("{}: учитель — {}", "{}: teacher — {}", c.title(), login)
            );
        }
    }
    Ok(())
}
