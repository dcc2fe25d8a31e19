//! What a stored text may hold, and how stored text is shown on a terminal.
//!
//! A one-line text (a name, a login, a topic, a class, a subject, a reason) holds no
//! control character at all; a multi-line text (homework, a message, a comment, an
//! announcement) may hold line breaks and tabs. Neither holds the C0 and C1 controls
//! (ESC, NUL, DEL, U+0080–U+009F …) nor the bidirectional overrides (U+202A–U+202E,
//! U+2066–U+2069), which a terminal or an editor would obey instead of showing. Each
//! kind of field has a length limit, in characters. The store checks every text it
//! writes with [`check`], whatever channel it came from; the importers call it for
//! their file-and-line messages.
//!
//! Journals written before these rules may hold such text: whatever prints stored text
//! or what a client sent to a terminal or a log passes it through [`shown`] (or
//! [`shown_block`]), which makes every control character visible.

use std::borrow::Cow;

use crate::i18n::pick;
use crate::tr;

/// A kind of stored text: its name in messages, its limit and whether it may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A person's last name, first name or patronymic; an account's display name.
    Name,
    /// An account's login.
    Login,
    /// A school subject, a group of a class.
    Subject,
    /// A class's name or letter.
    Class,
    /// A lesson's or a plan's topic, a message's subject.
    Topic,
    /// Why: a lesson cancelled, an absence excused, a period opened or closed; an order.
    Reason,
    /// A work type's name or short name.
    WorkType,
    /// A mark's comment (may span lines).
    Comment,
    /// A lesson's homework (may span lines).
    Homework,
    /// A lesson's note for the teacher (may span lines).
    Note,
    /// A message or an announcement (may span lines).
    Message,
    /// Any other one-line text (a key's comment, a setting).
    Other,
}

impl Field {
    /// The most characters the field holds.
    pub fn limit(self) -> usize {
        match self {
            Field::Name | Field::Subject | Field::Class | Field::WorkType | Field::Other => 200,
            Field::Login => 64,
            Field::Topic | Field::Reason => 500,
            Field::Comment => 2_000,
            Field::Homework | Field::Note => 10_000,
            Field::Message => 20_000,
        }
    }

    /// Whether the field may hold line breaks and tabs.
    pub fn multi_line(self) -> bool {
        matches!(
            self,
            Field::Comment | Field::Homework | Field::Note | Field::Message
        )
    }

    /// The field's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Field::Name => pick("имя", "name"),
            Field::Login => pick("логин", "login"),
            Field::Subject => pick("предмет или группа", "subject or group"),
            Field::Class => pick("класс", "class"),
            Field::Topic => pick("тема", "topic"),
            Field::Reason => pick("причина", "reason"),
            Field::WorkType => pick("вид работы", "work type"),
            Field::Comment => pick("комментарий", "comment"),
            Field::Homework => pick("домашнее задание", "homework"),
            Field::Note => pick("заметка", "note"),
            Field::Message => pick("сообщение", "message"),
            Field::Other => pick("текст", "text"),
        }
    }
}

/// Why a text may not be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// A control character (or a bidirectional override); `at` counts characters from 1.
    #[error("{}", tr!(
        "{}: недопустимый управляющий символ {} (символ {}); уберите его",
        "{}: a control character {} is not allowed (character {}); remove it",
        .field.name(), code(*.ch), .at))]
    Control { field: Field, ch: char, at: usize },
    /// Longer than the field's limit.
    #[error("{}", tr!(
        "{}: слишком длинно ({} симв., можно не больше {})",
        "{}: too long ({} characters, at most {})",
        .field.name(), .len, .field.limit()))]
    TooLong {
        field: Field,
        len: usize,
        limit: usize,
    },
}

/// Checks a text for `field`: no control character (but line breaks and tabs in a
/// multi-line field), no bidirectional override, no more than the field's limit.
pub fn check(field: Field, text: &str) -> Result<(), TextError> {
    let limit = field.limit();
    // Counted up to one past the limit: a 10 MB text is not walked to the end.
    let len = text.chars().take(limit + 1).count();
    if len > limit {
        return Err(TextError::TooLong {
            field,
            len: text.chars().count(),
            limit,
        });
    }
    let allowed = |c: char| field.multi_line() && (c == '\n' || c == '\t');
    match text
        .chars()
        .enumerate()
        .find(|&(_, c)| is_hidden(c) && !allowed(c))
    {
        Some((i, ch)) => Err(TextError::Control {
            field,
            ch,
            at: i + 1,
        }),
        None => Ok(()),
    }
}

/// Checks an optional text.
pub fn check_opt(field: Field, text: Option<&str>) -> Result<(), TextError> {
    text.map_or(Ok(()), |t| check(field, t))
}

