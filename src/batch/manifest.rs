//! Resuming a batch: `OUTDIR/.anfang-batch.jsonl` records, for each submission whose report was
//! written, the input's SHA-256, the run key (tool version, standard digests, options), the
//! digests of its attachments and of the report file, and its summary row.
//!
//! Workers append one line per finished report (after the report itself was written
//! atomically), so an interrupted run loses at most the lines being written; a torn last line
//! is ignored. At the end of a run the journal is rewritten, sorted, through an atomic rename.
//! A later run reuses an entry only if every digest still matches, so a deleted, truncated or
//! edited report, a changed input or attachment, another standard or other options all lead to
//! a fresh check.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::summary::Row;
use crate::error::Error;
use crate::ingest::sha256_hex;

/// The journal's file name in the output folder.
pub const FILE: &str = ".anfang-batch.jsonl";

/// What a later run needs to trust a report without checking again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The input as given.
    pub path: String,
    /// SHA-256 of the input.
    pub sha256: String,
    /// The run key (see [`run_key`]).
    pub key: String,
    /// Attachment files read by the check, with their SHA-256 (`missing` when absent).
    pub attachments: Vec<(String, String)>,
    /// SHA-256 of the report file as written.
    pub report_sha256: String,
    /// The summary row.
    pub row: Row,
}

/// The journal: entries of the previous run, and the file this run appends to.
#[derive(Debug)]
pub struct Manifest {
    path: PathBuf,
    previous: BTreeMap<String, Entry>,
    journal: Mutex<Option<std::fs::File>>,
}

impl Manifest {
    /// Reads the previous run's entries (unless `fresh`) and opens the journal for appending.
    pub fn open(outdir: &Path, fresh: bool) -> Result<Manifest, Error> {
        let path = outdir.join(FILE);
        let mut previous = BTreeMap::new();
        if !fresh && let Ok(text) = std::fs::read_to_string(&path) {
            for line in text.lines() {
                // A torn line from an interrupted run is skipped: its input is checked again.
                if let Ok(e) = serde_json::from_str::<Entry>(line) {
                    previous.insert(e.path.clone(), e);
                }
            }
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|error| Error::Write {
                path: path.display().to_string(),
                error,
            })?;
        if fresh {
            file.set_len(0).map_err(|error| Error::Write {
                path: path.display().to_string(),
                error,
            })?;
        }
        Ok(Manifest {
            path,
            previous,
            journal: Mutex::new(Some(file)),
        })
    }

    /// The previous entry for an input, if its report can be trusted: same input digest, same
    /// run key, attachments unchanged, and the report file still holds the bytes written.
    pub fn reusable(&self, outdir: &Path, path: &str, sha256: &str, key: &str) -> Option<Row> {
        let e = self.previous.get(path)?;
        if e.sha256 != sha256 || e.key != key {
            return None;
        }
        let report = e.row.report.as_ref()?;
        let bytes = std::fs::read(outdir.join(report)).ok()?;
        if sha256_hex(&bytes) != e.report_sha256 {
            return None;
        }
        let unchanged = e
            .attachments
            .iter()
            .all(|(file, digest)| file_digest(Path::new(file)) == *digest);
        unchanged.then(|| e.row.clone())
    }

    /// The previous entry, to carry over into the rewritten journal when it was reused.
    pub fn previous(&self, path: &str) -> Option<&Entry> {
        self.previous.get(path)
    }

    /// Appends an entry (one line, flushed) after its report was written.
    pub fn record(&self, entry: &Entry) {
        let Ok(line) = serde_json::to_string(entry) else {
            return;
        };
        if let Ok(mut guard) = self.journal.lock()
            && let Some(f) = guard.as_mut()
        {
            // A journal that cannot be written only costs a re-check next time.
            let _ = f.write_all(format!("{line}\n").as_bytes());
        }
    }

    /// Rewrites the journal with this run's entries, sorted by input, atomically.
    pub fn finish(self, mut entries: Vec<Entry>) -> Result<(), Error> {
        if let Ok(mut guard) = self.journal.lock() {
            guard.take();
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let mut text = String::new();
        for e in &entries {
            if let Ok(line) = serde_json::to_string(e) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        crate::output::write_atomic(&self.path, text.as_bytes())
    }
}

/// SHA-256 of a file's bytes, or `missing` (also for a FIFO or device, which is not read).
pub fn file_digest(path: &Path) -> String {
    let name = path.display().to_string();
    crate::ingest::attachment::open_regular(path, &name)
        .ok()
        .and_then(|mut f| {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut bytes).ok()?;
            Some(sha256_hex(&bytes))
        })
        .unwrap_or_else(|| "missing".to_owned())
}

/// The run key: everything besides the input that a report depends on.
pub fn run_key(parts: &[&str]) -> String {
    sha256_hex(parts.join("\u{1f}").as_bytes())
}

/// The attachment files a submission names (`attachments[].path`, relative to its folder),
/// with their digests; one that `policy` does not let anfang read (outside the submission's
/// folder, not a regular file) is recorded as `refused`, unread.
pub fn attachment_files(
    value: &serde_json::Value,
    input: &Path,
    policy: &crate::ingest::attachment::Policy,
) -> Vec<(String, String)> {
    let base = input.parent().unwrap_or(Path::new("."));
    let mut out: Vec<(String, String)> = value
        .get("attachments")
        .and_then(|a| a.as_array())
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("path").and_then(|p| p.as_str()))
        .map(|rel| {
            let p = base.join(rel);
            let digest = match crate::ingest::attachment::open(base, rel, policy) {
                Ok(opened) => opened
                    .read(crate::ingest::MAX_SUBMISSION_BYTES * 8)
                    .map_or_else(|_| "unreadable".to_owned(), |b| sha256_hex(&b)),
                Err(_) if !p.exists() => "missing".to_owned(),
                Err(_) => "refused".to_owned(),
            };
            (p.display().to_string(), digest)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}
