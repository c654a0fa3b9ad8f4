//! The samples validate, the committed schema is current, and the schema validates them.

use crate::common::*;

#[test]
fn every_sample_validates() {
    let samples = samples();
    assert!(
        samples.len() >= 4,
        "expected at least four samples, found {}",
        samples.len()
    );
    for s in samples {
        let out = anfang(&["validate", &rel(&s)]);
        assert_eq!(out.status.code(), Some(0), "{}: {}", rel(&s), stderr(&out));
    }
}

#[test]
fn committed_schema_is_current() {
    let out = anfang(&["schema"]);
    let committed = std::fs::read_to_string(root().join("samples/submission.schema.json"))
        .expect("samples/submission.schema.json");
    assert!(
        committed == stdout(&out),
        "samples/submission.schema.json is stale: run `cargo run -- schema > samples/submission.schema.json`"
    );
    let out = anfang(&["schema", "--report"]);
    let committed = std::fs::read_to_string(root().join("docs/report.schema.json"))
        .expect("docs/report.schema.json");
    assert!(
        committed == stdout(&out),
        "docs/report.schema.json is stale: run `cargo run -- schema --report > docs/report.schema.json`"
    );
}

#[test]
fn schema_is_draft_2020_12_and_validates_every_sample() {
    let schema: serde_json::Value =
        serde_json::from_slice(&anfang(&["schema"]).stdout).expect("json");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::meta::validate(&schema).expect("a valid JSON Schema");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .expect("compiles");
    for s in samples() {
        let doc = anfang::ingest::read_document(&s).expect("reads");
        let errors: Vec<String> = validator
            .iter_errors(&doc.value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", rel(&s));
    }
}

#[test]
fn starter_from_init_validates_and_init_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("s.yaml").display().to_string();
    assert_eq!(anfang(&["init", &p]).status.code(), Some(0));
    let out = anfang(&["validate", &p]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = anfang(&["init", &p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"));
}

#[test]
fn json_and_toml_submissions_are_read_with_locations() {
    let doc = anfang::ingest::read_document(&root().join("samples/small-120.yaml")).expect("reads");
    let json = serde_json::to_string_pretty(&doc.value).expect("json");
    let (_d, p) = temp_file("s.json", json.as_bytes());
    let out = anfang(&["validate", &p.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let toml = "[project]\nid = \"T\"\nname = \"测试\"\nkind = \"new_build\"\nphase = \"design_review\"\nprotection_level = \"level3\"\nhouseholds = \"多\"\n";
    let (_d, p) = temp_file("s.toml", toml.as_bytes());
    let out = anfang(&["validate", &p.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("{}:7:14: /project/households", p.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn samples_cover_every_verdict_as_samples_readme_says() {
    let expected = [
        ("samples/xiaguan-new-1200.yaml", "pass", 0),
        ("samples/renovation-480-open.yaml", "conditional", 1),
        ("samples/small-120.yaml", "incomplete", 1),
        ("samples/small-120-level1.yaml", "conditional", 1),
        ("samples/erhai-large-5000.yaml", "fail", 1),
    ];
    for (sample, verdict, code) in expected {
        let out = anfang(&["check", sample, "--format", "json", "--as-of", "2026-11-27"]);
        assert_eq!(out.status.code(), Some(code), "{sample}: {}", stderr(&out));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(report["verdict"], verdict, "{sample}");
    }
    // the large sample fails for at least five distinct reasons across 人防, 物防 and 技防
    let failed = failed_findings("samples/erhai-large-5000.yaml");
    let rules: std::collections::BTreeSet<&str> =
        failed.iter().filter_map(|f| f["rule"].as_str()).collect();
    let categories: std::collections::BTreeSet<&str> = failed
        .iter()
        .filter_map(|f| f["category"].as_str())
        .collect();
    assert!(rules.len() >= 5, "{rules:?}");
    assert_eq!(categories.len(), 3, "{categories:?}");
    // samples/README.md lists every sample with the verdict this test checks
    let readme =
        std::fs::read_to_string(root().join("samples/README.md")).expect("samples/README.md");
    for (sample, verdict, _) in expected {
        let name = sample.trim_start_matches("samples/");
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{name}`")))
            .unwrap_or_else(|| panic!("samples/README.md does not list {name}"));
        assert!(
            row.contains(&format!("**{verdict}**")),
            "samples/README.md gives another verdict for {name}: {row}"
        );
    }
}

/// The failed findings of a sample's JSON report.
fn failed_findings(sample: &str) -> Vec<serde_json::Value> {
    crate::common::check_json(sample, &[])["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["outcome"] == "fail")
        .cloned()
        .collect()
}

#[test]
fn the_level1_sample_fails_only_on_figures_a_national_source_states() {
    // Its level-1 figures (90 days, police link, in-dwelling buttons, UPS 60 min, 2 operators)
    // are the reference set's own choices: advisory findings (建议 ⚠), never 不通过.
    let failed = failed_findings("samples/small-120-level1.yaml");
    assert!(!failed.is_empty());
    for f in &failed {
        assert_eq!(
            (f["provenance"].as_str(), f["verify"].as_bool()),
            (Some("advisory"), Some(true)),
            "{} fails on a figure no national source states, but is not advisory: {f}",
            f["rule"]
        );
    }
}

#[test]
fn the_same_design_passes_at_level3_and_is_conditional_at_level1() {
    let text =
        std::fs::read_to_string(root().join("samples/small-120-level1.yaml")).expect("sample");
    assert!(text.contains("protection_level: level1"));
    let (_d, p) = temp_file(
        "level3.yaml",
        text.replace("protection_level: level1", "protection_level: level3")
            .as_bytes(),
    );
    let out = anfang(&[
        "check",
        &p.display().to_string(),
        "--format",
        "json",
        "--as-of",
        "2026-11-27",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["verdict"], "pass", "{}", stdout(&out));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn samples_and_the_starter_point_editors_to_the_schema() {
    let mut files = samples();
    files.push(root().join("samples/resubmission/round1.yaml"));
    files.push(root().join("samples/resubmission/round2.yaml"));
    for f in &files {
        let text = std::fs::read_to_string(f).expect("sample");
        let first = text.lines().next().unwrap_or("");
        let schema = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: first line {first}", rel(f)));
        let path = f.parent().expect("folder").join(schema);
        assert!(path.is_file(), "{}: {schema} is not beside it", rel(f));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let starter = dir.path().join("submission.yaml");
    let o = anfang(&["init", &starter.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&starter).expect("starter");
    assert!(text.starts_with("# yaml-language-server: $schema=submission.schema.json\n"));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("submission.schema.json"))
            .expect("schema beside it"),
    )
    .expect("json");
    assert_eq!(schema["$id"], "urn:anfang:schema:submission:1");
}

#[test]
fn a_submission_named_without_its_folder_reads_its_attachments() {
    // `anfang check x.yaml` from the submission's own folder: the folder is the current one.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_anfang"))
        .args(["check", "xiaguan-new-1200.yaml", "--lang", "en"])
        .current_dir(root().join("samples"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run anfang");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
