//! The fuzz harness: mutations of every fixture (and random JSON) driven through every parser.
//!
//! Property of every target: no panic, no hang, an error is always a typed [`waha_groups::Error`]
//! with a kind, and a decoded model keeps its invariants (a `…@g.us` group id). `make test`
//! runs a bounded, seeded pass and replays `tests/fuzz-regressions/`; `make fuzz` runs for
//! `FUZZ_SECONDS` and writes any failing input there. Hand-written on `fastrand` (already a
//! dependency): no nightly toolchain here for cargo-fuzz, and the mutations are JSON-aware.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::Value;
use waha_groups::routes::{self, Method, Operation};
use waha_groups::{ContactId, GroupId, InviteCode, webhook};

use crate::{fixture, fixtures_dir, manifest};

/// One parser under test: a name (the regression file prefix) and a check of one input.
pub struct Target {
    /// `decode`, `webhook`, `ids`, `routes`.
    pub name: &'static str,
    /// Inputs the mutations start from.
    pub seeds: Vec<Vec<u8>>,
    /// `Err` describes a broken property; a panic is caught by the runner.
    pub check: fn(&[u8]) -> Result<(), String>,
}

/// Every in-process target, seeded from `tests/fixtures/`.
pub fn targets() -> Vec<Target> {
    let m = manifest();
    let files = |section: &str| -> Vec<Vec<u8>> {
        m[section].as_array().unwrap().iter().map(|e| fixture(e["file"].as_str().unwrap())).collect()
    };
    let paths = routes::ROUTES.iter().map(|r| r.path.replace("{session}", "default").into_bytes()).collect();
    let ids = ["111@c.us", "123@lid", "+1 555", "120363401234567890@g.us", "https://chat.whatsapp.com/AbC123"];
    vec![
        Target {
            name: "decode",
            seeds: files("rest").into_iter().chain(files("errors")).collect(),
            check: check_decode,
        },
        Target { name: "webhook", seeds: files("webhooks"), check: check_webhook },
        Target { name: "ids", seeds: ids.iter().map(|s| s.as_bytes().to_vec()).collect(), check: check_ids },
        Target { name: "routes", seeds: paths, check: check_routes },
    ]
}

/// Text the `&str` APIs receive: invalid UTF-8 is replaced, as a binding's caller would see it.
fn text(input: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(input)
}

fn typed(err: &waha_groups::Error) -> Result<(), String> {
    if err.code().is_empty() || err.message().is_empty() {
        Err(format!("an error without kind or message: {err:?}"))
    } else {
        Ok(())
    }
}

/// Every operation decodes the input; errors are typed, groups have group ids.
fn check_decode(input: &[u8]) -> Result<(), String> {
    let body = text(input);
    let requested = ["22222222222@c.us".to_owned(), "+33333333333".to_owned(), "9@lid".to_owned()];
    for route in routes::ROUTES {
        match waha_groups::ops::decode_response(route.op, &body, &requested) {
            Ok(v) => group_invariants(route.op, &v)?,
            Err(e) => typed(&e)?,
        }
    }
    same_list_in_one_pass(&body)?;
    typed(&waha_groups::Error::from_response(500, &body, Some("default")))
}

/// `group_list_ranges` (Node's `list`) accepts what `group_list` does, with the same groups,
/// and each range is the text `group_list` keeps as `raw`.
fn same_list_in_one_pass(body: &str) -> Result<(), String> {
    use waha_groups::engine::{group_list, group_list_ranges};
    match (group_list(body), group_list_ranges(body)) {
        (Ok(page), Ok(ranged)) if page.len() == ranged.len() => {
            for (g, (r, range)) in page.iter().zip(ranged) {
                let text = body.get(range.clone()).ok_or_else(|| format!("range {range:?} is not in the body"))?;
                if g.raw.get() != text || *g != (waha_groups::Group { raw: g.raw.clone(), ..r }) {
                    return Err(format!("group_list_ranges read {text:?} where group_list read {:?}", g.raw.get()));
                }
            }
            Ok(())
        }
        (Err(a), Err(b)) => typed(&a).and(typed(&b)),
        (a, b) => Err(format!("group_list gave {a:?} but group_list_ranges {b:?}")),
    }
}

