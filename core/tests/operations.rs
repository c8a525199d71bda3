//! One wiremock test per operation: the exact request on the wire and the decoded result.
//!
//! Each test lets a recording server answer with a real-shape fixture, then asserts the
//! method, the percent-encoded path, the whole query string, `X-Api-Key`, the exact JSON body
//! and what the method returned.

use std::path::PathBuf;

use serde_json::{Value, json};
use waha_groups::{Client, ErrorKind, Groups, ListGroups, PictureFile, RetryPolicy, Role, SortBy, SortOrder};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const G: &str = "120363401234567890@g.us";
const G_ENC: &str = "120363401234567890%40g.us";

fn fixture(path: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A server answering every request with `status` and `body` (JSON if it parses, else text).
async fn server(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    let template = if serde_json::from_str::<Value>(body).is_ok() {
        ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
    } else {
        ResponseTemplate::new(status).set_body_raw(body.to_owned(), "text/html; charset=utf-8")
    };
    Mock::given(any()).respond_with(template).mount(&server).await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).api_key("secret").retry(RetryPolicy::disabled()).build().unwrap()
}

fn groups(server: &MockServer) -> Groups {
    client(server).groups("default")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// Asserts the one request the server saw.
async fn assert_request(server: &MockServer, method: &str, path: &str, query: Option<&str>, body: Option<Value>) {
    let req = only_request(server).await;
    assert_eq!(req.method.as_str(), method);
    assert_eq!(req.url.path(), path);
    assert_eq!(req.url.query(), query);
    assert_eq!(req.headers.get("x-api-key").and_then(|v| v.to_str().ok()), Some("secret"));
    match body {
        Some(want) => {
            let got: Value = serde_json::from_slice(&req.body).expect("JSON body");
            assert_eq!(got, want);
            assert_eq!(req.headers.get("content-type").unwrap(), "application/json");
        }
        None => assert!(req.body.is_empty(), "unexpected body {:?}", String::from_utf8_lossy(&req.body)),
    }
}

fn p(id: &str) -> String {
    format!("/api/default/groups/{G_ENC}{id}")
}

#[tokio::test]
async fn create() {
    let s = server(201, &fixture("rest/noweb/create.json")).await;
    let g =
        groups(&s).create("Team", ["11111111111@c.us", "22222222222@s.whatsapp.net", "+33333333333"]).await.unwrap();
    let body = json!({"name": "Team", "participants": [{"id": "11111111111@c.us"}, {"id": "22222222222@c.us"}, {"id": "33333333333@c.us"}]});
    assert_request(&s, "POST", "/api/default/groups", None, Some(body)).await;
    assert_eq!((g.id.as_str(), g.subject.as_str()), (G, "Team"));
    assert_eq!(g.participants[0].role, Role::Superadmin);
}

#[tokio::test]
async fn list_with_every_query_parameter() {
    let s = server(200, &fixture("rest/noweb/list.json")).await;
    let q = ListGroups::new()
        .limit(50)
        .offset(10)
        .sort_by(SortBy::Subject)
        .sort_order(SortOrder::Desc)
        .exclude_participants();
    let list = groups(&s).list(q).await.unwrap();
    let query = "limit=50&offset=10&sortBy=subject&sortOrder=desc&exclude=participants";
    assert_request(&s, "GET", "/api/default/groups", Some(query), None).await;
    assert_eq!(list.iter().map(|g| g.subject.as_str()).collect::<Vec<_>>(), ["Zulu", "Alpha"]);
}

#[tokio::test]
async fn list_without_options_sends_no_query() {
    let s = server(200, &fixture("rest/gows/list.json")).await;
    assert_eq!(groups(&s).list(ListGroups::new()).await.unwrap().len(), 2);
    assert_request(&s, "GET", "/api/default/groups", None, None).await;
}

#[tokio::test]
async fn join_info() {
    let s = server(200, &fixture("rest/noweb/join_info.json")).await;
    let info = groups(&s).join_info("https://chat.whatsapp.com/AbCdEf123456").await.unwrap();
    assert_request(&s, "GET", "/api/default/groups/join-info", Some("code=AbCdEf123456"), None).await;
    assert_eq!(info.id.as_deref(), Some(G));
    assert_eq!(info.approval_required, Some(true));
}

#[tokio::test]
async fn join() {
    let s = server(200, &fixture("rest/any/join.json")).await;
    let id = groups(&s).join("https://chat.whatsapp.com/AbCdEf123456").await.unwrap();
    assert_request(&s, "POST", "/api/default/groups/join", None, Some(json!({"code": "AbCdEf123456"}))).await;
    assert_eq!(id.as_deref(), Some(G));
}

#[tokio::test]
async fn count() {
    let s = server(200, &fixture("rest/any/count.json")).await;
    assert_eq!(groups(&s).count().await.unwrap(), 2);
    assert_request(&s, "GET", "/api/default/groups/count", None, None).await;
}

#[tokio::test]
async fn refresh() {
    let s = server(200, &fixture("rest/any/refresh.json")).await;
    groups(&s).refresh().await.unwrap();
    assert_request(&s, "POST", "/api/default/groups/refresh", None, None).await;
}

#[tokio::test]
async fn get() {
    let s = server(200, &fixture("rest/gows/get.json")).await;
    let g = groups(&s).get(G).await.unwrap();
    assert_request(&s, "GET", &p(""), None, None).await;
    assert_eq!(g.subject, "Work Group");
    assert_eq!(g.raw.parse().unwrap()["AddressingMode"], "lid");
}

#[tokio::test]
async fn delete() {
    let s = server(200, &fixture("rest/webjs/delete.txt")).await;
    groups(&s).delete(G).await.unwrap();
    assert_request(&s, "DELETE", &p(""), None, None).await;
}

#[tokio::test]
async fn leave() {
    let s = server(200, "").await;
    groups(&s).leave(G).await.unwrap();
    assert_request(&s, "POST", &p("/leave"), None, None).await;
}

#[tokio::test]
async fn picture() {
    let s = server(200, &fixture("rest/any/picture.json")).await;
    let url = groups(&s).picture(G, true).await.unwrap();
    assert_request(&s, "GET", &p("/picture"), Some("refresh=true"), None).await;
    assert_eq!(url.as_deref(), Some("https://pps.whatsapp.net/v/t61/abc.jpg"));
    let s = server(200, &fixture("rest/any/picture-none.json")).await;
    assert_eq!(groups(&s).picture(G, false).await.unwrap(), None);
    assert_request(&s, "GET", &p("/picture"), None, None).await;
}

#[tokio::test]
async fn set_picture() {
    let s = server(200, &fixture("rest/any/set_picture.json")).await;
    groups(&s).set_picture(G, PictureFile::url("https://example.com/a.jpg")).await.unwrap();
    let body = json!({"file": {"url": "https://example.com/a.jpg", "mimetype": "image/jpeg"}});
    assert_request(&s, "PUT", &p("/picture"), None, Some(body)).await;
}

#[tokio::test]
async fn delete_picture() {
    let s = server(200, &fixture("rest/any/delete_picture.json")).await;
    groups(&s).delete_picture(G).await.unwrap();
    assert_request(&s, "DELETE", &p("/picture"), None, None).await;
}

#[tokio::test]
async fn set_description() {
    let s = server(200, "").await;
    groups(&s).set_description(G, "Our team").await.unwrap();
    assert_request(&s, "PUT", &p("/description"), None, Some(json!({"description": "Our team"}))).await;
}

#[tokio::test]
async fn set_subject() {
    let s = server(200, &fixture("rest/webjs/set_subject.txt")).await;
    groups(&s).set_subject(G, "Team 2026").await.unwrap();
    assert_request(&s, "PUT", &p("/subject"), None, Some(json!({"subject": "Team 2026"}))).await;
}

#[tokio::test]
async fn set_subject_refused_by_whatsapp() {
    let s = server(200, &fixture("rest/webjs/set_subject-refused.txt")).await;
    let err = groups(&s).set_subject(G, "Team 2026").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused);
    assert_eq!(err.body(), Some("false"));
}

