//! The check kinds, evaluated three-valued: what a check finds for each subject, before messages
//! are written. A fact that is not stated gives *cannot evaluate* only when it could change the
//! outcome: an element whose filter cannot be told is a subject if its check would fail, and
//! counts are bounded from below (what is stated) and above (what may be there).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::Outcome;
use crate::i18n::Text;
use crate::standard::condition::{Condition, Filter, Op, Operand, Truth, number_value};
use crate::standard::path::{self, Path, Segment};
use crate::standard::{Check, CompiledStandard, Link, Quantity};

/// What a check found for one subject.
#[derive(Debug, Clone)]
pub(super) struct Raw {
    pub outcome: Outcome,
    pub subject: String,
    pub label: String,
    pub observed: Option<Value>,
    pub cond: Option<Condition>,
    pub missing: Option<String>,
    pub margin: Option<f64>,
    pub note: Option<Text>,
}

impl Raw {
    pub fn new(outcome: Outcome, subject: String, label: String) -> Raw {
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

    pub fn missing(subject: String, label: String, missing: String) -> Raw {
        let mut r = Raw::new(Outcome::CannotEvaluate, subject, label);
        r.missing = Some(missing);
        r
    }

    fn not_applicable(subject: String) -> Raw {
        let mut r = Raw::new(Outcome::NotApplicable, subject, String::new());
        r.note = Some(Text::new("没有适用的对象", "no element it applies to"));
        r
    }
}

/// An element a check looks at, and whether its filter holds (`True`) or cannot be told
/// (`Unknown`; elements whose filter is false are left out).
struct Subject<'v> {
    ptr: String,
    value: &'v Value,
    filter: Truth,
}

/// The subjects of a check: the elements at `for_each` that its filter may select, and the
/// places where the list is not stated.
fn subjects<'v>(
    root: &'v Value,
    for_each: &Path,
    filter: Option<&Filter>,
    params: &[Value],
) -> (Vec<Subject<'v>>, Vec<String>) {
    let selection = path::select(root, for_each);
    let items = selection
        .values()
        .filter_map(|(at, value)| {
            let t = filter.map_or(Truth::True, |f| f.eval(value, params));
            (t != Truth::False).then(|| Subject {
                ptr: selection.pointer(at),
                value,
                filter: t,
            })
        })
        .collect();
    (items, selection.unstated)
}

