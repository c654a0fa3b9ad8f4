//! The monitoring centre (监控中心).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The monitoring centre (监控中心 / 安防控制室).
///
/// Other sections refer to it with the reserved id `monitoring_centre`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitoringCentre {
    /// Floor area in square metres (使用面积).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub area_m2: Option<f64>,
    /// A room dedicated to security (专用监控中心).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedicated: Option<bool>,
    /// What the room is shared with, if not dedicated (合用情况).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_with: Option<SharedWith>,
    /// Area dedicated to security in a shared room, in square metres (安防专用面积).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub dedicated_area_m2: Option<f64>,
    /// On the ground floor (设于首层).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground_floor: Option<bool>,
    /// Access to the room is restricted (出入控制).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restricted_access: Option<bool>,
    /// Staffed 24 hours a day (24 小时值守).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duty_24h: Option<bool>,
    /// Emergency alarm device in the room (紧急报警装置).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_alarm: Option<bool>,
    /// Interface to the upper-level alarm centre (与上级报警中心联网接口).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_link: Option<bool>,
    /// Internal and external communications (内外通信手段).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_external_comms: Option<bool>,
    /// Backup power in hours (备用电源供电时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub backup_power_hours: Option<f64>,
    /// A dedicated distribution box (专用配电箱).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution_box: Option<bool>,
    /// Spare circuits (预留回路).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spare_circuits: Option<bool>,
    /// A camera watches the entrance of the room (出入口摄像机).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrance_camera: Option<bool>,
    /// A camera watches inside the room (室内摄像机).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interior_camera: Option<bool>,
}

labelled_enum! {
    /// What a shared monitoring centre is shared with (合用情况).
    pub enum SharedWith {
        None => ("not shared", "不合用"),
        FireControl => ("fire control room", "消防控制室"),
        DutyRoom => ("duty room", "值班室"),
        Bas => ("building automation", "楼宇自控"),
    }
}
