//! The contract kit: generated schemas are committed and current, real-shape fixtures
//! validate against them, and our OpenAPI agrees with WAHA's own document except where an
//! explicit, commented allow-list says why.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use waha_groups::ops::decode_response;
use waha_groups::routes::Operation;
use waha_groups::schema;
use waha_groups_tests::{fixture, manifest};

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn committed_schema_files_match_the_code() {
    let dir = repo().join("schema");
    let generated = schema::files();
    let mut stale = Vec::new();
    for (name, text) in &generated {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(committed) if &committed == text => {}
            Ok(_) => stale.push(format!("{name} differs")),
            Err(_) => stale.push(format!("{name} is missing")),
        }
    }
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    for extra in on_disk.iter().filter(|n| !generated.contains_key(*n)) {
        stale.push(format!("{extra} is not generated any more"));
    }
    assert!(stale.is_empty(), "schema/ is stale ({}); run `make schema`", stale.join(", "));
}

/// A validator for `schema`, resolving `#/components/schemas/*` against our OpenAPI document.
fn validator(schema: &Value) -> jsonschema::Validator {
    let mut root = schema.clone();
    root["components"] = schema::openapi()["components"].clone();
    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    jsonschema::validator_for(&root).expect("a valid schema")
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

#[test]
fn every_rest_fixture_matches_its_operations_response_schema() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for e in manifest()["rest"].as_array().unwrap() {
        let file = e["file"].as_str().unwrap();
        let op = Operation::from_method_name(e["operation"].as_str().unwrap()).unwrap();
        let body = String::from_utf8(fixture(file)).unwrap();
        let Some((media, schema)) = schema::response_schema(op) else { continue };
        if e["expect_error"]["kind"] != "refused" && !e["expect_error"].is_null() {
            continue; // deliberately not the operation's shape: the client must turn it into an error
        }
        if body.trim().is_empty() {
            continue; // NOWEB/GOWS setters answer an empty body, as the description says
        }
        let instance = if media == "application/json" {
            serde_json::from_str::<Value>(&body).unwrap_or_else(|e| panic!("{file}: {e}"))
        } else {
            Value::String(body.clone())
        };
        checked += 1;
        failures.extend(errors(&validator(&schema), &instance).into_iter().map(|m| format!("{file}: {m}")));
    }
    assert!(checked >= 70, "only {checked} fixtures checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn decoded_models_match_their_model_schemas() {
    let models: BTreeMap<&str, &str> = [
        ("create", "Group"),
        ("get", "Group"),
        ("join_info", "GroupJoinInfo"),
        ("participants_v1", "ParticipantList"),
        ("lid", "LidMapping"),
    ]
    .into();
    let lists: BTreeMap<&str, &str> = [
        ("list", "Group"),
        ("participants", "Participant"),
        ("add_participants", "ParticipantOutcome"),
        ("join_requests", "JoinRequest"),
        ("approve_join_requests", "JoinRequestOutcome"),
    ]
    .into();
    let mut failures = Vec::new();
    for e in manifest()["rest"].as_array().unwrap() {
        let (file, method) = (e["file"].as_str().unwrap(), e["operation"].as_str().unwrap());
        if !e["expect_error"].is_null() {
            continue; // decodes to an error, not a model
        }
        let (name, is_list) = match (models.get(method), lists.get(method)) {
            (Some(n), _) => (*n, false),
            (_, Some(n)) => (*n, true),
            _ => continue,
        };
        let body = String::from_utf8(fixture(file)).unwrap();
        let requested: Vec<String> = e["requested"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap().into()).collect())
            .unwrap_or_default();
        let decoded = decode_response(Operation::from_method_name(method).unwrap(), &body, &requested).unwrap();
        let schema = schema::json_schema(name).unwrap();
        let v = jsonschema::validator_for(&schema).unwrap();
        let items = if is_list { decoded.as_array().unwrap().clone() } else { vec![decoded] };
        for item in items {
            failures.extend(errors(&v, &item).into_iter().map(|m| format!("{file} as {name}: {m}")));
        }
    }
    for e in manifest()["webhooks"].as_array().unwrap() {
        let event = waha_groups::webhook::parse(&fixture(e["file"].as_str().unwrap())).unwrap();
        let v = jsonschema::validator_for(&schema::json_schema("WebhookEvent").unwrap()).unwrap();
        failures.extend(
            errors(&v, &serde_json::to_value(event).unwrap()).into_iter().map(|m| format!("{}: {m}", e["file"])),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Differences from WAHA's 2026.7.2 OpenAPI that are intended. Every entry says why.
const ALLOWED: &[(&str, &str)] = &[
    // Operations after 2026.7.2 (spec §2.6/§2.7: 2026.8.2 join requests and membership approval,
    // 2026.9.2 member-share-history-mode); WAHA's 2026.7.2 document cannot list them.
    ("extra-operation", "GET /api/{session}/groups/{id}/participants/join-requests"),
    ("extra-operation", "POST /api/{session}/groups/{id}/participants/join-requests/approve"),
    ("extra-operation", "POST /api/{session}/groups/{id}/participants/join-requests/reject"),
    ("extra-operation", "GET /api/{session}/groups/{id}/settings/security/membership-approval"),
    ("extra-operation", "PUT /api/{session}/groups/{id}/settings/security/membership-approval"),
    ("extra-operation", "GET /api/{session}/groups/{id}/settings/security/member-share-history-mode"),
    ("extra-operation", "PUT /api/{session}/groups/{id}/settings/security/member-share-history-mode"),
];

/// Resolves a `$ref` inside `doc`.
fn deref<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap_or(v),
        None => v,
    }
}

/// Field name → (type, required) of an object body schema (following one `$ref`).
fn body_fields(doc: &Value, schema: &Value) -> BTreeMap<String, (String, bool)> {
    let s = deref(doc, schema);
    let required: BTreeSet<&str> = s["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    s["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            let v = deref(doc, v);
            let t = v["type"].as_str().map(str::to_owned).unwrap_or_else(|| {
                if v.get("oneOf").is_some() || v.get("anyOf").is_some() { "union".into() } else { "any".into() }
            });
            (k.clone(), (t, required.contains(k.as_str())))
        })
        .collect()
}

