//! The two keyboard layouts a Russian teacher types with: ЙЦУКЕН and QWERTY.
//!
//! A key pressed with the "wrong" layout active still means what its physical key
//! means: `mirror` maps a character to the one on the same key in the other layout.

/// Unshifted keys: QWERTY character, ЙЦУКЕН character.
const KEYS: [(char, char); 33] = [
    ('q', 'й'),
    ('w', 'ц'),
    ('e', 'у'),
    ('r', 'к'),
    ('t', 'е'),
    ('y', 'н'),
    ('u', 'г'),
    ('i', 'ш'),
    ('o', 'щ'),
    ('p', 'з'),
    ('[', 'х'),
    (']', 'ъ'),
    ('a', 'ф'),
    ('s', 'ы'),
    ('d', 'в'),
    ('f', 'а'),
    ('g', 'п'),
    ('h', 'р'),
    ('j', 'о'),
    ('k', 'л'),
    ('l', 'д'),
    (';', 'ж'),
    ('\'', 'э'),
    ('z', 'я'),
    ('x', 'ч'),
    ('c', 'с'),
    ('v', 'м'),
    ('b', 'и'),
    ('n', 'т'),
    ('m', 'ь'),
    (',', 'б'),
    ('.', 'ю'),
    ('`', 'ё'),
];

/// Shifted punctuation keys whose Russian side is a capital letter.
const SHIFTED: [(char, char); 7] = [
    ('{', 'Х'),
    ('}', 'Ъ'),
    (':', 'Ж'),
    ('"', 'Э'),
    ('<', 'Б'),
    ('>', 'Ю'),
    ('~', 'Ё'),
];

/// The character on the same physical key in the other layout, in the same case.
///
/// `/` gives `.` (the Russian full stop sits on that key) but not back: `.` gives
/// `ю`, its own key's Russian letter.
///
/// ```
/// use zhurnal::keys::layout::mirror;
/// assert_eq!(mirror('y'), Some('н'));
/// assert_eq!(mirror('Н'), Some('Y'));
/// assert_eq!(mirror(','), Some('б'));
/// assert_eq!(mirror('1'), None);
/// ```
pub fn mirror(c: char) -> Option<char> {
    if c == '/' {
        return Some('.');
    }
    for (latin, russian) in KEYS.into_iter().chain(SHIFTED) {
        if c == latin {
            return Some(russian);
        }
        if c == russian {
            return Some(latin);
        }
    }
    // Capital letters: mirror the small one and raise the result back. Only the
    // capitals of the two alphabets: other signs that lower-case to a letter (the
    // Kelvin sign is a `k`) are not keys of either layout.
    if !(c.is_ascii_uppercase() || ('А'..='Я').contains(&c) || c == 'Ё') {
        return None;
    }
    let small = single(c.to_lowercase())?;
    if small == c {
        return None;
    }
    let other = KEYS
        .into_iter()
        .find_map(|(l, r)| (small == l).then_some(r).or((small == r).then_some(l)))?;
    if !other.is_alphabetic() {
        return None;
    }
    single(other.to_uppercase())
}

fn single(mut chars: impl Iterator<Item = char>) -> Option<char> {
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_both_ways_and_both_cases() {
        for (l, r) in [('q', 'й'), ('j', 'о'), ('`', 'ё'), ('[', 'х'), ('\'', 'э')] {
            assert_eq!(mirror(l), Some(r), "{l}");
            assert_eq!(mirror(r), Some(l), "{r}");
        }
        for (l, r) in [('Q', 'Й'), ('J', 'О'), ('Y', 'Н'), ('E', 'У'), ('M', 'Ь')] {
            assert_eq!(mirror(l), Some(r), "{l}");
            assert_eq!(mirror(r), Some(l), "{r}");
        }
        for (l, r) in SHIFTED {
            assert_eq!(mirror(l), Some(r), "{l}");
            assert_eq!(mirror(r), Some(l), "{r}");
        }
    }

    #[test]
    fn attendance_codes_sit_on_these_latin_keys() {
        assert_eq!(mirror('н'), Some('y'));
        assert_eq!(mirror('б'), Some(','));
        assert_eq!(mirror('у'), Some('e'));
        assert_eq!(mirror('о'), Some('j'));
        assert_eq!(mirror('Б'), Some('<'));
    }

    #[test]
    fn slash_is_the_russian_full_stop_one_way() {
        assert_eq!(mirror('/'), Some('.'));
        assert_eq!(mirror('.'), Some('ю'));
        assert_eq!(mirror('Ю'), Some('>'));
    }

    #[test]
    fn keys_without_a_counterpart() {
        for c in ['1', '5', '?', ' ', '-', '=', 'ß', 'Ä'] {
            assert_eq!(mirror(c), None, "{c:?}");
        }
    }

    #[test]
    fn every_mapping_is_undone_by_mirroring_back() {
        for (l, r) in KEYS {
            assert_eq!(mirror(l).and_then(mirror), Some(l));
            assert_eq!(mirror(r).and_then(mirror), Some(r));
        }
    }
}
