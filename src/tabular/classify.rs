//! What kind of security equipment a list row names, from keywords in its name.
//!
//! Rules are tried in the order below; the first that matches wins. Chinese keywords match as
//! substrings; Latin keywords match whole words, case-insensitively.
//!
//! | order | kind | keywords | why this order |
//! |---|---|---|---|
//! | 1 | [`EquipmentKind::Other`] (accessory) | 支架, 立杆, 护罩, 电源, 适配器, 线缆, 网线, 电缆, 光缆, 跳线, 配件, 辅材, 安装费, 调试费, 防雷, 避雷; bracket, pole, housing, cable, adapter, power supply, ups | a `摄像机支架` or `门禁电源` must not be counted as a camera or an access point |
//! | 2 | [`EquipmentKind::Other`] (handheld radio) | 对讲机 unless 可视/楼宇/门口/室内 | `手持对讲机` is a guard's radio, not a door intercom |
//! | 3 | [`EquipmentKind::EmergencyButton`] | 紧急报警按钮, 紧急按钮, 紧急求助, 一键报警, 一键求助, 报警柱, 求助按钮; sos, panic button, emergency button | before alarm detectors: these names contain 报警 |
//! | 4 | [`EquipmentKind::Intercom`] | 可视对讲, 楼宇对讲, 门口机, 室内机, 对讲主机, 对讲分机, 管理机, 围墙机; intercom, door station, indoor station | before access and cameras: `可视对讲门口机` has a camera and opens the door, but it is the intercom |
//! | 5 | [`EquipmentKind::AccessPoint`] (pedestrian gates) | 闸机, 人行通道, 人行道闸, 通道闸, 摆闸, 翼闸, 三辊闸, 速通门 (unless the name has 车) | before vehicle barriers: `人行通道闸` contains 道闸 |
//! | 6 | [`EquipmentKind::VehicleBarrier`] | 道闸, 挡车器, 升降柱, 阻车器, 破胎器; barrier, boom gate, bollard | a `车牌识别道闸一体机` is the barrier (its camera is a part of it) |
//! | 7 | [`EquipmentKind::Camera`] | 摄像机, 摄像头, 球机, 枪机, 半球, 筒机, 人脸抓拍, 抓拍机, 车牌识别, 车辆识别, 高空抛物, 热成像, 鹰眼; camera, ipc, dome, bullet, ptz | `车牌识别一体机` / `车辆识别一体机` without 道闸 is a camera: it captures vehicles at the entrance and is listed next to a separate 道闸 line |
//! | 8 | [`EquipmentKind::IotSensor`] | 烟感, 烟雾, 燃气, 可燃气体, 井盖, 水浸, 水位, 水压, 门磁, 地磁, 电气火灾, 温湿度, 传感器, 物联; smoke, gas detector, sensor, iot | before alarm detectors: `烟雾探测器` is a detector but an IoT sensor here; `门磁` is counted as the IoT door sensor of the smart-community standard |
//! | 9 | [`EquipmentKind::AlarmDetector`] | 对射, 电子围栏, 脉冲围栏, 张力围栏, 振动光纤, 周界雷达, 探测器, 双鉴, 幕帘, 玻璃破碎; beam, electric fence, detector | |
//! | 10 | [`EquipmentKind::AccessPoint`] | 门禁, 人脸识别终端, 人脸识别一体机, 人脸识别门禁, 读卡器, 访客机; access control, card reader | locks, exit buttons and door closers are not access points (they fall to 11 or to nothing) |
//! | 11 | [`EquipmentKind::Storage`] | 录像机, 存储, 硬盘, 磁盘阵列; nvr, dvr, cvr, ipsan, storage | |
//! | 12 | [`EquipmentKind::Other`] | 交换机, 服务器, 工作站, 显示, 屏, 拼接, 解码, 机柜, 电脑, 软件, 平台, 报警主机, 巡更, 磁力锁, 电锁, 出门按钮, 闭门器, 对讲机; switch, server, monitor, display, software, lock | recognised but not counted by any rule |
//!
//! `None` means no keyword matched: the name is not recognised.

use serde::Serialize;

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

const RULES: &[Rule] = &[
    Rule {
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
    },
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

/// The kind of equipment a name describes, or `None` when no keyword is recognised.
///
/// See the module documentation for every keyword and the order in which they are tried.
pub fn classify(name: &str) -> Option<EquipmentKind> {
    let lower = name.to_lowercase();
    RULES
        .iter()
        .find(|rule| {
            let hit = rule.zh.iter().any(|k| lower.contains(k))
                || rule.en.iter().any(|k| contains_word(&lower, k));
            hit && !rule.unless.iter().any(|k| lower.contains(k))
        })
        .map(|rule| rule.kind)
}

/// `word` occurs in `text` not surrounded by ASCII letters or digits.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
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
}
