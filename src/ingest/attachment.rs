//! Opening a file a submission names (`attachments[].path`): confined to the submission's
//! folder, regular files only.
//!
//! An authority's portal receives submissions from anyone: `../x.csv`, `/etc/passwd` or a
//! symlink to it must not be read (its digest and cells would end up in a report or a
//! message), and a FIFO named `x.csv` must not hang the check. The path is resolved (symlinks
//! included) and must lie under the submission's folder, or under a root the user allowed with
//! `--allow-outside-attachments DIR`; only a regular file is opened, without blocking, and it
//! is checked again once open. A refusal names the attachment and the resolved path without
//! reading the file.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::Problem;

/// Where attachments may be read from besides the submission's own folder.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Folders allowed by `--allow-outside-attachments` (canonical paths).
    pub allowed_roots: Vec<PathBuf>,
}

impl Policy {
    /// A policy allowing these folders too; each must exist.
    pub fn allowing(roots: &[PathBuf]) -> Result<Policy, String> {
        let allowed_roots = roots
            .iter()
            .map(|r| {
                r.canonicalize()
                    .map_err(|e| format!("--allow-outside-attachments {}: {e}", r.display()))
                    .and_then(|c| {
                        if c.is_dir() {
                            Ok(c)
                        } else {
                            Err(format!(
                                "--allow-outside-attachments {}: not a folder",
                                r.display()
                            ))
                        }
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(Policy { allowed_roots })
    }
}

/// An attachment that may be read.
#[derive(Debug)]
pub struct OpenedAttachment {
    /// The path as declared, joined to the submission's folder (for messages and reports).
    pub path: PathBuf,
    /// The resolved path (symlinks followed).
    pub resolved: PathBuf,
    /// The open file.
    pub file: File,
    /// Its size in bytes.
    pub len: u64,
}

impl OpenedAttachment {
    /// Reads the whole file, refusing one over `max_bytes`.
    pub fn read(mut self, max_bytes: u64) -> Result<Vec<u8>, Problem> {
        let name = self.path.display().to_string();
        if self.len > max_bytes {
            return Err(too_large(&name, self.len, max_bytes));
        }
        let mut bytes = Vec::new();
        (&mut self.file)
            .take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Problem::file(&name, format!("could not be read: {e}")))?;
        if bytes.len() as u64 > max_bytes {
            return Err(too_large(&name, bytes.len() as u64, max_bytes));
        }
        Ok(bytes)
    }
}

fn too_large(name: &str, len: u64, max: u64) -> Problem {
    Problem::file(
        name,
        format!(
            "is {:.1} MiB; anfang reads attachments of at most {} MiB",
            len as f64 / 1_048_576.0,
            max >> 20
        ),
    )
    .hint("split the file, or remove embedded pictures")
}

/// Opens the attachment `declared` of a submission in `submission_dir`.
pub fn open(
    submission_dir: &Path,
    declared: &str,
    policy: &Policy,
) -> Result<OpenedAttachment, Problem> {
    // A submission named without a folder (`x.yaml`) has the empty path as its parent: the
    // current folder.
    let submission_dir = if submission_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        submission_dir
    };
    let path = submission_dir.join(declared);
    let name = path.display().to_string();
    let dir = submission_dir.canonicalize().map_err(|e| {
        Problem::file(
            &name,
            format!("the submission's folder cannot be resolved: {e}"),
        )
    })?;
    let resolved = path.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Problem::file(&name, "no such file")
            .hint("attachment paths are relative to the submission's folder"),
        _ => Problem::file(&name, format!("cannot be resolved: {e}")),
    })?;
    let inside = resolved.starts_with(&dir)
        || policy
            .allowed_roots
            .iter()
            .any(|root| resolved.starts_with(root));
    if !inside {
        return Err(Problem::file(
            &name,
            format!(
                "attachment `{}` resolves to {}, outside the submission's folder {}; anfang does not read it",
                crate::diagnostic::shorten(declared),
                resolved.display(),
                dir.display()
            ),
        )
        .hint("put the file in the submission's folder, or allow its folder with --allow-outside-attachments DIR"));
    }
    let file = open_regular(&resolved, &name)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok(OpenedAttachment {
        path,
        resolved,
        file,
        len,
    })
}

/// Opens `path` for reading if it is a regular file: a folder, FIFO, socket or device is
/// refused by name, and the file is opened without blocking (a FIFO swapped in after the
/// check cannot hang the read) and checked again once open.
pub fn open_regular(path: &Path, name: &str) -> Result<File, Problem> {
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => Problem::file(name, "no such file").hint("check the path"),
        std::io::ErrorKind::PermissionDenied => Problem::file(name, "permission denied"),
        _ => Problem::file(name, format!("could not be read: {e}")),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    check_regular(&meta, name)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io)?;
    check_regular(&file.metadata().map_err(io)?, name)?;
    Ok(file)
}

fn check_regular(meta: &std::fs::Metadata, name: &str) -> Result<(), Problem> {
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "a directory"
    } else {
        special_kind(meta)
    };
    Err(Problem::file(
        name,
        format!("is {what}, not a regular file; anfang reads only regular files"),
    )
    .hint("name a file saved on disk"))
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "not a file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_is_read_outside_is_refused_without_reading() {
        let root = tempfile::tempdir().unwrap();
        let sub = root.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("list.csv"), "名称,数量\n").unwrap();
        std::fs::write(root.path().join("secret.csv"), "secret,1\n").unwrap();
        let policy = Policy::default();
        let opened = open(&sub, "list.csv", &policy).unwrap();
        assert_eq!(opened.read(100).unwrap(), "名称,数量\n".as_bytes());

        for declared in [
            "../secret.csv",
            root.path().join("secret.csv").to_str().unwrap(),
        ] {
            let p = open(&sub, declared, &policy).unwrap_err();
            assert!(p.message.contains("outside the submission's folder"), "{p}");
            assert!(!p.to_string().contains("secret,1"), "{p}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.path().join("secret.csv"), sub.join("link.csv"))
                .unwrap();
            let p = open(&sub, "link.csv", &policy).unwrap_err();
            assert!(p.message.contains("secret.csv"), "{p}");
            let allowed = Policy::allowing(&[root.path().to_path_buf()]).unwrap();
            assert!(open(&sub, "link.csv", &allowed).is_ok());
        }
    }

    #[test]
    #[cfg(unix)]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.csv");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let p = open(dir.path(), "x.csv", &Policy::default()).unwrap_err();
        assert!(p.message.contains("FIFO"), "{p}");
    }
}
