//! Semantic checks a JSON Schema cannot express: ids are unique across the submission, and
//! every reference field names an existing element of an allowed kind.
//!
//! The checks run on the schema-validated JSON value rather than on the typed [`Submission`]
//! so that every problem carries the exact JSON pointer of the offending value.
//!
//! An *element* is any object that is an item of an array and has a string `id`. Its *kind*
//! is the array it lives in, written as a path pattern (`/site/entrances/*/lanes/*` is a lane).
//! [`ELEMENT_KINDS`] names the kinds; [`REFERENCES`] is the one table of reference fields.
//! The monitoring centre is a single section, not an array item; it is referred to by the
//! reserved id [`CENTRE_ID`].
//!
//! [`Submission`]: super::Submission

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{MAX_SUGGESTED_CHARS, shorten};

/// The reserved id that refers to the monitoring centre (`/monitoring_centre`).
pub const CENTRE_ID: &str = "monitoring_centre";

/// Where the monitoring centre lives; also its kind pattern.
pub const CENTRE_POINTER: &str = "/monitoring_centre";

const SEGMENT: &str = "/site/perimeter/segments/*";
const OPENING: &str = "/site/perimeter/segments/*/openings/*";
const ENTRANCE: &str = "/site/entrances/*";
const LANE: &str = "/site/entrances/*/lanes/*";
const BUILDING: &str = "/site/buildings/*";
const UNIT: &str = "/site/buildings/*/units/*";
const LIFT: &str = "/site/buildings/*/units/*/lifts/*";
const GARAGE: &str = "/site/garages/*";
const GARAGE_ENTRANCE: &str = "/site/garages/*/entrances/*";
const PUBLIC_AREA: &str = "/site/public_areas/*";
const FACADE: &str = "/site/facades/*";
const CAMERA: &str = "/technical/cameras/*";
const PLATFORM_LINK: &str = "/technical/platform_links/*";
const ACCESS_POINT: &str = "/technical/access_points/*";
const ALARM_ZONE: &str = "/technical/alarm_zones/*";
const EMERGENCY_BUTTON: &str = "/technical/emergency_buttons/*";
const VEHICLE_BARRIER: &str = "/technical/vehicle_barriers/*";
const PATROL_POINT: &str = "/technical/patrol/points/*";
const IOT_SENSOR: &str = "/technical/iot_sensors/*";
const DOOR: &str = "/physical/doors/*";
const ATTACHMENT: &str = "/attachments/*";

/// A kind of element: the array its items live in, and a name for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElementKind {
    /// Path pattern of the array items, `*` standing for any index (e.g. `/site/entrances/*`).
    /// For the monitoring centre, [`CENTRE_POINTER`].
    pub pattern: &'static str,
    /// English name with its article, for messages (e.g. "an entrance").
    pub name: &'static str,
    /// Chinese name, for the same messages said in Chinese (e.g. "出入口").
    pub zh: &'static str,
}

/// Every kind of element that carries an id, and the monitoring centre.
pub const ELEMENT_KINDS: &[ElementKind] = &[
    kind(SEGMENT, "a perimeter segment", "周界段"),
    kind(OPENING, "a perimeter opening", "周界开口"),
    kind(ENTRANCE, "an entrance", "出入口"),
    kind(LANE, "a lane", "通道"),
    kind(BUILDING, "a building", "楼栋"),
    kind(UNIT, "a unit", "单元"),
    kind(LIFT, "a lift", "电梯"),
    kind(GARAGE, "a garage", "车库"),
    kind(GARAGE_ENTRANCE, "a garage entrance", "车库出入口"),
    kind(PUBLIC_AREA, "a public area", "公共区域"),
    kind(FACADE, "a façade", "建筑立面"),
    kind(CAMERA, "a camera", "摄像机"),
    kind(PLATFORM_LINK, "a platform link", "平台对接"),
    kind(ACCESS_POINT, "an access point", "出入口控制点"),
    kind(ALARM_ZONE, "an alarm zone", "报警防区"),
    kind(EMERGENCY_BUTTON, "an emergency button", "紧急报警按钮"),
    kind(VEHICLE_BARRIER, "a vehicle barrier", "车辆道闸"),
    kind(PATROL_POINT, "a patrol point", "巡查点"),
    kind(IOT_SENSOR, "an IoT sensor", "物联感知设备"),
    kind(DOOR, "a door", "防护门"),
    kind(ATTACHMENT, "an attachment", "附件"),
    kind(CENTRE_POINTER, "the monitoring centre", "监控中心"),
];

