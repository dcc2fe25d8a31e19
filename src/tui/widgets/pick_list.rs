//! A form field that chooses one of a list: ←→ step through the choices, typed letters
//! find a choice by the start of its words. The form reads the choice's key (a report's
//! keyword, a role's name), the screen shows its label in the interface language.

/// One choice: what the program reads, and what the user sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub key: String,
    pub label: String,
}

impl Choice {
    pub fn new(key: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            key: key.into(),
            label: label.into(),
        }
    }
}

/// A list of choices with one chosen, and the letters typed to find one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickList {
    choices: Vec<Choice>,
    chosen: usize,
    /// The letters typed since the last step with the arrows.
    search: String,
}

impl PickList {
    /// The list with the choice of key `key` chosen (the first if none has it).
    pub fn new(choices: Vec<Choice>, key: &str) -> PickList {
        let chosen = choices.iter().position(|c| c.key == key).unwrap_or(0);
        PickList {
            choices,
            chosen,
            search: String::new(),
        }
    }

    /// Every choice, in order.
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    /// The chosen choice's key; empty for an empty list.
    pub fn key(&self) -> &str {
        self.choices.get(self.chosen).map_or("", |c| c.key.as_str())
    }

    /// The chosen choice's label.
    pub fn label(&self) -> &str {
        self.choices
            .get(self.chosen)
            .map_or("", |c| c.label.as_str())
    }

    /// The chosen choice's place, from 1, and how many there are.
    pub fn place(&self) -> (usize, usize) {
        (self.chosen + 1, self.choices.len())
    }

    /// The letters typed to find a choice.
    pub fn search(&self) -> &str {
        &self.search
    }

    pub fn next(&mut self) {
        self.search.clear();
        if !self.choices.is_empty() {
            self.chosen = (self.chosen + 1) % self.choices.len();
        }
    }

    pub fn prev(&mut self) {
        self.search.clear();
        let n = self.choices.len();
        if n > 0 {
            self.chosen = (self.chosen + n - 1) % n;
        }
    }

    /// A letter typed: the first choice, from the chosen one on, with a word starting
    /// with the letters typed so far. False (and the letter forgotten) when none has.
    pub fn type_char(&mut self, c: char) -> bool {
        let mut search = self.search.clone();
        search.push(c);
        match self.find(&search) {
            Some(i) => {
                self.chosen = i;
                self.search = search;
                true
            }
            None => false,
        }
    }

    /// Backspace: the last typed letter taken back.
    pub fn erase(&mut self) {
        self.search.pop();
        if let Some(i) = self.find(&self.search.clone()) {
            self.chosen = i;
        }
    }

    /// Ctrl-U: the typed letters forgotten, the choice kept.
    pub fn clear_search(&mut self) {
        self.search.clear();
    }

    fn find(&self, search: &str) -> Option<usize> {
        if search.is_empty() {
            return Some(self.chosen);
        }
        let search = search.to_lowercase();
        let n = self.choices.len();
        (0..n).map(|k| (self.chosen + k) % n).find(|&i| {
            let label = self.choices[i].label.to_lowercase();
            label.starts_with(&search)
                || label
                    .split([' ', ',', '(', '«', '-'])
                    .any(|w| w.starts_with(&search))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reports() -> PickList {
        PickList::new(
            vec![
                Choice::new("accumulation", "Накопляемость отметок"),
                Choice::new("quality", "Качество знаний"),
                Choice::new("summary", "Сводная ведомость"),
                Choice::new("fill", "Заполнение журнала"),
            ],
            "quality",
        )
    }

    #[test]
    fn starts_on_the_given_key_and_steps_round() {
        let mut p = reports();
        assert_eq!((p.key(), p.place()), ("quality", (2, 4)));
        p.next();
        p.next();
        p.next();
        assert_eq!(p.key(), "accumulation");
        p.prev();
        assert_eq!(p.key(), "fill");
        assert_eq!(PickList::new(vec![], "x").key(), "");
    }

    #[test]
    fn typed_letters_find_a_word_and_a_miss_changes_nothing() {
        let mut p = reports();
        assert!(p.type_char('с'));
        assert_eq!(p.key(), "summary");
        assert!(p.type_char('в'));
        assert_eq!(p.search(), "св");
        assert!(!p.type_char('я'));
        assert_eq!((p.key(), p.search()), ("summary", "св"));
        p.erase();
        p.erase();
        assert_eq!(p.search(), "");
        // A word inside the label: «журнала».
        assert!(p.type_char('Ж'));
        assert_eq!(p.key(), "fill");
        p.clear_search();
        assert_eq!((p.key(), p.search()), ("fill", ""));
    }
}