fn group_invariants(op: Operation, v: &Value) -> Result<(), String> {
    let groups: Vec<&Value> = match op {
        Operation::CreateGroup | Operation::GetGroup => vec![v],
        Operation::ListGroups => v.as_array().map(|a| a.iter().collect()).unwrap_or_default(),
        _ => return Ok(()),
    };
    for g in groups {
        let id = g["id"].as_str().unwrap_or_default();
        if !id.ends_with("@g.us") || id.len() <= 5 {
            return Err(format!("{op:?} decoded a group without a group id: {id:?}"));
        }
    }
    Ok(())
}

fn check_webhook(input: &[u8]) -> Result<(), String> {
    if let Err(e) = webhook::parse(input) {
        typed(&e)?;
    }
    let headers = vec![("X-Webhook-Hmac".to_owned(), webhook::sign(input, b"k"))];
    webhook::verify(input, &headers, b"k").map_err(|e| format!("its own signature did not verify: {e}"))?;
    match webhook::verify(input, &headers, b"other") {
        Err(e) if e.code() == "signature_mismatch" => Ok(()),
        other => Err(format!("a wrong key gave {other:?}")),
    }
}

fn check_ids(input: &[u8]) -> Result<(), String> {
    let s = text(input);
    if let Err(e) = ContactId::parse(&s) {
        typed(&e)?;
    }
    if let Ok(id) = GroupId::parse(&s)
        && !id.as_str().ends_with("@g.us")
    {
        return Err(format!("accepted group id {id:?}"));
    }
    if let Ok(code) = InviteCode::parse(&s)
        && (code.as_str().is_empty() || code.as_str().contains('/'))
    {
        return Err(format!("accepted invite code {code:?}"));
    }
    Ok(())
}

fn check_routes(input: &[u8]) -> Result<(), String> {
    let path = text(input);
    for method in [Method::Get, Method::Post, Method::Put, Method::Delete] {
        if let Some((route, values)) = routes::resolve(method, &path)
            && (route.method != method || values.iter().any(|v| v.is_empty()))
        {
            return Err(format!("{path:?} resolved to {} with {values:?}", route.path));
        }
    }
    Ok(())
}

/// JSON-aware mutations: truncation, type flips, huge numbers, NaN-like tokens, deep
/// nesting, huge strings, invalid UTF-8, NUL bytes, byte noise — and fresh random JSON.
pub struct Mutator {
    rng: fastrand::Rng,
}

const TOKENS: [&str; 12] = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999999",
    "-99999999999999999999999999",
    "18446744073709551616",
    "-0",
    "0.5e-400",
    "null",
    "true",
    "\"\"",
    "{}",
];

impl Mutator {
    /// A mutator whose choices follow `seed` (same seed, same inputs).
    pub fn new(seed: u64) -> Self {
        Mutator { rng: fastrand::Rng::with_seed(seed) }
    }

    /// A variant of `seed` (one to three mutations stacked), or random JSON.
    pub fn mutate(&mut self, seed: &[u8]) -> Vec<u8> {
        let mut out = if self.rng.u8(..10) == 0 { self.random_json(4).to_string().into_bytes() } else { seed.to_vec() };
        for _ in 0..self.rng.usize(1..=3) {
            out = self.once(out);
        }
        out
    }

