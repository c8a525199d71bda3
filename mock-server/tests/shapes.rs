//! Every persona's JSON is held to the real-shape fixtures in tests/fixtures (same keys, same
//! value types), so the mock cannot drift from WAHA even where client and mock agree.

use serde_json::{Value, json};
use waha_groups::Engine;
use waha_groups_tests::{fixture, shape_mismatches};
use waha_mock::{MockWaha, NewSession};

const BOB: &str = "22222222222@c.us";
const CAROL: &str = "33333333333@c.us";

struct Raw {
    http: reqwest::Client,
    base: String,
}

impl Raw {
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, String) {
        let url = format!("{}{path}", self.base);
        let mut req = self.http.request(method.parse().unwrap(), url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        (resp.status().as_u16(), resp.text().await.unwrap())
    }
    async fn json(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, text) = self.call(method, path, body).await;
        assert!(status < 300, "{method} {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
    }
}

fn engine_dir(engine: &Engine, op: &str) -> String {
    let dir = engine.as_str().to_lowercase();
    let own = format!("rest/{dir}/{op}.json");
    if std::path::Path::new(&waha_groups_tests::fixtures_dir().join(&own)).exists() {
        return own;
    }
    let family = if engine.is_browser() { "webjs" } else { &dir };
    format!("rest/{family}/{op}.json")
}

fn expect_shape(engine: &Engine, what: &str, actual: &Value, fixture_path: &str) {
    let expected: Value = serde_json::from_slice(&fixture(fixture_path)).unwrap();
    let problems = shape_mismatches(actual, &expected);
    assert!(
        problems.is_empty(),
        "{} {what} vs {fixture_path}:\n{}\nactual: {actual}",
        engine.as_str(),
        problems.join("\n")
    );
}

async fn check_rest(engine: Engine) {
    let mock = MockWaha::builder().engine(engine.clone()).seed(3).clock(1_740_000_000_000).start().await.unwrap();
    let raw = Raw { http: reqwest::Client::new(), base: format!("{}/api/default/groups", mock.url()) };
    let e = &engine;
    let body = json!({"name": "Team", "participants": [{"id": BOB}]});
    let created = raw.json("POST", "", Some(body)).await;
    expect_shape(e, "create", &created, &engine_dir(e, "create"));
    let id = waha_groups::engine::group(&created.to_string()).unwrap().id;
    let p = |s: &str| format!("/{id}{s}");
    // Give the group a description and a lid-addressed member so optional keys appear.
    raw.call("PUT", &p("/description"), Some(json!({"description": "Our team"}))).await;
    raw.json("POST", &p("/participants/add"), Some(json!({"participants": [{"id": CAROL}]}))).await;
    raw.json("POST", &p("/admin/promote"), Some(json!({"participants": [{"id": CAROL}]}))).await;

    expect_shape(e, "get", &raw.json("GET", &p(""), None).await, &engine_dir(e, "get"));
    expect_shape(e, "list", &raw.json("GET", "", None).await, &engine_dir(e, "list"));
    expect_shape(
        e,
        "participants_v1",
        &raw.json("GET", &p("/participants"), None).await,
        &engine_dir(e, "participants_v1"),
    );
    expect_shape(
        e,
        "participants",
        &raw.json("GET", &p("/participants/v2"), None).await,
        &engine_dir(e, "participants"),
    );
    let add = raw
        .json("POST", &p("/participants/add"), Some(json!({"participants": [{"id": "44444444444@c.us"}, {"id": BOB}]})))
        .await;
    expect_shape(e, "add_participants", &add, &engine_dir(e, "add_participants"));
    for (op, path) in
        [("promote", "/admin/promote"), ("demote", "/admin/demote"), ("remove_participants", "/participants/remove")]
    {
        let v = raw.json("POST", &p(path), Some(json!({"participants": [{"id": "44444444444@c.us"}]}))).await;
        expect_shape(e, op, &v, &engine_dir(e, op));
    }
    let (_, code) = raw.call("GET", &p("/invite-code"), None).await;
    let real = String::from_utf8(fixture(&engine_dir(e, "invite_code").replace(".json", ".txt"))).unwrap();
    assert_eq!(code.starts_with("https://"), real.starts_with("https://"), "{} invite code form: {code}", e.as_str());
    let info = raw.json("GET", &format!("/join-info?code={code}"), None).await;
    expect_shape(e, "join_info", &info, &engine_dir(e, "join_info"));
    for (op, path, body) in [
        ("set_subject", "/subject", json!({"subject": "New"})),
        ("set_info_admin_only", "/settings/security/info-admin-only", json!({"adminsOnly": true})),
    ] {
        let (status, text) = raw.call("PUT", &p(path), Some(body)).await;
        let real = String::from_utf8(fixture(&engine_dir(e, op).replace(".json", ".txt"))).unwrap();
        assert_eq!((status, text.as_str()), (200, real.as_str()), "{} {op}", e.as_str());
    }
    // Shapes every engine shares.
    for (op, method, path, body) in [
        ("count", "GET", "/count".to_owned(), None),
        ("refresh", "POST", "/refresh".to_owned(), None),
        ("picture", "GET", p("/picture"), None),
        ("info_admin_only", "GET", p("/settings/security/info-admin-only"), None),
        ("member_add_mode", "GET", p("/settings/security/member-add-mode"), None),
        ("membership_approval", "GET", p("/settings/security/membership-approval"), None),
        ("member_share_history_mode", "GET", p("/settings/security/member-share-history-mode"), None),
        ("join_requests", "GET", p("/participants/join-requests"), None),
        (
            "approve_join_requests",
            "POST",
            p("/participants/join-requests/approve"),
            Some(json!({"participants": [{"id": BOB}]})),
        ),
    ] {
        let v = raw.json(method, &path, body).await;
        expect_shape(e, op, &v, &format!("rest/any/{op}.json"));
    }
    let lid = raw.json("GET", &format!("/../lids/pn/{BOB}").replace("/groups/..", ""), None).await;
    expect_shape(e, "lid", &lid, "rest/any/lid.json");
}

