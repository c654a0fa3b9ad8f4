//! Where a command may write: never over one of its inputs, never twice to one file.
//!
//! Every command that writes files checks each target against the files it read (the same
//! canonical path, or the same file under another name: a hard link or a symlink) before
//! writing, and against the targets it already wrote in this run.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// A file's identity on disk: (device, inode) on Unix.
type Identity = (u64, u64);

fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// The canonical form of a path that may not exist yet: its folder resolved, its name kept.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(c) = path.canonicalize() {
        return Some(c);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

/// The inputs of a command, and the outputs it has claimed.
#[derive(Debug, Default)]
pub struct Outputs {
    inputs: Vec<(PathBuf, Option<PathBuf>, Option<Identity>)>,
    claimed: Vec<(PathBuf, Option<PathBuf>)>,
}

impl Outputs {
    /// Remembers the files a command reads.
    pub fn reading<'a>(inputs: impl IntoIterator<Item = &'a Path>) -> Outputs {
        Outputs {
            inputs: inputs
                .into_iter()
                .map(|p| (p.to_path_buf(), canonical(p), identity(p)))
                .collect(),
            claimed: Vec::new(),
        }
    }

    /// Checks that `target` is none of the inputs and was not written before in this run;
    /// `option` names the command-line option that chose it (`--output`).
    pub fn claim(&mut self, target: &Path, option: &str) -> Result<(), Error> {
        let target_canonical = canonical(target);
        let target_identity = identity(target);
        for (input, input_canonical, input_identity) in &self.inputs {
            let same_path = target_canonical.is_some() && target_canonical == *input_canonical;
            let same_file = target_identity.is_some() && target_identity == *input_identity;
            if same_path || same_file {
                return Err(Error::Usage(format!(
                    "{option} {} is the input {}; anfang never overwrites an input: choose another file",
                    target.display(),
                    input.display()
                )));
            }
        }
        for (earlier, earlier_canonical) in &self.claimed {
            if target_canonical.is_some() && target_canonical == *earlier_canonical {
                return Err(Error::Usage(format!(
                    "{option} {} would be written twice (also as {}); give each output its own file",
                    target.display(),
                    earlier.display()
                )));
            }
        }
        self.claimed.push((target.to_path_buf(), target_canonical));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_is_never_a_target() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("a.yaml");
        std::fs::write(&input, "x").unwrap();
        let mut outputs = Outputs::reading([input.as_path()]);
        let e = outputs.claim(&input, "--output").unwrap_err();
        assert!(e.to_string().contains("never overwrites an input"), "{e}");
        // The same file by another name.
        let dotted = dir.path().join(".").join("a.yaml");
        assert!(outputs.claim(&dotted, "--output").is_err());
        #[cfg(unix)]
        {
            let linked = dir.path().join("hard.yaml");
            std::fs::hard_link(&input, &linked).unwrap();
            assert!(outputs.claim(&linked, "--output").is_err());
        }
        let fresh = dir.path().join("r.md");
        outputs.claim(&fresh, "--output").unwrap();
        let e = outputs.claim(&fresh, "--report").unwrap_err();
        assert!(e.to_string().contains("twice"), "{e}");
    }
}
