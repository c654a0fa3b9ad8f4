//! The submission model: one community project (小区) as Rust types.
//!
//! These types are the source of truth for the submission format (`docs/model-spec.md` describes
//! the same contract in prose). They derive serde and schemars: [`schema::submission_schema`] is
//! the JSON Schema generated from them, and [`refs`] holds the semantic checks a schema cannot
//! express (ids unique across the submission, references resolve).
//!
//! Conventions:
//! - every struct denies unknown fields;
//! - every field a rule may need is an `Option`: absent means "not stated", which differs from
//!   stated-and-empty (`Some(vec![])`) or stated-false (`Some(false)`); nothing is defaulted;
//! - units are in field names (`_m`, `_m2`, `_days`, `_s`, ...);
//! - enumerations use stable English `snake_case` identifiers and implement [`Labelled`].

use serde::{Deserialize, Serialize};

use schemars::JsonSchema;

/// Declares a unit-only enumeration with its stable identifiers and labels.
///
/// Each variant is written `Variant => ("English label", "中文标签")`; the identifier is the
/// variant's name in `snake_case`. The macro derives serde and schemars, writes a doc comment
/// on every variant (so the schema describes each value), implements [`Labelled`] and provides
/// `ALL`, the variants in declaration order.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $variant:ident => ($en:literal, $zh:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            serde::Deserialize,
            schemars::JsonSchema,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(
                #[doc = concat!($en, " (", $zh, ").")]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
        }

        impl $crate::model::Labelled for $name {
            fn zh(&self) -> &'static str {
                match self {
                    $(Self::$variant => $zh,)+
                }
            }

            fn en(&self) -> &'static str {
                match self {
                    $(Self::$variant => $en,)+
                }
            }
        }
    };
}

pub mod acceptance;
pub mod access;
pub mod alarm;
pub mod attachment;
pub mod centre;
pub mod design;
pub mod equipment;
pub mod iot;
pub mod labels;
pub mod names;
pub mod network;
pub mod physical;
pub mod project;
pub mod refs;
pub mod schema;
pub mod site;
pub mod staffing;
pub mod technical;
pub mod vehicle;
pub mod video;
pub mod waiver;

pub use acceptance::*;
pub use access::*;
pub use alarm::*;
pub use attachment::*;
pub use centre::*;
pub use design::*;
pub use equipment::*;
pub use iot::*;
pub use network::*;
pub use physical::*;
pub use project::*;
pub use refs::{
    CENTRE_ID, CENTRE_POINTER, ELEMENT_KINDS, ElementKind, REFERENCES, RefField, RefProblem,
    Targets, check_refs, index_ids, kind_of,
};
pub use schema::{submission_schema, submission_schema_ref};
pub use site::*;
pub use staffing::*;
pub use technical::*;
pub use vehicle::*;
pub use video::*;
pub use waiver::*;

/// Human-readable labels of an enumeration value, for reports.
pub trait Labelled {
    /// The Chinese label, as used in the standards (e.g. `三级防范`).
    fn zh(&self) -> &'static str;
    /// The English label (e.g. `level 3 (basic)`).
    fn en(&self) -> &'static str;
}

/// A residential-community security design submitted for review or acceptance
/// (智慧安防小区设计/验收申报).
///
/// Only `project` is required; every other section may be absent (not stated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// URI or path of the JSON Schema this file follows, for editors (ignored by anfang).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The project (项目): identity, kind, phase and target protection level.
    pub project: Project,
    /// The site (场地): perimeter, entrances, buildings, garages, public areas, façades.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Site>,
    /// Technical protection (技防): video, access control, alarms, intercom, barriers, IoT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical: Option<Technical>,
    /// Physical protection (物防): fences, doors, lighting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub physical: Option<Physical>,
    /// Staffing (人防): guards, patrols, control-room operators, training.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffing: Option<Staffing>,
    /// The monitoring centre (监控中心).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring_centre: Option<MonitoringCentre>,
    /// Design documents (设计文件): risk assessment, site survey, review of new techniques.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design: Option<Design>,
    /// Operation and maintenance (运行维护): the O&M plan, maintenance interval and records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operations: Option<Operations>,
    /// Network, data and privacy (网络、数据与个人信息保护).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Network>,
    /// Acceptance evidence (竣工验收), for the acceptance phase only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
    /// Approved waivers of rules (豁免/特殊审批).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waivers: Option<Vec<Waiver>>,
    /// Attached documents (附件): design documents, equipment lists, drawings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
    /// The equipment schedule (设备清单), as listed in the design documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equipment: Option<Vec<EquipmentItem>>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
