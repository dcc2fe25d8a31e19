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
            "assessment",
            "assessment_result",
            "overall_final",
        ];
        if !TABLES.contains(&table) {
            return Err(StoreError::Invalid(format!("unknown table {table}")));
        }
        Ok(self
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    }

    /// How dense a journal's marks are, as a deputy judges a demo: marks per student
    /// per subject per month over the lessons held up to `until` (the grades that get
    /// marks), and the share of «н/а» among period finals, in percent.
    pub fn mark_figures(&self, until: chrono::NaiveDate) -> Result<(f64, f64)> {
        let until = super::fmt_date(until);
        // Each student in each of their courses, for the days they were in the class:
        // (student, course, months) summed as student-course-months.
        let months: f64 = self.conn.query_row(
            "SELECT coalesce(sum(
                 (julianday(min(coalesce(e.end_date, ?1), ?1)) - julianday(e.start_date)) / 30.44), 0)
             FROM course c JOIN class k ON k.id = c.class_id
             JOIN enrollment e ON e.class_id = c.class_id
             JOIN school_year y ON y.id = k.year_id
             WHERE k.grade > 1 AND e.start_date < ?1 AND y.closed = 0
               AND (c.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member m
                    WHERE m.subgroup_id = c.subgroup_id AND m.student_id = e.student_id))",
            [&until],
            |r| r.get(0),
        )?;
        // The breaks are no months of study: the share of the days so far that had lessons.
        let (days, school_days): (f64, f64) = self.conn.query_row(
            "SELECT julianday(?1) - julianday(min(start_date)) + 1,
                    (SELECT count(DISTINCT l.date) FROM lesson l WHERE l.date <= ?1
                       AND l.date >= (SELECT min(start_date) FROM school_year WHERE closed = 0)
                       AND l.cancelled_reason IS NULL)
             FROM school_year y WHERE y.closed = 0",
            [&until],
            |r| Ok((r.get::<_, Option<f64>>(0)?.unwrap_or(0.0), r.get(1)?)),
        )?;
        let study = if days > 0.0 {
            school_days / (days * 5.0 / 7.0)
        } else {
            0.0
        };
        let marks: f64 = self.conn.query_row(
            "SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id
             JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
             JOIN school_year y ON y.id = k.year_id WHERE l.date <= ?1 AND y.closed = 0",
            [&until],
            |r| r.get(0),
        )?;
        let (na, finals): (f64, f64) = self.conn.query_row(
            "SELECT count(*) FILTER (WHERE f.value = 'н/а'), count(*) FROM final_mark f
             JOIN course c ON c.id = f.course_id JOIN class k ON k.id = c.class_id
             JOIN school_year y ON y.id = k.year_id WHERE f.period_id IS NOT NULL AND y.closed = 0",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let per_month = if months * study > 0.0 {
            marks / (months * study.min(1.0))
        } else {
            0.0
        };
        let na_share = if finals > 0.0 {
            100.0 * na / finals
        } else {
            0.0
        };
        Ok((per_month, na_share))
    }
}
