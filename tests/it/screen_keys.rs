//! Each screen's keys are its own: its keymap section lists exactly what the screen
//! does. Every key its help lists does something there (it is never «not available
//! here»), and keys it does not list are said to do nothing — with both shipped
//! keymaps, pressing the keys as a user does.

use crate::common;
use common::TestJournal;
use common::tui::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zhurnal::keys::{Action, Keymap, Mode, parse_seq};
use zhurnal::tui::{App, Options};

/// Keys a user might try anywhere: each must be listed or said to do nothing.
const PROBES: [KeyCode; 14] = [
    KeyCode::F(2),
    KeyCode::F(3),
    KeyCode::F(4),
    KeyCode::F(5),
    KeyCode::F(6),
    KeyCode::F(7),
    KeyCode::F(8),
    KeyCode::F(9),
    KeyCode::F(10),
    KeyCode::F(11),
    KeyCode::F(12),
    KeyCode::Insert,
    KeyCode::Delete,
    KeyCode::Tab,
];

/// A way to a screen: who logs in, then which actions (by the keymap's keys) and how
/// many times Down before each.
struct Way {
    login: &'static str,
    steps: &'static [(usize, Action, Mode)],
    mode: Mode,
}

const WAYS: &[Way] = &[
    Way {
        login: "teacher",
        steps: &[],
        mode: Mode::Today,
    },
    Way {
        login: "teacher",
        steps: &[(0, Action::Confirm, Mode::Today)],
        mode: Mode::Grid,
    },
    Way {
        login: "teacher",
        steps: &[(0, Action::Plan, Mode::Today)],
        mode: Mode::Plan,
    },
    Way {
        login: "teacher",
        steps: &[(0, Action::Messages, Mode::Today)],
        mode: Mode::Messages,
    },
    Way {
        login: "parent",
        steps: &[],
        mode: Mode::Diary,
    },
    Way {
        login: "admin",
        steps: &[
            (3, Action::Confirm, Mode::Menu),
            (0, Action::Confirm, Mode::Classes),
        ],
        mode: Mode::Class,
    },
    Way {
        login: "admin",
        steps: &[],
        mode: Mode::Menu,
    },
    Way {
        login: "admin",
        steps: &[(0, Action::Confirm, Mode::Menu)],
        mode: Mode::Audit,
    },
    Way {
        login: "admin",
        steps: &[(2, Action::Confirm, Mode::Menu)],
        mode: Mode::Users,
    },
    Way {
        login: "admin",
        steps: &[(3, Action::Confirm, Mode::Menu)],
        mode: Mode::Classes,
    },
    Way {
        login: "admin",
        steps: &[(4, Action::Confirm, Mode::Menu)],
        mode: Mode::WorkTypes,
    },
    Way {
        login: "admin",
        steps: &[(5, Action::Confirm, Mode::Menu)],
        mode: Mode::Calendar,
    },
    Way {
        login: "admin",
        steps: &[(7, Action::Confirm, Mode::Menu)],
        mode: Mode::YearClose,
    },
    Way {
        login: "admin",
        steps: &[(8, Action::Confirm, Mode::Menu)],
        mode: Mode::Courses,
    },
    Way {
        login: "admin",
        steps: &[(9, Action::Confirm, Mode::Menu)],
        mode: Mode::Backups,
    },
    Way {
        login: "deputy",
        steps: &[
            (0, Action::Menu, Mode::Today),
            (5, Action::Confirm, Mode::Menu),
        ],
        mode: Mode::Periods,
    },
    Way {
        login: "teacher",
        steps: &[(0, Action::Gaps, Mode::Today)],
        mode: Mode::Gaps,
    },
    Way {
        login: "teacher",
        steps: &[(0, Action::Exams, Mode::Today)],
        mode: Mode::Exams,
    },
    Way {
        login: "teacher",
        steps: &[
            (0, Action::Exams, Mode::Today),
            (0, Action::Confirm, Mode::Exams),
        ],
        mode: Mode::ExamResults,
    },
    Way {
        login: "classteacher",
        steps: &[(0, Action::Absences, Mode::Today)],
        mode: Mode::Absences,
    },
    Way {
        login: "classteacher",
        steps: &[(0, Action::ClassOverview, Mode::Today)],
        mode: Mode::Report,
    },
    Way {
        login: "classteacher",
        steps: &[(0, Action::ClassFamilies, Mode::Today)],
        mode: Mode::Families,
    },
    Way {
        login: "classteacher",
        steps: &[
            (0, Action::ClassFamilies, Mode::Today),
            (0, Action::WeeklyReport, Mode::Families),
            (0, Action::Confirm, Mode::Form),
            (0, Action::Confirm, Mode::Form),
        ],
        mode: Mode::Weekly,
    },
];

