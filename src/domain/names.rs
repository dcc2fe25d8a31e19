//! People's names as the journal prints them.

/// A person's name parts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FullName {
    pub last: String,
    pub first: String,
    pub patronymic: String,
}

impl FullName {
    pub fn new(last: &str, first: &str, patronymic: &str) -> Self {
        FullName {
            last: last.trim().to_string(),
            first: first.trim().to_string(),
            patronymic: patronymic.trim().to_string(),
        }
    }

    /// A name as typed: the first word is the last name, the second the first name,
    /// and every word after them the patronymic («Иванов Иван Иванович», or
    /// «Ким Анна» without one). Missing parts are empty.
    pub fn parse(typed: &str) -> Self {
        let words: Vec<&str> = typed.split_whitespace().collect();
        FullName::new(
            words.first().copied().unwrap_or(""),
            words.get(1).copied().unwrap_or(""),
            &words.get(2..).map(|w| w.join(" ")).unwrap_or_default(),
        )
    }

    /// «Фамилия Имя Отчество» — the form exports print and `--student` matches.
    pub fn full(&self) -> String {
        [&self.last, &self.first, &self.patronymic]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// «Фамилия И.» — the grid's name column.
    pub fn short(&self) -> String {
        match self.first.chars().next() {
            Some(c) => format!("{} {c}.", self.last),
            None => self.last.clone(),
        }
    }

    /// «Фамилия И.О.» — staff in titles and notes.
    pub fn initials(&self) -> String {
        let mut s = self.last.clone();
        if let Some(c) = self.first.chars().next() {
            s.push(' ');
            s.push(c);
            s.push('.');
            if let Some(p) = self.patronymic.chars().next() {
                s.push(p);
                s.push('.');
            }
        }
        s
    }
}

/// The journal's sort key: Russian alphabetical order with «ё» next to «е».
pub fn sort_key(name: &FullName) -> String {
    name.full().to_lowercase().replace('ё', "е")
}

/// Which candidates `query` names: an exact full name wins, else the unique
/// candidates whose full name starts with it (case-insensitive).
pub fn match_name<'a, T>(query: &str, candidates: &'a [(FullName, T)]) -> Vec<&'a (FullName, T)> {
    let q = query.trim().to_lowercase().replace('ё', "е");
    let norm = |n: &FullName| n.full().to_lowercase().replace('ё', "е");
    let exact: Vec<_> = candidates.iter().filter(|(n, _)| norm(n) == q).collect();
    if !exact.is_empty() {
        return exact;
    }
    candidates
        .iter()
        .filter(|(n, _)| !q.is_empty() && norm(n).starts_with(&q))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_name_splits_into_its_parts() {
        assert_eq!(
            FullName::parse("  Иванов  Иван Иванович "),
            FullName::new("Иванов", "Иван", "Иванович")
        );
        assert_eq!(
            FullName::parse("Ким Анна"),
            FullName::new("Ким", "Анна", "")
        );
        assert_eq!(
            FullName::parse("Оглы Руслан Бахтияр оглы"),
            FullName::new("Оглы", "Руслан", "Бахтияр оглы")
        );
        assert_eq!(FullName::parse("Петров"), FullName::new("Петров", "", ""));
        assert_eq!(FullName::parse(""), FullName::default());
    }

    #[test]
    fn forms_of_a_name() {
        let n = FullName::new("Иванова", "Мария", "Сергеевна");
        assert_eq!(n.full(), "Иванова Мария Сергеевна");
        assert_eq!(n.short(), "Иванова М.");
        assert_eq!(n.initials(), "Иванова М.С.");
        let no_patronymic = FullName::new("Smith", "John", "");
        assert_eq!(no_patronymic.full(), "Smith John");
        assert_eq!(no_patronymic.initials(), "Smith J.");
    }

    #[test]
    fn matching_by_exact_name_or_unique_prefix() {
        let c = vec![
            (FullName::new("Петров", "Иван", "Ильич"), 1),
            (FullName::new("Петрова", "Анна", "Ильинична"), 2),
            (FullName::new("Семёнов", "Олег", ""), 3),
        ];
        let ids = |q: &str| match_name(q, &c).iter().map(|x| x.1).collect::<Vec<_>>();
        assert_eq!(ids("Петров"), vec![1, 2]);
        assert_eq!(ids("петров иван"), vec![1]);
        assert_eq!(ids("Семенов"), vec![3]);
        assert_eq!(ids("Сидоров"), Vec::<i32>::new());
        assert_eq!(ids(""), Vec::<i32>::new());
    }

    #[test]
    fn yo_sorts_with_ye() {
        let a = sort_key(&FullName::new("Ёлкин", "А", ""));
        let b = sort_key(&FullName::new("Ефимов", "А", ""));
        let c = sort_key(&FullName::new("Жуков", "А", ""));
        assert!(a < b && b < c);
    }
}
