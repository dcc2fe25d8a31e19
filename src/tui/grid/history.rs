//! Undo and redo of a user's own changes in this session. Every step is applied through
//! the store, so it is checked and audited like any other change.

use std::collections::HashMap;

use crate::domain::ids::{LessonId, MarkId, StudentId};
use crate::domain::policy::Actor;
use crate::store::marks::{Expect, MarkRecord};
use crate::store::{Result, Store};

/// One user action, as much as is needed to apply it again or take it back.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    MarkAdded(MarkRecord),
    MarkRemoved(MarkRecord),
    Attendance {
        lesson_id: LessonId,
        student_id: StudentId,
        old: Option<String>,
        new: Option<String>,
    },
    /// Several students of one lesson at once (everyone present).
    Column {
        lesson_id: LessonId,
        changes: Vec<(StudentId, Option<String>, Option<String>)>,
    },
    WorkType {
        mark_id: MarkId,
        old: i64,
        new: i64,
    },
    Comment {
        mark_id: MarkId,
        old: String,
        new: String,
    },
    /// Steps taken together (clearing a cell), undone in reverse order.
    Group(Vec<Change>),
}

/// The session's undo and redo stacks.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// A mark put back gets a new id; later steps still name the old one.
    renamed: HashMap<MarkId, MarkId>,
}

impl History {
    /// Records a step just done; a new step ends the redo chain.
    pub fn push(&mut self, change: Change) {
        self.undo.push(change);
        self.redo.clear();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Takes the last step back. `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self, store: &mut Store, actor: &Actor) -> Result<Option<Change>> {
        let Some(mut c) = self.undo.pop() else {
            return Ok(None);
        };
        match self.apply(store, actor, &mut c, false) {
            Ok(()) => {
                self.redo.push(c.clone());
                Ok(Some(c))
            }
            Err(e) => {
                self.undo.push(c);
                Err(e)
            }
        }
    }

    /// Does the last undone step again.
    pub fn redo(&mut self, store: &mut Store, actor: &Actor) -> Result<Option<Change>> {
        let Some(mut c) = self.redo.pop() else {
            return Ok(None);
        };
        match self.apply(store, actor, &mut c, true) {
            Ok(()) => {
                self.undo.push(c.clone());
                Ok(Some(c))
            }
            Err(e) => {
                self.redo.push(c);
                Err(e)
            }
        }
    }

    /// The id a mark has now. Mark ids are never reused, so renames only ever lead to
    /// newer ids; the bound guards against a damaged history all the same.
    fn current(&self, mut id: MarkId) -> MarkId {
        for _ in 0..=self.renamed.len() {
            match self.renamed.get(&id) {
                Some(n) if *n != id => id = *n,
                _ => break,
            }
        }
        id
    }

    /// Puts a mark back (`add`) or removes it again.
    fn mark(
        &mut self,
        store: &mut Store,
        actor: &Actor,
        rec: &MarkRecord,
        add: bool,
    ) -> Result<()> {
        if add {
            let new_id = store.restore_mark(actor, rec)?;
            let old = self.current(rec.id);
            if old != new_id {
                self.renamed.insert(old, new_id);
            }
        } else {
            store.delete_mark(actor, self.current(rec.id), Expect::Anything)?;
        }
        Ok(())
    }

    fn apply(
        &mut self,
        store: &mut Store,
        actor: &Actor,
        c: &mut Change,
        forward: bool,
    ) -> Result<()> {
        match c {
            Change::MarkAdded(rec) => self.mark(store, actor, rec, forward),
            Change::MarkRemoved(rec) => self.mark(store, actor, rec, !forward),
            Change::Attendance {
                lesson_id,
                student_id,
                old,
                new,
            } => {
                let code = if forward {
                    new.as_deref()
                } else {
                    old.as_deref()
                };
                store.set_attendance(actor, *lesson_id, *student_id, code, Expect::Anything)
            }
            Change::Column { lesson_id, changes } => {
                let target: Vec<(StudentId, Option<String>)> = changes
                    .iter()
                    .map(|(s, old, new)| (*s, if forward { new.clone() } else { old.clone() }))
                    .collect();
                store.set_column_attendance(actor, *lesson_id, &target)
            }
            Change::WorkType { mark_id, old, new } => {
                let id = self.current(*mark_id);
                store.set_mark_work_type(actor, id, if forward { *new } else { *old })
            }
            Change::Comment { mark_id, old, new } => {
                let id = self.current(*mark_id);
                store.set_mark_comment(actor, id, if forward { new } else { old })
            }
            Change::Group(steps) => {
                if forward {
                    for s in steps.iter_mut() {
                        self.apply(store, actor, s, true)?;
                    }
                } else {
                    for s in steps.iter_mut().rev() {
                        self.apply(store, actor, s, false)?;
                    }
                }
                Ok(())
            }
        }
    }
}
