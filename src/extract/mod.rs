//! `anfang extract`: from a design document (PDF) and equipment lists to a draft submission,
//! every value carrying the page and line it came from.

pub mod draft;
mod facts;
pub mod recognise;
pub mod reconcile;
mod running;
mod table;

pub use draft::draft_yaml;
pub use recognise::{
    Extracted, Provenance, Recognised, SourceCell, SourceLine, TableRow, recognise,
};
pub use reconcile::{Difference, DifferenceKind, Lot, Reconciled, reconcile};

/// The lines of a PDF as the recogniser reads them (cell text was normalised by the extractor).
pub fn lines_of(text: &crate::pdf::PdfText) -> Vec<SourceLine> {
    text.pages
        .iter()
        .flat_map(|p| {
            p.lines.iter().map(move |l| SourceLine {
                page: p.number,
                line: l.number,
                y: l.y,
                cells: l
                    .cells
                    .iter()
                    .map(|c| SourceCell {
                        x: c.x,
                        x_end: c.x_end,
                        text: c.text.clone(),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Fields a submission needs that the label table marks required.
pub fn required_fields() -> Vec<&'static str> {
    facts::required_fields()
}
