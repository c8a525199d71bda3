//! The napi-rs layer of the npm package `waha-groups`. It only translates: typed group methods
//! generated from the core's catalogue ([`groups`]) and JS arguments as JSON for
//! [`waha_groups::dynamic`] (lids, client), results as camelCase JSON written straight from the
//! typed model with its bulky parts apart ([`encoded`]), and core errors to a tagged message the
//! facade (`index.js`) turns into its `WahaError` subclasses. Async methods run on napi's tokio
//! runtime, not on the libuv thread pool, and a panic becomes an error instead of ending the
//! process.

use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;

use futures_util::{FutureExt, Stream, StreamExt};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::{Map, Value, json};
use waha_groups::{Client, Error as WahaError, Group, RetryPolicy, dynamic, webhook};

// mimalloc, as pydantic-core does: a list result is thousands of small strings allocated and
// freed on the runtime's workers, where glibc malloc's consolidating and unlinking took a tenth
// of the decode (measured: decode + drop of a 50-group page 1.15 -> 1.03 ms; `list` and
// `parseWebhook` ~5% faster).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod encoded;
mod events;
mod groups;
mod jobs;
mod mock;
mod webhooks;

use encoded::{AsEncoded, Encoded, encode};
pub use webhooks::parse_webhook;

/// Prefix of error messages the facade parses into `WahaError` subclasses.
const ERROR_TAG: &str = "WAHA_ERROR:";

pub(crate) fn js_err(err: WahaError) -> Error {
    let data = json!({
        "code": err.code(), "message": err.to_string(), "status": err.status(), "body": err.body(),
        "session": err.session(), "sessionStatus": err.session_status(),
        "retryAfter": err.retry_after().map(|d| d.as_secs_f64()),
    });
    Error::new(Status::GenericFailure, format!("{ERROR_TAG}{data}"))
}

pub(crate) fn invalid(message: impl Into<String>) -> Error {
    js_err(WahaError::invalid(message))
}

/// Runs `fut`, turning a panic into an error (`catch_unwind`).
pub(crate) async fn guarded<T>(fut: impl Future<Output = Result<T>>) -> Result<T> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(r) => r,
        Err(_) => Err(Error::new(Status::GenericFailure, "internal error: a Rust panic was caught (please report it)")),
    }
}

fn snake_to_camel(key: &str) -> String {
    let mut out = Vec::with_capacity(key.len());
    encoded::push_camel(key.as_bytes(), &mut false, &mut out);
    // Only ASCII bytes are changed, so the text stays UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| key.to_owned())
}

/// snake_case keys → camelCase, except below `raw` (WAHA's own JSON stays as sent).
pub(crate) fn camel(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if k == "raw" { v } else { camel(v) };
                    (snake_to_camel(&k), v)
                })
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel).collect()),
        other => other,
    }
}

/// JS numbers arrive as floats once they exceed 32 bits; integral ones become integers again
/// (ids, counts and Unix-ms times are integers in every Rust model).
pub(crate) fn integers(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(integers).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, integers(v))).collect()),
        other => other,
    }
}

/// A camelCase name (argument or method: `participantsV1`) → the core's snake_case.
fn snake_case(name: &str) -> String {
    let mut s = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            s.push('_');
            s.push(c.to_ascii_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

/// camelCase argument keys → the core's snake_case names.
fn snake(args: Value) -> Value {
    match args {
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (snake_case(&k), v)).collect()),
        other => other,
    }
}

/// Options of `new Client(...)` (timeouts in milliseconds).
#[napi(object)]
pub struct ClientOptions {
    pub base_url: String,
    pub api_key: Option<String>,
    pub timeout_ms: Option<u32>,
    pub max_retries: Option<u32>,
    pub retry_base_delay_ms: Option<u32>,
}

#[napi]
pub struct NativeClient {
    client: Client,
}

