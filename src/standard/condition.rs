//! Conditions (`min: 30`, `contains: face_capture`, …) and filters built from them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::path::{self, Leaf, Path};
use crate::i18n::Lang;

/// A value in a rule: a literal, or a parameter resolved for the submission's protection level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Operand {
    /// A literal written in the rule.
    Literal(Value),
    /// A parameter, by index into the standard's parameter list.
    Param(usize),
}

impl Operand {
    /// The operand's value given the resolved parameters.
    pub fn value<'a>(&'a self, params: &'a [Value]) -> &'a Value {
        match self {
            Operand::Literal(v) => v,
            Operand::Param(i) => params.get(*i).unwrap_or(&Value::Null),
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// equal to
    Eq,
    /// not equal to
    Ne,
    /// ≥
    Min,
    /// ≤
    Max,
    /// >
    Gt,
    /// <
    Lt,
    /// one of a list
    In,
    /// none of a list
    NotIn,
    /// a list holds the value
    Contains,
    /// a list holds at least one of the values
    ContainsAny,
    /// a list holds every one of the values
    ContainsAll,
    /// a list does not hold the value
    NotContains,
    /// a list has at least N items
    MinItems,
    /// the field is (true) or is not (false) stated
    Exists,
}

impl Op {
    /// The operator named in a rule file.
    pub fn from_name(name: &str) -> Option<Op> {
        Some(match name {
            "eq" | "equals" => Op::Eq,
            "ne" => Op::Ne,
            "min" => Op::Min,
            "max" => Op::Max,
            "gt" => Op::Gt,
            "lt" => Op::Lt,
            "in" => Op::In,
            "not_in" => Op::NotIn,
            "contains" => Op::Contains,
            "contains_any" => Op::ContainsAny,
            "contains_all" => Op::ContainsAll,
            "not_contains" => Op::NotContains,
            "min_items" => Op::MinItems,
            "exists" => Op::Exists,
            _ => return None,
        })
    }

    /// Every operator name, for did-you-mean hints.
    pub const NAMES: &'static [&'static str] = &[
        "equals",
        "eq",
        "ne",
        "min",
        "max",
        "gt",
        "lt",
        "in",
        "not_in",
        "contains",
        "contains_any",
        "contains_all",
        "not_contains",
        "min_items",
        "exists",
    ];

    /// Whether the operator bounds a number (so a margin can be computed).
    pub fn is_bound(self) -> bool {
        matches!(self, Op::Min | Op::Max | Op::Gt | Op::Lt)
    }
}

/// Three-valued truth: a condition on a field that is not stated is `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// holds
    True,
    /// does not hold
    False,
    /// cannot tell: the data is not stated
    Unknown,
}

impl From<bool> for Truth {
    fn from(b: bool) -> Self {
        if b { Truth::True } else { Truth::False }
    }
}

/// One or more tests on a single value, all of which must hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// The tests.
    pub tests: Vec<(Op, Operand)>,
}

impl Condition {
    /// Evaluates the condition on a value (`None` when not stated).
    pub fn eval(&self, value: Option<&Value>, params: &[Value]) -> Truth {
        let mut result = Truth::True;
        for (op, operand) in &self.tests {
            let t = test(*op, value, operand.value(params));
            match t {
                Truth::False => return Truth::False,
                Truth::Unknown => result = Truth::Unknown,
                Truth::True => {}
            }
        }
        result
    }

