//! The reference standard and the report templates, built into the binary.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The id of the standard used when no `--standard` is given.
pub const DEFAULT_STANDARD: &str = "cn-baseline";

/// The files of one built-in standard folder, as (path relative to the folder, contents).
pub fn standard_files(id: &str) -> Vec<(String, String)> {
    let prefix = format!("{id}/");
    STANDARD_FILES
        .iter()
        .filter_map(|(p, text)| {
            p.strip_prefix(&prefix)
                .map(|rel| (rel.to_owned(), (*text).to_owned()))
        })
        .collect()
}

/// The ids of the built-in standards.
pub fn standard_ids() -> Vec<String> {
    let mut ids: Vec<String> = STANDARD_FILES
        .iter()
        .filter_map(|(p, _)| p.split_once('/').map(|(id, _)| id.to_owned()))
        .filter(|id| !id.ends_with(".md"))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// A built-in template by file name.
pub fn template(name: &str) -> Option<&'static str> {
    TEMPLATE_FILES
        .iter()
        .find(|(p, _)| *p == name)
        .map(|(_, t)| *t)
}
