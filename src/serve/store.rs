//! The file store: every uploaded or issued file kept once, named by its SHA-256
//! (`DATA/blobs/ab/abcdef…`). A file is written to a temporary name, synced and renamed, so a
//! reader (or a crash) never sees half a file; a stored file never changes, and reading
//! verifies its digest, so an edited file is detected rather than served.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::ingest::sha256_hex;

/// The store under one folder.
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

fn is_digest(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Store {
    /// The store in `DATA/blobs`, created when missing.
    pub fn open(data: &Path) -> std::io::Result<Store> {
        let root = data.join("blobs");
        std::fs::create_dir_all(&root)?;
        Ok(Store { root })
    }

    fn path(&self, sha: &str) -> Option<PathBuf> {
        is_digest(sha).then(|| self.root.join(&sha[..2]).join(sha))
    }

    /// Stores bytes durably; returns their SHA-256 (lowercase hex).
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha = sha256_hex(bytes);
        let Some(path) = self.path(&sha) else {
            return Err(std::io::Error::other("digest is not hex"));
        };
        if path.is_file() {
            return Ok(sha);
        }
        let dir = self.root.join(&sha[..2]);
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join(format!(
            ".{sha}.{}.{}.tmp",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)?;
            // The rename itself reaches the disk with the folder.
            std::fs::File::open(&dir)?.sync_all()
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map(|()| sha)
    }

    /// The bytes stored under a digest; an error when missing or when they no longer match it.
    pub fn get(&self, sha: &str) -> std::io::Result<Vec<u8>> {
        let Some(path) = self.path(sha) else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "not a SHA-256",
            ));
        };
        let bytes = std::fs::read(&path)?;
        if sha256_hex(&bytes) != sha {
            return Err(std::io::Error::other(format!(
                "stored file {sha} was changed on disk (its content no longer matches its SHA-256)"
            )));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_once_and_detects_an_edit() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let a = store.put(b"round 1").unwrap();
        assert_eq!(store.put(b"round 1").unwrap(), a);
        assert_eq!(store.get(&a).unwrap(), b"round 1");
        std::fs::write(store.path(&a).unwrap(), b"round 2").unwrap();
        assert!(store.get(&a).unwrap_err().to_string().contains("changed"));
        assert!(store.get("../../etc/passwd").is_err());
    }
}
