//! Cross-checking a submission against its attachments: what the equipment lists (and, when a
//! PDF extractor is available, the design documents) say must agree with the structured data.
//! Each disagreement names both places.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Problem;
use crate::diagnostic::shorten;
use crate::i18n::Text;
use crate::ingest::attachment::{self, Policy as AttachmentPolicy};
use crate::tabular::{EquipmentKind, classify, equipment_list_from_bytes};
use crate::validate::Validated;

/// A place in the submission.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SubmissionPlace {
    /// JSON pointer.
    pub pointer: String,
    /// `file:line:column`.
    pub at: String,
}

/// One disagreement between the submission and an attachment.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Disagreement {
    /// What disagrees.
    pub what: Text,
    /// The submission's value (null when it states nothing).
    pub submission: Value,
    /// Where the submission states it.
    pub submission_at: SubmissionPlace,
    /// The attachment's value.
    pub attachment: Value,
    /// Where the attachment states it (`file row 3, 5` or `file p.2 l.7`).
    pub attachment_at: String,
}

/// What the submission's structured lists count for each kind of equipment.
const COUNTED: &[(EquipmentKind, &str, &str, &str, bool)] = &[
    (
        EquipmentKind::Camera,
        "/technical/cameras",
        "摄像机数量",
        "number of cameras",
        true,
    ),
    (
        EquipmentKind::AccessPoint,
        "/technical/access_points",
        "出入口控制点数量",
        "number of access-control points",
        false,
    ),
    (
        EquipmentKind::VehicleBarrier,
        "/technical/vehicle_barriers",
        "车辆道闸数量",
        "number of vehicle barriers",
        false,
    ),
    (
        EquipmentKind::EmergencyButton,
        "/technical/emergency_buttons",
        "紧急报警按钮数量",
        "number of emergency buttons",
        true,
    ),
    (
        EquipmentKind::IotSensor,
        "/technical/iot_sensors",
        "物联感知设备数量",
        "number of IoT sensors",
        true,
    ),
];

fn count(list: Option<&Value>, weighted: bool) -> Option<u64> {
    let items = list?.as_array()?;
    Some(
        items
            .iter()
            .map(|i| {
                if weighted {
                    i.get("quantity").and_then(Value::as_u64).unwrap_or(1)
                } else {
                    1
                }
            })
            .sum(),
    )
}

