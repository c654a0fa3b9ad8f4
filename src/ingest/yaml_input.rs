//! YAML and JSON through saphyr's marked tree.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde_json::{Map, Number, Value};

use std::fmt::Write as _;

use super::pointer::{PointerMap, PointerNode, escape_pointer_token};
use super::source::{Format, Source};
use crate::diagnostic::{Location, Problem};

/// Deeper nesting than this is not a submission; refusing it keeps the walk's stack bounded.
const MAX_DEPTH: usize = 64;

/// The most values a submission may hold, counting keys, scalars, lists and mappings: about
/// 38,000 cameras of five fields, twenty times the largest sample. A value costs up to 1 KB
/// until the report is written (564 MB for an HTML opinion at the limit), so this keeps every
/// command under 1 GiB.
pub const MAX_VALUES: usize = 500_000;

/// A file this large has its values counted before its tree is built; a smaller one (at most
/// about 250 MB parsed, whatever its shape) is counted after (see `ingest::parse`), which costs
/// nothing: counting first takes a fifth of the parse.
pub const PRECOUNT_BYTES: usize = 4 << 20;

/// The longest line of a YAML file: saphyr's scanner holds the tokens of a line in a flow
/// collection until the line ends (a 20 MB one-line list took 890 MB), so a long line is
/// refused before it is read. JSON (`.json`) has no such limit.
pub const MAX_YAML_LINE_BYTES: usize = 1 << 20;

/// The value, its places and, where the reader counted them as it read, the number of values
/// (keys included, as [`super::past_value_limit`] counts them).
pub(super) fn parse(
    source: &Source,
    format: Format,
) -> Result<(Value, PointerMap, Option<usize>), Problem> {
    if format == Format::Yaml {
        long_line(source)?;
    }
    // Only the events are counted (saphyr's parser, no tree), or serde_json's stream.
    if source.text.len() >= PRECOUNT_BYTES {
        match format {
            Format::Json => count_json_values(source)?,
            _ => count_values(source, format)?,
        }
    }
    if format == Format::Json {
        // The places are read when a message or a finding first needs one.
        if let Some((value, count)) = super::fast::json::value(&source.text) {
            let text = std::sync::Arc::from(source.text.as_str());
            let places = PointerMap::deferred(text, super::fast::json::places);
            return Ok((value, places, Some(count)));
        }
    } else if let Some((value, node)) = super::fast::yaml(&source.text) {
        return Ok((value, PointerMap::new(node), None));
    }
    careful(source, format).map(|(value, places)| (value, places, None))
}

/// Through saphyr's marked tree: every problem of the file named and placed.
pub(super) fn careful(source: &Source, format: Format) -> Result<(Value, PointerMap), Problem> {
    let docs = match MarkedYaml::load_from_str(&source.text) {
        Ok(docs) => docs,
        Err(e) => return Err(scan_problem(source, format, &e)),
    };
    let mut docs = docs.into_iter();
    let Some(doc) = docs.next() else {
        return Err(Problem::file(&source.name, "holds no data (only comments or blank lines)")
            .hint("a submission needs at least a `project` section; `anfang init` writes a starter file"));
    };
    if let Some(second) = docs.next() {
        return Err(
            Problem::file(&source.name, "holds more than one YAML document")
                .at(Some(marker_location(&second.span.start)))
                .hint("put one submission per file; remove the `---` separator"),
        );
    }
    let (value, node) = convert(source, &doc, &mut String::new(), 0)?;
    Ok((value, PointerMap::new(node)))
}

/// Refuses a YAML file with a line longer than [`MAX_YAML_LINE_BYTES`].
fn long_line(source: &Source) -> Result<(), Problem> {
    if source.text.len() <= MAX_YAML_LINE_BYTES {
        return Ok(());
    }
    let mut start = 0;
    for end in
        memchr::memchr_iter(b'\n', source.text.as_bytes()).chain(std::iter::once(source.text.len()))
    {
        if end - start > MAX_YAML_LINE_BYTES {
            return Err(Problem::file(
                &source.name,
                format!(
                    "has a line of {:.1} MiB; anfang reads YAML lines of at most {} MiB",
                    (end - start) as f64 / 1_048_576.0,
                    MAX_YAML_LINE_BYTES >> 20
                ),
            )
            .at(Some(source.location_of_byte(start)))
            .hint("break the list over several lines (one `- item` each), or save JSON as .json"));
        }
        start = end + 1;
    }
    Ok(())
}