/// A character a terminal would obey instead of showing: a C0 or C1 control, DEL, a
/// bidirectional override or isolate.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A stored text as one harmless line for a terminal or a log: every control
/// character, line breaks and tabs too, is shown as its code (`\x1b`, `\n`, `\u{9b}`).
pub fn shown(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// A stored multi-line text for a terminal: line breaks and tabs kept, every other
/// control character shown as its code.
pub fn shown_block(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_lines && (c == '\n' || c == '\t');
    if !text.chars().any(|c| is_hidden(c) && !kept(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) && !kept(c) {
            out.push_str(&code(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A hidden character's visible code.
fn code(c: char) -> String {
    match c {
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        c if (c as u32) < 0x80 => format!("\\x{:02x}", c as u32),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

/// Stored dates and times as the screens write them: every `2025-12-12` becomes
/// «12.12.2025», and a time after it (`15:30` or `15:30:42`) «15:30»; the rest of the
/// text stays as it is.
pub fn screen_dates(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let digits = |from: usize, n: usize| {
        from + n <= c.len() && c[from..from + n].iter().all(|d| d.is_ascii_digit())
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        let starts_word = i == 0 || !c[i - 1].is_ascii_alphanumeric();
        let ends_word = |at: usize| at >= c.len() || !c[at].is_ascii_alphanumeric();
        if starts_word
            && digits(i, 4)
            && c.get(i + 4) == Some(&'-')
            && digits(i + 5, 2)
            && c.get(i + 7) == Some(&'-')
            && digits(i + 8, 2)
            && (ends_word(i + 10) || (c.get(i + 10) == Some(&'T') && digits(i + 11, 2)))
        {
            let s = |a: usize, b: usize| c[a..b].iter().collect::<String>();
            out.push_str(&format!(
                "{}.{}.{}",
                s(i + 8, i + 10),
                s(i + 5, i + 7),
                s(i, i + 4)
            ));
            i += 10;
            // A time after it: « 15:30» or «T15:30», seconds dropped.
            if matches!(c.get(i), Some(' ' | 'T'))
                && digits(i + 1, 2)
                && c.get(i + 3) == Some(&':')
                && digits(i + 4, 2)
            {
                out.push(' ');
                out.push_str(&s(i + 1, i + 6));
                i += 6;
                if c.get(i) == Some(&':') && digits(i + 1, 2) {
                    i += 3;
                    // Fractions of a second.
                    if c.get(i) == Some(&'.') {
                        i += 1;
                        while i < c.len() && c[i].is_ascii_digit() {
                            i += 1;
                        }
                    }
                }
            }
            continue;
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_dates_as_the_screens_write_them() {
        use super::screen_dates;
        assert_eq!(screen_dates("2025-12-15 09:20:00"), "15.12.2025 09:20");
        assert_eq!(
            screen_dates("было 2025-12-12 15:30, стало 2025-12-13"),
            "было 12.12.2025 15:30, стало 13.12.2025"
        );
        assert_eq!(screen_dates("2025-12-15T09:20:01.5Z"), "15.12.2025 09:20Z");
        assert_eq!(screen_dates("12025-12-15 и 7Б"), "12025-12-15 и 7Б");
        assert_eq!(screen_dates("Иванов И."), "Иванов И.");
    }

    use super::*;

    #[test]
    fn one_line_refuses_every_control_and_override() {
        for bad in [
            "Ива\x1b[2Jнов",
            "a\0b",
            "a\x7fb",
            "a\u{9b}31m",
            "a\nb",
            "a\tb",
            "a\rb",
            "\u{202e}abc",
            "x\u{2066}",
        ] {
            assert!(
                matches!(check(Field::Name, bad), Err(TextError::Control { .. })),
                "{bad:?}"
            );
        }
        assert_eq!(check(Field::Name, "Иванова-Петрова Анна"), Ok(()));
        assert_eq!(check(Field::Topic, "Дроби: «½ + ⅓» — ёмкость"), Ok(()));
    }

    #[test]
    fn multi_line_keeps_lines_and_tabs() {
        assert_eq!(check(Field::Homework, "№ 12\n\tи № 13"), Ok(()));
        assert!(check(Field::Message, "a\r\nb").is_err());
        assert!(check(Field::Message, "a\x1b]0;x\x07").is_err());
    }

    #[test]
    fn the_error_names_the_field_the_character_and_the_limit() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        let e = check(Field::Name, "ab\x1bc").expect_err("control");
        assert_eq!(
            e,
            TextError::Control {
                field: Field::Name,
                ch: '\x1b',
                at: 3
            }
        );
        assert!(e.to_string().contains("name: a control character \\x1b"));
        let long = "я".repeat(10 * 1024 * 1024);
        let e = check(Field::Name, &long).expect_err("long");
        assert!(e.to_string().contains("at most 200"), "{e}");
        assert_eq!(check(Field::Name, &"я".repeat(200)), Ok(()));
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let e = check(Field::Topic, &"я".repeat(501)).expect_err("long");
        assert_eq!(
            e.to_string(),
            "тема: слишком длинно (501 симв., можно не больше 500)"
        );
    }

    #[test]
    fn shown_text_holds_no_control_byte() {
        let s = shown("\x1b[2J\x1b]0;x\x07\u{9b}31m\r\nok\u{202e}");
        assert_eq!(s, "\\x1b[2J\\x1b]0;x\\x07\\u{9b}31m\\r\\nok\\u{202e}");
        assert!(!s.chars().any(is_hidden));
        assert!(matches!(shown("Иванов Иван"), Cow::Borrowed(_)));
        assert_eq!(shown_block("a\n\tb\x1bc"), "a\n\tb\\x1bc");
    }
}
