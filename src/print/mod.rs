//! Printable documents: PDFs typeset by typst from a `templates/<name>.typ` template and a JSON
//! value (cargo feature `pdf`).
//!
//! A document is a template name ([`PrintDocument`]) plus the JSON value it renders; adding a
//! document is a new `templates/<name>.typ` and a constant here. [`render`] checks that every
//! character of the data and the template is in a loaded font (typst prints a blank for a
//! missing glyph, silently), compiles the template with the fonts of a [`FontSet`], refuses any
//! typst warning, checks the laid-out pages for missing glyphs once more, and exports PDF bytes
//! that depend only on the inputs (no creation date, a document id derived from the data).
//!
//! Without the feature, the types and [`review_opinion_data`] still exist and [`render`] is not
//! compiled; the command line says how to rebuild ([`NOT_BUILT`]).
//!
//! # Adding a document (the checklist, the acceptance record)
//!
//! 1. Write `templates/<name>.typ`. It reads `json(bytes(sys.inputs.data))`, `sys.inputs.lang`
//!    (`"zh"` / `"en"`) and `sys.inputs.fonts` (pass it to `#set text(font: …)`; only loaded
//!    fonts are visible, so never name a font family in the template). Copy the page set-up of
//!    `review-opinion.typ` (A4, header, the "第 N 页 共 M 页" footer with the digests, the
//!    signature and seal block); use `table.header(repeat: true, …)` for long tables. Do not
//!    use `raw`/code blocks or `datetime.today()` (a font and a date nobody chose).
//! 2. Add `pub const CHECKLIST: PrintDocument = PrintDocument("checklist");` here.
//! 3. Build the data as a `serde_json::Value` (`serde_json::to_value(&your_struct)`), with the
//!    document number from [`document_number`] (or your own) and the digests it prints.
//! 4. In the command: `#[command(flatten)] pdf: PdfArgs` in its arguments (`src/cli/print.rs`),
//!    `Printer::new(...)` when `--format pdf` (before reading inputs), then
//!    `printer.print(PrintDocument::CHECKLIST, &data, Some(&validated))` and write the bytes with
//!    `output::write_atomic`.
//! 5. Test it like `tests/print.rs`: render through the binary, extract the text back with
//!    `anfang::pdf::Extractor`, and look at `pdftoppm -r 60 -png` pages.

#[cfg(feature = "pdf")]
mod fonts;
#[cfg(feature = "pdf")]
mod typeset;

#[cfg(feature = "pdf")]
pub use fonts::{FontFace, FontSet, Uncovered};
#[cfg(feature = "pdf")]
pub use typeset::render;

use std::fmt;
use std::path::PathBuf;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::diagnostic::Problem;
use crate::i18n::Lang;
use crate::report::{Report, sections};

/// What `--format pdf` says in a build without the `pdf` feature.
pub const NOT_BUILT: &str = "this anfang was built without PDF support; rebuild with `cargo build --release --features pdf`";

/// The environment variable naming a font folder (used when `--font-dir` is not given).
pub const FONT_DIR_ENV: &str = "ANFANG_FONT_DIR";

/// A printable document: the name of its template, `templates/<name>.typ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintDocument(pub &'static str);

impl PrintDocument {
    /// The review opinion (审查意见书); data from [`review_opinion_data`].
    pub const REVIEW_OPINION: PrintDocument = PrintDocument("review-opinion");
    /// The on-site acceptance checklist (现场核查表); data `{ checklist, doc_number }`.
    pub const CHECKLIST: PrintDocument = PrintDocument("checklist");
    /// The acceptance record and opinion (验收记录 / 验收意见); data `{ record, doc_number }`.
    pub const ACCEPTANCE: PrintDocument = PrintDocument("acceptance");
    /// The resubmission delta (复审对比意见); data `{ delta, doc_number }`.
    pub const DELTA: PrintDocument = PrintDocument("delta");

    /// The template's file name.
    pub fn template_file(self) -> String {
        format!("{}.typ", self.0)
    }
}

/// Options of one rendering.
#[derive(Debug, Clone, Default)]
pub struct PrintOptions {
    /// The document language (`sys.inputs.lang`).
    pub lang: Lang,
    /// A folder whose `<name>.typ` overrides the built-in template (`--templates`).
    pub templates: Option<PathBuf>,
}

