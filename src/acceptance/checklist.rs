//! The on-site checklist (现场核查表): what the acceptance group verifies, derived from the
//! approved design and the standard.
//!
//! - construction (施工验收): installation quality, sampled per model by the sampling rule, and
//!   the acceptance-phase rules on hidden works and cable labelling;
//! - technical (技术验收): the configuration (device counts by location and model) and every
//!   acceptance-phase rule that reads a measured or verified value (`acceptance.…`);
//! - documents (资料审查): every acceptance-phase rule on the dossier.
//!
//! Rules are data: an authority that adds an acceptance-phase `value` rule on an
//! `acceptance.…` field gets a checklist row for it without a new anfang.

use serde::Serialize;
use serde_json::Value;

use super::devices::{self, DeviceKind};
use super::sampling::SamplingRule;
use super::{ItemKind, Part};
use crate::i18n::{Lang, Text};
use crate::report::{Input, StandardRef, Tool};
use crate::standard::{Check, CompiledStandard, Obligation, Quantity, Rule};
use crate::validate::Validated;

/// One row of the checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Row number (序号), 1-based across the checklist.
    pub no: usize,
    /// Stable id within this checklist (编号): `S01` sampling, `C001` configuration, `T01`
    /// tests, `D01` documents. The filled checklist is read back by it.
    pub id: String,
    /// Which acceptance group checks it.
    pub part: Part,
    /// What kind of row it is.
    pub kind: ItemKind,
    /// What to verify.
    pub item: Text,
    /// Device kind, for device rows.
    pub device_kind: Option<DeviceKind>,
    /// Device type, for device rows.
    pub device_type: Option<Text>,
    /// Location id, for configuration rows.
    pub location: Option<String>,
    /// The location's name.
    pub location_name: Option<String>,
    /// Equipment model, when the design names one.
    pub model: Option<String>,
    /// Sampling rows: the key the lot's sampling record is kept under
    /// (`acceptance.sampling[].model`): the model, or kind and type when the design names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sampling_key: Option<String>,
    /// Units in the approved design.
    pub designed_quantity: Option<u32>,
    /// The design's element ids this row counts (configuration rows).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub element_ids: Vec<String>,
    /// Units to test (sampling rows).
    pub sample: Option<u32>,
    /// Units to re-test after rectification (sampling rows).
    pub retest_sample: Option<u32>,
    /// The requirement.
    pub requirement: Text,
    /// The bound alone (≥30天), to fill a rule's fix text (`{expected}`) in the rectification
    /// list; none for rows without one.
    #[serde(skip)]
    pub expected: Option<Text>,
    /// Rule ids this row evidences.
    pub rules: Vec<String>,
    /// Clauses, as one line.
    pub clause: String,
    /// Clauses as a reviewer writes them in each language (第9.1.5条).
    pub clause_label: Text,
    /// A mandatory clause: failing it makes the acceptance 不通过 whatever the ratios.
    pub mandatory: bool,
    /// How to check it.
    pub method: Text,
    /// JSON pointer of the submission field the measured value is, for rule rows.
    pub field: Option<String>,
    /// `number` or `boolean`, for rule rows.
    pub value_type: Option<String>,
    /// Unit of the measured value.
    pub unit: Option<Text>,
}

/// The checklist document.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    /// Document format version.
    pub format: String,
    /// The tool.
    pub tool: Tool,
    /// The standard.
    pub standard: StandardRef,
    /// The approved design it was derived from.
    pub design: Input,
    /// The design's `project` section.
    pub project: Value,
    /// The date printed, only when asked for.
    pub date: Option<String>,
    /// The sampling rule in words.
    pub sampling_rule: Text,
    /// Figures the catalogue marks unverified that the checklist relies on.
    pub verify: Vec<Text>,
    /// The rows.
    pub items: Vec<Item>,
}

