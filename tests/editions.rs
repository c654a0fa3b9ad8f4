//! Editions: the filing date picks the edition in force; --edition overrides; reports say why.

use crate::common::*;

const STD: &str = "tests/fixtures/standards/versioned";

fn submission(filing: Option<&str>) -> (tempfile::TempDir, String) {
    let filing = filing
        .map(|d| format!(", filing_date: {d}"))
        .unwrap_or_default();
    let text = format!(
        "project: {{ id: X, name: 测试, kind: new_build, phase: design_review, protection_level: level3{filing} }}\nsite: {{ entrances: [{{ id: E1, kind: mixed }}] }}\ntechnical:\n  cameras: [{{ id: C1, type: face_capture, functions: [face_capture], covers: [E1] }}]\n  video_storage: {{ retention_days: 40 }}\nstaffing: {{ control_room_24h: true }}\n"
    );
    let (dir, p) = temp_file("s.yaml", text.as_bytes());
    (dir, p.display().to_string())
}

fn report(path: &str, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec![
        "check",
        path,
        "--standard",
        STD,
        "--format",
        "json",
        "--as-of",
        "2026-11-27",
    ];
    args.extend_from_slice(extra);
    let out = anfang(&args);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    (out.status.code(), v)
}

#[test]
fn the_filing_date_picks_the_edition_in_force() {
    let (_d, early) = submission(Some("2026-03-01"));
    let (code, r) = report(&early, &[]);
    assert_eq!(r["standard"]["edition"], "2025.1");
    assert_eq!(
        r["standard"]["edition_reason"]["en"],
        "in force on the filing date 2026-03-01: edition 2025.1 (effective 2025-01-01)"
    );
    assert_eq!(
        (code, r["verdict"].as_str()),
        (Some(0), Some("pass")),
        "40 days meet 2025.1's 30"
    );
    let (_d, late) = submission(Some("2026-08-01"));
    let (code, r) = report(&late, &[]);
    assert_eq!(r["standard"]["edition"], "2026.1");
    assert_eq!(
        (code, r["verdict"].as_str()),
        (Some(1), Some("fail")),
        "40 days fail 2026.1's 60"
    );
}

#[test]
fn without_a_filing_date_the_as_of_date_decides_and_edition_overrides() {
    let (_d, p) = submission(None);
    let (_, r) = report(&p, &[]);
    assert_eq!(r["standard"]["edition"], "2026.1");
    assert!(
        r["standard"]["edition_reason"]["zh"]
            .as_str()
            .unwrap_or("")
            .starts_with("未填写申报日期")
    );
    let (_, r) = report(&p, &["--edition", "2025.1"]);
    assert_eq!(r["standard"]["edition"], "2025.1");
    assert_eq!(
        r["standard"]["edition_reason"]["en"],
        "edition 2025.1 chosen with --edition"
    );
    let out = anfang(&["check", &p, "--standard", STD, "--edition", "2024.9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no such edition (editions: 2025.1, 2026.1)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_filing_date_before_every_edition_applies_the_earliest_and_says_so() {
    let (_d, p) = submission(Some("2024-05-01"));
    let (_, r) = report(&p, &[]);
    assert_eq!(r["standard"]["edition"], "2025.1");
    assert!(
        r["standard"]["edition_reason"]["en"]
            .as_str()
            .unwrap_or("")
            .contains("precedes every edition")
    );
}

#[test]
fn standards_test_runs_every_edition() {
    let out = anfang(&["standards", "test", STD]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("standard versioned 2025.1") && text.contains("standard versioned 2026.1"),
        "{text}"
    );
    assert!(
        text.contains("11 passed, 0 failed, 1 skipped"),
        "2026.1 tightens VID-001: its passing example is skipped\n{text}"
    );
}

/// The example overlay (standards/examples/prefecture-overlay, not built in) has two editions:
/// 2026.1 adopts the advisory VID-016 (key cameras resume after a network loss) with its own
/// document; 2025.1 does not. The filing date decides which applies.
#[test]
fn the_example_overlays_editions_differ_in_what_they_adopt() {
    let text = |filing: &str| {
        format!(
            "project: {{ id: X, name: 测试, region_code: \"532901\", kind: new_build, phase: design_review, protection_level: level3, filing_date: {filing} }}\ntechnical:\n  cameras: [{{ id: C1, type: face_capture, resolution_mp: 4, resume_after_network_loss: false }}]\n"
        )
    };
    let finding = |filing: &str| {
        let (_d, p) = temp_file("s.yaml", text(filing).as_bytes());
        let r = crate::common::check_json(
            &p.display().to_string(),
            &["--standard", "standards/examples/prefecture-overlay"],
        );
        let f = crate::common::finding_of(&r, "VID-016");
        (r["standard"]["edition"].clone(), f)
    };
    let (edition, f) = finding("2026-01-15");
    assert_eq!(edition, "2025.1");
    assert_eq!(
        (
            f["outcome"].as_str(),
            f["provenance"].as_str(),
            f["verify"].as_bool()
        ),
        (Some("fail"), Some("advisory"), Some(true)),
        "not adopted in 2025.1: a recommendation marked ⚠ {f}"
    );
    let (edition, f) = finding("2026-08-01");
    assert_eq!(edition, "2026.1");
    assert_eq!(
        (
            f["outcome"].as_str(),
            f["provenance"].as_str(),
            f["obligation"].as_str()
        ),
        (Some("fail"), Some("local"), Some("shall")),
        "adopted in 2026.1 by the example document: binding {f}"
    );
    assert_eq!(f["clauses"][0]["source"], "EXAMPLE_GUIDE", "{f}");
}
