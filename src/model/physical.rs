//! Physical protection (物防): fences, doors and lighting.
//!
//! Walls and fences are described per segment under `site.perimeter.segments`; this section
//! only holds what applies to the estate as a whole.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Physical protection (物防).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Physical {
    /// Walls and fences as a whole (围墙、栅栏); segments are under `site.perimeter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walls_and_fences: Option<WallsAndFences>,
    /// Security doors (防护门).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doors: Option<Vec<Door>>,
    /// Lighting (照明).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lighting: Option<Lighting>,
    /// Ground-floor window guards (底层防护窗).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground_floor_window_guards: Option<bool>,
    /// Doors to the roof are locked (屋顶门锁闭).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roof_doors_locked: Option<bool>,
}

/// Walls and fences as a whole (围墙、栅栏).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WallsAndFences {
    /// Anti-climb topping along the perimeter (顶部防攀爬设施).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anti_climb_top: Option<bool>,
}

/// A security door (防护门).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Door {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Id of the element where the door is (位置); any element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub location: Option<String>,
    /// Kind of door (门的类型).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DoorKind>,
    /// Grade of the door (等级), as written on its certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
}

labelled_enum! {
    /// Kind of door (门的类型).
    pub enum DoorKind {
        AntiTheft => ("anti-theft door", "防盗门"),
        Fire => ("fire door", "防火门"),
        Roller => ("roller shutter", "卷帘门"),
        Other => ("other", "其他"),
    }
}

/// Lighting (照明).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lighting {
    /// Illuminance along the perimeter in lux (周界照度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub perimeter_lux: Option<f64>,
    /// Illuminance at entrances in lux (出入口照度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub entrance_lux: Option<f64>,
    /// Illuminance on roads in lux (道路照度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub road_lux: Option<f64>,
    /// Lighting at night (夜间照明).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub night_lighting: Option<bool>,
}
