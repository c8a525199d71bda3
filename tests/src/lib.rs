//! Helpers shared by the cross-crate tests: where the fixtures are and how a manifest fact
//! is checked. Python and Node implement the same two rules (see `tests/fixtures/manifest.json`).

use std::path::PathBuf;

use serde_json::Value;

/// `tests/fixtures/`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The parsed `manifest.json`.
pub fn manifest() -> Value {
    let text = std::fs::read_to_string(fixtures_dir().join("manifest.json")).expect("manifest.json is readable");
    serde_json::from_str(&text).expect("manifest.json is JSON")
}

/// The bytes of a fixture named in the manifest.
pub fn fixture(file: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(file)).unwrap_or_else(|e| panic!("fixture {file}: {e}"))
}

/// Checks every `pointer -> value` fact against `actual`; returns the failures.
///
/// A pointer ending in `/#` compares the length of the array before it; a pointer that
/// resolves to nothing must be expected as `null`.
pub fn check_facts(actual: &Value, expect: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    for (pointer, want) in expect.as_object().expect("expect is an object") {
        let got = match pointer.strip_suffix("/#") {
            Some(array) => actual.pointer(array).and_then(Value::as_array).map(|a| Value::from(a.len())),
            None => actual.pointer(pointer).cloned(),
        }
        .unwrap_or(Value::Null);
        if &got != want {
            failures.push(format!("{pointer}: expected {want}, got {got}"));
        }
    }
    failures
}
