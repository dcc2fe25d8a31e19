//! The production calendar the journal applies: the shipped years, and the files an
//! administrator imported for later years (or for a year whose decree changed). An
//! import moves the lessons the way a calendar change does: held lessons on days that
//! become days off are cancelled (never ones with marks or attendance silently), the
//! timetable's lessons of days that become working ones are made.

use std::borrow::Cow;

use rusqlite::params;

use super::audit::AuditEntry;
use super::calendar_edit::{ChangedLesson, move_lessons, refuse_entered};
use super::{Result, Store, StoreError};
use crate::domain::audit::{Action, Entity};
use crate::domain::policy::{Actor, may_edit_calendar};
use crate::domain::production::ProductionCalendar;
use crate::tr;

/// What importing a production calendar file does.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductionPreview {
    /// Each year of the file: its number, its decree, and whether the journal already
    /// knew that year (shipped or imported before) — the file's replaces it.
    pub years: Vec<(i32, String, bool)>,
    /// The school year's lessons that go: on days the file makes days off.
    pub going: Vec<ChangedLesson>,
    /// The lessons that come: on days the file makes working days.
    pub coming: Vec<ChangedLesson>,
    /// The days off the lessons go for, each with its name (the reason they are
    /// cancelled with).
    pub days_off: std::collections::BTreeMap<chrono::NaiveDate, String>,
}

impl Store {
    /// The production calendar of this journal: the shipped years with the imported
    /// files' years over them, in the order they were imported.
    pub fn production(&self) -> Result<Cow<'static, ProductionCalendar>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT name, text FROM production_file ORDER BY id")?;
        let files = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if files.is_empty() {
            return Ok(Cow::Borrowed(ProductionCalendar::builtin()));
        }
        let mut calendar = ProductionCalendar::builtin().clone();
        for (name, text) in files {
            // Checked when imported; a file that no longer reads is damage.
            let file = ProductionCalendar::from_toml(&text, &name)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            calendar = calendar.merged(file);
        }
        Ok(Cow::Owned(calendar))
    }

    /// What importing the file would do; nothing is written. A file with a mistake is
    /// refused whole, naming its line.
    pub fn preview_production(
        &self,
        actor: &Actor,
        name: &str,
        text: &str,
    ) -> Result<ProductionPreview> {
        may_edit_calendar(actor)?;
        // Its names become lessons' cancellation reasons: no control characters, no
        // line a screen could not show; a decree's calendar is a few kilobytes.
        const LIMIT: usize = 1 << 20;
        if text.len() > LIMIT {
            return Err(StoreError::Invalid(tr!(
                "{}: файл больше 1 МБ — это не производственный календарь",
                "{}: over 1 MB — not a production calendar",
                crate::domain::text::shown(name)
            )));
        }
        crate::domain::text::check(crate::domain::text::Field::Other, name)?;
        for (i, line) in text.lines().enumerate() {
            crate::domain::text::check(crate::domain::text::Field::Note, line).map_err(|e| {
                StoreError::Invalid(format!(
                    "{}:{}: {e}",
                    crate::domain::text::shown(name),
                    i + 1
                ))
            })?;
        }
        let file = ProductionCalendar::from_toml(text, name).map_err(|e| {
            StoreError::Invalid(crate::domain::text::shown(&e.to_string()).into_owned())
        })?;
        let now = self.production()?;
        let years = file
            .years()
            .into_iter()
            .map(|y| {
                (
                    y,
                    file.source(y).unwrap_or_default().to_string(),
                    now.known(y),
                )
            })
            .collect();
        let year = self.current_year()?;
        let old = self.calendar(year.id)?;
        let mut new = old.clone();
        new.days_off.clear();
        new.worked.clear();
        let new = new.with_production(&now.into_owned().merged(file));
        let (going, coming) = match (old.start(), old.end()) {
            (Some(start), Some(end)) => {
                let courses = self.calendar_courses(year.id)?;
                // A lesson an earlier file cancelled for a day off it named comes back
                // when this file makes the day a working one again.
                let restorable = |d| old.days_off.get(&d).cloned();
                self.lessons_between(&old, &new, (start, end), courses.iter(), &restorable)?
            }
            _ => (Vec::new(), Vec::new()),
        };
        let days_off = going
            .iter()
            .filter_map(|l| Some((l.date, new.days_off.get(&l.date)?.clone())))
            .collect();
        Ok(ProductionPreview {
            years,
            going,
            coming,
            days_off,
        })
    }

    /// Imports the file: its years apply from now on, the school year's lessons move
    /// (those with marks or attendance only with `drop_entered`, else refused naming
    /// them); one audit row names the file, its years and the lessons moved.
    pub fn import_production(
        &mut self,
        actor: &Actor,
        name: &str,
        text: &str,
        drop_entered: bool,
    ) -> Result<ProductionPreview> {
        let preview = self.preview_production(actor, name, text)?;
        let entered: Vec<&ChangedLesson> = preview.going.iter().filter(|l| l.entered()).collect();
        if !entered.is_empty() && !drop_entered {
            return Err(refuse_entered(&entered));
        }
        let years: Vec<String> = preview.years.iter().map(|y| y.0.to_string()).collect();
        let years = years.join(", ");
        let why = tr!(
            "производственный календарь: {}",
            "production calendar: {}",
            name
        );
        self.change(actor, |tx| {
            tx.execute(
                "INSERT INTO production_file (name, text, years, at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, text, years, tx.at(), actor.login],
            )?;
            let id = tx.last_insert_rowid();
            let (marks, attendance) = move_lessons(
                tx,
                &preview.going,
                &preview.coming,
                |l| preview.days_off.get(&l.date).unwrap_or(&why).clone(),
                drop_entered,
            )?;
            tx.log(&AuditEntry {
                entity_id: Some(id),
                new: Some(tr!(
                    "производственный календарь «{}»: годы {}; уроков: −{} +{}; удалено отметок: {}, посещаемости: {}",
                    "production calendar «{}»: years {}; lessons: −{} +{}; marks dropped: {}, attendance: {}",
                    name,
                    years,
                    preview.going.len(),
                    preview.coming.len(),
                    marks,
                    attendance
                )),
                ..AuditEntry::new(Action::Import, Entity::Calendar)
            })
        })?;
        Ok(preview)
    }
}