    /// Evaluates the condition on a number known only to lie in `[lo, hi]` (`hi` may be
    /// infinite): true if it holds for every value there, false if for none, else unknown.
    pub fn eval_range(&self, lo: f64, hi: f64, params: &[Value]) -> Truth {
        if lo == hi {
            return self.eval(Some(&number_value(lo)), params);
        }
        let mut result = Truth::True;
        for (op, operand) in &self.tests {
            let Some(b) = operand.value(params).as_f64() else {
                return Truth::Unknown;
            };
            let t = match op {
                Op::Min if lo >= b => Truth::True,
                Op::Min if hi < b => Truth::False,
                Op::Max if hi <= b => Truth::True,
                Op::Max if lo > b => Truth::False,
                Op::Gt if lo > b => Truth::True,
                Op::Gt if hi <= b => Truth::False,
                Op::Lt if hi < b => Truth::True,
                Op::Lt if lo >= b => Truth::False,
                Op::Eq if b < lo || b > hi => Truth::False,
                Op::Ne if b < lo || b > hi => Truth::True,
                _ => Truth::Unknown,
            };
            match t {
                Truth::False => return Truth::False,
                Truth::Unknown => result = Truth::Unknown,
                Truth::True => {}
            }
        }
        result
    }

    /// The smallest distance by which a passing value clears its numeric bounds.
    pub fn margin(&self, value: &Value, params: &[Value]) -> Option<f64> {
        let x = value.as_f64()?;
        self.tests
            .iter()
            .filter(|(op, _)| op.is_bound())
            .filter_map(|(op, operand)| {
                let b = operand.value(params).as_f64()?;
                Some(match op {
                    Op::Min | Op::Gt => x - b,
                    _ => b - x,
                })
            })
            .reduce(f64::min)
    }

    /// The parameters this condition's bounds use.
    pub fn bound_params(&self) -> impl Iterator<Item = usize> + '_ {
        self.tests
            .iter()
            .filter_map(|(op, o)| match (op.is_bound(), o) {
                (true, Operand::Param(i)) => Some(*i),
                _ => None,
            })
    }

    /// "≥ 30 天" / "≥ 30 days": what the condition requires, for messages.
    pub fn describe(&self, params: &[Value], lang: Lang, unit: Option<&str>) -> String {
        let parts: Vec<String> = self
            .tests
            .iter()
            .map(|(op, operand)| describe_test(*op, operand.value(params), lang, unit))
            .collect();
        parts.join(if lang == Lang::Zh { "，且" } else { " and " })
    }
}

fn describe_test(op: Op, v: &Value, lang: Lang, unit: Option<&str>) -> String {
    let val = with_unit(&show(v, lang), unit);
    let zh = lang == Lang::Zh;
    match op {
        Op::Eq => {
            if zh {
                format!("为{}", show(v, lang))
            } else {
                show(v, lang)
            }
        }
        Op::Ne => {
            if zh {
                format!("不为{val}")
            } else {
                format!("not {val}")
            }
        }
        Op::Min if zh => format!("≥{val}"),
        Op::Max if zh => format!("≤{val}"),
        Op::Gt if zh => format!(">{val}"),
        Op::Lt if zh => format!("<{val}"),
        Op::Min => format!("≥ {val}"),
        Op::Max => format!("≤ {val}"),
        Op::Gt => format!("> {val}"),
        Op::Lt => format!("< {val}"),
        Op::In => {
            if zh {
                format!("为{}之一", show(v, lang))
            } else {
                format!("one of {}", show(v, lang))
            }
        }
        Op::NotIn => {
            if zh {
                format!("不为{}", show(v, lang))
            } else {
                format!("none of {}", show(v, lang))
            }
        }
        Op::Contains => {
            if zh {
                format!("包含{}", show(v, lang))
            } else {
                format!("including {}", show(v, lang))
            }
        }
        Op::ContainsAny => {
            if zh {
                format!("至少包含{}之一", show(v, lang))
            } else {
                format!("including one of {}", show(v, lang))
            }
        }
        Op::ContainsAll => {
            if zh {
                format!("包含全部{}", show(v, lang))
            } else {
                format!("including all of {}", show(v, lang))
            }
        }
        Op::NotContains => {
            if zh {
                format!("不包含{}", show(v, lang))
            } else {
                format!("not including {}", show(v, lang))
            }
        }
        Op::MinItems => {
            if zh {
                format!("至少{}项", show(v, lang))
            } else {
                format!("at least {} items", show(v, lang))
            }
        }
        Op::Exists => match (v.as_bool().unwrap_or(true), zh) {
            (true, true) => "已填写".into(),
            (true, false) => "stated".into(),
            (false, true) => "未填写".into(),
            (false, false) => "not stated".into(),
        },
    }
}

