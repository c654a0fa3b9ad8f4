//! The standard (rule-set) as data: loading, checking and compiling `standards/<id>/`.
//!
//! Loading goes raw → validated → compiled. Every mistake in the files is reported at once,
//! each with file:line:column and a hint ([`crate::diagnostic::Problem`]). The result,
//! [`CompiledStandard`], is immutable, `Send + Sync`, and reused for any number of submissions.

pub mod catalogue;
pub mod compile;
pub mod condition;
pub mod editions;
pub mod embedded;
pub mod lint;
pub mod path;
pub mod precompiled;
pub mod provenance;
pub mod raw;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostic::Location;
use crate::i18n::{Lang, Text};
pub use compile::{Layer, load_builtin, load_dir, load_files, load_layers};
use condition::{Condition, Filter};
pub use editions::{Editions, load_editions};
use path::Path;
pub use provenance::{Provenance, Source, SourceKind};

/// How binding a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Obligation {
    /// 强制性条文 / 必须: a mandatory clause.
    Mandatory,
    /// 法定义务: a duty in law or regulation.
    Legal,
    /// 应: shall.
    Shall,
    /// 宜: should.
    Should,
    /// 可: may.
    May,
}

impl Obligation {
    /// All obligations with their identifiers.
    pub const ALL: &'static [(Obligation, &'static str)] = &[
        (Obligation::Mandatory, "mandatory"),
        (Obligation::Legal, "legal"),
        (Obligation::Shall, "shall"),
        (Obligation::Should, "should"),
        (Obligation::May, "may"),
    ];

    /// Parses the identifier used in rule files.
    pub fn from_id(id: &str) -> Option<Obligation> {
        Self::ALL.iter().find(|(_, s)| *s == id).map(|(o, _)| *o)
    }

    /// The identifier.
    pub fn id(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("", |(_, s)| s)
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Obligation::Mandatory, Lang::Zh) => "强制性条文",
            (Obligation::Legal, Lang::Zh) => "法定义务",
            (Obligation::Shall, Lang::Zh) => "应",
            (Obligation::Should, Lang::Zh) => "宜",
            (Obligation::May, Lang::Zh) => "可",
            (Obligation::Mandatory, Lang::En) => "mandatory clause",
            (Obligation::Legal, Lang::En) => "legal duty",
            (Obligation::Shall, Lang::En) => "shall",
            (Obligation::Should, Lang::En) => "should",
            (Obligation::May, Lang::En) => "may",
        }
    }

    /// Whether a waiver can ever excuse a failure of this obligation (never for mandatory
    /// clauses and legal duties).
    pub fn waivable(self) -> bool {
        !matches!(self, Obligation::Mandatory | Obligation::Legal)
    }
}

impl fmt::Display for Obligation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// 人防 / 物防 / 技防.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 人防: staffing.
    People,
    /// 物防: physical protection.
    Physical,
    /// 技防: technical protection.
    Technical,
}

impl Category {
    /// Parses the identifier used in rule files.
    pub fn from_id(id: &str) -> Option<Category> {
        match id {
            "people" => Some(Category::People),
            "physical" => Some(Category::Physical),
            "technical" => Some(Category::Technical),
            _ => None,
        }
    }

    /// The identifier.
    pub fn id(self) -> &'static str {
        match self {
            Category::People => "people",
            Category::Physical => "physical",
            Category::Technical => "technical",
        }
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Category::People, Lang::Zh) => "人防",
            (Category::Physical, Lang::Zh) => "物防",
            (Category::Technical, Lang::Zh) => "技防",
            (Category::People, Lang::En) => "staffing (people)",
            (Category::Physical, Lang::En) => "physical protection",
            (Category::Technical, Lang::En) => "technical protection",
        }
    }
}

/// The subsystems rules are grouped by, with their labels (id, zh, en), in report order.
pub const SUBSYSTEMS: &[(&str, &str, &str)] = &[
    ("general", "总体要求", "General"),
    ("perimeter", "周界防护", "Perimeter"),
    ("video", "视频监控", "Video surveillance"),
    ("access", "出入口控制", "Access control"),
    ("intercom", "楼寓对讲", "Intercom"),
    ("alarm", "入侵和紧急报警", "Intrusion and emergency alarm"),
    ("vehicle", "停车库（场）管理", "Vehicle entrances"),
    ("centre", "监控中心", "Monitoring centre"),
    ("staffing", "人力防范", "Staffing"),
    ("physical", "实体防护", "Physical protection"),
    ("operations", "运行维护", "Operation and maintenance"),
    ("power", "供电", "Power supply"),
    ("network", "网络与数据", "Network and data"),
    ("privacy", "个人信息保护", "Privacy"),
    ("ebike", "电动自行车", "E-bikes"),
    ("acceptance", "检验与验收", "Inspection and acceptance"),
    ("renovation", "老旧小区改造", "Renovation"),
    ("local", "地方要求", "Local requirements"),
];

