//! The shipped keymaps and themes, key resolution across the two keyboard layouts, and
//! a user's keymap file patching a shipped one.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zhurnal::keys::{Action, KeyChord, Keymap, Mode, Resolved, mirror, parse_seq};
use zhurnal::theme::Theme;

fn shipped(name: &str) -> Keymap {
    Keymap::load(name, None).expect("shipped keymap loads")
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn resolve_char(map: &Keymap, mode: Mode, c: char) -> Resolved {
    map.resolve(mode, &mut Vec::new(), &key(c))
}

/// The `[grid]` key strings of a keymap file, read straight from its text.
fn grid_keys(text: &str) -> Vec<String> {
    let table: toml::Table = toml::from_str(text).expect("valid TOML");
    let grid = table["grid"].as_table().expect("[grid] is a table");
    grid.keys().cloned().collect()
}

#[test]
fn every_shipped_keymap_parses_without_conflicts() {
    let names = Keymap::builtin_names();
    assert_eq!(names, ["default", "vim"]);
    for name in names {
        let map = shipped(name);
        assert_eq!(map.conflicts(), Vec::<String>::new(), "{name}");
        let quit = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        for mode in Mode::ALL {
            assert_eq!(
                map.resolve(mode, &mut Vec::new(), &quit),
                Resolved::Action(Action::Quit),
                "{name}: ctrl-q in {mode:?}"
            );
        }
        assert!(
            map.bindings(Mode::Global)
                .contains(&("Ctrl-Q".to_string(), Action::Quit)),
            "{name}"
        );
        for mode in [Mode::Today, Mode::Grid] {
            assert!(
                map.bindings(mode).iter().any(|(_, a)| *a == Action::Help),
                "{name}: no help in {mode:?}"
            );
        }
        let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(
            map.resolve(Mode::Grid, &mut Vec::new(), &f1),
            Resolved::Action(Action::Help)
        );
        assert_eq!(
            map.resolve(Mode::Help, &mut Vec::new(), &f1),
            Resolved::Action(Action::Back)
        );
    }
}

#[test]
fn default_grid_leaves_letters_and_digits_to_the_journal() {
    let text = Keymap::builtin("default").expect("shipped");
    for k in grid_keys(text) {
        let seq = parse_seq(&k).expect("valid key");
        for chord in seq.chords() {
            let Some(c) = chord.plain_char() else {
                continue;
            };
            assert!(!c.is_alphanumeric(), "default [grid] binds `{k}`");
            let other = mirror(c);
            assert!(
                !matches!(other, Some('н' | 'Н' | 'б' | 'Б' | 'у' | 'У' | 'о' | 'О')),
                "default [grid] `{k}` is an attendance code in the other layout"
            );
        }
    }
    let map = shipped("default");
    for c in "нНбБуУоОyY,<eEjJ12345".chars() {
        assert!(
            !map.is_bound(Mode::Grid, c),
            "{c} is bound in the default grid"
        );
    }
}

#[test]
fn vim_grid_keeps_attendance_keys_and_marks_free() {
    let text = Keymap::builtin("vim").expect("shipped");
    for k in grid_keys(text) {
        let seq = parse_seq(&k).expect("valid key");
        for c in seq.chords().iter().filter_map(KeyChord::plain_char) {
            assert!(!c.is_ascii_digit(), "vim [grid] binds `{k}`");
            assert!(!"yY,<eE".contains(c), "vim [grid] binds `{k}`");
        }
    }
    let map = shipped("vim");
    // `j` is "down" as typed, but `о` typed in the Russian layout stays the «late» code.
    assert!(map.is_bound(Mode::Grid, 'j'));
    for c in "нНбБуУоО12345".chars() {
        assert!(!map.is_bound(Mode::Grid, c), "{c} is bound in the vim grid");
    }
}

#[test]
fn a_letter_binding_answers_to_both_cases_and_both_layouts() {
    let vim = shipped("vim");
    for c in ['j', 'J', 'о', 'О'] {
        assert_eq!(
            resolve_char(&vim, Mode::Today, c),
            Resolved::Action(Action::Down),
            "{c}"
        );
    }
    // An explicit capital binding takes the capital: `G` is end, `g g` home.
    assert_eq!(
        resolve_char(&vim, Mode::Today, 'G'),
        Resolved::Action(Action::End)
    );
    assert_eq!(
        resolve_char(&vim, Mode::Today, 'П'),
        Resolved::Action(Action::End)
    );
    let default = shipped("default");
    for c in ['y', 'Y', 'д', 'Д'] {
        assert_eq!(
            resolve_char(&default, Mode::Confirm, c),
            Resolved::Action(Action::Confirm),
            "{c}"
        );
    }
    for c in ['n', 'N', 'т'] {
        assert_eq!(
            resolve_char(&default, Mode::Confirm, c),
            Resolved::Action(Action::Back),
            "{c}"
        );
    }
}

#[test]
fn an_exact_binding_beats_the_other_layout() {
    for name in Keymap::builtin_names() {
        let map = shipped(name);
        // `н` sits on the `y` key, yet `[confirm]` binds `н` itself to «no».
        assert_eq!(
            resolve_char(&map, Mode::Confirm, 'н'),
            Resolved::Action(Action::Back),
            "{name}"
        );
        assert_eq!(
            resolve_char(&map, Mode::Confirm, 'Н'),
            Resolved::Action(Action::Back),
            "{name}"
        );
        assert_eq!(
            resolve_char(&map, Mode::Confirm, 'y'),
            Resolved::Action(Action::Confirm),
            "{name}"
        );
    }
}

#[test]
fn a_sequence_waits_for_its_second_key() {
    let vim = shipped("vim");
    let mut pending = Vec::new();
    assert_eq!(
        vim.resolve(Mode::Today, &mut pending, &key('g')),
        Resolved::Pending
    );
    assert_eq!(
        vim.resolve(Mode::Today, &mut pending, &key('g')),
        Resolved::Action(Action::Home)
    );
    assert!(pending.is_empty());
    // Typed in the Russian layout: `п п`.
    assert_eq!(
        vim.resolve(Mode::Grid, &mut pending, &key('п')),
        Resolved::Pending
    );
    assert_eq!(
        vim.resolve(Mode::Grid, &mut pending, &key('е')),
        Resolved::Action(Action::JumpToday)
    );
    // A wrong second key drops the sequence.
    assert_eq!(
        vim.resolve(Mode::Grid, &mut pending, &key('d')),
        Resolved::Pending
    );
    assert_eq!(
        vim.resolve(Mode::Grid, &mut pending, &key('k')),
        Resolved::Unbound
    );
    assert!(pending.is_empty());
    assert_eq!(
        vim.resolve(Mode::Grid, &mut pending, &key('k')),
        Resolved::Action(Action::Up)
    );
}

#[test]
fn help_lists_keys_per_action() {
    let default = shipped("default");
    let grid = default.bindings(Mode::Grid);
    let keys_of = |action| {
        grid.iter()
            .find(|(_, a)| *a == action)
            .map(|(k, _)| k.clone())
            .unwrap_or_default()
    };
    assert_eq!(keys_of(Action::Down), "Down, Enter");
    assert_eq!(keys_of(Action::Help), "?, F1");
    assert_eq!(keys_of(Action::Undo), "Ctrl-Z");
    assert_eq!(keys_of(Action::Quit), "Ctrl-Q");
    let vim = shipped("vim");
    let today = vim.bindings(Mode::Today);
    assert!(
        today.contains(&("g g, Home".to_string(), Action::Home)),
        "{today:?}"
    );
}

#[test]
fn a_user_file_patches_single_bindings() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("keymaps")).expect("mkdir");
    std::fs::write(
        dir.path().join("keymaps/default.toml"),
        "# mine\n[grid]\n\"f5\" = \"none\"\n\"f9\" = \"all_present\"\n\"ctrl-z\" = \"redo\"\n",
    )
    .expect("write");
    let map = Keymap::load("default", Some(dir.path())).expect("loads");
    let grid = |code, mods| map.resolve(Mode::Grid, &mut Vec::new(), &KeyEvent::new(code, mods));
    assert_eq!(grid(KeyCode::F(5), KeyModifiers::NONE), Resolved::Unbound);
    assert_eq!(
        grid(KeyCode::F(9), KeyModifiers::NONE),
        Resolved::Action(Action::AllPresent)
    );
    assert_eq!(
        grid(KeyCode::Char('z'), KeyModifiers::CONTROL),
        Resolved::Action(Action::Redo)
    );
    // The rest of the shipped map stays.
    assert_eq!(
        grid(KeyCode::Char('y'), KeyModifiers::CONTROL),
        Resolved::Action(Action::Redo)
    );
    assert_eq!(
        grid(KeyCode::F(2), KeyModifiers::NONE),
        Resolved::Action(Action::Details)
    );
    assert_eq!(
        grid(KeyCode::Backspace, KeyModifiers::NONE),
        Resolved::Action(Action::DeleteLastMark)
    );
    let redo = map
        .bindings(Mode::Grid)
        .into_iter()
        .find(|(_, a)| *a == Action::Redo)
        .map(|(k, _)| k);
    assert_eq!(redo.as_deref(), Some("Ctrl-Z, Ctrl-Y"));
    assert!(map.conflicts().is_empty());
    // Other keymaps are untouched by default.toml of the user.
    let vim = Keymap::load("vim", Some(dir.path())).expect("loads");
    assert_eq!(
        vim.resolve(
            Mode::Grid,
            &mut Vec::new(),
            &KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE)
        ),
        Resolved::Action(Action::AllPresent)
    );
}

