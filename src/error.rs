//! The top-level error: "anfang could not check", always exit code 2.

use std::fmt;

use crate::diagnostic::Problem;

/// Why a command could not do its job.
#[derive(Debug)]
pub enum Error {
    /// An input file has problems (all of them are listed).
    Input(Vec<Problem>),
    /// The standard does not load (all problems are listed).
    Standard(Vec<Problem>),
    /// A report could not be rendered.
    Report(String),
    /// A file could not be written.
    Write {
        /// The path.
        path: String,
        /// The cause.
        error: std::io::Error,
    },
    /// The command line asks for something impossible.
    Usage(String),
}

impl Error {
    /// The problems to show, one per entry.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            Error::Input(p) | Error::Standard(p) => p.clone(),
            Error::Report(m) => vec![Problem::file("<report>", m.clone())],
            Error::Write { path, error } => vec![Problem::file(
                path.clone(),
                format!("could not be written: {error}"),
            )],
            Error::Usage(m) => vec![Problem::file("anfang", m.clone())],
        }
    }

    /// Exit code: always 2 ("usage or input error").
    pub fn exit_code(&self) -> u8 {
        2
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems().iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
