//! `anfang accept`: the inspection's evidence against the approved design and the standard →
//! item results, deviations, part scores, the conclusion and the rectification list; with an
//! earlier acceptance record, what was rectified, what is still open and what regressed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::checklist::{Checklist, Item};
use super::devices::{self, Device};
use super::evidence::{Evidence, RowEvidence};
use super::score::{self, PartScore, Status, Thresholds};
use super::{Conclusion, ItemKind, Mark, Part};
use crate::date::Date;
use crate::diagnostic::Problem;
use crate::engine::{self, Evaluation, Options, Outcome};
use crate::i18n::{Lang, Text};
use crate::report::{Input, StandardRef, Tool};
use crate::standard::condition::Op;
use crate::standard::{Check, CompiledStandard, Obligation};
use crate::validate::Validated;

/// One checklist item with what was found.
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    /// The checklist item.
    #[serde(flatten)]
    pub item: Item,
    /// fail | not_checked | pass | not_applicable.
    pub status: Status,
    /// Its label.
    pub status_label: Text,
    /// What was found, as written.
    pub observed: Option<String>,
    /// Why the status is what it is, when not plain.
    pub note: Option<Text>,
    /// Where the evidence is.
    pub evidence_at: Option<String>,
}

/// How the as-built differs from the approved design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviationKind {
    /// 缺装.
    Missing,
    /// 多装 / 设计外新增.
    Extra,
    /// 移位.
    Moved,
    /// 型号不符.
    DifferentModel,
    /// 规格降低.
    LowerSpecification,
}

impl DeviationKind {
    /// Its label.
    pub fn label(self) -> Text {
        match self {
            DeviationKind::Missing => Text::new("缺装", "missing"),
            DeviationKind::Extra => Text::new("设计外新增", "extra"),
            DeviationKind::Moved => Text::new("安装位置变更", "moved"),
            DeviationKind::DifferentModel => Text::new("型号不符", "different model"),
            DeviationKind::LowerSpecification => Text::new("规格降低", "lower specification"),
        }
    }
}

/// One deviation from the approved design.
#[derive(Debug, Clone, Serialize)]
pub struct Deviation {
    /// missing | extra | moved | different_model | lower_specification.
    pub kind: DeviationKind,
    /// Its label.
    pub label: Text,
    /// The device.
    pub device: Text,
    /// The element id (as-built submissions) or the checklist item id.
    pub subject: String,
    /// The configuration item it belongs to.
    pub item: Option<String>,
    /// Location in the design.
    pub location: Option<String>,
    /// Location found.
    pub as_built_location: Option<String>,
    /// Model in the design.
    pub model: Option<String>,
    /// Model found.
    pub as_built_model: Option<String>,
    /// Units in the design.
    pub designed: Option<u32>,
    /// Units found.
    pub found: Option<u32>,
    /// What differs, in words.
    pub detail: Text,
    /// Where the evidence is.
    pub at: String,
}

/// One line of the rectification list (整改清单).
#[derive(Debug, Clone, Serialize)]
pub struct Rectification {
    /// Line number.
    pub no: usize,
    /// The item id.
    pub item: String,
    /// What.
    pub title: Text,
    /// The clauses.
    pub clause: String,
    /// The clauses as a reviewer writes them in each language.
    pub clause_label: Text,
    /// A mandatory item.
    pub mandatory: bool,
    /// What must change.
    pub change: Text,
    /// Who rectifies.
    pub responsible: Text,
    /// By when (`--deadline`), else left blank on the document.
    pub deadline: Option<String>,
}

/// One item's change between two acceptances.
#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    /// The item id.
    pub item: String,
    /// What.
    pub title: Text,
    /// Status before.
    pub before: Text,
    /// Status now.
    pub after: Text,
}

/// The re-inspection after rectification (整改后复验).
#[derive(Debug, Clone, Serialize)]
pub struct Reinspection {
    /// The earlier acceptance record.
    pub previous: Input,
    /// Its conclusion.
    pub previous_conclusion: Text,
    /// Failed or not checked before, passes now.
    pub rectified: Vec<ItemChange>,
    /// Failed or not checked before and still.
    pub still_open: Vec<ItemChange>,
    /// Passed before, fails or is not checked now.
    pub regressed: Vec<ItemChange>,
}

/// The acceptance record (验收记录 and 验收意见).
#[derive(Debug, Clone, Serialize)]
pub struct AcceptanceRecord {
    /// Document format version.
    pub format: String,
    /// The tool.
    pub tool: Tool,
    /// The standard.
    pub standard: StandardRef,
    /// The approved design.
    pub design: Input,
    /// The inspection (filled checklist or as-built submission).
    pub inspection: Input,
    /// `checklist` or `as_built`.
    pub inspection_kind: String,
    /// Every input and its digest.
    pub inputs: Vec<Input>,
    /// The design's `project` section.
    pub project: Value,
    /// Document number (文号).
    pub document_number: String,
    /// The date printed, only when asked for.
    pub date: Option<String>,
    /// The date waivers were judged on.
    pub as_of: String,
    /// pass | basic_pass | fail.
    pub conclusion: String,
    /// 通过 / 基本通过 / 不通过.
    pub conclusion_label: Text,
    /// Why.
    pub reasons: Vec<Text>,
    /// The scoring thresholds.
    pub thresholds: Thresholds,
    /// One score per part.
    pub parts: Vec<PartScore>,
    /// Every item with its result, by part.
    pub items: Vec<ItemResult>,
    /// Deviations from the approved design.
    pub deviations: Vec<Deviation>,
    /// Mandatory items that failed or were not checked.
    pub mandatory_failures: Vec<String>,
    /// The rectification list.
    pub rectifications: Vec<Rectification>,
    /// The re-inspection, when an earlier record was given.
    pub reinspection: Option<Reinspection>,
    /// The sampling rule in words.
    pub sampling_rule: Text,
    /// Figures the catalogue marks unverified that the conclusion relies on.
    pub verify: Vec<Text>,
}