const fn kind(pattern: &'static str, name: &'static str, zh: &'static str) -> ElementKind {
    ElementKind { pattern, name, zh }
}

/// The Chinese name of the element kind whose English name (with its article) is `name`.
pub fn kind_zh(name: &str) -> Option<&'static str> {
    ELEMENT_KINDS
        .iter()
        .find(|kind| kind.name == name)
        .map(|kind| kind.zh)
}

/// Which kinds of element a reference field may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    /// Any element, and the monitoring centre.
    Any,
    /// Only elements of these kinds (patterns from [`ELEMENT_KINDS`]).
    Only(&'static [&'static str]),
}

impl Targets {
    /// Whether an element of the kind `pattern` may be named.
    pub fn allows(&self, pattern: &str) -> bool {
        match self {
            Targets::Any => true,
            Targets::Only(kinds) => kinds.contains(&pattern),
        }
    }
}

/// A field that holds the id of another element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefField {
    /// Path pattern of the referring values, `*` standing for any array index; a list of ids
    /// ends in `/*` (e.g. `/technical/cameras/*/covers/*`).
    pub path: &'static str,
    /// The kinds of element it may name.
    pub targets: Targets,
}

const fn field(path: &'static str, targets: Targets) -> RefField {
    RefField { path, targets }
}

/// Places where an access point can be: site elements and the monitoring centre.
const ACCESS_LOCATIONS: &[&str] = &[
    ENTRANCE,
    LANE,
    OPENING,
    BUILDING,
    UNIT,
    LIFT,
    GARAGE,
    GARAGE_ENTRANCE,
    PUBLIC_AREA,
    CENTRE_POINTER,
];

/// Every reference field of the submission.
pub const REFERENCES: &[RefField] = &[
    field(
        "/site/garages/*/entrances/*/to_building",
        Targets::Only(&[BUILDING]),
    ),
    field("/site/facades/*/building", Targets::Only(&[BUILDING])),
    field("/technical/cameras/*/covers/*", Targets::Any),
    field(
        "/technical/access_points/*/location",
        Targets::Only(ACCESS_LOCATIONS),
    ),
    field(
        "/technical/alarm_zones/*/segments/*",
        Targets::Only(&[SEGMENT]),
    ),
    field(
        "/technical/alarm_zones/*/linked_cameras/*",
        Targets::Only(&[CAMERA]),
    ),
    field("/technical/emergency_buttons/*/location", Targets::Any),
    field(
        "/technical/emergency_buttons/*/linked_camera",
        Targets::Only(&[CAMERA]),
    ),
    field(
        "/technical/vehicle_barriers/*/location",
        Targets::Only(&[ENTRANCE, LANE, GARAGE_ENTRANCE]),
    ),
    field("/technical/patrol/points/*/location", Targets::Any),
    field("/technical/iot_sensors/*/location", Targets::Any),
    field("/physical/doors/*/location", Targets::Any),
];

/// The order in which object keys are walked, so that "first" and "second" occurrences of an
/// id follow the usual order of a submission (the order of the Rust types) rather than the
/// alphabet. Keys not listed come after, alphabetically.
const KEY_ORDER: &[&str] = &[
    // Submission
    "project",
    "site",
    "technical",
    "physical",
    "staffing",
    "monitoring_centre",
    "network",
    "acceptance",
    "waivers",
    "attachments",
    // Site
    "perimeter",
    "entrances",
    "buildings",
    "garages",
    "public_areas",
    "facades",
    // Technical
    "cameras",
    "video_storage",
    "platform_links",
    "access_points",
    "visitor_management",
    "alarm_system",
    "alarm_zones",
    "emergency_buttons",
    "intercom",
    "vehicle_barriers",
    "patrol",
    "iot_sensors",
];

