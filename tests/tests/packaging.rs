//! One version everywhere, and docs that never point outside the repository.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

fn read(path: impl AsRef<Path>) -> String {
    let path = root().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The one place the version is set: `[workspace.package] version` in the root Cargo.toml.
fn workspace_version() -> String {
    let toml = read("Cargo.toml");
    let section = toml.split("[workspace.package]").nth(1).unwrap();
    let line = section.lines().find(|l| l.trim_start().starts_with("version")).unwrap();
    line.split('"').nth(1).unwrap().to_owned()
}

fn json_version(path: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(&read(path)).unwrap();
    v["version"].as_str().unwrap_or_else(|| panic!("{path} has no version")).to_owned()
}

#[test]
fn every_package_has_the_workspace_version() {
    let version = workspace_version();
    assert_eq!(version, env!("CARGO_PKG_VERSION"), "this crate inherits it");
    // Every crate inherits it; none sets its own.
    for manifest in [
        "core",
        "mock-server",
        "conformance",
        "tests",
        "examples/rust",
        "bench/rust",
        "bindings/python",
        "bindings/node",
    ] {
        let text = read(format!("{manifest}/Cargo.toml"));
        assert!(text.contains("version.workspace = true"), "{manifest}/Cargo.toml must inherit the version");
    }
    // Path dependencies of published crates name it (cargo publish needs a version).
    let manifest = read("Cargo.toml");
    assert!(
        manifest.contains(&format!("waha-groups = {{ path = \"core\", version = \"{version}\" }}")),
        "workspace dependency waha-groups"
    );
    assert!(
        read("conformance/Cargo.toml").contains(&format!("version = \"{version}\"")),
        "conformance's waha-mock dependency"
    );
    // Python: maturin takes the version from the pyo3 crate, i.e. from the workspace.
    assert!(read("bindings/python/pyproject.toml").contains("dynamic = [\"version\"]"));
    // npm: the main package, every platform package and the generated loader.
    assert_eq!(json_version("bindings/node/package.json"), version, "bindings/node/package.json");
    let npm = root().join("bindings/node/npm");
    let mut platforms = 0;
    for dir in std::fs::read_dir(npm).unwrap() {
        let dir = dir.unwrap().path();
        let rel = format!("bindings/node/npm/{}/package.json", dir.file_name().unwrap().to_string_lossy());
        assert_eq!(json_version(&rel), version, "{rel}");
        platforms += 1;
    }
    assert!(platforms >= 7, "one npm package per release target, found {platforms}");
    assert!(
        read("bindings/node/binding.js").contains(&format!("expected {version} but got")),
        "binding.js is regenerated"
    );
    assert!(read("CHANGELOG.md").contains("## Unreleased") || read("CHANGELOG.md").contains(&format!("## {version}")));
}

/// Markdown links and doc-comment links must stay inside the repository.
#[test]
fn docs_never_link_outside_the_repository() {
    let mut bad = Vec::new();
    let mut checked = 0;
    let mut stack = vec![root()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                // Hidden directories are tool state (.git, virtualenvs, caches), except CI's own.
                let hidden = name.starts_with('.') && !matches!(name.as_str(), ".github" | ".ci");
                if !hidden && !matches!(name.as_str(), "target" | "node_modules" | "dist" | "schema" | "fixtures") {
                    stack.push(path);
                }
                continue;
            }
            let is_doc = name.ends_with(".md")
                || name.ends_with(".rs")
                || name.ends_with(".py")
                || name.ends_with(".pyi")
                || name.ends_with(".d.ts");
            if !is_doc {
                continue;
            }
            checked += 1;
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (i, line) in text.lines().enumerate() {
                let mut rest = line;
                while let Some(at) = rest.find("](") {
                    let target = &rest[at + 2..];
                    let target = &target[..target.find(')').unwrap_or(target.len())];
                    // A web link, or a relative file path that leaves the repository (or does not exist).
                    // Intra-doc links (`Self::x`) and prose in brackets are neither.
                    let file = target.split('#').next().unwrap();
                    let is_path = (file.contains('/') || file.ends_with(".md")) && !file.contains([' ', '"', '`']);
                    let outside = target.contains("://")
                        || (is_path
                            && path
                                .parent()
                                .unwrap()
                                .join(file)
                                .canonicalize()
                                .map_or(true, |p| !p.starts_with(root().canonicalize().unwrap())));
                    if outside {
                        bad.push(format!("{}:{}: {target}", path.strip_prefix(root()).unwrap().display(), i + 1));
                    }
                    rest = &rest[at + 2..];
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} files checked");
    assert!(bad.is_empty(), "links outside the repository:\n{}", bad.join("\n"));
}
