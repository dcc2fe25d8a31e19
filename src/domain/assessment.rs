//! Assessment events: interim assessment (промежуточная аттестация), school exams, the
//! 9th grade's итоговое собеседование, the 11th grade's итоговое сочинение, and the state
//! exams' results (ОГЭ, ЕГЭ) entered afterwards; each student's result in the form its
//! kind needs, and the final for the year (итоговая) that follows the school's rule
//! from the year mark and the exam.

use super::RuleError;
use super::marks::{FinalValue, MarkValue};
use crate::tr;

/// What an assessment event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AssessmentKind {
    /// Промежуточная аттестация: a mark or a pass/fail, in a course.
    Interim,
    /// A school exam in a course: a mark.
    SchoolExam,
    /// Итоговое собеседование по русскому языку (9th grade, the whole grade): зачёт/незачёт,
    /// with its points when the school keeps them.
    Interview,
    /// Итоговое сочинение (изложение) (11th grade, the whole grade): зачёт/незачёт.
    Essay,
    /// ОГЭ in a course's subject: the mark, with the primary points.
    Oge,
    /// ЕГЭ in a course's subject: the test points, 0–100.
    Ege,
}

/// The result form a kind takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultForm {
    /// A mark 1–5, or «зач»/«незач».
    MarkOrPass,
    /// A mark 1–5.
    Mark,
    /// «зач»/«незач», points optional.
    PassFail,
    /// A mark 2–5 with the points optional: «5 (28)».
    MarkAndPoints,
    /// Points 0–100.
    Points,
}

impl AssessmentKind {
    pub const ALL: [AssessmentKind; 6] = [
        AssessmentKind::Interim,
        AssessmentKind::SchoolExam,
        AssessmentKind::Interview,
        AssessmentKind::Essay,
        AssessmentKind::Oge,
        AssessmentKind::Ege,
    ];

    /// The word stored in the journal and typed on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentKind::Interim => "interim",
            AssessmentKind::SchoolExam => "exam",
            AssessmentKind::Interview => "interview",
            AssessmentKind::Essay => "essay",
            AssessmentKind::Oge => "oge",
            AssessmentKind::Ege => "ege",
        }
    }

    /// A kind from its stored word, or its Russian name or abbreviation («огэ»).
    pub fn parse(s: &str) -> Option<AssessmentKind> {
        let t = s.trim().to_lowercase();
        AssessmentKind::ALL.into_iter().find(|k| {
            t == k.as_str() || t == k.short_ru().to_lowercase() || t == k.name_ru().to_lowercase()
        })
    }

    /// The kind's Russian name: what an event left unnamed is called in the journal,
    /// whatever the language of whoever made it.
    pub fn name_ru(self) -> &'static str {
        match self {
            AssessmentKind::Interim => "промежуточная аттестация",
            AssessmentKind::SchoolExam => "экзамен",
            AssessmentKind::Interview => "итоговое собеседование",
            AssessmentKind::Essay => "итоговое сочинение",
            AssessmentKind::Oge => "ОГЭ",
            AssessmentKind::Ege => "ЕГЭ",
        }
    }

    fn short_ru(self) -> &'static str {
        match self {
            AssessmentKind::Interim => "ПА",
            AssessmentKind::SchoolExam => "Экз",
            AssessmentKind::Interview => "ИС",
            AssessmentKind::Essay => "Соч",
            AssessmentKind::Oge => "ОГЭ",
            AssessmentKind::Ege => "ЕГЭ",
        }
    }

    /// The kind's name in the interface language.
    pub fn name(self) -> &'static str {
        let en = match self {
            AssessmentKind::Interim => "interim assessment",
            AssessmentKind::SchoolExam => "school exam",
            AssessmentKind::Interview => "final interview",
            AssessmentKind::Essay => "final essay",
            AssessmentKind::Oge => "OGE",
            AssessmentKind::Ege => "EGE",
        };
        crate::i18n::pick(self.name_ru(), en)
    }

    /// A column heading: «ПА», «ОГЭ».
    pub fn short(self) -> &'static str {
        let en = match self {
            AssessmentKind::Interim => "IA",
            AssessmentKind::SchoolExam => "Exam",
            AssessmentKind::Interview => "Int",
            AssessmentKind::Essay => "Ess",
            AssessmentKind::Oge => "OGE",
            AssessmentKind::Ege => "EGE",
        };
        crate::i18n::pick(self.short_ru(), en)
    }

    /// The interview and the essay are the whole grade's, not one course's.
    pub fn is_grade_wide(self) -> bool {
        matches!(self, AssessmentKind::Interview | AssessmentKind::Essay)
    }

    /// Who sets it: a course's results are the teacher's (and a deputy's); the state
    /// exams' results and the grade's interview and essay come from outside the lesson:
    /// a deputy's.
    pub fn by_teacher(self) -> bool {
        matches!(self, AssessmentKind::Interim | AssessmentKind::SchoolExam)
    }

    pub fn form(self) -> ResultForm {
        match self {
            AssessmentKind::Interim => ResultForm::MarkOrPass,
            AssessmentKind::SchoolExam => ResultForm::Mark,
            AssessmentKind::Interview | AssessmentKind::Essay => ResultForm::PassFail,
            AssessmentKind::Oge => ResultForm::MarkAndPoints,
            AssessmentKind::Ege => ResultForm::Points,
        }
    }

    /// The grades the kind is for: the interview in the 9th, the essay and ЕГЭ in the
    /// 11th (and the 10th, for a subject some take early), ОГЭ in the 9th.
    pub fn grades(self) -> (i64, i64) {
        match self {
            AssessmentKind::Interim | AssessmentKind::SchoolExam => (2, 11),
            AssessmentKind::Interview | AssessmentKind::Oge => (9, 9),
            AssessmentKind::Essay => (11, 11),
            AssessmentKind::Ege => (10, 11),
        }
    }
}

