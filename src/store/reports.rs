//! Control reports: the rows they count, read for one period and (optionally) one
//! class. The counting is [`crate::domain::reports`]'s; who may read is asked first.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::plan::PlanReport;
use super::{Result, Store, fmt_date, parse_date};
use crate::domain::audit::{Action, Entity};
use crate::domain::calendar::Period;
use crate::domain::ids::{ClassId, CourseId, StaffId, StudentId};
use crate::domain::names::{FullName, sort_key};
use crate::domain::policy::Actor;
use crate::domain::reports::{
    Absences, FillCounts, LagStats, QualityCounts, may_read_reports, may_read_staff_reports,
    short_of_marks,
};

/// One class and subject in the quality report (a subject split into groups is counted
/// once, over both groups).
#[derive(Debug, Clone, PartialEq)]
pub struct QualityRow {
    pub class: String,
    pub subject: String,
    pub counts: QualityCounts,
}

/// A student short of marks in a course.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortRow {
    pub course_id: CourseId,
    pub course: String,
    pub subject: String,
    pub teacher_id: StaffId,
    pub student_id: StudentId,
    pub student: String,
    pub marks: i64,
    /// The marks the period needs in this course (by its weekly hours).
    pub minimum: i64,
}

/// The attendance report of one class.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceTable {
    pub class: String,
    /// The absence codes (absent = 1) in the school's order.
    pub codes: Vec<String>,
    /// Each student enrolled in the period, in journal order.
    pub students: Vec<(StudentId, String, Absences)>,
    pub total: Absences,
}

/// The summary sheet of one class: students × subjects.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryTable {
    pub class: String,
    pub subjects: Vec<String>,
    pub students: Vec<SummaryRow>,
}

/// One student's line of the summary sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub student_id: StudentId,
    pub name: String,
    /// Per subject, in the order of [`SummaryTable::subjects`]: the period final and
    /// the year final (empty when not set).
    pub finals: Vec<(String, String)>,
}

/// The classes a report covers: one, or all of the current year.
fn class_filter(class_id: Option<ClassId>, period: &Period) -> String {
    // A period is of some grades only (quarters for 1–9, halves for 10–11): the classes
    // of other grades have periods of their own.
    let grades = format!(
        "k.grade BETWEEN {} AND {}",
        period.grade_min, period.grade_max
    );
    if class_id.is_some() {
        format!("k.id = ?2 AND {grades}")
    } else {
        format!("?2 IS NULL AND {grades}")
    }
}

/// Students of a class enrolled at some day of the period.
const ENROLLED: &str = "e.start_date <= ?3 AND (e.end_date IS NULL OR e.end_date > ?4)";

impl Store {
    /// «7Б».
    pub fn class_label(&self, class_id: ClassId) -> Result<String> {
        Ok(self.row(
            "SELECT grade || letter FROM class WHERE id = ?1",
            [class_id],
            |r| r.get(0),
        )?)
    }

    /// The class's grade.
    pub fn class_grade(&self, class_id: ClassId) -> Result<i64> {
        Ok(
            self.row("SELECT grade FROM class WHERE id = ?1", [class_id], |r| {
                r.get(0)
            })?,
        )
    }

    fn year_id(&self) -> Result<i64> {
        Ok(self.current_year()?.id)
    }

