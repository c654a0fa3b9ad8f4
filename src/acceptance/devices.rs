//! The devices a design installs, grouped the way an inspector counts them on site: by kind,
//! type, model and location. Both the checklist and the as-built comparison use these groups.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::i18n::Text;
use crate::model::{Labelled, Submission};

/// What kind of device a group holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// 摄像机.
    Camera,
    /// 出入口控制点.
    AccessPoint,
    /// 车辆道闸.
    VehicleBarrier,
    /// 紧急报警按钮.
    EmergencyButton,
    /// 周界报警防区.
    AlarmZone,
    /// 物联感知设备.
    IotSensor,
    /// 电子巡查点.
    PatrolPoint,
}

impl DeviceKind {
    /// Every kind, in checklist order.
    pub const ALL: &'static [DeviceKind] = &[
        DeviceKind::Camera,
        DeviceKind::AccessPoint,
        DeviceKind::VehicleBarrier,
        DeviceKind::EmergencyButton,
        DeviceKind::AlarmZone,
        DeviceKind::IotSensor,
        DeviceKind::PatrolPoint,
    ];

    /// The identifier.
    pub fn id(self) -> &'static str {
        match self {
            DeviceKind::Camera => "camera",
            DeviceKind::AccessPoint => "access_point",
            DeviceKind::VehicleBarrier => "vehicle_barrier",
            DeviceKind::EmergencyButton => "emergency_button",
            DeviceKind::AlarmZone => "alarm_zone",
            DeviceKind::IotSensor => "iot_sensor",
            DeviceKind::PatrolPoint => "patrol_point",
        }
    }

    /// The kind from its identifier or its Chinese or English label (as an inspector writes it).
    pub fn parse(s: &str) -> Option<DeviceKind> {
        let s = s.trim();
        DeviceKind::ALL.iter().copied().find(|k| {
            let l = k.label();
            s == k.id() || s == l.zh || s.eq_ignore_ascii_case(&l.en)
        })
    }

    /// The kind and type an inspector's word names: a kind (摄像机, camera) or a type within
    /// one (枪机, turnstile, 烟感).
    pub fn classify(s: &str) -> Option<(DeviceKind, Text)> {
        use crate::model::access::AccessPointKind;
        use crate::model::alarm::AlarmTechnology;
        use crate::model::iot::SensorKind;
        use crate::model::video::CameraType;
        let s = s.trim();
        if let Some(k) = DeviceKind::parse(s) {
            return Some((k, k.label()));
        }
        fn find<L: Labelled + Copy>(all: &[L], s: &str) -> Option<Text> {
            all.iter()
                .find(|l| s == l.zh() || s.eq_ignore_ascii_case(l.en()))
                .map(|l| Text::new(l.zh(), l.en()))
        }
        find(CameraType::ALL, s)
            .map(|t| (DeviceKind::Camera, t))
            .or_else(|| find(AccessPointKind::ALL, s).map(|t| (DeviceKind::AccessPoint, t)))
            .or_else(|| find(AlarmTechnology::ALL, s).map(|t| (DeviceKind::AlarmZone, t)))
            .or_else(|| find(SensorKind::ALL, s).map(|t| (DeviceKind::IotSensor, t)))
    }

    /// Its label.
    pub fn label(self) -> Text {
        match self {
            DeviceKind::Camera => Text::new("摄像机", "camera"),
            DeviceKind::AccessPoint => Text::new("出入口控制点", "access point"),
            DeviceKind::VehicleBarrier => Text::new("车辆道闸", "vehicle barrier"),
            DeviceKind::EmergencyButton => Text::new("紧急报警按钮", "emergency button"),
            DeviceKind::AlarmZone => Text::new("周界报警防区", "perimeter alarm zone"),
            DeviceKind::IotSensor => Text::new("物联感知设备", "IoT sensor"),
            DeviceKind::PatrolPoint => Text::new("电子巡查点", "patrol point"),
        }
    }

    /// Where its elements are in a submission.
    pub fn pointer(self) -> &'static str {
        match self {
            DeviceKind::Camera => "/technical/cameras",
            DeviceKind::AccessPoint => "/technical/access_points",
            DeviceKind::VehicleBarrier => "/technical/vehicle_barriers",
            DeviceKind::EmergencyButton => "/technical/emergency_buttons",
            DeviceKind::AlarmZone => "/technical/alarm_zones",
            DeviceKind::IotSensor => "/technical/iot_sensors",
            DeviceKind::PatrolPoint => "/technical/patrol/points",
        }
    }
}

