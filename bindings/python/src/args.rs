//! Python arguments → Rust values, with `InvalidArgumentError`s that name the argument.
//!
//! pyo3's own extraction raises `TypeError`, `OverflowError` or `UnicodeEncodeError` (a `str`
//! holding a lone surrogate cannot become UTF-8) — outside the package's exception hierarchy.
//! Entry points take `&Bound<PyAny>` and convert through these helpers instead.

use std::borrow::Cow;
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyString};
use waha_groups::Error;
use waha_groups::model::{ListGroups, PictureFile, SortBy, SortOrder};

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

/// `bytes` as they are (borrowed, not copied), or a `str` as UTF-8.
pub(crate) fn bytes<'a>(value: &'a Bound<'_, PyAny>, name: &str) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(b.as_bytes()));
    }
    if value.is_instance_of::<PyString>() {
        return text(value, name).map(|s| Cow::Owned(s.into_bytes()));
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

/// A `bool` (not an `int`).
pub(crate) fn flag(value: &Bound<'_, PyAny>, name: &str) -> PyResult<bool> {
    value.cast::<PyBool>().map(|b| b.is_true()).map_err(|_| invalid(name, "a bool", value))
}

/// An optional `bool` option (`None`: false).
pub(crate) fn opt_flag(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<bool> {
    value.filter(|v| !v.is_none()).map_or(Ok(false), |v| flag(v, name))
}

const IDS: &str = "a list of ids (str) or {\"id\": str} mappings";

/// Member ids: an iterable of `str` or `{"id": str}` mappings (a lone `str` is refused: it
/// would be split into characters).
pub(crate) fn ids(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyString>() {
        return Err(invalid(name, IDS, value));
    }
    let items = value.try_iter().map_err(|_| invalid(name, IDS, value))?;
    items
        .map(|item| {
            let item = item?;
            if item.is_instance_of::<PyString>() {
                return text(&item, name);
            }
            let id = item.get_item("id").map_err(|_| invalid(name, IDS, &item))?;
            text(&id, name)
        })
        .collect()
}

/// Optional member ids (`None`: none).
pub(crate) fn opt_ids(value: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Vec<String>> {
    value.filter(|v| !v.is_none()).map_or_else(|| Ok(Vec::new()), |v| ids(v, name))
}

/// The list options, named as the keyword arguments are (`limit_name`: `limit`, or `page_size`
/// for `iter`).
pub(crate) fn list_query(
    (limit_name, limit): (&str, Option<&Bound<'_, PyAny>>),
    offset: Option<&Bound<'_, PyAny>>,
    sort_by: Option<&Bound<'_, PyAny>>,
    sort_order: Option<&Bound<'_, PyAny>>,
    exclude_participants: Option<&Bound<'_, PyAny>>,
) -> PyResult<ListGroups> {
    let mut q = ListGroups::new();
    q.limit = opt_int(limit, limit_name, U32)?;
    q.offset = opt_int(offset, "offset", U32)?;
    q.sort_by = opt_text(sort_by, "sort_by")?.map(|v| SortBy::parse_arg(&v, "sort_by")).transpose().map_err(py_err)?;
    q.sort_order = opt_text(sort_order, "sort_order")?
        .map(|v| SortOrder::parse_arg(&v, "sort_order"))
        .transpose()
        .map_err(py_err)?;
    q.exclude_participants = opt_flag(exclude_participants, "exclude_participants")?;
    Ok(q)
}

/// A picture from exactly one of `url` or base64 `data`, with an optional `mimetype`.
pub(crate) fn picture(
    url: Option<&Bound<'_, PyAny>>,
    data: Option<&Bound<'_, PyAny>>,
    mimetype: Option<&Bound<'_, PyAny>>,
) -> PyResult<PictureFile> {
    let (url, data, mimetype) = (opt_text(url, "url")?, opt_text(data, "data")?, opt_text(mimetype, "mimetype")?);
    PictureFile::from_options(url, data, mimetype).map_err(py_err)
}
