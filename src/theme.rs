//! Colours and text attributes of the screens, one style per UI area.
//!
//! The shipped themes are the TOML files of `themes/`, compiled in; a user's file of
//! the same name (`<config dir>/themes/<name>.toml`) replaces a shipped one whole, and a
//! file of another name is a theme of its own. Each area is an inline style, as in
//! yazi: `cursor = { fg = "black", bg = "yellow", bold = true }`.

use std::path::Path;

use ratatui::style::{Color, Modifier, Style};
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// One style per area of the screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Screen titles.
    pub title: Style,
    /// The status line.
    pub status: Style,
    /// The status line showing an error.
    pub status_error: Style,
    /// Block borders.
    pub border: Style,
    /// The grid's column headers (dates, work types).
    pub header: Style,
    /// The grid's frozen column of student names.
    pub name: Style,
    /// The grid cell under the cursor and the selected row of a list.
    pub cursor: Style,
    /// The grid column of today's lesson.
    pub today: Style,
    /// Marks 1 and 2.
    pub mark_low: Style,
    /// An average below 3.
    pub average_low: Style,
    /// Attendance codes (Н Б У О).
    pub absent: Style,
    /// The period's final marks column; `final` in theme files.
    pub final_mark: Style,
    /// Popups.
    pub popup: Style,
    /// Keys on the help screen and in hints.
    pub help_key: Style,
    /// Less important text.
    pub dim: Style,
}

/// The area names of theme files, in the order of [`Theme::areas`].
pub const AREAS: [&str; 15] = [
    "title",
    "status",
    "status_error",
    "border",
    "header",
    "name",
    "cursor",
    "today",
    "mark_low",
    "average_low",
    "absent",
    "final",
    "popup",
    "help_key",
    "dim",
];

const SHIPPED: [(&str, &str); 3] = [
    ("default", include_str!("../themes/default.toml")),
    (
        "high-contrast",
        include_str!("../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../themes/mono.toml")),
];

const COLORS: [(&str, Color); 17] = [
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("darkgray", Color::DarkGray),
    ("lightred", Color::LightRed),
    ("lightgreen", Color::LightGreen),
    ("lightyellow", Color::LightYellow),
    ("lightblue", Color::LightBlue),
    ("lightmagenta", Color::LightMagenta),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
    ("reset", Color::Reset),
];

const MODIFIERS: [(&str, Modifier); 5] = [
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underline", Modifier::UNDERLINED),
    ("reversed", Modifier::REVERSED),
];

impl Default for Theme {
    /// The shipped `default` theme.
    fn default() -> Theme {
        Theme::builtin("default")
            .and_then(|text| Theme::parse(text, "themes/default.toml").ok())
            .unwrap_or_else(Theme::plain)
    }
}

impl Theme {
    /// No colours and no attributes, except a reversed cursor.
    pub fn plain() -> Theme {
        let none = Style::new();
        Theme {
            title: none,
            status: none,
            status_error: none,
            border: none,
            header: none,
            name: none,
            cursor: none.add_modifier(Modifier::REVERSED),
            today: none,
            mark_low: none,
            average_low: none,
            absent: none,
            final_mark: none,
            popup: none,
            help_key: none,
            dim: none,
        }
    }

