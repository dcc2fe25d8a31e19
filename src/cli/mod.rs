//! The command line: `zhurnal` opens the journal; subcommands do everything else
//! scriptably, through the same rules, permissions and audit as the screens.

/// Prints a line of output. Whatever stored text it quotes is shown harmless: an
/// escape sequence or a C1 control in a name prints as its code, never raw.
macro_rules! say {
    () => {
        $crate::cli::print_out("", true)
    };
    ($($arg:tt)*) => {
        $crate::cli::print_out(&format!($($arg)*), true)
    };
}

/// Prints output as [`say!`] does, with no line break of its own.
macro_rules! say_part {
    ($($arg:tt)*) => {
        $crate::cli::print_out(&format!($($arg)*), false)
    };
}

mod absences;
mod announce;
mod audit;
mod backup;
mod calendar;
mod classes;
mod entry;
mod exam;
mod export;
mod finals;
mod grading;
mod import;
mod lessons;
mod messages;
mod plan;
mod report;
mod screen;
mod serve;
mod users;
mod weekly;
mod work_types;
mod year;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::config::app::{AppConfig, config_path, demo_db_path};
use crate::config::school::School;
use crate::demo::{DemoOptions, build as build_demo};
use crate::domain::audit::Channel;
use crate::domain::calendar::parse_date;
use crate::i18n::{Lang, set_lang};
use crate::store::{Origin, Store, StoreError};
use crate::tr;

