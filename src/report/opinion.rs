//! The review opinion (审查意见书) as it is issued, in one language: every text final, so the
//! Markdown, HTML and PDF templates (and the web portal) only lay it out.
//!
//! Built from a [`Report`] by [`build`]. Section 三 (mandatory clauses and legal duties that
//! fail) and section 四 (everything else) hold one item per rule with its subjects listed; the
//! conclusion's reasons are counted from those same items, so it cannot contradict them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Finding, Report, words};
use crate::i18n::{Lang, Text};

/// One row of the header table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The label (项目名称).
    pub label: String,
    /// The value.
    pub value: String,
}

/// One rule's finding in a document: the rule, what was found, which subjects.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Rule id.
    pub rule: String,
    /// Rule title (the defect it names).
    pub title: String,
    /// Clause references in the document's language.
    pub clause: String,
    /// mandatory | legal | shall | should | may.
    pub obligation: String,
    /// 强制性条文 / 法定义务 / 应 / 宜 / 可.
    pub obligation_label: String,
    /// fail | cannot_evaluate | waived | pass (a near miss).
    pub outcome: String,
    /// 不符合 / 需补充资料 / 已豁免 / 临界.
    pub outcome_label: String,
    /// What was found, without subject names (may be empty: the title says it).
    pub statement: String,
    /// The subjects, named and counted ("东大门、北门（共 2 处）"); empty for the whole project.
    pub subjects: String,
    /// How many subjects.
    pub count: usize,
    /// 要求 (mandatory, legal, shall) or 建议 (should, may); 需补充 for missing data.
    pub requirement_word: String,
    /// The required change.
    pub fix: String,
    /// A figure of the rule is marked ⚠ 待核实 (to be confirmed by the authority).
    pub verify: bool,
    /// The waiver that excuses it, as its document and validity.
    pub waiver: String,
    /// Where the first subject stands in the input (`file:line`).
    pub location: String,
}

/// Items of one subsystem.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Subsystem label.
    pub label: String,
    /// Its items.
    pub items: Vec<Item>,
}

/// A waiver as the opinion lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Waiver {
    /// Rule id.
    pub rule: String,
    /// Rule title, when the rule is known.
    pub title: String,
    /// Reason.
    pub reason: String,
    /// Approver and document.
    pub approval: String,
    /// Validity.
    pub validity: String,
    /// Conditions, joined.
    pub conditions: String,
    /// Status.
    pub status: String,
}

/// A figure the authority must confirm (⚠ 待核实).
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// What it is.
    pub title: String,
    /// Its value with unit.
    pub value: String,
    /// The rules that use it.
    pub rules: String,
}

/// A digest line of the footer and the documents table.
#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    /// What it is (申报文件, 附件, 标准).
    pub what: String,
    /// Name (a file name, never a path).
    pub name: String,
    /// SHA-256 (64 hex digits), or "" when none was declared.
    pub sha256: String,
}

/// A disagreement between the submission and an attachment.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// What disagrees.
    pub what: String,
    /// The submission's value and where.
    pub submission: String,
    /// The attachment's value and where.
    pub attachment: String,
}

/// The conclusion.
#[derive(Debug, Clone, Serialize)]
pub struct Conclusion {
    /// pass | conditional | incomplete | fail.
    pub verdict: String,
    /// 通过 / 基本通过 / 需补正 / 不通过.
    pub label: String,
    /// The conclusion in sentences, counted from sections 三 and 四.
    pub text: String,
    /// How many items of section 三 (mandatory clauses and legal duties) fail.
    pub mandatory: usize,
    /// How many rules of obligation 应 fail.
    pub shall: usize,
    /// How many rules of obligation 宜 / 可 fail.
    pub should: usize,
    /// How many rules cannot be evaluated for lack of data.
    pub missing: usize,
    /// How many disagreements with attachments.
    pub disagreements: usize,
}

