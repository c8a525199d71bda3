//! Python arguments → Rust values, with `InvalidArgumentError`s that name the argument.
//!
//! pyo3's own extraction raises `TypeError`, `OverflowError` or `UnicodeEncodeError` (a `str`
//! holding a lone surrogate cannot become UTF-8) — outside the package's exception hierarchy.
//! Entry points take `&Bound<PyAny>` and convert through these helpers instead.

use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use waha_groups::Error;

use crate::py_err;

fn invalid(name: &str, want: &str, value: &Bound<'_, PyAny>) -> PyErr {
    let got = value.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string());
    py_err(Error::invalid(format!("argument {name:?} must be {want}, got {got}")))
}

/// A `str` argument as UTF-8.
pub(crate) fn text(value: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    let s = value.cast::<PyString>().map_err(|_| invalid(name, "a str", value))?;
    s.to_cow().map(|c| c.into_owned()).map_err(|_| {
        py_err(Error::invalid(format!(
            "argument {name:?} is not valid text: it contains a lone surrogate (e.g. \"\\ud800\"), which has no UTF-8 form"
        )))
    })
}

/// An optional `str` argument (`None` stays `None`).
pub(crate) fn opt_text(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<String>> {
    value.filter(|v| !v.is_none()).map(|v| text(v, name)).transpose()
}

/// `bytes` as they are, or a `str` as UTF-8.
pub(crate) fn bytes(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<u8>> {
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if value.is_instance_of::<PyString>() {
        return text(value, name).map(String::into_bytes);
    }
    Err(invalid(name, "bytes or str", value))
}

/// A list of `str` (not a lone `str`).
pub(crate) fn text_list(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyString>() {
        return Err(invalid(name, "a list of str", value));
    }
    let items = value.try_iter().map_err(|_| invalid(name, "a list of str", value))?;
    items.map(|item| text(&item?, name)).collect()
}

/// `(name, value)` header pairs of `str`.
pub(crate) fn header_pairs(value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let items = value.try_iter().map_err(|_| invalid("headers", "(name, value) pairs", value))?;
    items
        .map(|pair| {
            let pair = pair?;
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
                pair.extract().map_err(|_| invalid("headers", "(name, value) pairs", &pair))?;
            Ok((text(&k, "headers")?, text(&v, "headers")?))
        })
        .collect()
}

/// An `int` that fits `T` (`want` says which range, for the message); `None` stays `None`.
pub(crate) fn opt_int<T: TryFrom<i128>>(
    value: Option<&Bound<'_, PyAny>>,
    name: &str,
    want: &str,
) -> PyResult<Option<T>> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(None) };
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(invalid(name, want, value));
    }
    let n: i128 = value.extract().map_err(|_| invalid(name, want, value))?;
    T::try_from(n).map(Some).map_err(|_| py_err(Error::invalid(format!("argument {name:?} must be {want}, got {n}"))))
}

/// `int` ranges as the messages state them.
pub(crate) const U16: &str = "an int from 0 to 65535";
pub(crate) const U32: &str = "an int from 0 to 4294967295";
pub(crate) const U64: &str = "an int from 0 to 18446744073709551615";
pub(crate) const I64: &str = "a 64-bit int";

/// A positive, finite number of seconds (`None` stays `None`).
pub(crate) fn opt_seconds(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<Duration>> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return Ok(None) };
    let secs: f64 = value.extract().map_err(|_| invalid(name, "a number of seconds", value))?;
    Duration::try_from_secs_f64(secs).map(Some).map_err(|_| {
        py_err(Error::invalid(format!("argument {name:?} must be a finite number of seconds ≥ 0, got {secs}")))
    })
}
