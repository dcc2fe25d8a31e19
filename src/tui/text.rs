//! A one-line text field: login, password, a mark's comment.

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextField {
    chars: Vec<char>,
    /// Cursor position in characters.
    cursor: usize,
    /// Shown as dots (a password).
    pub secret: bool,
}

impl TextField {
    pub fn new(text: &str) -> TextField {
        let chars: Vec<char> = text.chars().collect();
        TextField {
            cursor: chars.len(),
            chars,
            secret: false,
        }
    }

    pub fn secret() -> TextField {
        TextField {
            secret: true,
            ..TextField::default()
        }
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn insert(&mut self, c: char) {
        if !c.is_control() && self.chars.len() < 500 {
            self.chars.insert(self.cursor, c);
            self.cursor += 1;
        }
    }

    /// Deletes the character before the cursor; false when there is none.
    pub fn backspace(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        self.chars.remove(self.cursor);
        true
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.chars.len());
    }

    /// What the field shows, and the cursor's column in it.
    pub fn display(&self) -> (String, usize) {
        if self.secret {
            ("•".repeat(self.chars.len()), self.cursor)
        } else {
            (self.text(), self.cursor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor() {
        let mut f = TextField::new("тест");
        f.left();
        f.insert('ы');
        assert_eq!(f.text(), "тесыт");
        assert!(f.backspace());
        f.right();
        f.insert('!');
        assert_eq!(f.text(), "тест!");
        let mut p = TextField::secret();
        p.insert('d');
        p.insert('e');
        assert_eq!(p.display(), ("••".to_string(), 2));
        assert_eq!(p.text(), "de");
        let mut empty = TextField::default();
        assert!(!empty.backspace());
    }
}
