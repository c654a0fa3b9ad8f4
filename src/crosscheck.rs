//! Cross-checking a submission against its attachments: what the equipment lists and the
//! design documents say must agree with the structured data. Each disagreement names both
//! places.
//!
//! - **Counts** of cameras, access points, vehicle barriers, emergency buttons and IoT sensors
//!   in an equipment list, or in a design document's equipment table, against the submission's
//!   lists; and **by type** within them: cameras by `type` (face capture, plate recognition,
//!   throwing detection… as [`camera_type`] reads a row's name and model) and IoT sensors by
//!   `kind` ([`sensor_kind`]). When every row of a kind names its type, every type is compared;
//!   otherwise only the types a row always names ([`ALWAYS_NAMED`]: a generic 网络摄像机 may be
//!   a bullet or a dome, never a face-capture camera).
//! - **Facts** of a design document: every figure it states against the submission's value of
//!   the same field, its protection level, and its project name (the same, or one containing
//!   the other: 阳光花园 and 阳光花园住宅小区 agree).
//! - **What could not be read**: a design document from which the facts anfang looks for
//!   ([`LOOKED_FOR`], those the submission states) could not all be read — or that could not
//!   be read at all (a scan, a password, a damaged file) — is itself a disagreement naming what
//!   was not compared. It is never a silent pass.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Problem;
use crate::diagnostic::shorten;
use crate::i18n::Text;
use crate::ingest::attachment::{self, Policy as AttachmentPolicy};
use crate::model::{CameraType, Labelled, SensorKind};
use crate::tabular::{
    EquipmentKind, camera_type, classify_item, equipment_list_from_bytes, sensor_kind,
};
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

/// Camera types a list row always names when it is one (人脸抓拍, 车牌识别, 高空抛物): compared
/// even when some camera rows name no type.
pub const ALWAYS_NAMED: &[CameraType] = &[
    CameraType::FaceCapture,
    CameraType::PlateRecognition,
    CameraType::ThrowingDetection,
];

/// The facts of a design document the cross-check looks for, when the submission states them:
/// (submission pointer, zh, en). `/equipment` stands for the equipment table, looked for when
/// the submission lists any counted equipment.
pub const LOOKED_FOR: &[(&str, &str, &str)] = &[
    ("/project/name", "项目名称", "project name"),
    ("/project/households", "总户数", "households"),
    ("/project/protection_level", "防护级别", "protection level"),
    (
        "/technical/video_storage/retention_days",
        "录像保存天数",
        "video retention days",
    ),
    ("/equipment", "主要设备材料表", "equipment schedule"),
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

/// One row of an attachment that counts equipment: a list's line or a document table's row.
#[derive(Debug, Clone)]
struct Counted<'a> {
    name: &'a str,
    model: Option<&'a str>,
    unit: Option<&'a str>,
    quantity: Option<u32>,
    /// Where it is, without the file: `12` (a list's line) or `p.2 l.9`.
    at: String,
}

impl<'a> Counted<'a> {
    fn new(
        name: &'a str,
        model: &'a Option<String>,
        unit: &'a Option<String>,
        quantity: Option<u32>,
        at: String,
    ) -> Self {
        Counted {
            name,
            model: model.as_deref(),
            unit: unit.as_deref(),
            quantity,
            at,
        }
    }
}

/// Which attachment the rows come from, for the messages.
struct Origin<'a> {
    file: &'a str,
    /// `设备清单` / `设计说明`.
    zh: &'static str,
    /// `equipment list` / `design document`.
    en: &'static str,
    /// `rows` (list lines) or empty (document places carry their own `p.`).
    places: &'static str,
}

impl Origin<'_> {
    fn at(&self, places: &[&str]) -> String {
        let shown: Vec<&str> = places.iter().take(8).copied().collect();
        let more = if places.len() > 8 { "…" } else { "" };
        if self.places.is_empty() {
            format!("{} {}{more}", self.file, shown.join(", "))
        } else {
            format!("{} {} {}{more}", self.file, self.places, shown.join(", "))
        }
    }
}

