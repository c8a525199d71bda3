//! JSON Schemas and the OpenAPI 3.1 document of the groups API, generated from the code.
//!
//! * Model and request-body schemas come from the schemars derives on [`crate::model`],
//!   [`crate::model::wire`] and [`crate::webhook`] — the same types the client uses.
//! * WAHA's per-engine response shapes (what the decoders in [`crate::engine`] accept) are
//!   described here once, loosely (extra keys allowed), and every real-shape fixture is checked
//!   against them by the tests, so they cannot silently drift from the decoders' inputs.
//! * [`openapi`] walks [`crate::routes::ROUTES`] and adds the error responses WAHA's own document
//!   lacks (400/401/403/422/500/501).
//!
//! `cargo run -p waha-groups --example gen-schema` writes `schema/openapi.json` and
//! `schema/<Name>.schema.json`; a test fails when the committed files differ.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde_json::{Map, Value, json};

use crate::model::wire::*;
use crate::model::*;
use crate::routes::{Method, Operation as Op, ROUTES, Route};
use crate::webhook::WebhookEvent;

fn schema_of<T: JsonSchema>() -> Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    serde_json::to_value(generator.into_root_schema_for::<T>()).expect("schemas serialise")
}

/// Schemas of every public model, request body and the webhook envelope, by name.
pub fn model_schemas() -> BTreeMap<&'static str, Value> {
    let mut m = BTreeMap::new();
    macro_rules! add {
        ($($t:ty),+ $(,)?) => {$( m.insert(stringify!($t), schema_of::<$t>()); )+};
    }
    add!(
        Group,
        GroupPatch,
        GroupJoinInfo,
        Participant,
        ParticipantOutcome,
        ParticipantList,
        JoinRequest,
        JoinRequestOutcome,
        LidMapping,
        MeInfo,
        Environment,
        SessionInfo,
        ListGroups,
        WebhookEvent,
        CreateGroupRequest,
        ParticipantsRequest,
        SubjectRequest,
        DescriptionRequest,
        SettingsSecurityChangeInfo,
        SettingsMemberAddMode,
        SettingsMemberShareHistoryMode,
        SettingsMembershipApproval,
        JoinGroupRequest,
        ProfilePictureRequest,
    );
    m
}

/// The JSON Schema of a model, request body or `WebhookEvent` by name (e.g. `"Group"`).
///
/// ```
/// let schema = waha_groups::schema::json_schema("Group").unwrap();
/// assert_eq!(schema["title"], "Group");
/// assert!(waha_groups::schema::json_schema("Nope").is_none());
/// ```
pub fn json_schema(name: &str) -> Option<Value> {
    model_schemas().remove(name)
}

fn obj(required: &[&str], properties: Value) -> Value {
    json!({"type": "object", "required": required, "properties": properties, "additionalProperties": true})
}

