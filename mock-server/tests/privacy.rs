//! Numbers whose privacy settings refuse direct adds: each persona answers with an invitation,
//! and the client ties every outcome to the id the caller passed.

use waha_groups::{Client, Engine, ParticipantOutcomes, RetryPolicy};
use waha_mock::MockWaha;

const NOW: i64 = 1_760_000_000_000;
const THREE_DAYS: i64 = 3 * 24 * 3600 * 1000;

#[tokio::test]
async fn a_privacy_refused_add_answers_with_an_invitation_on_every_persona() {
    for engine in Engine::KNOWN {
        let mock = MockWaha::builder().engine(engine.clone()).clock(NOW).start().await.unwrap();
        mock.set_refuses_direct_adds("+44444444444", true).unwrap();
        let client = Client::builder().base_url(mock.url()).retry(RetryPolicy::disabled()).build().unwrap();
        let groups = client.groups("default");
        let g = groups.create("Team", ["22222222222@c.us"]).await.unwrap();

        // A refuser, a number the world has never seen, and a member, in the caller's own spellings.
        let asked = ["+44444444444", "55555555555", "22222222222@s.whatsapp.net"];
        let outcomes = groups.add_participants(&g.id, asked).await.unwrap();
        assert_eq!(outcomes.len(), 3, "{engine}");
        let by = |r: &str| {
            outcomes
                .iter()
                .find(|o| o.requested.as_deref() == Some(r))
                .unwrap_or_else(|| panic!("{engine}: no outcome for {r}: {outcomes:#?}"))
        };

        let refused = by("+44444444444");
        assert_eq!((refused.ok, refused.code), (false, Some(403)), "{engine}");
        assert_eq!(refused.pn.as_deref(), Some("44444444444@c.us"), "{engine}");
        if engine.is_browser() {
            assert_eq!((refused.invite_sent, refused.invite_code.as_deref()), (Some(true), None), "{engine}");
        } else {
            assert_eq!(refused.invite_sent, None, "{engine}");
            assert!(refused.invite_code.as_deref().is_some_and(|c| c.len() >= 8), "{engine}: {refused:?}");
            let expires = refused.invite_expires_at.unwrap_or_else(|| panic!("{engine}: no expiry"));
            assert!((NOW + THREE_DAYS..NOW + THREE_DAYS + 60_000).contains(&expires), "{engine}: {expires}");
        }
        let added = by("55555555555");
        assert_eq!(
            (added.ok, added.code, added.pn.as_deref()),
            (true, Some(200), Some("55555555555@c.us")),
            "{engine}"
        );
        let member = by("22222222222@s.whatsapp.net");
        assert_eq!((member.ok, member.code), (false, Some(409)), "{engine}");

        assert_eq!(outcomes.failed().len(), 2, "{engine}");
        let invitations: Vec<_> = outcomes.invitations().iter().map(|o| o.requested.clone()).collect();
        let want = if engine.is_browser() { vec![] } else { vec![Some("+44444444444".to_owned())] };
        assert_eq!(invitations, want, "{engine}: WEBJS/WPP already sent the invitation");

        // The refuser did not become a member; once they accept adds, adding works.
        let members = groups.participants(&g.id).await.unwrap();
        assert_eq!(members.len(), 3, "{engine}: owner, 222 and 555");
        mock.set_refuses_direct_adds("44444444444@c.us", false).unwrap();
        let again = groups.add_participants(&g.id, ["44444444444"]).await.unwrap();
        assert!(again[0].ok && again[0].invite_code.is_none(), "{engine}: {again:?}");
    }
}

#[tokio::test]
async fn privacy_is_set_through_the_control_api_and_kept_in_the_state() {
    let mock = MockWaha::builder().engine(Engine::Gows).start().await.unwrap();
    let http = reqwest::Client::new();
    let set = |body: serde_json::Value| http.post(format!("{}/__mock/privacy", mock.url())).json(&body).send();
    let ok = set(serde_json::json!({"phone": "44444444444@c.us", "refuses_direct_adds": true})).await.unwrap();
    assert_eq!(ok.status(), 200);
    assert!(mock.state().refuses_direct_adds("44444444444@c.us"));
    let bad = set(serde_json::json!({"phone": "not a number@x", "refuses_direct_adds": true})).await.unwrap();
    assert_eq!(bad.status(), 400, "a bad phone is refused with a message");
    assert!(bad.text().await.unwrap().contains("not a number@x"));
    let missing = set(serde_json::json!({"phone": "44444444444@c.us"})).await.unwrap();
    assert_eq!(missing.status(), 400);

    // Exported state carries the setting into a new mock.
    let copy = MockWaha::builder().engine(Engine::Noweb).world(mock.state()).start().await.unwrap();
    let client = Client::builder().base_url(copy.url()).build().unwrap();
    let groups = client.groups("default");
    let g = groups.create("Team", ["44444444444@c.us", "55555555555@c.us"]).await.unwrap();
    assert_eq!(groups.participants(&g.id).await.unwrap().len(), 2, "the refuser is not added at creation either");
}
