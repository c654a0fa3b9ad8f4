//! What kind of security equipment a list row names, from its name, its model and its unit.
//!
//! **Accessory or device.** A row is an accessory (支架, 立杆, 电源 …, kind
//! [`EquipmentKind::Other`]) when the accessory word is the *head* of its name: the last of the
//! keywords found, once qualifiers are set aside — text in brackets (`高空抛物监测摄像机（立杆
//! 安装）` is a camera), an accessory word followed by 安装/式/型 (`立杆式摄像机`), and in English
//! what follows `for`/`with` (`power supply for camera` is a power supply, `camera with IR
//! bracket` a camera). The model and the unit decide before the name: a camera model
//! ([`CAMERA_MODELS`]: `DS-2CD…`, `DH-IPC…`) makes a camera whatever the name says; a material
//! unit ([`MATERIAL_UNITS`]: 根, 米, m, 卷, 箱, 批) makes a row that names an accessory at all an
//! accessory (`立杆` in 根 without a camera model). Accessory keywords: 支架, 立杆, 护罩, 电源,
//! 适配器, 线缆, 网线, 电缆, 光缆, 跳线, 配件, 辅材, 安装费, 调试费, 防雷, 避雷; bracket, pole,
//! housing, cable, adapter, power supply, ups.
//!
//! **Devices.** The device rules are tried in the order below; the first that matches the name
//! wins. Chinese keywords match as substrings; Latin keywords match whole words,
//! case-insensitively.
//!
//! | order | kind | keywords | why this order |
//! |---|---|---|---|
//! | 1 | [`EquipmentKind::Other`] (handheld radio) | 对讲机 unless 可视/楼宇/门口/室内 | `手持对讲机` is a guard's radio, not a door intercom |
//! | 2 | [`EquipmentKind::EmergencyButton`] | 紧急报警按钮, 紧急按钮, 紧急求助, 一键报警, 一键求助, 报警柱, 求助按钮; sos, panic button, emergency button | before alarm detectors: these names contain 报警 |
//! | 3 | [`EquipmentKind::Intercom`] | 可视对讲, 楼宇对讲, 门口机, 室内机, 对讲主机, 对讲分机, 管理机, 围墙机; intercom, door station, indoor station | before access and cameras: `可视对讲门口机` has a camera and opens the door, but it is the intercom |
//! | 4 | [`EquipmentKind::AccessPoint`] (pedestrian gates) | 闸机, 人行通道, 人行道闸, 通道闸, 摆闸, 翼闸, 三辊闸, 速通门 (unless the name has 车) | before vehicle barriers: `人行通道闸` contains 道闸 |
//! | 5 | [`EquipmentKind::VehicleBarrier`] | 道闸, 挡车器, 升降柱, 阻车器, 破胎器; barrier, boom gate, bollard | a `车牌识别道闸一体机` is the barrier (its camera is a part of it) |
//! | 6 | [`EquipmentKind::Camera`] | 摄像机, 摄像头, 球机, 枪机, 半球, 筒机, 人脸抓拍, 抓拍机, 车牌识别, 车辆识别, 高空抛物, 热成像, 鹰眼; camera, ipc, dome, bullet, ptz | `车牌识别一体机` / `车辆识别一体机` without 道闸 is a camera: it captures vehicles at the entrance and is listed next to a separate 道闸 line |
//! | 7 | [`EquipmentKind::IotSensor`] | 烟感, 烟雾, 燃气, 可燃气体, 井盖, 水浸, 水位, 水压, 门磁, 地磁, 电气火灾, 温湿度, 传感器, 物联; smoke, gas detector, sensor, iot | before alarm detectors: `烟雾探测器` is a detector but an IoT sensor here; `门磁` is counted as the IoT door sensor of the smart-community standard |
//! | 8 | [`EquipmentKind::AlarmDetector`] | 对射, 电子围栏, 脉冲围栏, 张力围栏, 振动光纤, 周界雷达, 探测器, 双鉴, 幕帘, 玻璃破碎; beam, electric fence, detector | |
//! | 9 | [`EquipmentKind::AccessPoint`] | 门禁, 人脸识别终端, 人脸识别一体机, 人脸识别门禁, 读卡器, 访客机; access control, card reader | locks, exit buttons and door closers are not access points (they fall to 10 or to nothing) |
//! | 10 | [`EquipmentKind::Storage`] | 录像机, 存储, 硬盘, 磁盘阵列; nvr, dvr, cvr, ipsan, storage | |
//! | 11 | [`EquipmentKind::Other`] | 交换机, 服务器, 工作站, 显示, 屏, 拼接, 解码, 机柜, 电脑, 软件, 平台, 报警主机, 巡更, 磁力锁, 电锁, 出门按钮, 闭门器; switch, server, monitor, display, software, lock | recognised but not counted by any rule |
//!
//! `None` means nothing was recognised. [`camera_type`] and [`sensor_kind`] go one level
//! further, to the submission's camera types and IoT sensor kinds, so that counts can be
//! compared by type.