/// A subject whose filter could not be told: if its check holds, it holds either way; otherwise
/// the missing fact decides, and the subject cannot be evaluated.
fn settle_filter(raw: Raw, s: &Subject<'_>, filter: Option<&Filter>) -> Raw {
    if s.filter == Truth::True || raw.outcome == Outcome::Pass {
        return raw;
    }
    let missing = filter
        .and_then(|f| f.first_missing(s.value, &s.ptr))
        .unwrap_or_else(|| s.ptr.clone());
    let mut r = Raw::missing(raw.subject, raw.label, missing);
    r.note = Some(Text::new(
        "该对象是否属于本条适用范围取决于未填写的内容",
        "whether the rule covers this element depends on a fact not stated",
    ));
    r
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
pub(super) fn list_pointer(p: &Path) -> String {
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

fn truth_outcome(t: Truth) -> Outcome {
    match t {
        Truth::True => Outcome::Pass,
        Truth::False => Outcome::Fail,
        Truth::Unknown => Outcome::CannotEvaluate,
    }
}

/// Evaluates a rule's check against the submission with the given operand values.
pub(super) fn run(
    standard: &CompiledStandard,
    check: &Check,
    root: &Value,
    params: &[Value],
) -> Vec<Raw> {
    match check {
        Check::Value {
            for_each,
            filter,
            field,
            cond,
        } => value(
            root,
            for_each.as_ref(),
            filter.as_ref(),
            field,
            cond,
            params,
        ),
        Check::Count {
            of,
            filter,
            weight,
            cond,
        } => count(root, of, filter.as_ref(), weight.as_ref(), cond, params),
        Check::EachHas {
            for_each,
            filter,
            related,
            link,
            related_filter,
            min,
        } => each_has(
            root,
            for_each,
            filter.as_ref(),
            related,
            link,
            related_filter.as_ref(),
            *min,
            params,
        ),
        Check::Ratio {
            numerator,
            denominator,
            cond,
        } => ratio(root, numerator, denominator, cond, params),
        Check::Expr {
            for_each,
            filter,
            program,
            reads,
            item_fields,
            it_fields,
            params_read,
            ..
        } => expr(
            standard,
            root,
            for_each.as_ref(),
            filter.as_ref(),
            program,
            Reads {
                paths: reads,
                item_fields,
                it_fields: it_fields.as_deref(),
            },
            params_read,
            params,
        ),
    }
}

/// The subjects of a `for_each` check (or the submission itself), with a *cannot evaluate* for
/// each place where the list is not stated; `Err` when there is nothing to check at all.
fn each_subject<'v>(
    root: &'v Value,
    for_each: Option<&Path>,
    filter: Option<&Filter>,
    params: &[Value],
) -> Result<(Vec<Subject<'v>>, Vec<Raw>), Raw> {
    let Some(fe) = for_each else {
        let whole = Subject {
            ptr: String::new(),
            value: root,
            filter: Truth::True,
        };
        return Ok((vec![whole], Vec::new()));
    };
    let (items, unstated) = subjects(root, fe, filter, params);
    if items.is_empty() && unstated.is_empty() {
        return Err(Raw::not_applicable(list_pointer(fe)));
    }
    let missing = unstated
        .into_iter()
        .map(|p| Raw::missing(p.clone(), String::new(), p))
        .collect();
    Ok((items, missing))
}

fn value(
    root: &Value,
    for_each: Option<&Path>,
    filter: Option<&Filter>,
    field: &Path,
    cond: &Condition,
    params: &[Value],
) -> Vec<Raw> {
    let (items, mut out) = match each_subject(root, for_each, filter, params) {
        Ok(x) => x,
        Err(na) => return vec![na],
    };
    for s in &items {
        let (subject, label) = if for_each.is_some() {
            (s.ptr.clone(), label_of(s.value, &s.ptr))
        } else {
            (field.pointer(), String::new())
        };
        let raw = match path::get(s.value, field) {
            None => Raw::missing(subject, label, format!("{}{}", s.ptr, field.pointer())),
            Some(v) => {
                let mut r = Raw::new(truth_outcome(cond.eval(Some(v), params)), subject, label);
                r.margin = cond.margin(v, params);
                r.observed = Some(v.clone());
                r.cond = Some(cond.clone());
                r
            }
        };
        out.push(settle_filter(raw, s, filter));
    }
    out
}

/// A count known to lie in `[lo, hi]`, with the first fact whose absence leaves it open.
struct Tally {
    lo: f64,
    hi: f64,
    missing: Option<String>,
}

fn tally(
    root: &Value,
    of: &Path,
    filter: Option<&Filter>,
    weight: Option<&Path>,
    params: &[Value],
) -> Tally {
    let selection = path::select(root, of);
    let mut t = Tally {
        lo: 0.0,
        hi: 0.0,
        missing: selection.unstated.first().cloned(),
    };
    if !selection.complete() {
        t.hi = f64::INFINITY;
    }
    for (at, v) in selection.values() {
        let w = weight
            .and_then(|w| path::get(v, w))
            .and_then(Value::as_f64)
            .unwrap_or(1.0);
        match filter.map_or(Truth::True, |f| f.eval(v, params)) {
            Truth::True => {
                t.lo += w;
                t.hi += w;
            }
            Truth::Unknown => {
                t.hi += w;
                if t.missing.is_none() {
                    t.missing = filter.and_then(|f| f.first_missing(v, &selection.pointer(at)));
                }
            }
            Truth::False => {}
        }
    }
    t
}

fn count(
    root: &Value,
    of: &Path,
    filter: Option<&Filter>,
    weight: Option<&Path>,
    cond: &Condition,
    params: &[Value],
) -> Vec<Raw> {
    let list = list_pointer(of);
    let t = tally(root, of, filter, weight, params);
    let truth = cond.eval_range(t.lo, t.hi, params);
    if truth == Truth::Unknown {
        let missing = t.missing.unwrap_or_else(|| list.clone());
        let mut r = Raw::missing(list, String::new(), missing);
        r.observed = Some(number_value(t.lo));
        return vec![r];
    }
    let v = number_value(t.lo);
    let mut r = Raw::new(truth_outcome(truth), list, String::new());
    if t.lo == t.hi {
        r.margin = cond.margin(&v, params);
    }
    r.observed = Some(v);
    r.cond = Some(cond.clone());
    vec![r]
}

/// The related elements a subject links to: definitely (their filter holds) and possibly
/// (their filter, or what they link to, is not stated).
struct Links<'v> {
    /// Subject id → related elements that definitely match and link to it.
    by_id: HashMap<&'v str, usize>,
    /// Subject id → related elements that may match and link to it.
    maybe_by_id: HashMap<&'v str, usize>,
    /// Ids of related elements that definitely match (for `via`).
    ids: HashSet<&'v str>,
    /// Ids of related elements that may match (for `via`).
    maybe_ids: HashSet<&'v str>,
    /// The first fact whose absence leaves a link open: a related list, a related element's
    /// filter field, or a related element's link field not stated.
    open: Option<String>,
}

