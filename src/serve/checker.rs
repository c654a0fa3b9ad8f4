//! Checks on a bounded worker pool: at most `workers` run at once (each on a blocking thread),
//! at most `queue` wait; beyond that a request is refused with 503 and `Retry-After`, so a flood
//! of uploads queues instead of exhausting memory. Each check has a time limit; PDF attachments
//! are read by the PDF extractor in its child process, as the command line does.
//!
//! A check is the command line's: parse, validate, choose the edition, cross-check the
//! attachments, evaluate, build the report (`cli::batch::check_validated`). The files are laid
//! out in a private folder first, and every attachment path the submission declares must stay
//! inside it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Semaphore;

use super::error::ServeError;
use super::upload::{UploadedFile, confine};
use crate::date::Date;
use crate::diagnostic::Problem;
use crate::engine::Options;
use crate::report::Report;
use crate::standard::Editions;

/// What a check needs: the files and which one is the submission.
#[derive(Debug, Clone)]
pub struct CheckInput {
    /// The submission's path among the files.
    pub submission: String,
    /// Every file.
    pub files: Vec<UploadedFile>,
    /// Waivers granted in the portal, added to the submission's own.
    pub waivers: Vec<Value>,
    /// The date waivers are judged on.
    pub as_of: Date,
}

/// The result of a check that ran: a report, or the problems that stopped it.
pub type Outcome = Result<Report, Vec<Problem>>;

/// The pool.
pub struct Checker {
    editions: Arc<Editions>,
    permits: Arc<Semaphore>,
    workers: usize,
    waiting: AtomicUsize,
    queue: usize,
    timeout: Duration,
    work: PathBuf,
    extractor: Option<Arc<crate::pdf::Extractor>>,
}

impl Checker {
    /// A pool of `workers` checkers over one compiled standard (every edition).
    pub fn new(
        editions: Editions,
        workers: usize,
        queue: usize,
        timeout: Duration,
        work: PathBuf,
    ) -> Checker {
        Checker {
            editions: Arc::new(editions),
            permits: Arc::new(Semaphore::new(workers.max(1))),
            workers: workers.max(1),
            waiting: AtomicUsize::new(0),
            queue,
            timeout,
            work,
            extractor: std::env::current_exe()
                .ok()
                .map(|exe| Arc::new(crate::pdf::Extractor::new(exe))),
        }
    }

    /// The standard's editions.
    pub fn editions(&self) -> &Editions {
        &self.editions
    }

    /// Runs one check when a worker is free.
    pub async fn check(&self, input: CheckInput) -> Result<Outcome, ServeError> {
        let extractor = self.extractor.clone();
        self.job(move |editions, work| run(editions, &input, work, extractor.as_deref()))
            .await
    }

    /// Runs a job on the pool (a check, a checklist, an acceptance assessment): it waits for a
    /// worker (or is refused when the queue is full) and has the check's time limit. The job
    /// gets the standard's editions and the folder for its private work folders.
    pub async fn job<T, F>(&self, job: F) -> Result<T, ServeError>
    where
        T: Send + 'static,
        F: FnOnce(&Editions, &Path) -> Result<T, ServeError> + Send + 'static,
    {
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue + self.workers {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(ServeError::Busy);
        }
        let permit = Arc::clone(&self.permits).acquire_owned().await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let permit =
            permit.map_err(|_| ServeError::Internal("the checker pool is closed".into()))?;
        let editions = Arc::clone(&self.editions);
        let work = self.work.clone();
        // The permit travels with the blocking task: a job that outlives its time limit keeps
        // its worker busy until it really ends, so the pool never over-commits.
        let task = tokio::task::spawn_blocking(move || {
            let outcome = job(&editions, &work);
            drop(permit);
            outcome
        });
        match tokio::time::timeout(self.timeout, task).await {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(e)) => Err(ServeError::Internal(format!("the check failed: {e}"))),
            Err(_) => Err(ServeError::Timeout(self.timeout.as_secs())),
        }
    }
}

/// A private folder for one check, removed afterwards.
pub struct WorkDir(pub PathBuf);

