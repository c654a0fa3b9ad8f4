//! `anfang batch` end to end (samples, bad files, determinism across thread counts, resume, the
//! dashboard in a real browser) and `anfang diff` on the resubmission pair.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::*;

const AS_OF: &str = "2026-11-27";

fn batch(args: &[&str], threads: Option<usize>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_anfang"));
    c.arg("batch")
        .args(args)
        .args(["--as-of", AS_OF])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8");
    if let Some(n) = threads {
        c.env("RAYON_NUM_THREADS", n.to_string());
    }
    c.output().expect("run anfang batch")
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The verdict samples/README.md promises for a sample path relative to `samples/`.
fn readme_verdict(readme: &str, name: &str) -> String {
    let row = readme
        .lines()
        .find(|l| l.starts_with(&format!("| `{name}`")))
        .unwrap_or_else(|| panic!("samples/README.md does not list {name}"));
    // the verdict is the first bold verdict of the third column
    let column = row.split('|').nth(3).unwrap_or_default();
    ["pass", "conditional", "incomplete", "fail"]
        .into_iter()
        .filter_map(|v| column.find(&format!("**{v}**")).map(|at| (at, v)))
        .min()
        .map(|(_, v)| v.to_owned())
        .unwrap_or_else(|| panic!("no **verdict** in the README row of {name}"))
}

fn sample_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read samples").flatten() {
        let p = e.path();
        if p.is_dir() {
            sample_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml") {
            out.push(p);
        }
    }
}

#[test]
fn batch_of_the_samples_gives_each_readme_verdict_and_every_output() {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let o = out_dir.path().display().to_string();
    let out = batch(&["samples/", "-o", &o], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    for f in ["summary.json", "summary.csv", "dashboard.html"] {
        assert!(out_dir.path().join(f).is_file(), "{f} missing");
    }
    let summary = read_json(&out_dir.path().join("summary.json"));
    let readme = std::fs::read_to_string(root().join("samples/README.md")).expect("README");
    let mut expected = Vec::new();
    sample_files(&root().join("samples"), &mut expected);
    let rows = summary["submissions"].as_array().expect("submissions");
    assert_eq!(
        rows.len(),
        expected.len(),
        "every sample submission (and not the schema) is checked"
    );
    let mut paths = Vec::new();
    for row in rows {
        let path = row["path"].as_str().expect("path");
        paths.push(path.to_owned());
        let name = path.trim_start_matches("samples/");
        assert_eq!(
            row["verdict"].as_str(),
            Some(readme_verdict(&readme, name).as_str()),
            "{path}"
        );
        // each report exists, is the JSON report of that input, with the same verdict
        let report = read_json(&out_dir.path().join(row["report"].as_str().expect("report")));
        assert_eq!(report["verdict"], row["verdict"], "{path}");
        assert_eq!(report["inputs"][0]["sha256"], row["sha256"], "{path}");
    }
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "rows are sorted by path");
    let by = |v: &str| rows.iter().filter(|r| r["verdict"] == v).count();
    assert_eq!(summary["totals"]["verdicts"]["fail"], by("fail"));
    assert_eq!(summary["totals"]["verdicts"]["pass"], 1);
    assert_eq!(summary["exit_code"], 1);
    let csv = std::fs::read_to_string(out_dir.path().join("summary.csv")).expect("csv");
    assert!(csv.starts_with("\u{feff}path,verdict,"), "{csv}");
    assert_eq!(csv.lines().count(), rows.len() + 1);
    assert!(
        csv.contains("samples/renovation-480-open.yaml,conditional,XYGZ-2026-LG07,"),
        "{csv}"
    );
    // the one waiver in force, and the Dali county names
    assert_eq!(summary["waivers"]["by_status"]["in_force"], 2);
    let counties: Vec<&str> = summary["counties"]
        .as_array()
        .expect("counties")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(counties, ["大理市", "祥云县", "洱源县"]);
    assert!(
        stdout(&out).contains(&format!(
            "申报 {} 份（4 个项目）：检查 {} 份，沿用 0 份",
            rows.len(),
            rows.len()
        )),
        "{}",
        stdout(&out)
    );
    // Four submissions carry one project id (the small-120 design, its level-1 variant and the
    // two resubmission rounds): said on the terminal and in the dashboard, and the project
    // table counts it once with its latest round.
    assert!(
        stdout(&out).contains("项目编号 EYJF-SJ-2026-021 出现在 4 份申报中"),
        "{}",
        stdout(&out)
    );
    assert_eq!(summary["totals"]["projects"], 4);
    assert_eq!(summary["duplicate_ids"][0]["id"], "EYJF-SJ-2026-021");
    let project = summary["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .find(|p| p["id"] == "EYJF-SJ-2026-021")
        .expect("the project");
    assert_eq!(project["earlier"].as_array().map(Vec::len), Some(3));
    // Report paths mirror the inputs below the folder they share (samples/), never `_up`.
    for r in rows {
        let report = r["report"].as_str().expect("report");
        assert!(
            !report.contains("samples/") && !report.contains("_up"),
            "{report}"
        );
    }
    let dashboard = std::fs::read_to_string(out_dir.path().join("dashboard.html"))
        .expect("dashboard")
        .replace("&#x2f;", "/");
    assert!(dashboard.contains("项目编号重复"), "duplicate warning");
    assert!(
        dashboard.contains("href=\"reports/resubmission/round2.json\""),
        "the project table links each report"
    );
}

/// Copies the top-level samples and their attachments into `dir`.
fn copy_samples(dir: &Path) {
    for s in samples() {
        let name = s.file_name().expect("name").to_string_lossy().into_owned();
        std::fs::copy(&s, dir.join(name)).expect("copy");
    }
    let from = root().join("samples/attachments");
    for f in walk(&from) {
        let to = dir
            .join("attachments")
            .join(f.strip_prefix(&from).expect("below"));
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&f, to).expect("copy");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, text).expect("write");
    p
}