fn links<'v>(
    root: &'v Value,
    related: &Path,
    link: &Link,
    related_filter: Option<&Filter>,
    params: &[Value],
) -> Links<'v> {
    let selection = path::select(root, related);
    let mut l = Links {
        by_id: HashMap::new(),
        maybe_by_id: HashMap::new(),
        ids: HashSet::new(),
        maybe_ids: HashSet::new(),
        open: selection.unstated.first().cloned(),
    };
    for (at, v) in selection.values() {
        let t = related_filter.map_or(Truth::True, |f| f.eval(v, params));
        if t == Truth::False {
            continue;
        }
        if t == Truth::Unknown && l.open.is_none() {
            l.open = related_filter.and_then(|f| f.first_missing(v, &selection.pointer(at)));
        }
        let id = v.get("id").and_then(Value::as_str);
        match link {
            Link::Via(_) => {
                if let Some(id) = id {
                    if t == Truth::True {
                        l.ids.insert(id);
                    } else {
                        l.maybe_ids.insert(id);
                    }
                }
            }
            Link::By(field) => {
                let targets: Vec<&str> = match path::get(v, field) {
                    Some(Value::String(id)) => vec![id.as_str()],
                    Some(Value::Array(ids)) => {
                        let mut seen: Vec<&str> = ids.iter().filter_map(Value::as_str).collect();
                        seen.sort_unstable();
                        seen.dedup();
                        seen
                    }
                    _ => {
                        // What it links to is not stated: it may link to any subject.
                        if l.open.is_none() {
                            l.open = Some(format!("{}{}", selection.pointer(at), field.pointer()));
                        }
                        continue;
                    }
                };
                let index = if t == Truth::True {
                    &mut l.by_id
                } else {
                    &mut l.maybe_by_id
                };
                for id in targets {
                    *index.entry(id).or_default() += 1;
                }
            }
        }
    }
    l
}

#[allow(clippy::too_many_arguments)]
fn each_has(
    root: &Value,
    for_each: &Path,
    filter: Option<&Filter>,
    related: &Path,
    link: &Link,
    related_filter: Option<&Filter>,
    min: usize,
    params: &[Value],
) -> Vec<Raw> {
    let (items, mut out) = match each_subject(root, Some(for_each), filter, params) {
        Ok(x) => x,
        Err(na) => return vec![na],
    };
    let l = links(root, related, link, related_filter, params);
    let cond = Condition {
        tests: vec![(Op::Min, Operand::Literal(Value::from(min as u64)))],
    };
    for s in &items {
        let (definite, possible, open) = match link {
            Link::By(_) => {
                let id = s.value.get("id").and_then(Value::as_str).unwrap_or("");
                let d = l.by_id.get(id).copied().unwrap_or(0);
                let m = l.maybe_by_id.get(id).copied().unwrap_or(0);
                (d, m, l.open.clone())
            }
            Link::Via(field) => match path::get(s.value, field) {
                None => (0, 0, Some(format!("{}{}", s.ptr, field.pointer()))),
                Some(v) => {
                    let mut listed: Vec<&str> = match v {
                        Value::String(id) => vec![id.as_str()],
                        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
                        _ => Vec::new(),
                    };
                    listed.sort_unstable();
                    listed.dedup();
                    let d = listed.iter().filter(|id| l.ids.contains(*id)).count();
                    let m = listed.iter().filter(|id| l.maybe_ids.contains(*id)).count();
                    (d, m, l.open.clone())
                }
            },
        };
        let label = label_of(s.value, &s.ptr);
        let raw = if definite >= min {
            Raw::new(Outcome::Pass, s.ptr.clone(), label)
        } else if possible == 0 && open.is_none() {
            Raw::new(Outcome::Fail, s.ptr.clone(), label)
        } else {
            let missing = open.unwrap_or_else(|| related.pointer());
            Raw::missing(s.ptr.clone(), label, missing)
        };
        let mut raw = raw;
        raw.observed = Some(Value::from(definite as u64));
        raw.cond = Some(cond.clone());
        out.push(settle_filter(raw, s, filter));
    }
    out
}

