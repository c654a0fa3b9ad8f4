//! The labels of the submission's fields and enumeration values, read from the generated JSON
//! Schema (each field's and value's description ends `English (中文).`), so documents can name a
//! field or value the way a reviewer would: 报警防区（technical.alarm_zones）, 二级防范.
//!
//! Built once from [`super::submission_schema_ref`]; a field is keyed by its dotted path without
//! list indices (`technical.cameras.resolution_mp`), so a JSON pointer
//! (`/technical/cameras/3/resolution_mp`) and a rule path (`technical.cameras[*].resolution_mp`)
//! find the same label.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde_json::Value;

use crate::i18n::{Lang, Text};

/// Field and value labels of the submission schema.
#[derive(Debug, Default)]
pub struct Labels {
    fields: HashMap<String, Text>,
    /// (field key, value id) → label.
    values: HashMap<(String, String), Text>,
    /// value id → label, for ids whose label is the same wherever they occur.
    any_value: HashMap<String, Text>,
    /// value id → the first label seen, for ids of several enumerations.
    ambiguous: HashMap<String, Text>,
    /// The field keys of `values` as a tree of field names, with each field's ids: the alias
    /// walk follows it and skips every part of a submission that holds no enumeration.
    enums: EnumTree,
}

/// The labels of the built-in submission schema.
pub fn labels() -> &'static Labels {
    static LABELS: OnceLock<Labels> = OnceLock::new();
    LABELS.get_or_init(|| Labels::from_schema(super::submission_schema_ref()))
}

/// The enumeration fields below a field (or the root), by field name.
/// Small sorted maps and sets, searched by bisection: a walk asks one per key and per value.
#[derive(Debug, Default)]
struct EnumTree {
    /// Sorted by name.
    children: Vec<(String, EnumTree)>,
    /// The ids of this field's enumeration, sorted, if it is one.
    ids: Option<Vec<String>>,
}

impl EnumTree {
    fn insert(&mut self, key: &str, id: &str) {
        let mut node = self;
        for name in key.split('.') {
            let at = match node
                .children
                .binary_search_by(|(n, _)| n.as_str().cmp(name))
            {
                Ok(at) => at,
                Err(at) => {
                    node.children
                        .insert(at, (name.to_owned(), EnumTree::default()));
                    at
                }
            };
            node = &mut node.children[at].1;
        }
        let ids = node.ids.get_or_insert_default();
        if let Err(at) = ids.binary_search_by(|i| i.as_str().cmp(id)) {
            ids.insert(at, id.to_owned());
        }
    }

    fn child(&self, name: &str) -> Option<&EnumTree> {
        let at = self
            .children
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()?;
        self.children.get(at).map(|(_, node)| node)
    }

    /// Whether `id` is one of this enumeration's ids.
    fn has_id(ids: &[String], id: &str) -> bool {
        ids.binary_search_by(|i| i.as_str().cmp(id)).is_ok()
    }

    /// The node of the field written `key` below this one: each name of `key` as
    /// [`field_key`] reads it (split at `/` and `.`, cut at `[`, indices dropped). `None` when
    /// no enumeration field is below it.
    fn step(&self, key: &str) -> Option<&EnumTree> {
        field_names(key).try_fold(self, |node, name| node.child(name))
    }
}

/// `technical.cameras.resolution_mp` from `/technical/cameras/3/resolution_mp`,
/// `technical.cameras[*].resolution_mp` or `technical.cameras[3].resolution_mp`.
pub fn field_key(path: &str) -> String {
    let mut key = String::new();
    push_field_key(&mut key, path);
    key
}

/// Appends what `field_key` makes of `part` (a path, or one segment of it) to `key`.
fn push_field_key(key: &mut String, part: &str) {
    for name in field_names(part) {
        if !key.is_empty() {
            key.push('.');
        }
        key.push_str(name);
    }
}