#[tokio::test]
async fn rest_shapes_webjs() {
    check_rest(Engine::Webjs).await;
}
#[tokio::test]
async fn rest_shapes_wpp() {
    check_rest(Engine::Wpp).await;
}
#[tokio::test]
async fn rest_shapes_noweb() {
    check_rest(Engine::Noweb).await;
}
#[tokio::test]
async fn rest_shapes_gows() {
    check_rest(Engine::Gows).await;
}

/// Envelope and payload of every emitted event match some fixture of the same event × engine.
async fn check_events(engine: Engine) {
    let mock = MockWaha::builder().engine(engine.clone()).seed(5).clock(1_740_000_000_000).start().await.unwrap();
    let metadata = Some(serde_json::Map::from_iter([("team".to_owned(), json!("ops"))]));
    for (name, phone) in [("bob", BOB), ("carol", CAROL)] {
        let s = NewSession {
            name: name.into(),
            phone: phone.into(),
            push_name: None,
            status: None,
            webhooks: vec![],
            metadata: metadata.clone(),
        };
        mock.add_session(s).unwrap();
    }
    let c = waha_groups::Client::builder().base_url(mock.url()).build().unwrap();
    let me = c.groups("default");
    let g = me.create("Team", [BOB]).await.unwrap();
    me.add_participants(&g.id, [CAROL]).await.unwrap();
    me.promote(&g.id, [CAROL]).await.unwrap();
    me.demote(&g.id, [CAROL]).await.unwrap();
    me.set_subject(&g.id, "New").await.unwrap();
    me.set_messages_admin_only(&g.id, true).await.unwrap();
    me.revoke_invite_code(&g.id).await.unwrap();
    me.set_membership_approval(&g.id, true).await.unwrap();
    mock.simulate(waha_mock::Simulation::RequestJoin { group: g.id.clone(), actor: "55555555555@c.us".into() })
        .unwrap();
    me.reject_join_requests(&g.id, ["55555555555@c.us"]).await.unwrap();
    me.remove_participants(&g.id, [BOB]).await.unwrap();
    c.groups("carol").leave(&g.id).await.unwrap();

    let events = mock.events(None, None);
    assert!(events.len() >= 10, "{} events", events.len());
    let root = waha_groups_tests::fixtures_dir().join("webhooks");
    let mut seen = std::collections::BTreeSet::new();
    for ev in events {
        let dir = root.join(&ev.event);
        let prefix = format!("{}-", engine.as_str().to_lowercase());
        let fixtures: Vec<Value> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("no fixtures for {}", ev.event))
            .filter_map(|f| f.ok())
            .filter(|f| f.file_name().to_string_lossy().starts_with(&prefix))
            .map(|f| serde_json::from_slice(&std::fs::read(f.path()).unwrap()).unwrap())
            .collect();
        assert!(!fixtures.is_empty(), "{} emitted {} but no fixture says it does", engine.as_str(), ev.event);
        let strip = |mut v: Value| {
            let o = v.as_object_mut().unwrap();
            o.remove("me");
            o.remove("metadata");
            if let Some(p) = o.get_mut("payload").and_then(Value::as_object_mut) {
                p.remove("_data");
            }
            v
        };
        let actual = strip(ev.body());
        let legacy = ev.event == "group.join" || ev.event == "group.leave";
        let ok = fixtures.iter().any(|f| {
            let f = strip(f.clone());
            if legacy {
                // Raw engine payloads: the envelope must match, the payload is whatever the engine sent.
                let (mut a, mut f) = (actual.clone(), f);
                a["payload"] = json!({});
                f["payload"] = json!({});
                shape_mismatches(&a, &f).is_empty()
            } else {
                shape_mismatches(&actual, &f).is_empty()
            }
        });
        assert!(ok, "{} {} matches no fixture: {}", engine.as_str(), ev.event, ev.body_text());
        seen.insert(ev.event.clone());
    }
    for name in [
        "group.v2.join",
        "group.v2.leave",
        "group.v2.update",
        "group.v2.participants",
        "group.v2.participants.join-request",
    ] {
        assert!(seen.contains(name), "{} never emitted {name}", engine.as_str());
    }
}

#[tokio::test]
async fn event_shapes_webjs() {
    check_events(Engine::Webjs).await;
}
#[tokio::test]
async fn event_shapes_wpp() {
    check_events(Engine::Wpp).await;
}
#[tokio::test]
async fn event_shapes_noweb() {
    check_events(Engine::Noweb).await;
}
#[tokio::test]
async fn event_shapes_gows() {
    check_events(Engine::Gows).await;
}
