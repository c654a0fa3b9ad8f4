//! Bad input gets a clear error naming the place, and exit 2 — never a panic or a hang.

use crate::common::*;

fn assert_input_error(name: &str, bytes: &[u8], must_contain: &[&str]) {
    let (_dir, path) = temp_file(name, bytes);
    let p = path.display().to_string();
    let out = anfang(&["validate", &p]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{name}: expected exit 2, stderr:\n{err}"
    );
    assert!(!err.contains("panicked"), "{name} panicked:\n{err}");
    for needle in must_contain {
        assert!(
            err.contains(&needle.replace("{file}", &p)),
            "{name}: expected {needle:?} in:\n{err}"
        );
    }
}

const GOOD_PROJECT: &str = "project:\n  id: T-1\n  name: 测试小区\n  kind: new_build\n  phase: design_review\n  protection_level: level3\n";

#[test]
fn empty_file() {
    assert_input_error("empty.yaml", b"", &["{file}: is empty"]);
    assert_input_error("blank.yaml", b"\n   \n", &["{file}: is empty"]);
    assert_input_error(
        "comments.yaml",
        b"# only a comment\n",
        &["{file}: holds no data"],
    );
}

#[test]
fn non_utf8_names_line_and_column() {
    assert_input_error(
        "gbk.yaml",
        b"project:\n  name: \xC3\xFB\xB3\xC6\n",
        &["{file}:2:9: is not valid UTF-8", "GBK"],
    );
}

#[test]
fn malformed_yaml_json_toml() {
    assert_input_error(
        "bad.yaml",
        b"project:\n  name: [unclosed\n  id: x\n",
        &["{file}:", "is not valid YAML"],
    );
    assert_input_error(
        "bad.json",
        b"{\n  \"project\": {\n    \"name\": \"x\"\n    \"id\": \"y\"\n  }\n}\n",
        &["{file}:4:5: is not valid JSON"],
    );
    assert_input_error(
        "bad.toml",
        b"[project]\nname = \"x\nid = 1\n",
        &["{file}:2:", "is not valid TOML"],
    );
}

#[test]
fn wrong_types_and_negative_counts_are_located() {
    let text = format!("{GOOD_PROJECT}  households: 三百\n  parking_spaces: -4\n");
    assert_input_error(
        "types.yaml",
        text.as_bytes(),
        &[
            "{file}:7:15: /project/households: expected integer, found \"三百\"",
            "{file}:8:19: /project/parking_spaces: must be ≥ 0, found -4",
        ],
    );
}

#[test]
fn unknown_field_gets_did_you_mean() {
    let text = format!(
        "{GOOD_PROJECT}technical:\n  cameras:\n    - id: C1\n      type: dome\n      resolutin_mp: 4\n"
    );
    assert_input_error(
        "typo.yaml",
        text.as_bytes(),
        &[
            "{file}:11:7: /technical/cameras/0/resolutin_mp: unknown field `resolutin_mp`; hint: did you mean `resolution_mp`?",
        ],
    );
}

#[test]
fn dangling_and_duplicate_ids() {
    let text = format!(
        "{GOOD_PROJECT}site:\n  entrances:\n    - {{ id: E1, kind: mixed }}\n    - {{ id: E1, kind: pedestrian }}\ntechnical:\n  cameras:\n    - {{ id: C1, type: dome, covers: [E2] }}\n"
    );
    assert_input_error(
        "refs.yaml",
        text.as_bytes(),
        &["/site/entrances/1/id", "/technical/cameras/0/covers/0"],
    );
}

#[test]
fn duplicate_keys() {
    assert_input_error(
        "dup.yaml",
        b"project:\n  id: a\n  id: b\n",
        &["{file}:3:", "duplicate"],
    );
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        text.push_str(&format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = n;
    }
    let start = std::time::Instant::now();
    assert_input_error("bomb.yaml", text.as_bytes(), &["alias"]);
    assert!(
        start.elapsed().as_secs() < 10,
        "the alias bomb took {:?}",
        start.elapsed()
    );
}

#[test]
fn huge_file_is_capped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("huge.yaml");
    let f = std::fs::File::create(&p).expect("create");
    f.set_len(100 * 1024 * 1024).expect("sparse 100 MB file");
    let out = anfang(&["validate", &p.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is 100.0 MiB; anfang reads input files of at most 20 MiB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn directory_and_missing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().display().to_string();
    let out = anfang(&["validate", &d]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("{d}: is a directory")),
        "{}",
        stderr(&out)
    );
    let missing = dir.path().join("nope.yaml").display().to_string();
    let out = anfang(&["check", &missing]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("{missing}: no such file")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn all_problems_at_once() {
    let text = "project:\n  id: T\n  kind: new_buid\n  phase: design_review\n  protection_level: level9\n  households: -1\n";
    let (_dir, path) = temp_file("many.yaml", text.as_bytes());
    let out = anfang(&["validate", &path.display().to_string()]);
    let err = stderr(&out);
    assert!(err.contains("missing required field `name`"), "{err}");
    assert!(err.contains("did you mean `new_build`?"), "{err}");
    assert!(
        err.contains("\"level9\" is not one of the allowed values"),
        "{err}"
    );
    assert!(err.contains("/project/households: must be ≥ 0"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let out = anfang(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let out = anfang(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = anfang(&["check", "x.yaml", "--as-of", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a date"), "{}", stderr(&out));
}

/// `validate` ends each file with its outcome in the user's language, like the problems above.
#[test]
fn validate_says_each_files_outcome_in_the_users_language() {
    let text = "project:\n  id: T\n  kind: new_buid\n";
    let (_dir, bad) = temp_file("bad.yaml", text.as_bytes());
    let bad = bad.display().to_string();
    let good = "samples/small-120.yaml";
    let zh = anfang_in("zh_CN.UTF-8", &["validate", good, &bad]);
    assert_eq!(zh.status.code(), Some(2));
    assert!(
        stdout(&zh).starts_with(&format!("{good}：通过（")),
        "{}",
        stdout(&zh)
    );
    let err = stderr(&zh);
    assert!(err.trim_end().ends_with(" 个问题"), "{err}");
    assert!(err.contains(&format!("{bad}：")), "{err}");
    assert!(!err.contains("problem(s)"), "{err}");
    let en = anfang(&["validate", good, &bad]);
    assert_eq!(en.status.code(), Some(2));
    assert!(
        stdout(&en).starts_with(&format!("{good}: ok (")),
        "{}",
        stdout(&en)
    );
    assert!(
        stderr(&en).trim_end().ends_with(" problem(s)"),
        "{}",
        stderr(&en)
    );
}
