//! Keymaps: what each key does on each screen.
//!
//! The shipped maps are the TOML files of `keymaps/`, compiled in. A user's file of the
//! same name (`<config dir>/keymaps/<name>.toml`) patches them binding by binding, as
//! in serie; the action `"none"` takes a key away. A key typed in the other keyboard
//! layout, or a capital for a small letter, still finds its binding, but an exact
//! binding always wins.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::action::Action;
use super::spec::{Fit, KeyChord, KeySeq, parse_seq};

/// Where keys are looked up: a screen or an overlay. Each is a section of a keymap
/// file; `[global]` is consulted after the current one.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Mode {
    /// Keys valid everywhere unless the current mode binds them.
    Global,
    /// The login form.
    Login,
    /// The list of today's lessons.
    Today,
    /// The journal grid.
    Grid,
    /// A popup over the grid, such as a cell's details.
    Popup,
    /// The key help overlay.
    Help,
    /// A yes/no question.
    Confirm,
    /// While typing into a text input, such as a comment.
    Text,
    /// The diary of parents and students.
    Diary,
    /// The administration's menu.
    Menu,
    /// The audit log.
    Audit,
    /// The accounts.
    Users,
    /// The year close's preview.
    YearClose,
    /// The year's calendar.
    Calendar,
    /// The classes of the year.
    Classes,
    /// The school's work types.
    WorkTypes,
    /// An import file's preview.
    Import,
    /// A teacher's unfilled lessons.
    Gaps,
    /// A class's week of absences.
    Absences,
    /// A report on screen.
    Report,
    /// Choosing whom to write to: letters search, arrows choose.
    Recipients,
    /// A form over a screen: its fields, confirm, back.
    Form,
    /// A class's students: movement by order, the class teacher.
    Class,
    /// Editing the lesson pane (topic, homework, note) beside the grid.
    Pane,
    /// A course's thematic plan.
    Plan,
    /// Conversations, announcements and the week's events.
    Messages,
    /// Writing a message: every key the section leaves alone is text.
    Compose,
    /// Choosing a file of one's folder on the server (a served session's imports).
    Files,
    /// The class teacher's students and parents: their logins.
    Families,
    /// A student's weekly report for the parents, read before printing or sending.
    Weekly,
    /// Assessments and exams: the year's events.
    Exams,
    /// An assessment event's students and their results.
    ExamResults,
    /// The year's periods closed and opened for courses.
    Periods,
    /// The journal's backups.
    Backups,
    /// The year's courses and their teachers.
    Courses,
}

impl Mode {
    pub const ALL: [Mode; 35] = [
        Mode::Global,
        Mode::Login,
        Mode::Today,
        Mode::Grid,
        Mode::Popup,
        Mode::Help,
        Mode::Confirm,
        Mode::Text,
        Mode::Diary,
        Mode::Menu,
        Mode::Audit,
        Mode::Users,
        Mode::YearClose,
        Mode::Calendar,
        Mode::Classes,
        Mode::WorkTypes,
        Mode::Import,
        Mode::Gaps,
        Mode::Absences,
        Mode::Report,
        Mode::Recipients,
        Mode::Form,
        Mode::Class,
        Mode::Pane,
        Mode::Plan,
        Mode::Messages,
        Mode::Compose,
        Mode::Files,
        Mode::Families,
        Mode::Weekly,
        Mode::Exams,
        Mode::ExamResults,
        Mode::Periods,
        Mode::Backups,
        Mode::Courses,
    ];

