//! `--format pdf` for any command: the options (`--font-dir`, `--doc-number`) and a [`Printer`]
//! that loads the fonts once and renders documents (see `crate::print`).
//!
//! A command that prints adds `#[command(flatten)] pdf: PdfArgs` to its arguments, makes a
//! [`Printer`] when the format is PDF (before reading any input, so a missing feature, font or
//! `--output` is reported at once), and calls [`Printer::print`] with its document and data.

use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::Value;

use crate::error::Error;
use crate::i18n::Lang;
use crate::print::{PrintDocument, PrintOptions};
use crate::validate::Validated;

/// PDF options shared by the commands that print.
#[derive(Debug, Args, Clone, Default)]
pub struct PdfArgs {
    /// PDF: a folder of fonts to typeset with, instead of $ANFANG_FONT_DIR or the system's
    /// Noto Sans CJK SC.
    #[arg(long, value_name = "DIR")]
    pub font_dir: Option<PathBuf>,
    /// PDF: the document number (文号) to print; default: derived from the standard's and the
    /// inputs' digests.
    #[arg(long, value_name = "NO")]
    pub doc_number: Option<String>,
}

/// Renders PDFs with fonts loaded once for all inputs.
pub struct Printer {
    #[cfg(feature = "pdf")]
    fonts: crate::print::FontSet,
    options: PrintOptions,
    doc_number: Option<String>,
}

impl Printer {
    /// Refuses what cannot work before any input is read: a build without the `pdf` feature,
    /// no `--output` (a PDF is not written to standard output), no usable font.
    pub fn new(
        args: &PdfArgs,
        output: Option<&Path>,
        lang: Lang,
        templates: Option<PathBuf>,
    ) -> Result<Printer, Error> {
        if cfg!(not(feature = "pdf")) {
            return Err(Error::Usage(crate::print::NOT_BUILT.into()));
        }
        if output.is_none() {
            return Err(Error::Usage(
                "--format pdf writes a binary file: give --output FILE.pdf (a folder for several \
                 submissions)"
                    .into(),
            ));
        }
        Ok(Printer {
            #[cfg(feature = "pdf")]
            fonts: crate::print::FontSet::discover(args.font_dir.as_deref())?,
            options: PrintOptions { lang, templates },
            doc_number: args.doc_number.clone(),
        })
    }

    /// `--doc-number`, else the number derived from the report's digests.
    pub fn document_number(&self, report: &crate::report::Report) -> String {
        crate::print::document_number(report, self.doc_number.as_deref())
    }

    /// The PDF of a document. A missing glyph in the submission's own text is reported at its
    /// place in the submission when `validated` is given.
    pub fn print(
        &self,
        document: PrintDocument,
        data: &Value,
        validated: Option<&Validated>,
    ) -> Result<Vec<u8>, Error> {
        #[cfg(feature = "pdf")]
        {
            crate::print::render(document, data, &self.fonts, &self.options)
                .map_err(|e| Error::Input(vec![problem(&e, validated)]))
        }
        #[cfg(not(feature = "pdf"))]
        {
            let _ = (document, data, validated, &self.options);
            Err(Error::Usage(crate::print::NOT_BUILT.into()))
        }
    }
}

/// A printing problem about the submission's own text (a name with a character no font has)
/// points into the submission, with its line: the print data's `/report/project/…` or
/// `/project/…` is the submission's `/project/…`.
#[cfg(feature = "pdf")]
fn problem(
    e: &crate::print::PrintError,
    validated: Option<&Validated>,
) -> crate::diagnostic::Problem {
    let mut p = e.to_problem();
    let Some(doc) = validated.map(|v| &v.document) else {
        return p;
    };
    p.file = doc.source.name.clone();
    let submission_pointer = p
        .pointer
        .as_deref()
        .map(|ptr| {
            ["/report", "/checklist", "/record"]
                .iter()
                .find_map(|prefix| ptr.strip_prefix(prefix))
                .unwrap_or(ptr)
        })
        .filter(|ptr| ptr.starts_with("/project/"))
        .map(str::to_owned);
    if let Some(ptr) = submission_pointer
        && let Some(at) = doc.pointers.locate(&ptr)
    {
        p.location = Some(at);
        p.source_line = doc.source.line_text(at.line).map(str::to_owned);
        p.pointer = Some(ptr);
    }
    p
}
