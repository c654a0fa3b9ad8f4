//! The site (场地): perimeter, entrances, buildings, garages, public areas and façades.
//!
//! These are the elements other sections refer to by id (a camera `covers` an entrance, an
//! access point is `location`ed at a unit door, and so on).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The site of the estate (小区场地).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// The perimeter (周界).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perimeter: Option<Perimeter>,
    /// Entrances and exits (出入口).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrances: Option<Vec<Entrance>>,
    /// Buildings (楼栋).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buildings: Option<Vec<Building>>,
    /// Garages and car parks (车库).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub garages: Option<Vec<Garage>>,
    /// Public areas (公共区域): squares, play areas, e-bike sheds, fire lanes, equipment rooms...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_areas: Option<Vec<PublicArea>>,
    /// Building façades (建筑立面), for objects thrown from height (高空抛物).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facades: Option<Vec<Facade>>,
}

/// The estate perimeter (周界).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Perimeter {
    /// The estate has a closed perimeter (封闭式小区).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<bool>,
    /// Renovation: the perimeter can be closed at all (具备封闭条件).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closable: Option<bool>,
    /// Perimeter segments (周界段).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segments: Option<Vec<PerimeterSegment>>,
}

/// A stretch of the perimeter with one kind of barrier (周界段).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PerimeterSegment {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Name (名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Length in metres (长度), greater than 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub length_m: Option<f64>,
    /// Kind of barrier (实体屏障类型).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barrier: Option<Barrier>,
    /// Barrier height in metres (屏障高度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub height_m: Option<f64>,
    /// Clear spacing between bars in centimetres (栅栏间距).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub bar_spacing_cm: Option<f64>,
    /// A horizontal rail lower than 1 m makes the fence climbable (1 m 以下有横向构件).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizontal_rail_below_1m: Option<bool>,
    /// Anti-climb measures on the barrier (防攀爬措施).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anti_climb: Option<bool>,
    /// The segment adjoins dwellings (紧邻住宅).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjoins_dwellings: Option<bool>,
    /// Openings in the segment (周界开口): gates, drains, gaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openings: Option<Vec<Opening>>,
}

labelled_enum! {
    /// Kind of perimeter barrier (周界实体屏障类型).
    pub enum Barrier {
        Wall => ("solid wall", "实体围墙"),
        Fence => ("fence", "栅栏"),
        Railing => ("see-through railing", "通透式护栏"),
        Hedge => ("hedge", "绿篱"),
        BuildingWall => ("building outer wall", "建筑外墙"),
        None => ("no physical barrier", "无实体屏障"),
    }
}

/// An opening in a perimeter segment (周界开口).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Kind of opening (开口类型).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OpeningKind>,
    /// The opening is closed by a barrier as strong as the segment (同等强度屏障).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barrier_equal_strength: Option<bool>,
    /// The opening is attended by staff (有人值守).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attended: Option<bool>,
}

labelled_enum! {
    /// Kind of perimeter opening (周界开口类型).
    pub enum OpeningKind {
        Gate => ("gate", "门"),
        Drain => ("drain or culvert", "排水口/涵洞"),
        Gap => ("gap", "缺口"),
        Other => ("other", "其他"),
    }
}

/// An entrance or exit of the estate (出入口).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entrance {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Name (名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Kind of entrance (出入口类型).
    pub kind: EntranceKind,
    /// This is a main entrance (主出入口).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main: Option<bool>,
    /// The entrance is staffed (有人值守).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffed: Option<bool>,
    /// The entrance is staffed around the clock (24 小时值守).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffed_24h: Option<bool>,
    /// Guards on duty in the daytime (白天值守人数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub guards_day: Option<u32>,
    /// Guards on duty at night (夜间值守人数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub guards_night: Option<u32>,
    /// Lanes of the entrance (通道).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lanes: Option<Vec<Lane>>,
}

labelled_enum! {
    /// Kind of entrance (出入口类型).
    pub enum EntranceKind {
        Pedestrian => ("pedestrian", "人行"),
        Vehicle => ("vehicle", "车行"),
        Mixed => ("mixed pedestrian and vehicle", "人车混行"),
        Emergency => ("emergency", "应急"),
    }
}

/// A lane of an entrance (通道).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Kind of lane (通道类型).
    pub kind: LaneKind,
    /// Direction of travel (通行方向).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

