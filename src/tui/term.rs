//! What the user's terminal can show, from its `TERM` (the local environment's, or the
//! one an SSH client names): how colours are written, and which symbols its font has.
//!
//! Named colours always go out as the 16-colour codes every terminal knows (`31`,
//! `91`, `41`); under `TERM=linux` (the Linux console) a theme's 256-colour or RGB
//! colour is brought to the nearest of the 16 as well, and symbols a console font may
//! lack («…», «—», «•», «№», arrows, «« »») are drawn in ASCII. The `ascii_borders`
//! setting draws borders in ASCII too.

use std::borrow::Cow;

use ratatui::style::Color;

/// Which symbols the terminal's font draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Glyphs {
    /// Everything (a graphical terminal's font).
    #[default]
    Unicode,
    /// A console font: letters (Cyrillic too) and box drawing, few other symbols.
    Console,
    /// Letters only: borders and symbols in ASCII.
    Ascii,
}

/// What a terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Caps {
    /// Only the 16 colours: nothing else is sent.
    pub sixteen: bool,
    pub glyphs: Glyphs,
}

impl Caps {
    /// The terminal named `term` (a `TERM` value; a remote one is only compared, never
    /// shown), with the user's `ascii_borders` setting.
    pub fn of(term: &str, ascii_borders: bool) -> Caps {
        let console = matches!(term, "linux" | "linux-16color" | "con80x25" | "cons25")
            || term.starts_with("linux-");
        Caps {
            sixteen: console,
            glyphs: if ascii_borders {
                Glyphs::Ascii
            } else if console {
                Glyphs::Console
            } else {
                Glyphs::Unicode
            },
        }
    }

    /// The local terminal's, from the environment.
    pub fn local(ascii_borders: bool) -> Caps {
        Caps::of(&std::env::var("TERM").unwrap_or_default(), ascii_borders)
    }

    /// The SGR parameters setting the foreground (`fg`) or background to `c`.
    pub fn sgr(self, c: Color, fg: bool) -> String {
        let base = |n: u8| -> String {
            // 0–7: 30–37 / 40–47; 8–15: 90–97 / 100–107.
            let (dark, bright) = if fg { (30, 90) } else { (40, 100) };
            if n < 8 {
                (dark + n).to_string()
            } else {
                (bright + n - 8).to_string()
            }
        };
        match ansi_number(c) {
            Some(n) => base(n),
            None => match c {
                Color::Reset => if fg { "39" } else { "49" }.to_string(),
                Color::Indexed(n) if self.sixteen => base(nearest(rgb_of_index(n))),
                Color::Rgb(r, g, b) if self.sixteen => base(nearest((r, g, b))),
                Color::Indexed(n) => format!("{};5;{n}", if fg { 38 } else { 48 }),
                Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", if fg { 38 } else { 48 }),
                _ => if fg { "39" } else { "49" }.to_string(),
            },
        }
    }

    /// A cell's symbol as this terminal can draw it.
    pub fn symbol<'a>(self, s: &'a str) -> Cow<'a, str> {
        if self.glyphs == Glyphs::Unicode || s.is_ascii() {
            return Cow::Borrowed(s);
        }
        Cow::Owned(s.chars().map(|c| self.glyph(c)).collect())
    }

    fn glyph(self, c: char) -> char {
        let plain = match c {
            '…' => '.',
            '—' | '–' | '−' => '-',
            '•' => '*',
            '№' => 'N',
            '«' | '»' | '“' | '”' | '„' => '"',
            '◂' | '←' | '◀' => '<',
            '▸' | '→' | '▶' => '>',
            '↑' | '▲' => '^',
            '↓' | '▼' => 'v',
            '≥' => '>',
            '≤' => '<',
            '×' => 'x',
            '✓' => '+',
            _ => c,
        };
        if plain != c || self.glyphs == Glyphs::Console {
            return plain;
        }
        match c {
            // Box drawing: lines and their corners.
            '─' | '━' | '═' | '┄' | '┈' | '╌' => '-',
            '│' | '┃' | '║' | '┆' | '┊' | '╎' => '|',
            '\u{2500}'..='\u{257f}' => '+',
            '\u{2580}'..='\u{259f}' => '#',
            _ => c,
        }
    }
}

/// The ANSI number (0–15) a named colour goes out as (the palette entry a terminal
/// shows it in); `None` for the terminal's own colour and any other.
pub fn ansi_number(c: Color) -> Option<u8> {
    Some(match c {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(n) if n < 16 => n,
        _ => return None,
    })
}

/// The 16 colours as xterm shows them, to find the nearest.
const XTERM16: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// The RGB of a 256-colour index (16–231 the colour cube, 232–255 the greys).
fn rgb_of_index(n: u8) -> (u8, u8, u8) {
    match n {
        0..=15 => XTERM16[n as usize],
        16..=231 => {
            let i = n - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            (level(i / 36), level((i / 6) % 6), level(i % 6))
        }
        _ => {
            let v = 8 + 10 * (n - 232);
            (v, v, v)
        }
    }
}

fn nearest((r, g, b): (u8, u8, u8)) -> u8 {
    let d = |(x, y, z): (u8, u8, u8)| {
        let (dr, dg, db) = (
            i32::from(r) - i32::from(x),
            i32::from(g) - i32::from(y),
            i32::from(b) - i32::from(z),
        );
        dr * dr + dg * dg + db * db
    };
    (0..16u8)
        .min_by_key(|&i| d(XTERM16[i as usize]))
        .unwrap_or(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_colours_go_out_as_sixteen_colour_codes_everywhere() {
        for caps in [Caps::of("xterm-256color", false), Caps::of("linux", false)] {
            assert_eq!(caps.sgr(Color::Red, true), "31");
            assert_eq!(caps.sgr(Color::White, true), "97");
            assert_eq!(caps.sgr(Color::Blue, false), "44");
            assert_eq!(caps.sgr(Color::LightCyan, false), "106");
            assert_eq!(caps.sgr(Color::Reset, true), "39");
        }
    }

    #[test]
    fn the_linux_console_gets_no_256_colour_code() {
        let console = Caps::of("linux", false);
        assert!(console.sixteen);
        // A theme's 256-colour grey and an RGB orange come to the nearest of the 16.
        assert_eq!(console.sgr(Color::Indexed(244), true), "90");
        assert_eq!(console.sgr(Color::Rgb(250, 10, 10), false), "101");
        assert_eq!(console.sgr(Color::Indexed(21), true), "34");
        let xterm = Caps::of("xterm-256color", false);
        assert_eq!(xterm.sgr(Color::Indexed(244), true), "38;5;244");
        assert_eq!(xterm.sgr(Color::Rgb(1, 2, 3), false), "48;2;1;2;3");
    }

    #[test]
    fn a_console_draws_lines_and_letters_and_ascii_for_the_rest() {
        let console = Caps::of("linux", false);
        assert_eq!(console.symbol("┌─ Итог"), "┌─ Итог");
        assert_eq!(
            console.symbol("«1 четверть» закрыт… — № 3 • ←→"),
            "\"1 четверть\" закрыт. - N 3 * <>"
        );
        let ascii = Caps::of("xterm", true);
        assert_eq!(ascii.glyphs, Glyphs::Ascii);
        // The middle dot is in every Cyrillic font (CP866 too): it stays.
        assert_eq!(ascii.symbol("┌─┐│└┘├ · Ё"), "+-+|+++ · Ё");
        let full = Caps::of("xterm-256color", false);
        assert_eq!(full.symbol("«…»"), "«…»");
    }
}
