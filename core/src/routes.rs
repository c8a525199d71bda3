//! Routes: the route table ([`ROUTES`], generated from the operation catalogue in
//! [`crate::ops`]) and [`resolve`], which maps a request back to its route.
//!
//! The client builds request paths from it, the mock dispatches incoming requests through
//! [`resolve`], and the OpenAPI generator walks [`ROUTES`]. Paths are templates whose
//! `{name}` placeholders become single, percent-encoded path segments.
//!
//! Layer: catalogue, above `ops`; it may import `ops` and the foundation.

use crate::ops::template;
pub use crate::ops::{GROUP_OPERATION_COUNT, Method, Operation, ROUTES, Retry, Route};

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
    let segments = template::segments(path);
    let route = ROUTES
        .iter()
        .filter(|r| r.method == method && template::fits(r.path, &segments))
        .max_by_key(|r| template::literal_segments(r.path))?;
    Some((route, template::values(route.path, &segments)))
}

/// Whether some route exists for `path` with another method (for 404 vs 405-like answers).
pub fn path_exists(path: &str) -> bool {
    let segments = template::segments(path);
    ROUTES.iter().any(|r| template::fits(r.path, &segments))
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
