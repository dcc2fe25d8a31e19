//! Closing a school year (001 §4.6): a read-only archive copy of the whole file, the
//! next year with the same calendar, and every student promoted by the director's
//! order. The rules — where a student goes, whose year finals are missing, the next
//! year's name and dates — are [`crate::domain::year`]'s; the archive copy is
//! `store/archive.rs`'s.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use chrono::NaiveDate;
use rusqlite::{Transaction, TransactionBehavior, params};

use super::archive::{archive_path, remove_archive, write_archive};
use super::audit::{AuditEntry, record};
use super::school::YearRow;
use super::{Result, Store, StoreError, fmt_date, fmt_time, parse_date};
use crate::domain::calendar::Calendar;
use crate::domain::class_name::ClassName;
use crate::domain::enrollment::Stay;
use crate::domain::names::{FullName, match_name, sort_key};
use crate::domain::policy::{Actor, may_administer};
use crate::domain::year::{
    Destination, FinalNeed, destination, missing_finals, next_year_name, parse_repeater, shift_year,
};
use crate::tr;

/// The order recorded on every enrollment the close ends or starts, unless the
/// director's order is given. Records are kept in Russian (003 §5).
pub const DEFAULT_ORDER: &str = "Приказ о переводе в следующий класс";

/// What the administrator asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CloseOptions {
    /// Where the archive goes; default: beside the journal.
    pub archive_dir: Option<PathBuf>,
    /// The director's order; empty: [`DEFAULT_ORDER`].
    pub order: String,
    /// «7Б Фамилия Имя»: students who stay in their grade.
    pub repeaters: Vec<String>,
    /// Give each new class the courses its grade and letter had this year.
    pub carry_courses: bool,
    /// Close even though some year finals are missing.
    pub allow_missing: bool,
}

impl CloseOptions {
    fn order(&self) -> &str {
        match self.order.trim() {
            "" => DEFAULT_ORDER,
            o => o,
        }
    }
}

/// A student enrolled at the year's end without a year final in one of their courses.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingFinal {
    pub class: String,
    pub subject: String,
    pub student: String,
}

/// One class of the closing year and where its students go.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassMove {
    /// «7Б».
    pub from: String,
    /// «8Б»; `None` when the class graduates.
    pub to: Option<String>,
    /// Students moving (graduating for the 11th grade), repeaters not counted.
    pub students: usize,
    /// Courses the new class gets (with `carry_courses` only).
    pub courses: usize,
}

/// What closing the year does (or did).
#[derive(Debug, Clone, PartialEq)]
pub struct ClosePreview {
    pub year: String,
    pub next_year: String,
    pub next_start: NaiveDate,
    pub next_end: NaiveDate,
    pub missing_finals: Vec<MissingFinal>,
    pub classes: Vec<ClassMove>,
    /// Students promoted to the next grade.
    pub promoted: usize,
    pub graduates: usize,
    /// (student's full name, class).
    pub repeaters: Vec<(String, String)>,
    /// Courses copied into the new year.
    pub courses: usize,
    pub archive_path: PathBuf,
}

impl Store {
    /// What `close_year` would do now; changes nothing.
    pub fn year_close_preview(&self, opts: &CloseOptions) -> Result<ClosePreview> {
        Ok(self.close_plan(opts)?.preview)
    }

    /// Archives the current year, opens the next one and promotes the students, all in
    /// one transaction after the archive copy. Returns what it did.
    pub fn close_year(&mut self, actor: &Actor, opts: &CloseOptions) -> Result<ClosePreview> {
        may_administer(actor)?;
        self.ensure_writable()?;
        let at = fmt_time(self.now());
        // The write lock is taken first, so the archive is exactly the state the close
        // starts from: nobody can commit in between.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let plan = self.close_plan(opts)?;
        let p = &plan.preview;
        if !p.missing_finals.is_empty() && !opts.allow_missing {
            return Err(StoreError::Invalid(tr!(
                "не выставлено годовых отметок: {}; год не закрыт (--allow-missing закрывает его всё равно)",
                "{} year finals are missing; the year is not closed (--allow-missing closes it anyway)",
                p.missing_finals.len()
            )));
        }
        write_archive(&self.path, &p.archive_path, &p.year)?;
        let done = apply(&tx, actor, &at, &plan).and_then(|()| Ok(tx.commit()?));
        if let Err(e) = done {
            remove_archive(&p.archive_path);
            return Err(e);
        }
        Ok(plan.preview)
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
            return Err(StoreError::Invalid(tr!(
                "архив уже существует: {}; удалите его или укажите другой --archive-dir",
                "the archive already exists: {}; remove it or choose another --archive-dir",
                archive_path.display()
            )));
        }

