//! The rules of ARCHITECTURE.md, checked on the source: which module may name which,
//! and no two source files that need each other, directly or in a circle.
//!
//! A file "needs" another when its code outside `#[cfg(test)]` names an item defined
//! there: through `use`, a `crate::`/`super::`/`self::` path, or a child module's
//! name. A `pub use` is a table of names, not a need: a path through it is followed to
//! the file that defines the item.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Folders (top modules) and what their code must never name: other modules, and
/// outside crates (by name, however they are written). Besides these, for every
/// folder: nobody names `cli` (the command line is the top, the binary's only way
/// in) and only `store/` names `rusqlite` (the store is the only SQL).
const RULES: &[(&str, &[&str], &[&str])] = &[
    (
        "domain",
        // Nothing of the crate but its own files and the words of `i18n`.
        &[
            "store", "tui", "cli", "serve", "import", "report", "export", "files", "config",
            "demo", "keys", "theme", "auth",
        ],
        &["ratatui", "crossterm", "clap", "tokio", "russh"],
    ),
    (
        "store",
        &["tui", "serve", "report", "export"],
        &["ratatui", "crossterm", "clap", "russh"],
    ),
    ("import", &["store", "tui", "serve"], &["ratatui", "clap"]),
    ("report", &["tui", "serve"], &["ratatui", "clap"]),
    ("tui", &[], &["clap"]),
    ("serve", &[], &["clap"]),
];

/// What a folder must never name: its own rules and the rules for every folder.
fn forbidden(top: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    let (mut modules, mut crates) = RULES
        .iter()
        .find(|(m, _, _)| *m == top)
        .map(|(_, m, c)| (m.to_vec(), c.to_vec()))
        .unwrap_or_default();
    if top != "cli" && !modules.contains(&"cli") {
        modules.push("cli");
    }
    if top != "store" {
        crates.push("rusqlite");
    }
    (modules, crates)
}

/// Whether `word` stands in the code as a name of its own (not inside another name).
fn names_word(code: &str, word: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices(word).any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// Whether the code adds methods to the journal's `Store` (only the store may).
fn extends_store(code: &str) -> bool {
    code.match_indices("impl").any(|(i, _)| {
        let before = code[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return false;
        }
        let head = code[i + 4..].split('{').next().unwrap_or_default();
        let head = head.split_whitespace().collect::<Vec<_>>().join(" ");
        !head.contains(" for ")
            && head
                .rsplit("::")
                .next()
                .is_some_and(|last| last.trim() == "Store")
    })
}

/// One source file: its module path and its code with comments, strings and test
/// modules taken out.
struct Source {
    module: Vec<String>,
    code: String,
}

/// Source files by their path under `src/`.
type Tree = BTreeMap<String, String>;

fn read_tree(root: &Path) -> Tree {
    let mut out = Tree::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                // The binary's root is its own crate: it names the library from outside.
                && path != root.join("main.rs")
            {
                let rel = path
                    .strip_prefix(root)
                    .expect("under src")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&path).expect("read file"));
            }
        }
    }
    out
}

