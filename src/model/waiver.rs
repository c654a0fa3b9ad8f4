//! Waivers (豁免): approved exceptions to rules.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An approved waiver of one rule (规则豁免/特殊审批).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// Id of the waived rule (豁免规则编号).
    #[schemars(length(min = 1))]
    pub rule: String,
    /// Reason for the waiver (豁免理由).
    #[schemars(length(min = 1))]
    pub reason: String,
    /// Who approved it (审批人/审批单位).
    #[schemars(length(min = 1))]
    pub approver: String,
    /// Number of the approval document (批准文号).
    #[schemars(length(min = 1))]
    pub document: String,
    /// Approval date (批准日期), YYYY-MM-DD.
    #[schemars(length(min = 1), extend("format" = "date"))]
    pub date: String,
    /// Expiry date (有效期至), YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub expires: Option<String>,
    /// Conditions attached to the waiver (附加条件).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<String>>,
    /// JSON pointer limiting the waiver to one subject (豁免对象), e.g. `/site/entrances/2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}