labelled_enum! {
    /// Kind of lane (通道类型).
    pub enum LaneKind {
        Pedestrian => ("pedestrian", "人行"),
        Vehicle => ("vehicle", "车行"),
        NonMotor => ("non-motorised vehicle", "非机动车"),
    }
}

labelled_enum! {
    /// Direction of travel (通行方向).
    pub enum Direction {
        In => ("in", "进"),
        Out => ("out", "出"),
        Both => ("both ways", "双向"),
    }
}

/// A building (楼栋).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Building {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Name (名称), e.g. "3号楼".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Number of storeys above ground (地上层数), at least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub floors: Option<u32>,
    /// High-rise residential building, taller than 27 m (高层住宅).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_rise: Option<bool>,
    /// Building height in metres (建筑高度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub height_m: Option<f64>,
    /// Number of households (户数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub households: Option<u32>,
    /// Units (单元) of the building.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<Vec<Unit>>,
    /// Ground-floor windows are protected (底层窗户防护).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground_floor_windows_protected: Option<bool>,
    /// Access to the roof is controlled (屋顶出入口管控).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roof_access_controlled: Option<bool>,
    /// Top-floor windows have guards or intrusion detection (顶层窗户防护或入侵探测).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_floor_windows_protected: Option<bool>,
}

/// A unit (单元): one stairwell with its entrance door and lifts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Name (名称), e.g. "1单元".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Number of households (户数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub households: Option<u32>,
    /// The unit entrance door (单元门).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrance_door: Option<EntranceDoor>,
    /// Lifts (电梯).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifts: Option<Vec<Lift>>,
}

/// The entrance door of a unit (单元门).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntranceDoor {
    /// Electric lock (电控锁).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electric_lock: Option<bool>,
    /// Door intercom station (楼宇对讲门口机).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intercom: Option<bool>,
    /// Relocks automatically (自动闭锁).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_relock: Option<bool>,
    /// Door closer (闭门器).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub door_closer: Option<bool>,
    /// Anti-theft grade of the door (防盗安全级别), as written on its certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anti_theft_grade: Option<String>,
}

/// A lift (电梯).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lift {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// The lift blocks e-bikes from entering (电动自行车阻止进入).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ebike_blocking: Option<bool>,
}

/// A garage or car park (车库).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Garage {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Name (名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Underground garage (地下车库).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub underground: Option<bool>,
    /// Number of parking spaces (停车位数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub parking_spaces: Option<u32>,
    /// Entrances of the garage (车库出入口), including doorways into buildings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrances: Option<Vec<GarageEntrance>>,
}

/// An entrance of a garage (车库出入口).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GarageEntrance {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Name (名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Number of lanes (车道数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub lanes: Option<u32>,
    /// Id of the building this doorway leads into (通往楼栋), for garage-to-building doorways.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub to_building: Option<String>,
}

/// A public area of the estate (公共区域).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicArea {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Name (名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Kind of area (区域类型).
    pub kind: PublicAreaKind,
    /// E-bike parking spaces (电动自行车停放位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub ebike_spaces: Option<u32>,
    /// Charging ports (充电端口数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub charging_ports: Option<u32>,
    /// Area in square metres (面积).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub area_m2: Option<f64>,
}

labelled_enum! {
    /// Kind of public area (公共区域类型).
    pub enum PublicAreaKind {
        Square => ("square", "广场"),
        PlayArea => ("children's play area", "儿童游乐场"),
        EbikeShed => ("e-bike shed", "电动自行车棚"),
        ChargingPoint => ("charging point", "充电点"),
        FireLane => ("fire lane", "消防车道"),
        EquipmentRoom => ("equipment room", "设备用房"),
        MainRoad => ("main road", "主干道"),
        ActivityArea => ("activity area", "活动区域"),
        ParkingSurface => ("surface car park", "地面停车场"),
        BicycleGarage => ("bicycle garage", "非机动车库"),
        Other => ("other", "其他"),
    }
}

/// A façade of a building (建筑立面), for objects thrown from height (高空抛物).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Facade {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Id of the building the façade belongs to (所属楼栋).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub building: Option<String>,
    /// Number of storeys on this façade (层数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub storeys: Option<u32>,
    /// Which way the façade faces (朝向), e.g. "south".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faces: Option<String>,
    /// Exposed to objects thrown from height: faces a path, play area or entrance
    /// (高空抛物风险).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throwing_risk: Option<bool>,
}
