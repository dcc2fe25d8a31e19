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
        (b'~', Some(number)) => {
            tilde_code(number).map_or(Token::Ignore, |code| key(code, modifiers))
        }
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
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    const NONE: KeyModifiers = KeyModifiers::NONE;
    const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
    const ALT: KeyModifiers = KeyModifiers::ALT;
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;

    type Key = (KeyCode, KeyModifiers);

    /// Codes and modifiers compared as they are: `KeyEvent`'s own equality treats
    /// `Char('A')` and `Char('A')` with Shift as equal.
    fn plain_keys(events: Vec<KeyEvent>) -> Vec<Key> {
        events
            .into_iter()
            .map(|event| {
                assert_eq!(event.kind, KeyEventKind::Press);
                (event.code, event.modifiers)
            })
            .collect()
    }

    /// What one complete chunk gives, with nothing left waiting for a timeout.
    fn keys(bytes: &[u8]) -> Vec<Key> {
        let mut decoder = InputDecoder::new();
        let events = decoder.feed(bytes);
        assert!(!decoder.pending(), "{bytes:?} left bytes pending");
        plain_keys(events)
    }

    /// What a chunk gives once the line has gone quiet.
    fn keys_after_pause(bytes: &[u8]) -> Vec<Key> {
        let mut decoder = InputDecoder::new();
        let mut events = decoder.feed(bytes);
        events.extend(decoder.flush());
        assert!(!decoder.pending());
        plain_keys(events)
    }

    fn one(bytes: &[u8], code: KeyCode, modifiers: KeyModifiers) {
        assert_eq!(keys(bytes), vec![(code, modifiers)], "bytes {bytes:?}");
    }

    #[test]
    fn printable_ascii() {
        one(b"a", KeyCode::Char('a'), NONE);
        one(b"A", KeyCode::Char('A'), SHIFT);
        one(b"5", KeyCode::Char('5'), NONE);
        one(b" ", KeyCode::Char(' '), NONE);
        one(b"!", KeyCode::Char('!'), NONE);
        one(b"~", KeyCode::Char('~'), NONE);
    }

    #[test]
    fn cyrillic_in_utf8() {
        assert_eq!(
            keys("йнЙ".as_bytes()),
            vec![
                (KeyCode::Char('й'), NONE),
                (KeyCode::Char('н'), NONE),
                (KeyCode::Char('Й'), SHIFT),
            ]
        );
    }

    #[test]
    fn utf8_character_split_across_chunks() {
        let bytes = "й".as_bytes();
        let mut decoder = InputDecoder::new();
        assert!(decoder.feed(&bytes[..1]).is_empty());
        assert!(decoder.pending());
        assert_eq!(
            plain_keys(decoder.feed(&bytes[1..])),
            vec![(KeyCode::Char('й'), NONE)]
        );
        assert!(!decoder.pending());

        let bytes = "€".as_bytes();
        let mut decoder = InputDecoder::new();
        assert!(decoder.feed(&bytes[..1]).is_empty());
        assert!(decoder.feed(&bytes[1..2]).is_empty());
        assert_eq!(
            plain_keys(decoder.feed(&bytes[2..])),
            vec![(KeyCode::Char('€'), NONE)]
        );
    }

    #[test]
    fn invalid_utf8_is_dropped() {
        assert_eq!(keys(b"\xffa"), vec![(KeyCode::Char('a'), NONE)]);
        assert_eq!(keys(b"\xd0a"), vec![(KeyCode::Char('a'), NONE)]);
        assert_eq!(keys(b"\x80\xbf"), vec![]);
        // A character cut short for good is dropped when the line goes quiet.
        assert_eq!(keys_after_pause(b"a\xd0"), vec![(KeyCode::Char('a'), NONE)]);
    }

    #[test]
    fn several_keys_in_one_chunk() {
        assert_eq!(
            keys("54н3\r".as_bytes()),
            vec![
                (KeyCode::Char('5'), NONE),
                (KeyCode::Char('4'), NONE),
                (KeyCode::Char('н'), NONE),
                (KeyCode::Char('3'), NONE),
                (KeyCode::Enter, NONE),
            ]
        );
    }

    #[test]
    fn enter() {
        one(b"\r", KeyCode::Enter, NONE);
        one(b"\n", KeyCode::Enter, NONE);
        one(b"\r\n", KeyCode::Enter, NONE);
        assert_eq!(keys(b"\r\r"), vec![(KeyCode::Enter, NONE); 2]);
        assert_eq!(keys(b"\n\r"), vec![(KeyCode::Enter, NONE); 2]);
    }

    #[test]
    fn tab_backtab_backspace() {
        one(b"\t", KeyCode::Tab, NONE);
        one(b"\x1b[Z", KeyCode::BackTab, SHIFT);
        one(b"\x7f", KeyCode::Backspace, NONE);
        one(b"\x08", KeyCode::Backspace, NONE);
    }

    #[test]
    fn esc_waits_for_a_pause() {
        let mut decoder = InputDecoder::new();
        assert!(decoder.feed(b"\x1b").is_empty());
        assert!(decoder.pending());
        assert_eq!(decoder.buffered(), 1);
        assert_eq!(plain_keys(decoder.flush()), vec![(KeyCode::Esc, NONE)]);
        assert_eq!(decoder.buffered(), 0);
        assert!(!decoder.pending());
        assert!(decoder.flush().is_empty());
    }

    #[test]
    fn esc_pressed_twice() {
        assert_eq!(keys_after_pause(b"\x1b\x1b"), vec![(KeyCode::Esc, NONE); 2]);
        assert_eq!(
            keys(b"\x1b\x1ba"),
            vec![(KeyCode::Esc, NONE), (KeyCode::Char('a'), ALT)]
        );
    }

    #[test]
    fn ctrl_letters() {
        one(b"\x01", KeyCode::Char('a'), CTRL);
        one(b"\x03", KeyCode::Char('c'), CTRL);
        one(b"\x13", KeyCode::Char('s'), CTRL);
        one(b"\x1a", KeyCode::Char('z'), CTRL);
        one(b"\x00", KeyCode::Char(' '), CTRL);
        one(b"\x1c", KeyCode::Char('4'), CTRL);
    }

    #[test]
    fn alt_keys() {
        one(b"\x1bx", KeyCode::Char('x'), ALT);
        one(b"\x1bX", KeyCode::Char('X'), SHIFT | ALT);
        one("\x1bн".as_bytes(), KeyCode::Char('н'), ALT);
        one(b"\x1b\r", KeyCode::Enter, ALT);
        one(b"\x1b\x7f", KeyCode::Backspace, ALT);
        one(b"\x1b\x01", KeyCode::Char('a'), CTRL | ALT);
        one(b"\x1b\x1b[A", KeyCode::Up, ALT);
    }

    #[test]
    fn alt_key_split_after_esc() {
        let mut decoder = InputDecoder::new();
        assert!(decoder.feed(b"\x1b").is_empty());
        assert_eq!(
            plain_keys(decoder.feed(b"x")),
            vec![(KeyCode::Char('x'), ALT)]
        );

        let bytes = "\x1bй".as_bytes();
        let mut decoder = InputDecoder::new();
        assert!(decoder.feed(&bytes[..2]).is_empty());
        assert_eq!(
            plain_keys(decoder.feed(&bytes[2..])),
            vec![(KeyCode::Char('й'), ALT)]
        );
    }

    #[test]
    fn esc_and_a_sequence_introducer_at_a_pause_are_alt_keys() {
        assert_eq!(keys_after_pause(b"\x1b["), vec![(KeyCode::Char('['), ALT)]);
        assert_eq!(
            keys_after_pause(b"\x1bO"),
            vec![(KeyCode::Char('O'), SHIFT | ALT)]
        );
    }

    #[test]
    fn cursor_and_editing_keys_in_csi_form() {
        for (bytes, code) in [
            (&b"\x1b[A"[..], KeyCode::Up),
            (b"\x1b[B", KeyCode::Down),
            (b"\x1b[C", KeyCode::Right),
            (b"\x1b[D", KeyCode::Left),
            (b"\x1b[H", KeyCode::Home),
            (b"\x1b[F", KeyCode::End),
            (b"\x1b[1~", KeyCode::Home),
            (b"\x1b[2~", KeyCode::Insert),
            (b"\x1b[3~", KeyCode::Delete),
            (b"\x1b[4~", KeyCode::End),
            (b"\x1b[5~", KeyCode::PageUp),
            (b"\x1b[6~", KeyCode::PageDown),
            (b"\x1b[7~", KeyCode::Home),
            (b"\x1b[8~", KeyCode::End),
        ] {
            one(bytes, code, NONE);
        }
    }

    #[test]
    fn cursor_keys_in_ss3_form() {
        one(b"\x1bOA", KeyCode::Up, NONE);
        one(b"\x1bOB", KeyCode::Down, NONE);
        one(b"\x1bOC", KeyCode::Right, NONE);
        one(b"\x1bOD", KeyCode::Left, NONE);
        one(b"\x1bOH", KeyCode::Home, NONE);
        one(b"\x1bOF", KeyCode::End, NONE);
        one(b"\x1bO5C", KeyCode::Right, CTRL);
    }

    #[test]
    fn keypad_in_application_mode() {
        one(b"\x1bOM", KeyCode::Enter, NONE);
        one(b"\x1bOp", KeyCode::Char('0'), NONE);
        one(b"\x1bOy", KeyCode::Char('9'), NONE);
        one(b"\x1bOk", KeyCode::Char('+'), NONE);
    }

    #[test]
    fn modifiers_on_cursor_and_editing_keys() {
        one(b"\x1b[1;5C", KeyCode::Right, CTRL);
        one(b"\x1b[1;2A", KeyCode::Up, SHIFT);
        one(b"\x1b[1;3D", KeyCode::Left, ALT);
        one(b"\x1b[1;4B", KeyCode::Down, SHIFT | ALT);
        one(b"\x1b[1;6H", KeyCode::Home, CTRL | SHIFT);
        one(b"\x1b[1;7F", KeyCode::End, CTRL | ALT);
        one(b"\x1b[1;8C", KeyCode::Right, CTRL | ALT | SHIFT);
        one(b"\x1b[3;5~", KeyCode::Delete, CTRL);
        one(b"\x1b[5;2~", KeyCode::PageUp, SHIFT);
    }

    #[test]
    fn function_keys_xterm() {
        one(b"\x1bOP", KeyCode::F(1), NONE);
        one(b"\x1bOQ", KeyCode::F(2), NONE);
        one(b"\x1bOR", KeyCode::F(3), NONE);
        one(b"\x1bOS", KeyCode::F(4), NONE);
        for (number, f) in [
            (15, 5),
            (17, 6),
            (18, 7),
            (19, 8),
            (20, 9),
            (21, 10),
            (23, 11),
            (24, 12),
        ] {
            one(format!("\x1b[{number}~").as_bytes(), KeyCode::F(f), NONE);
        }
        one(b"\x1b[1;2P", KeyCode::F(1), SHIFT);
        one(b"\x1b[1;5S", KeyCode::F(4), CTRL);
        one(b"\x1bO2Q", KeyCode::F(2), SHIFT);
        one(b"\x1b[21;2~", KeyCode::F(10), SHIFT);
        one(b"\x1b[15;5~", KeyCode::F(5), CTRL);
        one(b"\x1b[24;3~", KeyCode::F(12), ALT);
    }

    #[test]
    fn function_keys_putty_and_linux_console() {
        one(b"\x1b[11~", KeyCode::F(1), NONE);
        one(b"\x1b[12~", KeyCode::F(2), NONE);
        one(b"\x1b[13~", KeyCode::F(3), NONE);
        one(b"\x1b[14~", KeyCode::F(4), NONE);
        one(b"\x1b[[A", KeyCode::F(1), NONE);
        one(b"\x1b[[B", KeyCode::F(2), NONE);
        one(b"\x1b[[C", KeyCode::F(3), NONE);
        one(b"\x1b[[D", KeyCode::F(4), NONE);
        one(b"\x1b[[E", KeyCode::F(5), NONE);
    }

    #[test]
    fn bracketed_paste_is_text() {
        assert_eq!(
            keys("\x1b[200~Аб c\r\nd\x03\x1b[31m\x1b[201~x".as_bytes()),
            vec![
                (KeyCode::Char('А'), SHIFT),
                (KeyCode::Char('б'), NONE),
                (KeyCode::Char(' '), NONE),
                (KeyCode::Char('c'), NONE),
                (KeyCode::Enter, NONE),
                (KeyCode::Char('d'), NONE),
                // Ctrl-C and the ESC are dropped; what follows the ESC is text.
                (KeyCode::Char('['), NONE),
                (KeyCode::Char('3'), NONE),
                (KeyCode::Char('1'), NONE),
                (KeyCode::Char('m'), NONE),
                (KeyCode::Char('x'), NONE),
            ]
        );
    }

    #[test]
    fn bracketed_paste_split_across_chunks() {
        let mut decoder = InputDecoder::new();
        let mut events = decoder.feed(b"\x1b[20");
        events.extend(decoder.feed(b"0~a\x1b[2"));
        assert!(decoder.pending());
        events.extend(decoder.feed(b"01~\x1b[A"));
        assert!(!decoder.pending());
        assert_eq!(
            plain_keys(events),
            vec![(KeyCode::Char('a'), NONE), (KeyCode::Up, NONE)]
        );
    }

    #[test]
    fn a_paste_never_closed_ends_at_a_pause() {
        let mut decoder = InputDecoder::new();
        assert_eq!(
            plain_keys(decoder.feed(b"\x1b[200~a")),
            vec![(KeyCode::Char('a'), NONE)]
        );
        assert!(decoder.pending());
        assert!(decoder.flush().is_empty());
        assert!(!decoder.pending());
        assert_eq!(
            plain_keys(decoder.feed(b"\x03")),
            vec![(KeyCode::Char('c'), CTRL)]
        );
        // A late end marker is just an unknown sequence.
        assert!(decoder.feed(b"\x1b[201~").is_empty());
    }

    #[test]
    fn unknown_sequences_are_dropped_whole() {
        for bytes in [
            &b"\x1b[I"[..],
            b"\x1b[O",
            b"\x1b[<0;10;5M",
            b"\x1b[<35;120;40m",
            b"\x1b[M !!",
            b"\x1b[32;10;5M",
            b"\x1b[?1;2c",
            b"\x1b[12;40R",
            b"\x1b[99~",
            b"\x1b[97;5u",
            b"\x1b[1;5E",
            b"\x1bOz",
        ] {
            let mut input = bytes.to_vec();
            input.push(b'a');
            let expected = vec![(KeyCode::Char('a'), NONE)];
            assert_eq!(keys(&input), expected, "bytes {bytes:?}");
        }
    }

    #[test]
    fn garbage_at_a_pause_is_dropped() {
        assert_eq!(keys_after_pause(b"\x1b[1;"), vec![]);
        assert_eq!(keys_after_pause(b"\x1b[M "), vec![]);
        assert_eq!(keys_after_pause(b"\x1b[200~\x1b[20"), vec![]);
    }

    #[test]
    fn sequence_split_across_chunks() {
        let mut decoder = InputDecoder::new();
        assert!(decoder.feed(b"\x1b[").is_empty());
        assert!(decoder.pending());
        assert_eq!(
            plain_keys(decoder.feed(b"1;5C")),
            vec![(KeyCode::Right, CTRL)]
        );
        assert!(!decoder.pending());
    }

    #[test]
    fn any_split_gives_the_same_keys() {
        let input = "a\x1b[1;5C\x1bOP\x1b[21;2~й\x1bx\x1b[[E\x1b[<0;1;2M\x1b[200~п\r\x1b[201~\x7f"
            .as_bytes();
        let whole = keys(input);
        assert_eq!(whole.len(), 10);
        for split in 0..=input.len() {
            let mut decoder = InputDecoder::new();
            let mut events = decoder.feed(&input[..split]);
            events.extend(decoder.feed(&input[split..]));
            assert!(!decoder.pending(), "split at {split}");
            assert_eq!(plain_keys(events), whole, "split at {split}");
        }
    }

    #[test]
    fn long_garbage_does_not_grow_the_buffer() {
        let mut decoder = InputDecoder::new();
        decoder.feed(b"\x1b[");
        for _ in 0..1000 {
            decoder.feed(b"1;");
            assert!(decoder.buffer.len() <= MAX_SEQUENCE + 1);
        }
        assert_eq!(
            plain_keys(decoder.feed(b"\x1b[A")),
            vec![(KeyCode::Up, NONE)]
        );
    }

    #[test]
    fn never_panics_on_any_bytes() {
        let mut decoder = InputDecoder::new();
        for byte in 0..=u8::MAX {
            for prefix in [&b""[..], b"\x1b", b"\x1b[", b"\x1bO", b"\x1b[1;", b"\x1b[["] {
                let mut input = prefix.to_vec();
                input.push(byte);
                decoder.feed(&input);
                assert!(decoder.buffer.len() <= MAX_SEQUENCE + 1);
            }
        }
        decoder.flush();
        assert!(!decoder.pending());

        // Random-ish chunks, biased towards the bytes sequences are made of.
        let alphabet = b"\x1b\x1b[O;0123456789~ABCPZM<[\r\n\xd0\xb9\xff";
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for round in 0..20_000 {
            let len = next() % 24;
            let chunk: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    if r % 4 == 0 {
                        (r >> 8) as u8
                    } else {
                        alphabet[(r >> 8) % alphabet.len()]
                    }
                })
                .collect();
            decoder.feed(&chunk);
            assert!(decoder.buffer.len() <= MAX_SEQUENCE + 1);
            if round % 5 == 0 {
                decoder.flush();
                assert!(decoder.buffer.is_empty() && !decoder.pending());
            }
        }
    }
}