    /// The mode's section name in a keymap file.
    pub fn section(self) -> &'static str {
        match self {
            Mode::Global => "global",
            Mode::Login => "login",
            Mode::Today => "today",
            Mode::Grid => "grid",
            Mode::Popup => "popup",
            Mode::Help => "help",
            Mode::Confirm => "confirm",
            Mode::Text => "text",
            Mode::Diary => "diary",
            Mode::Menu => "menu",
            Mode::Audit => "audit",
            Mode::Users => "users",
            Mode::YearClose => "year_close",
            Mode::Calendar => "calendar",
            Mode::Classes => "classes",
            Mode::WorkTypes => "work_types",
            Mode::Import => "import",
            Mode::Gaps => "gaps",
            Mode::Absences => "absences",
            Mode::Report => "report",
            Mode::Recipients => "recipients",
            Mode::Form => "form",
            Mode::Class => "class",
            Mode::Pane => "pane",
            Mode::Plan => "plan",
            Mode::Messages => "messages",
            Mode::Compose => "compose",
            Mode::Files => "files",
            Mode::Families => "families",
            Mode::Weekly => "weekly",
            Mode::Exams => "exams",
            Mode::ExamResults => "exam_results",
            Mode::Periods => "periods",
            Mode::Backups => "backups",
            Mode::Courses => "courses",
        }
    }

    pub fn from_section(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.section() == name)
    }

    /// The modes a section of a keymap file sets: its own, or for `[list]` (the one
    /// section the administration's lists shared before each had its own) every one of
    /// those lists, so that a user's older file keeps working.
    pub fn of_section(name: &str) -> Vec<Mode> {
        match name {
            "list" => vec![
                Mode::Menu,
                Mode::Audit,
                Mode::Users,
                Mode::YearClose,
                Mode::Classes,
                Mode::WorkTypes,
                Mode::Import,
                Mode::Gaps,
            ],
            _ => Mode::from_section(name).into_iter().collect(),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What a key press comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The start of a longer binding such as `g g`: wait for the next key.
    Pending,
    /// Nothing is bound to this key here.
    Unbound,
}

#[derive(Debug, Clone)]
struct Binding {
    keys: KeySeq,
    /// `None`: explicitly unbound (`"none"`), which also hides a `[global]` binding.
    action: Option<Action>,
    file: Arc<str>,
    line: usize,
}

/// The bindings of every mode, in file order.
#[derive(Debug, Clone)]
pub struct Keymap {
    sections: [Vec<Binding>; Mode::ALL.len()],
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            sections: std::array::from_fn(|_| Vec::new()),
        }
    }
}

/// How well a binding fits the keys typed so far; smaller is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    fit: Fit,
    /// 0 for the current mode's section, 1 for `[global]`.
    section: usize,
    /// A binding the keys complete beats one they only start.
    incomplete: bool,
}

const SHIPPED: [(&str, &str); 2] = [
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
];