/// What `assess` needs besides the documents.
#[derive(Debug, Clone)]
pub struct AssessOptions {
    /// The as-of date for waivers.
    pub as_of: Date,
    /// The date to print.
    pub date: Option<String>,
    /// The rectification deadline to print.
    pub deadline: Option<String>,
    /// The document number, else derived from the digests.
    pub document_number: Option<String>,
}

/// Why an acceptance could not be assessed.
#[derive(Debug)]
pub enum AssessError {
    /// The inspection or the earlier record has problems.
    Input(Vec<Problem>),
    /// The standard lacks what acceptance needs.
    Standard(String),
}

fn set_pointer(root: &mut Value, pointer: &str, v: Value) {
    let mut node = root;
    let keys: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    for (i, key) in keys.iter().enumerate() {
        if !node.is_object() {
            *node = Value::Object(Map::new());
        }
        let Value::Object(map) = node else { return };
        if i + 1 == keys.len() {
            map.insert((*key).to_owned(), v);
            return;
        }
        node = map
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// Removes the value at `pointer`, if any.
fn remove_pointer(root: &mut Value, pointer: &str) {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return;
    };
    if let Some(Value::Object(map)) = root.pointer_mut(parent) {
        map.remove(key);
    }
}

/// The leading number of a measured cell: `2`, `2.5s`, `≤ 2 秒`, `30天`.
fn leading_number(s: &str) -> Option<f64> {
    let t = s
        .trim()
        .trim_start_matches(['≤', '≥', '<', '>', '=', '约', '~', ' ']);
    let n: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    n.parse().ok()
}

/// The value a rule row requires (`equals: true`), for yes/no and enumerated rows.
fn required_value(standard: &CompiledStandard, item: &Item, params: &[Value]) -> Option<Value> {
    let rule = standard.rule(item.rules.first()?)?;
    let Check::Value { cond, .. } = &rule.check else {
        return None;
    };
    cond.tests
        .iter()
        .find(|(op, _)| *op == Op::Eq)
        .map(|(_, o)| o.value(params).clone())
}

/// The value a filled checklist row records for a rule row's field.
fn row_value(
    standard: &CompiledStandard,
    item: &Item,
    e: &RowEvidence,
    params: &[Value],
) -> Result<Option<Value>, Problem> {
    let value_type = item.value_type.as_deref().unwrap_or("string");
    let required = required_value(standard, item, params);
    let from_mark = |mark: Mark| -> Option<Value> {
        match (mark, &required) {
            (Mark::Pass, Some(v)) => Some(v.clone()),
            (Mark::Fail, Some(Value::Bool(b))) => Some(Value::Bool(!b)),
            (Mark::Fail, Some(Value::String(s))) if value_type == "enum" => {
                // The other value of a two-valued enumeration (pass → fail).
                let schema_other = if s == "pass" { "fail" } else { "" };
                (!schema_other.is_empty()).then(|| Value::String(schema_other.into()))
            }
            _ => None,
        }
    };
    match value_type {
        "number" => match &e.measured {
            None => Ok(None),
            Some(m) => match leading_number(m) {
                Some(n) => Ok(serde_json::Number::from_f64(n).map(Value::Number)),
                None => Err(Problem::file(
                    &e.at,
                    format!("item {}: the measured value `{m}` is not a number", item.id),
                )
                .hint(
                    "write the figure measured on site, with or without its unit (2, 2 s, 30天)",
                )),
            },
        },
        "boolean" => match &e.measured {
            Some(m) => match Mark::parse(m) {
                Some(Mark::Pass) => Ok(Some(Value::Bool(true))),
                Some(Mark::Fail) => Ok(Some(Value::Bool(false))),
                Some(Mark::NotApplicable) => Ok(None),
                None => Err(Problem::file(
                    &e.at,
                    format!("item {}: `{m}` is not yes or no", item.id),
                )
                .hint("write 是 or 否 (yes / no) in 实测值, or only mark 结果 合格 / 不合格")),
            },
            None => Ok(e.mark.and_then(from_mark)),
        },
        _ => match &e.measured {
            // A value written by its label (合格 for `pass`) is that value.
            Some(m) if value_type == "enum" => {
                match item
                    .field
                    .as_deref()
                    .and_then(|f| crate::model::labels::labels().value_for_label(f, m))
                {
                    Some(id) => Ok(Some(Value::String(id.to_owned()))),
                    None if Mark::parse(m).is_some() => Ok(Mark::parse(m).and_then(from_mark)),
                    None => Ok(Some(Value::String(m.clone()))),
                }
            }
            Some(m) => Ok(Some(Value::String(m.clone()))),
            None => Ok(e.mark.and_then(from_mark)),
        },
    }
}

/// The submission the acceptance-phase rules are evaluated on.
fn evaluated_submission(
    standard: &CompiledStandard,
    design: &Validated,
    checklist: &Checklist,
    evidence: &Evidence,
    params: &[Value],
) -> Result<Value, Vec<Problem>> {
    if let Some(as_built) = &evidence.as_built {
        let mut v = as_built.document.value.clone();
        set_pointer(&mut v, "/project/phase", Value::String("acceptance".into()));
        return Ok(v);
    }
    let mut v = design.document.value.clone();
    set_pointer(&mut v, "/project/phase", Value::String("acceptance".into()));
    let mut problems = Vec::new();
    let mut sampling = Vec::new();
    for item in &checklist.items {
        let Some(e) = evidence.rows.get(&item.id) else {
            continue;
        };
        match item.kind {
            ItemKind::Sampling => {
                if let Some(sampled) = e.sampled {
                    let mut r = Map::new();
                    r.insert(
                        "model".into(),
                        Value::String(item.sampling_key.clone().unwrap_or_default()),
                    );
                    r.insert(
                        "units".into(),
                        Value::from(item.designed_quantity.unwrap_or(0)),
                    );
                    r.insert("sampled".into(), Value::from(sampled));
                    r.insert("failed".into(), Value::from(e.failed.unwrap_or(0)));
                    if let Some(n) = e.retest_sampled {
                        r.insert("retest_sampled".into(), Value::from(n));
                    }
                    sampling.push(Value::Object(r));
                }
            }
            ItemKind::Configuration => {}
            _ => {
                let Some(field) = &item.field else { continue };
                match row_value(standard, item, e, params) {
                    Ok(Some(value)) => set_pointer(&mut v, field, value),
                    // Not filled in on site: not checked, whatever the design claimed.
                    Ok(None) => remove_pointer(&mut v, field),
                    Err(p) => problems.push(p),
                }
            }
        }
    }
    // A row the sheet does not have at all (deleted by the inspector) is not checked either.
    for item in &checklist.items {
        if let (Some(field), None) = (&item.field, evidence.rows.get(&item.id)) {
            remove_pointer(&mut v, field);
        }
    }
    if !sampling.is_empty() {
        set_pointer(&mut v, "/acceptance/sampling", Value::Array(sampling));
    }
    if problems.is_empty() {
        Ok(v)
    } else {
        Err(problems)
    }
}

fn rule_status(
    standard: &CompiledStandard,
    evaluation: &Evaluation,
    ids: &[String],
) -> (Status, Option<Text>) {
    let mut outcomes = Vec::new();
    let mut note = None;
    for id in ids {
        let Some(index) = standard.rules.iter().position(|r| &r.id == id) else {
            continue;
        };
        let Some(result) = evaluation.rules.get(index) else {
            continue;
        };
        if note.is_none()
            && let Some(s) = result
                .subjects
                .iter()
                .find(|s| matches!(s.outcome, Outcome::Fail | Outcome::CannotEvaluate))
        {
            // A yes/no requirement not met reads as the rule's title, which names the defect.
            note = Some(match (&s.observed, s.outcome, standard.rules.get(index)) {
                (Some(Value::Bool(_)), Outcome::Fail, Some(rule)) => rule.title.clone(),
                _ => s.message.clone(),
            });
        }
        outcomes.push(result.outcome);
    }
    let status = if outcomes.contains(&Outcome::Fail) {
        Status::Fail
    } else if outcomes.contains(&Outcome::CannotEvaluate) {
        Status::NotChecked
    } else if outcomes
        .iter()
        .any(|o| matches!(o, Outcome::Pass | Outcome::Waived))
    {
        Status::Pass
    } else {
        Status::NotApplicable
    };
    (status, note)
}

struct SamplingJudgement {
    status: Status,
    observed: Option<String>,
    note: Option<Text>,
}

fn judge_sampling(item: &Item, e: &RowEvidence, retest_required: bool) -> SamplingJudgement {
    let required = if retest_required {
        item.retest_sample.unwrap_or(0)
    } else {
        item.sample.unwrap_or(0)
    };
    let observed = e.sampled.map(|n| {
        let mut s = format!("抽检 {n}，不合格 {}", e.failed.unwrap_or(0));
        if let Some(r) = e.retest_sampled {
            s.push_str(&format!(
                "；复检 {r}，不合格 {}",
                e.retest_failed.unwrap_or(0)
            ));
        }
        s
    });
    let judgement = |status, note: Option<Text>| SamplingJudgement {
        status,
        observed: observed.clone(),
        note,
    };
    if e.mark == Some(Mark::NotApplicable) {
        return judgement(Status::NotApplicable, None);
    }
    let Some(sampled) = e.sampled else {
        return judgement(
            Status::NotChecked,
            Some(Text::new(
                "未填写实际抽检数",
                "the number sampled is not filled in",
            )),
        );
    };
    if sampled < required {
        return judgement(
            Status::Fail,
            Some(Text::new(
                format!("抽检 {sampled} 台（套），少于应抽 {required} 台（套）"),
                format!("{sampled} sampled, fewer than the {required} required"),
            )),
        );
    }
    let failed = e.failed.unwrap_or(0);
    if failed == 0 {
        return if e.mark == Some(Mark::Fail) {
            judgement(
                Status::Fail,
                Some(Text::new("检查人员判定不合格", "failed by the inspector")),
            )
        } else {
            judgement(Status::Pass, None)
        };
    }
    let retest_needed = item.retest_sample.unwrap_or(0);
    match (e.retest_sampled, e.retest_failed) {
        (Some(r), Some(0)) if r >= retest_needed => judgement(
            Status::Pass,
            Some(Text::new(
                format!("初检 {failed} 台不合格，整改后加倍复检 {r} 台全部合格"),
                format!("{failed} failed; after rectification all {r} re-tested passed"),
            )),
        ),
        (Some(r), _) if r < retest_needed => judgement(
            Status::Fail,
            Some(Text::new(
                format!("初检 {failed} 台不合格，复检 {r} 台少于加倍抽样 {retest_needed} 台"),
                format!(
                    "{failed} failed; the re-test of {r} is smaller than the doubled {retest_needed}"
                ),
            )),
        ),
        (Some(_), Some(f)) => judgement(
            Status::Fail,
            Some(Text::new(
                format!("初检 {failed} 台不合格，复检仍有 {f} 台不合格，该项判为不合格"),
                format!("{failed} failed and {f} failed again in the re-test: the item fails"),
            )),
        ),
        _ => judgement(
            Status::Fail,
            Some(Text::new(
                format!("抽检 {failed} 台不合格，待整改后按 {retest_needed} 台（套）加倍复检"),
                format!("{failed} failed; rectify and re-test {retest_needed}"),
            )),
        ),
    }
}

fn location_text(item: &Item) -> Option<String> {
    item.location_name.clone().or_else(|| item.location.clone())
}

/// Deviations and the status of one configuration row, from a filled checklist.
fn judge_configuration(
    item: &Item,
    e: &RowEvidence,
    out: &mut Vec<Deviation>,
) -> (Status, Option<String>, Option<Text>) {
    if e.mark == Some(Mark::NotApplicable) {
        return (Status::NotApplicable, None, None);
    }
    let designed = item.designed_quantity.unwrap_or(0);
    let installed = match (e.installed, e.mark) {
        (Some(n), _) => n,
        (None, Some(Mark::Pass)) => designed,
        (None, _) => {
            return (
                Status::NotChecked,
                None,
                Some(Text::new(
                    "未填写实装数量",
                    "installed quantity not filled in",
                )),
            );
        }
    };
    let device = item.device_type.clone().unwrap_or_default();
    let deviation = |kind: DeviationKind, detail: Text| Deviation {
        kind,
        label: kind.label(),
        device: device.clone(),
        subject: item.id.clone(),
        item: Some(item.id.clone()),
        location: location_text(item),
        as_built_location: e.as_built_location.clone(),
        model: item.model.clone(),
        as_built_model: e.as_built_model.clone(),
        designed: Some(designed),
        found: Some(installed),
        detail,
        at: e.at.clone(),
    };
    let before = out.len();
    if installed < designed {
        out.push(deviation(
            DeviationKind::Missing,
            Text::new(
                format!(
                    "设计 {designed} 台（套），实装 {installed} 台（套），缺 {}",
                    designed - installed
                ),
                format!(
                    "{designed} designed, {installed} installed, {} missing",
                    designed - installed
                ),
            ),
        ));
    } else if installed > designed {
        out.push(deviation(
            DeviationKind::Extra,
            Text::new(
                format!(
                    "设计 {designed} 台（套），实装 {installed} 台（套），多 {}",
                    installed - designed
                ),
                format!(
                    "{designed} designed, {installed} installed, {} more",
                    installed - designed
                ),
            ),
        ));
    }
    if let (Some(found), Some(model)) = (&e.as_built_model, &item.model)
        && found != model
    {
        out.push(deviation(
            DeviationKind::DifferentModel,
            Text::new(
                format!("设计型号 {model}，实装型号 {found}"),
                format!("designed model {model}, installed {found}"),
            ),
        ));
    }
    if let Some(found) = &e.as_built_location
        && Some(found) != item.location_name.as_ref()
        && Some(found) != item.location.as_ref()
    {
        out.push(deviation(
            DeviationKind::Moved,
            Text::new(
                format!(
                    "设计位置 {}，实装位置 {found}",
                    location_text(item).unwrap_or_default()
                ),
                format!(
                    "designed at {}, installed at {found}",
                    location_text(item).unwrap_or_default()
                ),
            ),
        ));
    }
    let observed = Some(match &e.as_built_model {
        Some(m) => format!("{installed}（{m}）"),
        None => installed.to_string(),
    });
    if out.len() > before {
        let note = out[before..]
            .iter()
            .map(|d| d.detail.clone())
            .reduce(|a, b| Text::new(format!("{}；{}", a.zh, b.zh), format!("{}; {}", a.en, b.en)));
        return (Status::Fail, observed, note);
    }
    if e.mark == Some(Mark::Fail) {
        return (
            Status::Fail,
            observed,
            Some(Text::new(
                format!(
                    "检查人员判定不合格{}",
                    e.remarks
                        .as_deref()
                        .map(|r| format!("：{r}"))
                        .unwrap_or_default()
                ),
                format!(
                    "failed by the inspector{}",
                    e.remarks
                        .as_deref()
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default()
                ),
            )),
        );
    }
    (Status::Pass, observed, None)
}

/// Element-by-element deviations of an as-built submission.
fn element_deviations(
    design: &[Device],
    built: &[Device],
    items: &[Item],
    names: &BTreeMap<String, String>,
    file: &str,
) -> Vec<Deviation> {
    let item_of = |id: &str| {
        items
            .iter()
            .find(|i| i.element_ids.iter().any(|e| e == id))
            .map(|i| i.id.clone())
    };
    let place = |l: &Option<String>| {
        l.as_ref()
            .map(|l| names.get(l).cloned().unwrap_or_else(|| l.clone()))
    };
    let built_by_id: BTreeMap<(&str, devices::DeviceKind), &Device> =
        built.iter().map(|d| ((d.id.as_str(), d.kind), d)).collect();
    let design_ids: BTreeSet<(&str, devices::DeviceKind)> =
        design.iter().map(|d| (d.id.as_str(), d.kind)).collect();
    let mut out = Vec::new();
    for d in design {
        let base = |kind: DeviationKind, found: Option<&Device>, detail: Text| Deviation {
            kind,
            label: kind.label(),
            device: d.device_type.clone(),
            subject: d.id.clone(),
            item: item_of(&d.id),
            location: place(&d.location),
            as_built_location: found.and_then(|f| place(&f.location)),
            model: d.model.clone(),
            as_built_model: found.and_then(|f| f.model.clone()),
            designed: Some(d.count),
            found: Some(found.map_or(0, |f| f.count)),
            detail,
            at: format!(
                "{file}#{}",
                found.map_or(d.pointer.as_str(), |f| f.pointer.as_str())
            ),
        };
        let Some(b) = built_by_id.get(&(d.id.as_str(), d.kind)) else {
            out.push(base(
                DeviationKind::Missing,
                None,
                Text::new(
                    format!("{} 未安装（设计 {} 台）", d.id, d.count),
                    format!("{} not installed ({} designed)", d.id, d.count),
                ),
            ));
            continue;
        };
        if b.count < d.count {
            out.push(base(
                DeviationKind::Missing,
                Some(b),
                Text::new(
                    format!("{} 设计 {} 台，实装 {} 台", d.id, d.count, b.count),
                    format!("{}: {} designed, {} installed", d.id, d.count, b.count),
                ),
            ));
        } else if b.count > d.count {
            out.push(base(
                DeviationKind::Extra,
                Some(b),
                Text::new(
                    format!("{} 设计 {} 台，实装 {} 台", d.id, d.count, b.count),
                    format!("{}: {} designed, {} installed", d.id, d.count, b.count),
                ),
            ));
        }
        if b.location != d.location {
            out.push(base(
                DeviationKind::Moved,
                Some(b),
                Text::new(
                    format!(
                        "{} 设计位置 {}，实装位置 {}",
                        d.id,
                        place(&d.location).unwrap_or_default(),
                        place(&b.location).unwrap_or_default()
                    ),
                    format!(
                        "{}: designed at {}, installed at {}",
                        d.id,
                        place(&d.location).unwrap_or_default(),
                        place(&b.location).unwrap_or_default()
                    ),
                ),
            ));
        }
        if b.model != d.model && b.model.is_some() {
            out.push(base(
                DeviationKind::DifferentModel,
                Some(b),
                Text::new(
                    format!(
                        "{} 设计型号 {}，实装型号 {}",
                        d.id,
                        d.model.clone().unwrap_or_default(),
                        b.model.clone().unwrap_or_default()
                    ),
                    format!(
                        "{}: designed model {}, installed {}",
                        d.id,
                        d.model.clone().unwrap_or_default(),
                        b.model.clone().unwrap_or_default()
                    ),
                ),
            ));
        }
        if b.device_type != d.device_type {
            out.push(base(
                DeviationKind::DifferentModel,
                Some(b),
                Text::new(
                    format!(
                        "{} 设计为{}，实装为{}",
                        d.id, d.device_type.zh, b.device_type.zh
                    ),
                    format!(
                        "{}: designed {}, installed {}",
                        d.id, d.device_type.en, b.device_type.en
                    ),
                ),
            ));
        }
        let mut lower = Vec::new();
        for (name, want) in &d.higher_is_better {
            match b.higher_is_better.get(name) {
                Some(got) if got < want => lower.push((name.clone(), *want, Some(*got))),
                None => lower.push((name.clone(), *want, None)),
                _ => {}
            }
        }
        for (name, want) in &d.lower_is_better {
            match b.lower_is_better.get(name) {
                Some(got) if got > want => lower.push((name.clone(), *want, Some(*got))),
                None => lower.push((name.clone(), *want, None)),
                _ => {}
            }
        }
        if !lower.is_empty() {
            let show = |(n, w, g): &(String, f64, Option<f64>)| {
                format!(
                    "{n} {w} → {}",
                    g.map_or_else(|| "—".to_owned(), |g| g.to_string())
                )
            };
            let list = lower.iter().map(show).collect::<Vec<_>>().join(", ");
            out.push(base(
                DeviationKind::LowerSpecification,
                Some(b),
                Text::new(
                    format!("{} 规格低于设计：{list}", d.id),
                    format!("{}: below the design: {list}", d.id),
                ),
            ));
        }
    }
    for b in built {
        if !design_ids.contains(&(b.id.as_str(), b.kind)) {
            out.push(Deviation {
                kind: DeviationKind::Extra,
                label: DeviationKind::Extra.label(),
                device: b.device_type.clone(),
                subject: b.id.clone(),
                item: None,
                location: None,
                as_built_location: place(&b.location),
                model: None,
                as_built_model: b.model.clone(),
                designed: Some(0),
                found: Some(b.count),
                detail: Text::new(
                    format!("{} 为设计外新增（{} 台）", b.id, b.count),
                    format!("{} is not in the approved design ({} units)", b.id, b.count),
                ),
                at: format!("{file}#{}", b.pointer),
            });
        }
    }
    out
}

/// A rule's fix text with its `{expected}` filled in from the item's bound (the text says
/// "as required" where the item has none).
fn fill_expected(fix: &Text, expected: Option<&Text>) -> Text {
    let one = |lang: Lang| {
        let bound = expected.map_or_else(
            || match lang {
                Lang::Zh => "符合要求".to_owned(),
                Lang::En => "as required".to_owned(),
            },
            |e| e.get(lang).to_owned(),
        );
        fix.get(lang).replace("{expected}", &bound)
    };
    Text::new(one(Lang::Zh), one(Lang::En))
}

fn change_text(
    item: &Item,
    status: Status,
    deviations: &[Deviation],
    standard: &CompiledStandard,
) -> Text {
    let rule_fix = || {
        item.rules
            .iter()
            .filter_map(|id| standard.rule(id))
            .map(|r| fill_expected(&r.fix, item.expected.as_ref()))
            .next()
    };
    let body = match item.kind {
        ItemKind::Sampling => Text::new(
            format!(
                "对该型号不合格设备整改后，按 {} 台（套）加倍抽样复检",
                item.retest_sample.unwrap_or(0)
            ),
            format!(
                "rectify the failed units and re-test a doubled sample of {}",
                item.retest_sample.unwrap_or(0)
            ),
        ),
        ItemKind::Configuration => {
            let mine: Vec<&Deviation> = deviations
                .iter()
                .filter(|d| d.item.as_deref() == Some(&item.id))
                .collect();
            if mine.is_empty() {
                Text::new(
                    "按批准的设计整改安装",
                    "rectify the installation to the approved design",
                )
            } else {
                Text::new(
                    format!(
                        "按批准的设计整改（{}），或按程序办理设计变更后重新报验",
                        mine.iter()
                            .map(|d| d.detail.zh.clone())
                            .collect::<Vec<_>>()
                            .join("；")
                    ),
                    format!(
                        "bring it to the approved design ({}), or have the change approved and re-submit",
                        mine.iter()
                            .map(|d| d.detail.en.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                )
            }
        }
        _ => rule_fix().unwrap_or_else(|| Text::new("按要求整改", "rectify as required")),
    };
    if status == Status::NotChecked {
        Text::new(
            format!("补充核查并记录结果；{}", body.zh),
            format!("check it and record the result; {}", body.en),
        )
    } else {
        body
    }
}

/// An earlier acceptance record, as much of it as a re-inspection needs.
struct Previous {
    input: Input,
    conclusion: Text,
    statuses: BTreeMap<String, (Status, Text)>,
}

fn read_previous(path: &std::path::Path, design_sha: &str) -> Result<Previous, Problem> {
    let name = path.display().to_string();
    // A FIFO or device is refused, not waited on.
    let mut file = crate::ingest::attachment::open_regular(path, &name)?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes)
        .map_err(|e| Problem::file(&name, format!("could not be read: {e}")))?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        Problem::file(&name, format!("is not JSON: {e}"))
            .hint("give the JSON acceptance record of the earlier inspection (`anfang accept --format json`)")
    })?;
    if value.get("format").and_then(Value::as_str) != Some("anfang-acceptance/1") {
        return Err(Problem::file(
            &name,
            "is not an anfang acceptance record (format `anfang-acceptance/1`)",
        )
        .hint(
            "give the JSON written by `anfang accept --format json` for the earlier inspection",
        ));
    }
    let sha = value
        .pointer("/design/sha256")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !sha.eq_ignore_ascii_case(design_sha) {
        return Err(Problem::file(
            &name,
            format!("the earlier acceptance was of a design with SHA-256 {sha}, not the approved design given ({design_sha})"),
        )
        .hint("a re-inspection compares two inspections of the same approved design"));
    }
    let mut statuses = BTreeMap::new();
    for item in value
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(id), Some(status)) = (
            item.get("id").and_then(Value::as_str),
            item.get("status").and_then(Value::as_str),
        ) else {
            continue;
        };
        let status = match status {
            "pass" => Status::Pass,
            "fail" => Status::Fail,
            "not_checked" => Status::NotChecked,
            _ => Status::NotApplicable,
        };
        let title = item
            .get("item")
            .and_then(|t| serde_json::from_value::<Text>(t.clone()).ok())
            .unwrap_or_default();
        statuses.insert(id.to_owned(), (status, title));
    }
    let conclusion = value
        .get("conclusion_label")
        .and_then(|t| serde_json::from_value::<Text>(t.clone()).ok())
        .unwrap_or_default();
    Ok(Previous {
        input: Input {
            path: name,
            sha256: crate::ingest::sha256_hex(&bytes),
        },
        conclusion,
        statuses,
    })
}