/// One installed element (a row of the submission, possibly standing for several units).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Device {
    /// The kind.
    pub kind: DeviceKind,
    /// Element id.
    pub id: String,
    /// JSON pointer of the element.
    pub pointer: String,
    /// Its type within the kind (枪机, 闸机, 烟感…), both languages.
    pub device_type: Text,
    /// Equipment model, when the design names one.
    pub model: Option<String>,
    /// Id of the place it is installed at or covers first.
    pub location: Option<String>,
    /// Units this element stands for.
    pub count: u32,
    /// Specification figures where more is better (分辨率 MP, 帧率…): name → value.
    pub higher_is_better: BTreeMap<String, f64>,
    /// Specification figures where less is better (最低照度, 响应时间…).
    pub lower_is_better: BTreeMap<String, f64>,
}

/// Devices of one kind, type, model and location.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceGroup {
    /// The kind.
    pub kind: DeviceKind,
    /// The type within the kind.
    pub device_type: Text,
    /// Equipment model.
    pub model: Option<String>,
    /// Location id.
    pub location: Option<String>,
    /// The location's name, when the submission names it.
    pub location_name: Option<String>,
    /// Units.
    pub count: u32,
    /// The elements.
    pub ids: Vec<String>,
}

fn numbers(v: &Value, fields: &[&str]) -> BTreeMap<String, f64> {
    fields
        .iter()
        .filter_map(|f| {
            v.get(*f)
                .and_then(Value::as_f64)
                .map(|n| ((*f).to_owned(), n))
        })
        .collect()
}

fn text_of<L: Labelled>(l: &L) -> Text {
    Text::new(l.zh(), l.en())
}

/// Every device the submission installs, in submission order within each kind.
pub fn devices(submission: &Submission, value: &Value) -> Vec<Device> {
    let mut out = Vec::new();
    let Some(t) = &submission.technical else {
        return out;
    };
    let element = |pointer: &str| value.pointer(pointer).cloned().unwrap_or(Value::Null);
    for (i, c) in t.cameras.iter().flatten().enumerate() {
        let pointer = format!("/technical/cameras/{i}");
        let v = element(&pointer);
        out.push(Device {
            kind: DeviceKind::Camera,
            id: c.id.clone(),
            device_type: text_of(&c.camera_type),
            model: c.model.clone(),
            location: c.covers.as_ref().and_then(|c| c.first().cloned()),
            count: c.count(),
            higher_is_better: numbers(&v, &["resolution_mp", "frame_rate_fps", "bitrate_mbps"]),
            lower_is_better: numbers(&v, &["min_illumination_lux"]),
            pointer,
        });
    }
    for (i, a) in t.access_points.iter().flatten().enumerate() {
        let pointer = format!("/technical/access_points/{i}");
        let v = element(&pointer);
        out.push(Device {
            kind: DeviceKind::AccessPoint,
            id: a.id.clone(),
            device_type: a
                .kind
                .as_ref()
                .map_or_else(|| DeviceKind::AccessPoint.label(), text_of),
            model: None,
            location: a.location.clone(),
            count: 1,
            higher_is_better: numbers(
                &v,
                &["backup_power_hours", "event_log_days", "face_resolution_mp"],
            ),
            lower_is_better: numbers(&v, &["response_time_s"]),
            pointer,
        });
    }
    for (i, b) in t.vehicle_barriers.iter().flatten().enumerate() {
        out.push(Device {
            kind: DeviceKind::VehicleBarrier,
            id: b.id.clone(),
            device_type: DeviceKind::VehicleBarrier.label(),
            model: None,
            location: b.location.clone(),
            count: 1,
            higher_is_better: BTreeMap::new(),
            lower_is_better: BTreeMap::new(),
            pointer: format!("/technical/vehicle_barriers/{i}"),
        });
    }
    for (i, b) in t.emergency_buttons.iter().flatten().enumerate() {
        out.push(Device {
            kind: DeviceKind::EmergencyButton,
            id: b.id.clone(),
            device_type: if b.in_dwelling == Some(true) {
                Text::new("户内紧急求助按钮", "in-dwelling emergency button")
            } else {
                DeviceKind::EmergencyButton.label()
            },
            model: b.model.clone(),
            location: b.location.clone(),
            count: b.quantity.unwrap_or(1),
            higher_is_better: BTreeMap::new(),
            lower_is_better: BTreeMap::new(),
            pointer: format!("/technical/emergency_buttons/{i}"),
        });
    }
    for (i, z) in t.alarm_zones.iter().flatten().enumerate() {
        let pointer = format!("/technical/alarm_zones/{i}");
        let v = element(&pointer);
        out.push(Device {
            kind: DeviceKind::AlarmZone,
            id: z.id.clone(),
            device_type: text_of(&z.technology),
            model: None,
            location: z.segments.as_ref().and_then(|s| s.first().cloned()),
            count: 1,
            higher_is_better: numbers(&v, &["length_m"]),
            lower_is_better: numbers(&v, &["response_time_s"]),
            pointer,
        });
    }
    for (i, s) in t.iot_sensors.iter().flatten().enumerate() {
        out.push(Device {
            kind: DeviceKind::IotSensor,
            id: s.id.clone(),
            device_type: text_of(&s.kind),
            model: None,
            location: s.location.clone(),
            count: s.quantity.unwrap_or(1),
            higher_is_better: BTreeMap::new(),
            lower_is_better: BTreeMap::new(),
            pointer: format!("/technical/iot_sensors/{i}"),
        });
    }
    if let Some(p) = &t.patrol {
        for (i, pt) in p.points.iter().flatten().enumerate() {
            out.push(Device {
                kind: DeviceKind::PatrolPoint,
                id: pt.id.clone(),
                device_type: DeviceKind::PatrolPoint.label(),
                model: None,
                location: pt.location.clone(),
                count: 1,
                higher_is_better: BTreeMap::new(),
                lower_is_better: BTreeMap::new(),
                pointer: format!("/technical/patrol/points/{i}"),
            });
        }
    }
    out
}

