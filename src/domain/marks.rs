//! Marks: the 1–5 scale, «зач»/«незач» of a pass/fail course, final marks, weighted
//! averages and the suggested final.

use super::RuleError;

/// A current mark on the five-point scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MarkValue(u8);

impl MarkValue {
    pub fn new(v: i64) -> Result<Self, RuleError> {
        if (1..=5).contains(&v) {
            Ok(MarkValue(v as u8))
        } else {
            Err(RuleError::BadMarkValue(v.to_string()))
        }
    }

    pub fn parse(s: &str) -> Result<Self, RuleError> {
        let t = s.trim();
        t.parse::<i64>()
            .map_err(|_| RuleError::BadMarkValue(t.to_string()))
            .and_then(MarkValue::new)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// A current mark: a point of the five-point scale, or «зач»/«незач» in a course the
/// school assesses pass/fail (`school.toml`'s `[[assessment]]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Scale(MarkValue),
    /// «зач».
    Pass,
    /// «незач».
    Fail,
}

impl Mark {
    /// «5», «зач» (or «зачёт», «+»), «незач» (or «незачёт», «-»).
    pub fn parse(s: &str) -> Result<Mark, RuleError> {
        let t = s.trim().to_lowercase();
        Ok(match t.as_str() {
            "зач" | "зачёт" | "зачет" | "+" => Mark::Pass,
            "незач" | "незачёт" | "незачет" | "-" | "−" => Mark::Fail,
            _ => Mark::Scale(MarkValue::parse(&t).map_err(|_| match t.parse::<i64>() {
                Ok(n) => RuleError::BadMarkValue(n.to_string()),
                Err(_) => RuleError::BadMarkValue(s.trim().to_string()),
            })?),
        })
    }

    /// The mark in words: «5», «зач», «незач».
    pub fn as_str(&self) -> &'static str {
        match self {
            Mark::Scale(m) => ["1", "2", "3", "4", "5"][(m.get() - 1) as usize],
            Mark::Pass => "зач",
            Mark::Fail => "незач",
        }
    }

    /// As a grid cell holds it beside others: «5», «зч», «нз».
    pub fn short(&self) -> &'static str {
        match self {
            Mark::Scale(_) => self.as_str(),
            Mark::Pass => "зч",
            Mark::Fail => "нз",
        }
    }

    /// The point of the scale; `None` for «зач»/«незач», which no average counts.
    pub fn scale(self) -> Option<MarkValue> {
        match self {
            Mark::Scale(m) => Some(m),
            _ => None,
        }
    }

    /// A failing mark: «1», «2» or «незач».
    pub fn is_low(self) -> bool {
        match self {
            Mark::Scale(m) => m.get() <= 2,
            Mark::Pass => false,
            Mark::Fail => true,
        }
    }
}

impl From<MarkValue> for Mark {
    fn from(m: MarkValue) -> Mark {
        Mark::Scale(m)
    }
}

impl std::fmt::Display for Mark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A period or year final: a mark, or one of the non-numeric results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FinalValue {
    Mark(MarkValue),
    /// «зач» — passed (non-graded subjects).
    Pass,
    /// «незач» — not passed.
    Fail,
    /// «н/а» — not assessed (too few marks, long absence).
    NotAssessed,
    /// «осв» — exempt (освобождён).
    Exempt,
}

impl FinalValue {
    pub fn parse(s: &str) -> Result<Self, RuleError> {
        let t = s.trim().to_lowercase();
        Ok(match t.as_str() {
            "зач" | "зачёт" | "зачет" => FinalValue::Pass,
            "незач" | "незачёт" | "незачет" => FinalValue::Fail,
            "н/а" | "на" => FinalValue::NotAssessed,
            "осв" => FinalValue::Exempt,
            _ => FinalValue::Mark(
                MarkValue::parse(&t).map_err(|_| RuleError::BadFinalValue(s.trim().to_string()))?,
            ),
        })
    }

    /// The form stored in the database and shown in the journal.
    pub fn as_str(&self) -> &'static str {
        match self {
            FinalValue::Mark(m) => ["1", "2", "3", "4", "5"][(m.get() - 1) as usize],
            FinalValue::Pass => "зач",
            FinalValue::Fail => "незач",
            FinalValue::NotAssessed => "н/а",
            FinalValue::Exempt => "осв",
        }
    }
}

/// The points of a list of (mark, weight) pairs, «зач»/«незач» left out.
pub fn scale_marks(marks: &[(Mark, f64)]) -> Vec<(MarkValue, f64)> {
    marks
        .iter()
        .filter_map(|(m, w)| m.scale().map(|v| (v, *w)))
        .collect()
}