#[test]
fn a_bad_user_file_names_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("keymaps")).expect("mkdir");
    let path = dir.path().join("keymaps/default.toml");
    for (text, line) in [
        (
            "[grid]\n\"f9\" = \"all_present\"\n\"f10\" = \"fly_away\"\n",
            3,
        ),
        (
            "[grid]\n\"f9\" = \"all_present\"\n\n\n\"f13\" = \"undo\"\n",
            5,
        ),
        ("[grid]\n\"ctrl-s\" = \"undo\"\n\"C-s\" = \"redo\"\n", 3),
        ("[grid]\n\n[girl]\n", 3),
        ("[grid]\n\"f9\" = all_present\n", 2),
    ] {
        std::fs::write(&path, text).expect("write");
        let e = Keymap::load("default", Some(dir.path())).expect_err(text);
        let want = format!("default.toml:{line}:");
        assert!(e.contains(&want), "{text:?}: {e}");
        assert!(e.starts_with(&path.display().to_string()), "{e}");
    }
    let e = Keymap::load("emacs", Some(dir.path())).expect_err("not shipped");
    assert!(e.contains("default, vim"), "{e}");
}

#[test]
fn every_shipped_theme_loads_and_mono_has_no_colour() {
    for name in Theme::builtin_names() {
        Theme::load(name, None).expect(name);
    }
    let mono = Theme::load("mono", None).expect("mono");
    for (area, style) in mono.areas() {
        assert_eq!((style.fg, style.bg), (None, None), "mono {area}");
    }
    assert_eq!(Theme::choose(Some("high-contrast"), true, 256), "mono");
    assert_eq!(Theme::choose(None, false, 256), "default");
}

#[test]
fn a_bad_user_theme_names_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("themes")).expect("mkdir");
    std::fs::write(
        dir.path().join("themes/default.toml"),
        "title = { bold = true }\ncursor = { fg = \"black\",\n  bg = \"purple\" }\n",
    )
    .expect("write");
    let e = Theme::load("default", Some(dir.path())).expect_err("bad colour");
    assert!(e.contains("default.toml:3:"), "{e}");
}
