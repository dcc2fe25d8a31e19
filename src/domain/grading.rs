//! How the school grades: which courses take marks 1–5, «зач»/«незач» or nothing (per
//! grade, subject and period, from `school.toml`'s `[[assessment]]`), how many marks a
//! period needs by the subject's weekly hours and how many are due so far, who may
//! exempt a student (освобождение), and the final a student's marks suggest.

use chrono::NaiveDate;

use super::RuleError;
pub use super::assessed::{Assessment, GradingError, Place};
use super::marks::{Cutoffs, FinalValue, Mark, MarkValue, scale_marks, weighted_average};
use super::policy::Actor;
use super::roles::Role;
use crate::domain::ids::ClassId;
use crate::tr;

/// One grade's line of the school's assessment table.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentRule {
    pub grade: i64,
    /// `None`: every subject.
    pub subject: Option<String>,
    /// The grade's own period number; `None`: every period and the year.
    pub period: Option<i64>,
    pub kind: Assessment,
}

/// The school's assessment table: marks unless a line says otherwise.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssessmentRules(pub Vec<AssessmentRule>);

/// Subject names compared as a school writes them: case and «ё» aside.
pub fn same_subject(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().to_lowercase().replace('ё', "е");
    norm(a) == norm(b)
}

impl AssessmentRules {
    /// How a grade's subject is assessed in its period number `period` (`None`: the
    /// year final). The last line of the table that matches wins (a table reads from the
    /// general to the particular); without one, marks. The 1st grade is never assessed
    /// (000 §1.3, 004 §5.5), whatever the table says.
    pub fn kind(&self, grade: i64, subject: &str, period: Option<i64>) -> Assessment {
        if grade == 1 {
            return Assessment::None;
        }
        self.0
            .iter()
            .rev()
            .find(|r| {
                r.grade == grade
                    && r.subject
                        .as_deref()
                        .is_none_or(|s| same_subject(s, subject))
                    && r.period.is_none_or(|p| Some(p) == period)
            })
            .map_or(Assessment::Marks, |r| r.kind)
    }
}

/// A current mark the course's assessment takes.
pub fn check_mark(kind: Assessment, mark: Mark, place: &Place) -> Result<(), RuleError> {
    let e = match (kind, mark) {
        (Assessment::None, _) => GradingError::NotAssessed(place.clone()),
        (Assessment::Marks, Mark::Pass | Mark::Fail) => GradingError::MarksOnly(place.clone()),
        (Assessment::PassFail, Mark::Scale(_)) => GradingError::PassFailOnly(place.clone()),
        _ => return Ok(()),
    };
    Err(RuleError::Grading(e))
}

/// A final the course's assessment takes: none where it is not assessed, no mark 1–5
/// where it is pass/fail («н/а» and «осв» fit both). A graded course keeps taking
/// «зач»/«незач» finals as it always has.
pub fn check_final(kind: Assessment, value: FinalValue, place: &Place) -> Result<(), RuleError> {
    let e = match (kind, value) {
        (Assessment::None, _) => GradingError::NotAssessed(place.clone()),
        (Assessment::PassFail, FinalValue::Mark(_)) => GradingError::PassFailOnly(place.clone()),
        _ => return Ok(()),
    };
    Err(RuleError::Grading(e))
}

/// One line of the minimum-marks table: a course of `hours` a week (or more) needs
/// `marks` marks a period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkMinimum {
    pub hours: f64,
    pub marks: i64,
}

/// How many marks a student needs in a period, by the course's weekly hours.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimums {
    /// Ordered by hours.
    pub table: Vec<MarkMinimum>,
    /// `min_marks_per_period`: when the table is empty or starts above the course's hours.
    pub fallback: i64,
}

impl Minimums {
    pub fn new(mut table: Vec<MarkMinimum>, fallback: i64) -> Minimums {
        table.sort_by(|a, b| a.hours.total_cmp(&b.hours));
        Minimums { table, fallback }
    }

