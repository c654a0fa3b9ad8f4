//! Evaluating every rule of a standard against one submission.

use std::collections::HashMap;

use serde_json::Value;

use super::message::{cannot_evaluate_message, fill, not_applicable_message};
use super::waiver::apply_waivers;
use super::{Evaluation, Options, Outcome, RuleResult, SubjectResult, Verdict};
use crate::standard::condition::{Condition, Filter, Truth};
use crate::standard::path::{self, Path, Segment};
use crate::standard::{Check, CompiledStandard, Link, Quantity, Rule};

/// Evaluates `standard` against a validated submission value.
pub fn evaluate(standard: &CompiledStandard, submission: &Value, options: Options) -> Evaluation {
    let level = submission
        .pointer("/project/protection_level")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let params = standard.resolve_operands(submission);
    let mut ctx = Ctx {
        standard,
        root: submission,
        params: &params,
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
    let verdict = verdict(standard, &rules, &waivers);
    Evaluation {
        rules,
        waivers,
        verdict,
        level,
        as_of: options.as_of,
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

fn verdict(
    standard: &CompiledStandard,
    rules: &[RuleResult],
    waivers: &[super::WaiverRecord],
) -> Verdict {
    let policy = &standard.policy;
    let has = |outcome: Outcome, obligations: &[crate::standard::Obligation]| {
        rules.iter().any(|r| {
            standard
                .rules
                .get(r.rule)
                .is_some_and(|rule| obligations.contains(&rule.obligation))
                && r.subjects.iter().any(|s| s.outcome == outcome)
        })
    };
    if has(Outcome::Fail, &policy.fail) {
        Verdict::Fail
    } else if has(Outcome::CannotEvaluate, &policy.incomplete) {
        Verdict::Incomplete
    } else if has(Outcome::Fail, &policy.conditional)
        || (policy.conditional_on_waiver_conditions
            && waivers
                .iter()
                .any(|w| w.status == super::WaiverStatus::InForce && !w.conditions.is_empty()))
    {
        Verdict::Conditional
    } else {
        Verdict::Pass
    }
}

struct Ctx<'a> {
    standard: &'a CompiledStandard,
    root: &'a Value,
    params: &'a [Value],
}

/// What a check found for one subject, before messages are written.
struct Raw {
    outcome: Outcome,
    subject: String,
    label: String,
    observed: Option<Value>,
    cond: Option<Condition>,
    missing: Option<String>,
    margin: Option<f64>,
    note: Option<crate::i18n::Text>,
}

impl Raw {
    fn new(outcome: Outcome, subject: String, label: String) -> Raw {
        Raw {
            outcome,
            subject,
            label,
            observed: None,
            cond: None,
            missing: None,
            margin: None,
            note: None,
        }
    }
    fn missing(subject: String, label: String, missing: String) -> Raw {
        let mut r = Raw::new(Outcome::CannotEvaluate, subject, label);
        r.missing = Some(missing);
        r
    }
}

fn label_of(element: &Value, pointer: &str) -> String {
    for key in ["name", "id"] {
        if let Some(s) = element.get(key).and_then(Value::as_str) {
            return s.to_owned();
        }
    }
    pointer.to_owned()
}

/// The pointer of a list path up to its first `[*]` (the list as a whole).
fn list_pointer(p: &Path) -> String {
    let mut out = String::new();
    for s in &p.segments {
        match s {
            Segment::Key(k) => {
                out.push('/');
                out.push_str(k);
            }
            Segment::Each => break,
        }
    }
    out
}

impl Ctx<'_> {
    fn rule(&mut self, index: usize, rule: &Rule) -> Vec<SubjectResult> {
        let raws = match self.applicable(rule) {
            Some(r) => vec![r],
            None => self.check(rule),
        };
        // The subjects of a rule share its condition (a check's bound may differ for some):
        // describe each distinct one once, not once per camera.
        let mut described: Option<(Condition, crate::i18n::Text)> = None;
        raws.into_iter()
            .map(|raw| self.finish(index, rule, raw, &mut described))
            .collect()
    }

    /// `None` when the rule applies; otherwise the not-applicable or cannot-evaluate result.
    fn applicable(&self, rule: &Rule) -> Option<Raw> {
        let a = &rule.applies;
        let project = self.root.get("project").unwrap_or(&Value::Null);
        let field = |name: &str| project.get(name).and_then(Value::as_str).unwrap_or("");
        for (list, name) in [
            (&a.kinds, "kind"),
            (&a.phases, "phase"),
            (&a.levels, "protection_level"),
        ] {
            if let Some(list) = list {
                let v = field(name);
                if !list.iter().any(|x| x == v) {
                    let mut r = Raw::new(Outcome::NotApplicable, String::new(), String::new());
                    r.note = Some(not_applicable_message(name, v, list));
                    return Some(r);
                }
            }
        }
        if let Some(cond) = &a.households {
            match cond.eval(project.get("households"), self.params) {
                Truth::True => {}
                Truth::False => {
                    let mut r = Raw::new(Outcome::NotApplicable, String::new(), String::new());
                    r.note = Some(crate::i18n::Text::new(
                        format!(
                            "户数{}，不在适用范围（{}）",
                            project
                                .get("households")
                                .map(|h| h.to_string())
                                .unwrap_or_default(),
                            cond.describe(self.params, crate::i18n::Lang::Zh, Some("户"))
                        ),
                        format!(
                            "{} households, outside the scope ({})",
                            project
                                .get("households")
                                .map(|h| h.to_string())
                                .unwrap_or_default(),
                            cond.describe(self.params, crate::i18n::Lang::En, Some("households"))
                        ),
                    ));
                    return Some(r);
                }
                Truth::Unknown => {
                    return Some(Raw::missing(
                        String::new(),
                        String::new(),
                        "/project/households".into(),
                    ));
                }
            }
        }
        if let Some(when) = &a.when {
            match when.eval(self.root, self.params) {
                Truth::True => {}
                Truth::False => {
                    let mut r = Raw::new(Outcome::NotApplicable, String::new(), String::new());
                    r.note = Some(crate::i18n::Text::new(
                        "适用条件不成立",
                        "its condition of application does not hold",
                    ));
                    return Some(r);
                }
                Truth::Unknown => {
                    let missing = when.first_missing(self.root, "").unwrap_or_default();
                    return Some(Raw::missing(String::new(), String::new(), missing));
                }
            }
        }
        None
    }

    fn check(&mut self, rule: &Rule) -> Vec<Raw> {
        let root = self.root;
        let params = self.params;
        match &rule.check {
            Check::Value {
                for_each,
                filter,
                field,
                cond,
            } => {
                let subjects: Vec<(String, &Value)> = match for_each {
                    None => vec![(String::new(), root)],
                    Some(fe) => match unreachable_subjects(root, fe, filter.as_ref(), params) {
                        Ok(s) => s,
                        Err(missing) => {
                            return vec![Raw::missing(missing.clone(), String::new(), missing)];
                        }
                    },
                };
                if subjects.is_empty() {
                    let mut r = Raw::new(
                        Outcome::NotApplicable,
                        for_each.as_ref().map(list_pointer).unwrap_or_default(),
                        String::new(),
                    );
                    r.note = Some(crate::i18n::Text::new(
                        "没有适用的对象",
                        "no element it applies to",
                    ));
                    return vec![r];
                }
                subjects
                    .into_iter()
                    .map(|(ptr, element)| {
                        let label = if for_each.is_some() {
                            label_of(element, &ptr)
                        } else {
                            String::new()
                        };
                        let subject = if for_each.is_some() {
                            ptr.clone()
                        } else {
                            field.pointer()
                        };
                        match path::get(element, field) {
                            None => {
                                Raw::missing(subject, label, format!("{ptr}{}", field.pointer()))
                            }
                            Some(v) => {
                                let mut r = Raw::new(
                                    truth_outcome(cond.eval(Some(v), params)),
                                    subject,
                                    label,
                                );
                                r.margin = cond.margin(v, params);
                                r.observed = Some(v.clone());
                                r.cond = Some(cond.clone());
                                r
                            }
                        }
                    })
                    .collect()
            }
            Check::Count {
                of,
                filter,
                weight,
                cond,
            } => {
                let list = list_pointer(of);
                match quantity_count(root, of, filter.as_ref(), weight.as_ref(), params) {
                    Err(missing) => vec![Raw::missing(list, String::new(), missing)],
                    Ok(total) => {
                        let v = number(total);
                        let mut r = Raw::new(
                            truth_outcome(cond.eval(Some(&v), params)),
                            list,
                            String::new(),
                        );
                        r.margin = cond.margin(&v, params);
                        r.observed = Some(v);
                        r.cond = Some(cond.clone());
                        vec![r]
                    }
                }
            }
            Check::EachHas {
                for_each,
                filter,
                related,
                link,
                related_filter,
                min,
            } => {
                let subjects = match unreachable_subjects(root, for_each, filter.as_ref(), params) {
                    Ok(s) => s,
                    Err(missing) => {
                        return vec![Raw::missing(missing.clone(), String::new(), missing)];
                    }
                };
                if subjects.is_empty() {
                    let mut r = Raw::new(
                        Outcome::NotApplicable,
                        list_pointer(for_each),
                        String::new(),
                    );
                    r.note = Some(crate::i18n::Text::new(
                        "没有适用的对象",
                        "no element it applies to",
                    ));
                    return vec![r];
                }
                let related_items = match path::select(root, related) {
                    Ok(items) => items,
                    Err(missing) => {
                        return subjects
                            .into_iter()
                            .map(|(ptr, el)| {
                                Raw::missing(ptr.clone(), label_of(el, &ptr), missing.clone())
                            })
                            .collect();
                    }
                };
                let matching: Vec<&Value> = related_items
                    .iter()
                    .filter(|(_, v)| related_filter.as_ref().is_none_or(|f| f.matches(v, params)))
                    .map(|(_, v)| *v)
                    .collect();
                let cond = Condition {
                    tests: vec![(
                        crate::standard::condition::Op::Min,
                        crate::standard::condition::Operand::Literal(Value::from(*min as u64)),
                    )],
                };
                let counts: Box<dyn Fn(&Value) -> usize> = match link {
                    Link::By(field) => {
                        let mut index: HashMap<&str, usize> = HashMap::new();
                        for v in &matching {
                            match path::get(v, field) {
                                Some(Value::String(id)) => {
                                    *index.entry(id.as_str()).or_default() += 1
                                }
                                Some(Value::Array(ids)) => {
                                    let mut seen: Vec<&str> =
                                        ids.iter().filter_map(Value::as_str).collect();
                                    seen.sort_unstable();
                                    seen.dedup();
                                    for id in seen {
                                        *index.entry(id).or_default() += 1;
                                    }
                                }
                                _ => {}
                            }
                        }
                        Box::new(move |subject: &Value| {
                            subject
                                .get("id")
                                .and_then(Value::as_str)
                                .and_then(|id| index.get(id).copied())
                                .unwrap_or(0)
                        })
                    }
                    Link::Via(field) => {
                        let ids: std::collections::HashSet<&str> = matching
                            .iter()
                            .filter_map(|v| v.get("id").and_then(Value::as_str))
                            .collect();
                        let field = field.clone();
                        Box::new(move |subject: &Value| match path::get(subject, &field) {
                            Some(Value::String(id)) => usize::from(ids.contains(id.as_str())),
                            Some(Value::Array(list)) => {
                                let mut l: Vec<&str> = list
                                    .iter()
                                    .filter_map(Value::as_str)
                                    .filter(|id| ids.contains(id))
                                    .collect();
                                l.sort_unstable();
                                l.dedup();
                                l.len()
                            }
                            _ => 0,
                        })
                    }
                };
                subjects
                    .into_iter()
                    .map(|(ptr, el)| {
                        let n = counts(el);
                        let mut r = Raw::new(
                            if n >= *min {
                                Outcome::Pass
                            } else {
                                Outcome::Fail
                            },
                            ptr.clone(),
                            label_of(el, &ptr),
                        );
                        r.observed = Some(Value::from(n as u64));
                        r.cond = Some(cond.clone());
                        r
                    })
                    .collect()
            }
            Check::Ratio {
                numerator,
                denominator,
                cond,
            } => {
                let n = quantity(root, numerator, params);
                let d = quantity(root, denominator, params);
                match (n, d) {
                    (Err(m), _) | (_, Err(m)) => {
                        vec![Raw::missing(String::new(), String::new(), m)]
                    }
                    (Ok(_), Ok(0.0)) => {
                        let ptr = quantity_pointer(denominator);
                        vec![Raw::missing(ptr.clone(), String::new(), ptr)]
                    }
                    (Ok(n), Ok(d)) => {
                        let ratio = (n / d * 1000.0).round() / 1000.0;
                        let v = number(ratio);
                        let mut r = Raw::new(
                            truth_outcome(cond.eval(Some(&v), params)),
                            quantity_pointer(numerator),
                            String::new(),
                        );
                        r.margin = cond.margin(&v, params);
                        r.observed = Some(v);
                        r.cond = Some(cond.clone());
                        vec![r]
                    }
                }
            }
            Check::Expr {
                for_each,
                filter,
                program,
                reads,
                params_read,
                ..
            } => {
                let subjects: Vec<(String, &Value)> = match for_each {
                    None => vec![(String::new(), root)],
                    Some(fe) => match unreachable_subjects(root, fe, filter.as_ref(), params) {
                        Ok(s) => s,
                        Err(missing) => {
                            return vec![Raw::missing(missing.clone(), String::new(), missing)];
                        }
                    },
                };
                if subjects.is_empty() {
                    let mut r = Raw::new(Outcome::NotApplicable, String::new(), String::new());
                    r.note = Some(crate::i18n::Text::new(
                        "没有适用的对象",
                        "no element it applies to",
                    ));
                    return vec![r];
                }
                // Binding a variable converts it into CEL's values, so the root context gets only
                // what the expression reads (known since compile time), once per rule; each
                // subject gets an inner scope holding only `it`.
                let mut root_ctx = cel::Context::default();
                if !reads.is_empty()
                    && let Ok(v) = cel::to_value(pruned(root, reads))
                {
                    root_ctx.add_variable_from_value("s", v);
                }
                if !params_read.is_empty() {
                    let map: serde_json::Map<String, Value> = params_read
                        .iter()
                        .filter_map(|i| {
                            Some((
                                self.standard.parameters.get(*i)?.name.clone(),
                                params.get(*i)?.clone(),
                            ))
                        })
                        .collect();
                    if let Ok(v) = cel::to_value(Value::Object(map)) {
                        root_ctx.add_variable_from_value("p", v);
                    }
                }
                subjects
                    .into_iter()
                    .map(|(ptr, el)| {
                        let label = if for_each.is_some() {
                            label_of(el, &ptr)
                        } else {
                            String::new()
                        };
                        let mut ctx = root_ctx.new_inner_scope();
                        if for_each.is_some() {
                            match cel::to_value(el) {
                                Ok(v) => ctx.add_variable_from_value("it", v),
                                Err(_) => return Raw::missing(ptr.clone(), label, ptr),
                            }
                        }
                        match program.execute(&ctx) {
                            Ok(cel::Value::Bool(b)) => {
                                Raw::new(if b { Outcome::Pass } else { Outcome::Fail }, ptr, label)
                            }
                            Ok(_) => {
                                let mut r = Raw::new(Outcome::CannotEvaluate, ptr.clone(), label);
                                r.missing = Some(ptr);
                                r.note = Some(crate::i18n::Text::new(
                                    "表达式未得出是或否",
                                    "the expression did not give true or false",
                                ));
                                r
                            }
                            Err(e) => {
                                let text = e.to_string();
                                let key = text
                                    .split("No such key: ")
                                    .nth(1)
                                    .map(|k| k.trim().to_owned());
                                let missing = key.map_or_else(
                                    || ptr.clone(),
                                    |k| missing_key_pointer(&ptr, el, reads, root, &k),
                                );
                                Raw::missing(ptr, label, missing)
                            }
                        }
                    })
                    .collect()
            }
        }
    }

    fn finish(
        &self,
        index: usize,
        rule: &Rule,
        raw: Raw,
        described: &mut Option<(Condition, crate::i18n::Text)>,
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
            if let Some((seen, text)) = described.as_ref()
                && seen == c
            {
                return text.clone();
            }
            let text = crate::i18n::Text::new(
                c.describe(
                    self.params,
                    crate::i18n::Lang::Zh,
                    super::message::unit_of(rule, crate::i18n::Lang::Zh),
                ),
                c.describe(
                    self.params,
                    crate::i18n::Lang::En,
                    super::message::unit_of(rule, crate::i18n::Lang::En),
                ),
            );
            *described = Some((c.clone(), text.clone()));
            text
        });
        let message = match raw.outcome {
            Outcome::Pass if !near_miss => crate::i18n::Text::default(),
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
        }
    }
}

