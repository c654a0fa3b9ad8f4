//! What an overlay may say about its base — the verdict policy it inherits and may only make
//! stricter, `tighten`, `remove` and `adopt` — read from its files and applied to the base's
//! rules and parameters, refusing anything that weakens a mandatory clause or legal duty.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::Compiler;
use crate::diagnostic::did_you_mean;
use crate::ingest::{self, Document};
use crate::standard::condition::{Condition, Op, Operand};
use crate::standard::provenance::{Provenance, Source as SourceDoc};
use crate::standard::raw::RawPolicy;
use crate::standard::{Check, Clause, Obligation, Parameter, Rule, Tightening, VerdictPolicy};

/// A parameter an overlay tightens.
struct ParamChange<'d> {
    /// The parameter's name.
    name: String,
    /// Its new default value.
    value: Option<Value>,
    /// New values per protection level.
    by_level: Option<BTreeMap<String, Value>>,
    /// The overlay document that sets the new figure.
    clause: Option<Clause>,
    /// The new figure is unconfirmed.
    verify: bool,
    /// Where the change is written.
    doc: &'d Document,
    /// Its pointer there.
    ptr: String,
}

/// A base rule an overlay adopts as binding: (rule id, the adopting clause, doc, pointer).
type Adoption<'d> = (String, Clause, &'d Document, String);