macro_rules! flag_tests {
    ($($get:ident / $set:ident => $path:literal, $field:literal, $fixture:literal, $value:expr;)+) => {$(
        #[tokio::test]
        async fn $get() {
            let s = server(200, &fixture($fixture)).await;
            assert_eq!(groups(&s).$get(G).await.unwrap(), $value);
            assert_request(&s, "GET", &p(concat!("/settings/security/", $path)), None, None).await;
        }
        #[tokio::test]
        async fn $set() {
            let s = server(200, "").await;
            groups(&s).$set(G, true).await.unwrap();
            assert_request(&s, "PUT", &p(concat!("/settings/security/", $path)), None, Some(json!({ $field: true }))).await;
        }
    )+};
}

flag_tests! {
    info_admin_only / set_info_admin_only => "info-admin-only", "adminsOnly", "rest/any/info_admin_only.json", true;
    messages_admin_only / set_messages_admin_only => "messages-admin-only", "adminsOnly", "rest/any/messages_admin_only.json", false;
    member_add_mode / set_member_add_mode => "member-add-mode", "membersCanAddNewMember", "rest/any/member_add_mode.json", true;
    member_share_history_mode / set_member_share_history_mode => "member-share-history-mode", "membersCanShareHistory", "rest/any/member_share_history_mode.json", false;
    membership_approval / set_membership_approval => "membership-approval", "newMembersApprovalRequired", "rest/any/membership_approval.json", true;
}

