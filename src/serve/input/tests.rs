//! The decoder against the bytes real terminals send: keys, sequences cut anywhere,
//! pastes, hostile floods.

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
fn c1_control_codes_in_utf8_are_dropped() {
    // U+009B (CSI as one character) and U+0085 between two letters: only the letters.
    assert_eq!(
        keys("a\u{9b}2Jb\u{85}".as_bytes()),
        vec![
            (KeyCode::Char('a'), NONE),
            (KeyCode::Char('2'), NONE),
            (KeyCode::Char('J'), SHIFT),
            (KeyCode::Char('b'), NONE),
        ]
    );
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
    // Shift-F3 … Shift-F10: the VT220's F13–F20.
    one(b"\x1b[25~", KeyCode::F(3), SHIFT);
    one(b"\x1b[26~", KeyCode::F(4), SHIFT);
    one(b"\x1b[28~", KeyCode::F(5), SHIFT);
    one(b"\x1b[29~", KeyCode::F(6), SHIFT);
    one(b"\x1b[31~", KeyCode::F(7), SHIFT);
    one(b"\x1b[34~", KeyCode::F(10), SHIFT);
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
    let input =
        "a\x1b[1;5C\x1bOP\x1b[21;2~й\x1bx\x1b[[E\x1b[<0;1;2M\x1b[200~п\r\x1b[201~\x7f".as_bytes();
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
