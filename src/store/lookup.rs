//! Finding a student the way a person names one: «7Б Иванов Иван» or a unique name.

use super::{Result, Store, StoreError};
use crate::domain::class_name::ClassName;
use crate::domain::ids::StudentId;
use crate::domain::names::{FullName, match_name};
use crate::tr;

impl Store {
    /// A student of the current year by «класс Фамилия Имя …» or by name alone; the
    /// name may be a unique prefix.
    pub fn find_student(&self, query: &str) -> Result<(StudentId, FullName)> {
        let q = query.trim();
        let (class, name) = match q.split_once(' ') {
            Some((first, rest)) => match ClassName::parse(first) {
                Ok(c) => (Some(c), rest.trim()),
                Err(_) => (None, q),
            },
            None => (None, q),
        };
        let mut candidates = Vec::new();
        for (id, c, _) in self.classes()? {
            if class.as_ref().is_some_and(|want| *want != c) {
                continue;
            }
            for s in self.class_students(id)? {
                candidates.push((s.name, s.id));
            }
        }
        match match_name(name, &candidates).as_slice() {
            [(n, id)] => Ok((*id, n.clone())),
            [] => Err(StoreError::NotFound(tr!(
                "нет ученика «{}»",
                "no student «{}»",
                q
            ))),
            many => Err(StoreError::Invalid(tr!(
                "«{}» подходит нескольким ученикам: {}; уточните (например, «7Б Фамилия Имя»)",
                "«{}» matches several students: {}; be more precise (e.g. «7Б Surname Name»)",
                q,
                many.iter()
                    .map(|(n, _)| n.full())
                    .collect::<Vec<_>>()
                    .join("; ")
            ))),
        }
    }
}
