//! Any bytes as keys pressed in the app: a demo journal is built once per process;
//! each input starts from a fresh copy of it, signed in as a demo user, and every
//! byte becomes one key (or a terminal resize), with the screen drawn on a
//! TestBackend every few keys. Nothing typed may panic the app.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zhurnal::store::Store;
use zhurnal::store::accounts::Session;
use zhurnal::tui::{App, Options, render};

/// The day the journal is opened on: a Wednesday in the journal's third week.
const TODAY: (i32, u32, u32) = (2025, 9, 17);
/// Every key the fuzzer presses: a byte picks one by its value modulo the length.
/// Ctrl-Q is left out: it only quits, which ends the input's run anyway. The seeds
/// that `seed.sh` writes are indices into this table: keep them in step.
const KEYS: &[Press] = &[
    // Marks, and the digits of dates and numbers in forms.
    Press::Char('1'),
    Press::Char('2'),
    Press::Char('3'),
    Press::Char('4'),
    Press::Char('5'),
    Press::Char('0'),
    Press::Char('9'),
    // Attendance codes in both layouts, small and capital.
    Press::Char('н'),
    Press::Char('б'),
    Press::Char('у'),
    Press::Char('о'),
    Press::Char('Н'),
    Press::Char('Б'),
    Press::Char('y'),
    Press::Char(','),
    Press::Char('e'),
    Press::Char('j'),
    Press::Char('Y'),
    // Answers to questions, text and separators in forms and filters.
    Press::Char('д'),
    Press::Char('n'),
    Press::Char('a'),
    Press::Char(' '),
    Press::Char('.'),
    Press::Char('-'),
    Press::Char('?'),
    Press::Char('g'),
    Press::Key(KeyCode::Enter),
    Press::Key(KeyCode::Enter),
    Press::Key(KeyCode::Esc),
    Press::Key(KeyCode::Backspace),
    Press::Key(KeyCode::Delete),
    Press::Key(KeyCode::Insert),
    Press::Key(KeyCode::Tab),
    Press::Shift(KeyCode::BackTab),
    Press::Key(KeyCode::Up),
    Press::Key(KeyCode::Down),
    Press::Key(KeyCode::Down),
    Press::Key(KeyCode::Left),
    Press::Key(KeyCode::Right),
    Press::Key(KeyCode::Right),
    Press::Key(KeyCode::PageUp),
    Press::Key(KeyCode::PageDown),
    Press::Key(KeyCode::Home),
    Press::Key(KeyCode::End),
    Press::Key(KeyCode::F(1)),
    Press::Key(KeyCode::F(2)),
    Press::Key(KeyCode::F(3)),
    Press::Key(KeyCode::F(4)),
    Press::Key(KeyCode::F(5)),
    Press::Key(KeyCode::F(6)),
    Press::Key(KeyCode::F(7)),
    Press::Key(KeyCode::F(8)),
    Press::Key(KeyCode::F(9)),
    Press::Key(KeyCode::F(10)),
    Press::Key(KeyCode::F(11)),
    Press::Key(KeyCode::F(12)),
    Press::Shift(KeyCode::F(10)),
    Press::Ctrl('z'),
    Press::Ctrl('y'),
    Press::Ctrl('s'),
    Press::Alt('x'),
    // Terminal sizes: the usual one, a large one, and small ones.
    Press::Resize(80, 24),
    Press::Resize(132, 43),
    Press::Resize(40, 12),
    Press::Resize(12, 4),
];
/// Keys between two draws.
const DRAW_EVERY: usize = 4;

#[derive(Clone, Copy)]
enum Press {
    Char(char),
    Key(KeyCode),
    Shift(KeyCode),
    Ctrl(char),
    Alt(char),
    Resize(u16, u16),
}

/// The journal as it is after the demo users signed in, and their sessions.
struct Master {
    options: Options,
    journal: PathBuf,
    work: PathBuf,
    sessions: Vec<Session>,
}

/// A scratch folder of this process's own. In memory where there is /dev/shm: the
/// journal syncs every change to disk, which would be most of the time spent.
/// libFuzzer ends the process without running destructors, so the folders of
/// processes gone are removed here instead.
fn scratch() -> PathBuf {
    const PREFIX: &str = "zhurnal-fuzz-keys-";
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    if let Ok(entries) = std::fs::read_dir(&base) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else {
                continue;
            };
            if !Path::new("/proc").join(pid).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let dir = base.join(format!("{PREFIX}{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap_or_default()
}

fn open(path: &Path) -> Store {
    let mut store = Store::open(path).expect("open the journal");
    store.set_fixed_now(today().and_hms_opt(9, 20, 0));
    store
}

/// Builds the demo journal and signs the users in once: password checks are slow on
/// purpose, so each input starts from a session instead of typing the password.
fn master() -> &'static Master {
    static MASTER: OnceLock<Master> = OnceLock::new();
    MASTER.get_or_init(|| {
        let dir = scratch();
        let journal = dir.join("demo.sqlite");
        let opts = zhurnal::demo::DemoOptions {
            until: NaiveDate::from_ymd_opt(2025, 9, 19).expect("date"),
            scale: 1,
            seed: 1,
        };
        zhurnal::demo::build(&journal, &opts, false).expect("demo journal");
        let mut store = open(&journal);
        // The teacher comes first and most often; the others open the other screens.
        let sessions = ["teacher", "classteacher", "deputy", "admin", "parent"]
            .iter()
            .map(|login| {
                store
                    .authenticate(login, zhurnal::demo::DEMO_PASSWORD)
                    .expect("demo login")
            })
            .collect();
        drop(store);
        // Files the app writes (report and plan exports) land in the scratch folder.
        std::env::set_current_dir(&dir).expect("cd");
        let work = dir.join("work.sqlite");
        let mut options = Options::defaults().expect("options");
        // The pause after a wrong password would only slow the fuzzer down.
        options.login_delay = std::time::Duration::ZERO;
        Master {
            options,
            journal,
            work,
            sessions,
        }
    })
}

fn terminal(size: (u16, u16)) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal")
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|f| render(app, f)).expect("draw");
}

fuzz_target!(|data: &[u8]| {
    let Some((&who, keys)) = data.split_first() else {
        return;
    };
    let m = master();
    for suffix in ["-wal", "-shm"] {
        let mut p = m.work.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    std::fs::copy(&m.journal, &m.work).expect("copy the journal");

    let size = (80, 24);
    let mut app = App::new(open(&m.work), m.options.clone(), size).expect("app");
    app.resize(size.0, size.1);
    let mut screen = terminal(size);
    let session = match who % 8 {
        0..=3 => &m.sessions[0],
        n => &m.sessions[usize::from(n) - 3],
    };
    app.start_session(session.clone());
    draw(&mut screen, &app);

    for (i, &byte) in keys.iter().enumerate() {
        let event = match KEYS[usize::from(byte) % KEYS.len()] {
            Press::Char(c) if c.is_uppercase() => {
                KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT)
            }
            Press::Char(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            Press::Key(code) => KeyEvent::new(code, KeyModifiers::NONE),
            Press::Shift(code) => KeyEvent::new(code, KeyModifiers::SHIFT),
            Press::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Press::Alt(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT),
            Press::Resize(w, h) => {
                app.resize(w, h);
                screen = terminal((w, h));
                draw(&mut screen, &app);
                continue;
            }
        };
        app.handle_key(event);
        if app.quit {
            break;
        }
        if i % DRAW_EVERY == DRAW_EVERY - 1 {
            draw(&mut screen, &app);
        }
    }
    draw(&mut screen, &app);
});
