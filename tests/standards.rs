//! The reference standard loads, its examples behave, and bad rule files are refused with places.

use anfang::standard::{embedded, load_builtin, load_files};

use crate::common::*;

#[test]
fn reference_standard_loads_with_enough_rules_in_every_category() {
    let std = load_builtin(embedded::DEFAULT_STANDARD).unwrap_or_else(|p| {
        panic!(
            "{}",
            p.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(std.rules.len() >= 30, "only {} rules", std.rules.len());
    for cat in ["people", "physical", "technical"] {
        assert!(
            std.rules.iter().any(|r| r.category.id() == cat),
            "no rule in category {cat}"
        );
    }
    // the relational rules the issue names
    for kind in ["each_has", "value", "count"] {
        assert!(
            std.rules.iter().any(|r| r.check.kind() == kind),
            "no {kind} rule"
        );
    }
}

#[test]
fn every_rule_example_gives_exactly_the_expected_outcome() {
    let std = load_builtin(embedded::DEFAULT_STANDARD).expect("loads");
    let results = anfang::authoring::run_examples(
        &std,
        anfang::date::Date::parse("2026-11-27").expect("date"),
    );
    let bad: Vec<String> = results
        .iter()
        .filter(|r| !r.ok())
        .map(|r| {
            format!(
                "{} {} {} example #{}: {:?}",
                r.at,
                r.rule,
                r.expected.id(),
                r.index + 1,
                r.got
            )
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} of {} examples misbehave:\n{}",
        bad.len(),
        results.len(),
        bad.join("\n")
    );
    assert!(results.len() >= 2 * std.rules.len());
}

#[test]
fn every_cited_catalogue_row_exists_and_every_row_is_accounted_for() {
    let std = load_builtin(embedded::DEFAULT_STANDARD).expect("loads");
    let rows: Vec<String> = std::fs::read_to_string(root().join("docs/catalogue.tsv"))
        .expect("catalogue")
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next().map(str::to_owned))
        .collect();
    assert_eq!(rows.len(), 163);
    for r in &std.rules {
        for c in &r.clauses {
            if let Some(row) = &c.row {
                assert!(
                    rows.contains(row),
                    "{} cites {row}, which is not a catalogue row",
                    r.id
                );
            }
        }
    }
}

#[test]
fn standards_test_and_lint_commands_pass_on_the_reference_standard() {
    let out = anfang(&["standards", "test", "--as-of", "2026-11-27"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains(" passed, 0 failed, 0 skipped"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn rules_lists_one_rule_per_line_starting_with_its_id() {
    let out = anfang(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let std = load_builtin(embedded::DEFAULT_STANDARD).expect("loads");
    assert_eq!(text.lines().count(), std.rules.len());
    for (line, rule) in text.lines().zip(&std.rules) {
        assert!(line.starts_with(&rule.id), "{line}");
    }
    let out = anfang(&["rules", "--category", "people"]);
    assert!(
        stdout(&out).lines().all(|l| l.contains(" people ")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn explain_prints_docs_clause_and_examples() {
    let std = load_builtin(embedded::DEFAULT_STANDARD).expect("loads");
    let rule = &std.rules[0];
    let out = anfang(&["explain", &rule.id]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&rule.docs.what.zh) && text.contains("条款") && text.contains("符合示例"),
        "{text}"
    );
    let out = anfang(&["explain", "NOPE-999"]);
    assert_eq!(out.status.code(), Some(2));
}

fn mini_files() -> Vec<(String, String)> {
    let dir = root().join("tests/fixtures/standards/mini");
    ["standard.yaml", "example-base.yaml", "rules/test.yaml"]
        .iter()
        .map(|f| {
            (
                (*f).to_owned(),
                std::fs::read_to_string(dir.join(f)).expect("fixture"),
            )
        })
        .collect()
}

fn load_mini_with(from: &str, to: &str) -> String {
    let mut files = mini_files();
    let entry = files
        .iter_mut()
        .find(|(p, _)| p == "rules/test.yaml")
        .expect("file");
    assert!(entry.1.contains(from), "fixture does not contain {from:?}");
    entry.1 = entry.1.replacen(from, to, 1);
    match load_files("mini", "test", files) {
        Ok(_) => panic!("the broken standard loaded"),
        Err(problems) => problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn unknown_path_is_a_load_error_with_place_and_hint() {
    let e = load_mini_with(
        "technical.video_storage.retention_days",
        "technical.video_storage.retention_dayz",
    );
    assert!(e.contains("mini/rules/test.yaml:10:"), "{e}");
    assert!(
        e.contains("unknown path `technical.video_storage.retention_dayz`"),
        "{e}"
    );
    assert!(e.contains("did you mean `retention_days`?"), "{e}");
}

#[test]
fn unknown_kind_is_a_load_error() {
    let e = load_mini_with(
        "kind: value, field: technical",
        "kind: valu, field: technical",
    );
    assert!(
        e.contains("mini/rules/test.yaml:10:")
            && e.contains("unknown check kind `valu`")
            && e.contains("did you mean `value`?"),
        "{e}"
    );
}

#[test]
fn duplicate_id_is_a_load_error_naming_the_first() {
    let e = load_mini_with("id: STF-001", "id: VID-001");
    assert!(
        e.contains("rule id `VID-001` is already used at mini/rules/test.yaml:2:"),
        "{e}"
    );
}

#[test]
fn missing_docs_is_a_load_error() {
    let e = load_mini_with(
        "    docs: { what: { zh: 值班。, en: Duty. }, why: { zh: 及时处置。, en: Response. } }\n",
        "",
    );
    assert!(e.contains("missing `docs`"), "{e}");
    assert!(e.contains("mini/rules/test.yaml:"), "{e}");
}

#[test]
fn unknown_enum_literal_and_parameter_are_load_errors() {
    let e = load_mini_with("contains: face_capture", "contains: face_captur");
    assert!(
        e.contains("`face_captur` is not a value of `functions`; did you mean `face_capture`?"),
        "{e}"
    );
    let e = load_mini_with("param: retention_days", "param: retention_dais");
    assert!(e.contains("unknown parameter `retention_dais`"), "{e}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut files = mini_files();
    if let Some(entry) = files.iter_mut().find(|(p, _)| p == "rules/test.yaml") {
        entry.1 = entry
            .1
            .replacen(
                "kind: value, field: technical",
                "kind: valu, field: technical",
                1,
            )
            .replacen("id: STF-001", "id: VID-001", 1)
            .replacen("obligation: should", "obligation: ought", 1);
    }
    let problems: Vec<String> = load_files("mini", "test", files)
        .expect_err("refused")
        .iter()
        .map(|p| p.to_string())
        .collect();
    let all = problems.join("\n");
    assert!(all.contains("unknown check kind `valu`"), "{all}");
    assert!(all.contains("rule id `VID-001` is already used"), "{all}");
    assert!(all.contains("`ought` is not an obligation"), "{all}");
}

#[test]
fn standard_folder_given_on_the_command_line() {
    let out = anfang(&["rules", "--standard", "tests/fixtures/standards/mini"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 3);
    let out = anfang(&["standards", "test", "tests/fixtures/standards/mini"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("6 passed, 0 failed, 0 skipped"));
    let out = anfang(&["rules", "--standard", "no-such-standard"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn coverage_accounts_for_every_catalogue_row_and_committed_pages_are_current() {
    let out = anfang(&["rules", "--coverage"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains(", 0 行未处理"),
        "catalogue rows neither encoded nor explained:\n{}",
        text.lines()
            .filter(|l| l.contains("**—**"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let committed =
        std::fs::read_to_string(root().join("docs/coverage.md")).expect("docs/coverage.md");
    assert!(
        committed == text,
        "docs/coverage.md is stale: run `cargo run -- rules --coverage > docs/coverage.md`"
    );
    let reference = std::fs::read_to_string(root().join("docs/rules.md")).expect("docs/rules.md");
    assert!(
        reference == stdout(&anfang(&["rules", "--format", "markdown"])),
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn lint_passes_on_the_shipped_standards_and_flags_untraced_rules() {
    for std in [
        "standards/cn-baseline",
        "standards/dali-smart-secure",
        "standards/examples/prefecture-overlay",
        "tests/fixtures/standards/mini",
    ] {
        let out = anfang(&["standards", "lint", std]);
        assert_eq!(out.status.code(), Some(0), "{std}: {}", stdout(&out));
        assert!(
            stdout(&out).contains(" 0 lint problem(s)"),
            "{}",
            stdout(&out)
        );
    }
    let (code, text) = lint_mini_with(&[
        ("rules/test.yaml", ", row: VID-04 }", " }"),
        ("rules/test.yaml", "row: STF-01", "row: STF-99"),
    ]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("VID-001 cites no catalogue row"), "{text}");
    assert!(
        text.contains("STF-001 cites catalogue row STF-99, which does not exist"),
        "{text}"
    );
}

/// Writes the mini fixture with the given (file, from, to) replacements to a temporary folder and
/// runs `anfang standards lint` on it: (exit code, stdout + stderr).
fn lint_mini_with(edits: &[(&str, &str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("rules")).expect("rules/");
    for (rel, mut text) in mini_files() {
        for (file, from, to) in edits {
            if *file == rel {
                assert!(text.contains(from), "{rel} does not contain {from:?}");
                text = text.replacen(from, to, 1);
            }
        }
        std::fs::write(dir.path().join(&rel), text).expect("write");
    }
    let out = anfang(&["standards", "lint", &dir.path().display().to_string()]);
    (
        out.status.code(),
        format!("{}{}", stdout(&out), stderr(&out)),
    )
}

/// Lints the mini fixture with `edits`: the exit code is `code` and the output says each of
/// `says`.
fn lint_says(edits: &[(&str, &str, &str)], code: i32, says: &[&str]) {
    let (got, text) = lint_mini_with(edits);
    assert_eq!(got, Some(code), "{text}");
    for s in says {
        assert!(text.contains(s), "expected {s:?} in:\n{text}");
    }
}

#[test]
fn lint_fails_on_an_unsourced_national_figure_naming_both_places() {
    // A national rule bounded by a national parameter whose figure (45 days) no row it cites
    // states: VID-04 says 30. Both places: the parameter's and the catalogue row's.
    lint_says(
        &[("standard.yaml", "value: 30", "value: 45")],
        1,
        &[
            "national parameter `retention_days` is 45 but no national source states that figure",
            "/standard.yaml:",
            "docs/catalogue.tsv:57 (VID-04: ≥ 30 d)",
        ],
    );
    // The national rule bounded by an advisory figure is refused too.
    lint_says(
        &[(
            "standard.yaml",
            "provenance: national",
            "provenance: advisory",
        )],
        1,
        &["national rule VID-001 is bounded by `retention_days`, a advisory figure"],
    );
}

#[test]
fn lint_fails_on_a_local_rule_without_a_region() {
    let local = |to: &'static str| {
        (
            "rules/test.yaml",
            "    provenance: national\n    deviation:",
            to,
        )
    };
    // A load error (exit 2) at the rule.
    lint_says(
        &[local("    provenance: local\n    deviation:")],
        2,
        &["local rule ACC-001 has no region", "/rules/test.yaml:"],
    );
    // With a region it loads and lints clean.
    lint_says(
        &[local(
            "    provenance: local\n    region: [\"53\"]\n    deviation:",
        )],
        0,
        &[],
    );
}

#[test]
fn lint_fails_on_an_obligation_that_differs_from_its_row_without_a_reason() {
    let stf = |to: &'static str| {
        (
            "rules/test.yaml",
            "    obligation: shall\n    provenance: national\n    category: people",
            to,
        )
    };
    lint_says(
        &[stf(
            "    obligation: should\n    provenance: national\n    category: people",
        )],
        1,
        &[
            "STF-001 is `should` but the row it encodes, docs/catalogue.tsv:",
            "(STF-01: 24 h), has strength M* (service grade)",
        ],
    );
    // A written reason makes the deviation acceptable.
    lint_says(
        &[stf(
            "    obligation: should\n    provenance: national\n    deviation: { zh: 测试理由。, en: A test reason. }\n    category: people",
        )],
        0,
        &[],
    );
}

#[test]
fn lint_fails_on_a_fix_that_writes_the_default_figure() {
    let fix = |to: &'static str| {
        (
            "rules/test.yaml",
            "fix: { zh: 增加存储。, en: Add storage. }",
            to,
        )
    };
    lint_says(
        &[fix(
            "fix: { zh: 增加存储，使录像保存不少于 30 天。, en: Add storage. }",
        )],
        1,
        &["the fix of VID-001 (zh) writes 30 — the figure of parameter `retention_days`"],
    );
    lint_says(
        &[fix(
            "fix: { zh: \"增加存储，使录像保存时间{expected}。\", en: \"Add storage to keep video {expected}.\" }",
        )],
        0,
        &[],
    );
}

#[test]
fn lint_fails_on_an_overlay_with_a_looser_verdict_policy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let overlay = |policy: &str| {
        format!(
            "id: loose\nedition: \"1\"\neffective: 2026-06-01\nextends: cn-baseline\ntitle: {{ zh: 宽松叠加, en: Loose overlay }}\n{policy}"
        )
    };
    let file = dir.path().join("standard.yaml");
    std::fs::write(
        &file,
        overlay("verdict_policy:\n  fail: [mandatory, legal]\n"),
    )
    .expect("write");
    let out = anfang(&["standards", "lint", &dir.path().display().to_string()]);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("the overlay's verdict policy is looser than its base's: a failed `shall` rule gives 需补正 incomplete instead of 不通过 fail"),
        "{text}"
    );
    assert!(
        text.contains("/standard.yaml:7:3")
            && text.contains("the base defines it at standards/cn-baseline/standard.yaml:"),
        "both places: {text}"
    );
    // Stricter is allowed: a failed `should` rule fails too.
    std::fs::write(
        &file,
        overlay("verdict_policy:\n  fail: [mandatory, shall, legal, should]\n"),
    )
    .expect("write");
    let out = anfang(&["standards", "lint", &dir.path().display().to_string()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn every_shipped_rule_obligation_matches_its_catalogue_row_or_says_why() {
    // M → mandatory, M* → shall, L → legal, R → should, P → should or a parameter: checked for
    // every rule ↔ row pair of the built-in standards; a deviation carries its written reason.
    let catalogue = anfang::standard::catalogue::Catalogue::builtin();
    for id in ["cn-baseline", "dali-smart-secure"] {
        let std = load_builtin(id).expect("loads");
        for rule in &std.rules {
            let Some(row) = rule
                .clauses
                .iter()
                .find_map(|c| c.row.as_deref())
                .and_then(|r| catalogue.row(r))
            else {
                continue;
            };
            let allowed = anfang::standard::provenance::obligations_for_strength(&row.strength);
            assert!(
                allowed.contains(&rule.obligation) || rule.deviation.is_some(),
                "{id} {}: {} against {} {}",
                rule.id,
                rule.obligation,
                row.id,
                row.strength
            );
        }
    }
}

#[test]
fn ids_of_must_name_a_list_of_elements_with_ids() {
    let e = load_mini_with(
        "related_where: { functions: { contains: face_capture } }",
        "related_where: { covers: { contains_any: { ids_of: technical.video_storage } } }",
    );
    assert!(
        e.contains("`technical.video_storage` must name the elements of a list"),
        "{e}"
    );
    let e = load_mini_with(
        "related_where: { functions: { contains: face_capture } }",
        "related_where: { covers: { contains_any: { ids_of: \"technical.cameras[*].functions[*]\" } } }",
    );
    assert!(e.contains("have no `id`"), "{e}");
}