/// Assesses an inspection against the approved design and the standard.
pub fn assess(
    standard: &CompiledStandard,
    design: &Validated,
    checklist: &Checklist,
    evidence: &Evidence,
    previous: Option<&std::path::Path>,
    options: &AssessOptions,
) -> Result<AcceptanceRecord, AssessError> {
    let thresholds = Thresholds::from_standard(standard).map_err(|e| AssessError::Standard(e.0))?;
    let previous = previous
        .map(|p| read_previous(p, &checklist.design.sha256))
        .transpose()
        .map_err(|p| AssessError::Input(vec![p]))?;
    let level = design
        .document
        .value
        .pointer("/project/protection_level")
        .and_then(Value::as_str);
    let params = standard.resolve_params(level);
    let value = evaluated_submission(standard, design, checklist, evidence, &params)
        .map_err(AssessError::Input)?;
    let engine_options = Options {
        as_of: options.as_of,
    };
    let evaluation = engine::evaluate(standard, &value, engine_options);

    let mut deviations = Vec::new();
    if let Some(as_built) = &evidence.as_built {
        let names = devices::names(&as_built.document.value);
        let design_devices = devices::devices(&design.submission, &design.document.value);
        let built = devices::devices(&as_built.submission, &as_built.document.value);
        deviations = element_deviations(
            &design_devices,
            &built,
            &checklist.items,
            &names,
            &as_built.document.source.name,
        );
    }

    let mut items = Vec::new();
    for item in &checklist.items {
        let empty = RowEvidence::default();
        let e = evidence.rows.get(&item.id).unwrap_or(&empty);
        let previously_failed = previous
            .as_ref()
            .and_then(|p| p.statuses.get(&item.id))
            .is_some_and(|(s, _)| *s == Status::Fail);
        let (status, observed, note) = match item.kind {
            ItemKind::Sampling => {
                let j = judge_sampling(item, e, previously_failed);
                (j.status, j.observed, j.note)
            }
            ItemKind::Configuration if evidence.as_built.is_some() => {
                let mine: Vec<&Deviation> = deviations
                    .iter()
                    .filter(|d| d.item.as_deref() == Some(&item.id))
                    .collect();
                let observed = e.installed.map(|n| n.to_string());
                if mine.is_empty() {
                    (Status::Pass, observed, None)
                } else {
                    let note = mine.iter().map(|d| d.detail.clone()).reduce(|a, b| {
                        Text::new(format!("{}；{}", a.zh, b.zh), format!("{}; {}", a.en, b.en))
                    });
                    (Status::Fail, observed, note)
                }
            }
            ItemKind::Configuration => judge_configuration(item, e, &mut deviations),
            _ => {
                let (mut status, note) = rule_status(standard, &evaluation, &item.rules);
                let mut note = note;
                // A rule judged from the documents: the inspector who saw them decides what
                // the data cannot, and a failure seen on site is a failure.
                if item.field.is_none() {
                    match (e.mark, status) {
                        (Some(Mark::Fail), _) => {
                            status = Status::Fail;
                            note = Some(Text::new(
                                format!(
                                    "检查人员判定不合格{}",
                                    e.remarks
                                        .as_deref()
                                        .map(|r| format!("：{r}"))
                                        .unwrap_or_default()
                                ),
                                format!(
                                    "failed by the inspector{}",
                                    e.remarks
                                        .as_deref()
                                        .map(|r| format!(": {r}"))
                                        .unwrap_or_default()
                                ),
                            ));
                        }
                        (Some(Mark::Pass), Status::NotChecked) => {
                            status = Status::Pass;
                            note = Some(Text::new(
                                "检查人员现场核实合格",
                                "verified by the inspector",
                            ));
                        }
                        // Unfilled on a checklist: what the design claims is not a check.
                        (None, Status::Pass) if evidence.as_built.is_none() => {
                            status = Status::NotChecked;
                            note = Some(Text::new(
                                "核查结果未填写（设计文件的申报不代替现场核查）",
                                "no result written (the design's own statement is not a check)",
                            ));
                        }
                        _ => {}
                    }
                }
                if e.mark == Some(Mark::NotApplicable) && status == Status::NotChecked {
                    if item.mandatory {
                        note = Some(Text::new(
                            "强制性条文项目不能标为不适用，须核查",
                            "a mandatory item cannot be marked n/a; it must be checked",
                        ));
                    } else {
                        status = Status::NotApplicable;
                    }
                }
                (status, e.measured.clone(), note)
            }
        };
        items.push(ItemResult {
            item: item.clone(),
            status,
            status_label: status.label(),
            observed,
            note,
            evidence_at: (!e.at.is_empty()).then(|| e.at.clone()),
        });
    }

    // Devices found that the design does not have (filled checklist); a missing group of the
    // same kind and model elsewhere makes it a move.
    for extra in &evidence.extras {
        let moved = deviations.iter_mut().find(|d| {
            d.kind == DeviationKind::Missing
                && d.item.as_ref().is_some_and(|i| {
                    checklist.items.iter().any(|it| {
                        &it.id == i
                            && it.device_kind == extra.kind
                            && (extra.model.is_none() || it.model == extra.model)
                    })
                })
        });
        if let Some(d) = moved {
            d.kind = DeviationKind::Moved;
            d.label = DeviationKind::Moved.label();
            d.as_built_location = extra.location.clone();
            let found_at = extra.location.clone().unwrap_or_default();
            let designed_at = d.location.clone().unwrap_or_default();
            d.detail = Text::new(
                format!(
                    "设计安装于{designed_at}，实装于{found_at}（{} 台（套））",
                    extra.quantity
                ),
                format!(
                    "designed at {designed_at}, installed at {found_at} ({} units)",
                    extra.quantity
                ),
            );
            d.at = format!("{}; {}", d.at, extra.at);
            let (item_id, detail) = (d.item.clone(), d.detail.clone());
            if let Some(r) = items
                .iter_mut()
                .find(|r| Some(&r.item.id) == item_id.as_ref())
            {
                r.note = Some(detail);
            }
            continue;
        }
        deviations.push(Deviation {
            kind: DeviationKind::Extra,
            label: DeviationKind::Extra.label(),
            device: extra.device_type.clone(),
            subject: extra.device.clone(),
            item: None,
            location: None,
            as_built_location: extra.location.clone(),
            model: None,
            as_built_model: extra.model.clone(),
            designed: Some(0),
            found: Some(extra.quantity),
            detail: Text::new(
                format!(
                    "设计外新增 {} {} 台（套）",
                    extra.device_type.zh, extra.quantity
                ),
                format!(
                    "{} × {} not in the approved design",
                    extra.quantity, extra.device_type.en
                ),
            ),
            at: extra.at.clone(),
        });
    }

    // Rules the approved design met but the as-built does not.
    if evidence.as_built.is_some() {
        let design_eval = engine::evaluate(standard, &design.document.value, engine_options);
        let mut n = 0;
        for (rule, (now, before)) in standard
            .rules
            .iter()
            .zip(evaluation.rules.iter().zip(&design_eval.rules))
        {
            if now.outcome == Outcome::Fail && before.outcome != Outcome::Fail {
                n += 1;
                let message = now
                    .subjects
                    .iter()
                    .find(|s| s.outcome == Outcome::Fail)
                    .map(|s| s.message.clone());
                items.push(ItemResult {
                    item: Item {
                        no: 0,
                        id: format!("N{n:02}"),
                        part: Part::Technical,
                        kind: ItemKind::Function,
                        item: rule.title.clone(),
                        device_kind: None,
                        device_type: None,
                        location: None,
                        location_name: None,
                        model: None,
                        sampling_key: None,
                        designed_quantity: None,
                        element_ids: Vec::new(),
                        sample: None,
                        retest_sample: None,
                        expected: now
                            .subjects
                            .iter()
                            .find(|s| s.outcome == Outcome::Fail)
                            .and_then(|s| s.expected.clone()),
                        requirement: rule.docs.what.clone(),
                        rules: vec![rule.id.clone()],
                        clause: super::checklist::clause_line(standard, rule),
                        clause_label: super::checklist::clause_label(standard, &[rule]),
                        mandatory: matches!(
                            rule.obligation,
                            Obligation::Mandatory | Obligation::Legal
                        ),
                        method: Text::new("按竣工资料复核", "checked on the as-built submission"),
                        field: None,
                        value_type: None,
                        unit: None,
                    },
                    status: Status::Fail,
                    status_label: Status::Fail.label(),
                    observed: None,
                    note: message.map(|m| {
                        Text::new(
                            format!("批准的设计符合，竣工不符合：{}", m.zh),
                            format!("met by the approved design, not by the as-built: {}", m.en),
                        )
                    }),
                    evidence_at: Some(evidence.source.path.clone()),
                });
            }
        }
    }
    // Extras not explained as moves fail the technical part too.
    let unexplained: Vec<&Deviation> = deviations
        .iter()
        .filter(|d| d.kind == DeviationKind::Extra && d.item.is_none())
        .collect();
    for (i, d) in unexplained.iter().enumerate() {
        items.push(ItemResult {
            item: Item {
                no: 0,
                id: format!("X{:02}", i + 1),
                part: Part::Technical,
                kind: ItemKind::Configuration,
                item: Text::new(
                    format!("设计外新增：{}", d.device.zh),
                    format!("not in the design: {}", d.device.en),
                ),
                device_kind: None,
                device_type: Some(d.device.clone()),
                location: d.as_built_location.clone(),
                location_name: d.as_built_location.clone(),
                model: d.as_built_model.clone(),
                sampling_key: None,
                designed_quantity: Some(0),
                element_ids: Vec::new(),
                sample: None,
                retest_sample: None,
                expected: None,
                requirement: Text::new("与批准的设计一致", "as in the approved design"),
                rules: Vec::new(),
                clause: "GB 50348-2018 10.2".into(),
                clause_label: Text::new("GB 50348-2018 第10.2节", "GB 50348-2018 cl. 10.2"),
                mandatory: false,
                method: Text::new("现场清点", "counted on site"),
                field: None,
                value_type: None,
                unit: None,
            },
            status: Status::Fail,
            status_label: Status::Fail.label(),
            observed: d.found.map(|n| n.to_string()),
            note: Some(d.detail.clone()),
            evidence_at: Some(d.at.clone()),
        });
    }
    items.sort_by_key(|r| r.item.part);
    for (i, r) in items.iter_mut().enumerate() {
        r.item.no = i + 1;
    }

    let parts: Vec<PartScore> = Part::ALL
        .iter()
        .map(|p| {
            score::part_score(
                *p,
                items.iter().filter(|r| r.item.part == *p).map(|r| r.status),
            )
        })
        .collect();
    let mandatory_failures: Vec<String> = items
        .iter()
        .filter(|r| r.item.mandatory && matches!(r.status, Status::Fail | Status::NotChecked))
        .map(|r| r.item.id.clone())
        .collect();
    let (conclusion, reasons) = score::conclude(&parts, thresholds, &mandatory_failures);

    let rectifications = items
        .iter()
        .filter(|r| matches!(r.status, Status::Fail | Status::NotChecked))
        .enumerate()
        .map(|(i, r)| Rectification {
            no: i + 1,
            item: r.item.id.clone(),
            title: r.item.item.clone(),
            clause: r.item.clause.clone(),
            clause_label: r.item.clause_label.clone(),
            mandatory: r.item.mandatory,
            change: if r.item.id.starts_with('X') {
                Text::new(
                    "拆除，或按程序办理设计变更后重新报验",
                    "remove it, or have the change approved and re-submit",
                )
            } else {
                change_text(&r.item, r.status, &deviations, standard)
            },
            responsible: r.item.part.responsible(),
            deadline: options.deadline.clone(),
        })
        .collect();

    let reinspection = previous.map(|p| {
        let mut rectified = Vec::new();
        let mut still_open = Vec::new();
        let mut regressed = Vec::new();
        for r in &items {
            let Some((before, _)) = p.statuses.get(&r.item.id) else {
                continue;
            };
            let change = ItemChange {
                item: r.item.id.clone(),
                title: r.item.item.clone(),
                before: before.label(),
                after: r.status.label(),
            };
            let bad = |s: Status| matches!(s, Status::Fail | Status::NotChecked);
            match (bad(*before), bad(r.status)) {
                (true, false) => rectified.push(change),
                (true, true) => still_open.push(change),
                (false, true) => regressed.push(change),
                (false, false) => {}
            }
        }
        // Failures of items the current inspection no longer has (extras removed, …).
        for (id, (before, title)) in &p.statuses {
            if matches!(before, Status::Fail | Status::NotChecked)
                && !items.iter().any(|r| &r.item.id == id)
            {
                rectified.push(ItemChange {
                    item: id.clone(),
                    title: title.clone(),
                    before: before.label(),
                    after: Text::new("已消除", "resolved"),
                });
            }
        }
        Reinspection {
            previous: p.input.clone(),
            previous_conclusion: p.conclusion.clone(),
            rectified,
            still_open,
            regressed,
        }
    });

    let mut inputs = vec![checklist.design.clone(), evidence.source.clone()];
    if let Some(r) = &reinspection {
        inputs.push(r.previous.clone());
    }
    let digest = crate::ingest::sha256_hex(
        inputs
            .iter()
            .map(|i| i.sha256.as_str())
            .collect::<Vec<_>>()
            .join("")
            .as_bytes(),
    );
    let project_id = design.submission.project.id.clone();
    let document_number = options
        .document_number
        .clone()
        .unwrap_or_else(|| format!("YS-{project_id}-{}", &digest[..8]));
    let mut verify = checklist.verify.clone();
    verify.retain(|t| !t.zh.is_empty());
    Ok(AcceptanceRecord {
        format: "anfang-acceptance/1".into(),
        tool: checklist.tool.clone(),
        standard: checklist.standard.clone(),
        design: checklist.design.clone(),
        inspection: evidence.source.clone(),
        inspection_kind: evidence.kind.clone(),
        inputs,
        project: checklist.project.clone(),
        document_number,
        date: options.date.clone(),
        as_of: options.as_of.to_string(),
        conclusion: conclusion.id().into(),
        conclusion_label: conclusion.label(),
        reasons,
        thresholds,
        parts,
        items,
        deviations,
        mandatory_failures,
        rectifications,
        reinspection,
        sampling_rule: checklist.sampling_rule.clone(),
        verify,
    })
}

impl AcceptanceRecord {
    /// The conclusion.
    pub fn conclusion(&self) -> Conclusion {
        match self.conclusion.as_str() {
            "pass" => Conclusion::Pass,
            "basic_pass" => Conclusion::BasicPass,
            _ => Conclusion::Fail,
        }
    }
}
