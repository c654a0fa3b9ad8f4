//! Data to supply (需补充的资料): every fact a rule could not be evaluated without, grouped by
//! field, with the rules that need it and what its absence does to the verdict.

use std::collections::BTreeMap;

use serde::Serialize;

use super::verdict::severity;
use super::{Outcome, RuleResult};
use crate::standard::{CompiledStandard, Severity};

/// One field the submission should state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Supply {
    /// The field as a path (`technical.cameras[*].resume_after_network_loss`).
    pub field: String,
    /// The places it is missing (JSON pointers), in submission order.
    pub pointers: Vec<String>,
    /// The rules that need it.
    pub rules: Vec<String>,
    /// What its absence does to the verdict: `incomplete` (需补正) or `conditional` (基本通过, a
    /// recommendation or an advisory figure), or `none`.
    pub severity: Severity,
}

/// `/technical/cameras/3/resume_after_network_loss` → `technical.cameras[*].resume_after_network_loss`.
pub fn field_of(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').filter(|t| !t.is_empty()) {
        if token.chars().all(|c| c.is_ascii_digit()) {
            out.push_str("[*]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(token);
        }
    }
    out
}

/// The first place on the way to `pointer` that the submission does not state: a missing
/// section is supplied once, not once per field under it.
fn first_unstated(submission: &serde_json::Value, pointer: &str) -> String {
    let mut prefix = String::new();
    for token in pointer.split('/').filter(|t| !t.is_empty()) {
        prefix.push('/');
        prefix.push_str(token);
        if submission
            .pointer(&prefix)
            .is_none_or(serde_json::Value::is_null)
        {
            return prefix;
        }
    }
    pointer.to_owned()
}

/// The data to supply of an evaluation, the heaviest first, then by field.
pub(super) fn collect(
    standard: &CompiledStandard,
    submission: &serde_json::Value,
    rules: &[RuleResult],
) -> Vec<Supply> {
    let mut by_field: BTreeMap<String, Supply> = BTreeMap::new();
    for r in rules {
        let Some(rule) = standard.rules.get(r.rule) else {
            continue;
        };
        for s in r
            .subjects
            .iter()
            .filter(|s| s.outcome == Outcome::CannotEvaluate)
        {
            let pointer = first_unstated(submission, s.missing.as_deref().unwrap_or_default());
            let field = field_of(&pointer);
            let entry = by_field.entry(field.clone()).or_insert_with(|| Supply {
                field,
                pointers: Vec::new(),
                rules: Vec::new(),
                severity: Severity::None,
            });
            if !entry.pointers.contains(&pointer) {
                entry.pointers.push(pointer);
            }
            if !entry.rules.contains(&rule.id) {
                entry.rules.push(rule.id.clone());
            }
            entry.severity = entry.severity.max(severity(
                &standard.policy,
                s.outcome,
                s.obligation,
                s.provenance,
            ));
        }
    }
    let mut list: Vec<Supply> = by_field.into_values().collect();
    list.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.field.cmp(&b.field))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_become_fields() {
        assert_eq!(
            field_of("/technical/cameras/3/resume_after_network_loss"),
            "technical.cameras[*].resume_after_network_loss"
        );
        assert_eq!(field_of("/site/garages"), "site.garages");
        assert_eq!(field_of(""), "");
    }

    #[test]
    fn a_missing_section_is_supplied_once() {
        let s = serde_json::json!({"technical": {"cameras": []}});
        assert_eq!(
            first_unstated(&s, "/monitoring_centre/restricted_access"),
            "/monitoring_centre"
        );
        assert_eq!(
            first_unstated(&s, "/technical/alarm_system/emap"),
            "/technical/alarm_system"
        );
    }
}