    fn once(&mut self, mut b: Vec<u8>) -> Vec<u8> {
        let at = |r: &mut fastrand::Rng, b: &Vec<u8>| r.usize(..=b.len());
        match self.rng.u8(..9) {
            0 => {
                b.truncate(at(&mut self.rng, &b));
                b
            }
            1 => self.flip_value(&b).unwrap_or(b),
            2 => {
                let i = at(&mut self.rng, &b);
                let token = TOKENS[self.rng.usize(..TOKENS.len())];
                b.splice(i..i, token.bytes());
                b
            }
            3 => {
                let depth = self.rng.usize(100..5000);
                let mut nested = vec![b'['; depth];
                nested.extend_from_slice(&b);
                nested.extend(std::iter::repeat_n(b']', depth));
                nested
            }
            4 => {
                let i = at(&mut self.rng, &b);
                let huge = format!("\"{}\"", "x".repeat(self.rng.usize(1000..200_000)));
                b.splice(i..i, huge.into_bytes());
                b
            }
            5 => {
                let i = at(&mut self.rng, &b);
                let bad: &[u8] =
                    [&[0xff, 0xfe][..], &[0xc3][..], &[0xed, 0xa0, 0x80][..], &[0][..]][self.rng.usize(..4)];
                b.splice(i..i, bad.iter().copied());
                b
            }
            6 if !b.is_empty() => {
                let i = self.rng.usize(..b.len());
                b[i] = self.rng.u8(..);
                b
            }
            7 => {
                let i = at(&mut self.rng, &b);
                b.splice(i..i, b"\\u0000\\ud800\"".iter().copied());
                b
            }
            _ => self.random_json(3).to_string().into_bytes(),
        }
    }

    /// Replaces one value somewhere in the document with a value of another type.
    fn flip_value(&mut self, b: &[u8]) -> Option<Vec<u8>> {
        let mut doc: Value = serde_json::from_slice(b).ok()?;
        let mut pointer = String::new();
        let mut node = &doc;
        for _ in 0..self.rng.usize(0..6) {
            let step = match node {
                Value::Object(o) if !o.is_empty() => {
                    o.iter().nth(self.rng.usize(..o.len())).map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
                }
                Value::Array(a) if !a.is_empty() => {
                    let i = self.rng.usize(..a.len());
                    Some((i.to_string(), &a[i]))
                }
                _ => None,
            };
            let Some((segment, next)) = step else { break };
            pointer.push('/');
            pointer.push_str(&segment);
            node = next;
        }
        let replacement = self.random_json(2);
        *doc.pointer_mut(&pointer)? = replacement;
        serde_json::to_vec(&doc).ok()
    }

    fn random_json(&mut self, depth: u32) -> Value {
        let keys =
            ["id", "JID", "status", "code", "error", "message", "participants", "Participants", "event", "payload"];
        match self.rng.u8(..if depth == 0 { 5 } else { 7 }) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.bool()),
            2 => Value::from(self.rng.i64(..)),
            3 => serde_json::Number::from_f64(self.rng.f64() * 1e300).map_or(Value::Null, Value::Number),
            4 => Value::String(
                ["", "@g.us", "1@lid", "x@s.whatsapp.net", "403", "superadmin"][self.rng.usize(..6)].to_owned(),
            ),
            5 => Value::Array((0..self.rng.usize(..4)).map(|_| self.random_json(depth - 1)).collect()),
            _ => Value::Object(
                (0..self.rng.usize(..5))
                    .map(|_| (keys[self.rng.usize(..keys.len())].to_owned(), self.random_json(depth - 1)))
                    .collect(),
            ),
        }
    }
}

/// How long or how many cases one target runs.
#[derive(Clone, Copy, Debug)]
pub enum Budget {
    /// This many mutated cases (plus every seed once).
    Cases(usize),
    /// Until this much time has passed.
    Time(Duration),
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Inputs checked.
    pub cases: usize,
    /// Wall time.
    pub elapsed: Duration,
    /// Failing inputs and why.
    pub failures: Vec<(Vec<u8>, String)>,
}