use serde::Serialize;

use crate::model::{CameraType, SensorKind};

/// The kinds of equipment the checks count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EquipmentKind {
    /// Video cameras of every form, including face-capture, licence-plate and 高空抛物 cameras.
    Camera,
    /// Pedestrian access control: 门禁, face-recognition terminals, turnstiles (闸机).
    AccessPoint,
    /// Vehicle barriers (道闸) and bollards.
    VehicleBarrier,
    /// Intrusion and perimeter detectors: beams (对射), electric fences, PIR detectors.
    AlarmDetector,
    /// Emergency call points (紧急报警按钮, 一键报警).
    EmergencyButton,
    /// Building intercom (可视对讲) door and indoor stations.
    Intercom,
    /// IoT sensors: smoke, gas, manhole covers, water, door contacts.
    IotSensor,
    /// Video storage: NVR, DVR, disk arrays.
    Storage,
    /// Recognised equipment no rule counts: accessories, network, displays, software.
    Other,
}

struct Rule {
    kind: EquipmentKind,
    zh: &'static [&'static str],
    en: &'static [&'static str],
    /// The rule does not apply when the name contains one of these.
    unless: &'static [&'static str],
}

/// Words that name an accessory or a material when they are the head of the name.
const ACCESSORY: Rule = Rule {
    kind: EquipmentKind::Other,
    zh: &[
        "支架",
        "立杆",
        "护罩",
        "电源",
        "适配器",
        "线缆",
        "网线",
        "电缆",
        "光缆",
        "跳线",
        "配件",
        "辅材",
        "安装费",
        "调试费",
        "防雷",
        "避雷",
    ],
    en: &[
        "bracket",
        "pole",
        "housing",
        "cable",
        "adapter",
        "power supply",
        "ups",
    ],
    unless: &[],
};

/// An accessory word followed by one of these qualifies a device (`立杆安装`, `支架式`).
const MOUNTING_QUALIFIERS: &[&str] = &["安装", "式", "型"];

/// Units of materials and accessories counted by length or by piece: a row in one of these that
/// names an accessory at all is the accessory.
pub const MATERIAL_UNITS: &[&str] = &["根", "米", "m", "延米", "km", "卷", "箱", "批"];

/// Model prefixes of cameras (Hikvision `DS-2CD`, `DS-2DE` PTZ, `DS-TCG` plate cameras, Dahua
/// `DH-IPC`, `DH-SD` PTZ, Uniview and others `IPC`, Tiandy `TC-C`), compared with the model in
/// capitals without spaces.
pub const CAMERA_MODELS: &[&str] = &[
    "DS-2CD", "IDS-2CD", "DS-2DE", "IDS-2DE", "DS-2DF", "IDS-2DF", "DS-2XE", "DS-2XS", "DS-2CE",
    "DS-2PT", "DS-TCG", "IDS-TCG", "DH-IPC", "DH-SD", "DH-PTZ", "DH-ITC", "IPC", "TC-C",
];