#[derive(Debug, Parser)]
#[command(
    name = "zhurnal",
    version,
    about = "Электронный классный журнал / an electronic class journal"
)]
pub struct Cli {
    /// Journal file (SQLite). Default: $ZHURNAL_DB, the config file, else the demo journal.
    #[arg(long, global = true, env = "ZHURNAL_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Treat DATE as today (YYYY-MM-DD), for demos and tests.
    #[arg(long, global = true, env = "ZHURNAL_TODAY", value_name = "DATE", value_parser = cli_date)]
    pub today: Option<NaiveDate>,
    /// Interface language: ru or en.
    #[arg(long, global = true, env = "ZHURNAL_LANG", value_name = "LANG")]
    pub lang: Option<String>,
    /// Act with this user's rights (their login): who enters the data, or whose view a
    /// report takes. Default: the local operator of the file, as an administrator. It is
    /// said, not proved: whoever can open the file can change it anyway.
    #[arg(long = "as", global = true, value_name = "LOGIN")]
    pub as_login: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty journal from a school file.
    Init {
        /// The school's settings (see sample-data/school.toml).
        #[arg(long, value_name = "FILE.toml")]
        school: PathBuf,
        /// First calendar year of the school year (e.g. 2025 for 2025/2026).
        #[arg(long)]
        year: Option<i32>,
    },
    /// Import staff, students, parents, courses, a timetable or a thematic plan.
    Import(import::ImportArgs),
    /// Check the journal's integrity and the domain invariants.
    Check,
    /// Export a journal page.
    Export {
        #[command(subcommand)]
        what: export::ExportWhat,
    },
    /// Add marks to a student's cell of a lesson.
    Mark(entry::MarkArgs),
    /// Set a student's attendance for a lesson (Н, Б, У, О; «-» clears).
    Attend(entry::AttendArgs),
    /// The audit log, newest first, filtered by user, dates, class, subject, action.
    Audit(audit::AuditArgs),
    /// Student movement by order: arrive, depart, transfer, history.
    Student(classes::StudentArgs),
    /// Classes: list, show, teacher.
    Class(classes::ClassArgs),
    /// Courses: teacher.
    Course(classes::CourseArgs),
    /// A course's thematic plan (КТП): show, export, import, fulfilment.
    Plan(plan::PlanArgs),
    /// Assign (or remove) a substitute teacher for one lesson.
    Substitute(lessons::SubstituteArgs),
    /// Extra and cancelled lessons: add, cancel, restore.
    Lesson(lessons::LessonArgs),
    /// A teacher's past lessons without a topic, homework or attendance.
    Gaps(lessons::GapsArgs),
    /// The school's work types and weights: list, add, edit, disable, enable.
    WorkType(work_types::WorkTypeArgs),
    /// Manage accounts: add, passwd, disable, enable, roles, list.
    User(users::UserArgs),
    /// Make a user a parent of a student («7Б Фамилия Имя»).
    LinkParent { parent: String, student: String },
    /// The year's calendar: show; breaks, quarantines, excused and worked days added,
    /// moved or removed during the year, each previewed first.
    Calendar(calendar::CalendarArgs),
    /// Close the school year: archive it, open the next one, promote the students.
    Year {
        #[command(subcommand)]
        what: year::YearCommand,
    },
    /// Control reports: accumulation, quality, attendance, summary, fill, fulfilment, activity
    Report(report::ReportArgs),
    /// A class's week of missed lessons by day and reason (class teacher).
    Absences(absences::AbsencesArgs),
    /// Mark a student's absences excused (Н → У) with the grounds.
    Excuse(absences::ExcuseArgs),
    /// One student's week for the parents, as a page to print (class teacher).
    WeeklyReport(weekly::WeeklyArgs),
    /// A checked copy of the journal, taken while others work; old copies rotated.
    Backup(backup::BackupArgs),
    /// Put a backup in place of the journal (checked first; the current one kept aside).
    Restore(backup::RestoreArgs),
    /// Post an announcement to the school, the staff room, a class or a grade.
    Announce(announce::AnnounceArgs),
    /// The announcements that reach a user, newest first (● unread).
    Announcements(announce::AnnouncementsArgs),
    /// Messages: list, show, send, reply, contacts; review (administrator, audited).
    Message(messages::MessageArgs),
    /// A course's grid as the screen shows it, printed as text.
    Screen(screen::ScreenArgs),
    /// Serve the journal over SSH to every user (their journal accounts log in).
    Serve(serve::ServeArgs),
    /// Set a student's period or year final.
    Final(finals::FinalArgs),
    /// Exempt a student from a subject for a period (освобождение): add, remove, list.
    Exempt(grading::ExemptArgs),
    /// How subjects are assessed (marks, pass/fail, none) and the minimum marks a
    /// period: show, set from the school file.
    Grading(grading::GradingArgs),
    /// Open a closed period again for one course, or close it (deputy, director).
    Period(finals::PeriodArgs),
    /// Assessment events: interim assessment, exams, the interview, the essay, ОГЭ,
    /// ЕГЭ; their results and the final for the year after an exam.
    Exam(exam::ExamArgs),
    /// Build the demo school with a realistic history.
    Demo {
        /// Fill the history up to this date (default: today).
        #[arg(long, value_parser = cli_date)]
        until: Option<NaiveDate>,
        /// Multiply the classes N times (benchmarks).
        #[arg(long, default_value_t = 1)]
        scale: u32,
        /// Random seed: the same seed gives the same journal.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
}

/// How a CSV file is written: `--csv office` (the default: UTF-8 with BOM, `;`, decimal
/// comma, DD.MM.YYYY, for Excel) or `--csv plain` (RFC 4180: `,`, decimal point, ISO
/// dates, for scripts).
#[derive(Debug, Clone, clap::Args)]
pub struct CsvArg {
    /// CSV style: `office` (BOM, `;`, decimal comma, DD.MM.YYYY) or `plain` (RFC 4180:
    /// `,`, decimal point, YYYY-MM-DD).
    #[arg(long = "csv", value_name = "STYLE", default_value = "office", value_parser = csv_style)]
    pub style: crate::export::CsvStyle,
}

fn csv_style(s: &str) -> Result<crate::export::CsvStyle, String> {
    crate::export::CsvStyle::parse(s).ok_or_else(|| {
        tr!(
            "«{}»: стиль CSV — office или plain",
            "«{}»: the CSV style is office or plain",
            s
        )
    })
}

/// Which course: one class's subject, and its group where the class is split.
#[derive(Debug, Clone, clap::Args)]
pub struct CourseArgs {
    #[arg(long)]
    pub class: String,
    #[arg(long)]
    pub subject: String,
    /// The group, when the class is split for this subject.
    #[arg(long)]
    pub group: Option<String>,
}

impl CourseArgs {
    /// The course these name.
    pub fn find(&self, store: &Store) -> Result<crate::store::courses::CourseInfo, String> {
        store
            .find_course(&self.class, &self.subject, self.group.as_deref())
            .map_err(refusal)
    }
}

/// Parses a date as users type it: `2025-11-12` or `12.11.2025`.
/// A store's refusal as the command line says it: the store's words name no flag,
/// so where a flag gives what is missing, it is named here.
pub(crate) fn refusal(e: StoreError) -> String {
    use crate::domain::RuleError;
    use crate::store::Detail;
    let flag = match &e {
        StoreError::Unclear {
            need: Detail::LessonNumber,
            ..
        } => "--lesson",
        StoreError::Unclear {
            need: Detail::Group,
            ..
        } => "--group",
        StoreError::Unclear {
            need: Detail::DropEntered,
            ..
        } => "--drop-entered",
        StoreError::ArchiveExists(_) => "--archive-dir",
        StoreError::NoAccount => "--as",
        StoreError::StudentAccountWithoutStudent => "--student",
        StoreError::Rule(RuleError::CancelReason) => "--reason",
        StoreError::Rule(RuleError::OwnTeacher(_)) => "--remove",
        StoreError::Rule(RuleError::OwnClassOnly) => "--class",
        // What the deputy who may open it runs.
        StoreError::Rule(
            RuleError::PeriodClosed { num, .. }
            | RuleError::PeriodLocked { num, .. }
            | RuleError::FinalsNotYet { num, .. },
        ) => return format!("{e} (zhurnal period unlock … --period {num} --reason …)"),
        StoreError::Rule(RuleError::YearClosed { .. } | RuleError::YearFinalsNotYet { .. }) => {
            return format!("{e} (zhurnal period unlock … --period year --reason …)");
        }
        _ => return e.to_string(),
    };
    format!("{e} ({flag})")
}

/// A course's period by its number among its grade's periods.
pub(crate) fn period_num(
    periods: &[crate::domain::calendar::Period],
    num: i64,
) -> Result<&crate::domain::calendar::Period, String> {
    periods.iter().find(|p| p.num == num).ok_or_else(|| {
        tr!(
            "нет периода {}: у этого класса периоды 1–{}",
            "no period {}: this class has periods 1–{}",
            num,
            periods.len()
        )
    })
}

pub fn cli_date(s: &str) -> Result<NaiveDate, String> {
    parse_date(s).ok_or_else(|| {
        tr!(
            "«{}» — не дата (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)",
            "«{}» is not a date (YYYY-MM-DD or DD.MM.YYYY)",
            s
        )
    })
}

/// The user a command acts as: `--as LOGIN`, else the local operator who holds the file.
pub fn actor(store: &Store, login: Option<&str>) -> Result<crate::domain::policy::Actor, String> {
    match login {
        Some(l) => store.actor(l).map_err(|e| e.to_string()),
        None => Ok(crate::domain::policy::Actor::local_operator()),
    }
}

/// Records that a command took data out of the journal (`what`: which, and where
/// to), before they are given out: a journal that cannot record it gives nothing out.
pub(crate) fn record_out(
    store: &mut Store,
    actor: &crate::domain::policy::Actor,
    entry: crate::store::AuditEntry,
) -> Outcome {
    store.log_event(actor, entry).map_err(|e| e.to_string())
}

/// Where output goes, as the audit names it.
pub(crate) fn destination(output: Option<&Path>) -> String {
    match output {
        Some(p) => p.display().to_string(),
        None => "stdout".into(),
    }
}

/// Bytes for stdout: a terminal gets every control character made visible (the bytes
/// quote stored text), a pipe or a file the bytes as they are.
pub(crate) fn write_stdout(bytes: &[u8]) -> Outcome {
    use std::io::{IsTerminal, Write};
    let mut out = std::io::stdout();
    let written = if out.is_terminal() {
        out.write_all(for_terminal(bytes).as_bytes())
    } else {
        out.write_all(bytes)
    };
    match written {
        // The reader has gone (`… | head`): no failure.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

/// A file's bytes as a terminal shows them harmlessly: CSV's CRLF line ends as plain
/// line breaks, every other control character made visible.
fn for_terminal(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    crate::domain::text::shown_block(&text).into_owned()
}

/// Writes output to stdout with every control character but line breaks and tabs made
/// visible; a closed pipe (`zhurnal user list | head`) ends the output quietly, any
/// other failure to write (a full disk) ends it with the reason and a failure.
pub(crate) fn print_out(text: &str, line: bool) {
    use std::io::Write;
    let text = crate::domain::text::shown_block(text);
    let mut out = std::io::stdout().lock();
    let written = if line {
        writeln!(out, "{text}")
    } else {
        write!(out, "{text}")
    };
    match written {
        Ok(()) => {}
        // The reader has gone: nothing more is printed, and that is no failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("zhurnal: stdout: {e}");
            std::process::exit(1);
        }
    }
}

/// The outcome of a command: success, or a message for the user.
pub type Outcome = Result<(), String>;

pub fn main() -> ExitCode {
    // Whatever zhurnal creates (journals, backups, exports) is its owner's only; the
    // store sets the modes of its own files itself as well.
    crate::store::private::owner_only_umask();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            // A refusal may quote what the journal or the user gave: shown harmless.
            eprintln!("zhurnal: {}", crate::domain::text::shown_block(&msg));
            ExitCode::FAILURE
        }
    }
}

