//! Terminal input for the SSH server: the raw bytes a client's terminal sends, turned
//! into crossterm key events (crossterm's own parser reads only the local tty).
//!
//! Understood: text in UTF-8, control keys, Alt as an ESC prefix, cursor and editing
//! keys in CSI and SS3 form with xterm modifiers, F1–F12 as xterm, PuTTY and the Linux
//! console send them, keypad keys in application mode, and bracketed paste. Any other
//! escape sequence (mouse reports, focus events, terminal replies) is read to its end
//! and dropped, so it never turns into stray characters.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ESC: u8 = 0x1b;
/// What a terminal sends after a bracketed paste (`ESC [ 201 ~`).
const PASTE_END: &[u8] = b"\x1b[201~";
/// A control sequence not finished within this many bytes is garbage: dropping it
/// keeps the buffer bounded whatever a client sends.
pub const MAX_SEQUENCE: usize = 64;
/// The characters of the application-mode keypad, sent as `ESC O j` to `ESC O y`.
const KEYPAD: &[u8; 16] = b"*+,-./0123456789";

/// Turns the bytes a terminal sends into key events.
#[derive(Debug, Default)]
pub struct InputDecoder {
    /// The start of a sequence or character whose end has not arrived yet.
    buffer: Vec<u8>,
    /// Inside a bracketed paste: text only, control keys are dropped.
    in_paste: bool,
}

/// What the bytes at the front of the buffer turned out to be.
enum Step {
    /// This many bytes read, making the token.
    Done(usize, Token),
    /// The bytes may be the start of something longer: wait for more.
    Incomplete,
}

/// The meaning of one complete piece of input.
enum Token {
    Key(KeyEvent),
    /// A sequence or byte that is no key: read and dropped.
    Ignore,
    PasteStart,
    PasteEnd,
}

/// Where a control sequence ends, seen from its start.
enum SequenceEnd {
    /// At this index, the final byte.
    Final(usize),
    /// Broken before this index (a byte no sequence may hold, or too long).
    Broken(usize),
    /// Not yet: all bytes so far fit.
    Unfinished,
}

impl InputDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Decodes what arrived; an incomplete sequence or UTF-8 character at the end is
    /// kept for the next call. A lone ESC at the end of a chunk is kept too (it may
    /// start a sequence split across packets).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<KeyEvent> {
        self.buffer.extend_from_slice(bytes);
        self.decode(false)
    }

    /// Called when no more bytes arrived for a short while (~50 ms): whatever is
    /// pending is final — a lone ESC becomes the Esc key, an ESC+char becomes
    /// Alt+char, garbage is dropped. An open paste ends too, so a paste whose end
    /// marker never comes cannot swallow the keyboard.
    pub fn flush(&mut self) -> Vec<KeyEvent> {
        let keys = self.decode(true);
        self.in_paste = false;
        keys
    }

    /// True when bytes are pending or a paste is open (the caller then calls flush
    /// after a short timeout).
    pub fn pending(&self) -> bool {
        !self.buffer.is_empty() || self.in_paste
    }

    /// How many bytes wait for the rest of their sequence: at most `MAX_SEQUENCE + 1`
    /// (an Alt prefix before a sequence cut off at its limit).
    #[cfg(test)]
    pub fn buffered(&self) -> usize {
        self.buffer.len()
    }

    /// Reads whole pieces off the buffer; at the end of input nothing is waited for.
    fn decode(&mut self, at_end: bool) -> Vec<KeyEvent> {
        let mut keys = Vec::new();
        let mut read = 0;
        while read < self.buffer.len() {
            let rest = &self.buffer[read..];
            let step = if self.in_paste {
                paste_step(rest)
            } else {
                step(rest, at_end)
            };
            let (len, token) = match step {
                Step::Done(len, token) => (len.clamp(1, rest.len()), token),
                Step::Incomplete if at_end => (rest.len(), Token::Ignore),
                Step::Incomplete => break,
            };
            read += len;
            self.apply(token, &mut keys);
        }
        self.buffer.drain(..read);
        keys
    }

    fn apply(&mut self, token: Token, keys: &mut Vec<KeyEvent>) {
        match token {
            Token::Key(key) => keys.push(key),
            Token::Ignore => {}
            Token::PasteStart => self.in_paste = true,
            Token::PasteEnd => self.in_paste = false,
        }
    }
}

