//! Uploads: a multipart body (single files, or a zip bundle) → a list of files with confined
//! relative paths, within the limits, each counted while it is read.
//!
//! Guards: every path is relative, made of plain components (no `..`, no absolute path, no drive
//! letter, no control character); zip symlinks are refused; a zip entry's unpacked size is
//! counted as it is read (its header may lie) against the per-file, total and ratio limits.

use std::collections::BTreeMap;
use std::io::Read;

use axum::extract::Multipart;

use super::config::UploadLimits;
use super::error::ServeError;

/// One uploaded file.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// Its relative path (from a zip) or its name (a single file).
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Whether it came without folders (a single file field), so it may be placed at the path
    /// the submission declares for it.
    pub loose: bool,
}

/// A parsed multipart body.
#[derive(Debug, Default)]
pub struct Upload {
    /// The files, zips unpacked.
    pub files: Vec<UploadedFile>,
    /// The path of the file sent in the field named `submission`, if any.
    pub submission: Option<String>,
    /// The text fields.
    pub fields: BTreeMap<String, String>,
}

/// The longest text field.
const FIELD_BYTES: usize = 64 * 1024;

/// A safe relative path, or why not.
pub fn confine(name: &str) -> Result<String, String> {
    let unified = name.replace('\\', "/");
    if unified.starts_with('/') {
        return Err(format!("`{name}` is an absolute path"));
    }
    let mut parts = Vec::new();
    for part in unified.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        if part == ".." {
            return Err(format!("`{name}` leaves its folder (`..`)"));
        }
        if part.contains(':') || part.chars().any(char::is_control) {
            return Err(format!(
                "`{name}` has a drive letter or a control character"
            ));
        }
        if part.len() > 255 {
            return Err(format!("`{name}` has a name longer than 255 bytes"));
        }
        parts.push(part);
    }
    if parts.is_empty() {
        return Err(format!("`{name}` names no file"));
    }
    Ok(parts.join("/"))
}

fn is_zip(name: &str, bytes: &[u8]) -> bool {
    name.to_ascii_lowercase().ends_with(".zip") || bytes.starts_with(b"PK\x03\x04")
}

/// Reads a multipart body.
pub async fn read(mut multipart: Multipart, limits: &UploadLimits) -> Result<Upload, ServeError> {
    let mut upload = Upload::default();
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            ServeError::TooLarge(format!(
                "the upload is larger than {} MiB",
                limits.request_bytes / (1024 * 1024)
            ))
        } else {
            ServeError::BadRequest(format!("the upload could not be read: {e}"))
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let cap = if file_name.is_some() {
            usize::try_from(limits.file_bytes).unwrap_or(usize::MAX)
        } else {
            FIELD_BYTES
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(bad)? {
            if bytes.len() + chunk.len() > cap {
                return Err(ServeError::TooLarge(match &file_name {
                    Some(f) => format!("{f} is larger than {} MiB", cap / (1024 * 1024)),
                    None => format!("the field `{name}` is longer than {cap} bytes"),
                }));
            }
            bytes.extend_from_slice(&chunk);
        }
        match file_name {
            // A file input left empty sends an empty name and no bytes.
            Some(f) if f.is_empty() && bytes.is_empty() => {}
            Some(f) => {
                if is_zip(&f, &bytes) {
                    unzip(&bytes, limits, &mut upload.files)?;
                } else {
                    let path = confine(&f).map_err(ServeError::BadRequest)?;
                    if name == "submission" {
                        upload.submission = Some(path.clone());
                    }
                    upload.files.push(UploadedFile {
                        path,
                        bytes,
                        loose: true,
                    });
                }
                if upload.files.len() > limits.files {
                    return Err(ServeError::TooLarge(format!(
                        "more than {} files in one upload",
                        limits.files
                    )));
                }
            }
            None => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    ServeError::BadRequest(format!("the field `{name}` is not UTF-8 text"))
                })?;
                upload.fields.insert(name, text);
            }
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for f in &upload.files {
        if !seen.insert(f.path.as_str()) {
            return Err(ServeError::BadRequest(format!(
                "two uploaded files are both named {}",
                f.path
            )));
        }
    }
    Ok(upload)
}

