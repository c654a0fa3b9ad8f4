//! Reports: every format for every sample in both languages (snapshots), the JSON contract,
//! determinism, exit codes, templates.

use crate::common::*;

const AS_OF: &str = "2026-11-27";

fn check(sample: &str, format: &str, lang: &str) -> std::process::Output {
    anfang(&[
        "check", sample, "--format", format, "--lang", lang, "--as-of", AS_OF,
    ])
}

#[test]
fn snapshots_of_every_format_for_every_sample_in_both_languages() {
    for s in samples() {
        let sample = rel(&s);
        let name = s
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for format in ["terminal", "json", "markdown", "html"] {
            for lang in ["zh", "en"] {
                let out = check(&sample, format, lang);
                assert!(
                    matches!(out.status.code(), Some(0 | 1)),
                    "{sample} {format} {lang}: {}",
                    stderr(&out)
                );
                insta::assert_snapshot!(format!("{name}.{format}.{lang}"), stdout(&out));
            }
        }
    }
}

#[test]
fn exit_code_follows_the_verdict_and_json_validates_against_the_committed_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/report.schema.json")).expect("schema"),
    )
    .expect("json");
    let validator = jsonschema::validator_for(&schema).expect("compiles");
    for s in samples() {
        let out = check(&rel(&s), "json", "zh");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", rel(&s));
        let expected = if report["verdict"] == "pass" { 0 } else { 1 };
        assert_eq!(out.status.code(), Some(expected), "{}", rel(&s));
        for key in [
            "tool", "standard", "inputs", "project", "verdict", "summary", "rules", "findings",
        ] {
            assert!(report.get(key).is_some(), "missing {key}");
        }
        assert_eq!(
            report["inputs"][0]["sha256"].as_str().map(str::len),
            Some(64)
        );
        for f in report["findings"].as_array().into_iter().flatten() {
            for key in [
                "rule",
                "clause",
                "obligation",
                "category",
                "outcome",
                "subject",
                "location",
                "message",
                "fix",
            ] {
                assert!(f.get(key).is_some(), "finding without {key}: {f}");
            }
        }
    }
}

#[test]
fn the_same_input_gives_byte_identical_reports_and_no_date_unless_asked() {
    let s = rel(&samples()[0]);
    for format in ["json", "markdown", "html", "terminal"] {
        let a = check(&s, format, "zh").stdout;
        let b = check(&s, format, "zh").stdout;
        assert_eq!(a, b, "{format} differs between runs");
    }
    let plain = String::from_utf8_lossy(&check(&s, "markdown", "zh").stdout).into_owned();
    // No date unless asked: the review date is a blank to fill in.
    assert!(
        plain.contains("| 审查日期 | 　　年　　月　　日 |"),
        "{plain}"
    );
    let dated = anfang(&[
        "check",
        &s,
        "--format",
        "markdown",
        "--as-of",
        AS_OF,
        "--date",
        "2026-12-01",
    ]);
    assert!(stdout(&dated).contains("| 审查日期 | 2026-12-01 |"));
}

#[test]
fn html_escapes_user_text() {
    let text = "project: { id: X, name: \"<script>alert(1)</script>\", kind: new_build, phase: design_review, protection_level: level3 }\n";
    let (_d, p) = temp_file("x.yaml", text.as_bytes());
    let out = anfang(&[
        "check",
        &p.display().to_string(),
        "--format",
        "html",
        "--as-of",
        AS_OF,
    ]);
    let html = stdout(&out);
    assert!(!html.contains("<script>alert"), "unescaped");
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn report_goes_to_a_file_atomically_and_templates_can_be_overridden() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = rel(&samples()[0]);
    let out_path = dir.path().join("r.md");
    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).expect("mkdir");
    std::fs::write(
        tpl.join("review-opinion.md.j2"),
        "大理州住建局 {{ r.project.name }} {{ r.verdict_label[L] }}\n",
    )
    .expect("write");
    let out = anfang(&[
        "check",
        &s,
        "--format",
        "markdown",
        "--as-of",
        AS_OF,
        "--templates",
        &tpl.display().to_string(),
        "--output",
        &out_path.display().to_string(),
    ]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let written = std::fs::read_to_string(&out_path).expect("written");
    assert!(written.starts_with("大理州住建局 "), "{written}");
    std::fs::write(
        tpl.join("review-opinion.md.j2"),
        "line one\n{{ r.projct.name }}\n",
    )
    .expect("write");
    let out = anfang(&[
        "check",
        &s,
        "--format",
        "markdown",
        "--as-of",
        AS_OF,
        "--templates",
        &tpl.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("review-opinion.md.j2:2"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn templates_and_output_options_refuse_what_they_cannot_use() {
    let s = rel(&samples()[0]);
    let out = anfang(&["check", &s, "--templates", "README.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--templates README.md: not a folder"),
        "{}",
        stderr(&out)
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("one.json").display().to_string();
    let out = anfang(&["check", &s, &s, "--output", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("with several submissions, give an existing folder"),
        "{}",
        stderr(&out)
    );
    let folder = dir.path().display().to_string();
    let out = anfang(&[
        "check",
        "samples/small-120.yaml",
        "samples/xiaguan-new-1200.yaml",
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--output",
        &folder,
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the worst verdict decides the exit code"
    );
    assert!(
        dir.path().join("small-120.json").is_file()
            && dir.path().join("xiaguan-new-1200.json").is_file()
    );
}
