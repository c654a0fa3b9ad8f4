//! Text with positions from PDF design documents, robust against hostile files.
//!
//! pdf-extract panics on about a quarter of damaged PDFs and overflows the stack (aborting the
//! process) on a Form XObject that draws itself, so it never runs in the checking process:
//! [`Extractor::extract`] re-runs the `anfang` binary as `anfang __extract-pdf FILE` (see
//! [`child_main`]) under a timeout and an address-space limit, and reads JSON back.
//!
//! Text is grouped from glyph positions into lines and cells, so table columns survive, and
//! every cell is [`normalise`]d (NFKC, radicals folded to ideographs, `：` as `:`).

mod child;
mod layout;
mod normalise;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Problem;

pub use child::{
    EXIT_CORRUPT, EXIT_ENCRYPTED, EXIT_IO, EXIT_OK, EXIT_OUT_OF_MEMORY, EXIT_PAGE_TREE_CYCLE,
    EXIT_PANIC, MEMORY_LIMIT_ENV, child_main,
};
pub use layout::{
    BASELINE_TOLERANCE, BASELINE_TOLERANCE_EM, CELL_GAP_EM, Glyph, WORD_GAP_EM, lines_from_glyphs,
};
pub use normalise::normalise;

/// The hidden subcommand the parent runs: `EXE __extract-pdf FILE`.
pub const SUBCOMMAND: &str = "__extract-pdf";

/// A PDF whose pages have on average fewer non-blank characters than this has no usable text
/// layer (a scan, or a page number on an image).
pub const MIN_CHARS_PER_PAGE: usize = 10;

/// The text of a PDF, page by page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PdfText {
    /// The pages in order.
    pub pages: Vec<Page>,
    /// What the reader had to work around (a damaged cross-reference table rebuilt, copying
    /// forbidden by the PDF's permissions), for the user to see.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// One page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// Page number, from 1.
    pub number: usize,
    /// Lines, top to bottom.
    pub lines: Vec<Line>,
}

/// Glyphs on one baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// Line number within the page, from 1, top to bottom.
    pub number: usize,
    /// Baseline, in pt from the top of the page.
    pub y: f32,
    /// Runs of text separated by wide gaps (table columns), left to right.
    pub cells: Vec<Cell>,
}

/// A run of text without a wide gap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// Left edge, in pt from the left of the page.
    pub x: f32,
    /// Right edge.
    pub x_end: f32,
    /// The normalised text.
    pub text: String,
}

impl Line {
    /// The cells joined with single spaces.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self.cells.iter().map(|c| c.text.as_str()).collect();
        texts.join(" ")
    }
}

impl PdfText {
    /// Every line of every page, with its page.
    pub fn lines(&self) -> impl Iterator<Item = (&Page, &Line)> {
        self.pages
            .iter()
            .flat_map(|p| p.lines.iter().map(move |l| (p, l)))
    }

    /// Non-blank characters in all cells.
    pub fn char_count(&self) -> usize {
        self.lines()
            .flat_map(|(_, l)| &l.cells)
            .map(|c| c.text.chars().filter(|c| !c.is_whitespace()).count())
            .sum()
    }

    /// All text, one line per line, pages separated by a form feed.
    pub fn to_plain_text(&self) -> String {
        let pages: Vec<String> = self
            .pages
            .iter()
            .map(|p| p.lines.iter().map(|l| l.text() + "\n").collect::<String>())
            .collect();
        pages.join("\u{c}")
    }
}

/// Why a PDF yielded no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// The file has no bytes at all.
    Empty,
    /// The page tree refers back to itself (object number of the node seen twice).
    PageTreeCycle(String),
    /// Opening the PDF needs a password.
    Encrypted,
    /// The PDF has (almost) no text layer: a scan.
    NoTextLayer {
        /// Pages in the PDF.
        pages: usize,
        /// Non-blank characters found.
        chars: usize,
    },
    /// Not a PDF, or damaged (the parser's message).
    Corrupt(String),
    /// The extractor died: a panic, a stack overflow, out of memory (what it said).
    Crashed(String),
    /// The extractor ran longer than the timeout and was killed.
    Timeout(Duration),
    /// The file is larger than the limit and was not opened.
    TooLarge {
        /// The file size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file or the extractor could not be read or started.
    Io(String),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::Empty => write!(f, "the file is empty (0 bytes)"),
            PdfError::PageTreeCycle(m) => write!(
                f,
                "the PDF's page tree refers back to itself ({m}): the pages cannot be counted or read"
            ),
            PdfError::Encrypted => write!(f, "the PDF is protected by a password"),
            PdfError::NoTextLayer { pages, chars } => write!(
                f,
                "the PDF has no text layer ({chars} characters on {pages} page(s)): it looks scanned"
            ),
            PdfError::Corrupt(m) => write!(f, "the PDF is damaged or not a PDF: {m}"),
            PdfError::Crashed(m) => write!(f, "the PDF reader crashed on this file: {m}"),
            PdfError::Timeout(t) => write!(
                f,
                "reading the PDF took longer than {} s and was stopped",
                t.as_secs_f32()
            ),
            PdfError::TooLarge { size, limit } => write!(
                f,
                "the PDF is {} MiB, more than the limit of {} MiB",
                mib(*size),
                mib(*limit)
            ),
            PdfError::Io(m) => write!(f, "the PDF could not be read: {m}"),
        }
    }
}