const GOOD: &str = "project:\n  id: T-1\n  name: 测试小区\n  region_code: \"532930\"\n  township: 茈碧湖镇\n  kind: new_build\n  phase: design_review\n  protection_level: level3\n";

/// A folder with two copies of a sample under the same name in different folders, an invalid
/// YAML file, a schema error, an unknown county and the good samples.
fn district(dir: &Path) {
    let small = std::fs::read_to_string(root().join("samples/small-120.yaml")).expect("sample");
    let renovation =
        std::fs::read_to_string(root().join("samples/renovation-480-open.yaml")).expect("sample");
    write(dir, "county-a/a.yaml", &small);
    write(dir, "county-b/a.yaml", &renovation);
    write(dir, "county-b/a.json", "{\"project\": [1, 2,]}");
    write(dir, "broken.yaml", "project:\n  id: [unclosed\n");
    write(dir, "schema-error.yaml", &GOOD.replace("level3", "level9"));
    let no_region: String = small
        .lines()
        .filter(|l| !l.trim_start().starts_with("region_code:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(no_region, small);
    write(dir, "unknown-county.yaml", &no_region);
}

#[test]
fn a_bad_file_is_reported_and_the_rest_are_checked() {
    let inputs = tempfile::tempdir().expect("tempdir");
    district(inputs.path());
    let out_dir = tempfile::tempdir().expect("tempdir");
    let i = inputs.path().display().to_string();
    let o = out_dir.path().display().to_string();
    let out = batch(&[&i, "-o", &o], None);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "any input error → exit 2\n{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("broken.yaml:") && err.contains("is not valid YAML"),
        "file:line in stderr:\n{err}"
    );
    let summary = read_json(&out_dir.path().join("summary.json"));
    assert_eq!(summary["totals"]["submissions"], 6);
    assert_eq!(summary["totals"]["errors"], 3);
    assert_eq!(summary["exit_code"], 2);
    let rows = summary["submissions"].as_array().expect("rows");
    let row = |suffix: &str| {
        rows.iter()
            .find(|r| r["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
            .unwrap_or_else(|| panic!("no row for {suffix}"))
    };
    assert_eq!(row("/broken.yaml")["verdict"], "error");
    assert!(
        row("/broken.yaml")["error"]
            .as_str()
            .is_some_and(|e| e.contains("broken.yaml:") && e.contains("is not valid YAML")),
        "{}",
        row("/broken.yaml")
    );
    assert!(
        row("/schema-error.yaml")["error"]
            .as_str()
            .is_some_and(|e| e.contains("/project/protection_level")),
        "{}",
        row("/schema-error.yaml")
    );
    assert_eq!(row("/county-b/a.json")["verdict"], "error");
    // the two a.yaml reports do not collide
    let a = row("/county-a/a.yaml");
    let b = row("/county-b/a.yaml");
    assert_eq!(a["verdict"], "incomplete");
    assert_eq!(b["verdict"], "conditional");
    assert_ne!(a["report"], b["report"]);
    assert_eq!(
        read_json(&out_dir.path().join(a["report"].as_str().expect("report")))["verdict"],
        "incomplete"
    );
    // an invalid region code is counted under 未知 unknown, not dropped
    assert_eq!(row("/unknown-county.yaml")["region"]["county"], "未知");
    let unknown = summary["counties"]
        .as_array()
        .expect("counties")
        .iter()
        .find(|c| c["code"] == "unknown")
        .expect("an unknown county line");
    // the three files that could not be read and the unknown code
    assert_eq!(unknown["verdicts"]["total"], 4);
    let html = std::fs::read_to_string(out_dir.path().join("dashboard.html")).expect("html");
    assert!(
        html.contains("is not valid YAML"),
        "errors are listed on the dashboard"
    );
}

#[test]
fn the_summary_is_the_same_bytes_whatever_the_thread_count() {
    let inputs = tempfile::tempdir().expect("tempdir");
    district(inputs.path());
    copy_samples(inputs.path());
    let i = inputs.path().display().to_string();
    let mut outputs = Vec::new();
    for threads in [1, 2] {
        let out_dir = tempfile::tempdir().expect("tempdir");
        let o = out_dir.path().display().to_string();
        let out = batch(&[&i, "-o", &o], Some(threads));
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let files: Vec<Vec<u8>> = ["summary.json", "summary.csv", "dashboard.html"]
            .iter()
            .map(|f| std::fs::read(out_dir.path().join(f)).expect("read"))
            .collect();
        outputs.push((files, out_dir));
    }
    for (k, name) in ["summary.json", "summary.csv", "dashboard.html"]
        .iter()
        .enumerate()
    {
        assert!(
            outputs[0].0[k] == outputs[1].0[k],
            "{name} differs between 1 and 2 threads"
        );
    }
}

#[test]
fn an_interrupted_batch_resumes_and_redoes_only_what_changed() {
    let inputs = tempfile::tempdir().expect("tempdir");
    copy_samples(inputs.path());
    let i = inputs.path().display().to_string();
    let out_dir = tempfile::tempdir().expect("tempdir");
    let o = out_dir.path().display().to_string();
    let n = samples().len();
    let first = batch(&[&i, "-o", &o], None);
    assert!(
        stdout(&first).contains(&format!("检查 {n} 份，沿用 0 份")),
        "{}",
        stdout(&first)
    );
    // The dashboard names the inputs below the folder they share, not by the absolute path.
    let dashboard = std::fs::read_to_string(out_dir.path().join("dashboard.html"))
        .expect("dashboard")
        .replace("&#x2f;", "/");
    assert!(!dashboard.contains(&i), "an absolute path in the dashboard");
    assert!(dashboard.contains(">small-120.yaml</a>"), "the file's name");
    let fresh_summary = std::fs::read(out_dir.path().join("summary.json")).expect("summary");

    // nothing changed: everything is reused, the summary is the same bytes
    let again = batch(&[&i, "-o", &o, "--verbose"], None);
    assert!(
        stdout(&again).contains(&format!("检查 0 份，沿用 {n} 份")),
        "{}",
        stdout(&again)
    );
    assert_eq!(
        std::fs::read(out_dir.path().join("summary.json")).expect("summary"),
        fresh_summary
    );

    // delete one report, truncate another (a torn write), edit one input
    let reports = out_dir.path().join("reports");
    let report_of = |sample: &str| -> PathBuf {
        let stem = sample.trim_end_matches(".yaml");
        let mut found = None;
        for e in walk(&reports) {
            if e.file_name()
                .is_some_and(|f| f == format!("{stem}.json").as_str())
            {
                found = Some(e);
            }
        }
        found.unwrap_or_else(|| panic!("no report for {sample}"))
    };
    std::fs::remove_file(report_of("small-120.yaml")).expect("delete");
    let torn = report_of("xiaguan-new-1200.yaml");
    let bytes = std::fs::read(&torn).expect("read");
    std::fs::write(&torn, &bytes[..bytes.len() / 2]).expect("truncate");
    let edited = inputs.path().join("renovation-480-open.yaml");
    let text = std::fs::read_to_string(&edited).expect("read");
    std::fs::write(&edited, format!("{text}\n# 第二次提交\n")).expect("edit");
    // and a journal line torn by an interruption
    let journal = out_dir.path().join(".anfang-batch.jsonl");
    let mut j = std::fs::read_to_string(&journal).expect("journal");
    j.push_str("{\"path\": \"samples/x.yaml\", \"sha2");
    std::fs::write(&journal, j).expect("journal");

    let resumed = batch(&[&i, "-o", &o, "--verbose"], None);
    let err = stderr(&resumed);
    assert!(
        stdout(&resumed).contains(&format!("检查 3 份，沿用 {} 份", n - 3)),
        "{}\n{err}",
        stdout(&resumed)
    );
    for redone in [
        "small-120.yaml",
        "xiaguan-new-1200.yaml",
        "renovation-480-open.yaml",
    ] {
        assert!(
            err.lines()
                .any(|l| l.starts_with("checked: ") && l.ends_with(redone)),
            "{redone} was not checked again:\n{err}"
        );
    }
    assert!(serde_json::from_slice::<Value>(&std::fs::read(&torn).expect("read")).is_ok());

    // the resumed summary equals a fresh run's on the same inputs
    let fresh_dir = tempfile::tempdir().expect("tempdir");
    let f = fresh_dir.path().display().to_string();
    batch(&[&i, "-o", &f], None);
    for name in ["summary.json", "summary.csv", "dashboard.html"] {
        let resumed_bytes = std::fs::read(out_dir.path().join(name)).expect("read");
        let fresh_bytes = std::fs::read(fresh_dir.path().join(name)).expect("read");
        assert!(resumed_bytes == fresh_bytes, "{name}: resumed ≠ fresh");
    }
    // --fresh checks everything again
    let all = batch(&[&i, "-o", &o, "--fresh"], None);
    assert!(
        stdout(&all).contains(&format!("检查 {n} 份，沿用 0 份")),
        "{}",
        stdout(&all)
    );
    // no temporary file is left behind
    assert!(
        walk(out_dir.path())
            .iter()
            .all(|p| !p.to_string_lossy().ends_with(".tmp"))
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn batch_refuses_what_it_cannot_do() {
    let (_d, file) = temp_file("not-a-dir", b"x");
    let f = file.display().to_string();
    let out = batch(&["samples/", "-o", &f], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a folder"), "{}", stderr(&out));
    let empty = tempfile::tempdir().expect("tempdir");
    let out_dir = tempfile::tempdir().expect("tempdir");
    let out = batch(
        &[
            &empty.path().display().to_string(),
            "-o",
            &out_dir.path().display().to_string(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no submissions"), "{}", stderr(&out));
    let help = anfang(&["batch", "--help"]);
    let help = stdout(&help)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("Exit code: 2 if any input could not be checked"),
        "{help}"
    );
}

// ---------------------------------------------------------------------------------- dashboard

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
}

/// The values a chart shows, as (key, value, text) from the DOM the browser rendered.
fn chart_values(dom: &str, chart: &str) -> Vec<(String, u64, String)> {
    let marker = format!("data-chart=\"{chart}\" data-key=\"");
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find(&marker) {
        rest = &rest[i + marker.len()..];
        let key_end = rest.find('"').expect("key end");
        let key = rest[..key_end].replace("&amp;", "&");
        let after = &rest[key_end..];
        let v = after
            .strip_prefix("\" data-value=\"")
            .expect("data-value follows data-key");
        let v_end = v.find('"').expect("value end");
        let value: u64 = v[..v_end].parse().expect("number");
        let group = &v[..v.find("</g>").expect("end of bar")];
        let text_start = group.rfind("class=\"value\"").expect("a value label");
        let t = &group[text_start..];
        let text = t[t.find('>').expect(">") + 1..t.find("</text>").expect("</text>")].to_owned();
        out.push((key, value, text));
    }
    out
}

#[test]
fn the_dashboard_renders_its_charts_in_a_real_browser_with_the_summary_numbers() {
    let Some(browser) = chromium() else {
        if std::env::var("ANFANG_SKIP_BROWSER").is_ok_and(|v| v == "1") {
            eprintln!("ANFANG_SKIP_BROWSER=1: dashboard browser test skipped");
            return;
        }
        panic!(
            "chromium is not installed (apt-get install chromium); set ANFANG_SKIP_BROWSER=1 to skip explicitly"
        );
    };
    let inputs = tempfile::tempdir().expect("tempdir");
    district(inputs.path());
    copy_samples(inputs.path());
    let out_dir = tempfile::tempdir().expect("tempdir");
    let i = inputs.path().display().to_string();
    let o = out_dir.path().display().to_string();
    batch(&[&i, "-o", &o], None);
    let profile = tempfile::tempdir().expect("tempdir");
    let page = out_dir.path().join("dashboard.html");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.path().display()),
            "--dump-dom",
            &format!("file://{}", page.display()),
        ])
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("<body data-ok=\"1\">"),
        "the page's script did not finish: {}\n{}",
        dom.lines()
            .find(|l| l.contains("<body"))
            .unwrap_or("no body"),
        stderr(&out)
    );
    let body = &dom[dom.find("<body").expect("body")..];
    let body_tag = &body[..body.find('>').expect("tag end")];
    assert!(
        !body_tag.contains("data-error"),
        "script error in the page: {body_tag}"
    );
    for external in ["src=\"http", "href=\"http", "<link", "url(http", "@import"] {
        assert!(
            !dom.contains(external),
            "the page loads nothing from the network: {external}"
        );
    }

    // the numbers, computed here from summary.json's rows, not from its aggregates
    let summary = read_json(&out_dir.path().join("summary.json"));
    let rows = summary["submissions"].as_array().expect("rows");
    let verdicts = ["pass", "conditional", "incomplete", "fail", "error"];
    let count = |f: &dyn Fn(&Value) -> bool| rows.iter().filter(|r| f(r)).count() as u64;
    let mut expected: Vec<(String, String, u64)> = Vec::new();
    for v in verdicts {
        expected.push(("verdicts".into(), v.into(), count(&|r| r["verdict"] == v)));
    }
    let mut counties: Vec<String> = rows
        .iter()
        .map(|r| {
            r["region"]["county_code"]
                .as_str()
                .expect("county")
                .to_owned()
        })
        .collect();
    counties.sort();
    counties.dedup();
    for c in &counties {
        for v in verdicts {
            let n = count(&|r| r["region"]["county_code"] == c.as_str() && r["verdict"] == v);
            expected.push(("county".into(), format!("{c}:{v}"), n));
        }
    }
    let mut towns: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["region"]["county_code"].as_str().expect("c").to_owned(),
                r["region"]["township"].as_str().expect("t").to_owned(),
            )
        })
        .collect();
    towns.sort();
    towns.dedup();
    for (c, t) in &towns {
        for v in verdicts {
            let n = count(&|r| {
                r["region"]["county_code"] == c.as_str()
                    && r["region"]["township"] == t.as_str()
                    && r["verdict"] == v
            });
            expected.push(("township".into(), format!("{c}/{t}:{v}"), n));
        }
    }
    let mut rules = std::collections::BTreeMap::<String, u64>::new();
    let mut categories = std::collections::BTreeMap::<String, u64>::new();
    for r in rows {
        for f in r["failed_rules"].as_array().expect("failed") {
            *rules
                .entry(f["rule"].as_str().expect("rule").into())
                .or_default() += 1;
            *categories
                .entry(f["category"].as_str().expect("cat").into())
                .or_default() += 1;
        }
    }
    assert!(rules.len() < 20, "all failed rules fit in the chart");
    for (rule, n) in &rules {
        expected.push(("rules".into(), rule.clone(), *n));
    }
    for c in ["people", "physical", "technical"] {
        expected.push((
            "category".into(),
            c.into(),
            categories.get(c).copied().unwrap_or(0),
        ));
    }
    let in_force = rows
        .iter()
        .flat_map(|r| r["waivers"].as_array().expect("waivers"))
        .filter(|w| w["status"] == "in_force")
        .count() as u64;
    expected.push(("waivers".into(), "in_force".into(), in_force));

    for chart in [
        "verdicts", "county", "township", "rules", "category", "waivers",
    ] {
        let shown = chart_values(&dom, chart);
        let wanted: Vec<&(String, String, u64)> =
            expected.iter().filter(|(c, _, _)| c == chart).collect();
        assert_eq!(shown.len(), wanted.len(), "{chart}: {shown:?}");
        for (_, key, n) in wanted {
            let (_, value, text) = shown
                .iter()
                .find(|(k, _, _)| k == key)
                .unwrap_or_else(|| panic!("{chart}: no bar for {key}: {shown:?}"));
            assert_eq!(value, n, "{chart} {key}");
            assert_eq!(
                text,
                &n.to_string(),
                "{chart} {key}: the label shows the number"
            );
        }
    }
    assert!(expected.iter().any(|(c, _, n)| c == "county" && *n > 0));
}