/// Compares the submission with every equipment-list attachment. A missing or unreadable
/// attachment is an input problem (the check cannot be made); a disagreement is data.
///
/// With a PDF `extractor`, design-document attachments are read too, and every fact the
/// document states (storage days, backup hours, staffing figures, households …) is compared
/// with the submission's value for the same field. A design document that cannot be read, or
/// from which the facts looked for cannot all be read, is a disagreement that names them.
pub fn crosscheck(
    validated: &Validated,
    base_dir: &Path,
    extractor: Option<&crate::pdf::Extractor>,
    policy: &AttachmentPolicy,
) -> Result<Vec<Disagreement>, Vec<Problem>> {
    let doc = &validated.document;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let Some(attachments) = doc.value.get("attachments").and_then(Value::as_array) else {
        return Ok(out);
    };
    for (i, a) in attachments.iter().enumerate() {
        let kind = a.get("kind").and_then(Value::as_str);
        if kind == Some("design_document") {
            if let Some(rel) = a.get("path").and_then(Value::as_str) {
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
                let read = match extractor {
                    Some(ex) => ex.extract(&path),
                    None => Err(crate::pdf::PdfError::Io(
                        "no PDF reader is available in this run".to_owned(),
                    )),
                };
                match read {
                    Ok(text) => {
                        let lines = crate::extract::lines_of(&text);
                        let recognised = crate::extract::recognise(&lines);
                        compare_document(validated, i, &file, &recognised, &mut out);
                    }
                    Err(crate::pdf::PdfError::Io(m)) if extractor.is_some() => problems.push(
                        doc.problem_at(
                            &format!("/attachments/{i}/path"),
                            format!("the design document {} could not be read", shorten(rel)),
                        )
                        .hint(crate::pdf::PdfError::Io(m).to_problem(&file).to_string()),
                    ),
                    Err(e) => out.push(not_read(validated, i, &file, Some(&e), &[])),
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
                submission_at: place(validated, &format!("/attachments/{i}/sha256")),
                attachment: Value::from(list.sha256.clone()),
                attachment_at: file.clone(),
            });
        }
        let rows: Vec<Counted> = list
            .rows
            .iter()
            .map(|r| {
                Counted::new(
                    &r.name,
                    &r.model,
                    &r.unit,
                    r.quantity,
                    r.row.line.to_string(),
                )
            })
            .collect();
        let origin = Origin {
            file: &file,
            zh: "设备清单",
            en: "equipment list",
            places: "rows",
        };
        compare_counts(validated, &rows, &origin, &mut out);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Where a pointer of the submission is.
fn place(validated: &Validated, pointer: &str) -> SubmissionPlace {
    let doc = &validated.document;
    SubmissionPlace {
        pointer: pointer.to_owned(),
        at: doc.pointers.locate(pointer).map_or_else(
            || doc.source.name.clone(),
            |l| format!("{}:{}:{}", doc.source.name, l.line, l.column),
        ),
    }
}

/// Whether the submission lists any equipment the cross-check counts.
fn lists_equipment(value: &Value) -> bool {
    COUNTED.iter().any(|(_, pointer, ..)| {
        value
            .pointer(pointer)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    })
}

/// The facts of [`LOOKED_FOR`] the submission states.
fn looked_for(value: &Value) -> Vec<&'static (&'static str, &'static str, &'static str)> {
    LOOKED_FOR
        .iter()
        .filter(|(pointer, ..)| {
            if *pointer == "/equipment" {
                lists_equipment(value)
            } else {
                value.pointer(pointer).is_some_and(|v| !v.is_null())
            }
        })
        .collect()
}

/// The disagreement for a design document whose facts could not all be read: `error` when it
/// could not be read at all (every fact looked for is then missing), else `missing` lists what
/// was not found.
fn not_read(
    validated: &Validated,
    i: usize,
    file: &str,
    error: Option<&crate::pdf::PdfError>,
    missing: &[&(&str, &str, &str)],
) -> Disagreement {
    let value = &validated.document.value;
    let all = looked_for(value);
    let facts: &[&(&str, &str, &str)] = if error.is_some() { &all } else { missing };
    let zh: Vec<&str> = facts.iter().map(|f| f.1).collect();
    let en: Vec<&str> = facts.iter().map(|f| f.2).collect();
    let stated: Vec<String> = facts
        .iter()
        .map(|(pointer, ..)| {
            let v = if *pointer == "/equipment" {
                let n: u64 = COUNTED
                    .iter()
                    .filter_map(|(_, p, _, _, w)| count(value.pointer(p), *w))
                    .sum();
                Value::from(format!("{n} devices"))
            } else {
                value.pointer(pointer).cloned().unwrap_or(Value::Null)
            };
            let v = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            format!(
                "{} = {v}",
                pointer.trim_start_matches('/').replace('/', ".")
            )
        })
        .collect();
    let what = match error {
        None => Text::new(
            format!(
                "设计说明中未能读出以下内容，无法与申报文件核对：{}（请人工核对，或提交可读取的设计说明）",
                zh.join("、")
            ),
            format!(
                "could not be read from the design document, so not compared with the submission: {} (check them by hand, or submit a design document they can be read from)",
                en.join(", ")
            ),
        ),
        Some(e) => Text::new(
            format!(
                "设计说明无法读取（{}），未能与申报文件核对：{}",
                e.zh(),
                if zh.is_empty() {
                    "全部内容".to_owned()
                } else {
                    zh.join("、")
                }
            ),
            format!(
                "the design document could not be read ({e}), so nothing in it was compared with the submission: {}",
                if en.is_empty() {
                    "all of it".to_owned()
                } else {
                    en.join(", ")
                }
            ),
        ),
    };
    Disagreement {
        what,
        submission: if stated.is_empty() {
            Value::Null
        } else {
            Value::from(stated.join("; "))
        },
        submission_at: place(validated, &format!("/attachments/{i}/path")),
        attachment: Value::from("未能读出 / not read"),
        attachment_at: file.to_owned(),
    }
}

/// Whitespace removed, NFKC and CJK radicals folded: how two project names are compared.
fn name_key(s: &str) -> String {
    crate::pdf::normalise(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The same project: equal names, or one containing the other (at least two characters).
fn same_project(a: &str, b: &str) -> bool {
    let (a, b) = (name_key(a), name_key(b));
    let shorter = a.chars().count().min(b.chars().count());
    a == b || (shorter >= 2 && (a.contains(&b) || b.contains(&a)))
}

/// Compares what a design document states with the submission.
fn compare_document(
    validated: &Validated,
    i: usize,
    file: &str,
    r: &crate::extract::Recognised,
    out: &mut Vec<Disagreement>,
) {
    let value = &validated.document.value;
    for v in &r.values {
        let pointer = format!("/{}", v.field.replace('.', "/"));
        let Some(stated) = value.pointer(&pointer).filter(|s| !s.is_null()) else {
            continue;
        };
        let agree = match (stated, &v.value) {
            (Value::String(a), Value::String(b)) if pointer == "/project/name" => {
                same_project(a, b)
            }
            (Value::String(a), Value::String(b)) if pointer == "/project/protection_level" => {
                a == b
            }
            (Value::String(_), _) | (_, Value::String(_)) => continue,
            (a, b) => a
                .as_f64()
                .zip(b.as_f64())
                .is_some_and(|(a, b)| (a - b).abs() < 1e-9),
        };
        if !agree {
            out.push(Disagreement {
                what: Text::new(
                    format!("{}：申报文件与设计说明不一致", v.field),
                    format!(
                        "{}: the submission and the design document disagree",
                        v.field
                    ),
                ),
                submission: stated.clone(),
                submission_at: place(validated, &pointer),
                attachment: v.value.clone(),
                attachment_at: format!("{file} p.{} l.{}", v.from.page, v.from.line),
            });
        }
    }
    let rows: Vec<Counted> = r
        .equipment
        .iter()
        .map(|row| {
            let at = format!("p.{} l.{}", row.from.page, row.from.line);
            Counted::new(&row.name, &row.model, &row.unit, row.quantity, at)
        })
        .collect();
    let origin = Origin {
        file,
        zh: "设计说明",
        en: "design document",
        places: "",
    };
    compare_counts(validated, &rows, &origin, out);
    let missing: Vec<&(&str, &str, &str)> = looked_for(value)
        .into_iter()
        .filter(|(pointer, ..)| {
            if *pointer == "/equipment" {
                rows.is_empty()
            } else {
                let field = pointer.trim_start_matches('/').replace('/', ".");
                !r.values.iter().any(|v| v.field == field)
            }
        })
        .collect();
    if !missing.is_empty() {
        out.push(not_read(validated, i, file, None, &missing));
    }
}

/// Counts of each kind, and of each type within cameras and IoT sensors, against the
/// submission's lists. Only kinds the attachment lists at all are compared.
fn compare_counts(
    validated: &Validated,
    rows: &[Counted],
    origin: &Origin,
    out: &mut Vec<Disagreement>,
) {
    let value = &validated.document.value;
    let mut by_kind: BTreeMap<EquipmentKind, Vec<&Counted<'_>>> = BTreeMap::new();
    for row in rows {
        if let Some(kind) = classify_item(row.name, row.model, row.unit) {
            by_kind.entry(kind).or_default().push(row);
        }
    }
    for (kind, pointer, zh, en, weighted) in COUNTED {
        let Some(listed) = by_kind.get(kind) else {
            continue;
        };
        let total: u64 = listed
            .iter()
            .map(|r| u64::from(r.quantity.unwrap_or(0)))
            .sum();
        let stated = count(value.pointer(pointer), *weighted);
        if stated != Some(total) {
            let places: Vec<&str> = listed.iter().map(|r| r.at.as_str()).collect();
            out.push(Disagreement {
                what: Text::new(
                    format!("{zh}：申报文件与{}不一致", origin.zh),
                    format!("{en}: the submission and the {} disagree", origin.en),
                ),
                submission: stated.map_or(Value::Null, Value::from),
                submission_at: place(validated, pointer),
                attachment: Value::from(total),
                attachment_at: origin.at(&places),
            });
        }
        match kind {
            EquipmentKind::Camera => compare_types(
                validated,
                listed,
                |r| camera_type(r.name, r.model),
                (pointer, "type", ALWAYS_NAMED, CameraType::Other),
                ("摄像机", "cameras of type"),
                origin,
                out,
            ),
            EquipmentKind::IotSensor => compare_types(
                validated,
                listed,
                |r| sensor_kind(r.name),
                (pointer, "kind", &[], SensorKind::Other),
                ("物联感知设备", "IoT sensors of kind"),
                origin,
                out,
            ),
            _ => {}
        }
    }
}

/// Counts by type within one kind: the attachment's rows by the type their names tell, the
/// submission's elements by their `key` field (weighted by `quantity`). Every type when every
/// row tells one, else only `always` (see the module documentation); `other` is left to the
/// kind's total.
fn compare_types<T>(
    validated: &Validated,
    rows: &[&Counted],
    type_of: impl Fn(&Counted) -> Option<T>,
    (pointer, key, always, other): (&str, &str, &[T], T),
    (zh_kind, en_kind): (&str, &str),
    origin: &Origin,
    out: &mut Vec<Disagreement>,
) where
    T: Copy + Ord + Serialize + serde::de::DeserializeOwned + Labelled,
{
    let mut listed: BTreeMap<T, (u64, Vec<&str>)> = BTreeMap::new();
    let mut all_typed = true;
    for r in rows {
        match type_of(r) {
            Some(t) => {
                let e = listed.entry(t).or_default();
                e.0 += u64::from(r.quantity.unwrap_or(0));
                e.1.push(r.at.as_str());
            }
            None => all_typed = false,
        }
    }
    let id = |t: &T| {
        serde_json::to_value(t)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
    };
    // a submission that lists nothing of the kind is told so by the kind's total
    let Some(items) = validated
        .document
        .value
        .pointer(pointer)
        .and_then(Value::as_array)
    else {
        return;
    };
    let mut stated: BTreeMap<String, u64> = BTreeMap::new();
    for item in items {
        if let Some(t) = item.get(key).and_then(Value::as_str) {
            *stated.entry(t.to_owned()).or_default() +=
                item.get("quantity").and_then(Value::as_u64).unwrap_or(1);
        }
    }
    let mut types: Vec<T> = listed.keys().copied().collect();
    if all_typed {
        for t in stated.keys() {
            if let Ok(t) = serde_json::from_value::<T>(Value::from(t.as_str()))
                && !types.contains(&t)
            {
                types.push(t);
            }
        }
    } else {
        types.retain(|t| always.contains(t));
        types.extend(always.iter().copied().filter(|t| {
            !listed.contains_key(t) && id(t).is_some_and(|i| stated.get(&i).is_some_and(|n| *n > 0))
        }));
    }
    types.sort();
    types.dedup();
    for t in types.into_iter().filter(|t| *t != other) {
        let (n, places) = listed.get(&t).cloned().unwrap_or_default();
        let s = id(&t).and_then(|i| stated.get(&i).copied()).unwrap_or(0);
        if n == s {
            continue;
        }
        out.push(Disagreement {
            what: Text::new(
                format!("{zh_kind}（{}）数量：申报文件与{}不一致", t.zh(), origin.zh),
                format!(
                    "{en_kind} “{}”: the submission and the {} disagree",
                    t.en(),
                    origin.en
                ),
            ),
            submission: Value::from(s),
            submission_at: place(validated, pointer),
            attachment: Value::from(n),
            attachment_at: if places.is_empty() {
                format!("{} (none listed)", origin.file)
            } else {
                origin.at(&places)
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_names_agree_when_one_contains_the_other() {
        assert!(same_project("阳光花园", "阳光花园住宅小区智慧安防工程"));
        assert!(same_project("大理市 阳光花园", "大理市阳光花园"));
        assert!(same_project(
            "Maple Court",
            "Maple Court Residential Community"
        ));
        assert!(!same_project("阳光花园", "翠湖雅苑"));
        assert!(!same_project("园", "阳光花园"));
    }
}