/// The field names in `part` (a path, or one key of it): split at `/` and `.`, each cut at
/// `[`, list indices and empty pieces dropped. The one rule of [`field_key`] and the alias walk.
fn field_names(part: &str) -> impl Iterator<Item = &str> {
    part.split(['/', '.'])
        .map(|s| s.split('[').next().unwrap_or(s))
        .filter(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
}

/// `English (中文).` → the two labels; `cjk`: the part in parentheses must be Chinese (for fields:
/// "Uninterruptible power supply (UPS)." has no Chinese label).
fn split_description(description: &str, cjk: bool) -> Option<Text> {
    let d = description.trim();
    let open = d.find(['(', '（'])?;
    let rest = &d[open..];
    let inner_start = rest.char_indices().nth(1).map(|(i, _)| open + i)?;
    let close = d[inner_start..]
        .find([')', '）'])
        .map(|i| inner_start + i)?;
    let zh = d[inner_start..close].trim();
    if zh.is_empty() || (cjk && !zh.chars().any(is_cjk)) {
        return None;
    }
    let en = d[..open].trim().trim_end_matches(',').trim();
    Some(Text::new(zh, en))
}

/// A CJK ideograph (the documents' allow-list and labels test for these).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

impl Labels {
    fn from_schema(schema: &Value) -> Labels {
        let mut labels = Labels::default();
        labels.walk(schema, schema, "", 0);
        let mut enums = EnumTree::default();
        let mut keys: Vec<&(String, String)> = labels.values.keys().collect();
        keys.sort();
        for (key, id) in keys {
            enums.insert(key, id);
        }
        labels.enums = enums;
        labels
    }

    fn deref<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
        let mut node = node;
        for _ in 0..8 {
            match node.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                    Some(target) => node = target,
                    None => break,
                },
                None => break,
            }
        }
        node
    }

    fn walk(&mut self, root: &Value, node: &Value, key: &str, depth: usize) {
        if depth > 16 {
            return;
        }
        let node = Self::deref(root, node);
        for branch in ["oneOf", "anyOf"] {
            for alternative in node
                .get(branch)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let alternative = Self::deref(root, alternative);
                if let (Some(id), Some(label)) = (
                    alternative.get("const").and_then(Value::as_str),
                    alternative
                        .get("description")
                        .and_then(Value::as_str)
                        .and_then(|d| split_description(d, false)),
                ) {
                    self.value(key, id, label);
                } else {
                    self.walk(root, alternative, key, depth + 1);
                }
            }
        }
        if let Some(items) = node.get("items") {
            self.walk(root, items, key, depth + 1);
        }
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            for (name, child) in props {
                let child_key = if key.is_empty() {
                    name.clone()
                } else {
                    format!("{key}.{name}")
                };
                let label = child
                    .get("description")
                    .and_then(Value::as_str)
                    .or_else(|| {
                        Self::deref(root, child)
                            .get("description")
                            .and_then(Value::as_str)
                    })
                    .and_then(|d| split_description(d, true));
                if let Some(label) = label {
                    self.fields.entry(child_key.clone()).or_insert(label);
                }
                self.walk(root, child, &child_key, depth + 1);
            }
        }
    }

    fn value(&mut self, key: &str, id: &str, label: Text) {
        self.values
            .insert((key.to_owned(), id.to_owned()), label.clone());
        match self.any_value.get(id) {
            Some(seen) if seen.zh != label.zh => {
                self.ambiguous.entry(id.to_owned()).or_insert(seen.clone());
            }
            Some(_) => {}
            None => {
                self.any_value.insert(id.to_owned(), label);
            }
        }
    }

    /// The label of a field (a JSON pointer or a rule path), when the schema describes it.
    pub fn field(&self, path: &str) -> Option<&Text> {
        self.fields.get(&field_key(path))
    }

    /// The label of an enumeration value: of this field's enumeration when `field` is given and
    /// knows it, else of the value wherever it occurs.
    pub fn value_of(&self, field: Option<&str>, id: &str) -> Option<&Text> {
        field
            .and_then(|f| self.values.get(&(field_key(f), id.to_owned())))
            .or_else(|| self.any_value.get(id))
            .or_else(|| self.ambiguous.get(id))
    }

    /// Whether `field` (a pointer or a path) holds an enumeration, and `id` is not one of its
    /// values.
    /// The full paths (dotted) of every field called `name`, for a field written in the wrong
    /// place (`cameras` at the top level → `technical.cameras`).
    pub fn paths_named(&self, name: &str) -> Vec<&str> {
        let suffix = format!(".{name}");
        let mut out: Vec<&str> = self
            .fields
            .keys()
            .filter(|k| k.ends_with(&suffix) || k.as_str() == name)
            .map(String::as_str)
            .collect();
        out.sort_by_key(|k| (k.matches('.').count(), *k));
        out
    }

    /// Every enumeration value id of the schema (for the documents' language test).
    pub fn value_ids(&self) -> impl Iterator<Item = &str> {
        self.any_value.keys().map(String::as_str)
    }

    /// Every field key of the schema.
    pub fn field_keys(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }

    /// A value id's canonical form for a label written in its place (`三级` or `三级防范` →
    /// `level3` for `project.protection_level`), when exactly one value of the field's
    /// enumeration matches.
    pub fn value_for_label(&self, field: &str, written: &str) -> Option<&str> {
        let key = field_key(field);
        let written = written.trim();
        if written.is_empty() {
            return None;
        }
        let matches = |label: &Text| {
            label.zh == written
                || label.en.eq_ignore_ascii_case(written)
                || (written.chars().count() >= 2 && label.zh.starts_with(written))
        };
        let exact: Vec<&str> = self
            .values
            .iter()
            .filter(|((k, _), l)| {
                *k == key && (l.zh == written || l.en.eq_ignore_ascii_case(written))
            })
            .map(|((_, id), _)| id.as_str())
            .collect();
        if let [one] = exact.as_slice() {
            return Some(one);
        }
        let loose: Vec<&str> = self
            .values
            .iter()
            .filter(|((k, _), l)| *k == key && matches(l))
            .map(|((_, id), _)| id.as_str())
            .collect();
        match loose.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// A value written by its label where an enumeration id is expected (`三级` or `三级防范` for
/// `project.protection_level`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// Where (JSON pointer).
    pub pointer: String,
    /// As written.
    pub written: String,
    /// The canonical id it stands for.
    pub canonical: String,
}

