//! The demo's history up to a date: topics from the plans, homework, attendance with
//! runs of illness, marks of varied work types with a realistic spread, a few student
//! movements, and finals for closed periods. Deterministic for a given seed.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::DemoOptions;
use crate::config::school::School;
use crate::domain::enrollment::class_on;
use crate::domain::grading::Assessment;
use crate::domain::ids::{ClassId, CourseId, StudentId};
use crate::domain::marks::{FinalValue, Mark, MarkValue, weighted_average};
use crate::domain::names::FullName;
use crate::domain::policy::Actor;
use crate::store::courses::{CourseInfo, LessonInfo};
use crate::store::school::WorkTypeRow;
use crate::store::students::{Arrival, StudentRef, Transfer};
use crate::store::{Store, StoreError, fmt_time};

struct CourseData {
    course: CourseInfo,
    lessons: Vec<LessonInfo>,
    students: Vec<StudentRef>,
    plan: Vec<(i64, String)>,
    teacher: Actor,
}

/// A student's steady traits: how well they do and how often they are asked.
#[derive(Clone, Copy)]
struct Traits {
    ability: f64,
    activity: f64,
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    // Box–Muller.
    let u1: f64 = rng.random_range(f64::EPSILON..1.0);
    let u2: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

pub fn fill(store: &mut Store, school: &School, opts: &DemoOptions) -> Result<(), StoreError> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let year = store.current_year()?;
    let calendar = store.calendar(year.id)?;
    let until = opts.until.min(year.end);
    if until < year.start {
        return Ok(());
    }
    movements(store, &mut rng, year.start, until)?;
    store.set_fixed_now(until.and_hms_opt(18, 0, 0));

    let histories = store.all_histories()?;
    let work_types = store.work_types()?;
    let cutoffs = store.cutoffs()?;
    let bells = store.bells()?;
    // Work types by the start of their name; a school without one falls back to its first.
    let wt = |name: &str| {
        work_types
            .iter()
            .find(|w| w.name.starts_with(name))
            .or(work_types.first())
            .cloned()
    };

    let mut courses = Vec::new();
    for course in store.courses()? {
        let lessons = store.lessons(course.id, year.start, until)?;
        let students = store.course_students(course.id, year.start, until)?;
        let plan = store
            .plan(course.id)?
            .into_iter()
            .flat_map(|(id, _, topic, hours)| {
                std::iter::repeat_n((id, topic), hours.max(1) as usize)
            })
            .collect();
        let teacher = store.actor_for_staff(course.teacher_id)?;
        courses.push(CourseData {
            course,
            lessons,
            students,
            plan,
            teacher,
        });
    }

    let mut students: Vec<StudentId> = histories.keys().copied().collect();
    students.sort_unstable();
    let mut traits = HashMap::new();
    for s in &students {
        let quiet = rng.random_bool(0.1);
        traits.insert(
            *s,
            Traits {
                ability: (3.7 + 0.6 * normal(&mut rng)).clamp(2.6, 4.95),
                // A quiet student is asked less, yet still marked several times a month.
                activity: if quiet {
                    0.7
                } else {
                    rng.random_range(0.8..1.25)
                },
            },
        );
    }
    let absences = day_absences(&mut rng, &students, year.start, until);