/// A problem found by [`check_refs`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefProblem {
    /// JSON pointer of the offending value (an `id`, or a reference).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// What many problems like this one are called ("duplicate ids"), for summaries.
    #[serde(skip)]
    pub kind: &'static str,
}

/// An element found in the submission.
#[derive(Debug, Clone)]
struct Element<'a> {
    id: &'a str,
    /// JSON pointer of the element object.
    pointer: String,
    /// Its kind pattern (indices replaced by `*`).
    pattern: String,
}

/// Checks that ids are unique and that every reference resolves to an element of an allowed
/// kind. Expects a value that passed the JSON Schema; values of unexpected types are skipped
/// (the schema reports them).
pub fn check_refs(value: &Value) -> Vec<RefProblem> {
    let elements = collect_elements(value);
    let mut problems = Vec::new();
    // A did-you-mean compares with every id: only the problems that will be listed get one.
    let mut suggestions_left = crate::diagnostic::MAX_PROBLEMS_PER_KIND;
    let mut index: BTreeMap<&str, &Element<'_>> = BTreeMap::new();
    for element in &elements {
        if element.id == CENTRE_ID {
            problems.push(RefProblem {
                pointer: format!("{}/id", element.pointer),
                message: format!("id \"{CENTRE_ID}\" is reserved for the monitoring centre"),
                hint: format!(
                    "references to \"{CENTRE_ID}\" mean the {CENTRE_POINTER} section; \
                     give this element another id"
                ),
                kind: "reserved ids",
            });
            continue;
        }
        match index.get(element.id) {
            Some(first) => problems.push(RefProblem {
                pointer: format!("{}/id", element.pointer),
                message: format!(
                    "duplicate id \"{}\": already used by {} at {}",
                    shorten(element.id),
                    kind_name(&first.pattern),
                    first.pointer
                ),
                hint: "ids must be unique across the whole submission; rename one of the two"
                    .to_owned(),
                kind: "duplicate ids",
            }),
            None => {
                index.insert(element.id, element);
            }
        }
    }
    for reference in REFERENCES {
        let segments: Vec<&str> = reference.path.split('/').skip(1).collect();
        each_match(value, &segments, &mut Vec::new(), &mut |indices, target| {
            if let Some(id) = target.as_str()
                && let Some(mut problem) = resolve(reference, id, &index, suggestions_left > 0)
            {
                suggestions_left = suggestions_left.saturating_sub(1);
                problem.pointer = fill(&segments, indices);
                problems.push(problem);
            }
        });
    }
    problems
}

/// Every element id with the JSON pointer of its element (the first one, if an id is used
/// twice). The monitoring centre is listed as [`CENTRE_ID`] when the section is present.
pub fn index_ids(value: &Value) -> BTreeMap<String, String> {
    let mut index = BTreeMap::new();
    if value.pointer(CENTRE_POINTER).is_some() {
        index.insert(CENTRE_ID.to_owned(), CENTRE_POINTER.to_owned());
    }
    for element in collect_elements(value) {
        index
            .entry(element.id.to_owned())
            .or_insert(element.pointer);
    }
    index
}

/// The kind of the element at `pointer` (e.g. `/site/entrances/2` is an entrance), if it is
/// the pointer of an element.
pub fn kind_of(pointer: &str) -> Option<&'static ElementKind> {
    let pattern = pattern_of(pointer);
    ELEMENT_KINDS.iter().find(|kind| kind.pattern == pattern)
}

