//! A progress bar on stderr when it is a terminal, nothing otherwise: the
//! bytes of a large CSV, the months of a statement run.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A bar, or nothing when stderr is not a terminal.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    fn with(length: u64, message: &str, template: &str) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new(length);
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_message(message.to_owned());
        Progress(Some(bar))
    }

    /// A bar over a file of `length` bytes.
    pub fn bytes(length: u64, message: &str) -> Progress {
        Progress::with(
            length,
            message,
            "{msg} {wide_bar} {bytes}/{total_bytes} {eta}",
        )
    }

    /// A bar over `length` steps (months).
    pub fn steps(length: u64, message: &str) -> Progress {
        Progress::with(length, message, "{msg} {wide_bar} {pos}/{len}")
    }

    /// Moves the bar to `position`.
    pub fn set(&self, position: u64) {
        if let Some(bar) = &self.0 {
            bar.set_position(position);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