/// The label of a subsystem.
pub fn subsystem_label(id: &str, lang: Lang) -> &str {
    SUBSYSTEMS
        .iter()
        .find(|(s, _, _)| *s == id)
        .map_or(id, |(_, zh, en)| if lang == Lang::Zh { zh } else { en })
}

/// A clause a rule encodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// The source document's key in `sources`.
    pub source: String,
    /// The clause number as the source gives it.
    pub clause: String,
    /// The catalogue row (`../shared/domain/requirements.md`).
    pub row: Option<String>,
    /// Further catalogue rows the same clause covers (VEH-004 also covers the plate half of
    /// VID-06).
    pub also: Vec<String>,
}

impl Clause {
    /// Every catalogue row the clause covers: `row`, then `also`.
    pub fn rows(&self) -> impl Iterator<Item = &str> {
        self.row.iter().chain(self.also.iter()).map(String::as_str)
    }
}

/// An overlay's change to a base parameter, and the document that sets the new figure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tightening {
    /// The overlay document and clause that set the new figure.
    pub clause: Clause,
    /// The base's value before the change.
    pub base_value: Value,
    /// The base's values per protection level before the change.
    pub base_by_level: BTreeMap<String, Value>,
    /// The new figure is unconfirmed (⚠ 待核实).
    pub verify: bool,
}

/// A parameter of the standard.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Parameter {
    /// Its name.
    pub name: String,
    /// What it is.
    pub title: Text,
    /// Its unit.
    pub unit: Option<Text>,
    /// The default value.
    pub value: Value,
    /// Values per protection level that differ from the default.
    pub by_level: BTreeMap<String, Value>,
    /// Catalogue rows it comes from.
    pub rows: Vec<String>,
    /// The catalogue marks the figure unverified: an adopting authority must confirm it.
    pub verify: bool,
    /// Who states the figure: a national source, a local one, or none (advisory).
    pub provenance: Provenance,
    /// A pass within this margin is reported as a near miss.
    pub near_miss: Option<f64>,
    /// Where it is defined.
    pub file: String,
    /// Where in that file.
    pub location: Option<Location>,
    /// An overlay changed the figure: the document that did, and the base's figure.
    pub tightening: Option<Tightening>,
}

impl Parameter {
    /// The value in force for a protection level.
    pub fn value_for(&self, level: Option<&str>) -> &Value {
        level
            .and_then(|l| self.by_level.get(l))
            .unwrap_or(&self.value)
    }

    /// The base's value for a protection level, before any overlay changed it.
    pub fn base_value_for(&self, level: Option<&str>) -> &Value {
        match &self.tightening {
            None => self.value_for(level),
            Some(t) => level
                .and_then(|l| t.base_by_level.get(l))
                .unwrap_or(&t.base_value),
        }
    }
}

/// When a rule applies.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Applies {
    /// Project kinds (`project.kind`), if restricted.
    pub kinds: Option<Vec<String>>,
    /// Phases (`project.phase`), if restricted.
    pub phases: Option<Vec<String>>,
    /// Protection levels, if restricted.
    pub levels: Option<Vec<String>>,
    /// 行政区划 code prefixes (`project.region_code`), for local rules not adopted by an overlay.
    pub regions: Option<Vec<String>>,
    /// A condition on `project.households`.
    pub households: Option<Condition>,
    /// A filter on the whole submission.
    pub when: Option<Filter>,
}

/// How a related element is linked to its subject.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Link {
    /// The related element lists the subject's id in this field.
    By(Path),
    /// The subject lists the related element's id in this field.
    Via(Path),
}

/// A quantity in a ratio.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Quantity {
    /// A numeric field.
    Field(Path),
    /// A count (or summed weight) of matching elements.
    Count {
        /// The elements.
        of: Path,
        /// Which of them.
        filter: Option<Filter>,
        /// The field to sum instead of counting.
        weight: Option<Path>,
    },
}

