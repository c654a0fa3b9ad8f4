//! The one integration test binary (one link step keeps a 2-core CI fast).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod acceptance;
mod bad_input;
mod batch;
mod common;
mod corpus;
mod editions;
mod engine;
mod extract;
mod hostile;
mod language;
mod overlays;
mod pdf;
mod precompiled;
#[cfg(feature = "pdf")]
mod print;
#[cfg(not(feature = "pdf"))]
mod print_disabled;
mod reports;
mod samples;
mod scenarios;
#[cfg(feature = "serve")]
mod serve;
mod standards;
