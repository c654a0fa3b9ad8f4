//! The project (项目): identity, kind, phase, target protection level and size.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The project being reviewed (项目基本信息).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Project number given by the authority or the developer (项目编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Project name (项目名称).
    #[schemars(length(min = 1))]
    pub name: String,
    /// Address (项目地址).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Six-digit administrative division code (行政区划代码): first 2 digits province,
    /// 4 prefecture/city, 6 county.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[1-9][0-9]{5}$"))]
    pub region_code: Option<String>,
    /// Township or sub-district name (乡镇/街道), for batch summaries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub township: Option<String>,
    /// Developer organisation (建设单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer: Option<String>,
    /// Design organisation (设计单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designer: Option<String>,
    /// Installation organisation (施工/安装单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installer: Option<String>,
    /// Property-management company (物业服务企业).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_manager: Option<String>,
    /// Kind of works (项目类型): new build, renovation or expansion.
    pub kind: ProjectKind,
    /// Review phase (审查阶段): design review or acceptance.
    pub phase: Phase,
    /// Filing date (申报日期), YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("format" = "date"))]
    pub filing_date: Option<String>,
    /// Target protection level (防范等级).
    pub protection_level: ProtectionLevel,
    /// Number of households (户数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub households: Option<u32>,
    /// Number of buildings (楼栋数); the buildings themselves are listed in `site.buildings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub buildings: Option<u32>,
    /// Gross floor area in square metres (总建筑面积).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub floor_area_m2: Option<f64>,
    /// Site area in square metres (占地面积).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub site_area_m2: Option<f64>,
    /// Number of parking spaces (停车位数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub parking_spaces: Option<u32>,
    /// Year the estate was first built (建成年份); relevant for renovations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1900, max = 2100))]
    pub year_built: Option<u32>,
    /// Property-service grade (物业服务等级); grade 1 is the highest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_service_grade: Option<PropertyServiceGrade>,
    /// Share of residents approving the renovation scheme, 0..1 (居民同意率).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub resident_approval_ratio: Option<f64>,
    /// Investment in the security works in yuan (安防工程投资额), for the GA/T 75 project grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub investment_cny: Option<f64>,
    /// The estate is a high-risk protection object in GB 55029's sense (高风险保护对象).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_risk: Option<bool>,
    /// Renovation content classes (老旧小区改造内容类别).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renovation_class: Option<Vec<RenovationClass>>,
}

labelled_enum! {
    /// Kind of works (项目类型).
    pub enum ProjectKind {
        NewBuild => ("new build", "新建"),
        Renovation => ("renovation of an old estate", "老旧小区改造"),
        Expansion => ("alteration and expansion", "改扩建"),
    }
}

labelled_enum! {
    /// Review phase (审查阶段).
    pub enum Phase {
        DesignReview => ("design review", "设计审查"),
        Acceptance => ("completion acceptance", "竣工验收"),
    }
}

labelled_enum! {
    /// Protection level (防范等级); level 1 is the highest.
    pub enum ProtectionLevel {
        Level3 => ("level 3, basic", "三级防范"),
        Level2 => ("level 2", "二级防范"),
        Level1 => ("level 1, highest", "一级防范"),
    }
}

labelled_enum! {
    /// Property-service grade (物业服务等级); grade 1 is the highest.
    pub enum PropertyServiceGrade {
        Grade1 => ("grade 1, highest", "一级"),
        Grade2 => ("grade 2", "二级"),
        Grade3 => ("grade 3", "三级"),
    }
}

labelled_enum! {
    /// Renovation content class (老旧小区改造内容类别).
    pub enum RenovationClass {
        Basic => ("basic", "基础类"),
        Improvement => ("improvement", "完善类"),
        Upgrade => ("upgrade", "提升类"),
    }
}
