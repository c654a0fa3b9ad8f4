//! The child side of the isolation: `anfang __extract-pdf FILE` runs pdf-extract on one file
//! and writes the [`PdfText`] as JSON to standard output. A panic is caught; a stack overflow
//! or an allocation failure kills only this process, and the parent reports it.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::layout::{Glyph, lines_from_glyphs};
use super::{Line, Page, PdfText, normalise};

/// Exit code: the JSON [`PdfText`] is on standard output.
pub const EXIT_OK: i32 = 0;
/// Exit code: the file could not be read (message on standard error).
pub const EXIT_IO: i32 = 70;
/// Exit code: the PDF is encrypted with a password.
pub const EXIT_ENCRYPTED: i32 = 71;
/// Exit code: the PDF is damaged or not a PDF (message on standard error).
pub const EXIT_CORRUPT: i32 = 72;
/// Exit code: pdf-extract panicked (message on standard error).
pub const EXIT_PANIC: i32 = 73;

/// Exit code: the page tree refers back to itself (message on standard error).
pub const EXIT_PAGE_TREE_CYCLE: i32 = 75;

/// Exit code: the memory limit was reached before parsing started.
pub const EXIT_OUT_OF_MEMORY: i32 = 74;

/// The environment variable through which the parent passes the address-space limit (bytes).
pub const MEMORY_LIMIT_ENV: &str = "ANFANG_PDF_MEMORY_LIMIT";

/// Runs in the `__extract-pdf` child: extracts `path` and writes JSON to `out`; returns the
/// exit code (see the `EXIT_*` constants). Messages for the parent go to standard error.
///
/// When [`MEMORY_LIMIT_ENV`] is set (the parent sets it), the address space of this process
/// is limited first, so a runaway PDF ends in an allocation failure instead of eating memory.
pub fn child_main(path: &Path, out: &mut dyn Write) -> i32 {
    if let Some(limit) = std::env::var(MEMORY_LIMIT_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        limit_address_space(limit);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::OutOfMemory => {
            eprintln!(
                "memory allocation failed: cannot read {}: {e}",
                path.display()
            );
            return EXIT_OUT_OF_MEMORY;
        }
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            return EXIT_IO;
        }
    };
    // The default panic hook would print the message and a backtrace note to standard error;
    // the message is reported once below instead.
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(|| extract_from_mem(&bytes)));
    let _ = std::panic::take_hook();
    let text = match result {
        Ok(Ok(text)) => text,
        Ok(Err(Failure::Encrypted)) => {
            eprintln!("encrypted: the PDF needs a password to open");
            return EXIT_ENCRYPTED;
        }
        Ok(Err(Failure::Corrupt(message))) => {
            eprintln!("{message}");
            return EXIT_CORRUPT;
        }
        Ok(Err(Failure::PageTreeCycle(message))) => {
            eprintln!("{message}");
            return EXIT_PAGE_TREE_CYCLE;
        }
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            eprintln!("pdf-extract panicked: {message}");
            return EXIT_PANIC;
        }
    };
    match serde_json::to_writer(&mut *out, &text).map(|()| out.flush()) {
        Ok(Ok(())) => EXIT_OK,
        Ok(Err(e)) => {
            eprintln!("cannot write the result: {e}");
            EXIT_IO
        }
        Err(e) => {
            eprintln!("cannot write the result: {e}");
            EXIT_IO
        }
    }
}

/// Why extraction failed without panicking.
#[derive(Debug)]
pub(crate) enum Failure {
    Encrypted,
    Corrupt(String),
    PageTreeCycle(String),
}

/// Extracts text with positions from PDF bytes (in this process: may panic, may overflow
/// the stack on hostile input, so only the child calls it).
pub(crate) fn extract_from_mem(bytes: &[u8]) -> Result<PdfText, Failure> {
    let mut warnings = Vec::new();
    let mut doc = match pdf_extract::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(e) => match classify(&e) {
            Failure::Corrupt(first) => {
                // A damaged cross-reference table: rebuild it from the objects themselves.
                let repaired = rebuild_xref(bytes).ok_or(Failure::Corrupt(first.clone()))?;
                let doc = pdf_extract::Document::load_mem(&repaired)
                    .map_err(|_| Failure::Corrupt(first.clone()))?;
                warnings.push(format!(
                    "the PDF's cross-reference table is damaged ({first}); it was rebuilt from the objects in the file: check the text against the document"
                ));
                doc
            }
            other => return Err(other),
        },
    };
    // lopdf opens a PDF with an empty user password by itself ("no copy" PDFs) and keeps
    // what it decrypted with; otherwise the password is tried here.
    let mut permissions = doc
        .encryption_state
        .as_ref()
        .map(|state| state.permissions().bits());
    if doc.is_encrypted() {
        permissions = permissions.or_else(|| {
            doc.get_encrypted()
                .ok()
                .and_then(|d| d.get(b"P").ok())
                .and_then(|p| p.as_i64().ok())
                .map(|p| p as u64)
        });
        doc.decrypt("").map_err(|_| Failure::Encrypted)?;
    }
    // Bit 5 (value 16): copy or otherwise extract text and graphics.
    if permissions.is_some_and(|p| p & 16 == 0) {
        warnings.push(
            "the PDF's permissions forbid copying its text; anfang reads it only to review the design it was submitted with, as the reviewer reading it does (policy: extract and warn)".to_owned(),
        );
    }
    check_page_tree(&doc)?;
    expand_cid_widths(&mut doc);
    let mut collector = Collector::default();
    pdf_extract::output_doc(&doc, &mut collector).map_err(|e| match e {
        OutputError::PdfError(e) => classify(&e),
        other => Failure::Corrupt(other.to_string()),
    })?;
    collector.finish_page();
    Ok(PdfText {
        pages: collector.pages,
        warnings,
    })
}

