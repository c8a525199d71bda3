//! The conformance suite: runs a defined list of scenarios against any WAHA base URL (the
//! in-process mock by default) and reports, per operation, whether the status, the body shape
//! (against `schema/openapi.json`'s response schema) and the SDK's decoding match what the SDK
//! expects. Read-only unless writes are allowed. `--record` saves the raw answers with phone
//! numbers and ids replaced consistently, as fixtures others can contribute.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};
use waha_groups::ops::decode_response;
use waha_groups::routes::Operation as Op;
use waha_groups::schema;

/// Where to run and what is allowed.
#[derive(Debug, Clone)]
pub struct Target {
    /// Base URL.
    pub url: String,
    /// `X-Api-Key`.
    pub api_key: Option<String>,
    /// Session to use.
    pub session: String,
    /// Run the scenarios that create a throwaway group.
    pub allow_writes: bool,
    /// A phone id to add/remove in write scenarios (a real WAHA needs a real number).
    pub participant: Option<String>,
    /// A label for reports and recordings (e.g. the engine).
    pub label: String,
}

/// The outcome of one operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// SDK method name.
    pub operation: String,
    /// `pass`, `fail` or `skip`.
    pub result: &'static str,
    /// Expected and received status.
    pub status: Option<(u16, u16)>,
    /// Body matches the documented schema.
    pub shape_ok: Option<bool>,
    /// The SDK decoded it.
    pub decode_ok: Option<bool>,
    /// Why it failed or was skipped.
    pub note: String,
}

/// A raw answer, kept for `--record`.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// SDK method name.
    pub operation: String,
    /// HTTP status.
    pub status: u16,
    /// Content type.
    pub content_type: String,
    /// Body text.
    pub body: String,
}

/// Everything one run produced.
#[derive(Debug, Default)]
pub struct Report {
    /// Per operation.
    pub rows: Vec<Row>,
    /// Raw answers.
    pub recorded: Vec<Recorded>,
}

impl Report {
    /// Whether no operation failed.
    pub fn passed(&self) -> bool {
        self.rows.iter().all(|r| r.result != "fail")
    }

    /// A readable table.
    pub fn table(&self, label: &str) -> String {
        let mut out = format!(
            "{label}\n{:<34} {:<6} {:<10} {:<6} {:<6} note\n",
            "operation", "result", "status", "shape", "decode"
        );
        let flag = |b: Option<bool>| match b {
            Some(true) => "ok",
            Some(false) => "FAIL",
            None => "-",
        };
        for r in &self.rows {
            let status = r
                .status
                .map_or("-".into(), |(want, got)| if want == got { got.to_string() } else { format!("{got}≠{want}") });
            out.push_str(&format!(
                "{:<34} {:<6} {:<10} {:<6} {:<6} {}\n",
                r.operation,
                r.result,
                status,
                flag(r.shape_ok),
                flag(r.decode_ok),
                r.note
            ));
        }
        let (pass, fail, skip) = self.rows.iter().fold((0, 0, 0), |(p, f, s), r| match r.result {
            "pass" => (p + 1, f, s),
            "fail" => (p, f + 1, s),
            _ => (p, f, s + 1),
        });
        out.push_str(&format!("{pass} passed, {fail} failed, {skip} skipped\n"));
        out
    }
}

/// Checks a raw 2xx answer of `op` against the documented schema and the SDK decoder.
pub fn check_body(op: Op, content_type: &str, body: &str, requested: &[String]) -> (Option<bool>, bool, String) {
    let mut notes = Vec::new();
    let shape_ok = match schema::response_schema(op) {
        None => Some(body.trim().is_empty()),
        Some(_) if body.trim().is_empty() => None, // setters documented as "or an empty body"
        Some((media, schema)) => {
            let instance = if media == "application/json" {
                serde_json::from_str::<Value>(body).ok()
            } else {
                Some(Value::String(body.to_owned()))
            };
            if media == "application/json" && !content_type.contains("json") {
                notes.push(format!("content-type {content_type:?}, expected JSON"));
            }
            match instance {
                None => {
                    notes.push("body is not JSON".into());
                    Some(false)
                }
                Some(instance) => {
                    let mut root = schema;
                    root["components"] = schema::openapi()["components"].clone();
                    let v = jsonschema::validator_for(&root).expect("our schemas compile");
                    let errors: Vec<String> =
                        v.iter_errors(&instance).take(3).map(|e| format!("{e} at {}", e.instance_path())).collect();
                    notes.extend(errors.iter().cloned());
                    Some(errors.is_empty())
                }
            }
        }
    };
    let decode_ok = match decode_response(op, body, requested) {
        Ok(_) => true,
        Err(e) => {
            notes.push(format!("decode: {e}"));
            false
        }
    };
    (shape_ok, decode_ok, notes.join("; "))
}

