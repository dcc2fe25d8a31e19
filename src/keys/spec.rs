//! Key strings of keymap files (`ctrl-s`, `f2`, `g g`): parsing, matching typed keys
//! against them, and the short human form shown on the help screen.
//!
//! The grammar is helix's with `-`: modifiers `ctrl-`, `alt-`, `shift-` (or `c-`,
//! `a-`, `s-`), then one key: a single character or a name such as `enter` or `f2`.
//! Names are case-insensitive; a lone letter is not (`G` is a capital G), except after
//! `ctrl-` or `alt-`, where `ctrl-S` is `ctrl-s` and the shifted one is `ctrl-shift-s`.

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::layout::mirror;

/// One key with its modifiers, normalized so that two spellings of the same key are
/// equal: a character never carries SHIFT (the character itself is shifted), and
/// `shift-tab` is `BackTab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// Keys pressed one after another, such as `g g`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeySeq(pub Vec<KeyChord>);

/// How a typed key fits a chord of a keymap, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fit {
    /// The same key (SHIFT aside for characters).
    Exact,
    /// The capital of a letter bound in small case: `G` typed for `g`.
    Case,
    /// The key in the other keyboard layout: `н` typed for `y`.
    Mirror,
    /// The capital in the other layout for a small letter: `П` typed for `g`.
    MirrorCase,
}

/// The modifiers a keymap can name; SUPER, HYPER and META are ignored.
const NAMED_MODS: KeyModifiers = KeyModifiers::CONTROL
    .union(KeyModifiers::ALT)
    .union(KeyModifiers::SHIFT);

impl KeyChord {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> KeyChord {
        KeyChord { code, mods }
    }

    /// The chord a terminal key event stands for, normalized like parsed chords.
    pub fn from_event(ev: &KeyEvent) -> KeyChord {
        let mut mods = ev.modifiers.intersection(NAMED_MODS);
        let code = match ev.code {
            KeyCode::Char(c) => {
                let shifted = mods.contains(KeyModifiers::SHIFT);
                mods.remove(KeyModifiers::SHIFT);
                // Some terminals report a shifted letter in small case with SHIFT.
                KeyCode::Char(if shifted { upper(c).unwrap_or(c) } else { c })
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            code => code,
        };
        KeyChord { code, mods }
    }

    /// Whether a key event is exactly this chord (SHIFT aside for characters).
    /// [`KeyChord::fit`] also accepts the capital of a small letter and the other
    /// layout's key.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        *self == KeyChord::from_event(ev)
    }

    /// How a typed chord (see [`KeyChord::from_event`]) fits this one, if at all.
    pub fn fit(&self, typed: &KeyChord) -> Option<Fit> {
        if self == typed {
            return Some(Fit::Exact);
        }
        let (KeyCode::Char(bound), KeyCode::Char(c)) = (self.code, typed.code) else {
            return None;
        };
        if self.mods != typed.mods {
            return None;
        }
        if folds_to(c, bound) {
            return Some(Fit::Case);
        }
        match mirror(c) {
            Some(m) if m == bound => Some(Fit::Mirror),
            Some(m) if folds_to(m, bound) => Some(Fit::MirrorCase),
            _ => None,
        }
    }

    /// The character of a key without ctrl or alt, if it is one.
    pub fn plain_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if self.mods.is_empty() => Some(c),
            _ => None,
        }
    }
}

/// `typed` is the capital of the small letter `bound`.
fn folds_to(typed: char, bound: char) -> bool {
    typed != bound && typed.is_uppercase() && lower(typed) == Some(bound)
}

fn lower(c: char) -> Option<char> {
    single(c.to_lowercase())
}

fn upper(c: char) -> Option<char> {
    single(c.to_uppercase())
}

fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

impl KeySeq {
    pub fn chords(&self) -> &[KeyChord] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `self` is a shorter start of `other`: `g` of `g g`.
    pub fn is_strict_prefix_of(&self, other: &KeySeq) -> bool {
        self.len() < other.len() && other.0.starts_with(&self.0)
    }
}

/// Parses a key string: chords separated by spaces.
///
/// ```
/// use ratatui::crossterm::event::{KeyCode, KeyModifiers};
/// use zhurnal::keys::spec::{parse_seq, KeyChord};
///
/// let s = parse_seq("ctrl-s").expect("valid");
/// assert_eq!(s.0, [KeyChord::new(KeyCode::Char('s'), KeyModifiers::CONTROL)]);
/// assert_eq!(parse_seq("C-s"), parse_seq("Ctrl-S"));
/// assert_eq!(parse_seq("shift-tab"), parse_seq("backtab"));
/// assert_eq!(parse_seq("shift-g"), parse_seq("G"));
/// assert_eq!(parse_seq("g g").expect("valid").len(), 2);
/// assert_eq!(parse_seq("F2").expect("valid").0[0].code, KeyCode::F(2));
/// assert_eq!(parse_seq("minus").expect("valid").0[0].code, KeyCode::Char('-'));
/// assert_eq!(parse_seq("н").expect("valid").0[0].code, KeyCode::Char('н'));
/// assert_eq!(parse_seq("ctrl-shift-s"), parse_seq("c-s-s"));
///
/// assert!(parse_seq("ctrl-").is_err());
/// assert!(parse_seq("hyper-x").is_err());
/// assert!(parse_seq("f13").is_err());
/// assert!(parse_seq("").is_err());
/// assert!(parse_seq("enterr").expect_err("bad").contains("enterr"));
/// ```
pub fn parse_seq(s: &str) -> Result<KeySeq, String> {
    let chords = s
        .split_whitespace()
        .map(parse_chord)
        .collect::<Result<Vec<_>, _>>()?;
    if chords.is_empty() {
        return Err(crate::tr!(
            "пустая строка вместо клавиши",
            "an empty key string"
        ));
    }
    Ok(KeySeq(chords))
}

