//! Any bytes as a user's keymap or theme file, parsed as the loaders parse them, and a
//! keymap that parses merged over the shipped one as `Keymap::load` does.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zhurnal::keys::{Keymap, Mode};
use zhurnal::theme::Theme;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    if let Ok(patch) = Keymap::parse(&text, "keymaps/default.toml") {
        let _ = patch.conflicts();
        for base in Keymap::builtin_names() {
            let Some(shipped) = Keymap::builtin(base) else {
                continue;
            };
            let Ok(mut map) = Keymap::parse(shipped, base) else {
                continue;
            };
            map.merge(patch.clone());
            let _ = map.conflicts();
            for mode in Mode::ALL {
                let _ = map.bindings(mode);
                // Keys pressed through the merged map, sequences included.
                let mut pending = Vec::new();
                for code in [
                    KeyCode::Char('g'),
                    KeyCode::Char('g'),
                    KeyCode::F(1),
                    KeyCode::Enter,
                ] {
                    let _ =
                        map.resolve(mode, &mut pending, &KeyEvent::new(code, KeyModifiers::NONE));
                }
            }
        }
    }

    if let Ok(theme) = Theme::parse(&text, "themes/default.toml") {
        let _ = theme.areas();
    }
});