#[tokio::test]
async fn invite_code() {
    let s = server(200, &fixture("rest/gows/invite_code.txt")).await;
    let code = groups(&s).invite_code(G).await.unwrap();
    assert_request(&s, "GET", &p("/invite-code"), None, None).await;
    assert_eq!(code.as_str(), "AbCdEf123456");
}

#[tokio::test]
async fn revoke_invite_code() {
    let s = server(200, &fixture("rest/noweb/revoke_invite_code.txt")).await;
    let code = groups(&s).revoke_invite_code(G).await.unwrap();
    assert_request(&s, "POST", &p("/invite-code/revoke"), None, None).await;
    assert_eq!(code.as_str(), "XyZ987654321");
}

#[tokio::test]
async fn participants_v1() {
    let s = server(200, &fixture("rest/webjs/participants_v1.json")).await;
    let list = groups(&s).participants_v1(G).await.unwrap();
    assert_request(&s, "GET", &p("/participants"), None, None).await;
    assert_eq!(list.participants.len(), 2);
    assert_eq!(list.raw.parse().unwrap()[0]["id"]["user"], "11111111111");
}

#[tokio::test]
async fn participants() {
    let s = server(200, &fixture("rest/noweb/participants.json")).await;
    let list = groups(&s).participants(G).await.unwrap();
    assert_request(&s, "GET", &p("/participants/v2"), None, None).await;
    assert_eq!(list[1].pn.as_deref(), Some("33333333333@c.us"));
}

macro_rules! member_tests {
    ($($name:ident => $path:literal, $fixture:literal;)+) => {$(
        #[tokio::test]
        async fn $name() {
            let s = server(200, &fixture($fixture)).await;
            let out = groups(&s).$name(G, ["22222222222@c.us"]).await.unwrap();
            let body = json!({"participants": [{"id": "22222222222@c.us"}]});
            assert_request(&s, "POST", &p($path), None, Some(body)).await;
            assert_eq!(out[0].id, "22222222222@c.us");
            assert!(out[0].ok);
        }
    )+};
}

member_tests! {
    add_participants => "/participants/add", "rest/gows/add_participants.json";
    remove_participants => "/participants/remove", "rest/webjs/remove_participants.json";
    promote => "/admin/promote", "rest/noweb/promote.json";
    demote => "/admin/demote", "rest/gows/demote.json";
}

#[tokio::test]
async fn join_requests() {
    let s = server(200, &fixture("rest/any/join_requests.json")).await;
    let list = groups(&s).join_requests(G).await.unwrap();
    assert_request(&s, "GET", &p("/participants/join-requests"), None, None).await;
    assert_eq!(list.len(), 2);
}

