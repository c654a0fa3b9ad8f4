//! `anfang standards lint`: what loading cannot check without the requirements catalogue —
//! every figure and obligation traceable to the row it encodes, sources described, parameters
//! and sources used.

use std::collections::BTreeSet;

use super::catalogue::{CATALOGUE_FILE, Catalogue, Row};
use super::provenance::{figures_of, obligations_for_strength, strength_unverified};
use super::{CompiledStandard, Obligation, Parameter, Provenance, Rule, SourceKind};
use crate::diagnostic::Problem;

/// Every lint problem of a standard, against the catalogue.
pub fn lint(standard: &CompiledStandard, catalogue: &Catalogue) -> Vec<Problem> {
    let mut problems = Vec::new();
    parameters(standard, catalogue, &mut problems);
    sources(standard, &mut problems);
    for rule in &standard.rules {
        rows(rule, catalogue, &mut problems);
        obligation(rule, catalogue, &mut problems);
        figures(standard, rule, catalogue, &mut problems);
        fix_figures(standard, rule, &mut problems);
        national_sources(standard, rule, &mut problems);
    }
    for row in standard.not_encoded.keys() {
        if catalogue.row(row).is_none() {
            problems.push(Problem::file(
                &standard.origin,
                format!("not_encoded lists {row}, which is not a catalogue row"),
            ));
        }
    }
    problems
}

fn at_rule(rule: &Rule, message: String) -> Problem {
    Problem::file(&rule.file, message).at(rule.location)
}

fn at_param(p: &Parameter, message: String) -> Problem {
    Problem::file(&p.file, message).at(p.location)
}

fn place_of(p: &Parameter) -> String {
    p.location.map_or_else(
        || p.file.clone(),
        |l| format!("{}:{}:{}", p.file, l.line, l.column),
    )
}

/// Parameters: used, traced to rows, and a national figure equal to the figure of its rows.
fn parameters(standard: &CompiledStandard, catalogue: &Catalogue, out: &mut Vec<Problem>) {
    let used: BTreeSet<usize> = standard
        .rules
        .iter()
        .flat_map(|r| r.params.iter().copied())
        .collect();
    for (i, p) in standard.parameters.iter().enumerate() {
        // Acceptance sampling and scoring read these directly (src/acceptance).
        let read_by_acceptance = crate::acceptance::sampling::PARAMETERS.contains(&p.name.as_str());
        // An overlay that replaces a base rule may leave a base parameter unused: only the
        // standard's own parameters must be used.
        let own = p.file.starts_with(&format!("{}/", standard.root));
        if own && !used.contains(&i) && !read_by_acceptance {
            out.push(
                at_param(p, format!("parameter `{}` is not used by any rule", p.name))
                    .hint("remove it, or use it in a rule's check"),
            );
        }
        if p.rows.is_empty() && p.provenance != Provenance::Local {
            out.push(
                at_param(p, format!("parameter `{}` names no catalogue row", p.name))
                    .hint("add `rows: [XXX-00]` so the figure can be traced to its source"),
            );
        }
        for row in &p.rows {
            if catalogue.row(row).is_none() {
                out.push(at_param(
                    p,
                    format!(
                        "parameter `{}` names catalogue row {row}, which does not exist",
                        p.name
                    ),
                ));
            }
        }
        if p.provenance == Provenance::National {
            national_figure(p, &p.rows, catalogue, out);
        }
        let unverified_row = p
            .rows
            .iter()
            .filter_map(|r| catalogue.row(r))
            .find(|r| strength_unverified(&r.strength));
        if let Some(row) = unverified_row
            && !p.verify
            && p.provenance != Provenance::Advisory
        {
            out.push(
                at_param(
                    p,
                    format!(
                        "parameter `{}` takes its figure from {}, which the catalogue marks ⚠ unverified",
                        p.name,
                        row.place()
                    ),
                )
                .hint("add `verify: true` so reports flag the figure ⚠ 待核实"),
            );
        }
    }
}