/// Why a PDF could not be produced.
#[derive(Debug, Clone, PartialEq)]
pub enum PrintError {
    /// No usable font was found, or a font file could not be read.
    Fonts(String),
    /// A character of the data or the template is in none of the loaded fonts: it would print
    /// as a blank.
    MissingGlyph {
        /// The character.
        ch: char,
        /// Where it is: the JSON pointer in the data, or `template.typ:line`.
        place: String,
        /// The fonts that were searched.
        fonts: Vec<String>,
    },
    /// The template does not compile, or typst warned (warnings are errors: an unknown font
    /// family would silently fall back).
    Template {
        /// The template file.
        file: String,
        /// Messages, each with its line when known.
        messages: Vec<String>,
    },
    /// PDF export failed.
    Export(String),
}

impl PrintError {
    /// The problem to print; the command exits 2.
    pub fn to_problem(&self) -> Problem {
        match self {
            PrintError::Fonts(m) => Problem::file("<pdf>", m.clone()).hint(FONT_HINT),
            PrintError::MissingGlyph { ch, place, fonts } => {
                let pointer = place.starts_with('/');
                let p = Problem::file(
                    "<pdf>",
                    format!(
                        "the character {ch} (U+{:04X}){} is in none of the loaded fonts ({}); \
                         it would print as a blank",
                        u32::from(*ch),
                        if pointer {
                            String::new()
                        } else {
                            format!(" at {place}")
                        },
                        fonts.join(", ")
                    ),
                )
                .hint(FONT_HINT);
                if pointer { p.pointer(place.clone()) } else { p }
            }
            PrintError::Template { file, messages } => {
                Problem::file(file.clone(), format!("typst: {}", messages.join("; ")))
            }
            PrintError::Export(m) => Problem::file("<pdf>", format!("PDF export: {m}")),
        }
    }
}

const FONT_HINT: &str = "install the Noto CJK fonts (Debian/Ubuntu: `apt-get install fonts-noto-cjk`), \
     or pass `--font-dir DIR` (or set ANFANG_FONT_DIR) with a font that has the character";

impl fmt::Display for PrintError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_problem())
    }
}

impl std::error::Error for PrintError {}

impl From<PrintError> for crate::error::Error {
    fn from(e: PrintError) -> Self {
        crate::error::Error::Input(vec![e.to_problem()])
    }
}

/// The document number (文号): the one given, else `AF-` and 12 hex digits of a SHA-256 over the
/// standard's and the inputs' digests, so the same check always gets the same number.
pub fn document_number(report: &Report, given: Option<&str>) -> String {
    if let Some(n) = given.map(str::trim).filter(|n| !n.is_empty()) {
        return n.to_owned();
    }
    let mut h = Sha256::new();
    h.update(report.standard.id.as_bytes());
    h.update(report.standard.sha256.as_bytes());
    for i in &report.inputs {
        h.update(i.sha256.as_bytes());
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02X}"))
        .collect();
    format!("AF-{hex}")
}

/// The data of the review opinion: the document number, the report (as its JSON contract), its
/// findings grouped by subsystem (`sections.mandatory`, `sections.other`) and the opinion in
/// `lang` as the Markdown and HTML opinions print it (`view`,
/// [`crate::report::opinion::Opinion`]). Keys sort so that the report comes before what is
/// derived from it: a missing glyph is named at its first place in the report, which points
/// back into the submission.
pub fn review_opinion_data(report: &Report, doc_number: &str, lang: Lang) -> Value {
    json!({
        "doc_number": doc_number,
        "view": crate::report::opinion::build(report, doc_number, lang),
        "report": report,
        "sections": {
            "mandatory": sections(report, true),
            "other": sections(report, false),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_glyph_message_names_character_code_point_place_and_fix() {
        let e = PrintError::MissingGlyph {
            ch: '堃',
            place: "/report/project/name".into(),
            fonts: vec!["DejaVu Sans".into()],
        };
        let s = e.to_string();
        for part in [
            "堃",
            "U+5803",
            "/report/project/name",
            "DejaVu Sans",
            "fonts-noto-cjk",
            "--font-dir",
        ] {
            assert!(s.contains(part), "{part} missing from {s}");
        }
    }
}
