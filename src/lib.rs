//! anfang (安防): checks residential-community security designs against the smart-secure
#![allow(clippy::result_large_err)] // a Problem is a few strings; errors are the rare path
//! community standard (智慧安防小区) and writes the review and acceptance documents.

pub mod acceptance;
pub mod authoring;
pub mod batch;
pub mod cli;
pub mod crosscheck;
pub mod date;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod ingest;
pub mod model;
pub mod output;
pub mod pdf;
pub mod print;
pub mod report;
pub mod sanitize;
#[cfg(feature = "serve")]
pub mod serve;
pub mod standard;
pub mod tabular;
pub mod validate;
