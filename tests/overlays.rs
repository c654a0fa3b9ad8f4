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
    let std = "id: local\nedition: \"1\"\ntitle: { zh: 地方标准, en: Local standard }\neffective: 2026-06-01\nextends: mini\nsources:\n  LOC: { zh: 地方文件, en: Local document, kind: local, region: [\"53\"] }\n";
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
    load_problems(vec![mini(), overlay(rules)])
}

#[test]
fn overlay_tightens_raises_and_keeps_the_base() {
    let std = load_layers(vec![mini(), overlay("tighten:\n  parameters:\n    retention_days: { value: 60, source: LOC, clause: \"3.1\" }\n  obligations:\n    ACC-001: shall\n")], "test").expect("loads");
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
    let e = problems(
        "tighten:\n  parameters:\n    retention_days: { value: 15, source: LOC, clause: \"3.1\" }\n",
    );
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
    let e = problems(
        "tighten:\n  parameters:\n    retention_dais: { value: 60, source: LOC, clause: \"3.1\" }\n",
    );
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

fn mini_with_policy(policy: &str) -> Layer {
    let mut base = mini();
    if let Some(f) = base.files.iter_mut().find(|(p, _)| p == "standard.yaml") {
        f.1.push_str(policy);
    }
    base
}

fn overlay_std(extra: &str) -> Layer {
    let std = format!(
        "id: local\nedition: \"1\"\ntitle: {{ zh: 地方标准, en: Local standard }}\neffective: 2026-06-01\nextends: mini\nsources:\n  LOC: {{ zh: 地方文件, en: Local document, kind: local, region: [\"53\"] }}\n{extra}"
    );
    Layer {
        root: "local".into(),
        files: vec![("standard.yaml".into(), std)],
        dir: None,
    }
}

/// The load problems of the layers, one a line (they must not load).
fn load_problems(layers: Vec<Layer>) -> String {
    match load_layers(layers, "test") {
        Ok(_) => panic!("the overlay loaded"),
        Err(p) => p
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn an_overlay_may_not_loosen_the_verdict_policy_and_both_places_are_named() {
    let base = "verdict_policy:\n  fail: [mandatory, shall, legal]\n";
    let e = load_problems(vec![
        mini_with_policy(base),
        overlay_std("verdict_policy:\n  fail: [mandatory, legal]\n"),
    ]);
    assert!(
        e.contains("local/standard.yaml:") && e.contains("the overlay's verdict policy is looser than its base's: a failed `shall` rule gives"),
        "{e}"
    );
    assert!(
        e.contains("the base defines it at mini/standard.yaml:"),
        "{e}"
    );
    // `fail: []` would turn a mandatory failure into 基本通过: refused even in a base.
    let e = load_problems(vec![mini(), overlay_std("verdict_policy:\n  fail: []\n")]);
    assert!(
        e.contains("a failed `mandatory` rule must make the verdict 不通过 fail"),
        "{e}"
    );
    assert!(e.contains("the base uses the default policy"), "{e}");
}

#[test]
fn an_overlay_without_a_policy_inherits_its_base_policy_and_may_make_it_stricter() {
    let strict = "verdict_policy:\n  incomplete: [mandatory, shall, legal, should]\n";
    let std = load_layers(vec![mini_with_policy(strict), overlay_std("")], "test").expect("loads");
    assert!(
        std.policy
            .incomplete
            .contains(&anfang::standard::Obligation::Should),
        "the base's policy is inherited: {:?}",
        std.policy
    );
    let stricter = "verdict_policy:\n  fail: [mandatory, shall, legal, should]\n";
    let std = load_layers(vec![mini(), overlay_std(stricter)], "test").expect("loads");
    assert!(
        std.policy
            .fail
            .contains(&anfang::standard::Obligation::Should)
    );
}

#[test]
fn a_tightened_figure_and_an_adoption_name_the_overlays_document() {
    let e = problems("tighten:\n  parameters:\n    retention_days: { value: 60 }\n");
    assert!(
        e.contains("the overlay does not say which document sets this"),
        "{e}"
    );
    let e = problems("adopt:\n  ACC-001: { source: NOPE, clause: \"1\" }\n");
    assert!(e.contains("unknown source `NOPE`"), "{e}");
    let e = problems("adopt:\n  STF-001: { source: LOC, clause: \"4.1\" }\n");
    assert!(
        e.contains("STF-001 is a national rule: it binds already"),
        "{e}"
    );
    // An advisory base rule, adopted by the overlay's document, binds.
    let mut base = mini();
    if let Some(f) = base.files.iter_mut().find(|(p, _)| p == "rules/test.yaml") {
        f.1 = f.1.replacen(
            "    provenance: national\n    deviation:",
            "    provenance: advisory\n    deviation:",
            1,
        );
    }
    let advisory = load_layers(vec![base.clone(), overlay_std("")], "test").expect("loads");
    let rule = advisory.rule("ACC-001").expect("rule");
    assert_eq!(
        advisory.provenance_of(rule),
        anfang::standard::Provenance::Advisory
    );
    let std = load_layers(
        vec![
            base,
            overlay_std("adopt:\n  ACC-001: { source: LOC, clause: \"4.1\" }\n"),
        ],
        "test",
    )
    .expect("loads");
    let rule = std.rule("ACC-001").expect("rule");
    assert_eq!(
        rule.adopted.as_ref().map(|c| c.clause.as_str()),
        Some("4.1")
    );
    assert_eq!(
        std.provenance_of(rule),
        anfang::standard::Provenance::Local,
        "an adopted advisory rule binds"
    );
}

/// A submission in Dali (532901) keeping video `days`, filed for the example's 2026.1 edition.
fn retention_submission(days: u32) -> (tempfile::TempDir, String) {
    let text = format!(
        "project: {{ id: X, name: 测试, region_code: \"532901\", kind: new_build, phase: design_review, protection_level: level3, filing_date: 2026-08-01 }}\ntechnical:\n  video_storage: {{ retention_days: {days} }}\n"
    );
    let (dir, p) = crate::common::temp_file("s.yaml", text.as_bytes());
    (dir, p.display().to_string())
}

fn vid005(days: u32) -> serde_json::Value {
    let (_d, p) = retention_submission(days);
    let report =
        crate::common::check_json(&p, &["--standard", "standards/examples/prefecture-overlay"]);
    assert_eq!(report["standard"]["edition"], "2026.1");
    crate::common::finding_of(&report, "VID-005")
}

#[test]
fn a_failure_only_the_overlays_figure_causes_is_the_overlays_local_requirement() {
    // 45 days meet GB 55029's 30 but not the example's 90: a local `shall` citing the example
    // document, never "违反强制性条文 … GB 55029 要求 ≥ 90 天".
    let f = vid005(45);
    assert_eq!(f["outcome"], "fail", "{f}");
    assert_eq!(f["obligation"], "shall", "{f}");
    assert_eq!(f["provenance"], "local", "{f}");
    assert_eq!(f["clauses"][0]["source"], "EXAMPLE_GUIDE", "{f}");
    assert_eq!(f["clauses"][0]["clause"], "5.2", "{f}");
    assert_eq!(f["expected"]["zh"], "≥90天", "{f}");
    assert!(
        !f["clause_label"]["zh"]
            .as_str()
            .unwrap_or("")
            .contains("GB 55029"),
        "the national clause is not cited for the overlay's figure: {f}"
    );
    // 20 days breach the national mandatory clause itself: cited with its own figure.
    let f = vid005(20);
    assert_eq!(f["obligation"], "mandatory", "{f}");
    assert_eq!(f["provenance"], "national", "{f}");
    assert_eq!(f["clauses"][0]["source"], "GB55029", "{f}");
    assert_eq!(f["expected"]["zh"], "≥30天（叠加标准要求 ≥90天）", "{f}");
    // 90 days pass.
    assert!(vid005(90).is_null());
}