/// `store/marks.rs` → `store::marks`; `store/mod.rs` → `store`; `lib.rs` → crate root.
fn module_of(file: &str) -> Vec<String> {
    let stem = file.trim_end_matches(".rs");
    let mut parts: Vec<String> = stem.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code without comments and with empty string and char literals.
fn strip(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == '*' && b[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_before(&b, i) {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while j < b.len() && b[j] == '#' {
                hashes += 1;
                j += 1;
            }
            if j < b.len() && b[j] == '"' {
                j += 1;
                loop {
                    if j >= b.len() {
                        break;
                    }
                    if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            } else {
                out.push(c);
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}'), not a lifetime.
            let close = if next == Some('\\') {
                (i + 2..b.len().min(i + 12)).find(|&j| b[j] == '\'')
            } else if b.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(j) => {
                    out.push_str("' '");
                    i = j + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

/// The code without `#[cfg(test)]` items (a test module, a test-only function).
fn without_tests(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item ends at the `;` or at the `}` closing its first `{`.
        let mut depth = 0usize;
        let mut end = after.len();
        for (k, ch) in after.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// One path a `use` names: whether it is a `pub use` (of any reach), the path, and
/// the name it is given (`as`).
struct UseItem {
    public: bool,
    path: Vec<String>,
    alias: Option<String>,
}

/// Every `use` tree, flattened to its paths (`a::{b, c::d}` → `a::b`, `a::c::d`).
fn use_paths(code: &str) -> Vec<UseItem> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while let Some(pos) = code[i..].find("use ") {
        let at = i + pos;
        i = at + 4;
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        let line_start = code[..at].rfind(['\n', ';', '{', '}']).map_or(0, |p| p + 1);
        let prefix = without_attributes(code[line_start..at].trim());
        if !(prefix.is_empty() || prefix.starts_with("pub")) {
            continue;
        }
        let Some(end) = code[at..].find(';') else {
            break;
        };
        let tree = code[at + 4..at + end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(" as ", "@")
            .replace(' ', "");
        for (path, alias) in expand(&tree) {
            out.push(UseItem {
                public: prefix.starts_with("pub"),
                path,
                alias,
            });
        }
        i = at + end;
    }
    out
}

/// `#[allow(…)] pub` → `pub`: the attributes before an item.
fn without_attributes(prefix: &str) -> &str {
    let mut rest = prefix.trim();
    while rest.starts_with("#[") {
        let mut depth = 0;
        let mut end = rest.len();
        for (k, ch) in rest.char_indices() {
            match ch {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = rest[end..].trim_start();
    }
    rest
}

/// `a::{b,c::{d,e}}` → [a::b, a::c::d, a::c::e]; `x as y` → `x`, named `y`.
fn expand(tree: &str) -> Vec<(Vec<String>, Option<String>)> {
    let tree = tree.trim_start_matches("::");
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut parts = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (k, ch) in inner.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&inner[start..k]);
                    start = k + 1;
                }
                _ => {}
            }
        }
        parts.push(&inner[start..]);
        let mut out = Vec::new();
        for part in parts.into_iter().filter(|p| !p.is_empty()) {
            for (tail, alias) in expand(part) {
                let mut p = head.clone();
                if tail != ["self"] {
                    p.extend(tail);
                }
                out.push((p, alias));
            }
        }
        out
    } else {
        let (name, alias) = match tree.split_once('@') {
            Some((name, alias)) => (name, Some(alias.to_string())),
            None => (tree, None),
        };
        vec![(name.split("::").map(str::to_string).collect(), alias)]
    }
}

/// Paths written inline in the code: `crate::a::b`, `super::x`, `self::y`.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut i = 0;
        while let Some(pos) = code[i..].find(start) {
            let at = i + pos;
            i = at + start.len();
            let before = code[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            // `use super::{…}` and `use super::*` are read as `use` trees.
            if path.ends_with("::") {
                continue;
            }
            out.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            );
        }
    }
    out
}

struct Crate {
    /// Module path → file.
    files: BTreeMap<Vec<String>, String>,
    sources: BTreeMap<String, Source>,
    /// (module, name) → the full path a `pub use` points at.
    reexports: BTreeMap<(Vec<String>, String), Vec<String>>,
}

impl Crate {
    fn new(tree: &Tree) -> Crate {
        let mut files = BTreeMap::new();
        let mut sources = BTreeMap::new();
        for (file, text) in tree {
            let module = module_of(file);
            files.insert(module.clone(), file.clone());
            let code = without_tests(&strip(text));
            sources.insert(file.clone(), Source { module, code });
        }
        let mut krate = Crate {
            files,
            sources,
            reexports: BTreeMap::new(),
        };
        let mut reexports = BTreeMap::new();
        for s in krate.sources.values() {
            for u in use_paths(&s.code) {
                let name = u.alias.as_ref().or(u.path.last());
                if u.public
                    && let Some(name) = name.filter(|n| *n != "*")
                    && let Some(full) = krate.absolute(&s.module, &u.path)
                {
                    reexports.insert((s.module.clone(), name.clone()), full);
                }
            }
        }
        krate.reexports = reexports;
        krate
    }

    /// A path as written in `module` → a path from the crate root (`None`: another crate).
    fn absolute(&self, module: &[String], path: &[String]) -> Option<Vec<String>> {
        let first = path.first()?;
        let mut base: Vec<String> = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.to_vec(),
            "super" => {
                let mut m = module.to_vec();
                let mut rest = path;
                while rest.first().map(String::as_str) == Some("super") {
                    m.pop();
                    rest = &rest[1..];
                }
                m.extend(rest.iter().cloned());
                return Some(m);
            }
            // A child module named without `self::`.
            name => {
                let mut child = module.to_vec();
                child.push(name.to_string());
                if self.files.contains_key(&child) {
                    module.to_vec()
                } else {
                    return None;
                }
            }
        };
        let skip = usize::from(matches!(first.as_str(), "crate" | "self"));
        base.extend(path[skip..].iter().cloned());
        Some(base)
    }

    /// The file that defines what a crate path names (following `pub use`).
    fn file_of(&self, path: &[String], depth: usize) -> Option<String> {
        // The longest prefix that is a module.
        let mut n = path.len();
        while n > 0 && !self.files.contains_key(&path[..n]) {
            n -= 1;
        }
        let module = path[..n].to_vec();
        if depth < 8
            && let Some(name) = path.get(n)
            && let Some(target) = self.reexports.get(&(module.clone(), name.clone()))
        {
            let mut t = target.clone();
            t.extend(path[n + 1..].iter().cloned());
            return self.file_of(&t, depth + 1);
        }
        self.files.get(&module).cloned()
    }

    /// Which files each file needs.
    fn needs(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (file, s) in &self.sources {
            // A `pub use` is a need too: the file cannot be built without the other.
            let mut paths: Vec<Vec<String>> = use_paths(&s.code)
                .into_iter()
                .map(|u| {
                    let mut p = u.path;
                    if p.last().is_some_and(|n| n == "*") {
                        p.pop();
                    }
                    p
                })
                .collect();
            paths.extend(inline_paths(&s.code));
            let set = out.entry(file.clone()).or_default();
            for p in paths {
                if let Some(full) = self.absolute(&s.module, &p)
                    && let Some(target) = self.file_of(&full, 0)
                    && &target != file
                    && target != "lib.rs"
                {
                    set.insert(target);
                }
            }
        }
        out
    }
}

/// Files that need each other, directly or in a circle: each group found.
fn circles(needs: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Tarjan's strongly connected components.
    struct State<'a> {
        needs: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let needs = s.needs;
        for w in needs.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.push(group);
            }
        }
    }
    let mut s = State {
        needs,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in needs.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

/// The screens' parts: `None` for what routes (the app, the main loop and its
/// terminal backend, the drawing of the whole frame, the actions, the overlays over
/// any screen), `Some("")` for what every screen shares (text, widgets, forms), and a
/// screen's
/// own name for its files (`admin/users.rs` is the admin screens', `grid/view.rs` the
/// grid's).
fn tui_part(file: &str) -> Option<&str> {
    let rest = file.strip_prefix("tui/")?;
    let first = rest.split('/').next().unwrap_or_default();
    let stem = first.trim_end_matches(".rs");
    match stem {
        "mod" | "app" | "main_loop" | "backend" | "ui" | "actions" | "overlay"
            if !rest.starts_with("overlay/") =>
        {
            None
        }
        "text" | "widgets" | "overlay" | "pick_list" => Some(""),
        screen => Some(screen),
    }
}

/// A screen's files name no other screen's files, nor what routes them; what every
/// screen shares names no screen.
fn screen_reaches(file: &str, target: &str) -> Option<String> {
    let own = tui_part(file)?;
    target.strip_prefix("tui/")?;
    let theirs = tui_part(target);
    match (own, theirs) {
        ("", Some("")) => None,
        ("", _) => Some(format!(
            "src/{file} uses src/{target}: what every screen shares names no screen"
        )),
        (_, Some("")) => None,
        (mine, Some(t)) if t == mine => None,
        (mine, _) => Some(format!(
            "src/{file} uses src/{target}: the {mine} screen reaches into another part of the screens"
        )),
    }
}

/// Every broken rule, in words.
fn broken_rules(tree: &Tree) -> Vec<String> {
    let krate = Crate::new(tree);
    let needs = krate.needs();
    let mut out = Vec::new();
    for (file, targets) in &needs {
        let top = file.split('/').next().unwrap_or_default();
        let top = top.trim_end_matches(".rs");
        let (modules, crates) = forbidden(top);
        for t in targets {
            if let Some(why) = screen_reaches(file, t) {
                out.push(why);
            }
            let ttop = t
                .split('/')
                .next()
                .unwrap_or_default()
                .trim_end_matches(".rs");
            if modules.contains(&ttop) {
                out.push(format!(
                    "src/{file} uses src/{t}: {top}/ must not use {ttop}/"
                ));
            }
        }
        let code = &krate.sources[file].code;
        for c in crates {
            if names_word(code, c) {
                out.push(format!("src/{file} names {c}: {top}/ must not"));
            }
        }
        if top != "store" && extends_store(code) {
            out.push(format!("src/{file} adds methods to Store: only store/ may"));
        }
    }
    for group in circles(&needs) {
        out.push(format!("files that need each other: {}", group.join(" → ")));
    }
    out
}

#[test]
fn the_source_keeps_the_architecture() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let tree = read_tree(&src);
    // The checker sees the real edges: the report screen reaches the reports.
    let needs = Crate::new(&tree).needs();
    assert!(needs["tui/actions/report.rs"].contains("report/mod.rs"));
    assert!(needs["store/year/mod.rs"].contains("domain/year.rs"));
    assert!(needs["store/finals.rs"].contains("store/marks.rs"));
    let broken = broken_rules(&tree);
    assert!(
        broken.is_empty(),
        "ARCHITECTURE.md's rules broken:\n{}",
        broken.join("\n")
    );
}