    /// The text of a shipped theme.
    pub fn builtin(name: &str) -> Option<&'static str> {
        SHIPPED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| *text)
    }

    /// The names of the shipped themes.
    pub fn builtin_names() -> Vec<&'static str> {
        SHIPPED.iter().map(|(n, _)| *n).collect()
    }

    /// The theme to use: `mono` when `NO_COLOR` is set or the terminal has fewer than
    /// 8 colours (`colors`, as `tput colors` counts them), else the configured one or
    /// `default`.
    pub fn choose(configured: Option<&str>, no_color: bool, colors: u16) -> &str {
        if no_color || colors < 8 {
            "mono"
        } else {
            configured.unwrap_or("default")
        }
    }

    /// `user_dir/themes/<name>.toml` if it exists, else the shipped theme `name`.
    pub fn load(name: &str, user_dir: Option<&Path>) -> Result<Theme, String> {
        if let Some(dir) = user_dir {
            let path = dir.join("themes").join(format!("{name}.toml"));
            match std::fs::read_to_string(&path) {
                Ok(text) => return Theme::parse(&text, &path.display().to_string()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("{}: {e}", path.display())),
            }
        }
        match Theme::builtin(name) {
            Some(text) => Theme::parse(text, &format!("themes/{name}.toml")),
            None => {
                let shipped = Theme::builtin_names().join(", ");
                Err(crate::tr!(
                    "нет темы «{name}»; есть: {shipped} (или свой файл themes/{name}.toml \
                     в папке настроек)",
                    "no theme `{name}`; there are: {shipped} (or a file themes/{name}.toml \
                     of your own in the config directory)"
                ))
            }
        }
    }

    /// Reads a theme file; errors are `FILE:LINE: message`. An area the file leaves out
    /// has no style, except the cursor, which is then reversed so that it stays visible.
    pub fn parse(text: &str, file_name: &str) -> Result<Theme, String> {
        let line = |offset: usize| crate::config::line_col(text, offset).0;
        let root = DeTable::parse(text).map_err(|e| {
            let (l, c) = e
                .span()
                .map(|s| crate::config::line_col(text, s.start))
                .unwrap_or((1, 1));
            format!("{file_name}:{l}:{c}: {}", e.message().trim_end())
        })?;
        let mut theme = Theme::plain();
        for (area, value) in in_file_order(root.get_ref()) {
            let at = line(area.span().start);
            let area = area.get_ref().as_ref();
            let Some(slot) = theme.area_mut(area) else {
                let areas = AREAS.join(", ");
                return Err(crate::tr!(
                    "{file_name}:{at}: «{area}» — не часть экрана; есть: {areas}",
                    "{file_name}:{at}: `{area}` is not a screen area; there are: {areas}"
                ));
            };
            let DeValue::Table(fields) = value.get_ref() else {
                return Err(crate::tr!(
                    "{file_name}:{at}: нужен стиль вида {area} = {{ fg = \"cyan\", bold = true }}",
                    "{file_name}:{at}: write a style such as {area} = {{ fg = \"cyan\", bold = true }}"
                ));
            };
            let mut style = Style::new();
            for (field, value) in in_file_order(fields) {
                let at = line(field.span().start);
                let field = field.get_ref().as_ref();
                let value = value.get_ref();
                if field == "fg" || field == "bg" {
                    let color = value.as_str().and_then(color).ok_or_else(|| {
                        let names = COLORS.map(|(n, _)| n).join(", ");
                        crate::tr!(
                            "{file_name}:{at}: {area}.{field}: нужен цвет: {names}",
                            "{file_name}:{at}: {area}.{field}: expected a colour: {names}"
                        )
                    })?;
                    style = if field == "fg" {
                        style.fg(color)
                    } else {
                        style.bg(color)
                    };
                } else if let Some((_, m)) = MODIFIERS.iter().find(|(n, _)| *n == field) {
                    let Some(on) = value.as_bool() else {
                        return Err(crate::tr!(
                            "{file_name}:{at}: {area}.{field}: нужно true или false",
                            "{file_name}:{at}: {area}.{field}: expected true or false"
                        ));
                    };
                    if on {
                        style = style.add_modifier(*m);
                    }
                } else {
                    let fields = ["fg", "bg"]
                        .into_iter()
                        .chain(MODIFIERS.map(|(n, _)| n))
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(crate::tr!(
                        "{file_name}:{at}: {area}: неизвестное поле «{field}»; есть: {fields}",
                        "{file_name}:{at}: {area}: unknown field `{field}`; there are: {fields}"
                    ));
                }
            }
            *slot = style;
        }
        Ok(theme)
    }

    /// Every area with its name as in theme files.
    pub fn areas(&self) -> [(&'static str, Style); 15] {
        [
            ("title", self.title),
            ("status", self.status),
            ("status_error", self.status_error),
            ("border", self.border),
            ("header", self.header),
            ("name", self.name),
            ("cursor", self.cursor),
            ("today", self.today),
            ("mark_low", self.mark_low),
            ("average_low", self.average_low),
            ("absent", self.absent),
            ("final", self.final_mark),
            ("popup", self.popup),
            ("help_key", self.help_key),
            ("dim", self.dim),
        ]
    }

    fn area_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "title" => &mut self.title,
            "status" => &mut self.status,
            "status_error" => &mut self.status_error,
            "border" => &mut self.border,
            "header" => &mut self.header,
            "name" => &mut self.name,
            "cursor" => &mut self.cursor,
            "today" => &mut self.today,
            "mark_low" => &mut self.mark_low,
            "average_low" => &mut self.average_low,
            "absent" => &mut self.absent,
            "final" => &mut self.final_mark,
            "popup" => &mut self.popup,
            "help_key" => &mut self.help_key,
            "dim" => &mut self.dim,
            _ => return None,
        })
    }
}