/// The review opinion in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Opinion {
    /// zh | en.
    pub lang: String,
    /// 安全技术防范工程设计方案审查意见书.
    pub title: String,
    /// The document number (文号).
    pub doc_number: String,
    /// The review date, or "" (printed as a blank to fill in).
    pub date: String,
    /// The project's name.
    pub project: String,
    /// Header rows.
    pub header: Vec<Row>,
    /// The documents reviewed: the submission and its attachments, with digests.
    pub documents: Vec<Digest>,
    /// The standard applied, in one sentence.
    pub standard: String,
    /// The basis (审查依据), one source per entry.
    pub basis: Vec<String>,
    /// The overall opinion, in sentences.
    pub overall: Vec<String>,
    /// Section 三: failures of mandatory clauses and legal duties, by subsystem.
    pub mandatory: Vec<Section>,
    /// Section 四: every other finding, by subsystem.
    pub other: Vec<Section>,
    /// Passes within a near-miss margin.
    pub near_misses: Vec<Item>,
    /// Disagreements between the submission and its attachments.
    pub disagreements: Vec<Disagreement>,
    /// Waivers.
    pub waivers: Vec<Waiver>,
    /// Figures to confirm.
    pub figures: Vec<Figure>,
    /// The conclusion.
    pub conclusion: Conclusion,
    /// Every label the templates print, in the document's language.
    pub t: BTreeMap<&'static str, &'static str>,
    /// The tool and version.
    pub tool: String,
    /// The digests printed in the footer: the standard and the inputs.
    pub digests: Vec<Digest>,
}

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

const LABELS: &[(&str, &str, &str)] = &[
    (
        "title",
        "安全技术防范工程设计方案审查意见书",
        "Review opinion on the security design",
    ),
    ("doc_number", "文号", "No."),
    ("date", "审查日期", "Date of review"),
    ("documents", "申报材料", "Documents submitted"),
    ("document", "材料", "Document"),
    ("file", "文件", "File"),
    ("basis", "一、审查依据", "1. Basis"),
    ("overall", "二、总体意见", "2. Overall opinion"),
    (
        "mandatory",
        "三、违反强制性条文及法定义务的问题",
        "3. Failures of mandatory clauses and legal duties",
    ),
    ("other", "四、分项审查意见", "4. Findings by subsystem"),
    ("near_misses", "五、临界合规提示", "5. Fragile compliance"),
    (
        "disagreements",
        "申报文件与附件不一致",
        "Submission and attachments disagree",
    ),
    ("waivers", "豁免事项", "Waivers"),
    (
        "figures",
        "待主管部门确认的指标（⚠ 待核实）",
        "Figures the authority must confirm (⚠ to be confirmed)",
    ),
    ("conclusion", "审查结论", "Conclusion"),
    ("none", "无。", "None."),
    ("no", "序号", "No."),
    ("rule", "规则", "Rule"),
    ("item", "问题", "Finding"),
    ("clause", "依据", "Basis"),
    ("outcome", "结果", "Outcome"),
    ("change", "整改要求", "Required change"),
    ("subjects", "涉及", "Where"),
    ("reason", "理由", "Reason"),
    ("approval", "批准单位 / 文号", "Approved by / document"),
    ("validity", "有效期", "Valid"),
    ("conditions", "附加条件", "Conditions"),
    ("status", "状态", "Status"),
    ("figure", "指标", "Figure"),
    ("value", "取值", "Value"),
    ("rules", "相关规则", "Rules"),
    ("what", "事项", "Item"),
    ("submission", "申报文件", "Submission"),
    ("attachment", "附件", "Attachment"),
    ("verify", "⚠ 待核实", "⚠ to be confirmed"),
    ("panel", "审查组成员（签字）", "Review panel (signatures)"),
    ("chair", "组长（签字）", "Chair (signature)"),
    ("checker", "复核人（签字）", "Checked by (signature)"),
    (
        "authority",
        "审查单位（盖章）",
        "Reviewing authority (seal)",
    ),
    ("seal", "盖章", "Seal"),
    ("blank_date", "　　年　　月　　日", "____-__-__"),
    ("digests", "文件摘要（SHA-256）", "Digests (SHA-256)"),
    ("page", "页", "Page"),
    ("lp", "（", " ("),
    ("rp", "）", ")"),
    ("semi", "；", "; "),
    ("colon", "：", ": "),
];

/// The labels of a language, for templates.
fn labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    LABELS
        .iter()
        .map(|(k, zh, en)| (*k, pick(lang, zh, en)))
        .collect()
}

fn outcome_label(outcome: &str, lang: Lang) -> &'static str {
    match outcome {
        "fail" => pick(lang, "不符合", "fails"),
        "cannot_evaluate" => pick(lang, "需补充资料", "information required"),
        "waived" => pick(lang, "已豁免", "waived"),
        _ => pick(lang, "临界", "near miss"),
    }
}