struct Runner<'a> {
    http: reqwest::Client,
    target: &'a Target,
    report: Report,
}

impl Runner<'_> {
    /// Calls `op` with path `values` (after the session), `query` and `body`; returns the JSON body on success.
    async fn step(
        &mut self,
        op: Op,
        values: &[&str],
        query: &[(&str, &str)],
        body: Option<Value>,
        requested: &[String],
    ) -> Option<String> {
        let route = op.route();
        let mut all = vec![self.target.session.as_str()];
        all.extend_from_slice(values);
        let path = route.render(if route.params().next() == Some("session") { &all } else { values });
        let mut req = self.http.request(
            route.method.as_str().parse().expect("method"),
            format!("{}{path}", self.target.url.trim_end_matches('/')),
        );
        if let Some(key) = &self.target.api_key {
            req = req.header("X-Api-Key", key);
        }
        if !query.is_empty() {
            req = req.query(query);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let name = op.method_name().to_owned();
        let (status, content_type, text) = match req.send().await {
            Ok(resp) => {
                let status = resp.status().as_u16();
                let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                (status, ct, resp.text().await.unwrap_or_default())
            }
            Err(e) => {
                self.report.rows.push(Row {
                    operation: name,
                    result: "fail",
                    status: None,
                    shape_ok: None,
                    decode_ok: None,
                    note: format!("transport: {e}"),
                });
                return None;
            }
        };
        self.report.recorded.push(Recorded {
            operation: name.clone(),
            status,
            content_type: content_type.clone(),
            body: text.clone(),
        });
        let expected = route.success_status;
        if status != expected {
            let err = waha_groups::Error::from_response(status, &text, Some(&self.target.session));
            // A 501 is the engine saying it lacks the method: that is a conformant answer.
            let (result, note) = if status == 501 {
                ("skip", format!("not implemented by this engine: {}", err.message()))
            } else {
                ("fail", err.to_string())
            };
            self.report.rows.push(Row {
                operation: name,
                result,
                status: Some((expected, status)),
                shape_ok: None,
                decode_ok: None,
                note,
            });
            return None;
        }
        let (shape_ok, decode_ok, note) = check_body(op, &content_type, &text, requested);
        let result = if shape_ok != Some(false) && decode_ok { "pass" } else { "fail" };
        self.report.rows.push(Row {
            operation: name,
            result,
            status: Some((expected, status)),
            shape_ok,
            decode_ok: Some(decode_ok),
            note,
        });
        Some(text)
    }

    fn skip(&mut self, op: Op, why: &str) {
        self.report.rows.push(Row {
            operation: op.method_name().into(),
            result: "skip",
            status: None,
            shape_ok: None,
            decode_ok: None,
            note: why.into(),
        });
    }
}

fn first_group_id(list_body: &str) -> Option<String> {
    waha_groups::engine::group_list(list_body).ok()?.into_iter().map(|g| g.id).find(|id| !id.is_empty())
}