    let mut marks_by: HashMap<(CourseId, StudentId, i64), Vec<(MarkValue, f64)>> = HashMap::new();
    // How each course is assessed in each of its periods (0: the year): ОРКСЭ
    // pass/fail, the 2nd grade's first quarter not at all.
    let mut assessed: HashMap<(CourseId, i64), Assessment> = HashMap::new();
    for cd in &courses {
        for p in calendar.periods_of(cd.course.class.grade) {
            assessed.insert(
                (cd.course.id, p.num),
                store.course_assessment(&cd.course, Some(&p))?,
            );
        }
        assessed.insert(
            (cd.course.id, 0),
            store.course_assessment(&cd.course, None)?,
        );
    }
    let kind_of = |course: CourseId, period: i64| {
        assessed
            .get(&(course, period))
            .copied()
            .unwrap_or(Assessment::Marks)
    };
    // A few students freed from PE for a period, by a doctor's certificate: their own
    // random draw, so the rest of the history stays as it is.
    let exempt = exemptions(&courses, &calendar, opts.seed);
    let mut passes_by: HashMap<(CourseId, StudentId, i64), (u32, u32)> = HashMap::new();
    let bulk = store.bulk()?;
    for cd in &courses {
        let grade = cd.course.class.grade;
        // How often a student is marked in an ordinary lesson: about 4.5 + 1.2 × hours
        // marks a quarter whatever the weekly hours (a one-hour subject asks at most
        // lessons, a five-hour one every fourth), besides the written works.
        let hours = cd.course.hours.max(0.5);
        let ask = ((4.5 + 1.2 * hours) / (hours * 8.0)).clamp(0.15, 0.8);
        for (plan_pos, lesson) in cd.lessons.iter().enumerate() {
            let near_until = (until - lesson.date).num_days() < 3;
            let (plan_id, mut topic) = match cd.plan.get(plan_pos) {
                Some((id, t)) => (Some(*id), t.clone()),
                None => (None, "Повторение и обобщение изученного".to_string()),
            };
            let lesson_wt = lesson_work_type(&topic).and_then(wt);
            let mut homework = if grade > 1 && !rng.random_bool(0.07) {
                homework_for(&cd.course.subject, &mut rng)
            } else {
                String::new()
            };
            // Teachers fall behind with the last days' entries, and forget a few.
            if rng.random_bool(if near_until { 0.3 } else { 0.015 }) {
                topic.clear();
                homework.clear();
            }
            let linked = if topic.is_empty() { None } else { plan_id };
            // The lesson's own bell: the first grade's differ.
            let end = bells
                .time_of(lesson.lesson_no, grade, lesson.date)
                .and_then(|(_, end)| NaiveTime::parse_from_str(end, "%H:%M").ok())
                .unwrap_or_else(|| NaiveTime::from_hms_opt(15, 0, 0).unwrap_or_default());
            // Attendance is taken at the lesson, except by a forgetful few near today.
            let taken = (!topic.is_empty() || !rng.random_bool(0.5))
                .then(|| fmt_time(lesson.date.and_time(end)));
            bulk.set_lesson(
                lesson.id,
                &topic,
                &homework,
                lesson_wt.as_ref().map(|w| w.id),
                linked,
                taken.as_deref(),
            )?;

            let period = calendar
                .period_on(lesson.date, grade)
                .map(|p| p.num)
                .unwrap_or(0);
            for s in &cd.students {
                let Some(history) = histories.get(&s.id) else {
                    continue;
                };
                if class_on(history, lesson.date) != Some(cd.course.class_id) {
                    continue;
                }
                let entered = entry_time(&mut rng, lesson.date, end, until);
                let mut code = absences.get(&(s.id, lesson.date)).copied();
                if code.is_none() && rng.random_bool(0.004) {
                    code = Some("О");
                }
                if let Some(c) = code {
                    bulk.attendance(&cd.teacher, &entered, cd.course.id, lesson.id, s.id, c)?;
                }
                if grade == 1
                    || code.is_some_and(|c| c != "О")
                    || kind_of(cd.course.id, period) == Assessment::None
                    || exempt.contains_key(&(cd.course.id, s.id, period))
                {
                    continue;
                }
                let t = traits.get(&s.id).copied().unwrap_or(Traits {
                    ability: 3.7,
                    activity: 1.0,
                });
                let (p, w) = match &lesson_wt {
                    Some(w) => (0.93, Some(w.clone())),
                    None => (ask * t.activity, pick_work_type(&mut rng, &wt)),
                };
                let Some(w) = w else { continue };
                if !rng.random_bool(p.min(1.0)) {
                    continue;
                }
                let v = (t.ability + 0.75 * normal(&mut rng))
                    .round()
                    .clamp(2.0, 5.0) as i64;
                let v = if v == 2 && rng.random_bool(0.03) {
                    1
                } else {
                    v
                };
                if kind_of(cd.course.id, period) == Assessment::PassFail {
                    let passed = v >= 3;
                    let tally = passes_by.entry((cd.course.id, s.id, period)).or_default();
                    if passed {
                        tally.0 += 1;
                    } else {
                        tally.1 += 1;
                    }
                    bulk.entered_mark(
                        &cd.teacher,
                        &entered,
                        cd.course.id,
                        lesson.id,
                        s.id,
                        if passed { Mark::Pass } else { Mark::Fail },
                        (w.id, &w.short, w.weight),
                    )?;
                    continue;
                }
                bulk.mark(
                    &cd.teacher,
                    &entered,
                    cd.course.id,
                    lesson.id,
                    s.id,
                    v,
                    (w.id, &w.short, w.weight),
                )?;
                marks_by
                    .entry((cd.course.id, s.id, period))
                    .or_default()
                    .push((MarkValue::new(v)?, w.weight));
            }
        }
    }

