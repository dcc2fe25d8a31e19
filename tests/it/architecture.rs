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
/// outside crates by their path prefix.
const RULES: &[(&str, &[&str], &[&str])] = &[
    (
        "domain",
        // Nothing of the crate but its own files and the words of `i18n`.
        &[
            "store", "tui", "cli", "serve", "import", "report", "export", "files", "config",
            "demo", "keys", "theme", "auth", "edit",
        ],
        &[
            "rusqlite::",
            "ratatui::",
            "crossterm",
            "clap::",
            "tokio::",
            "russh",
        ],
    ),
    (
        "store",
        &["tui", "cli", "serve", "report", "export"],
        &["ratatui::", "crossterm", "clap::", "russh"],
    ),
    (
        "import",
        &["store", "tui", "cli", "serve"],
        &["rusqlite::", "ratatui::", "clap::"],
    ),
    (
        "report",
        &["tui", "cli", "serve"],
        &["rusqlite::", "ratatui::", "clap::"],
    ),
    ("tui", &["cli"], &["clap::"]),
    ("serve", &["cli"], &["clap::"]),
];

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
            } else if path.extension().is_some_and(|e| e == "rs") {
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
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
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

/// Every `use` tree, flattened to its paths (`a::{b, c::d}` → `a::b`, `a::c::d`), and
/// whether it is a `pub use`.
fn use_paths(code: &str) -> Vec<(bool, Vec<String>)> {
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
        let prefix = code[line_start..at].trim();
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
        for p in expand(&tree) {
            out.push((prefix.starts_with("pub"), p));
        }
        i = at + end;
    }
    out
}

/// `a::{b,c::{d,e}}` → [a::b, a::c::d, a::c::e]; `x as y` keeps `x`.
fn expand(tree: &str) -> Vec<Vec<String>> {
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
            for tail in expand(part) {
                let mut p = head.clone();
                if tail != ["self"] {
                    p.extend(tail);
                }
                out.push(p);
            }
        }
        out
    } else {
        let name = tree.split('@').next().unwrap_or(tree);
        vec![name.split("::").map(str::to_string).collect()]
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
            for (is_pub, p) in use_paths(&s.code) {
                if is_pub && let Some(full) = krate.absolute(&s.module, &p) {
                    if let Some(name) = p.last() {
                        reexports.insert((s.module.clone(), name.clone()), full);
                    }
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
            let mut paths: Vec<Vec<String>> = use_paths(&s.code)
                .into_iter()
                .filter(|(is_pub, _)| !is_pub)
                .map(|(_, p)| p)
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

/// Every broken rule, in words.
fn broken_rules(tree: &Tree) -> Vec<String> {
    let krate = Crate::new(tree);
    let needs = krate.needs();
    let mut out = Vec::new();
    for (file, targets) in &needs {
        let top = file.split('/').next().unwrap_or_default();
        let top = top.trim_end_matches(".rs");
        let Some((_, modules, crates)) = RULES.iter().find(|(m, _, _)| *m == top) else {
            continue;
        };
        for t in targets {
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
        for c in *crates {
            if code.contains(c) {
                out.push(format!("src/{file} names {c}: {top}/ must not"));
            }
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

/// The checker itself finds what it must: a forbidden `use`, an outside crate, a
/// circle through `super::`, and a `pub use` followed to the defining file.
#[test]
fn the_checker_finds_forbidden_uses_and_circles() {
    let tree: Tree = [
        ("lib.rs", "pub mod domain; pub mod store; pub mod tui; pub mod cli;"),
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
        ("tui/mod.rs", "use ratatui::Frame; fn f() { crate::cli::run(); }"),
        ("cli/mod.rs", "pub fn run() {}"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
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
        ["src/domain/marks.rs names rusqlite::: domain/ must not"]
    );
}
