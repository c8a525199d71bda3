//! The core's layers point one way. This test reads `core/src`, finds which module each file
//! refers to (`crate::…`, `super::…`, and a parent's `child::…`), and fails when
//! - two modules refer to each other, directly or around a circle;
//! - a module refers to one in a layer above its own ([`LAYERS`], bottom first);
//! - a module's doc comment does not say its layer (`Layer: <name>`).
//!
//! A file is a module here (`engine/loose.rs` is `engine/loose`, `engine/mod.rs` is `engine`);
//! `lib.rs` only declares and re-exports, so it is left out. Test modules are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom first; a module may refer to modules of its own layer (without a circle) and below.
/// A pattern `x/*` covers every file under `x/`.
const LAYERS: &[(&str, &[&str])] = &[
    ("foundation", &["error", "ids", "time", "redact", "observe"]),
    ("models", &["model", "model/*"]),
    ("wire shapes", &["engine", "engine/*"]),
    ("events", &["webhook", "webhook/*"]),
    ("catalogue", &["ops", "ops/*", "routes"]),
    ("transport", &["http"]),
    ("facades", &["groups", "lids", "client"]),
    ("jobs", &["jobs", "jobs/*"]),
    ("entry points", &["dynamic", "schema"]),
];

type Module = String;

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, patterns)| {
        patterns.iter().any(|p| match p.strip_suffix("/*") {
            Some(dir) => module.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/')),
            None => *p == module,
        })
    })
}

/// Every `.rs` file under `dir` as (module path, source without its test module and comments
/// other than the module's doc).
fn modules(root: &Path) -> BTreeMap<Module, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<Module, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
                if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                    parts.pop();
                }
                out.insert(parts.join("/"), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// The source without `#[cfg(test)] mod tests { … }` (always last) and `//` comments.
fn code(source: &str) -> String {
    let source = source.split("#[cfg(test)]\nmod tests").next().unwrap();
    source.lines().map(|l| l.split("//").next().unwrap()).collect::<Vec<_>>().join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths named after each `prefix` (`crate::a::b`, `crate::a::{b, c::d}`), as segment lists.
fn paths_after<'a>(code: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at].chars().next_back().is_some_and(|c| is_ident(c) || c == ':' || c == '$') {
            continue;
        }
        collect(&code[at + prefix.len()..], Vec::new(), &mut out);
    }
    out
}

/// Reads `a::b::{c, d::e}` at the start of `rest`, pushing each full path onto `out`.
fn collect<'a>(mut rest: &'a str, mut base: Vec<&'a str>, out: &mut Vec<Vec<&'a str>>) {
    if let Some(inner) = rest.strip_prefix('{') {
        for item in split_top(group(inner)) {
            collect(item.trim_start(), base.clone(), out);
        }
        return;
    }
    loop {
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        if end > 0 {
            base.push(&rest[..end]);
            rest = &rest[end..];
        }
        match rest.strip_prefix("::") {
            Some(next) if next.starts_with('{') => {
                out.push(base.clone());
                return collect(next, base, out);
            }
            Some(next) if next.starts_with(is_ident) => rest = next,
            _ => {
                out.push(base);
                return;
            }
        }
    }
}

/// The text up to the `}` that closes an already opened `{`.
fn group(text: &str) -> &str {
    let mut depth = 1;
    for (i, c) in text.char_indices() {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        if depth == 0 {
            return &text[..i];
        }
    }
    text
}

fn split_top(text: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0, 0, Vec::new());
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// The longest known module a path starts with.
fn resolve(path: &[&str], known: &BTreeSet<Module>) -> Option<Module> {
    (1..=path.len()).rev().map(|n| path[..n].join("/")).find(|m| known.contains(m))
}

fn parent(module: &str) -> &str {
    module.rsplit_once('/').map_or("", |(p, _)| p)
}