/// Checks one reference; `None` if it resolves to an allowed kind.
/// The problem with the reference `id`, if any; its pointer is left for the caller to write.
fn resolve(
    reference: &RefField,
    id: &str,
    index: &BTreeMap<&str, &Element<'_>>,
    with_suggestion: bool,
) -> Option<RefProblem> {
    let field = || field_name(reference.path);
    let hint = || {
        if with_suggestion {
            suggest(id, reference.targets, index)
        } else {
            format!("expected the id of {}", targets_text(reference.targets))
        }
    };
    let shown = || shorten(id);
    let found = if id == CENTRE_ID {
        Some((CENTRE_POINTER, CENTRE_POINTER))
    } else {
        index
            .get(id)
            .map(|element| (element.pattern.as_str(), element.pointer.as_str()))
    };
    match found {
        Some((pattern, _)) if reference.targets.allows(pattern) => None,
        Some((pattern, at)) => Some(RefProblem {
            pointer: String::new(),
            message: format!(
                "\"{}\" is {} ({at}), but {} takes the id of {}",
                shown(),
                kind_name(pattern),
                field(),
                targets_text(reference.targets)
            ),
            hint: hint(),
            kind: "references to the wrong kind of element",
        }),
        None => Some(RefProblem {
            pointer: String::new(),
            message: format!(
                "unknown id \"{}\" in {}: no element has this id",
                shown(),
                field()
            ),
            hint: hint(),
            kind: "unknown ids",
        }),
    }
}

/// A did-you-mean among the ids of the allowed kinds, or else what the field expects.
fn suggest(id: &str, targets: Targets, index: &BTreeMap<&str, &Element<'_>>) -> String {
    let mut candidates: Vec<(&str, &str, &str)> = index
        .values()
        .filter(|element| targets.allows(&element.pattern))
        .map(|element| {
            (
                element.id,
                element.pattern.as_str(),
                element.pointer.as_str(),
            )
        })
        .collect();
    if targets.allows(CENTRE_POINTER) {
        candidates.push((CENTRE_ID, CENTRE_POINTER, CENTRE_POINTER));
    }
    let best = closest_id(id, &candidates);
    if let Some((_, (close, pattern, at))) = best {
        return format!("did you mean \"{close}\" ({} at {at})?", kind_name(pattern));
    }
    let expected = targets_text(targets);
    let declared: Vec<&str> = candidates
        .iter()
        .map(|candidate| candidate.0)
        .filter(|candidate| *candidate != CENTRE_ID)
        .collect();
    match declared.as_slice() {
        [] => format!("expected the id of {expected}, and none is declared"),
        ids => {
            const SHOWN: usize = 5;
            let mut list = ids
                .iter()
                .take(SHOWN)
                .map(|id| format!("\"{}\"", shorten(id)))
                .collect::<Vec<_>>()
                .join(", ");
            if ids.len() > SHOWN {
                list.push_str(&format!(" and {} more", ids.len() - SHOWN));
            }
            format!("expected the id of {expected}; declared: {list}")
        }
    }
}

/// Character comparisons one did-you-mean may spend (the product of the lengths, summed over
/// the candidates): a 2-million-character id against 30,000 ids took 199 s.
const SUGGESTION_BUDGET: usize = 2_000_000;

/// The id closest to `id` (normalised Damerau-Levenshtein similarity at least 0.5). A
/// candidate whose length differs by more than half cannot reach that and is not compared; an
/// id longer than [`MAX_SUGGESTED_CHARS`] gets no suggestion; the comparisons stop when
/// [`SUGGESTION_BUDGET`] is spent.
fn closest_id<'c, 'a>(
    id: &str,
    candidates: &'c [(&'a str, &'a str, &'a str)],
) -> Option<(f64, &'c (&'a str, &'a str, &'a str))> {
    let length = id.chars().take(MAX_SUGGESTED_CHARS + 1).count();
    if length > MAX_SUGGESTED_CHARS {
        return None;
    }
    let wanted = id.to_lowercase();
    let mut spent = 0usize;
    let mut best: Option<(f64, &(&str, &str, &str))> = None;
    for candidate in candidates {
        let other = candidate.0.chars().count();
        if length.abs_diff(other) * 2 > length.max(other) {
            continue;
        }
        spent += length.max(1) * other.max(1);
        if spent > SUGGESTION_BUDGET {
            break;
        }
        let score = strsim::normalized_damerau_levenshtein(&wanted, &candidate.0.to_lowercase());
        if score < 0.5 {
            continue;
        }
        let better = best.is_none_or(|(s, b)| {
            score
                .total_cmp(&s)
                .then_with(|| b.0.cmp(candidate.0))
                .is_gt()
        });
        if better {
            best = Some((score, candidate));
        }
    }
    best
}

