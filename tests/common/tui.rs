//! Driving the app with key events on a TestBackend, on copies of one demo journal.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use zhurnal::store::Store;
use zhurnal::tui::{App, Options, render};

/// The demo school up to 14.12.2025, built once per test binary.
fn demo_master() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("demo.sqlite");
        let opts = zhurnal::demo::DemoOptions {
            until: chrono::NaiveDate::from_ymd_opt(2025, 12, 14).expect("date"),
            scale: 1,
            seed: 1,
            news: false,
        };
        // On a thread of its own: the demo's texts are written in the default language,
        // whatever language the test that comes first has chosen for its thread.
        let built = path.clone();
        std::thread::spawn(move || zhurnal::demo::build(&built, &opts, false).map(|_| ()))
            .join()
            .expect("the demo thread")
            .expect("demo");
        (dir, path)
    });
    path
}

/// A fresh copy of the demo journal in `dir`.
pub fn demo_copy(dir: &Path) -> PathBuf {
    let db = dir.join("demo.sqlite");
    std::fs::copy(demo_master(), &db).expect("copy");
    db
}

pub fn app_on(db: &Path, today: &str, opts: Options) -> App {
    let mut store = Store::open(db).expect("open");
    // A fixed clock keeps the times in the snapshots the same on every run.
    let date = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").expect("date");
    store.set_fixed_now(date.and_hms_opt(9, 20, 0));
    let mut app = App::new(store, opts, (80, 24)).expect("app");
    app.resize(80, 24);
    app
}

pub fn app(db: &Path, today: &str) -> App {
    app_on(db, today, Options::defaults().expect("options"))
}

pub fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Presses `code` until `done` holds, as a user moves a cursor to what they want; the
/// state is read only to know when to stop. Fails after `limit` presses.
pub fn press_until(app: &mut App, code: KeyCode, limit: usize, done: impl Fn(&App) -> bool) {
    for _ in 0..limit {
        if done(app) {
            return;
        }
        key(app, code);
    }
    assert!(
        done(app),
        "{code:?} pressed {limit} times: not there\n{}",
        screen(app)
    );
}

/// Chooses a tool of the administration's menu by pressing keys, and opens it.
pub fn open_tool(app: &mut App, tool: zhurnal::tui::admin::Tool) {
    choose_tool(app, tool);
    key(app, KeyCode::Enter);
}

/// Moves the administration menu's cursor to a tool by pressing keys.
pub fn choose_tool(app: &mut App, tool: zhurnal::tui::admin::Tool) {
    use zhurnal::tui::app::Screen;
    let want = {
        let Screen::Menu(m) = &app.screen else {
            panic!("menu: {}", screen(app))
        };
        m.tools.iter().position(|t| *t == tool).expect("tool")
    };
    key(app, KeyCode::Home);
    press_until(
        app,
        KeyCode::Down,
        200,
        |a| matches!(&a.screen, Screen::Menu(m) if m.selected == want),
    );
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Types text as separate key presses (capitals with Shift, as terminals report them).
pub fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        let mods = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle_key(KeyEvent::new(KeyCode::Char(c), mods));
    }
}

pub fn login(app: &mut App, login: &str, password: &str) {
    typed(app, login);
    key(app, KeyCode::Enter);
    typed(app, password);
    key(app, KeyCode::Enter);
}

pub fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| render(app, f)).expect("draw");
    t
}

/// The screen's text, trailing spaces trimmed.
pub fn screen_sized(app: &App, w: u16, h: u16) -> String {
    let t = draw(app, w, h);
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn screen(app: &App) -> String {
    screen_sized(app, 80, 24)
}

/// Serves `app` as the SSH server does: its files confined to `login`'s folder under
/// `base`.
pub fn serve_folder(app: &mut App, base: &Path, login: &str) -> zhurnal::files::Folder {
    let folder =
        zhurnal::files::Folder::for_account(base, login, zhurnal::files::FolderLimits::UNLIMITED)
            .expect("folder");
    app.use_folder(folder.clone());
    folder
}

/// Empties the focused text field.
pub fn clear_field(app: &mut App) {
    for _ in 0..80 {
        key(app, KeyCode::Backspace);
    }
}

/// Sets a file's modification time to a local date and time (`2025-12-15 09:05`).
pub fn touch(path: &Path, local: &str) {
    use chrono::TimeZone;
    let at = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").expect("time");
    let at = chrono::Local
        .from_local_datetime(&at)
        .earliest()
        .expect("local time");
    std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open")
        .set_modified(std::time::SystemTime::from(at))
        .expect("set mtime");
}

/// Whether a file exists and what it holds, to tell that nothing touched it.
pub fn state_of(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}
