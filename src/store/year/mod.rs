//! Closing a school year (001 §4.6): a read-only archive copy of the whole file, the
//! next year with the same calendar, and every student promoted by the director's
//! order. The rules — where a student goes, whose year finals are missing, the next
//! year's name and dates — are [`crate::domain::year`]'s; the archive copy is
//! `store/archive.rs`'s.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::{Transaction, TransactionBehavior};

use super::archive::{archive_path, remove_archive, write_archive};
use super::school::YearRow;
use super::{Result, Store, StoreError, fmt_date};
use crate::domain::class_name::ClassName;
use crate::domain::enrollment::Stay;
use crate::domain::ids::{ClassId, CourseId, StaffId, StudentId};
use crate::domain::names::{FullName, match_name, sort_key};
use crate::domain::policy::{Actor, may_administer};
use crate::domain::year::{
    Destination, FinalNeed, destination, missing_finals, next_year_name, parse_repeater, shift_year,
};
use crate::tr;

mod apply;
mod preview;
mod reads;

pub use preview::{ClassMove, CloseOptions, ClosePreview, DEFAULT_ORDER, MissingFinal};

use apply::{Move, Plan, apply};
use reads::{Enrolled, Member, OldClass, OldCourse};

impl Store {
    /// What `close_year` would do now; changes nothing.
    pub fn year_close_preview(&self, opts: &CloseOptions) -> Result<ClosePreview> {
        Ok(self.close_plan(opts)?.preview)
    }

    /// Archives the current year, opens the next one and promotes the students, all in
    /// one transaction after the archive copy. Returns what it did.
    pub fn close_year(&mut self, actor: &Actor, opts: &CloseOptions) -> Result<ClosePreview> {
        crate::domain::text::check(crate::domain::text::Field::Reason, &opts.order)?;
        may_administer(actor)?;
        self.ensure_writable()?;
        let at = self.stamp();
        let close = || -> Result<ClosePreview> {
            // The write lock is taken first, so the archive is exactly the state the
            // close starts from: nobody can commit in between.
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            let plan = self.close_plan(opts)?;
            let p = &plan.preview;
            if !p.missing_finals.is_empty() && !opts.allow_missing {
                return Err(StoreError::FinalsMissing(p.missing_finals.len()));
            }
            write_archive(&self.path, &p.archive_path, &p.year)?;
            let done = apply(&tx, actor, &at, &plan).and_then(|()| Ok(tx.commit()?));
            if let Err(e) = done {
                remove_archive(&p.archive_path);
                return Err(e);
            }
            Ok(plan.preview)
        };
        // A disk failure or damage met on the way is noted as for any other write.
        close().map_err(|e| self.noted(e))
    }

