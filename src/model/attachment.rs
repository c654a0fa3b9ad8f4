//! Attachments (附件): design documents, equipment lists, drawings.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An attached file (附件).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Element id, unique across the submission (编号).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Kind of document (附件类型).
    pub kind: AttachmentKind,
    /// Path of the file, relative to the submission file (文件路径).
    #[schemars(length(min = 1))]
    pub path: String,
    /// Title (标题).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// SHA-256 of the file as 64 hex digits (文件摘要).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9a-fA-F]{64}$"))]
    pub sha256: Option<String>,
}

labelled_enum! {
    /// Kind of attached document (附件类型).
    pub enum AttachmentKind {
        DesignDocument => ("design document", "设计说明"),
        EquipmentList => ("equipment list", "设备清单"),
        Drawing => ("drawing", "图纸"),
        Other => ("other", "其他"),
    }
}