/// The settings every command starts from.
pub struct Context {
    pub db: PathBuf,
    /// The journal is the default demo journal, built on first use.
    pub is_default_demo: bool,
    pub today: Option<NaiveDate>,
    /// `--as`: the user the command acts as.
    pub as_login: Option<String>,
}

impl Context {
    /// Who the command acts as: `--as`, else the local operator of the file.
    pub fn actor(&self, store: &Store) -> Result<crate::domain::policy::Actor, String> {
        actor(store, self.as_login.as_deref())
    }

    /// Who enters the data: commands that write a teacher's entries need `--as`.
    pub fn required_actor(&self, store: &Store) -> Result<crate::domain::policy::Actor, String> {
        let login = self.as_login.as_deref().ok_or_else(|| {
            tr!(
                "укажите, кто вносит данные: --as ЛОГИН",
                "say who enters the data: --as LOGIN"
            )
        })?;
        store.actor(login).map_err(|e| e.to_string())
    }

    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    pub fn open(&self) -> Result<Store, String> {
        self.open_file(&self.db)
    }

    /// Opens another journal file (the copy a restore set aside) as `open` does.
    pub fn open_file(&self, path: &Path) -> Result<Store, String> {
        let mut store = Store::open(path).map_err(|e| e.to_string())?;
        store.set_today(self.today);
        store.set_origin(origin(Channel::Cli));
        Ok(store)
    }
}