/// Every element id in the submission with its name (`name` beside `id`), to print locations.
pub fn names(value: &Value) -> BTreeMap<String, String> {
    let mut out = crate::model::names::element_names(value);
    out.insert("monitoring_centre".into(), "监控中心".into());
    out
}

/// Groups devices by kind, type, model and location, in first-appearance order.
pub fn groups(devices: &[Device], names: &BTreeMap<String, String>) -> Vec<DeviceGroup> {
    let mut out: Vec<DeviceGroup> = Vec::new();
    for d in devices {
        if let Some(g) = out.iter_mut().find(|g| {
            g.kind == d.kind
                && g.device_type == d.device_type
                && g.model == d.model
                && g.location == d.location
        }) {
            g.count += d.count;
            g.ids.push(d.id.clone());
            continue;
        }
        out.push(DeviceGroup {
            kind: d.kind,
            device_type: d.device_type.clone(),
            model: d.model.clone(),
            location: d.location.clone(),
            location_name: d.location.as_ref().and_then(|l| names.get(l).cloned()),
            count: d.count,
            ids: vec![d.id.clone()],
        });
    }
    out
}

/// What sampling is counted over: one model (or, when the design names none, one type of one
/// kind), with the units installed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelLot {
    /// The kind.
    pub kind: DeviceKind,
    /// The type.
    pub device_type: Text,
    /// The model, if named.
    pub model: Option<String>,
    /// Units of it in the whole project.
    pub units: u32,
}

impl ModelLot {
    /// The key sampling is recorded under (`acceptance.sampling[].model`): the model, or the
    /// kind and type when no model is named.
    pub fn key(&self) -> String {
        match &self.model {
            Some(m) => m.clone(),
            None => format!("{}/{}", self.kind.label().zh, self.device_type.zh),
        }
    }
}

/// Lots for sampling: devices of the same model (or type, when unnamed) across all locations.
pub fn lots(devices: &[Device]) -> Vec<ModelLot> {
    let mut out: Vec<ModelLot> = Vec::new();
    for d in devices {
        let same = |l: &ModelLot| {
            l.kind == d.kind
                && match (&l.model, &d.model) {
                    (Some(a), Some(b)) => a == b,
                    (None, None) => l.device_type == d.device_type,
                    _ => false,
                }
        };
        match out.iter_mut().find(|l| same(l)) {
            Some(l) => l.units += d.count,
            None => out.push(ModelLot {
                kind: d.kind,
                device_type: d.device_type.clone(),
                model: d.model.clone(),
                units: d.count,
            }),
        }
    }
    out
}