/// Replaces every enumeration value written by its Chinese or English label with its id, and
/// says which: the submission is checked as if the id had been written.
pub fn normalise_aliases(value: &mut Value) -> Vec<Alias> {
    let mut out = Vec::new();
    walk_aliases(value, &labels().enums, &mut Vec::new(), &mut out);
    out
}

/// A step of the path to a value, borrowed: a pointer is written only for an alias found.
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// `node` is the enumeration tree at `value`'s field; `path` the steps to `value`.
fn walk_aliases<'v>(
    value: &'v mut Value,
    node: &EnumTree,
    path: &mut Vec<Step<'v>>,
    out: &mut Vec<Alias>,
) {
    match value {
        Value::String(s) => {
            let Some(ids) = &node.ids else { return };
            if EnumTree::has_id(ids, s) {
                return;
            }
            let mut pointer = String::new();
            for step in path.iter() {
                match step {
                    Step::Key(k) => {
                        pointer.push('/');
                        pointer.push_str(&crate::ingest::escape_pointer_token(k));
                    }
                    Step::Index(i) => {
                        let _ = write!(pointer, "/{i}");
                    }
                }
            }
            if let Some(id) = labels().value_for_label(&pointer, s) {
                out.push(Alias {
                    pointer,
                    written: s.clone(),
                    canonical: id.to_owned(),
                });
                *s = id.to_owned();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push(Step::Index(i));
                walk_aliases(item, node, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                if let Some(next) = node.step(k) {
                    path.push(Step::Key(k));
                    walk_aliases(child, next, path, out);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// A field as a reviewer names it: `报警防区（technical.alarm_zones）`, `alarm zones
/// (technical.alarm_zones)`; the dotted path alone when the schema has no label.
pub fn field_phrase(path: &str, lang: Lang) -> String {
    field_phrase_as(path, path, lang)
}

/// A field's label (looked up by its full `path`) with `shown` as the path in brackets: the
/// part of the path under the subject a document has already named.
pub fn field_phrase_as(path: &str, shown: &str, lang: Lang) -> String {
    let dotted = dotted(shown).trim_start_matches('.').to_owned();
    match labels().field(path) {
        Some(l) => match lang {
            Lang::Zh => format!("{}（{dotted}）", l.zh),
            Lang::En => format!("{} ({dotted})", lowercase_first(&l.en)),
        },
        None => dotted,
    }
}

/// `technical.cameras[3].resolution_mp` from `/technical/cameras/3/resolution_mp`; a dotted path
/// is returned as it is.
pub fn dotted(path: &str) -> String {
    if !path.starts_with('/') {
        return path.to_owned();
    }
    let mut out = String::new();
    for seg in path.split('/').skip(1) {
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(seg);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c)
            if c.is_ascii_uppercase()
                && !chars.clone().next().is_some_and(|n| n.is_ascii_uppercase()) =>
        {
            c.to_ascii_lowercase().to_string() + chars.as_str()
        }
        _ => s.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_by_pointer_and_by_rule_path() {
        let l = labels();
        let a = l
            .field("/technical/alarm_system/backup_power_hours")
            .unwrap();
        assert_eq!(a.zh, "备用电源供电时间");
        assert_eq!(
            l.field("technical.cameras[*].resolution_mp").unwrap().zh,
            "分辨率"
        );
        assert_eq!(
            l.field("/technical/cameras/12/resolution_mp"),
            l.field("technical.cameras[*].resolution_mp")
        );
        assert!(l.field("technical.no_such_field").is_none());
    }

    #[test]
    fn values_have_labels_of_their_enumeration() {
        let l = labels();
        assert_eq!(
            l.value_of(Some("project.protection_level"), "level2")
                .unwrap()
                .zh,
            "二级防范"
        );
        assert_eq!(l.value_of(None, "new_build").unwrap().zh, "新建");
        assert_eq!(
            l.value_for_label("project.protection_level", "三级"),
            Some("level3")
        );
        assert_eq!(
            l.value_for_label("project.protection_level", "三级防范"),
            Some("level3")
        );
        assert_eq!(l.value_for_label("project.kind", "新建"), Some("new_build"));
        assert_eq!(l.value_for_label("project.protection_level", "级"), None);
        let mut v = serde_json::json!({
            "project": { "protection_level": "三级", "kind": "新建", "name": "三级" }
        });
        let aliases = normalise_aliases(&mut v);
        assert_eq!(v["project"]["protection_level"], "level3");
        assert_eq!(v["project"]["kind"], "new_build");
        assert_eq!(v["project"]["name"], "三级", "free text is left alone");
        assert_eq!(aliases.len(), 2);
        assert_eq!(l.paths_named("cameras"), vec!["technical.cameras"]);
    }

    /// The alias walk follows the enumeration tree and skips the rest: it finds exactly what
    /// asking every string of the document finds. Every sample and scenario, with every
    /// enumeration id written by its Chinese label, then by its English one.
    #[test]
    fn the_alias_walk_finds_what_asking_every_string_finds() {
        fn every_string(v: &Value, pointer: &str, out: &mut Vec<Alias>) {
            let l = labels();
            match v {
                Value::String(s) => {
                    let key = field_key(pointer);
                    let is_enum = l.values.keys().any(|(k, _)| *k == key);
                    if is_enum
                        && !l.values.contains_key(&(key, s.clone()))
                        && let Some(id) = l.value_for_label(pointer, s)
                    {
                        out.push(Alias {
                            pointer: pointer.to_owned(),
                            written: s.clone(),
                            canonical: id.to_owned(),
                        });
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        every_string(item, &format!("{pointer}/{i}"), out);
                    }
                }
                Value::Object(map) => {
                    for (k, item) in map {
                        every_string(item, &format!("{pointer}/{k}"), out);
                    }
                }
                _ => {}
            }
        }
        fn relabel(v: &mut Value, pointer: &str, zh: bool) {
            match v {
                Value::String(s) => {
                    let key = field_key(pointer);
                    if let Some(t) = labels().values.get(&(key, s.clone())) {
                        *s = if zh { t.zh.clone() } else { t.en.clone() };
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        relabel(item, &format!("{pointer}/{i}"), zh);
                    }
                }
                Value::Object(map) => {
                    for (k, item) in map.iter_mut() {
                        relabel(item, &format!("{pointer}/{k}"), zh);
                    }
                }
                _ => {}
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = 0;
        for dir in ["samples", "tests/scenarios"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                let path = entry.path();
                if path.extension().is_none_or(|e| e != "yaml")
                    || path.metadata().is_ok_and(|m| m.len() > 200_000)
                {
                    continue;
                }
                let Ok(doc) = crate::ingest::read_document(&path) else {
                    continue;
                };
                for zh in [true, false] {
                    let mut v = doc.value.clone();
                    relabel(&mut v, "", zh);
                    let mut expected = Vec::new();
                    every_string(&v, "", &mut expected);
                    let mut walked = normalise_aliases(&mut v);
                    walked.sort_by(|a, b| a.pointer.cmp(&b.pointer));
                    expected.sort_by(|a, b| a.pointer.cmp(&b.pointer));
                    assert_eq!(walked, expected, "{} (zh: {zh})", path.display());
                    found += walked.len();
                }
            }
        }
        assert!(found > 100, "only {found} aliases in all samples");
    }

    #[test]
    fn phrases_name_the_field_and_its_path() {
        assert_eq!(
            field_phrase("/technical/alarm_system/backup_power_hours", Lang::Zh),
            "备用电源供电时间（technical.alarm_system.backup_power_hours）"
        );
        assert_eq!(
            dotted("/technical/cameras/3/resolution_mp"),
            "technical.cameras[3].resolution_mp"
        );
    }
}
