//! Paths into the submission (`site.entrances[*].lanes[*]`) and their check against the schema.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// Every element of a list (`[*]`).
    Each,
}

/// A compiled path.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Path {
    /// The steps, from the root (or from the subject for relative paths).
    pub segments: Vec<Segment>,
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for s in &self.segments {
            match s {
                Segment::Key(k) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Segment::Each => f.write_str("[*]")?,
            }
            first = false;
        }
        Ok(())
    }
}

impl Path {
    /// Parses `a.b[*].c`.
    pub fn parse(text: &str) -> Result<Path, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("the path is empty".into());
        }
        let mut segments = Vec::new();
        for part in text.split('.') {
            let (name, mut rest) = match part.find('[') {
                Some(i) => (part.get(..i).unwrap_or(""), part.get(i..).unwrap_or("")),
                None => (part, ""),
            };
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(format!(
                    "`{part}` is not a field name (lowercase letters, digits and `_`)"
                ));
            }
            segments.push(Segment::Key(name.to_owned()));
            while !rest.is_empty() {
                match rest.strip_prefix("[*]") {
                    Some(r) => {
                        segments.push(Segment::Each);
                        rest = r;
                    }
                    None => {
                        return Err(format!(
                            "`{part}`: write `[*]` to mean every element of a list"
                        ));
                    }
                }
            }
        }
        Ok(Path { segments })
    }

    /// Whether the path has `[*]` anywhere.
    pub fn has_each(&self) -> bool {
        self.segments.contains(&Segment::Each)
    }

    /// The path as a JSON pointer prefix (only meaningful without `[*]`).
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for s in &self.segments {
            if let Segment::Key(k) = s {
                out.push('/');
                out.push_str(k);
            }
        }
        out
    }
}

/// What a path reaches in a submission: the values it finds, where each stands, and the places
/// where a list (or an object on the way to one) is not stated.
///
/// A value's JSON pointer is written only when asked for ([`Selection::pointer`]): a selection
/// keeps the list indices that lead to each value, which is all a pointer adds to the path.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection<'v, 'p> {
    path: &'p Path,
    /// Every value reached, in document order.
    values: Vec<&'v Value>,
    /// The list indices leading to each value, `stride` of them per value (one per `[*]`).
    indices: Vec<u32>,
    stride: usize,
    /// Pointers of the places not stated on the way ("the lifts of unit U3 are not stated"):
    /// there may be more values there. An empty list (`[]`) is stated: it holds none.
    pub unstated: Vec<String>,
}

impl<'v> Selection<'v, '_> {
    /// Whether every place on the way was stated, so the values are everything.
    pub fn complete(&self) -> bool {
        self.unstated.is_empty()
    }

    /// Whether the path reaches no value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values reached, in document order, with their position (for [`Selection::pointer`]).
    pub fn values(&self) -> impl Iterator<Item = (usize, &'v Value)> + '_ {
        self.values.iter().copied().enumerate()
    }

    /// The JSON pointer of the value at `position`.
    pub fn pointer(&self, position: usize) -> String {
        let start = position * self.stride;
        let indices = self.indices.get(start..start + self.stride).unwrap_or(&[]);
        pointer_of(&self.path.segments, indices)
    }
}

/// The pointer of `segments` with the list indices `indices` at its `[*]`s, in order.
fn pointer_of(segments: &[Segment], indices: &[u32]) -> String {
    let mut out = String::with_capacity(segments.len() * 12);
    let mut next = indices.iter();
    for s in segments {
        out.push('/');
        match s {
            Segment::Key(k) => out.push_str(k),
            Segment::Each => {
                let i = next.next().copied().unwrap_or_default();
                out.push_str(itoa::Buffer::new().format(i));
            }
        }
    }
    out
}