pub(crate) fn clause_line(standard: &CompiledStandard, rule: &Rule) -> String {
    rule.clauses
        .iter()
        .map(|c| {
            let title = standard
                .sources
                .get(&c.source)
                .map_or("", |t| t.zh.as_str());
            let name = crate::report::short_source(title, &c.source);
            if c.clause == "?" {
                name
            } else {
                format!("{name} {}", c.clause)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where a rule row belongs, by the field it reads.
/// The clauses of rules in each language, joined.
pub(crate) fn clause_label(standard: &CompiledStandard, rules: &[&Rule]) -> Text {
    // One entry per source, its clauses joined: GB 50348-2018 第9.1.5条、第9.1.6条.
    let one = |lang: Lang| {
        let mut by_source: Vec<(&str, Vec<String>)> = Vec::new();
        for c in rules.iter().flat_map(|r| &r.clauses) {
            let clause = crate::report::words::clause(&c.clause, lang);
            match by_source.iter_mut().find(|(s, _)| *s == c.source.as_str()) {
                Some((_, list)) => {
                    if !clause.is_empty() && !list.contains(&clause) {
                        list.push(clause);
                    }
                }
                None => by_source.push((
                    c.source.as_str(),
                    if clause.is_empty() {
                        Vec::new()
                    } else {
                        vec![clause]
                    },
                )),
            }
        }
        by_source
            .into_iter()
            .map(|(source, clauses)| {
                let title = standard
                    .sources
                    .get(source)
                    .map(|s| s.title.clone())
                    .unwrap_or_default();
                let name = crate::report::words::short_source(title.get(lang), &title, source);
                let joined = clauses.join(if lang == Lang::Zh { "、" } else { ", " });
                match (joined.is_empty(), name.ends_with(|c: char| c.is_ascii())) {
                    (true, _) => name,
                    (false, true) => format!("{name} {joined}"),
                    (false, false) => format!("{name}{joined}"),
                }
            })
            .collect::<Vec<_>>()
            .join(if lang == Lang::Zh { "；" } else { "; " })
    };
    Text::new(one(Lang::Zh), one(Lang::En))
}

/// A yes/no item asked neutrally (主备电切换是否正常, 是否存在利害关系), so the sheet does not
/// presume the answer.
fn neutral_question(label: &Text) -> Text {
    let zh = &label.zh;
    let q = if let Some(stem) = zh.strip_suffix("正常") {
        format!("{stem}是否正常")
    } else if let Some(rest) = zh.strip_prefix("存在") {
        format!("是否存在{rest}")
    } else if zh.contains("具备") {
        zh.replacen("具备", "是否具备", 1)
    } else if zh.contains("经") && !zh.starts_with("经") {
        zh.replacen("经", "是否经", 1)
    } else {
        format!("有无{zh}")
    };
    Text::new(q, format!("{}?", label.en))
}

/// A rule judged from the documents, asked neutrally from its (defect-naming) title:
/// 未制定运行维护保障方案 → 核查：是否制定运行维护保障方案.
fn neutral_review(rule: &Rule) -> Text {
    let t = &rule.title.zh;
    let q = if t.contains('未') {
        t.replacen('未', "是否", 1)
    } else if let Some(stem) = t.strip_suffix("不足") {
        format!("{stem}是否满足要求")
    } else if let Some(stem) = t.strip_suffix("过长") {
        format!("{stem}是否满足要求")
    } else {
        t.clone()
    };
    Text::new(
        format!("核查：{q}"),
        format!("Check: {}", rule.docs.what.en),
    )
}

fn part_of_field(field: &str) -> Part {
    let f = field.trim_start_matches("acceptance.");
    if f.starts_with("dossier.") || f.starts_with("inspection_report.") || f == "as_built_inventory"
    {
        Part::Documents
    } else if f == "hidden_works_accepted" || f == "cables_labelled" {
        Part::Construction
    } else {
        Part::Technical
    }
}

fn method_for(field: &str, boolean: bool) -> Text {
    let f = field.trim_start_matches("acceptance.");
    if f.starts_with("dossier.") || f.starts_with("inspection_report.") || f == "as_built_inventory"
    {
        Text::new("查阅资料原件", "inspect the original document")
    } else if f.starts_with("measured.") && !boolean {
        Text::new(
            "现场实测，记录实测值",
            "measure on site and record the value",
        )
    } else if f.starts_with("measured.") {
        Text::new("现场功能试验", "function test on site")
    } else {
        Text::new(
            "查阅记录并现场核实",
            "inspect the records and verify on site",
        )
    }
}

/// A checklist row that acceptance-phase rules supply.
struct RuleRow<'a> {
    /// The `acceptance.…` field it records, or `None` for a rule judged from the documents.
    field: Option<String>,
    rules: Vec<&'a Rule>,
}

fn is_acceptance_phase(rule: &Rule) -> bool {
    rule.applies
        .phases
        .as_ref()
        .is_some_and(|p| p.iter().any(|p| p == "acceptance"))
}

/// Whether a rule is judged on the sampling records (the sampling rows evidence it).
pub(crate) fn is_sampling_rule(rule: &Rule) -> bool {
    let for_each = match &rule.check {
        Check::Value { for_each, .. } | Check::Expr { for_each, .. } => for_each.as_ref(),
        _ => None,
    };
    for_each.is_some_and(|p| p.to_string().starts_with("acceptance.sampling"))
}

fn push_row<'a>(rows: &mut Vec<RuleRow<'a>>, field: Option<String>, rule: &'a Rule) {
    match rows
        .iter_mut()
        .find(|r| field.is_some() && r.field == field)
    {
        Some(r) => r.rules.push(rule),
        None => rows.push(RuleRow {
            field,
            rules: vec![rule],
        }),
    }
}

fn rule_rows(standard: &CompiledStandard) -> Vec<RuleRow<'_>> {
    let mut rows: Vec<RuleRow<'_>> = Vec::new();
    for rule in standard.rules.iter().filter(|r| is_acceptance_phase(r)) {
        if is_sampling_rule(rule) {
            continue;
        }
        match &rule.check {
            Check::Value {
                for_each: None,
                field,
                ..
            } if field.to_string().starts_with("acceptance.") => {
                push_row(&mut rows, Some(field.to_string()), rule);
            }
            Check::Ratio {
                numerator: Quantity::Field(n),
                denominator: Quantity::Field(d),
                ..
            } if n.to_string().starts_with("acceptance.")
                && d.to_string().starts_with("acceptance.") =>
            {
                push_row(&mut rows, Some(n.to_string()), rule);
                push_row(&mut rows, Some(d.to_string()), rule);
            }
            _ => push_row(&mut rows, None, rule),
        }
    }
    rows
}

/// What the schema says about a field: its value type, allowed values and its label (from
/// the description `English (中文).`).
fn field_facts(field: &str) -> (String, Vec<String>, Option<Text>) {
    use crate::standard::path;
    let schema = crate::model::schema::submission_schema_ref();
    let Ok(p) = path::Path::parse(field) else {
        return ("string".into(), Vec::new(), None);
    };
    let Ok(node) = path::resolve(schema, schema, &p) else {
        return ("string".into(), Vec::new(), None);
    };
    let leaf = path::leaf(schema, node);
    let value_type = if !leaf.values.is_empty() {
        "enum"
    } else if leaf.types.iter().any(|t| t == "boolean") {
        "boolean"
    } else if leaf.is_numeric() {
        "number"
    } else {
        "string"
    };
    let label = node
        .get("description")
        .and_then(Value::as_str)
        .and_then(|d| {
            let d = d.trim().trim_end_matches('.');
            let open = d.rfind('(')?;
            let zh = d[open + 1..].trim_end_matches(')').trim();
            let en = d[..open].trim();
            (!zh.is_empty()).then(|| Text::new(zh, en))
        });
    (value_type.into(), leaf.values, label)
}

/// Builds the checklist of an approved design.
pub fn build(
    standard: &CompiledStandard,
    design: &Validated,
    edition_reason: Text,
    date: Option<String>,
) -> Result<Checklist, super::sampling::ParameterError> {
    let sampling = SamplingRule::from_standard(standard)?;
    let value = &design.document.value;
    let level = value
        .pointer("/project/protection_level")
        .and_then(Value::as_str);
    let params = standard.resolve_params(level);
    let all_devices = devices::devices(&design.submission, value);
    let names = devices::names(value);
    let mut items: Vec<Item> = Vec::new();
    let sampling_rules: Vec<&Rule> = standard
        .rules
        .iter()
        .filter(|r| is_acceptance_phase(r) && is_sampling_rule(r))
        .collect();

    // Construction: installation quality sampled per model.
    for (i, lot) in devices::lots(&all_devices).iter().enumerate() {
        let sample = sampling.sample(lot.units);
        let retest = sampling.retest_sample(lot.units);
        items.push(Item {
            no: 0,
            id: format!("S{:02}", i + 1),
            part: Part::Construction,
            kind: ItemKind::Sampling,
            item: Text::new(
                format!(
                    "{}（{}）安装质量抽查",
                    lot.kind.label().zh,
                    lot.device_type.zh
                ),
                format!(
                    "installation quality spot check: {} ({})",
                    lot.kind.label().en,
                    lot.device_type.en
                ),
            ),
            device_kind: Some(lot.kind),
            device_type: Some(lot.device_type.clone()),
            location: None,
            location_name: None,
            model: lot.model.clone(),
            sampling_key: Some(lot.key()),
            designed_quantity: Some(lot.units),
            element_ids: Vec::new(),
            sample: Some(sample),
            retest_sample: Some(retest),
            expected: None,
            requirement: Text::new(
                format!("抽检{sample}台（套）无不合格；复检{retest}台（套）"),
                format!("{sample} sampled without failure; re-test {retest}"),
            ),
            rules: sampling_rules.iter().map(|r| r.id.clone()).collect(),
            clause: sampling_rules
                .iter()
                .map(|r| clause_line(standard, r))
                .collect::<Vec<_>>()
                .join("; "),
            clause_label: clause_label(standard, &sampling_rules),
            mandatory: false,
            method: Text::new(
                "按样本量随机抽取，检查安装位置、牢固、防护、标识和接线",
                "draw the sample at random; check position, fixing, protection, labels and wiring",
            ),
            field: None,
            value_type: None,
            unit: Some(Text::new("台（套）", "units")),
        });
    }

    // Technical: configuration by kind, type, model and location.
    for (i, g) in devices::groups(&all_devices, &names).iter().enumerate() {
        let place = g
            .location_name
            .clone()
            .or_else(|| g.location.clone())
            .unwrap_or_else(|| "—".into());
        items.push(Item {
            no: 0,
            id: format!("C{:03}", i + 1),
            part: Part::Technical,
            kind: ItemKind::Configuration,
            item: Text::new(
                format!(
                    "{}（{}）数量、型号、位置与设计一致",
                    g.kind.label().zh,
                    g.device_type.zh
                ),
                format!(
                    "{} ({}): quantity, model and location as designed",
                    g.kind.label().en,
                    g.device_type.en
                ),
            ),
            device_kind: Some(g.kind),
            device_type: Some(g.device_type.clone()),
            location: g.location.clone(),
            location_name: Some(place),
            model: g.model.clone(),
            sampling_key: None,
            designed_quantity: Some(g.count),
            element_ids: g.ids.clone(),
            sample: None,
            retest_sample: None,
            expected: None,
            requirement: Text::new(
                format!("{} 台（套）", g.count),
                format!("{} units", g.count),
            ),
            rules: Vec::new(),
            clause: "GB 50348-2018 10.2".into(),
            clause_label: Text::new("GB 50348-2018 第10.2节", "GB 50348-2018 cl. 10.2"),
            mandatory: false,
            method: Text::new(
                "现场清点数量，核对型号和安装位置",
                "count on site, compare model and location",
            ),
            field: None,
            value_type: None,
            unit: Some(Text::new("台（套）", "units")),
        });
    }

    // Rule rows: one per `acceptance.…` field the acceptance-phase rules read, then one per
    // acceptance-phase rule judged from the documents.
    let mut counters = [0usize; 3];
    let mut review = 0usize;
    for row in rule_rows(standard) {
        let first = row.rules[0];
        let (value_type, values, label) = match &row.field {
            Some(f) => field_facts(f),
            None => ("review".to_owned(), Vec::new(), None),
        };
        // A rule judged from the documents (plans, filings, assessments) is the document group's.
        let part = row.field.as_deref().map_or(Part::Documents, part_of_field);
        let id = match &row.field {
            Some(_) => {
                let counter = &mut counters[part as usize];
                *counter += 1;
                let prefix = match part {
                    Part::Construction => "K",
                    Part::Technical => "T",
                    Part::Documents => "D",
                };
                format!("{prefix}{counter:02}")
            }
            None => {
                review += 1;
                format!("R{review:02}")
            }
        };
        let unit = first.unit.clone();
        let expected = match &first.check {
            Check::Value { cond, .. } => Some(Text::new(
                cond.describe(&params, Lang::Zh, unit.as_ref().map(|u| u.zh.as_str())),
                cond.describe(&params, Lang::En, unit.as_ref().map(|u| u.en.as_str())),
            )),
            Check::Ratio { cond, .. } => {
                let unit = |lang: Lang| unit.as_ref().map_or("%", |u| u.get(lang)).to_owned();
                Some(Text::new(
                    cond.describe(&params, Lang::Zh, Some(&unit(Lang::Zh))),
                    cond.describe(&params, Lang::En, Some(&unit(Lang::En))),
                ))
            }
            _ => None,
        };
        let requirement = match (&first.check, row.field.is_some()) {
            (Check::Value { .. }, true) => expected.clone().unwrap_or_default(),
            // A ratio of two fields: 技术专家人数占成员人数的比例≥50%.
            (
                Check::Ratio {
                    cond,
                    numerator: Quantity::Field(n),
                    denominator: Quantity::Field(d),
                    ..
                },
                true,
            ) => {
                let l = crate::model::labels::labels();
                let name = |p: &crate::standard::path::Path, lang: Lang| {
                    l.field(&p.to_string())
                        .map_or_else(|| p.to_string(), |t| t.get(lang).to_owned())
                };
                let unit = |lang: Lang| unit.as_ref().map_or("%", |u| u.get(lang)).to_owned();
                Text::new(
                    format!(
                        "{}占{}的比例{}",
                        name(n, Lang::Zh),
                        name(d, Lang::Zh),
                        cond.describe(&params, Lang::Zh, Some(&unit(Lang::Zh)))
                    ),
                    format!(
                        "{} as a share of {}: {}",
                        name(n, Lang::En).to_lowercase(),
                        name(d, Lang::En).to_lowercase(),
                        cond.describe(&params, Lang::En, Some(&unit(Lang::En)))
                    ),
                )
            }
            _ => first.docs.what.clone(),
        };
        let verify = row.rules.iter().any(|r| {
            r.params
                .iter()
                .any(|i| standard.parameters.get(*i).is_some_and(|p| p.verify))
        });
        // A yes/no item reads "应为"是"" on the sheet, not the message form "为是".
        let requirement = match (value_type.as_str(), requirement.en.as_str()) {
            ("boolean", "yes") => Text::new("应为“是”", "must be yes"),
            ("boolean", "no") => Text::new("应为“否”", "must be no"),
            _ => requirement,
        };
        let requirement = if verify {
            Text::new(
                format!("{} ⚠", requirement.zh),
                format!("{} ⚠", requirement.en),
            )
        } else {
            requirement
        };
        let requirement = if value_type == "enum" {
            let l = crate::model::labels::labels();
            let written = |lang: Lang| {
                values
                    .iter()
                    .map(|v| {
                        l.value_of(row.field.as_deref(), v)
                            .map_or_else(|| v.clone(), |t| t.get(lang).to_owned())
                    })
                    .collect::<Vec<_>>()
                    .join(" / ")
            };
            Text::new(
                format!("{}（填写：{}）", requirement.zh, written(Lang::Zh)),
                format!("{} (write: {})", requirement.en, written(Lang::En)),
            )
        } else {
            requirement
        };
        let kind = if part == Part::Documents {
            ItemKind::Document
        } else if value_type == "number" {
            ItemKind::Measurement
        } else {
            ItemKind::Function
        };
        let method = match &row.field {
            Some(f) => method_for(f, value_type != "number"),
            None => Text::new(
                "查阅竣工资料并现场核实",
                "inspect the as-built documents and verify on site",
            ),
        };
        items.push(Item {
            no: 0,
            id,
            part,
            kind,
            // The field's own label says what to verify, asked neutrally ("主备电切换是否正常");
            // a rule judged from the documents is asked from its title ("核查：是否制定…").
            item: match (label, value_type.as_str()) {
                (Some(l), "boolean") => neutral_question(&l),
                (Some(l), _) => l,
                (None, _) => neutral_review(first),
            },
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
            requirement,
            expected,
            rules: row.rules.iter().map(|r| r.id.clone()).collect(),
            clause: row
                .rules
                .iter()
                .map(|r| clause_line(standard, r))
                .collect::<Vec<_>>()
                .join("; "),
            clause_label: clause_label(standard, &row.rules),
            mandatory: row
                .rules
                .iter()
                .any(|r| matches!(r.obligation, Obligation::Mandatory | Obligation::Legal)),
            method,
            field: row.field.as_deref().map(|f| {
                crate::standard::path::Path::parse(f).map_or_else(|_| f.to_owned(), |p| p.pointer())
            }),
            value_type: row.field.as_ref().map(|_| value_type.clone()),
            unit,
        });
    }
    items.sort_by_key(|i| {
        (
            i.part,
            matches!(i.kind, ItemKind::Sampling | ItemKind::Configuration)
                .then_some(0)
                .unwrap_or(1),
        )
    });
    for (n, item) in items.iter_mut().enumerate() {
        item.no = n + 1;
    }
    let verify = standard
        .parameters
        .iter()
        .filter(|p| p.verify && super::sampling::PARAMETERS.contains(&p.name.as_str()))
        .map(|p| p.title.clone())
        .collect();
    Ok(Checklist {
        format: "anfang-checklist/1".into(),
        tool: crate::report::tool(),
        standard: crate::report::standard_ref(standard, edition_reason),
        design: Input {
            path: design.document.source.name.clone(),
            sha256: design.document.source.sha256.clone(),
        },
        project: value.get("project").cloned().unwrap_or(Value::Null),
        date,
        sampling_rule: sampling.describe(),
        verify,
        items,
    })
}
