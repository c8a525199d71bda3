//! Every fixture in tests/fixtures decodes to the facts manifest.json states.

use waha_groups::ops::decode_response;
use waha_groups::routes::Operation;
use waha_groups::{Error, webhook};
use waha_groups_tests::{check_facts, fixture, manifest};

fn text(v: &serde_json::Value, key: &str) -> String {
    v[key].as_str().unwrap_or_else(|| panic!("manifest entry lacks {key}: {v}")).to_owned()
}

#[test]
fn rest_fixtures_decode_to_their_facts() {
    let m = manifest();
    let entries = m["rest"].as_array().unwrap();
    assert!(entries.len() >= 80, "only {} REST fixtures", entries.len());
    let mut failures = Vec::new();
    for e in entries {
        let file = text(e, "file");
        let op =
            Operation::from_method_name(&text(e, "operation")).unwrap_or_else(|| panic!("{file}: unknown operation"));
        let body = String::from_utf8(fixture(&file)).unwrap();
        let requested: Vec<String> = e["requested"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        let result = decode_response(op, &body, &requested);
        match (&e["expect_error"], result) {
            (serde_json::Value::Null, Ok(v)) => {
                failures.extend(check_facts(&v, &e["expect"]).into_iter().map(|f| format!("{file}: {f}")))
            }
            (serde_json::Value::Null, Err(err)) => failures.push(format!("{file}: unexpected error {err}")),
            (want, Ok(v)) => failures.push(format!("{file}: expected error {want}, decoded {v}")),
            (want, Err(err)) => {
                if err.code() != want["kind"] {
                    failures.push(format!("{file}: expected {want}, got {err}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_engine_shaped_group_operation_has_a_fixture_per_engine() {
    let m = manifest();
    let have: std::collections::HashSet<(String, String)> =
        m["rest"].as_array().unwrap().iter().map(|e| (text(e, "engine"), text(e, "operation"))).collect();
    for engine in ["WEBJS", "NOWEB", "GOWS"] {
        for op in [
            "create",
            "list",
            "get",
            "join_info",
            "set_subject",
            "invite_code",
            "participants_v1",
            "participants",
            "add_participants",
            "remove_participants",
            "promote",
            "demote",
            "leave",
            "revoke_invite_code",
        ] {
            assert!(have.contains(&(engine.to_owned(), op.to_owned())), "no {engine} fixture for {op}");
        }
    }
}

#[test]
fn error_fixtures_map_to_their_kinds() {
    let m = manifest();
    let mut failures = Vec::new();
    for e in m["errors"].as_array().unwrap() {
        let file = text(e, "file");
        let body = String::from_utf8(fixture(&file)).unwrap();
        let status = e["status"].as_u64().unwrap() as u16;
        let err = Error::from_response(status, &body, Some("default"));
        let want = &e["expect"];
        if err.code() != want["kind"] {
            failures.push(format!("{file}: kind {} != {}", err.code(), want["kind"]));
        }
        if err.status() != Some(status) || err.body() != Some(body.as_str()) {
            failures.push(format!("{file}: status/body not kept"));
        }
        let optional = [
            ("session", err.session().map(str::to_owned)),
            ("session_status", err.session_status().map(str::to_owned)),
        ];
        for (field, got) in optional {
            if let Some(want) = want[field].as_str()
                && got.as_deref() != Some(want)
            {
                failures.push(format!("{file}: {field} {got:?} != {want}"));
            }
        }
        if let Some(s) = want["message_contains"].as_str()
            && !err.message().contains(s)
        {
            failures.push(format!("{file}: message {:?} lacks {s:?}", err.message()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn webhook_fixtures_parse_to_their_facts() {
    let m = manifest();
    let entries = m["webhooks"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut events = std::collections::HashSet::new();
    for e in entries {
        let file = text(e, "file");
        let body = fixture(&file);
        match webhook::parse(&body) {
            Ok(event) => {
                events.insert(event.event.clone());
                let v = serde_json::to_value(&event).unwrap();
                failures.extend(check_facts(&v, &e["expect"]).into_iter().map(|f| format!("{file}: {f}")));
                if event.raw.get().as_bytes() != body.trim_ascii() {
                    failures.push(format!("{file}: raw is not the body byte for byte"));
                }
            }
            Err(err) => failures.push(format!("{file}: {err}")),
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    for name in webhook::GROUP_EVENTS {
        assert!(events.contains(name), "no fixture for {name}");
    }
}

#[test]
fn documented_hmac_vector_from_the_manifest() {
    let m = manifest();
    let v = &m["hmac_vector"];
    let sig = webhook::sign(text(v, "body").as_bytes(), text(v, "key").as_bytes());
    assert!(sig.starts_with(&text(v, "prefix")) && sig.ends_with(&text(v, "suffix")), "{sig}");
}

/// Mutated fixtures must give a value or an error, never a panic.
#[test]
fn webhook_parsing_never_panics_on_mutated_fixtures() {
    let m = manifest();
    let bodies: Vec<Vec<u8>> = m["webhooks"].as_array().unwrap().iter().map(|e| fixture(&text(e, "file"))).collect();
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let junk: [&[u8]; 8] = [b"null", b"[]", b"{}", b"-1", b"\"\"", b"1e400", b"true", b"\"x@g.us\""];
    let mut parsed = 0;
    for round in 0..4000 {
        let mut body = bodies[round % bodies.len()].clone();
        match rng.u8(0..4) {
            0 => {
                for _ in 0..rng.usize(1..8) {
                    let i = rng.usize(0..body.len());
                    body[i] = rng.u8(..);
                }
            }
            1 => body.truncate(rng.usize(0..body.len())),
            _ => {
                // Replace one JSON value with junk of another type, keeping the JSON valid-ish.
                let starts: Vec<usize> =
                    body.iter().enumerate().filter(|(_, b)| **b == b':').map(|(i, _)| i + 1).collect();
                if let Some(&at) = starts.get(rng.usize(0..starts.len().max(1))) {
                    let end = body[at..].iter().position(|b| *b == b',' || *b == b'}').map_or(body.len(), |p| at + p);
                    body.splice(at..end, junk[rng.usize(0..junk.len())].iter().copied());
                }
            }
        }
        if webhook::parse(&body).is_ok() {
            parsed += 1;
        }
    }
    // Some mutations keep the body valid; most must be rejected cleanly. Both paths ran.
    assert!(parsed > 0 && parsed < 4000, "parsed {parsed} of 4000");
}