/// A national figure equals a figure of one of the rows it traces to; a problem names both
/// places otherwise.
fn national_figure(p: &Parameter, rows: &[String], catalogue: &Catalogue, out: &mut Vec<Problem>) {
    let rows: Vec<&Row> = rows.iter().filter_map(|r| catalogue.row(r)).collect();
    if rows.is_empty() {
        return;
    }
    let figures: Vec<f64> = rows.iter().flat_map(|r| figures_of(&r.threshold)).collect();
    // An overlay's tighter figure is the overlay's (local) requirement: the national figure is
    // the base's.
    let (value, by_level) = match &p.tightening {
        Some(t) => (&t.base_value, &t.base_by_level),
        None => (&p.value, &p.by_level),
    };
    let mut values = vec![(None, value)];
    values.extend(by_level.iter().map(|(l, v)| (Some(l.as_str()), v)));
    for (level, value) in values {
        let Some(x) = value.as_f64() else { continue };
        if !figures.iter().any(|f| (f - x).abs() < 1e-9) {
            let places: Vec<String> = rows.iter().map(|r| r.place()).collect();
            out.push(
                at_param(
                    p,
                    format!(
                        "national parameter `{}` is {x}{} but no national source states that figure: {} says otherwise",
                        p.name,
                        level.map(|l| format!(" at {l}")).unwrap_or_default(),
                        places.join(", ")
                    ),
                )
                .hint("use the catalogue's figure, or make the parameter `provenance: advisory` (the rule-set's own choice, reported as 建议 ⚠ 待核实)"),
            );
        }
    }
}

/// Sources: described (kind; a region for local ones) and cited.
fn sources(standard: &CompiledStandard, out: &mut Vec<Problem>) {
    let cited: BTreeSet<&str> = standard
        .rules
        .iter()
        .flat_map(|r| r.clauses.iter().chain(r.adopted.iter()))
        .map(|c| c.source.as_str())
        .chain(
            standard
                .parameters
                .iter()
                .filter_map(|p| p.tightening.as_ref())
                .map(|t| t.clause.source.as_str()),
        )
        .collect();
    for (key, source) in &standard.sources {
        if !cited.contains(key.as_str()) {
            out.push(
                Problem::file(
                    &standard.origin,
                    format!("source `{key}` is not cited by any rule"),
                )
                .hint("remove it or cite it"),
            );
        }
        match source.kind {
            None => out.push(
                Problem::file(&standard.origin, format!("source `{key}` has no `kind`"))
                    .hint("say what it is: law, regulation, national, industry, local or practice (the review opinion orders its basis by it)"),
            ),
            Some(SourceKind::Local) if source.region.is_empty() && source.verified != Some(false) => out.push(
                Problem::file(
                    &standard.origin,
                    format!("local source `{key}` has no `region`"),
                )
                .hint("give the 行政区划 code prefixes it binds, e.g. region: [\"53\"], or `verified: false` when the locality is not known (its rules can then only be advisory)"),
            ),
            _ => {}
        }
    }
}

/// Rows cited exist; every rule but a local one traces to a row.
fn rows(rule: &Rule, catalogue: &Catalogue, out: &mut Vec<Problem>) {
    for c in &rule.clauses {
        for row in c.rows() {
            if catalogue.row(row).is_none() {
                out.push(
                    at_rule(
                        rule,
                        format!(
                            "{} cites catalogue row {row}, which does not exist",
                            rule.id
                        ),
                    )
                    .hint(format!("see {CATALOGUE_FILE} for the rows")),
                );
            }
        }
    }
    let local = rule.subsystem == "local" || rule.provenance == Provenance::Local;
    if !local && rule.clauses.iter().all(|c| c.row.is_none()) {
        out.push(
            at_rule(rule, format!("{} cites no catalogue row", rule.id))
                .hint("add `row:` to a clause"),
        );
    }
}