/// Reads one key or sequence from the front of `bytes`.
fn step(bytes: &[u8], at_end: bool) -> Step {
    match bytes {
        [ESC, ..] => escape(bytes, at_end),
        _ => plain(bytes),
    }
}

/// Inside a paste: text, Enter and Tab pass, the end marker closes it, the rest is
/// dropped (a pasted Ctrl-C or escape sequence must not act as a command).
fn paste_step(bytes: &[u8]) -> Step {
    if bytes.starts_with(PASTE_END) {
        return Step::Done(PASTE_END.len(), Token::PasteEnd);
    }
    match bytes {
        [ESC, ..] if PASTE_END.starts_with(bytes) => Step::Incomplete,
        [ESC, ..] => skip(1),
        _ => match plain(bytes) {
            Step::Done(len, Token::Key(key)) if is_text(&key) => Step::Done(len, Token::Key(key)),
            Step::Done(len, _) => skip(len),
            Step::Incomplete => Step::Incomplete,
        },
    }
}

fn is_text(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab)
        && !key.modifiers.contains(KeyModifiers::CONTROL)
}

/// A key that is not an escape sequence: a control byte or a character.
fn plain(bytes: &[u8]) -> Step {
    let one = |code| Step::Done(1, key(code, KeyModifiers::NONE));
    let ctrl = |c: u8| Step::Done(1, key(KeyCode::Char(char::from(c)), KeyModifiers::CONTROL));
    match *bytes {
        // CR LF in one piece is one Enter (a client sending both for a newline); split
        // across packets it counts twice, but terminals send Enter as a lone CR.
        [b'\r', b'\n', ..] => Step::Done(2, key(KeyCode::Enter, KeyModifiers::NONE)),
        [b'\r' | b'\n', ..] => one(KeyCode::Enter),
        [b'\t', ..] => one(KeyCode::Tab),
        [0x7f | 0x08, ..] => one(KeyCode::Backspace),
        [0x00, ..] => ctrl(b' '),
        [c @ 0x01..=0x1a, ..] => ctrl(c - 0x01 + b'a'),
        // Ctrl-\ ] ^ _ come as Ctrl+4..7, as crossterm reports them.
        [c @ 0x1c..=0x1f, ..] => ctrl(c - 0x1c + b'4'),
        [c @ 0x20..=0x7e, ..] => Step::Done(1, char_key(char::from(c))),
        [0x80..=0xff, ..] => utf8(bytes),
        _ => skip(1),
    }
}

/// One UTF-8 character; invalid bytes are dropped one piece at a time.
fn utf8(bytes: &[u8]) -> Step {
    let head = &bytes[..bytes.len().min(4)];
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(error) => match (error.valid_up_to(), error.error_len()) {
            // Valid so far but cut short: the rest is in the next packet.
            (0, None) => return Step::Incomplete,
            (0, Some(bad)) => return skip(bad),
            (valid, _) => std::str::from_utf8(&head[..valid]).unwrap_or_default(),
        },
    };
    match text.chars().next() {
        // A C1 control code (U+0080–U+009F) is no text: dropped like a stray byte.
        Some(c) if c.is_control() => skip(c.len_utf8()),
        Some(c) => Step::Done(c.len_utf8(), char_key(c)),
        None => skip(1),
    }
}

/// Something starting with ESC: a sequence, Alt+key, or the Esc key itself.
fn escape(bytes: &[u8], at_end: bool) -> Step {
    match *bytes {
        [ESC] if at_end => Step::Done(1, key(KeyCode::Esc, KeyModifiers::NONE)),
        [ESC] => Step::Incomplete,
        [ESC, b'[', ..] => csi(bytes, at_end),
        [ESC, b'O', ..] => ss3(bytes, at_end),
        // Some terminals send Alt+arrow as ESC before the arrow's sequence.
        [ESC, ESC, b'[' | b'O', ..] => with_alt(escape(&bytes[1..], at_end), 1),
        [ESC, ESC] if !at_end => Step::Incomplete,
        // Esc pressed twice: the first is a key of its own.
        [ESC, ESC, ..] => Step::Done(1, key(KeyCode::Esc, KeyModifiers::NONE)),
        [ESC, ..] => with_alt(plain(&bytes[1..]), 1),
        _ => skip(1),
    }
}

