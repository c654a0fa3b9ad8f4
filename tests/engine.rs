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
    assert_eq!(s.message.zh, "录像保存15天，要求≥30天");
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

// ------------------------------------------------------------------ three-valued evaluation

/// A one-rule standard: `rule` is the YAML of the rule's fields after `id`/`name`/`title`.
fn one_rule(obligation: &str, provenance: &str, body: &str) -> CompiledStandard {
    let std = "id: t\nedition: \"1\"\ntitle: { zh: 测试, en: Test }\neffective: 2026-01-01\nsources:\n  T: { zh: 测试规范, en: Test code, kind: national }\n  L: { zh: 地方文件, en: Local document, kind: local, region: [\"53\"] }\n";
    let rules = format!(
        "rules:\n  - id: TST-001\n    name: test-rule\n    title: {{ zh: 测试规则, en: Test rule }}\n    clauses: [{{ source: {src}, clause: \"1\" }}]\n    obligation: {obligation}\n    provenance: {provenance}\n    category: technical\n    subsystem: general\n{body}    message: {{ zh: \"{{observed}}\", en: \"{{observed}}\" }}\n    fix: {{ zh: 改。, en: Fix. }}\n    docs: {{ what: {{ zh: 测。, en: Test. }}, why: {{ zh: 测。, en: Test. }} }}\n    examples: {{ pass: \"project: {{ households: 1 }}\", fail: \"project: {{ households: 2 }}\" }}\n",
        src = if provenance == "local" { "L" } else { "T" }
    );
    let base = "project: { id: X, name: 测试, kind: new_build, phase: design_review, protection_level: level3 }\n";
    anfang::standard::load_files(
        "t",
        "test",
        vec![
            ("standard.yaml".into(), std.into()),
            ("rules/t.yaml".into(), rules),
            ("example-base.yaml".into(), base.into()),
        ],
    )
    .unwrap_or_else(|p| panic!("{p:?}"))
}

fn eval_with(std: &CompiledStandard, extra: &str) -> anfang::engine::Evaluation {
    let doc = parse(
        Source::from_text("t.yaml", format!("{BASE}{extra}")),
        Format::Yaml,
    )
    .expect("parses");
    let v = validate(doc).expect("valid");
    evaluate(
        std,
        &v.document.value,
        Options {
            as_of: Date::parse("2026-11-27").expect("date"),
        },
    )
}

fn only(e: &anfang::engine::Evaluation) -> &anfang::engine::RuleResult {
    &e.rules[0]
}

/// The outcome of a one-rule standard on BASE plus `extra`, and the fact it names as missing.
fn outcome_and_missing(std: &CompiledStandard, extra: &str) -> (Outcome, Option<String>) {
    let e = eval_with(std, extra);
    let r = only(&e);
    (
        r.outcome,
        r.subjects.first().and_then(|s| s.missing.clone()),
    )
}

#[test]
fn an_unknown_condition_is_cannot_evaluate_only_if_the_check_could_fail() {
    let std = one_rule(
        "shall",
        "national",
        "    applies: { when: { site.perimeter.closed: true } }\n    check: { kind: value, field: staffing.control_room_24h, equals: true }\n",
    );
    // `closed` not stated, but the check passes: it holds whether or not the rule applies.
    let e = eval_with(&std, "staffing: { control_room_24h: true }\n");
    assert_eq!(only(&e).outcome, Outcome::Pass);
    assert_eq!(e.verdict, Verdict::Pass);
    // The check would fail if the rule applied: the missing fact decides, and is named.
    let e = eval_with(&std, "staffing: { control_room_24h: false }\n");
    assert_eq!(only(&e).outcome, Outcome::CannotEvaluate);
    assert_eq!(
        only(&e).subjects[0].missing.as_deref(),
        Some("/site/perimeter/closed")
    );
    assert_eq!(e.verdict, Verdict::Incomplete);
    // Data to supply names the first section the submission leaves out (BASE has no `site`).
    assert_eq!(e.supply[0].field, "site");
}

#[test]
fn an_element_whose_filter_cannot_be_told_counts_only_if_its_check_would_fail() {
    let std = one_rule(
        "mandatory",
        "national",
        "    check: { kind: value, for_each: \"technical.access_points[*]\", where: { on_evacuation_route: true }, field: fire_alarm_release, equals: true }\n",
    );
    assert_eq!(
        outcome_and_missing(
            &std,
            "technical: { access_points: [ { id: A1, fire_alarm_release: true } ] }\n"
        )
        .0,
        Outcome::Pass,
        "released either way"
    );
    assert_eq!(
        outcome_and_missing(
            &std,
            "technical: { access_points: [ { id: A1, fire_alarm_release: false } ] }\n"
        ),
        (
            Outcome::CannotEvaluate,
            Some("/technical/access_points/0/on_evacuation_route".to_owned())
        )
    );
    assert_eq!(outcome_and_missing(&std, "technical: { access_points: [ { id: A1, on_evacuation_route: false, fire_alarm_release: false } ] }\n").0, Outcome::NotApplicable);
}

