//! Showing a job's progress: a bar on a terminal, plain lines otherwise (CI logs, pipes).

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use waha_groups::jobs::Progress;

/// Where progress goes (always stderr: stdout is the report).
pub enum Display {
    Bar(ProgressBar),
    Lines { last: Option<usize> },
}

impl Display {
    /// A bar when stderr is a terminal.
    pub fn new() -> Display {
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            Display::Bar(bar)
        } else {
            Display::Lines { last: None }
        }
    }

    /// Shows `p`: the bar moves; a line is printed when the count of done members changed or a
    /// wait is announced.
    pub fn show(&mut self, p: &Progress) {
        let mut msg = format!("{:.0}/min", p.rate_per_minute);
        if let Some(e) = &p.last_error {
            msg.push_str(&format!(", last error {e}"));
        }
        if let Some(at) = p.next_attempt_at {
            let now =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
            msg.push_str(&format!(", next request in {:.1} s", (at - now).max(0) as f64 / 1000.0));
        }
        match self {
            Display::Bar(bar) => {
                bar.set_length(p.total as u64);
                bar.set_position(p.done as u64);
                bar.set_message(msg);
            }
            Display::Lines { last } => {
                if *last != Some(p.done) || p.next_attempt_at.is_some() {
                    eprintln!("{}/{} done, {msg}", p.done, p.total);
                    *last = Some(p.done);
                }
            }
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Display::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