// --------------------------------------------------------------------------------------- diff

#[test]
fn diff_of_the_resubmission_pair_names_fixed_remaining_new_and_waived() {
    let out = anfang(&[
        "diff",
        "samples/resubmission/round1.yaml",
        "samples/resubmission/round2.yaml",
        "--format",
        "json",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "round 2 still fails\n{}",
        stderr(&out)
    );
    let d: Value = serde_json::from_slice(&out.stdout).expect("json");
    let rules = |k: &str| -> Vec<String> {
        let mut v: Vec<String> = d[k]
            .as_array()
            .expect("list")
            .iter()
            .map(|i| i["rule"].as_str().expect("rule").to_owned())
            .collect();
        v.dedup();
        v
    };
    assert_eq!(rules("fixed"), ["ALM-014", "PWR-005", "VID-006"]);
    assert_eq!(rules("still_failing"), ["ALM-015"]);
    assert_eq!(rules("newly_failing"), ["PRV-006"]);
    assert_eq!(rules("now_waived"), ["STF-016"]);
    assert_eq!(d["waivers"][0]["rule"], "STF-016");
    assert_eq!(d["waivers"][0]["change"], "added");
    // Counted by rule; the subjects are listed with each.
    assert_eq!(d["counts"]["still_failing"], 1, "ALM-015");
    assert_eq!(
        d["still_failing"].as_array().map(Vec::len),
        Some(1),
        "ALM-015"
    );
    assert_eq!(d["counts"]["cannot_evaluate"], 0);
    assert_eq!(d["same_standard"], true);
}

#[test]
fn diff_refuses_two_different_projects_unless_allowed() {
    let pair = ["samples/small-120.yaml", "samples/xiaguan-new-1200.yaml"];
    let refused = anfang(&["diff", pair[0], pair[1], "--as-of", AS_OF]);
    assert_eq!(refused.status.code(), Some(2), "{}", stdout(&refused));
    let e = stderr(&refused);
    assert!(
        e.contains("different projects")
            && e.contains("EYJF-SJ-2026-021")
            && e.contains("DLJF-SJ-2026-0316")
            && e.contains("--allow-different-project"),
        "{e}"
    );
    let allowed = anfang(&[
        "diff",
        pair[0],
        pair[1],
        "--as-of",
        AS_OF,
        "--allow-different-project",
        "--format",
        "markdown",
    ]);
    assert!(
        matches!(allowed.status.code(), Some(0 | 1)),
        "{}",
        stderr(&allowed)
    );
    assert!(
        stdout(&allowed).contains("两次申报的项目编号不同"),
        "{}",
        stdout(&allowed)
    );
}

#[test]
fn diff_shows_data_still_missing_apart_from_failures() {
    // small-120 cannot evaluate three rules for lack of data (alarm backup power, video
    // retention, storage capacity); against itself nothing is fixed or failing, and the three
    // rules are listed as information still required.
    let s = "samples/small-120.yaml";
    let out = anfang(&["diff", s, s, "--as-of", AS_OF, "--format", "json"]);
    let d: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(d["counts"]["still_failing"], 0, "{d:#}");
    assert_eq!(d["counts"]["cannot_evaluate"], 3, "{d:#}");
    let text = stdout(&anfang(&["diff", s, s, "--as-of", AS_OF]));
    assert!(text.contains("仍未整改 (0 条规则)"), "{text}");
    assert!(text.contains("需补充资料（无法判定） (3 条规则)"), "{text}");
}

#[test]
fn diff_of_two_json_reports_equals_diff_of_the_submissions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut reports = Vec::new();
    for round in ["round1", "round2"] {
        let p = dir.path().join(format!("{round}.json"));
        let out = anfang(&[
            "check",
            &format!("samples/resubmission/{round}.yaml"),
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "-o",
            &p.display().to_string(),
        ]);
        assert!(out.status.code() == Some(1), "{}", stderr(&out));
        reports.push(p.display().to_string());
    }
    let from_reports = anfang(&["diff", &reports[0], &reports[1], "--format", "markdown"]);
    let from_submissions = anfang(&[
        "diff",
        "samples/resubmission/round1.yaml",
        "samples/resubmission/round2.yaml",
        "--format",
        "markdown",
        "--as-of",
        AS_OF,
    ]);
    let strip = |s: String| -> String {
        s.lines()
            .filter(|l| !l.starts_with("| 文件 |"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(stdout(&from_reports)),
        strip(stdout(&from_submissions))
    );
    insta::assert_snapshot!("diff.resubmission.md.zh", stdout(&from_submissions));
    let en = anfang(&[
        "diff",
        &reports[0],
        &reports[1],
        "--lang",
        "en",
        "--format",
        "html",
    ]);
    let html = stdout(&en);
    assert!(html.contains("<h2>3. Newly failing（1）</h2>"), "{html}");
    assert!(html.contains("PRV-006"));
}

#[test]
fn diff_refuses_reports_of_different_standards_unless_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = dir.path().join("old.json");
    let out = anfang(&[
        "check",
        "samples/resubmission/round1.yaml",
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "-o",
        &old.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let mut report = read_json(&old);
    report["standard"]["edition"] = "2024.1".into();
    let other = dir.path().join("other.json");
    std::fs::write(&other, serde_json::to_vec(&report).expect("json")).expect("write");
    let (o, n) = (old.display().to_string(), other.display().to_string());
    let refused = anfang(&["diff", &o, &n]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("different standards")
            && stderr(&refused).contains("--allow-different-standard"),
        "{}",
        stderr(&refused)
    );
    let allowed = anfang(&["diff", &o, &n, "--allow-different-standard"]);
    assert_eq!(allowed.status.code(), Some(1), "{}", stderr(&allowed));
    assert!(
        stdout(&allowed).contains("⚠ 两次审查所用标准不同"),
        "{}",
        stdout(&allowed)
    );
    assert!(
        stdout(&allowed).contains("已整改 (0 条规则)"),
        "{}",
        stdout(&allowed)
    );
    let missing = anfang(&["diff", &o, "no/such.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no/such.json"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn every_command_refuses_a_templates_path_that_is_not_a_folder_and_an_unknown_edition() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let out = out.to_str().expect("utf-8");
    let round = "samples/resubmission/round1.yaml";
    let commands: [&[&str]; 4] = [
        &["check", round],
        &["batch", round, "--output", out],
        &["diff", round, "samples/resubmission/round2.yaml"],
        &[
            "accept",
            "--design",
            "samples/xiaguan-new-1200.yaml",
            "--as-built",
            "samples/acceptance/xiaguan-passed.csv",
        ],
    ];
    for command in commands {
        let mut args = command.to_vec();
        args.extend(["--templates", "no-such-templates"]);
        let o = anfang(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("--templates no-such-templates: not a folder"),
            "{args:?}: {}",
            stderr(&o)
        );
        let mut args = command.to_vec();
        args.extend(["--edition", "1999.9"]);
        let o = anfang(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("1999.9"), "{args:?}: {}", stderr(&o));
    }
}
