//! `zhurnal check`: SQLite's own checks and the journal's invariants.

use rusqlite::Connection;

use super::{Result, Store, StoreError};
use crate::domain::enrollment::validate;
use crate::tr;

/// How many lines of SQLite's findings a message quotes.
const FOUND_LINES: usize = 3;

/// What SQLite's `quick_check` (or `integrity_check`) finds wrong in the file behind
/// `conn`, its first lines; `None` when the file is sound. An error here is the damage
/// itself more often than not (a file that is not a database).
pub(crate) fn damage_found(conn: &Connection, pragma: &str) -> rusqlite::Result<Option<String>> {
    let mut st = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let mut lines = Vec::new();
    for row in st.query_map([], |r| r.get::<_, String>(0))? {
        let row = row?;
        if row == "ok" {
            continue;
        }
        lines.extend(
            row.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("***"))
                .map(str::to_string),
        );
    }
    if lines.is_empty() {
        return Ok(None);
    }
    let more = lines.len().saturating_sub(FOUND_LINES);
    lines.truncate(FOUND_LINES);
    let mut found = lines.join("; ");
    if more > 0 {
        found.push_str(&tr!(" … и ещё {}", " … and {} more", more));
    }
    Ok(Some(found))
}

impl Store {
    /// SQLite's `quick_check` of the journal's pages (hundreds of milliseconds on a full
    /// year, so never at a cold start): a damaged file is reported, with what SQLite
    /// found and what to do, and remembered, so this store writes nothing more to it.
    pub fn quick_check(&self) -> Result<(), StoreError> {
        match damage_found(&self.conn, "quick_check") {
            Ok(None) => Ok(()),
            Ok(Some(found)) => Err(self.noted(StoreError::Damaged(None, found))),
            Err(e) => Err(self.noted(e.into())),
        }
    }

    /// Every problem found; an empty list means the journal is sound. A damaged file
    /// (SQLite's `integrity_check`) is an error of its own: nothing else can be trusted.
    pub fn check(&self) -> Result<Vec<String>> {
        self.check_all().map_err(|e| self.noted(e))
    }

    fn check_all(&self) -> Result<Vec<String>> {
        if let Some(found) = damage_found(&self.conn, "integrity_check")? {
            return Err(StoreError::Damaged(None, found));
        }
        let mut problems = Vec::new();
        let mut st = self.conn.prepare("PRAGMA foreign_key_check")?;
        for r in st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (table, rowid, parent) = r?;
            problems.push(format!(
                "foreign_key_check: {table} rowid {} → {parent}",
                rowid.map(|r| r.to_string()).unwrap_or_default()
            ));
        }
        if !problems.is_empty() {
            return Ok(problems);
        }

        // One class at a time.
        let by_student = self.all_histories()?;
        for (s, h) in &by_student {
            if let Err(e) = validate(&format!("student {s}"), h) {
                problems.push(e.to_string());
            }
        }

        let queries: [(&str, String); 7] = [
            (
                "SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id
                 JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id WHERE k.grade = 1",
                tr!("отметки в 1 классе", "marks in grade 1"),
            ),
            (
                "SELECT count(*) FROM lesson l JOIN course c ON c.id = l.course_id
                 JOIN class k ON k.id = c.class_id WHERE k.grade = 1 AND l.homework <> ''",
                tr!("домашние задания в 1 классе", "homework in grade 1"),
            ),
            (
                "SELECT count(*) FROM (SELECT m.student_id, l.date, c.class_id FROM mark m
                   JOIN lesson l ON l.id = m.lesson_id JOIN course c ON c.id = l.course_id
                 UNION ALL SELECT a.student_id, l.date, c.class_id FROM attendance a
                   JOIN lesson l ON l.id = a.lesson_id JOIN course c ON c.id = l.course_id) x
                 WHERE NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.student_id = x.student_id
                   AND e.class_id = x.class_id AND e.start_date <= x.date
                   AND (e.end_date IS NULL OR e.end_date > x.date))",
                tr!(
                    "отметки или посещаемость ученика, не числившегося в классе в день урока",
                    "marks or attendance of a student not enrolled in the class on the lesson day"
                ),
            ),
            (
                "SELECT count(*) FROM lesson l JOIN course c ON c.id = l.course_id
                 JOIN class k ON k.id = c.class_id
                 WHERE NOT EXISTS (SELECT 1 FROM period p WHERE p.year_id = k.year_id
                   AND k.grade BETWEEN p.grade_min AND p.grade_max
                   AND l.date BETWEEN p.start_date AND p.end_date
                   AND NOT EXISTS (SELECT 1 FROM last_day d WHERE d.year_id = k.year_id
                     AND k.grade BETWEEN d.grade_min AND d.grade_max AND l.date > d.day))",
                tr!("уроки вне учебных периодов", "lessons outside study periods"),
            ),
            (
                "SELECT count(*) FROM lesson l JOIN course c ON c.id = l.course_id
                 JOIN class k ON k.id = c.class_id JOIN holiday h ON l.date BETWEEN h.start_date AND h.end_date
                 AND k.grade BETWEEN h.grade_min AND h.grade_max
                 AND h.kind IN ('holiday', 'quarantine') AND (h.class_id IS NULL OR h.class_id = k.id)
                 WHERE l.cancelled_reason IS NULL",
                tr!("уроки в каникулы и праздники", "lessons on holidays"),
            ),
            (
                "SELECT count(*) FROM message m WHERE NOT EXISTS (SELECT 1 FROM thread_member t
                   WHERE t.thread_id = m.thread_id AND t.user_id = m.author_id)",
                tr!(
                    "сообщения от тех, кого нет в переписке",
                    "messages by someone outside their conversation"
                ),
            ),
            (
                "SELECT count(*) FROM message_read r JOIN message m ON m.id = r.message_id
                 WHERE NOT EXISTS (SELECT 1 FROM thread_member t
                   WHERE t.thread_id = m.thread_id AND t.user_id = r.user_id)",
                tr!(
                    "отметки о прочтении от тех, кого нет в переписке",
                    "read receipts by someone outside the conversation"
                ),
            ),
        ];
        for (sql, what) in queries {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            if n > 0 {
                problems.push(format!("{what}: {n}"));
            }
        }
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN course c ON c.id = l.course_id
             WHERE c.subgroup_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM subgroup_member g
               WHERE g.subgroup_id = c.subgroup_id AND g.student_id = m.student_id)",
            [],
            |r| r.get(0),
        )?;
        if n > 0 {
            problems.push(tr!(
                "отметки ученикам не из группы курса: {}",
                "marks for students outside the course's group: {}",
                n
            ));
        }
        Ok(problems)
    }
}