/// Which modules each module refers to.
fn graph(files: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let known: BTreeSet<Module> = files.keys().filter(|m| !m.is_empty()).cloned().collect();
    let mut edges = BTreeMap::new();
    for (module, source) in files.iter().filter(|(m, _)| !m.is_empty()) {
        let code = code(source);
        let mut targets = BTreeSet::new();
        let here: Vec<&str> = module.split('/').collect();
        let up: Vec<&str> = parent(module).split('/').filter(|s| !s.is_empty()).collect();
        let mut candidates: Vec<Vec<&str>> = paths_after(&code, "crate::");
        for p in paths_after(&code, "super::") {
            candidates.push(up.iter().copied().chain(p).collect());
        }
        // A parent's references to its children: `child::x`, `use child::…`, `self::child`.
        for child in known.iter().filter(|k| parent(k) == module.as_str()) {
            let name = child.rsplit('/').next().unwrap();
            for p in paths_after(&code, &format!("{name}::")).into_iter().chain(paths_after(&code, "self::")) {
                let full: Vec<&str> = here.iter().copied().chain(std::iter::once(name)).chain(p).collect();
                candidates.push(full);
            }
            if code.contains(&format!("use {name}::")) || code.contains(&format!("use {name};")) {
                targets.insert(child.clone());
            }
        }
        for path in candidates {
            if let Some(target) = resolve(&path, &known).filter(|t| t != module) {
                targets.insert(target);
            }
        }
        edges.insert(module.clone(), targets);
    }
    edges
}

/// A circle through `start`, if any (depth-first search).
fn circle(edges: &BTreeMap<Module, BTreeSet<Module>>, start: &Module) -> Option<Vec<Module>> {
    fn visit(
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        start: &Module,
        at: &Module,
        path: &mut Vec<Module>,
        seen: &mut BTreeSet<Module>,
    ) -> bool {
        for next in edges.get(at).into_iter().flatten() {
            if next == start {
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if visit(edges, start, next, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.clone()];
    visit(edges, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

fn core_src() -> BTreeMap<Module, String> {
    modules(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_module_refers_back_to_one_that_refers_to_it() {
    let edges = graph(&core_src());
    let circles: Vec<String> = edges.keys().filter_map(|m| circle(&edges, m)).map(|c| c.join(" -> ")).collect();
    assert!(circles.is_empty(), "import circles in core/src:\n{}", circles.join("\n"));
}

#[test]
fn every_module_has_a_layer_and_refers_only_to_its_own_or_lower_ones() {
    let edges = graph(&core_src());
    let mut wrong = Vec::new();
    for (module, targets) in &edges {
        let Some(mine) = layer_of(module) else {
            wrong.push(format!("{module} is in no layer: add it to LAYERS"));
            continue;
        };
        for target in targets {
            match layer_of(target) {
                Some(theirs) if theirs > mine => wrong.push(format!(
                    "{module} ({}) refers to {target} ({}), a layer above it",
                    LAYERS[mine].0, LAYERS[theirs].0
                )),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_module_doc_names_its_layer() {
    let missing: Vec<String> = core_src()
        .iter()
        .filter_map(|(module, source)| {
            let layer = LAYERS[layer_of(module)?].0;
            let doc: String = source.lines().filter_map(|l| l.strip_prefix("//!")).collect::<Vec<_>>().join(" ");
            let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
            (!doc.contains(&format!("Layer: {layer}")))
                .then(|| format!("{module}: its doc does not say `Layer: {layer}`"))
        })
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The checker itself finds what it must: a circle and an upward reference in a made-up tree.
#[test]
fn the_checker_sees_circles_and_upward_references() {
    let files: BTreeMap<Module, String> = [
        ("lib", "mod a; mod http;"),
        ("error", "use crate::http::Call;"),
        ("http", "use crate::{error::{Error, Result}, ids};"),
        ("ids", ""),
        ("engine", "mod text; use text::read;"),
        ("engine/text", "use super::helper;"),
    ]
    .into_iter()
    .map(|(m, s)| (if m == "lib" { String::new() } else { m.to_owned() }, s.to_owned()))
    .collect();
    let edges = graph(&files);
    assert_eq!(edges["http"], BTreeSet::from(["error".to_owned(), "ids".to_owned()]));
    assert!(circle(&edges, &"error".to_owned()).is_some());
    assert!(circle(&edges, &"engine".to_owned()).is_some(), "{edges:?}");
    assert!(circle(&edges, &"ids".to_owned()).is_none());
    assert!(layer_of("error") < layer_of("http"), "error -> http goes up");
}