/// "an entrance, a lane or a garage entrance", or "any element".
fn targets_text(targets: Targets) -> String {
    match targets {
        Targets::Any => "any element (or \"monitoring_centre\")".to_owned(),
        Targets::Only(kinds) => {
            let names: Vec<&str> = kinds.iter().map(|pattern| kind_name(pattern)).collect();
            match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} or {last}", rest.join(", "))
                }
                _ => names.concat(),
            }
        }
    }
}

fn kind_name(pattern: &str) -> &'static str {
    ELEMENT_KINDS
        .iter()
        .find(|kind| kind.pattern == pattern)
        .map_or("an element", |kind| kind.name)
}

/// The field name of a reference path: its last segment that is not `*`.
fn field_name(path: &str) -> &str {
    path.rsplit('/')
        .find(|segment| *segment != "*")
        .unwrap_or(path)
}

/// A pointer's kind pattern: array indices replaced by `*`.
fn pattern_of(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|segment| {
            if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                "*"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every element (array item with a string `id`), in walk order.
fn collect_elements(value: &Value) -> Vec<Element<'_>> {
    let mut elements = Vec::new();
    walk(value, &mut String::new(), &mut String::new(), &mut elements);
    elements
}

/// Collects the elements below `value`. `pointer` and `pattern` are buffers that hold the place
/// of `value` on entry and again on return: one allocation per element found, none per node
/// (a 2,000-camera submission has some 40,000 nodes).
fn walk<'a>(
    value: &'a Value,
    pointer: &mut String,
    pattern: &mut String,
    out: &mut Vec<Element<'a>>,
) {
    let nested = |v: &Value| matches!(v, Value::Object(_) | Value::Array(_));
    match value {
        Value::Object(map) => {
            // Only arrays and objects can hold elements: order just those (usually none or
            // a few per object) by KEY_ORDER, the others after them alphabetically (the map's
            // own order, kept by the stable sort).
            let mut children: Vec<(usize, &String, &Value)> = map
                .iter()
                .filter(|(_, child)| nested(child))
                .map(|(key, child)| {
                    let rank = KEY_ORDER.iter().position(|k| k == key);
                    (rank.unwrap_or(usize::MAX), key, child)
                })
                .collect();
            children.sort_by_key(|(rank, _, _)| *rank);
            for (_, key, child) in children {
                let (pointer_len, pattern_len) = (pointer.len(), pattern.len());
                push_token(pointer, key);
                push_token(pattern, key);
                walk(child, pointer, pattern, out);
                pointer.truncate(pointer_len);
                pattern.truncate(pattern_len);
            }
        }
        Value::Array(items) => {
            let pattern_len = pattern.len();
            pattern.push_str("/*");
            for (i, item) in items.iter().enumerate() {
                let pointer_len = pointer.len();
                // Writing into the buffer allocates nothing.
                let _ = write!(pointer, "/{i}");
                if let Some(id) = item.get("id").and_then(Value::as_str) {
                    out.push(Element {
                        id,
                        pointer: pointer.clone(),
                        pattern: pattern.clone(),
                    });
                }
                if nested(item) {
                    walk(item, pointer, pattern, out);
                }
                pointer.truncate(pointer_len);
            }
            pattern.truncate(pattern_len);
        }
        _ => {}
    }
}

/// Appends `/token`, escaped for a JSON pointer (RFC 6901).
fn push_token(buffer: &mut String, token: &str) {
    buffer.push('/');
    if token.contains(['~', '/']) {
        buffer.push_str(&escape(token));
    } else {
        buffer.push_str(token);
    }
}

