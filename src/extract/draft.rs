//! Writing a draft submission (YAML) from recognised facts, each value commented with where it
//! came from, and what a reviewer must fill in or check.

use std::fmt::Write as _;

use serde_json::Value;

use super::recognise::{Provenance, Recognised};
use super::reconcile::Lot;

/// A node of the draft: a value with its comment, or a mapping in insertion order.
enum Node {
    Leaf(Value, String),
    Map(Vec<(String, Node)>),
}

fn insert(map: &mut Vec<(String, Node)>, path: &[&str], value: Value, comment: String) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        map.retain(|(k, _)| k != first);
        map.push(((*first).to_owned(), Node::Leaf(value, comment)));
        return;
    }
    if !map
        .iter()
        .any(|(k, n)| k == first && matches!(n, Node::Map(_)))
    {
        map.push(((*first).to_owned(), Node::Map(Vec::new())));
    }
    if let Some((_, Node::Map(inner))) = map
        .iter_mut()
        .find(|(k, n)| k == first && matches!(n, Node::Map(_)))
    {
        insert(inner, rest, value, comment);
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        other => other.to_string(),
    }
}

fn emit(out: &mut String, map: &[(String, Node)], indent: usize) {
    let pad = " ".repeat(indent);
    for (k, n) in map {
        match n {
            Node::Leaf(v, c) => {
                let _ = writeln!(
                    out,
                    "{pad}{k}: {}{}",
                    scalar(v),
                    if c.is_empty() {
                        String::new()
                    } else {
                        format!("  # {c}")
                    }
                );
            }
            Node::Map(inner) => {
                let _ = writeln!(out, "{pad}{k}:");
                emit(out, inner, indent + 2);
            }
        }
    }
}

fn source_comment(file: &str, p: &Provenance) -> String {
    format!("{file} p.{} l.{}", p.page, p.line)
}

/// Fields a submission must have that a design document rarely states in one line.
pub const REQUIRED: &[(&str, &str)] = &[
    ("project.id", "项目编号 / project number"),
    ("project.name", "项目名称 / project name"),
    ("project.kind", "new_build | renovation | expansion"),
    ("project.phase", "design_review | acceptance"),
    ("project.protection_level", "level3 | level2 | level1"),
];

/// The draft YAML. Values the document did not give but a submission needs are written as
/// `"待填写"` (to fill in) and listed in the header, so that `anfang validate` names them. The
/// equipment schedule is `lots`: the document's rows reconciled with the equipment lists
/// ([`super::reconcile`]), each commented with every place that states it.
pub fn draft_yaml(file: &str, sha256: &str, r: &Recognised, lots: &[Lot]) -> String {
    let mut root: Vec<(String, Node)> = Vec::new();
    for (field, hint) in REQUIRED {
        if !r.values.iter().any(|v| v.field == *field) {
            let path: Vec<&str> = field.split('.').collect();
            insert(
                &mut root,
                &path,
                Value::from("待填写"),
                format!("待填写 / fill in: {hint}"),
            );
        }
    }
    for v in &r.values {
        let mut comment = source_comment(file, &v.from);
        if let Some(why) = &v.review {
            comment.push_str(&format!("；待核实 / review: {why}"));
        }
        let path: Vec<&str> = v.field.split('.').collect();
        insert(&mut root, &path, v.value.clone(), comment);
    }
    // Keep the model's section order.
    const ORDER: &[&str] = &[
        "project",
        "site",
        "technical",
        "physical",
        "staffing",
        "monitoring_centre",
        "network",
        "acceptance",
    ];
    root.sort_by_key(|(k, _)| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# anfang extract: 由设计文件自动提取的申报草稿 / draft submission extracted from a design document"
    );
    let _ = writeln!(out, "# 来源 / source: {file} (sha256 {sha256})");
    let _ = writeln!(
        out,
        "# 每个值后注明页码和行号；标“待填写”“待核实”的须人工补充或核对后再报审。"
    );
    let _ = writeln!(
        out,
        "# Each value names its page and line; fill in or check everything marked 待填写 / 待核实 before submitting."
    );
    for o in &r.observations {
        let _ = writeln!(
            out,
            "# 注 / note: {} = {} ({}): 请分别填入对应的各个设施 / enter it on each element",
            o.field,
            o.value,
            source_comment(file, &o.from)
        );
    }
    emit(&mut out, &root, 0);
    if !lots.is_empty() {
        let _ = writeln!(out, "equipment:  # 设备清单 / equipment schedule");
        for lot in lots {
            let mut places: Vec<String> = lot
                .document
                .iter()
                .map(|p| source_comment(file, p))
                .collect();
            places.extend(lot.listed.iter().map(ToString::to_string));
            let mut comment = places.join("；");
            if !lot.review.is_empty() {
                comment.push_str(&format!("；待核实 / review: {}", lot.review.join("；")));
            }
            // a row whose name could not be read is written 待填写, so that validate names it
            let it = &lot.item;
            let name = if it.name.trim().is_empty() {
                "待填写"
            } else {
                it.name.as_str()
            };
            let _ = writeln!(out, "  - name: {}  # {comment}", scalar(&Value::from(name)));
            for (k, v) in [
                ("model", &it.model),
                ("unit", &it.unit),
                ("location", &it.location),
                ("remark", &it.remark),
            ] {
                if let Some(v) = v {
                    let _ = writeln!(out, "    {k}: {}", scalar(&Value::from(v.as_str())));
                }
            }
            if let Some(q) = it.quantity {
                let _ = writeln!(out, "    quantity: {q}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::recognise::{Extracted, TableRow};
    use super::*;

    #[test]
    fn draft_is_yaml_with_sources_and_placeholders() {
        let from = |line| Provenance {
            page: 2,
            line,
            text: String::new(),
        };
        let r = Recognised {
            values: vec![
                Extracted {
                    field: "project.name".into(),
                    value: Value::from("苍洱雅园"),
                    from: from(1),
                    review: None,
                    section: None,
                },
                Extracted {
                    field: "technical.video_storage.retention_days".into(),
                    value: Value::from(30),
                    from: from(7),
                    review: Some("no unit".into()),
                    section: None,
                },
            ],
            equipment: vec![TableRow {
                name: "高清网络摄像机".into(),
                model: Some("DS-2CD3T47".into()),
                quantity: Some(48),
                unit: Some("台".into()),
                location: None,
                remark: None,
                from: from(9),
                review: None,
            }],
            ..Recognised::default()
        };
        let lots = super::super::reconcile("d.pdf", &r.equipment, &[]).lots;
        let y = draft_yaml("d.pdf", "abc", &r, &lots);
        assert!(y.contains("  name: \"苍洱雅园\"  # d.pdf p.2 l.1\n"), "{y}");
        assert!(
            y.contains("    retention_days: 30  # d.pdf p.2 l.7；待核实 / review: no unit"),
            "{y}"
        );
        assert!(y.contains("  id: \"待填写\""), "{y}");
        assert!(y.contains("  - name: \"高清网络摄像机\"  # d.pdf p.2 l.9\n    model: \"DS-2CD3T47\"\n    unit: \"台\"\n    quantity: 48\n"), "{y}");
        let doc = crate::ingest::parse(
            crate::ingest::Source::from_text("d.yaml", y),
            crate::ingest::Format::Yaml,
        )
        .unwrap();
        assert_eq!(
            doc.value["technical"]["video_storage"]["retention_days"],
            30
        );
    }
}