/// Refuses a file with more than [`MAX_VALUES`] values, at the value past the limit. A syntax
/// error is left to the full parse, which reports it.
fn count_values(source: &Source, format: Format) -> Result<(), Problem> {
    use saphyr_parser::{Event, Parser};
    let mut values = 0usize;
    for event in Parser::new_from_str(&source.text) {
        let Ok((event, span)) = event else {
            return Ok(());
        };
        if matches!(
            event,
            Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
                | Event::Alias(_)
        ) {
            values += 1;
            if values > MAX_VALUES {
                let what = if format == Format::Json {
                    "JSON"
                } else {
                    "YAML"
                };
                return Err(too_many_values(source, what, marker_location(&span.start)));
            }
        }
    }
    Ok(())
}

pub(super) fn too_many_values(source: &Source, what: &str, at: Location) -> Problem {
    Problem::file(
        &source.name,
        format!(
            "holds more than {} values; anfang reads {what} submissions of at most that many",
            crate::diagnostic::thousands(MAX_VALUES)
        ),
    )
    .at(Some(at))
    .hint("a submission describes the design: move long equipment lists into attachments")
}

/// The JSON counterpart of [`count_values`], through serde_json's streaming reader (saphyr's
/// scanner holds a whole one-line flow mapping's tokens in memory).
fn count_json_values(source: &Source) -> Result<(), Problem> {
    let mut values = 0usize;
    let mut de = serde_json::Deserializer::from_str(&source.text);
    match serde::de::DeserializeSeed::deserialize(JsonCount(&mut values), &mut de) {
        Err(e) if values > MAX_VALUES => Err(too_many_values(
            source,
            "JSON",
            Location {
                line: e.line().max(1),
                column: e.column().max(1),
            },
        )),
        // A syntax error is reported by the full parse.
        _ => Ok(()),
    }
}

/// Counts the values of a JSON document without keeping any; fails past [`MAX_VALUES`].
struct JsonCount<'a>(&'a mut usize);

