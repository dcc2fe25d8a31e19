//! The application: its screens, the overlay above them, and what each key does.
//! One way in for changes: a key resolves to an action, `dispatch` applies it through
//! the store; drawing only reads.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::admin::{
    AuditState, ClassState, ClassesState, FormPurpose, FormState, MenuState, Tool, UsersState,
    YearCloseState,
};
use super::diary::DiaryState;
use super::grid::GridState;
use super::grid::entry::{self, Ctx, Entry};
use super::overlay::{Ask, DetailsState, Overlay};
use super::screens::{LoginState, NewPasswordState, TodayState};
use super::text::TextField;
use crate::config::app::Advance;
use crate::domain::accounts::failure_delay;
use crate::domain::marks::MarkValue;
use crate::domain::policy::Actor;
use crate::edit::{Change, History};
use crate::i18n::pick;
use crate::keys::{Action, KeyChord, Keymap, Mode, Resolved};
use crate::store::Store;
use crate::store::accounts::LoginError;
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
    Classes(ClassesState),
    Class(ClassState),
    /// Choosing a new password after logging in with a one-time one.
    NewPassword(NewPasswordState),
    /// A signed-in user whose screens this version does not have yet.
    Notice(String),
}

/// The status line: the last outcome.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Status {
    pub text: String,
    pub error: bool,
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
    pending: Vec<KeyChord>,
    /// The terminal's size, for scrolling.
    pub size: (u16, u16),
    pub school: String,
    pub quit: bool,
}

impl App {
    pub fn new(store: Store, opts: Options, size: (u16, u16)) -> crate::store::Result<App> {
        let settings = store.settings()?;
        let school = if settings.short_name.is_empty() {
            settings.name
        } else {
            settings.short_name
        };
        Ok(App {
            store,
            opts,
            screen: Screen::Login(LoginState::new(settings.demo)),
            overlay: None,
            status: Status::default(),
            actor: None,
            history: History::default(),
            pending: Vec::new(),
            size,
            school,
            quit: false,
        })
    }

    pub fn mode(&self) -> Mode {
        if let Some(o) = &self.overlay {
            return o.mode();
        }
        match &self.screen {
            Screen::Login(_) | Screen::NewPassword(_) => Mode::Login,
            Screen::Today(_) | Screen::Notice(_) => Mode::Today,
            Screen::Grid(_) => Mode::Grid,
            Screen::Diary(_) => Mode::Diary,
            Screen::Menu(_)
            | Screen::Audit(_)
            | Screen::Users(_)
            | Screen::YearClose(_)
            | Screen::Classes(_) => Mode::List,
            Screen::Class(_) => Mode::Class,
        }
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Status {
            text: text.into(),
            error: false,
        };
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Status {
            text: text.into(),
            error: true,
        };
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.follow();
    }

    fn follow(&mut self) {
        let (w, h) = self.size;
        if let Screen::Grid(g) = &mut self.screen {
            g.follow_cursor(w, h);
        }
    }

    /// The text field that typed characters go to, if any.
    fn text_field(&mut self) -> Option<&mut TextField> {
        match (&mut self.overlay, &mut self.screen) {
            (Some(Overlay::Comment { field, .. }), _) => Some(field),
            (None, Screen::Login(l)) => Some(l.field()),
            (None, Screen::NewPassword(p)) => Some(p.field()),
            (Some(Overlay::Form(form)), _) => form.field(),
            _ => None,
        }
    }

    pub fn handle_key(&mut self, ev: KeyEvent) {
        if ev.kind == KeyEventKind::Release {
            return;
        }
        let mode = self.mode();
        let plain = !ev
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if self.pending.is_empty() && plain {
            let bound = |c| self.opts.keymap.is_bound(mode, c);
            match ev.code {
                KeyCode::Char(c) if !bound(c) => {
                    if let Some(f) = self.text_field() {
                        f.insert(c);
                        return;
                    }
                }
                KeyCode::Backspace | KeyCode::Left | KeyCode::Right
                    if matches!(mode, Mode::Login | Mode::Text) =>
                {
                    if let Some(f) = self.text_field() {
                        match ev.code {
                            KeyCode::Backspace => {
                                f.backspace();
                            }
                            KeyCode::Left => f.left(),
                            _ => f.right(),
                        }
                        return;
                    }
                }
                _ => {}
            }
        }
        // In the grid a digit or an attendance letter is input unless the keymap binds
        // that very key (vim's `j` is «down», yet a typed `о` is still «late»).
        if let (Mode::Grid, KeyCode::Char(c), true, true) =
            (mode, ev.code, plain, self.pending.is_empty())
            && !self.opts.keymap.is_bound(mode, c)
            && self.is_grid_input(c)
        {
            self.unbound(ev);
            self.follow();
            return;
        }
        let keymap = &self.opts.keymap;
        match keymap.resolve(mode, &mut self.pending, &ev) {
            Resolved::Action(a) => self.dispatch(a),
            Resolved::Pending => self.info(pick("…", "…")),
            Resolved::Unbound => self.unbound(ev),
        }
        self.follow();
    }

    fn is_grid_input(&self, c: char) -> bool {
        let Screen::Grid(g) = &self.screen else {
            return false;
        };
        c.is_ascii_digit() || g.codes.find(&c.to_string()).is_ok()
    }