#[napi]
impl NativeClient {
    #[napi(constructor)]
    pub fn new(
        options: ClientOptions,
        #[napi(ts_arg_type = "((eventJson: string) => void) | undefined | null")] on_event: Option<events::OnEvent>,
    ) -> Result<Self> {
        let mut builder = Client::builder().base_url(options.base_url);
        if let Some(f) = on_event {
            builder = builder.observer(std::sync::Arc::new(events::JsObserver(f)));
        }
        if let Some(key) = options.api_key {
            builder = builder.api_key(key);
        }
        if let Some(ms) = options.timeout_ms {
            builder = builder.timeout(std::time::Duration::from_millis(ms.into()));
        }
        let mut retry = RetryPolicy::default();
        if let Some(n) = options.max_retries {
            retry = retry.max_retries(n);
        }
        if let Some(ms) = options.retry_base_delay_ms {
            retry = retry.base_delay(std::time::Duration::from_millis(ms.into()));
        }
        Ok(NativeClient { client: builder.retry(retry).build().map_err(js_err)? })
    }

    #[napi(factory)]
    pub fn from_env() -> Result<Self> {
        Ok(NativeClient { client: Client::from_env().map_err(js_err)? })
    }

    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.client.base_url().to_owned()
    }

    /// What this client did so far (`calls`, `retries`, `rateLimited`, `errors` by code), as JSON.
    #[napi]
    pub fn stats(&self) -> Result<String> {
        // Written by hand: the encoder camel-cases every key, and error codes are values.
        let s = self.client.stats();
        let stats = json!({"calls": s.calls, "retries": s.retries, "rateLimited": s.rate_limited, "errors": s.errors});
        Ok(stats.to_string())
    }

    /// Calls `method` (camelCase) of `scope` (`lids`, `client`; groups have [`groups::NativeGroups`]) with camelCase `args`;
    /// the result is an `Encoded` buffer (the facade parses its head, and a part when it is read).
    #[napi]
    pub async fn call(&self, scope: String, session: String, method: String, args: Value) -> Result<Buffer> {
        let client = self.client.clone();
        guarded(async move {
            let (method, args) = (snake_case(&method), snake(integers(args)));
            let result = match scope.as_str() {
                "lids" => dynamic::call_lids_into(&client.lids(session), &method, &args, AsEncoded).await,
                "client" => dynamic::call_client_into(&client, &method, &args, AsEncoded).await,
                other => return Err(invalid(format!("unknown scope {other:?}"))),
            };
            result.map(Encoded::into_buffer).map_err(js_err)
        })
        .await
    }

    /// The groups API of `session`.
    #[napi]
    pub fn groups(&self, session: String) -> groups::NativeGroups {
        groups::NativeGroups { groups: self.client.groups(session) }
    }

    /// Every group of `session`, page by page (`limit` is the page size).
    #[napi]
    pub fn iter_groups(&self, session: String, options: Option<groups::ListOptions>) -> Result<NativeGroupIterator> {
        let query = groups::ListOptions::query(options)?;
        let stream = self.client.groups(session).stream(query);
        Ok(NativeGroupIterator { stream: Arc::new(tokio::sync::Mutex::new(Box::pin(stream))) })
    }
}

type GroupStream = Pin<Box<dyn Stream<Item = waha_groups::Result<Group>> + Send>>;

#[napi]
pub struct NativeGroupIterator {
    stream: Arc<tokio::sync::Mutex<GroupStream>>,
}

#[napi]
impl NativeGroupIterator {
    /// The next group (an `Encoded` buffer), or `null` at the end.
    #[napi]
    pub async fn next(&self) -> Result<Option<Buffer>> {
        let stream = self.stream.clone();
        guarded(async move {
            match stream.lock().await.next().await {
                None => Ok(None),
                Some(Ok(g)) => encode(&g).map(|e| Some(e.into_buffer())).map_err(js_err),
                Some(Err(e)) => Err(js_err(e)),
            }
        })
        .await
    }
}

pub(crate) fn bytes(body: Either<Buffer, String>) -> Vec<u8> {
    match body {
        Either::A(b) => b.to_vec(),
        Either::B(s) => s.into_bytes(),
    }
}

pub(crate) fn pairs(headers: Vec<Vec<String>>) -> Result<Vec<(String, String)>> {
    headers
        .into_iter()
        .map(|mut h| match (h.len(), h.pop(), h.pop()) {
            (2, Some(v), Some(k)) => Ok((k, v)),
            _ => Err(invalid("headers must be [name, value] pairs")),
        })
        .collect()
}

