//! The equipment schedule (设备清单) as submitted: one row per item, as a design institute lists it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One row of the equipment schedule (设备清单).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EquipmentItem {
    /// Equipment name (设备名称), e.g. 高清网络摄像机.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Model (型号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Quantity (数量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// Unit (单位), e.g. 台, 套, 个.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Where it is installed (安装位置).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Remarks (备注).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
}
