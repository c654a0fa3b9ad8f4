//! Staffing (人防): guards, patrols, control-room operators, training and duty rules.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Staffing (人防).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    /// Security guards in total (保安员总数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub guards_total: Option<u32>,
    /// Guards on duty per shift (每班保安员人数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub guards_per_shift: Option<u32>,
    /// Shifts per day (每日班次).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub shifts_per_day: Option<u32>,
    /// Share of guards holding a security-guard certificate, 0..1 (持证率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub certified_ratio: Option<f64>,
    /// Patrols in the daytime (日间巡逻次数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub patrols_per_day: Option<u32>,
    /// Patrols at night (夜间巡逻次数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub patrols_per_night: Option<u32>,
    /// Interval between patrols in hours (巡逻间隔).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub patrol_interval_hours: Option<f64>,
    /// Persons per patrol (每次巡逻人数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub persons_per_patrol: Option<u32>,
    /// Control-room operators per shift (监控中心每班值机人数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub control_room_operators_per_shift: Option<u32>,
    /// The control room is staffed 24 hours a day (24 小时值机).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_room_24h: Option<bool>,
    /// Control-room operators are certified (值机人员持证上岗).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operators_certified: Option<bool>,
    /// The main gate has two guards in the daytime (主出入口白天双人值守).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_gate_double_staffed_daytime: Option<bool>,
    /// Fire drills per year (每年消防演练次数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub fire_drills_per_year: Option<u32>,
    /// Training hours per person per year (每年培训学时).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub training_hours_per_year: Option<f64>,
    /// Grid workers (网格员).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub grid_workers: Option<u32>,
    /// Public-safety volunteers (平安志愿者).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub volunteers: Option<u32>,
    /// A duty log is kept (值班记录).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duty_log: Option<bool>,
    /// Written rules for duty, response, confidentiality and training (值班、响应、保密、培训制度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duty_rules: Option<bool>,
}