const DEVICES: &[Rule] = &[
    Rule {
        kind: EquipmentKind::Other,
        zh: &["对讲机"],
        en: &["walkie-talkie", "radio"],
        unless: &["可视", "楼宇", "门口", "室内"],
    },
    Rule {
        kind: EquipmentKind::EmergencyButton,
        zh: &[
            "紧急报警按钮",
            "紧急按钮",
            "紧急求助",
            "一键报警",
            "一键求助",
            "报警柱",
            "求助按钮",
        ],
        en: &["sos", "panic button", "emergency button", "emergency call"],
        unless: &[],
    },
    Rule {
        kind: EquipmentKind::Intercom,
        zh: &[
            "可视对讲",
            "楼宇对讲",
            "门口机",
            "室内机",
            "对讲主机",
            "对讲分机",
            "管理机",
            "围墙机",
        ],
        en: &["intercom", "door station", "indoor station"],
        unless: &[],
    },
    Rule {
        kind: EquipmentKind::AccessPoint,
        zh: &[
            "闸机",
            "人行通道",
            "人行道闸",
            "通道闸",
            "摆闸",
            "翼闸",
            "三辊闸",
            "速通门",
        ],
        en: &["turnstile", "speed gate", "swing gate", "flap barrier"],
        unless: &["车"],
    },
    Rule {
        kind: EquipmentKind::VehicleBarrier,
        zh: &["道闸", "挡车器", "升降柱", "阻车器", "破胎器"],
        en: &["barrier", "boom gate", "bollard"],
        unless: &[],
    },
    Rule {
        kind: EquipmentKind::Camera,
        zh: &[
            "摄像机",
            "摄像头",
            "球机",
            "枪机",
            "半球",
            "筒机",
            "人脸抓拍",
            "抓拍机",
            "车牌识别",
            "车辆识别",
            "高空抛物",
            "热成像",
            "鹰眼",
        ],
        en: &["camera", "ipc", "dome", "bullet", "ptz"],
        unless: &[],
    },
    Rule {
        kind: EquipmentKind::IotSensor,
        zh: &[
            "烟感",
            "烟雾",
            "燃气",
            "可燃气体",
            "井盖",
            "水浸",
            "水位",
            "水压",
            "门磁",
            "地磁",
            "电气火灾",
            "温湿度",
            "传感器",
            "物联",
        ],
        en: &["smoke", "gas detector", "sensor", "iot"],
        unless: &[],
    },
    Rule {
        kind: EquipmentKind::AlarmDetector,
        zh: &[
            "对射",
            "电子围栏",
            "脉冲围栏",
            "张力围栏",
            "振动光纤",
            "周界雷达",
            "探测器",
            "双鉴",
            "幕帘",
            "玻璃破碎",
        ],
        en: &["beam", "electric fence", "detector"],
        unless: &[],
    },
    Rule {
        kind: EquipmentKind::AccessPoint,
        zh: &[
            "门禁",
            "人脸识别终端",
            "人脸识别一体机",
            "人脸识别门禁",
            "读卡器",
            "访客机",
        ],
        en: &["access control", "card reader"],
        unless: &[],
    },
    Rule {
        kind: EquipmentKind::Storage,
        zh: &["录像机", "存储", "硬盘", "磁盘阵列"],
        en: &["nvr", "dvr", "cvr", "ipsan", "storage"],
        unless: &[],
    },
    Rule {
        kind: EquipmentKind::Other,
        zh: &[
            "交换机",
            "服务器",
            "工作站",
            "显示",
            "屏",
            "拼接",
            "解码",
            "机柜",
            "电脑",
            "软件",
            "平台",
            "报警主机",
            "巡更",
            "磁力锁",
            "电锁",
            "出门按钮",
            "闭门器",
        ],
        en: &["switch", "server", "monitor", "display", "software", "lock"],
        unless: &[],
    },
];

/// The kind of equipment a name describes, or `None` when no keyword is recognised (the name
/// alone: see [`classify_item`] for a row with its model and unit).
pub fn classify(name: &str) -> Option<EquipmentKind> {
    classify_item(name, None, None)
}

/// The kind of equipment a list or table row is, from its name, model and unit (see the module
/// documentation for the order of the evidence and every keyword).
pub fn classify_item(name: &str, model: Option<&str>, unit: Option<&str>) -> Option<EquipmentKind> {
    if model.is_some_and(is_camera_model) {
        return Some(EquipmentKind::Camera);
    }
    let lower = name.to_lowercase();
    let head = head_of(&lower);
    let material = unit.is_some_and(|u| {
        let u = u.trim().to_lowercase();
        MATERIAL_UNITS.contains(&u.as_str())
    });
    // The head of the name, then the whole name (a name that is all qualifier: `（摆闸）`).
    for text in [head.as_str(), lower.as_str()] {
        let accessory = last_hit(text, &ACCESSORY, true);
        let device = DEVICES
            .iter()
            .filter(|rule| !rule.unless.iter().any(|k| text.contains(k)))
            .filter_map(|rule| last_hit(text, rule, false))
            .max();
        match (accessory, device) {
            (Some(_), _) if material => return Some(EquipmentKind::Other),
            (Some(a), Some(d)) if a > d => return Some(EquipmentKind::Other),
            (Some(_), None) => return Some(EquipmentKind::Other),
            (_, Some(_)) => return device_kind(text),
            (None, None) => {}
        }
    }
    // an accessory word that only qualified (立杆安装) with nothing else recognised
    (last_hit(&lower, &ACCESSORY, false).is_some()).then_some(EquipmentKind::Other)
}

