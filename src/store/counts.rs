//! Row counts of the journal's tables, for summaries (the demo school) and tests.

use super::{Result, Store, StoreError};

impl Store {
    /// Counts rows of a table, for summaries and tests.
    pub fn count(&self, table: &str) -> Result<i64> {
        const TABLES: &[&str] = &[
            "mark",
            "attendance",
            "lesson",
            "student",
            "staff",
            "course",
            "class",
            "audit",
            "final_mark",
            "plan_item",
            "timetable",
            "users",
            "enrollment",
            "parent_child",
        ];
        if !TABLES.contains(&table) {
            return Err(StoreError::Invalid(format!("unknown table {table}")));
        }
        Ok(self
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    }
}
