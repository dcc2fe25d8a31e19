//! Every shipped theme reads on the terminals schools use: each area's text against its
//! background reaches 4.5:1 (WCAG's AA for text) on the default palettes of the Linux
//! console, PuTTY, xterm and Windows Terminal — worked out from the RGB values those
//! terminals give the 16 colours, on the screen and inside a popup.

use ratatui::style::{Color, Modifier, Style};
use zhurnal::theme::Theme;
use zhurnal::tui::term::ansi_number;

/// A terminal's 16 colours and its default text and background.
struct Palette {
    name: &'static str,
    colours: [u32; 16],
    fg: u32,
    bg: u32,
    /// Bright backgrounds (8–15) are shown as their dark colours (the Linux console).
    dark_backgrounds: bool,
}

const PALETTES: [Palette; 4] = [
    // drivers/tty/vt/vt.c, default_red/grn/blu; grey on black.
    Palette {
        name: "Linux console",
        colours: [
            0x000000, 0xaa0000, 0x00aa00, 0xaa5500, 0x0000aa, 0xaa00aa, 0x00aaaa, 0xaaaaaa,
            0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff,
        ],
        fg: 0xaaaaaa,
        bg: 0x000000,
        dark_backgrounds: true,
    },
    // PuTTY's default settings (Window → Colours).
    Palette {
        name: "PuTTY",
        colours: [
            0x000000, 0xbb0000, 0x00bb00, 0xbbbb00, 0x0000bb, 0xbb00bb, 0x00bbbb, 0xbbbbbb,
            0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff,
        ],
        fg: 0xbbbbbb,
        bg: 0x000000,
        dark_backgrounds: false,
    },
    // xterm's defaults: black text on white.
    Palette {
        name: "xterm",
        colours: [
            0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
            0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
        ],
        fg: 0x000000,
        bg: 0xffffff,
        dark_backgrounds: false,
    },
    // Windows Terminal's Campbell scheme.
    Palette {
        name: "Windows Terminal",
        colours: [
            0x0c0c0c, 0xc50f1f, 0x13a10e, 0xc19c00, 0x0037da, 0x881798, 0x3a96dd, 0xcccccc,
            0x767676, 0xe74856, 0x16c60c, 0xf9f1a5, 0x3b78ff, 0xb4009e, 0x61d6d6, 0xf2f2f2,
        ],
        fg: 0xcccccc,
        bg: 0x0c0c0c,
        dark_backgrounds: false,
    },
];

/// The palette entry a theme colour is shown in, by the code the program sends for it;
/// `None` for the terminal's own (reset).
fn index(c: Color) -> Option<usize> {
    match c {
        Color::Reset => None,
        other => Some(usize::from(ansi_number(other).unwrap_or_else(|| {
            panic!("a shipped theme uses {other:?}: the test knows the 16 colours only")
        }))),
    }
}

fn luminance(rgb: u32) -> f64 {
    let channel = |shift: u32| {
        let v = f64::from((rgb >> shift) & 0xff) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
}

fn contrast(a: u32, b: u32) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The RGB of the text and the background an area shows over `under` (a cell's colours
/// already there: the screen's or a popup's), as `p` draws them.
fn shown(area: Style, under: (Option<Color>, Option<Color>), p: &Palette) -> (u32, u32) {
    let fg = area.fg.or(under.0);
    let bg = area.bg.or(under.1);
    let rgb = |c: Option<Color>, default: u32, background: bool| match c.and_then(index) {
        None => default,
        Some(i) if background && p.dark_backgrounds && i >= 8 => p.colours[i - 8],
        Some(i) => p.colours[i],
    };
    let (mut text, mut back) = (rgb(fg, p.fg, false), rgb(bg, p.bg, true));
    if area.add_modifier.contains(Modifier::REVERSED) {
        std::mem::swap(&mut text, &mut back);
    }
    (text, back)
}

/// Each area's contrast on each palette, on the screen and in a popup: the pairs below
/// 4.5:1, named.
fn failures(theme_name: &str) -> Vec<String> {
    let theme = Theme::load(theme_name, None).expect("shipped theme");
    let popup = (theme.popup.fg, theme.popup.bg);
    let mut bad = Vec::new();
    for p in &PALETTES {
        for (area, style) in theme.areas() {
            for (place, under) in [("screen", (None, None)), ("popup", popup)] {
                let (text, back) = shown(style, under, p);
                let ratio = contrast(text, back);
                if ratio < 4.5 {
                    bad.push(format!(
                        "{theme_name}: {area} in a {place} on {}: #{text:06x} on #{back:06x} = {ratio:.2}:1",
                        p.name
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn the_contrast_formula_gives_wcags_known_values() {
    assert!((contrast(0x000000, 0xffffff) - 21.0).abs() < 1e-9);
    assert!((contrast(0x777777, 0xffffff) - 4.48).abs() < 0.01);
    // The colours the old default theme drew borders and hints in fail as they did.
    let console = &PALETTES[0];
    let blue_border = shown(Style::default().fg(Color::Blue), (None, None), console);
    assert!(contrast(blue_border.0, blue_border.1) < 2.5);
    let grey_hint = shown(
        Style::default().fg(Color::DarkGray),
        (None, None),
        &PALETTES[1],
    );
    assert!((contrast(grey_hint.0, grey_hint.1) - 2.8).abs() < 0.1);
    // A bright background on the console is its dark colour.
    let on_yellow = shown(
        Style::default().fg(Color::Black).bg(Color::LightYellow),
        (None, None),
        console,
    );
    assert_eq!(on_yellow.1, 0xaa5500);
}

#[test]
fn every_shipped_theme_reads_on_the_consoles_putty_xterm_and_windows_terminal() {
    let mut bad = Vec::new();
    for name in Theme::builtin_names() {
        bad.extend(failures(name));
    }
    assert!(bad.is_empty(), "below 4.5:1:\n{}", bad.join("\n"));
}