/// A value as a reader sees it: numbers without trailing zeros, yes/no (是/否), lists joined.
pub fn show(v: &Value, lang: Lang) -> String {
    match v {
        Value::Null => {
            if lang == Lang::Zh {
                "未填写".into()
            } else {
                "not stated".into()
            }
        }
        Value::Bool(b) => match (b, lang) {
            (true, Lang::Zh) => "是".into(),
            (false, Lang::Zh) => "否".into(),
            (true, Lang::En) => "yes".into(),
            (false, Lang::En) => "no".into(),
        },
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            Some(f) => {
                let s = format!("{f:.3}");
                s.trim_end_matches('0').trim_end_matches('.').to_owned()
            }
            None => n.to_string(),
        },
        // An enumeration value reads as its label (`level2` → 二级防范, `gb28181` → GB/T 28181).
        Value::String(s) => crate::model::labels::labels()
            .value_of(None, s)
            .map_or_else(|| s.clone(), |l| l.get(lang).to_owned()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(|i| show(i, lang)).collect();
            if parts.is_empty() {
                if lang == Lang::Zh {
                    "（无）".into()
                } else {
                    "(none)".into()
                }
            } else {
                parts.join(if lang == Lang::Zh { "、" } else { ", " })
            }
        }
        Value::Object(_) => v.to_string(),
    }
}

/// Appends a unit to a shown value as a reviewer writes it: "30天", "30 days", "200万像素"
/// (megapixels in Chinese are counted in 万像素), "70%" (the unit `%` marks a fraction).
pub fn with_unit(shown: &str, unit: Option<&str>) -> String {
    let scaled = |factor: f64| {
        shown.parse::<f64>().ok().map(|n| {
            show(
                &Value::from((n * factor * 1000.0).round() / 1000.0),
                Lang::En,
            )
        })
    };
    match unit {
        Some("百万像素") => match scaled(100.0) {
            Some(n) => format!("{n}万像素"),
            None => format!("{shown}百万像素"),
        },
        Some("%") => match scaled(100.0) {
            Some(n) => format!("{n}%"),
            None => shown.to_owned(),
        },
        Some(u) if u.chars().next().is_some_and(|c| !c.is_ascii()) => format!("{shown}{u}"),
        Some(u) if !u.is_empty() => format!("{shown} {u}"),
        _ => shown.to_owned(),
    }
}

/// A number as a JSON value: an integer when it is whole.
pub fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => a == b,
    }
}