/// Who runs this program, for the audit: the operating-system account of the process's
/// real user id (from `/etc/passwd`, else `$USER`), with the id.
pub fn os_user() -> String {
    let uid = rustix::process::getuid().as_raw();
    let from_passwd = std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|text| {
            text.lines().find_map(|line| {
                let mut fields = line.split(':');
                let name = fields.next()?;
                let id = fields.nth(1)?;
                (id.parse() == Ok(uid)).then(|| name.to_string())
            })
        });
    let name = from_passwd
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    let name = crate::domain::text::shown(&name).into_owned();
    if name.is_empty() {
        format!("uid {uid}")
    } else {
        format!("{name} (uid {uid})")
    }
}

/// A store's origin on this computer: the channel and the operating-system user.
pub fn origin(channel: Channel) -> Origin {
    Origin {
        channel: Some(channel),
        os_user: Some(os_user()),
    }
}

pub fn run(cli: Cli) -> Outcome {
    let config = match config_path() {
        Some(p) => AppConfig::load(&p)?,
        None => AppConfig::default(),
    };
    let lang = cli
        .lang
        .as_deref()
        .or(config.lang.as_deref())
        .map(|l| Lang::parse(l).ok_or_else(|| format!("--lang {l}: ru | en")))
        .transpose()?
        .unwrap_or_default();
    set_lang(lang);
    let (db, is_default_demo) = match cli.db.clone().or(config.db.clone()) {
        Some(p) => (p, false),
        None => (demo_db_path(), true),
    };
    let ctx = Context {
        db,
        is_default_demo,
        today: cli.today,
        as_login: cli.as_login.clone(),
    };
    // Commands that act as nobody in particular: a `--as` there would be ignored, and
    // whoever gave it would think their rights were narrowed.
    if ctx.as_login.is_some()
        && matches!(
            cli.command,
            None | Some(Command::Init { .. })
                | Some(Command::Check)
                | Some(Command::Serve(_))
                | Some(Command::Demo { .. })
        )
    {
        return Err(tr!(
            "--as здесь не действует: экраны спрашивают логин при входе, а init, check, demo и serve работают с файлом целиком",
            "--as does not apply here: the screens ask for a login, and init, check, demo and serve work on the whole file"
        ));
    }
    match cli.command {
        None => {
            ensure_demo(&ctx)?;
            let mut store = ctx.open()?;
            store.set_origin(origin(Channel::Screen));
            let mut opts = tui_options(&config)?;
            // Run by sshd for a remote user (OpenSSH's ForceCommand): the screens run
            // with the journal owner's rights, so a typed path must not reach this
            // machine's disk. Files go to each account's folder, as under `serve`.
            if std::env::var_os("SSH_CONNECTION").is_some() {
                opts.folders = Some(serve::folders(
                    &ctx.db,
                    None,
                    serve::QUOTA_MB,
                    serve::MIN_FREE_MB,
                ));
            }
            crate::tui::run(store, opts)
        }
        Some(Command::Init { school, year }) => init(&ctx, &school, year),
        Some(Command::Import(args)) => import::run(&ctx, args),
        Some(Command::Check) => check(&ctx),
        Some(Command::Export { what }) => export::run(&ctx, what),
        Some(Command::Mark(args)) => entry::mark(&ctx, args),
        Some(Command::Attend(args)) => entry::attend(&ctx, args),
        Some(Command::Final(args)) => finals::final_mark(&ctx, args),
        Some(Command::Exempt(args)) => grading::exempt(&ctx, args),
        Some(Command::Grading(args)) => grading::grading(&ctx, args),
        Some(Command::Backup(args)) => backup::backup(&ctx, args),
        Some(Command::Restore(args)) => backup::restore(&ctx, args),
        Some(Command::Screen(args)) => screen::run(&ctx, &config, args),
        Some(Command::Announce(args)) => announce::announce(&ctx, args),
        Some(Command::Announcements(args)) => announce::list(&ctx, args),
        Some(Command::Message(args)) => messages::run(&ctx, args),
        Some(Command::Serve(args)) => {
            // A school's server serves its journal: the demo, whose passwords are all
            // «demo», only when asked for by name.
            if ctx.is_default_demo && !args.demo {
                return Err(tr!(
                    "укажите журнал: zhurnal serve --db ФАЙЛ (или --demo для демонстрационной школы, где у всех пароль «demo»)",
                    "name the journal: zhurnal serve --db FILE (or --demo for the demo school, where every password is «demo»)"
                ));
            }
            if args.demo {
                if !ctx.is_default_demo {
                    return Err(tr!(
                        "--demo и --db вместе не указываются",
                        "--demo and --db are not given together"
                    ));
                }
                ensure_demo(&ctx)?;
                eprintln!(
                    "{}",
                    tr!(
                        "ВНИМАНИЕ: демонстрационная школа, у всех учётных записей пароль «demo»",
                        "WARNING: the demo school, every account's password is «demo»"
                    )
                );
            }
            serve::run(&ctx, &config, args)
        }
        Some(Command::WeeklyReport(args)) => weekly::run(&ctx, args),
        Some(Command::Absences(args)) => absences::absences(&ctx, args),
        Some(Command::Excuse(args)) => absences::excuse(&ctx, args),
        Some(Command::Period(args)) => finals::period(&ctx, args),
        Some(Command::Exam(args)) => exam::run(&ctx, args),
        Some(Command::Year { what }) => year::run(&ctx, what),
        Some(Command::User(args)) => users::run(&ctx, args),
        Some(Command::WorkType(args)) => work_types::run(&ctx, args),
        Some(Command::Calendar(args)) => calendar::run(&ctx, args),
        Some(Command::Plan(args)) => plan::run(&ctx, args),
        Some(Command::Substitute(args)) => lessons::substitute(&ctx, args),
        Some(Command::Lesson(args)) => lessons::lesson(&ctx, args),
        Some(Command::Gaps(args)) => lessons::gaps(&ctx, args),
        Some(Command::Audit(args)) => audit::run(&ctx, args),
        Some(Command::Report(args)) => report::run(&ctx, args),
        Some(Command::Student(args)) => classes::student(&ctx, args),
        Some(Command::Class(args)) => classes::class(&ctx, args),
        Some(Command::Course(args)) => classes::course(&ctx, args),
        Some(Command::LinkParent { parent, student }) => {
            users::link_parent(&ctx, &parent, &student)
        }
        Some(Command::Demo {
            until,
            scale,
            seed,
            force,
        }) => demo(&ctx, until, scale, seed, force),
    }
}

