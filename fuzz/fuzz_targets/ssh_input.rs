//! Any bytes from an SSH client's terminal, cut into packets of varying size, through
//! the server's input decoder. It must never panic, its buffer must stay bounded, and
//! how the bytes are cut must not change the keys (but for a CR LF cut in two, which
//! is documented to count as two Enters, and pauses, which end what is pending).

#![no_main]

use libfuzzer_sys::fuzz_target;
use ratatui::crossterm::event::KeyEvent;
use zhurnal::serve::input::{InputDecoder, MAX_SEQUENCE};

type Key = (
    ratatui::crossterm::event::KeyCode,
    ratatui::crossterm::event::KeyModifiers,
);

fn plain(events: Vec<KeyEvent>) -> Vec<Key> {
    events.into_iter().map(|e| (e.code, e.modifiers)).collect()
}

/// A small deterministic generator for packet sizes, seeded from the input.
struct Cuts(u32);

impl Cuts {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        self.0 >> 16
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&seed, bytes)) = data.split_first() else {
        return;
    };

    // All at once, then a pause.
    let mut whole = InputDecoder::new();
    let mut expected = plain(whole.feed(bytes));
    assert!(whole.buffered() <= MAX_SEQUENCE + 1);
    expected.extend(plain(whole.flush()));
    assert!(!whole.pending());
    assert_eq!(whole.buffered(), 0);

    // In packets of 1 to 16 bytes, never splitting a CR LF, with no pause between.
    let mut cuts = Cuts(u32::from(seed));
    let mut split = InputDecoder::new();
    let mut got = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let mut end = (at + 1 + (cuts.next() % 16) as usize).min(bytes.len());
        if end < bytes.len() && bytes[end - 1] == b'\r' && bytes[end] == b'\n' {
            end += 1;
        }
        got.extend(plain(split.feed(&bytes[at..end])));
        assert!(
            split.buffered() <= MAX_SEQUENCE + 1,
            "{} bytes pending",
            split.buffered()
        );
        at = end;
    }
    got.extend(plain(split.flush()));
    assert!(!split.pending());
    assert_eq!(got, expected, "packets changed the keys");

    // With pauses at random points: only boundedness and no panic can be asked.
    let mut paused = InputDecoder::new();
    for chunk in bytes.chunks(1 + usize::from(seed % 8)) {
        paused.feed(chunk);
        assert!(paused.buffered() <= MAX_SEQUENCE + 1);
        if cuts.next() % 4 == 0 {
            paused.flush();
            assert!(!paused.pending());
        }
    }
    paused.flush();
    assert!(!paused.pending());
});
