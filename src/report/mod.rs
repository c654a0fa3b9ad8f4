//! Reports: one serialisable model ([`Report`]) that every format renders.
//!
//! JSON is `serde_json` of the model (its keys are a contract, see `docs/report.schema.json`);
//! the terminal format is written by hand; Markdown and HTML come from `templates/`.

pub mod opinion;
pub mod template;
pub mod terminal;
pub mod words;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Location;
use crate::engine::{Counts, Evaluation, Outcome, WaiverRecord};
use crate::i18n::{Lang, Text};
use crate::standard::CompiledStandard;
use crate::validate::Validated;

/// The tool that wrote a report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Tool {
    /// `anfang`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The standard applied.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StandardRef {
    /// Identifier.
    pub id: String,
    /// Edition.
    pub edition: String,
    /// SHA-256 over the standard's files.
    pub sha256: String,
    /// Title.
    pub title: Text,
    /// Effective date.
    pub effective: String,
    /// `built-in` or the folder it was loaded from.
    pub origin: String,
    /// Why this edition was applied.
    pub edition_reason: Text,
}

/// An input file and its digest.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Input {
    /// The path as given.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// Where a finding's subject stands in the input.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FindingLocation {
    /// File.
    pub file: String,
    /// Line (1-based).
    pub line: Option<usize>,
    /// Column (1-based, characters).
    pub column: Option<usize>,
}

/// A clause reference with the source's title.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ClauseRef {
    /// Source key.
    pub source: String,
    /// Source title.
    pub title: Text,
    /// Clause number.
    pub clause: String,
    /// Catalogue row.
    pub row: Option<String>,
}

/// One non-pass outcome (fail, cannot evaluate, waived) — or a fragile pass when `near_miss`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Finding {
    /// Rule id.
    pub rule: String,
    /// Rule title.
    pub title: Text,
    /// The clauses, as one line ("GB 55029-2022 3.5.2(5)").
    pub clause: String,
    /// The clauses as a reviewer writes them in each language
    /// ("GB 55029-2022 第3.5.2条第5款；公共安全视频图像信息系统管理条例第17条").
    pub clause_label: Text,
    /// The clauses, structured.
    pub clauses: Vec<ClauseRef>,
    /// mandatory | legal | shall | should | may.
    pub obligation: String,
    /// Obligation label.
    pub obligation_label: Text,
    /// people | physical | technical.
    pub category: String,
    /// Category label (人防/物防/技防).
    pub category_label: Text,
    /// Subsystem id.
    pub subsystem: String,
    /// fail | cannot_evaluate | waived | pass (near misses).
    pub outcome: String,
    /// JSON pointer of the subject.
    pub subject: String,
    /// The subject's name or id.
    pub subject_label: String,
    /// Where the subject stands in the input.
    pub location: FindingLocation,
    /// What was observed.
    pub observed: Option<Value>,
    /// What is required.
    pub expected: Option<Text>,
    /// The message.
    pub message: Text,
    /// What was found, without the subject's name, for documents that list a rule's subjects
    /// once ("摄像机分辨率为200万像素，要求≥400万像素。"); empty when the rule's title says it
    /// (a yes/no requirement not met).
    pub statement: Text,
    /// How to fix it.
    pub fix: Text,
    /// The field whose absence made the rule impossible to evaluate.
    pub missing: Option<String>,
    /// A pass within the declared near-miss margin.
    pub near_miss: bool,
    /// The waiver applied (pointer into the submission).
    pub waiver: Option<String>,
    /// The rule's thresholds include figures an adopting authority must confirm (⚠ 待核实).
    pub verify: bool,
    /// Who states what failed: `national` (a national law, regulation or standard), `local` (a
    /// local document, or an overlay's own figure) or `advisory` (建议: the rule-set's own choice,
    /// an unconfirmed figure or practice; never worse than 基本通过).
    pub provenance: String,
}

