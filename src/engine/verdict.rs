//! The verdict: each finding's weight under the standard's policy, the heaviest deciding.

use super::{Outcome, RuleResult, Verdict, WaiverRecord, WaiverStatus};
use crate::standard::{Provenance, Severity, VerdictPolicy};

/// How far one outcome moves the verdict. An advisory finding (建议, ⚠ 待核实: the figure is the
/// rule-set's own choice, unconfirmed, or practice) never goes past 基本通过, failed or not
/// evaluated; a *should* rule that cannot be evaluated is not a silent 通过.
pub fn severity(
    policy: &VerdictPolicy,
    outcome: Outcome,
    obligation: crate::standard::Obligation,
    provenance: Provenance,
) -> Severity {
    let s = match outcome {
        Outcome::Fail => policy.on_fail(obligation),
        Outcome::CannotEvaluate => policy.on_missing(obligation),
        Outcome::Waived | Outcome::Pass | Outcome::NotApplicable => Severity::None,
    };
    if provenance == Provenance::Advisory {
        s.min(Severity::Conditional)
    } else {
        s
    }
}

/// The verdict of an evaluation.
pub(super) fn verdict(
    policy: &VerdictPolicy,
    rules: &[RuleResult],
    waivers: &[WaiverRecord],
) -> Verdict {
    let mut worst = rules
        .iter()
        .flat_map(|r| r.subjects.iter())
        .map(|s| severity(policy, s.outcome, s.obligation, s.provenance))
        .max()
        .unwrap_or(Severity::None);
    if policy.conditional_on_waiver_conditions
        && waivers
            .iter()
            .any(|w| w.status == WaiverStatus::InForce && !w.conditions.is_empty())
    {
        worst = worst.max(Severity::Conditional);
    }
    match worst {
        Severity::None => Verdict::Pass,
        Severity::Conditional => Verdict::Conditional,
        Severity::Incomplete => Verdict::Incomplete,
        Severity::Fail => Verdict::Fail,
    }
}
