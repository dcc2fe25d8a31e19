//! The terminal backend: crossterm's escape sequences, sent sparingly. Over SSH from a
//! slow line every byte of a frame is felt, so a frame says only what changed: one
//! reset at its end (and none when nothing was styled), the cursor's visibility only
//! when it changes, nothing at all for an unchanged frame.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::style::{Attribute, Print, SetAttribute};
use ratatui::crossterm::{cursor, queue, terminal};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

use super::term::Caps;

/// A crossterm backend over any writer: the local terminal or an SSH channel.
pub struct Lean<W: Write> {
    writer: W,
    /// Whether the terminal shows its cursor, once known.
    cursor_shown: Option<bool>,
    /// The size for a writer that is not the local terminal (an SSH channel).
    fixed: Option<Size>,
    position: Position,
    /// How the terminal takes colours and which symbols it draws.
    caps: Caps,
}

impl<W: Write> Lean<W> {
    /// A backend for the local terminal: its size is asked of the terminal.
    pub fn local(writer: W) -> Lean<W> {
        Lean {
            writer,
            cursor_shown: None,
            fixed: None,
            position: Position::ORIGIN,
            caps: Caps::default(),
        }
    }

    /// The same backend for a terminal that can show `caps`.
    pub fn with_caps(self, caps: Caps) -> Lean<W> {
        Lean { caps, ..self }
    }

    /// A backend for a remote terminal whose size the connection reports.
    pub fn remote(writer: W, width: u16, height: u16) -> Lean<W> {
        Lean {
            fixed: Some(Size::new(width, height)),
            ..Lean::local(writer)
        }
    }

    pub fn set_size(&mut self, width: u16, height: u16) {
        self.fixed = Some(Size::new(width, height));
    }

    pub fn writer(&self) -> &W {
        &self.writer
    }

    pub fn writer_mut(&mut self) -> &mut W {
        &mut self.writer
    }
}

/// A remote terminal takes the size its connection reported; the local one keeps asking
/// the terminal.
impl<W: Write> super::main_loop::Resizable for Lean<W> {
    fn resized(&mut self, width: u16, height: u16) {
        if self.fixed.is_some() {
            self.set_size(width, height);
        }
    }
}

/// The escape sequences that take a cell's attributes from `from` to `to`.
fn modifier_change(w: &mut impl Write, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    let added = to - from;
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        queue!(w, SetAttribute(Attribute::NormalIntensity))?;
        if to.contains(Modifier::BOLD) {
            queue!(w, SetAttribute(Attribute::Bold))?;
        }
        if to.contains(Modifier::DIM) {
            queue!(w, SetAttribute(Attribute::Dim))?;
        }
    } else {
        if added.contains(Modifier::BOLD) {
            queue!(w, SetAttribute(Attribute::Bold))?;
        }
        if added.contains(Modifier::DIM) {
            queue!(w, SetAttribute(Attribute::Dim))?;
        }
    }
    let pairs = [
        (Modifier::REVERSED, Attribute::Reverse, Attribute::NoReverse),
        (Modifier::ITALIC, Attribute::Italic, Attribute::NoItalic),
        (
            Modifier::UNDERLINED,
            Attribute::Underlined,
            Attribute::NoUnderline,
        ),
        (
            Modifier::CROSSED_OUT,
            Attribute::CrossedOut,
            Attribute::NotCrossedOut,
        ),
        (Modifier::HIDDEN, Attribute::Hidden, Attribute::NoHidden),
        (
            Modifier::SLOW_BLINK,
            Attribute::SlowBlink,
            Attribute::NoBlink,
        ),
        (
            Modifier::RAPID_BLINK,
            Attribute::RapidBlink,
            Attribute::NoBlink,
        ),
    ];
    for (m, on, off) in pairs {
        if removed.contains(m) {
            queue!(w, SetAttribute(off))?;
        }
        if added.contains(m) {
            queue!(w, SetAttribute(on))?;
        }
    }
    Ok(())
}

