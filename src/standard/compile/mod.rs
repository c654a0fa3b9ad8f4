//! raw → validated → compiled. Every problem in every file is collected before giving up.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::condition::{Condition, Filter, Op, Operand, check_against_leaf};
use super::path::{self, Path, Segment};
use super::provenance::{self, Provenance, Source as SourceDoc, SourceKind};
use super::raw::{RULE_KEYS, RawApplies, RawParameter, RawRule, RawSource, RawStandard};
use super::{
    Applies, Category, Check, Clause, CompiledStandard, Docs, Link, Obligation, Parameter,
    Quantity, Rule, SUBSYSTEMS, embedded,
};
use crate::diagnostic::{Problem, did_you_mean};
use crate::i18n::Text;
use crate::ingest::{self, Document, Format, Source, sha256_hex};

mod overlay;
use overlay::Overlay;

/// One folder of a (possibly layered) standard: its display root and its files as
/// (path relative to the folder, contents).
#[derive(Debug, Clone)]
pub struct Layer {
    /// Prefix of file names in messages (`standards/cn-baseline`).
    pub root: String,
    /// The files.
    pub files: Vec<(String, String)>,
    /// The folder on disk, when it came from one (relative `extends` resolve against it).
    pub dir: Option<std::path::PathBuf>,
}

fn builtin_layer(id: &str) -> Result<Layer, Vec<Problem>> {
    let files = embedded::standard_files(id);
    if files.is_empty() {
        return Err(vec![Problem::file(id, "is not a built-in standard").hint(
            format!(
                "built-in standards: {}; or give a folder with --standard DIR",
                embedded::standard_ids().join(", ")
            ),
        )]);
    }
    Ok(Layer {
        root: format!("standards/{id}"),
        files,
        dir: None,
    })
}