fn in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

/// A colour name: the 16 ANSI colours and `reset`; case, `-`, `_` and `grey` are
/// forgiven (`Dark-Grey` is `darkgray`).
fn color(name: &str) -> Option<Color> {
    let name: String = name
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect();
    let name = name.replace("grey", "gray");
    COLORS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(name: &str) -> Theme {
        let text = Theme::builtin(name).expect("shipped");
        Theme::parse(text, name).expect("parses")
    }

    #[test]
    fn every_shipped_theme_parses_and_styles_every_area() {
        for name in Theme::builtin_names() {
            let text = Theme::builtin(name).expect("shipped");
            let theme = Theme::parse(text, name).expect("parses");
            for area in AREAS {
                assert!(
                    text.lines().any(|l| l.starts_with(&format!("{area} "))),
                    "{name} leaves out {area}"
                );
            }
            assert_ne!(theme.cursor, Style::new(), "{name}: an invisible cursor");
            assert_eq!(Theme::load(name, None), Ok(theme));
        }
    }

    #[test]
    fn mono_has_no_colour() {
        let mono = shipped("mono");
        for (area, style) in mono.areas() {
            assert_eq!((style.fg, style.bg), (None, None), "{area}");
        }
        assert!(mono.cursor.add_modifier.contains(Modifier::REVERSED));
        assert!(!mono.today.add_modifier.is_empty());
    }

    #[test]
    fn inline_styles() {
        let t = Theme::parse(
            "cursor = { fg = \"black\", bg = \"Light-Yellow\", bold = true, dim = false }\n\
             [today]\nunderline = true\nfg = \"dark_grey\"\n",
            "t.toml",
        )
        .expect("valid");
        assert_eq!(
            t.cursor,
            Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            t.today,
            Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::UNDERLINED)
        );
        assert_eq!(t.title, Style::new());
    }

    #[test]
    fn errors_name_file_and_line() {
        for (text, want) in [
            (
                "title = { bold = true }\n\ncursor = { fg = \"orange\" }\n",
                "t.toml:3:",
            ),
            (
                "title = { bold = true }\nfooter = { bold = true }\n",
                "t.toml:2:",
            ),
            ("[cursor]\nfg = \"red\"\nblink = true\n", "t.toml:3:"),
            ("[cursor]\nbold = \"yes\"\n", "t.toml:2:"),
            ("cursor = \"red\"\n", "t.toml:1:"),
            ("cursor = { fg = \"red\"\n", "t.toml:1:"),
        ] {
            let e = Theme::parse(text, "t.toml").expect_err(text);
            assert!(e.starts_with(want), "{text:?}: {e}");
        }
    }

    #[test]
    fn user_file_wins_whole_and_unknown_names_list_the_shipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("themes")).expect("mkdir");
        std::fs::write(
            dir.path().join("themes/default.toml"),
            "cursor = { reversed = true }\n",
        )
        .expect("write");
        let t = Theme::load("default", Some(dir.path())).expect("loads");
        assert_eq!(t.cursor, Style::new().add_modifier(Modifier::REVERSED));
        assert_eq!(t.title, Style::new());
        assert_eq!(Theme::load("mono", Some(dir.path())), Ok(shipped("mono")));
        let e = Theme::load("solarized", Some(dir.path())).expect_err("unknown");
        assert!(e.contains("default") && e.contains("high-contrast") && e.contains("mono"));
    }

    #[test]
    fn choose_prefers_mono_without_colour() {
        assert_eq!(Theme::choose(Some("high-contrast"), true, 256), "mono");
        assert_eq!(Theme::choose(Some("high-contrast"), false, 2), "mono");
        assert_eq!(
            Theme::choose(Some("high-contrast"), false, 16),
            "high-contrast"
        );
        assert_eq!(Theme::choose(None, false, 256), "default");
    }
}