/// A quantity known to lie in `[lo, hi]`, or the pointer of the field that is not stated.
fn quantity(root: &Value, q: &Quantity, params: &[Value]) -> Result<Tally, String> {
    match q {
        Quantity::Field(p) => path::get(root, p)
            .and_then(Value::as_f64)
            .map(|x| Tally {
                lo: x,
                hi: x,
                missing: None,
            })
            .ok_or_else(|| p.pointer()),
        Quantity::Count { of, filter, weight } => {
            Ok(tally(root, of, filter.as_ref(), weight.as_ref(), params))
        }
    }
}

fn quantity_pointer(q: &Quantity) -> String {
    match q {
        Quantity::Field(p) => p.pointer(),
        Quantity::Count { of, .. } => list_pointer(of),
    }
}

fn ratio(
    root: &Value,
    numerator: &Quantity,
    denominator: &Quantity,
    cond: &Condition,
    params: &[Value],
) -> Vec<Raw> {
    let subject = quantity_pointer(numerator);
    let (n, d) = match (
        quantity(root, numerator, params),
        quantity(root, denominator, params),
    ) {
        (Err(m), _) | (_, Err(m)) => return vec![Raw::missing(String::new(), String::new(), m)],
        (Ok(n), Ok(d)) => (n, d),
    };
    if d.hi == 0.0 {
        let ptr = quantity_pointer(denominator);
        return vec![Raw::missing(ptr.clone(), String::new(), ptr)];
    }
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    let lo = round(n.lo / d.hi);
    let hi = if d.lo == 0.0 {
        f64::INFINITY
    } else {
        round(n.hi / d.lo)
    };
    let truth = cond.eval_range(lo, hi, params);
    if truth == Truth::Unknown {
        let missing = n
            .missing
            .or(d.missing)
            .unwrap_or_else(|| quantity_pointer(denominator));
        return vec![Raw::missing(subject, String::new(), missing)];
    }
    let v = number_value(lo);
    let mut r = Raw::new(truth_outcome(truth), subject, String::new());
    if lo == hi {
        r.margin = cond.margin(&v, params);
    }
    r.observed = Some(v);
    r.cond = Some(cond.clone());
    vec![r]
}

/// What an expression reads, known since compile time (see `Check::Expr`).
struct Reads<'a> {
    /// The `s.…` paths.
    paths: &'a [Path],
    /// For each path, the only fields its list items are read for.
    item_fields: &'a [Option<Vec<String>>],
    /// The only fields of the element (`it`) read.
    it_fields: Option<&'a [String]>,
}

thread_local! {
    /// CEL's standard library with `sum(list)` (which adds numbers, so that a sizing rule can
    /// total a list: Σ bit rate × quantity), built once per thread: building it for every
    /// expression rule was a sixth of evaluating a batch.
    static CEL_BASE: cel::Context<'static, 'static> = {
        let mut base = cel::Context::default();
        let _ = base.add_function("sum", sum);
        base
    };
}