/// Runs every scenario against `target`.
pub async fn run(target: &Target) -> Report {
    let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build().expect("HTTP client");
    let mut r = Runner { http, target, report: Report::default() };

    // Read-only scenarios.
    r.step(Op::Version, &[], &[], None, &[]).await;
    r.step(Op::ListSessions, &[], &[], None, &[]).await;
    r.step(Op::GetSession, &[], &[], None, &[]).await;
    r.step(Op::GetMe, &[], &[], None, &[]).await;
    r.step(Op::CountGroups, &[], &[], None, &[]).await;
    r.step(Op::CountLids, &[], &[], None, &[]).await;
    r.step(Op::ListLids, &[], &[("limit", "5")], None, &[]).await;

    let mut created = None;
    if target.allow_writes {
        let participants: Vec<Value> = target.participant.iter().map(|p| json!({"id": p})).collect();
        let name = format!("waha-groups conformance {}", std::process::id());
        if let Some(body) =
            r.step(Op::CreateGroup, &[], &[], Some(json!({"name": name, "participants": participants})), &[]).await
        {
            created = waha_groups::engine::group(&body).ok().map(|g| g.id);
        }
    } else {
        r.skip(Op::CreateGroup, "read-only run (use --allow-writes)");
    }
    let listed = r.step(Op::ListGroups, &[], &[("limit", "5"), ("sortBy", "id")], None, &[]).await;
    let group = created.clone().or_else(|| listed.as_deref().and_then(first_group_id));
    let Some(id) = group else {
        for op in [Op::GetGroup, Op::ParticipantsV2, Op::Participants, Op::GetPicture, Op::GetInviteCode] {
            r.skip(op, "no group to read (the session is in none; run with --allow-writes)");
        }
        return r.report;
    };
    let id = id.as_str();
    r.step(Op::GetGroup, &[id], &[], None, &[]).await;
    r.step(Op::ParticipantsV2, &[id], &[], None, &[]).await;
    r.step(Op::Participants, &[id], &[], None, &[]).await;
    r.step(Op::GetPicture, &[id], &[], None, &[]).await;
    for op in [
        Op::GetInfoAdminOnly,
        Op::GetMessagesAdminOnly,
        Op::GetMemberAddMode,
        Op::GetMemberShareHistoryMode,
        Op::GetMembershipApproval,
    ] {
        r.step(op, &[id], &[], None, &[]).await;
    }
    let code = r.step(Op::GetInviteCode, &[id], &[], None, &[]).await;
    if let Some(code) = code.and_then(|c| waha_groups::engine::invite_code(&c).ok()) {
        r.step(Op::JoinInfo, &[], &[("code", code.as_str())], None, &[]).await;
    } else {
        r.skip(Op::JoinInfo, "no invite code (not an admin of the group?)");
    }
    r.step(Op::JoinRequests, &[id], &[], None, &[]).await;
    let me = r
        .report
        .recorded
        .iter()
        .find(|x| x.operation == "me")
        .and_then(|x| serde_json::from_str::<Value>(&x.body).ok());
    if let Some(pn) = me.as_ref().and_then(|m| m.get("id")).and_then(Value::as_str) {
        r.step(Op::PhoneNumberToLid, &[pn], &[], None, &[]).await;
    }

    let Some(id) = created.as_deref() else {
        return r.report;
    };
    // Write scenarios, on the throwaway group only.
    r.step(Op::SetSubject, &[id], &[], Some(json!({"subject": "waha-groups conformance (renamed)"})), &[]).await;
    r.step(Op::SetDescription, &[id], &[], Some(json!({"description": "created by waha-groups-conformance"})), &[])
        .await;
    for (op, field) in [
        (Op::SetInfoAdminOnly, "adminsOnly"),
        (Op::SetMessagesAdminOnly, "adminsOnly"),
        (Op::SetMemberAddMode, "membersCanAddNewMember"),
        (Op::SetMembershipApproval, "newMembersApprovalRequired"),
    ] {
        r.step(op, &[id], &[], Some(json!({ field: false })), &[]).await;
    }
    r.step(Op::RevokeInviteCode, &[id], &[], None, &[]).await;
    if let Some(p) = &target.participant {
        let body = json!({"participants": [{"id": p}]});
        let requested = [p.clone()];
        r.step(Op::PromoteParticipants, &[id], &[], Some(body.clone()), &requested).await;
        r.step(Op::DemoteParticipants, &[id], &[], Some(body.clone()), &requested).await;
        r.step(Op::RemoveParticipants, &[id], &[], Some(body.clone()), &requested).await;
        r.step(Op::AddParticipants, &[id], &[], Some(body), &requested).await;
    } else {
        r.skip(Op::AddParticipants, "no --participant given");
    }
    r.step(Op::LeaveGroup, &[id], &[], None, &[]).await;
    r.report
}

/// Runs the scenarios against an in-process mock of `engine` (seeded so reads have data).
pub async fn run_mock(engine: waha_groups::Engine, allow_writes: bool) -> Result<Report, String> {
    let mock = waha_mock::MockWaha::builder()
        .engine(engine.clone())
        .api_key("conformance")
        .seed(1)
        .start()
        .await
        .map_err(|e| e.to_string())?;
    let client = waha_groups::Client::builder()
        .base_url(mock.url())
        .api_key("conformance")
        .build()
        .map_err(|e| e.to_string())?;
    let groups = client.groups("default");
    let g = groups.create("Seed group", ["22222222222@c.us"]).await.map_err(|e| e.to_string())?;
    groups.set_description(&g.id, "seeded for conformance").await.map_err(|e| e.to_string())?;
    let target = Target {
        url: mock.url(),
        api_key: Some("conformance".into()),
        session: "default".into(),
        allow_writes,
        participant: Some("33333333333@c.us".into()),
        label: engine.as_str().into(),
    };
    Ok(run(&target).await)
}

