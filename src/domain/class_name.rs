//! Class names as schools write them: «7Б», «7 Б», «11-А».

use crate::tr;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClassName {
    pub grade: i64,
    pub letter: String,
}

/// Latin letters that look like Cyrillic ones in a class letter, and the Cyrillic
/// letter each is read as: «7A» typed on a Latin keyboard is 7А.
const LOOKALIKES: [(char, char); 12] = [
    ('A', 'А'),
    ('B', 'В'),
    ('E', 'Е'),
    ('K', 'К'),
    ('M', 'М'),
    ('H', 'Н'),
    ('O', 'О'),
    ('P', 'Р'),
    ('C', 'С'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
];

/// The Cyrillic letter a Latin look-alike (in upper case) is read as.
pub fn cyrillic_lookalike(c: char) -> Option<char> {
    LOOKALIKES
        .iter()
        .find(|(l, _)| *l == c)
        .map(|(_, cyr)| *cyr)
}

impl ClassName {
    pub fn parse(s: &str) -> Result<ClassName, String> {
        Self::parse_noting(s).map(|(c, _)| c)
    }

    /// Parses a class name and says when a Latin letter that looks Cyrillic was read
    /// as the Cyrillic one: «7A» прочитано как «7А» (латинская буква).
    pub fn parse_noting(s: &str) -> Result<(ClassName, Option<String>), String> {
        let mut latin = false;
        let t: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '«' | '»'))
            .collect();
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        // Upper case first: a letter is shown in upper case, and `7a` is `7A` is 7А.
        let letter: String = t[digits.len()..]
            .to_uppercase()
            .chars()
            .map(|c| match cyrillic_lookalike(c) {
                Some(cyr) => {
                    latin = true;
                    cyr
                }
                None => c,
            })
            .collect();
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
        let name = ClassName { grade, letter };
        let note = latin.then(|| {
            tr!(
                "«{}» прочитано как «{}» (латинская буква)",
                "«{}» read as «{}» (a Latin letter)",
                s.trim(),
                name
            )
        });
        Ok((name, note))
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
    fn latin_lookalikes_are_read_as_cyrillic() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        for (s, want) in [("7A", "7А"), ("7a", "7А"), ("10 B", "10В"), ("5c", "5С")] {
            let (c, note) = ClassName::parse_noting(s).expect(s);
            assert_eq!(c.to_string(), want);
            assert_eq!(
                note,
                Some(format!("«{s}» прочитано как «{want}» (латинская буква)"))
            );
            assert_eq!(c, ClassName::parse(want).expect(want));
        }
        assert_eq!(ClassName::parse_noting("7А").expect("7А").1, None);
    }

    #[test]
    fn refuses_non_classes() {
        for s in ["12А", "0Б", "7", "Б7", "7Б!", ""] {
            assert!(ClassName::parse(s).is_err(), "{s}");
        }
    }
}
