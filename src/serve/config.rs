//! What an `anfang serve` instance is configured with.

use std::path::PathBuf;
use std::time::Duration;

/// Limits on what one request may upload (every one is checked while reading, not after).
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    /// A whole request body.
    pub request_bytes: usize,
    /// One file (a submission, an attachment, or one file inside a zip).
    pub file_bytes: u64,
    /// Files in one round (a zip's entries count one each).
    pub files: usize,
    /// The unpacked size of a zip bundle.
    pub unpacked_bytes: u64,
    /// The largest unpacked/packed ratio of one zip entry (zip bombs are far above it).
    pub ratio: u64,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            request_bytes: 64 * 1024 * 1024,
            file_bytes: 32 * 1024 * 1024,
            files: 200,
            unpacked_bytes: 128 * 1024 * 1024,
            ratio: 200,
        }
    }
}

/// The server's configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (`127.0.0.1:8080`; port 0 picks a free one).
    pub listen: String,
    /// The data folder: the SQLite database (by default) and the file store.
    pub data: PathBuf,
    /// `sqlite://…` or `postgres://…`; default: `sqlite://DATA/anfang.db`.
    pub database: Option<String>,
    /// Checks that run at once (default: the number of cores).
    pub workers: usize,
    /// Checks that may wait for a worker before new ones are refused with 503.
    pub queue: usize,
    /// Longest time one check may take.
    pub check_timeout: Duration,
    /// The address users reach this instance at, for the links it prints.
    pub public_url: Option<String>,
    /// Upload limits.
    pub limits: UploadLimits,
}

impl Config {
    /// The defaults of `anfang serve`.
    pub fn new(data: PathBuf) -> Config {
        Config {
            listen: "127.0.0.1:8080".into(),
            data,
            database: None,
            workers: std::thread::available_parallelism().map_or(2, usize::from),
            queue: 256,
            check_timeout: Duration::from_secs(60),
            public_url: None,
            limits: UploadLimits::default(),
        }
    }

    /// The database URL in use.
    pub fn database_url(&self) -> String {
        match &self.database {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data.join("anfang.db").display()
            ),
        }
    }

    /// The database for messages, without a password.
    pub fn database_display(&self) -> String {
        let url = self.database_url();
        match (url.find("://"), url.rfind('@')) {
            (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
            _ => url,
        }
    }
}
