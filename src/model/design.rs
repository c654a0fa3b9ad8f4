//! The design documents (设计文件) and the operation and maintenance arrangements (运行维护) a
//! submission states: what the applicant prepares besides the drawings.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Design documents (设计文件) the design rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// The design identifies the protected objects (units, areas, targets) and their risks before
    /// setting points and device performance (防护对象与风险分析, GB 55029 3.1.1–3.1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_assessment: Option<bool>,
    /// A site survey was made before the design (现场勘察记录; required for high-risk objects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_survey: Option<bool>,
    /// The design uses techniques the codes do not cover (采用标准未涵盖的新技术、新工艺).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub novel_techniques: Option<bool>,
    /// A documented technical review (技术论证记录) justifies those techniques (GB 55029 1.0.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub novel_technique_review: Option<bool>,
}

/// Operation and maintenance after hand-over (运行维护).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operations {
    /// An operation-and-maintenance plan with people, funding, rules and technical support
    /// (运行维护保障方案, GB 55029 6.0.1–6.0.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub om_plan: Option<bool>,
    /// Longest interval between routine maintenance visits, in months (例行维护间隔).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub maintenance_interval_months: Option<f64>,
    /// How long maintenance records are kept, in years (维护记录保存年限).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub maintenance_records_years: Option<f64>,
}