fn nullable(t: &str) -> Value {
    json!({"type": [t, "null"]})
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn array_of(name: &str) -> Value {
    json!({"type": "array", "items": reference(name)})
}

/// WAHA's wire shapes (responses per engine, error bodies), as OpenAPI components.
fn wire_schemas() -> BTreeMap<&'static str, Value> {
    let s = json!({"type": "string"});
    let b = json!({"type": "boolean"});
    let n = json!({"type": "number"});
    let wid = obj(&["_serialized"], json!({"server": s, "user": s, "_serialized": s}));
    let mut m = BTreeMap::new();
    m.insert("Wid", json!({"description": "whatsapp-web.js id object", "allOf": [wid]}));
    m.insert("WebjsParticipant", obj(&["id"], json!({"id": reference("Wid"), "isAdmin": b, "isSuperAdmin": b})));
    m.insert(
        "WebjsGroupChat",
        json!({"title": "WEBJS/WPP GroupChat", "allOf": [obj(&["id", "groupMetadata"], json!({
            "id": reference("Wid"), "name": s, "isGroup": b, "timestamp": n,
            "groupMetadata": obj(&["id"], json!({
                "id": reference("Wid"), "subject": s, "desc": s, "creation": n, "owner": reference("Wid"),
                "restrict": b, "announce": b, "membershipApprovalMode": b, "size": n,
                "participants": array_of("WebjsParticipant"),
            })),
        }))]}),
    );
    m.insert(
        "WebjsCreateGroupResult",
        obj(&["gid"], json!({"title": s, "gid": reference("Wid"), "participants": {"type": "object"}})),
    );
    m.insert(
        "WebjsInviteInfo",
        obj(&["id"], json!({"id": reference("Wid"), "subject": s, "owner": reference("Wid"), "size": n, "participants": array_of("WebjsParticipant")})),
    );
    m.insert(
        "WebjsAddResult",
        json!({"title": "WEBJS add result keyed by member id", "type": "object",
        "additionalProperties": obj(&["code"], json!({"code": n, "message": s, "isInviteV4Sent": b}))}),
    );
    m.insert("WebjsStatusResult", obj(&["status"], json!({"status": n})));
    m.insert("NowebParticipant", obj(&["id"], json!({"id": s, "admin": {"type": ["string", "null"], "enum": ["admin", "superadmin", null]}, "phoneNumber": s})));
    m.insert(
        "NowebGroupMetadata",
        json!({"title": "NOWEB (Baileys) GroupMetadata", "allOf": [obj(&["id", "participants"], json!({
            "id": s, "subject": s, "owner": nullable("string"), "creation": nullable("number"), "desc": s,
            "restrict": b, "announce": b, "memberAddMode": b, "joinApprovalMode": b, "size": n,
            "participants": array_of("NowebParticipant"),
        }))]}),
    );
    m.insert("NowebGroupMap", json!({"title": "NOWEB groups keyed by id (order = page order)", "type": "object", "additionalProperties": reference("NowebGroupMetadata")}));
    m.insert(
        "NowebUpdateResult",
        obj(&["status", "jid"], json!({"status": s, "jid": s, "content": {"type": "object"}})),
    );
    m.insert(
        "GowsParticipant",
        obj(&["JID"], json!({"JID": s, "PhoneNumber": s, "LID": s, "IsAdmin": b, "IsSuperAdmin": b, "Error": n})),
    );
    m.insert(
        "GowsGroupInfo",
        json!({"title": "GOWS (whatsmeow) GroupInfo; may be hollow", "allOf": [obj(&["JID"], json!({
            "JID": s, "OwnerJID": s, "Name": s, "Topic": s, "IsLocked": b, "IsAnnounce": b, "IsJoinApprovalRequired": b,
            "GroupCreated": s, "MemberAddMode": s, "ParticipantCount": n,
            "Participants": {"type": ["array", "null"], "items": reference("GowsParticipant")},
        }))]}),
    );
    m.insert("GroupParticipant", obj(&["id", "role"], json!({"id": s, "pn": nullable("string"), "role": s})));
    m.insert(
        "GroupJoinRequest",
        obj(
            &["requesterId"],
            json!({
        "requesterId": s, "requesterPn": nullable("string"), "addedById": nullable("string"),
        "parentGroupId": nullable("string"), "requestMethod": nullable("string"), "timestamp": n}),
        ),
    );
    m.insert(
        "GroupJoinRequestResult",
        obj(&["success"], json!({"requesterId": nullable("string"), "success": b, "error": nullable("number")})),
    );
    m.insert("JoinGroupResponse", obj(&[], json!({"id": s})));
    m.insert("CountResponse", obj(&["count"], json!({"count": n})));
    m.insert("Result", obj(&["success"], json!({"success": b})));
    m.insert("ChatPictureResponse", obj(&["url"], json!({"url": nullable("string")})));
    m.insert("LidToPhoneNumber", obj(&["lid"], json!({"lid": nullable("string"), "pn": nullable("string")})));
    m.insert("WAHAEnvironment", obj(&["version"], json!({"version": s, "engine": s, "tier": s, "browser": nullable("string"), "platform": s, "worker": {"type": "object"}})));
    m.insert(
        "WireMeInfo",
        obj(&["id"], json!({"id": s, "lid": nullable("string"), "jid": nullable("string"), "pushName": s})),
    );
    m.insert(
        "WireSessionInfo",
        obj(
            &["name", "status"],
            json!({"name": s, "status": s, "me": {"anyOf": [reference("WireMeInfo"), {"type": "null"}]}}),
        ),
    );
    // Error bodies (spec §1.5).
    m.insert(
        "NestError",
        obj(&["statusCode"], json!({"statusCode": n, "message": {"type": ["string", "array"]}, "error": s})),
    );
    m.insert(
        "SessionError",
        obj(&["error"], json!({"error": s, "session": s, "status": s, "expected": {"type": "array"}})),
    );
    m.insert(
        "ExceptionError",
        obj(
            &["statusCode", "exception"],
            json!({
        "statusCode": n, "timestamp": s, "exception": obj(&[], json!({"message": s, "name": s})),
        "request": {"type": "object"}, "version": {"type": "object"}}),
        ),
    );
    m
}

