//! One timestamp unit: Unix milliseconds.
//!
//! Layer: foundation, the bottom of the core; it may import only other foundation modules (`error`, `ids`, `time`, `redact`).

use serde_json::Value;

/// Values below this are seconds; WAHA mixes both (spec §6.1). 10¹² ms is September 2001,
/// 10¹² s is the year 33658, so the ranges cannot be confused for real group data.
const MS_THRESHOLD: i64 = 1_000_000_000_000;

/// Normalises a timestamp (seconds, milliseconds, numeric string or RFC 3339) to Unix ms.
/// Zero, negative values and whatsmeow's zero time `0001-01-01T00:00:00Z` mean "unknown".
///
/// ```
/// use serde_json::json;
/// use waha_groups::engine::timestamp_ms;
/// assert_eq!(timestamp_ms(&json!(1740000000)), Some(1740000000000));
/// assert_eq!(timestamp_ms(&json!(1740000000123_i64)), Some(1740000000123));
/// assert_eq!(timestamp_ms(&json!("2025-11-22T00:00:34+07:00")), Some(1763744434000));
/// assert_eq!(timestamp_ms(&json!("0001-01-01T00:00:00Z")), None);
/// ```
pub fn timestamp_ms(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => number_ms(n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?),
        Value::String(s) => text_ms(s),
        _ => None,
    }
}

pub(crate) fn text_ms(s: &str) -> Option<i64> {
    match s.parse::<i64>() {
        Ok(n) => number_ms(n),
        Err(_) => rfc3339_ms(s),
    }
}

pub(crate) fn number_ms(n: i64) -> Option<i64> {
    match n {
        n if n <= 0 => None,
        n if n < MS_THRESHOLD => Some(n * 1000),
        n => Some(n),
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`. Hand-written: it is the one format Go's
/// `time.Time` JSON uses, and a date crate would be the largest dependency of the core.
fn rfc3339_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> { s.get(r)?.parse().ok() };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        let padded = format!("{:0<3}", &frac[..digits.min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &frac[digits..];
    }
    let offset_secs = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (rest[1..3].parse::<i64>().ok()? * 3600 + rest[4..6].parse::<i64>().ok()? * 60)
        }
        _ => return None,
    };
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
    (secs > 0).then_some(secs * 1000 + millis)
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn units() {
        assert_eq!(timestamp_ms(&json!(0)), None);
        assert_eq!(timestamp_ms(&json!(-5)), None);
        assert_eq!(timestamp_ms(&json!("1666943582")), Some(1_666_943_582_000));
        assert_eq!(timestamp_ms(&json!(1.5e12)), Some(1_500_000_000_000));
        assert_eq!(timestamp_ms(&json!(null)), None);
        assert_eq!(timestamp_ms(&json!(true)), None);
    }

    #[test]
    fn rfc3339() {
        assert_eq!(rfc3339_ms("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(rfc3339_ms("2000-03-01T00:00:00.5Z"), Some(951_868_800_500));
        assert_eq!(rfc3339_ms("2024-02-29T12:00:00-01:30"), Some(1_709_213_400_000));
        for bad in ["", "2024-13-01T00:00:00Z", "2024-01-01 00:00", "2024-01-01T00:00:00+0100", "yyyy-mm-ddThh:mm:ssZ"]
        {
            assert_eq!(rfc3339_ms(bad), None, "{bad}");
        }
    }
}
