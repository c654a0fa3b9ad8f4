//! One test per item of issue 14, asserting what a user sees.

use std::path::{Path, PathBuf};

use super::fixtures;
use super::limited;
use crate::common::*;

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Writes the CSV checklist of `design` to `sheet`.
fn checklist_csv(design: &Path, sheet: &Path) {
    let out = anfang(&["checklist", &s(design), "--format", "csv", "-o", &s(sheet)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// The sample with its project name replaced (YAML double-quoted, so escapes work).
fn sample_named(name_yaml: &str) -> String {
    let text = std::fs::read_to_string(root().join("samples/small-120.yaml")).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("  name: "))
        .expect("project name line")
        .to_owned();
    text.replacen(&line, &format!("  name: {name_yaml}"), 1)
}

// 1. Resources: the workbook budget names its limit.

/// `extract --equipment` of a workbook under the limit: exit 2, and every `needle` said.
fn extract_refuses(workbook: Vec<u8>, needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = write(dir.path(), "list.xlsx", workbook);
    let run = limited(&[
        "extract",
        "tests/fixtures/pdf/design.pdf",
        "--equipment",
        &s(&xlsx),
    ]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    for needle in needles {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
}

#[test]
fn a_far_cell_names_the_column_limit() {
    extract_refuses(
        fixtures::far_cell(),
        &["column XFD", "at most 1,024 columns"],
    );
}

#[test]
fn merged_regions_are_counted_before_reading() {
    extract_refuses(fixtures::merged(), &["more than 10,000 merged regions"]);
    // Fewer regions, but covering more cells than the table may have: refused as it fills.
    extract_refuses(
        fixtures::merged_regions(500),
        &["cover more than 2,000,000 cells"],
    );
}

#[test]
fn a_submission_with_too_many_values_is_refused_before_it_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let ones = vec!["1"; 600_000].join(",");
    for (name, text) in [
        (
            "v.json",
            format!("{{\"project\": {{\"id\": \"P\"}}, \"x\": [{ones}]}}"),
        ),
        (
            "v.yaml",
            format!("project: {{id: P}}\nx:\n{}", "- 1\n".repeat(600_000)),
        ),
        ("v.toml", format!("x = [{ones}]\n")),
    ] {
        let file = write(dir.path(), name, text);
        let run = limited(&["validate", &s(&file)]);
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("holds more than 500,000 values"),
            "{name}: {}",
            run.stderr
        );
    }
    // A YAML line is read whole by the scanner: a long one is refused first.
    let file = write(
        dir.path(),
        "line.yaml",
        format!("project: {{id: P}}\nx: [{ones}]\n"),
    );
    let run = limited(&["validate", &s(&file)]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("line.yaml:2:1: has a line of 1.1 MiB"),
        "{}",
        run.stderr
    );
}

// 2. Messages of bounded size.

#[test]
fn a_minified_file_with_many_problems_gets_a_bounded_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "many.json",
        fixtures::many_problems().to_string(),
    );
    let run = limited(&["validate", &s(&file)]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr_bytes < 32 * 1024, "{} bytes", run.stderr_bytes);
    assert!(
        run.stderr.contains("and 990 more unknown fields"),
        "{}",
        run.stderr
    );
    // Each excerpt is cut around its column, with … where it was cut.
    let widest = run.stderr.lines().map(|l| l.chars().count()).max();
    assert!(widest < Some(300), "a line of {widest:?} characters");
    assert!(run.stderr.contains('…'));
}

#[test]
fn ten_thousand_duplicate_ids_are_summarised() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "dups.json",
        fixtures::duplicate_ids().to_string(),
    );
    let run = limited(&["validate", &s(&file)]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("and 9,989 more duplicate ids"),
        "{}",
        run.stderr
    );
    assert!(run.stderr_bytes < 32 * 1024, "{} bytes", run.stderr_bytes);
}

