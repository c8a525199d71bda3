//! Fault injection per route: a status with a WAHA body, rate-overlimit, a delay, a dropped
//! connection, hollow or empty answers — for the next N calls or with a seeded probability.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a test asks for (`POST /__mock/faults`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct FaultSpec {
    /// SDK method name of the operation (`get`, `add_participants`...); any when absent.
    pub operation: Option<String>,
    /// HTTP method; any when absent.
    pub method: Option<String>,
    /// Session; any when absent.
    pub session: Option<String>,
    /// What happens; when absent, `status` if a status is given, else `delay` if `delay_ms` is.
    pub kind: Option<FaultKind>,
    /// Status for `kind = status`.
    pub status: Option<u16>,
    /// JSON body for `kind = status`.
    pub body: Option<Value>,
    /// Extra latency in ms (alone: the normal answer, late).
    pub delay_ms: Option<u64>,
    /// Apply to the next N matching calls only.
    pub times: Option<u32>,
    /// Apply with this probability (0..=1), drawn from `seed`.
    pub probability: Option<f64>,
    /// Seed for `probability`.
    pub seed: Option<u64>,
}

/// The kinds of fault, named in JSON as in the comments.
///
/// ```
/// use waha_mock::faults::FaultKind;
/// let kind: FaultKind = serde_json::from_str("\"rate-overlimit\"").unwrap();
/// assert_eq!(kind, FaultKind::RateOverlimit);
/// let err = serde_json::from_str::<FaultKind>("\"boom\"").unwrap_err().to_string();
/// assert!(err.contains("unknown fault kind \"boom\""), "{err}");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum FaultKind {
    /// `status`: answer with `status` and `body`.
    Status,
    /// `rate-overlimit`: WAHA's 500 when WhatsApp rate-limits.
    RateOverlimit,
    /// `delay`: the normal answer, `delay_ms` late.
    Delay,
    /// `drop`: close the connection mid-answer (the request is not carried out).
    Drop,
    /// `drop-answer`: carry the request out, then close the connection mid-answer: the client
    /// cannot know whether the write took effect.
    DropAnswer,
    /// `hollow`: a hollow object in the persona's shape.
    Hollow,
    /// `empty`: the success status with an empty body.
    Empty,
}

impl FaultKind {
    const ALL: [FaultKind; 7] = [
        FaultKind::Status,
        FaultKind::RateOverlimit,
        FaultKind::Delay,
        FaultKind::Drop,
        FaultKind::DropAnswer,
        FaultKind::Hollow,
        FaultKind::Empty,
    ];

    /// The kind's name in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::Status => "status",
            FaultKind::RateOverlimit => "rate-overlimit",
            FaultKind::Delay => "delay",
            FaultKind::Drop => "drop",
            FaultKind::DropAnswer => "drop-answer",
            FaultKind::Hollow => "hollow",
            FaultKind::Empty => "empty",
        }
    }
}

impl TryFrom<String> for FaultKind {
    type Error = String;
    fn try_from(name: String) -> Result<Self, String> {
        FaultKind::ALL.into_iter().find(|k| k.as_str() == name).ok_or_else(|| {
            let known: Vec<&str> = FaultKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown fault kind {name:?}; use {}", known.join(", "))
        })
    }
}

impl From<FaultKind> for &'static str {
    fn from(kind: FaultKind) -> &'static str {
        kind.as_str()
    }
}

/// What the pipeline does instead of (or before) the normal answer.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultAction {
    /// Normal answer, delayed.
    Delay,
    /// Close the connection mid-answer.
    Drop,
    /// Carry the request out, then close the connection mid-answer.
    DropAnswer,
    /// This status and body.
    Status {
        /// HTTP status.
        status: u16,
        /// JSON body.
        body: Value,
    },
    /// WAHA's 500 rate-overlimit.
    RateOverlimit,
    /// Success status with an empty body.
    Empty,
    /// A hollow object in the persona's shape.
    Hollow,
}

/// A matching fault, to apply now.
#[derive(Debug, Clone, PartialEq)]
pub struct Injected {
    /// What to do.
    pub action: FaultAction,
    /// Latency to add.
    pub delay: Option<Duration>,
}

#[derive(Debug, Clone, Serialize)]
struct Fault {
    id: u64,
    spec: FaultSpec,
    #[serde(skip)]
    action: FaultAction,
    #[serde(skip)]
    rng: fastrand::Rng,
}

/// The active faults.
#[derive(Debug, Default)]
pub struct Faults {
    list: Vec<Fault>,
    next_id: u64,
}

