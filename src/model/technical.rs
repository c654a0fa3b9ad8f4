//! Technical protection (技防): the section root and its power supply.
//!
//! The subsystems live in their own files: [`super::video`], [`super::access`],
//! [`super::alarm`], [`super::vehicle`] and [`super::iot`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    AccessPoint, AlarmSystem, AlarmZone, Camera, Ebike, EmergencyButton, Intercom, IotSensor,
    Patrol, PlatformLink, VehicleBarrier, VideoStorage, VisitorManagement,
};

/// Technical protection (技防).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Technical {
    /// Cameras (摄像机).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameras: Option<Vec<Camera>>,
    /// Video storage (录像存储).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_storage: Option<VideoStorage>,
    /// Links to outside platforms (平台对接).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_links: Option<Vec<PlatformLink>>,
    /// Access-control points (出入口控制点).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_points: Option<Vec<AccessPoint>>,
    /// Visitor management (访客管理).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_management: Option<VisitorManagement>,
    /// The intrusion and emergency alarm system (入侵和紧急报警系统).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_system: Option<AlarmSystem>,
    /// Perimeter and intrusion alarm zones (报警防区).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_zones: Option<Vec<AlarmZone>>,
    /// Emergency buttons (紧急报警按钮).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_buttons: Option<Vec<EmergencyButton>>,
    /// Building intercom (楼宇对讲).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intercom: Option<Intercom>,
    /// Vehicle barriers (车辆道闸).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_barriers: Option<Vec<VehicleBarrier>>,
    /// Guard patrol (电子巡查).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patrol: Option<Patrol>,
    /// IoT sensors (物联感知设备).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iot_sensors: Option<Vec<IotSensor>>,
    /// E-bike management (电动自行车管理).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ebike: Option<Ebike>,
    /// Power supply of the security systems (供电).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power: Option<Power>,
    /// All equipment models have test reports or certificates (设备检测报告/认证齐全).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certified_equipment: Option<bool>,
}

/// Power supply of the security systems (安防系统供电).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Power {
    /// Mains capacity divided by the full load (主电源容量与满负荷之比).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub mains_capacity_ratio: Option<f64>,
    /// Uninterruptible power supply, UPS (不间断电源).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ups: Option<bool>,
    /// UPS autonomy in minutes (UPS 供电时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub ups_minutes: Option<f64>,
    /// Switches to backup automatically (主备电自动切换).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_switchover: Option<bool>,
    /// TN-S earthing system (TN-S 接地系统).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tn_s: Option<bool>,
    /// Load class of the security power supply (负荷等级).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_class: Option<LoadClass>,
}

labelled_enum! {
    /// Electrical load class (负荷等级, GB 50052).
    pub enum LoadClass {
        Class1Special => ("class 1, especially important", "一级负荷中特别重要的负荷"),
        Class1 => ("class 1", "一级负荷"),
        Class2 => ("class 2", "二级负荷"),
        Class3 => ("class 3", "三级负荷"),
    }
}
