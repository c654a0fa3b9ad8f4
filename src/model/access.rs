//! Access control (出入口控制), visitor management (访客管理) and intercom (楼宇对讲).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An access-control point (出入口控制点): a door, gate, turnstile or lift control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessPoint {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Name (名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Id of the place it controls (安装位置): an entrance, lane, perimeter opening, building,
    /// unit, lift, garage, garage entrance, public area (e.g. an equipment room) or
    /// `monitoring_centre`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub location: Option<String>,
    /// Kind of access point (类型).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<AccessPointKind>,
    /// Credentials accepted (识读方式).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Vec<Credential>>,
    /// On an evacuation route (位于疏散通道).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_evacuation_route: Option<bool>,
    /// Released by the fire alarm (消防联动释放).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fire_alarm_release: Option<bool>,
    /// Opens from inside without a credential by a mechanical release: push bar, lever
    /// (内侧免识别机械开启).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_egress: Option<bool>,
    /// A break-glass emergency release cuts the lock's power (紧急破玻释放装置), as distinct from
    /// a mechanical free egress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_glass_release: Option<bool>,
    /// Marked with an egress sign (疏散标识).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub egress_sign: Option<bool>,
    /// State on power failure (断电状态).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_mode: Option<FailMode>,
    /// Backup power in hours (备用电源供电时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub backup_power_hours: Option<f64>,
    /// Response time in seconds (响应时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub response_time_s: Option<f64>,
    /// Time for a field event to reach the centre over the non-public network, in seconds
    /// (现场事件上传至中心的时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub event_to_centre_s: Option<f64>,
    /// Event-log retention in days (事件记录保存天数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub event_log_days: Option<f64>,
    /// Tamper alarm (防拆报警).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tamper_alarm: Option<bool>,
    /// Protected against removal (防拆卸).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anti_removal: Option<bool>,
    /// Cables are protected (线缆防护).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cable_protected: Option<bool>,
    /// Number of invalid attempts after which it raises an alarm (非法操作报警次数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub invalid_attempt_alarm_after: Option<u32>,
    /// Clock drift in seconds per day (时钟日误差).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub clock_drift_s_per_day: Option<f64>,
    /// Face terminals: liveness detection (活体检测).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_detection: Option<bool>,
    /// Face terminals: camera resolution in megapixels (人脸识别分辨率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub face_resolution_mp: Option<f64>,
    /// Face terminals: pass rate at a 1 % false-acceptance rate, 0..1 (人脸识别通过率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub face_pass_rate: Option<f64>,
    /// Face terminals: recognition response time in seconds (人脸识别响应时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub face_response_s: Option<f64>,
    /// Face terminals: persons that can be enrolled locally (本地人脸库容量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub face_capacity_persons: Option<u32>,
    /// Works independently when shared with a one-card system (一卡通共用时独立运行).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_one_card_independent: Option<bool>,
}

labelled_enum! {
    /// Kind of access-control point (出入口控制点类型).
    pub enum AccessPointKind {
        Door => ("door", "门"),
        Gate => ("gate", "大门"),
        PowerGate => ("courtyard power gate", "庭院电动大门"),
        Turnstile => ("turnstile", "闸机"),
        BarrierFreeGate => ("barrier-free gate", "无障碍通道闸"),
        LiftControl => ("lift control", "梯控"),
    }
}

labelled_enum! {
    /// Credential or unlock method (识读/开锁方式).
    pub enum Credential {
        Card => ("IC card", "IC卡"),
        Face => ("face", "人脸"),
        Password => ("password", "密码"),
        QrCode => ("QR code", "二维码"),
        PhoneApp => ("phone app", "手机"),
        IdCard => ("identity card", "身份证"),
        Fingerprint => ("fingerprint", "指纹"),
        Key => ("key", "钥匙"),
        StaffedCheck => ("check by staff", "人工核验"),
    }
}

labelled_enum! {
    /// State of a lock on power failure (断电状态).
    pub enum FailMode {
        FailSafe => ("fail-safe, opens on power loss", "断电开启"),
        FailSecure => ("fail-secure, stays locked on power loss", "断电关闭"),
    }
}

/// Visitor management (访客管理).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitorManagement {
    /// Visitors are registered (访客登记).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<bool>,
    /// The host resident authorises the visit (住户授权).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_authorisation: Option<bool>,
    /// Visitor rights are limited to the destination (限定目的地).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_limited: Option<bool>,
    /// Temporary rights expire (临时权限自动失效).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_rights_expire: Option<bool>,
    /// Self-service visitor kiosk (自助访客机).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk: Option<bool>,
}

/// Building intercom (楼宇对讲).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intercom {
    /// Intercom system type (对讲系统类型).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<IntercomSystem>,
    /// Number of door stations (门口机数量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub door_stations: Option<u32>,
    /// Number of indoor units (室内机数量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub indoor_units: Option<u32>,
    /// Master station in the monitoring centre (管理中心机).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centre_master_station: Option<bool>,
    /// Faults are reported to the centre (故障报警上传).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault_alarm_to_centre: Option<bool>,
    /// Three-party calls: door station, resident and centre (三方通话).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_party_call: Option<bool>,
    /// A GB/T 31070 test report is available (GB/T 31070 检测报告).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gbt31070_report: Option<bool>,
    /// Unlock methods offered (开锁方式).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unlock_methods: Option<Vec<Credential>>,
}

labelled_enum! {
    /// Intercom system type (对讲系统类型).
    pub enum IntercomSystem {
        None => ("none", "无"),
        Analogue => ("analogue", "模拟"),
        Digital => ("digital", "数字"),
        VisualDigital => ("digital with video", "数字可视"),
    }
}