impl JsonCount<'_> {
    fn bump<E: serde::de::Error>(&mut self) -> Result<(), E> {
        *self.0 += 1;
        if *self.0 > MAX_VALUES {
            Err(E::custom("too many values"))
        } else {
            Ok(())
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for JsonCount<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonCount<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: serde::de::Error>(mut self, _: bool) -> Result<(), E> {
        self.bump()
    }

    fn visit_i64<E: serde::de::Error>(mut self, _: i64) -> Result<(), E> {
        self.bump()
    }

    fn visit_u64<E: serde::de::Error>(mut self, _: u64) -> Result<(), E> {
        self.bump()
    }

    fn visit_f64<E: serde::de::Error>(mut self, _: f64) -> Result<(), E> {
        self.bump()
    }

    fn visit_str<E: serde::de::Error>(mut self, _: &str) -> Result<(), E> {
        self.bump()
    }

    fn visit_unit<E: serde::de::Error>(mut self) -> Result<(), E> {
        self.bump()
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.bump()?;
        while seq.next_element_seed(JsonCount(self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.bump()?;
        while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
            map.next_value_seed(JsonCount(self.0))?;
        }
        Ok(())
    }
}

fn marker_location(m: &saphyr::Marker) -> Location {
    Location {
        line: m.line().max(1),
        column: m.col() + 1,
    }
}

fn scan_problem(source: &Source, format: Format, e: &saphyr::ScanError) -> Problem {
    if format == Format::Json
        && let Err(je) = serde_json::from_str::<serde::de::IgnoredAny>(&source.text)
    {
        return Problem::file(
            &source.name,
            format!("is not valid JSON: {}", strip_position(&je.to_string())),
        )
        .at(Some(Location {
            line: je.line().max(1),
            column: je.column().max(1),
        }))
        .hint("check for a missing comma, quote or bracket just before this point");
    }
    let info = e.info();
    let mut at = marker_location(e.marker());
    let mut info = info.to_owned();
    let hint = if info.contains("duplicate") {
        if let Some(first) = first_key_occurrence(source, at) {
            info.push_str(&format!(
                "; the first is at line {}, column {}",
                first.line, first.column
            ));
        }
        "each key may appear once in a mapping; remove or rename the repeated key"
    } else if info.contains("recursion") {
        "a submission is a few levels deep; check for runaway brackets or indentation"
    } else if info.contains("exceeded") {
        "anchors and aliases may not expand into more than 100,000 nodes"
    } else if info.contains("anchor or alias") {
        "in YAML `*` and `&` start aliases and anchors: quote a value that begins with them or holds `[*]`"
    } else if info.contains("tab") {
        // saphyr's marker can stand a line before or after the tab: point at the tab.
        if let Some(tab) = first_indenting_tab(source, at.line + 1) {
            at = tab;
        }
        "indent with spaces, not tabs"
    } else {
        "check the indentation and quoting on this line and the one before"
    };
    let what = if format == Format::Json {
        "JSON"
    } else {
        "YAML"
    };
    Problem::file(&source.name, format!("is not valid {what}: {info}"))
        .at(Some(at))
        .hint(hint)
}

/// The first tab in a line's indentation, up to line `last`.
fn first_indenting_tab(source: &Source, last: usize) -> Option<Location> {
    (1..=last).find_map(|line| {
        let text = source.line_text(line)?;
        let indent: String = text
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        indent.chars().position(|c| c == '\t').map(|i| Location {
            line,
            column: i + 1,
        })
    })
}

/// Where the mapping that holds the duplicated key at `at` has that key first: in a block
/// mapping, the lines above at the same indentation; in a flow mapping (JSON), the same
/// bracket depth before it.
fn first_key_occurrence(source: &Source, at: Location) -> Option<Location> {
    let line = source.line_text(at.line)?;
    let column = at.column.saturating_sub(1);
    let start = line.char_indices().nth(column).map(|(i, _)| i)?;
    let rest = line.get(start..)?;
    let key: &str = if let Some(quoted) = rest.strip_prefix('"') {
        quoted.split('"').next()?
    } else {
        rest.split(':').next()?.trim_end()
    };
    if key.is_empty() {
        return None;
    }
    let before = line.get(..start)?;
    if before.chars().all(|c| c == ' ' || c == '-') {
        // Block mapping: same indentation, above, until the parent.
        for number in (1..at.line).rev() {
            let text = source.line_text(number)?;
            let trimmed = text.trim_start_matches(' ');
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = text.len() - trimmed.len();
            if indent < start {
                return None;
            }
            if indent == start
                && let Some(after) = trimmed.strip_prefix(key)
                && after.trim_start().starts_with(':')
            {
                return Some(Location {
                    line: number,
                    column: column + 1,
                });
            }
        }
        return None;
    }
    // Flow mapping: walk back through the text at bracket depth 0.
    let offset = source.line_start(at.line)? + start;
    let text = source.text.get(..offset)?;
    let quoted = format!("\"{key}\"");
    let mut depth = 0usize;
    for (i, c) in text.char_indices().rev() {
        match c {
            '}' | ']' => depth += 1,
            '{' | '[' if depth == 0 => return None,
            '{' | '[' => depth -= 1,
            _ if depth == 0 => {
                let tail = text.get(i..)?;
                let name = if tail.starts_with(&quoted) {
                    quoted.len()
                } else if tail.starts_with(key) {
                    key.len()
                } else {
                    continue;
                };
                let prev = text.get(..i)?.trim_end().chars().last();
                let after = tail.get(name..)?.trim_start();
                if matches!(prev, Some('{' | ',')) && after.starts_with(':') {
                    return Some(source.location_of_byte(i));
                }
            }
            _ => {}
        }
    }
    None
}

/// serde_json appends " at line L column C"; the location is reported separately.
fn strip_position(message: &str) -> String {
    message
        .rfind(" at line ")
        .and_then(|i| message.get(..i))
        .unwrap_or(message)
        .to_owned()
}

/// Converts `node` into a JSON value and its places. `pointer` holds the node's JSON pointer on
/// entry and again on return; it is copied only into a problem.
fn convert(
    source: &Source,
    node: &MarkedYaml<'_>,
    pointer: &mut String,
    depth: usize,
) -> Result<(Value, PointerNode), Problem> {
    let at = marker_location(&node.span.start);
    if depth > MAX_DEPTH {
        return Err(Problem::file(
            &source.name,
            format!("nests deeper than {MAX_DEPTH} levels"),
        )
        .at(Some(at))
        .pointer(pointer.clone())
        .hint("a submission is a few levels deep; check for runaway indentation or brackets"));
    }
    Ok(match &node.data {
        YamlData::Value(scalar) => (
            scalar_value(source, scalar, pointer, at)?,
            PointerNode::leaf(at),
        ),
        YamlData::Sequence(items) => {
            let mut values = Vec::with_capacity(items.len());
            let mut places = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{i}");
                let (v, place) = convert(source, item, pointer, depth + 1)?;
                pointer.truncate(len);
                values.push(v);
                places.push(place);
            }
            (Value::Array(values), PointerNode::items(at, places))
        }
        YamlData::Mapping(entries) => {
            let mut out = Map::new();
            let mut places = Vec::with_capacity(entries.len());
            for (key, item) in entries {
                let name = key_name(source, key, pointer)?;
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(&name));
                let (v, place) = convert(source, item, pointer, depth + 1)?;
                pointer.truncate(len);
                places.push((name.clone(), marker_location(&key.span.start), place));
                out.insert(name, v);
            }
            (Value::Object(out), PointerNode::fields(at, places))
        }
        YamlData::Tagged(_, inner) => return convert(source, inner, pointer, depth),
        YamlData::BadValue | YamlData::Representation(..) => {
            return Err(
                Problem::file(&source.name, "holds a value that could not be read")
                    .at(Some(at))
                    .pointer(pointer.clone())
                    .hint("quote the value if it is text"),
            );
        }
        YamlData::Alias(_) => {
            return Err(
                Problem::file(&source.name, "holds an alias that could not be resolved")
                    .at(Some(at))
                    .pointer(pointer.clone())
                    .hint("define the anchor (&name) before its alias (*name)"),
            );
        }
    })
}