    // Finals for periods whose deadline has passed, and the year's when it is over.
    let deadline = u64::from(school.final_deadline_days);
    for cd in courses.iter().filter(|c| c.course.class.grade > 1) {
        let mut period_finals: HashMap<StudentId, Vec<(MarkValue, f64)>> = HashMap::new();
        for p in &calendar.periods_of(cd.course.class.grade) {
            // Finals are due by the deadline, which may fall after the last lesson day.
            if add_days(p.end, deadline) > opts.until {
                continue;
            }
            let at = fmt_time(
                add_days(p.end, rng.random_range(0..=deadline))
                    .and_hms_opt(16, 30, 0)
                    .unwrap_or_default(),
            );
            for s in &cd.students {
                let Some(h) = histories.get(&s.id) else {
                    continue;
                };
                if class_on(h, p.end) != Some(cd.course.class_id) {
                    continue;
                }
                let marks = marks_by
                    .get(&(cd.course.id, s.id, p.num))
                    .cloned()
                    .unwrap_or_default();
                let value = match kind_of(cd.course.id, p.num) {
                    Assessment::None => continue,
                    _ if exempt.contains_key(&(cd.course.id, s.id, p.num)) => FinalValue::Exempt,
                    Assessment::PassFail => {
                        match passes_by.get(&(cd.course.id, s.id, p.num)).copied() {
                            Some((pass, fail)) if pass >= fail => FinalValue::Pass,
                            Some(_) => FinalValue::Fail,
                            None => FinalValue::NotAssessed,
                        }
                    }
                    Assessment::Marks => match weighted_average(&marks) {
                        Some(avg) if marks.len() >= 2 => FinalValue::Mark(cutoffs.suggest(avg)),
                        _ => FinalValue::NotAssessed,
                    },
                };
                if let FinalValue::Mark(m) = value {
                    period_finals.entry(s.id).or_default().push((m, 1.0));
                }
                bulk.final_mark(
                    &cd.teacher,
                    &at,
                    cd.course.id,
                    s.id,
                    Some(p.id),
                    value.as_str(),
                )?;
            }
        }
        // The grade's year may end early (the 9th and 11th before their exams).
        let year_end = calendar
            .last_day_of(cd.course.class.grade)
            .unwrap_or(year.end);
        if add_days(year_end, deadline) <= opts.until {
            let at = fmt_time(
                add_days(year_end, 2)
                    .and_hms_opt(12, 0, 0)
                    .unwrap_or_default(),
            );
            // Everyone still in the class at the year's end gets a year final: from the
            // period finals, or «н/а» when none of them is a mark.
            for s in &cd.students {
                let Some(h) = histories.get(&s.id) else {
                    continue;
                };
                if class_on(h, year_end) != Some(cd.course.class_id) {
                    continue;
                }
                let value = match kind_of(cd.course.id, 0) {
                    Assessment::None => continue,
                    Assessment::PassFail => FinalValue::Pass,
                    Assessment::Marks => {
                        match period_finals.get(&s.id).and_then(|m| weighted_average(m)) {
                            Some(avg) => FinalValue::Mark(cutoffs.suggest(avg)),
                            None => FinalValue::NotAssessed,
                        }
                    }
                };
                bulk.final_mark(&cd.teacher, &at, cd.course.id, s.id, None, value.as_str())?;
            }
        }
    }
    bulk.commit()?;
    record_exemptions(store, &exempt, &calendar, until)?;
    assessments(store, &mut rng, &traits, &courses, opts.until)
}