        let classes = self.year_classes(year.id)?;
        let by_name: HashMap<ClassName, &OldClass> =
            classes.iter().map(|c| (c.name.clone(), c)).collect();
        let by_id: HashMap<i64, &OldClass> = classes.iter().map(|c| (c.id, c)).collect();
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
        let mut new_classes: BTreeMap<ClassName, Option<i64>> = BTreeMap::new();
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
        classes: &HashMap<i64, &OldClass>,
        enrollments: &[Enrolled],
        courses: &[OldCourse],
        members: &[Member],
    ) -> Result<Vec<MissingFinal>> {
        let mut st = self.conn.prepare(
            "SELECT f.course_id, f.student_id FROM final_mark f
             JOIN course c ON c.id = f.course_id JOIN class k ON k.id = c.class_id
             WHERE k.year_id = ?1 AND f.period_id IS NULL",
        )?;
        let finals: HashSet<(i64, i64)> = st
            .query_map([year.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let needs: Vec<FinalNeed> = courses
            .iter()
            .filter_map(|c| {
                classes.get(&c.class_id).map(|k| FinalNeed {
                    course_id: c.id,
                    class_id: c.class_id,
                    grade: k.name.grade,
                    subgroup_id: c.subgroup.as_ref().map(|(id, _)| *id),
                })
            })
            .collect();
        let enrolled: Vec<(i64, Stay)> = enrollments
            .iter()
            .map(|e| (e.student_id, e.stay.clone()))
            .collect();
        let in_groups: HashSet<(i64, i64)> = members
            .iter()
            .map(|m| (m.subgroup_id, m.student_id))
            .collect();
        let names: HashMap<i64, &FullName> = enrollments
            .iter()
            .map(|e| (e.student_id, &e.name))
            .collect();
        let course_of: HashMap<i64, &OldCourse> = courses.iter().map(|c| (c.id, c)).collect();
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

    fn year_classes(&self, year_id: i64) -> Result<Vec<OldClass>> {
        let mut st = self.conn.prepare(
            "SELECT id, grade, letter, teacher_id FROM class WHERE year_id = ?1 ORDER BY grade, letter",
        )?;
        let rows = st
            .query_map([year_id], |r| {
                Ok(OldClass {
                    id: r.get(0)?,
                    name: ClassName {
                        grade: r.get(1)?,
                        letter: r.get(2)?,
                    },
                    teacher_id: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn year_enrollments(&self, year_id: i64) -> Result<Vec<Enrolled>> {
        let mut st = self.conn.prepare(
            "SELECT e.id, e.student_id, e.class_id, e.start_date, e.end_date,
                    s.last_name, s.first_name, s.patronymic
             FROM enrollment e JOIN class k ON k.id = e.class_id JOIN student s ON s.id = e.student_id
             WHERE k.year_id = ?1 ORDER BY e.id",
        )?;
        let rows = st
            .query_map([year_id], |r| {
                let end: Option<String> = r.get(4)?;
                Ok(Enrolled {
                    id: r.get(0)?,
                    student_id: r.get(1)?,
                    stay: Stay {
                        class_id: r.get(2)?,
                        start: parse_date(&r.get::<_, String>(3)?)?,
                        end: end.map(|e| parse_date(&e)).transpose()?,
                    },
                    name: FullName::new(
                        &r.get::<_, String>(5)?,
                        &r.get::<_, String>(6)?,
                        &r.get::<_, String>(7)?,
                    ),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn year_courses(&self, year_id: i64) -> Result<Vec<OldCourse>> {
        let mut st = self.conn.prepare(
            "SELECT c.id, c.class_id, c.subject_id, s.name, c.subgroup_id, g.name, c.teacher_id, c.hours
             FROM course c JOIN class k ON k.id = c.class_id JOIN subject s ON s.id = c.subject_id
             LEFT JOIN subgroup g ON g.id = c.subgroup_id
             WHERE k.year_id = ?1 ORDER BY c.id",
        )?;
        let rows = st
            .query_map([year_id], |r| {
                let sg: Option<i64> = r.get(4)?;
                let sg_name: Option<String> = r.get(5)?;
                Ok(OldCourse {
                    id: r.get(0)?,
                    class_id: r.get(1)?,
                    subject_id: r.get(2)?,
                    subject: r.get(3)?,
                    subgroup: sg.zip(sg_name),
                    teacher_id: r.get(6)?,
                    hours: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn year_members(&self, year_id: i64) -> Result<Vec<Member>> {
        let mut st = self.conn.prepare(
            "SELECT m.subgroup_id, m.student_id, g.class_id, g.name
             FROM subgroup_member m JOIN subgroup g ON g.id = m.subgroup_id
             JOIN class k ON k.id = g.class_id WHERE k.year_id = ?1",
        )?;
        let rows = st
            .query_map([year_id], |r| {
                Ok(Member {
                    subgroup_id: r.get(0)?,
                    student_id: r.get(1)?,
                    class_id: r.get(2)?,
                    name: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// A class of the closing year.
#[derive(Debug, Clone)]
struct OldClass {
    id: i64,
    name: ClassName,
    teacher_id: Option<i64>,
}

/// One enrollment in a class of the closing year.
#[derive(Debug, Clone)]
struct Enrolled {
    id: i64,
    student_id: i64,
    stay: Stay,
    name: FullName,
}

#[derive(Debug, Clone)]
struct OldCourse {
    id: i64,
    class_id: i64,
    subject_id: i64,
    subject: String,
    subgroup: Option<(i64, String)>,
    teacher_id: i64,
    hours: f64,
}

impl OldCourse {
    /// «Алгебра» or «Английский язык (гр. 1)».
    fn title(&self) -> String {
        match &self.subgroup {
            Some((_, g)) => format!("{} ({} {g})", self.subject, crate::i18n::pick("гр.", "gr.")),
            None => self.subject.clone(),
        }
    }
}

#[derive(Debug, Clone)]
struct Member {
    subgroup_id: i64,
    student_id: i64,
    class_id: i64,
    name: String,
}

/// A student's move: the enrollment that ends and the class (by name) of the new year,
/// `None` for a graduate.
#[derive(Debug, Clone)]
struct Move {
    enrollment_id: i64,
    student_id: i64,
    old_class: i64,
    to: Option<ClassName>,
}

struct Plan {
    preview: ClosePreview,
    year: YearRow,
    calendar: Calendar,
    order: String,
    graduation: NaiveDate,
    /// The new year's classes with their class teacher.
    new_classes: BTreeMap<ClassName, Option<i64>>,
    moves: Vec<Move>,
    members: Vec<Member>,
    carried: Vec<(ClassName, OldCourse)>,
}

/// Resolves `--repeat "7Б Фамилия Имя"` against the students enrolled now.
fn find_repeaters(
    wanted: &[String],
    classes: &HashMap<ClassName, &OldClass>,
    current: &[&Enrolled],
) -> Result<HashSet<i64>> {
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
        let candidates: Vec<(FullName, i64)> = current
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

/// All writes of the close, in the caller's transaction.
fn apply(tx: &Transaction, actor: &Actor, at: &str, plan: &Plan) -> Result<()> {
    let p = &plan.preview;
    tx.execute(
        "INSERT INTO school_year (name, start_date, end_date) VALUES (?1, ?2, ?3)",
        params![p.next_year, fmt_date(p.next_start), fmt_date(p.next_end)],
    )?;
    let year_id = tx.last_insert_rowid();
    let shifted =
        |d: NaiveDate| shift_year(d).ok_or_else(|| StoreError::Invalid(format!("{}: {d}", p.year)));
    for per in &plan.calendar.periods {
        tx.execute(
            "INSERT INTO period (year_id, num, name, start_date, end_date) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                year_id,
                per.num,
                per.name,
                fmt_date(shifted(per.start)?),
                fmt_date(shifted(per.end)?)
            ],
        )?;
    }
    for h in &plan.calendar.holidays {
        tx.execute(
            "INSERT INTO holiday (year_id, name, start_date, end_date, grade_min, grade_max)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                year_id,
                h.name,
                fmt_date(shifted(h.start)?),
                fmt_date(shifted(h.end)?),
                h.grade_min,
                h.grade_max
            ],
        )?;
    }
    tx.execute(
        "UPDATE school_year SET closed = 1 WHERE id = ?1",
        [plan.year.id],
    )?;

    let mut class_ids: HashMap<&ClassName, i64> = HashMap::new();
    for (c, teacher) in &plan.new_classes {
        tx.execute(
            "INSERT INTO class (year_id, grade, letter, teacher_id) VALUES (?1, ?2, ?3, ?4)",
            params![year_id, c.grade, c.letter, teacher],
        )?;
        class_ids.insert(c, tx.last_insert_rowid());
    }
    let mut subgroups: HashMap<(i64, String), i64> = HashMap::new();
    let mut subgroup = |class_id: i64, name: &str| -> Result<i64> {
        if let Some(id) = subgroups.get(&(class_id, name.to_string())) {
            return Ok(*id);
        }
        tx.execute(
            "INSERT INTO subgroup (class_id, name) VALUES (?1, ?2)",
            params![class_id, name],
        )?;
        let id = tx.last_insert_rowid();
        subgroups.insert((class_id, name.to_string()), id);
        Ok(id)
    };

    let mut groups_of: HashMap<(i64, i64), Vec<&str>> = HashMap::new();
    for m in &plan.members {
        groups_of
            .entry((m.student_id, m.class_id))
            .or_default()
            .push(&m.name);
    }
    let start = fmt_date(p.next_start);
    let graduation = fmt_date(plan.graduation);
    let order = plan.order.as_str();
    let mut end = tx.prepare(
        "UPDATE enrollment SET end_date = ?2, end_kind = ?3, end_order = ?4
         WHERE id = ?1 AND end_date IS NULL",
    )?;
    let mut begin = tx.prepare(
        "INSERT INTO enrollment (student_id, class_id, start_date, start_kind, start_order)
         VALUES (?1, ?2, ?3, 'transfer', ?4)",
    )?;
    let mut join = tx.prepare(
        "INSERT OR IGNORE INTO subgroup_member (subgroup_id, student_id) VALUES (?1, ?2)",
    )?;
    for m in &plan.moves {
        let Some(to) = &m.to else {
            end.execute(params![m.enrollment_id, graduation, "graduation", order])?;
            continue;
        };
        let Some(class_id) = class_ids.get(to).copied() else {
            continue;
        };
        end.execute(params![m.enrollment_id, start, "transfer", order])?;
        begin.execute(params![m.student_id, class_id, start, order])?;
        // The old class's memberships stay: they explain its marks.
        for g in groups_of
            .get(&(m.student_id, m.old_class))
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            join.execute(params![subgroup(class_id, g)?, m.student_id])?;
        }
    }
    for (to, c) in &plan.carried {
        let Some(class_id) = class_ids.get(to).copied() else {
            continue;
        };
        let sg = match &c.subgroup {
            Some((_, name)) => Some(subgroup(class_id, name)?),
            None => None,
        };
        tx.execute(
            "INSERT INTO course (class_id, subgroup_id, subject_id, teacher_id, hours)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![class_id, sg, c.subject_id, c.teacher_id, c.hours],
        )?;
    }
    record(
        tx,
        actor,
        at,
        &AuditEntry {
            action: "year_close",
            entity: "year",
            entity_id: Some(plan.year.id),
            old: Some(p.year.clone()),
            new: Some(format!(
                "{} promoted={} graduated={} repeaters={} classes={} courses={} order={}",
                p.next_year,
                p.promoted,
                p.graduates,
                p.repeaters.len(),
                plan.new_classes.len(),
                p.courses,
                order
            )),
            ..Default::default()
        },
    )
}