impl Keymap {
    /// The text of a shipped keymap.
    pub fn builtin(name: &str) -> Option<&'static str> {
        SHIPPED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| *text)
    }

    /// The names of the shipped keymaps.
    pub fn builtin_names() -> Vec<&'static str> {
        SHIPPED.iter().map(|(n, _)| *n).collect()
    }

    /// The shipped keymap `name`, patched by `user_dir/keymaps/<name>.toml` if that
    /// file exists.
    pub fn load(name: &str, user_dir: Option<&Path>) -> Result<Keymap, String> {
        let Some(text) = Keymap::builtin(name) else {
            let shipped = Keymap::builtin_names().join(", ");
            return Err(crate::tr!(
                "нет схемы клавиш «{name}»; есть: {shipped} (свой файл keymaps/<имя>.toml \
                 дополняет встроенную схему с тем же именем)",
                "no keymap `{name}`; there are: {shipped} (a file keymaps/<name>.toml of \
                 your own patches the shipped keymap of that name)"
            ));
        };
        let mut map = Keymap::parse(text, &format!("keymaps/{name}.toml"))?;
        if let Some(dir) = user_dir {
            let path = dir.join("keymaps").join(format!("{name}.toml"));
            match std::fs::read_to_string(&path) {
                Ok(user) => map.merge(Keymap::parse(&user, &path.display().to_string())?),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("{}: {e}", path.display())),
            }
        }
        Ok(map)
    }

    /// Reads a keymap file; errors are `FILE:LINE: message`.
    pub fn parse(text: &str, file_name: &str) -> Result<Keymap, String> {
        let line = |offset: usize| crate::config::line_col(text, offset).0;
        let root = DeTable::parse(text).map_err(|e| {
            let (l, c) = e
                .span()
                .map(|s| crate::config::line_col(text, s.start))
                .unwrap_or((1, 1));
            format!("{file_name}:{l}:{c}: {}", e.message().trim_end())
        })?;
        let file: Arc<str> = Arc::from(file_name);
        let mut map = Keymap::default();
        for (name, value) in in_file_order(root.get_ref()) {
            let at = line(name.span().start);
            let name = name.get_ref().as_ref();
            let modes = Mode::of_section(name);
            let (false, DeValue::Table(table)) = (modes.is_empty(), value.get_ref()) else {
                let sections = Mode::ALL.map(|m| format!("[{}]", m.section())).join(" ");
                return Err(crate::tr!(
                    "{file_name}:{at}: «{name}» — не раздел схемы клавиш; разделы: {sections}",
                    "{file_name}:{at}: `{name}` is not a keymap section; the sections are: \
                     {sections}"
                ));
            };
            for (key, value) in in_file_order(table) {
                let at = line(key.span().start);
                let key = key.get_ref().as_ref();
                let keys = parse_seq(key).map_err(|e| format!("{file_name}:{at}: {e}"))?;
                let action = match value.get_ref() {
                    DeValue::String(s) if s == "none" => None,
                    DeValue::String(s) => Some(parse_action(s).ok_or_else(|| {
                        let known = action_names().join(", ");
                        crate::tr!(
                            "{file_name}:{at}: неизвестное действие «{s}»; есть: {known}, none",
                            "{file_name}:{at}: unknown action `{s}`; there are: {known}, none"
                        )
                    })?),
                    _ => {
                        return Err(crate::tr!(
                            "{file_name}:{at}: нужно \"клавиша\" = \"действие\", в кавычках: \
                             \"{key}\" = \"quit\"",
                            "{file_name}:{at}: write \"key\" = \"action\", quoted: \
                             \"{key}\" = \"quit\""
                        ));
                    }
                };
                for mode in &modes {
                    let section = &mut map.sections[mode.index()];
                    if let Some(first) = section.iter().find(|b| b.keys == keys) {
                        let first_line = first.line;
                        return Err(crate::tr!(
                            "{file_name}:{at}: «{key}» в [{name}] — та же клавиша, что и в \
                             строке {first_line}",
                            "{file_name}:{at}: `{key}` in [{name}] is the same key as on line \
                             {first_line}"
                        ));
                    }
                    section.push(Binding {
                        keys: keys.clone(),
                        action,
                        file: file.clone(),
                        line: at,
                    });
                }
            }
        }
        Ok(map)
    }

    /// Applies a patch: each of its bindings replaces the binding of the same keys in
    /// the same section, or is added.
    pub fn merge(&mut self, patch: Keymap) {
        for (section, patch) in self.sections.iter_mut().zip(patch.sections) {
            for binding in patch {
                match section.iter_mut().find(|b| b.keys == binding.keys) {
                    Some(old) => *old = binding,
                    None => section.push(binding),
                }
            }
        }
    }

    /// Resolves a key press in `mode`, then in `[global]`. `pending` holds the keys of
    /// an unfinished sequence between calls; the caller keeps it and clears it when the
    /// mode changes.
    pub fn resolve(&self, mode: Mode, pending: &mut Vec<KeyChord>, ev: &KeyEvent) -> Resolved {
        if ev.kind == KeyEventKind::Release {
            return Resolved::Unbound;
        }
        let mut typed = std::mem::take(pending);
        typed.push(KeyChord::from_event(ev));
        match self.best(mode, &typed) {
            None => Resolved::Unbound,
            Some((rank, _)) if rank.incomplete => {
                *pending = typed;
                Resolved::Pending
            }
            Some((_, b)) => b.action.map_or(Resolved::Unbound, Resolved::Action),
        }
    }

    /// Whether the plain character `c` means something in `mode` (or `[global]`)
    /// without help from the other layout, so that a screen that also takes typed
    /// characters as input knows to leave it to the keymap. A capital counts for its
    /// small letter, as in [`Keymap::resolve`].
    pub fn is_bound(&self, mode: Mode, c: char) -> bool {
        let typed = [KeyChord::new(KeyCode::Char(c), KeyModifiers::NONE)];
        matches!(
            self.best(mode, &typed),
            Some((rank, b)) if rank.fit <= Fit::Case && b.action.is_some()
        )
    }

    /// The keys of `mode` for the help overlay, one row per action with its keys
    /// joined by ", ": the mode's own bindings first, then the `[global]` ones it does
    /// not override, in file order.
    /// The first key that does `action` in `mode`, as the help names it.
    pub fn key_for(&self, mode: Mode, action: Action) -> Option<String> {
        let (keys, _) = self
            .bindings(mode)
            .into_iter()
            .find(|(_, a)| *a == action)?;
        keys.split(", ").next().map(str::to_string)
    }

    pub fn bindings(&self, mode: Mode) -> Vec<(String, Action)> {
        let own = &self.sections[mode.index()];
        let mut rows: Vec<(Vec<String>, Action)> = Vec::new();
        for (n, section) in self.search_order(mode).enumerate() {
            for b in section {
                if n > 0 && own.iter().any(|o| o.keys == b.keys) {
                    continue;
                }
                let Some(action) = b.action else { continue };
                match rows.iter_mut().find(|(_, a)| *a == action) {
                    Some((keys, _)) => keys.push(b.keys.to_string()),
                    None => rows.push((vec![b.keys.to_string()], action)),
                }
            }
        }
        rows.into_iter().map(|(k, a)| (k.join(", "), a)).collect()
    }

    /// Bindings that can never all work: the same keys twice in a section, or keys
    /// that start a longer sequence of the same section (`g` and `g g`: the longer one
    /// is never reached). One `FILE:LINE: message` each.
    pub fn conflicts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for mode in Mode::ALL {
            let sec = mode.section();
            let section = &self.sections[mode.index()];
            for (i, a) in section.iter().enumerate() {
                for b in &section[i + 1..] {
                    if a.action.is_none() || b.action.is_none() {
                        continue;
                    }
                    let (short, long) = if a.keys.is_strict_prefix_of(&b.keys) {
                        (a, b)
                    } else if b.keys.is_strict_prefix_of(&a.keys) {
                        (b, a)
                    } else if a.keys == b.keys {
                        out.push(crate::tr!(
                            "{}:{}: «{}» в [{sec}] назначена дважды (ещё {}:{})",
                            "{}:{}: `{}` in [{sec}] is bound twice (also {}:{})",
                            b.file,
                            b.line,
                            b.keys,
                            a.file,
                            a.line
                        ));
                        continue;
                    } else {
                        continue;
                    };
                    out.push(crate::tr!(
                        "{}:{}: «{}» в [{sec}] — начало «{}» ({}:{}), и та никогда не сработает",
                        "{}:{}: `{}` in [{sec}] starts `{}` ({}:{}), which can never be typed",
                        short.file,
                        short.line,
                        short.keys,
                        long.keys,
                        long.file,
                        long.line
                    ));
                }
            }
        }
        out
    }

    fn search_order(&self, mode: Mode) -> impl Iterator<Item = &[Binding]> {
        let global = &self.sections[Mode::Global.index()];
        let own = (mode != Mode::Global).then(|| self.sections[mode.index()].as_slice());
        own.into_iter().chain(std::iter::once(global.as_slice()))
    }

    /// The binding that best fits the keys typed so far, complete or not.
    fn best(&self, mode: Mode, typed: &[KeyChord]) -> Option<(Rank, &Binding)> {
        let mut best: Option<(Rank, &Binding)> = None;
        for (section, bindings) in self.search_order(mode).enumerate() {
            for b in bindings {
                let chords = b.keys.chords();
                if chords.len() < typed.len() {
                    continue;
                }
                let incomplete = chords.len() > typed.len();
                if incomplete && b.action.is_none() {
                    continue;
                }
                let fits = chords.iter().zip(typed).map(|(c, t)| c.fit(t));
                let Some(fit) = fits
                    .collect::<Option<Vec<Fit>>>()
                    .and_then(|f| f.into_iter().max())
                else {
                    continue;
                };
                let rank = Rank {
                    fit,
                    section,
                    incomplete,
                };
                if best.is_none_or(|(r, _)| rank < r) {
                    best = Some((rank, b));
                }
            }
        }
        best
    }
}