/// Selects every value a path reaches from `root`.
///
/// One convention for every list, at any depth: a list that is not stated is *not stated* (its
/// place is in `unstated`: there may be elements there), an empty list `[]` means *none*. So
/// leaving out `site.garages` and leaving out `units[].lifts` mean the same: not stated.
pub fn select<'v, 'p>(root: &'v Value, path: &'p Path) -> Selection<'v, 'p> {
    let mut values: Vec<&Value> = vec![root];
    let mut indices: Vec<u32> = Vec::new();
    let mut stride = 0;
    let mut unstated = Vec::new();
    for (at, seg) in path.segments.iter().enumerate() {
        let mut next = Vec::with_capacity(values.len());
        let mut next_indices = Vec::with_capacity(indices.len());
        for (n, v) in values.into_iter().enumerate() {
            let own = indices.get(n * stride..(n + 1) * stride).unwrap_or(&[]);
            match seg {
                Segment::Key(k) => match v.get(k) {
                    Some(child) if !child.is_null() => {
                        next.push(child);
                        next_indices.extend_from_slice(own);
                    }
                    _ => unstated.push(pointer_of(&path.segments[..=at], own)),
                },
                Segment::Each => match v.as_array() {
                    Some(items) => {
                        for (i, item) in items.iter().enumerate() {
                            next.push(item);
                            next_indices.extend_from_slice(own);
                            next_indices.push(u32::try_from(i).unwrap_or(u32::MAX));
                        }
                    }
                    None => unstated.push(pointer_of(&path.segments[..at], own)),
                },
            }
        }
        if *seg == Segment::Each {
            stride += 1;
        }
        values = next;
        indices = next_indices;
    }
    Selection {
        path,
        values,
        indices,
        stride,
        unstated,
    }
}

/// The single value at a path without `[*]`, if stated.
pub fn get<'a>(root: &'a Value, path: &Path) -> Option<&'a Value> {
    let mut v = root;
    for seg in &path.segments {
        match seg {
            Segment::Key(k) => v = v.get(k)?,
            Segment::Each => return None,
        }
    }
    if v.is_null() { None } else { Some(v) }
}

/// The schema facts a rule needs about the place a path leads to.
#[derive(Debug, Clone, Default)]
pub struct Leaf {
    /// JSON types allowed there (`number`, `integer`, `string`, `boolean`, `array`, `object`).
    pub types: Vec<String>,
    /// Allowed values, when the place (or, for a list, its items) is an enumeration.
    pub values: Vec<String>,
    /// For a list: the types of its items.
    pub item_types: Vec<String>,
}

impl Leaf {
    /// Whether a number can stand there.
    pub fn is_numeric(&self) -> bool {
        self.types.iter().any(|t| t == "number" || t == "integer")
    }
    /// Whether a list stands there.
    pub fn is_list(&self) -> bool {
        self.types.iter().any(|t| t == "array")
    }
}

/// Follows a path through the submission schema from the schema node `start`; errors name the
/// first step the schema does not have, with a did-you-mean.
pub fn resolve<'s>(root: &'s Value, start: &'s Value, path: &Path) -> Result<&'s Value, String> {
    let mut node = deref(root, start);
    let mut walked = Vec::new();
    for seg in &path.segments {
        match seg {
            Segment::Key(k) => {
                let props = object_properties(root, node);
                match props.and_then(|p| p.get(k)) {
                    Some(child) => node = deref(root, child),
                    None => {
                        let names: Vec<&str> = props
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        let at = if walked.is_empty() {
                            "the submission".to_owned()
                        } else {
                            format!("`{}`", walked.join("."))
                        };
                        let hint = match crate::diagnostic::did_you_mean(k, names.iter().copied()) {
                            Some(best) => format!("; did you mean `{best}`?"),
                            None if names.is_empty() => String::new(),
                            None => format!("; fields there: {}", names.join(", ")),
                        };
                        return Err(format!("{at} has no field `{k}`{hint}"));
                    }
                }
                walked.push(k.clone());
            }
            Segment::Each => {
                match non_null(root, node).and_then(|n| n.get("items")) {
                    Some(items) => node = deref(root, items),
                    None => {
                        return Err(format!(
                            "`{}` is not a list, so `[*]` does not apply",
                            walked.join(".")
                        ));
                    }
                }
                if let Some(last) = walked.last_mut() {
                    last.push_str("[*]");
                }
            }
        }
    }
    Ok(node)
}

/// The facts about a schema node.
pub fn leaf(root: &Value, node: &Value) -> Leaf {
    let mut out = Leaf::default();
    collect_types(root, node, &mut out.types, &mut out.values);
    if let Some(items) = non_null(root, node).and_then(|n| n.get("items")) {
        let mut item_values = Vec::new();
        collect_types(
            root,
            deref(root, items),
            &mut out.item_types,
            &mut item_values,
        );
        out.values.extend(item_values);
    }
    out
}