#[test]
fn a_two_million_character_id_is_shortened_and_costs_no_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "long.json", fixtures::long_id().to_string());
    let run = limited(&["validate", &s(&file)]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("(2,000,000 characters)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr_bytes < 8 * 1024, "{} bytes", run.stderr_bytes);
    assert!(run.elapsed.as_secs() < 5, "{:?}", run.elapsed);
}

// 3. Attachments stay inside the submission's folder.

#[test]
fn attachments_outside_the_folder_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    write(dir.path(), "outside.csv", "设备名称,数量\n秘密摄像机,7\n");
    std::fs::create_dir_all(&subs).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", subs.join("passwd.csv")).unwrap();
    for (name, attachment, resolved) in [
        ("up.json", "../outside.csv", "outside.csv"),
        ("abs.json", "/etc/passwd", "/etc/passwd"),
        ("link.json", "passwd.csv", "/etc/passwd"),
    ] {
        let sub = write(
            &subs,
            name,
            fixtures::with_attachment(attachment).to_string(),
        );
        let run = limited(&["check", &s(&sub)]);
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("outside the submission's folder") && run.stderr.contains(resolved),
            "{name}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("秘密") && !run.stderr.contains("root:"),
            "{name} echoes the outside file: {}",
            run.stderr
        );
        assert!(!run.stdout.contains("root:"));
    }
    // Allowed explicitly, the folder above is read.
    let up = subs.join("up.json");
    let run = limited(&[
        "check",
        &s(&up),
        "--allow-outside-attachments",
        &s(dir.path()),
    ]);
    assert_ne!(run.code, Some(2), "{}", run.stderr);
}

#[test]
fn a_fifo_attachment_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let sub = write(
        dir.path(),
        "s.json",
        fixtures::with_attachment("x.csv").to_string(),
    );
    for args in [
        vec!["check".to_owned(), s(&sub)],
        vec![
            "accept".into(),
            "--design".into(),
            "samples/small-120.yaml".into(),
            "--as-built".into(),
            s(&fifo),
        ],
        vec![
            "accept".into(),
            "--design".into(),
            "samples/small-120.yaml".into(),
            "--as-built".into(),
            "samples/small-120.yaml".into(),
            "--previous".into(),
            s(&fifo),
        ],
        vec!["extract".into(), s(&fifo)],
        vec!["validate".into(), s(&fifo)],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = limited(&args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("FIFO"), "{}", run.stderr);
        assert!(run.elapsed.as_secs() < 5);
    }
}

// 4. Outputs never overwrite inputs, and never collide.

#[test]
fn no_command_writes_over_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let design_text = std::fs::read(root().join("samples/small-120.yaml")).unwrap();
    let design = write(dir.path(), "design.yaml", &design_text);
    let sheet = dir.path().join("sheet.csv");
    checklist_csv(&design, &sheet);
    let sheet_text = std::fs::read(&sheet).unwrap();
    let pdf = write(
        dir.path(),
        "design.pdf",
        std::fs::read(root().join("tests/fixtures/pdf/design.pdf")).unwrap(),
    );
    let linked = dir.path().join("hard-link.yaml");
    std::fs::hard_link(&design, &linked).unwrap();
    let (d, sh, p, l) = (s(&design), s(&sheet), s(&pdf), s(&linked));
    let cases: Vec<Vec<&str>> = vec![
        vec!["check", &d, "-o", &d],
        vec!["check", &d, "--format", "json", "-o", &l],
        vec!["checklist", &d, "-o", &d],
        vec!["accept", "--design", &d, "--as-built", &sh, "-o", &d],
        vec!["accept", "--design", &d, "--as-built", &sh, "-o", &sh],
        vec!["extract", &p, "-o", &p],
        vec!["extract", &p, "--report", &p],
        vec!["diff", &d, "samples/small-120.yaml", "-o", &d],
    ];
    for args in cases {
        let out = anfang(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("never overwrites an input"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read(&design).unwrap(), design_text);
    assert_eq!(std::fs::read(&sheet).unwrap(), sheet_text);
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        std::fs::read(root().join("tests/fixtures/pdf/design.pdf")).unwrap()
    );
}