    /// Успеваемость и качество: per class and subject, the period finals counted by
    /// value.
    pub fn quality_report(
        &self,
        actor: &Actor,
        class_id: Option<ClassId>,
        periods: &[Period],
    ) -> Result<Vec<QualityRow>> {
        may_read_reports(actor, class_id)?;
        let mut by: BTreeMap<(i64, String, String), QualityCounts> = BTreeMap::new();
        // One period of each set (quarters for 1–9, halves for 10–11), each of its grades.
        for period in periods {
            let sql = format!(
                "SELECT k.grade, k.letter, s.name, f.value
             FROM final_mark f
             JOIN course c ON c.id = f.course_id
             JOIN class k ON k.id = c.class_id
             JOIN subject s ON s.id = c.subject_id
             WHERE f.period_id = ?1 AND {}",
                class_filter(class_id, period)
            );
            let mut st = self.conn.prepare_cached(&sql)?;
            let rows = st.query_map(params![period.id, class_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?;
            for row in rows {
                let (grade, letter, subject, value) = row?;
                by.entry((grade, letter, subject)).or_default().add(&value);
            }
        }
        Ok(by
            .into_iter()
            .map(|((grade, letter, subject), counts)| QualityRow {
                class: format!("{grade}{letter}"),
                subject,
                counts,
            })
            .collect())
    }

    /// Накопляемость: per course, the students enrolled in the period with fewer marks
    /// in it than the course's minimum (by its weekly hours; 0 and 1 marks always
    /// listed), with their count. A student exempted from the course for the period and
    /// a course the period does not assess are not listed.
    pub fn accumulation_report(
        &self,
        actor: &Actor,
        class_id: Option<ClassId>,
        periods: &[Period],
    ) -> Result<Vec<ShortRow>> {
        may_read_reports(actor, class_id)?;
        let year = self.year_id()?;
        let rules = self.assessment_rules()?;
        let minimums = self.minimums()?;
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        // One period of each set (quarters for 1–9, halves for 10–11), each of its grades.
        for period in periods {
            let sql = format!(
            "SELECT c.id, k.grade, k.letter, s.name, g.name, st.id, st.last_name, st.first_name, st.patronymic,
                c.teacher_id, coalesce(mc.n, 0), c.hours,
                EXISTS (SELECT 1 FROM exemption x WHERE x.student_id = st.id
                        AND x.course_id = c.id AND x.period_id = ?5)
             FROM course c
             JOIN class k ON k.id = c.class_id
             JOIN subject s ON s.id = c.subject_id
             LEFT JOIN subgroup g ON g.id = c.subgroup_id
             JOIN enrollment e ON e.class_id = c.class_id
             JOIN student st ON st.id = e.student_id
             -- The period's marks counted in one pass, not once per student and course.
             LEFT JOIN (SELECT l.course_id, m.student_id, count(*) AS n
                        FROM mark m JOIN lesson l ON l.id = m.lesson_id
                        WHERE l.date BETWEEN ?4 AND ?3 GROUP BY l.course_id, m.student_id) mc
                    ON mc.course_id = c.id AND mc.student_id = st.id
             WHERE k.year_id = ?1 AND {} AND {ENROLLED}
               AND (c.subgroup_id IS NULL OR EXISTS (SELECT 1 FROM subgroup_member sm
                    WHERE sm.subgroup_id = c.subgroup_id AND sm.student_id = st.id))",
            class_filter(class_id, period)
        );
            let mut st = self.conn.prepare_cached(&sql)?;
            let rows = st.query_map(
                params![
                    year,
                    class_id,
                    fmt_date(period.end),
                    fmt_date(period.start),
                    period.id
                ],
                |r| {
                    let group: Option<String> = r.get(4)?;
                    let subject: String = r.get(3)?;
                    let course = match group {
                        Some(g) => format!(
                            "{}{} {subject} ({g})",
                            r.get::<_, i64>(1)?,
                            r.get::<_, String>(2)?
                        ),
                        None => format!(
                            "{}{} {subject}",
                            r.get::<_, i64>(1)?,
                            r.get::<_, String>(2)?
                        ),
                    };
                    let name = FullName::new(
                        &r.get::<_, String>(6)?,
                        &r.get::<_, String>(7)?,
                        &r.get::<_, String>(8)?,
                    );
                    Ok((
                        (r.get::<_, i64>(1)?, r.get::<_, String>(2)?, subject.clone()),
                        ShortRow {
                            course_id: r.get(0)?,
                            course,
                            subject,
                            teacher_id: r.get(9)?,
                            student_id: r.get(5)?,
                            student: name.full(),
                            marks: r.get(10)?,
                            minimum: minimums.for_hours(r.get(11)?),
                        },
                        sort_key(&name),
                        r.get::<_, bool>(12)?,
                    ))
                },
            )?;
            for row in rows {
                let (key, short, name_key, exempt) = row?;
                let assessed = rules.kind(key.0, &short.subject, Some(period.num))
                    != crate::domain::grading::Assessment::None;
                // A student who left and came back is listed once.
                if assessed
                    && !exempt
                    && short_of_marks(short.marks, short.minimum)
                    && seen.insert((short.course_id, short.student_id))
                {
                    out.push((key, short.course.clone(), name_key, short));
                }
            }
        }
        out.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
        Ok(out.into_iter().map(|r| r.3).collect())
    }

    /// The students of a class enrolled at some day of the period, in journal order.
    fn period_students(
        &self,
        class_id: ClassId,
        period: &Period,
    ) -> Result<Vec<(StudentId, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT st.id, st.last_name, st.first_name, st.patronymic
             FROM enrollment e JOIN student st ON st.id = e.student_id
             WHERE e.class_id = ?1 AND e.start_date <= ?2
               AND (e.end_date IS NULL OR e.end_date > ?3)",
        )?;
        let mut rows = st
            .query_map(
                params![class_id, fmt_date(period.end), fmt_date(period.start)],
                |r| {
                    Ok((
                        r.get::<_, StudentId>(0)?,
                        FullName::new(
                            &r.get::<_, String>(1)?,
                            &r.get::<_, String>(2)?,
                            &r.get::<_, String>(3)?,
                        ),
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.sort_by_key(|(_, n)| sort_key(n));
        Ok(rows.into_iter().map(|(id, n)| (id, n.full())).collect())
    }

    /// Missed lessons of a class's students in the period, by reason: every attendance
    /// row whose code means absent, over the class's lessons held in the period (not
    /// cancelled), while the student was in the class.
    pub fn attendance_report(
        &self,
        actor: &Actor,
        class_id: ClassId,
        period: &Period,
    ) -> Result<AttendanceTable> {
        may_read_reports(actor, Some(class_id))?;
        let mut st = self.conn.prepare_cached(
            "SELECT code, excused FROM attendance_code WHERE absent = 1 ORDER BY ord, code",
        )?;
        let codes = st
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? == 1))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let students = self.period_students(class_id, period)?;
        let mut counts: BTreeMap<StudentId, Absences> = students
            .iter()
            .map(|(id, _)| (*id, Absences::new(codes.len())))
            .collect();
        // An absence on an excused day («актированный день»: frost, a storm) is excused
        // whatever its code.
        let mut st = self.conn.prepare_cached(
            "SELECT a.student_id, a.code,
                EXISTS (SELECT 1 FROM holiday h WHERE h.kind = 'excused' AND h.year_id = k.year_id
                    AND l.date BETWEEN h.start_date AND h.end_date
                    AND k.grade BETWEEN h.grade_min AND h.grade_max
                    AND (h.class_id IS NULL OR h.class_id = k.id)) AS excused_day,
                count(*)
             FROM attendance a
             JOIN lesson l ON l.id = a.lesson_id
             JOIN course c ON c.id = l.course_id
             JOIN class k ON k.id = c.class_id
             WHERE c.class_id = ?1 AND l.date BETWEEN ?2 AND ?3
               AND l.cancelled_reason IS NULL
             GROUP BY a.student_id, a.code, excused_day",
        )?;
        let rows = st.query_map(
            params![class_id, fmt_date(period.start), fmt_date(period.end)],
            |r| {
                Ok((
                    r.get::<_, StudentId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )?;
        for row in rows {
            let (student, code, excused_day, n) = row?;
            let Some(i) = codes.iter().position(|(c, _)| *c == code) else {
                continue;
            };
            if let Some(a) = counts.get_mut(&student) {
                for _ in 0..n {
                    a.add(i, codes[i].1 || excused_day);
                }
            }
        }
        let mut total = Absences::new(codes.len());
        let students: Vec<(StudentId, String, Absences)> = students
            .into_iter()
            .map(|(id, name)| {
                let a = counts
                    .remove(&id)
                    .unwrap_or_else(|| Absences::new(codes.len()));
                total.merge(&a);
                (id, name, a)
            })
            .collect();
        Ok(AttendanceTable {
            class: self.class_label(class_id)?,
            codes: codes.into_iter().map(|(c, _)| c).collect(),
            students,
            total,
        })
    }

    /// The summary sheet (сводная ведомость) of a class: each student's period final in
    /// every subject, and the year final where one is set.
    pub fn summary_report(
        &self,
        actor: &Actor,
        class_id: ClassId,
        period: &Period,
    ) -> Result<SummaryTable> {
        may_read_reports(actor, Some(class_id))?;
        let mut st = self.conn.prepare_cached(
            "SELECT DISTINCT s.name FROM course c JOIN subject s ON s.id = c.subject_id
             WHERE c.class_id = ?1 ORDER BY s.name",
        )?;
        let subjects = st
            .query_map([class_id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT f.student_id, s.name, f.period_id IS NULL, f.value
             FROM final_mark f
             JOIN course c ON c.id = f.course_id
             JOIN subject s ON s.id = c.subject_id
             WHERE c.class_id = ?1 AND (f.period_id = ?2 OR f.period_id IS NULL)",
        )?;
        let mut finals: BTreeMap<(StudentId, String), (String, String)> = BTreeMap::new();
        let rows = st.query_map(params![class_id, period.id], |r| {
            Ok((
                r.get::<_, StudentId>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (student, subject, year, value) = row?;
            let cell = finals.entry((student, subject)).or_default();
            if year {
                cell.1 = value;
            } else {
                cell.0 = value;
            }
        }
        let students = self
            .period_students(class_id, period)?
            .into_iter()
            .map(|(id, name)| {
                let cells = subjects
                    .iter()
                    .map(|s| finals.remove(&(id, s.clone())).unwrap_or_default())
                    .collect();
                SummaryRow {
                    student_id: id,
                    name,
                    finals: cells,
                }
            })
            .collect();
        Ok(SummaryTable {
            class: self.class_label(class_id)?,
            subjects,
            students,
        })
    }
}

/// One teacher's line of the fill report.
#[derive(Debug, Clone, PartialEq)]
pub struct FillRow {
    pub staff_id: StaffId,
    pub teacher: String,
    pub counts: FillCounts,
    /// Days from the lesson to each of its marks' entry.
    pub marks: LagStats,
    /// Days from the lesson to the first entry of its topic (lessons whose topic was
    /// entered through the journal; imported ones have no such record).
    pub topics: LagStats,
}

/// One user's month in the activity report.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRow {
    pub login: String,
    /// «2025-09».
    pub month: String,
    pub logins: i64,
    pub changes: i64,
}

fn fill_entry(rows: &mut BTreeMap<StaffId, FillRow>, staff: StaffId) -> &mut FillRow {
    rows.entry(staff).or_insert_with(|| FillRow {
        staff_id: staff,
        teacher: String::new(),
        counts: FillCounts::default(),
        marks: LagStats::default(),
        topics: LagStats::default(),
    })
}

/// Days between a lesson's date and a stored time ('YYYY-MM-DD HH:MM:SS').
fn lag_days(lesson: &str, at: &str) -> rusqlite::Result<i64> {
    let lesson = parse_date(lesson)?;
    let at = parse_date(at.get(..10).unwrap_or(at))?;
    Ok((at - lesson).num_days())
}

impl Store {
    /// Programme fulfilment of each course of the current year (or of one class), as
    /// of `today`: [`Store::plan_report`] for each.
    pub fn fulfilment_report(
        &self,
        actor: &Actor,
        class_id: Option<ClassId>,
        today: NaiveDate,
    ) -> Result<Vec<PlanReport>> {
        may_read_reports(actor, class_id)?;
        let year = self.current_year()?;
        let calendar = self.calendar(year.id)?;
        self.courses()?
            .into_iter()
            .filter(|c| class_id.is_none_or(|k| c.class_id == k))
            .map(|c| {
                let weeks = calendar.study_weeks(c.class.grade);
                self.plan_report_of(c, weeks, today)
            })
            .collect()
    }

    /// Per teacher (the lesson's substitute, else the course's teacher): the lessons
    /// of the period held up to `today` and what they lack, and how late their marks
    /// and topics were entered.
    pub fn fill_report(
        &self,
        actor: &Actor,
        class_id: Option<ClassId>,
        periods: &[Period],
        today: NaiveDate,
    ) -> Result<Vec<FillRow>> {
        may_read_staff_reports(actor)?;
        let year = self.year_id()?;
        let mut rows: BTreeMap<StaffId, FillRow> = BTreeMap::new();
        // One period of each set (quarters for 1–9, halves for 10–11), each of its grades.
        for period in periods {
            let until = fmt_date(period.end.min(today));
            let from = fmt_date(period.start);
            let base = format!(
                "FROM lesson l
             JOIN course c ON c.id = l.course_id
             JOIN class k ON k.id = c.class_id
             WHERE k.year_id = ?1 AND {} AND l.date BETWEEN ?3 AND ?4
               AND l.cancelled_reason IS NULL",
                class_filter(class_id, period)
            );
            let teacher = "coalesce(l.conducted_by, c.teacher_id)";
            let mut st = self.conn.prepare_cached(&format!(
            "SELECT {teacher}, k.grade, l.topic = '', l.homework = '', l.attendance_taken_at IS NULL {base}"
        ))?;
            let lessons = st.query_map(params![year, class_id, from, until], |r| {
                Ok((
                    r.get::<_, StaffId>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            })?;
            for l in lessons {
                let (staff, grade, no_topic, no_homework, no_attendance) = l?;
                let c = &mut fill_entry(&mut rows, staff).counts;
                c.held += 1;
                c.no_topic += i64::from(no_topic);
                c.no_attendance += i64::from(no_attendance);
                if grade >= 2 {
                    c.homework_expected += 1;
                    c.no_homework += i64::from(no_homework);
                }
            }
            let mut st = self.conn.prepare_cached(&format!(
            "SELECT {teacher}, l.date, m.created_at FROM mark m JOIN lesson l ON l.id = m.lesson_id
             JOIN course c ON c.id = l.course_id
             JOIN class k ON k.id = c.class_id
             WHERE k.year_id = ?1 AND {} AND l.date BETWEEN ?3 AND ?4
               AND l.cancelled_reason IS NULL",
            class_filter(class_id, period)
        ))?;
            let marks = st.query_map(params![year, class_id, from, until], |r| {
                Ok((
                    r.get::<_, StaffId>(0)?,
                    lag_days(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?)?,
                ))
            })?;
            for m in marks {
                let (staff, lag) = m?;
                fill_entry(&mut rows, staff).marks.add(lag);
            }
            let mut st = self.conn.prepare_cached(&format!(
            "SELECT {teacher}, l.date, (SELECT min(coalesce(a.today || substr(a.at, 11), a.at)) FROM audit a
                 WHERE a.lesson_id = l.id AND a.entity = '{topic}') AS first
             {base} AND first IS NOT NULL",
            topic = Entity::Topic.as_str()
        ))?;
            let topics = st.query_map(params![year, class_id, from, until], |r| {
                Ok((
                    r.get::<_, StaffId>(0)?,
                    lag_days(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?)?,
                ))
            })?;
            for t in topics {
                let (staff, lag) = t?;
                fill_entry(&mut rows, staff).topics.add(lag);
            }
        }
        let mut names = self
            .conn
            .prepare_cached("SELECT last_name, first_name, patronymic FROM staff WHERE id = ?1")?;
        let mut out: Vec<FillRow> = rows.into_values().collect();
        for row in &mut out {
            row.teacher = names
                .query_row([row.staff_id], |r| {
                    Ok(FullName::new(
                        &r.get::<_, String>(0)?,
                        &r.get::<_, String>(1)?,
                        &r.get::<_, String>(2)?,
                    ))
                })?
                .full();
        }
        out.sort_by_key(|r| r.teacher.to_lowercase().replace('ё', "е"));
        Ok(out)
    }

    /// Per user and month between `from` and `to`: logins (audit action «login») and
    /// changes (the user's audit rows other than the session's: logins, logouts,
    /// failed logins).
    pub fn activity_report(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<ActivityRow>> {
        may_read_staff_reports(actor)?;
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT actor, substr(coalesce(today, at), 1, 7) AS month,
                    sum(action = '{login}' AND entity = '{session}'),
                    sum(entity <> '{session}')
             FROM audit
             WHERE coalesce(today, substr(at, 1, 10)) BETWEEN ?1 AND ?2
             GROUP BY actor, month
             ORDER BY lower(actor), month",
            login = Action::Login.as_str(),
            session = Entity::Session.as_str()
        ))?;
        let rows = st
            .query_map(params![fmt_date(from), fmt_date(to)], |r| {
                Ok(ActivityRow {
                    login: r.get(0)?,
                    month: r.get(1)?,
                    logins: r.get(2)?,
                    changes: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