/// One rule's overall outcome.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RuleLine {
    /// Rule id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Obligation.
    pub obligation: String,
    /// Category.
    pub category: String,
    /// Subsystem.
    pub subsystem: String,
    /// pass | fail | waived | not_applicable | cannot_evaluate.
    pub outcome: String,
    /// Subjects evaluated.
    pub subjects: usize,
    /// Subjects that failed.
    pub failed: usize,
    /// Why the rule did not apply, when it did not.
    pub note: Option<Text>,
    /// `national`, `local` or `advisory` (see [`Finding::provenance`]).
    pub provenance: String,
    /// The rule's figure or clause is to be confirmed (⚠ 待核实).
    pub verify: bool,
}

/// A fact the submission should state (需补充的资料).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SupplyLine {
    /// The field (`technical.cameras[*].resume_after_network_loss`).
    pub field: String,
    /// Where it is missing (JSON pointers).
    pub pointers: Vec<String>,
    /// The rules that need it.
    pub rules: Vec<String>,
    /// What its absence does to the verdict: `incomplete`, `conditional` or `none`.
    pub effect: String,
}

/// A waiver and what became of it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WaiverLine {
    /// Pointer in the submission.
    pub pointer: String,
    /// Rule id.
    pub rule: String,
    /// Reason.
    pub reason: String,
    /// Approver.
    pub approver: String,
    /// Approval document.
    pub document: String,
    /// Approval date.
    pub date: String,
    /// Expiry date.
    pub expires: Option<String>,
    /// Conditions.
    pub conditions: Vec<String>,
    /// in_force | unmatched | refused | expired | not_yet_valid | invalid_date | unknown_rule.
    pub status: String,
    /// Status explained.
    pub status_label: Text,
    /// Subjects it excused.
    pub applied_to: Vec<String>,
    /// For an unknown rule id: the rules it may mean ("did you mean CTR-001 / CTR-002 (rules
    /// encoding catalogue row CTR-01)?").
    pub hint: Option<Text>,
}

/// A parameter whose figure the catalogue marks unverified.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct VerifyLine {
    /// Parameter name.
    pub name: String,
    /// What it is.
    pub title: Text,
    /// The value applied.
    pub value: Value,
    /// Catalogue rows.
    pub rows: Vec<String>,
    /// The value with its unit, as documents print it ("8小时", "8 h").
    pub value_label: Text,
    /// The rules that applied and use it.
    pub rules: Vec<String>,
}

/// A document submitted with the submission (an attachment), as the review opinion lists it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SubmittedDocument {
    /// Title.
    pub title: String,
    /// Kind (the attachment kind's label).
    pub kind: Text,
    /// File name (without folders).
    pub file: String,
    /// SHA-256 as declared in the submission.
    pub sha256: Option<String>,
}

/// Findings of one subsystem, for the review opinion.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Section {
    /// Subsystem id.
    pub subsystem: String,
    /// Its label.
    pub label: Text,
    /// Its findings.
    pub findings: Vec<Finding>,
}

/// The verdict with its labels.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct VerdictLine {
    /// pass | conditional | incomplete | fail.
    pub id: String,
    /// 通过 / 基本通过 / 需补正 / 不通过 and English.
    pub label: Text,
}

/// A check report: the one context every format renders.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Report {
    /// Report format version.
    pub format: String,
    /// The tool.
    pub tool: Tool,
    /// The standard.
    pub standard: StandardRef,
    /// Inputs and their digests.
    pub inputs: Vec<Input>,
    /// The date waivers were judged on.
    pub as_of: String,
    /// The date printed on the document, only when asked for (`--date`).
    pub date: Option<String>,
    /// The submission's `project` section as written.
    pub project: Value,
    /// The protection level parameters were resolved for.
    pub level: Option<String>,
    /// pass | conditional | incomplete | fail.
    pub verdict: String,
    /// The verdict's labels.
    pub verdict_label: Text,
    /// Rule outcome counts.
    pub summary: Counts,
    /// One line per rule.
    pub rules: Vec<RuleLine>,
    /// Every fail, cannot-evaluate and waived outcome (not-applicable rules are in `rules`).
    pub findings: Vec<Finding>,
    /// Passes within a declared near-miss margin.
    pub near_misses: Vec<Finding>,
    /// The submission's waivers.
    pub waivers: Vec<WaiverLine>,
    /// Data to supply: the facts rules could not be evaluated without, grouped by field, the
    /// heaviest first.
    pub supply: Vec<SupplyLine>,
    /// Figures the catalogue marks unverified that this check relied on.
    pub verify: Vec<VerifyLine>,
    /// The source documents cited by the rules that applied (the review's basis): laws,
    /// regulations, national, industry and local standards in that order; never a source the
    /// catalogue marks unverified or non-normative, a superseded one, or another region's.
    pub basis: Vec<Text>,
    /// The documents submitted with the submission (its attachments).
    pub documents: Vec<SubmittedDocument>,
    /// Disagreements between the submission and its attachments (any makes the verdict at
    /// least `incomplete`).
    pub crosscheck: Vec<crate::crosscheck::Disagreement>,
}