    /// The minimum of a course of `hours` a week: the line with the most hours not above
    /// them (2.5 hours take the line of 2), else the fallback.
    pub fn for_hours(&self, hours: f64) -> i64 {
        self.table
            .iter()
            .rev()
            .find(|m| m.hours <= hours + 1e-9)
            .map_or(self.fallback, |m| m.marks)
    }
}

/// The share of a period gone by on `today`, counted in days: 0 before it starts, 1 on
/// its last day and after.
pub fn elapsed(start: NaiveDate, end: NaiveDate, today: NaiveDate) -> f64 {
    if today < start {
        0.0
    } else if today >= end {
        1.0
    } else {
        let gone = (today - start).num_days() + 1;
        let all = (end - start).num_days() + 1;
        gone as f64 / all as f64
    }
}

/// The marks due by now: the period's minimum times the share gone by, rounded down, so
/// that mid-period a student is judged by what could be given so far, and by the whole
/// minimum once the period ends.
pub fn due_marks(minimum: i64, share: f64) -> i64 {
    (minimum as f64 * share.clamp(0.0, 1.0) + 1e-9).floor() as i64
}

/// What the suggested final and the at-risk check know of one student in one course
/// and period.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing<'a> {
    pub kind: Assessment,
    /// Exempt (освобождён) for the period: no marks expected.
    pub exempt: bool,
    /// The period's marks so far, with their weights.
    pub marks: &'a [(Mark, f64)],
    /// The marks due by now ([`due_marks`]).
    pub due: i64,
}

impl Standing<'_> {
    /// The marks that count for the course's assessment: the points for marks, the
    /// «зач»/«незач» for pass/fail.
    pub fn counted(&self) -> usize {
        self.marks
            .iter()
            .filter(|(m, _)| match self.kind {
                Assessment::Marks => m.scale().is_some(),
                Assessment::PassFail => m.scale().is_none(),
                Assessment::None => false,
            })
            .count()
    }

    /// Fewer marks than due by now (never for an exempt student or a course not assessed).
    pub fn short(&self) -> bool {
        !self.exempt && self.kind != Assessment::None && (self.counted() as i64) < self.due
    }
}

/// The final a student's standing suggests: none where the course is not assessed;
/// «осв» for an exempt student; «н/а» with fewer marks than due by now (at the period's
/// end, below the minimum: one mark is no ground for a «3»); else, for marks, the
/// weighted average through the school's cut-offs, and for pass/fail «зач» when at least
/// half the weight of the «зач»/«незач» marks is «зач». Nothing while nothing is due and
/// nothing is given.
pub fn suggest_final(s: &Standing, cutoffs: &Cutoffs) -> Option<FinalValue> {
    match s.kind {
        Assessment::None => return None,
        _ if s.exempt => return Some(FinalValue::Exempt),
        _ if s.short() => return Some(FinalValue::NotAssessed),
        _ if s.counted() == 0 => return None,
        _ => {}
    }
    match s.kind {
        Assessment::PassFail => {
            let weight = |want: Mark| -> f64 {
                s.marks
                    .iter()
                    .filter(|(m, _)| *m == want)
                    .map(|(_, w)| w)
                    .sum()
            };
            let (pass, fail) = (weight(Mark::Pass), weight(Mark::Fail));
            Some(if pass >= fail {
                FinalValue::Pass
            } else {
                FinalValue::Fail
            })
        }
        _ => weighted_average(&scale_marks(s.marks)).map(|a| FinalValue::Mark(cutoffs.suggest(a))),
    }
}

/// The year final the period finals suggest. For marks: their average through the
/// cut-offs (`None` without a numeric one). For pass/fail: «зач» when every period's
/// final is «зач» or «осв» and one is «зач», «незач» when one is «незач». «осв» when
/// every period final set is «осв».
pub fn suggest_year_final(
    kind: Assessment,
    finals: &[FinalValue],
    cutoffs: &Cutoffs,
) -> Option<FinalValue> {
    if kind == Assessment::None {
        return None;
    }
    if !finals.is_empty() && finals.iter().all(|f| *f == FinalValue::Exempt) {
        return Some(FinalValue::Exempt);
    }
    if kind == Assessment::PassFail {
        return if finals.contains(&FinalValue::Fail) {
            Some(FinalValue::Fail)
        } else if finals.contains(&FinalValue::Pass) {
            Some(FinalValue::Pass)
        } else {
            None
        };
    }
    let marks: Vec<(MarkValue, f64)> = finals
        .iter()
        .filter_map(|f| match f {
            FinalValue::Mark(m) => Some((*m, 1.0)),
            _ => None,
        })
        .collect();
    weighted_average(&marks).map(|a| FinalValue::Mark(cutoffs.suggest(a)))
}