fn press(app: &mut App, keys: &str) {
    let seq = parse_seq(keys).expect("a key string of the keymap");
    for chord in seq.chords() {
        app.handle_key(KeyEvent::new(chord.code, chord.mods));
    }
}

/// A fresh session on the way's screen.
fn open(j: &TestJournal, keymap: &Keymap, way: &Way) -> App {
    let opts = Options {
        keymap: keymap.clone(),
        ..Options::defaults().expect("options")
    };
    let mut app = app_on(j.db(), "2025-12-15", opts);
    login(&mut app, way.login, "demo");
    for (downs, action, mode) in way.steps {
        assert_eq!(app.mode(), *mode, "{}\n{}", way.login, screen(&app));
        for _ in 0..*downs {
            key(&mut app, KeyCode::Down);
        }
        let keys = keymap.key_for(*mode, *action).expect("the way's key");
        press(&mut app, &keys);
    }
    assert_eq!(app.mode(), way.mode, "{}", screen(&app));
    app
}

fn refused(app: &App) -> bool {
    let s = screen(app);
    s.contains("здесь ничего не делает") || s.contains("здесь недоступно")
}

#[test]
fn each_screen_lists_exactly_the_keys_it_takes() {
    let j = TestJournal::demo();
    for name in Keymap::builtin_names() {
        let keymap = Keymap::load(name, None).expect("shipped keymap");
        for way in WAYS {
            let listed = keymap.bindings(way.mode);
            // Every listed key does something here.
            for (keys, action) in &listed {
                if *action == Action::Quit {
                    continue;
                }
                for one in keys.split(", ") {
                    let mut app = open(&j, &keymap, way);
                    press(&mut app, one);
                    assert!(
                        !refused(&app),
                        "{name} [{}]: «{one}» ({action:?}) is listed but refused:\n{}",
                        way.mode.section(),
                        screen(&app)
                    );
                }
            }
            // Keys it does not list are said to do nothing.
            let mut app = open(&j, &keymap, way);
            for code in PROBES {
                let ev = KeyEvent::new(code, KeyModifiers::NONE);
                let named = zhurnal::keys::KeyChord::from_event(&ev).to_string();
                let bound = listed
                    .iter()
                    .any(|(keys, _)| keys.split(", ").any(|k| k == named));
                if bound {
                    continue;
                }
                app.handle_key(ev);
                assert!(
                    screen(&app).contains("здесь ничего не делает"),
                    "{name} [{}]: «{named}» is not listed, yet:\n{}",
                    way.mode.section(),
                    screen(&app)
                );
                assert_eq!(app.mode(), way.mode, "«{named}» left the screen");
            }
        }
    }
}

/// The other way round: an action the screen does is listed in its section — every
/// action of the keymaps, given straight to the screen, is refused unless listed.
#[test]
fn a_screen_does_nothing_it_does_not_list() {
    use zhurnal::keys::keymap::{action_names, parse_action};
    let j = TestJournal::demo();
    let keymap = Keymap::load("default", None).expect("shipped keymap");
    let all: Vec<Action> = action_names()
        .iter()
        .filter_map(|n| parse_action(n))
        .collect();
    for way in WAYS {
        let listed: Vec<Action> = keymap
            .bindings(way.mode)
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        for action in &all {
            if listed.contains(action) || *action == Action::Quit {
                continue;
            }
            let mut app = open(&j, &keymap, way);
            app.dispatch(*action);
            assert!(
                refused(&app),
                "[{}]: {action:?} is not listed, yet the screen takes it:\n{}",
                way.mode.section(),
                screen(&app)
            );
        }
    }
}
