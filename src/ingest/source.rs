//! Reading an input file safely: existence, size cap, UTF-8, digest and a line index.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostic::{Location, Problem};

/// The largest submission anfang reads. Submissions describe a community, not its video: even
/// the 30-building sample is well under 1 MiB. Equipment lists belong in attachments.
pub const MAX_SUBMISSION_BYTES: u64 = 20 * 1024 * 1024;

/// The format of a structured input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML 1.2 (`.yaml`, `.yml`).
    Yaml,
    /// JSON (`.json`).
    Json,
    /// TOML (`.toml`).
    Toml,
}

impl Format {
    /// The format named by a file's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            "toml" => Some(Format::Toml),
            _ => None,
        }
    }
}

/// An input file's text with what reports need to cite it.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (used in every message).
    pub name: String,
    /// The text, without a UTF-8 byte-order mark.
    pub text: String,
    /// Lowercase hex SHA-256 of the file's bytes as read from disk.
    pub sha256: String,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
}

impl Source {
    /// Wraps text that did not come from a file (tests, rule examples).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Source {
        let text = text.into();
        let sha256 = sha256_hex(text.as_bytes());
        Source::new(name.into(), text, sha256)
    }

    fn new(name: String, text: String, sha256: String) -> Source {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source {
            name,
            text,
            sha256,
            line_starts,
        }
    }

    /// Reads a file, refusing directories, files over `max_bytes` and text that is not UTF-8.
    pub fn read(path: &Path, max_bytes: u64) -> Result<Source, Problem> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| io_problem(&name, &e))?;
        if meta.is_dir() {
            return Err(Problem::file(&name, "is a directory, not a file")
                .hint("name a submission file (.yaml, .yml, .json or .toml); `anfang batch` takes directories"));
        }
        if meta.len() > max_bytes {
            return Err(too_big(&name, meta.len(), max_bytes));
        }
        // A FIFO or device is refused, not waited on.
        let file = super::attachment::open_regular(path, &name)?;
        let mut bytes = Vec::new();
        file.take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_problem(&name, &e))?;
        if bytes.len() as u64 > max_bytes {
            return Err(too_big(&name, bytes.len() as u64, max_bytes));
        }
        Source::from_bytes(name, bytes)
    }

    /// Decodes bytes as UTF-8 (a leading byte-order mark is allowed and dropped).
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, Problem> {
        let sha256 = sha256_hex(&bytes);
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(Problem::file(&name, "is encoded as UTF-16")
                .at(Some(Location { line: 1, column: 1 }))
                .hint("save the file as UTF-8"));
        }
        let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
        match std::str::from_utf8(body) {
            Ok(text) => {
                if text.trim().is_empty() {
                    return Err(Problem::file(&name, "is empty").hint(
                        "a submission needs at least a `project` section; `anfang init` writes a starter file",
                    ));
                }
                Ok(Source::new(name, text.to_owned(), sha256))
            }
            Err(e) => {
                let good = body.get(..e.valid_up_to()).unwrap_or_default();
                let prefix = String::from_utf8_lossy(good);
                let line = prefix.matches('\n').count() + 1;
                let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let hint = match legacy_encoding(body) {
                    Some(Legacy::Gbk) => {
                        "the file looks like GBK/GB18030 (what Chinese Windows editors save); re-save it as UTF-8"
                    }
                    Some(Legacy::Latin1) => {
                        "the file looks like Latin-1 / Windows-1252 (Western European); re-save it as UTF-8"
                    }
                    None => "save the file as UTF-8",
                };
                Err(Problem::file(
                    &name,
                    format!("is not valid UTF-8 (byte offset {})", e.valid_up_to()),
                )
                .at(Some(Location { line, column }))
                .hint(hint))
            }
        }
    }

    /// The 1-based line and character column of a byte offset.
    pub fn location_of_byte(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Location {
            line: line_index + 1,
            column,
        }
    }

    /// The byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next.saturating_sub(1));
        self.text
            .get(start..end.max(start))
            .map(|l| l.trim_end_matches('\r'))
    }

    /// Fills a problem's source excerpt from this file (the part of the line around the
    /// column: see [`Problem::with_source_line`]).
    pub fn annotate(&self, problem: Problem) -> Problem {
        match problem.location.and_then(|loc| self.line_text(loc.line)) {
            Some(line) => problem.with_source_line(line),
            None => problem,
        }
    }
}

