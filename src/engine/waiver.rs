//! Waivers: a submission's approved exceptions, judged on an as-of date.

use serde::Serialize;
use serde_json::Value;

use super::{Outcome, RuleResult};
use crate::date::Date;
use crate::i18n::Text;
use crate::standard::CompiledStandard;

/// What became of a waiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WaiverStatus {
    /// Valid, and excused at least one failure.
    InForce,
    /// Valid, but its rule did not fail: nothing to excuse.
    Unmatched,
    /// The rule is a mandatory clause or a legal duty: never waivable.
    Refused,
    /// Past its expiry date on the as-of date.
    Expired,
    /// Approved after the as-of date.
    NotYetValid,
    /// A date could not be read (fails closed: not applied).
    InvalidDate,
    /// No rule of the standard has this id.
    UnknownRule,
}

impl WaiverStatus {
    /// Explanation in both languages.
    pub fn describe(self) -> Text {
        match self {
            WaiverStatus::InForce => Text::new("有效，已适用", "in force and applied"),
            WaiverStatus::Unmatched => Text::new(
                "有效，但对应条款未出现不符合项，未适用",
                "valid, but its rule did not fail: not used",
            ),
            WaiverStatus::Refused => Text::new(
                "不予采纳：强制性条文和法定义务不得豁免",
                "refused: mandatory clauses and legal duties cannot be waived",
            ),
            WaiverStatus::Expired => Text::new("已过期，不予适用", "expired: not applied"),
            WaiverStatus::NotYetValid => Text::new(
                "批准日期晚于核查日期，不予适用",
                "approved after the as-of date: not applied",
            ),
            WaiverStatus::InvalidDate => Text::new(
                "日期无法识别，不予适用",
                "a date could not be read: not applied",
            ),
            WaiverStatus::UnknownRule => Text::new(
                "所引条款编号在本标准中不存在",
                "no rule of this standard has this id",
            ),
        }
    }
}

/// A waiver of the submission and its status.
#[derive(Debug, Clone, Serialize)]
pub struct WaiverRecord {
    /// JSON pointer of the waiver in the submission.
    pub pointer: String,
    /// The rule it waives.
    pub rule: String,
    /// Why.
    pub reason: String,
    /// Who approved it.
    pub approver: String,
    /// The approval document.
    pub document: String,
    /// Approval date.
    pub date: String,
    /// Expiry date, if any (the expiry day itself still counts).
    pub expires: Option<String>,
    /// Conditions attached.
    pub conditions: Vec<String>,
    /// Restricted to this subject, if given.
    pub subject: Option<String>,
    /// What became of it.
    pub status: WaiverStatus,
    /// Subjects whose failure it excused.
    pub applied_to: Vec<String>,
    /// For an unknown rule id: the rules it may mean (a catalogue row id names the rules that
    /// encode the row).
    pub hint: Option<Text>,
}

fn text(w: &Value, key: &str) -> String {
    w.get(key).and_then(Value::as_str).unwrap_or("").to_owned()
}

/// Applies the submission's waivers to the failures they match; returns every waiver's record.
pub(super) fn apply_waivers(
    standard: &CompiledStandard,
    submission: &Value,
    rules: &mut [RuleResult],
    as_of: Date,
) -> Vec<WaiverRecord> {
    let Some(list) = submission.get("waivers").and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut records = Vec::new();
    for (k, w) in list.iter().enumerate() {
        let rule_id = text(w, "rule");
        let expires = w.get("expires").and_then(Value::as_str).map(str::to_owned);
        let subject = w.get("subject").and_then(Value::as_str).map(str::to_owned);
        let mut record = WaiverRecord {
            pointer: format!("/waivers/{k}"),
            rule: rule_id.clone(),
            reason: text(w, "reason"),
            approver: text(w, "approver"),
            document: text(w, "document"),
            date: text(w, "date"),
            expires: expires.clone(),
            conditions: w
                .get("conditions")
                .and_then(Value::as_array)
                .map(|c| {
                    c.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            subject: subject.clone(),
            status: WaiverStatus::Unmatched,
            applied_to: Vec::new(),
            hint: None,
        };
        let index = standard.rules.iter().position(|r| r.id == rule_id);
        let approved = Date::parse(&record.date);
        let expiry = expires.as_deref().map(Date::parse);
        record.status = match (index, approved, expiry) {
            (None, _, _) => {
                record.hint = rules_for_row_hint(standard, &rule_id).or_else(|| {
                    crate::diagnostic::did_you_mean(
                        &rule_id,
                        standard.rules.iter().map(|r| r.id.as_str()),
                    )
                    .map(|b| Text::new(format!("是否指 {b}？"), format!("did you mean {b}?")))
                });
                WaiverStatus::UnknownRule
            }
            (_, None, _) | (_, _, Some(None)) => WaiverStatus::InvalidDate,
            (Some(_), Some(d), _) if d > as_of => WaiverStatus::NotYetValid,
            (Some(_), _, Some(Some(e))) if e < as_of => WaiverStatus::Expired,
            (Some(i), _, _)
                if standard
                    .rules
                    .get(i)
                    .is_some_and(|r| !r.obligation.waivable()) =>
            {
                WaiverStatus::Refused
            }
            (Some(i), _, _) => {
                if let Some(result) = rules.iter_mut().find(|r| r.rule == i) {
                    for s in &mut result.subjects {
                        let in_scope = subject.as_deref().is_none_or(|p| {
                            s.subject == p || s.subject.starts_with(&format!("{p}/"))
                        });
                        if s.outcome == Outcome::Fail && in_scope {
                            s.outcome = Outcome::Waived;
                            s.waiver = Some(k);
                            record.applied_to.push(s.subject.clone());
                        }
                    }
                }
                if record.applied_to.is_empty() {
                    WaiverStatus::Unmatched
                } else {
                    WaiverStatus::InForce
                }
            }
        };
        records.push(record);
    }
    records
}

/// "did you mean CTR-001 / CTR-002 (rules encoding catalogue row CTR-01)" for an id that is a
/// catalogue row rather than a rule, in both languages.
pub fn rules_for_row_hint(standard: &CompiledStandard, id: &str) -> Option<Text> {
    let rules = standard.rules_encoding(id);
    if rules.is_empty() {
        return None;
    }
    Some(Text::new(
        format!(
            "是否指 {}（编码资料目录第 {id} 行的规则）？",
            rules.join(" / ")
        ),
        format!(
            "did you mean {} (rules encoding catalogue row {id})?",
            rules.join(" / ")
        ),
    ))
}