/// Replaces phone numbers, lids and group ids consistently (same input → same fake), keeping
/// their length and server, so recordings can be shared as fixtures.
#[derive(Debug, Default)]
pub struct Anonymizer {
    map: HashMap<String, String>,
}

impl Anonymizer {
    fn fake(&mut self, digits: &str) -> String {
        let n = self.map.len() + 1;
        self.map
            .entry(digits.to_owned())
            .or_insert_with(|| {
                let tail = n.to_string();
                let width = digits.len().max(tail.len() + 1);
                format!("9{tail:0>w$}", w = width - 1)
            })
            .clone()
    }

    /// Anonymises one body: digit runs of 8+ that belong to an id (followed by `@` or `:`,
    /// or a whole JSON string such as WEBJS' `"user"`), plus `"pushName"`/`"name"` of sessions.
    pub fn text(&mut self, body: &str) -> String {
        let bytes = body.as_bytes();
        let mut out = String::with_capacity(body.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'-') {
                    i += 1;
                }
                let run = &body[start..i];
                let next = bytes.get(i).copied();
                let whole_string = start > 0 && bytes[start - 1] == b'"' && next == Some(b'"');
                let is_id = matches!(next, Some(b'@') | Some(b':')) || whole_string;
                if is_id && run.chars().filter(char::is_ascii_digit).count() >= 8 {
                    let faked: Vec<String> = run
                        .split('-')
                        .map(|part| if part.len() >= 8 { self.fake(part) } else { part.to_owned() })
                        .collect();
                    out.push_str(&faked.join("-"));
                } else {
                    out.push_str(run);
                }
                continue;
            }
            let ch = body[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
        }
        out
    }
}

/// Writes the recorded answers to `dir/<label>/<operation>.<json|txt>` (anonymised) and an
/// index `dir/recording.json`.
pub fn save_recording(
    dir: &Path,
    label: &str,
    report: &Report,
    anon: &mut Anonymizer,
) -> std::io::Result<Vec<PathBuf>> {
    let sub = dir.join(label.to_lowercase());
    std::fs::create_dir_all(&sub)?;
    let index_path = dir.join("recording.json");
    let mut index: Vec<Value> =
        std::fs::read_to_string(&index_path).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    let mut written = Vec::new();
    for rec in report.recorded.iter().filter(|r| (200..300).contains(&r.status)) {
        let ext = if rec.content_type.contains("json") { "json" } else { "txt" };
        let file = sub.join(format!("{}.{ext}", rec.operation));
        std::fs::write(&file, anon.text(&rec.body))?;
        let rel = format!("{}/{}.{ext}", label.to_lowercase(), rec.operation);
        index.retain(|e| e["file"] != rel.as_str());
        index.push(json!({"file": rel, "engine": label, "operation": rec.operation, "status": rec.status, "content_type": rec.content_type}));
        written.push(file);
    }
    std::fs::write(index_path, serde_json::to_string_pretty(&index).expect("serialise") + "\n")?;
    Ok(written)
}

/// Checks a fixture directory: `tests/fixtures` (manifest.json) or a recording (recording.json).
/// Every entry must decode and match its operation's documented shape. Returns the failures.
pub fn check_fixtures(dir: &Path) -> Result<(usize, Vec<String>), String> {
    let read =
        |name: &str| std::fs::read_to_string(dir.join(name)).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok());
    let entries: Vec<Value> = if let Some(m) = read("manifest.json") {
        m["rest"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.get("expect_error").is_none())
            .collect()
    } else if let Some(Value::Array(r)) = read("recording.json") {
        r
    } else {
        return Err(format!("{} has neither manifest.json nor recording.json", dir.display()));
    };
    let mut failures = Vec::new();
    for e in &entries {
        let file = e["file"].as_str().unwrap_or_default();
        let Some(op) = e["operation"].as_str().and_then(Op::from_method_name) else {
            failures.push(format!("{file}: unknown operation {}", e["operation"]));
            continue;
        };
        let body = match std::fs::read_to_string(dir.join(file)) {
            Ok(b) => b,
            Err(err) => {
                failures.push(format!("{file}: {err}"));
                continue;
            }
        };
        let ct = e["content_type"].as_str().unwrap_or(if file.ends_with(".json") {
            "application/json"
        } else {
            "text/html"
        });
        let requested: Vec<String> = e["requested"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        let (shape, decode, note) = check_body(op, ct, &body, &requested);
        if shape == Some(false) || !decode {
            failures.push(format!("{file}: {note}"));
        }
    }
    Ok((entries.len(), failures))
}