fn list_of(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

fn test(op: Op, value: Option<&Value>, operand: &Value) -> Truth {
    if op == Op::Exists {
        return (value.is_some() == operand.as_bool().unwrap_or(true)).into();
    }
    let Some(value) = value else {
        return Truth::Unknown;
    };
    if operand.is_null() {
        return Truth::Unknown;
    }
    let items = value.as_array();
    match op {
        Op::Eq => loose_eq(value, operand).into(),
        Op::Ne => (!loose_eq(value, operand)).into(),
        Op::Min => cmp(value, operand, |a, b| a >= b),
        Op::Max => cmp(value, operand, |a, b| a <= b),
        Op::Gt => cmp(value, operand, |a, b| a > b),
        Op::Lt => cmp(value, operand, |a, b| a < b),
        Op::In => list_of(operand).iter().any(|o| loose_eq(value, o)).into(),
        Op::NotIn => (!list_of(operand).iter().any(|o| loose_eq(value, o))).into(),
        Op::Contains => items
            .is_some_and(|xs| xs.iter().any(|x| loose_eq(x, operand)))
            .into(),
        Op::NotContains => items
            .is_some_and(|xs| !xs.iter().any(|x| loose_eq(x, operand)))
            .into(),
        Op::ContainsAny => items
            .is_some_and(|xs| {
                list_of(operand)
                    .iter()
                    .any(|o| xs.iter().any(|x| loose_eq(x, o)))
            })
            .into(),
        Op::ContainsAll => items
            .is_some_and(|xs| {
                list_of(operand)
                    .iter()
                    .all(|o| xs.iter().any(|x| loose_eq(x, o)))
            })
            .into(),
        Op::MinItems => match (items, num(operand)) {
            (Some(xs), Some(n)) => (xs.len() as f64 >= n).into(),
            _ => Truth::False,
        },
        Op::Exists => Truth::True,
    }
}

fn cmp(value: &Value, operand: &Value, f: impl Fn(f64, f64) -> bool) -> Truth {
    match (num(value), num(operand)) {
        (Some(a), Some(b)) => f(a, b).into(),
        _ => Truth::False,
    }
}

/// A filter: tests on fields of an element, all of which must hold.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Filter {
    /// Field (relative path without `[*]`) → condition.
    pub clauses: Vec<(Path, Condition)>,
    /// At least one of these must hold.
    pub any: Vec<Filter>,
    /// This must not hold.
    pub not: Option<Box<Filter>>,
}

impl Filter {
    /// Evaluates the filter on an element, three-valued.
    pub fn eval(&self, element: &Value, params: &[Value]) -> Truth {
        let mut result = Truth::True;
        let mut fold = |t: Truth| -> bool {
            match t {
                Truth::False => {
                    result = Truth::False;
                    true
                }
                Truth::Unknown => {
                    result = Truth::Unknown;
                    false
                }
                Truth::True => false,
            }
        };
        for (p, c) in &self.clauses {
            if fold(c.eval(path::get(element, p), params)) {
                return Truth::False;
            }
        }
        if !self.any.is_empty() {
            let mut any = Truth::False;
            for f in &self.any {
                match f.eval(element, params) {
                    Truth::True => {
                        any = Truth::True;
                        break;
                    }
                    Truth::Unknown => any = Truth::Unknown,
                    Truth::False => {}
                }
            }
            if fold(any) {
                return Truth::False;
            }
        }
        if let Some(n) = &self.not {
            let t = match n.eval(element, params) {
                Truth::True => Truth::False,
                Truth::False => Truth::True,
                Truth::Unknown => Truth::Unknown,
            };
            if fold(t) {
                return Truth::False;
            }
        }
        result
    }

    /// Two-valued use in `where`: a field that is not stated does not match.
    pub fn matches(&self, element: &Value, params: &[Value]) -> bool {
        self.eval(element, params) == Truth::True
    }

    /// The first field the filter needs that `element` does not state (for "cannot evaluate").
    pub fn first_missing(&self, element: &Value, base: &str) -> Option<String> {
        for (p, _) in &self.clauses {
            if path::get(element, p).is_none() {
                return Some(format!("{base}{}", p.pointer()));
            }
        }
        self.any
            .iter()
            .chain(self.not.as_deref())
            .find_map(|f| f.first_missing(element, base))
    }
}