impl Faults {
    /// Validates and adds a fault; returns its id.
    pub fn add(&mut self, spec: FaultSpec) -> Result<u64, String> {
        let action = match spec.kind {
            None if spec.status.is_some() => None,
            None | Some(FaultKind::Delay) if spec.delay_ms.is_some() => Some(FaultAction::Delay),
            Some(FaultKind::Status) | None => None,
            Some(FaultKind::RateOverlimit) => Some(FaultAction::RateOverlimit),
            Some(FaultKind::Drop) => Some(FaultAction::Drop),
            Some(FaultKind::DropAnswer) => Some(FaultAction::DropAnswer),
            Some(FaultKind::Hollow) => Some(FaultAction::Hollow),
            Some(FaultKind::Empty) => Some(FaultAction::Empty),
            Some(FaultKind::Delay) => return Err("a delay fault needs delay_ms".into()),
        };
        let action = match action {
            Some(a) => a,
            None => {
                let status = spec.status.ok_or("a status fault needs \"status\"")?;
                if !(100..=599).contains(&status) {
                    return Err(format!("status {status} is not an HTTP status"));
                }
                FaultAction::Status { status, body: spec.body.clone().unwrap_or(Value::Null) }
            }
        };
        if let Some(p) = spec.probability
            && !(0.0..=1.0).contains(&p)
        {
            return Err(format!("probability {p} must be between 0 and 1"));
        }
        if let Some(op) = &spec.operation
            && waha_groups::routes::Operation::from_method_name(op).is_none()
        {
            return Err(format!(
                "unknown operation {op:?} (use SDK method names such as \"get\" or \"add_participants\")"
            ));
        }
        self.next_id += 1;
        let rng = fastrand::Rng::with_seed(spec.seed.unwrap_or(self.next_id));
        self.list.push(Fault { id: self.next_id, spec, action, rng });
        Ok(self.next_id)
    }

    /// Removes every fault.
    pub fn clear(&mut self) {
        self.list.clear();
    }

    /// The active faults as JSON.
    pub fn list(&self) -> Value {
        serde_json::json!(self.list.iter().map(|f| serde_json::json!({"id": f.id, "spec": f.spec})).collect::<Vec<_>>())
    }

    /// The first fault matching this call, consuming one of its `times`.
    pub fn take(&mut self, operation: &str, method: &str, session: Option<&str>) -> Option<Injected> {
        let index = self.list.iter_mut().position(|f| {
            let s = &f.spec;
            let matches = s.operation.as_deref().is_none_or(|o| o == operation)
                && s.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
                && s.session.as_deref().is_none_or(|x| Some(x) == session);
            matches && s.probability.is_none_or(|p| f.rng.f64() < p)
        })?;
        let fault = &mut self.list[index];
        let injected = Injected { action: fault.action.clone(), delay: fault.spec.delay_ms.map(Duration::from_millis) };
        if let Some(times) = &mut fault.spec.times {
            *times = times.saturating_sub(1);
            if *times == 0 {
                self.list.remove(index);
            }
        }
        Some(injected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_matching() {
        let mut f = Faults::default();
        f.add(FaultSpec {
            operation: Some("get".into()),
            kind: Some(FaultKind::RateOverlimit),
            times: Some(2),
            ..Default::default()
        })
        .unwrap();
        assert!(f.take("list", "GET", None).is_none());
        assert_eq!(f.take("get", "GET", Some("default")).unwrap().action, FaultAction::RateOverlimit);
        assert!(f.take("get", "GET", None).is_some());
        assert!(f.take("get", "GET", None).is_none(), "used up");
    }

    #[test]
    fn probability_is_seeded() {
        let run = || {
            let mut f = Faults::default();
            f.add(FaultSpec { status: Some(503), probability: Some(0.5), seed: Some(9), ..Default::default() })
                .unwrap();
            (0..200).map(|_| f.take("get", "GET", None).is_some()).collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        let hits = a.iter().filter(|h| **h).count();
        assert!((60..140).contains(&hits), "{hits}");
    }

    #[test]
    fn bad_specs_are_explained() {
        let mut f = Faults::default();
        for (spec, needle) in [
            (FaultSpec::default(), "needs \"status\""),
            (FaultSpec { status: Some(99), ..Default::default() }, "not an HTTP status"),
            (FaultSpec { status: Some(500), probability: Some(2.0), ..Default::default() }, "between 0 and 1"),
            (
                FaultSpec { status: Some(500), operation: Some("nope".into()), ..Default::default() },
                "unknown operation",
            ),
            (FaultSpec { kind: Some(FaultKind::Delay), ..Default::default() }, "delay_ms"),
        ] {
            let err = f.add(spec).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }
}