#[test]
fn same_named_inputs_get_distinct_reports() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(root().join("samples/small-120.yaml")).unwrap();
    let a = write(dir.path(), "a/x.yaml", &text);
    let b = write(dir.path(), "b/x.yaml", sample_named("另一个小区"));
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = anfang(&[
        "check",
        &s(&a),
        &s(&b),
        "--format",
        "json",
        "-o",
        &s(&out_dir),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let first = std::fs::read_to_string(out_dir.join("a/x.json")).unwrap();
    let second = std::fs::read_to_string(out_dir.join("b/x.json")).unwrap();
    assert!(second.contains("另一个小区") && !first.contains("另一个小区"));
}

#[test]
fn batch_into_its_own_input_folder_checks_it_and_skips_its_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(root().join("samples/small-120.yaml")).unwrap();
    write(dir.path(), "x.yaml", &text);
    let d = s(dir.path());
    for round in 0..2 {
        let out = anfang(&["batch", &d, "--output", &d, "--lang", "en"]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "round {round}: {}",
            stderr(&out)
        );
        assert!(
            stdout(&out).starts_with("1 submissions"),
            "round {round}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn a_reports_folder_replaced_by_a_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    write(&out_dir, "reports", "not a folder");
    let out = anfang(&["batch", "samples/small-120.yaml", "--output", &s(&out_dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("reports is a file"),
        "{}",
        stderr(&out)
    );
}

// 5. Injection is neutralised in every output format.

const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"点击\")";

#[test]
fn spreadsheet_formulas_are_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let design = write(
        dir.path(),
        "in/design.yaml",
        sample_named(&format!("'{FORMULA}'")),
    );
    let out_dir = dir.path().join("out");
    let out = anfang(&["batch", &s(&design), "--output", &s(&out_dir)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let summary = std::fs::read_to_string(out_dir.join("summary.csv")).unwrap();
    assert!(summary.contains("\"'=HYPERLINK("), "{summary}");
    assert!(!summary.contains(",\"=HYPERLINK(") && !summary.contains(",=HYPERLINK("));

    let sheet = dir.path().join("sheet.csv");
    checklist_csv(&design, &sheet);
    let text = std::fs::read_to_string(&sheet).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    // The guarded sheet is still read back as the inspector's.
    let out = anfang(&["accept", "--design", &s(&design), "--as-built", &s(&sheet)]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn markdown_documents_carry_no_forged_structure() {
    let dir = tempfile::tempdir().unwrap();
    let forged =
        r#""x | 伪造 | 行 |\n# 结论：通过\n<script>alert(1)</script> [点击](javascript:alert(1))""#;
    let design = write(dir.path(), "d.yaml", sample_named(forged));
    let out = anfang(&["check", &s(&design), "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(md.contains("伪造"), "the name is in the document");
    assert!(!md.lines().any(|l| l.starts_with("# 结论：通过")), "{md}");
    assert!(!md.contains("<script>"), "{md}");
    // Link syntax is escaped: `\[点击\](…)` is text, not a link.
    assert!(
        md.contains("\\[点击\\](javascript:") && !md.contains(" [点击]("),
        "{md}"
    );
    assert!(!md.contains("x | 伪造 |"), "{md}");
}

#[test]
fn terminal_output_shows_escape_sequences_instead_of_obeying_them() {
    let dir = tempfile::tempdir().unwrap();
    let design = write(dir.path(), "d.yaml", sample_named(r#""小区\e[8m""#));
    let out = anfang(&["check", &s(&design)]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "raw escape on the terminal");
    assert!(text.contains("\\u{1b}[8m"), "{text}");
    assert!(text.contains("不通过") || text.contains("需补正") || text.contains("基本通过"));
}

// 6. The smaller items.

fn validate_text(name: &str, text: &[u8]) -> String {
    let (_dir, path) = temp_file(name, text);
    let out = anfang(&["validate", &s(&path)]);
    assert_eq!(out.status.code(), Some(2));
    stderr(&out)
}

#[test]
fn a_tab_is_reported_on_its_own_line() {
    let err = validate_text(
        "tab.yaml",
        b"project:\n  id: T-1\n  name: x\n  kind: new_build\n\tphase: design_review\n",
    );
    assert!(err.contains("tab.yaml:5:1:"), "{err}");
}

#[test]
fn a_thirty_digit_number_is_reported_with_the_others_as_written() {
    let err = validate_text(
        "n.yaml",
        b"project:\n  id: T-1\n  name: x\n  kind: new_build\n  phase: design_review\n  protection_level: level3\n  households: 123456789012345678901234567890\n  housholds: 3\n",
    );
    assert!(err.contains("123456789012345678901234567890"), "{err}");
    assert!(!err.contains("e+29") && !err.contains("e29"), "{err}");
    assert!(err.contains("unknown field `housholds`"), "{err}");
}

#[test]
fn deep_nesting_says_so_and_echoes_a_bounded_line() {
    let err = validate_text(
        "deep.yaml",
        format!("project: {}\n", "[".repeat(10_000)).as_bytes(),
    );
    assert!(!err.contains("alias"), "{err}");
    assert!(err.contains("deep"), "{err}");
    assert!(err.len() < 2048, "{} bytes", err.len());
}

#[test]
fn a_duplicate_key_names_the_first() {
    let err = validate_text("d.yaml", b"project:\n  id: T-1\n  name: x\n  id: T-2\n");
    assert!(err.contains("the first is at line 2, column 3"), "{err}");
    let err = validate_text(
        "d.json",
        br#"{"project": {"id": "T-1", "name": "x", "id": "T-2"}}"#,
    );
    assert!(err.contains("the first is at line 1, column 14"), "{err}");
}

#[test]
fn latin1_is_not_called_gbk() {
    let err = validate_text("l.yaml", b"project:\n  name: M\xfcller\n");
    assert!(err.contains("Latin-1") && !err.contains("GBK"), "{err}");
}

/// The checklist of `design` as CSV, with cells of item S01 replaced.
fn filled(dir: &Path, design: &Path, cells: &[(&str, &str)]) -> PathBuf {
    let sheet = dir.join(format!("{}.csv", cells.len()));
    checklist_csv(design, &sheet);
    let text = std::fs::read_to_string(&sheet).unwrap();
    let mut records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let header = records
        .iter()
        .position(|r| r.iter().any(|c| c.starts_with("编号")))
        .unwrap();
    let row = records
        .iter()
        .position(|r| r.get(1).map(String::as_str) == Some("S01"))
        .unwrap();
    for (column, value) in cells {
        let col = records[header]
            .iter()
            .position(|c| c.starts_with(column))
            .unwrap_or_else(|| panic!("no column {column}"));
        records[row][col] = (*value).to_owned();
    }
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![]);
    for r in &records {
        w.write_record(r).unwrap();
    }
    std::fs::write(&sheet, w.into_inner().unwrap()).unwrap();
    sheet
}

#[test]
fn impossible_counts_in_a_filled_checklist_are_refused_at_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    let design = root().join("samples/small-120.yaml");
    let sheet = filled(dir.path(), &design, &[("实际抽检数", "1e400")]);
    let out = anfang(&["accept", "--design", &s(&design), "--as-built", &s(&sheet)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`1e400` is not a whole number"),
        "{}",
        stderr(&out)
    );

    let sheet = filled(
        dir.path(),
        &design,
        &[("实际抽检数", "8"), ("抽检不合格数", "99")],
    );
    let out = anfang(&["accept", "--design", &s(&design), "--as-built", &s(&sheet)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("99 units failed, but only 8 were tested"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_upper_case_design_digest_is_the_same_design() {
    let dir = tempfile::tempdir().unwrap();
    let design = root().join("samples/small-120.yaml");
    let sheet = dir.path().join("sheet.csv");
    checklist_csv(&design, &sheet);
    let digest = anfang::ingest::sha256_hex(&std::fs::read(&design).unwrap());
    let text = std::fs::read_to_string(&sheet).unwrap();
    assert!(text.contains(&digest));
    std::fs::write(&sheet, text.replace(&digest, &digest.to_uppercase())).unwrap();
    let out = anfang(&["accept", "--design", &s(&design), "--as-built", &s(&sheet)]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!stderr(&out).contains("was made from a design"));
}

// The README lists every limit with its value.

#[test]
fn the_readme_lists_every_limit() {
    use anfang::diagnostic::{self as d, thousands};
    use anfang::tabular as t;
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let limits = [
        format!("{} MiB", anfang::ingest::MAX_SUBMISSION_BYTES >> 20),
        format!("{} values", thousands(anfang::ingest::MAX_VALUES)),
        format!("{} MiB or more", anfang::ingest::PRECOUNT_BYTES >> 20),
        format!(
            "YAML lines of at most {} MiB",
            anfang::ingest::MAX_YAML_LINE_BYTES >> 20
        ),
        format!("{} rows", thousands(t::MAX_ROWS)),
        format!("{} columns", thousands(t::MAX_COLUMNS)),
        format!("{} cells", thousands(t::MAX_CELLS)),
        format!("{} zip entries", thousands(t::MAX_ZIP_ENTRIES)),
        format!("{} MiB per XML part", t::MAX_PART_BYTES >> 20),
        format!("{} MiB in all", t::MAX_UNZIPPED_BYTES >> 20),
        format!(
            "{} shared strings",
            thousands(t::MAX_SHARED_STRINGS as usize)
        ),
        format!("{} merged regions", thousands(t::MAX_MERGED_REGIONS)),
        format!("{} columns around the column", d::EXCERPT_WIDTH),
        format!("{} characters; 10 problems", d::MAX_QUOTED_CHARS),
        format!("{} problems of a kind", d::MAX_PROBLEMS_PER_KIND),
        format!("{} problems per file", d::MAX_PROBLEMS),
        format!("at most {} characters", d::MAX_SUGGESTED_CHARS),
    ];
    for limit in limits {
        assert!(readme.contains(&limit), "README.md does not say `{limit}`");
    }
}