    /// Everything the close needs, read in one go (inside the close's transaction when
    /// closing).
    fn close_plan(&self, opts: &CloseOptions) -> Result<Plan> {
        let year = self.current_year()?;
        let calendar = self.calendar(year.id)?;
        let (Some(next_start), Some(next_end)) = (shift_year(year.start), shift_year(year.end))
        else {
            return Err(StoreError::Invalid(format!("{}: {}", year.name, year.end)));
        };
        let next_year = next_year_name(&year.name, next_start, next_end);
        let taken: i64 = self.conn.query_row(
            "SELECT count(*) FROM school_year WHERE name = ?1",
            [&next_year],
            |r| r.get(0),
        )?;
        if taken > 0 {
            return Err(StoreError::Invalid(tr!(
                "учебный год {} уже есть в журнале",
                "the school year {} already exists in the journal",
                next_year
            )));
        }
        let archive_path = archive_path(&self.path, opts.archive_dir.as_deref(), &year);
        if archive_path.exists() {
            return Err(StoreError::ArchiveExists(archive_path));
        }

        let classes = self.year_classes(year.id)?;
        let by_name: HashMap<ClassName, &OldClass> =
            classes.iter().map(|c| (c.name.clone(), c)).collect();
        let by_id: HashMap<ClassId, &OldClass> = classes.iter().map(|c| (c.id, c)).collect();
        let enrollments = self.year_enrollments(year.id)?;
        let current: Vec<&Enrolled> = enrollments
            .iter()
            .filter(|e| e.stay.end.is_none())
            .collect();
        let courses = self.year_courses(year.id)?;
        let members = self.year_members(year.id)?;

        let repeat_ids = find_repeaters(&opts.repeaters, &by_name, &current)?;

        // Where everyone goes.
        let mut moves = Vec::new();
        let mut per_class: BTreeMap<(i64, String), ClassMove> = BTreeMap::new();
        let mut repeaters = Vec::new();
        let mut new_classes: BTreeMap<ClassName, Option<StaffId>> = BTreeMap::new();
        let mut bad_dates = Vec::new();
        let graduation = year.end.succ_opt().unwrap_or(year.end);
        for e in &current {
            let Some(class) = by_id.get(&e.stay.class_id) else {
                continue;
            };
            let repeats = repeat_ids.contains(&e.student_id);
            let dest = destination(class.name.grade, repeats);
            let leaves = match dest {
                Destination::Graduate => graduation,
                Destination::Grade(_) => next_start,
            };
            if e.stay.start >= leaves {
                bad_dates.push(format!("{} {}", class.name, e.name.full()));
            }
            let to = match dest {
                Destination::Grade(g) => {
                    let to = ClassName {
                        grade: g,
                        letter: class.name.letter.clone(),
                    };
                    // A promoted class keeps its class teacher; one made for repeaters
                    // alone gets none.
                    let teacher = if repeats { None } else { class.teacher_id };
                    let slot = new_classes.entry(to.clone()).or_insert(None);
                    if slot.is_none() {
                        *slot = teacher;
                    }
                    Some(to)
                }
                Destination::Graduate => None,
            };
            if repeats {
                repeaters.push((e.name.full(), class.name.to_string()));
            } else {
                per_class
                    .entry((class.name.grade, class.name.letter.clone()))
                    .or_insert_with(|| ClassMove {
                        from: class.name.to_string(),
                        to: to.as_ref().map(|c| c.to_string()),
                        students: 0,
                        courses: 0,
                    })
                    .students += 1;
            }
            moves.push(Move {
                enrollment_id: e.id,
                student_id: e.student_id,
                old_class: e.stay.class_id,
                to,
            });
        }
        if !bad_dates.is_empty() {
            return Err(StoreError::Invalid(tr!(
                "зачисление начинается позже начала нового учебного года ({}): {}",
                "enrollment starts after the new school year's start ({}): {}",
                fmt_date(next_start),
                bad_dates.join("; ")
            )));
        }
        repeaters.sort_by_cached_key(|(n, c)| (c.clone(), n.to_lowercase().replace('ё', "е")));

        // The curriculum per class stays: new 8Б gets this year's 8Б courses.
        let mut carried = Vec::new();
        if opts.carry_courses {
            for to in new_classes.keys() {
                let Some(old) = by_name.get(to) else {
                    continue;
                };
                for c in courses.iter().filter(|c| c.class_id == old.id) {
                    carried.push((to.clone(), c.clone()));
                }
            }
        }
        for m in per_class.values_mut() {
            if let Some(to) = &m.to {
                m.courses = carried.iter().filter(|(c, _)| c.to_string() == *to).count();
            }
        }

        let missing = self.missing_year_finals(&year, &by_id, &enrollments, &courses, &members)?;
        let promoted = moves
            .iter()
            .filter(|m| m.to.is_some() && !repeat_ids.contains(&m.student_id))
            .count();
        let graduates = moves.iter().filter(|m| m.to.is_none()).count();
        let class_moves: Vec<ClassMove> = per_class.into_values().collect();
        Ok(Plan {
            preview: ClosePreview {
                year: year.name.clone(),
                next_year,
                next_start,
                next_end,
                missing_finals: missing,
                classes: class_moves,
                promoted,
                graduates,
                repeaters,
                courses: carried.len(),
                archive_path,
            },
            year,
            calendar,
            order: opts.order().to_string(),
            graduation,
            new_classes,
            moves,
            members,
            carried,
        })
    }