fn collect_types(root: &Value, node: &Value, types: &mut Vec<String>, values: &mut Vec<String>) {
    let node = deref(root, node);
    match node.get("type") {
        Some(Value::String(t)) => types.push(t.clone()),
        Some(Value::Array(ts)) => {
            types.extend(ts.iter().filter_map(Value::as_str).map(str::to_owned))
        }
        _ => {}
    }
    if let Some(Value::Array(vs)) = node.get("enum") {
        values.extend(vs.iter().filter_map(Value::as_str).map(str::to_owned));
        if types.is_empty() {
            types.push("string".into());
        }
    }
    if let Some(Value::String(c)) = node.get("const") {
        values.push(c.clone());
        types.push("string".into());
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(alts)) = node.get(key) {
            for alt in alts {
                collect_types(root, alt, types, values);
            }
        }
    }
    types.sort();
    types.dedup();
}

fn deref<'s>(root: &'s Value, node: &'s Value) -> &'s Value {
    let mut node = node;
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                Some(target) => node = target,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

/// The node itself, or its non-null alternative for `Option<T>` (`anyOf: [T, null]`).
fn non_null<'s>(root: &'s Value, node: &'s Value) -> Option<&'s Value> {
    let node = deref(root, node);
    if node.get("properties").is_some() || node.get("items").is_some() {
        return Some(node);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(alts)) = node.get(key) {
            for alt in alts {
                let alt = deref(root, alt);
                if alt.get("properties").is_some() || alt.get("items").is_some() {
                    return Some(alt);
                }
            }
        }
    }
    None
}

fn object_properties<'s>(
    root: &'s Value,
    node: &'s Value,
) -> Option<&'s serde_json::Map<String, Value>> {
    non_null(root, node)?.get("properties")?.as_object()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_and_display_round_trip() {
        let p = Path::parse("site.entrances[*].lanes[*]").unwrap();
        assert_eq!(p.segments.len(), 5);
        assert_eq!(p.to_string(), "site.entrances[*].lanes[*]");
        assert!(Path::parse("site.Entrances").is_err());
        assert!(Path::parse("site.entrances[0]").is_err());
    }

    #[test]
    fn a_list_not_stated_is_not_stated_at_any_depth_and_an_empty_one_is_none() {
        let doc = json!({"site": {"buildings": [
            {"id": "B1", "lifts": [{"id": "L1"}]}, {"id": "B2"}, {"id": "B3", "lifts": []}
        ]}});
        let p = Path::parse("site.buildings[*].lifts[*]").unwrap();
        let found = select(&doc, &p);
        assert_eq!(
            found
                .values()
                .map(|(i, v)| (found.pointer(i), v["id"].as_str()))
                .collect::<Vec<_>>(),
            [("/site/buildings/0/lifts/0".to_owned(), Some("L1"))]
        );
        assert_eq!(found.unstated, ["/site/buildings/1/lifts"]);
        let p = Path::parse("technical.cameras[*]").unwrap();
        let found = select(&doc, &p);
        assert!(found.is_empty());
        assert_eq!(found.unstated, ["/technical"]);
        // A pointer has every index on the way, at any width; a list that is not a list is
        // not stated where the list should be.
        let mut lifts: Vec<Value> = (0..12).map(|i| json!({"id": format!("L{i}")})).collect();
        lifts.push(json!(null));
        let doc = json!({"site": {"buildings": [{"id": "B1"}, {"id": "B2", "lifts": lifts},
            {"id": "B3", "lifts": {"id": "L"}}]}});
        let p = Path::parse("site.buildings[*].lifts[*]").unwrap();
        let found = select(&doc, &p);
        let last = found.values().last().map(|(i, _)| found.pointer(i));
        assert_eq!(last.as_deref(), Some("/site/buildings/1/lifts/12"));
        assert_eq!(found.values().count(), 13);
        assert_eq!(
            found.unstated,
            ["/site/buildings/0/lifts", "/site/buildings/2/lifts"]
        );
    }
}