/// Three students freed from PE for their grade's 2nd period (a 5th-, an 8th- and a
/// 10th-grader), each with the certificate as the reason: (course, student, period
/// number) → the reason.
fn exemptions(
    courses: &[CourseData],
    calendar: &crate::domain::calendar::Calendar,
    seed: u64,
) -> HashMap<(CourseId, StudentId, i64), String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_add(17));
    let mut out = HashMap::new();
    for class in ["5А", "8Б", "10А"] {
        let Some(cd) = courses.iter().find(|c| {
            c.course.class.to_string() == class
                && c.course.subject == "Физическая культура"
                && c.course.subgroup.is_none()
        }) else {
            continue;
        };
        if cd.students.is_empty() || calendar.periods_of(cd.course.class.grade).len() < 2 {
            continue;
        }
        let s = &cd.students[rng.random_range(0..cd.students.len())];
        out.insert(
            (cd.course.id, s.id, 2),
            "Справка ВК № 14 поликлиники № 3".to_string(),
        );
    }
    out
}

/// The exemptions written as the deputy makes them, a week into their period.
fn record_exemptions(
    store: &mut Store,
    exempt: &HashMap<(CourseId, StudentId, i64), String>,
    calendar: &crate::domain::calendar::Calendar,
    until: NaiveDate,
) -> Result<(), StoreError> {
    let Ok(deputy) = store.actor("deputy") else {
        return Ok(());
    };
    let mut list: Vec<_> = exempt.iter().collect();
    list.sort_by_key(|(k, _)| (k.0, k.1));
    for ((course, student, num), reason) in list {
        let grade = store.course(*course)?.class.grade;
        let Some(p) = calendar.period_by_num(*num, grade) else {
            continue;
        };
        let day = add_days(p.start, 7);
        if day > until {
            continue;
        }
        store.set_fixed_now(day.and_hms_opt(11, 0, 0));
        store.exempt(&deputy, *course, *student, p.id, reason)?;
    }
    store.set_fixed_now(until.and_hms_opt(18, 0, 0));
    Ok(())
}

/// The n-th (1-based) given weekday of a month.
fn nth_weekday(year: i32, month: u32, weekday: chrono::Weekday, n: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8)
}

/// The 9th and 11th grades' assessments, as a deputy enters them: the essay in
/// December, the interview in February, ОГЭ and ЕГЭ in Russian and mathematics in
/// June, with their results once they have come (a week after the essay and the
/// interview, two after a state exam), and the 9th grade's overall finals after ОГЭ.
fn assessments(
    store: &mut Store,
    rng: &mut ChaCha8Rng,
    traits: &HashMap<StudentId, Traits>,
    courses: &[CourseData],
    until: NaiveDate,
) -> Result<(), StoreError> {
    use crate::domain::assessment::{AssessmentKind as K, AssessmentResult};
    use crate::store::assessments::AssessmentFor;
    use chrono::Weekday::Wed;
    let Ok(deputy) = store.actor("deputy") else {
        return Ok(());
    };
    let year = store.current_year()?;
    let sy = year.start.year();
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(sy + 1, m, d);
    let math = |grade: i64| {
        if grade >= 10 {
            "Алгебра и начала математического анализа"
        } else {
            "Алгебра"
        }
    };
    let mut events: Vec<(K, AssessmentFor, NaiveDate, u64)> = Vec::new();
    let grades: std::collections::BTreeSet<i64> =
        courses.iter().map(|c| c.course.class.grade).collect();
    if grades.contains(&11)
        && let Some(d) = nth_weekday(sy, 12, Wed, 1)
    {
        events.push((K::Essay, AssessmentFor::Grade(11), d, 7));
    }
    if grades.contains(&9)
        && let Some(d) = nth_weekday(sy + 1, 2, Wed, 2)
    {
        events.push((K::Interview, AssessmentFor::Grade(9), d, 7));
    }
    for cd in courses.iter().filter(|c| c.course.subgroup.is_none()) {
        let g = cd.course.class.grade;
        let subject = cd.course.subject.as_str();
        let (kind, date) = match (g, subject) {
            (9, "Русский язык") => (K::Oge, day(6, 2)),
            (9, s) if s == math(9) => (K::Oge, day(6, 5)),
            (11, "Русский язык") => (K::Ege, day(6, 4)),
            (11, s) if s == math(11) => (K::Ege, day(6, 1)),
            _ => continue,
        };
        if let Some(d) = date {
            events.push((kind, AssessmentFor::Course(cd.course.id), d, 14));
        }
    }
    events.sort_by_key(|e| e.2);
    for (kind, of, date, wait) in events {
        // Planned at the start of the year.
        store.set_fixed_now(year.start.and_hms_opt(10, 0, 0));
        let id = store.add_assessment(&deputy, kind, of, date, "")?;
        let results_day = add_days(date, wait);
        if results_day > until {
            continue;
        }
        store.set_fixed_now(results_day.and_hms_opt(15, 0, 0));
        let a = store.assessment(id)?;
        for (student, _) in store.assessment_students(&a)? {
            let ability = traits.get(&student).map_or(3.7, |t| t.ability);
            let skill = ability + 0.5 * normal(rng);
            let result = match kind {
                K::Essay | K::Interview => AssessmentResult {
                    value: Some(if skill < 2.6 {
                        FinalValue::Fail
                    } else {
                        FinalValue::Pass
                    }),
                    points: (kind == K::Interview)
                        .then(|| (skill * 4.0).round().clamp(5.0, 20.0) as i64),
                },
                K::Oge => {
                    let mark = skill.round().clamp(2.0, 5.0) as i64;
                    AssessmentResult {
                        value: Some(FinalValue::Mark(MarkValue::new(mark)?)),
                        points: Some((skill * 6.5).round().clamp(5.0, 33.0) as i64),
                    }
                }
                _ => AssessmentResult {
                    value: None,
                    points: Some((45.0 + (skill - 3.0) * 22.0).round().clamp(20.0, 100.0) as i64),
                },
            };
            store.set_assessment_result(&deputy, id, student, Some(result))?;
            // The 9th grade's overall final after ОГЭ: from the year final and the exam.
            if let (K::Oge, AssessmentFor::Course(course)) = (kind, a.of)
                && let Some(v) = store.suggested_overall_final(&deputy, course, student)?
            {
                store.set_overall_final(&deputy, course, student, Some(v))?;
            }
        }
    }
    store.set_fixed_now(until.and_hms_opt(18, 0, 0));
    Ok(())
}

