//! The scenario suite (tests/scenarios/README.md): communities described in prose, with the
//! verdict and the catalogue rows that must and must not be flagged, written down from the
//! catalogue before anfang was run. Each submission is checked with the built-in standard and
//! compared with its row of the README's expectation tables.

use std::collections::{BTreeMap, BTreeSet};

use anfang::standard::{embedded, load_builtin};

use crate::common::*;

/// One row of an expectation table.
#[derive(Debug)]
struct Expectation {
    id: String,
    file: String,
    verdict: String,
    flagged: Vec<String>,
    not_flagged: Vec<String>,
    cannot_evaluate: Vec<String>,
}

fn list(cell: &str) -> Vec<String> {
    cell.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "—")
        .map(str::to_owned)
        .collect()
}

/// The rows of the expectation tables, in README order (the held-back table included).
fn expectations() -> Vec<Expectation> {
    let readme = std::fs::read_to_string(root().join("tests/scenarios/README.md")).expect("README");
    let section = readme
        .split("## Expectations")
        .nth(1)
        .expect("an Expectations section");
    section
        .lines()
        .filter(|l| l.starts_with("| S"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let cell = |i: usize| cells.get(i).copied().unwrap_or("");
            Expectation {
                id: cell(0).to_owned(),
                file: cell(1).to_owned(),
                verdict: cell(2).to_owned(),
                flagged: list(cell(3)),
                not_flagged: list(cell(4)),
                cannot_evaluate: list(cell(5)),
            }
        })
        .collect()
}

/// Rule id → the first catalogue row it cites (how the README judges a row).
fn primary_rows() -> BTreeMap<String, String> {
    let std = load_builtin(embedded::DEFAULT_STANDARD).expect("loads");
    std.rules
        .iter()
        .filter_map(|r| {
            let row = r.clauses.iter().find_map(|c| c.row.clone())?;
            Some((r.id.clone(), row))
        })
        .collect()
}

/// What anfang says about one scenario: (verdict, rows flagged, rows that cannot be evaluated).
fn judge(
    file: &str,
    rows: &BTreeMap<String, String>,
) -> (String, BTreeSet<String>, BTreeSet<String>) {
    let path = format!("tests/scenarios/{file}");
    let out = anfang(&["check", &path, "--format", "json", "--as-of", "2026-11-27"]);
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{file}: {}", stderr(&out)));
    let mut flagged = BTreeSet::new();
    let mut missing = BTreeSet::new();
    for f in report["findings"].as_array().into_iter().flatten() {
        let Some(row) = f["rule"].as_str().and_then(|r| rows.get(r)) else {
            continue;
        };
        match f["outcome"].as_str() {
            Some("fail") => {
                flagged.insert(row.clone());
            }
            Some("cannot_evaluate") => {
                missing.insert(row.clone());
            }
            _ => {}
        }
    }
    let verdict = report["verdict"].as_str().unwrap_or("").to_owned();
    let code = out.status.code();
    assert_eq!(
        code,
        Some(if verdict == "pass" { 0 } else { 1 }),
        "{file}: the exit code follows the verdict"
    );
    (verdict, flagged, missing)
}

/// How a scenario disagrees with its expectation, if it does.
fn disagreement(e: &Expectation, rows: &BTreeMap<String, String>) -> Option<String> {
    let (verdict, flagged, missing) = judge(&e.file, rows);
    let mut why = Vec::new();
    if verdict != e.verdict {
        why.push(format!("verdict {verdict}, expected {}", e.verdict));
    }
    for r in &e.flagged {
        if !flagged.contains(r) {
            why.push(format!("{r} not flagged"));
        }
    }
    for r in &e.not_flagged {
        if flagged.contains(r) {
            why.push(format!("{r} flagged"));
        }
    }
    for r in &e.cannot_evaluate {
        if !missing.contains(r) {
            why.push(format!("{r} not reported as cannot evaluate"));
        }
    }
    (!why.is_empty()).then(|| format!("{} ({}): {}", e.id, e.file, why.join("; ")))
}

#[test]
fn every_scenario_gives_the_verdict_and_rows_its_readme_expects() {
    let all = expectations();
    assert!(all.len() >= 12, "at least 12 scenarios: {}", all.len());
    let verdicts: BTreeSet<&str> = all.iter().map(|e| e.verdict.as_str()).collect();
    assert_eq!(
        verdicts,
        BTreeSet::from(["conditional", "fail", "incomplete", "pass"]),
        "all four verdicts"
    );
    let rows = primary_rows();
    let problems: Vec<String> = all.iter().filter_map(|e| disagreement(e, &rows)).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_untouched_init_file_lists_a_short_list_of_data_to_supply() {
    // The starter marks the facts it leaves to fill in with `# 待填写`; checked untouched, the
    // report lists exactly those as data to supply, and nothing fails.
    let starter = std::fs::read_to_string(root().join("templates/starter.yaml")).expect("starter");
    let marked: BTreeSet<String> = starter
        .lines()
        .filter(|l| l.contains("# 待填写"))
        .filter_map(|l| {
            l.trim_start()
                .trim_start_matches('#')
                .trim()
                .split(':')
                .next()
                .map(str::to_owned)
        })
        .collect();
    assert!(!marked.is_empty());
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("submission.yaml");
    let out = anfang(&["init", &p.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = anfang(&["check", &p.display().to_string(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let supplied: BTreeSet<String> = report["supply"]
        .as_array()
        .expect("supply")
        .iter()
        .filter_map(|s| s["field"].as_str())
        .map(|f| f.rsplit('.').next().unwrap_or(f).to_owned())
        .collect();
    assert_eq!(supplied, marked, "{:#}", report["supply"]);
    assert_eq!(report["summary"]["failed"], 0, "{:#}", report["findings"]);
    let findings = report["findings"].as_array().map_or(0, Vec::len);
    assert!(
        findings <= 12,
        "{findings} findings for an untouched starter"
    );
}
