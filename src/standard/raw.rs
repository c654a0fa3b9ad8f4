//! The rule files as written: serde types read from the YAML, before any checking.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::provenance::SourceKind;
use crate::i18n::Text;

/// A source document as written in `sources:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Title in Chinese.
    pub zh: String,
    /// Title in English.
    pub en: String,
    /// law | regulation | national | industry | local | practice.
    #[serde(default)]
    pub kind: Option<SourceKind>,
    /// For local documents: 行政区划 code prefixes it binds.
    #[serde(default)]
    pub region: Vec<String>,
    /// `false`: the catalogue marks the document or its figures unverified.
    #[serde(default)]
    pub verified: Option<bool>,
}

/// `standard.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStandard {
    pub id: String,
    pub edition: String,
    pub title: Text,
    #[serde(default)]
    pub issuer: Option<Text>,
    pub effective: String,
    #[serde(default)]
    pub sources: BTreeMap<String, RawSource>,
    #[serde(default)]
    pub verdict_policy: Option<RawPolicy>,
    #[serde(default)]
    pub parameters: BTreeMap<String, RawParameter>,
    #[serde(default)]
    pub description: Option<Text>,
    /// The base standard an overlay layers on (a built-in id or a relative folder).
    #[serde(default)]
    pub extends: Option<String>,
    /// Overlay only: parameters tightened and obligations raised.
    #[serde(default)]
    pub tighten: Option<Value>,
    /// Overlay only: rules of the base that the overlay drops.
    #[serde(default)]
    pub remove: Option<Value>,
    /// Overlay only: advisory or local rules of the base made binding by the overlay's document.
    #[serde(default)]
    pub adopt: Option<Value>,
}

/// The verdict policy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    #[serde(default)]
    pub fail: Option<Vec<String>>,
    #[serde(default)]
    pub incomplete: Option<Vec<String>>,
    #[serde(default)]
    pub conditional: Option<Vec<String>>,
    #[serde(default)]
    pub conditional_on_waiver_conditions: Option<bool>,
}

/// A parameter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParameter {
    pub title: Text,
    #[serde(default)]
    pub unit: Option<Text>,
    pub value: Value,
    #[serde(default)]
    pub by_level: BTreeMap<String, Value>,
    #[serde(default)]
    pub rows: Vec<String>,
    #[serde(default)]
    pub verify: bool,
    pub provenance: String,
    #[serde(default)]
    pub near_miss: Option<f64>,
    #[serde(default)]
    pub note: Option<Text>,
}

/// A clause reference.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClause {
    pub source: String,
    pub clause: String,
    #[serde(default)]
    pub row: Option<String>,
    #[serde(default)]
    pub also: Vec<String>,
}

/// When a rule applies.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawApplies {
    #[serde(default)]
    pub kind: Option<Vec<String>>,
    #[serde(default)]
    pub phase: Option<Vec<String>>,
    #[serde(default)]
    pub level: Option<Vec<String>>,
    #[serde(default)]
    pub households: Option<Value>,
    #[serde(default)]
    pub when: Option<Value>,
}

/// A rule's documentation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDocs {
    pub what: Text,
    pub why: Text,
}

/// One example or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// A rule's examples.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExamples {
    pub pass: OneOrMany,
    pub fail: OneOrMany,
}

/// A rule as written. `check` stays a JSON value: its kind decides its shape.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: String,
    pub name: String,
    pub title: Text,
    pub clauses: Vec<RawClause>,
    pub obligation: String,
    pub provenance: String,
    #[serde(default)]
    pub region: Vec<String>,
    #[serde(default)]
    pub verify: bool,
    #[serde(default)]
    pub deviation: Option<Text>,
    pub category: String,
    pub subsystem: String,
    #[serde(default)]
    pub applies: Option<RawApplies>,
    pub check: Value,
    #[serde(default)]
    pub unit: Option<Text>,
    pub message: Text,
    pub fix: Text,
    pub docs: RawDocs,
    pub examples: RawExamples,
}

/// The keys of a rule, for did-you-mean hints.
pub const RULE_KEYS: &[&str] = &[
    "id",
    "name",
    "title",
    "clauses",
    "obligation",
    "provenance",
    "region",
    "verify",
    "deviation",
    "category",
    "subsystem",
    "applies",
    "check",
    "unit",
    "message",
    "fix",
    "docs",
    "examples",
];
