//! What the Russian screens must not show, and the checker's own test: it catches an
//! English identifier, a flag and an ISO date, and lets a login and a file name be.

use std::collections::BTreeMap;

use zhurnal::tui::App;
use zhurnal::tui::overlay::Overlay;

use crate::common::tui::screen;

/// Every stored identifier a Russian screen must not show, with what it is: built from
/// the enums' lists, so a new word is checked without touching this test.
pub fn identifiers() -> BTreeMap<&'static str, String> {
    let mut ids = BTreeMap::new();
    for n in zhurnal::report::ReportName::ALL {
        ids.insert(n.key(), format!("report keyword ({n:?})"));
    }
    for r in zhurnal::domain::roles::Role::ALL {
        ids.insert(r.as_str(), format!("role ({r:?})"));
    }
    for k in zhurnal::import::Kind::ALL {
        ids.insert(k.as_str(), format!("import kind ({k:?})"));
    }
    for k in zhurnal::store::lessons::HOMEWORK_KINDS {
        ids.insert(k, "homework kind".to_string());
    }
    for a in zhurnal::domain::audit::Action::ALL {
        ids.insert(a.as_str(), format!("audit action ({a:?})"));
    }
    for e in zhurnal::domain::audit::Entity::ALL {
        ids.insert(e.as_str(), format!("audit entity ({e:?})"));
    }
    ids
}

/// What in `text` is not Russian: a stored identifier as a whole word, a command-line
/// flag («--" and a letter»), an ISO date. A login (`logins`) may stand once in a line
/// (who did it, whose account): the same word again in that line is a finding. A word
/// inside a file name («students.csv») is the file's name, not an identifier.
pub fn english_in(text: &str, logins: &[&str]) -> Vec<String> {
    let ids = identifiers();
    let mut found = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let word_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut i = 0;
        while i < chars.len() {
            if !word_char(chars[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && word_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let before = start.checked_sub(1).map(|b| chars[b]);
            let after = chars.get(i).copied();
            let after2 = chars.get(i + 1).copied();
            let in_file_name = matches!(before, Some('.' | '/' | '\\'))
                || (after == Some('.') && after2.is_some_and(|c| c.is_ascii_alphanumeric()))
                || matches!(after, Some('/' | '\\'));
            if in_file_name {
                continue;
            }
            if let Some(what) = ids.get(word.as_str()) {
                let n = seen.entry(word.clone()).or_default();
                *n += 1;
                let allowed = usize::from(logins.contains(&word.as_str()));
                if *n > allowed {
                    found.push(format!("{what} «{word}» in «{}»", line.trim()));
                }
            }
        }
        for (i, w) in chars.windows(3).enumerate() {
            if w[0] == '-' && w[1] == '-' && w[2].is_ascii_alphabetic() {
                let flag: String = chars[i..]
                    .iter()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                found.push(format!("a flag «{flag}» in «{}»", line.trim()));
            }
        }
        for (i, w) in chars.windows(10).enumerate() {
            let d = |k: usize| w[k].is_ascii_digit();
            if d(0)
                && d(1)
                && d(2)
                && d(3)
                && w[4] == '-'
                && d(5)
                && d(6)
                && w[7] == '-'
                && d(8)
                && d(9)
            {
                let date: String = chars[i..i + 10].iter().collect();
                found.push(format!("an ISO date «{date}» in «{}»", line.trim()));
            }
        }
    }
    found
}

/// The checker finds what it is there for, and not a login or a file's name.
#[test]
fn the_checker_catches_english_identifiers() {
    let logins = ["teacher", "admin"];
    let bad = [
        "teacher  Иванова Т. И.   class_teacher,teacher",
        "Отчёт: quality",
        "Вид: students",
        "12.12 11:23 teacher    send message",
        "admin  Админ          admin",
        "уроков с отметками: 3 — их отменяет только zhurnal calendar remove 9 --drop-entered",
        "Когда: 2025-12-12 15:30",
        "д/з: written → oral",
    ];
    for line in bad {
        assert!(!english_in(line, &logins).is_empty(), "missed: {line}");
    }
    let fine = [
        "teacher  Иванова Т. И.   учитель, классный руководитель",
        "Файл: students.csv — ученики",
        "12.12 11:23 teacher    отправка сообщения",
        "Когда: 12.12.2025 15:30 · SSH",
        "Вход: admin — пароль по F3",
        "— тире, а не флаг; Ctrl-U, Enter, Esc",
    ];
    for line in fine {
        assert_eq!(english_in(line, &logins), Vec::<String>::new(), "{line}");
    }
}

/// Everything a user reads now: the screen, and whole the status line, a message's or
/// a question's text (a long one may be cut on the screen).
pub fn texts(app: &App) -> String {
    let mut t = screen(app);
    t.push('\n');
    t.push_str(&app.status.text);
    match &app.overlay {
        Some(Overlay::Message { title, text }) => {
            t.push('\n');
            t.push_str(title);
            t.push('\n');
            t.push_str(text);
        }
        Some(Overlay::Confirm { question, .. }) => {
            t.push('\n');
            t.push_str(question);
        }
        Some(Overlay::Form(f)) => {
            t.push('\n');
            t.push_str(&f.hint);
            if let Some(e) = &f.error {
                t.push('\n');
                t.push_str(e);
            }
        }
        _ => {}
    }
    t
}
