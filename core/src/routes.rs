//! Routes: the rows of the route table ([`ROUTES`], generated from the operation catalogue in
//! [`crate::ops`]), path rendering and matching.
//!
//! The client builds request paths from it, the mock dispatches incoming requests through
//! [`resolve`], and the OpenAPI generator walks [`ROUTES`]. Paths are templates whose
//! `{name}` placeholders become single, percent-encoded path segments.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

pub use crate::ops::{GROUP_OPERATION_COUNT, Operation, ROUTES};

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

/// One row of the route table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The operation.
    pub op: Operation,
    /// HTTP method.
    pub method: Method,
    /// Path template, e.g. `/api/{session}/groups/{id}/subject`.
    pub path: &'static str,
    /// WAHA's `operationId` in its OpenAPI document.
    pub operation_id: &'static str,
    /// Status WAHA answers on success.
    pub success_status: u16,
    /// Automatic retry policy.
    pub retry: Retry,
    /// Whether the operation is one of the 35 group operations.
    pub is_group_operation: bool,
}

impl Route {
    /// A row; WAHA answers `create` with 201 and everything else with 200.
    pub(crate) const fn new(
        op: Operation,
        method: Method,
        path: &'static str,
        operation_id: &'static str,
        retry: Retry,
    ) -> Route {
        let success_status = if matches!(op, Operation::CreateGroup) { 201 } else { 200 };
        let is_group_operation = (op as usize) < GROUP_OPERATION_COUNT;
        Route { op, method, path, operation_id, success_status, retry, is_group_operation }
    }
}

/// Everything except unreserved characters is encoded, so a segment can never add a
/// `/`, `?` or `#` to the path. `.` stays: dot segments are rejected before encoding
/// (URL parsers treat `%2E%2E` as `..` too).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