/// What an overlay says about the base, gathered before compiling.
#[derive(Default)]
pub(super) struct Overlay<'d> {
    /// Parameters to tighten.
    params: Vec<ParamChange<'d>>,
    /// (rule id, new obligation, doc, pointer).
    obligations: Vec<(String, String, &'d Document, String)>,
    /// (rule id, doc, pointer).
    removals: Vec<(String, &'d Document, String)>,
    /// A replaced rule: (id, base doc, base pointer, overlay doc, overlay pointer).
    pub(super) replaced: Vec<(String, &'d Document, String, &'d Document, String)>,
    /// Advisory and local rules adopted as binding.
    adoptions: Vec<Adoption<'d>>,
}

impl Compiler {
    /// The verdict policy of each layer, base first: a layer without one inherits the one below;
    /// keys a layer leaves out are inherited too; an overlay may make it stricter, never looser
    /// (a problem naming both places). Mandatory clauses and legal duties always fail.
    pub(super) fn layered_policy(&mut self, standard_docs: &[&Document]) -> VerdictPolicy {
        let mut policy = VerdictPolicy::default();
        let mut defined_at: Option<String> = None;
        for (li, doc) in standard_docs.iter().enumerate() {
            let Some(p) = doc.value.get("verdict_policy") else {
                continue;
            };
            let Some(raw) = self.deserialize::<RawPolicy>(doc, "/verdict_policy", p) else {
                continue;
            };
            let mut list = |v: &Option<Vec<String>>, key: &str, inherited: &[Obligation]| match v {
                None => inherited.to_vec(),
                Some(items) => items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, s)| {
                        let o = Obligation::from_id(s);
                        if o.is_none() {
                            self.problems.push(
                                doc.problem_at(
                                    &format!("/verdict_policy/{key}/{i}"),
                                    format!("`{s}` is not an obligation"),
                                )
                                .hint("use mandatory, legal, shall, should or may"),
                            );
                        }
                        o
                    })
                    .collect(),
            };
            let next = VerdictPolicy {
                fail: list(&raw.fail, "fail", &policy.fail),
                incomplete: list(&raw.incomplete, "incomplete", &policy.incomplete),
                conditional: list(&raw.conditional, "conditional", &policy.conditional),
                conditional_on_waiver_conditions: raw
                    .conditional_on_waiver_conditions
                    .unwrap_or(policy.conditional_on_waiver_conditions),
            };
            for o in [Obligation::Mandatory, Obligation::Legal] {
                if !next.fail.contains(&o) {
                    self.problems.push(
                        doc.problem_at("/verdict_policy", format!("a failed `{o}` rule must make the verdict 不通过 fail"))
                            .hint("keep mandatory and legal in `verdict_policy.fail`: mandatory clauses and legal duties are never conditional"),
                    );
                }
            }
            let here = doc.pointers.locate("/verdict_policy").map_or_else(
                || doc.source.name.clone(),
                |l| format!("{}:{}:{}", doc.source.name, l.line, l.column),
            );
            if li > 0
                && let Some(why) = next.looser_than(&policy)
            {
                let base = defined_at.as_deref().map_or_else(
                    || "the base uses the default policy".to_owned(),
                    |at| format!("the base defines it at {at}"),
                );
                self.problems.push(
                    doc.problem_at("/verdict_policy", format!("the overlay's verdict policy is looser than its base's: {why}; {base}"))
                        .hint("an overlay inherits its base's verdict policy and may only make it stricter; leave `verdict_policy` out to inherit it"),
                );
            }
            policy = next;
            defined_at = Some(here);
        }
        policy
    }

    /// Reads an overlay file's `tighten` and `remove` sections.
    pub(super) fn overlay_sections<'d>(
        &mut self,
        obj: &Map<String, Value>,
        doc: &'d Document,
        overlay: &mut Overlay<'d>,
    ) {
        if let Some(t) = obj.get("tighten") {
            let Some(t) = t.as_object() else {
                self.problems.push(doc.problem_at(
                    "/tighten",
                    "`tighten` is a mapping with `parameters` and `obligations`",
                ));
                return;
            };
            for key in t.keys() {
                if key != "parameters" && key != "obligations" {
                    self.problems.push(
                        doc.problem_at_key(
                            &format!("/tighten/{key}"),
                            format!("unknown key `{key}` in `tighten`"),
                        )
                        .hint("tighten holds `parameters` and `obligations`"),
                    );
                }
            }
            if let Some(Value::Object(params)) = t.get("parameters") {
                for (name, v) in params {
                    let ptr = format!("/tighten/parameters/{}", ingest::escape_pointer_token(name));
                    let Some(o) = v.as_object() else {
                        self.problems
                            .push(doc.problem_at(&ptr, "expected `{ value: …, by_level: … }`"));
                        continue;
                    };
                    const KEYS: &[&str] = &["value", "by_level", "source", "clause", "verify"];
                    if let Some(k) = o.keys().find(|k| !KEYS.contains(&k.as_str())) {
                        self.problems.push(
                            doc.problem_at_key(
                                &format!("{ptr}/{k}"),
                                format!("`{k}` cannot be changed by an overlay"),
                            )
                            .hint("an overlay may change a parameter's `value` and `by_level`, naming the `source` and `clause` that set the new figure"),
                        );
                        continue;
                    }
                    let by_level = o.get("by_level").and_then(|b| {
                        self.deserialize::<BTreeMap<String, Value>>(
                            doc,
                            &format!("{ptr}/by_level"),
                            b,
                        )
                    });
                    let clause = self.cited_clause(o, doc, &ptr);
                    overlay.params.push(ParamChange {
                        name: name.clone(),
                        value: o.get("value").cloned(),
                        by_level,
                        clause,
                        verify: o.get("verify").and_then(Value::as_bool).unwrap_or(false),
                        doc,
                        ptr,
                    });
                }
            }
            if let Some(Value::Object(obls)) = t.get("obligations") {
                for (id, v) in obls {
                    let ptr = format!("/tighten/obligations/{}", ingest::escape_pointer_token(id));
                    match v.as_str() {
                        Some(o) if Obligation::from_id(o).is_some() => {
                            overlay
                                .obligations
                                .push((id.clone(), o.to_owned(), doc, ptr))
                        }
                        _ => self.problems.push(
                            doc.problem_at(&ptr, format!("`{v}` is not an obligation"))
                                .hint("use mandatory, legal, shall, should or may"),
                        ),
                    }
                }
            }
        }
        if let Some(r) = obj.get("remove") {
            match r.as_array() {
                Some(ids) => {
                    for (i, id) in ids.iter().enumerate() {
                        match id.as_str() {
                            Some(id) => {
                                overlay
                                    .removals
                                    .push((id.to_owned(), doc, format!("/remove/{i}")))
                            }
                            None => self.problems.push(
                                doc.problem_at(&format!("/remove/{i}"), "expected a rule id"),
                            ),
                        }
                    }
                }
                None => self
                    .problems
                    .push(doc.problem_at("/remove", "`remove` is a list of rule ids")),
            }
        }
        if let Some(a) = obj.get("adopt") {
            let Some(map) = a.as_object() else {
                self.problems.push(
                    doc.problem_at(
                        "/adopt",
                        "`adopt` maps rule ids to the document that adopts them",
                    )
                    .hint("e.g. `adopt: { VID-015: { source: MY_DOC, clause: \"3.2\" } }`"),
                );
                return;
            };
            for (id, v) in map {
                let ptr = format!("/adopt/{}", ingest::escape_pointer_token(id));
                let Some(o) = v.as_object() else {
                    self.problems.push(
                        doc.problem_at(&ptr, "expected `{ source: KEY, clause: \"…\" }`")
                            .hint("name the overlay's own document that makes the rule binding"),
                    );
                    continue;
                };
                if let Some(k) = o.keys().find(|k| *k != "source" && *k != "clause") {
                    self.problems.push(
                        doc.problem_at_key(
                            &format!("{ptr}/{k}"),
                            format!("unknown key `{k}` in `adopt`"),
                        )
                        .hint("an adoption names `source` and `clause`"),
                    );
                    continue;
                }
                if let Some(clause) = self.cited_clause(o, doc, &ptr) {
                    overlay.adoptions.push((id.clone(), clause, doc, ptr));
                }
            }
        }
    }

    /// Reports a source key the standard does not define.
    pub(super) fn known_source(
        &mut self,
        key: &str,
        sources: &BTreeMap<String, SourceDoc>,
        doc: &Document,
        ptr: &str,
    ) {
        if !sources.contains_key(key) {
            let hint = did_you_mean(key, sources.keys().map(String::as_str)).map_or_else(
                || "define it under `sources` in the overlay's standard.yaml".to_owned(),
                |b| format!("did you mean `{b}`?"),
            );
            self.problems.push(
                doc.problem_at(ptr, format!("unknown source `{key}`"))
                    .hint(hint),
            );
        }
    }

    /// The `source` and `clause` an overlay entry cites for its change (both required).
    pub(super) fn cited_clause(
        &mut self,
        o: &Map<String, Value>,
        doc: &Document,
        ptr: &str,
    ) -> Option<Clause> {
        match (
            o.get("source").and_then(Value::as_str),
            o.get("clause").and_then(Value::as_str),
        ) {
            (Some(source), Some(clause)) => Some(Clause {
                source: source.to_owned(),
                clause: clause.to_owned(),
                row: None,
                also: Vec::new(),
            }),
            _ => {
                self.problems.push(
                    doc.problem_at(ptr, "the overlay does not say which document sets this")
                        .hint("add `source: KEY` (a source of the overlay) and `clause: \"…\"`: every figure and every binding rule is traceable to a document"),
                );
                None
            }
        }
    }

    /// Applies an overlay's changes, refusing anything that weakens or drops a mandatory clause
    /// or legal duty; each refusal names the overlay's place and the base's.
    pub(super) fn apply_overlay(
        &mut self,
        overlay: &Overlay<'_>,
        rules: &mut Vec<Rule>,
        parameters: &mut [Parameter],
        param_index: &BTreeMap<String, usize>,
        sources: &BTreeMap<String, SourceDoc>,
    ) {
        for (id, clause, doc, ptr) in &overlay.adoptions {
            self.known_source(&clause.source, sources, doc, &format!("{ptr}/source"));
            let Some(rule) = rules.iter_mut().find(|r| &r.id == id) else {
                self.problems.push(
                    doc.problem_at_key(ptr, format!("no rule {id} to adopt"))
                        .hint("`anfang rules --standard BASE` lists the base's rules"),
                );
                continue;
            };
            if rule.provenance == Provenance::National {
                self.problems.push(
                    doc.problem_at_key(ptr, format!("{id} is a national rule: it binds already"))
                        .hint("adopt advisory and local rules; a national rule needs no adoption"),
                );
                continue;
            }
            rule.applies.regions = None;
            rule.verify = sources
                .get(&clause.source)
                .is_some_and(|s| s.verified == Some(false));
            rule.adopted = Some(clause.clone());
        }
        let binding = |o: Obligation| matches!(o, Obligation::Mandatory | Obligation::Legal);
        let rank = |o: Obligation| match o {
            Obligation::May => 0,
            Obligation::Should => 1,
            Obligation::Shall => 2,
            Obligation::Mandatory | Obligation::Legal => 3,
        };
        let base_at = |doc: &Document, ptr: &str| {
            doc.pointers.locate(ptr).map_or_else(
                || doc.source.name.clone(),
                |l| format!("{}:{}:{}", doc.source.name, l.line, l.column),
            )
        };
        for (id, base_doc, base_ptr, doc, ptr) in &overlay.replaced {
            let base_obl = base_doc
                .value
                .pointer(&format!("{base_ptr}/obligation"))
                .and_then(Value::as_str)
                .and_then(Obligation::from_id);
            let Some(base_obl) = base_obl.filter(|o| binding(*o)) else {
                continue;
            };
            let new_obl = doc
                .value
                .pointer(&format!("{ptr}/obligation"))
                .and_then(Value::as_str)
                .and_then(Obligation::from_id);
            let same = |k: &str| {
                base_doc.value.pointer(&format!("{base_ptr}/{k}"))
                    == doc.value.pointer(&format!("{ptr}/{k}"))
            };
            let what = if new_obl.is_none_or(|o| rank(o) < rank(base_obl)) {
                Some(format!(
                    "lowers the obligation of {id} ({})",
                    base_obl.label(crate::i18n::Lang::En)
                ))
            } else if !same("check") {
                Some(format!(
                    "replaces the check of {id}, a {}",
                    base_obl.label(crate::i18n::Lang::En)
                ))
            } else if !same("applies") {
                Some(format!(
                    "changes when {id} applies, a {}",
                    base_obl.label(crate::i18n::Lang::En)
                ))
            } else {
                None
            };
            if let Some(what) = what {
                self.problems.push(doc.problem_at(ptr, format!("the overlay {what}; the base defines it at {}", base_at(base_doc, base_ptr))).hint("an overlay may replace a mandatory clause's or legal duty's text, never weaken it"));
            }
        }
        for (id, obl, doc, ptr) in &overlay.obligations {
            let Some(rule) = rules.iter_mut().find(|r| &r.id == id) else {
                self.problems.push(
                    doc.problem_at_key(ptr, format!("no rule {id} to raise"))
                        .hint("`anfang rules --standard BASE` lists the base's rules"),
                );
                continue;
            };
            let Some(new) = Obligation::from_id(obl) else {
                continue;
            };
            if rank(new) < rank(rule.obligation) {
                let at = rule.location.map_or_else(
                    || rule.file.clone(),
                    |l| format!("{}:{}:{}", rule.file, l.line, l.column),
                );
                self.problems.push(
                    doc.problem_at(
                        ptr,
                        format!(
                            "lowers {id} from {} to {}; the base defines it at {at}",
                            rule.obligation, new
                        ),
                    )
                    .hint("an overlay may only raise obligations"),
                );
                continue;
            }
            rule.obligation = new;
        }
        for (id, doc, ptr) in &overlay.removals {
            match rules.iter().position(|r| &r.id == id) {
                None => self
                    .problems
                    .push(doc.problem_at(ptr, format!("no rule {id} to remove"))),
                Some(i) => {
                    let Some(rule) = rules.get(i) else { continue };
                    if binding(rule.obligation) {
                        let at = rule.location.map_or_else(
                            || rule.file.clone(),
                            |l| format!("{}:{}:{}", rule.file, l.line, l.column),
                        );
                        self.problems.push(doc.problem_at(ptr, format!("drops {id}, a {}; the base defines it at {at}", rule.obligation.label(crate::i18n::Lang::En))).hint("mandatory clauses and legal duties cannot be removed by an overlay"));
                    } else {
                        rules.remove(i);
                    }
                }
            }
        }
        for change in &overlay.params {
            let (name, doc, ptr) = (&change.name, change.doc, &change.ptr);
            let Some(&i) = param_index.get(name) else {
                let hint = did_you_mean(name, param_index.keys().map(String::as_str)).map_or_else(
                    || "tighten names a parameter of the base".to_owned(),
                    |b| format!("did you mean `{b}`?"),
                );
                self.problems.push(
                    doc.problem_at_key(ptr, format!("unknown parameter `{name}`"))
                        .hint(hint),
                );
                continue;
            };
            let Some(old) = parameters.get(i).cloned() else {
                continue;
            };
            let mut new = old.clone();
            if let Some(v) = &change.value {
                new.value = v.clone();
            }
            if let Some(b) = &change.by_level {
                new.by_level.extend(b.clone());
            }
            if let Some(clause) = &change.clause {
                self.known_source(&clause.source, sources, doc, &format!("{ptr}/source"));
                let (base_value, base_by_level) = match &old.tightening {
                    Some(t) => (t.base_value.clone(), t.base_by_level.clone()),
                    None => (old.value.clone(), old.by_level.clone()),
                };
                new.tightening = Some(Tightening {
                    clause: clause.clone(),
                    base_value,
                    base_by_level,
                    verify: change.verify
                        || sources
                            .get(&clause.source)
                            .is_some_and(|s| s.verified == Some(false)),
                });
            }
            let mut weakened = None;
            for rule in rules.iter().filter(|r| binding(r.obligation)) {
                for (op, _) in bound_ops(&rule.check, i) {
                    for level in [None, Some("level3"), Some("level2"), Some("level1")] {
                        let (Some(a), Some(b)) =
                            (old.value_for(level).as_f64(), new.value_for(level).as_f64())
                        else {
                            continue;
                        };
                        let looser = match op {
                            Op::Min | Op::Gt => b < a,
                            Op::Max | Op::Lt => b > a,
                            _ => (a - b).abs() > f64::EPSILON,
                        };
                        if looser && weakened.is_none() {
                            weakened = Some(format!(
                                "{} of {} ({}) {} {a} to {b}",
                                level.unwrap_or("default value"),
                                rule.id,
                                rule.obligation.label(crate::i18n::Lang::En),
                                if b < a { "lowers" } else { "raises" }
                            ));
                        }
                    }
                }
            }
            if let Some(w) = weakened {
                let at = old.location.map_or_else(
                    || old.file.clone(),
                    |l| format!("{}:{}:{}", old.file, l.line, l.column),
                );
                self.problems.push(doc.problem_at(ptr, format!("loosens `{name}`: the {w}; the base defines it at {at}")).hint("an overlay may tighten a parameter a mandatory clause or legal duty uses, never loosen it"));
                continue;
            }
            if let Some(p) = parameters.get_mut(i) {
                *p = new;
            }
            // Examples of base rules were written for the base's values; a rule the overlay
            // restates brings its own examples.
            for rule in rules.iter_mut().filter(|r| {
                r.params.contains(&i) && !overlay.replaced.iter().any(|(id, ..)| id == &r.id)
            }) {
                rule.tightened = true;
            }
        }
    }
}

/// The operators with which a check bounds parameter `i`.
fn bound_ops(check: &Check, i: usize) -> Vec<(Op, Operand)> {
    let conds: Vec<&Condition> = match check {
        Check::Value { cond, .. } | Check::Count { cond, .. } | Check::Ratio { cond, .. } => {
            vec![cond]
        }
        _ => Vec::new(),
    };
    conds
        .into_iter()
        .flat_map(|c| c.tests.iter())
        .filter(|(_, o)| *o == Operand::Param(i))
        .cloned()
        .collect()
}
