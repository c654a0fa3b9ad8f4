//! Resubmission deltas (复审对比): what changed between two rounds of one submission's review.
//!
//! Findings are matched by rule and subject (the subject's name or id when it has one, else its
//! JSON pointer, so a camera inserted earlier in a list does not shuffle the matching). An open
//! finding is a `fail` or a `cannot_evaluate`; a finding is **fixed** when it was open in the
//! old round and is not open in the new one (passed, not applicable, or gone), **still failing**
//! when open in both, **newly failing** when open only in the new round, and **now waived** when
//! the new round excuses it. A finding that cannot be evaluated in the new round (the data is
//! still, or newly, missing) is listed apart from failures: it asks for information, not for a
//! change of the design. Counts are of rules (a rule failing on 28 cameras counts once); the
//! subjects are listed with each rule. Waivers are matched by rule and approval document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::Text;

/// The parts of a JSON report (`anfang check --format json`) a delta reads.
#[derive(Debug, Clone, Deserialize)]
pub struct ReportView {
    /// `anfang-report/1`.
    pub format: String,
    /// The standard.
    pub standard: StandardView,
    /// Inputs.
    #[serde(default)]
    pub inputs: Vec<InputView>,
    /// The project section.
    #[serde(default)]
    pub project: Value,
    /// Verdict id.
    pub verdict: String,
    /// Verdict labels.
    pub verdict_label: Text,
    /// Findings.
    #[serde(default)]
    pub findings: Vec<FindingView>,
    /// Waivers.
    #[serde(default)]
    pub waivers: Vec<WaiverView>,
}

/// The standard of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardView {
    /// Id.
    pub id: String,
    /// Edition.
    pub edition: String,
    /// SHA-256.
    pub sha256: String,
}

/// An input of a report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputView {
    /// Path.
    pub path: String,
    /// SHA-256.
    pub sha256: String,
}

/// Where a finding stands.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LocationView {
    /// File.
    pub file: String,
    /// Line.
    pub line: Option<usize>,
    /// Column.
    pub column: Option<usize>,
}

/// A finding of a report.
#[derive(Debug, Clone, Deserialize)]
pub struct FindingView {
    /// Rule id.
    pub rule: String,
    /// Title.
    pub title: Text,
    /// Clause line.
    #[serde(default)]
    pub clause: String,
    /// Clause line in each language (reports of this version).
    #[serde(default)]
    pub clause_label: Option<Text>,
    /// Obligation.
    pub obligation: String,
    /// Category.
    pub category: String,
    /// Outcome.
    pub outcome: String,
    /// Subject pointer.
    pub subject: String,
    /// Subject label.
    #[serde(default)]
    pub subject_label: String,
    /// Location.
    #[serde(default)]
    pub location: LocationView,
    /// Message.
    pub message: Text,
    /// What was found without the subject's name (reports of this version).
    #[serde(default)]
    pub statement: Option<Text>,
}

/// A waiver of a report.
#[derive(Debug, Clone, Deserialize)]
pub struct WaiverView {
    /// Rule id.
    pub rule: String,
    /// Approval document.
    pub document: String,
    /// Status.
    pub status: String,
    /// Status, labelled.
    #[serde(default)]
    pub status_label: Option<Text>,
    /// Expiry.
    #[serde(default)]
    pub expires: Option<String>,
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The file compared (report or submission).
    pub file: String,
    /// The submission's path and digest.
    pub input: Option<InputView>,
    /// Project name.
    pub project: String,
    /// Project number (`project.id`).
    pub project_id: String,
    /// Verdict id.
    pub verdict: String,
    /// Verdict labels.
    pub verdict_label: Text,
    /// Standard.
    pub standard: StandardView,
}

/// A finding in the delta.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Rule id.
    pub rule: String,
    /// Title.
    pub title: Text,
    /// Clause line.
    pub clause: String,
    /// Clause line in each language.
    pub clause_label: Text,
    /// Obligation.
    pub obligation: String,
    /// Category.
    pub category: String,
    /// Subject pointer (in the newer round when present there).
    pub subject: String,
    /// Subject label.
    pub subject_label: String,
    /// Outcome in the old round (`null`: passed or not applicable).
    pub old_outcome: Option<String>,
    /// Outcome in the new round (`null`: passed or not applicable).
    pub new_outcome: Option<String>,
    /// The old outcome, labelled.
    pub old_label: Text,
    /// The new outcome, labelled.
    pub new_label: Text,
    /// The message (the newer round's when it has one).
    pub message: Text,
    /// The message without the subject's name.
    pub statement: Text,
    /// Where (the newer round's place when it has one).
    pub location: LocationView,
}

