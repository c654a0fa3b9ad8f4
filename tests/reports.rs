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

#[test]
fn an_untouched_starter_file_fits_on_one_screen_and_says_what_to_fill_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("submission.yaml");
    let f = file.display().to_string();
    assert_eq!(anfang(&["init", &f]).status.code(), Some(0));
    let out = anfang(&["check", &f, "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines = text.lines().count();
    assert!(lines <= 24, "{lines} lines:\n{text}");
    // The parts to fill in, most rules first, each with how many rules wait for it.
    assert!(text.contains("需补充资料"), "{text}");
    let parts: Vec<&str> = text.lines().filter(|l| l.contains("→")).collect();
    assert!(!parts.is_empty(), "a missing-data line:\n{text}");
    for line in &parts {
        assert!(
            line.trim_start()
                .starts_with(|c: char| c.is_ascii_lowercase())
                && line.contains("条无法判定"),
            "each line names the field and how many rules wait for it: {line}"
        );
    }
    let counts: Vec<u32> = parts
        .iter()
        .filter_map(|l| {
            l.rsplit("→")
                .next()?
                .trim()
                .trim_end_matches("条无法判定")
                .trim()
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(counts.len(), parts.len(), "{text}");
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most rules first: {text}"
    );
    // Every rule waiting for data is counted on a line, or the cut is said with where to see all.
    let total: u32 = text
        .split("需补充资料：")
        .nth(1)
        .and_then(|t| t.split("条规则").next())
        .and_then(|n| n.trim().parse().ok())
        .expect("the number of rules waiting for data");
    assert!(
        counts.iter().sum::<u32>() == total || text.contains("--only cannot-evaluate"),
        "{text}"
    );
    assert!(text.contains("需补正"), "{text}");
}

#[test]
fn the_terminal_groups_failures_by_rule_and_filters_on_request() {
    let s = "samples/erhai-large-5000.yaml";
    let all = stdout(&anfang(&["check", s, "--as-of", AS_OF]));
    // 20 access points of one rule are one block, their names listed once with the count.
    assert_eq!(all.matches("[ACC-003]").count(), 1, "{all}");
    assert!(all.contains("（共 20 台）"), "{all}");
    // Requirements (错误) before recommendations (警告).
    let error = all.find("错误[").expect("an error");
    let warning = all.find("警告[").expect("a warning");
    assert!(error < warning, "{all}");
    let only = stdout(&anfang(&[
        "check",
        "samples/small-120-level1.yaml",
        "--as-of",
        AS_OF,
        "--only",
        "near-miss",
    ]));
    assert!(
        !only.contains("错误[") && only.contains("临界[VID-005]"),
        "{only}"
    );
    let quiet = stdout(&anfang(&["check", s, "--as-of", AS_OF, "--quiet"]));
    assert_eq!(quiet.lines().count(), 3, "{quiet}");
    assert!(quiet.contains("不通过"), "{quiet}");
    let missing = stdout(&anfang(&[
        "check",
        "samples/small-120.yaml",
        "--as-of",
        AS_OF,
        "--only",
        "cannot-evaluate",
    ]));
    assert!(
        missing.contains("technical.alarm_system") && missing.contains("ALM-010"),
        "{missing}"
    );
    assert!(
        missing.contains("technical.video_storage") && missing.contains("VID-005"),
        "{missing}"
    );
}

#[test]
fn colour_only_on_request_or_on_a_terminal() {
    let s = "samples/erhai-large-5000.yaml";
    let plain = stdout(&anfang(&["check", s, "--as-of", AS_OF]));
    assert!(!plain.contains('\u{1b}'), "piped output has no escapes");
    let coloured = stdout(&anfang(&[
        "check", s, "--as-of", AS_OF, "--color", "always",
    ]));
    assert!(coloured.contains("\u{1b}[1;31m错误\u{1b}[0m"), "{coloured}");
    let never = stdout(&anfang(&["check", s, "--as-of", AS_OF, "--color", "never"]));
    assert_eq!(never, plain);
}

#[test]
fn control_characters_from_the_submission_are_shown_not_obeyed() {
    let text = "project: { id: X, name: \"evil\\u001b[2Jname\", kind: new_build, phase: design_review, protection_level: level3 }\n";
    let (_d, p) = temp_file("x.yaml", text.as_bytes());
    let out = anfang(&["check", &p.display().to_string(), "--as-of", AS_OF]);
    let t = stdout(&out);
    assert!(!t.contains('\u{1b}'), "{t:?}");
    assert!(t.contains("evil\\u{1b}[2Jname"), "{t}");
}

#[test]
fn input_errors_in_chinese_or_english_and_labels_read_as_values() {
    let bad = "project: { id: X, name: n, kind: new_build, phase: design_review, protection_level: level3 }\ncameras: []\n";
    let (_d, p) = temp_file("bad.yaml", bad.as_bytes());
    let f = p.display().to_string();
    // Chinese by default (a C locale), and with --lang zh.
    for out in [
        anfang_in("C.UTF-8", &["check", &f]),
        anfang(&["check", &f, "--lang", "zh"]),
    ] {
        assert_eq!(out.status.code(), Some(2));
        let e = stderr(&out);
        assert!(
            e.contains("错误：")
                && e.contains("未知字段 `cameras`")
                && e.contains("应写在 `technical.cameras` 之下"),
            "{e}"
        );
    }
    let e = stderr(&anfang(&["check", &f]));
    assert!(
        e.contains("error: ") && e.contains("`cameras` belongs under `technical.cameras`"),
        "{e}"
    );
    // 三级 and 新建 are read as level3 and new_build, and the note gives the canonical value.
    let labelled =
        "project: { id: X, name: n, kind: 新建, phase: design_review, protection_level: 三级 }\n";
    let (_d2, p2) = temp_file("labelled.yaml", labelled.as_bytes());
    let out = anfang_in(
        "zh_CN.UTF-8",
        &["check", &p2.display().to_string(), "--as-of", AS_OF],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(
        e.contains("`三级` 按 `level3` 处理") && e.contains("protection_level: level3"),
        "{e}"
    );
    assert!(e.contains("`新建` 按 `new_build` 处理"), "{e}");
    // A JSON file gets its hints in JSON.
    let json =
        r#"{"project": {"id": "X", "name": "n", "kind": "new_build", "phase": "design_review"}}"#;
    let (_d3, p3) = temp_file("x.json", json.as_bytes());
    let e = stderr(&anfang(&["check", &p3.display().to_string()]));
    assert!(e.contains(r#"add `"protection_level": …` here"#), "{e}");
}

#[test]
fn version_names_the_built_in_editions() {
    let v = stdout(&anfang(&["--version"]));
    assert!(
        v.contains("cn-baseline 2026.1") && v.contains("dali-smart-secure 2026.1"),
        "{v}"
    );
}

/// The review opinion of a sample, built by the library as `check` builds it.
fn opinion_of(
    path: &std::path::Path,
    edit: &dyn Fn(String) -> String,
) -> anfang::report::opinion::Opinion {
    let text = edit(std::fs::read_to_string(path).expect("sample"));
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.yaml");
    std::fs::write(&file, text).expect("write");
    let doc = anfang::ingest::read_document(&file).expect("reads");
    let validated = anfang::validate::validate(doc).expect("valid");
    let editions = anfang::standard::load_editions("cn-baseline").expect("standard");
    let standard = editions.latest().expect("an edition");
    let as_of = anfang::date::Date::parse(AS_OF).expect("date");
    let evaluation = anfang::engine::evaluate(
        standard,
        &validated.document.value,
        anfang::engine::Options { as_of },
    );
    let report = anfang::report::build(
        standard,
        &validated,
        &evaluation,
        &anfang::report::ReportOptions::default(),
    );
    anfang::report::opinion::build(&report, "T-1", anfang::i18n::Lang::Zh)
}

#[test]
fn the_conclusion_is_counted_from_the_sections_for_every_verdict() {
    let mut seen = std::collections::BTreeSet::new();
    let keep = |s: String| s;
    let mut cases: Vec<(String, anfang::report::opinion::Opinion)> = samples()
        .iter()
        .map(|s| (rel(s), opinion_of(s, &keep)))
        .collect();
    // A mandatory failure (recordings kept 15 days) on the sample that otherwise passes.
    let xiaguan = root().join("samples/xiaguan-new-1200.yaml");
    cases.push((
        "xiaguan, 15 days".into(),
        opinion_of(&xiaguan, &|s: String| {
            s.replacen("retention_days: 30", "retention_days: 15", 1)
        }),
    ));
    for (name, o) in &cases {
        let c = &o.conclusion;
        seen.insert(c.verdict.clone());
        let items = |sections: &[anfang::report::opinion::Section],
                     outcome: &str,
                     obligations: &[&str]| {
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
        // Section 三 is exactly the mandatory clauses and legal duties that fail.
        assert_eq!(
            c.mandatory,
            items(&o.mandatory, "fail", &["mandatory", "legal"]),
            "{name}"
        );
        assert_eq!(
            items(&o.other, "fail", &["mandatory", "legal"]),
            0,
            "{name}"
        );
        assert_eq!(c.shall, items(&o.other, "fail", &["shall"]), "{name}");
        assert_eq!(
            c.should,
            items(&o.other, "fail", &["should", "may"]),
            "{name}"
        );
        // The text says "mandatory" only when section 三 has something, and counts what is there.
        assert_eq!(
            c.text.contains("强制性条文"),
            c.mandatory > 0,
            "{name}: {}",
            c.text
        );
        assert_eq!(o.mandatory.is_empty(), c.mandatory == 0, "{name}");
        if c.shall > 0 {
            assert!(
                c.text.contains(&format!("不符合“应”条款 {} 项", c.shall)),
                "{name}: {}",
                c.text
            );
        }
        match c.verdict.as_str() {
            "pass" => {
                assert_eq!(
                    (c.mandatory, c.shall, c.should, c.missing),
                    (0, 0, 0, 0),
                    "{name}"
                );
                assert!(
                    c.text.contains("符合所适用标准的要求"),
                    "{name}: {}",
                    c.text
                );
            }
            "conditional" => {
                assert_eq!((c.mandatory, c.shall, c.missing), (0, 0, 0), "{name}");
                assert!(c.text.starts_with("方案基本符合要求"), "{name}: {}", c.text);
            }
            "incomplete" => {
                assert_eq!((c.mandatory, c.shall), (0, 0), "{name}");
                assert!(c.missing + c.disagreements > 0, "{name}");
                assert!(
                    c.text
                        .contains(&format!("{} 项因资料不全无法判定", c.missing)),
                    "{name}: {}",
                    c.text
                );
            }
            "fail" => {
                assert!(c.mandatory + c.shall > 0, "{name}");
                assert!(c.text.starts_with("方案未通过审查"), "{name}: {}", c.text);
            }
            other => panic!("{name}: verdict {other}"),
        }
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        ["conditional", "fail", "incomplete", "pass"],
        "every verdict is covered"
    );
}

#[test]
fn help_in_the_language_of_the_locale_and_shell_completions_and_a_man_page() {
    let zh = stdout(&anfang_in("zh_CN.UTF-8", &["check", "--help"]));
    assert!(
        zh.contains("用法：anfang check") && zh.contains("出具审查意见书"),
        "{zh}"
    );
    assert!(
        zh.contains("--only") && zh.contains("终端只显示这些结果"),
        "{zh}"
    );
    let en = stdout(&anfang(&["check", "--help"]));
    assert!(
        en.contains("Usage: anfang check") && en.contains("--quiet"),
        "{en}"
    );
    let lang_en = stdout(&anfang_in(
        "zh_CN.UTF-8",
        &["check", "--lang", "en", "--help"],
    ));
    assert!(
        lang_en.contains("Usage:"),
        "--lang en wins over the locale: {lang_en}"
    );
    let bash = stdout(&anfang(&["completions", "bash"]));
    assert!(
        bash.contains("_anfang()") && bash.contains("checklist"),
        "{bash}"
    );
    let man = stdout(&anfang(&["man"]));
    assert!(
        man.contains(".TH anfang 1") && man.contains("cn-baseline 2026.1"),
        "{man}"
    );
}
