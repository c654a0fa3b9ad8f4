//! Intrusion and emergency alarms (入侵和紧急报警), perimeter alarm zones (周界防区) and guard
//! patrol (电子巡查).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The intrusion and emergency alarm system as a whole (入侵和紧急报警系统).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlarmSystem {
    /// Backup power in hours (备用电源供电时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub backup_power_hours: Option<f64>,
    /// Alarm response time in seconds (报警响应时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub response_time_s: Option<f64>,
    /// Alarm records cannot be altered (记录防篡改).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records_tamper_proof: Option<bool>,
    /// Linked to the 110 public-security alarm centre (与 110 报警中心联网).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_link: Option<bool>,
    /// The police link's receipt of alarms has been verified (联网报警接收确认).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_receipt_verified: Option<bool>,
    /// Tampering raises an alarm even when disarmed (撤防状态下防拆报警).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disarmed_tamper_alarm: Option<bool>,
    /// Alarms can only be reset manually (报警需手动复位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_reset_only: Option<bool>,
    /// An unacknowledged alarm sounds again after this many seconds (未处理报警再次提示时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub resound_after_s: Option<f64>,
    /// Sound and light alarm in the centre (中心声光报警).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centre_sound_light: Option<bool>,
    /// Electronic map showing the alarm location (电子地图).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emap: Option<bool>,
    /// The linked camera's image pops up on alarm (报警联动视频弹出).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub camera_popup: Option<bool>,
}

/// A perimeter or intrusion alarm zone (周界/入侵报警防区).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlarmZone {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Name (名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Ids of the perimeter segments the zone protects (防护周界段).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(inner(length(min = 1)))]
    pub segments: Option<Vec<String>>,
    /// Length of the zone in metres (防区长度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub length_m: Option<f64>,
    /// Detection technology (探测技术).
    pub technology: AlarmTechnology,
    /// What the zone detects (探测行为).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detects: Option<Vec<Detection>>,
    /// Ids of the cameras linked to the zone (联动摄像机).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(inner(length(min = 1)))]
    pub linked_cameras: Option<Vec<String>>,
    /// Armed 24 hours a day (24 小时布防).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub armed_24h: Option<bool>,
    /// Response time in seconds (响应时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub response_time_s: Option<f64>,
    /// Pulse fences: energy per pulse in joules (脉冲能量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub pulse_energy_j: Option<f64>,
    /// Pulse electric fences: duration of one pulse in seconds (脉冲持续时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub pulse_duration_s: Option<f64>,
    /// Pulse electric fences: interval between pulses in seconds (脉冲间隔).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub pulse_interval_s: Option<f64>,
    /// Pulse electric fences: charge per pulse in millicoulombs (单脉冲电量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub pulse_charge_mc: Option<f64>,
    /// Uses deep-learning analytics (深度学习算法).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deep_learning: Option<bool>,
    /// Active deterrence: light, sound (主动威慑).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deterrence: Option<bool>,
}

labelled_enum! {
    /// Perimeter detection technology (周界探测技术).
    pub enum AlarmTechnology {
        PulseFence => ("pulse electric fence", "脉冲电子围栏"),
        TensionFence => ("tension fence", "张力围栏"),
        IrBeam => ("active infrared beam", "主动红外对射"),
        VibrationCable => ("vibration-sensing fibre cable", "振动光缆"),
        Microwave => ("microwave", "微波"),
        VideoAnalytics => ("video analytics", "视频分析"),
        Radar => ("radar", "雷达"),
        Other => ("other", "其他"),
    }
}

labelled_enum! {
    /// Intrusion behaviour detected (探测行为).
    pub enum Detection {
        Climbing => ("climbing", "攀爬"),
        Crossing => ("crossing", "翻越"),
        Digging => ("digging", "挖掘"),
        PassingThrough => ("passing through", "穿越"),
    }
}

/// An emergency (panic) button (紧急报警按钮).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmergencyButton {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Id of the element where it is installed (安装位置); any element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub location: Option<String>,
    /// Armed at all times (24 小时设防).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub always_armed: Option<bool>,
    /// Latches until reset (自锁).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latching: Option<bool>,
    /// Protected against accidental operation (防误触发).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anti_misoperation: Option<bool>,
    /// Id of the camera linked to the button (联动摄像机).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub linked_camera: Option<String>,
    /// Installed inside dwellings (安装于住户内).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_dwelling: Option<bool>,
    /// Equipment model (设备型号), for sampling at acceptance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Number of identical buttons this row stands for (数量); absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub quantity: Option<u32>,
}

impl EmergencyButton {
    /// How many identical buttons this row stands for: `quantity`, or 1 when it is not stated.
    pub fn count(&self) -> u32 {
        self.quantity.unwrap_or(1)
    }
}

/// Guard patrol system (电子巡查系统).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Patrol {
    /// An electronic patrol system is installed (设有电子巡查系统).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<bool>,
    /// Patrol check points (巡查点).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<PatrolPoint>>,
    /// Patrol records reach the centre in real time (在线式/实时).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub realtime: Option<bool>,
}

/// A patrol check point (巡查点).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatrolPoint {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Id of the element where the point is (位置); any element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub location: Option<String>,
}