/// The items of one rule, for documents (a rule failing on 28 cameras is one paragraph).
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Rule id.
    pub rule: String,
    /// Title.
    pub title: Text,
    /// Clause line.
    pub clause: String,
    /// Clause line in each language.
    pub clause_label: Text,
    /// Obligation.
    pub obligation: String,
    /// Category.
    pub category: String,
    /// The subjects.
    pub items: Vec<Item>,
}

/// Groups items by rule, keeping their order.
pub fn group(items: &[Item]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for i in items {
        match out.last_mut() {
            Some(g) if g.rule == i.rule => g.items.push(i.clone()),
            _ => out.push(Group {
                rule: i.rule.clone(),
                title: i.title.clone(),
                clause: i.clause.clone(),
                clause_label: i.clause_label.clone(),
                obligation: i.obligation.clone(),
                category: i.category.clone(),
                items: vec![i.clone()],
            }),
        }
    }
    out
}

/// A waiver that changed between the rounds.
#[derive(Debug, Clone, Serialize)]
pub struct WaiverChange {
    /// Rule id.
    pub rule: String,
    /// Approval document.
    pub document: String,
    /// added | removed | status | expiry.
    pub change: String,
    /// Old status.
    pub old_status: Option<String>,
    /// New status.
    pub new_status: Option<String>,
    /// Old status, labelled.
    pub old_label: Option<Text>,
    /// New status, labelled.
    pub new_label: Option<Text>,
    /// Old expiry.
    pub old_expires: Option<String>,
    /// New expiry.
    pub new_expires: Option<String>,
}

/// Counts of the delta, in rules (a rule failing on 28 cameras counts once).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct DeltaCounts {
    /// Fixed.
    pub fixed: usize,
    /// Still failing.
    pub still_failing: usize,
    /// Newly failing.
    pub newly_failing: usize,
    /// Cannot be evaluated in the new round (information still or newly missing).
    pub cannot_evaluate: usize,
    /// Now waived.
    pub now_waived: usize,
    /// Changed waivers.
    pub waivers: usize,
}

/// The delta between two rounds.
#[derive(Debug, Clone, Serialize)]
pub struct Delta {
    /// `anfang-delta/1`.
    pub format: String,
    /// The earlier round.
    pub old: Side,
    /// The later round.
    pub new: Side,
    /// Both rounds were checked against the same standard edition (same digest).
    pub same_standard: bool,
    /// Counts.
    pub counts: DeltaCounts,
    /// Open before, not open now.
    pub fixed: Vec<Item>,
    /// Open in both.
    pub still_failing: Vec<Item>,
    /// Open only now.
    pub newly_failing: Vec<Item>,
    /// Cannot be evaluated now (the data is still, or newly, missing).
    pub cannot_evaluate: Vec<Item>,
    /// Open before, waived now.
    pub now_waived: Vec<Item>,
    /// Waivers added, removed, or whose status or expiry changed.
    pub waivers: Vec<WaiverChange>,
}

fn is_open(outcome: &str) -> bool {
    matches!(outcome, "fail" | "cannot_evaluate")
}

/// Findings keyed by (rule, subject name or pointer, occurrence).
fn keyed(findings: &[FindingView]) -> BTreeMap<(String, String, usize), &FindingView> {
    let mut out = BTreeMap::new();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in findings {
        let subject = if f.subject_label.is_empty() {
            f.subject.clone()
        } else {
            f.subject_label.clone()
        };
        let n = seen.entry((f.rule.clone(), subject.clone())).or_default();
        out.insert((f.rule.clone(), subject, *n), f);
        *n += 1;
    }
    out
}

fn item(old: Option<&FindingView>, new: Option<&FindingView>) -> Option<Item> {
    let f = new.or(old)?;
    Some(Item {
        rule: f.rule.clone(),
        title: f.title.clone(),
        clause: f.clause.clone(),
        clause_label: f
            .clause_label
            .clone()
            .unwrap_or_else(|| Text::new(f.clause.clone(), f.clause.clone())),
        obligation: f.obligation.clone(),
        category: f.category.clone(),
        subject: f.subject.clone(),
        subject_label: f.subject_label.clone(),
        old_outcome: old.map(|o| o.outcome.clone()),
        new_outcome: new.map(|n| n.outcome.clone()),
        old_label: outcome_label(old.map(|o| o.outcome.as_str())),
        new_label: outcome_label(new.map(|n| n.outcome.as_str())),
        message: f.message.clone(),
        statement: f.statement.clone().unwrap_or_else(|| f.message.clone()),
        location: f.location.clone(),
    })
}