#[allow(clippy::too_many_arguments)]
fn expr(
    standard: &CompiledStandard,
    root: &Value,
    for_each: Option<&Path>,
    filter: Option<&Filter>,
    program: &cel::Program,
    Reads {
        paths: reads,
        item_fields,
        it_fields,
    }: Reads<'_>,
    params_read: &[usize],
    params: &[Value],
) -> Vec<Raw> {
    let (items, mut out) = match each_subject(root, for_each, filter, params) {
        Ok(x) => x,
        Err(na) => return vec![na],
    };
    // Binding a variable converts it into CEL's values, so the root context gets only what the
    // expression reads (known since compile time), once per rule; each subject gets an inner
    // scope holding only `it`.
    CEL_BASE.with(|base| {
        let mut root_ctx = base.new_inner_scope();
        if !reads.is_empty() {
            root_ctx
                .add_variable_as_val("s", super::cel_json::val(&pruned(root, reads, item_fields)));
        }
        if !params_read.is_empty() {
            let map: serde_json::Map<String, Value> = params_read
                .iter()
                .filter_map(|i| {
                    Some((
                        standard.parameters.get(*i)?.name.clone(),
                        params.get(*i)?.clone(),
                    ))
                })
                .collect();
            root_ctx.add_variable_as_val("p", super::cel_json::val(&Value::Object(map)));
        }
        for s in &items {
            let ptr = s.ptr.clone();
            let label = if for_each.is_some() {
                label_of(s.value, &ptr)
            } else {
                String::new()
            };
            let mut ctx = root_ctx.new_inner_scope();
            if for_each.is_some() {
                let it = match it_fields {
                    Some(fields) => super::cel_json::val_fields(s.value, fields),
                    None => super::cel_json::val(s.value),
                };
                ctx.add_variable_as_val("it", it);
            }
            let raw = match program.execute(&ctx) {
                Ok(cel::Value::Bool(b)) => {
                    Raw::new(if b { Outcome::Pass } else { Outcome::Fail }, ptr, label)
                }
                Ok(_) => {
                    let mut r = Raw::missing(ptr.clone(), label, ptr);
                    r.note = Some(Text::new(
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
                        |k| missing_key_pointer(&ptr, s.value, reads, root, &k),
                    );
                    Raw::missing(ptr, label, missing)
                }
            };
            out.push(settle_filter(raw, s, filter));
        }
    });
    out
}

/// `sum(list)`: the total of a list of numbers as a double (non-numbers are an error).
fn sum(
    cel::extractors::Arguments(args): cel::extractors::Arguments,
) -> Result<cel::Value, cel::ExecutionError> {
    let items: &[cel::Value] = match args.first() {
        Some(cel::Value::List(list)) if args.len() == 1 => list,
        _ => &args,
    };
    let mut total = 0.0;
    for v in items {
        total += match v {
            cel::Value::Int(x) => *x as f64,
            cel::Value::UInt(x) => *x as f64,
            cel::Value::Float(x) => *x,
            other => {
                return Err(cel::ExecutionError::function_error(
                    "sum",
                    format!("{other:?} is not a number"),
                ));
            }
        };
    }
    Ok(cel::Value::Float(total))
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
    // The expression sees only the values it reads (`pruned`), so CEL may name a stated
    // ancestor whose read children are all missing: the missing fact is the first place on a
    // read path through that key that the submission does not state.
    let wanted = Segment::Key(key.to_owned());
    for p in reads.iter().filter(|p| p.segments.contains(&wanted)) {
        let mut prefix = Path::default();
        for seg in &p.segments {
            prefix.segments.push(seg.clone());
            if path::get(root, &prefix).is_none() {
                return prefix.pointer();
            }
        }
    }
    if element.get(key).is_none() {
        return format!("{subject}/{key}");
    }
    subject.to_owned()
}

/// A copy of `value` with only `fields` when it is a mapping (a list item, an element).
fn only_fields(value: &Value, fields: &[String]) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            fields
                .iter()
                .filter_map(|f| Some((f.clone(), map.get(f)?.clone())))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A copy of `root` holding only the values at `reads` (with their ancestors as mappings), so
/// that an expression gets what it reads without converting the whole submission; the items of
/// a list read only by macros keep only the fields they are read for (`item_fields`).
fn pruned(root: &Value, reads: &[Path], item_fields: &[Option<Vec<String>>]) -> Value {
    let mut out = Value::Object(serde_json::Map::new());
    for (n, p) in reads.iter().enumerate() {
        let Some(v) = path::get(root, p) else {
            continue;
        };
        let v = match (v, item_fields.get(n)) {
            (Value::Array(items), Some(Some(fields))) => {
                Value::Array(items.iter().map(|item| only_fields(item, fields)).collect())
            }
            (v, _) => v.clone(),
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
                map.insert((*k).to_owned(), v);
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
        // Pruning drops a stated section whose read fields are all missing: CEL then names the
        // section, and the missing fact is the first read field under it.
        let root = json!({"monitoring_centre": {"area_m2": 30}});
        let reads = vec![
            Path::parse("monitoring_centre.distribution_box").unwrap(),
            Path::parse("monitoring_centre.spare_circuits").unwrap(),
        ];
        assert_eq!(
            missing_key_pointer("", &root, &reads, &root, "monitoring_centre"),
            "/monitoring_centre/distribution_box"
        );
    }

    #[test]
    fn pruned_keeps_only_the_item_fields_a_macro_reads() {
        let root = json!({"technical": {"cameras": [{"id": "C1", "quantity": 2, "bitrate_mbps": 4}, {"id": "C2"}, 7]}});
        let reads = vec![Path::parse("technical.cameras").unwrap()];
        let fields = vec![Some(vec!["bitrate_mbps".to_owned(), "quantity".to_owned()])];
        assert_eq!(
            pruned(&root, &reads, &fields),
            json!({"technical": {"cameras": [{"quantity": 2, "bitrate_mbps": 4}, {}, 7]}})
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
            pruned(&root, &reads, &[]),
            json!({"site": {"entrances": [{"id": "E1"}]}, "network": {"face_data": {"collected": true}}})
        );
    }
}
