//! How a course is assessed (marks 1–5, pass/fail, not at all), and the words of an
//! entry refused for it. Apart from the rules in `grading.rs` so that `RuleError` can
//! hold these refusals without a circle.

use crate::tr;

/// How a course is assessed in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Assessment {
    /// Marks 1–5 and numeric finals: the default.
    Marks,
    /// «зач»/«незач» as current marks and as the final (ОРКСЭ in the 4th grade).
    PassFail,
    /// No marks and no finals (the 1st grade; many schools' 2nd grade's first period).
    None,
}

impl Assessment {
    pub const ALL: [Assessment; 3] = [Assessment::Marks, Assessment::PassFail, Assessment::None];

    /// The word `school.toml` and the journal use.
    pub fn as_str(self) -> &'static str {
        match self {
            Assessment::Marks => "marks",
            Assessment::PassFail => "pass_fail",
            Assessment::None => "none",
        }
    }

    pub fn parse(word: &str) -> Option<Assessment> {
        Self::ALL.into_iter().find(|a| a.as_str() == word.trim())
    }

    /// As a sentence names it: «отметками 1–5», «зачёт/незачёт», «без оценивания».
    pub fn words(self) -> String {
        match self {
            Assessment::Marks => tr!("отметками 1–5", "with marks 1–5"),
            Assessment::PassFail => tr!("«зачёт/незачёт»", "pass/fail"),
            Assessment::None => tr!("без оценивания", "without assessment"),
        }
    }
}

/// Where an assessment refusal happened, as its words name it: «ОРКСЭ, 4 класс,
/// 2 четверть».
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub subject: String,
    pub grade: i64,
    /// The period's name; `None`: the year.
    pub period: Option<String>,
}

impl Place {
    fn text(&self) -> String {
        let period = self
            .period
            .clone()
            .unwrap_or_else(|| tr!("год", "the year"));
        tr!(
            "«{}» в {}-х классах, {}",
            "«{}» in grade {}, {}",
            self.subject,
            self.grade,
            period
        )
    }
}

/// An entry the course's assessment does not take.
#[derive(Debug, Clone, PartialEq)]
pub enum GradingError {
    /// A «зач»/«незач» where marks 1–5 are given.
    MarksOnly(Place),
    /// A mark 1–5 where the course is assessed pass/fail.
    PassFailOnly(Place),
    /// Any mark or final where the course is not assessed.
    NotAssessed(Place),
}

impl std::fmt::Display for GradingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            GradingError::MarksOnly(p) => tr!(
                "{}: оценивается отметками 1–5, «зач»/«незач» не ставятся",
                "{}: assessed with marks 1–5, not pass/fail",
                p.text()
            ),
            GradingError::PassFailOnly(p) => tr!(
                "{}: оценивается «зачёт/незачёт» — ставится «зач» или «незач» (в журнале + или -), не отметка 1–5",
                "{}: assessed pass/fail: give «зач» or «незач» (+ or - in the grid), not a mark 1–5",
                p.text()
            ),
            GradingError::NotAssessed(p) => tr!(
                "{}: без оценивания (положение школы, school.toml) — отметки и итоговые не ставятся",
                "{}: not assessed (the school's rules, school.toml): no marks and no finals",
                p.text()
            ),
        };
        f.write_str(&s)
    }
}