#[tokio::test]
async fn approve_join_requests() {
    let s = server(200, &fixture("rest/any/approve_join_requests.json")).await;
    let out = groups(&s).approve_join_requests(G, ["200000000000002@lid", "22222222222@c.us"]).await.unwrap();
    let body = json!({"participants": [{"id": "200000000000002@lid"}, {"id": "22222222222@c.us"}]});
    assert_request(&s, "POST", &p("/participants/join-requests/approve"), None, Some(body)).await;
    assert_eq!((out[0].ok, out[1].ok, out[1].error), (true, false, Some(404)));
}

#[tokio::test]
async fn reject_join_requests() {
    let s = server(200, &fixture("rest/any/reject_join_requests.json")).await;
    let out = groups(&s).reject_join_requests(G, ["200000000000002@lid"]).await.unwrap();
    let body = json!({"participants": [{"id": "200000000000002@lid"}]});
    assert_request(&s, "POST", &p("/participants/join-requests/reject"), None, Some(body)).await;
    assert!(out[0].ok);
}

#[tokio::test]
async fn lid_lookups() {
    let s = server(200, &fixture("rest/any/lid.json")).await;
    let m = client(&s).lids("default").phone_number("200000000000002@lid").await.unwrap();
    assert_request(&s, "GET", "/api/default/lids/200000000000002%40lid", None, None).await;
    assert_eq!(m.pn.as_deref(), Some("33333333333@c.us"));

    let s = server(200, &fixture("rest/any/lid.json")).await;
    let m = client(&s).lids("default").lid("33333333333").await.unwrap();
    assert_request(&s, "GET", "/api/default/lids/pn/33333333333%40c.us", None, None).await;
    assert_eq!(m.lid, "200000000000002@lid");

    let s = server(200, r#"[{"lid":"1@lid","pn":"2@c.us"}]"#).await;
    assert_eq!(client(&s).lids("default").list(Some(10), Some(5)).await.unwrap().len(), 1);
    assert_request(&s, "GET", "/api/default/lids", Some("limit=10&offset=5"), None).await;

    let s = server(200, r#"{"count":7}"#).await;
    assert_eq!(client(&s).lids("default").count().await.unwrap(), 7);
    assert_request(&s, "GET", "/api/default/lids/count", None, None).await;
}

#[tokio::test]
async fn lid_lookups_reject_the_wrong_kind_of_id() {
    let s = server(200, "{}").await;
    let lids = client(&s).lids("default");
    assert_eq!(lids.phone_number("111@c.us").await.unwrap_err().kind(), ErrorKind::InvalidArgument);
    assert_eq!(lids.lid("1@lid").await.unwrap_err().kind(), ErrorKind::InvalidArgument);
    assert!(s.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn supporting_endpoints() {
    let s = server(
        200,
        r#"[{"name":"default","status":"WORKING","me":{"id":"1@c.us","pushName":"Me"},"engine":{"engine":"NOWEB"}}]"#,
    )
    .await;
    let sessions = client(&s).sessions().await.unwrap();
    assert_request(&s, "GET", "/api/sessions", None, None).await;
    assert_eq!((sessions[0].status.as_str(), sessions[0].engine.as_deref()), ("WORKING", Some("NOWEB")));
    assert_eq!(sessions[0].me.as_ref().unwrap().push_name.as_deref(), Some("Me"));

    let s = server(200, r#"{"id":"1@c.us","pushName":"Me"}"#).await;
    assert_eq!(client(&s).me("default").await.unwrap().unwrap().id, "1@c.us");
    assert_request(&s, "GET", "/api/sessions/default/me", None, None).await;

    let s = server(200, r#"{"version":"2026.9.2","engine":"GOWS","tier":"PLUS","browser":null,"platform":"linux/x64","worker":{"id":"w1"}}"#).await;
    let env = client(&s).version().await.unwrap();
    assert_request(&s, "GET", "/api/version", None, None).await;
    assert_eq!((env.version.as_deref(), env.worker_id.as_deref()), (Some("2026.9.2"), Some("w1")));
}
