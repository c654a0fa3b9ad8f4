//! IoT sensors (物联感知设备): smoke, gas, manholes, hydrant pressure, e-bike lift blocking.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An IoT sensor, or a row standing for `quantity` identical sensors (物联感知设备).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IotSensor {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Kind of sensor (感知设备类型).
    pub kind: SensorKind,
    /// Id of the element where it is installed (安装位置); any element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub location: Option<String>,
    /// Number of identical sensors this row stands for (数量); absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub quantity: Option<u32>,
    /// E-bike lift blocking: alarm only (A) or control of the lift (B) (阻止方式).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocking_type: Option<BlockingType>,
    /// E-bike lift blocking: prams and wheelchairs are not blocked (不误阻婴儿车、轮椅).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spares_prams_wheelchairs: Option<bool>,
}

impl IotSensor {
    /// How many identical sensors this row stands for: `quantity`, or 1 when it is not stated.
    pub fn count(&self) -> u32 {
        self.quantity.unwrap_or(1)
    }
}

labelled_enum! {
    /// Kind of IoT sensor (感知设备类型).
    pub enum SensorKind {
        Smoke => ("smoke detector", "烟感"),
        Gas => ("gas detector", "燃气"),
        Manhole => ("manhole cover sensor", "井盖"),
        HydrantPressure => ("hydrant water pressure", "消防水压"),
        EbikeLiftBlocking => ("e-bike lift blocking", "电梯电动车阻止"),
        WaterLevel => ("water level", "水位"),
        DoorMagnet => ("door contact", "门磁"),
        Other => ("other", "其他"),
    }
}

labelled_enum! {
    /// How e-bike lift blocking acts (电动自行车阻止方式).
    pub enum BlockingType {
        Alarm => ("type A: alarm only", "A 类（报警型）"),
        Control => ("type B: controls the lift", "B 类（控制型）"),
    }
}
