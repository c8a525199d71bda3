//! A session's status, as WAHA reports it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The status of a WAHA session; only `WORKING` sessions serve group operations.
///
/// ```
/// use waha_mock::state::SessionStatus;
/// assert_eq!(SessionStatus::parse("SCAN_QR_CODE"), Ok(SessionStatus::ScanQrCode));
/// assert!(SessionStatus::parse("ASLEEP").unwrap_err().contains("must be one of WORKING"));
/// assert_eq!(serde_json::to_string(&SessionStatus::Working).unwrap(), "\"WORKING\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum SessionStatus {
    /// Logged in and serving.
    Working,
    /// Stopped by the user.
    Stopped,
    /// Starting up.
    Starting,
    /// Waiting for the QR code to be scanned.
    ScanQrCode,
    /// Failed.
    Failed,
    /// Waiting for a passkey.
    PasskeyRequired,
}

impl SessionStatus {
    /// Every status, in WAHA's order.
    pub const ALL: [SessionStatus; 6] = [
        SessionStatus::Working,
        SessionStatus::Stopped,
        SessionStatus::Starting,
        SessionStatus::ScanQrCode,
        SessionStatus::Failed,
        SessionStatus::PasskeyRequired,
    ];

    /// WAHA's name of the status.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Working => "WORKING",
            SessionStatus::Stopped => "STOPPED",
            SessionStatus::Starting => "STARTING",
            SessionStatus::ScanQrCode => "SCAN_QR_CODE",
            SessionStatus::Failed => "FAILED",
            SessionStatus::PasskeyRequired => "PASSKEY_REQUIRED",
        }
    }

    /// The status named `name`; an error naming the known ones otherwise.
    pub fn parse(name: &str) -> Result<SessionStatus, String> {
        SessionStatus::ALL.into_iter().find(|s| s.as_str() == name).ok_or_else(|| {
            let known: Vec<&str> = SessionStatus::ALL.iter().map(|s| s.as_str()).collect();
            format!("status {name:?} must be one of {}", known.join(", "))
        })
    }
}

impl TryFrom<String> for SessionStatus {
    type Error = String;
    fn try_from(name: String) -> Result<Self, String> {
        SessionStatus::parse(&name)
    }
}

impl From<SessionStatus> for &'static str {
    fn from(status: SessionStatus) -> &'static str {
        status.as_str()
    }
}

impl fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
