//! The store's files need each other one way only: no file of `src/store` reaches
//! itself through the types and free functions it imports from its siblings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each store file's siblings named in its code (`super::x::…`, `super::{x::…}`,
/// `crate::store::x::…`). Methods on `Store` need no import and make no edge.
fn store_edges() -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
    let files: BTreeMap<String, String> = std::fs::read_dir(&dir)
        .expect("src/store")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("read"))
        })
        .collect();
    let mut edges = BTreeMap::new();
    for (name, text) in &files {
        // What `use super::{…};` groups name, beside the plain paths.
        let groups: Vec<&str> = text
            .split("use super::{")
            .skip(1)
            .filter_map(|rest| rest.split_once("};").map(|(group, _)| group))
            .collect();
        let mut to = BTreeSet::new();
        for other in files.keys().filter(|o| *o != name && *o != "mod") {
            let path = format!("{other}::");
            let named = text.contains(&format!("super::{path}"))
                || text.contains(&format!("crate::store::{path}"))
                || groups.iter().any(|g| {
                    g.split([',', '{', ' ', '\n'])
                        .any(|item| item.starts_with(path.as_str()))
                });
            if named {
                to.insert(other.clone());
            }
        }
        edges.insert(name.clone(), to);
    }
    edges
}

/// A path from `from` back to itself, if there is one.
fn cycle_through(edges: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![from.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().expect("a path is never empty");
        for next in edges.get(last).into_iter().flatten() {
            if next == from {
                let mut found = path.clone();
                found.push(next.clone());
                return Some(found);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn a_cycle_is_found() {
    let edges: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a")]
        .into_iter()
        .map(|(f, t)| (f.to_string(), BTreeSet::from([t.to_string()])))
        .collect();
    assert_eq!(
        cycle_through(&edges, "a").map(|c| c.join(" ")),
        Some("a b c a".to_string())
    );
}

#[test]
fn no_store_file_imports_itself_back() {
    let edges = store_edges();
    assert!(edges.contains_key("marks"), "the store's files are read");
    assert!(
        edges["attendance"].contains("marks"),
        "the edges are found: {edges:?}"
    );
    let cycles: Vec<String> = edges
        .keys()
        .filter_map(|f| cycle_through(&edges, f))
        .map(|c| c.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "import cycles in src/store: {cycles:#?}");
}
