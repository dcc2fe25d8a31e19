//! The user's `config.toml` (in the platform's config directory): which journal to
//! open and the interface language.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    pub db: Option<PathBuf>,
    pub lang: Option<String>,
    /// `default` or `vim`, or a keymap of that name in the config directory.
    pub keymap: Option<String>,
    /// `default`, `high-contrast` or `mono`.
    pub theme: Option<String>,
    /// Where the grid cursor goes after an entry.
    pub cursor_advance: Option<Advance>,
    /// Draw borders with `+ - |` for terminals without line-drawing characters.
    pub ascii_borders: Option<bool>,
}

/// Where the grid cursor goes after an entry: teachers enter a lesson top to bottom.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Advance {
    #[default]
    Down,
    Right,
    Stay,
}

/// The platform's directories for zhurnal, when the platform has a home directory.
pub fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "zhurnal")
}

pub fn config_path() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Where the demo journal lives when nothing else is chosen.
pub fn demo_db_path() -> PathBuf {
    dirs()
        .map(|d| d.data_dir().join("demo.sqlite"))
        .unwrap_or_else(|| PathBuf::from("zhurnal-demo.sqlite"))
}

impl AppConfig {
    /// Reads the config file; a missing file is an empty config, a bad one an error
    /// with its line.
    pub fn load(path: &Path) -> Result<AppConfig, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(AppConfig::default()),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        toml::from_str(&text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| super::line_col(&text, s.start))
                .unwrap_or((1, 1));
            format!("{}:{line}:{col}: {}", path.display(), e.message())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_is_empty_and_bad_file_names_its_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("config.toml");
        assert_eq!(AppConfig::load(&p), Ok(AppConfig::default()));
        std::fs::write(&p, "lang = \"en\"\ndb = 5\n").expect("write");
        let e = AppConfig::load(&p).expect_err("bad");
        assert!(e.contains("config.toml:2:"), "{e}");
        std::fs::write(
            &p,
            "lang = \"en\"\ndb = \"/x.sqlite\"\ncursor_advance = \"right\"\n",
        )
        .expect("write");
        let c = AppConfig::load(&p).expect("good");
        assert_eq!(c.db, Some(PathBuf::from("/x.sqlite")));
        assert_eq!(c.cursor_advance, Some(Advance::Right));
        std::fs::write(&p, "cursor_advance = \"up\"\n").expect("write");
        let e = AppConfig::load(&p).expect_err("bad advance");
        assert!(e.contains("config.toml:1:"), "{e}");
    }
}
