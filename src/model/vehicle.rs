//! Vehicles (车辆): barriers at vehicle entrances and e-bike management (电动自行车管理).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A vehicle barrier (车辆道闸/挡车器).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VehicleBarrier {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Id of the entrance, lane or garage entrance where it stands (安装位置).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub location: Option<String>,
    /// Recognises number plates (车牌识别).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plate_recognition: Option<bool>,
    /// Anti-crush protection (防砸车).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anti_crush: Option<bool>,
    /// Can be opened by hand on power failure (手动释放).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual_release: Option<bool>,
    /// Opens on a fire alarm (消防联动开启).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fire_release: Option<bool>,
    /// Time for the arm to open or close, in seconds (起落杆时间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub arm_travel_s: Option<f64>,
    /// Plate recognition rate, 0..1 (识别率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub recognition_rate: Option<f64>,
    /// Share of exits released although the plate does not match an entry, 0..1 (出口误放行率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub exit_mismatch_rate: Option<f64>,
}

/// E-bike management (电动自行车管理).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ebike {
    /// Number of e-bikes registered in the estate (登记电动自行车数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub ebikes: Option<u32>,
    /// Number of charging ports (充电端口数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub charging_ports: Option<u32>,
    /// E-bike parking is physically separated from buildings (物理隔离).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical_separation: Option<bool>,
    /// Signs prohibit parking e-bikes indoors (禁止室内停放标识).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indoor_parking_prohibited_signs: Option<bool>,
}