/// Made-up trees as the checker reads them.
fn tree_of(files: &[(&str, &str)]) -> Tree {
    files
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The checker itself finds what it must: a forbidden `use`, an outside crate, a
/// circle through `super::`, and a `pub use` followed to the defining file.
#[test]
fn the_checker_finds_forbidden_uses_and_circles() {
    let tree = tree_of(&[
        (
            "lib.rs",
            "pub mod domain; pub mod store; pub mod tui; pub mod cli;",
        ),
        ("domain/mod.rs", "pub mod marks;"),
        (
            "domain/marks.rs",
            "//! crate::store in a comment is no use.\nuse crate::store::Store;\nfn f() { let s = \"crate::tui\"; }",
        ),
        (
            "store/mod.rs",
            "mod a; mod b; pub use a::A; pub struct Store;\n#[cfg(test)]\nmod tests { use crate::tui::X; }",
        ),
        ("store/a.rs", "use super::b::B; pub struct A;"),
        ("store/b.rs", "pub struct B; fn f() -> super::A { todo!() }"),
        (
            "tui/mod.rs",
            "use ratatui::Frame; fn f() { crate::cli::run(); }",
        ),
        ("cli/mod.rs", "pub fn run() {}"),
    ]);
    let broken = broken_rules(&tree);
    let want = [
        "src/domain/marks.rs uses src/store/mod.rs: domain/ must not use store/",
        "src/tui/mod.rs uses src/cli/mod.rs: tui/ must not use cli/",
        "files that need each other: store/a.rs → store/b.rs",
    ];
    for w in want {
        assert!(
            broken.iter().any(|b| b == w),
            "missing «{w}» in {broken:#?}"
        );
    }
    assert_eq!(broken.len(), want.len(), "{broken:#?}");

    let mut clean = tree.clone();
    clean.insert("domain/marks.rs".into(), "use rusqlite::Connection;".into());
    clean.insert("store/b.rs".into(), "pub struct B;".into());
    clean.insert("tui/mod.rs".into(), String::new());
    assert_eq!(
        broken_rules(&clean),
        ["src/domain/marks.rs names rusqlite: domain/ must not"]
    );
}

/// The ways a forbidden edge could hide are seen too: a `pub use`, an attribute
/// before the `use`, a renamed re-export, a glob, an outside crate under another
/// name, `rusqlite` outside the store, and methods added to `Store` elsewhere.
#[test]
fn the_checker_sees_through_hiding_places() {
    let tree = tree_of(&[
        (
            "lib.rs",
            "pub mod domain; pub mod store; pub mod tui; pub mod cli; pub mod export; pub mod report; pub mod import;",
        ),
        ("cli/mod.rs", "pub fn run() {}"),
        ("store/mod.rs", "pub struct Store; pub struct S;"),
        (
            "tui/mod.rs",
            "mod a; mod b; mod ext; mod sql; pub struct Frame;",
        ),
        ("tui/a.rs", "pub(crate) use crate::cli::run;"),
        (
            "tui/b.rs",
            "#[allow(unused_imports)] use crate::cli::run as go;",
        ),
        (
            "tui/ext.rs",
            "impl crate::store::Store { fn f(&self) {} }\nimpl From<u8> for crate::store::S { fn from(_: u8) -> Self { todo!() } }",
        ),
        ("tui/sql.rs", "fn f(c: &rusqlite::Connection) {}"),
        ("export/mod.rs", "pub use crate::tui::Frame as Page;"),
        ("report/mod.rs", "use crate::export::Page;"),
        ("import/mod.rs", "use crate::store::*;"),
        ("domain/mod.rs", "use ratatui as rt;"),
        ("tui/admin/mod.rs", "mod users; pub struct Menu;"),
        ("tui/admin/users.rs", "use crate::tui::grid::view::fit;"),
        ("tui/grid/mod.rs", "pub mod view;"),
        ("tui/grid/view.rs", "pub fn fit() {}"),
        ("tui/widgets.rs", "fn f(_: crate::tui::admin::Menu) {}"),
    ]);
    let mut broken = broken_rules(&tree);
    broken.sort();
    let mut want = vec![
        "src/tui/a.rs uses src/cli/mod.rs: tui/ must not use cli/",
        "src/tui/b.rs uses src/cli/mod.rs: tui/ must not use cli/",
        "src/tui/ext.rs adds methods to Store: only store/ may",
        "src/tui/sql.rs names rusqlite: tui/ must not",
        "src/report/mod.rs uses src/tui/mod.rs: report/ must not use tui/",
        "src/import/mod.rs uses src/store/mod.rs: import/ must not use store/",
        "src/domain/mod.rs names ratatui: domain/ must not",
        "src/tui/admin/users.rs uses src/tui/grid/view.rs: the admin screen reaches into another part of the screens",
        "src/tui/widgets.rs uses src/tui/admin/mod.rs: what every screen shares names no screen",
    ];
    want.sort();
    assert_eq!(broken, want);
}