/// Walks the page tree from the catalogue; a node met twice is a cycle.
fn check_page_tree(doc: &pdf_extract::Document) -> Result<(), Failure> {
    use pdf_extract::Object;
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok());
    let Some(root) = root else {
        return Ok(());
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            return Err(Failure::PageTreeCycle(format!(
                "object {} {} is reached twice",
                id.0, id.1
            )));
        }
        if seen.len() > 1_000_000 {
            break;
        }
        let Ok(dict) = doc.get_dictionary(id) else {
            continue;
        };
        if let Ok(Object::Array(kids)) = dict.get(b"Kids") {
            for kid in kids.iter().rev() {
                if let Ok(k) = kid.as_reference() {
                    stack.push(k);
                }
            }
        }
    }
    Ok(())
}

/// A copy of `bytes` with a new cross-reference table listing every `N G obj` found in the
/// file and a trailer naming the last `/Root` found; `None` when there is no object or root.
fn rebuild_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut objects: std::collections::BTreeMap<u32, (u16, usize)> = Default::default();
    let is_digit = |b: u8| b.is_ascii_digit();
    let mut i = 0;
    while i < bytes.len() {
        let line_start = i == 0 || matches!(bytes[i - 1], b'\n' | b'\r');
        if line_start && is_digit(bytes[i]) {
            let mut j = i;
            while j < bytes.len() && is_digit(bytes[j]) {
                j += 1;
            }
            let num = std::str::from_utf8(&bytes[i..j]).ok()?.parse::<u32>().ok();
            let mut k = j;
            while k < bytes.len() && bytes[k] == b' ' {
                k += 1;
            }
            let g0 = k;
            while k < bytes.len() && is_digit(bytes[k]) {
                k += 1;
            }
            let gen_ = std::str::from_utf8(&bytes[g0..k]).ok()?.parse::<u16>().ok();
            while k < bytes.len() && bytes[k] == b' ' {
                k += 1;
            }
            if let (Some(n), Some(g)) = (num, gen_)
                && k > g0
                && bytes[k..].starts_with(b"obj")
            {
                objects.insert(n, (g, i));
            }
        }
        i += 1;
    }
    let root = find_last(bytes, b"/Root")?;
    let after = bytes.get(root + 5..)?;
    let text: String = after
        .iter()
        .take(40)
        .map(|&b| b as char)
        .collect::<String>();
    let mut parts = text.split_whitespace();
    let (n, g) = (parts.next()?, parts.next()?);
    if parts.next() != Some("R") && !text.contains(" R") {
        return None;
    }
    let size = objects.keys().next_back()? + 1;
    let mut out = bytes.to_vec();
    out.push(b'\n');
    let xref_at = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for n in 1..size {
        match objects.get(&n) {
            Some((g, at)) => out.extend_from_slice(format!("{at:010} {g:05} n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root {n} {g} R >>\nstartxref\n{xref_at}\n%%EOF\n")
            .as_bytes(),
    );
    Some(out)
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// At most this many widths are written out per font (a CID font has at most 65,536 glyphs).
const MAX_CID_WIDTHS: i64 = 65_536;

/// pdf-extract 0.12 reads only the `c [w1 w2 …]` form of a CID font's `/W` array: for the
/// `c_first c_last w` form (which typst writes for runs of equal widths) it records no width,
/// so those glyphs get the default width (often 0), the following glyphs of the run are drawn
/// on top of each other, and a line's text comes out scrambled (`NET-008` as `-08NET`).
/// Rewrites every range into the list form before extraction.
fn expand_cid_widths(doc: &mut pdf_extract::Document) {
    use pdf_extract::Object;
    // The /W arrays: inline in a CIDFont dictionary, or an indirect array object.
    let mut indirect = Vec::new();
    for object in doc.objects.values_mut() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        let is_cid_font = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"CIDFontType0" || n == b"CIDFontType2");
        if !is_cid_font {
            continue;
        }
        match dict.get_mut(b"W") {
            Ok(Object::Array(w)) => *w = expand_widths(w),
            Ok(Object::Reference(id)) => indirect.push(*id),
            _ => {}
        }
    }
    for id in indirect {
        if let Some(Object::Array(w)) = doc.objects.get_mut(&id) {
            *w = expand_widths(w);
        }
    }
}

