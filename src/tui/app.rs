//! The application: its screens, the overlay above them, and what each key does.
//! One way in for changes: a key resolves to an action, `dispatch` applies it through
//! the store; drawing only reads.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::admin::MenuState;
use super::admin::audit::AuditState;
use super::admin::class::ClassState;
use super::admin::classes::ClassesState;
use super::admin::users::UsersState;
use super::admin::work_types::WorkTypesState;
use super::admin::year_close::YearCloseState;
use super::diary::DiaryState;
use super::files::FilePlace;
use super::grid::history::History;
use super::grid::{self, GridState};
use super::overlay::Overlay;
use super::screens::{LoginState, NewPasswordState, TodayState};
use super::text::TextField;
use crate::config::app::Advance;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::keys::{Action, KeyChord, Keymap, Mode, Resolved};
use crate::store::Store;
use crate::theme::Theme;
use crate::tr;

#[derive(Debug, Clone)]
pub enum Screen {
    Login(LoginState),
    Today(TodayState),
    Grid(Box<GridState>),
    /// The diary of a parent or a student.
    Diary(Box<DiaryState>),
    /// The administration's tools.
    Menu(MenuState),
    Audit(Box<AuditState>),
    Users(UsersState),
    YearClose(YearCloseState),
    /// The year's calendar.
    Calendar(Box<super::admin::calendar::CalendarState>),
    Classes(ClassesState),
    WorkTypes(WorkTypesState),
    Import(Box<super::import::ImportState>),
    Gaps(super::screens::gaps::GapsState),
    Plan(Box<super::plan::PlanState>),
    Absences(Box<super::absences::AbsencesState>),
    Report(Box<super::report::ReportState>),
    Class(ClassState),
    /// The year's periods, closed and opened for courses.
    Periods(Box<super::admin::periods::PeriodsState>),
    /// The journal's backups: take one, restore one.
    Backups(super::admin::backups::BackupsState),
    /// The year's courses and their teachers.
    Courses(super::admin::courses::CoursesState),
    /// Choosing a new password after logging in with a one-time one.
    NewPassword(NewPasswordState),
    /// A signed-in user whose screens this version does not have yet.
    Notice(String),
    /// Conversations, announcements, the week's events.
    Messages(Box<super::messages::MessagesState>),
    /// One conversation (or the conversations under review).
    Thread(Box<super::messages::ThreadState>),
    /// A new message.
    Compose(Box<super::messages::ComposeState>),
    /// The class teacher's students and parents: their logins.
    Families(Box<super::screens::families::FamiliesState>),
    /// A student's weekly report for the parents, read before printing or sending.
    Weekly(Box<super::screens::weekly::WeeklyState>),
    Exams(Box<super::screens::exams::ExamsState>),
}

/// The status line: the last outcome.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
    /// Said by the last key (or since it): a long message is shown whole, over the key
    /// bar, until the next key.
    pub fresh: bool,
}

/// How the app looks and behaves, from the config file.
#[derive(Debug, Clone)]
pub struct Options {
    pub keymap: Keymap,
    pub theme: Theme,
    pub advance: Advance,
    pub ascii_borders: bool,
    /// The pause after a failed login, times the failures in a row.
    pub login_delay: std::time::Duration,
    /// Sessions on a server: each account's files in its own folder under this base,
    /// never at a typed path.
    pub folders: Option<crate::files::Folders>,
    /// Where the journal's backups are (the server's daily ones too); `None`:
    /// `backups/` beside the journal. The backup screen lists it by file names alone.
    pub backups: Option<std::path::PathBuf>,
}

impl Options {
    /// The shipped defaults: default keymap and theme, cursor moving down.
    pub fn defaults() -> Result<Options, String> {
        Ok(Options {
            keymap: Keymap::load("default", None)?,
            theme: Theme::load("default", None)?,
            advance: Advance::Down,
            ascii_borders: false,
            login_delay: std::time::Duration::from_millis(400),
            folders: None,
            backups: None,
        })
    }
}

