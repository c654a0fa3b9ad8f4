//! Names for every element of a submission, so documents say where a thing is rather than its
//! id: the element's own `name`, else one composed from what it refers to or where it stands.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::labels::labels;

/// Every element's name by its id: the `name` it is given, else one composed from the place it
/// refers to or its parent and what it is (a façade: 1#楼南立面; an access point: 21#楼1单元地下
/// 候梯厅出入口控制点; a lane: 南大门车行进口; a lift: 1单元电梯2), so documents never name a place
/// by an id when a reader could be told where it is.
pub fn element_names(submission: &Value) -> BTreeMap<String, String> {
    let mut given = BTreeMap::new();
    collect_given(submission, &mut given);
    let mut out = given.clone();
    let mut taken: BTreeSet<String> = given.values().cloned().collect();
    walk_names(submission, "", None, 1, &given, &mut taken, &mut out);
    out
}

fn collect_given(v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            if let (Some(Value::String(id)), Some(Value::String(name))) =
                (m.get("id"), m.get("name"))
            {
                out.entry(id.clone()).or_insert_with(|| name.clone());
            }
            m.values().for_each(|c| collect_given(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| collect_given(c, out)),
        _ => {}
    }
}

fn walk_names(
    v: &Value,
    key: &str,
    parent: Option<&str>,
    ordinal: usize,
    given: &BTreeMap<String, String>,
    taken: &mut BTreeSet<String>,
    out: &mut BTreeMap<String, String>,
) {
    match v {
        Value::Object(m) => {
            let own = m.get("name").and_then(Value::as_str).map(str::to_owned);
            let composed = own.or_else(|| {
                let id = m.get("id").and_then(Value::as_str)?;
                if let Some(name) = out.get(id) {
                    return Some(name.clone());
                }
                let name = by_reference(m, key, given).or_else(|| {
                    Some(format!("{}{}", parent?, composed_suffix(m, key, ordinal)?))
                })?;
                // Two unnamed elements at one place are told apart by a number.
                let mut unique = name.clone();
                let mut n = 2;
                while taken.contains(&unique) {
                    unique = format!("{name}{n}");
                    n += 1;
                }
                taken.insert(unique.clone());
                out.insert(id.to_owned(), unique.clone());
                Some(unique)
            });
            let here = composed.as_deref().or(parent);
            for (k, child) in m {
                if !(child.is_object() || child.is_array()) {
                    continue; // a scalar names nothing
                }
                let child_key = if key.is_empty() {
                    k.clone()
                } else {
                    format!("{key}.{k}")
                };
                walk_names(child, &child_key, here, 1, given, taken, out);
            }
        }
        Value::Array(items) => {
            // The ordinal of an unnamed element is its place in the list.
            for (i, item) in items.iter().enumerate() {
                walk_names(item, key, parent, i + 1, given, taken, out);
            }
        }
        _ => {}
    }
}

/// An unnamed element named after the named place it refers to: a façade after its building
/// and orientation, a device after its location and what it is.
fn by_reference(
    m: &serde_json::Map<String, Value>,
    key: &str,
    given: &BTreeMap<String, String>,
) -> Option<String> {
    let l = labels();
    if let Some(building) = m
        .get("building")
        .and_then(Value::as_str)
        .and_then(|b| given.get(b))
    {
        let side = match m.get("faces").and_then(Value::as_str) {
            Some("south") => "南",
            Some("north") => "北",
            Some("east") => "东",
            Some("west") => "西",
            Some("southeast") => "东南",
            Some("southwest") => "西南",
            Some("northeast") => "东北",
            Some("northwest") => "西北",
            _ => "",
        };
        return Some(format!("{building}{side}立面"));
    }
    let place = m
        .get("location")
        .and_then(Value::as_str)
        .and_then(|p| given.get(p))?;
    let what = l.field(key).map(|t| t.zh.clone()).unwrap_or_default();
    Some(format!("{place}{what}"))
}

/// What an unnamed element is, after its parent's name: 车行进口 for a lane, 电梯2 for a lift.
fn composed_suffix(
    m: &serde_json::Map<String, Value>,
    key: &str,
    ordinal: usize,
) -> Option<String> {
    let l = labels();
    let label_of = |field: &str| {
        m.get(field)
            .and_then(Value::as_str)
            .and_then(|id| l.value_of(Some(&format!("{key}.{field}")), id))
            .map(|t| t.zh.clone())
    };
    if key.ends_with("lanes") {
        let kind = label_of("kind").unwrap_or_default();
        let way = match m.get("direction").and_then(Value::as_str) {
            Some("in") => "进口",
            Some("out") => "出口",
            Some("both") => "双向通道",
            _ => "通道",
        };
        return Some(format!("{kind}{way}"));
    }
    let what = l.field(key)?.zh.clone();
    Some(format!("{what}{ordinal}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn unnamed_elements_are_named_after_their_place() {
        let v = json!({
            "site": {
                "entrances": [{ "id": "E1", "name": "南大门", "lanes": [
                    { "id": "E1-VIN", "kind": "vehicle", "direction": "in" },
                    { "id": "E1-POUT", "kind": "pedestrian", "direction": "out" }
                ]}],
                "buildings": [{ "id": "B01", "name": "1#楼" }],
                "facades": [{ "id": "F-B01-S", "building": "B01", "faces": "south" }]
            },
            "technical": { "access_points": [
                { "id": "AP-1", "location": "E1" },
                { "id": "AP-2", "location": "E1" },
                { "id": "AP-3", "name": "东门门禁", "location": "E1" }
            ]}
        });
        let n = element_names(&v);
        assert_eq!(n["E1-VIN"], "南大门车行进口");
        assert_eq!(n["E1-POUT"], "南大门人行出口");
        assert_eq!(n["F-B01-S"], "1#楼南立面");
        assert_eq!(n["AP-1"], "南大门出入口控制点");
        assert_eq!(
            n["AP-2"], "南大门出入口控制点2",
            "two at one place are numbered"
        );
        assert_eq!(n["AP-3"], "东门门禁", "a given name wins");
    }
}