/// Parses one chord such as `ctrl-s`, `F2`, `G` or `shift-tab`.
///
/// ```
/// use zhurnal::keys::spec::parse_chord;
/// assert_eq!(parse_chord("alt-x").expect("valid").to_string(), "Alt-X");
/// assert!(parse_chord("g g").is_err());
/// ```
pub fn parse_chord(tok: &str) -> Result<KeyChord, String> {
    let (mod_part, key) = if tok == "-" {
        ("", "-")
    } else if let Some(mods) = tok.strip_suffix("--") {
        (mods, "-")
    } else {
        tok.rsplit_once('-').unwrap_or(("", tok))
    };
    if key.is_empty() {
        return Err(crate::tr!(
            "«{tok}»: после «-» не хватает клавиши",
            "`{tok}`: a key is missing after `-`"
        ));
    }
    let mut mods = KeyModifiers::NONE;
    if !mod_part.is_empty() {
        for m in mod_part.split('-') {
            let flag = match m.to_lowercase().as_str() {
                "ctrl" | "c" => KeyModifiers::CONTROL,
                "alt" | "a" => KeyModifiers::ALT,
                "shift" | "s" => KeyModifiers::SHIFT,
                _ => {
                    return Err(crate::tr!(
                        "«{tok}»: «{m}» — не модификатор (есть ctrl-, alt-, shift-)",
                        "`{tok}`: `{m}` is not a modifier (there are ctrl-, alt-, shift-)"
                    ));
                }
            };
            if mods.contains(flag) {
                return Err(crate::tr!(
                    "«{tok}»: модификатор «{m}» повторён",
                    "`{tok}`: the modifier `{m}` is repeated"
                ));
            }
            mods.insert(flag);
        }
    }
    let mut chars = key.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => named_key(key).ok_or_else(|| {
            crate::tr!(
                "«{tok}»: неизвестная клавиша «{key}» (примеры: a, ?, н, enter, esc, tab, \
                 backspace, delete, up, pageup, home, space, minus, f1–f12)",
                "`{tok}`: unknown key `{key}` (for example: a, ?, н, enter, esc, tab, \
                 backspace, delete, up, pageup, home, space, minus, f1–f12)"
            )
        })?,
    };
    normalize(tok, code, mods)
}

fn named_key(name: &str) -> Option<KeyCode> {
    let name = name.to_lowercase();
    Some(match name.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "space" => KeyCode::Char(' '),
        "minus" => KeyCode::Char('-'),
        _ => {
            let n: u8 = name.strip_prefix('f')?.parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
    })
}

/// Folds SHIFT into the key the way [`KeyChord::from_event`] does.
fn normalize(tok: &str, code: KeyCode, mut mods: KeyModifiers) -> Result<KeyChord, String> {
    let shift = mods.contains(KeyModifiers::SHIFT);
    let code = match code {
        KeyCode::Char(c) => {
            mods.remove(KeyModifiers::SHIFT);
            let big = upper(c).filter(|&u| u != c);
            if shift {
                match big {
                    Some(u) => KeyCode::Char(u),
                    None if c.is_uppercase() => KeyCode::Char(c),
                    None => {
                        return Err(crate::tr!(
                            "«{tok}»: shift- бывает только с буквой; напишите сам символ \
                             (например «!» вместо «shift-1»)",
                            "`{tok}`: shift- goes with letters only; write the character \
                             itself (`!` rather than `shift-1`)"
                        ));
                    }
                }
            } else if mods.is_empty() {
                KeyCode::Char(c)
            } else {
                // `ctrl-S` is `ctrl-s`: the shifted chord is spelled with `shift-`.
                KeyCode::Char(lower(c).unwrap_or(c))
            }
        }
        KeyCode::Tab | KeyCode::BackTab if shift => {
            mods.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        code => code,
    };
    Ok(KeyChord { code, mods })
}

impl FromStr for KeySeq {
    type Err = String;

    fn from_str(s: &str) -> Result<KeySeq, String> {
        parse_seq(s)
    }
}

impl FromStr for KeyChord {
    type Err = String;

    fn from_str(s: &str) -> Result<KeyChord, String> {
        parse_chord(s)
    }
}

/// The help screen's form: `Ctrl-S`, `F2`, `Shift-Tab`, `PgDn`, `g`, `G`, `Space`.
///
/// ```
/// use zhurnal::keys::spec::parse_seq;
/// let show = |s: &str| parse_seq(s).expect("valid").to_string();
/// assert_eq!(show("ctrl-s"), "Ctrl-S");
/// assert_eq!(show("ctrl-shift-s"), "Ctrl-Shift-S");
/// assert_eq!(show("g  g"), "g g");
/// assert_eq!(show("shift-tab"), "Shift-Tab");
/// assert_eq!(show("pagedown"), "PgDn");
/// assert_eq!(show("minus"), "-");
/// assert_eq!(show("alt-minus"), "Alt-Minus");
/// ```
impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mods = self.mods;
        if mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        let with_mods = !mods.is_empty();
        if let KeyCode::Char(c) = self.code
            && with_mods
            && c.is_uppercase()
        {
            // A capital after ctrl- or alt- is only reachable with shift.
            f.write_str("Shift-")?;
        } else if mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char('-') if with_mods => f.write_str("Minus"),
            KeyCode::Char(c) if with_mods => write!(f, "{}", upper(c).unwrap_or(c)),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other}"),
        }
    }
}