/// `ESC [ ...`: cursor, editing and function keys, paste markers, and all the
/// sequences that are no keys.
fn csi(bytes: &[u8], at_end: bool) -> Step {
    match *bytes {
        [_, _] if at_end => Step::Done(2, with_alt_token(char_key('['))),
        [_, _] | [_, _, b'['] => Step::Incomplete,
        // The Linux console's F1–F5.
        [_, _, b'[', c @ b'A'..=b'E', ..] => {
            Step::Done(4, key(KeyCode::F(c - b'A' + 1), KeyModifiers::NONE))
        }
        [_, _, b'[', ..] => skip(3),
        // An X10 mouse report: three raw bytes follow, whatever their value.
        [_, _, b'M', ..] if bytes.len() < 6 => Step::Incomplete,
        [_, _, b'M', ..] => skip(6),
        _ => match sequence_end(bytes, 2) {
            SequenceEnd::Final(at) => Step::Done(at + 1, csi_token(&bytes[2..at], bytes[at])),
            SequenceEnd::Broken(at) => skip(at),
            SequenceEnd::Unfinished => Step::Incomplete,
        },
    }
}

/// `ESC O ...`: xterm's F1–F4, cursor keys in application mode, and the keypad.
fn ss3(bytes: &[u8], at_end: bool) -> Step {
    match *bytes {
        [_, _] if at_end => Step::Done(2, with_alt_token(char_key('O'))),
        _ => match sequence_end(bytes, 2) {
            SequenceEnd::Final(at) => Step::Done(at + 1, ss3_token(&bytes[2..at], bytes[at])),
            SequenceEnd::Broken(at) => skip(at),
            SequenceEnd::Unfinished => Step::Incomplete,
        },
    }
}

/// Finds the final byte of a control sequence: parameter and intermediate bytes
/// (0x20–0x3f) from `start` on, then one byte 0x40–0x7e.
fn sequence_end(bytes: &[u8], start: usize) -> SequenceEnd {
    for (at, &byte) in bytes.iter().enumerate().skip(start) {
        match byte {
            0x20..=0x3f if at < MAX_SEQUENCE => {}
            0x40..=0x7e => return SequenceEnd::Final(at),
            _ => return SequenceEnd::Broken(at),
        }
    }
    SequenceEnd::Unfinished
}

fn csi_token(params: &[u8], final_byte: u8) -> Token {
    let Some(numbers) = parse_params(params) else {
        return Token::Ignore;
    };
    let first = numbers.first().copied().flatten();
    let modifiers = modifiers(numbers.get(1).copied().flatten());
    match (final_byte, first) {
        (b'~', Some(200)) => Token::PasteStart,
        (b'~', Some(201)) => Token::PasteEnd,
        (b'~', Some(number)) => match shifted_function_key(number) {
            Some(code) => key(code, KeyModifiers::SHIFT | modifiers),
            None => tilde_code(number).map_or(Token::Ignore, |code| key(code, modifiers)),
        },
        (b'Z', None | Some(1)) => key(KeyCode::BackTab, KeyModifiers::SHIFT | modifiers),
        // A key's first parameter is 1 when only modifiers follow; other numbers are
        // replies such as a cursor position (`ESC [ 12 ; 40 R`).
        (letter, None | Some(1)) => {
            letter_code(letter).map_or(Token::Ignore, |code| key(code, modifiers))
        }
        _ => Token::Ignore,
    }
}

