//! Rust values → Python objects, without JSON text in between.
//!
//! [`ToPy`] converts a borrowed field (a model's getter, run once per field and cached);
//! [`IntoOut`] converts what a call returns, moving models into their classes.

use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyTuple};
use serde_json::{Map, Value};
use waha_groups::jobs::MemberStatus;
use waha_groups::model::Raw;
use waha_groups::ops::{Accepted, Count, Flag, InviteLink, Joined, Picture};
use waha_groups::webhook::{JoinRequestAction, ParticipantsChange};
use waha_groups::{Engine, InviteCode, JoinMethod, Role};

/// A borrowed Rust value as a new Python object.
pub(crate) trait ToPy {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

/// An owned result as a Python object.
pub(crate) trait IntoOut {
    fn into_out(self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

fn object<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<Py<PyAny>> {
    value.into_py_any(py)
}

macro_rules! plain {
    ($($t:ty),+) => {$(
        impl ToPy for $t {
            fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> { object(py, self.clone()) }
        }
        impl IntoOut for $t {
            fn into_out(self, py: Python<'_>) -> PyResult<Py<PyAny>> { object(py, self) }
        }
    )+};
}
plain!(String, bool, i64, u32, u64, usize, f64);

/// The string enums of the core are plain `str` in Python (unknown values pass through).
macro_rules! as_str {
    ($($t:ty),+) => {$(
        impl ToPy for $t {
            fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> { object(py, self.as_str()) }
        }
    )+};
}
as_str!(Role, JoinMethod, Engine, ParticipantsChange, JoinRequestAction, MemberStatus);

impl<T: ToPy> ToPy for Option<T> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.as_ref().map_or_else(|| Ok(py.None()), |v| v.to_py(py))
    }
}

/// Sequences inside models are tuples (models are immutable).
impl<T: ToPy> ToPy for Vec<T> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let items = self.iter().map(|v| v.to_py(py)).collect::<PyResult<Vec<_>>>()?;
        Ok(PyTuple::new(py, items)?.into_any().unbind())
    }
}

static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A `DecodeError` for JSON text nested past [`waha_groups::engine::MAX_NESTING`], which
/// Python's `json` module may not read back (it raises `RecursionError`).
pub(crate) fn check_nesting(text: &str) -> PyResult<()> {
    if waha_groups::engine::nesting_ok(text) {
        return Ok(());
    }
    let message = format!("the JSON nests deeper than {} levels", waha_groups::engine::MAX_NESTING);
    Err(crate::py_err(waha_groups::Error::decode(message, "")))
}

/// JSON text as Python data, by the standard `json` module (C-accelerated); see [`check_nesting`].
pub(crate) fn loads(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    check_nesting(text)?;
    let loads = LOADS.import(py, "json", "loads")?;
    Ok(loads.call1((text,))?.unbind())
}

/// `raw`: parsed from the exact text WAHA sent (the getter caches it).
impl ToPy for Raw {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        loads(py, self.get())
    }
}

impl ToPy for Map<String, Value> {
    fn to_py(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        loads(py, &serde_json::to_string(self).unwrap_or_else(|_| "{}".into()))
    }
}

impl<T: IntoOut> IntoOut for Option<T> {
    fn into_out(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.map_or_else(|| Ok(py.None()), |v| v.into_out(py))
    }
}

/// Lists returned by a call are `list`s of model objects; a model may wrap its list
/// (`ParticipantOutcomes`).
pub(crate) trait ListOut: IntoOut + Sized {
    fn wrap_list(py: Python<'_>, list: Bound<'_, PyList>) -> PyResult<Py<PyAny>> {
        let _ = py;
        Ok(list.into_any().unbind())
    }
}

impl<T: ListOut> IntoOut for Vec<T> {
    fn into_out(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let items = self.into_iter().map(|v| v.into_out(py)).collect::<PyResult<Vec<_>>>()?;
        T::wrap_list(py, PyList::new(py, items)?)
    }
}

impl IntoOut for () {
    fn into_out(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(py.None())
    }
}

impl IntoOut for InviteCode {
    fn into_out(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        object(py, self.as_str())
    }
}

/// `ping`/`health` answer bodies (any JSON).
impl IntoOut for Value {
    fn into_out(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        loads(py, &self.to_string())
    }
}

/// The catalogue's scalar outputs (what `decode_response` gives) as the dicts the fixtures
/// manifest describes: `{"accepted"}`, `{"value"}`, `{"count"}`, `{"id"}`, `{"url"}`, `{"code", "url"}`.
macro_rules! wrapped_out {
    ($($t:ty),+) => {$(
        impl IntoOut for $t {
            fn into_out(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                loads(py, &serde_json::to_string(&self).unwrap_or_default())
            }
        }
    )+};
}
wrapped_out!(Accepted, Flag, Count, Joined, Picture, InviteLink);