/// The success response body of an operation: its media type and schema (`None`: may be empty).
fn success_schema(op: Op) -> Option<(&'static str, Value)> {
    let one_of = |names: &[&str]| json!({"oneOf": names.iter().map(|n| reference(n)).collect::<Vec<_>>()});
    let text_bool = (
        "text/html",
        json!({"type": "string", "enum": ["true", "false"],
        "description": "WEBJS/WPP answer text `true`/`false`; NOWEB/GOWS answer an empty body"}),
    );
    Some(match op {
        Op::CreateGroup => {
            ("application/json", one_of(&["WebjsCreateGroupResult", "NowebGroupMetadata", "GowsGroupInfo"]))
        }
        Op::ListGroups => (
            "application/json",
            json!({"oneOf": [
            {"type": "array", "items": {"anyOf": [reference("WebjsGroupChat"), reference("GowsGroupInfo")]}},
            reference("NowebGroupMap")]}),
        ),
        Op::GetGroup => ("application/json", one_of(&["WebjsGroupChat", "NowebGroupMetadata", "GowsGroupInfo"])),
        Op::JoinInfo => ("application/json", one_of(&["WebjsInviteInfo", "NowebGroupMetadata", "GowsGroupInfo"])),
        Op::JoinGroup => ("application/json", reference("JoinGroupResponse")),
        Op::CountGroups | Op::CountLids => ("application/json", reference("CountResponse")),
        Op::RefreshGroups | Op::SetPicture | Op::DeletePicture => ("application/json", reference("Result")),
        Op::GetPicture => ("application/json", reference("ChatPictureResponse")),
        Op::GetInfoAdminOnly | Op::GetMessagesAdminOnly => {
            ("application/json", reference("SettingsSecurityChangeInfo"))
        }
        Op::GetMemberAddMode => ("application/json", reference("SettingsMemberAddMode")),
        Op::GetMemberShareHistoryMode => ("application/json", reference("SettingsMemberShareHistoryMode")),
        Op::GetMembershipApproval => ("application/json", reference("SettingsMembershipApproval")),
        Op::DeleteGroup
        | Op::SetSubject
        | Op::SetDescription
        | Op::SetInfoAdminOnly
        | Op::SetMessagesAdminOnly
        | Op::SetMemberAddMode
        | Op::SetMemberShareHistoryMode
        | Op::SetMembershipApproval => text_bool,
        Op::GetInviteCode | Op::RevokeInviteCode => (
            "text/html",
            json!({"type": "string",
            "description": "the bare code (WEBJS, WPP, NOWEB) or https://chat.whatsapp.com/<code> (GOWS)"}),
        ),
        Op::Participants => (
            "application/json",
            json!({"oneOf": [array_of("WebjsParticipant"), array_of("NowebParticipant"), array_of("GowsParticipant")]}),
        ),
        Op::ParticipantsV2 => ("application/json", array_of("GroupParticipant")),
        Op::AddParticipants | Op::RemoveParticipants | Op::PromoteParticipants | Op::DemoteParticipants => (
            "application/json",
            json!({"oneOf": [
            {"anyOf": [reference("WebjsAddResult"), reference("WebjsStatusResult")]},
            {"type": "array", "items": {"anyOf": [reference("NowebUpdateResult"), reference("GowsParticipant")]}}]}),
        ),
        Op::JoinRequests => ("application/json", array_of("GroupJoinRequest")),
        Op::ApproveJoinRequests | Op::RejectJoinRequests => ("application/json", array_of("GroupJoinRequestResult")),
        Op::ListLids => ("application/json", array_of("LidToPhoneNumber")),
        Op::LidToPhoneNumber | Op::PhoneNumberToLid => ("application/json", reference("LidToPhoneNumber")),
        Op::ListSessions => ("application/json", array_of("WireSessionInfo")),
        Op::GetSession => ("application/json", reference("WireSessionInfo")),
        Op::GetMe => ("application/json", { json!({"anyOf": [reference("WireMeInfo"), {"type": "null"}]}) }),
        Op::Version | Op::ServerVersion => ("application/json", reference("WAHAEnvironment")),
        Op::Ping => ("application/json", obj(&["message"], json!({"message": {"type": "string"}}))),
        Op::Health => ("application/json", obj(&["status"], json!({"status": {"type": "string"}}))),
        Op::LeaveGroup => return None,
    })
}