/// A compiled check.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Check {
    /// A field's value.
    Value {
        /// Each element is a subject.
        for_each: Option<Path>,
        /// Which elements.
        filter: Option<Filter>,
        /// The field tested (relative to the subject).
        field: Path,
        /// The test.
        cond: Condition,
    },
    /// The number of matching elements.
    Count {
        /// The elements.
        of: Path,
        /// Which of them.
        filter: Option<Filter>,
        /// Summed instead of counted.
        weight: Option<Path>,
        /// Bounds.
        cond: Condition,
    },
    /// Every X has related Ys.
    EachHas {
        /// The subjects.
        for_each: Path,
        /// Which subjects.
        filter: Option<Filter>,
        /// The related elements.
        related: Path,
        /// How they link.
        link: Link,
        /// Which related elements count.
        related_filter: Option<Filter>,
        /// How many are needed.
        min: usize,
    },
    /// A ratio of two quantities.
    Ratio {
        /// Numerator.
        numerator: Quantity,
        /// Denominator.
        denominator: Quantity,
        /// Bounds on the ratio.
        cond: Condition,
    },
    /// A CEL expression.
    Expr {
        /// Each element is a subject.
        for_each: Option<Path>,
        /// Which elements.
        filter: Option<Filter>,
        /// The compiled program.
        program: CelProgram,
        /// The expression text.
        source: String,
        /// The `s.…` paths it reads (only these are handed to CEL).
        reads: Vec<Path>,
        /// For each of `reads`, the only fields its list items are read for, when the list is
        /// read only by macros (`s.technical.cameras.map(c, c.quantity)` → `quantity`): the
        /// other fields of each item are not handed to CEL (converting 2,000 whole cameras
        /// was nine tenths of a check's evaluation).
        item_fields: Vec<Option<Vec<String>>>,
        /// The only fields of each element (`it`) the expression reads, when every use of `it`
        /// is `it.field…`: the element's other fields are not handed to CEL.
        it_fields: Option<Vec<String>>,
        /// The parameters it reads (`p.…`), by index.
        params_read: Vec<usize>,
    },
}

impl Check {
    /// The parameters the check's numeric bounds use.
    pub fn bound_params(&self) -> Box<dyn Iterator<Item = usize> + '_> {
        match self {
            Check::Value { cond, .. } | Check::Count { cond, .. } | Check::Ratio { cond, .. } => {
                Box::new(cond.bound_params())
            }
            _ => Box::new(std::iter::empty()),
        }
    }

    /// The condition a value, count or ratio must meet.
    pub fn cond(&self) -> Option<&Condition> {
        match self {
            Check::Value { cond, .. } | Check::Count { cond, .. } | Check::Ratio { cond, .. } => {
                Some(cond)
            }
            _ => None,
        }
    }

    /// The kind's name as written in rule files.
    pub fn kind(&self) -> &'static str {
        match self {
            Check::Value { .. } => "value",
            Check::Count { .. } => "count",
            Check::EachHas { .. } => "each_has",
            Check::Ratio { .. } => "ratio",
            Check::Expr { .. } => "expr",
        }
    }
}

/// A compiled CEL program. It is stored (serialised) as its source and compiled again when
/// read, so that a precompiled standard holds no parser state.
#[derive(Clone)]
pub struct CelProgram {
    source: String,
    program: std::sync::Arc<cel::Program>,
}

impl CelProgram {
    /// Compiles a CEL expression; the error is the parser's message.
    pub fn compile(source: &str) -> Result<CelProgram, String> {
        let program = cel::Program::compile(source).map_err(|e| e.to_string())?;
        Ok(CelProgram {
            source: source.to_owned(),
            program: std::sync::Arc::new(program),
        })
    }
}

impl std::ops::Deref for CelProgram {
    type Target = cel::Program;
    fn deref(&self) -> &cel::Program {
        &self.program
    }
}

impl fmt::Debug for CelProgram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CelProgram").field(&self.source).finish()
    }
}

impl Serialize for CelProgram {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for CelProgram {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        CelProgram::compile(&source).map_err(serde::de::Error::custom)
    }
}

/// A rule's docs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Docs {
    /// What it checks.
    pub what: Text,
    /// Why.
    pub why: Text,
}