fn expand_widths(w: &[pdf_extract::Object]) -> Vec<pdf_extract::Object> {
    use pdf_extract::Object;
    let number = |o: &Object| match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    };
    let mut out = Vec::with_capacity(w.len());
    let mut written = 0i64;
    let mut i = 0;
    while i < w.len() {
        match (w.get(i), w.get(i + 1), w.get(i + 2)) {
            (Some(first), Some(Object::Array(list)), _) => {
                out.push(first.clone());
                out.push(Object::Array(list.clone()));
                i += 2;
            }
            (Some(Object::Integer(first)), Some(Object::Integer(last)), Some(width))
                if last >= first && number(width).is_some() =>
            {
                let count = (last - first + 1).min(MAX_CID_WIDTHS - written).max(0);
                written += count;
                out.push(Object::Integer(*first));
                out.push(Object::Array(vec![width.clone(); count as usize]));
                i += 3;
            }
            // Malformed: leave the rest as it was.
            _ => {
                out.extend(w[i..].iter().cloned());
                break;
            }
        }
    }
    out
}

fn classify(e: &pdf_extract::Error) -> Failure {
    match e {
        pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword => {
            Failure::Encrypted
        }
        other => Failure::Corrupt(other.to_string()),
    }
}

/// An `OutputDev` that keeps every glyph with its position.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    page: Option<u32>,
    top: f64,
    glyphs: Vec<Glyph>,
}

impl Collector {
    fn finish_page(&mut self) {
        if let Some(number) = self.page.take() {
            let lines: Vec<Line> = lines_from_glyphs(std::mem::take(&mut self.glyphs))
                .into_iter()
                .filter_map(|mut line| {
                    for cell in &mut line.cells {
                        cell.text = normalise(&cell.text);
                    }
                    line.cells.retain(|c| !c.text.is_empty());
                    (!line.cells.is_empty()).then_some(line)
                })
                .enumerate()
                .map(|(i, mut line)| {
                    line.number = i + 1;
                    line
                })
                .collect();
            self.pages.push(Page {
                number: number as usize,
                lines,
            });
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.finish_page();
        self.page = Some(page_num);
        self.top = media_box.ury;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.finish_page();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // trm = Tsm × Tm × CTM, without the font size; the glyph's size in user space is the
        // font size scaled by the matrix (geometric mean of both axes).
        let sx = font_size * (trm.m11 + trm.m21);
        let sy = font_size * (trm.m12 + trm.m22);
        let size = (sx * sy).abs().sqrt();
        let x = trm.m31;
        let y = self.top - trm.m32;
        let advance = width * size;
        self.glyphs.push(Glyph {
            x: x as f32,
            x_end: (x + advance) as f32,
            y: y as f32,
            size: size as f32,
            text: char.to_owned(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Limits this process's address space (`RLIMIT_AS`) to `bytes`; ignored when it fails.
#[cfg(unix)]
#[allow(unsafe_code)]
fn limit_address_space(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit only reads the struct we pass by reference, which lives for the
    // whole call; it has no other memory effects on this process.
    let _ = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
}

#[cfg(not(unix))]
fn limit_address_space(_bytes: u64) {}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_extract::Object;

    #[test]
    fn width_ranges_become_lists_that_pdf_extract_reads() {
        let w = vec![
            Object::Integer(0),
            Object::Array(vec![Object::Integer(1000), Object::Integer(500)]),
            Object::Integer(5),
            Object::Integer(7),
            Object::Integer(590),
            Object::Integer(9),
            Object::Integer(9),
            Object::Real(227.5),
        ];
        let out = expand_widths(&w);
        assert_eq!(
            out,
            vec![
                Object::Integer(0),
                Object::Array(vec![Object::Integer(1000), Object::Integer(500)]),
                Object::Integer(5),
                Object::Array(vec![Object::Integer(590); 3]),
                Object::Integer(9),
                Object::Array(vec![Object::Real(227.5)]),
            ]
        );
        // Malformed tails are kept as they were.
        let odd = vec![Object::Integer(3), Object::Name(b"x".to_vec())];
        assert_eq!(expand_widths(&odd), odd);
    }
}
