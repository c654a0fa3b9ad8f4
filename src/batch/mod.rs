//! Batch checking for an authority: which files, their report names, the summary rows and their
//! aggregation, and the journal that lets an interrupted batch resume. The parallel runner is
//! `cli::batch` (it owns output formats and exit codes).

pub mod inputs;
pub mod manifest;
pub mod region;
pub mod summary;