fn in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(&'a Spanned<DeString<'i>>, &'a Spanned<DeValue<'i>>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}

pub fn parse_action(name: &str) -> Option<Action> {
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error, StrDeserializer};
    let de: StrDeserializer<'_, Error> = name.into_deserializer();
    Action::deserialize(de).ok()
}

/// The names keymap files use for actions, taken from `Action`'s own `Deserialize`
/// so that they can never drift from it.
pub fn action_names() -> &'static [&'static str] {
    /// A deserializer that only asks the enum for its variant names.
    struct Probe;

    #[derive(Debug)]
    struct Names(&'static [&'static str]);

    impl fmt::Display for Names {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("action names")
        }
    }

    impl std::error::Error for Names {}

    impl serde::de::Error for Names {
        fn custom<T: fmt::Display>(_: T) -> Self {
            Names(&[])
        }
    }

    impl<'de> serde::Deserializer<'de> for Probe {
        type Error = Names;

        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Names> {
            Err(Names(&[]))
        }

        fn deserialize_enum<V: serde::de::Visitor<'de>>(
            self,
            _name: &'static str,
            variants: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Names> {
            Err(Names(variants))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
            struct identifier ignored_any
        }
    }

    match Action::deserialize(Probe) {
        Err(Names(names)) => names,
        Ok(_) => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn press(map: &Keymap, mode: Mode, pending: &mut Vec<KeyChord>, c: char) -> Resolved {
        map.resolve(mode, pending, &key(c))
    }

    fn one(map: &Keymap, mode: Mode, c: char) -> Resolved {
        press(map, mode, &mut Vec::new(), c)
    }

    fn parse(text: &str) -> Keymap {
        Keymap::parse(text, "t.toml").expect("valid keymap")
    }

    #[test]
    fn action_names_come_from_the_enum() {
        let names = action_names();
        assert!(names.contains(&"quit"));
        assert!(names.contains(&"delete_last_mark"));
        assert_eq!(parse_action("jump_today"), Some(Action::JumpToday));
        assert_eq!(parse_action("Jump_Today"), None);
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            (
                "[global]\n\"ctrl-q\" = \"quit\"\n\"ctrl-x\" = \"explode\"\n",
                "t.toml:3:",
            ),
            ("[global]\n\n[gird]\n\"a\" = \"up\"\n", "t.toml:3:"),
            (
                "[grid]\n\"ctrl-s\" = \"undo\"\n\"C-s\" = \"redo\"\n",
                "t.toml:3:",
            ),
            (
                "[grid]\n\"up\" = \"up\"\n\"hyper-x\" = \"up\"\n",
                "t.toml:3:",
            ),
            ("[grid]\n\"up\" = 5\n", "t.toml:2:"),
            ("[grid]\n\"up\" = \"up\"\n\"up\" = \"down\"\n", "t.toml:3:"),
            ("\"ctrl-q\" = \"quit\"\n", "t.toml:1:"),
        ];
        for (text, want) in cases {
            let e = Keymap::parse(text, "t.toml").expect_err(text);
            assert!(e.starts_with(want), "{text:?}: {e}");
        }
    }

    #[test]
    fn exact_beats_case_beats_mirror() {
        let map = parse(
            "[confirm]\n\"y\" = \"confirm\"\n\"н\" = \"back\"\n[today]\n\"g\" = \"home\"\n\"G\" = \"end\"\n\"j\" = \"down\"\n",
        );
        assert_eq!(
            one(&map, Mode::Confirm, 'y'),
            Resolved::Action(Action::Confirm)
        );
        assert_eq!(
            one(&map, Mode::Confirm, 'н'),
            Resolved::Action(Action::Back)
        );
        assert_eq!(
            one(&map, Mode::Confirm, 'Н'),
            Resolved::Action(Action::Back)
        );
        assert_eq!(
            one(&map, Mode::Confirm, 'Y'),
            Resolved::Action(Action::Confirm)
        );
        assert_eq!(one(&map, Mode::Today, 'g'), Resolved::Action(Action::Home));
        assert_eq!(one(&map, Mode::Today, 'G'), Resolved::Action(Action::End));
        assert_eq!(one(&map, Mode::Today, 'п'), Resolved::Action(Action::Home));
        assert_eq!(one(&map, Mode::Today, 'П'), Resolved::Action(Action::End));
        assert_eq!(one(&map, Mode::Today, 'J'), Resolved::Action(Action::Down));
        assert_eq!(one(&map, Mode::Today, 'о'), Resolved::Action(Action::Down));
        assert_eq!(one(&map, Mode::Today, 'x'), Resolved::Unbound);
    }

    #[test]
    fn sequences_wait_and_reset() {
        let map = parse("[today]\n\"g g\" = \"home\"\n\"g t\" = \"jump_today\"\n");
        let mut pending = Vec::new();
        assert_eq!(
            press(&map, Mode::Today, &mut pending, 'g'),
            Resolved::Pending
        );
        assert_eq!(pending.len(), 1);
        assert_eq!(
            press(&map, Mode::Today, &mut pending, 'g'),
            Resolved::Action(Action::Home)
        );
        assert!(pending.is_empty());
        assert_eq!(
            press(&map, Mode::Today, &mut pending, 'п'),
            Resolved::Pending
        );
        assert_eq!(
            press(&map, Mode::Today, &mut pending, 'е'),
            Resolved::Action(Action::JumpToday)
        );
        assert_eq!(
            press(&map, Mode::Today, &mut pending, 'g'),
            Resolved::Pending
        );
        assert_eq!(
            press(&map, Mode::Today, &mut pending, 'x'),
            Resolved::Unbound
        );
        assert!(pending.is_empty());
    }

    #[test]
    fn mode_first_then_global_and_none_hides_global() {
        let map = parse(
            "[global]\n\"f1\" = \"help\"\n\"ctrl-q\" = \"quit\"\n[help]\n\"f1\" = \"back\"\n[text]\n\"ctrl-q\" = \"none\"\n",
        );
        let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        let cq = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        let mut p = Vec::new();
        assert_eq!(
            map.resolve(Mode::Help, &mut p, &f1),
            Resolved::Action(Action::Back)
        );
        assert_eq!(
            map.resolve(Mode::Grid, &mut p, &f1),
            Resolved::Action(Action::Help)
        );
        assert_eq!(
            map.resolve(Mode::Grid, &mut p, &cq),
            Resolved::Action(Action::Quit)
        );
        assert_eq!(map.resolve(Mode::Text, &mut p, &cq), Resolved::Unbound);
        let help = map.bindings(Mode::Help);
        assert_eq!(
            help,
            vec![
                ("F1".to_string(), Action::Back),
                ("Ctrl-Q".to_string(), Action::Quit)
            ]
        );
        assert!(
            map.bindings(Mode::Text)
                .iter()
                .all(|(_, a)| *a != Action::Quit)
        );
    }

    #[test]
    fn is_bound_ignores_the_other_layout() {
        let map = parse("[grid]\n\"j\" = \"down\"\n\"d d\" = \"clear_cell\"\n\"x\" = \"none\"\n");
        assert!(map.is_bound(Mode::Grid, 'j'));
        assert!(map.is_bound(Mode::Grid, 'J'));
        assert!(map.is_bound(Mode::Grid, 'd'));
        assert!(!map.is_bound(Mode::Grid, 'о'));
        assert!(!map.is_bound(Mode::Grid, 'x'));
        assert!(!map.is_bound(Mode::Today, 'j'));
    }

    #[test]
    fn bindings_group_keys_per_action() {
        let map = parse(
            "[global]\n\"f1\" = \"help\"\n[today]\n\"down\" = \"down\"\n\"?\" = \"help\"\n\"j\" = \"down\"\n",
        );
        assert_eq!(
            map.bindings(Mode::Today),
            vec![
                ("Down, j".to_string(), Action::Down),
                ("?, F1".to_string(), Action::Help)
            ]
        );
    }

    #[test]
    fn prefixes_are_conflicts_and_merge_replaces_single_keys() {
        let mut map = parse("[today]\n\"g g\" = \"home\"\n\"up\" = \"up\"\n");
        assert!(map.conflicts().is_empty());
        map.merge(
            Keymap::parse("[today]\n\"g\" = \"end\"\n\"up\" = \"page_up\"\n", "u.toml")
                .expect("valid"),
        );
        let conflicts = map.conflicts();
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert!(conflicts[0].starts_with("u.toml:2:"), "{conflicts:?}");
        let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
        assert_eq!(
            map.resolve(Mode::Today, &mut Vec::new(), &up),
            Resolved::Action(Action::PageUp)
        );
        assert_eq!(one(&map, Mode::Today, 'g'), Resolved::Action(Action::End));
    }

    #[test]
    fn unknown_keymap_lists_the_shipped_ones() {
        let e = Keymap::load("emacs", None).expect_err("no emacs");
        assert!(e.contains("default") && e.contains("vim"), "{e}");
    }
}