/// The first device rule that matches `text`.
fn device_kind(text: &str) -> Option<EquipmentKind> {
    DEVICES
        .iter()
        .find(|rule| {
            last_hit(text, rule, false).is_some() && !rule.unless.iter().any(|k| text.contains(k))
        })
        .map(|rule| rule.kind)
}

/// Whether a model is a camera's (see [`CAMERA_MODELS`]).
pub fn is_camera_model(model: &str) -> bool {
    let m: String = model
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    CAMERA_MODELS.iter().any(|p| m.starts_with(p))
}

/// The head of a (lower-case) name: without text in brackets, and in English without what
/// follows `for`, `with`, `incl`.
fn head_of(lower: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in lower.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    for cut in [" for ", " with ", " incl", " including "] {
        if let Some(i) = out.find(cut) {
            out.truncate(i);
        }
    }
    out
}

/// Where the last keyword of `rule` found in `text` ends (byte offset); with `head_only`, a
/// keyword followed by a mounting qualifier (`立杆安装`) does not count.
fn last_hit(text: &str, rule: &Rule, head_only: bool) -> Option<usize> {
    let zh = rule.zh.iter().flat_map(|k| {
        text.match_indices(k)
            .map(|(at, k)| at + k.len())
            .filter(|&end| {
                !head_only
                    || !MOUNTING_QUALIFIERS
                        .iter()
                        .any(|q| text[end..].starts_with(q))
            })
    });
    let en = rule.en.iter().flat_map(|k| word_ends(text, k));
    zh.chain(en).max()
}

/// Where `word` ends in `text`, at each place it occurs not surrounded by ASCII letters or
/// digits.
fn word_ends<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(word).filter_map(move |(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        (!before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric()))
        .then_some(at + word.len())
    })
}

/// The submission's camera type a camera row names (or its model tells), when it names one:
/// 人脸抓拍 face capture, 车牌识别 plate recognition, 高空抛物 throwing detection, 电梯 lift,
/// 全景/鹰眼 panoramic, 球机 PTZ, 半球 dome, 枪机/筒机 bullet.
pub fn camera_type(name: &str, model: Option<&str>) -> Option<CameraType> {
    const TYPES: &[(CameraType, &[&str], &[&str])] = &[
        (CameraType::ThrowingDetection, &["高空抛物"], &["throwing"]),
        (
            CameraType::FaceCapture,
            &["人脸抓拍", "人脸识别摄像", "人脸摄像"],
            &["face capture", "face camera"],
        ),
        (
            CameraType::PlateRecognition,
            &["车牌识别", "车辆识别", "车牌抓拍"],
            &["lpr", "plate"],
        ),
        (CameraType::Lift, &["电梯"], &["lift", "elevator"]),
        (CameraType::Panoramic, &["全景", "鹰眼"], &["panoramic"]),
        (
            CameraType::Ptz,
            &["球机", "快球", "高速球", "云台"],
            &["ptz", "speed dome"],
        ),
        (CameraType::Dome, &["半球"], &["dome"]),
        (CameraType::Bullet, &["枪", "筒机"], &["bullet"]),
    ];
    let lower = name.to_lowercase();
    let by_name = TYPES.iter().find(|(_, zh, en)| {
        zh.iter().any(|k| lower.contains(k))
            || en.iter().any(|k| word_ends(&lower, k).next().is_some())
    });
    if let Some((t, _, _)) = by_name {
        return Some(*t);
    }
    let m = model.map(|m| m.trim().to_uppercase()).unwrap_or_default();
    if ["DS-2DE", "IDS-2DE", "DS-2DF", "IDS-2DF", "DH-SD", "DH-PTZ"]
        .iter()
        .any(|p| m.starts_with(p))
    {
        return Some(CameraType::Ptz);
    }
    if ["DS-TCG", "IDS-TCG", "DH-ITC"]
        .iter()
        .any(|p| m.starts_with(p))
    {
        return Some(CameraType::PlateRecognition);
    }
    None
}