pub struct App {
    pub store: Store,
    pub opts: Options,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub status: Status,
    pub actor: Option<Actor>,
    pub history: History,
    pub(crate) pending: Vec<KeyChord>,
    /// The terminal's size, for scrolling.
    pub size: (u16, u16),
    pub school: String,
    pub quit: bool,
    /// The journal's `data_version` when the screen was last read.
    pub(crate) seen_version: Option<i64>,
    /// Messages to the user not read yet: the status line shows them.
    pub unread: i64,
    /// Where exports go and imports come from.
    pub(crate) files: FilePlace,
    /// Where the user was: the menu's last tool, the last report's form.
    pub(crate) place: Place,
    /// The last restore of the journal this session knows of: a later one is told.
    pub(crate) seen_restore: Option<(i64, String)>,
}

/// What the screens keep between visits, so that a menu opens where the user left it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Place {
    /// The administration's tool opened last.
    pub tool: Option<super::admin::Tool>,
    /// The report form as last sent.
    pub report: Option<super::overlay::form::FormState>,
}

impl App {
    pub fn new(store: Store, opts: Options, size: (u16, u16)) -> crate::store::Result<App> {
        let settings = store.settings()?;
        let school = if settings.short_name.is_empty() {
            settings.name
        } else {
            settings.short_name
        };
        // Whatever other users change from now on shows at the next tick.
        let seen_version = store.data_version().ok();
        let seen_restore = store.last_restore().ok().flatten().map(|r| (r.id, r.at));
        Ok(App {
            store,
            screen: Screen::Login(LoginState::new(settings.demo, opts.login_delay)),
            opts,
            overlay: None,
            status: Status::default(),
            actor: None,
            history: History::default(),
            pending: Vec::new(),
            size,
            school,
            quit: false,
            seen_version,
            unread: 0,
            files: FilePlace::Local,
            place: Place::default(),
            seen_restore,
        })
    }

    /// Confines the session's files to the user's folder: exports ask for a name in it,
    /// imports list its files; no typed path is opened again. The SSH server calls this
    /// right after `start_session`; there is no way back to paths.
    pub fn use_folder(&mut self, folder: crate::files::Folder) {
        self.files = FilePlace::Folder(folder);
    }

    /// The session's files are in a folder that could not be made: no file is read or
    /// written, and every attempt says why.
    pub fn use_no_files(&mut self, why: String) {
        self.files = FilePlace::Closed(why);
    }