fn dir_layer(dir: &std::path::Path) -> Result<Layer, Vec<Problem>> {
    let name = dir.display().to_string();
    if !dir.join("standard.yaml").is_file() {
        return Err(vec![Problem::file(&name, "is not a standard folder (no standard.yaml)").hint(
            "--standard takes a folder holding standard.yaml and rules/*.yaml, or editions/*/ (see standards/README.md)",
        )]);
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut paths = vec![dir.join("standard.yaml"), dir.join("example-base.yaml")];
    if let Ok(entries) = std::fs::read_dir(dir.join("rules")) {
        let mut rules: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        rules.sort();
        paths.extend(rules);
    }
    for p in paths {
        if !p.exists() {
            continue;
        }
        match Source::read(&p, ingest::MAX_SUBMISSION_BYTES) {
            Ok(src) => {
                let rel = p
                    .strip_prefix(dir)
                    .map_or_else(|_| p.display().to_string(), |r| r.display().to_string());
                files.push((rel, src.text));
            }
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Layer {
        root: name,
        files,
        dir: Some(dir.to_path_buf()),
    })
}

/// The `extends` of a layer's standard.yaml, with the problem to report if it cannot be found.
fn extends_of(layer: &Layer) -> Option<(String, Problem)> {
    let (_, text) = layer.files.iter().find(|(rel, _)| rel == "standard.yaml")?;
    let doc = ingest::parse(
        Source::from_text(format!("{}/standard.yaml", layer.root), text.clone()),
        Format::Yaml,
    )
    .ok()?;
    let ext = doc.value.get("extends")?.as_str()?.to_owned();
    let problem = doc.problem_at(
        "/extends",
        format!("the base standard `{ext}` cannot be found"),
    );
    Some((ext, problem))
}

/// The layers from the bottom base to `top`, following `extends`.
fn chain(top: Layer) -> Result<Vec<Layer>, Vec<Problem>> {
    let mut layers = vec![top];
    for _ in 0..8 {
        let Some(last) = layers.last() else { break };
        let Some((ext, problem)) = extends_of(last) else {
            layers.reverse();
            return Ok(layers);
        };
        let local = last
            .dir
            .as_ref()
            .map(|d| d.join(&ext))
            .filter(|d| d.is_dir());
        let next = match local {
            Some(d) => dir_layer(&d)?,
            None if !embedded::standard_files(&ext).is_empty() => builtin_layer(&ext)?,
            None => {
                return Err(vec![problem.hint(format!(
                    "give a built-in standard ({}) or a folder relative to this one",
                    embedded::standard_ids().join(", ")
                ))]);
            }
        };
        if layers.iter().any(|l| l.root == next.root) {
            return Err(vec![
                Problem::file(&next.root, "is extended in a cycle")
                    .hint("an overlay cannot extend itself, directly or through another"),
            ]);
        }
        layers.push(next);
    }
    Err(vec![
        Problem::file(
            layers.first().map_or("", |l| l.root.as_str()),
            "extends more than 8 standards deep",
        )
        .hint("check the `extends` chain"),
    ])
}

/// The layers of a built-in standard, base first.
pub fn builtin_chain(id: &str) -> Result<Vec<Layer>, Vec<Problem>> {
    chain(builtin_layer(id)?)
}

/// The layers of a standard folder on disk, base first.
pub fn dir_chain(dir: &std::path::Path) -> Result<Vec<Layer>, Vec<Problem>> {
    chain(dir_layer(dir)?)
}

/// Loads the built-in standard with this id (and the standards it extends): its stored compiled
/// form when it is current (`super::precompiled`), else compiled from its YAML. `id` may be an
/// edition's (`cn-baseline/editions/2025`).
pub fn load_builtin(id: &str) -> Result<CompiledStandard, Vec<Problem>> {
    let layers = builtin_chain(id)?;
    match super::precompiled::load(id, &layers) {
        Ok(standard) => Ok(standard),
        Err(_) => load_layers(layers, "built-in"),
    }
}

/// Compiles the built-in standard with this id from its YAML, never from its stored form (what
/// the stored forms are made from and tested against).
pub fn compile_builtin(id: &str) -> Result<CompiledStandard, Vec<Problem>> {
    load_layers(builtin_chain(id)?, "built-in")
}

/// The SHA-256 a standard made of these layers carries: over each file's path and digest, layer
/// by layer, the files sorted by path.
pub fn digest_of(layers: &[Layer]) -> String {
    let mut digest_input = String::new();
    for (li, layer) in layers.iter().enumerate() {
        let mut files: Vec<&(String, String)> = layer.files.iter().collect();
        files.sort();
        for (rel, text) in files {
            digest_input.push_str(&format!("{li}:{rel}\0{}\n", sha256_hex(text.as_bytes())));
        }
    }
    sha256_hex(digest_input.as_bytes())
}

/// Loads a standard folder from disk (and the standards it extends).
pub fn load_dir(dir: &std::path::Path) -> Result<CompiledStandard, Vec<Problem>> {
    let name = dir.display().to_string();
    load_layers(chain(dir_layer(dir)?)?, &name)
}

/// Loads a single-layer standard from (relative path, text) pairs; `root` prefixes file names
/// in messages.
pub fn load_files(
    root: &str,
    origin: &str,
    files: Vec<(String, String)>,
) -> Result<CompiledStandard, Vec<Problem>> {
    load_layers(
        vec![Layer {
            root: root.to_owned(),
            files,
            dir: None,
        }],
        origin,
    )
}

/// Loads a standard made of layers, the base first: each later layer is an overlay.
pub fn load_layers(layers: Vec<Layer>, origin: &str) -> Result<CompiledStandard, Vec<Problem>> {
    let mut c = Compiler {
        problems: Vec::new(),
        schema: crate::model::schema::submission_schema_ref(),
        n_params: 0,
        id_sets: Vec::new(),
    };
    let sha256 = digest_of(&layers);
    // (layer, relative path, document)
    let mut docs: Vec<(usize, String, Document)> = Vec::new();
    for (li, layer) in layers.iter().enumerate() {
        let mut sorted = layer.files.clone();
        sorted.sort();
        for (rel, text) in sorted {
            let name = format!("{}/{rel}", layer.root);
            match ingest::parse(Source::from_text(name, text), Format::Yaml) {
                Ok(doc) => docs.push((li, rel, doc)),
                Err(p) => c.problems.push(p),
            }
        }
    }
    let top = layers.len().saturating_sub(1);
    let root = layers.last().map_or("", |l| l.root.as_str()).to_owned();
    let Some((_, _, std_doc)) = docs
        .iter()
        .find(|(li, rel, _)| *li == top && rel == "standard.yaml")
    else {
        c.problems.push(
            Problem::file(&root, "has no standard.yaml")
                .hint("see standards/README.md for the layout"),
        );
        return Err(c.problems);
    };
    let raw: Option<RawStandard> = c.deserialize(std_doc, "", &std_doc.value);
    let example_base = docs
        .iter()
        .rev()
        .find(|(_, rel, _)| rel == "example-base.yaml")
        .map(|(_, _, d)| d.value.clone());
    if example_base.is_none() {
        c.problems.push(Problem::file(&root, "has no example-base.yaml").hint(
            "add a minimal valid submission; every rule example is merged onto it (see standards/README.md)",
        ));
    }
    let mut overlay = Overlay::default();

    // Gather sources, parameters, rules, not-encoded rows and overlay sections from every file,
    // the base's first. A file's own standard.yaml is read like a rule file for these sections.
    let mut sources: BTreeMap<String, SourceDoc> = BTreeMap::new();
    let mut raw_params: Vec<(String, RawParameter, &Document, String)> = Vec::new();
    let mut raw_rules: Vec<(RawRule, &Document, String, usize)> = Vec::new();
    let mut not_encoded: BTreeMap<String, Text> = BTreeMap::new();
    const SECTIONS: &[&str] = &[
        "sources",
        "parameters",
        "rules",
        "not_encoded",
        "tighten",
        "remove",
        "adopt",
    ];
    for (li, rel, doc) in &docs {
        let is_standard = rel == "standard.yaml";
        if !(is_standard || rel.starts_with("rules/")) {
            continue;
        }
        let Some(obj) = doc.value.as_object() else {
            continue;
        };
        if !is_standard {
            for key in obj.keys() {
                if !SECTIONS.contains(&key.as_str()) {
                    let hint = did_you_mean(key, SECTIONS.iter().copied()).map_or_else(
                        || "a rule file holds sources, parameters, rules, not_encoded, tighten, remove and adopt".to_owned(),
                        |b| format!("did you mean `{b}`?"),
                    );
                    c.problems.push(
                        doc.problem_at_key(&format!("/{key}"), format!("unknown section `{key}`"))
                            .hint(hint),
                    );
                }
            }
        }
        if let Some(s) = obj.get("sources")
            && let Some(map) = c.deserialize::<BTreeMap<String, RawSource>>(doc, "/sources", s)
        {
            for (k, v) in map {
                let ptr = format!("/sources/{}", ingest::escape_pointer_token(&k));
                for (i, r) in v.region.iter().enumerate() {
                    if !provenance::valid_region(r) {
                        c.problems.push(
                            doc.problem_at(
                                &format!("{ptr}/region/{i}"),
                                format!("`{r}` is not a region code prefix"),
                            )
                            .hint("write 2, 4 or 6 digits of the 行政区划 code, e.g. \"53\" (Yunnan) or \"5329\" (Dali)"),
                        );
                    }
                }
                let source = SourceDoc {
                    title: Text::new(v.zh, v.en),
                    kind: v.kind,
                    region: v.region,
                    verified: v.verified,
                };
                if sources.insert(k.clone(), source).is_some() && *li == 0 {
                    c.problems.push(
                        doc.problem_at_key(&ptr, format!("source `{k}` is defined twice"))
                            .hint(
                                "source keys are shared by the whole standard; reuse the existing key",
                            ),
                    );
                }
            }
        }
        if let Some(Value::Object(params)) = obj.get("parameters") {
            for (name, v) in params {
                let ptr = format!("/parameters/{}", ingest::escape_pointer_token(name));
                if let Some(p) = c.deserialize::<RawParameter>(doc, &ptr, v) {
                    raw_params.push((name.clone(), p, doc, ptr));
                }
            }
        }
        if let Some(n) = obj.get("not_encoded")
            && let Some(map) = c.deserialize::<BTreeMap<String, Text>>(doc, "/not_encoded", n)
        {
            not_encoded.extend(map);
        }
        for key in ["tighten", "remove", "adopt"] {
            if obj.contains_key(key) && *li == 0 {
                c.problems.push(
                    doc.problem_at_key(&format!("/{key}"), format!("`{key}` is for overlays"))
                        .hint("add `extends: BASE` to standard.yaml, or edit the rules directly"),
                );
            }
        }
        if *li > 0 {
            c.overlay_sections(obj, doc, &mut overlay);
        }
        match obj.get("rules") {
            Some(Value::Array(rules)) => {
                for (i, r) in rules.iter().enumerate() {
                    let ptr = format!("/rules/{i}");
                    if let Some(rule) = c.deserialize::<RawRule>(doc, &ptr, r) {
                        raw_rules.push((rule, doc, ptr, *li));
                    }
                }
            }
            Some(_) => c.problems.push(
                doc.problem_at("/rules", "`rules` must be a list")
                    .hint("write one `- id: …` entry per rule"),
            ),
            None => {}
        }
    }

    // Parameters.
    let mut parameters: Vec<Parameter> = Vec::new();
    let mut seen_params: BTreeMap<String, String> = BTreeMap::new();
    raw_params.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, p, doc, ptr) in raw_params {
        if let Some(first) = seen_params.get(&name) {
            c.problems.push(
                doc.problem_at_key(
                    &ptr,
                    format!("parameter `{name}` is already defined in {first}"),
                )
                .hint("parameter names are unique across the standard; an overlay changes a base parameter with `tighten.parameters`"),
            );
            continue;
        }
        seen_params.insert(name.clone(), doc.source.name.clone());
        for level in p.by_level.keys() {
            if !["level3", "level2", "level1"].contains(&level.as_str()) {
                c.problems.push(
                    doc.problem_at_key(
                        &format!("{ptr}/by_level/{level}"),
                        format!("`{level}` is not a protection level"),
                    )
                    .hint("use level3 (三级), level2 (二级) or level1 (一级)"),
                );
            }
        }
        c.check_text(doc, &format!("{ptr}/title"), &p.title);
        let Some(provenance) = c.provenance(&p.provenance, doc, &format!("{ptr}/provenance"))
        else {
            continue;
        };
        parameters.push(Parameter {
            name,
            title: p.title,
            unit: p.unit,
            value: p.value,
            by_level: p.by_level,
            rows: p.rows,
            verify: p.verify,
            provenance,
            near_miss: p.near_miss,
            file: doc.source.name.clone(),
            location: doc.pointers.locate(&ptr),
            tightening: None,
        });
    }
    let param_index: BTreeMap<String, usize> = parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.clone(), i))
        .collect();

    c.n_params = parameters.len();
    // Rules. A rule of an overlay with a base rule's id replaces it.
    let mut chosen: BTreeMap<String, (RawRule, &Document, String, usize)> = BTreeMap::new();
    let mut seen_ids: BTreeMap<(String, usize), String> = BTreeMap::new();
    for (raw_rule, doc, ptr, li) in raw_rules {
        let at = doc
            .pointers
            .locate(&ptr)
            .map(|l| format!("{}:{}:{}", doc.source.name, l.line, l.column))
            .unwrap_or_else(|| doc.source.name.clone());
        if let Some(first) = seen_ids.get(&(raw_rule.id.clone(), li)) {
            c.problems.push(
                doc.problem_at(
                    &format!("{ptr}/id"),
                    format!("rule id `{}` is already used at {first}", raw_rule.id),
                )
                .hint("rule ids are never reused: pick the next free number"),
            );
            continue;
        }
        seen_ids.insert((raw_rule.id.clone(), li), at);
        if let Some((_, base_doc, base_ptr, base_li)) = chosen.get(&raw_rule.id)
            && *base_li < li
        {
            overlay.replaced.push((
                raw_rule.id.clone(),
                *base_doc,
                base_ptr.clone(),
                doc,
                ptr.clone(),
            ));
        }
        chosen.insert(raw_rule.id.clone(), (raw_rule, doc, ptr, li));
    }
    let mut rules = Vec::new();
    for (_, (raw_rule, doc, ptr, _)) in chosen {
        if let Some(rule) = c.rule(raw_rule, doc, &ptr, &param_index, &sources) {
            rules.push(rule);
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));

    let standard_docs: Vec<&Document> = (0..=top)
        .filter_map(|li| {
            docs.iter()
                .find(|(l, rel, _)| *l == li && rel == "standard.yaml")
                .map(|(_, _, d)| d)
        })
        .collect();
    let policy = c.layered_policy(&standard_docs);
    if let Some(raw) = &raw {
        if !raw
            .id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            || raw.id.is_empty()
        {
            c.problems.push(
                std_doc
                    .problem_at("/id", format!("`{}` is not a standard id", raw.id))
                    .hint("use lowercase letters, digits and '-', e.g. cn-baseline"),
            );
        }
        if crate::date::Date::parse(&raw.effective).is_none() {
            c.problems.push(
                std_doc
                    .problem_at("/effective", format!("`{}` is not a date", raw.effective))
                    .hint("write YYYY-MM-DD"),
            );
        }
    }
    c.apply_overlay(
        &overlay,
        &mut rules,
        &mut parameters,
        &param_index,
        &sources,
    );
    if !c.problems.is_empty() {
        c.problems
            .sort_by(|a, b| (&a.file, a.location).cmp(&(&b.file, b.location)));
        return Err(c.problems);
    }
    let (Some(raw), Some(example_base)) = (raw, example_base) else {
        return Err(c.problems);
    };
    Ok(CompiledStandard {
        id: raw.id,
        edition: raw.edition,
        title: raw.title,
        issuer: raw.issuer,
        effective: raw.effective,
        sources,
        policy,
        parameters,
        rules,
        not_encoded,
        example_base,
        sha256,
        origin: origin.to_owned(),
        root,
        id_sets: c.id_sets,
    })
}

