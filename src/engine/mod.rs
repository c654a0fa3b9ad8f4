//! The engine: a compiled standard × a validated submission → outcomes, waivers and a verdict.
//!
//! The engine never fails on well-typed data: data that a rule needs but the submission does not
//! state is an outcome (`cannot_evaluate`, naming the missing field), not an error.

mod applies;
mod cel_json;
mod checks;
mod eval;
mod message;
pub mod supply;
pub mod verdict;
mod waiver;

use serde::Serialize;
use serde_json::Value;

pub use eval::evaluate;
pub use message::fix_text;
pub(crate) use message::{fill as fill_message, soften};
pub use supply::Supply;
pub use waiver::{WaiverRecord, WaiverStatus, rules_for_row_hint};

use crate::date::Date;
use crate::i18n::Text;
use crate::standard::{Obligation, Provenance};

/// The outcome of one rule for one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The requirement is not met.
    Fail,
    /// The data the rule needs is missing.
    CannotEvaluate,
    /// Failed, but excused by a waiver in force.
    Waived,
    /// The requirement is met.
    Pass,
    /// The rule does not apply.
    NotApplicable,
}

impl Outcome {
    /// The identifier.
    pub fn id(self) -> &'static str {
        match self {
            Outcome::Fail => "fail",
            Outcome::CannotEvaluate => "cannot_evaluate",
            Outcome::Waived => "waived",
            Outcome::Pass => "pass",
            Outcome::NotApplicable => "not_applicable",
        }
    }

    /// The Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            Outcome::Fail => "不符合",
            Outcome::CannotEvaluate => "无法判定",
            Outcome::Waived => "已豁免",
            Outcome::Pass => "符合",
            Outcome::NotApplicable => "不适用",
        }
    }
}

/// The overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 通过.
    Pass,
    /// 基本通过.
    Conditional,
    /// 需补正.
    Incomplete,
    /// 不通过.
    Fail,
}

impl Verdict {
    /// The identifier.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Conditional => "conditional",
            Verdict::Incomplete => "incomplete",
            Verdict::Fail => "fail",
        }
    }

    /// The label in both languages.
    pub fn label(self) -> Text {
        match self {
            Verdict::Pass => Text::new("通过", "pass"),
            Verdict::Conditional => Text::new("基本通过", "conditional pass"),
            Verdict::Incomplete => Text::new("需补正", "incomplete: information required"),
            Verdict::Fail => Text::new("不通过", "fail"),
        }
    }

    /// The exit code of `anfang check`: 0 only for a pass.
    pub fn exit_code(self) -> u8 {
        if self == Verdict::Pass { 0 } else { 1 }
    }
}

/// One rule × subject result.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectResult {
    /// Index of the rule in the standard.
    #[serde(skip)]
    pub rule: usize,
    /// The outcome.
    pub outcome: Outcome,
    /// JSON pointer of the subject ("" for the submission as a whole).
    pub subject: String,
    /// The subject's name or id, for messages.
    pub subject_label: String,
    /// What was observed.
    pub observed: Option<Value>,
    /// What is required, in both languages.
    pub expected: Option<Text>,
    /// The first missing field, for `cannot_evaluate`.
    pub missing: Option<String>,
    /// By how much a numeric bound was cleared (or missed, negative).
    pub margin: Option<f64>,
    /// A pass within the parameter's declared near-miss margin.
    pub near_miss: bool,
    /// The message, filled in.
    pub message: Text,
    /// The waiver applied, by index into the submission's waivers.
    pub waiver: Option<usize>,
    /// The obligation the outcome is judged by: the rule's, or — for a failure only an overlay's
    /// tighter figure causes — that of the overlay's requirement (at most `shall`).
    pub obligation: Obligation,
    /// Who states what failed: national, local (an overlay's figure, or a local rule) or
    /// advisory (a recommendation to confirm).
    pub provenance: Provenance,
    /// A failure caused only by an overlay's tighter figure: that parameter's index.
    pub tightened_by: Option<usize>,
}

/// The result of one rule across its subjects.
#[derive(Debug, Clone, Serialize)]
pub struct RuleResult {
    /// Index of the rule in the standard.
    #[serde(skip)]
    pub rule: usize,
    /// The rule's aggregate outcome (fail > cannot_evaluate > waived > pass > not_applicable).
    pub outcome: Outcome,
    /// Per subject.
    pub subjects: Vec<SubjectResult>,
}

/// Options of an evaluation.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The date waivers are judged on.
    pub as_of: Date,
}

/// Everything an evaluation found.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// One per rule of the standard, in rule order.
    pub rules: Vec<RuleResult>,
    /// The submission's waivers and what became of them.
    pub waivers: Vec<WaiverRecord>,
    /// The verdict.
    pub verdict: Verdict,
    /// The protection level the parameters were resolved for.
    pub level: Option<String>,
    /// The as-of date used.
    pub as_of: Date,
    /// Data to supply: the facts rules could not be evaluated without, grouped by field.
    pub supply: Vec<Supply>,
}

impl Evaluation {
    /// Counts of rule outcomes: (applied, passed, failed, waived, not_applicable, cannot_evaluate).
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.rules {
            match r.outcome {
                Outcome::Pass => c.passed += 1,
                Outcome::Fail => c.failed += 1,
                Outcome::Waived => c.waived += 1,
                Outcome::NotApplicable => c.not_applicable += 1,
                Outcome::CannotEvaluate => c.cannot_evaluate += 1,
            }
        }
        c.applied = c.passed + c.failed + c.waived + c.cannot_evaluate;
        c
    }
}

/// Rule outcome counts.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// Rules that applied.
    pub applied: usize,
    /// Passed.
    pub passed: usize,
    /// Failed.
    pub failed: usize,
    /// Waived.
    pub waived: usize,
    /// Not applicable.
    pub not_applicable: usize,
    /// Could not be evaluated.
    pub cannot_evaluate: usize,
}