    pub fn mode(&self) -> Mode {
        if let Some(o) = &self.overlay {
            return o.mode();
        }
        match &self.screen {
            Screen::Login(_) | Screen::NewPassword(_) => Mode::Login,
            Screen::Today(_) | Screen::Notice(_) => Mode::Today,
            Screen::Grid(g) if g.pane.is_some() => Mode::Pane,
            Screen::Grid(_) => Mode::Grid,
            Screen::Diary(_) => Mode::Diary,
            Screen::Menu(_) => Mode::Menu,
            Screen::Audit(_) => Mode::Audit,
            Screen::Users(_) => Mode::Users,
            Screen::YearClose(_) => Mode::YearClose,
            Screen::Calendar(_) => Mode::Calendar,
            Screen::Classes(_) => Mode::Classes,
            Screen::WorkTypes(_) => Mode::WorkTypes,
            Screen::Import(_) => Mode::Import,
            Screen::Gaps(_) => Mode::Gaps,
            Screen::Plan(_) => Mode::Plan,
            Screen::Absences(_) => Mode::Absences,
            Screen::Report(_) => Mode::Report,
            Screen::Families(_) => Mode::Families,
            Screen::Weekly(_) => Mode::Weekly,
            Screen::Exams(s) if s.open.is_some() => Mode::ExamResults,
            Screen::Exams(_) => Mode::Exams,
            Screen::Class(_) => Mode::Class,
            Screen::Periods(_) => Mode::Periods,
            Screen::Backups(_) => Mode::Backups,
            Screen::Courses(_) => Mode::Courses,
            Screen::Messages(_) => Mode::Messages,
            Screen::Thread(t) if t.reply.is_some() => Mode::Compose,
            Screen::Thread(_) => Mode::Messages,
            Screen::Compose(c) if c.to.is_some() => Mode::Compose,
            // Choosing whom to write to: letters search, arrows choose.
            Screen::Compose(_) => Mode::Recipients,
        }
    }

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.status = Status {
            text: text.into(),
            error: false,
            fresh: true,
        };
    }

    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.status = Status {
            text: text.into(),
            error: true,
            fresh: true,
        };
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.follow();
    }

    pub(crate) fn follow(&mut self) {
        let (w, h) = self.size;
        if let Screen::Grid(g) = &mut self.screen {
            g.follow_cursor(w, h);
        }
    }

    /// The pick list under a form's cursor, if any: letters and ←→ go to it.
    pub(crate) fn pick_list(&mut self) -> Option<&mut crate::tui::widgets::pick_list::PickList> {
        match &mut self.overlay {
            Some(Overlay::Form(form)) => form.pick_list(),
            _ => None,
        }
    }

    /// The text field that typed characters go to, if any.
    pub(crate) fn text_field(&mut self) -> Option<&mut TextField> {
        match (&mut self.overlay, &mut self.screen) {
            (Some(Overlay::Comment { field, .. }), _) => Some(field),
            (None, Screen::Login(l)) => Some(l.field()),
            (None, Screen::NewPassword(p)) => Some(p.field()),
            (Some(Overlay::Form(form)), _) => form.field(),
            (None, Screen::Compose(c)) if c.to.is_none() => Some(&mut c.filter),
            _ => None,
        }
    }

    /// One key: what it means here becomes an [`Action`] — a keymap's action or typed
    /// input — and [`App::dispatch`] applies it, like every other action.
    pub fn handle_key(&mut self, ev: KeyEvent) {
        if ev.kind == KeyEventKind::Release {
            return;
        }
        self.status.fresh = false;
        let was = std::mem::discriminant(&self.screen);
        match self.key_action(ev) {
            Some(action) => self.dispatch(action),
            // A key sequence waits for its next key.
            None => self.info(pick("…", "…")),
        }
        // A new screen starts with a clean status line unless the key said something.
        if !self.status.fresh && std::mem::discriminant(&self.screen) != was {
            self.status = Status::default();
        }
        self.follow();
    }

    /// What a key means on the current screen; `None` while a key sequence is pending.
    fn key_action(&mut self, ev: KeyEvent) -> Option<Action> {
        let ev = vt220_shift(ev);
        // A control character as a typed key (a C1 code from a terminal, DEL, NUL) is
        // never text: it would reach the journal and, later, someone's terminal.
        if let KeyCode::Char(c) = ev.code
            && c.is_control()
        {
            return Some(Action::Nothing(KeyEvent::new(
                KeyCode::Char(char::REPLACEMENT_CHARACTER),
                ev.modifiers,
            )));
        }
        let mode = self.mode();
        let plain = !ev
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        // Ctrl-U clears the field being typed into (a pick list: the letters typed).
        if self.pending.is_empty()
            && ev.code == KeyCode::Char('u')
            && ev.modifiers == KeyModifiers::CONTROL
            && (self.text_field().is_some() || self.pick_list().is_some())
        {
            return Some(Action::ClearField);
        }
        if self.pending.is_empty() && plain && self.pick_list().is_some() {
            match ev.code {
                KeyCode::Char(c) if !self.opts.keymap.is_bound(mode, c) => {
                    return Some(Action::Type(c));
                }
                KeyCode::Backspace => return Some(Action::Erase),
                KeyCode::Left => return Some(Action::CaretLeft),
                KeyCode::Right => return Some(Action::CaretRight),
                _ => {}
            }
        }
        if self.pending.is_empty() && plain {
            let bound = |c| self.opts.keymap.is_bound(mode, c);
            match ev.code {
                KeyCode::Char(c) if !bound(c) && self.text_field().is_some() => {
                    return Some(Action::Type(c));
                }
                KeyCode::Backspace | KeyCode::Left | KeyCode::Right
                    if matches!(
                        mode,
                        Mode::Login | Mode::Form | Mode::Recipients | Mode::Text
                    ) && self.text_field().is_some() =>
                {
                    return Some(match ev.code {
                        KeyCode::Backspace => Action::Erase,
                        KeyCode::Left => Action::CaretLeft,
                        _ => Action::CaretRight,
                    });
                }
                _ => {}
            }
        }
        // In the grid a digit or an attendance letter is input unless the keymap binds
        // that very key (vim's `j` is «down», yet a typed `о` is still «late»).
        if let (Mode::Grid, KeyCode::Char(c), true, true, Screen::Grid(g)) =
            (mode, ev.code, plain, self.pending.is_empty(), &self.screen)
            && !self.opts.keymap.is_bound(mode, c)
            && grid::keys::takes(g, c)
        {
            return Some(grid::keys::typed(c, ev));
        }
        // While the lesson pane or a message is edited, every key the keymap leaves
        // alone is text.
        if matches!(mode, Mode::Pane | Mode::Compose) && self.pending.is_empty() {
            let bound = matches!(
                self.opts.keymap.resolve(mode, &mut Vec::new(), &ev),
                Resolved::Action(_)
            );
            if !bound {
                return Some(Action::Edit(ev));
            }
        }
        match self.opts.keymap.resolve(mode, &mut self.pending, &ev) {
            Resolved::Action(a) => Some(a),
            Resolved::Pending => None,
            Resolved::Unbound => Some(self.unbound(ev)),
        }
    }

    /// A key no binding takes: in the grid a digit is a mark and a letter may be an
    /// attendance code; elsewhere it is said to do nothing.
    fn unbound(&self, ev: KeyEvent) -> Action {
        if let (None, Screen::Grid(_), KeyCode::Char(c)) = (&self.overlay, &self.screen, ev.code)
            && !ev
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return grid::keys::typed(c, ev);
        }
        Action::Nothing(ev)
    }

    /// Typed input into a one-line field (a character, a caret move), or a key that
    /// does nothing here. `false`: the action is not for a field; a mark, a code or a
    /// key for an editor goes to its screen like every other action.
    fn typed(&mut self, action: Action) -> bool {
        if let Some(p) = self.pick_list() {
            match action {
                Action::Type(c) => {
                    if !p.type_char(c) {
                        let search = format!("{}{c}", p.search());
                        self.error(tr!(
                            "в списке нет «{}»: ←→ — выбор",
                            "nothing in the list starts with «{}»: ←→ to choose",
                            search
                        ));
                    }
                }
                Action::Erase => p.erase(),
                Action::CaretLeft => p.prev(),
                Action::CaretRight => p.next(),
                Action::ClearField => p.clear_search(),
                Action::Nothing(ev) => self.nothing_here(&ev),
                _ => return false,
            }
            return true;
        }
        match action {
            Action::ClearField => {
                if let Some(f) = self.text_field() {
                    f.clear();
                }
            }
            Action::Type(c) => {
                if let Some(f) = self.text_field() {
                    f.insert(c);
                }
            }
            Action::Erase => {
                if let Some(f) = self.text_field() {
                    f.backspace();
                }
            }
            Action::CaretLeft => {
                if let Some(f) = self.text_field() {
                    f.left();
                }
            }
            Action::CaretRight => {
                if let Some(f) = self.text_field() {
                    f.right();
                }
            }
            Action::Nothing(ev) => self.nothing_here(&ev),
            _ => return false,
        }
        true
    }

    pub(crate) fn nothing_here(&mut self, ev: &KeyEvent) {
        let key = KeyChord::from_event(ev).to_string();
        self.info(tr!(
            "«{}» здесь ничего не делает · F1 — клавиши",
            "«{}» does nothing here · F1 for keys",
            key
        ));
    }

    /// Applies one action: typed input, or what a key of the keymap does here.
    pub fn dispatch(&mut self, action: Action) {
        if self.typed(action) {
            return;
        }
        match action {
            Action::Quit => {
                self.logout();
                self.quit = true;
                return;
            }
            Action::Help
                if !matches!(
                    self.overlay,
                    Some(Overlay::Help { .. }) | Some(Overlay::Comment { .. })
                ) =>
            {
                let mode = self.mode();
                self.overlay = Some(Overlay::Help { mode, scroll: 0 });
                return;
            }
            _ => {}
        }
        if self.overlay.is_some() {
            self.overlay_action(action);
            return;
        }
        // One's own password, from each role's first screen.
        if action == Action::OwnPassword
            && matches!(
                self.screen,
                Screen::Today(_) | Screen::Diary(_) | Screen::Menu(_)
            )
        {
            self.overlay = Some(Overlay::Form(
                super::overlay::form::FormState::own_password(),
            ));
            return;
        }
        match &self.screen {
            Screen::Login(_) | Screen::NewPassword(_) | Screen::Today(_) => {
                self.screen_action(action)
            }
            Screen::Diary(_) => self.screen_action(action),
            Screen::Menu(_)
            | Screen::Audit(_)
            | Screen::Users(_)
            | Screen::YearClose(_)
            | Screen::Calendar(_)
            | Screen::Classes(_)
            | Screen::Class(_)
            | Screen::Periods(_)
            | Screen::Backups(_)
            | Screen::Courses(_)
            | Screen::WorkTypes(_) => self.admin_action(action),
            Screen::Import(_) => self.screen_action(action),
            Screen::Gaps(_) => self.screen_action(action),
            Screen::Plan(_) => self.screen_action(action),
            Screen::Absences(_) => self.screen_action(action),
            Screen::Report(_) => self.screen_action(action),
            Screen::Families(_) | Screen::Weekly(_) | Screen::Exams(_) => {
                self.screen_action(action)
            }
            Screen::Grid(_) => self.on_grid(|g, ctx| g.on(action, ctx)),
            Screen::Messages(_) | Screen::Thread(_) | Screen::Compose(_) => {
                self.screen_action(action)
            }
            Screen::Notice(_) => match action {
                Action::Back => self.back_to_login(),
                _ => self.not_here(action),
            },
        }
    }

    pub(crate) fn not_here(&mut self, action: Action) {
        self.info(tr!(
            "«{}» здесь недоступно",
            "«{}» is not available here",
            action.describe()
        ));
    }

    pub(crate) fn logout(&mut self) {
        if let Some(a) = self.actor.take()
            && self.store.read_only().is_none()
        {
            // The session's end is worth recording; failing to is not worth a message.
            let _ = self.store.logout(&a);
        }
        self.history = History::default();
    }

    /// Esc on a role's first screen: log out only when the user says so.
    pub(crate) fn ask_logout(&mut self) {
        self.overlay = Some(Overlay::Confirm {
            question: pick(
                "Выйти из журнала? Всё введённое уже сохранено.",
                "Log out? Everything entered is already saved.",
            )
            .into(),
            ask: super::overlay::Ask::Logout,
        });
    }

    pub(crate) fn back_to_login(&mut self) {
        self.logout();
        self.unread = 0;
        let demo = self.store.settings().map(|s| s.demo).unwrap_or(false);
        self.screen = Screen::Login(LoginState::new(demo, self.opts.login_delay));
        self.info(pick("вы вышли", "logged out"));
    }
}

/// Shift-F8 … Shift-F10 from the Linux console and PuTTY (`ESC [ 32 ~` … `ESC [ 34 ~`,
/// the VT220's F18–F20), which the local terminal's reader names F15–F17: read as the
/// Shift-F-keys they are. (The SSH server's decoder reads them right already.)
fn vt220_shift(ev: KeyEvent) -> KeyEvent {
    match ev.code {
        KeyCode::F(n @ 15..=17) if ev.modifiers.is_empty() => {
            KeyEvent::new(KeyCode::F(n - 7), KeyModifiers::SHIFT)
        }
        _ => ev,
    }
}
