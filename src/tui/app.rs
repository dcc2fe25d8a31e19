//! The overview's state and what keys do to it.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::i18n::pick;
use crate::store::{Result, Store};

/// One class with its courses' lines.
#[derive(Debug, Clone)]
pub struct ClassEntry {
    pub name: String,
    pub teacher: String,
    pub students: usize,
    pub courses: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub school: String,
    pub year: String,
    pub today: String,
    pub period: String,
    pub classes: Vec<ClassEntry>,
    pub selected: usize,
    pub status: String,
    pub quit: bool,
}

impl App {
    pub fn load(store: &Store) -> Result<App> {
        let settings = store.settings()?;
        let year = store.current_year()?;
        let cal = store.calendar(year.id)?;
        let today = store.today();
        let period = cal
            .period_of(today)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| pick("вне учебных периодов", "outside study periods").to_string());
        let courses = store.courses()?;
        let mut classes = Vec::new();
        for (id, name, _) in store.classes()? {
            let list: Vec<_> = courses.iter().filter(|c| c.class_id == id).collect();
            let teacher = store
                .class_teacher_name(id)?
                .map(|n| n.initials())
                .unwrap_or_default();
            classes.push(ClassEntry {
                name: name.to_string(),
                teacher,
                students: store.class_students(id)?.len(),
                courses: list
                    .iter()
                    .map(|c| {
                        let title = match &c.subgroup {
                            Some((_, g)) => format!("{} ({} {g})", c.subject, pick("гр.", "gr.")),
                            None => c.subject.clone(),
                        };
                        format!("{title} — {}", c.teacher.initials())
                    })
                    .collect(),
            });
        }
        Ok(App {
            school: if settings.short_name.is_empty() {
                settings.name
            } else {
                settings.short_name
            },
            year: year.name,
            today: today.format("%d.%m.%Y").to_string(),
            period,
            classes,
            selected: 0,
            status: pick("↑↓ класс · q выход", "↑↓ class · q quit").to_string(),
            quit: false,
        })
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Char('q') | KeyCode::Char('й') | KeyCode::Esc => self.quit = true,
            KeyCode::Down | KeyCode::Char('j') => {
                if self.selected + 1 < self.classes.len() {
                    self.selected += 1;
                }
            }
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = self.classes.len().saturating_sub(1),
            _ => {
                self.status = pick(
                    "эта клавиша здесь ничего не делает · ↑↓ класс · q выход",
                    "that key does nothing here · ↑↓ class · q quit",
                )
                .to_string();
            }
        }
    }
}