fn ss3_token(params: &[u8], final_byte: u8) -> Token {
    let Some(numbers) = parse_params(params) else {
        return Token::Ignore;
    };
    // Old xterms put the modifier alone (`ESC O 5 C`), newer ones after a 1.
    let modifiers = modifiers(numbers.last().copied().flatten());
    let code = match final_byte {
        b'M' => Some(KeyCode::Enter),
        b'j'..=b'y' => KEYPAD
            .get(usize::from(final_byte - b'j'))
            .map(|&c| KeyCode::Char(char::from(c))),
        letter => letter_code(letter),
    };
    code.map_or(Token::Ignore, |code| key(code, modifiers))
}

/// The numbers of a sequence's `;`-separated parameters (`None` for an empty one),
/// or `None` for a private or malformed sequence (`ESC [ < ...`, `ESC [ ? ...`).
/// Sub-parameters after `:` are ignored.
fn parse_params(params: &[u8]) -> Option<Vec<Option<u32>>> {
    let text = std::str::from_utf8(params).ok()?;
    text.split(';')
        .map(|param| {
            let number = param.split(':').next().unwrap_or_default();
            if number.is_empty() {
                Some(None)
            } else {
                number.parse().ok().map(Some)
            }
        })
        .collect()
}

/// xterm's modifier parameter: 1 plus a bit set of 1 Shift, 2 Alt, 4 Ctrl, 8 Super.
fn modifiers(param: Option<u32>) -> KeyModifiers {
    let mask = param.unwrap_or(1).saturating_sub(1);
    [
        (1, KeyModifiers::SHIFT),
        (2, KeyModifiers::ALT),
        (4, KeyModifiers::CONTROL),
        (8, KeyModifiers::SUPER),
    ]
    .into_iter()
    .filter(|&(bit, _)| mask & bit != 0)
    .fold(KeyModifiers::NONE, |all, (_, modifier)| all | modifier)
}

/// Shift-F3 … Shift-F10 as the Linux console and PuTTY's default keyboard send them
/// (the VT220's F13–F20): `ESC [ 25 ~` … `ESC [ 34 ~`. (Shift-F1 and Shift-F2 come as
/// F11 and F12 and cannot be told from them.)
fn shifted_function_key(number: u32) -> Option<KeyCode> {
    let n = match number {
        25 | 26 => number - 22,
        28 | 29 => number - 23,
        31..=34 => number - 24,
        _ => return None,
    };
    Some(KeyCode::F(u8::try_from(n).ok()?))
}

/// Keys sent as `ESC [ number ~`: editing keys (1–8 covers xterm, PuTTY and rxvt)
/// and F1–F12 (11–14 are PuTTY's and VT100+'s F1–F4).
fn tilde_code(number: u32) -> Option<KeyCode> {
    let code = match number {
        1 | 7 => KeyCode::Home,
        2 => KeyCode::Insert,
        3 => KeyCode::Delete,
        4 | 8 => KeyCode::End,
        5 => KeyCode::PageUp,
        6 => KeyCode::PageDown,
        11..=15 => KeyCode::F(u8::try_from(number - 10).ok()?),
        17..=21 => KeyCode::F(u8::try_from(number - 11).ok()?),
        23 | 24 => KeyCode::F(u8::try_from(number - 12).ok()?),
        _ => return None,
    };
    Some(code)
}

/// Keys named by a sequence's final letter, in CSI and SS3 alike.
fn letter_code(letter: u8) -> Option<KeyCode> {
    let code = match letter {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'R' => KeyCode::F(3),
        b'S' => KeyCode::F(4),
        _ => return None,
    };
    Some(code)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Token {
    Token::Key(KeyEvent::new(code, modifiers))
}

/// A typed character; capitals carry Shift, as crossterm reports them on Unix.
fn char_key(c: char) -> Token {
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    key(KeyCode::Char(c), modifiers)
}

fn skip(len: usize) -> Step {
    Step::Done(len, Token::Ignore)
}

/// The step after an ESC prefix of `prefix` bytes, its key with Alt added.
fn with_alt(step: Step, prefix: usize) -> Step {
    match step {
        Step::Done(len, token) => Step::Done(len + prefix, with_alt_token(token)),
        Step::Incomplete => Step::Incomplete,
    }
}

fn with_alt_token(token: Token) -> Token {
    match token {
        Token::Key(mut key) => {
            key.modifiers |= KeyModifiers::ALT;
            Token::Key(key)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests;
