//! Video surveillance (视频监控): cameras, storage and links to outside platforms.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A camera, or a row standing for `quantity` identical cameras (摄像机).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Camera {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Name (名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Camera type (摄像机类型).
    #[serde(rename = "type")]
    pub camera_type: CameraType,
    /// Resolution in megapixels (分辨率), greater than 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub resolution_mp: Option<f64>,
    /// Frame rate in frames per second (帧率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub frame_rate_fps: Option<f64>,
    /// Bit rate in Mbit/s (码率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub bitrate_mbps: Option<f64>,
    /// Colour image (彩色).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<bool>,
    /// Infrared illumination (红外补光).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ir_illumination: Option<bool>,
    /// Minimum illumination in lux (最低照度).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub min_illumination_lux: Option<f64>,
    /// Wide dynamic range (宽动态).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wdr: Option<bool>,
    /// Installed outdoors (室外安装).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outdoor: Option<bool>,
    /// Ingress-protection rating (防护等级), e.g. "IP66".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_rating: Option<String>,
    /// Intelligent functions (智能功能).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub functions: Option<Vec<CameraFunction>>,
    /// Ids of the elements the camera covers (覆盖对象): entrances, lanes, segments, buildings,
    /// units, lifts, garages, garage entrances, public areas, façades, alarm zones, or
    /// `monitoring_centre`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(inner(length(min = 1)))]
    pub covers: Option<Vec<String>>,
    /// Points outward, beyond the perimeter (朝向小区外).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faces_outward: Option<bool>,
    /// A high-point overview camera watching the estate and its surrounding roads (高点瞭望).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_point: Option<bool>,
    /// When its intelligent functions (face capture, analytics) run (智能分析运行时段).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_schedule: Option<AnalyticsSchedule>,
    /// Stores video on the camera when the network fails (前端存储).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge_storage: Option<bool>,
    /// Uploads the stored video after a network outage (断网续传).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_after_network_loss: Option<bool>,
    /// Overlooks windows of private dwellings (可拍摄住户窗户).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlooks_private_windows: Option<bool>,
    /// Installed in a private space (安装于私密空间).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_private_space: Option<bool>,
    /// A sign announces the camera (设置提示标识).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signage: Option<bool>,
    /// Equipment model (设备型号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Number of identical cameras this row stands for (数量); absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub quantity: Option<u32>,
}

impl Camera {
    /// How many identical cameras this row stands for: `quantity`, or 1 when it is not stated.
    pub fn count(&self) -> u32 {
        self.quantity.unwrap_or(1)
    }
}

labelled_enum! {
    /// Camera type (摄像机类型).
    pub enum CameraType {
        Bullet => ("bullet camera", "枪机"),
        Dome => ("dome camera", "半球"),
        Ptz => ("PTZ camera", "球机"),
        Panoramic => ("panoramic camera", "全景"),
        FaceCapture => ("face-capture camera", "人脸抓拍机"),
        PlateRecognition => ("plate-recognition camera", "车牌识别"),
        ThrowingDetection => ("camera for objects thrown from height", "高空抛物摄像机"),
        Lift => ("lift camera", "电梯摄像机"),
        Other => ("other", "其他"),
    }
}

labelled_enum! {
    /// When a camera's intelligent functions run (智能分析运行时段).
    pub enum AnalyticsSchedule {
        Continuous => ("continuously, 24 hours", "24 小时连续"),
        Scheduled => ("on a schedule", "按时段"),
        OnEvent => ("on events only", "事件触发"),
    }
}

labelled_enum! {
    /// Intelligent camera function (智能功能).
    pub enum CameraFunction {
        FaceCapture => ("face capture", "人脸抓拍"),
        PlateRecognition => ("plate recognition", "车牌识别"),
        ThrowingDetection => ("detection of objects thrown from height", "高空抛物检测"),
        EbikeDetection => ("e-bike detection", "电动车识别"),
        IntrusionAnalytics => ("perimeter intrusion analytics", "周界入侵分析"),
        PeopleCounting => ("people counting", "客流统计"),
        Audio => ("audio", "音频"),
    }
}

/// Video storage (录像存储).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VideoStorage {
    /// Video retention in days (录像保存天数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub retention_days: Option<f64>,
    /// Storage capacity in terabytes (存储容量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub capacity_tb: Option<f64>,
    /// Redundancy scheme (冗余方式).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redundancy: Option<Redundancy>,
    /// Keeps its settings after a power loss (断电后参数不丢失).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keeps_settings_on_power_loss: Option<bool>,
    /// Guarantees the integrity of the original video: watermark, anti-tamper (原始完整性).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_integrity: Option<bool>,
    /// Largest number of channels on one NVR (单台 NVR 最大接入路数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub nvr_channels_max: Option<u32>,
    /// Share of the storage capacity in use, 0..1 (存储利用率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub storage_utilisation: Option<f64>,
}

labelled_enum! {
    /// Storage redundancy scheme (冗余方式).
    pub enum Redundancy {
        None => ("none", "无冗余"),
        Raid1 => ("RAID 1", "RAID 1"),
        Raid5 => ("RAID 5", "RAID 5"),
        Raid6 => ("RAID 6", "RAID 6"),
        Cluster => ("cluster storage", "集群存储"),
    }
}

/// A link to an outside platform (平台对接).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlatformLink {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// The platform linked to (对接平台).
    pub target: PlatformTarget,
    /// Name (名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Protocols used (对接协议).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocols: Option<Vec<Protocol>>,
    /// A boundary-protection device guards the link (边界安全防护).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary_protection: Option<bool>,
    /// Number of cameras pushed to the platform (接入摄像机数量).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub linked_cameras: Option<u32>,
}

labelled_enum! {
    /// Outside platform (对接平台).
    pub enum PlatformTarget {
        PoliceVideoNetwork => ("police video network, Xueliang project", "公安视频专网/雪亮工程"),
        PublicSecurityAlarmCentre => ("110 alarm centre", "110 报警中心"),
        StreetGridPlatform => ("street or community grid platform", "街道/社区网格平台"),
        CityBrain => ("city brain", "城市大脑"),
        Other => ("other", "其他"),
    }
}

labelled_enum! {
    /// Interconnection protocol (对接协议).
    pub enum Protocol {
        Gb28181 => ("GB/T 28181", "GB/T 28181"),
        Gat1400 => ("GA/T 1400", "GA/T 1400"),
        Gb35114 => ("GB 35114", "GB 35114"),
        Onvif => ("ONVIF", "ONVIF"),
        Other => ("other", "其他"),
    }
}