    /// A key no binding takes: in the grid a digit is a mark and a letter may be an
    /// attendance code; elsewhere it is said to do nothing.
    fn unbound(&mut self, ev: KeyEvent) {
        if let (None, Screen::Grid(_), KeyCode::Char(c)) = (&self.overlay, &self.screen, ev.code)
            && !ev
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            if let Some(d) = c.to_digit(10) {
                match MarkValue::new(i64::from(d)) {
                    Ok(v) => self.grid_entry(|ctx, g| entry::put_mark(ctx, g, v, false)),
                    Err(e) => self.error(e.to_string()),
                }
                return;
            }
            let mut matched = true;
            self.grid_entry(|ctx, g| match entry::put_code(ctx, g, c)? {
                Some(e) => Ok(e),
                None => {
                    matched = false;
                    Ok(Entry::Info(String::new()))
                }
            });
            if matched {
                return;
            }
        }
        self.nothing_here(&ev);
    }

    fn nothing_here(&mut self, ev: &KeyEvent) {
        let key = KeyChord::from_event(ev).to_string();
        self.info(tr!(
            "«{}» здесь ничего не делает · F1 — клавиши",
            "«{}» does nothing here · F1 for keys",
            key
        ));
    }

    /// Runs a grid entry with the store, the user and the undo history, then shows
    /// the outcome and moves the cursor on after a saved entry.
    fn grid_entry(&mut self, f: impl FnOnce(&mut Ctx, &mut GridState) -> Result<Entry, String>) {
        let (Screen::Grid(g), Some(actor)) = (&mut self.screen, &self.actor) else {
            return;
        };
        let mut ctx = Ctx {
            store: &mut self.store,
            actor,
            history: &mut self.history,
        };
        let result = f(&mut ctx, g);
        match result {
            Ok(Entry::Saved(text)) => {
                match self.opts.advance {
                    Advance::Down => {
                        g.row = (g.row + 1).min(g.page.students.len().saturating_sub(1))
                    }
                    Advance::Right => {
                        g.col = (g.col + 1).min(g.page.lessons.len().saturating_sub(1))
                    }
                    Advance::Stay => {}
                }
                self.info(text);
            }
            Ok(Entry::Info(text)) if text.is_empty() => {}
            Ok(Entry::Info(text)) => self.info(text),
            Ok(Entry::Confirm { question, pending }) => {
                self.overlay = Some(Overlay::Confirm {
                    question,
                    ask: Ask::Grid(pending),
                });
            }
            Err(e) => self.error(e),
        }
    }

    /// Same as `grid_entry`, without moving the cursor (undo, work type, …).
    fn grid_edit(&mut self, f: impl FnOnce(&mut Ctx, &mut GridState) -> Result<Entry, String>) {
        let advance = std::mem::replace(&mut self.opts.advance, Advance::Stay);
        self.grid_entry(f);
        self.opts.advance = advance;
    }

    pub fn dispatch(&mut self, action: Action) {
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
        match &self.screen {
            Screen::Login(_) => self.login_action(action),
            Screen::NewPassword(_) => self.new_password_action(action),
            Screen::Diary(_) => self.diary_action(action),
            Screen::Menu(_)
            | Screen::Audit(_)
            | Screen::Users(_)
            | Screen::YearClose(_)
            | Screen::Classes(_) => self.admin_action(action),
            Screen::Class(_) => self.class_action(action),
            Screen::Today(_) => self.today_action(action),
            Screen::Grid(_) => self.grid_action(action),
            Screen::Notice(_) => match action {
                Action::Back => self.back_to_login(),
                _ => self.not_here(action),
            },
        }
    }

    fn not_here(&mut self, action: Action) {
        self.info(tr!(
            "«{}» здесь недоступно",
            "«{}» is not available here",
            action.describe()
        ));
    }

    fn logout(&mut self) {
        if let Some(a) = self.actor.take()
            && self.store.read_only().is_none()
        {
            // The session's end is worth recording; failing to is not worth a message.
            let _ = self.store.logout(&a);
        }
        self.history = History::default();
    }

    fn back_to_login(&mut self) {
        self.logout();
        let demo = self.store.settings().map(|s| s.demo).unwrap_or(false);
        self.screen = Screen::Login(LoginState::new(demo));
        self.info(pick("вы вышли", "logged out"));
    }

    fn login_action(&mut self, action: Action) {
        let Screen::Login(l) = &mut self.screen else {
            return;
        };
        match action {
            Action::NextField | Action::PrevField | Action::Up | Action::Down => {
                l.focus = 1 - l.focus
            }
            Action::Confirm if l.focus == 0 => l.focus = 1,
            Action::Confirm => {
                let (login, password) = (l.login.text(), l.password.text());
                match self.store.authenticate(&login, &password) {
                    Ok(session) if session.must_change_password => {
                        self.screen = Screen::NewPassword(NewPasswordState::new(session.actor));
                        self.info(pick(
                            "вход по одноразовому паролю: придумайте свой",
                            "logged in with a one-time password: choose your own",
                        ));
                    }
                    Ok(session) => self.signed_in(session.actor),
                    Err(e) => {
                        if let LoginError::Wrong { failures } = e {
                            // Each failure in a row answers later: guessing gets slow.
                            std::thread::sleep(failure_delay(failures, self.opts.login_delay));
                        }
                        if let Screen::Login(l) = &mut self.screen {
                            l.error = Some(e.to_string());
                            l.password = TextField::secret();
                        }
                    }
                }
            }
            Action::Back => self.info(pick("Ctrl-Q — выход", "Ctrl-Q to quit")),
            _ => self.not_here(action),
        }
    }

    fn new_password_action(&mut self, action: Action) {
        let Screen::NewPassword(p) = &mut self.screen else {
            return;
        };
        match action {
            Action::NextField | Action::PrevField | Action::Up | Action::Down => {
                p.focus = 1 - p.focus
            }
            Action::Confirm if p.focus == 0 => p.focus = 1,
            Action::Confirm => {
                let (new, repeat) = (p.new.text(), p.repeat.text());
                if new != repeat {
                    p.error = Some(pick("пароли не совпадают", "the passwords differ").to_string());
                    p.repeat = TextField::secret();
                    return;
                }
                let actor = p.actor.clone();
                match self.store.change_password(&actor, &new) {
                    Ok(()) => {
                        self.signed_in(actor);
                        self.info(pick("пароль изменён", "password changed"));
                    }
                    Err(e) => {
                        if let Screen::NewPassword(p) = &mut self.screen {
                            p.error = Some(e.to_string());
                            p.new = TextField::secret();
                            p.repeat = TextField::secret();
                            p.focus = 0;
                        }
                    }
                }
            }
            // Leaving without a new password logs out: the one-time password stays.
            Action::Back => self.back_to_login(),
            _ => self.not_here(action),
        }
    }

    fn signed_in(&mut self, actor: Actor) {
        self.status = Status::default();
        let tools = Tool::for_actor(&actor);
        let teaches = actor.has(crate::domain::roles::Role::Teacher)
            || actor.has(crate::domain::roles::Role::ClassTeacher);
        match actor.staff_id {
            Some(_) if !tools.is_empty() && !teaches => {
                self.screen = Screen::Menu(MenuState {
                    tools,
                    selected: 0,
                    from_today: false,
                });
            }
            None if actor.has(crate::domain::roles::Role::Admin) => {
                self.screen = Screen::Menu(MenuState {
                    tools,
                    selected: 0,
                    from_today: false,
                });
            }
            Some(staff) => {
                let name = self
                    .store
                    .actor_display_name(&actor)
                    .unwrap_or_else(|_| actor.login.clone());
                match TodayState::load(&self.store, staff, name, self.store.today()) {
                    Ok(t) => self.screen = Screen::Today(t),
                    Err(e) => self.error(e.to_string()),
                }
            }
            None => match DiaryState::load(&self.store, &actor, self.store.today()) {
                Ok(Some(d)) => self.screen = Screen::Diary(Box::new(d)),
                Ok(None) => {
                    self.screen = Screen::Notice(
                        pick(
                            "К вашей учётной записи не привязан ни один ученик. Обратитесь к администратору. Esc — выйти.",
                            "No student is linked to your account. Ask the administrator. Esc to log out.",
                        )
                        .to_string(),
                    )
                }
                Err(e) => self.error(e.to_string()),
            },
        }
        self.actor = Some(actor);
    }

    fn diary_action(&mut self, action: Action) {
        let (Screen::Diary(d), Some(actor)) = (&mut self.screen, &self.actor) else {
            return;
        };
        let reload = match action {
            Action::PrevWeek | Action::NextWeek => {
                d.shift_week(action == Action::NextWeek);
                true
            }
            Action::NextChild => {
                if d.students.len() < 2 {
                    return self.info(pick("другого ребёнка нет", "there is no other child"));
                }
                d.current = (d.current + 1) % d.students.len();
                d.scroll = 0;
                true
            }
            Action::ToggleSummary => {
                d.summary = !d.summary;
                d.scroll = 0;
                false
            }
            Action::PrevPeriod | Action::NextPeriod => {
                let Ok(year) = self.store.current_year() else {
                    return;
                };
                let Ok(cal) = self.store.calendar(year.id) else {
                    return;
                };
                let now = d.diary.period.as_ref().map(|p| p.num).unwrap_or(1);
                let want = if action == Action::NextPeriod {
                    now + 1
                } else {
                    now - 1
                };
                let Some(p) = cal.period_by_num(want).cloned() else {
                    return self.info(pick(
                        "других периодов в этом году нет",
                        "no other period this year",
                    ));
                };
                if !(p.start..=p.end).contains(&d.date) {
                    d.date = p.start;
                }
                d.period = Some(p);
                d.summary = true;
                true
            }
            Action::Up => {
                d.scroll = d.scroll.saturating_sub(1);
                false
            }
            Action::Down => {
                d.scroll += 1;
                false
            }
            Action::PageUp => {
                d.scroll = d.scroll.saturating_sub(10);
                false
            }
            Action::PageDown => {
                d.scroll += 10;
                false
            }
            Action::Home => {
                d.scroll = 0;
                false
            }
            Action::Back => return self.back_to_login(),
            _ => return self.not_here(action),
        };
        if reload && let Err(e) = d.reload(&self.store, actor) {
            self.error(e.to_string());
        }
    }

    fn answer(&mut self, ask: Ask) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        match ask {
            Ask::Grid(pending) => self.grid_entry(|ctx, g| entry::confirm(ctx, g, pending)),
            Ask::ResetPassword(login) => match self.store.reset_password(&actor, &login) {
                Ok(otp) => {
                    self.overlay = Some(Overlay::Message {
                        title: pick("Одноразовый пароль", "One-time password").into(),
                        text: tr!(
                            "Новый одноразовый пароль для «{}»: {}  — показывается один раз; при входе его нужно сменить.",
                            "New one-time password for «{}»: {}  — shown once; it must be changed at login.",
                            login,
                            otp
                        ),
                    });
                    self.reload_users();
                }
                Err(e) => self.error(e.to_string()),
            },
            Ask::SetActive(login, active) => {
                match self.store.set_user_active(&actor, &login, active) {
                    Ok(()) => {
                        self.info(if active {
                            tr!("«{}» включён(а)", "«{}» enabled", login)
                        } else {
                            tr!("«{}» отключён(а)", "«{}» disabled", login)
                        });
                        self.reload_users();
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Ask::CloseYear => {
                let Screen::YearClose(y) = &self.screen else {
                    return;
                };
                let opts = y.options();
                match self.store.close_year(&actor, &opts) {
                    Ok(done) => {
                        self.overlay = Some(Overlay::Message {
                            title: Tool::YearClose.title().into(),
                            text: tr!(
                                "Учебный год {} закрыт, открыт {}. Архив: {}",
                                "School year {} closed, {} opened. Archive: {}",
                                done.year,
                                done.next_year,
                                done.archive_path.display()
                            ),
                        });
                        self.open_tool(Tool::YearClose);
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
        }
    }

    fn reload_users(&mut self) {
        let (Screen::Users(u), Some(actor)) = (&mut self.screen, &self.actor) else {
            return;
        };
        let selected = u.selected;
        match UsersState::load(&self.store, actor) {
            Ok(mut fresh) => {
                fresh.selected = selected.min(fresh.rows.len().saturating_sub(1));
                *u = fresh;
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    fn submit_form(&mut self, mut form: FormState) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let result: Result<(), String> = match form.purpose {
            FormPurpose::AuditFilter => match AuditState::load(&self.store, &actor, &form.value(0))
            {
                Ok(a) => {
                    self.screen = Screen::Audit(Box::new(a));
                    Ok(())
                }
                Err(e) => Err(e),
            },
            FormPurpose::NewUser => self.create_user(&actor, &form),
            FormPurpose::Arrival(_)
            | FormPurpose::Departure(_)
            | FormPurpose::Transfer(_)
            | FormPurpose::ClassTeacher(_) => self.movement(&actor, &form),
        };
        if let Err(e) = result {
            form.error = Some(e);
            self.overlay = Some(Overlay::Form(form));
        }
    }

    fn create_user(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        use crate::store::accounts::NewUser;
        let login = form.value(0);
        let parts: Vec<String> = form
            .value(1)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let name = crate::domain::names::FullName::new(
            parts.first().map(String::as_str).unwrap_or(""),
            parts.get(1).map(String::as_str).unwrap_or(""),
            &parts.get(2..).map(|p| p.join(" ")).unwrap_or_default(),
        );
        let mut roles = Vec::new();
        for r in form
            .value(2)
            .split([',', ' '])
            .filter(|r| !r.trim().is_empty())
        {
            roles.push(
                crate::domain::roles::Role::parse(r)
                    .ok_or_else(|| tr!("неизвестная роль «{}»", "unknown role «{}»", r.trim()))?,
            );
        }
        let student = form.value(3);
        let student_id = if student.trim().is_empty() {
            None
        } else {
            Some(
                self.store
                    .find_student(&student)
                    .map_err(|e| e.to_string())?
                    .0,
            )
        };
        let otp = self
            .store
            .add_user(
                actor,
                &NewUser {
                    login: login.clone(),
                    name,
                    roles,
                    student_id,
                },
            )
            .map_err(|e| e.to_string())?;
        self.overlay = Some(Overlay::Message {
            title: pick("Учётная запись создана", "Account created").into(),
            text: tr!(
                "«{}»: одноразовый пароль {}  — показывается один раз; при входе его нужно сменить.",
                "«{}»: one-time password {}  — shown once; it must be changed at login.",
                login,
                otp
            ),
        });
        self.reload_users();
        Ok(())
    }

    /// A class's screen: moving about, and the forms for movement by order.
    fn class_action(&mut self, action: Action) {
        let Screen::Class(c) = &mut self.screen else {
            return;
        };
        let last = c.students.len().saturating_sub(1);
        let today = self.store.today().format("%d.%m.%Y").to_string();
        let selected = c.students.get(c.selected).map(|s| (s.id, s.name.full()));
        let class_id = c.class.id;
        match action {
            Action::Up => c.selected = c.selected.saturating_sub(1),
            Action::Down => c.selected = (c.selected + 1).min(last),
            Action::PageUp => c.selected = c.selected.saturating_sub(15),
            Action::PageDown => c.selected = (c.selected + 15).min(last),
            Action::Home => c.selected = 0,
            Action::End => c.selected = last,
            Action::Back => self.open_tool(Tool::Classes),
            Action::New => self.overlay = Some(Overlay::Form(FormState::arrival(class_id, &today))),
            Action::ClassTeacher => {
                self.overlay = Some(Overlay::Form(FormState::class_teacher(class_id)))
            }
            Action::Depart | Action::Transfer | Action::Details => {
                let Some((id, name)) = selected else {
                    return self.info(pick("в классе нет учеников", "the class has no students"));
                };
                self.overlay = Some(match action {
                    Action::Depart => Overlay::Form(FormState::departure(id, &today)),
                    Action::Transfer => Overlay::Form(FormState::transfer(id, &today)),
                    _ => {
                        let lines = match self.store.stays(id) {
                            Ok(stays) => stays
                                .iter()
                                .map(|s| s.describe())
                                .collect::<Vec<_>>()
                                .join("\n"),
                            Err(e) => e.to_string(),
                        };
                        Overlay::Message {
                            title: name,
                            text: lines,
                        }
                    }
                });
            }
            _ => self.not_here(action),
        }
    }

    /// Arrival, departure, transfer or a class teacher, from a form.
    fn movement(&mut self, actor: &Actor, form: &FormState) -> Result<(), String> {
        let e = |e: crate::store::StoreError| e.to_string();
        let date = |s: String| {
            crate::domain::calendar::parse_date(&s)
                .ok_or_else(|| tr!("«{}» — не дата", "«{}» is not a date", s))
        };
        let groups = |s: String| {
            s.split([',', ' '])
                .filter(|g| !g.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let (class_id, message) = match form.purpose {
            FormPurpose::Arrival(class_id) => {
                let parts: Vec<String> = form
                    .value(0)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect();
                let name = crate::domain::names::FullName::new(
                    parts.first().map(String::as_str).unwrap_or(""),
                    parts.get(1).map(String::as_str).unwrap_or(""),
                    &parts.get(2..).map(|p| p.join(" ")).unwrap_or_default(),
                );
                if name.first.is_empty() {
                    return Err(
                        pick("укажите фамилию и имя", "give the last and first name").into(),
                    );
                }
                let birth = match form.value(1).trim() {
                    "" => None,
                    b => Some(date(b.to_string())?),
                };
                let id = self
                    .store
                    .arrive_student(
                        actor,
                        &name,
                        birth,
                        class_id,
                        date(form.value(2))?,
                        &form.value(3),
                    )
                    .map_err(e)?;
                let g = groups(form.value(4));
                if !g.is_empty() {
                    self.store
                        .set_student_groups(actor, id, class_id, &g)
                        .map_err(e)?;
                }
                (
                    class_id,
                    tr!(
                        "{} прибыл(а) в класс",
                        "{} arrived in the class",
                        name.full()
                    ),
                )
            }
            FormPurpose::Departure(student) => {
                self.store
                    .depart_student(actor, student, date(form.value(0))?, &form.value(1))
                    .map_err(e)?;
                let Screen::Class(c) = &self.screen else {
                    return Ok(());
                };
                (
                    c.class.id,
                    pick("выбытие оформлено", "departure recorded").to_string(),
                )
            }
            FormPurpose::Transfer(student) => {
                let (to, name) = self.store.class_by_name(&form.value(0)).map_err(e)?;
                self.store
                    .transfer_student(actor, student, to, date(form.value(1))?, &form.value(2))
                    .map_err(e)?;
                let g = groups(form.value(3));
                if !g.is_empty() {
                    self.store
                        .set_student_groups(actor, student, to, &g)
                        .map_err(e)?;
                }
                let Screen::Class(c) = &self.screen else {
                    return Ok(());
                };
                (c.class.id, tr!("переведён(а) в {}", "moved to {}", name))
            }
            FormPurpose::ClassTeacher(class_id) => {
                let login = form.value(0);
                let login = (login.trim() != "-").then_some(login);
                self.store
                    .set_class_teacher(actor, class_id, login.as_deref())
                    .map_err(e)?;
                (
                    class_id,
                    pick("классный руководитель изменён", "class teacher changed").to_string(),
                )
            }
            _ => return Ok(()),
        };
        match ClassState::load(&self.store, class_id) {
            Ok(cs) => self.screen = Screen::Class(cs),
            Err(err) => return Err(err.to_string()),
        }
        self.info(message);
        Ok(())
    }

    fn open_tool(&mut self, tool: Tool) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let opened = match tool {
            Tool::Audit => {
                AuditState::load(&self.store, &actor, "").map(|a| Screen::Audit(Box::new(a)))
            }
            Tool::Users => UsersState::load(&self.store, &actor)
                .map(Screen::Users)
                .map_err(|e| e.to_string()),
            Tool::YearClose => YearCloseState::load(&self.store, true).map(Screen::YearClose),
            Tool::Classes => ClassesState::load(&self.store)
                .map(Screen::Classes)
                .map_err(|e| e.to_string()),
        };
        match opened {
            Ok(s) => self.screen = s,
            Err(e) => self.error(e),
        }
    }

    fn admin_action(&mut self, action: Action) {
        let len = match &self.screen {
            Screen::Menu(m) => m.tools.len(),
            Screen::Audit(a) => a.rows.len(),
            Screen::Users(u) => u.rows.len(),
            Screen::YearClose(y) => y.lines.len(),
            Screen::Classes(c) => c.rows.len(),
            _ => 0,
        };
        let last = len.saturating_sub(1);
        let sel = match &mut self.screen {
            Screen::Menu(m) => &mut m.selected,
            Screen::Audit(a) => &mut a.selected,
            Screen::Users(u) => &mut u.selected,
            Screen::YearClose(y) => &mut y.scroll,
            Screen::Classes(c) => &mut c.selected,
            _ => return,
        };
        match action {
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Down => *sel = (*sel + 1).min(last),
            Action::PageUp => *sel = sel.saturating_sub(15),
            Action::PageDown => *sel = (*sel + 15).min(last),
            Action::Home => *sel = 0,
            Action::End => *sel = last,
            Action::Back => match &self.screen {
                Screen::Menu(m) if m.from_today => {
                    let Some(actor) = &self.actor else { return };
                    let teacher = self.store.actor_display_name(actor).unwrap_or_default();
                    match TodayState::load(
                        &self.store,
                        actor.staff_id.unwrap_or(0),
                        teacher,
                        self.store.today(),
                    ) {
                        Ok(t) => self.screen = Screen::Today(t),
                        Err(e) => self.error(e.to_string()),
                    }
                }
                Screen::Menu(_) => self.back_to_login(),
                _ => {
                    let tools = self.actor.as_ref().map(Tool::for_actor).unwrap_or_default();
                    let from_today = self
                        .actor
                        .as_ref()
                        .is_some_and(|a| a.has(crate::domain::roles::Role::Teacher));
                    self.screen = Screen::Menu(MenuState {
                        tools,
                        selected: 0,
                        from_today,
                    });
                }
            },
            Action::Confirm => match &self.screen {
                Screen::Menu(m) => {
                    if let Some(t) = m.tools.get(m.selected).copied() {
                        self.open_tool(t);
                    }
                }
                Screen::Classes(c) => {
                    let Some(row) = c.rows.get(c.selected) else {
                        return;
                    };
                    match ClassState::load(&self.store, row.id) {
                        Ok(cs) => self.screen = Screen::Class(cs),
                        Err(e) => self.error(e.to_string()),
                    }
                }
                Screen::YearClose(y) => {
                    let question = tr!(
                        "Закрыть учебный год {}? Будет сделан архив, открыт {} и ученики переведены.",
                        "Close the school year {}? It will be archived, {} opened and the students promoted.",
                        y.preview.year,
                        y.preview.next_year
                    );
                    self.overlay = Some(Overlay::Confirm {
                        question,
                        ask: Ask::CloseYear,
                    });
                }
                _ => self.not_here(action),
            },
            Action::Filter => match &self.screen {
                Screen::Audit(a) => {
                    self.overlay = Some(Overlay::Form(FormState::audit_filter(&a.filter_text)))
                }
                _ => self.not_here(action),
            },
            Action::New => match &self.screen {
                Screen::Users(_) => self.overlay = Some(Overlay::Form(FormState::new_user())),
                _ => self.not_here(action),
            },
            // In the year-close preview F4 switches carrying the courses over.
            Action::ToggleActive if matches!(self.screen, Screen::YearClose(_)) => {
                let Screen::YearClose(y) = &self.screen else {
                    return;
                };
                match YearCloseState::load(&self.store, !y.carry_courses) {
                    Ok(fresh) => self.screen = Screen::YearClose(fresh),
                    Err(e) => self.error(e),
                }
            }
            Action::ResetPassword | Action::ToggleActive => {
                let Screen::Users(u) = &self.screen else {
                    return self.not_here(action);
                };
                let Some(row) = u.rows.get(u.selected) else {
                    return;
                };
                let login = row.login.clone();
                let (question, ask) = if action == Action::ResetPassword {
                    (
                        tr!(
                            "Выдать «{}» новый одноразовый пароль?",
                            "Give «{}» a new one-time password?",
                            login
                        ),
                        Ask::ResetPassword(login),
                    )
                } else if row.active {
                    (
                        tr!("Отключить «{}»?", "Disable «{}»?", login),
                        Ask::SetActive(login, false),
                    )
                } else {
                    (
                        tr!("Включить «{}»?", "Enable «{}»?", login),
                        Ask::SetActive(login, true),
                    )
                };
                self.overlay = Some(Overlay::Confirm { question, ask });
            }
            _ => self.not_here(action),
        }
    }

    fn today_action(&mut self, action: Action) {
        let Screen::Today(t) = &mut self.screen else {
            return;
        };
        let last = t.len().saturating_sub(1);
        match action {
            Action::Up => t.selected = t.selected.saturating_sub(1),
            Action::Down => t.selected = (t.selected + 1).min(last),
            Action::PageUp => t.selected = t.selected.saturating_sub(10),
            Action::PageDown => t.selected = (t.selected + 10).min(last),
            Action::Home => t.selected = 0,
            Action::End => t.selected = last,
            Action::Back => self.back_to_login(),
            Action::Menu => {
                let tools = self.actor.as_ref().map(Tool::for_actor).unwrap_or_default();
                if tools.is_empty() {
                    return self.info(pick(
                        "меню администрации — для завуча, директора и администратора",
                        "the administration menu is for deputies, the director and the administrator",
                    ));
                }
                self.screen = Screen::Menu(MenuState {
                    tools,
                    selected: 0,
                    from_today: true,
                });
            }
            Action::Confirm => {
                if t.is_empty() {
                    return self.info(pick("у вас нет курсов", "you have no courses"));
                }
                let today = self.store.today();
                let (course, date, focus) = match t.lessons.get(t.selected) {
                    Some(l) => (l.course_id, t.date, Some(l.lesson_id)),
                    None => (t.courses[t.selected - t.lessons.len()].id, today, None),
                };
                let Some(actor) = &self.actor else { return };
                match GridState::load(&self.store, actor, course, date, focus, today) {
                    Ok(g) => {
                        self.screen = Screen::Grid(Box::new(g));
                        self.grid_hint();
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            _ => self.not_here(action),
        }
    }

    fn grid_hint(&mut self) {
        let Screen::Grid(g) = &self.screen else {
            return;
        };
        let codes = g
            .codes
            .0
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let text = if g.grade() == 1 {
            tr!(
                "1 класс: только посещаемость ({})",
                "grade 1: attendance only ({})",
                codes
            )
        } else {
            tr!(
                "1–5 отметка · {} посещаемость · Enter — вниз · F2 — подробно",
                "1–5 mark · {} attendance · Enter — down · F2 — details",
                codes
            )
        };
        self.info(text);
    }

    fn grid_action(&mut self, action: Action) {
        let (_, height) = self.size;
        let page = super::grid::layout::row_capacity(height).max(1);
        let Screen::Grid(g) = &mut self.screen else {
            return;
        };
        let rows = g.page.students.len().saturating_sub(1);
        let cols = g.page.lessons.len().saturating_sub(1);
        match action {
            Action::Up => g.row = g.row.saturating_sub(1),
            Action::Down => g.row = (g.row + 1).min(rows),
            Action::Left => g.col = g.col.saturating_sub(1),
            Action::Right => g.col = (g.col + 1).min(cols),
            Action::PageUp => g.row = g.row.saturating_sub(page),
            Action::PageDown => g.row = (g.row + page).min(rows),
            Action::Home => g.col = 0,
            Action::End => g.col = cols,
            Action::JumpToday => {
                g.col = g.today_column();
                if !g.page.lessons.iter().any(|l| l.date == g.today) {
                    self.info(pick(
                        "сегодня урока нет — курсор на последнем прошедшем",
                        "no lesson today: the cursor is on the last one held",
                    ));
                }
            }
            Action::PrevPeriod | Action::NextPeriod => {
                let next = if action == Action::NextPeriod {
                    (g.period_idx + 1 < g.periods.len()).then_some(g.period_idx + 1)
                } else {
                    g.period_idx.checked_sub(1)
                };
                let Some(idx) = next else {
                    return self.info(pick(
                        "других периодов в этом году нет",
                        "no other period this year",
                    ));
                };
                g.period_idx = idx;
                let Some(actor) = &self.actor else { return };
                match g.reload(&self.store, actor) {
                    Ok(()) => {
                        g.col = g.today_column().min(g.page.lessons.len().saturating_sub(1));
                        g.col_offset = 0;
                        let name = g.period().name.clone();
                        self.info(name);
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::Back => {
                let Some(actor) = &self.actor else { return };
                let (staff, name) = (actor.staff_id.unwrap_or(0), actor.login.clone());
                let teacher = self.store.actor_display_name(actor).unwrap_or(name);
                let date = self.store.today();
                match TodayState::load(&self.store, staff, teacher, date) {
                    Ok(t) => self.screen = Screen::Today(t),
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::DeleteLastMark => self.grid_edit(entry::delete_last),
            Action::ClearCell => self.grid_edit(entry::clear_cell),
            Action::AllPresent => self.grid_edit(entry::all_present),
            Action::Undo => self.grid_edit(|c, g| entry::undo_redo(c, g, false)),
            Action::Redo => self.grid_edit(|c, g| entry::undo_redo(c, g, true)),
            Action::CycleWorkType => self.grid_edit(|c, g| entry::cycle_work_type(c, g, None)),
            Action::Details => self.open_details(false),
            Action::Comment => self.open_details(true),
            _ => self.not_here(action),
        }
    }

    fn details_of(&self, lesson_id: i64, student_id: i64) -> Result<DetailsState, String> {
        let Screen::Grid(g) = &self.screen else {
            return Err(String::new());
        };
        let name = g
            .page
            .students
            .iter()
            .find(|s| s.id == student_id)
            .map(|s| s.name.full())
            .unwrap_or_default();
        let date = g
            .page
            .lessons
            .iter()
            .find(|l| l.id == lesson_id)
            .map(|l| l.date.format("%d.%m.%Y").to_string())
            .unwrap_or_default();
        Ok(DetailsState {
            lesson_id,
            student_id,
            title: format!("{name} · {date}"),
            marks: self
                .store
                .mark_details(lesson_id, student_id)
                .map_err(|e| e.to_string())?,
            history: self
                .store
                .cell_history(lesson_id, student_id)
                .map_err(|e| e.to_string())?,
            selected: 0,
        })
    }

    fn open_details(&mut self, comment: bool) {
        let Screen::Grid(g) = &self.screen else {
            return;
        };
        let Some((lesson_id, student_id)) = g.cell() else {
            return self.info(pick("здесь нет клетки", "no cell here"));
        };
        match self.details_of(lesson_id, student_id) {
            Ok(mut d) => {
                d.selected = d.marks.len().saturating_sub(1);
                match (comment, d.marks.last()) {
                    (false, _) => self.overlay = Some(Overlay::Details(d)),
                    (true, Some(m)) => {
                        self.overlay = Some(Overlay::Comment {
                            field: TextField::new(&m.record.comment),
                            mark_id: m.record.id,
                            details: d,
                        })
                    }
                    (true, None) => self.info(pick(
                        "в клетке нет отметки для комментария",
                        "the cell has no mark to comment on",
                    )),
                }
            }
            Err(e) => self.error(e),
        }
    }

    fn overlay_action(&mut self, action: Action) {
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        match overlay {
            Overlay::Help { mode, scroll } => match action {
                Action::Back | Action::Help | Action::Confirm => {}
                Action::Up => {
                    self.overlay = Some(Overlay::Help {
                        mode,
                        scroll: scroll.saturating_sub(1),
                    })
                }
                Action::Down => {
                    self.overlay = Some(Overlay::Help {
                        mode,
                        scroll: scroll + 1,
                    })
                }
                Action::PageUp => {
                    self.overlay = Some(Overlay::Help {
                        mode,
                        scroll: scroll.saturating_sub(10),
                    })
                }
                Action::PageDown => {
                    self.overlay = Some(Overlay::Help {
                        mode,
                        scroll: scroll + 10,
                    })
                }
                Action::Home => self.overlay = Some(Overlay::Help { mode, scroll: 0 }),
                _ => self.overlay = Some(Overlay::Help { mode, scroll }),
            },
            Overlay::Confirm { question, ask } => match action {
                Action::Confirm => self.answer(ask),
                Action::Back => self.info(pick(
                    "отменено — ничего не изменено",
                    "cancelled: nothing changed",
                )),
                _ => {
                    self.overlay = Some(Overlay::Confirm { question, ask });
                    self.info(pick("Enter — да, Esc — нет", "Enter — yes, Esc — no"));
                }
            },
            Overlay::Message { title, text } => match action {
                Action::Confirm | Action::Back => {}
                _ => self.overlay = Some(Overlay::Message { title, text }),
            },
            Overlay::Form(mut form) => match action {
                Action::NextField | Action::Down => {
                    form.focus = (form.focus + 1) % form.fields.len().max(1);
                    self.overlay = Some(Overlay::Form(form));
                }
                Action::PrevField | Action::Up => {
                    form.focus =
                        (form.focus + form.fields.len().max(1) - 1) % form.fields.len().max(1);
                    self.overlay = Some(Overlay::Form(form));
                }
                Action::Confirm if form.focus + 1 < form.fields.len() => {
                    form.focus += 1;
                    self.overlay = Some(Overlay::Form(form));
                }
                Action::Confirm => self.submit_form(form),
                Action::Back => self.info(pick(
                    "отменено — ничего не изменено",
                    "cancelled: nothing changed",
                )),
                _ => self.overlay = Some(Overlay::Form(form)),
            },
            Overlay::Details(mut d) => match action {
                Action::Back | Action::Confirm => {}
                Action::Up => {
                    d.selected = d.selected.saturating_sub(1);
                    self.overlay = Some(Overlay::Details(d));
                }
                Action::Down => {
                    d.selected = (d.selected + 1).min(d.marks.len().saturating_sub(1));
                    self.overlay = Some(Overlay::Details(d));
                }
                Action::CycleWorkType => {
                    let mark = d.marks.get(d.selected).map(|m| m.record.id);
                    if mark.is_none() {
                        self.overlay = Some(Overlay::Details(d));
                        return self.info(pick("в клетке нет отметки", "the cell has no mark"));
                    }
                    self.grid_edit(|c, g| entry::cycle_work_type(c, g, mark));
                    self.reopen_details(&d);
                }
                Action::Comment => match d.marks.get(d.selected) {
                    Some(m) => {
                        self.overlay = Some(Overlay::Comment {
                            field: TextField::new(&m.record.comment),
                            mark_id: m.record.id,
                            details: d,
                        })
                    }
                    None => {
                        self.overlay = Some(Overlay::Details(d));
                        self.info(pick(
                            "в клетке нет отметки для комментария",
                            "the cell has no mark to comment on",
                        ));
                    }
                },
                _ => {
                    self.overlay = Some(Overlay::Details(d));
                    self.not_here(action);
                }
            },
            Overlay::Comment {
                field,
                mark_id,
                details,
            } => match action {
                Action::Confirm => {
                    let text = field.text();
                    let result = self.save_comment(mark_id, &text);
                    self.reopen_details(&details);
                    match result {
                        Ok(()) => self.info(tr!("сохранено: комментарий", "saved: comment")),
                        Err(e) => self.error(e),
                    }
                }
                Action::Back => self.overlay = Some(Overlay::Details(details)),
                _ => {
                    self.overlay = Some(Overlay::Comment {
                        field,
                        mark_id,
                        details,
                    })
                }
            },
        }
    }

    fn save_comment(&mut self, mark_id: i64, text: &str) -> Result<(), String> {
        let Some(actor) = &self.actor else {
            return Ok(());
        };
        let old = self
            .store
            .mark_record(mark_id)
            .map_err(|e| e.to_string())?
            .comment;
        self.store
            .set_mark_comment(actor, mark_id, text)
            .map_err(|e| e.to_string())?;
        if old != text.trim() {
            self.history.push(Change::Comment {
                mark_id,
                old,
                new: text.trim().to_string(),
            });
        }
        Ok(())
    }

    fn reopen_details(&mut self, d: &DetailsState) {
        if let Ok(mut fresh) = self.details_of(d.lesson_id, d.student_id) {
            fresh.selected = d.selected.min(fresh.marks.len().saturating_sub(1));
            self.overlay = Some(Overlay::Details(fresh));
        }
    }
}