struct Compiler {
    problems: Vec<Problem>,
    schema: &'static Value,
    /// Number of parameters: `ids_of` operands are numbered after them.
    n_params: usize,
    /// The paths of each `ids_of` operand.
    id_sets: Vec<Vec<Path>>,
}

impl Compiler {
    /// Deserializes one value, reporting the first error at its place.
    fn deserialize<T: DeserializeOwned>(
        &mut self,
        doc: &Document,
        base: &str,
        value: &Value,
    ) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let pointer = ingest::serde_path_to_pointer(base, &e.path().to_string());
                let message = e.into_inner().to_string();
                let mut problem = if let Some(field) = message
                    .strip_prefix("unknown field `")
                    .and_then(|m| m.split('`').next())
                {
                    let key_ptr = if pointer.ends_with(&format!("/{field}")) {
                        pointer.clone()
                    } else {
                        format!("{pointer}/{field}")
                    };
                    let p = doc.problem_at_key(&key_ptr, format!("unknown field `{field}`"));
                    let expected: Vec<&str> = message.split('`').skip(3).step_by(2).collect();
                    let candidates: Vec<&str> = if expected.is_empty() {
                        RULE_KEYS.to_vec()
                    } else {
                        expected
                    };
                    match did_you_mean(field, candidates.iter().copied()) {
                        Some(b) => p.hint(format!("did you mean `{b}`?")),
                        None => p.hint(format!("allowed here: {}", candidates.join(", "))),
                    }
                } else if let Some(field) = message
                    .strip_prefix("missing field `")
                    .and_then(|m| m.split('`').next())
                {
                    doc.problem_at(&pointer, format!("missing `{field}`"))
                        .hint(missing_hint(field))
                } else {
                    doc.problem_at(&pointer, message)
                };
                if problem.hint.is_none() {
                    problem = problem.hint("see standards/README.md for the rule format");
                }
                self.problems.push(problem);
                None
            }
        }
    }

    fn check_text(&mut self, doc: &Document, ptr: &str, text: &Text) {
        if text.zh.trim().is_empty() {
            self.problems.push(
                doc.problem_at(ptr, "the Chinese text (zh) is empty")
                    .hint("every title, message, fix and doc is written in both languages"),
            );
        }
        if text.en.trim().is_empty() {
            self.problems.push(
                doc.problem_at(ptr, "the English text (en) is empty")
                    .hint("every title, message, fix and doc is written in both languages"),
            );
        }
    }

    fn rule(
        &mut self,
        r: RawRule,
        doc: &Document,
        ptr: &str,
        params: &BTreeMap<String, usize>,
        sources: &BTreeMap<String, SourceDoc>,
    ) -> Option<Rule> {
        let before = self.problems.len();
        if !valid_rule_id(&r.id) {
            self.problems.push(
                doc.problem_at(&format!("{ptr}/id"), format!("`{}` is not a rule id", r.id))
                    .hint(
                        "write an uppercase subsystem prefix, '-' and three digits, e.g. VID-004",
                    ),
            );
        }
        if r.name.is_empty()
            || !r
                .name
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        {
            self.problems.push(
                doc.problem_at(
                    &format!("{ptr}/name"),
                    format!("`{}` is not a kebab-case name", r.name),
                )
                .hint("e.g. entrance-without-face-capture"),
            );
        }
        for (key, text) in [
            ("title", &r.title),
            ("message", &r.message),
            ("fix", &r.fix),
        ] {
            self.check_text(doc, &format!("{ptr}/{key}"), text);
        }
        self.check_text(doc, &format!("{ptr}/docs/what"), &r.docs.what);
        self.check_text(doc, &format!("{ptr}/docs/why"), &r.docs.why);
        for (key, allowed, text) in [
            ("message", MESSAGE_PLACEHOLDERS, &r.message),
            ("fix", FIX_PLACEHOLDERS, &r.fix),
        ] {
            for (lang, text) in [("zh", &text.zh), ("en", &text.en)] {
                for placeholder in placeholders(text) {
                    if !allowed.contains(&placeholder.as_str()) {
                        let list: Vec<String> =
                            allowed.iter().map(|p| format!("{{{p}}}")).collect();
                        self.problems.push(
                            doc.problem_at(
                                &format!("{ptr}/{key}/{lang}"),
                                format!("unknown placeholder {{{placeholder}}}"),
                            )
                            .hint(format!("{key} texts may use {}", list.join(", "))),
                        );
                    }
                }
            }
        }
        if let Some(d) = &r.deviation {
            self.check_text(doc, &format!("{ptr}/deviation"), d);
        }
        if r.clauses.is_empty() {
            self.problems.push(
                doc.problem_at(
                    &format!("{ptr}/clauses"),
                    "a rule cites at least one clause",
                )
                .hint("add { source: KEY, clause: \"…\", row: XXX-00 }"),
            );
        }
        let mut clauses = Vec::new();
        for (i, cl) in r.clauses.iter().enumerate() {
            if !sources.contains_key(&cl.source) {
                let hint = did_you_mean(&cl.source, sources.keys().map(String::as_str))
                    .map_or_else(
                        || "define it under `sources` in standard.yaml or the rule file".to_owned(),
                        |b| format!("did you mean `{b}`?"),
                    );
                self.problems.push(
                    doc.problem_at(
                        &format!("{ptr}/clauses/{i}/source"),
                        format!("unknown source `{}`", cl.source),
                    )
                    .hint(hint),
                );
            }
            for (at, row) in cl
                .row
                .iter()
                .map(|r| (format!("{ptr}/clauses/{i}/row"), r))
                .chain(
                    cl.also
                        .iter()
                        .enumerate()
                        .map(|(k, r)| (format!("{ptr}/clauses/{i}/also/{k}"), r)),
                )
            {
                if !valid_row(row) {
                    self.problems.push(
                        doc.problem_at(&at, format!("`{row}` is not a catalogue row id"))
                            .hint("catalogue rows look like VID-04 (docs/catalogue.tsv)"),
                    );
                }
            }
            clauses.push(Clause {
                source: cl.source.clone(),
                clause: cl.clause.clone(),
                row: cl.row.clone(),
                also: cl.also.clone(),
            });
        }
        let provenance = self.provenance(&r.provenance, doc, &format!("{ptr}/provenance"));
        let region = self.rule_region(&r, provenance, &clauses, sources, doc, ptr);
        let obligation = Obligation::from_id(&r.obligation);
        if obligation.is_none() {
            self.problems.push(
                doc.problem_at(
                    &format!("{ptr}/obligation"),
                    format!("`{}` is not an obligation", r.obligation),
                )
                .hint("use mandatory, legal, shall, should or may"),
            );
        }
        let category = Category::from_id(&r.category);
        if category.is_none() {
            self.problems.push(
                doc.problem_at(
                    &format!("{ptr}/category"),
                    format!("`{}` is not a category", r.category),
                )
                .hint("use people (人防), physical (物防) or technical (技防)"),
            );
        }
        if !SUBSYSTEMS.iter().any(|(s, _, _)| *s == r.subsystem) {
            let hint = did_you_mean(&r.subsystem, SUBSYSTEMS.iter().map(|(s, _, _)| *s))
                .map_or_else(
                    || {
                        format!(
                            "use one of: {}",
                            SUBSYSTEMS
                                .iter()
                                .map(|(s, _, _)| *s)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                    |b| format!("did you mean `{b}`?"),
                );
            self.problems.push(
                doc.problem_at(
                    &format!("{ptr}/subsystem"),
                    format!("`{}` is not a subsystem", r.subsystem),
                )
                .hint(hint),
            );
        }
        let mut used = BTreeSet::new();
        let applies = self.applies(
            r.applies.as_ref(),
            doc,
            &format!("{ptr}/applies"),
            params,
            &mut used,
        );
        let check = self.check(&r.check, doc, &format!("{ptr}/check"), params, &mut used);
        if matches!(check, Some(Check::Expr { .. }))
            && (r.fix.zh.contains("{expected}") || r.fix.en.contains("{expected}"))
        {
            self.problems.push(
                doc.problem_at(
                    &format!("{ptr}/fix"),
                    "{expected} has no value for an `expr` check",
                )
                .hint("an expression states no figure; write the requirement in words"),
            );
        }
        let mut applies = applies;
        if let Some(a) = applies.as_mut()
            && provenance == Some(Provenance::Local)
        {
            a.regions = Some(region.clone());
        }
        let pass_examples = r.examples.pass.into_vec();
        let fail_examples = r.examples.fail.into_vec();
        if pass_examples.iter().all(|e| e.trim().is_empty())
            || fail_examples.iter().all(|e| e.trim().is_empty())
        {
            self.problems.push(
                doc.problem_at(
                    &format!("{ptr}/examples"),
                    "a rule needs a passing and a failing example",
                )
                .hint("examples are YAML fragments merged onto example-base.yaml"),
            );
        }
        if self.problems.len() > before {
            return None;
        }
        Some(Rule {
            id: r.id,
            name: r.name,
            title: r.title,
            clauses,
            obligation: obligation?,
            provenance: provenance?,
            verify: r.verify,
            deviation: r.deviation,
            adopted: None,
            category: category?,
            subsystem: r.subsystem,
            applies: applies?,
            check: check?,
            unit: r.unit,
            message: r.message,
            fix: r.fix,
            docs: Docs {
                what: r.docs.what,
                why: r.docs.why,
            },
            pass_examples,
            fail_examples,
            file: doc.source.name.clone(),
            location: doc.pointers.locate(ptr),
            params: used.into_iter().collect(),
            tightened: false,
        })
    }

    /// Parses a `provenance:` value.
    fn provenance(&mut self, id: &str, doc: &Document, ptr: &str) -> Option<Provenance> {
        let p = Provenance::from_id(id);
        if p.is_none() {
            let hint = did_you_mean(id, Provenance::ALL.iter().map(|(_, s)| *s)).map_or_else(
                || "use national (a national law, regulation or standard states it), local (a local document, with its region) or advisory (the rule-set's own choice, an unconfirmed figure or practice)".to_owned(),
                |b| format!("did you mean `{b}`?"),
            );
            self.problems.push(
                doc.problem_at(ptr, format!("`{id}` is not a provenance"))
                    .hint(hint),
            );
        }
        p
    }

    /// The region prefixes a local rule binds: its own `region`, else those of the local sources
    /// it cites. A local rule without one, or a region on another rule, is a problem.
    fn rule_region(
        &mut self,
        r: &RawRule,
        provenance: Option<Provenance>,
        clauses: &[Clause],
        sources: &BTreeMap<String, SourceDoc>,
        doc: &Document,
        ptr: &str,
    ) -> Vec<String> {
        for (i, code) in r.region.iter().enumerate() {
            if !provenance::valid_region(code) {
                self.problems.push(
                    doc.problem_at(
                        &format!("{ptr}/region/{i}"),
                        format!("`{code}` is not a region code prefix"),
                    )
                    .hint("write 2, 4 or 6 digits of the 行政区划 code, e.g. \"53\" (Yunnan)"),
                );
            }
        }
        if provenance != Some(Provenance::Local) {
            if !r.region.is_empty() {
                self.problems.push(
                    doc.problem_at_key(&format!("{ptr}/region"), "only a local rule has a region")
                        .hint("set `provenance: local`, or remove `region`"),
                );
            }
            return Vec::new();
        }
        let mut region = r.region.clone();
        if region.is_empty() {
            for c in clauses {
                if let Some(s) = sources.get(&c.source)
                    && s.kind == Some(SourceKind::Local)
                {
                    region.extend(s.region.iter().cloned());
                }
            }
        }
        region.sort();
        region.dedup();
        if region.is_empty() {
            self.problems.push(
                doc.problem_at(&format!("{ptr}/provenance"), format!("local rule {} has no region", r.id))
                    .hint("give `region: [\"53\"]` (行政区划 code prefixes), or cite a local source that has `region`; a local rule binds only projects in its region"),
            );
        }
        region
    }

    fn applies(
        &mut self,
        a: Option<&RawApplies>,
        doc: &Document,
        ptr: &str,
        params: &BTreeMap<String, usize>,
        used: &mut BTreeSet<usize>,
    ) -> Option<Applies> {
        let Some(a) = a else {
            return Some(Applies::default());
        };
        let before = self.problems.len();
        let mut list =
            |values: &Option<Vec<String>>, key: &str, field: &str| -> Option<Vec<String>> {
                let values = values.as_ref()?;
                let allowed = self.leaf_values(field);
                for (i, v) in values.iter().enumerate() {
                    if !allowed.contains(v) {
                        let hint = did_you_mean(v, allowed.iter().map(String::as_str)).map_or_else(
                            || format!("allowed: {}", allowed.join(", ")),
                            |b| format!("did you mean `{b}`?"),
                        );
                        self.problems.push(
                            doc.problem_at(
                                &format!("{ptr}/{key}/{i}"),
                                format!("`{v}` is not a value of {field}"),
                            )
                            .hint(hint),
                        );
                    }
                }
                Some(values.clone())
            };
        let kinds = list(&a.kind, "kind", "project.kind");
        let phases = list(&a.phase, "phase", "project.phase");
        let levels = list(&a.level, "level", "project.protection_level");
        let households = a
            .households
            .as_ref()
            .and_then(|v| self.condition(v, doc, &format!("{ptr}/households"), params, used, true));
        let when = a.when.as_ref().and_then(|w| {
            let root = self.schema;
            self.filter(w, doc, &format!("{ptr}/when"), root, params, used)
        });
        if self.problems.len() > before {
            return None;
        }
        Some(Applies {
            kinds,
            phases,
            levels,
            regions: None,
            households,
            when,
        })
    }

    fn leaf_values(&self, field: &str) -> Vec<String> {
        Path::parse(field)
            .ok()
            .and_then(|p| {
                path::resolve(self.schema, self.schema, &p)
                    .ok()
                    .map(|n| path::leaf(self.schema, n).values)
            })
            .unwrap_or_default()
    }

    /// Resolves a path against a schema node, reporting a located problem on failure.
    fn path_in(
        &mut self,
        text: &Value,
        doc: &Document,
        ptr: &str,
        start: &'static Value,
    ) -> Option<(Path, &'static Value)> {
        let Some(s) = text.as_str() else {
            self.problems
                .push(doc.problem_at(ptr, "expected a path such as `site.entrances[*]`"));
            return None;
        };
        let p = match Path::parse(s) {
            Ok(p) => p,
            Err(e) => {
                self.problems.push(
                    doc.problem_at(ptr, format!("`{s}` is not a path: {e}"))
                        .hint("write fields joined by '.', and [*] for every element of a list"),
                );
                return None;
            }
        };
        match path::resolve(self.schema, start, &p) {
            Ok(node) => Some((p, node)),
            Err(e) => {
                self.problems.push(
                    doc.problem_at(ptr, format!("unknown path `{s}`: {e}"))
                        .hint("paths must exist in the submission schema (`anfang schema`)"),
                );
                None
            }
        }
    }

    fn list_path(
        &mut self,
        text: &Value,
        doc: &Document,
        ptr: &str,
    ) -> Option<(Path, &'static Value)> {
        let root = self.schema;
        let (p, node) = self.path_in(text, doc, ptr, root)?;
        if p.segments.last() != Some(&Segment::Each) {
            self.problems.push(
                doc.problem_at(ptr, format!("`{p}` must name the elements of a list"))
                    .hint(format!("write `{p}[*]`")),
            );
            return None;
        }
        Some((p, node))
    }

    fn operand(
        &mut self,
        v: &Value,
        doc: &Document,
        ptr: &str,
        params: &BTreeMap<String, usize>,
        used: &mut BTreeSet<usize>,
    ) -> Option<Operand> {
        if let Some(obj) = v.as_object()
            && obj.len() == 1
            && let Some(paths) = obj.get("ids_of")
        {
            let list: Vec<&Value> = match paths {
                Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            let mut resolved = Vec::new();
            for (i, p) in list.into_iter().enumerate() {
                let at = if paths.is_array() {
                    format!("{ptr}/ids_of/{i}")
                } else {
                    format!("{ptr}/ids_of")
                };
                let (path, node) = self.list_path(p, doc, &at)?;
                if node.pointer("/properties/id").is_none()
                    && path::resolve(
                        self.schema,
                        node,
                        &Path {
                            segments: vec![Segment::Key("id".into())],
                        },
                    )
                    .is_err()
                {
                    self.problems.push(
                        doc.problem_at(&at, format!("the elements of `{path}` have no `id`"))
                            .hint("ids_of names a list of elements with ids"),
                    );
                    return None;
                }
                resolved.push(path);
            }
            self.id_sets.push(resolved);
            return Some(Operand::Param(self.n_params + self.id_sets.len() - 1));
        }
        if let Some(obj) = v.as_object()
            && let (1, Some(Value::String(name))) = (obj.len(), obj.get("param"))
        {
            return match params.get(name) {
                Some(i) => {
                    used.insert(*i);
                    Some(Operand::Param(*i))
                }
                None => {
                    let hint = did_you_mean(name, params.keys().map(String::as_str)).map_or_else(
                        || "define it under `parameters`".to_owned(),
                        |b| format!("did you mean `{b}`?"),
                    );
                    self.problems.push(
                        doc.problem_at(
                            &format!("{ptr}/param"),
                            format!("unknown parameter `{name}`"),
                        )
                        .hint(hint),
                    );
                    None
                }
            };
        }
        Some(Operand::Literal(v.clone()))
    }

    /// A condition from an operator map (`{min: 30}`), or — when `shorthand` — from a plain value
    /// (equality; a list means "one of").
    fn condition(
        &mut self,
        v: &Value,
        doc: &Document,
        ptr: &str,
        params: &BTreeMap<String, usize>,
        used: &mut BTreeSet<usize>,
        shorthand: bool,
    ) -> Option<Condition> {
        match v {
            Value::Object(obj) if !(obj.len() == 1 && obj.contains_key("param")) => {
                let mut tests = Vec::new();
                let before = self.problems.len();
                for (k, val) in obj {
                    match Op::from_name(k) {
                        Some(op) => {
                            if let Some(o) =
                                self.operand(val, doc, &format!("{ptr}/{k}"), params, used)
                            {
                                tests.push((op, o));
                            }
                        }
                        None => {
                            let hint = did_you_mean(k, Op::NAMES.iter().copied()).map_or_else(
                                || format!("operators: {}", Op::NAMES.join(", ")),
                                |b| format!("did you mean `{b}`?"),
                            );
                            self.problems.push(
                                doc.problem_at_key(
                                    &format!("{ptr}/{}", ingest::escape_pointer_token(k)),
                                    format!("unknown operator `{k}`"),
                                )
                                .hint(hint),
                            );
                        }
                    }
                }
                if tests.is_empty() && self.problems.len() == before {
                    self.problems.push(
                        doc.problem_at(ptr, "the condition tests nothing")
                            .hint(format!("use one of: {}", Op::NAMES.join(", "))),
                    );
                }
                (self.problems.len() == before).then_some(Condition { tests })
            }
            other if shorthand => {
                let op = if other.is_array() { Op::In } else { Op::Eq };
                let o = self.operand(other, doc, ptr, params, used)?;
                Some(Condition {
                    tests: vec![(op, o)],
                })
            }
            _ => {
                self.problems
                    .push(doc.problem_at(ptr, "expected a condition such as `{ min: 30 }`"));
                None
            }
        }
    }

    fn filter(
        &mut self,
        v: &Value,
        doc: &Document,
        ptr: &str,
        element: &'static Value,
        params: &BTreeMap<String, usize>,
        used: &mut BTreeSet<usize>,
    ) -> Option<Filter> {
        let Some(obj) = v.as_object() else {
            self.problems.push(
                doc.problem_at(ptr, "a filter is a mapping of field → condition")
                    .hint("e.g. `{ kind: vehicle, lanes: { min: 1 } }`"),
            );
            return None;
        };
        let before = self.problems.len();
        let mut f = Filter::default();
        for (k, val) in obj {
            let kptr = format!("{ptr}/{}", ingest::escape_pointer_token(k));
            match k.as_str() {
                "any" => match val.as_array() {
                    Some(items) => {
                        for (i, it) in items.iter().enumerate() {
                            if let Some(sub) =
                                self.filter(it, doc, &format!("{kptr}/{i}"), element, params, used)
                            {
                                f.any.push(sub);
                            }
                        }
                    }
                    None => self
                        .problems
                        .push(doc.problem_at(&kptr, "`any` takes a list of filters")),
                },
                "not" => {
                    if let Some(sub) = self.filter(val, doc, &kptr, element, params, used) {
                        f.not = Some(Box::new(sub));
                    }
                }
                _ => {
                    let Some((p, node)) =
                        self.path_in(&Value::String(k.clone()), doc, &kptr, element)
                    else {
                        continue;
                    };
                    if p.has_each() {
                        self.problems.push(doc.problem_at_key(&kptr, format!("`{k}`: filters test fields of one element; [*] is not allowed here")).hint("use a count or each_has check for lists of lists"));
                        continue;
                    }
                    if let Some(cond) = self.condition(val, doc, &kptr, params, used, true) {
                        let leaf = path::leaf(self.schema, node);
                        for e in check_against_leaf(&cond, &leaf, k) {
                            self.problems.push(
                                doc.problem_at(&kptr, e)
                                    .hint("see the field in `anfang schema`"),
                            );
                        }
                        f.clauses.push((p, cond));
                    }
                }
            }
        }
        (self.problems.len() == before).then_some(f)
    }

    fn check(
        &mut self,
        v: &Value,
        doc: &Document,
        ptr: &str,
        params: &BTreeMap<String, usize>,
        used: &mut BTreeSet<usize>,
    ) -> Option<Check> {
        let Some(obj) = v.as_object() else {
            self.problems
                .push(doc.problem_at(ptr, "`check` must be a mapping with a `kind`"));
            return None;
        };
        const KINDS: &[&str] = &["value", "count", "each_has", "ratio", "expr"];
        let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
        let allowed: &[&str] = match kind {
            "value" => &["kind", "for_each", "where", "field"],
            "count" => &["kind", "of", "where", "weight", "min", "max"],
            "each_has" => &[
                "kind",
                "for_each",
                "where",
                "related",
                "link",
                "via",
                "related_where",
                "min",
            ],
            "ratio" => &["kind", "numerator", "denominator", "min", "max", "gt", "lt"],
            "expr" => &["kind", "for_each", "where", "expr"],
            _ => {
                let hint = did_you_mean(kind, KINDS.iter().copied()).map_or_else(
                    || format!("check kinds: {}", KINDS.join(", ")),
                    |b| format!("did you mean `{b}`?"),
                );
                let msg = if kind.is_empty() {
                    "the check has no `kind`".to_owned()
                } else {
                    format!("unknown check kind `{kind}`")
                };
                self.problems
                    .push(doc.problem_at(&format!("{ptr}/kind"), msg).hint(hint));
                return None;
            }
        };
        let before = self.problems.len();
        for k in obj.keys() {
            if !(allowed.contains(&k.as_str()) || kind == "value" && Op::from_name(k).is_some()) {
                let hint = did_you_mean(k, allowed.iter().copied()).map_or_else(
                    || format!("a `{kind}` check takes: {}", allowed.join(", ")),
                    |b| format!("did you mean `{b}`?"),
                );
                self.problems.push(
                    doc.problem_at_key(
                        &format!("{ptr}/{k}"),
                        format!("unknown key `{k}` in a `{kind}` check"),
                    )
                    .hint(hint),
                );
            }
        }
        let root = self.schema;
        let subject = |c: &mut Compiler| -> Option<(Option<Path>, &'static Value)> {
            match obj.get("for_each") {
                Some(fe) => {
                    let (p, node) = c.list_path(fe, doc, &format!("{ptr}/for_each"))?;
                    Some((Some(p), node))
                }
                None => Some((None, root)),
            }
        };
        let check = match kind {
            "value" => {
                let (for_each, element) = subject(self)?;
                let filter = self.opt_filter(
                    obj.get("where"),
                    doc,
                    &format!("{ptr}/where"),
                    element,
                    params,
                    used,
                    for_each.is_some(),
                );
                let Some(fv) = obj.get("field") else {
                    self.problems.push(
                        doc.problem_at(ptr, "a `value` check needs `field`")
                            .hint("the field to test, relative to the subject"),
                    );
                    return None;
                };
                let (field, node) = self.path_in(fv, doc, &format!("{ptr}/field"), element)?;
                if field.has_each() {
                    self.problems.push(
                        doc.problem_at(
                            &format!("{ptr}/field"),
                            "`field` names one value; put the list in `for_each`",
                        )
                        .hint("e.g. for_each: technical.cameras[*], field: resolution_mp"),
                    );
                }
                let ops: Map<String, Value> = obj
                    .iter()
                    .filter(|(k, _)| Op::from_name(k).is_some())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if ops.is_empty() {
                    self.problems
                        .push(doc.problem_at(ptr, "the check tests nothing").hint(
                        "add a test such as `min: { param: … }`, `equals: true` or `contains: …`",
                    ));
                    return None;
                }
                let cond = self.condition(&Value::Object(ops), doc, ptr, params, used, false)?;
                let fname = fv.as_str().unwrap_or_default();
                for e in check_against_leaf(&cond, &path::leaf(self.schema, node), fname) {
                    self.problems.push(
                        doc.problem_at(ptr, e)
                            .hint("see the field in `anfang schema`"),
                    );
                }
                Check::Value {
                    for_each,
                    filter: filter?,
                    field,
                    cond,
                }
            }
            "count" => {
                let (of, element) = self.list_path(
                    obj.get("of").unwrap_or(&Value::Null),
                    doc,
                    &format!("{ptr}/of"),
                )?;
                let filter = self.opt_filter(
                    obj.get("where"),
                    doc,
                    &format!("{ptr}/where"),
                    element,
                    params,
                    used,
                    true,
                );
                let weight = self.weight(obj.get("weight"), doc, &format!("{ptr}/weight"), element);
                let cond = self.bounds(obj, doc, ptr, params, used)?;
                Check::Count {
                    of,
                    filter: filter?,
                    weight: weight?,
                    cond,
                }
            }
            "each_has" => {
                let (for_each, element) = self.list_path(
                    obj.get("for_each").unwrap_or(&Value::Null),
                    doc,
                    &format!("{ptr}/for_each"),
                )?;
                let filter = self.opt_filter(
                    obj.get("where"),
                    doc,
                    &format!("{ptr}/where"),
                    element,
                    params,
                    used,
                    true,
                );
                let (related, rel_node) = self.list_path(
                    obj.get("related").unwrap_or(&Value::Null),
                    doc,
                    &format!("{ptr}/related"),
                )?;
                let related_filter = self.opt_filter(
                    obj.get("related_where"),
                    doc,
                    &format!("{ptr}/related_where"),
                    rel_node,
                    params,
                    used,
                    true,
                );
                let link = match (obj.get("link"), obj.get("via")) {
                    (Some(l), None) => {
                        Link::By(self.path_in(l, doc, &format!("{ptr}/link"), rel_node)?.0)
                    }
                    (None, Some(v)) => {
                        Link::Via(self.path_in(v, doc, &format!("{ptr}/via"), element)?.0)
                    }
                    _ => {
                        self.problems.push(doc.problem_at(ptr, "an each_has check needs exactly one of `link` and `via`").hint("`link: covers` when the related element lists the subject's id; `via: linked_cameras` when the subject lists the related ids"));
                        return None;
                    }
                };
                let min = match obj.get("min") {
                    None => 1,
                    Some(m) => match m.as_u64() {
                        Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
                        None => {
                            self.problems.push(doc.problem_at(
                                &format!("{ptr}/min"),
                                "`min` is a whole number of related elements",
                            ));
                            return None;
                        }
                    },
                };
                Check::EachHas {
                    for_each,
                    filter: filter?,
                    related,
                    link,
                    related_filter: related_filter?,
                    min,
                }
            }
            "ratio" => {
                let numerator = self.quantity(
                    obj.get("numerator"),
                    doc,
                    &format!("{ptr}/numerator"),
                    params,
                    used,
                );
                let denominator = self.quantity(
                    obj.get("denominator"),
                    doc,
                    &format!("{ptr}/denominator"),
                    params,
                    used,
                );
                let cond = self.bounds(obj, doc, ptr, params, used)?;
                Check::Ratio {
                    numerator: numerator?,
                    denominator: denominator?,
                    cond,
                }
            }
            "expr" => {
                let (for_each, element) = subject(self)?;
                let filter = self.opt_filter(
                    obj.get("where"),
                    doc,
                    &format!("{ptr}/where"),
                    element,
                    params,
                    used,
                    for_each.is_some(),
                );
                let Some(source) = obj.get("expr").and_then(Value::as_str) else {
                    self.problems.push(
                        doc.problem_at(ptr, "an expr check needs `expr`, a CEL expression")
                            .hint("see standards/README.md"),
                    );
                    return None;
                };
                let program = match super::CelProgram::compile(source) {
                    Ok(p) => p,
                    Err(msg) => {
                        self.problems.push(doc.problem_at(&format!("{ptr}/expr"), format!("the CEL expression does not parse:\n{msg}")).hint("CEL syntax: https://cel.dev; paths are s.… (submission) and it.… (element)"));
                        return None;
                    }
                };
                let mut reads = Vec::new();
                let mut params_read = Vec::new();
                for (var, chain) in cel_paths(source) {
                    let start = if var == "it" {
                        element.clone()
                    } else {
                        root.clone()
                    };
                    if var == "p" {
                        match params.get(&chain) {
                            Some(i) => {
                                used.insert(*i);
                                params_read.push(*i);
                            }
                            None => self.problems.push(
                                doc.problem_at(
                                    &format!("{ptr}/expr"),
                                    format!("unknown parameter `p.{chain}`"),
                                )
                                .hint("define it under `parameters`"),
                            ),
                        }
                        continue;
                    }
                    if var == "it" && for_each.is_none() {
                        self.problems.push(
                            doc.problem_at(
                                &format!("{ptr}/expr"),
                                "`it` is only defined with `for_each`",
                            )
                            .hint("use `s.` for the submission"),
                        );
                        continue;
                    }
                    match Path::parse(&chain)
                        .and_then(|p| path::resolve(self.schema, &start, &p).map(|_| p))
                    {
                        Ok(p) => {
                            if var == "s" {
                                reads.push(p);
                            }
                        }
                        Err(e) => {
                            self.problems.push(
                                doc.problem_at(
                                    &format!("{ptr}/expr"),
                                    format!("`{var}.{chain}`: {e}"),
                                )
                                .hint("paths in expressions must exist in the submission schema"),
                            );
                        }
                    }
                }
                params_read.sort_unstable();
                params_read.dedup();
                let item_fields = reads
                    .iter()
                    .map(|p| macro_item_fields(source, &p.to_string()))
                    .collect();
                Check::Expr {
                    for_each,
                    filter: filter?,
                    program,
                    source: source.to_owned(),
                    reads,
                    item_fields,
                    it_fields: variable_fields(source, "it"),
                    params_read,
                }
            }
            _ => return None,
        };
        (self.problems.len() == before).then_some(check)
    }

    #[allow(clippy::too_many_arguments)]
    fn opt_filter(
        &mut self,
        v: Option<&Value>,
        doc: &Document,
        ptr: &str,
        element: &'static Value,
        params: &BTreeMap<String, usize>,
        used: &mut BTreeSet<usize>,
        allowed: bool,
    ) -> Option<Option<Filter>> {
        match v {
            None => Some(None),
            Some(_) if !allowed => {
                self.problems.push(
                    doc.problem_at(ptr, "`where` needs `for_each`")
                        .hint("to restrict when the rule applies, use `applies.when`"),
                );
                None
            }
            Some(v) => self.filter(v, doc, ptr, element, params, used).map(Some),
        }
    }

    fn weight(
        &mut self,
        v: Option<&Value>,
        doc: &Document,
        ptr: &str,
        element: &'static Value,
    ) -> Option<Option<Path>> {
        let Some(v) = v else { return Some(None) };
        let (p, node) = self.path_in(v, doc, ptr, element)?;
        if !path::leaf(self.schema, node).is_numeric() {
            self.problems.push(doc.problem_at(
                ptr,
                format!("`{p}` is not a number, so it cannot be a weight"),
            ));
            return None;
        }
        Some(Some(p))
    }

    fn bounds(
        &mut self,
        obj: &Map<String, Value>,
        doc: &Document,
        ptr: &str,
        params: &BTreeMap<String, usize>,
        used: &mut BTreeSet<usize>,
    ) -> Option<Condition> {
        let ops: Map<String, Value> = obj
            .iter()
            .filter(|(k, _)| matches!(k.as_str(), "min" | "max" | "gt" | "lt"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if ops.is_empty() {
            self.problems.push(
                doc.problem_at(ptr, "the check has no bound")
                    .hint("add `min:` and/or `max:`"),
            );
            return None;
        }
        self.condition(&Value::Object(ops), doc, ptr, params, used, false)
    }

    fn quantity(
        &mut self,
        v: Option<&Value>,
        doc: &Document,
        ptr: &str,
        params: &BTreeMap<String, usize>,
        used: &mut BTreeSet<usize>,
    ) -> Option<Quantity> {
        let Some(obj) = v.and_then(Value::as_object) else {
            self.problems.push(doc.problem_at(
                ptr,
                "a quantity is `{ field: PATH }` or `{ count: PATH[*], where: …, weight: … }`",
            ));
            return None;
        };
        if let Some(f) = obj.get("field") {
            let root = self.schema;
            let (p, node) = self.path_in(f, doc, &format!("{ptr}/field"), root)?;
            if p.has_each() || !path::leaf(self.schema, node).is_numeric() {
                self.problems.push(
                    doc.problem_at(
                        &format!("{ptr}/field"),
                        format!("`{p}` is not a single number"),
                    )
                    .hint("use `count:` to count elements of a list"),
                );
                return None;
            }
            return Some(Quantity::Field(p));
        }
        if let Some(c) = obj.get("count") {
            let (of, element) = self.list_path(c, doc, &format!("{ptr}/count"))?;
            let filter = self.opt_filter(
                obj.get("where"),
                doc,
                &format!("{ptr}/where"),
                element,
                params,
                used,
                true,
            )?;
            let weight = self.weight(obj.get("weight"), doc, &format!("{ptr}/weight"), element)?;
            return Some(Quantity::Count { of, filter, weight });
        }
        self.problems
            .push(doc.problem_at(ptr, "a quantity needs `field` or `count`"));
        None
    }
}

/// The placeholders a rule's message may use.
const MESSAGE_PLACEHOLDERS: &[&str] = &["observed", "expected", "subject", "margin", "missing"];
/// The placeholders a rule's fix may use: the figure it asks for is `{expected}`, so a tightened
/// parameter never contradicts the fix.
const FIX_PLACEHOLDERS: &[&str] = &["expected", "subject"];

fn missing_hint(field: &str) -> String {
    match field {
        "docs" => "every rule documents what it checks and why, in both languages".into(),
        "examples" => "every rule has a passing and a failing example".into(),
        "clauses" => "every rule cites the clause(s) it encodes".into(),
        "provenance" => "say who states the requirement and its figure: national, local (with its region) or advisory".into(),
        _ => format!("add `{field}:` (see standards/README.md)"),
    }
}

fn valid_rule_id(id: &str) -> bool {
    let Some((prefix, number)) = id.split_once('-') else {
        return false;
    };
    (2..=5).contains(&prefix.len())
        && prefix.chars().all(|c| c.is_ascii_uppercase())
        && number.len() == 3
        && number.chars().all(|c| c.is_ascii_digit())
}

fn valid_row(row: &str) -> bool {
    let Some((prefix, number)) = row.split_once('-') else {
        return false;
    };
    prefix.len() == 3
        && prefix.chars().all(|c| c.is_ascii_uppercase())
        && number.len() == 2
        && number.chars().all(|c| c.is_ascii_digit())
}

fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let after = rest.get(i + 1..).unwrap_or("");
        match after.find('}') {
            Some(j) => {
                out.push(after.get(..j).unwrap_or("").to_owned());
                rest = after.get(j + 1..).unwrap_or("");
            }
            None => break,
        }
    }
    out
}

/// The `s.…`, `it.…` and `p.…` field chains an expression reads (method calls end a chain).
fn cel_paths(source: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_string: Option<char> = None;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if let Some(q) = in_string {
            if c == q {
                in_string = None;
            }
            i += 1;
            continue;
        }
        if c == '\'' || c == '"' {
            in_string = Some(c);
            i += 1;
            continue;
        }
        let prev_ok = i == 0
            || chars
                .get(i - 1)
                .is_some_and(|p| !(p.is_alphanumeric() || *p == '_' || *p == '.'));
        if prev_ok {
            for var in ["it", "s", "p"] {
                let n = var.len();
                let word: String = chars.iter().skip(i).take(n).collect();
                if word == var && chars.get(i + n) == Some(&'.') {
                    let mut j = i + n + 1;
                    let mut segs: Vec<String> = Vec::new();
                    loop {
                        let start = j;
                        while chars
                            .get(j)
                            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                        {
                            j += 1;
                        }
                        let seg: String = chars
                            .get(start..j)
                            .map(|s| s.iter().collect())
                            .unwrap_or_default();
                        if seg.is_empty() || chars.get(j) == Some(&'(') {
                            break;
                        }
                        segs.push(seg);
                        if chars.get(j) == Some(&'.') {
                            j += 1;
                        } else {
                            break;
                        }
                    }
                    if !segs.is_empty() {
                        let chain = if var == "p" {
                            segs.first().cloned().unwrap_or_default()
                        } else {
                            segs.join(".")
                        };
                        out.push((var.to_owned(), chain));
                    }
                    i = j;
                    break;
                }
            }
        }
        i += 1;
    }
    out
}

/// The CEL macros that bind each item of a list to a variable.
const ITEM_MACROS: &[&str] = &["map", "exists", "exists_one", "all", "filter"];

/// The fields of the items of `s.{chain}` that `source` reads, when every use of that list is a
/// macro whose variable is only ever followed by `.field` (`s.technical.cameras.map(c,
/// c.bitrate_mbps * c.quantity)` → `bitrate_mbps`, `quantity`); `None` when an item may be read
/// whole (`size(s.technical.cameras)`, `s.technical.cameras[0]`, `.map(c, f(c))`).
fn macro_item_fields(source: &str, chain: &str) -> Option<Vec<String>> {
    let needle = format!("s.{chain}");
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut fields = Vec::new();
    let mut found = false;
    let mut from = 0;
    while let Some(at) = source.get(from..)?.find(&needle) {
        let start = from + at;
        from = start + needle.len();
        // A whole chain: not `xs.…` or `s.technical.cameras_x`.
        let before = source.get(..start)?.chars().next_back();
        if before.is_some_and(|c| ident(c) || c == '.') {
            continue;
        }
        let rest = source.get(from..)?;
        if rest.chars().next().is_some_and(ident) {
            continue;
        }
        found = true;
        // `.macro(var, body)`
        let call = rest.strip_prefix('.')?;
        let name_len = call.find('(')?;
        if !ITEM_MACROS.contains(&call.get(..name_len)?) {
            return None;
        }
        let args = call.get(name_len + 1..)?;
        let comma = args.find(',')?;
        let var = args.get(..comma)?.trim();
        if var.is_empty() || !var.chars().all(ident) {
            return None;
        }
        // The body, to the parenthesis that closes the call (strings skipped).
        let body_start = comma + 1;
        let (mut depth, mut quote, mut end) = (1usize, None::<char>, None);
        for (i, c) in args.get(body_start..)?.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '(') => depth += 1,
                (None, ')') => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(body_start + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        // String literals blanked: `'e.x'` is not a use of `e`.
        let body = blank_strings(args.get(body_start..end?)?);
        fields.extend(uses_of(&body, var)?);
    }
    fields.sort();
    fields.dedup();
    found.then_some(fields)
}

/// The fields read of `var` in `text` (string literals already blanked), when every use of
/// `var` is `var.field`; `None` when `var` is used whole (`f(var)`, `var['x']`, `var == …`).
fn uses_of(text: &str, var: &str) -> Option<Vec<String>> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut fields = Vec::new();
    let mut search = 0;
    while let Some(at) = text.get(search..)?.find(var) {
        let s = search + at;
        search = s + var.len();
        let prev = text.get(..s)?.chars().next_back();
        let next = text.get(search..)?;
        if prev.is_some_and(|c| ident(c) || c == '.') || next.chars().next().is_some_and(ident) {
            continue;
        }
        let field: String = next
            .strip_prefix('.')?
            .chars()
            .take_while(|c| ident(*c))
            .collect();
        if field.is_empty() {
            return None;
        }
        fields.push(field);
    }
    Some(fields)
}