/// Runs `target` on every seed and then on mutations until `budget` is spent.
pub fn run(target: &Target, budget: Budget, rng_seed: u64) -> Report {
    let started = Instant::now();
    let mut report = Report::default();
    let mut mutator = Mutator::new(rng_seed);
    let mut next = 0usize;
    loop {
        let input = if next < target.seeds.len() {
            target.seeds[next].clone()
        } else {
            let done = match budget {
                Budget::Cases(n) => next >= target.seeds.len() + n,
                Budget::Time(t) => started.elapsed() >= t,
            };
            if done {
                break;
            }
            let pick = mutator.rng.usize(..target.seeds.len());
            mutator.mutate(&target.seeds[pick])
        };
        next += 1;
        if let Some(why) = check_one(target, &input) {
            report.failures.push((input, why));
        }
    }
    report.cases = next;
    report.elapsed = started.elapsed();
    report
}

/// `None` when the input keeps every property; a panic or a slow case is a failure too.
pub fn check_one(target: &Target, input: &[u8]) -> Option<String> {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| (target.check)(input)));
    let slow = started.elapsed() > Duration::from_secs(5);
    match outcome {
        Ok(Ok(())) if !slow => None,
        Ok(Ok(())) => Some(format!("took {:?} (a hang in the making)", started.elapsed())),
        Ok(Err(why)) => Some(why),
        Err(panic) => Some(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default()
        )),
    }
}

/// `tests/fuzz-regressions/`: failing inputs, named `<target>-<hash>.bin`, replayed by `make test`.
pub fn regressions_dir() -> PathBuf {
    fixtures_dir().parent().expect("tests/").join("fuzz-regressions")
}

/// Saves a failing input for replay; returns its path.
pub fn save_regression(target: &str, input: &[u8]) -> std::io::Result<PathBuf> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    input.hash(&mut h);
    let path = regressions_dir().join(format!("{target}-{:016x}.bin", h.finish()));
    std::fs::create_dir_all(regressions_dir())?;
    std::fs::write(&path, input)?;
    Ok(path)
}

/// The mock's request pipeline over HTTP: mutated bodies (and paths) to every route of an
/// in-process mock. Property: every request gets one of WAHA's statuses, and the mock still
/// answers afterwards.
pub async fn run_mock(budget: Budget, rng_seed: u64) -> Report {
    let started = Instant::now();
    let mut report = Report::default();
    let mock = waha_mock::MockWaha::builder().seed(rng_seed).start().await.expect("the mock starts");
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().expect("a client");
    let bodies: Vec<Vec<u8>> = targets().remove(0).seeds;
    let mut mutator = Mutator::new(rng_seed);
    let mut n = 0usize;
    while match budget {
        Budget::Cases(max) => n < max,
        Budget::Time(t) => started.elapsed() < t,
    } {
        n += 1;
        let route = &routes::ROUTES[mutator.rng.usize(..routes::ROUTES.len())];
        let mut path = route.path.replace("{session}", "default").replace("{id}", "120363000000000001@g.us");
        if mutator.rng.u8(..4) == 0 {
            path = text(&mutator.mutate(path.as_bytes())).replace(['#', '?'], "%23");
        }
        let pick = mutator.rng.usize(..bodies.len());
        let body = mutator.mutate(&bodies[pick]);
        let method = reqwest::Method::from_bytes(format!("{:?}", route.method).to_uppercase().as_bytes()).unwrap();
        let sent = http
            .request(
                method,
                format!("{}{}", mock.url(), if path.starts_with('/') { path.clone() } else { format!("/{path}") }),
            )
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await;
        let why = match sent {
            Ok(r) if [200, 201, 400, 401, 404, 413, 422, 500, 501].contains(&r.status().as_u16()) => None,
            Ok(r) => Some(format!("{path}: unexpected status {}", r.status())),
            Err(e) if e.is_builder() => None, // a path reqwest itself will not send
            Err(e) => Some(format!("{path}: no answer: {e}")),
        };
        if let Some(why) = why {
            report.failures.push((body, why));
        }
    }
    let ping = http.get(format!("{}/ping", mock.url())).send().await;
    if !ping.is_ok_and(|r| r.status().is_success()) {
        report.failures.push((Vec::new(), "the mock stopped answering /ping".into()));
    }
    report.cases = n;
    report.elapsed = started.elapsed();
    report
}
