//! Reading a job's members from CSV text: the column named `phone`, `number`, `pn`, `id`,
//! `member`, `wa_id` or `participant` when the first row names one, else the first column.
//! Every non-empty row is one member, kept as written (the job reports bad ones `invalid`).
//!
//! Layer: jobs (a leaf of `jobs`); it may import the foundation.

use crate::error::{Error, Result};

const COLUMN_NAMES: [&str; 7] = ["phone", "number", "pn", "id", "member", "wa_id", "participant"];

/// The members in `csv` text.
///
/// ```
/// use waha_groups::jobs::members_from_csv;
/// assert_eq!(members_from_csv("name,phone\nAda,+49 151 1\nBob,222\n").unwrap(), ["+49 151 1", "222"]);
/// assert_eq!(members_from_csv("111@c.us\n\n222\n").unwrap(), ["111@c.us", "222"]);
/// ```
pub fn members_from_csv(csv: &str) -> Result<Vec<String>> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(csv.as_bytes());
    let mut rows = reader.records();
    let Some(first) = rows.next().transpose().map_err(bad_csv)? else { return Ok(Vec::new()) };
    let named = first.iter().position(|f| COLUMN_NAMES.iter().any(|n| f.eq_ignore_ascii_case(n)));
    let column = named.unwrap_or(0);
    let first_row = named.is_none().then_some(first);
    let mut members = Vec::new();
    for row in first_row.into_iter().map(Ok).chain(rows) {
        let row = row.map_err(bad_csv)?;
        if let Some(value) = row.get(column).filter(|v| !v.is_empty()) {
            members.push(value.to_owned());
        }
    }
    Ok(members)
}

/// The members in the CSV file at `path` (read as [`members_from_csv`] reads text).
pub fn members_from_csv_file(path: impl AsRef<std::path::Path>) -> Result<Vec<String>> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::invalid(format!("cannot read {}: {e}", path.display())).with_source(e))?;
    members_from_csv(&text)
}

fn bad_csv(e: csv::Error) -> Error {
    Error::invalid(format!("the members CSV cannot be read: {e}"))
}