/// `text` with the contents of its string literals blanked: `'it.x'` is not a use of `it`.
fn blank_strings(text: &str) -> String {
    let mut quote = None::<char>;
    text.chars()
        .map(|c| match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                ' '
            }
            None => {
                if c == '\'' || c == '"' {
                    quote = Some(c);
                }
                c
            }
        })
        .collect()
}

/// The fields of the variable `var` (`it`) an expression reads, when every use of it is
/// `var.field…` (string literals aside).
fn variable_fields(source: &str, var: &str) -> Option<Vec<String>> {
    let mut fields = uses_of(&blank_strings(source), var)?;
    fields.sort();
    fields.dedup();
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_fields_only_when_every_use_reads_a_field() {
        assert_eq!(
            variable_fields(
                "it.free_egress || it.break_glass_release && 'it' != ''",
                "it"
            ),
            Some(vec![
                "break_glass_release".to_owned(),
                "free_egress".to_owned()
            ])
        );
        assert_eq!(
            variable_fields("it.lanes.exists(l, l.kind == 'vehicle')", "it"),
            Some(vec!["lanes".to_owned()])
        );
        assert_eq!(variable_fields("size(it) > 0", "it"), None);
        assert_eq!(variable_fields("has(it.x) && it['y'] > 1", "it"), None);
    }

    #[test]
    fn macro_item_fields_only_when_every_use_is_a_macro_reading_fields() {
        let sizing = "double(s.technical.video_storage.capacity_tb) >= sum(s.technical.cameras.map(c, double(has(c.bitrate_mbps) ? c.bitrate_mbps : 4.0) * double(has(c.quantity) ? c.quantity : 1)))";
        assert_eq!(
            macro_item_fields(sizing, "technical.cameras"),
            Some(vec!["bitrate_mbps".to_owned(), "quantity".to_owned()])
        );
        assert_eq!(
            macro_item_fields(sizing, "technical.video_storage.capacity_tb"),
            None
        );
        for whole in [
            "size(s.technical.cameras) > 0 && s.technical.cameras.all(c, c.quantity > 0)",
            "s.technical.cameras[0].quantity > 1",
            "s.technical.cameras.all(c, f(c))",
            "s.technical.cameras.all(c, c['quantity'] > 1)",
        ] {
            assert_eq!(
                macro_item_fields(whole, "technical.cameras"),
                None,
                "{whole}"
            );
        }
        assert_eq!(
            macro_item_fields(
                "s.site.entrances.exists(e, e.kind == 'main' && 'e.x' != e.name)",
                "site.entrances"
            ),
            Some(vec!["kind".to_owned(), "name".to_owned()])
        );
    }

    #[test]
    fn cel_paths_stop_at_methods() {
        let p = cel_paths(
            "it.credentials.exists(c, c == 'face') && s.project.households > p.min_households && has(it.free_egress)",
        );
        assert_eq!(
            p,
            vec![
                ("it".to_owned(), "credentials".to_owned()),
                ("s".to_owned(), "project.households".to_owned()),
                ("p".to_owned(), "min_households".to_owned()),
                ("it".to_owned(), "free_egress".to_owned()),
            ]
        );
    }

    #[test]
    fn ids_and_rows() {
        assert!(valid_rule_id("VID-004"));
        assert!(!valid_rule_id("vid-004"));
        assert!(!valid_rule_id("VID-4"));
        assert!(valid_row("VID-04"));
        assert!(!valid_row("VID-004"));
    }
}