    fn missing_year_finals(
        &self,
        year: &YearRow,
        classes: &HashMap<ClassId, &OldClass>,
        enrollments: &[Enrolled],
        courses: &[OldCourse],
        members: &[Member],
    ) -> Result<Vec<MissingFinal>> {
        let mut st = self.conn.prepare(
            "SELECT f.course_id, f.student_id FROM final_mark f
             JOIN course c ON c.id = f.course_id JOIN class k ON k.id = c.class_id
             WHERE k.year_id = ?1 AND f.period_id IS NULL",
        )?;
        let finals: HashSet<(CourseId, StudentId)> = st
            .query_map([year.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // A course the school does not assess for the year takes no year final.
        let rules = self.assessment_rules()?;
        let needs: Vec<FinalNeed> = courses
            .iter()
            .filter_map(|c| {
                let k = classes.get(&c.class_id)?;
                let assessed = rules.kind(k.name.grade, &c.subject, None)
                    != crate::domain::grading::Assessment::None;
                assessed.then_some(k).map(|k| FinalNeed {
                    course_id: c.id,
                    class_id: c.class_id,
                    grade: k.name.grade,
                    subgroup_id: c.subgroup.as_ref().map(|(id, _)| *id),
                })
            })
            .collect();
        let enrolled: Vec<(StudentId, Stay)> = enrollments
            .iter()
            .map(|e| (e.student_id, e.stay.clone()))
            .collect();
        let in_groups: HashSet<(i64, StudentId)> = members
            .iter()
            .map(|m| (m.subgroup_id, m.student_id))
            .collect();
        let names: HashMap<StudentId, &FullName> = enrollments
            .iter()
            .map(|e| (e.student_id, &e.name))
            .collect();
        let course_of: HashMap<CourseId, &OldCourse> = courses.iter().map(|c| (c.id, c)).collect();
        let mut out: Vec<(ClassName, String, String, MissingFinal)> =
            missing_finals(&needs, &enrolled, year.end, &in_groups, &finals)
                .into_iter()
                .filter_map(|(course, student)| {
                    let c = course_of.get(&course)?;
                    let k = classes.get(&c.class_id)?;
                    let name = names.get(&student)?;
                    Some((
                        k.name.clone(),
                        c.title(),
                        sort_key(name),
                        MissingFinal {
                            class: k.name.to_string(),
                            subject: c.title(),
                            student: name.full(),
                        },
                    ))
                })
                .collect();
        out.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
        Ok(out.into_iter().map(|x| x.3).collect())
    }
}

/// Resolves `--repeat "7Б Фамилия Имя"` against the students enrolled now.
fn find_repeaters(
    wanted: &[String],
    classes: &HashMap<ClassName, &OldClass>,
    current: &[&Enrolled],
) -> Result<HashSet<StudentId>> {
    let mut ids = HashSet::new();
    for w in wanted {
        let (class, name) = parse_repeater(w).map_err(StoreError::Invalid)?;
        let Some(k) = classes.get(&class) else {
            return Err(StoreError::NotFound(tr!(
                "«{}»: класса {} нет в этом учебном году",
                "«{}»: there is no class {} this school year",
                w.trim(),
                class
            )));
        };
        let candidates: Vec<(FullName, StudentId)> = current
            .iter()
            .filter(|e| e.stay.class_id == k.id)
            .map(|e| (e.name.clone(), e.student_id))
            .collect();
        match match_name(&name, &candidates).as_slice() {
            [(_, id)] => {
                ids.insert(*id);
            }
            [] => {
                return Err(StoreError::NotFound(tr!(
                    "«{}»: в {} нет ученика «{}»",
                    "«{}»: {} has no student «{}»",
                    w.trim(),
                    class,
                    name
                )));
            }
            many => {
                return Err(StoreError::Invalid(tr!(
                    "«{}» подходит нескольким ученикам {}: {}; уточните имя",
                    "«{}» matches several students of {}: {}; give more of the name",
                    w.trim(),
                    class,
                    many.iter()
                        .map(|(n, _)| n.full())
                        .collect::<Vec<_>>()
                        .join("; ")
                )));
            }
        }
    }
    Ok(ids)
}