/// Unpacks a zip bundle into `out`, within the limits.
pub fn unzip(
    bytes: &[u8],
    limits: &UploadLimits,
    out: &mut Vec<UploadedFile>,
) -> Result<(), ServeError> {
    let bad = |m: String| ServeError::BadRequest(format!("the zip bundle: {m}"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("cannot be read ({e})")))?;
    if archive.len() > limits.files {
        return Err(ServeError::TooLarge(format!(
            "the zip bundle has {} entries; at most {} files are accepted",
            archive.len(),
            limits.files
        )));
    }
    let mut total: u64 = 0;
    let mut unpacked = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| bad(format!("entry {i} cannot be read ({e})")))?;
        let name = entry
            .name()
            .map_err(|e| bad(format!("entry {i} has an unreadable name ({e})")))?
            .into_owned();
        if entry.is_dir() || name.starts_with("__MACOSX/") {
            continue;
        }
        if entry.is_symlink() {
            return Err(bad(format!(
                "`{name}` is a symbolic link; only files are accepted"
            )));
        }
        let path = confine(&name).map_err(bad)?;
        let compressed = entry.compressed_size().max(1);
        let mut data = Vec::new();
        // The header's size may lie: count what comes out, one byte past the limit.
        let cap = limits
            .file_bytes
            .min(compressed.saturating_mul(limits.ratio).max(4096));
        (&mut entry)
            .take(cap + 1)
            .read_to_end(&mut data)
            .map_err(|e| bad(format!("`{name}` cannot be unpacked ({e})")))?;
        let size = data.len() as u64;
        if size > cap {
            return Err(ServeError::TooLarge(if cap == limits.file_bytes {
                format!(
                    "`{name}` unpacks to more than {} MiB",
                    limits.file_bytes / (1024 * 1024)
                )
            } else {
                format!(
                    "`{name}` unpacks to more than {} times its packed size (a zip bomb?)",
                    limits.ratio
                )
            }));
        }
        total += size;
        if total > limits.unpacked_bytes {
            return Err(ServeError::TooLarge(format!(
                "the zip bundle unpacks to more than {} MiB",
                limits.unpacked_bytes / (1024 * 1024)
            )));
        }
        unpacked.push(UploadedFile {
            path,
            bytes: data,
            loose: false,
        });
    }
    strip_common_folder(&mut unpacked);
    out.extend(unpacked);
    Ok(())
}

/// A zip of a folder (`project/submission.yaml`, `project/attachments/…`) is read as the folder's
/// contents.
fn strip_common_folder(files: &mut [UploadedFile]) {
    let Some(first) = files
        .first()
        .and_then(|f| f.path.split_once('/'))
        .map(|(d, _)| d.to_owned())
    else {
        return;
    };
    let prefix = format!("{first}/");
    if files.iter().all(|f| f.path.starts_with(&prefix)) {
        for f in files.iter_mut() {
            f.path = f.path[prefix.len()..].to_owned();
        }
    }
}

/// Whether a file name is a submission's (.yaml, .yml, .json, .toml; not a JSON Schema).
pub fn is_submission_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    !lower.ends_with(".schema.json")
        && [".yaml", ".yml", ".json", ".toml"]
            .iter()
            .any(|e| lower.ends_with(e))
}

/// The submission among the files: the `submission` field, else the one submission file at the
/// top level.
pub fn submission_path(upload: &Upload) -> Result<String, ServeError> {
    if let Some(s) = &upload.submission {
        return Ok(s.clone());
    }
    let top: Vec<&str> = upload
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| !p.contains('/') && is_submission_name(p))
        .collect();
    match top.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => Err(ServeError::BadRequest(
            "no submission in the upload: send a .yaml, .yml, .json or .toml file in the field \
             `submission` (or at the top of the zip bundle)"
                .into(),
        )),
        many => Err(ServeError::BadRequest(format!(
            "several submissions in the upload ({}): send the one to check in the field \
             `submission`",
            many.join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn paths_stay_inside() {
        assert_eq!(confine("a/b.csv").unwrap(), "a/b.csv");
        assert_eq!(confine("a\\b.csv").unwrap(), "a/b.csv");
        assert_eq!(confine("./a//b.csv").unwrap(), "a/b.csv");
        assert!(confine("../etc/passwd").is_err());
        assert!(confine("a/../../b").is_err());
        assert!(confine("/etc/passwd").is_err());
        assert!(confine("C:/x").is_err());
        assert!(confine("a/\u{0}b").is_err());
        assert!(confine("").is_err());
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (n, b) in entries {
            w.start_file(*n, o).unwrap();
            w.write_all(b).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_folder_zip_unpacks_to_its_contents() {
        let z = zip_of(&[("p/s.yaml", b"project: {}"), ("p/att/e.csv", b"a,b")]);
        let mut out = Vec::new();
        unzip(&z, &UploadLimits::default(), &mut out).unwrap();
        let paths: Vec<_> = out.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["s.yaml", "att/e.csv"]);
    }

    #[test]
    fn traversal_and_bombs_are_refused() {
        let z = zip_of(&[("../evil.yaml", b"x")]);
        let e = unzip(&z, &UploadLimits::default(), &mut Vec::new()).unwrap_err();
        assert!(e.message().contains("leaves its folder"), "{}", e.message());
        let zeros = vec![0u8; 8 * 1024 * 1024];
        let z = zip_of(&[("zeros.csv", &zeros)]);
        assert!(z.len() < 100_000, "deflate packs zeros ~1000:1");
        let e = unzip(&z, &UploadLimits::default(), &mut Vec::new()).unwrap_err();
        assert!(matches!(e, ServeError::TooLarge(_)));
        assert!(e.message().contains("zip bomb"), "{}", e.message());
    }
}
