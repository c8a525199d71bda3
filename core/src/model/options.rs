//! Options of `GET /groups`.
//!
//! Layer: models; it may import the foundation.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Sort field for [`ListGroups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By group id.
    Id,
    /// By group name.
    Subject,
}

/// Sort direction for [`ListGroups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// A → Z (WAHA's default when sorting).
    Asc,
    /// Z → A.
    Desc,
}

impl SortBy {
    /// Wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Id => "id",
            SortBy::Subject => "subject",
        }
    }

    /// Reads the wire value passed as `argument` (the bindings name it their way).
    ///
    /// ```
    /// use waha_groups::SortBy;
    /// assert_eq!(SortBy::parse_arg("subject", "sortBy").unwrap(), SortBy::Subject);
    /// assert!(SortBy::parse_arg("name", "sortBy").unwrap_err().message().contains(r#"argument "sortBy" must be "id" or "subject", got "name""#));
    /// ```
    pub fn parse_arg(value: &str, argument: &str) -> Result<SortBy> {
        match value {
            "id" => Ok(SortBy::Id),
            "subject" => Ok(SortBy::Subject),
            other => Err(Error::invalid(format!("argument {argument:?} must be \"id\" or \"subject\", got {other:?}"))),
        }
    }
}

impl SortOrder {
    /// Wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "asc",
            SortOrder::Desc => "desc",
        }
    }

    /// Reads the wire value passed as `argument`.
    pub fn parse_arg(value: &str, argument: &str) -> Result<SortOrder> {
        match value {
            "asc" => Ok(SortOrder::Asc),
            "desc" => Ok(SortOrder::Desc),
            other => Err(Error::invalid(format!("argument {argument:?} must be \"asc\" or \"desc\", got {other:?}"))),
        }
    }
}

/// Query of `GET /api/{session}/groups`: paging, sorting and `exclude=participants`.
///
/// ```
/// use waha_groups::{ListGroups, SortBy};
/// let q = ListGroups::new().limit(50).offset(100).sort_by(SortBy::Subject).exclude_participants();
/// assert_eq!(q.query(), vec![
///     ("limit", "50".to_string()), ("offset", "100".to_string()),
///     ("sortBy", "subject".to_string()), ("exclude", "participants".to_string()),
/// ]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ListGroups {
    /// Page size (all groups when `None`).
    pub limit: Option<u32>,
    /// Groups to skip.
    pub offset: Option<u32>,
    /// Sort field (engine order when `None`).
    pub sort_by: Option<SortBy>,
    /// Sort direction.
    pub sort_order: Option<SortOrder>,
    /// Leave participant lists out of the answer (faster on big groups).
    pub exclude_participants: bool,
}

impl ListGroups {
    /// Everything, in engine order.
    pub fn new() -> Self {
        Self::default()
    }
    /// Page size.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }
    /// Groups to skip.
    pub fn offset(mut self, offset: u32) -> Self {
        self.offset = Some(offset);
        self
    }
    /// Sort field.
    pub fn sort_by(mut self, sort_by: SortBy) -> Self {
        self.sort_by = Some(sort_by);
        self
    }
    /// Sort direction.
    pub fn sort_order(mut self, order: SortOrder) -> Self {
        self.sort_order = Some(order);
        self
    }
    /// Sends `exclude=participants`.
    pub fn exclude_participants(mut self) -> Self {
        self.exclude_participants = true;
        self
    }

    /// Query parameters exactly as WAHA names them.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if let Some(limit) = self.limit {
            q.push(("limit", limit.to_string()));
        }
        if let Some(offset) = self.offset {
            q.push(("offset", offset.to_string()));
        }
        if let Some(sort_by) = self.sort_by {
            q.push(("sortBy", sort_by.as_str().to_owned()));
        }
        if let Some(order) = self.sort_order {
            q.push(("sortOrder", order.as_str().to_owned()));
        }
        if self.exclude_participants {
            q.push(("exclude", "participants".to_owned()));
        }
        q
    }
}
