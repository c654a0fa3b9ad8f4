//! The standard (rule-set) as data: loading, checking and compiling `standards/<id>/`.
//!
//! Loading goes raw → validated → compiled. Every mistake in the files is reported at once,
//! each with file:line:column and a hint ([`crate::diagnostic::Problem`]). The result,
//! [`CompiledStandard`], is immutable, `Send + Sync`, and reused for any number of submissions.

pub mod compile;
pub mod condition;
pub mod editions;
pub mod embedded;
pub mod path;
pub mod raw;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::Location;
use crate::i18n::{Lang, Text};
pub use compile::{Layer, load_builtin, load_dir, load_files, load_layers};
use condition::{Condition, Filter};
pub use editions::{Editions, load_editions};
use path::Path;

/// How binding a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clause {
    /// The source document's key in `sources`.
    pub source: String,
    /// The clause number as the source gives it.
    pub clause: String,
    /// The catalogue row (`../shared/domain/requirements.md`).
    pub row: Option<String>,
}

/// A parameter of the standard.
#[derive(Debug, Clone, Serialize)]
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
    /// A pass within this margin is reported as a near miss.
    pub near_miss: Option<f64>,
    /// Where it is defined.
    pub file: String,
    /// Where in that file.
    pub location: Option<Location>,
}

impl Parameter {
    /// The value in force for a protection level.
    pub fn value_for(&self, level: Option<&str>) -> &Value {
        level
            .and_then(|l| self.by_level.get(l))
            .unwrap_or(&self.value)
    }
}

/// When a rule applies.
#[derive(Debug, Clone, Default)]
pub struct Applies {
    /// Project kinds (`project.kind`), if restricted.
    pub kinds: Option<Vec<String>>,
    /// Phases (`project.phase`), if restricted.
    pub phases: Option<Vec<String>>,
    /// Protection levels, if restricted.
    pub levels: Option<Vec<String>>,
    /// A condition on `project.households`.
    pub households: Option<Condition>,
    /// A filter on the whole submission.
    pub when: Option<Filter>,
}

/// How a related element is linked to its subject.
#[derive(Debug, Clone)]
pub enum Link {
    /// The related element lists the subject's id in this field.
    By(Path),
    /// The subject lists the related element's id in this field.
    Via(Path),
}

/// A quantity in a ratio.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
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
        program: std::sync::Arc<cel::Program>,
        /// The expression text.
        source: String,
        /// The `s.…` paths it reads (only these are handed to CEL).
        reads: Vec<Path>,
        /// The parameters it reads (`p.…`), by index.
        params_read: Vec<usize>,
    },
}

impl Check {
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

/// A rule's docs.
#[derive(Debug, Clone, Serialize)]
pub struct Docs {
    /// What it checks.
    pub what: Text,
    /// Why.
    pub why: Text,
}

/// A compiled rule.
#[derive(Debug, Clone)]
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

/// Which outcomes decide which verdict.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictPolicy {
    /// Failures of these obligations make the verdict `fail`.
    pub fail: Vec<Obligation>,
    /// Missing data for these makes it `incomplete`.
    pub incomplete: Vec<Obligation>,
    /// Failures of these make it `conditional`.
    pub conditional: Vec<Obligation>,
    /// A waiver in force with conditions makes it `conditional`.
    pub conditional_on_waiver_conditions: bool,
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
#[derive(Debug, Clone)]
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
    pub sources: BTreeMap<String, Text>,
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

    /// The values rule operands take for a submission: the parameters for its protection level,
    /// then, for each `ids_of` operand, the ids of the elements it names.
    pub fn resolve_operands(&self, submission: &Value) -> Vec<Value> {
        let level = submission
            .pointer("/project/protection_level")
            .and_then(Value::as_str);
        let mut values = self.resolve_params(level);
        for paths in &self.id_sets {
            let mut ids = Vec::new();
            for p in paths {
                for (_, element) in path::select(submission, p).unwrap_or_default() {
                    if let Some(id) = element.get("id").filter(|id| id.is_string()) {
                        ids.push(id.clone());
                    }
                }
            }
            values.push(Value::Array(ids));
        }
        values
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