/// The row a rule encodes first: its obligation follows that row's strength.
fn primary_row<'c>(rule: &Rule, catalogue: &'c Catalogue) -> Option<&'c Row> {
    rule.clauses
        .iter()
        .find_map(|c| c.row.as_deref())
        .and_then(|r| catalogue.row(r))
}

/// The obligation matches the strength of the rule's primary row (M → mandatory, M* → shall,
/// L → legal, R → should, P → should), or the rule says why not.
fn obligation(rule: &Rule, catalogue: &Catalogue, out: &mut Vec<Problem>) {
    let Some(row) = primary_row(rule, catalogue) else {
        return;
    };
    let allowed = obligations_for_strength(&row.strength);
    if allowed.is_empty() || allowed.contains(&rule.obligation) || rule.deviation.is_some() {
        return;
    }
    let names: Vec<&str> = allowed.iter().map(|o| o.id()).collect();
    out.push(
        at_rule(
            rule,
            format!(
                "{} is `{}` but the row it encodes, {}, has strength {} ({})",
                rule.id,
                rule.obligation,
                row.place(),
                row.strength,
                names.join(" or ")
            ),
        )
        .hint("make the obligation match the row (M → mandatory, M* → shall, L → legal, R or P → should), or write why it differs in `deviation: { zh: …, en: … }`"),
    );
}

/// A national rule's bounds are national parameters with the figure of a row it cites; a row the
/// catalogue marks ⚠ is flagged on the rule or its parameters.
fn figures(
    standard: &CompiledStandard,
    rule: &Rule,
    catalogue: &Catalogue,
    out: &mut Vec<Problem>,
) {
    let rule_rows: Vec<String> = rule
        .clauses
        .iter()
        .flat_map(|c| c.rows().map(str::to_owned))
        .collect();
    let bound: Vec<&Parameter> = rule
        .check
        .bound_params()
        .filter_map(|i| standard.parameters.get(i))
        .collect();
    if rule.provenance == Provenance::National {
        for p in &bound {
            if p.provenance != Provenance::National {
                out.push(
                    at_rule(
                        rule,
                        format!(
                            "national rule {} is bounded by `{}`, a {} figure ({})",
                            rule.id,
                            p.name,
                            p.provenance,
                            place_of(p)
                        ),
                    )
                    .hint("a national rule's figure is stated by a national source: make the rule advisory, or the parameter national with the catalogue's figure"),
                );
            } else if p.rows.is_empty() {
                national_figure(p, &rule_rows, catalogue, out);
            }
        }
    }
    let unverified = primary_row(rule, catalogue).filter(|r| strength_unverified(&r.strength));
    let flagged =
        rule.verify || rule.provenance == Provenance::Advisory || bound.iter().any(|p| p.verify);
    if let Some(row) = unverified
        && !flagged
        && rule.adopted.is_none()
    {
        out.push(
            at_rule(
                rule,
                format!(
                    "{} encodes {}, which the catalogue marks ⚠ unverified, but nothing flags it",
                    rule.id,
                    row.place()
                ),
            )
            .hint("add `verify: true` to the rule (or its parameter) so reports mark it ⚠ 待核实"),
        );
    }
}

/// A fix never writes a bound's figure: it says `{expected}`, so a tightened parameter never
/// contradicts its own fix.
fn fix_figures(standard: &CompiledStandard, rule: &Rule, out: &mut Vec<Problem>) {
    let mut figures: Vec<(String, f64)> = Vec::new();
    for i in rule.check.bound_params() {
        let Some(p) = standard.parameters.get(i) else {
            continue;
        };
        for v in std::iter::once(&p.value).chain(p.by_level.values()) {
            if let Some(x) = v.as_f64() {
                figures.push((p.name.clone(), x));
                if x > 0.0 && x < 1.0 {
                    figures.push((p.name.clone(), x * 100.0));
                }
            }
        }
    }
    for (lang, text) in [("zh", &rule.fix.zh), ("en", &rule.fix.en)] {
        let numbers = numbers_in(text);
        if let Some((name, x)) = figures
            .iter()
            .find(|(_, x)| numbers.iter().any(|n| (n - x).abs() < 1e-9))
        {
            out.push(
                at_rule(
                    rule,
                    format!(
                        "the fix of {} ({lang}) writes {} — the figure of parameter `{name}`",
                        rule.id,
                        crate::standard::condition::show(&serde_json::json!(x), crate::i18n::Lang::En)
                    ),
                )
                .hint("write {expected} instead: an overlay that tightens the parameter would otherwise contradict the fix"),
            );
        }
    }
}

