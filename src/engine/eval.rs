//! Evaluating every rule of a standard against one submission.

use std::collections::HashSet;

use serde_json::Value;

use super::applies::{Applicability, applicability};
use super::checks::{self, Raw};
use super::message::{cannot_evaluate_message, fill};
use super::waiver::apply_waivers;
use super::{Evaluation, Options, Outcome, RuleResult, SubjectResult, supply, verdict};
use crate::i18n::{Lang, Text};
use crate::standard::condition::Condition;
use crate::standard::{CompiledStandard, Obligation, Provenance, Rule};

/// Evaluates `standard` against a validated submission value.
pub fn evaluate(standard: &CompiledStandard, submission: &Value, options: Options) -> Evaluation {
    let level = submission
        .pointer("/project/protection_level")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let params = standard.resolve_operands(submission);
    let base_params = standard.resolve_base_operands(submission);
    let ctx = Ctx {
        standard,
        root: submission,
        params: &params,
        base_params: &base_params,
    };
    let mut rules: Vec<RuleResult> = standard
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let subjects = ctx.rule(i, rule);
            RuleResult {
                rule: i,
                outcome: aggregate(&subjects),
                subjects,
            }
        })
        .collect();
    let waivers = apply_waivers(standard, submission, &mut rules, options.as_of);
    for r in &mut rules {
        r.outcome = aggregate(&r.subjects);
    }
    let verdict = verdict::verdict(&standard.policy, &rules, &waivers);
    let supply = supply::collect(standard, submission, &rules);
    Evaluation {
        rules,
        waivers,
        verdict,
        level,
        as_of: options.as_of,
        supply,
    }
}

/// fail > cannot_evaluate > waived > pass > not_applicable.
pub(super) fn aggregate(subjects: &[SubjectResult]) -> Outcome {
    subjects
        .iter()
        .map(|s| s.outcome)
        .min()
        .unwrap_or(Outcome::NotApplicable)
}

struct Ctx<'a> {
    standard: &'a CompiledStandard,
    root: &'a Value,
    /// Operand values in force (parameters as tightened by overlays, then `ids_of` sets).
    params: &'a [Value],
    /// The same with every parameter at its base figure, before any overlay changed it.
    base_params: &'a [Value],
}

/// Why a finding fails: the rule's own requirement, or only an overlay's tighter figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    /// The rule's clauses and obligation.
    Rule,
    /// The figure of the parameter (by index) an overlay tightened: it passes the base figure.
    Tightening(usize),
}

