//! JSON Schemas and the OpenAPI 3.1 document of the groups API, generated from the code.
//!
//! * Model and request-body schemas come from the schemars derives on [`crate::model`],
//!   [`crate::model::wire`] and [`crate::webhook`] — the same types the client uses.
//! * WAHA's per-engine response shapes come from the schemars derives of the wire structs in
//!   [`crate::engine`] — the very structs the decoders read — and every real-shape fixture is
//!   checked against them by the tests.
//! * [`openapi`] walks the operation catalogue ([`crate::ops`]: route, body and answer schema per
//!   operation) and adds the error responses WAHA's own document lacks (400/401/403/422/500/501).
//!
//! `cargo run -p waha-groups --example gen-schema` writes `schema/openapi.json` and
//! `schema/<Name>.schema.json`; a test fails when the committed files differ.
//!
//! Layer: entry points, the top of the core; it may import everything below it, and nothing in the core imports it.

use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::engine::waha::{ExceptionError, NestError, SessionError};
use crate::model::wire::*;
use crate::model::*;
use crate::ops;
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

fn error_responses(route: &Route, g: &mut SchemaGenerator) -> Map<String, Value> {
    let resp = |description: &str, schema: Value| json!({"description": description, "content": {"application/json": {"schema": schema}}});
    let nest = g.subschema_for::<NestError>().to_value();
    let session = g.subschema_for::<SessionError>().to_value();
    let exception = g.subschema_for::<ExceptionError>().to_value();
    let mut r = Map::new();
    let protected = route.path.starts_with("/api") || route.path.starts_with("/health");
    if protected {
        r.insert("401".into(), resp("Missing or wrong X-Api-Key", nest.clone()));
        r.insert("403".into(), resp("The API key may not use this session", nest.clone()));
    }
    if matches!(route.op, Op::ListGroups | Op::CountGroups | Op::RefreshGroups | Op::GetPicture) {
        r.insert("400".into(), resp("Query validation failed (class-validator messages)", nest.clone()));
    }
    if route.params().any(|p| p == "session") {
        r.insert(
            "422".into(),
            resp("Session missing or not WORKING, or a Plus-only feature", json!({"anyOf": [session, nest.clone()]})),
        );
        r.insert(
            "500".into(),
            resp("WhatsApp/engine error (incl. rate-overlimit), unknown group, malformed body", exception),
        );
        r.insert("501".into(), resp("Not implemented by this engine", nest.clone()));
    }
    if route.op == Op::GetSession {
        r.insert("404".into(), resp("Unknown session", nest.clone()));
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

/// The generator of the OpenAPI document: definitions under `components/schemas`, and the
/// serialize contract — the document describes what is sent (requests by the client, answers by
/// WAHA or the mock), so fields only the mock writes are documented too.
fn openapi_generator() -> SchemaGenerator {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.contract = schemars::generate::Contract::Serialize;
    settings.into_generator()
}

fn build_openapi() -> Value {
    let mut g = openapi_generator();
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
        let success = match ops::response_schema(route.op, &mut g) {
            Some((media, schema)) => json!({"description": description, "content": {media: {"schema": schema}}}),
            None => json!({"description": "Success, empty body"}),
        };
        responses.insert(route.success_status.to_string(), success);
        responses.extend(error_responses(route, &mut g));
        let mut operation = json!({
            "operationId": route.operation_id,
            "summary": route.op.method_name(),
            "tags": [tag(route)],
            "parameters": parameters,
            "responses": responses,
            "x-retry-safe": route.retry == crate::routes::Retry::Safe,
        });
        if let Some(body) = ops::request_schema(route.op, &mut g) {
            operation["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": body}}});
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

    // Wire shapes and request bodies (from their derives), then the models with their own $defs.
    let mut schemas = g.take_definitions(true);
    for (name, mut schema) in model_schemas() {
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
/// the OpenAPI document (its `$ref`s point into [`openapi`]'s components); the conformance
/// suite checks raw answers against it.
pub fn response_schema(op: Op) -> Option<(&'static str, Value)> {
    ops::response_schema(op, &mut openapi_generator())
}
