//! Jobs people run with the client: changing the membership of big groups under WhatsApp's
//! rate limits and size cap without losing track.
//!
//! A [`MembershipJob`] adds, removes, promotes or demotes a list of members (any id form, or
//! phone numbers from a CSV with [`members_from_csv`]):
//! - **plans first** from one read of the group: invalid ids, duplicates (by phone number and
//!   lid), members already in the wanted state and members beyond the size cap are decided
//!   before anything is sent; `dry_run` stops there;
//! - **paces** the rest in batches through a token bucket that slows down by itself when
//!   WhatsApp answers `rate-overlimit` ([`Pacer`]), with backoff and jitter;
//! - **never sends a member twice blind**: when a request's outcome is unknown (a dropped
//!   answer, a timeout), it reads the group before sending again;
//! - **resumes** from a JSON-lines state file after a crash or a cancel ([`CancelToken`]);
//! - **reports** one [`MemberReport`] per input member ([`JobReport`], JSON and CSV).
//!
//! Layer: jobs, above the facades; it may import `Groups` and everything below it.

mod input;
mod pacer;
mod plan;
mod progress;
mod report;
mod run;
mod statefile;

pub use input::{members_from_csv, members_from_csv_file};
pub use pacer::{MAX_PROBES, Pacer};
pub use plan::WHATSAPP_GROUP_SIZE_CAP;
pub use progress::{CancelToken, Progress};
pub use report::{Action, JobReport, MemberReport, MemberStatus};
pub use run::{JobOptions, MembershipJob};
