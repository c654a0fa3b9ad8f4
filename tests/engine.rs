//! Outcomes, waivers and verdicts on a small fixture standard (tests/fixtures/standards/mini).

use anfang::date::Date;
use anfang::engine::{Options, Outcome, Verdict, WaiverStatus, evaluate};
use anfang::ingest::{Format, Source, parse};
use anfang::standard::CompiledStandard;
use anfang::validate::validate;

use crate::common::root;

fn mini() -> CompiledStandard {
    anfang::standard::load_dir(&root().join("tests/fixtures/standards/mini"))
        .expect("mini standard loads")
}

const BASE: &str = "project: { id: X, name: 测试, kind: new_build, phase: design_review, protection_level: level3 }\n";

fn run(extra: &str, as_of: &str) -> anfang::engine::Evaluation {
    let doc = parse(
        Source::from_text("t.yaml", format!("{BASE}{extra}")),
        Format::Yaml,
    )
    .expect("parses");
    let v = validate(doc).expect("valid");
    evaluate(
        &mini(),
        &v.document.value,
        Options {
            as_of: Date::parse(as_of).expect("date"),
        },
    )
}

fn outcome(e: &anfang::engine::Evaluation, id: &str, std: &CompiledStandard) -> Outcome {
    let i = std.rules.iter().position(|r| r.id == id).expect("rule");
    e.rules[i].outcome
}

const ALL_GOOD: &str = "site: { entrances: [{ id: E1, kind: mixed }] }\ntechnical:\n  cameras: [{ id: C1, type: face_capture, functions: [face_capture], covers: [E1] }]\n  video_storage: { retention_days: 40 }\nstaffing: { control_room_24h: true }\n";

#[test]
fn everything_stated_and_met_passes() {
    let e = run(ALL_GOOD, "2026-11-27");
    assert_eq!(e.verdict, Verdict::Pass);
    assert_eq!(e.counts().failed, 0);
}

#[test]
fn missing_data_is_incomplete_and_names_the_field() {
    let e = run("staffing: { control_room_24h: true }\n", "2026-11-27");
    assert_eq!(e.verdict, Verdict::Incomplete);
    let std = mini();
    assert_eq!(outcome(&e, "VID-001", &std), Outcome::CannotEvaluate);
    let i = std
        .rules
        .iter()
        .position(|r| r.id == "VID-001")
        .expect("rule");
    assert_eq!(
        e.rules[i].subjects[0].missing.as_deref(),
        Some("/technical/video_storage/retention_days")
    );
}

#[test]
fn parameters_follow_the_protection_level() {
    let three = run(ALL_GOOD, "2026-11-27");
    assert_eq!(three.verdict, Verdict::Pass);
    let doc = parse(Source::from_text("t.yaml", format!("project: {{ id: X, name: 测试, kind: new_build, phase: design_review, protection_level: level1 }}\n{ALL_GOOD}")), Format::Yaml).expect("parses");
    let v = validate(doc).expect("valid");
    let e = evaluate(
        &mini(),
        &v.document.value,
        Options {
            as_of: Date::today(),
        },
    );
    assert_eq!(
        e.verdict,
        Verdict::Fail,
        "40 days pass at level3 (30) but fail at level1 (90)"
    );
}

#[test]
fn should_failure_is_conditional_and_mandatory_failure_is_fail() {
    let no_face = ALL_GOOD.replace(
        "type: face_capture, functions: [face_capture]",
        "type: dome, functions: []",
    );
    assert_eq!(run(&no_face, "2026-11-27").verdict, Verdict::Conditional);
    let short = ALL_GOOD.replace("retention_days: 40", "retention_days: 15");
    let e = run(&short, "2026-11-27");
    assert_eq!(e.verdict, Verdict::Fail);
    let std = mini();
    let i = std
        .rules
        .iter()
        .position(|r| r.id == "VID-001")
        .expect("rule");
    let s = &e.rules[i].subjects[0];
    assert_eq!(s.message.zh, "录像保存15 天，要求≥ 30 天");
    assert_eq!(s.message.en, "video kept 15 days; required ≥ 30 days");
}