fn requirement_word(f: &Finding, lang: Lang) -> &'static str {
    if f.outcome == "cannot_evaluate" {
        return pick(lang, "需补充", "To supply");
    }
    if f.outcome == "pass" {
        return pick(lang, "符合要求，建议留有余量", "Met; consider a margin");
    }
    match f.obligation.as_str() {
        "should" | "may" => pick(lang, "建议", "Recommended"),
        _ => pick(lang, "整改要求", "Required change"),
    }
}

/// Groups findings into items: one per rule, outcome and statement, subjects listed by name.
pub fn items(findings: &[Finding], report: &Report, lang: Lang) -> Vec<Item> {
    let mut order: Vec<(String, String, String)> = Vec::new();
    let mut groups: BTreeMap<(String, String, String), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        let key = (
            f.rule.clone(),
            f.outcome.clone(),
            f.statement.get(lang).to_owned(),
        );
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(f);
    }
    order
        .into_iter()
        .filter_map(|key| groups.get(&key).map(|g| item(g, report, lang)))
        .collect()
}

fn item(group: &[&Finding], report: &Report, lang: Lang) -> Item {
    let first = group[0];
    let mut names: Vec<String> = Vec::new();
    // Elements of a list (a camera, a building) are named; a section or the project is not.
    let listed = |f: &&&Finding| {
        f.subject
            .rsplit('/')
            .next()
            .is_some_and(|last| !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
            && !f.subject_label.is_empty()
    };
    for f in group.iter().filter(listed) {
        let name = if f.subject_label.starts_with('/') {
            crate::model::labels::dotted(&f.subject_label)
        } else {
            f.subject_label.clone()
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let subjects = if names.is_empty() {
        String::new()
    } else {
        words::names_with_count(&names, words::counter(&first.subject, lang), lang)
    };
    let waiver = first
        .waiver
        .as_deref()
        .and_then(|p| report.waivers.iter().find(|w| w.pointer == p))
        .map(|w| match (lang, &w.expires) {
            (Lang::Zh, Some(e)) => format!("{} {}（有效期至 {e}）", w.approver, w.document),
            (Lang::Zh, None) => format!("{} {}", w.approver, w.document),
            (Lang::En, Some(e)) => format!("{} {} (valid until {e})", w.approver, w.document),
            (Lang::En, None) => format!("{} {}", w.approver, w.document),
        })
        .unwrap_or_default();
    let statement = match (first.statement.get(lang), lang) {
        ("", _) => String::new(),
        (s, Lang::Zh) if !s.ends_with(['。', '；']) => format!("{s}。"),
        (s, Lang::En) if !s.ends_with('.') => format!("{s}."),
        (s, _) => s.to_owned(),
    };
    let location = match first.location.line {
        Some(line) => format!("{}:{line}", first.location.file),
        None => first.location.file.clone(),
    };
    Item {
        rule: first.rule.clone(),
        title: first.title.get(lang).to_owned(),
        clause: first.clause_label.get(lang).to_owned(),
        obligation: first.obligation.clone(),
        obligation_label: first.obligation_label.get(lang).to_owned(),
        outcome: if first.near_miss && first.outcome == "pass" {
            "near_miss".to_owned()
        } else {
            first.outcome.clone()
        },
        outcome_label: outcome_label(&first.outcome, lang).to_owned(),
        statement,
        subjects,
        count: names.len(),
        requirement_word: requirement_word(first, lang).to_owned(),
        fix: if matches!(first.outcome.as_str(), "cannot_evaluate" | "pass") {
            String::new()
        } else {
            first.fix.get(lang).to_owned()
        },
        verify: first.verify,
        waiver,
        location,
    }
}

/// Whether a finding belongs in section 三.
pub fn is_mandatory_failure(f: &Finding) -> bool {
    f.outcome == "fail" && matches!(f.obligation.as_str(), "mandatory" | "legal")
}

fn sections(report: &Report, mandatory: bool, lang: Lang) -> Vec<Section> {
    crate::standard::SUBSYSTEMS
        .iter()
        .filter_map(|(id, zh, en)| {
            let findings: Vec<Finding> = report
                .findings
                .iter()
                .filter(|f| f.subsystem == *id && is_mandatory_failure(f) == mandatory)
                .cloned()
                .collect();
            (!findings.is_empty()).then(|| Section {
                label: pick(lang, zh, en).to_owned(),
                items: items(&findings, report, lang),
            })
        })
        .collect()
}

fn project_text(report: &Report, key: &str) -> Option<String> {
    match report.project.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn value_label(report: &Report, key: &str, lang: Lang) -> Option<String> {
    let id = project_text(report, key)?;
    Some(
        crate::model::labels::labels()
            .value_of(Some(&format!("project.{key}")), &id)
            .map_or(id, |l| l.get(lang).to_owned()),
    )
}

fn header(report: &Report, lang: Lang) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut push = |label: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            rows.push(Row {
                label: label.to_owned(),
                value: v,
            });
        }
    };
    push(
        pick(lang, "项目名称", "Project"),
        project_text(report, "name"),
    );
    push(
        pick(lang, "项目编号", "Project number"),
        project_text(report, "id"),
    );
    push(
        pick(lang, "项目地址", "Address"),
        project_text(report, "address"),
    );
    push(
        pick(lang, "建设单位", "Developer"),
        project_text(report, "developer"),
    );
    push(
        pick(lang, "设计单位", "Designer"),
        project_text(report, "designer"),
    );
    let kind = value_label(report, "kind", lang);
    let phase = value_label(report, "phase", lang);
    push(
        pick(lang, "审查类型", "Review"),
        match (kind, phase) {
            (Some(k), Some(p)) => Some(format!("{k}{}{p}", pick(lang, "，", ", "))),
            (k, p) => k.or(p),
        },
    );
    push(
        pick(lang, "防护级别", "Protection level"),
        value_label(report, "protection_level", lang),
    );
    push(
        pick(lang, "户数", "Households"),
        project_text(report, "households").map(|h| match lang {
            Lang::Zh => format!("{h} 户"),
            Lang::En => h,
        }),
    );
    push(
        pick(lang, "豁免判定日期", "Waivers judged on"),
        Some(report.as_of.clone()),
    );
    rows
}

fn overall(report: &Report, c: &Conclusion, other: &[Section], lang: Lang) -> Vec<String> {
    let s = &report.summary;
    let mut out = Vec::new();
    let kind = value_label(report, "kind", lang).unwrap_or_default();
    let level = value_label(report, "protection_level", lang);
    let households = project_text(report, "households");
    match lang {
        Lang::Zh => {
            let mut first = format!("本项目为住宅小区{kind}项目");
            if let Some(h) = &households {
                first.push_str(&format!("，共 {h} 户"));
            }
            if let Some(l) = &level {
                first.push_str(&format!("，按{l}设计"));
            }
            first.push('。');
            out.push(first);
            out.push(format!(
                "对照所适用的 {} 条规则审查：符合 {} 条，不符合 {} 条，已豁免 {} 条，因资料不全无法判定 {} 条；另有 {} 条不适用于本项目。",
                s.applied, s.passed, s.failed, s.waived, s.cannot_evaluate, s.not_applicable
            ));
        }
        Lang::En => {
            let mut first = format!("A residential community, {}", kind.to_lowercase());
            if let Some(h) = &households {
                first.push_str(&format!(" of {h} households"));
            }
            if let Some(l) = &level {
                first.push_str(&format!(", designed to protection {l}"));
            }
            first.push('.');
            out.push(first);
            out.push(format!(
                "Of the {} rules that apply: {} met, {} not met, {} waived, {} not checkable for lack of data; {} rules do not apply to this project.",
                s.applied, s.passed, s.failed, s.waived, s.cannot_evaluate, s.not_applicable
            ));
        }
    }
    let failing: Vec<String> = other
        .iter()
        .filter_map(|sec| {
            let n = sec.items.iter().filter(|i| i.outcome == "fail").count();
            (n > 0).then(|| match lang {
                Lang::Zh => format!("{}（{n} 项）", sec.label),
                Lang::En => format!("{} ({n})", sec.label.to_lowercase()),
            })
        })
        .collect();
    if c.mandatory > 0 {
        out.push(match lang {
            Lang::Zh => format!(
                "方案违反强制性条文或法定义务 {} 项，详见第三部分。",
                c.mandatory
            ),
            Lang::En => format!(
                "The design fails {} mandatory clause(s) or legal duty(ies); see section 3.",
                c.mandatory
            ),
        });
    }
    if !failing.is_empty() {
        out.push(match lang {
            Lang::Zh if c.mandatory > 0 => {
                format!("其余问题集中在{}，详见第四部分。", failing.join("、"))
            }
            Lang::Zh => format!("问题集中在{}，详见第四部分。", failing.join("、")),
            Lang::En => format!(
                "The other findings concern {}; see section 4.",
                failing.join(", ")
            ),
        });
    }
    if c.missing > 0 {
        out.push(match lang {
            Lang::Zh => format!(
                "有 {} 条规则因申报资料缺项无法判定，须补充后方可审查。",
                c.missing
            ),
            Lang::En => format!(
                "{} rule(s) cannot be checked until the missing information is supplied.",
                c.missing
            ),
        });
    }
    out
}

fn conclusion(report: &Report, mandatory: &[Section], other: &[Section], lang: Lang) -> Conclusion {
    let rules_with = |sections: &[Section], outcome: &str, obligations: &[&str]| {
        let mut rules: Vec<&str> = sections
            .iter()
            .flat_map(|s| &s.items)
            .filter(|i| i.outcome == outcome && obligations.contains(&i.obligation.as_str()))
            .map(|i| i.rule.as_str())
            .collect();
        rules.sort_unstable();
        rules.dedup();
        rules.len()
    };
    let m = rules_with(mandatory, "fail", &["mandatory", "legal"]);
    let shall = rules_with(other, "fail", &["shall"]);
    let should = rules_with(other, "fail", &["should", "may"]);
    let missing = rules_with(
        other,
        "cannot_evaluate",
        &["mandatory", "legal", "shall", "should", "may"],
    );
    let disagreements = report.crosscheck.len();
    let conditional_waivers = report
        .waivers
        .iter()
        .filter(|w| w.status == "in_force" && !w.conditions.is_empty())
        .count();
    let mut reasons: Vec<String> = Vec::new();
    let mut add = |n: usize, zh: String, en: String| {
        if n > 0 {
            reasons.push(if lang == Lang::Zh { zh } else { en });
        }
    };
    add(
        m,
        format!("违反强制性条文或法定义务 {m} 项（见第三部分）"),
        format!("{m} mandatory clause(s) or legal duty(ies) not met (section 3)"),
    );
    add(
        shall,
        format!("不符合“应”条款 {shall} 项（见第四部分）"),
        format!("{shall} “shall” requirement(s) not met (section 4)"),
    );
    add(
        missing,
        format!("{missing} 项因资料不全无法判定"),
        format!("{missing} rule(s) cannot be checked for lack of data"),
    );
    add(
        disagreements,
        format!("申报文件与附件不一致 {disagreements} 处"),
        format!("{disagreements} disagreement(s) between the submission and its attachments"),
    );
    add(
        should,
        format!("“宜”条款建议修改 {should} 项"),
        format!("{should} recommendation(s) of “should” clauses"),
    );
    add(
        conditional_waivers,
        format!("豁免附加条件 {conditional_waivers} 项须落实"),
        format!("{conditional_waivers} waiver condition(s) to be fulfilled"),
    );
    let joined = reasons.join(if lang == Lang::Zh { "；" } else { "; " });
    let lead = match (report.verdict.as_str(), lang) {
        ("pass", Lang::Zh) => "方案符合所适用标准的要求，同意按设计实施。".to_owned(),
        ("pass", Lang::En) => {
            "The design meets the applicable requirements and may be built as designed.".to_owned()
        }
        ("conditional", Lang::Zh) => {
            format!("方案基本符合要求：{joined}。请按上述意见修改完善，并提交修改说明。")
        }
        ("conditional", Lang::En) => format!(
            "The design is acceptable subject to revision: {joined}. Revise it as listed above and submit a note of the changes."
        ),
        ("incomplete", Lang::Zh) => {
            format!("申报资料不全：{joined}。请补充上述资料后重新提交审查。")
        }
        ("incomplete", Lang::En) => format!(
            "The submission is incomplete: {joined}. Supply the information listed above and resubmit."
        ),
        (_, Lang::Zh) => format!("方案未通过审查：{joined}。请按上述意见修改后重新报审。"),
        (_, Lang::En) => {
            format!("The design is not approved: {joined}. Revise it as listed above and resubmit.")
        }
    };
    Conclusion {
        verdict: report.verdict.clone(),
        label: report.verdict_label.get(lang).to_owned(),
        text: lead,
        mandatory: m,
        shall,
        should,
        missing,
        disagreements,
    }
}

/// The review opinion of a report in one language; `doc_number` is the 文号 to print.
pub fn build(report: &Report, doc_number: &str, lang: Lang) -> Opinion {
    let mandatory = sections(report, true, lang);
    let other = sections(report, false, lang);
    let conclusion = conclusion(report, &mandatory, &other, lang);
    let overall = overall(report, &conclusion, &other, lang);
    let mut documents: Vec<Digest> = report
        .inputs
        .iter()
        .map(|i| Digest {
            what: pick(lang, "申报文件", "Submission").to_owned(),
            name: words::file_name(&i.path),
            sha256: i.sha256.clone(),
        })
        .collect();
    documents.extend(report.documents.iter().map(|d| Digest {
        what: if d.title.is_empty() {
            d.kind.get(lang).to_owned()
        } else {
            format!("{}：{}", d.kind.get(lang), d.title).replace("：", pick(lang, "：", ": "))
        },
        name: d.file.clone(),
        sha256: d.sha256.clone().unwrap_or_default(),
    }));
    let std_ref = &report.standard;
    let standard = match lang {
        Lang::Zh => format!(
            "{}（{} {} 版，{} 起施行；{}）",
            std_ref.title.zh,
            std_ref.id,
            std_ref.edition,
            std_ref.effective,
            std_ref.edition_reason.zh
        ),
        Lang::En => format!(
            "{} ({} edition {}, in force from {}; {})",
            std_ref.title.en,
            std_ref.id,
            std_ref.edition,
            std_ref.effective,
            std_ref.edition_reason.en
        ),
    };
    let mut digests = vec![Digest {
        what: pick(lang, "标准", "Standard").to_owned(),
        name: format!("{} {}", std_ref.id, std_ref.edition),
        sha256: std_ref.sha256.clone(),
    }];
    digests.extend(report.inputs.iter().map(|i| Digest {
        what: pick(lang, "申报文件", "Submission").to_owned(),
        name: words::file_name(&i.path),
        sha256: i.sha256.clone(),
    }));
    let titles: BTreeMap<&str, &Text> = report
        .rules
        .iter()
        .map(|r| (r.id.as_str(), &r.title))
        .collect();
    Opinion {
        lang: pick(lang, "zh", "en").to_owned(),
        title: pick(lang, LABELS[0].1, LABELS[0].2).to_owned(),
        doc_number: doc_number.to_owned(),
        date: report.date.clone().unwrap_or_default(),
        project: project_text(report, "name").unwrap_or_default(),
        header: header(report, lang),
        documents,
        standard,
        basis: report
            .basis
            .iter()
            .map(|t| t.get(lang).to_owned())
            .collect(),
        overall,
        near_misses: items(&report.near_misses, report, lang),
        disagreements: report
            .crosscheck
            .iter()
            .map(|d| Disagreement {
                what: d.what.get(lang).to_owned(),
                submission: format!(
                    "{}{}{}{}",
                    d.submission,
                    pick(lang, "（", " ("),
                    d.submission_at.at,
                    pick(lang, "）", ")")
                ),
                attachment: format!(
                    "{}{}{}{}",
                    d.attachment,
                    pick(lang, "（", " ("),
                    d.attachment_at,
                    pick(lang, "）", ")")
                ),
            })
            .collect(),
        waivers: report
            .waivers
            .iter()
            .map(|w| Waiver {
                rule: w.rule.clone(),
                title: titles
                    .get(w.rule.as_str())
                    .map(|t| t.get(lang).to_owned())
                    .unwrap_or_default(),
                reason: w.reason.clone(),
                approval: format!("{} {}", w.approver, w.document),
                validity: format!("{} – {}", w.date, w.expires.as_deref().unwrap_or("—")),
                conditions: if w.conditions.is_empty() {
                    "—".to_owned()
                } else {
                    w.conditions.join(pick(lang, "；", "; "))
                },
                status: w.status_label.get(lang).to_owned(),
            })
            .collect(),
        figures: report
            .verify
            .iter()
            .map(|v| Figure {
                title: v.title.get(lang).to_owned(),
                value: v.value_label.get(lang).to_owned(),
                rules: v.rules.join(pick(lang, "、", ", ")),
            })
            .collect(),
        mandatory,
        other,
        conclusion,
        t: labels(lang),
        tool: format!("{} {}", report.tool.name, report.tool.version),
        digests,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_exists_in_both_languages() {
        for (k, zh, en) in LABELS {
            assert!(!zh.is_empty() && !en.is_empty(), "{k}");
        }
        assert_eq!(labels(Lang::Zh).len(), LABELS.len(), "duplicate keys");
    }
}
