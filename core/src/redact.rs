//! Keeps secrets out of messages that quote a URL.
//!
//! A user may paste `http://user:password@host/?x-api-key=…` where a base or webhook URL is
//! expected; every error message that quotes such a URL goes through [`url()`] first, so the
//! password and any key-like query value never reach logs, exceptions or test output.
//!
//! Layer: foundation, the bottom of the core; it may import only other foundation modules (`error`, `ids`, `time`, `redact`).

/// Query/fragment parameter names whose values are secrets (compared case-insensitively,
/// with `-` and `_` ignored, as substrings: `x-api-key`, `apiKey`, `access_token`, …).
const SECRET_NAMES: [&str; 9] = ["key", "token", "secret", "password", "passwd", "pwd", "auth", "signature", "sig"];

/// What replaces a secret.
pub const MASK: &str = "***";

/// `text` (a URL, or something meant to be one) with userinfo and secret-looking query or
/// fragment values replaced by `***`. Works on invalid URLs too: it never parses strictly.
///
/// ```
/// use waha_groups::redact;
/// assert_eq!(redact::url("http://u:PASSW0RD@h:3000/api?x-api-key=SECRET&limit=5"), "http://***@h:3000/api?x-api-key=***&limit=5");
/// assert_eq!(redact::url("http://localhost:3000"), "http://localhost:3000");
/// ```
pub fn url(text: &str) -> String {
    // Userinfo first, on the whole text: a password may contain `?` or `#` unencoded.
    let text = redact_userinfo(text);
    let (before_fragment, fragment) = split_once_keep(&text, '#');
    let (before_query, query) = split_once_keep(before_fragment, '?');
    let mut out = String::with_capacity(text.len());
    out.push_str(before_query);
    if let Some(query) = query {
        out.push('?');
        out.push_str(&redact_pairs(query));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(&redact_pairs(fragment));
    }
    out
}

fn split_once_keep(s: &str, sep: char) -> (&str, Option<&str>) {
    match s.split_once(sep) {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    }
}

/// `scheme://user:pass@host/path` → `scheme://***@host/path` (also without a scheme).
fn redact_userinfo(s: &str) -> String {
    let authority_start = s.find("://").map_or(0, |i| i + 3);
    let rest = &s[authority_start..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}{MASK}{}", &s[..authority_start], &rest[at..]),
        None => s.to_owned(),
    }
}

fn redact_pairs(s: &str) -> String {
    s.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_name(name) => format!("{name}={MASK}"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn is_secret_name(name: &str) -> bool {
    let folded: String = name.chars().filter(|c| !matches!(c, '-' | '_')).flat_map(char::to_lowercase).collect();
    // Percent-encoded names (`x%2Dapi%2Dkey`) fold to something containing the plain word too.
    SECRET_NAMES.iter().any(|secret| folded.contains(secret))
}

#[cfg(test)]
mod tests {
    use super::url;

    #[test]
    fn userinfo_is_masked_with_and_without_scheme() {
        assert_eq!(url("https://admin:hunter2@waha.example:443/x"), "https://***@waha.example:443/x");
        assert_eq!(url("http://token@h/"), "http://***@h/");
        assert_eq!(url("u:pw@h/path"), "***@h/path");
        assert_eq!(url("http://u:pa?ss#w@h/"), "http://***@h/");
        // An `@` in the path is not userinfo.
        assert_eq!(url("http://h/api/1@g.us"), "http://h/api/1@g.us");
    }

    #[test]
    fn key_like_query_and_fragment_values_are_masked() {
        assert_eq!(
            url("http://h/?api_key=A&X-Api-Key=B&apikey=C&limit=10&access_token=D#token=E&x=1"),
            "http://h/?api_key=***&X-Api-Key=***&apikey=***&limit=10&access_token=***#token=***&x=1"
        );
        assert_eq!(url("http://h/?password=p&session=default"), "http://h/?password=***&session=default");
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        for text in ["", "not a url", "http://localhost:3000", "http://h/?limit=5&sortBy=id", "ftp://h"] {
            assert_eq!(url(text), text);
        }
    }
}