impl Route {
    /// Names of the `{placeholders}` in the path, in order.
    pub fn params(&self) -> impl Iterator<Item = &'static str> {
        self.path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
    }

    /// The path with each placeholder replaced by the next value of `values`, percent-encoded.
    ///
    /// ```
    /// use waha_groups::routes::Operation;
    /// let path = Operation::SetSubject.route().render(&["my session", "1@g.us"]);
    /// assert_eq!(path, "/api/my%20session/groups/1%40g.us/subject");
    /// ```
    ///
    /// # Panics
    /// When `values` has fewer entries than the template has placeholders (a bug in the caller).
    pub fn render(&self, values: &[&str]) -> String {
        let mut values = values.iter();
        let mut out = String::with_capacity(self.path.len() + 32);
        for segment in self.path.split('/').skip(1) {
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

    /// Matches a request path (percent-encoded, without query) against this route and
    /// returns the decoded placeholder values.
    pub fn matches(&self, path: &str) -> Option<Vec<String>> {
        let segments = segments(path);
        self.fits(&segments).then(|| self.values(&segments))
    }

    /// Whether the path's segments fit the template: same count, equal literals, non-empty
    /// placeholders (nothing is decoded or allocated).
    fn fits(&self, segments: &[&str]) -> bool {
        let mut template = self.path.split('/');
        segments.iter().all(|a| match template.next() {
            Some(t) if t.starts_with('{') => !a.is_empty(),
            Some(t) => t == *a,
            None => false,
        }) && template.next().is_none()
    }

    /// The decoded placeholder values of a path that [`Route::fits`].
    fn values(&self, segments: &[&str]) -> Vec<String> {
        self.path
            .split('/')
            .zip(segments)
            .filter(|(t, _)| t.starts_with('{'))
            .map(|(_, a)| percent_decode_str(a).decode_utf8_lossy().into_owned())
            .collect()
    }

    /// Number of literal (non-placeholder) segments; more means more specific.
    fn literal_segments(&self) -> usize {
        self.path.split('/').filter(|s| !s.is_empty() && !s.starts_with('{')).count()
    }
}

/// Finds the route for `method` and `path`, preferring literal segments over placeholders
/// (`/groups/count` is never taken as group id `count`, as in WAHA's controller order).
///
/// ```
/// use waha_groups::routes::{resolve, Method, Operation};
/// let (route, params) = resolve(Method::Get, "/api/default/groups/count").unwrap();
/// assert_eq!(route.op, Operation::CountGroups);
/// assert_eq!(params, vec!["default".to_string()]);
/// ```
pub fn resolve(method: Method, path: &str) -> Option<(&'static Route, Vec<String>)> {
    let segments = segments(path);
    let route =
        ROUTES.iter().filter(|r| r.method == method && r.fits(&segments)).max_by_key(|r| r.literal_segments())?;
    Some((route, route.values(&segments)))
}

/// A request path's segments; one trailing `/` is ignored.
fn segments(path: &str) -> Vec<&str> {
    let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
    path.split('/').collect()
}

/// Whether some route exists for `path` with another method (for 404 vs 405-like answers).
pub fn path_exists(path: &str) -> bool {
    let segments = segments(path);
    ROUTES.iter().any(|r| r.fits(&segments))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_five_group_operations_each_once() {
        let group: Vec<_> = ROUTES.iter().filter(|r| r.is_group_operation).collect();
        assert_eq!(group.len(), GROUP_OPERATION_COUNT);
        let mut keys: Vec<_> = ROUTES.iter().map(|r| (r.method, r.path)).collect();
        keys.sort_by_key(|(m, p)| (m.as_str(), *p));
        keys.dedup();
        assert_eq!(keys.len(), ROUTES.len(), "a method+path is declared twice");
        let mut ops: Vec<_> = ROUTES.iter().map(|r| r.op).collect();
        ops.sort();
        ops.dedup();
        assert_eq!(ops.len(), ROUTES.len(), "an operation is declared twice");
    }

    #[test]
    fn method_names_round_trip() {
        for r in ROUTES {
            assert_eq!(Operation::from_method_name(r.op.method_name()), Some(r.op));
        }
    }

    #[test]
    fn status_codes_follow_waha() {
        for r in ROUTES {
            let want = if r.op == Operation::CreateGroup { 201 } else { 200 };
            assert_eq!(r.success_status, want, "{:?}", r.op);
        }
    }

    #[test]
    fn every_route_resolves_to_itself() {
        for r in ROUTES {
            let values: Vec<String> = r.params().map(|p| format!("v-{p}")).collect();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let path = r.render(&refs);
            let (found, params) = resolve(r.method, &path).unwrap_or_else(|| panic!("{path}"));
            assert_eq!(found.op, r.op, "{path}");
            assert_eq!(params, values);
        }
    }

    #[test]
    fn literals_win_over_ids() {
        for (path, op) in [
            ("/api/s/groups/join-info", Operation::JoinInfo),
            ("/api/s/groups/count", Operation::CountGroups),
            ("/api/s/groups/1@g.us", Operation::GetGroup),
            ("/api/s/groups/1%40g.us/participants/", Operation::Participants),
            ("/api/s/lids/count", Operation::CountLids),
            ("/api/s/lids/pn/123", Operation::PhoneNumberToLid),
        ] {
            assert_eq!(resolve(Method::Get, path).map(|(r, _)| r.op), Some(op), "{path}");
        }
        assert!(resolve(Method::Get, "/api/s/groups/1@g.us/nope").is_none());
        assert!(resolve(Method::Get, "/api//groups").is_none());
    }

    #[test]
    fn segments_cannot_escape() {
        let r = Operation::GetGroup.route();
        for hostile in ["a/b", "a?b=c", "a#b", "../../x", "sp ace", "ünï", "%2F"] {
            let path = r.render(&[hostile, "1@g.us"]);
            let (found, params) = resolve(Method::Get, &path).unwrap();
            assert_eq!(found.op, Operation::GetGroup, "{path}");
            assert_eq!(params[0], hostile, "{path}");
            assert!(!path.contains('?') && !path.contains('#') && path.matches('/').count() == 4, "{path}");
        }
    }
}