/// When the teacher typed an entry: mostly right after the lesson, sometimes days later.
fn entry_time(rng: &mut ChaCha8Rng, date: NaiveDate, end: NaiveTime, until: NaiveDate) -> String {
    let late_days = if rng.random_bool(0.05) {
        rng.random_range(1..=5)
    } else {
        0
    };
    let day = add_days(date, late_days).min(until.max(date));
    let minutes = rng.random_range(0..180);
    let t = day.and_time(end) + chrono::Duration::minutes(minutes);
    fmt_time(t)
}

/// Day-long absences: runs of illness (Б), single missed days (Н), excused days (У).
fn day_absences(
    rng: &mut ChaCha8Rng,
    students: &[StudentId],
    start: NaiveDate,
    until: NaiveDate,
) -> HashMap<(StudentId, NaiveDate), &'static str> {
    let mut out = HashMap::new();
    let days: Vec<NaiveDate> = start
        .iter_days()
        .take_while(|d| *d <= until)
        .filter(|d| d.weekday().number_from_monday() <= 6)
        .collect();
    for s in students {
        let sickly = rng.random_bool(0.15);
        let mut ill_left = 0u32;
        for d in &days {
            if ill_left > 0 {
                out.insert((*s, *d), "Б");
                ill_left -= 1;
                continue;
            }
            let p_ill = if sickly { 0.012 } else { 0.004 };
            if rng.random_bool(p_ill) {
                ill_left = rng.random_range(3..=9);
                out.insert((*s, *d), "Б");
            } else if rng.random_bool(0.004) {
                out.insert((*s, *d), "Н");
            } else if rng.random_bool(0.002) {
                out.insert((*s, *d), "У");
            }
        }
    }
    out
}

/// The work type a plan topic names («Контрольная работа № 2 …» → Контрольная работа),
/// as the start of the work type's name.
fn lesson_work_type(topic: &str) -> Option<&'static str> {
    let t = topic.to_lowercase();
    [
        ("контрольная", "Контрольная"),
        ("лабораторная", "Лабораторная"),
        ("практическая", "Практическая"),
        ("диктант", "Диктант"),
        ("сочинение", "Сочинение"),
        ("изложение", "Изложение"),
        ("самостоятельная", "Самостоятельная"),
        ("зачёт", "Зачёт"),
        ("тест", "Тест"),
    ]
    .iter()
    // A word beginning with the key: «тест» is no test inside «естественный».
    .find(|(k, _)| {
        t.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(k))
    })
    .map(|(_, name)| *name)
}