impl std::error::Error for PdfError {}

impl PdfError {
    /// The message in Chinese, for reports written in Chinese.
    pub fn zh(&self) -> String {
        match self {
            PdfError::Empty => "文件为空（0 字节）".to_owned(),
            PdfError::PageTreeCycle(m) => format!("PDF 的页面树引用自身（{m}），无法计页和读取"),
            PdfError::Encrypted => "PDF 设有打开密码".to_owned(),
            PdfError::NoTextLayer { pages, chars } => {
                format!("PDF 没有文字层（{pages} 页共 {chars} 个字符），似为扫描件")
            }
            PdfError::Corrupt(m) => format!("PDF 已损坏或不是 PDF：{m}"),
            PdfError::Crashed(m) => format!("PDF 读取程序在此文件上中断：{m}"),
            PdfError::Timeout(t) => format!("读取 PDF 超过 {} 秒，已停止", t.as_secs_f32()),
            PdfError::TooLarge { size, limit } => {
                format!("PDF 大小 {} MiB，超过上限 {} MiB", mib(*size), mib(*limit))
            }
            PdfError::Io(m) => format!("无法读取 PDF：{m}"),
        }
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

impl PdfError {
    /// The problem to show for `file` (a message and how to get past it).
    pub fn to_problem(&self, file: &str) -> Problem {
        let hint = match self {
            PdfError::Empty => {
                "the upload or copy was probably interrupted: export the PDF again from the source document"
            }
            PdfError::PageTreeCycle(_) => {
                "the file is malformed; print it to PDF again (or repair it with `qpdf in.pdf out.pdf`) or submit the source document"
            }
            PdfError::Encrypted => {
                "remove the password (e.g. `qpdf --decrypt --password=… in.pdf out.pdf`) or submit the source document (.docx/.xlsx)"
            }
            PdfError::NoTextLayer { .. } => {
                "needs OCR or manual review: submit the source document or a PDF exported from it, not a scan"
            }
            PdfError::Corrupt(_) => {
                "re-export the PDF from the source document, or submit the source document (.docx/.xlsx)"
            }
            PdfError::Crashed(_) => {
                "the file is malformed in a way the PDF reader cannot handle; re-export it (e.g. print to PDF again) or submit the source document"
            }
            PdfError::Timeout(_) => {
                "the file may be malformed or very complex; re-export it, split it, or submit the source document"
            }
            PdfError::TooLarge { .. } => {
                "submit only the design notes and tables (without drawings and photos), or split the PDF"
            }
            PdfError::Io(_) => "check that the file exists and is readable",
        };
        Problem::file(file, self.to_string()).hint(hint)
    }
}

/// Runs pdf-extract in a child process with a size limit, a timeout and a memory limit.
#[derive(Debug, Clone)]
pub struct Extractor {
    /// The `anfang` binary (it must understand `__extract-pdf`).
    pub exe: PathBuf,
    /// The child is killed after this long.
    pub timeout: Duration,
    /// Larger files are refused without being opened.
    pub max_bytes: u64,
    /// The child's address-space limit (`RLIMIT_AS`), in bytes.
    pub memory_limit_bytes: u64,
}

impl Extractor {
    /// Default timeout: 20 s.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
    /// Default size limit: 100 MiB.
    pub const DEFAULT_MAX_BYTES: u64 = 100 * 1024 * 1024;
    /// Default address-space limit: 1 GiB.
    pub const DEFAULT_MEMORY_LIMIT: u64 = 1024 * 1024 * 1024;

    /// An extractor that runs `exe` with the default limits.
    pub fn new(exe: impl Into<PathBuf>) -> Self {
        Extractor {
            exe: exe.into(),
            timeout: Self::DEFAULT_TIMEOUT,
            max_bytes: Self::DEFAULT_MAX_BYTES,
            memory_limit_bytes: Self::DEFAULT_MEMORY_LIMIT,
        }
    }

    /// An extractor that runs the current executable (the `anfang` command itself).
    pub fn current_exe() -> Result<Self, PdfError> {
        std::env::current_exe()
            .map(Self::new)
            .map_err(|e| PdfError::Io(format!("cannot find the anfang executable: {e}")))
    }

    /// Extracts the text of the PDF at `path` in a child process.
    pub fn extract(&self, path: &Path) -> Result<PdfText, PdfError> {
        let meta = std::fs::metadata(path)
            .map_err(|e| PdfError::Io(format!("{}: {e}", path.display())))?;
        if !meta.is_file() {
            return Err(PdfError::Io(format!("{} is not a file", path.display())));
        }
        if meta.len() == 0 {
            return Err(PdfError::Empty);
        }
        if meta.len() > self.max_bytes {
            return Err(PdfError::TooLarge {
                size: meta.len(),
                limit: self.max_bytes,
            });
        }
        let output = self.run_child(path)?;
        let text: PdfText = match output.status {
            Status::Exited(EXIT_OK) => serde_json::from_slice(&output.stdout).map_err(|e| {
                PdfError::Crashed(format!("the extractor's output is not readable: {e}"))
            })?,
            Status::Exited(EXIT_ENCRYPTED) => return Err(PdfError::Encrypted),
            Status::Exited(EXIT_CORRUPT) => return Err(PdfError::Corrupt(output.message())),
            Status::Exited(EXIT_PAGE_TREE_CYCLE) => {
                return Err(PdfError::PageTreeCycle(output.message()));
            }
            Status::Exited(EXIT_PANIC) => return Err(PdfError::Crashed(output.message())),
            Status::Exited(EXIT_IO) => return Err(PdfError::Io(output.message())),
            Status::Exited(EXIT_OUT_OF_MEMORY) => {
                return Err(PdfError::Crashed(format!(
                    "out of memory (limit {} MiB)",
                    mib(self.memory_limit_bytes)
                )));
            }
            Status::Exited(code) => {
                return Err(PdfError::Crashed(format!(
                    "exit code {code}: {}",
                    output.message()
                )));
            }
            Status::Signal(signal) => {
                return Err(PdfError::Crashed(crash_message(signal, &output.message())));
            }
            Status::TimedOut => return Err(PdfError::Timeout(self.timeout)),
        };
        let pages = text.pages.len();
        let chars = text.char_count();
        if chars < MIN_CHARS_PER_PAGE * pages.max(1) {
            return Err(PdfError::NoTextLayer { pages, chars });
        }
        Ok(text)
    }

    fn run_child(&self, path: &Path) -> Result<ChildOutput, PdfError> {
        let mut child = Command::new(&self.exe)
            .arg(SUBCOMMAND)
            .arg(path)
            .env(MEMORY_LIMIT_ENV, self.memory_limit_bytes.to_string())
            .env("RUST_BACKTRACE", "0")
            // mimalloc (the binary's allocator) reserves 1 GiB of address space at start-up,
            // before the child limits its own (RLIMIT_AS): without a reserve, every arena is
            // mapped under the limit.
            .env("MIMALLOC_ARENA_RESERVE", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                PdfError::Io(format!(
                    "cannot start the PDF extractor {}: {e}",
                    self.exe.display()
                ))
            })?;
        // Drain both pipes on threads, so a large output cannot block the child.
        let stdout = child.stdout.take().map(drain);
        let stderr = child.stderr.take().map(drain);
        let deadline = Instant::now() + self.timeout;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status_of(status),
                Ok(None) if Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    // The readers end when the pipes close; a grandchild could hold them
                    // open, so they are not waited for.
                    return Ok(ChildOutput {
                        status: Status::TimedOut,
                        stdout: Vec::new(),
                        stderr: Vec::new(),
                    });
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(PdfError::Io(format!("waiting for the PDF extractor: {e}")));
                }
            }
        };
        let join = |h: Option<std::thread::JoinHandle<Vec<u8>>>| {
            h.and_then(|h| h.join().ok()).unwrap_or_default()
        };
        Ok(ChildOutput {
            status,
            stdout: join(stdout),
            stderr: join(stderr),
        })
    }
}