/// Lowercase hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

fn io_problem(name: &str, e: &std::io::Error) -> Problem {
    match e.kind() {
        std::io::ErrorKind::NotFound => Problem::file(name, "no such file")
            .hint("check the path; `anfang init` writes a starter submission"),
        std::io::ErrorKind::PermissionDenied => Problem::file(name, "permission denied"),
        _ => Problem::file(name, format!("could not be read: {e}")),
    }
}

fn too_big(name: &str, len: u64, max: u64) -> Problem {
    Problem::file(
        name,
        format!(
            "is {:.1} MiB; anfang reads input files of at most {} MiB",
            len as f64 / 1_048_576.0,
            max / 1_048_576
        ),
    )
    .hint("a submission describes the design, not raw data: move long equipment lists into attachments")
}

/// A legacy encoding a file not in UTF-8 looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Legacy {
    Gbk,
    Latin1,
}

/// A cheap test of the bytes above 0x7F: GBK/GB18030 Chinese comes in pairs whose bytes are
/// both high (GB2312's common characters are 0xA1–0xFE twice); Latin-1 / Windows-1252 has
/// single high bytes between ASCII letters (`Müller`, `Café`), which GBK would have to read as
/// rare pairs with an ASCII second byte.
fn legacy_encoding(bytes: &[u8]) -> Option<Legacy> {
    let mut i = 0;
    let (mut high_pairs, mut ascii_trail_pairs, mut singles) = (0usize, 0usize, 0usize);
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(&t) if (0x81..=0xFE).contains(&b) && t >= 0x80 && t != 0xFF => {
                high_pairs += 1;
                i += 2;
            }
            Some(&t) if (0x81..=0xFE).contains(&b) && (0x40..0x7F).contains(&t) => {
                ascii_trail_pairs += 1;
                i += 2;
            }
            _ => {
                singles += 1;
                i += 1;
            }
        }
    }
    if high_pairs > 0 && singles == 0 && high_pairs >= ascii_trail_pairs {
        Some(Legacy::Gbk)
    } else if singles + ascii_trail_pairs > 0 {
        Some(Legacy::Latin1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_characters() {
        let s = Source::from_text("t", "a: 1\n名称: 值\n");
        assert_eq!(s.location_of_byte(0), Location { line: 1, column: 1 });
        let offset = s.text.find('值').unwrap_or(0);
        assert_eq!(s.location_of_byte(offset), Location { line: 2, column: 5 });
        assert_eq!(s.line_text(2), Some("名称: 值"));
        assert_eq!(s.line_text(4), None);
    }

    #[test]
    fn gbk_text_is_refused_with_its_place() {
        // "名称" in GBK after an ASCII line.
        let bytes = b"project:\n  name: \xC3\xFB\xB3\xC6\n".to_vec();
        let p = Source::from_bytes("g.yaml".into(), bytes).unwrap_err();
        assert_eq!(p.location, Some(Location { line: 2, column: 9 }));
        assert!(p.hint.unwrap_or_default().contains("GBK"));
    }

    #[test]
    fn latin1_is_not_called_gbk() {
        for text in [
            &b"name: M\xfcller\n"[..],
            b"name: Caf\xe9 ok\n",
            b"a: \xe9t\xe9\n",
        ] {
            let p = Source::from_bytes("l.yaml".into(), text.to_vec()).unwrap_err();
            let hint = p.hint.unwrap_or_default();
            assert!(hint.contains("Latin-1") && !hint.contains("GBK"), "{hint}");
        }
    }

    #[test]
    fn bom_is_dropped_but_digest_covers_the_file() {
        let s = Source::from_bytes("b".into(), b"\xEF\xBB\xBFa: 1".to_vec()).unwrap();
        assert_eq!(s.text, "a: 1");
        assert_eq!(s.sha256, sha256_hex(b"\xEF\xBB\xBFa: 1"));
    }
}