#[test]
fn near_miss_is_flagged() {
    let e = run(
        &ALL_GOOD.replace("retention_days: 40", "retention_days: 31"),
        "2026-11-27",
    );
    let std = mini();
    let i = std
        .rules
        .iter()
        .position(|r| r.id == "VID-001")
        .expect("rule");
    assert_eq!(e.rules[i].outcome, Outcome::Pass);
    assert!(
        e.rules[i].subjects[0].near_miss,
        "31 days against 30 with a margin of 2 is a near miss"
    );
    let e = run(ALL_GOOD, "2026-11-27");
    assert!(!e.rules[i].subjects[0].near_miss);
}

fn waiver(rule: &str, date: &str, expires: &str, conditions: &str) -> String {
    format!(
        "waivers:\n  - {{ rule: {rule}, reason: 现场条件限制, approver: 张工, document: 大住建〔2026〕1号, date: {date}, expires: {expires}{conditions} }}\n"
    )
}

#[test]
fn waiver_of_a_should_rule_applies_until_its_expiry_day() {
    let no_face = ALL_GOOD.replace(
        "type: face_capture, functions: [face_capture]",
        "type: dome, functions: []",
    );
    let w = waiver("ACC-001", "2026-01-10", "2026-12-31", "");
    let e = run(&format!("{no_face}{w}"), "2026-12-31");
    assert_eq!(
        e.waivers[0].status,
        WaiverStatus::InForce,
        "the expiry day itself still counts"
    );
    assert_eq!(e.verdict, Verdict::Pass);
    let e = run(&format!("{no_face}{w}"), "2027-01-01");
    assert_eq!(e.waivers[0].status, WaiverStatus::Expired);
    assert_eq!(e.verdict, Verdict::Conditional);
}

#[test]
fn waiver_with_conditions_makes_the_verdict_conditional() {
    let no_face = ALL_GOOD.replace(
        "type: face_capture, functions: [face_capture]",
        "type: dome, functions: []",
    );
    let w = waiver(
        "ACC-001",
        "2026-01-10",
        "2026-12-31",
        ", conditions: [增加夜间巡逻]",
    );
    let e = run(&format!("{no_face}{w}"), "2026-11-27");
    assert_eq!(e.waivers[0].status, WaiverStatus::InForce);
    assert_eq!(e.verdict, Verdict::Conditional);
}

#[test]
fn waiver_of_a_mandatory_clause_is_refused() {
    let short = ALL_GOOD.replace("retention_days: 40", "retention_days: 15");
    let w = waiver("VID-001", "2026-01-10", "2026-12-31", "");
    let e = run(&format!("{short}{w}"), "2026-11-27");
    assert_eq!(e.waivers[0].status, WaiverStatus::Refused);
    assert_eq!(e.verdict, Verdict::Fail);
}

#[test]
fn unmatched_unknown_and_future_waivers_are_reported() {
    let w = format!(
        "{}{}{}",
        waiver("ACC-001", "2026-01-10", "2026-12-31", ""),
        waiver("ZZZ-999", "2026-01-10", "2026-12-31", "").replace("waivers:\n", ""),
        waiver("STF-001", "2027-01-10", "2027-12-31", "").replace("waivers:\n", "")
    );
    let e = run(&format!("{ALL_GOOD}{w}"), "2026-11-27");
    let statuses: Vec<WaiverStatus> = e.waivers.iter().map(|w| w.status).collect();
    assert_eq!(
        statuses,
        vec![
            WaiverStatus::Unmatched,
            WaiverStatus::UnknownRule,
            WaiverStatus::NotYetValid
        ]
    );
}

#[test]
fn the_same_input_gives_the_same_evaluation() {
    let a = run(ALL_GOOD, "2026-11-27");
    let b = run(ALL_GOOD, "2026-11-27");
    assert_eq!(format!("{:?}", a.rules), format!("{:?}", b.rules));
}