/// One student's result: a mark or a pass/fail, and points where the kind has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessmentResult {
    /// A mark, «зач» or «незач»; none for ЕГЭ (points only).
    pub value: Option<FinalValue>,
    pub points: Option<i64>,
}

impl AssessmentResult {
    /// A result as typed for this kind: «5», «зач», «4 (28)», «78».
    pub fn parse(kind: AssessmentKind, s: &str) -> Result<AssessmentResult, RuleError> {
        let t = s.trim();
        let bad = || {
            RuleError::Assessment(tr!(
                "«{}» — не результат {}: {}",
                "«{}» is not a result of {}: {}",
                t,
                kind.name(),
                form_hint(kind.form())
            ))
        };
        let (head, points) = match t.split_once('(') {
            Some((h, rest)) => {
                let p = rest
                    .trim()
                    .strip_suffix(')')
                    .and_then(|p| p.trim().parse::<i64>().ok())
                    .ok_or_else(bad)?;
                (h.trim(), Some(p))
            }
            None => (t, None),
        };
        let value = |h: &str| FinalValue::parse(h).map_err(|_| bad());
        let result = match kind.form() {
            ResultForm::Points => {
                let p: i64 = head.parse().map_err(|_| bad())?;
                if points.is_some() || !(0..=100).contains(&p) {
                    return Err(bad());
                }
                AssessmentResult {
                    value: None,
                    points: Some(p),
                }
            }
            ResultForm::PassFail => match value(head)? {
                v @ (FinalValue::Pass | FinalValue::Fail) => AssessmentResult {
                    value: Some(v),
                    points,
                },
                _ => return Err(bad()),
            },
            ResultForm::Mark | ResultForm::MarkAndPoints => match value(head)? {
                // ОГЭ is marked 2–5.
                FinalValue::Mark(m) if kind == AssessmentKind::Oge && m.get() < 2 => {
                    return Err(bad());
                }
                v @ FinalValue::Mark(_) => AssessmentResult {
                    value: Some(v),
                    points,
                },
                _ => return Err(bad()),
            },
            ResultForm::MarkOrPass => match value(head)? {
                v @ (FinalValue::Mark(_) | FinalValue::Pass | FinalValue::Fail) => {
                    AssessmentResult {
                        value: Some(v),
                        points,
                    }
                }
                _ => return Err(bad()),
            },
        };
        if result.points.is_some_and(|p| !(0..=100).contains(&p))
            || (points.is_some() && kind.form() == ResultForm::Mark)
        {
            return Err(bad());
        }
        Ok(result)
    }

    /// The result is of the form the kind takes (a stored or built one checked again).
    pub fn fits(&self, kind: AssessmentKind) -> bool {
        AssessmentResult::parse(kind, &self.input()).is_ok_and(|r| r == *self)
    }

    /// The result as typed: «5», «зач (15)», «78».
    pub fn input(&self) -> String {
        match (self.value, self.points) {
            (Some(v), Some(p)) => format!("{} ({p})", v.as_str()),
            (Some(v), None) => v.as_str().to_string(),
            (None, Some(p)) => p.to_string(),
            (None, None) => String::new(),
        }
    }

    /// The result as shown: «5», «зач», «4 (28)», «78 б.».
    pub fn text(&self) -> String {
        match (self.value, self.points) {
            (Some(v), Some(p)) => format!("{} ({p})", v.as_str()),
            (Some(v), None) => v.as_str().to_string(),
            (None, Some(p)) => tr!("{} б.", "{} pts", p),
            (None, None) => String::new(),
        }
    }