/// The screens' keymap, theme and behaviour from the config file; `NO_COLOR` or a
/// terminal without colours chooses the mono theme.
fn tui_options(config: &AppConfig) -> Result<crate::tui::Options, String> {
    let user_dir = crate::config::app::dirs().map(|d| d.config_dir().to_path_buf());
    let keymap = crate::keys::Keymap::load(
        config.keymap.as_deref().unwrap_or("default"),
        user_dir.as_deref(),
    )?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let colors = ratatui::crossterm::style::available_color_count();
    let name = crate::theme::Theme::choose(config.theme.as_deref(), no_color, colors);
    let theme = crate::theme::Theme::load(name, user_dir.as_deref())?;
    Ok(crate::tui::Options {
        keymap,
        theme,
        advance: config.cursor_advance.unwrap_or_default(),
        ascii_borders: config.ascii_borders.unwrap_or(false),
        login_delay: std::time::Duration::from_millis(400),
        folders: None,
        backups: None,
    })
}

/// The default demo journal is built on first run.
fn ensure_demo(ctx: &Context) -> Outcome {
    if ctx.is_default_demo && !ctx.db.exists() {
        eprintln!(
            "{}",
            tr!(
                "Создаётся демонстрационная школа: {}",
                "Building the demo school: {}",
                ctx.db.display()
            )
        );
        let opts = DemoOptions {
            until: ctx.today(),
            scale: 1,
            seed: 1,
            news: true,
        };
        build_demo(&ctx.db, &opts, false).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn init(ctx: &Context, school: &Path, year: Option<i32>) -> Outcome {
    let school = School::load(school, year, ctx.today())?;
    let mut store = Store::create(&ctx.db).map_err(|e| e.to_string())?;
    if let Err(e) = store.init_school(&school) {
        drop(store);
        // A journal that could not be set up is not left behind half-made.
        for suffix in ["", "-wal", "-shm"] {
            let mut p = ctx.db.as_os_str().to_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
        return Err(e.to_string());
    }
    say!(
        "{}",
        tr!(
            "Создан журнал {}: {}, {} учебный год",
            "Created journal {}: {}, school year {}",
            ctx.db.display(),
            school.name,
            school.year_name()
        )
    );
    Ok(())
}

/// The journal's checks. A journal others can read is a warning on stderr, and the
/// check still passes: the data are sound, and the warning says how to close the file.
fn check(ctx: &Context) -> Outcome {
    if let Some(warning) = crate::store::private::exposure(&ctx.db) {
        eprintln!("zhurnal: {warning}");
    }
    let store = ctx.open()?;
    // The file is named: the check may be one of many in a script.
    let problems = store.check().map_err(|e| match e {
        crate::store::StoreError::Damaged(Some(_), _) => e.to_string(),
        e => format!("{}: {e}", ctx.db.display()),
    })?;
    if problems.is_empty() {
        say!(
            "{}",
            tr!(
                "Проверка пройдена: {}",
                "Check passed: {}",
                ctx.db.display()
            )
        );
        Ok(())
    } else {
        for p in &problems {
            say!("{p}");
        }
        Err(tr!(
            "{}: найдено проблем: {}",
            "{}: problems found: {}",
            ctx.db.display(),
            problems.len()
        ))
    }
}

fn demo(ctx: &Context, until: Option<NaiveDate>, scale: u32, seed: u64, force: bool) -> Outcome {
    let opts = DemoOptions {
        until: until.unwrap_or_else(|| ctx.today()),
        scale,
        seed,
        news: true,
    };
    let s = build_demo(&ctx.db, &opts, force).map_err(|e| match e {
        // The store's words name no flag: the command line adds its own.
        crate::store::StoreError::Exists(path) => tr!(
            "файл уже существует: {} (укажите другой путь или --force)",
            "file already exists: {} (choose another path or use --force)",
            path.display()
        ),
        e => e.to_string(),
    })?;
    say!(
        "{}",
        tr!(
            "Демо-журнал {}: учеников {}, уроков {}, отметок {}, пропусков {}, итоговых {}",
            "Demo journal {}: {} students, {} lessons, {} marks, {} attendance entries, {} finals",
            ctx.db.display(),
            s.students,
            s.lessons,
            s.marks,
            s.attendance,
            s.finals
        )
    );
    say!(
        "{}",
        tr!(
            "Отметок на ученика по предмету в месяц учёбы: {:.1}; «н/а» среди четвертных и полугодовых: {:.1}%; аттестаций {}, результатов {}",
            "Marks per student per subject per month of study: {:.1}; «н/а» among period finals: {:.1}%; assessments {}, results {}",
            s.marks_per_month,
            s.not_assessed,
            s.assessments,
            s.assessment_results
        )
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_on_a_terminal_has_plain_line_ends_and_no_escapes() {
        let shown = for_terminal("Ученик;Итоговая\r\nИванов\x1b[2J;5\r\n".as_bytes());
        assert_eq!(shown, "Ученик;Итоговая\nИванов\\x1b[2J;5\n");
    }
}