/// Verifies `X-Webhook-Hmac`.
#[napi]
pub fn verify_webhook(
    body: Either<Buffer, String>,
    headers: Vec<Vec<String>>,
    hmac_key: Either<Buffer, String>,
) -> Result<()> {
    webhook::verify(&bytes(body), &pairs(headers)?, &bytes(hmac_key)).map_err(js_err)
}

/// Hex HMAC-SHA512 of `body`.
#[napi]
pub fn sign_webhook(body: Either<Buffer, String>, hmac_key: Either<Buffer, String>) -> String {
    webhook::sign(&bytes(body), &bytes(hmac_key))
}

/// The groups methods (camelCase) with their parameters (camelCase name, `ArgKind`), from the
/// core's operation catalogue: the facade defines one method per entry, checks each argument
/// by its kind and calls the `NativeGroups` method of the same name.
#[napi]
pub fn group_methods() -> Vec<(String, Vec<(String, String)>)> {
    waha_groups::ops::GROUP_METHODS
        .iter()
        .map(|(name, args)| {
            let params = args.iter().map(|(a, kind)| (snake_to_camel(a), format!("{kind:?}")));
            (snake_to_camel(name), params.collect())
        })
        .collect()
}

/// Decodes a raw answer of `method` as the client does (for fixture checks), as an `Encoded` buffer.
#[napi]
pub fn decode_response(method: String, body: String, requested: Option<Vec<String>>) -> Result<Buffer> {
    let op = waha_groups::routes::Operation::from_method_name(&method)
        .ok_or_else(|| invalid(format!("unknown method {method:?}")))?;
    let decoded = waha_groups::ops::decode_response_into(op, &body, &requested.unwrap_or_default(), AsEncoded);
    decoded.map(Encoded::into_buffer).map_err(js_err)
}

/// The error WAHA's `status` + `body` maps to, as the tagged data the facade reads.
#[napi]
pub fn error_from_response(status: u32, body: String, session: Option<String>) -> String {
    let status = u16::try_from(status).unwrap_or(u16::MAX);
    js_err(WahaError::from_response(status, &body, session.as_deref())).reason.clone()
}

/// The JSON Schema of a model, request body or `WebhookEvent`; `"openapi"` gives the OpenAPI document.
#[napi]
pub fn json_schema(name: String) -> Result<Value> {
    let schema =
        if name == "openapi" { Some(waha_groups::schema::openapi()) } else { waha_groups::schema::json_schema(&name) };
    schema.ok_or_else(|| {
        let names: Vec<&str> = waha_groups::schema::model_schemas().into_keys().collect();
        invalid(format!("no schema named {name:?}; known: openapi, {}", names.join(", ")))
    })
}

/// The members in CSV text (the core's reader: the column named phone/number/pn/id/member, else the first).
#[napi]
pub fn members_from_csv(text: String) -> Result<Vec<String>> {
    waha_groups::jobs::members_from_csv(&text).map_err(js_err)
}

/// The members in a CSV file.
#[napi]
pub fn members_from_csv_file(path: String) -> Result<Vec<String>> {
    waha_groups::jobs::members_from_csv_file(path).map_err(js_err)
}

/// Stable error codes, in the core's order.
#[napi]
pub fn error_codes() -> Vec<String> {
    waha_groups::ErrorKind::ALL.iter().map(|k| k.code().to_owned()).collect()
}

/// One error kind: its stable code, the class the facade throws for it and that class's base.
#[napi(object)]
pub struct ErrorKindInfo {
    pub code: String,
    pub class_name: String,
    pub base_class: String,
}

/// Every error kind in the core's order: the table the facade builds its error classes from.
#[napi]
pub fn error_kinds() -> Vec<ErrorKindInfo> {
    waha_groups::ErrorKind::ALL
        .iter()
        .map(|k| ErrorKindInfo {
            code: k.code().to_owned(),
            class_name: k.class_name().to_owned(),
            base_class: k.base_class().to_owned(),
        })
        .collect()
}