/// Checks a condition's operators against the schema facts of the field it tests.
pub fn check_against_leaf(cond: &Condition, leaf: &Leaf, field: &str) -> Vec<String> {
    let mut errors = Vec::new();
    for (op, operand) in &cond.tests {
        match op {
            Op::Min | Op::Max | Op::Gt | Op::Lt if !leaf.is_numeric() => {
                errors.push(format!(
                    "`{field}` is not a number, so it cannot be bounded"
                ));
            }
            Op::Contains | Op::ContainsAny | Op::ContainsAll | Op::NotContains | Op::MinItems
                if !leaf.is_list() =>
            {
                errors.push(format!(
                    "`{field}` is not a list, so `contains`-style tests do not apply"
                ));
            }
            _ => {}
        }
        if let Operand::Literal(v) = operand
            && !leaf.values.is_empty()
            && !matches!(op, Op::Exists | Op::MinItems)
        {
            for s in list_of(v).iter().filter_map(|x| x.as_str()) {
                if !leaf.values.iter().any(|a| a == s) {
                    let hint =
                        crate::diagnostic::did_you_mean(s, leaf.values.iter().map(String::as_str))
                            .map(|b| format!("; did you mean `{b}`?"))
                            .unwrap_or_else(|| format!("; allowed: {}", leaf.values.join(", ")));
                    errors.push(format!("`{s}` is not a value of `{field}`{hint}"));
                }
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cond(op: Op, v: Value) -> Condition {
        Condition {
            tests: vec![(op, Operand::Literal(v))],
        }
    }

    #[test]
    fn missing_values_are_unknown_not_false() {
        assert_eq!(cond(Op::Min, json!(30)).eval(None, &[]), Truth::Unknown);
        assert_eq!(
            cond(Op::Min, json!(30)).eval(Some(&json!(31)), &[]),
            Truth::True
        );
        assert_eq!(
            cond(Op::Min, json!(30)).eval(Some(&json!(29.5)), &[]),
            Truth::False
        );
        assert_eq!(cond(Op::Exists, json!(false)).eval(None, &[]), Truth::True);
    }

    #[test]
    fn ranges_decide_when_every_value_in_them_agrees() {
        let min3 = cond(Op::Min, json!(3));
        assert_eq!(min3.eval_range(3.0, f64::INFINITY, &[]), Truth::True);
        assert_eq!(min3.eval_range(1.0, 2.0, &[]), Truth::False);
        assert_eq!(min3.eval_range(1.0, 5.0, &[]), Truth::Unknown);
        let max0 = cond(Op::Max, json!(0));
        assert_eq!(max0.eval_range(1.0, f64::INFINITY, &[]), Truth::False);
        assert_eq!(max0.eval_range(0.0, f64::INFINITY, &[]), Truth::Unknown);
        assert_eq!(max0.eval_range(0.0, 0.0, &[]), Truth::True);
    }

    #[test]
    fn list_tests() {
        let v = json!(["card", "face"]);
        assert_eq!(
            cond(Op::Contains, json!("face")).eval(Some(&v), &[]),
            Truth::True
        );
        assert_eq!(
            cond(Op::ContainsAny, json!(["qr_code", "card"])).eval(Some(&v), &[]),
            Truth::True
        );
        assert_eq!(
            cond(Op::ContainsAll, json!(["qr_code", "card"])).eval(Some(&v), &[]),
            Truth::False
        );
    }

    #[test]
    fn margins_and_descriptions() {
        let c = Condition {
            tests: vec![(Op::Min, Operand::Param(0))],
        };
        assert_eq!(c.margin(&json!(31), &[json!(30)]), Some(1.0));
        assert_eq!(c.describe(&[json!(30)], Lang::Zh, Some("天")), "≥30天");
        assert_eq!(
            c.describe(&[json!(30)], Lang::En, Some("days")),
            "≥ 30 days"
        );
        assert_eq!(show(&json!(2.50), Lang::En), "2.5");
        // Megapixels in Chinese are 万像素; a ratio's unit `%` shows the fraction as a percentage.
        assert_eq!(with_unit("2", Some("百万像素")), "200万像素");
        assert_eq!(with_unit("0.7", Some("%")), "70%");
        // An enumeration value reads as its label.
        assert_eq!(show(&json!("level2"), Lang::Zh), "二级防范");
        assert_eq!(show(&json!(["gb28181"]), Lang::Zh), "GB/T 28181");
    }
}