/// A compiled rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    /// Stable id (`VID-004`).
    pub id: String,
    /// kebab-case name.
    pub name: String,
    /// Title.
    pub title: Text,
    /// Clauses it encodes.
    pub clauses: Vec<Clause>,
    /// How binding.
    pub obligation: Obligation,
    /// Who states the requirement and its figures.
    pub provenance: Provenance,
    /// The figure or clause is unconfirmed (⚠ 待核实), with or without a parameter.
    pub verify: bool,
    /// Why the obligation differs from the strength of the catalogue row it encodes.
    pub deviation: Option<Text>,
    /// An overlay adopted this advisory or local rule as binding, by this document.
    pub adopted: Option<Clause>,
    /// 人防/物防/技防.
    pub category: Category,
    /// Subsystem id.
    pub subsystem: String,
    /// When it applies.
    pub applies: Applies,
    /// What it checks.
    pub check: Check,
    /// Unit of observed/expected values.
    pub unit: Option<Text>,
    /// Message template.
    pub message: Text,
    /// Fix hint.
    pub fix: Text,
    /// Docs.
    pub docs: Docs,
    /// Passing examples (YAML fragments).
    pub pass_examples: Vec<String>,
    /// Failing examples.
    pub fail_examples: Vec<String>,
    /// The file that defines it.
    pub file: String,
    /// Where in that file.
    pub location: Option<Location>,
    /// Parameters it uses (indices).
    pub params: Vec<usize>,
    /// An overlay tightened a parameter it uses: its passing examples, written for the base,
    /// need not pass any more.
    pub tightened: bool,
}

/// How far a finding moves the verdict away from 通过, as a verdict policy assigns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Leaves the verdict at 通过.
    None,
    /// 基本通过 at most.
    Conditional,
    /// 需补正.
    Incomplete,
    /// 不通过.
    Fail,
}

fn level_of(submission: &Value) -> Option<&str> {
    submission
        .pointer("/project/protection_level")
        .and_then(Value::as_str)
}

/// Which outcomes decide which verdict.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VerdictPolicy {
    /// Failures of these obligations make the verdict `fail`.
    pub fail: Vec<Obligation>,
    /// Missing data for these makes it `incomplete`.
    pub incomplete: Vec<Obligation>,
    /// Failures of these, or missing data for them, make it `conditional`.
    pub conditional: Vec<Obligation>,
    /// A waiver in force with conditions makes it `conditional`.
    pub conditional_on_waiver_conditions: bool,
}

impl VerdictPolicy {
    /// What a failure of a rule of this obligation does to the verdict.
    pub fn on_fail(&self, o: Obligation) -> Severity {
        if self.fail.contains(&o) {
            Severity::Fail
        } else if self.incomplete.contains(&o) {
            Severity::Incomplete
        } else if self.conditional.contains(&o) {
            Severity::Conditional
        } else {
            Severity::None
        }
    }

    /// What missing data (cannot evaluate) for a rule of this obligation does to the verdict.
    pub fn on_missing(&self, o: Obligation) -> Severity {
        if self.incomplete.contains(&o) {
            Severity::Incomplete
        } else if self.conditional.contains(&o) || self.fail.contains(&o) {
            Severity::Conditional
        } else {
            Severity::None
        }
    }

    /// How this policy is looser than `base`, if it is: a failure or missing data that
    /// `base` treats more severely, or waiver conditions no longer counted.
    pub fn looser_than(&self, base: &VerdictPolicy) -> Option<String> {
        for (o, id) in Obligation::ALL {
            let (mine, theirs) = (self.on_fail(*o), base.on_fail(*o));
            if mine < theirs {
                return Some(format!(
                    "a failed `{id}` rule gives {} instead of {}",
                    severity_verdict(mine),
                    severity_verdict(theirs)
                ));
            }
            let (mine, theirs) = (self.on_missing(*o), base.on_missing(*o));
            if mine < theirs {
                return Some(format!(
                    "missing data for a `{id}` rule gives {} instead of {}",
                    severity_verdict(mine),
                    severity_verdict(theirs)
                ));
            }
        }
        if base.conditional_on_waiver_conditions && !self.conditional_on_waiver_conditions {
            return Some("waivers with conditions no longer make the verdict 基本通过".into());
        }
        None
    }
}

fn severity_verdict(s: Severity) -> &'static str {
    match s {
        Severity::None => "通过 pass",
        Severity::Conditional => "基本通过 conditional",
        Severity::Incomplete => "需补正 incomplete",
        Severity::Fail => "不通过 fail",
    }
}

impl Default for VerdictPolicy {
    fn default() -> Self {
        VerdictPolicy {
            fail: vec![Obligation::Mandatory, Obligation::Shall, Obligation::Legal],
            incomplete: vec![Obligation::Mandatory, Obligation::Shall, Obligation::Legal],
            conditional: vec![Obligation::Should, Obligation::May],
            conditional_on_waiver_conditions: true,
        }
    }
}