/// Calls `found` with each value matching the path pattern `segments` (`*`: any index) below
/// `value`, and the indices that `*` stood for. Nothing is allocated per value: a pointer is
/// written ([`fill`]) only for a reference found wrong.
fn each_match<'a>(
    value: &'a Value,
    segments: &[&str],
    indices: &mut Vec<usize>,
    found: &mut dyn FnMut(&[usize], &'a Value),
) {
    let Some((segment, rest)) = segments.split_first() else {
        found(indices, value);
        return;
    };
    match (*segment, value) {
        ("*", Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                indices.push(i);
                each_match(item, rest, indices, found);
                indices.pop();
            }
        }
        (key, Value::Object(map)) => {
            if let Some(child) = map.get(key) {
                each_match(child, rest, indices, found);
            }
        }
        _ => {}
    }
}

/// The pointer of a match of the pattern `segments`, its `*` replaced by `indices` in order.
fn fill(segments: &[&str], indices: &[usize]) -> String {
    let mut pointer = String::new();
    let mut indices = indices.iter();
    for segment in segments {
        if *segment == "*" {
            if let Some(i) = indices.next() {
                let _ = write!(pointer, "/{i}");
            }
        } else {
            push_token(&mut pointer, segment);
        }
    }
    pointer
}

/// Escapes an object key as a JSON-pointer segment (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use serde_json::json;

    use super::*;

    fn base() -> Value {
        json!({
            "project": {
                "id": "P-1", "name": "Test estate", "kind": "new_build",
                "phase": "design_review", "protection_level": "level3"
            },
            "site": {
                "perimeter": { "segments": [ { "id": "S1" }, { "id": "S2" } ] },
                "entrances": [
                    { "id": "E1", "kind": "pedestrian",
                      "lanes": [ { "id": "E1-L1", "kind": "pedestrian" } ] },
                    { "id": "E2", "kind": "vehicle" }
                ],
                "buildings": [ { "id": "B1", "units": [ { "id": "B1-U1",
                    "lifts": [ { "id": "B1-U1-L1" } ] } ] } ],
                "garages": [ { "id": "G1", "entrances": [ { "id": "G1-E1", "to_building": "B1" } ] } ],
                "facades": [ { "id": "F1", "building": "B1" } ]
            },
            "technical": {
                "cameras": [
                    { "id": "C1", "type": "face_capture", "covers": ["E1", "E1-L1", "monitoring_centre"] },
                    { "id": "C2", "type": "bullet", "covers": ["S1", "S2", "F1"] }
                ],
                "alarm_zones": [
                    { "id": "Z1", "technology": "pulse_fence", "segments": ["S1"], "linked_cameras": ["C2"] }
                ],
                "access_points": [ { "id": "A1", "location": "B1-U1" } ],
                "vehicle_barriers": [ { "id": "V1", "location": "G1-E1" } ],
                "emergency_buttons": [ { "id": "EB1", "location": "E1", "linked_camera": "C1" } ],
                "patrol": { "points": [ { "id": "PP1", "location": "S2" } ] },
                "iot_sensors": [ { "id": "I1", "kind": "smoke", "location": "B1-U1-L1" } ]
            },
            "physical": { "doors": [ { "id": "D1", "location": "monitoring_centre" } ] },
            "monitoring_centre": { "area_m2": 30.0 },
            "attachments": [ { "id": "ATT1", "kind": "drawing", "path": "plan.pdf" } ]
        })
    }

    fn set(value: &mut Value, pointer: &str, new: Value) {
        *value.pointer_mut(pointer).unwrap() = new;
    }

    #[test]
    fn valid_references_pass() {
        assert_eq!(check_refs(&base()), vec![]);
    }

    #[test]
    fn duplicate_id_is_reported_at_second_occurrence() {
        let mut value = base();
        set(&mut value, "/technical/patrol/points/0/id", json!("E1"));
        let problems = check_refs(&value);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].pointer, "/technical/patrol/points/0/id");
        assert!(problems[0].message.contains("\"E1\""));
        assert!(
            problems[0]
                .message
                .contains("an entrance at /site/entrances/0")
        );
    }

    #[test]
    fn duplicate_follows_section_order_not_alphabet() {
        // "physical" sorts before "site", but site comes first in a submission.
        let mut value = base();
        set(&mut value, "/physical/doors/0/id", json!("S1"));
        let problems = check_refs(&value);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].pointer, "/physical/doors/0/id");
        assert!(problems[0].message.contains("/site/perimeter/segments/0"));
    }

    #[test]
    fn nested_duplicates_are_found() {
        let mut value = base();
        set(
            &mut value,
            "/site/buildings/0/units/0/lifts",
            json!([ { "id": "B1-U1-L1" }, { "id": "E1-L1" } ]),
        );
        let problems = check_refs(&value);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].pointer, "/site/buildings/0/units/0/lifts/1/id");
        assert!(
            problems[0]
                .message
                .contains("a lane at /site/entrances/0/lanes/0")
        );
    }

    #[test]
    fn dangling_reference_suggests_closest_id() {
        let mut value = base();
        set(&mut value, "/technical/cameras/0/covers/1", json!("e1-l2"));
        let problems = check_refs(&value);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        let problem = &problems[0];
        assert_eq!(problem.pointer, "/technical/cameras/0/covers/1");
        assert_eq!(
            problem.message,
            "unknown id \"e1-l2\" in covers: no element has this id"
        );
        assert_eq!(
            problem.hint,
            "did you mean \"E1-L1\" (a lane at /site/entrances/0/lanes/0)?"
        );
    }

    #[test]
    fn did_you_mean_only_offers_allowed_kinds() {
        // "C3" is close to the camera ids, but a vehicle barrier stands at an entrance.
        let mut value = base();
        set(
            &mut value,
            "/technical/vehicle_barriers/0/location",
            json!("E3"),
        );
        let problems = check_refs(&value);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].hint.starts_with("did you mean \"E"),
            "{problems:#?}"
        );

        set(
            &mut value,
            "/technical/vehicle_barriers/0/location",
            json!("zzz"),
        );
        let problems = check_refs(&value);
        assert_eq!(
            problems[0].hint,
            "expected the id of an entrance, a lane or a garage entrance; \
             declared: \"E1\", \"E1-L1\", \"E2\", \"G1-E1\""
        );
    }

    #[test]
    fn did_you_mean_offers_the_centre() {
        let mut value = base();
        set(
            &mut value,
            "/physical/doors/0/location",
            json!("monitoring_center"),
        );
        let problems = check_refs(&value);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(
            problems[0].hint,
            "did you mean \"monitoring_centre\" (the monitoring centre at /monitoring_centre)?"
        );
    }

    #[test]
    fn wrong_kind_is_reported() {
        let mut value = base();
        set(
            &mut value,
            "/technical/alarm_zones/0/linked_cameras/0",
            json!("S2"),
        );
        let problems = check_refs(&value);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(
            problems[0].pointer,
            "/technical/alarm_zones/0/linked_cameras/0"
        );
        assert_eq!(
            problems[0].message,
            "\"S2\" is a perimeter segment (/site/perimeter/segments/1), \
             but linked_cameras takes the id of a camera"
        );
        assert_eq!(
            problems[0].hint,
            "did you mean \"C2\" (a camera at /technical/cameras/1)?"
        );
    }

    #[test]
    fn centre_is_not_a_building() {
        let mut value = base();
        set(
            &mut value,
            "/site/facades/0/building",
            json!("monitoring_centre"),
        );
        let problems = check_refs(&value);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].message.contains("is the monitoring centre"));
    }

    #[test]
    fn centre_id_is_reserved() {
        let mut value = base();
        set(
            &mut value,
            "/site/entrances/1/id",
            json!("monitoring_centre"),
        );
        let problems = check_refs(&value);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].pointer, "/site/entrances/1/id");
        assert!(problems[0].message.contains("reserved"));
    }

    #[test]
    fn no_candidates_says_so() {
        let mut value = base();
        set(&mut value, "/site/buildings", json!([]));
        let problems = check_refs(&value);
        // to_building, facade building, and the references to the unit and lift.
        let hints: Vec<&str> = problems.iter().map(|p| p.hint.as_str()).collect();
        assert!(
            hints.contains(&"expected the id of a building, and none is declared"),
            "{problems:#?}"
        );
    }

    #[test]
    fn index_ids_lists_first_occurrences_and_the_centre() {
        let mut value = base();
        set(&mut value, "/technical/patrol/points/0/id", json!("E1"));
        let index = index_ids(&value);
        assert_eq!(index["E1"], "/site/entrances/0");
        assert_eq!(index["E1-L1"], "/site/entrances/0/lanes/0");
        assert_eq!(index["B1-U1-L1"], "/site/buildings/0/units/0/lifts/0");
        assert_eq!(index["ATT1"], "/attachments/0");
        assert_eq!(index[CENTRE_ID], CENTRE_POINTER);
        assert!(!index.contains_key("PP1"));
    }

    #[test]
    fn kind_of_names_elements() {
        assert_eq!(
            kind_of("/site/entrances/3").map(|k| k.name),
            Some("an entrance")
        );
        assert_eq!(
            kind_of("/site/garages/0/entrances/1").map(|k| k.name),
            Some("a garage entrance")
        );
        assert_eq!(kind_of("/site/entrances"), None);
    }

    #[test]
    fn every_element_kind_is_an_array_of_the_schema() {
        let schema = crate::model::schema::submission_schema_ref();
        for kind in ELEMENT_KINDS {
            let node = schema_node(schema, kind.pattern)
                .unwrap_or_else(|| panic!("{} is not in the schema", kind.pattern));
            if kind.pattern != CENTRE_POINTER {
                let props = node.get("properties").expect("element has properties");
                assert!(props.get("id").is_some(), "{} has no id", kind.pattern);
            }
        }
    }

    #[test]
    fn every_reference_path_is_in_the_schema_and_targets_are_known_kinds() {
        let schema = crate::model::schema::submission_schema_ref();
        for reference in REFERENCES {
            let node = schema_node(schema, reference.path)
                .unwrap_or_else(|| panic!("{} is not in the schema", reference.path));
            assert!(
                node.get("type")
                    .is_some_and(|t| t.to_string().contains("string")),
                "{} is not a string: {node}",
                reference.path
            );
            if let Targets::Only(kinds) = reference.targets {
                for pattern in kinds {
                    assert!(
                        ELEMENT_KINDS.iter().any(|kind| kind.pattern == *pattern),
                        "{pattern} is not an element kind"
                    );
                }
            }
        }
    }

    #[test]
    fn every_reference_path_is_exercised_by_the_base() {
        let value = base();
        for reference in REFERENCES {
            let segments: Vec<&str> = reference.path.split('/').skip(1).collect();
            let mut pointers = Vec::new();
            each_match(
                &value,
                &segments,
                &mut Vec::new(),
                &mut |indices, target| {
                    pointers.push(fill(&segments, indices));
                    assert_eq!(value.pointer(pointers.last().unwrap()), Some(target));
                },
            );
            assert!(!pointers.is_empty(), "{} matches nothing", reference.path);
        }
    }

    /// Follows a path pattern through the schema (`$ref`, `anyOf` with null, `items`).
    fn schema_node<'a>(schema: &'a Value, path: &str) -> Option<&'a Value> {
        let mut node = deref(schema, schema);
        for segment in path.split('/').skip(1) {
            node = if segment == "*" {
                node.get("items")?
            } else {
                node.get("properties")?.get(segment)?
            };
            node = deref(schema, node);
        }
        Some(node)
    }

    fn deref<'a>(schema: &'a Value, mut node: &'a Value) -> &'a Value {
        loop {
            if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
                node = schema.pointer(reference.trim_start_matches('#')).unwrap();
            } else if let Some(any_of) = node.get("anyOf").and_then(Value::as_array) {
                node = any_of
                    .iter()
                    .find(|s| s.get("type") != Some(&json!("null")))
                    .unwrap();
            } else {
                return node;
            }
        }
    }
}