/// The numbers written in a text: runs of digits (with a decimal point) that are not part of a
/// longer token such as `GB 55029`'s `55029`… (which is a number too, but no bound is 55029).
fn numbers_in(text: &str) -> Vec<f64> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars.get(i).is_some_and(char::is_ascii_digit)
            && (i == 0
                || chars.get(i - 1).is_some_and(|c| {
                    !(c.is_ascii_alphanumeric() || *c == '.' || *c == '-' || *c == '/')
                }));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        while chars.get(i).is_some_and(|c| {
            c.is_ascii_digit() || *c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        }) {
            i += 1;
        }
        // A clause number (3.5.2, 14.9.4) or a standard's year (-2022) is not a figure.
        let clause =
            chars.get(i) == Some(&'.') || chars.get(i).is_some_and(|c| *c == '-' || *c == '(');
        let text: String = chars
            .get(start..i)
            .map(|s| s.iter().collect())
            .unwrap_or_default();
        if !clause
            && text.matches('.').count() <= 1
            && let Ok(x) = text.parse::<f64>()
        {
            out.push(x);
        }
    }
    out
}

/// A national rule cites a national document (law, regulation, national or industry standard);
/// a local one a local document.
fn national_sources(standard: &CompiledStandard, rule: &Rule, out: &mut Vec<Problem>) {
    let kinds: Vec<Option<SourceKind>> = rule
        .clauses
        .iter()
        .map(|c| standard.sources.get(&c.source).and_then(|s| s.kind))
        .collect();
    let national = |k: &Option<SourceKind>| {
        matches!(
            k,
            Some(
                SourceKind::Law
                    | SourceKind::Regulation
                    | SourceKind::National
                    | SourceKind::Industry
            )
        )
    };
    if rule.provenance == Provenance::National && !kinds.iter().any(national) {
        out.push(
            at_rule(
                rule,
                format!(
                    "{} is national but cites no law, regulation or national standard",
                    rule.id
                ),
            )
            .hint("cite the national clause, or make the rule local (with its region) or advisory"),
        );
    }
    let firm = rule
        .clauses
        .iter()
        .any(|c| standard.sources.get(&c.source).is_some_and(|s| s.citable()));
    if rule.provenance != Provenance::Advisory && !firm {
        out.push(
            at_rule(
                rule,
                format!(
                    "{} is {} but cites only unverified sources or practice",
                    rule.id, rule.provenance
                ),
            )
            .hint("a rule no verified document states is `provenance: advisory` (建议, ⚠ 待核实) until an authority adopts it"),
        );
    }
    if rule.obligation == Obligation::Legal
        && !kinds
            .iter()
            .any(|k| matches!(k, Some(SourceKind::Law | SourceKind::Regulation)))
    {
        out.push(
            at_rule(
                rule,
                format!("{} is a legal duty but cites no law or regulation", rule.id),
            )
            .hint("cite the article, or use the obligation of the standard it comes from"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_texts_skip_clause_numbers_and_standard_names() {
        assert_eq!(numbers_in("使录像保存不少于 30 天"), vec![30.0]);
        assert_eq!(
            numbers_in("按 GB 55029-2022 第 3.5.2 条"),
            Vec::<f64>::new()
        );
        assert_eq!(numbers_in("at least 1.5 times"), vec![1.5]);
        assert_eq!(numbers_in("15–20 m"), vec![15.0, 20.0]);
        assert_eq!(numbers_in("GB/T 28181"), vec![28181.0]);
    }
}