impl WorkDir {
    /// A new folder under `parent`.
    pub fn new(parent: &Path) -> std::io::Result<WorkDir> {
        let token = super::auth::new_token().map_err(|e| std::io::Error::other(e.message()))?;
        let dir = parent.join(&token[..24]);
        std::fs::create_dir_all(&dir)?;
        Ok(WorkDir(dir))
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

/// The check itself (on a blocking thread).
fn run(
    editions: &Editions,
    input: &CheckInput,
    work: &Path,
    extractor: Option<&crate::pdf::Extractor>,
) -> Result<Outcome, ServeError> {
    let Some(submission) = input.files.iter().find(|f| f.path == input.submission) else {
        return Err(ServeError::BadRequest(format!(
            "the submission {} is not among the uploaded files",
            input.submission
        )));
    };
    let dir = WorkDir::new(work)?;
    let path = dir.0.join(&submission.path);
    write_file(&dir.0, &submission.path, &submission.bytes)?;
    let Some(format) = crate::ingest::Format::from_path(&path) else {
        return Ok(Err(vec![
            Problem::file(
                &submission.path,
                "cannot tell the file's format from its name",
            )
            .hint("name submissions *.yaml, *.yml, *.json or *.toml"),
        ]));
    };
    let mut source = match crate::ingest::Source::read(&path, crate::ingest::MAX_SUBMISSION_BYTES) {
        Ok(s) => s,
        Err(p) => return Ok(Err(vec![rename(p, &dir.0)])),
    };
    source.name = submission.path.clone();
    let mut document = match crate::ingest::parse(source, format) {
        Ok(d) => d,
        Err(p) => return Ok(Err(vec![p])),
    };
    add_waivers(&mut document.value, &input.waivers);
    let validated = match crate::validate::validate(document) {
        Ok(v) => v,
        Err(p) => return Ok(Err(p)),
    };
    let folder = Path::new(&submission.path)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Err(problems) = place_attachments(&validated, &folder, input, &dir.0) {
        return Ok(Err(problems));
    }
    let outcome = crate::cli::batch::check_validated(
        validated,
        &path,
        editions,
        Options { as_of: input.as_of },
        None,
        None,
        crate::cli::batch::AttachmentReaders {
            extractor,
            // Attachments stay inside the round's own folder (no outside roots).
            policy: &crate::ingest::attachment::Policy::default(),
        },
    );
    Ok(match outcome {
        Ok((mut report, _)) => {
            scrub(&mut report, &dir.0);
            Ok(report)
        }
        Err(problems) => Err(problems.into_iter().map(|p| rename(p, &dir.0)).collect()),
    })
}

/// Reads and validates a stored submission on its own (an approved design, for acceptance), as
/// the command line reads a file: its bytes from disk, its name as uploaded.
pub fn read_design(
    submission: &UploadedFile,
    work: &Path,
) -> Result<crate::validate::Validated, ServeError> {
    let dir = WorkDir::new(work)?;
    write_file(&dir.0, &submission.path, &submission.bytes)?;
    let path = dir.0.join(&submission.path);
    let format = crate::ingest::Format::from_path(&path).ok_or_else(|| {
        ServeError::BadRequest(format!("{}: not a submission file name", submission.path))
    })?;
    let mut source = crate::ingest::Source::read(&path, crate::ingest::MAX_SUBMISSION_BYTES)
        .map_err(|p| ServeError::Input(vec![rename(p, &dir.0)]))?;
    source.name = submission.path.clone();
    let document = crate::ingest::parse(source, format).map_err(|p| ServeError::Input(vec![p]))?;
    crate::validate::validate(document).map_err(ServeError::Input)
}

/// Writes a file into a new private folder and runs `f` with its path (a filled checklist, read
/// by the library from a path).
pub fn with_file<T>(
    work: &Path,
    name: &str,
    bytes: &[u8],
    f: impl FnOnce(&Path) -> T,
) -> Result<T, ServeError> {
    let dir = WorkDir::new(work)?;
    write_file(&dir.0, name, bytes)?;
    Ok(f(&dir.0.join(name)))
}

/// Waivers granted in the portal go after the submission's own.
fn add_waivers(value: &mut Value, waivers: &[Value]) {
    if waivers.is_empty() {
        return;
    }
    if let Some(obj) = value.as_object_mut() {
        let list = obj
            .entry("waivers")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Some(a) = list.as_array_mut() {
            a.extend(waivers.iter().cloned());
        }
    }
}

/// Lays every declared attachment out at the path the submission gives it (relative to the
/// submission's folder): the uploaded file of that path, else the one loose file of that name.
/// A path that would leave the folder is a problem at its place in the submission.
fn place_attachments(
    validated: &crate::validate::Validated,
    folder: &str,
    input: &CheckInput,
    dir: &Path,
) -> Result<(), Vec<Problem>> {
    let doc = &validated.document;
    let mut problems = Vec::new();
    let mut placed = std::collections::BTreeSet::new();
    let declared = doc
        .value
        .get("attachments")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, a) in declared.iter().enumerate() {
        let Some(rel) = a.get("path").and_then(Value::as_str) else {
            continue;
        };
        let pointer = format!("/attachments/{i}/path");
        let confined = match confine(rel) {
            Ok(c) if !rel.starts_with('/') && !rel.contains('\\') => c,
            Ok(_) | Err(_) => {
                problems.push(
                    doc.problem_at(
                        &pointer,
                        format!("the attachment path `{rel}` leaves the submission's folder"),
                    )
                    .hint("give attachments as paths inside the submission's folder, e.g. attachments/equipment-list.csv"),
                );
                continue;
            }
        };
        let full = if folder.is_empty() {
            confined
        } else {
            format!("{folder}/{confined}")
        };
        let name = full.rsplit('/').next().unwrap_or(&full).to_owned();
        let found = input.files.iter().find(|f| f.path == full).or_else(|| {
            let loose: Vec<&UploadedFile> = input
                .files
                .iter()
                .filter(|f| f.loose && f.path == name && f.path != input.submission)
                .collect();
            (loose.len() == 1).then(|| loose[0])
        });
        if let Some(f) = found
            && placed.insert(full.clone())
            && let Err(e) = write_file(dir, &full, &f.bytes)
        {
            problems.push(doc.problem_at(&pointer, format!("could not be stored: {e}")));
        }
    }
    // Files not declared are kept with the round but not laid out: nothing reads them.
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Messages name files as the user uploaded them, not the server's private folder.
pub fn rename(mut p: Problem, dir: &Path) -> Problem {
    let prefix = format!("{}/", dir.display());
    p.file = p.file.replace(&prefix, "");
    if let Some(h) = &p.hint {
        p.hint = Some(h.replace(&prefix, ""));
    }
    p.message = p.message.replace(&prefix, "");
    p
}

fn scrub(report: &mut Report, dir: &Path) {
    let prefix = format!("{}/", dir.display());
    for d in &mut report.crosscheck {
        d.attachment_at = d.attachment_at.replace(&prefix, "");
    }
}