/// The request body schema of an operation.
fn request_schema(op: Op) -> Option<&'static str> {
    Some(match op {
        Op::CreateGroup => "CreateGroupRequest",
        Op::JoinGroup => "JoinGroupRequest",
        Op::SetPicture => "ProfilePictureRequest",
        Op::SetSubject => "SubjectRequest",
        Op::SetDescription => "DescriptionRequest",
        Op::SetInfoAdminOnly | Op::SetMessagesAdminOnly => "SettingsSecurityChangeInfo",
        Op::SetMemberAddMode => "SettingsMemberAddMode",
        Op::SetMemberShareHistoryMode => "SettingsMemberShareHistoryMode",
        Op::SetMembershipApproval => "SettingsMembershipApproval",
        Op::AddParticipants
        | Op::RemoveParticipants
        | Op::PromoteParticipants
        | Op::DemoteParticipants
        | Op::ApproveJoinRequests
        | Op::RejectJoinRequests => "ParticipantsRequest",
        _ => return None,
    })
}

fn query_parameters(op: Op) -> Vec<Value> {
    let q = |name: &str, required: bool, schema: Value, description: &str| json!({"name": name, "in": "query", "required": required, "schema": schema, "description": description});
    match op {
        Op::ListGroups => vec![
            q("sortBy", false, json!({"type": "string", "enum": ["id", "subject"]}), "Sort by field"),
            q("sortOrder", false, json!({"type": "string", "enum": ["desc", "asc"]}), "Sort order (asc when sorting)"),
            q("limit", false, json!({"type": "number"}), "Page size"),
            q("offset", false, json!({"type": "number"}), "Groups to skip"),
            q(
                "exclude",
                false,
                json!({"type": "array", "items": {"type": "string", "enum": ["", "participants"]}}),
                "Leave out participant lists",
            ),
        ],
        Op::JoinInfo => {
            vec![q("code", true, json!({"type": "string"}), "Invite code or https://chat.whatsapp.com/<code>")]
        }
        Op::GetPicture => {
            vec![q("refresh", false, json!({"type": "boolean", "default": false}), "Bypass the 24 h picture cache")]
        }
        Op::ListLids => vec![
            q("limit", false, json!({"type": "number"}), "Page size"),
            q("offset", false, json!({"type": "number"}), "Entries to skip"),
        ],
        _ => vec![],
    }
}

fn error_responses(route: &Route) -> Map<String, Value> {
    let resp = |description: &str, schema: Value| json!({"description": description, "content": {"application/json": {"schema": schema}}});
    let mut r = Map::new();
    let protected = route.path.starts_with("/api") || route.path.starts_with("/health");
    if protected {
        r.insert("401".into(), resp("Missing or wrong X-Api-Key", reference("NestError")));
        r.insert("403".into(), resp("The API key may not use this session", reference("NestError")));
    }
    if matches!(route.op, Op::ListGroups | Op::CountGroups | Op::RefreshGroups | Op::GetPicture) {
        r.insert("400".into(), resp("Query validation failed (class-validator messages)", reference("NestError")));
    }
    if route.params().any(|p| p == "session") {
        r.insert(
            "422".into(),
            resp(
                "Session missing or not WORKING, or a Plus-only feature",
                json!({"anyOf": [reference("SessionError"), reference("NestError")]}),
            ),
        );
        r.insert(
            "500".into(),
            resp(
                "WhatsApp/engine error (incl. rate-overlimit), unknown group, malformed body",
                reference("ExceptionError"),
            ),
        );
        r.insert("501".into(), resp("Not implemented by this engine", reference("NestError")));
    }
    if route.op == Op::GetSession {
        r.insert("404".into(), resp("Unknown session", reference("NestError")));
    }
    r
}