/// Weighted average of (mark, weight) pairs; `None` without marks.
pub fn weighted_average(marks: &[(MarkValue, f64)]) -> Option<f64> {
    let (sum, weights) = marks.iter().fold((0.0, 0.0), |(s, w), (m, wt)| {
        (s + f64::from(m.get()) * wt, w + wt)
    });
    (weights > 0.0).then(|| sum / weights)
}

/// Average → final mark: the first cut-off the average reaches, else 2.
#[derive(Debug, Clone, PartialEq)]
pub struct Cutoffs(Vec<(f64, MarkValue)>);

impl Cutoffs {
    /// Cut-offs in any order; they are applied from the highest down.
    pub fn new(mut list: Vec<(f64, MarkValue)>) -> Self {
        list.sort_by(|a, b| b.0.total_cmp(&a.0));
        Cutoffs(list)
    }

    pub fn suggest(&self, average: f64) -> MarkValue {
        // Rounded to two places first so that 4.4999999 from float sums reads as 4.5.
        let avg = (average * 100.0).round() / 100.0;
        self.0
            .iter()
            .find(|(from, _)| avg >= *from)
            .map(|(_, m)| *m)
            .unwrap_or(MarkValue(2))
    }
}

impl Default for Cutoffs {
    fn default() -> Self {
        Cutoffs::new(vec![
            (4.5, MarkValue(5)),
            (3.5, MarkValue(4)),
            (2.5, MarkValue(3)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(v: i64) -> MarkValue {
        MarkValue::new(v).expect("valid mark")
    }

    #[test]
    fn scale_is_one_to_five() {
        assert!(MarkValue::new(0).is_err());
        assert!(MarkValue::new(6).is_err());
        assert_eq!(MarkValue::parse(" 4 ").map(MarkValue::get), Ok(4));
        assert_eq!(
            MarkValue::parse("5+"),
            Err(RuleError::BadMarkValue("5+".into()))
        );
    }

    #[test]
    fn finals_accept_words() {
        assert_eq!(FinalValue::parse("Зач"), Ok(FinalValue::Pass));
        assert_eq!(FinalValue::parse("незач"), Ok(FinalValue::Fail));
        assert_eq!(FinalValue::parse("н/а"), Ok(FinalValue::NotAssessed));
        assert_eq!(FinalValue::parse("осв"), Ok(FinalValue::Exempt));
        assert_eq!(FinalValue::parse("4"), Ok(FinalValue::Mark(m(4))));
        assert!(matches!(
            FinalValue::parse("отл"),
            Err(RuleError::BadFinalValue(_))
        ));
        for s in ["1", "5", "зач", "незач", "н/а", "осв"] {
            assert_eq!(FinalValue::parse(s).map(|f| f.as_str()), Ok(s));
        }
    }

    #[test]
    fn current_marks_are_points_or_pass_fail() {
        assert_eq!(Mark::parse(" 4 "), Ok(Mark::Scale(m(4))));
        assert_eq!(Mark::parse("Зач"), Ok(Mark::Pass));
        assert_eq!(Mark::parse("+"), Ok(Mark::Pass));
        assert_eq!(Mark::parse("незачёт"), Ok(Mark::Fail));
        assert_eq!(Mark::parse("-"), Ok(Mark::Fail));
        assert_eq!(Mark::parse("6"), Err(RuleError::BadMarkValue("6".into())));
        assert_eq!(
            Mark::parse("отл"),
            Err(RuleError::BadMarkValue("отл".into()))
        );
        for s in ["1", "5", "зач", "незач"] {
            assert_eq!(Mark::parse(s).map(|m| m.as_str()), Ok(s));
        }
        assert_eq!((Mark::Pass.short(), Mark::Fail.short()), ("зч", "нз"));
        assert!(Mark::Fail.is_low() && Mark::Scale(m(1)).is_low() && !Mark::Pass.is_low());
        // «зач»/«незач» count in no average.
        let marks = [
            (Mark::Pass, 1.0),
            (Mark::Scale(m(4)), 2.0),
            (Mark::Fail, 1.0),
        ];
        assert_eq!(scale_marks(&marks), vec![(m(4), 2.0)]);
    }

    #[test]
    fn average_is_weighted() {
        assert_eq!(weighted_average(&[]), None);
        let avg = weighted_average(&[(m(5), 1.0), (m(3), 2.0)]).expect("some");
        assert!((avg - 11.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn cutoffs_suggest_final() {
        let c = Cutoffs::default();
        assert_eq!(c.suggest(4.5).get(), 5);
        assert_eq!(c.suggest(4.49).get(), 4);
        assert_eq!(c.suggest(4.499_999_9).get(), 5);
        assert_eq!(c.suggest(3.5).get(), 4);
        assert_eq!(c.suggest(2.5).get(), 3);
        assert_eq!(c.suggest(2.4).get(), 2);
        let strict = Cutoffs::new(vec![(3.6, m(4)), (4.6, m(5))]);
        assert_eq!(strict.suggest(4.5).get(), 4);
    }
}