/// The submission's IoT sensor kind a sensor row names: 烟感/烟雾 smoke, 燃气/可燃气体 gas,
/// 井盖 manhole, 水压 hydrant pressure, 水位/水浸 water level, 门磁 door contact, 电动车/电瓶车
/// (阻止) e-bike lift blocking.
pub fn sensor_kind(name: &str) -> Option<SensorKind> {
    const KINDS: &[(SensorKind, &[&str], &[&str])] = &[
        (
            SensorKind::EbikeLiftBlocking,
            &["电动车", "电瓶车", "电动自行车"],
            &["e-bike"],
        ),
        (SensorKind::Smoke, &["烟感", "烟雾"], &["smoke"]),
        (SensorKind::Gas, &["燃气", "可燃气体"], &["gas"]),
        (SensorKind::Manhole, &["井盖"], &["manhole"]),
        (SensorKind::HydrantPressure, &["水压"], &["hydrant"]),
        (
            SensorKind::WaterLevel,
            &["水位", "水浸"],
            &["water level", "flood"],
        ),
        (SensorKind::DoorMagnet, &["门磁"], &["door contact"]),
    ];
    let lower = name.to_lowercase();
    KINDS
        .iter()
        .find(|(_, zh, en)| {
            zh.iter().any(|k| lower.contains(k))
                || en.iter().any(|k| word_ends(&lower, k).next().is_some())
        })
        .map(|(k, _, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::EquipmentKind::*;
    use super::*;

    #[test]
    fn every_keyword_classifies() {
        let cases: &[(&str, Option<EquipmentKind>)] = &[
            // cameras
            ("400万网络摄像机", Some(Camera)),
            ("监控摄像头", Some(Camera)),
            ("智能球机", Some(Camera)),
            ("红外枪机", Some(Camera)),
            ("半球", Some(Camera)),
            ("筒机", Some(Camera)),
            ("人脸抓拍机", Some(Camera)),
            ("抓拍机", Some(Camera)),
            ("车牌识别一体机", Some(Camera)),
            ("车辆识别一体机", Some(Camera)),
            ("高空抛物监测", Some(Camera)),
            ("热成像双光谱", Some(Camera)),
            ("鹰眼", Some(Camera)),
            ("Dome Camera 4MP", Some(Camera)),
            ("IPC", Some(Camera)),
            ("PTZ", Some(Camera)),
            ("bullet", Some(Camera)),
            ("人脸识别摄像机", Some(Camera)),
            // access
            ("门禁控制器", Some(AccessPoint)),
            ("人脸识别终端", Some(AccessPoint)),
            ("人脸识别一体机", Some(AccessPoint)),
            ("人脸识别门禁", Some(AccessPoint)),
            ("IC卡读卡器", Some(AccessPoint)),
            ("访客机", Some(AccessPoint)),
            ("人行闸机", Some(AccessPoint)),
            ("人行通道闸", Some(AccessPoint)),
            ("人行道闸", Some(AccessPoint)),
            ("通道闸", Some(AccessPoint)),
            ("摆闸", Some(AccessPoint)),
            ("翼闸", Some(AccessPoint)),
            ("三辊闸", Some(AccessPoint)),
            ("速通门", Some(AccessPoint)),
            ("Access Control Panel", Some(AccessPoint)),
            ("card reader", Some(AccessPoint)),
            ("turnstile", Some(AccessPoint)),
            // vehicle barriers
            ("直杆道闸", Some(VehicleBarrier)),
            ("车辆道闸机", Some(VehicleBarrier)),
            ("车牌识别道闸一体机", Some(VehicleBarrier)),
            ("挡车器", Some(VehicleBarrier)),
            ("液压升降柱", Some(VehicleBarrier)),
            ("阻车器", Some(VehicleBarrier)),
            ("破胎器", Some(VehicleBarrier)),
            ("boom gate", Some(VehicleBarrier)),
            // detectors
            ("红外对射", Some(AlarmDetector)),
            ("激光对射探测器", Some(AlarmDetector)),
            ("脉冲电子围栏", Some(AlarmDetector)),
            ("脉冲围栏主机", Some(AlarmDetector)),
            ("张力围栏", Some(AlarmDetector)),
            ("振动光纤", Some(AlarmDetector)),
            ("周界雷达", Some(AlarmDetector)),
            ("双鉴探测器", Some(AlarmDetector)),
            ("幕帘", Some(AlarmDetector)),
            ("玻璃破碎", Some(AlarmDetector)),
            ("electric fence", Some(AlarmDetector)),
            // emergency buttons
            ("紧急报警按钮", Some(EmergencyButton)),
            ("紧急按钮", Some(EmergencyButton)),
            ("紧急求助", Some(EmergencyButton)),
            ("一键报警柱", Some(EmergencyButton)),
            ("一键求助", Some(EmergencyButton)),
            ("报警柱", Some(EmergencyButton)),
            ("求助按钮", Some(EmergencyButton)),
            ("SOS", Some(EmergencyButton)),
            ("panic button", Some(EmergencyButton)),
            // intercom
            ("可视对讲门口机", Some(Intercom)),
            ("楼宇对讲", Some(Intercom)),
            ("门口机", Some(Intercom)),
            ("室内机", Some(Intercom)),
            ("对讲主机", Some(Intercom)),
            ("对讲分机", Some(Intercom)),
            ("管理机", Some(Intercom)),
            ("围墙机", Some(Intercom)),
            ("intercom", Some(Intercom)),
            // IoT
            ("独立式烟感", Some(IotSensor)),
            ("烟雾探测器", Some(IotSensor)),
            ("燃气探测器", Some(IotSensor)),
            ("可燃气体", Some(IotSensor)),
            ("智能井盖", Some(IotSensor)),
            ("水浸", Some(IotSensor)),
            ("水位", Some(IotSensor)),
            ("消防水压监测", Some(IotSensor)),
            ("门磁", Some(IotSensor)),
            ("地磁", Some(IotSensor)),
            ("电气火灾", Some(IotSensor)),
            ("温湿度", Some(IotSensor)),
            ("传感器", Some(IotSensor)),
            ("物联网关", Some(IotSensor)),
            ("smoke detector", Some(IotSensor)),
            // storage
            ("网络硬盘录像机", Some(Storage)),
            ("NVR", Some(Storage)),
            ("DVR", Some(Storage)),
            ("CVR", Some(Storage)),
            ("IPSAN", Some(Storage)),
            ("存储服务器", Some(Storage)),
            ("监控硬盘", Some(Storage)),
            ("磁盘阵列", Some(Storage)),
            // other: accessories
            ("摄像机支架", Some(Other)),
            ("监控立杆", Some(Other)),
            ("防护罩", Some(Other)),
            ("门禁电源", Some(Other)),
            ("电源适配器", Some(Other)),
            ("线缆", Some(Other)),
            ("超五类网线", Some(Other)),
            ("电缆", Some(Other)),
            ("光缆", Some(Other)),
            ("跳线", Some(Other)),
            ("配件", Some(Other)),
            ("辅材", Some(Other)),
            ("安装费", Some(Other)),
            ("调试费", Some(Other)),
            ("防雷器", Some(Other)),
            ("避雷针", Some(Other)),
            ("camera bracket", Some(Other)),
            ("UPS", Some(Other)),
            ("手持对讲机", Some(Other)),
            // other: recognised, not counted
            ("POE交换机", Some(Other)),
            ("服务器", Some(Other)),
            ("工作站", Some(Other)),
            ("显示器", Some(Other)),
            ("LED屏", Some(Other)),
            ("拼接屏", Some(Other)),
            ("解码器", Some(Other)),
            ("机柜", Some(Other)),
            ("电脑", Some(Other)),
            ("管理软件", Some(Other)),
            ("视频监控平台", Some(Other)),
            ("报警主机", Some(Other)),
            ("电子巡更", Some(Other)),
            ("磁力锁", Some(Other)),
            ("电锁", Some(Other)),
            ("出门按钮", Some(Other)),
            ("闭门器", Some(Other)),
            ("network switch", Some(Other)),
            // unrecognised
            ("", None),
            ("绿化", None),
            ("groups", None),
            ("converter", None),
        ];
        for (name, kind) in cases {
            assert_eq!(classify(name), *kind, "{name}");
        }
    }

    #[test]
    fn the_head_of_the_name_the_model_and_the_unit_tell_a_device_from_its_accessory() {
        type Case<'a> = (
            &'a str,
            Option<&'a str>,
            Option<&'a str>,
            Option<EquipmentKind>,
        );
        let cases: &[Case] = &[
            // a camera mounted on a pole is a camera
            (
                "高空抛物监测摄像机（立杆安装）",
                Some("GK-HPC400"),
                Some("台"),
                Some(Camera),
            ),
            ("高空抛物监测摄像机(立杆安装)", None, None, Some(Camera)),
            ("高空抛物监测摄像机立杆安装", None, Some("台"), Some(Camera)),
            ("立杆式高空抛物摄像机", None, Some("台"), Some(Camera)),
            // the pole is an accessory
            ("监控立杆", Some("LG-3M"), Some("根"), Some(Other)),
            ("立杆", None, Some("根"), Some(Other)),
            ("摄像机立杆", None, Some("根"), Some(Other)),
            ("摄像机立杆", None, None, Some(Other)),
            ("摄像机支架", Some("DS-1292ZJ"), Some("个"), Some(Other)),
            ("门禁电源", None, Some("台"), Some(Other)),
            ("UPS不间断电源", Some("UPS-3KVA"), Some("台"), Some(Other)),
            ("超五类网线", Some("CAT5E-UTP"), Some("米"), Some(Other)),
            ("power supply for camera", None, Some("pcs"), Some(Other)),
            (
                "Bullet camera with IR bracket",
                None,
                Some("pcs"),
                Some(Camera),
            ),
            // the model decides: a camera model is a camera
            ("立杆", Some("DS-2CD3T47WD"), Some("根"), Some(Camera)),
            (
                "枪型网络机",
                Some("DS-2CD3T47EWD-L"),
                Some("台"),
                Some(Camera),
            ),
            ("一体化网络机", Some("DH-IPC-HFW2431"), None, Some(Camera)),
            // a device counted in metres stays the device
            ("脉冲电子围栏", None, Some("米"), Some(AlarmDetector)),
            ("振动光纤", None, Some("m"), Some(AlarmDetector)),
            // a row that is all qualifier
            ("（摆闸）", None, Some("通道"), Some(AccessPoint)),
            ("绿化", None, Some("项"), None),
        ];
        for (name, model, unit, kind) in cases {
            assert_eq!(
                classify_item(name, *model, *unit),
                *kind,
                "{name} {model:?} {unit:?}"
            );
        }
    }

    #[test]
    fn camera_types_and_sensor_kinds() {
        use crate::model::{CameraType as T, SensorKind as K};
        let cameras: &[(&str, Option<&str>, Option<T>)] = &[
            ("人脸抓拍摄像机", None, Some(T::FaceCapture)),
            ("车牌识别一体机", None, Some(T::PlateRecognition)),
            ("网络枪型摄像机", None, Some(T::Bullet)),
            ("网络高速球机", None, Some(T::Ptz)),
            ("网络半球摄像机", None, Some(T::Dome)),
            ("电梯专用摄像机", None, Some(T::Lift)),
            ("高空抛物摄像机", None, Some(T::ThrowingDetection)),
            (
                "高空抛物监测摄像机（立杆安装）",
                None,
                Some(T::ThrowingDetection),
            ),
            ("全景摄像机", None, Some(T::Panoramic)),
            ("Dome camera 4MP", None, Some(T::Dome)),
            ("Face capture camera", None, Some(T::FaceCapture)),
            ("网络摄像机", Some("DS-2DE4425IW"), Some(T::Ptz)),
            (
                "出入口抓拍单元",
                Some("DS-TCG405-E"),
                Some(T::PlateRecognition),
            ),
            ("高清网络摄像机", Some("DS-2CD3T47WD"), None),
        ];
        for (name, model, t) in cameras {
            assert_eq!(camera_type(name, *model), *t, "{name}");
        }
        let sensors: &[(&str, Option<K>)] = &[
            ("独立式烟感探测器", Some(K::Smoke)),
            ("可燃气体探测器", Some(K::Gas)),
            ("智能井盖监测", Some(K::Manhole)),
            ("消防水压监测", Some(K::HydrantPressure)),
            ("水位传感器", Some(K::WaterLevel)),
            ("门磁", Some(K::DoorMagnet)),
            ("电梯电动车阻止系统", Some(K::EbikeLiftBlocking)),
            ("物联网关", None),
        ];
        for (name, k) in sensors {
            assert_eq!(sensor_kind(name), *k, "{name}");
        }
    }
}