/// Exempting a student from a subject (освобождение): the deputy director, the director
/// or the class teacher of the student's class (and the administrator who holds the file).
pub fn may_exempt(actor: &Actor, class_id: ClassId) -> Result<(), RuleError> {
    if actor.has(Role::Deputy)
        || actor.has(Role::Director)
        || actor.has(Role::Admin)
        || actor.homeroom.contains(&class_id)
    {
        Ok(())
    } else {
        Err(RuleError::Forbidden(tr!(
            "освобождает от предмета заместитель директора или классный руководитель класса",
            "a student is exempted by a deputy director or the class's class teacher"
        )))
    }
}

/// The school's grading rules (assessment and minimum marks) set during the year: the
/// administrator, a deputy director or the director.
pub fn may_set_grading(actor: &Actor) -> Result<(), RuleError> {
    if actor.has(Role::Admin) || actor.has(Role::Deputy) || actor.has(Role::Director) {
        Ok(())
    } else {
        Err(RuleError::Forbidden(tr!(
            "правила оценивания меняют администратор, заместитель директора и директор",
            "the grading rules are changed by the administrator, a deputy director or the director"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(v: i64) -> Mark {
        Mark::Scale(MarkValue::new(v).expect("mark"))
    }

    fn rules() -> AssessmentRules {
        let rule = |grade, subject: Option<&str>, period, kind| AssessmentRule {
            grade,
            subject: subject.map(str::to_string),
            period,
            kind,
        };
        AssessmentRules(vec![
            rule(4, Some("ОРКСЭ"), None, Assessment::PassFail),
            rule(2, None, Some(1), Assessment::None),
            // A later, more particular line overrides an earlier one.
            rule(5, None, None, Assessment::PassFail),
            rule(5, Some("Алгебра"), None, Assessment::Marks),
        ])
    }

    #[test]
    fn the_table_says_how_a_course_is_assessed() {
        let r = rules();
        assert_eq!(r.kind(4, "орксэ", Some(2)), Assessment::PassFail);
        assert_eq!(
            r.kind(4, "ОРКСЭ", None),
            Assessment::PassFail,
            "the year too"
        );
        assert_eq!(r.kind(4, "Математика", Some(2)), Assessment::Marks);
        // The 2nd grade's first period only; its year final is a mark.
        assert_eq!(r.kind(2, "Математика", Some(1)), Assessment::None);
        assert_eq!(r.kind(2, "Математика", Some(2)), Assessment::Marks);
        assert_eq!(r.kind(2, "Математика", None), Assessment::Marks);
        assert_eq!(r.kind(5, "Музыка", Some(1)), Assessment::PassFail);
        assert_eq!(r.kind(5, "Алгебра", Some(1)), Assessment::Marks);
        // The 1st grade is never assessed, with or without a line.
        assert_eq!(
            AssessmentRules::default().kind(1, "Математика", Some(1)),
            Assessment::None
        );
        assert!(same_subject(" Физическая культура", "физическая КУЛЬТУРА"));
        assert!(same_subject("Естествознание", "Естёствознание"));
        for a in Assessment::ALL {
            assert_eq!(Assessment::parse(a.as_str()), Some(a));
        }
        assert_eq!(Assessment::parse("graded"), None);
    }

    #[test]
    fn marks_and_finals_follow_the_assessment() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let place = Place {
            subject: "ОРКСЭ".into(),
            grade: 4,
            period: Some("2 четверть".into()),
        };
        assert_eq!(check_mark(Assessment::PassFail, Mark::Pass, &place), Ok(()));
        assert_eq!(check_mark(Assessment::PassFail, Mark::Fail, &place), Ok(()));
        let e = check_mark(Assessment::PassFail, m(5), &place).expect_err("a 5");
        assert_eq!(
            e,
            RuleError::Grading(GradingError::PassFailOnly(place.clone()))
        );
        assert!(
            e.to_string()
                .starts_with("«ОРКСЭ» в 4-х классах, 2 четверть: оценивается «зачёт/незачёт»"),
            "{e}"
        );
        assert_eq!(check_mark(Assessment::Marks, m(5), &place), Ok(()));
        assert!(check_mark(Assessment::Marks, Mark::Pass, &place).is_err());
        let e = check_mark(Assessment::None, m(5), &place).expect_err("none");
        assert!(e.to_string().contains("без оценивания"), "{e}");
        // Finals.
        assert_eq!(
            check_final(Assessment::PassFail, FinalValue::Pass, &place),
            Ok(())
        );
        assert_eq!(
            check_final(Assessment::PassFail, FinalValue::NotAssessed, &place),
            Ok(())
        );
        assert_eq!(
            check_final(Assessment::PassFail, FinalValue::Exempt, &place),
            Ok(())
        );
        let four = FinalValue::Mark(MarkValue::new(4).expect("4"));
        assert!(check_final(Assessment::PassFail, four, &place).is_err());
        assert!(check_final(Assessment::None, FinalValue::Exempt, &place).is_err());
        assert_eq!(check_final(Assessment::Marks, four, &place), Ok(()));
    }

    #[test]
    fn the_minimum_follows_the_weekly_hours() {
        let table = [(1.0, 3), (2.0, 4), (3.0, 5), (4.0, 6), (5.0, 7)]
            .map(|(hours, marks)| MarkMinimum { hours, marks })
            .to_vec();
        let min = Minimums::new(table, 3);
        assert_eq!(min.for_hours(1.0), 3);
        assert_eq!(min.for_hours(2.0), 4);
        assert_eq!(min.for_hours(2.5), 4);
        assert_eq!(min.for_hours(3.0), 5);
        assert_eq!(min.for_hours(6.0), 7);
        // Below the table's first line, and without a table: the fallback.
        assert_eq!(min.for_hours(0.5), 3);
        assert_eq!(Minimums::new(vec![], 3).for_hours(5.0), 3);
        // Lines in any order.
        let odd = Minimums::new(
            vec![
                MarkMinimum {
                    hours: 3.0,
                    marks: 6,
                },
                MarkMinimum {
                    hours: 1.0,
                    marks: 2,
                },
            ],
            3,
        );
        assert_eq!((odd.for_hours(2.0), odd.for_hours(4.0)), (2, 6));
    }

    #[test]
    fn what_is_due_grows_with_the_period() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let (start, end) = (d("2025-11-05"), d("2025-12-28"));
        assert_eq!(elapsed(start, end, d("2025-11-01")), 0.0);
        assert_eq!(elapsed(start, end, d("2025-12-28")), 1.0);
        assert_eq!(elapsed(start, end, d("2026-01-10")), 1.0);
        // 15.12: 41 of the period's 54 days.
        let share = elapsed(start, end, d("2025-12-15"));
        assert!((share - 41.0 / 54.0).abs() < 1e-9);
        assert_eq!(due_marks(3, share), 2);
        // The first day: one of 54 days, nothing due yet.
        assert_eq!(due_marks(3, elapsed(start, end, start)), 0);
        // Mid-period (half): 1 of 3, 2 of 5.
        assert_eq!(due_marks(3, 0.5), 1);
        assert_eq!(due_marks(5, 0.5), 2);
        assert_eq!(due_marks(7, 1.0), 7);
    }

    #[test]
    fn the_suggested_final_judges_by_what_is_due() {
        let c = Cutoffs::default();
        let st = |kind, exempt, marks: &[(Mark, f64)], due| {
            suggest_final(
                &Standing {
                    kind,
                    exempt,
                    marks,
                    due,
                },
                &c,
            )
        };
        let mark = |v: i64| FinalValue::Mark(MarkValue::new(v).expect("mark"));
        let one = [(m(3), 1.0)];
        // One mark at the period's end, the minimum 3: «н/а», not «3».
        assert_eq!(
            st(Assessment::Marks, false, &one, 3),
            Some(FinalValue::NotAssessed)
        );
        // Mid-period, one mark is all that is due: its mark.
        assert_eq!(st(Assessment::Marks, false, &one, 1), Some(mark(3)));
        let three = [(m(5), 1.0), (m(4), 1.0), (m(5), 2.0)];
        assert_eq!(st(Assessment::Marks, false, &three, 3), Some(mark(5)));
        // Nothing given, nothing due: nothing to suggest.
        assert_eq!(st(Assessment::Marks, false, &[], 0), None);
        // Exempt: «осв» whatever the marks.
        assert_eq!(
            st(Assessment::Marks, true, &[], 3),
            Some(FinalValue::Exempt)
        );
        assert_eq!(
            st(Assessment::Marks, true, &three, 3),
            Some(FinalValue::Exempt)
        );
        // Not assessed: nothing.
        assert_eq!(st(Assessment::None, false, &three, 3), None);
        // Pass/fail: by the weight of «зач» and «незач»; marks 1–5 do not count there.
        let pf = [(Mark::Pass, 1.0), (Mark::Fail, 1.0), (Mark::Pass, 1.0)];
        assert_eq!(
            st(Assessment::PassFail, false, &pf, 3),
            Some(FinalValue::Pass)
        );
        let failing = [(Mark::Pass, 1.0), (Mark::Fail, 2.0), (m(5), 1.0)];
        assert_eq!(
            st(Assessment::PassFail, false, &failing, 2),
            Some(FinalValue::Fail)
        );
        assert_eq!(
            st(Assessment::PassFail, false, &failing, 3),
            Some(FinalValue::NotAssessed),
            "the «5» is no pass/fail mark: 2 of 3"
        );
        // «зач» marks in a graded course count for nothing.
        let odd = [(Mark::Pass, 1.0)];
        assert_eq!(
            st(Assessment::Marks, false, &odd, 1),
            Some(FinalValue::NotAssessed)
        );
    }

    #[test]
    fn the_year_final_follows_the_period_finals() {
        let c = Cutoffs::default();
        let mark = |v: i64| FinalValue::Mark(MarkValue::new(v).expect("mark"));
        let y = |kind, f: &[FinalValue]| suggest_year_final(kind, f, &c);
        assert_eq!(
            y(Assessment::Marks, &[mark(4), mark(5), mark(5)]),
            Some(mark(5))
        );
        assert_eq!(y(Assessment::Marks, &[mark(1), mark(3)]), Some(mark(2)));
        assert_eq!(y(Assessment::Marks, &[FinalValue::NotAssessed]), None);
        assert_eq!(y(Assessment::Marks, &[]), None);
        let (pass, fail, exempt) = (FinalValue::Pass, FinalValue::Fail, FinalValue::Exempt);
        assert_eq!(y(Assessment::PassFail, &[pass, exempt, pass]), Some(pass));
        assert_eq!(y(Assessment::PassFail, &[pass, fail]), Some(fail));
        assert_eq!(y(Assessment::Marks, &[exempt, exempt]), Some(exempt));
        assert_eq!(y(Assessment::None, &[pass]), None);
    }

    #[test]
    fn who_may_exempt_and_set_the_rules() {
        let class = ClassId(7);
        let with = |roles: Vec<Role>, homeroom: Vec<ClassId>| Actor {
            roles,
            homeroom,
            ..Actor::default()
        };
        assert!(may_exempt(&with(vec![Role::Deputy], vec![]), class).is_ok());
        assert!(may_exempt(&with(vec![Role::ClassTeacher], vec![class]), class).is_ok());
        assert!(may_exempt(&with(vec![Role::ClassTeacher], vec![ClassId(8)]), class).is_err());
        assert!(may_exempt(&with(vec![Role::Teacher], vec![]), class).is_err());
        assert!(may_set_grading(&with(vec![Role::Deputy], vec![])).is_ok());
        assert!(
            may_set_grading(&with(vec![Role::Teacher, Role::ClassTeacher], vec![class])).is_err()
        );
    }
}