impl fmt::Display for KeySeq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chord) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{chord}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chord(s: &str) -> KeyChord {
        parse_chord(s).expect("valid chord")
    }

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn spellings_of_one_key_are_equal() {
        assert_eq!(chord("ctrl-s"), chord("C-s"));
        assert_eq!(chord("CTRL-s"), chord("c-S"));
        assert_eq!(chord("del"), chord("Delete"));
        assert_eq!(chord("s-tab"), chord("BackTab"));
        assert_eq!(chord("space").code, KeyCode::Char(' '));
        assert_eq!(chord("minus"), chord("-"));
        assert_eq!(chord("ctrl-minus"), chord("ctrl--"));
        assert_ne!(chord("g"), chord("G"));
        assert_ne!(chord("ctrl-s"), chord("ctrl-shift-s"));
    }

    #[test]
    fn errors_name_the_bad_token() {
        for (bad, part) in [
            ("ctrl-", "ctrl-"),
            ("x-a", "x"),
            ("ctrl-ctrl-a", "ctrl"),
            ("f0", "f0"),
            ("shift-1", "shift-1"),
            ("g gg", "gg"),
        ] {
            let e = parse_seq(bad).expect_err(bad);
            assert!(e.contains(part), "{bad}: {e}");
        }
    }

    #[test]
    fn shifted_letters_match_whatever_the_terminal_reports() {
        let g = chord("G");
        assert!(g.matches(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert!(g.matches(&ev(KeyCode::Char('G'), KeyModifiers::NONE)));
        assert!(g.matches(&ev(KeyCode::Char('g'), KeyModifiers::SHIFT)));
        assert!(!g.matches(&ev(KeyCode::Char('g'), KeyModifiers::NONE)));
        assert!(chord("?").matches(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)));
        assert!(chord("backtab").matches(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)));
        assert!(chord("shift-tab").matches(&ev(KeyCode::Tab, KeyModifiers::SHIFT)));
        assert!(!chord("up").matches(&ev(KeyCode::Up, KeyModifiers::SHIFT)));
        assert!(chord("ctrl-q").matches(&ev(KeyCode::Char('q'), KeyModifiers::CONTROL)));
        assert!(!chord("ctrl-q").matches(&ev(KeyCode::Char('q'), KeyModifiers::NONE)));
    }

    #[test]
    fn fits_rank_exact_then_case_then_mirror() {
        let typed = |c| KeyChord::from_event(&ev(KeyCode::Char(c), KeyModifiers::NONE));
        assert_eq!(chord("y").fit(&typed('y')), Some(Fit::Exact));
        assert_eq!(chord("y").fit(&typed('Y')), Some(Fit::Case));
        assert_eq!(chord("y").fit(&typed('н')), Some(Fit::Mirror));
        assert_eq!(chord("y").fit(&typed('Н')), Some(Fit::MirrorCase));
        assert_eq!(chord("Y").fit(&typed('y')), None);
        assert_eq!(chord("Y").fit(&typed('Н')), Some(Fit::Mirror));
        assert_eq!(chord("н").fit(&typed('y')), Some(Fit::Mirror));
        let ctrl = KeyChord::from_event(&ev(KeyCode::Char('й'), KeyModifiers::CONTROL));
        assert_eq!(chord("ctrl-q").fit(&ctrl), Some(Fit::Mirror));
        assert_eq!(chord("q").fit(&ctrl), None);
    }

    #[test]
    fn display_reads_back_as_the_same_key() {
        for s in [
            "ctrl-s",
            "ctrl-shift-s",
            "f2",
            "g g",
            "G",
            "shift-tab",
            "alt-minus",
            "н",
            "space",
            "shift-up",
            "pagedown",
            "del",
        ] {
            let seq = parse_seq(s).expect(s);
            assert_eq!(parse_seq(&seq.to_string()), Ok(seq.clone()), "{s} -> {seq}");
        }
    }
}
