//! Built-in standards compiled ahead of time, so that a check does not parse and compile the
//! standard's YAML in every process (issue 16).
//!
//! `src/standard/precompiled/KEY.json` holds the [`CompiledStandard`] of the built-in chain `KEY`
//! (`cn-baseline`, `dali-smart-secure`; an edition's key is `ID/editions/NAME`, its file name
//! writes `/` as `~`), serialised with serde. `ANFANG_BLESS=1 cargo test --test main precompiled`
//! writes them; the same test fails while one differs from what the YAML compiles to.
//!
//! A stored form is used only when its digest equals the digest of the standard files built into
//! this binary: a binary built from edited YAML without regenerating falls back to compiling the
//! YAML (slower, the same findings). The digest covers the YAML, not the compiler or the
//! submission model: a change to those that changes what the YAML compiles to is caught by the
//! test (CI), not at run time, so bless the stored forms in the same commit. A CEL program is
//! stored as its source and compiled again when the stored form is read.

use super::compile::{Layer, digest_of};
use super::{CompiledStandard, embedded};

/// The stored form of a built-in chain, if there is one.
pub fn stored(key: &str) -> Option<&'static str> {
    embedded::PRECOMPILED
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, json)| *json)
}

/// The file name that holds the stored form of `key`.
pub fn file_name(key: &str) -> String {
    format!("{}.json", key.replace('/', "~"))
}

/// Serialises a compiled standard the way it is stored (pretty JSON, so that a change to a rule
/// reads as a small diff in review).
pub fn to_stored(standard: &CompiledStandard) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(standard)?;
    text.push('\n');
    Ok(text)
}

/// Why a stored form was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unused {
    /// No stored form for this key.
    Missing,
    /// The stored form does not deserialise.
    Unreadable(String),
    /// It was compiled from other files than those built in.
    Stale,
}

/// The built-in chain `key` (its `layers`, base first) from its stored form.
pub fn load(key: &str, layers: &[Layer]) -> Result<CompiledStandard, Unused> {
    let json = stored(key).ok_or(Unused::Missing)?;
    let standard: CompiledStandard =
        serde_json::from_str(json).map_err(|e| Unused::Unreadable(e.to_string()))?;
    if standard.sha256 != digest_of(layers) {
        return Err(Unused::Stale);
    }
    Ok(standard)
}

/// Every built-in chain key: each built-in standard, or each of its editions when it has some.
pub fn keys() -> Vec<String> {
    let mut keys = Vec::new();
    for id in embedded::standard_ids() {
        let editions = super::editions::builtin_editions(&id);
        if editions.is_empty() {
            keys.push(id);
        } else {
            keys.extend(editions.iter().map(|e| format!("{id}/editions/{e}")));
        }
    }
    keys
}
