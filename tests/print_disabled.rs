//! A build without the `pdf` feature says how to get PDFs (exit 2), and writes nothing.

use crate::common::*;

#[test]
fn format_pdf_without_the_feature_says_how_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("opinion.pdf");
    let o = anfang(&[
        "check",
        "samples/small-120.yaml",
        "--format",
        "pdf",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("built without PDF support")
            && err.contains("cargo build --release --features pdf"),
        "{err}"
    );
    assert!(!out.exists());
}
