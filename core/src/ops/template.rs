//! The vocabulary of a route row, free of any operation: the HTTP [`Method`], the [`Retry`]
//! policy, and path templates (`/api/{session}/groups/{id}`) rendered and matched segment by
//! segment, each `{placeholder}` one percent-encoded segment.
//!
//! Layer: catalogue (a leaf of `ops`); it imports nothing of this crate.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// HTTP method of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// Upper-case name, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Parses an upper- or lower-case method name.
    pub fn parse(s: &str) -> Option<Method> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
}

/// Whether a request may be repeated automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Retry {
    /// Reads and setters whose repetition leaves the same state.
    Safe,
    /// Creates, joins and membership changes: a blind repeat could do the thing twice.
    Never,
}

/// Everything except unreserved characters is encoded, so a segment can never add a
/// `/`, `?` or `#` to the path. `.` stays: dot segments are rejected before encoding
/// (URL parsers treat `%2E%2E` as `..` too).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Names of the `{placeholders}` in `template`, in order.
pub(crate) fn params(template: &'static str) -> impl Iterator<Item = &'static str> {
    template.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
}

/// `template` with each placeholder replaced by the next of `values`, percent-encoded.
pub(crate) fn render(template: &str, values: &[&str]) -> String {
    let mut values = values.iter();
    let mut out = String::with_capacity(template.len() + 32);
    for segment in template.split('/').skip(1) {
        out.push('/');
        if segment.starts_with('{') {
            let value = values.next().expect("a value for every path placeholder");
            out.extend(utf8_percent_encode(value, SEGMENT));
        } else {
            out.push_str(segment);
        }
    }
    out
}

/// A request path's segments; one trailing `/` is ignored.
pub(crate) fn segments(path: &str) -> Vec<&str> {
    let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
    path.split('/').collect()
}

/// Whether the path's segments fit `template`: same count, equal literals, non-empty
/// placeholders (nothing is decoded or allocated).
pub(crate) fn fits(template: &str, segments: &[&str]) -> bool {
    let mut parts = template.split('/');
    segments.iter().all(|a| match parts.next() {
        Some(t) if t.starts_with('{') => !a.is_empty(),
        Some(t) => t == *a,
        None => false,
    }) && parts.next().is_none()
}

/// The decoded placeholder values of a path that [`fits`] `template`.
pub(crate) fn values(template: &str, segments: &[&str]) -> Vec<String> {
    template
        .split('/')
        .zip(segments)
        .filter(|(t, _)| t.starts_with('{'))
        .map(|(_, a)| percent_decode_str(a).decode_utf8_lossy().into_owned())
        .collect()
}

/// Number of literal (non-placeholder) segments; more means more specific.
pub(crate) fn literal_segments(template: &str) -> usize {
    template.split('/').filter(|s| !s.is_empty() && !s.starts_with('{')).count()
}