fn pick_work_type(
    rng: &mut ChaCha8Rng,
    wt: &impl Fn(&str) -> Option<WorkTypeRow>,
) -> Option<WorkTypeRow> {
    let r: f64 = rng.random_range(0.0..1.0);
    let name = match r {
        r if r < 0.6 => "Ответ на уроке",
        r if r < 0.8 => "Домашняя",
        r if r < 0.9 => "Самостоятельная",
        _ => "Тест",
    };
    wt(name)
}

fn homework_for(subject: &str, rng: &mut ChaCha8Rng) -> String {
    let s = subject.to_lowercase();
    let p = rng.random_range(2..60);
    let n = rng.random_range(10..400);
    if s.contains("алгебр")
        || s.contains("математ")
        || s.contains("геометр")
        || s.contains("вероятн")
    {
        format!("§{p}, № {n}, {}, {}", n + 2, n + 5)
    } else if s.contains("русский") {
        format!("Упр. {n}, правило на с. {}", p * 3)
    } else if s.contains("литератур") || s.contains("чтение") {
        format!("Читать с. {}–{}, вопросы 1–4", p * 4, p * 4 + 12)
    } else if s.contains("английск") {
        format!(
            "SB p. {} ex. {}, WB p. {}",
            p,
            rng.random_range(1..9),
            p / 2 + 1
        )
    } else if s.contains("физическ") {
        "Комплекс утренней гимнастики".to_string()
    } else if s.contains("изо") || s.contains("музык") || s.contains("труд") {
        "Подготовить материалы к следующему уроку".to_string()
    } else {
        format!("§{p}, вопросы {} –{} письменно", 1 + n % 3, 4 + n % 3)
    }
}

/// A departure, a transfer between parallel classes and an arrival, once enough of the
/// year has passed. Demo logins' children are left alone.
fn movements(
    store: &mut Store,
    rng: &mut ChaCha8Rng,
    start: NaiveDate,
    until: NaiveDate,
) -> Result<(), StoreError> {
    let elapsed = (until - start).num_days();
    if elapsed < 45 {
        return Ok(());
    }
    let op = Actor::local_operator();
    let protected = store.students_with_accounts()?;
    let classes = store.classes()?;
    let first: Vec<ClassId> = classes
        .iter()
        .filter(|c| c.1.grade == 1)
        .map(|c| c.0)
        .collect();
    let monday = |frac: f64| {
        let d = add_days(start, (elapsed as f64 * frac) as u64);
        add_days(d, u64::from((8 - d.weekday().number_from_monday()) % 7))
    };
    let order = |n: u32, d: NaiveDate| format!("Приказ № {n}-у от {}", d.format("%d.%m.%Y"));
    let pick = |store: &Store,
                class: ClassId,
                rng: &mut ChaCha8Rng|
     -> Result<Option<StudentId>, StoreError> {
        let list: Vec<StudentId> = store
            .class_students(class)?
            .into_iter()
            .map(|s| s.id)
            .filter(|s| !protected.contains(s))
            .collect();
        Ok((!list.is_empty()).then(|| list[rng.random_range(0..list.len())]))
    };
    if let Some(c) = classes.iter().find(|c| c.1.grade == 9) {
        let d = monday(0.5);
        if let Some(s) = pick(store, c.0, rng)? {
            store.set_fixed_now(d.and_hms_opt(10, 0, 0));
            store.depart_student(&op, s, d, &order(58, d))?;
        }
    }
    if let [a, b, ..] = first.as_slice() {
        let d = monday(0.6);
        if let Some(s) = pick(store, *a, rng)? {
            store.set_fixed_now(d.and_hms_opt(10, 0, 0));
            let transfer = Transfer {
                student_id: s,
                to_class: *b,
                date: d,
                order: order(64, d),
                groups: Vec::new(),
            };
            store.transfer_student(&op, &transfer)?;
        }
        let d = monday(0.4);
        let name = FullName::new("Новикова", "Алиса", "Дмитриевна");
        let birth = NaiveDate::from_ymd_opt(start.year() - 7, 4, 12);
        store.set_fixed_now(d.and_hms_opt(10, 0, 0));
        let arrival = Arrival {
            name,
            birth_date: birth,
            class_id: *a,
            date: d,
            order: order(51, d),
            groups: Vec::new(),
        };
        store.arrive_student(&op, &arrival)?;
    }
    Ok(())
}