fn scalar_value(
    source: &Source,
    scalar: &Scalar<'_>,
    pointer: &str,
    at: Location,
) -> Result<Value, Problem> {
    Ok(match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Number(Number::from(*i)),
        Scalar::FloatingPoint(f) => match Number::from_f64(f.0) {
            Some(n) => Value::Number(n),
            None => {
                return Err(Problem::file(
                    &source.name,
                    "holds a number that is not finite (.nan or .inf)",
                )
                .at(Some(at))
                .pointer(pointer)
                .hint("write a finite number"));
            }
        },
        Scalar::String(s) => Value::String(s.to_string()),
    })
}

fn key_name(source: &Source, key: &MarkedYaml<'_>, pointer: &str) -> Result<String, Problem> {
    match &key.data {
        YamlData::Value(Scalar::String(s)) => Ok(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Ok(i.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Ok(b.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Ok(f.0.to_string()),
        YamlData::Value(Scalar::Null) => Ok("null".to_owned()),
        _ => Err(
            Problem::file(&source.name, "has a mapping key that is not a plain word")
                .at(Some(marker_location(&key.span.start)))
                .pointer(pointer)
                .hint("keys are field names such as `cameras`"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, format: Format) -> Result<(Value, PointerMap), Problem> {
        parse(&Source::from_text("t", text), format).map(|(value, places, _)| (value, places))
    }

    #[test]
    fn every_value_and_key_has_a_place() {
        let (v, map) = load(
            "project:\n  name: 小区\ncameras:\n  - id: C1\n    resolution_mp: 4\n",
            Format::Yaml,
        )
        .unwrap();
        assert_eq!(v["cameras"][0]["resolution_mp"], 4);
        assert_eq!(
            map.locate("/cameras/0/resolution_mp"),
            Some(Location {
                line: 5,
                column: 20
            })
        );
        assert_eq!(
            map.key("/cameras/0/resolution_mp"),
            Some(Location { line: 5, column: 5 })
        );
        assert_eq!(
            map.locate("/project/name"),
            Some(Location { line: 2, column: 9 })
        );
        // a field that is not there is located at its parent
        assert_eq!(
            map.locate("/cameras/0/frame_rate_fps"),
            map.locate("/cameras/0")
        );
    }

    #[test]
    fn yaml_1_2_keeps_no_as_a_string() {
        let (v, _) = load("a: no\nb: 0755\n", Format::Yaml).unwrap();
        assert_eq!(v["a"], "no");
        assert_eq!(v["b"], 755);
    }

    #[test]
    fn json_gets_lines_too() {
        let (_, map) = load(
            "{\n  \"project\": {\n    \"name\": \"x\"\n  }\n}\n",
            Format::Json,
        )
        .unwrap();
        assert_eq!(
            map.locate("/project/name"),
            Some(Location {
                line: 3,
                column: 13
            })
        );
    }

    #[test]
    fn duplicate_keys_are_an_error_with_a_place() {
        let p = load("a: 1\nb: 2\na: 3\n", Format::Yaml).unwrap_err();
        assert!(p.message.contains("duplicate"), "{p}");
        assert_eq!(p.location.map(|l| l.line), Some(3));
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let p = load("{\n  \"a\": 1\n  \"b\": 2\n}\n", Format::Json).unwrap_err();
        assert_eq!(p.location.map(|l| l.line), Some(3), "{p}");
        assert!(p.message.starts_with("is not valid JSON"), "{p}");
    }

    #[test]
    fn a_stray_star_gets_a_quoting_hint() {
        let p = load("of: [site.entrances[*]]\n", Format::Yaml).unwrap_err();
        assert!(
            p.hint.unwrap_or_default().contains("quote"),
            "{:?}",
            p.message
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h'] {
            text.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = name;
        }
        let p = load(&text, Format::Yaml).unwrap_err();
        assert!(p.message.contains("alias"), "{p}");
    }
}
