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
