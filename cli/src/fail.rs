//! Failures as values with the exit code a script can branch on.
//!
//! The codes follow `sysexits.h` where it has one (documented in
//! `docs/cli.md`): a script tells "fix your command" from "fix your file"
//! from "report a bug" without parsing the message.

use core::fmt;

/// What went wrong, as the exit code says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The command line is wrong (clap's own code).
    Usage = 2,
    /// An input file is malformed or its figures are rejected by the core.
    Input = 65,
    /// A file cannot be opened or written.
    Io = 74,
    /// A bug or an unreachable server: nothing the input can fix.
    Internal = 70,
}

/// A failure: the exit code and the one line printed on stderr.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub exit: Exit,
    /// `deals.csv:14:amount: "12,5O0.00" is not a decimal`.
    pub message: String,
}

impl Failure {
    /// A malformed or rejected input.
    pub fn input(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Input,
            message: message.into(),
        }
    }

    /// A command line that cannot run.
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Usage,
            message: message.into(),
        }
    }

    /// A file that cannot be read or written.
    pub fn io(path: &std::path::Path, error: &std::io::Error) -> Failure {
        Failure {
            exit: Exit::Io,
            message: format!("{}: {error}", path.display()),
        }
    }

    /// Anything else.
    pub fn internal(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Internal,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Where a core error came from: `org.toml: plans[2].quota: must be positive`.
pub fn core_error(origin: &str, error: &salesphysics_core::Error) -> Failure {
    Failure::input(format!("{origin}: {error}"))
}