    /// The mark, when the result is one.
    pub fn mark(&self) -> Option<MarkValue> {
        match self.value {
            Some(FinalValue::Mark(m)) => Some(m),
            _ => None,
        }
    }
}

/// What a result of this form looks like, for a hint and a refusal.
pub fn form_hint(form: ResultForm) -> String {
    match form {
        ResultForm::MarkOrPass => tr!("отметка 1–5 или зач/незач", "a mark 1–5 or зач/незач"),
        ResultForm::Mark => tr!("отметка 1–5", "a mark 1–5"),
        ResultForm::PassFail => tr!(
            "зач или незач, баллы в скобках: «зач (15)»",
            "зач or незач, points in brackets: «зач (15)»"
        ),
        ResultForm::MarkAndPoints => tr!(
            "отметка, баллы в скобках: «5 (28)»",
            "a mark, points in brackets: «5 (28)»"
        ),
        ResultForm::Points => tr!("баллы 0–100", "points 0–100"),
    }
}

/// The final for the year after an exam (итоговая отметка), as Russian schools set it
/// for a subject examined in the 9th grade: the mean of the year mark and the exam
/// mark, rounded half up (4 and 5 → 5; 3 and 4 → 4). A failed exam («2») gives «2» until
/// the retake. Without an exam mark the year mark stands; a year final that is not a
/// mark («зач», «осв», «н/а») stands as it is.
pub fn overall_final(year: FinalValue, exam: Option<MarkValue>) -> FinalValue {
    match (year, exam) {
        (FinalValue::Mark(_), Some(e)) if e.get() <= 2 => FinalValue::Mark(e),
        (FinalValue::Mark(y), Some(e)) => {
            let mean = (u32::from(y.get()) + u32::from(e.get())).div_ceil(2);
            MarkValue::new(i64::from(mean)).map_or(year, FinalValue::Mark)
        }
        _ => year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(v: i64) -> MarkValue {
        MarkValue::new(v).expect("mark")
    }

    #[test]
    fn kinds_read_their_words_in_both_languages() {
        for k in AssessmentKind::ALL {
            assert_eq!(AssessmentKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(AssessmentKind::parse("ОГЭ"), Some(AssessmentKind::Oge));
        assert_eq!(AssessmentKind::parse("огэ"), Some(AssessmentKind::Oge));
        assert_eq!(
            AssessmentKind::parse("Итоговое собеседование"),
            Some(AssessmentKind::Interview)
        );
        assert_eq!(AssessmentKind::parse("зачёт"), None);
    }

    #[test]
    fn each_kind_takes_its_own_form_of_result() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        use AssessmentKind::*;
        let ok = |k, s: &str| AssessmentResult::parse(k, s).expect(s);
        assert_eq!(ok(Oge, "5 (28)").text(), "5 (28)");
        assert_eq!(ok(Oge, "4").mark(), Some(m(4)));
        assert_eq!(ok(Ege, "78").points, Some(78));
        assert_eq!(ok(Ege, "78").text(), "78 б.");
        assert_eq!(ok(Interview, "зач (15)").value, Some(FinalValue::Pass));
        assert_eq!(ok(Essay, "незач").value, Some(FinalValue::Fail));
        assert_eq!(ok(Interim, "зач").value, Some(FinalValue::Pass));
        assert_eq!(ok(SchoolExam, "3").mark(), Some(m(3)));
        assert!(ok(Oge, "4 (20)").fits(Oge) && !ok(Oge, "4 (20)").fits(Ege));
        for (k, bad) in [
            (Ege, "101"),
            (Ege, "5 (28)"),
            (Interview, "5"),
            (Essay, "н/а"),
            (Oge, "зач"),
            (SchoolExam, "4 (20)"),
            (Interim, "осв"),
            (Oge, "5 (28"),
            (Oge, "1"),
        ] {
            let e = AssessmentResult::parse(k, bad).expect_err(bad);
            assert!(e.to_string().contains(bad.trim()), "{e}");
        }
    }

    #[test]
    fn the_final_after_an_exam_is_the_mean_rounded_half_up() {
        let f = |y: i64, e: Option<i64>| {
            overall_final(FinalValue::Mark(m(y)), e.map(m))
                .as_str()
                .to_string()
        };
        assert_eq!(f(4, Some(5)), "5");
        assert_eq!(f(3, Some(4)), "4");
        assert_eq!(f(5, Some(3)), "4");
        assert_eq!(f(4, Some(2)), "2", "a failed exam until the retake");
        assert_eq!(f(2, Some(3)), "3");
        assert_eq!(f(4, None), "4");
        assert_eq!(
            overall_final(FinalValue::Exempt, Some(m(5))),
            FinalValue::Exempt
        );
    }
}