fn unreachable_subjects<'v>(
    root: &'v Value,
    for_each: &Path,
    filter: Option<&Filter>,
    params: &[Value],
) -> Result<Vec<(String, &'v Value)>, String> {
    let items = path::select(root, for_each)?;
    Ok(items
        .into_iter()
        .filter(|(_, v)| filter.is_none_or(|f| f.matches(v, params)))
        .collect())
}

fn truth_outcome(t: Truth) -> Outcome {
    match t {
        Truth::True => Outcome::Pass,
        Truth::False => Outcome::Fail,
        Truth::Unknown => Outcome::CannotEvaluate,
    }
}

fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

fn quantity_count(
    root: &Value,
    of: &Path,
    filter: Option<&Filter>,
    weight: Option<&Path>,
    params: &[Value],
) -> Result<f64, String> {
    let items = path::select(root, of)?;
    Ok(items
        .iter()
        .filter(|(_, v)| filter.is_none_or(|f| f.matches(v, params)))
        .map(|(_, v)| {
            weight
                .and_then(|w| path::get(v, w))
                .and_then(Value::as_f64)
                .unwrap_or(1.0)
        })
        .sum())
}

fn quantity(root: &Value, q: &Quantity, params: &[Value]) -> Result<f64, String> {
    match q {
        Quantity::Field(p) => path::get(root, p)
            .and_then(Value::as_f64)
            .ok_or_else(|| p.pointer()),
        Quantity::Count { of, filter, weight } => {
            quantity_count(root, of, filter.as_ref(), weight.as_ref(), params)
        }
    }
}

