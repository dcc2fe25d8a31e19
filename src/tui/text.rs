//! Text on the screens: a one-line field (login, password, a mark's comment), a
//! multi-line editor's text, and text fitted to a width.

use ratatui_textarea::TextArea;

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

    /// Ctrl-U: the whole text gone.
    pub fn clear(&mut self) {
        self.chars.clear();
        self.cursor = 0;
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

/// `s` cut or padded to exactly `w` characters.
pub fn fit(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n > w {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// A multi-line editor holding `text`, the cursor at its end.
pub fn area_of(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = if text.is_empty() {
        vec![String::new()]
    } else {
        text.lines().map(str::to_string).collect()
    };
    let mut t = TextArea::new(lines);
    t.set_cursor_line_style(ratatui::style::Style::default());
    t.move_cursor(ratatui_textarea::CursorMove::Bottom);
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

/// The editor's text, trimmed.
pub fn text_of(t: &TextArea<'static>) -> String {
    t.clone().into_lines().join("\n").trim().to_string()
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