fn tag(route: &Route) -> &'static str {
    if route.is_group_operation {
        "groups"
    } else if route.path.contains("/lids") {
        "lids"
    } else if route.path.starts_with("/api/sessions") {
        "sessions"
    } else {
        "server"
    }
}

/// The OpenAPI 3.1 document: the 35 group operations and the supporting endpoints.
///
/// Built once per process (it is derived from static code) and cloned per call.
pub fn openapi() -> Value {
    static DOCUMENT: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(build_openapi).clone()
}

fn build_openapi() -> Value {
    let mut paths: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    for route in ROUTES {
        let mut parameters: Vec<Value> = route
            .params()
            .map(|p| json!({"name": p, "in": "path", "required": true, "schema": {"type": "string"},
                "example": match p { "session" => "default", "id" => "123123123@g.us", "lid" => "123456789@lid", _ => "4915112345678@c.us" }}))
            .collect();
        parameters.extend(query_parameters(route.op));
        let mut responses = Map::new();
        let description = format!("Success ({})", route.op.method_name());
        let success = match success_schema(route.op) {
            Some((media, schema)) => json!({"description": description, "content": {media: {"schema": schema}}}),
            None => json!({"description": "Success, empty body"}),
        };
        responses.insert(route.success_status.to_string(), success);
        responses.extend(error_responses(route));
        let mut operation = json!({
            "operationId": route.operation_id,
            "summary": route.op.method_name(),
            "tags": [tag(route)],
            "parameters": parameters,
            "responses": responses,
            "x-retry-safe": route.retry == crate::routes::Retry::Safe,
        });
        if let Some(body) = request_schema(route.op) {
            operation["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": reference(body)}}});
        }
        if route.path.starts_with("/ping") || route.path == "/api/version" || route.path == "/api/server/version" {
            operation["security"] = json!([]);
        }
        let method = match route.method {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Delete => "delete",
        };
        paths.entry(route.path).or_default().insert(method.into(), operation);
    }

    let mut schemas = Map::new();
    for (name, schema) in wire_schemas() {
        schemas.insert(name.into(), schema);
    }
    for (name, mut schema) in model_schemas() {
        // Inline each model's own $defs as components so `$ref`s resolve in one document.
        if let Some(defs) = schema.as_object_mut().and_then(|o| o.remove("$defs")).and_then(|d| d.as_object().cloned())
        {
            for (k, v) in defs {
                schemas.entry(k).or_insert(v);
            }
        }
        if let Some(o) = schema.as_object_mut() {
            o.remove("$schema");
        }
        schemas.insert(name.into(), schema);
    }
    let text =
        serde_json::to_string(&Value::Object(schemas)).expect("serialise").replace("#/$defs/", "#/components/schemas/");
    let schemas: Value = serde_json::from_str(&text).expect("round trip");

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "WAHA groups API (as the waha-groups SDK and mock understand it)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Generated from waha-groups' routes.rs and models. Responses that differ per engine are `oneOf` \
                WEBJS/WPP, NOWEB and GOWS shapes; error responses are WAHA's real bodies.",
        },
        "servers": [{"url": "http://localhost:3000"}],
        "security": [{"api_key": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"api_key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
            "schemas": schemas,
        },
    })
}

/// The files `schema/` holds: `openapi.json` and one `<Name>.schema.json` per model.
pub fn files() -> BTreeMap<String, String> {
    let pretty = |v: &Value| serde_json::to_string_pretty(v).expect("serialise") + "\n";
    let mut files = BTreeMap::new();
    files.insert("openapi.json".to_owned(), pretty(&openapi()));
    for (name, schema) in model_schemas() {
        files.insert(format!("{name}.schema.json"), pretty(&schema));
    }
    files
}

/// The media type and schema of an operation's success body (`None`: an empty body), as in
/// the OpenAPI document; the conformance suite checks raw answers against it.
pub fn response_schema(op: Op) -> Option<(&'static str, Value)> {
    success_schema(op)
}