impl JsonSchema for Counts {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Counts".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "required": ["applied", "passed", "failed", "waived", "not_applicable", "cannot_evaluate"],
            "properties": {
                "applied": {"type": "integer", "minimum": 0},
                "passed": {"type": "integer", "minimum": 0},
                "failed": {"type": "integer", "minimum": 0},
                "waived": {"type": "integer", "minimum": 0},
                "not_applicable": {"type": "integer", "minimum": 0},
                "cannot_evaluate": {"type": "integer", "minimum": 0}
            }
        })
    }
}

/// The JSON Schema of the report (committed as `docs/report.schema.json`).
pub fn report_schema() -> Value {
    serde_json::to_value(schemars::schema_for!(Report)).unwrap_or(Value::Null)
}

/// This tool, as every document names it.
pub fn tool() -> Tool {
    Tool {
        name: "anfang".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

/// The standard as every document names it: id, edition, digest and why this edition.
pub fn standard_ref(standard: &CompiledStandard, edition_reason: Text) -> StandardRef {
    StandardRef {
        id: standard.id.clone(),
        edition: standard.edition.clone(),
        sha256: standard.sha256.clone(),
        title: standard.title.clone(),
        effective: standard.effective.clone(),
        origin: standard.origin.clone(),
        edition_reason,
    }
}

/// Options that change a report's content.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// A date to print (YYYY-MM-DD), only when the user asks.
    pub date: Option<String>,
    /// Why the standard's edition was chosen.
    pub edition_reason: Option<Text>,
    /// Disagreements found by cross-checking the attachments.
    pub crosscheck: Vec<crate::crosscheck::Disagreement>,
}

/// Builds the report of one checked submission.
pub fn build(
    standard: &CompiledStandard,
    validated: &Validated,
    evaluation: &Evaluation,
    options: &ReportOptions,
) -> Report {
    let doc = &validated.document;
    let locate = |pointer: &str| -> FindingLocation {
        let at: Option<Location> = doc.pointers.locate(pointer);
        FindingLocation {
            file: doc.source.name.clone(),
            line: at.map(|l| l.line),
            column: at.map(|l| l.column),
        }
    };
    // An element without a name is called by the name composed from where it is (composed
    // for the whole document, so only once a subject needs it).
    let names = std::cell::OnceCell::new();
    let subject_label = |s: &crate::engine::SubjectResult| -> String {
        doc.value
            .pointer(&s.subject)
            .filter(|e| e.get("name").is_none())
            .and_then(|e| e.get("id"))
            .and_then(Value::as_str)
            .and_then(|id| {
                names
                    .get_or_init(|| crate::model::names::element_names(&doc.value))
                    .get(id)
            })
            .cloned()
            .unwrap_or_else(|| s.subject_label.clone())
    };
    let mut findings = Vec::new();
    let mut near_misses = Vec::new();
    let mut rules = Vec::new();
    let mut verify_params = std::collections::BTreeSet::new();
    let mut verify_rules: std::collections::BTreeMap<usize, Vec<String>> =
        std::collections::BTreeMap::new();
    let mut basis_keys = std::collections::BTreeSet::new();
    for result in &evaluation.rules {
        let Some(rule) = standard.rules.get(result.rule) else {
            continue;
        };
        let verify = standard.verify_of(rule);
        let provenance = standard.provenance_of(rule);
        if result.outcome != Outcome::NotApplicable {
            basis_keys.extend(rule.adopted.iter().map(|c| c.source.clone()));
            basis_keys.extend(rule.clauses.iter().map(|c| c.source.clone()));
            basis_keys.extend(
                result
                    .subjects
                    .iter()
                    .filter_map(|s| s.tightened_by)
                    .filter_map(|i| standard.parameters.get(i)?.tightening.as_ref())
                    .map(|t| t.clause.source.clone()),
            );
            for i in rule
                .params
                .iter()
                .copied()
                .filter(|i| standard.parameters.get(*i).is_some_and(|p| p.verify))
            {
                verify_params.insert(i);
                verify_rules.entry(i).or_default().push(rule.id.clone());
            }
        }
        rules.push(RuleLine {
            id: rule.id.clone(),
            title: rule.title.clone(),
            obligation: rule.obligation.id().to_owned(),
            category: rule.category.id().to_owned(),
            subsystem: rule.subsystem.clone(),
            outcome: result.outcome.id().to_owned(),
            subjects: result
                .subjects
                .iter()
                .filter(|s| s.outcome != Outcome::NotApplicable)
                .count(),
            failed: result
                .subjects
                .iter()
                .filter(|s| s.outcome == Outcome::Fail)
                .count(),
            note: (result.outcome == Outcome::NotApplicable)
                .then(|| result.subjects.first().map(|s| s.message.clone()))
                .flatten(),
            provenance: provenance.id().to_owned(),
            verify,
        });
        for s in &result.subjects {
            let wanted = matches!(
                s.outcome,
                Outcome::Fail | Outcome::CannotEvaluate | Outcome::Waived
            ) || s.near_miss;
            if !wanted {
                continue;
            }
            let tightening = s
                .tightened_by
                .and_then(|i| standard.parameters.get(i)?.tightening.as_ref());
            let cited: Vec<&crate::standard::Clause> = match tightening {
                Some(t) => vec![&t.clause],
                None => rule.adopted.iter().chain(rule.clauses.iter()).collect(),
            };
            let clauses: Vec<ClauseRef> = cited
                .into_iter()
                .map(|c| ClauseRef {
                    source: c.source.clone(),
                    title: standard
                        .sources
                        .get(&c.source)
                        .map(|s| s.title.clone())
                        .unwrap_or_default(),
                    clause: c.clause.clone(),
                    row: c.row.clone(),
                })
                .collect();
            let clause = clauses
                .iter()
                .map(|c| {
                    let name = short_source(&c.title.zh, &c.source);
                    if c.clause == "?" {
                        name
                    } else {
                        format!("{name} {}", c.clause)
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
            let clause_label = Text::new(
                clause_line(&clauses, Lang::Zh),
                clause_line(&clauses, Lang::En),
            );
            let statement = statement(rule, s);
            let locate_at = if s.subject.is_empty() {
                s.missing.clone().unwrap_or_default()
            } else {
                s.subject.clone()
            };
            let f = Finding {
                rule: rule.id.clone(),
                title: rule.title.clone(),
                clause,
                clause_label,
                clauses,
                obligation: s.obligation.id().to_owned(),
                obligation_label: Text::new(
                    s.obligation.label(Lang::Zh),
                    s.obligation.label(Lang::En),
                ),
                category: rule.category.id().to_owned(),
                category_label: Text::new(
                    rule.category.label(Lang::Zh),
                    rule.category.label(Lang::En),
                ),
                subsystem: rule.subsystem.clone(),
                outcome: s.outcome.id().to_owned(),
                subject: s.subject.clone(),
                subject_label: subject_label(s),
                location: locate(&locate_at),
                observed: s.observed.clone(),
                expected: s.expected.clone(),
                message: s.message.clone(),
                statement,
                fix: crate::engine::fix_text(rule, s),
                missing: s.missing.clone(),
                near_miss: s.near_miss,
                waiver: s.waiver.map(|k| format!("/waivers/{k}")),
                verify: tightening.map_or(verify, |t| t.verify),
                provenance: s.provenance.id().to_owned(),
            };
            if s.outcome == Outcome::Pass {
                near_misses.push(f);
            } else {
                findings.push(f);
            }
        }
    }
    let rank = |o: &str| match o {
        "fail" => 0,
        "cannot_evaluate" => 1,
        _ => 2,
    };
    findings.sort_by(|a, b| {
        rank(&a.outcome)
            .cmp(&rank(&b.outcome))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    let waivers = evaluation.waivers.iter().map(waiver_line).collect();
    let verify = verify_params
        .into_iter()
        .filter_map(|i| standard.parameters.get(i).map(|p| (i, p)))
        .map(|(i, p)| {
            let value = p.value_for(evaluation.level.as_deref()).clone();
            let shown = |lang: Lang| {
                crate::standard::condition::with_unit(
                    &crate::standard::condition::show(&value, lang),
                    p.unit.as_ref().map(|u| u.get(lang)),
                )
            };
            VerifyLine {
                name: p.name.clone(),
                title: p.title.clone(),
                value_label: Text::new(shown(Lang::Zh), shown(Lang::En)),
                value,
                rows: p.rows.clone(),
                rules: verify_rules.remove(&i).unwrap_or_default(),
            }
        })
        .collect();
    Report {
        format: "anfang-report/1".into(),
        tool: tool(),
        standard: standard_ref(
            standard,
            options.edition_reason.clone().unwrap_or_else(|| {
                Text::new("本标准仅有一个版本", "the standard has a single edition")
            }),
        ),
        inputs: vec![Input {
            path: doc.source.name.clone(),
            sha256: doc.source.sha256.clone(),
        }],
        as_of: evaluation.as_of.to_string(),
        date: options.date.clone(),
        project: doc.value.get("project").cloned().unwrap_or(Value::Null),
        level: evaluation.level.clone(),
        verdict: evaluation.verdict.id().to_owned(),
        verdict_label: evaluation.verdict.label(),
        summary: evaluation.counts(),
        rules,
        findings,
        near_misses,
        waivers,
        supply: evaluation
            .supply
            .iter()
            .map(|x| SupplyLine {
                field: x.field.clone(),
                pointers: x.pointers.clone(),
                rules: x.rules.clone(),
                effect: serde_json::to_value(x.severity)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            })
            .collect(),
        verify,
        crosscheck: options.crosscheck.clone(),
        basis: basis(
            standard,
            &basis_keys,
            doc.value.pointer("/project/region_code"),
        ),
        documents: submitted_documents(&doc.value),
    }
}

/// A finding's clauses as one line in a language, each in the reviewer's form. The clauses cited are the finding's own: the rule's (and an adopting overlay's), or the
/// overlay requirement whose tighter figure alone made the subject fail.
fn clause_line(clauses: &[ClauseRef], lang: Lang) -> String {
    clauses
        .iter()
        .map(|c| words::clause_ref(&c.title, &c.source, &c.clause, lang))
        .collect::<Vec<_>>()
        .join(if lang == Lang::Zh { "；" } else { "; " })
}

/// What a subject's outcome says without naming the subject; empty for a yes/no requirement
/// not met (the rule's title states the defect).
fn statement(rule: &crate::standard::Rule, s: &crate::engine::SubjectResult) -> Text {
    match s.outcome {
        Outcome::CannotEvaluate => {
            let field = s.missing.as_deref().unwrap_or("");
            // The path with `[*]` for list indices: the same words for every subject, so a
            // document lists the subjects once under one statement.
            let generic: String = field
                .split('/')
                .map(|seg| {
                    if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                        "*"
                    } else {
                        seg
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            let shown = crate::model::labels::dotted(&generic).replace(".*", "[*]");
            let phrase = |lang: Lang| {
                if field.is_empty() {
                    String::new()
                } else {
                    crate::model::labels::field_phrase_as(field, &shown, lang)
                }
            };
            let (zh, en) = (phrase(Lang::Zh), phrase(Lang::En));
            if zh.is_empty() {
                Text::new("缺少判定所需的资料", "the data needed is not stated")
            } else {
                Text::new(format!("未提供{zh}"), format!("{en} is not stated"))
            }
        }
        _ if matches!(s.observed, Some(Value::Bool(_))) => Text::default(),
        _ => {
            let t = crate::engine::fill_message(
                rule,
                s.observed.as_ref(),
                s.expected.as_ref(),
                "",
                s.margin,
                s.missing.as_deref(),
            );
            // The subject's place in the template is left empty: close the gap it leaves.
            let t = Text::new(t.zh, t.en.replace("  ", " ").replace(" ;", ";"));
            if matches!(
                s.obligation,
                crate::standard::Obligation::Should | crate::standard::Obligation::May
            ) {
                crate::engine::soften(t)
            } else {
                t
            }
        }
    }
}

/// The submission's attachments as a review opinion lists them.
fn submitted_documents(submission: &Value) -> Vec<SubmittedDocument> {
    let labels = crate::model::labels::labels();
    submission
        .get("attachments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|a| {
            let text = |k: &str| a.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            let kind = text("kind");
            SubmittedDocument {
                title: text("title"),
                kind: labels
                    .value_of(Some("attachments.kind"), &kind)
                    .cloned()
                    .unwrap_or_else(|| Text::new(kind.clone(), kind.clone())),
                file: words::file_name(&text("path")),
                sha256: a.get("sha256").and_then(Value::as_str).map(str::to_owned),
            }
        })
        .collect()
}

/// The review's basis (审查依据): the sources cited by the rules that applied, in the order law,
/// regulation, national, industry, local; never industry practice, a document the catalogue could
/// not verify, or a local document of another region.
fn basis(
    standard: &CompiledStandard,
    keys: &std::collections::BTreeSet<String>,
    region_code: Option<&Value>,
) -> Vec<Text> {
    use crate::standard::SourceKind;
    let code = region_code.and_then(Value::as_str).unwrap_or("");
    let mut cited: Vec<(usize, &String, &crate::standard::Source)> = keys
        .iter()
        .filter_map(|k| standard.sources.get(k).map(|s| (k, s)))
        .filter(|(_, s)| s.citable())
        // A superseded edition is named as such in its title (…已被 GB 51348-2019 替代).
        .filter(|(_, s)| !words::superseded(&s.title))
        .filter(|(_, s)| {
            s.kind != Some(SourceKind::Local)
                || crate::standard::provenance::in_region(code, &s.region)
        })
        .map(|(k, s)| {
            let rank = SourceKind::ALL
                .iter()
                .position(|(kind, _)| Some(*kind) == s.kind)
                .unwrap_or(SourceKind::ALL.len());
            (rank, k, s)
        })
        .collect();
    cited.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    cited.into_iter().map(|(_, _, s)| s.title.clone()).collect()
}

/// "GB 55029-2022" from "GB 55029-2022 安全防范工程通用规范".
/// A source's short name for clause lines (`GB 55029-2022`).
pub fn short_source(title: &str, key: &str) -> String {
    let t = title.trim();
    if t.starts_with("GB") || t.starts_with("GA") || t.starts_with("JGJ") || t.starts_with("DB") {
        let mut parts = t.split_whitespace();
        match (parts.next(), parts.next()) {
            (Some(a), Some(b)) if b.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                format!("{a} {b}")
            }
            (Some(a), _) => a.to_owned(),
            _ => key.to_owned(),
        }
    } else {
        t.split(['（', '(', ' '])
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or(key)
            .to_owned()
    }
}

fn waiver_line(w: &WaiverRecord) -> WaiverLine {
    WaiverLine {
        pointer: w.pointer.clone(),
        rule: w.rule.clone(),
        reason: w.reason.clone(),
        approver: w.approver.clone(),
        document: w.document.clone(),
        date: w.date.clone(),
        expires: w.expires.clone(),
        conditions: w.conditions.clone(),
        status: serde_json::to_value(w.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        status_label: w.status.describe(),
        applied_to: w.applied_to.clone(),
        hint: w.hint.clone(),
    }
}

/// Findings grouped by subsystem in report order; `mandatory` selects the mandatory-clause and
/// legal-duty failures (listed separately in review opinions) or everything else.
pub fn sections(report: &Report, mandatory: bool) -> Vec<Section> {
    let mut out = Vec::new();
    for (id, zh, en) in crate::standard::SUBSYSTEMS {
        let findings: Vec<Finding> = report
            .findings
            .iter()
            .filter(|f| f.subsystem == *id)
            .filter(|f| {
                (f.outcome == "fail" && matches!(f.obligation.as_str(), "mandatory" | "legal"))
                    == mandatory
            })
            .cloned()
            .collect();
        if !findings.is_empty() {
            out.push(Section {
                subsystem: (*id).to_owned(),
                label: Text::new(*zh, *en),
                findings,
            });
        }
    }
    out
}