/// Reads a pipe to its end on a thread (at most 512 MiB).
fn drain<R: Read + Send + 'static>(pipe: R) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.take(512 * 1024 * 1024).read_to_end(&mut buf);
        buf
    })
}

enum Status {
    Exited(i32),
    Signal(i32),
    TimedOut,
}

fn status_of(status: std::process::ExitStatus) -> Status {
    if let Some(code) = status.code() {
        return Status::Exited(code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Status::Signal(signal);
        }
    }
    Status::Exited(-1)
}

struct ChildOutput {
    status: Status,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl ChildOutput {
    /// The child's last non-blank lines of standard error (at most 3, at most 500 bytes).
    fn message(&self) -> String {
        let text = String::from_utf8_lossy(&self.stderr);
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let tail = lines[lines.len().saturating_sub(3)..].join("; ");
        if tail.is_empty() {
            return "no message".to_owned();
        }
        let mut end = tail.len().min(500);
        while !tail.is_char_boundary(end) {
            end -= 1;
        }
        tail[..end].to_owned()
    }
}

fn crash_message(signal: i32, stderr: &str) -> String {
    let name = match signal {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        _ => "signal",
    };
    let cause = if stderr.contains("overflowed its stack") {
        "stack overflow (the PDF probably refers to itself)"
    } else if stderr.contains("memory allocation") {
        "out of memory (the memory limit was reached)"
    } else if signal == 9 {
        "killed (possibly out of memory)"
    } else {
        stderr
    };
    format!("{name} ({signal}): {cause}")
}

/// The text of `path` as `pdftotext -layout` (poppler) sees it, when `pdftotext` is on the
/// PATH and succeeds within 20 s; `None` otherwise. Useful to cross-check numbers that
/// matter, since pdftotext reconstructs damaged files and reads glyph widths differently.
pub fn pdftotext_layout(path: &Path) -> Option<String> {
    let mut child = Command::new("pdftotext")
        .arg("-layout")
        .arg("-enc")
        .arg("UTF-8")
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let stdout = child.stdout.take().map(drain);
    let deadline = Instant::now() + Extractor::DEFAULT_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    };
    let out = stdout.and_then(|h| h.join().ok())?;
    if !status.success() {
        return None;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: &[&str]) -> Line {
        Line {
            number: 1,
            y: 10.0,
            cells: cells
                .iter()
                .enumerate()
                .map(|(i, t)| Cell {
                    x: i as f32 * 50.0,
                    x_end: i as f32 * 50.0 + 40.0,
                    text: (*t).to_owned(),
                })
                .collect(),
        }
    }