/// Compares the submission with every equipment-list attachment. A missing or unreadable
/// attachment is an input problem (the check cannot be made); a disagreement is data.
///
/// With a PDF `extractor`, design-document attachments are read too, and every fact the
/// document states (storage days, backup hours, staffing figures, households …) is compared
/// with the submission's value for the same field.
pub fn crosscheck(
    validated: &Validated,
    base_dir: &Path,
    extractor: Option<&crate::pdf::Extractor>,
    policy: &AttachmentPolicy,
) -> Result<Vec<Disagreement>, Vec<Problem>> {
    let doc = &validated.document;
    let place = |pointer: &str| SubmissionPlace {
        pointer: pointer.to_owned(),
        at: doc.pointers.locate(pointer).map_or_else(
            || doc.source.name.clone(),
            |l| format!("{}:{}:{}", doc.source.name, l.line, l.column),
        ),
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let Some(attachments) = doc.value.get("attachments").and_then(Value::as_array) else {
        return Ok(out);
    };
    for (i, a) in attachments.iter().enumerate() {
        let kind = a.get("kind").and_then(Value::as_str);
        if kind == Some("design_document") {
            if let (Some(ex), Some(rel)) = (extractor, a.get("path").and_then(Value::as_str)) {
                let opened = match attachment::open(base_dir, rel, policy) {
                    Ok(o) => o,
                    Err(p) => {
                        problems.push(
                            doc.problem_at(
                                &format!("/attachments/{i}/path"),
                                format!("the design document {} could not be read", shorten(rel)),
                            )
                            .hint(p.to_string()),
                        );
                        continue;
                    }
                };
                let path = opened.resolved;
                let file = opened.path.display().to_string();
                match ex.extract(&path) {
                    Ok(text) => {
                        let lines = crate::extract::lines_of(&text);
                        for v in crate::extract::recognise(&lines).values {
                            if !v.value.is_number() {
                                continue;
                            }
                            let pointer = format!("/{}", v.field.replace('.', "/"));
                            let stated = doc.value.pointer(&pointer);
                            let same = stated
                                .and_then(Value::as_f64)
                                .zip(v.value.as_f64())
                                .is_some_and(|(a, b)| (a - b).abs() < 1e-9);
                            if let Some(stated) = stated.filter(|_| !same) {
                                out.push(Disagreement {
                                    what: Text::new(
                                        format!("{}：申报文件与设计说明不一致", v.field),
                                        format!(
                                            "{}: the submission and the design document disagree",
                                            v.field
                                        ),
                                    ),
                                    submission: stated.clone(),
                                    submission_at: place(&pointer),
                                    attachment: v.value.clone(),
                                    attachment_at: format!(
                                        "{file} p.{} l.{}",
                                        v.from.page, v.from.line
                                    ),
                                });
                            }
                        }
                    }
                    Err(e) => problems.push(
                        doc.problem_at(
                            &format!("/attachments/{i}/path"),
                            format!("the design document {} could not be read", shorten(rel)),
                        )
                        .hint(e.to_problem(&file).to_string()),
                    ),
                }
            }
            continue;
        }
        if kind != Some("equipment_list") {
            continue;
        }
        let Some(rel) = a.get("path").and_then(Value::as_str) else {
            continue;
        };
        let ptr = format!("/attachments/{i}/path");
        let path = base_dir.join(rel);
        let read = attachment::open(base_dir, rel, policy)
            .and_then(|opened| opened.read(crate::tabular::MAX_EQUIPMENT_LIST_BYTES))
            .map_err(|p| vec![p])
            .and_then(|bytes| {
                let name = path.display().to_string();
                equipment_list_from_bytes(&name, &crate::tabular::extension(&path), bytes)
            });
        let list = match read {
            Ok(l) => l,
            Err(ps) => {
                let mut first = doc.problem_at(
                    &ptr,
                    format!("the equipment list {} could not be read", shorten(rel)),
                );
                first = first.hint(ps.first().map_or_else(
                    || "check the path (relative to the submission)".to_owned(),
                    |p| p.to_string(),
                ));
                problems.push(first);
                continue;
            }
        };
        let file = path.display().to_string();
        if let Some(expected) = a.get("sha256").and_then(Value::as_str)
            && !expected.eq_ignore_ascii_case(&list.sha256)
        {
            out.push(Disagreement {
                what: Text::new("附件内容与申报文件记录的 SHA-256 不一致（附件已被修改）", "the attachment's SHA-256 differs from the one the submission records (it was changed)"),
                submission: Value::from(expected),
                submission_at: place(&format!("/attachments/{i}/sha256")),
                attachment: Value::from(list.sha256.clone()),
                attachment_at: file.clone(),
            });
        }
        let mut by_kind: BTreeMap<EquipmentKind, (u64, Vec<usize>)> = BTreeMap::new();
        for row in &list.rows {
            if let Some(kind) = classify(&row.name) {
                let e = by_kind.entry(kind).or_default();
                e.0 += u64::from(row.quantity.unwrap_or(0));
                e.1.push(row.row.line);
            }
        }
        for (kind, pointer, zh, en, weighted) in COUNTED {
            let Some((listed, lines)) = by_kind.get(kind) else {
                continue;
            };
            let stated = count(doc.value.pointer(pointer), *weighted);
            if stated != Some(*listed) {
                let shown: Vec<String> = lines.iter().take(8).map(usize::to_string).collect();
                let more = if lines.len() > 8 { "…" } else { "" };
                out.push(Disagreement {
                    what: Text::new(
                        format!("{zh}：申报文件与设备清单不一致"),
                        format!("{en}: the submission and the equipment list disagree"),
                    ),
                    submission: stated.map_or(Value::Null, Value::from),
                    submission_at: place(pointer),
                    attachment: Value::from(*listed),
                    attachment_at: format!("{file} rows {}{more}", shown.join(", ")),
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
