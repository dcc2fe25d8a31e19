//! Class names as schools write them: «7Б», «7 Б», «11-А».

use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassName {
    pub grade: i64,
    pub letter: String,
}

impl ClassName {
    pub fn parse(s: &str) -> Result<ClassName, String> {
        let t: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '«' | '»'))
            .collect();
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        let letter: String = t[digits.len()..].to_uppercase();
        let bad = || {
            tr!(
                "«{}» — не класс: нужна параллель 1–11 и буква, например 7Б",
                "«{}» is not a class: use a grade 1–11 and a letter, e.g. 7Б",
                s.trim()
            )
        };
        let grade: i64 = digits.parse().map_err(|_| bad())?;
        if !(1..=11).contains(&grade) || letter.is_empty() || letter.chars().count() > 2 {
            return Err(bad());
        }
        if !letter.chars().all(char::is_alphabetic) {
            return Err(bad());
        }
        Ok(ClassName { grade, letter })
    }
}

impl std::fmt::Display for ClassName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.grade, self.letter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_spellings() {
        for s in ["7Б", "7 Б", "7-б", " 7б "] {
            assert_eq!(ClassName::parse(s).map(|c| c.to_string()), Ok("7Б".into()));
        }
        assert_eq!(ClassName::parse("11А").map(|c| c.grade), Ok(11));
    }

    #[test]
    fn refuses_non_classes() {
        for s in ["12А", "0Б", "7", "Б7", "7Б!", ""] {
            assert!(ClassName::parse(s).is_err(), "{s}");
        }
    }
}
