//! Empty journal cells that teachers may mark, found through the store: the load and
//! crash tests write marks into them from child processes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use zhurnal::domain::enrollment::{Stay, class_on};
use zhurnal::domain::ids::{LessonId, StaffId, StudentId};
use zhurnal::store::Store;

/// The day the writers work on: late in the 2nd quarter (the journal's history ends on
/// the tests' today, 20.11), so that every teacher has lessons enough held by then in
/// a period still open; a later lesson takes no marks.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 15).expect("a date")
}

/// One teacher's empty cells, as (lesson, student).
#[derive(Debug, Clone)]
pub struct Pool {
    pub login: String,
    pub cells: Vec<(LessonId, StudentId)>,
}

/// Empty cells up to `teachers` teachers (by staff id, one with too few giving way to
/// the next) may mark today, `size(k)` each when `k` teachers are taken: lessons held by today of their own courses (no
/// substitutions) in periods still open, not cancelled, not in grade 1, for students in the class on the
/// lesson's date. No cell is in two pools.
pub fn pools(db: &Path, teachers: usize, size: impl Fn(usize) -> usize) -> Vec<Pool> {
    let mut store = Store::open(db).expect("open");
    store.set_today(Some(today()));
    let mut by_teacher: BTreeMap<StaffId, Vec<_>> = BTreeMap::new();
    for c in store.courses().expect("courses") {
        if c.class.grade > 1 {
            by_teacher.entry(c.teacher_id).or_default().push(c);
        }
    }
    // Teachers in order; one without enough open cells (a primary teacher's ОРКСЭ is
    // pass/fail) gives way to the next.
    let taken: Vec<StaffId> = by_teacher.keys().copied().collect();
    // Each teacher's cells are gathered up to what one teacher alone would need.
    let want = size(1);
    let mut histories: HashMap<StudentId, Vec<Stay>> = HashMap::new();
    let mut pools = Vec::new();
    for t in &taken {
        let actor = store.actor_for_staff(*t).expect("teacher's account");
        let mut cells = Vec::new();
        'courses: for course in by_teacher.get(t).into_iter().flatten() {
            // The course's own periods: its grade's quarters or halves.
            for p in &store.course_periods(course.id).expect("periods") {
                if store.period_locked(course.id, p).expect("lock") {
                    continue;
                }
                let page = store
                    .journal_page(&actor, course.id, p)
                    .expect("journal page");
                // Marks 1–5 only: not a pass/fail course (ОРКСЭ) nor a period not assessed.
                if page.assessment != zhurnal::domain::grading::Assessment::Marks {
                    continue;
                }
                for l in &page.lessons {
                    // A lesson of a later day takes no marks yet.
                    if l.date > today() || l.conducted_by.is_some_and(|s| s != course.teacher_id) {
                        continue;
                    }
                    for s in &page.students {
                        let history = histories
                            .entry(s.id)
                            .or_insert_with(|| store.student_history(s.id).expect("history"));
                        let enrolled = class_on(history, l.date) == Some(course.class_id)
                            && !page.exempt.contains_key(&s.id);
                        if enrolled && !page.marks.contains_key(&(l.id, s.id)) {
                            cells.push((l.id, s.id));
                            if cells.len() == want {
                                break 'courses;
                            }
                        }
                    }
                }
            }
        }
        pools.push(Pool {
            login: actor.login,
            cells,
        });
    }
    // The most teachers (up to `teachers`) that each have `size(k)` cells for `k` of them.
    for k in (1..=teachers.min(pools.len())).rev() {
        let need = size(k);
        let enough: Vec<Pool> = pools
            .iter()
            .filter(|p| p.cells.len() >= need)
            .take(k)
            .map(|p| Pool {
                login: p.login.clone(),
                cells: p.cells[..need].to_vec(),
            })
            .collect();
        if enough.len() == k {
            return enough;
        }
    }
    panic!("no teacher has enough open cells");
}

/// Every mark as (id, lesson, student, value — 11 «зач», 10 «незач» —, author's login), read without the store.
pub fn marks(db: &Path) -> HashSet<(i64, i64, i64, i64, String)> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    let mut st = conn
        .prepare(
            "SELECT m.id, m.lesson_id, m.student_id, coalesce(m.value, 10 + m.passed), ifnull(u.login, '')
             FROM mark m LEFT JOIN users u ON u.id = m.author_id",
        )
        .expect("prepare");
    st.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("marks")
}