#[test]
fn a_list_not_stated_is_not_stated_at_any_depth_and_an_empty_list_is_none() {
    let std = one_rule(
        "shall",
        "national",
        "    check: { kind: each_has, for_each: \"site.buildings[*].units[*].lifts[*]\", related: \"technical.cameras[*]\", link: covers }\n",
    );
    // A unit that does not state its lifts: not stated, named (it used to be silently n/a).
    assert_eq!(
        outcome_and_missing(
            &std,
            "site: { buildings: [ { id: B1, units: [ { id: U1 } ] } ] }\ntechnical: { cameras: [] }\n"
        ),
        (
            Outcome::CannotEvaluate,
            Some("/site/buildings/0/units/0/lifts".to_owned())
        )
    );
    // `lifts: []`: none, so nothing to check.
    assert_eq!(outcome_and_missing(&std, "site: { buildings: [ { id: B1, units: [ { id: U1, lifts: [] } ] } ] }\ntechnical: { cameras: [] }\n").0, Outcome::NotApplicable);
    // The same for a top-level list: site.garages left out vs [].
    let std = one_rule(
        "shall",
        "national",
        "    check: { kind: each_has, for_each: \"site.garages[*]\", related: \"technical.cameras[*]\", link: covers }\n",
    );
    assert_eq!(
        outcome_and_missing(
            &std,
            "site: { buildings: [] }\ntechnical: { cameras: [] }\n"
        )
        .0,
        Outcome::CannotEvaluate
    );
    assert_eq!(
        outcome_and_missing(&std, "site: { garages: [] }\ntechnical: { cameras: [] }\n").0,
        Outcome::NotApplicable
    );
}

#[test]
fn related_elements_and_counts_are_bounded_by_what_is_stated_and_what_may_be_there() {
    let std = one_rule(
        "mandatory",
        "national",
        "    check: { kind: each_has, for_each: \"site.entrances[*]\", related: \"technical.cameras[*]\", link: covers, related_where: { functions: { contains: face_capture } } }\n",
    );
    let entrance = "site: { entrances: [ { id: E1, kind: pedestrian } ] }\n";
    // A camera covering the entrance whose functions are not stated might be face capture.
    assert_eq!(
        outcome_and_missing(
            &std,
            &format!(
                "{entrance}technical: {{ cameras: [ {{ id: C1, type: dome, covers: [E1] }} ] }}\n"
            )
        ),
        (
            Outcome::CannotEvaluate,
            Some("/technical/cameras/0/functions".to_owned())
        )
    );
    // `functions: []`: it is not, so the entrance fails.
    assert_eq!(outcome_and_missing(&std, &format!(
            "{entrance}technical: {{ cameras: [ {{ id: C1, type: dome, functions: [], covers: [E1] }} ] }}\n"
        )).0, Outcome::Fail);
    // A count that the stated elements already settle passes whatever the others are.
    let std = one_rule(
        "shall",
        "national",
        "    check: { kind: count, of: \"technical.cameras[*]\", where: { high_point: true }, min: 1 }\n",
    );
    assert_eq!(outcome_and_missing(&std, "technical: { cameras: [ { id: C1, type: ptz, high_point: true }, { id: C2, type: dome } ] }\n").0, Outcome::Pass);
    assert_eq!(
        outcome_and_missing(&std, "technical: { cameras: [ { id: C2, type: dome } ] }\n").0,
        Outcome::CannotEvaluate
    );
}

#[test]
fn should_and_advisory_rules_never_give_incomplete_and_advisory_never_fails_the_design() {
    let check = "    check: { kind: value, field: staffing.control_room_24h, equals: true }\n";
    // A should rule that cannot be evaluated is not a silent pass: 基本通过, listed to supply.
    let e = eval_with(&one_rule("should", "national", check), "");
    assert_eq!(e.verdict, Verdict::Conditional);
    assert_eq!(e.supply[0].field, "staffing");
    // With the section stated, the field itself.
    let e = eval_with(&one_rule("should", "national", check), "staffing: {}\n");
    assert_eq!(e.supply[0].field, "staffing.control_room_24h");
    // An advisory shall rule: missing data and failure both give 基本通过 at most.
    let advisory = one_rule("shall", "advisory", check);
    assert_eq!(eval_with(&advisory, "").verdict, Verdict::Conditional);
    let e = eval_with(&advisory, "staffing: { control_room_24h: false }\n");
    assert_eq!(only(&e).outcome, Outcome::Fail);
    assert_eq!(e.verdict, Verdict::Conditional);
    // The same rule, national: 不通过.
    let e = eval_with(
        &one_rule("shall", "national", check),
        "staffing: { control_room_24h: false }\n",
    );
    assert_eq!(e.verdict, Verdict::Fail);
}

#[test]
fn a_local_rule_applies_only_in_its_region_and_says_why_elsewhere() {
    let std = one_rule(
        "shall",
        "local",
        "    check: { kind: value, field: staffing.control_room_24h, equals: true }\n",
    );
    let fails = "staffing: { control_room_24h: false }\n";
    // BASE has no region code: the rule may apply and would fail, so it cannot be evaluated.
    let e = eval_with(&std, fails);
    assert_eq!(
        only(&e).subjects[0].missing.as_deref(),
        Some("/project/region_code")
    );
    let run = |code: &str| {
        let doc = parse(
            Source::from_text(
                "t.yaml",
                format!(
                    "project: {{ id: X, name: 测试, region_code: \"{code}\", kind: new_build, phase: design_review, protection_level: level3 }}\n{fails}"
                ),
            ),
            Format::Yaml,
        )
        .expect("parses");
        let v = validate(doc).expect("valid");
        evaluate(
            &std,
            &v.document.value,
            Options {
                as_of: Date::parse("2026-11-27").expect("date"),
            },
        )
    };
    let e = run("532901");
    assert_eq!(only(&e).outcome, Outcome::Fail, "Dali lies in Yunnan (53)");
    assert_eq!(e.verdict, Verdict::Fail);
    let e = run("310104");
    assert_eq!(only(&e).outcome, Outcome::NotApplicable);
    assert!(
        only(&e).subjects[0]
            .message
            .en
            .contains("a local requirement for projects whose region code starts with 53 (this project: 310104)"),
        "{:?}",
        only(&e).subjects[0].message
    );
    assert_eq!(e.verdict, Verdict::Pass);
}
