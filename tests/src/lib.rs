//! Helpers shared by the cross-crate tests: where the fixtures are and how a manifest fact
//! is checked. Python and Node implement the same two rules (see `tests/fixtures/manifest.json`).

use std::path::PathBuf;

pub mod fuzz;
pub mod jobs;

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

/// Differences in *shape* between `actual` and a real-shape `expected` payload: object keys
/// and JSON value types (null matches anything). Array elements are checked against all
/// expected elements together: an actual element may only use keys some expected element has,
/// and must have the keys every expected element has. Objects keyed by WhatsApp ids (NOWEB's
/// group map, WEBJS add results) are treated as maps.
pub fn shape_mismatches(actual: &Value, expected: &Value) -> Vec<String> {
    let mut out = Vec::new();
    shape(actual, &[expected], "", &mut out);
    out
}

fn is_id_map(v: &Value) -> bool {
    v.as_object().is_some_and(|o| !o.is_empty() && o.keys().all(|k| k.contains('@')))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn shape(actual: &Value, expected: &[&Value], path: &str, out: &mut Vec<String>) {
    let expected: Vec<&Value> = expected.iter().copied().filter(|e| !e.is_null()).collect();
    if actual.is_null() || expected.is_empty() {
        return;
    }
    if let Some(e) = expected.iter().find(|e| kind(e) != kind(actual)) {
        out.push(format!("{path}: {} where the real shape has {}", kind(actual), kind(e)));
        return;
    }
    match actual {
        Value::Array(items) => {
            let elements: Vec<&Value> = expected.iter().flat_map(|e| e.as_array().into_iter().flatten()).collect();
            for (i, item) in items.iter().enumerate() {
                shape(item, &elements, &format!("{path}/{i}"), out);
            }
        }
        Value::Object(o) if is_id_map(actual) && expected.iter().all(|e| is_id_map(e)) => {
            let values: Vec<&Value> =
                expected.iter().flat_map(|e| e.as_object().into_iter().flat_map(|m| m.values())).collect();
            for (k, v) in o {
                shape(v, &values, &format!("{path}/{k}"), out);
            }
        }
        Value::Object(o) => {
            let maps: Vec<&serde_json::Map<String, Value>> = expected.iter().filter_map(|e| e.as_object()).collect();
            for key in o.keys() {
                if !maps.iter().any(|m| m.contains_key(key)) {
                    out.push(format!("{path}/{key}: key not in the real shape"));
                }
            }
            if let Some(first) = maps.first() {
                for key in first.keys() {
                    if maps.iter().all(|m| m.contains_key(key)) && !o.contains_key(key) {
                        out.push(format!("{path}/{key}: key missing"));
                    }
                }
            }
            for (k, v) in o {
                let sub: Vec<&Value> = maps.iter().filter_map(|m| m.get(k)).collect();
                shape(v, &sub, &format!("{path}/{k}"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shape_rules() {
        let real = json!({"a": 1, "b": [{"x": "s", "y": null}, {"x": "t"}], "m": {"1@g.us": {"k": true}}});
        assert!(shape_mismatches(&json!({"a": 2, "b": [{"x": "u"}], "m": {"2@g.us": {"k": false}}}), &real).is_empty());
        let bad = shape_mismatches(&json!({"a": "2", "b": [{"z": 1}], "m": {"2@g.us": {}}, "n": 1}), &real);
        assert_eq!(bad.len(), 5, "{bad:?}");
        assert!(bad.iter().any(|m| m.starts_with("/a: string")));
        assert!(bad.iter().any(|m| m == "/n: key not in the real shape"));
        assert!(bad.iter().any(|m| m == "/b/0/x: key missing"));
    }
}
