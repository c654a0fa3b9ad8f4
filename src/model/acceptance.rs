//! Acceptance evidence (竣工验收), for the acceptance phase only.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Acceptance evidence (竣工验收资料).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Days of trial operation (试运行天数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub trial_operation_days: Option<f64>,
    /// A trial-operation log was kept daily (试运行日志).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_log_daily: Option<bool>,
    /// Alarms were tested daily during the trial (每日报警测试).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_alarm_test: Option<bool>,
    /// The inspection report (检验/检测报告).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection_report: Option<InspectionReport>,
    /// Measuring instruments are calibrated (仪器仪表经计量检定).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruments_calibrated: Option<bool>,
    /// Values measured on site (现场实测值).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<Measured>,
    /// Sampling records (抽样检验记录), one per equipment model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampling: Option<Vec<SamplingRecord>>,
    /// Hidden works were accepted before being covered (隐蔽工程随工验收).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_works_accepted: Option<bool>,
    /// Cables are labelled (线缆标识).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cables_labelled: Option<bool>,
    /// The acceptance group (验收组).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<AcceptanceGroup>,
    /// Completeness of the acceptance dossier (验收文件资料).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dossier: Option<Dossier>,
    /// An as-built equipment inventory is provided (竣工设备清单).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_built_inventory: Option<bool>,
    /// Users were trained (用户培训).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_done: Option<bool>,
}

/// The inspection report (检验/检测报告).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectionReport {
    /// A report is present (有检验报告).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
    /// The inspection body (检验机构).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The body is qualified (机构具备资质).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualified_body: Option<bool>,
    /// Conclusion of the report (检验结论).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<Conclusion>,
    /// Date of the report (报告日期), YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
}

labelled_enum! {
    /// Conclusion of an inspection (检验结论).
    pub enum Conclusion {
        Pass => ("pass", "合格"),
        Fail => ("fail", "不合格"),
    }
}

/// Values measured on site during acceptance (现场实测值).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measured {
    /// Alarm response time in seconds (报警响应时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub alarm_response_s: Option<f64>,
    /// Perimeter alarm response time in seconds (周界报警响应时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub perimeter_alarm_response_s: Option<f64>,
    /// Access-control response time in seconds (出入口控制响应时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub access_response_s: Option<f64>,
    /// Time from alarm to linked video on screen, in seconds (联动切换时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub linkage_switch_s: Option<f64>,
    /// Video retention verified on site, in days (实测录像保存天数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub storage_days_verified: Option<f64>,
    /// Backup-power autonomy verified on site, in hours (实测备用电源供电时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub backup_power_hours_verified: Option<f64>,
    /// Switchover to backup power works (主备电切换正常).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_switchover_ok: Option<bool>,
    /// Alarms missed in the acceptance alarm tests (报警测试漏报次数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub missed_alarms: Option<u32>,
    /// Image quality is acceptable (图像质量合格).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_quality_ok: Option<bool>,
    /// Access points release for evacuation (疏散释放正常).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evacuation_release_ok: Option<bool>,
    /// Video resumes uploading after a network outage (断网续传正常).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_after_network_loss_ok: Option<bool>,
    /// Vehicle barriers do not crush (道闸防砸功能正常).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barrier_anti_crush_ok: Option<bool>,
}

/// A sampling record for one equipment model (抽样检验记录).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SamplingRecord {
    /// Equipment model (设备型号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Units installed (安装数量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub units: Option<u32>,
    /// Units sampled (抽检数量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub sampled: Option<u32>,
    /// Sampled units that failed (不合格数量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub failed: Option<u32>,
    /// Units sampled in the retest (复检抽样数量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub retest_sampled: Option<u32>,
    /// Re-tested units that failed (复检不合格数量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub retest_failed: Option<u32>,
}

/// The acceptance group (验收组).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptanceGroup {
    /// Number of members (成员人数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub members: Option<u32>,
    /// Number of technical experts (技术专家人数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub technical_experts: Option<u32>,
    /// A member has a conflict of interest (存在利害关系).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflicts_of_interest: Option<bool>,
}

/// Documents present in the acceptance dossier (验收文件资料).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    /// Design brief (设计任务书).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design_brief: Option<bool>,
    /// Contract (工程合同).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<bool>,
    /// Design review opinion (方案论证/设计审查意见).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design_review_opinion: Option<bool>,
    /// Note on rectifications made after review (整改落实意见).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rectification_note: Option<bool>,
    /// Formal design documents (正式设计文件).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formal_design: Option<bool>,
    /// Trial-run report (系统试运行报告).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_run_report: Option<bool>,
    /// Completion report (工程竣工报告).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_report: Option<bool>,
    /// User manual (使用维护说明书).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_manual: Option<bool>,
    /// Completion accounting report, checked against the contract and design (工程竣工核算报告).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_check_report: Option<bool>,
    /// Preliminary acceptance report (初验报告).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preliminary_acceptance_report: Option<bool>,
    /// Inspection report (检验报告).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection_report: Option<bool>,
}
