//! `anfang extract`: from a design document (PDF) and equipment lists to a draft submission,
//! every value carrying the page and line it came from.

pub mod draft;
pub mod recognise;

pub use draft::draft_yaml;
pub use recognise::{Extracted, Provenance, Recognised, SourceLine, TableRow, recognise};
