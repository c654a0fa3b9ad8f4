//! Overlays (`extends`): adding rules, tightening, raising; refusing to weaken with both places.

use anfang::standard::{Layer, load_layers};

use crate::common::root;

fn mini() -> Layer {
    let dir = root().join("tests/fixtures/standards/mini");
    let files = ["standard.yaml", "example-base.yaml", "rules/test.yaml"]
        .iter()
        .map(|f| {
            (
                (*f).to_owned(),
                std::fs::read_to_string(dir.join(f)).expect("fixture"),
            )
        })
        .collect();
    Layer {
        root: "mini".into(),
        files,
        dir: None,
    }
}

fn overlay(rules: &str) -> Layer {
    let std = "id: local\nedition: \"1\"\ntitle: { zh: 地方标准, en: Local standard }\neffective: 2026-06-01\nextends: mini\n";
    Layer {
        root: "local".into(),
        files: vec![
            ("standard.yaml".into(), std.into()),
            ("rules/local.yaml".into(), rules.into()),
        ],
        dir: None,
    }
}

fn problems(rules: &str) -> String {
    match load_layers(vec![mini(), overlay(rules)], "test") {
        Ok(_) => panic!("the overlay loaded"),
        Err(p) => p
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn overlay_tightens_raises_and_keeps_the_base() {
    let std = load_layers(vec![mini(), overlay("tighten:\n  parameters:\n    retention_days: { value: 60 }\n  obligations:\n    ACC-001: shall\n")], "test").expect("loads");
    assert_eq!(std.id, "local");
    assert_eq!(std.rules.len(), 3, "the base's rules apply");
    assert_eq!(
        std.rule("ACC-001").map(|r| r.obligation.id()),
        Some("shall")
    );
    let p = std
        .parameters
        .iter()
        .find(|p| p.name == "retention_days")
        .expect("param");
    assert_eq!(p.value, 60);
    assert_eq!(
        p.by_level.get("level1"),
        Some(&serde_json::json!(90)),
        "by_level of the base is kept"
    );
}

#[test]
fn loosening_a_mandatory_bound_is_refused_with_both_places() {
    let e = problems("tighten:\n  parameters:\n    retention_days: { value: 15 }\n");
    assert!(e.contains("local/rules/local.yaml:3:"), "{e}");
    assert!(e.contains("loosens `retention_days`"), "{e}");
    assert!(
        e.contains("VID-001 (mandatory clause) lowers 30 to 15"),
        "{e}"
    );
    assert!(
        e.contains("the base defines it at mini/standard.yaml:"),
        "{e}"
    );
}

#[test]
fn lowering_dropping_or_replacing_a_mandatory_rule_is_refused() {
    let e = problems("tighten:\n  obligations:\n    STF-001: should\n");
    assert!(
        e.contains(
            "lowers STF-001 from shall to should; the base defines it at mini/rules/test.yaml:"
        ),
        "{e}"
    );
    let e = problems("remove: [VID-001]\n");
    assert!(
        e.contains(
            "drops VID-001, a mandatory clause; the base defines it at mini/rules/test.yaml:2:"
        ),
        "{e}"
    );
    let base =
        std::fs::read_to_string(root().join("tests/fixtures/standards/mini/rules/test.yaml"))
            .expect("fixture");
    let vid = base
        .split("  - id: ACC-001")
        .next()
        .expect("first rule")
        .replace("obligation: mandatory", "obligation: should");
    let e = problems(&vid);
    assert!(e.contains("lowers the obligation of VID-001 (mandatory clause); the base defines it at mini/rules/test.yaml:2:"), "{e}");
}

#[test]
fn removing_a_should_rule_and_replacing_text_are_allowed() {
    let std = load_layers(vec![mini(), overlay("remove: [ACC-001]\n")], "test").expect("loads");
    assert!(std.rule("ACC-001").is_none());
    let base =
        std::fs::read_to_string(root().join("tests/fixtures/standards/mini/rules/test.yaml"))
            .expect("fixture");
    let vid = base
        .split("  - id: ACC-001")
        .next()
        .expect("first rule")
        .replace("录像保存时间不足", "录像保存时间不足（大理州）");
    let std = load_layers(vec![mini(), overlay(&vid)], "test").expect("loads");
    assert_eq!(
        std.rule("VID-001").map(|r| r.title.zh.as_str()),
        Some("录像保存时间不足（大理州）")
    );
}

#[test]
fn tighten_in_a_base_and_unknown_names_are_errors() {
    let e = problems("tighten:\n  parameters:\n    retention_dais: { value: 60 }\n");
    assert!(
        e.contains("unknown parameter `retention_dais`")
            && e.contains("did you mean `retention_days`?"),
        "{e}"
    );
    let mut base = mini();
    if let Some(f) = base.files.iter_mut().find(|(p, _)| p == "rules/test.yaml") {
        f.1.push_str("tighten: {}\n");
    }
    let e = match load_layers(vec![base], "test") {
        Ok(_) => panic!("loaded"),
        Err(p) => p
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    };
    assert!(e.contains("`tighten` is for overlays"), "{e}");
}

#[test]
fn the_weakening_fixture_is_refused_on_the_command_line_with_both_places() {
    let out = crate::common::anfang(&["rules", "--standard", "tests/fixtures/standards/weakening"]);
    let err = crate::common::stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("tests/fixtures/standards/weakening/rules/weak.yaml:"),
        "{err}"
    );
    assert!(
        err.contains("the base defines it at standards/cn-baseline/"),
        "{err}"
    );
    assert!(err.contains("loosens `video_retention_days`"), "{err}");
}
