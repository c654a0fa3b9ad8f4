//! anfang (安防): checks residential-community security designs against the smart-secure
//! community standard (智慧安防小区) and writes the review and acceptance documents.

pub mod authoring;
pub mod cli;
pub mod date;
pub mod diagnostic;
pub mod i18n;
pub mod ingest;
pub mod model;
pub mod output;
pub mod report;
pub mod standard;
pub mod engine;
pub mod error;
pub mod validate;
