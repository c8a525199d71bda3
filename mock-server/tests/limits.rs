//! WhatsApp's limits, simulated: the group size cap per persona, the member-change rate limit on
//! the mock's clock, the answer dropped after a write, and the ways to switch them.

use serde_json::{Value, json};
use waha_groups::{Client, Engine, ErrorKind, RetryPolicy};
use waha_mock::{FaultKind, FaultSpec, JournalFilter, Limits, MemberRate, MockWaha};

fn client(mock: &MockWaha) -> Client {
    Client::builder().base_url(mock.url()).retry(RetryPolicy::disabled()).build().unwrap()
}

fn phones(range: std::ops::Range<u64>) -> Vec<String> {
    range.map(|n| format!("{}@c.us", 490_000_000_000 + n)).collect()
}

async fn control(mock: &MockWaha, method: &str, path: &str, body: Value) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .request(method.parse().unwrap(), format!("{}{path}", mock.url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_full_group_answers_419_per_member_in_every_persona() {
    for engine in [Engine::Webjs, Engine::Wpp, Engine::Noweb, Engine::Gows] {
        let limits = Limits { group_size_cap: Some(5), member_rate: None };
        let mock = MockWaha::builder().engine(engine.clone()).limits(limits).start().await.unwrap();
        let groups = client(&mock).groups("default");
        let g = groups.create("Capped", phones(0..2)).await.unwrap();
        let outcomes = groups.add_participants(&g.id, phones(10..15)).await.unwrap();
        let codes: Vec<Option<i64>> = outcomes.iter().map(|o| o.code).collect();
        assert_eq!(codes, [Some(200), Some(200), Some(419), Some(419), Some(419)], "{engine:?}");
        assert!(outcomes[2..].iter().all(|o| !o.ok && o.requested.is_some()), "{engine:?}");
        assert_eq!(groups.participants(&g.id).await.unwrap().len(), 5, "{engine:?}: the cap counts the creator");
        // Removing one makes room for one.
        groups.remove_participants(&g.id, [&phones(10..11)[0]]).await.unwrap();
        let again = groups.add_participants(&g.id, phones(20..22)).await.unwrap();
        assert_eq!(again.iter().map(|o| o.code).collect::<Vec<_>>(), [Some(200), Some(419)], "{engine:?}");
    }
}

#[tokio::test]
async fn member_changes_over_the_rate_answer_rate_overlimit_and_change_nothing() {
    // A fixed clock: tokens come back only as it moves (one step of 1 s per change, and when
    // the test sets it). 6 a minute: a step brings back a tenth of a member.
    let start = 1_700_000_000_000;
    let limits = Limits { group_size_cap: None, member_rate: Some(MemberRate { per_minute: 6.0, burst: 3 }) };
    let mock = MockWaha::builder().engine(Engine::Noweb).clock(start).limits(limits).start().await.unwrap();
    let groups = client(&mock).groups("default");
    let g = groups.create("Paced", Vec::<String>::new()).await.unwrap();
    let set_clock = |ms: i64| control(&mock, "POST", "/__mock/clock", json!({"now_ms": ms}));

    assert_eq!(set_clock(start).await.0, 200);
    assert!(groups.add_participants(&g.id, phones(0..3)).await.unwrap().iter().all(|o| o.ok));
    let err = groups.add_participants(&g.id, phones(3..4)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.status(), Some(500));
    assert!(err.body().unwrap().contains("rate-overlimit"));
    let err = groups.promote(&g.id, phones(0..1)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited, "promote shares the bucket");
    assert_eq!(groups.participants(&g.id).await.unwrap().len(), 4, "refused requests changed nothing");

    // Twenty seconds later two members fit (2.1 tokens), three do not.
    set_clock(start + 21_000).await;
    assert_eq!(groups.add_participants(&g.id, phones(3..6)).await.unwrap_err().kind(), ErrorKind::RateLimited);
    assert!(groups.add_participants(&g.id, phones(3..5)).await.unwrap().iter().all(|o| o.ok));
    // Reads are never limited.
    for _ in 0..10 {
        groups.get(&g.id).await.unwrap();
    }
    let journal = mock.journal(&JournalFilter { operation: Some("add_participants".into()), ..Default::default() });
    let statuses: Vec<u16> = journal.iter().map(|e| e.status).collect();
    assert_eq!(statuses, [200, 500, 500, 200]);
}

#[tokio::test]
async fn a_dropped_answer_still_applies_the_write() {
    let mock = MockWaha::builder().engine(Engine::Gows).start().await.unwrap();
    let groups = client(&mock).groups("default");
    let g = groups.create("Lossy", Vec::<String>::new()).await.unwrap();
    let spec = FaultSpec {
        operation: Some("add_participants".into()),
        kind: Some(FaultKind::DropAnswer),
        times: Some(1),
        ..Default::default()
    };
    mock.add_fault(spec).unwrap();
    let err = groups.add_participants(&g.id, phones(0..2)).await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Transport | ErrorKind::Decode), "{err:?}");
    let members: Vec<String> = groups.participants(&g.id).await.unwrap().into_iter().filter_map(|p| p.pn).collect();
    assert!(phones(0..2).iter().all(|p| members.contains(p)), "the write took effect: {members:?}");
    // A plain `drop` does not apply it.
    mock.add_fault(FaultSpec {
        operation: Some("add_participants".into()),
        kind: Some(FaultKind::Drop),
        times: Some(1),
        ..Default::default()
    })
    .unwrap();
    groups.add_participants(&g.id, phones(5..6)).await.unwrap_err();
    assert_eq!(groups.participants(&g.id).await.unwrap().len(), 3);
}

#[tokio::test]
async fn limits_are_switched_by_the_control_api_and_kept_across_reset() {
    let mock = MockWaha::builder().start().await.unwrap();
    assert_eq!(mock.limits(), Limits::default());
    assert_eq!(
        control(&mock, "GET", "/__mock/limits", Value::Null).await.1,
        json!({"group_size_cap": null, "member_rate": null})
    );
    let body = json!({"group_size_cap": 1024, "member_rate": {"per_minute": 600.0, "burst": 20}});
    assert_eq!(control(&mock, "PUT", "/__mock/limits", body.clone()).await.0, 200);
    assert_eq!(mock.limits(), Limits::whatsapp(600.0, 20));
    mock.reset();
    assert_eq!(control(&mock, "GET", "/__mock/limits", Value::Null).await.1, body);
    // The world export carries them; a world without them has none.
    assert_eq!(control(&mock, "GET", "/__mock/state", Value::Null).await.1["limits"]["group_size_cap"], 1024);
    // Bad values are refused, named, and change nothing.
    for (bad, needle) in [
        (json!({"group_size_cap": 0}), "group_size_cap"),
        (json!({"member_rate": {"per_minute": -1.0, "burst": 2}}), "per_minute"),
        (json!({"member_rate": {"per_minute": 5.0, "burst": 0}}), "burst"),
        (json!({"cap": 3}), "unknown field"),
    ] {
        let (status, answer) = control(&mock, "PUT", "/__mock/limits", bad).await;
        assert_eq!(status, 400);
        assert!(answer["message"].as_str().unwrap().contains(needle), "{answer}");
    }
    assert_eq!(mock.limits(), Limits::whatsapp(600.0, 20));
    assert!(mock.set_limits(Limits { group_size_cap: Some(0), member_rate: None }).is_err());
    mock.set_limits(Limits::default()).unwrap();
    assert_eq!(mock.limits(), Limits::default());
}