fn quantity_pointer(q: &Quantity) -> String {
    match q {
        Quantity::Field(p) => p.pointer(),
        Quantity::Count { of, .. } => list_pointer(of),
    }
}

/// Where a key CEL reported missing belongs: in the subject element if it is not stated there,
/// else under the first `s.…` path that reads it and is not stated in the submission.
fn missing_key_pointer(
    subject: &str,
    element: &Value,
    reads: &[Path],
    root: &Value,
    key: &str,
) -> String {
    for p in reads {
        let mut prefix = Path::default();
        for seg in &p.segments {
            prefix.segments.push(seg.clone());
            if *seg == Segment::Key(key.to_owned()) && path::get(root, &prefix).is_none() {
                return prefix.pointer();
            }
        }
    }
    if element.get(key).is_none() {
        return format!("{subject}/{key}");
    }
    subject.to_owned()
}

/// A copy of `root` holding only the values at `reads` (with their ancestors as mappings), so
/// that an expression gets what it reads without converting the whole submission.
fn pruned(root: &Value, reads: &[Path]) -> Value {
    let mut out = Value::Object(serde_json::Map::new());
    for p in reads {
        let Some(v) = path::get(root, p) else {
            continue;
        };
        let mut target = &mut out;
        let keys: Vec<&str> = p
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Key(k) => Some(k.as_str()),
                Segment::Each => None,
            })
            .collect();
        for (i, k) in keys.iter().enumerate() {
            let Value::Object(map) = target else { break };
            if i + 1 == keys.len() {
                map.insert((*k).to_owned(), v.clone());
                break;
            }
            target = map
                .entry((*k).to_owned())
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            if !target.is_object() {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_missing_submission_key_is_named_where_it_belongs() {
        let root = json!({"site": {"buildings": [{"units": [{"id": "U1"}]}]}});
        let el = json!({"id": "U1"});
        let reads = vec![Path::parse("physical.roof_doors_locked").unwrap()];
        assert_eq!(
            missing_key_pointer("/site/buildings/0/units/0", &el, &reads, &root, "physical"),
            "/physical"
        );
        assert_eq!(
            missing_key_pointer(
                "/site/buildings/0/units/0",
                &el,
                &[],
                &root,
                "entrance_door"
            ),
            "/site/buildings/0/units/0/entrance_door"
        );
    }

    #[test]
    fn pruned_keeps_only_what_an_expression_reads() {
        let root = json!({"site": {"entrances": [{"id": "E1"}], "buildings": [1, 2, 3]}, "network": {"face_data": {"collected": true, "x": 1}}});
        let reads = vec![
            Path::parse("site.entrances").unwrap(),
            Path::parse("network.face_data.collected").unwrap(),
            Path::parse("staffing.duty_log").unwrap(),
        ];
        assert_eq!(
            pruned(&root, &reads),
            json!({"site": {"entrances": [{"id": "E1"}]}, "network": {"face_data": {"collected": true}}})
        );
    }
}
