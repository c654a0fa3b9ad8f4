//! Network, data and privacy (网络、数据与个人信息保护).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Network, data and privacy (网络、数据与个人信息保护).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// The security systems run on a dedicated network (专用网络).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedicated_network: Option<bool>,
    /// The network is isolated from the internet (与互联网隔离).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isolated_from_internet: Option<bool>,
    /// Boundary protection at network borders (边界安全防护).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary_protection: Option<bool>,
    /// Data are encrypted in transit and at rest (加密).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<bool>,
    /// Log retention in months (日志保存月数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub log_retention_months: Option<f64>,
    /// Multi-level protection scheme level, 1..4 (网络安全等级保护级别, 等保).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 4))]
    pub mlps_level: Option<u32>,
    /// The platform is graded and its grading filed with the public-security organ (等保定级备案).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mlps_filed: Option<bool>,
    /// Uplink bandwidth in Mbit/s (上行带宽).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub bandwidth_uplink_mbps: Option<f64>,
    /// Face data (人脸信息).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_data: Option<FaceData>,
    /// Conspicuous notice of image collection (显著的图像采集提示标识).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signage: Option<bool>,
    /// Personal-information protection impact assessment (个人信息保护影响评估).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_assessment: Option<ImpactAssessment>,
    /// Only authorised people may view video (仅授权人员调阅视频).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_access_authorised_only: Option<bool>,
    /// User operations are logged (用户操作日志).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_logs: Option<bool>,
    /// Images released to the public are masked (公开发布图像遮蔽处理).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_release_masking: Option<bool>,
    /// The system is filed with the police (向公安机关备案).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_with_police: Option<bool>,
    /// Days after entering service within which it was filed (投入使用后备案天数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub filing_days_after_service: Option<f64>,
    /// Near military or classified sites (邻近军事管理区或涉密单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near_military_or_classified: Option<bool>,
    /// The military authority consented (军事机关同意).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub military_consent: Option<bool>,
}

/// Face data handling (人脸信息处理).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FaceData {
    /// Face data are collected (采集人脸信息).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected: Option<bool>,
    /// Separate consent is obtained (单独同意).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separate_consent: Option<bool>,
    /// Guardians consent for children under 14 (不满十四周岁未成年人监护人同意).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_consent_under_14: Option<bool>,
    /// Stored on the device only (仅存储于设备).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_on_device: Option<bool>,
    /// What allows storing face data outside the recognition device (集中存储的依据), when it
    /// is stored centrally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub central_storage_basis: Option<CentralStorageBasis>,
    /// Sent over the internet (通过互联网传输).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_over_internet: Option<bool>,
    /// Retention in days (保存天数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub retention_days: Option<f64>,
    /// Number of persons enrolled (录入人数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub persons_enrolled: Option<u32>,
    /// Filed with the Cyberspace Administration (向网信部门备案).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filed_with_cac: Option<bool>,
    /// An entry method other than face recognition is offered (提供人脸识别以外的通行方式).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative_entry: Option<bool>,
    /// Face data are encrypted (加密存储).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<bool>,
    /// Access to face data is audited (访问审计).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_audit: Option<bool>,
}

labelled_enum! {
    /// What allows face data to be stored outside the recognition device (集中存储的依据).
    pub enum CentralStorageBasis {
        Law => ("a law or administrative regulation provides for it", "法律、行政法规另有规定"),
        SeparateConsent => ("the person's separate consent", "取得个人单独同意"),
        None => ("none", "无"),
    }
}

/// Personal-information protection impact assessment (个人信息保护影响评估).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactAssessment {
    /// The assessment was done (已开展评估).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    /// Years its records are kept (记录保存年限).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub records_kept_years: Option<f64>,
}