impl<W: Write> Backend for Lean<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let (mut fg, mut bg, mut modifier) = (Color::Reset, Color::Reset, Modifier::empty());
        let mut last: Option<(u16, u16)> = None;
        let w = &mut self.writer;
        for (x, y, cell) in content {
            if last != Some((x.wrapping_sub(1), y)) {
                queue!(w, cursor::MoveTo(x, y))?;
            }
            last = Some((x, y));
            if cell.modifier != modifier {
                modifier_change(w, modifier, cell.modifier)?;
                modifier = cell.modifier;
            }
            // Colours as the terminal takes them (16-colour codes for named ones).
            let caps = self.caps;
            match (cell.fg != fg, cell.bg != bg) {
                (true, true) => write!(
                    w,
                    "\x1b[{};{}m",
                    caps.sgr(cell.fg, true),
                    caps.sgr(cell.bg, false)
                )?,
                (true, false) => write!(w, "\x1b[{}m", caps.sgr(cell.fg, true))?,
                (false, true) => write!(w, "\x1b[{}m", caps.sgr(cell.bg, false))?,
                (false, false) => {}
            }
            (fg, bg) = (cell.fg, cell.bg);
            queue!(w, Print(caps.symbol(cell.symbol())))?;
        }
        if let Some((x, y)) = last {
            self.position = Position::new(x.saturating_add(1), y);
        }
        // One reset leaves the terminal as the next frame expects it.
        if fg != Color::Reset || bg != Color::Reset || !modifier.is_empty() {
            queue!(w, SetAttribute(Attribute::Reset))?;
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            queue!(self.writer, cursor::Hide)?;
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            queue!(self.writer, cursor::Show)?;
            self.cursor_shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.position)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        queue!(self.writer, cursor::MoveTo(p.x, p.y))?;
        self.position = p;
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        let kind = match clear_type {
            ClearType::All => terminal::ClearType::All,
            ClearType::AfterCursor => terminal::ClearType::FromCursorDown,
            ClearType::BeforeCursor => terminal::ClearType::FromCursorUp,
            ClearType::CurrentLine => terminal::ClearType::CurrentLine,
            ClearType::UntilNewLine => terminal::ClearType::UntilNewLine,
        };
        queue!(self.writer, terminal::Clear(kind))
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed {
            Some(s) => Ok(s),
            None => terminal::size().map(|(w, h)| Size::new(w, h)),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let columns_rows = self.size()?;
        Ok(WindowSize {
            columns_rows,
            pixels: Size::new(0, 0),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::style::Style;
    use ratatui::widgets::Paragraph;

    fn frame(t: &mut Terminal<Lean<Vec<u8>>>, text: &str, style: Style) -> String {
        t.backend_mut().writer_mut().clear();
        t.draw(|f| f.render_widget(Paragraph::new(text).style(style), f.area()))
            .expect("draw");
        String::from_utf8_lossy(t.backend_mut().writer_mut()).into_owned()
    }

    #[test]
    fn an_unchanged_frame_sends_nothing_and_a_change_sends_only_itself() {
        let mut t = Terminal::new(Lean::remote(Vec::new(), 10, 2)).expect("terminal");
        let first = frame(&mut t, "ab", Style::default());
        assert!(first.contains("ab"));
        assert_eq!(frame(&mut t, "ab", Style::default()), "", "nothing changed");
        let changed = frame(&mut t, "ax", Style::default());
        assert_eq!(changed, "\u{1b}[1;2Hx", "a move and the one new character");
    }

    #[test]
    fn a_styled_change_ends_with_one_reset() {
        let mut t = Terminal::new(Lean::remote(Vec::new(), 4, 1)).expect("terminal");
        frame(&mut t, "ab", Style::default());
        let bold = frame(&mut t, "ab", Style::default().add_modifier(Modifier::BOLD));
        assert_eq!(bold, "\u{1b}[1;1H\u{1b}[1mab  \u{1b}[0m");
        let plain = frame(&mut t, "ab", Style::default());
        assert_eq!(plain, "\u{1b}[1;1Hab  ", "the terminal was left plain");
    }

    #[test]
    fn the_linux_console_gets_sixteen_colour_codes_and_its_own_symbols() {
        use ratatui::style::Color;
        let caps = Caps::of("linux", false);
        let mut t =
            Terminal::new(Lean::remote(Vec::new(), 6, 1).with_caps(caps)).expect("terminal");
        let out = frame(
            &mut t,
            "«a»…",
            Style::default().fg(Color::Indexed(244)).bg(Color::Blue),
        );
        assert!(out.contains("\u{1b}[90;44m"), "{out:?}");
        assert!(out.contains("\"a\"."), "{out:?}");
        assert!(!out.contains("38;5") && !out.contains("48;5"), "{out:?}");
    }
}
