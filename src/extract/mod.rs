//! `anfang extract`: from a design document (PDF) and equipment lists to a draft submission,
//! every value carrying the page and line it came from.

pub mod draft;
pub mod recognise;

pub use draft::draft_yaml;
pub use recognise::{Extracted, Provenance, Recognised, SourceLine, TableRow, recognise};

/// The lines of a PDF as the recogniser reads them (cell text was normalised by the extractor).
pub fn lines_of(text: &crate::pdf::PdfText) -> Vec<SourceLine> {
    text.pages
        .iter()
        .flat_map(|p| {
            p.lines.iter().map(move |l| SourceLine {
                page: p.number,
                line: l.number,
                cells: l.cells.iter().map(|c| (c.x, c.text.clone())).collect(),
            })
        })
        .collect()
}