/// A standard ready to check submissions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CompiledStandard {
    /// Identifier (`cn-baseline`).
    pub id: String,
    /// Edition.
    pub edition: String,
    /// Title.
    pub title: Text,
    /// Issuer.
    pub issuer: Option<Text>,
    /// Effective date (YYYY-MM-DD).
    pub effective: String,
    /// Source documents by key.
    pub sources: BTreeMap<String, Source>,
    /// Verdict policy.
    pub policy: VerdictPolicy,
    /// Parameters, sorted by name.
    pub parameters: Vec<Parameter>,
    /// Rules, sorted by id.
    pub rules: Vec<Rule>,
    /// Catalogue rows no rule encodes, with the reason.
    pub not_encoded: BTreeMap<String, Text>,
    /// The base document rule examples are merged onto.
    pub example_base: Value,
    /// SHA-256 over the standard's files.
    pub sha256: String,
    /// Where it came from (`built-in` or a folder).
    pub origin: String,
    /// The prefix of the file names of its own (top) layer (`standards/cn-baseline`): what an
    /// overlay defines itself, as opposed to what its base does.
    pub root: String,
    /// The paths of each `ids_of` operand; operand `Param(parameters.len() + k)` is set `k`.
    pub id_sets: Vec<Vec<Path>>,
}

impl CompiledStandard {
    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.rules.get(i))
    }

    /// The parameter values in force for a protection level, by parameter index.
    pub fn resolve_params(&self, level: Option<&str>) -> Vec<Value> {
        self.parameters
            .iter()
            .map(|p| p.value_for(level).clone())
            .collect()
    }

    /// Whether an overlay changed a figure this rule's check is bounded by.
    pub fn tightened_bounds(&self, rule: &Rule) -> bool {
        rule.check.bound_params().any(|i| {
            self.parameters
                .get(i)
                .is_some_and(|p| p.tightening.is_some())
        })
    }

    /// The rule ids that encode a catalogue row (`CTR-01` → CTR-001, CTR-002).
    pub fn rules_encoding(&self, row: &str) -> Vec<&str> {
        self.rules
            .iter()
            .filter(|r| r.clauses.iter().any(|c| c.rows().any(|x| x == row)))
            .map(|r| r.id.as_str())
            .collect()
    }

    /// The values rule operands take for a submission: the parameters for its protection level,
    /// then, for each `ids_of` operand, the ids of the elements it names.
    pub fn resolve_operands(&self, submission: &Value) -> Vec<Value> {
        let level = level_of(submission);
        let mut values = self.resolve_params(level);
        values.extend(self.id_operands(submission));
        values
    }

    /// The same as [`resolve_operands`](Self::resolve_operands), with every parameter at its
    /// base figure, before any overlay tightened it.
    pub fn resolve_base_operands(&self, submission: &Value) -> Vec<Value> {
        let level = level_of(submission);
        let mut values: Vec<Value> = self
            .parameters
            .iter()
            .map(|p| p.base_value_for(level).clone())
            .collect();
        values.extend(self.id_operands(submission));
        values
    }

    fn id_operands(&self, submission: &Value) -> Vec<Value> {
        self.id_sets
            .iter()
            .map(|paths| {
                let mut ids = Vec::new();
                for p in paths {
                    for (_, element) in path::select(submission, p).values() {
                        if let Some(id) = element.get("id").filter(|id| id.is_string()) {
                            ids.push(id.clone());
                        }
                    }
                }
                Value::Array(ids)
            })
            .collect()
    }

    /// Who states a rule's requirement and figures: an overlay's adoption makes it local
    /// (binding); otherwise the weakest of the rule's own provenance and that of the parameters
    /// bounding its check.
    pub fn provenance_of(&self, rule: &Rule) -> Provenance {
        if rule.adopted.is_some() {
            return Provenance::Local;
        }
        rule.check
            .bound_params()
            .filter_map(|i| self.parameters.get(i))
            .map(|p| p.provenance)
            .fold(rule.provenance, Provenance::max)
    }

    /// Whether a rule's figure or clause is to be confirmed (⚠ 待核实): the rule says so, it is
    /// advisory, or a parameter it uses is unconfirmed — unless an overlay adopted it by a
    /// document of its own.
    pub fn verify_of(&self, rule: &Rule) -> bool {
        if rule.adopted.is_some() {
            return rule.verify;
        }
        rule.verify
            || self.provenance_of(rule) == Provenance::Advisory
            || rule
                .params
                .iter()
                .any(|i| self.parameters.get(*i).is_some_and(|p| p.verify))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_standard_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<CompiledStandard>();
    }
}