impl Ctx<'_> {
    fn rule(&self, index: usize, rule: &Rule) -> Vec<SubjectResult> {
        let raws: Vec<(Raw, Basis)> = match applicability(&rule.applies, self.root, self.params) {
            Applicability::No(note) => {
                let mut r = Raw::new(Outcome::NotApplicable, String::new(), String::new());
                r.note = Some(note);
                vec![(r, Basis::Rule)]
            }
            Applicability::Yes => self.check(rule),
            Applicability::Unknown(missing) => {
                // Evaluate the branch where it applies: if it holds there, it holds either way.
                let results = self.check(rule);
                if results
                    .iter()
                    .all(|(r, _)| matches!(r.outcome, Outcome::Pass | Outcome::NotApplicable))
                {
                    results
                } else {
                    let mut r = Raw::missing(String::new(), String::new(), missing);
                    r.note = Some(Text::new(
                        "本条是否适用取决于未填写的内容，若适用则不能判定为符合",
                        "whether the rule applies depends on a fact not stated, and if it does, it is not met",
                    ));
                    vec![(r, Basis::Rule)]
                }
            }
        };
        // The subjects of a rule share its condition (a check's bound may differ for some):
        // describe each distinct one once, not once per camera.
        let mut described: Option<(Condition, Basis, Text)> = None;
        raws.into_iter()
            .map(|(raw, basis)| self.finish(index, rule, raw, basis, &mut described))
            .collect()
    }

    /// The check's results. Where an overlay tightened a figure the check is bounded by, a
    /// failure that the base figure would pass is the overlay's requirement, not the rule's.
    fn check(&self, rule: &Rule) -> Vec<(Raw, Basis)> {
        let raws = checks::run(self.standard, &rule.check, self.root, self.params);
        if !self.standard.tightened_bounds(rule) {
            return raws.into_iter().map(|r| (r, Basis::Rule)).collect();
        }
        let base = checks::run(self.standard, &rule.check, self.root, self.base_params);
        let tightened = rule
            .check
            .bound_params()
            .find(|i| {
                self.standard
                    .parameters
                    .get(*i)
                    .is_some_and(|p| p.tightening.is_some())
            })
            .unwrap_or(0);
        // Looked up by subject, not searched for each: a rule over 2,000 cameras.
        let passes_base: HashSet<&str> = base
            .iter()
            .filter(|b| b.outcome == Outcome::Pass)
            .map(|b| b.subject.as_str())
            .collect();
        raws.into_iter()
            .map(|r| {
                let passes_base = passes_base.contains(r.subject.as_str());
                let basis = if r.outcome == Outcome::Fail && passes_base {
                    Basis::Tightening(tightened)
                } else {
                    Basis::Rule
                };
                (r, basis)
            })
            .collect()
    }

    /// What the rule requires of a subject, in both languages: the figure in force; for a
    /// failure of the rule's own requirement where an overlay raised the figure, the rule's figure
    /// with the overlay's beside it.
    fn expected(&self, rule: &Rule, cond: &Condition, basis: Basis) -> Text {
        let describe = |params: &[Value], lang: Lang| {
            cond.describe(params, lang, super::message::unit_of(rule, lang))
        };
        let tightened = basis == Basis::Rule && self.standard.tightened_bounds(rule);
        let local = |lang: Lang| describe(self.params, lang);
        let own = |lang: Lang| describe(self.base_params, lang);
        if tightened && own(Lang::Zh) != local(Lang::Zh) {
            Text::new(
                format!("{}（叠加标准要求 {}）", own(Lang::Zh), local(Lang::Zh)),
                format!(
                    "{} (the overlay requires {})",
                    own(Lang::En),
                    local(Lang::En)
                ),
            )
        } else {
            Text::new(local(Lang::Zh), local(Lang::En))
        }
    }

    fn finish(
        &self,
        index: usize,
        rule: &Rule,
        raw: Raw,
        basis: Basis,
        described: &mut Option<(Condition, Basis, Text)>,
    ) -> SubjectResult {
        let near_miss = raw.outcome == Outcome::Pass
            && match (&raw.cond, raw.margin) {
                (Some(cond), Some(m)) => cond
                    .bound_params()
                    .filter_map(|i| self.standard.parameters.get(i).and_then(|p| p.near_miss))
                    .any(|limit| m <= limit),
                _ => false,
            };
        let expected = raw.cond.as_ref().map(|c| {
            if let Some((seen, b, text)) = described.as_ref()
                && seen == c
                && *b == basis
            {
                return text.clone();
            }
            let text = self.expected(rule, c, basis);
            *described = Some((c.clone(), basis, text.clone()));
            text
        });
        let message = match raw.outcome {
            Outcome::Pass if !near_miss => Text::default(),
            Outcome::CannotEvaluate => cannot_evaluate_message(
                rule,
                raw.missing.as_deref().unwrap_or(""),
                raw.note.as_ref(),
            ),
            Outcome::NotApplicable => raw.note.clone().unwrap_or_default(),
            _ => fill(
                rule,
                raw.observed.as_ref(),
                expected.as_ref(),
                &raw.label,
                raw.margin,
                raw.missing.as_deref(),
            ),
        };
        let (obligation, provenance, tightened_by) = match basis {
            // An overlay's figure is the overlay's requirement: a local one, never a mandatory
            // clause of the national code whose figure the design meets.
            Basis::Tightening(p) => (
                match rule.obligation {
                    Obligation::Mandatory | Obligation::Legal => Obligation::Shall,
                    o => o,
                },
                Provenance::Local,
                Some(p),
            ),
            Basis::Rule => {
                let provenance = self.standard.provenance_of(rule);
                // An advisory figure (the rule-set's own choice, a ⚠ figure, practice) is judged
                // as a recommendation (建议): documents list it with the 宜 items and it never
                // fails a design; an overlay that adopts the rule makes it national or local.
                let obligation = match (provenance, rule.obligation) {
                    (
                        Provenance::Advisory,
                        Obligation::Mandatory | Obligation::Shall | Obligation::Legal,
                    ) => Obligation::Should,
                    (_, o) => o,
                };
                (obligation, provenance, None)
            }
        };
        let message = if raw.outcome == Outcome::Fail
            && matches!(obligation, Obligation::Should | Obligation::May)
        {
            super::message::soften(message)
        } else {
            message
        };
        SubjectResult {
            rule: index,
            outcome: raw.outcome,
            subject: raw.subject,
            subject_label: raw.label,
            observed: raw.observed,
            expected,
            missing: raw.missing,
            margin: raw.margin,
            near_miss,
            message,
            waiver: None,
            obligation,
            provenance,
            tightened_by,
        }
    }
}