    #[test]
    fn line_text_joins_cells_with_one_space() {
        assert_eq!(
            line(&["1", "高清网络摄像机", "48"]).text(),
            "1 高清网络摄像机 48"
        );
        assert_eq!(line(&[]).text(), "");
    }

    #[test]
    fn pdf_text_round_trips_through_json() {
        let text = PdfText {
            pages: vec![Page {
                number: 1,
                lines: vec![line(&["户数:1200户"])],
            }],
            warnings: Vec::new(),
        };
        let json = serde_json::to_string(&text).unwrap();
        assert_eq!(serde_json::from_str::<PdfText>(&json).unwrap(), text);
        assert_eq!(text.char_count(), 8);
        assert_eq!(text.to_plain_text(), "户数:1200户\n");
    }

    #[test]
    fn every_error_has_a_message_and_a_hint() {
        let errors = [
            PdfError::Empty,
            PdfError::PageTreeCycle("object 2 0".into()),
            PdfError::Encrypted,
            PdfError::NoTextLayer { pages: 1, chars: 0 },
            PdfError::Corrupt("invalid file header".into()),
            PdfError::Crashed(crash_message(6, "thread 'main' has overflowed its stack")),
            PdfError::Timeout(Duration::from_secs(20)),
            PdfError::TooLarge {
                size: 200 * 1024 * 1024,
                limit: 100 * 1024 * 1024,
            },
            PdfError::Io("no such file".into()),
        ];
        for e in &errors {
            let p = e.to_problem("设计说明.pdf");
            assert_eq!(p.file, "设计说明.pdf");
            assert!(!p.message.is_empty());
            assert!(p.hint.is_some(), "{e:?}");
        }
        let scan = errors[3].to_problem("a.pdf").to_string();
        assert!(scan.contains("needs OCR or manual review"), "{scan}");
        assert!(
            errors[5]
                .to_string()
                .contains("SIGABRT (6): stack overflow")
        );
        assert!(errors[7].to_string().contains("200.0 MiB"));
        assert!(errors[0].to_string().contains("empty"));
        assert!(errors[1].to_string().contains("refers back to itself"));
    }

    #[test]
    fn a_missing_extractor_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("a.pdf");
        std::fs::write(&pdf, b"%PDF-1.4\n").unwrap();
        let e = Extractor::new(dir.path().join("no-such-exe")).extract(&pdf);
        assert!(matches!(e, Err(PdfError::Io(_))), "{e:?}");
        let e = Extractor::new("true").extract(&dir.path().join("missing.pdf"));
        assert!(matches!(e, Err(PdfError::Io(_))), "{e:?}");
    }

    #[test]
    fn in_process_extraction_of_garbage_is_corrupt() {
        assert!(matches!(
            child::extract_from_mem(b"not a pdf"),
            Err(child::Failure::Corrupt(_))
        ));
    }
}
