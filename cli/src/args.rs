//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Scripting WhatsApp groups through WAHA: bulk membership changes under WhatsApp's rate limits
/// and size cap (paced, resumable, reported), and the reads people reach for.
#[derive(Debug, Parser)]
#[command(name = "waha-groups", version)]
pub struct Cli {
    /// WAHA's base URL.
    #[arg(long, env = "WAHA_URL", default_value = "http://localhost:3000", global = true)]
    pub url: String,
    /// WAHA's API key (X-Api-Key); never printed.
    #[arg(long, env = "WAHA_API_KEY", hide_env_values = true, global = true)]
    pub api_key: Option<String>,
    /// The session.
    #[arg(long, env = "WAHA_SESSION", default_value = "default", global = true)]
    pub session: String,
    /// Print JSON instead of lines of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Group reads.
    #[command(subcommand)]
    Groups(GroupsCommand),
    /// Member reads and bulk changes.
    #[command(subcommand)]
    Members(MembersCommand),
}

#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// Every group of the session (paged).
    List {
        /// Page size of each request.
        #[arg(long, default_value_t = 100)]
        page_size: u32,
    },
    /// One group.
    Get {
        /// The group id (`…@g.us`).
        group: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum MembersCommand {
    /// The group's members with their roles.
    List {
        /// The group id (`…@g.us`).
        group: String,
    },
    /// Add members (a job: planned, paced, resumable).
    Add(JobArgs),
    /// Remove members.
    Remove(JobArgs),
    /// Make members admins.
    Promote(JobArgs),
    /// Take admin rights away.
    Demote(JobArgs),
}

/// What every membership job takes.
#[derive(Debug, Args)]
pub struct JobArgs {
    /// The group id (`…@g.us`).
    pub group: String,
    /// Members (ids or phone numbers), besides or instead of --from.
    pub members: Vec<String>,
    /// A CSV file of members: the column named phone/number/pn/id/member, else the first.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// The JSON-lines state file: the same command with the same file resumes after a crash or Ctrl-C.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Members per minute to start at and never exceed; the job slows down on rate-overlimit.
    #[arg(long, default_value_t = 30.0)]
    pub rate: f64,
    /// Members per request.
    #[arg(long, default_value_t = 10)]
    pub batch: usize,
    /// The group size cap, admins included.
    #[arg(long, default_value_t = 1024)]
    pub cap: usize,
    /// Plan only: read the group, report what would happen, send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also write the whole report to this file (`.csv`: CSV, anything else: JSON).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// First backoff after a refusal, in ms (doubled per refusal in a row, up to 5 minutes).
    #[arg(long, default_value_t = 2000, hide = true)]
    pub backoff_ms: u64,
}