fn side(file: &str, r: &ReportView) -> Side {
    Side {
        file: file.to_owned(),
        input: r.inputs.first().cloned(),
        project: r
            .project
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        project_id: r
            .project
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        verdict: r.verdict.clone(),
        verdict_label: r.verdict_label.clone(),
        standard: r.standard.clone(),
    }
}

/// Compares two rounds.
pub fn delta(old_file: &str, old: &ReportView, new_file: &str, new: &ReportView) -> Delta {
    let before = keyed(&old.findings);
    let after = keyed(&new.findings);
    let (mut fixed, mut still, mut newly, mut waived) = (vec![], vec![], vec![], vec![]);
    let mut missing = vec![];
    for (k, o) in &before {
        if !is_open(&o.outcome) {
            continue;
        }
        let n = after.get(k).copied();
        match n.map(|n| n.outcome.as_str()) {
            Some("cannot_evaluate") => missing.extend(item(Some(o), n)),
            Some(x) if is_open(x) => still.extend(item(Some(o), n)),
            Some("waived") => waived.extend(item(Some(o), n)),
            _ => fixed.extend(item(Some(o), n)),
        }
    }
    for (k, n) in &after {
        if !is_open(&n.outcome) {
            continue;
        }
        let o = before.get(k).copied();
        if !o.is_some_and(|o| is_open(&o.outcome)) {
            if n.outcome == "cannot_evaluate" {
                missing.extend(item(o, Some(n)));
            } else {
                newly.extend(item(o, Some(n)));
            }
        }
    }
    for list in [
        &mut fixed,
        &mut still,
        &mut newly,
        &mut waived,
        &mut missing,
    ] {
        list.sort_by(|a, b| a.rule.cmp(&b.rule));
    }
    let waiver_key = |w: &WaiverView| (w.rule.clone(), w.document.clone());
    let old_w: BTreeMap<_, _> = old.waivers.iter().map(|w| (waiver_key(w), w)).collect();
    let new_w: BTreeMap<_, _> = new.waivers.iter().map(|w| (waiver_key(w), w)).collect();
    let mut waivers = Vec::new();
    let mut keys: Vec<_> = old_w.keys().chain(new_w.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let (o, n) = (old_w.get(&k), new_w.get(&k));
        let change = match (o, n) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            (Some(o), Some(n)) if o.status != n.status => "status",
            (Some(o), Some(n)) if o.expires != n.expires => "expiry",
            _ => continue,
        };
        waivers.push(WaiverChange {
            rule: k.0.clone(),
            document: k.1.clone(),
            change: change.to_owned(),
            old_status: o.map(|w| w.status.clone()),
            new_status: n.map(|w| w.status.clone()),
            old_label: o.map(|w| status_label(w)),
            new_label: n.map(|w| status_label(w)),
            old_expires: o.and_then(|w| w.expires.clone()),
            new_expires: n.and_then(|w| w.expires.clone()),
        });
    }
    Delta {
        format: "anfang-delta/1".into(),
        old: side(old_file, old),
        new: side(new_file, new),
        same_standard: old.standard == new.standard,
        counts: DeltaCounts {
            fixed: rules(&fixed),
            still_failing: rules(&still),
            newly_failing: rules(&newly),
            cannot_evaluate: rules(&missing),
            now_waived: rules(&waived),
            waivers: waivers.len(),
        },
        fixed,
        still_failing: still,
        newly_failing: newly,
        cannot_evaluate: missing,
        now_waived: waived,
        waivers,
    }
}

/// How many rules the items belong to.
fn rules(items: &[Item]) -> usize {
    let mut ids: Vec<&str> = items.iter().map(|i| i.rule.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// A waiver's status labelled: the report's label, else one known here.
fn status_label(w: &WaiverView) -> Text {
    w.status_label
        .clone()
        .unwrap_or_else(|| match w.status.as_str() {
            "in_force" => Text::new("有效", "in force"),
            "expired" => Text::new("已过期", "expired"),
            "refused" => Text::new("不予适用", "refused"),
            "unmatched" => Text::new("未对应任何问题", "unmatched"),
            "not_yet_valid" => Text::new("尚未生效", "not yet valid"),
            other => Text::new(other, other),
        })
}

/// Outcome labels for the delta's documents.
pub fn outcome_label(outcome: Option<&str>) -> Text {
    match outcome {
        Some("fail") => Text::new("不符合", "fail"),
        Some("cannot_evaluate") => Text::new("需补充资料", "information required"),
        Some("waived") => Text::new("已豁免", "waived"),
        Some("pass") => Text::new("符合（临界）", "pass (near miss)"),
        Some(other) => Text::new(other, other),
        None => Text::new("符合或不适用", "pass or not applicable"),
    }
}