fn operations(doc: &Value) -> BTreeMap<String, Value> {
    let mut ops = BTreeMap::new();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for (method, op) in methods.as_object().unwrap() {
            ops.insert(format!("{} {path}", method.to_uppercase()), op.clone());
        }
    }
    ops
}

/// Every difference between the two documents, as (kind, where: detail).
fn drift(ours: &Value, waha: &Value) -> Vec<(String, String)> {
    let (our_ops, their_ops) = (operations(ours), operations(waha));
    let mut out = Vec::new();
    for key in their_ops.keys().filter(|k| !our_ops.contains_key(*k)) {
        out.push(("missing-operation".into(), key.clone()));
    }
    for (key, mine) in &our_ops {
        let Some(theirs) = their_ops.get(key) else {
            if key.contains("/groups") {
                out.push(("extra-operation".into(), key.clone()));
            }
            continue;
        };
        if mine["operationId"] != theirs["operationId"] {
            out.push(("operation-id".into(), format!("{key}: {} vs {}", mine["operationId"], theirs["operationId"])));
        }
        let params = |op: &Value| -> BTreeMap<String, (bool, String)> {
            op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    let t = p["schema"]["type"].as_str().unwrap_or("string").to_owned();
                    (
                        format!("{}:{}", p["in"].as_str().unwrap_or(""), p["name"].as_str().unwrap_or("")),
                        (p["required"].as_bool().unwrap_or(false), t),
                    )
                })
                .collect()
        };
        let (mp, tp) = (params(mine), params(theirs));
        for (name, t) in &tp {
            match mp.get(name) {
                None => out.push(("missing-parameter".into(), format!("{key}: {name}"))),
                Some(m) if m != t => {
                    out.push(("parameter".into(), format!("{key}: {name} (required, type) ours {m:?} theirs {t:?}")))
                }
                _ => {}
            }
        }
        for name in mp.keys().filter(|n| !tp.contains_key(*n)) {
            out.push(("extra-parameter".into(), format!("{key}: {name}")));
        }
        let body = |doc: &Value, op: &Value| {
            op.pointer("/requestBody/content/application~1json/schema").map(|s| body_fields(doc, s))
        };
        match (body(ours, mine), body(waha, theirs)) {
            (Some(m), Some(t)) if m != t => {
                out.push(("request-body".into(), format!("{key}: ours {m:?} theirs {t:?}")))
            }
            (None, Some(_)) => out.push(("request-body".into(), format!("{key}: WAHA takes a body, we send none"))),
            (Some(_), None) => {
                out.push(("request-body".into(), format!("{key}: we send a body WAHA does not declare")))
            }
            _ => {}
        }
        for status in theirs["responses"].as_object().into_iter().flatten().map(|(s, _)| s) {
            if mine["responses"].get(status).is_none() {
                out.push(("response-status".into(), format!("{key}: WAHA answers {status}, we do not document it")));
            }
        }
    }
    out
}

fn waha_spec() -> Value {
    let text = std::fs::read_to_string(repo().join("schema/waha/waha-openapi-groups-2026.7.2.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn our_openapi_agrees_with_wahas_own_document() {
    let unexplained: Vec<String> = drift(&schema::openapi(), &waha_spec())
        .into_iter()
        .filter(|(kind, at)| !ALLOWED.iter().any(|(k, a)| k == kind && a == at))
        .map(|(kind, at)| format!("  {kind:<18} {at}"))
        .collect();
    assert!(
        unexplained.is_empty(),
        "differences from WAHA's OpenAPI not in the allow-list:\n{}",
        unexplained.join("\n")
    );
}

#[test]
fn every_allow_list_entry_is_still_needed() {
    let found = drift(&schema::openapi(), &waha_spec());
    for (kind, at) in ALLOWED {
        assert!(found.iter().any(|(k, a)| k == kind && a == at), "allow-list entry no longer needed: {kind} {at}");
    }
}

#[test]
fn drift_detects_and_names_real_differences() {
    let mut ours = schema::openapi();
    // Rename a body field, drop a parameter and an operation: each must be reported by name.
    ours["components"]["schemas"]["SubjectRequest"]["properties"] = json!({"title": {"type": "string"}});
    ours["components"]["schemas"]["SubjectRequest"]["required"] = json!(["title"]);
    let list = ours["paths"]["/api/{session}/groups"]["get"]["parameters"].as_array_mut().unwrap();
    list.retain(|p| p["name"] != "sortOrder");
    ours["paths"]["/api/{session}/groups/{id}/leave"].as_object_mut().unwrap().remove("post");
    let found = drift(&ours, &waha_spec());
    let text = format!("{found:?}");
    assert!(text.contains("request-body") && text.contains("subject") && text.contains("title"), "{text}");
    assert!(text.contains("missing-parameter") && text.contains("query:sortOrder"), "{text}");
    assert!(text.contains("missing-operation") && text.contains("POST /api/{session}/groups/{id}/leave"), "{text}");
}
