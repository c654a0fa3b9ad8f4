//! The fast paths of reading a submission: a JSON value and its places straight from the text,
//! without saphyr's marked tree.
//!
//! Both paths give up (`None`) on anything but a well-formed, plain document, and the careful
//! path (`yaml_input::convert` over saphyr's `MarkedYaml`) then reads the file again and
//! reports exactly what it always did. So a problem's message and place never depend on which
//! path ran; on the documents they accept, both paths give the same value and the same places
//! (the tests compare them on every sample, standard file and hand-made edge case).
//!
//! - YAML: first the block reader (`block`: the plain block YAML people write, without
//!   saphyr's scanner), then saphyr's own parser events (on the fast `&str` input), with its own scalar resolution
//!   (YAML 1.2 core schema) and markers. Given up on: anchors, aliases, tags, more than one
//!   document, a duplicate key, a key that is not a scalar, a non-finite number, deep nesting,
//!   any scan error.
//! - JSON: a small recursive-descent reader (RFC 8259, `json`) whose numbers and literals are
//!   resolved by saphyr's resolution too. It reads the value first and the places only when a
//!   message or a finding first needs one. Given up on: anything that is not strict JSON, a
//!   duplicate key, deep nesting, a `\u` escape of a surrogate (saphyr refuses even a pair).

use saphyr::Scalar;
use saphyr_parser::{Event, Parser};
use serde_json::{Map, Number, Value};

use super::pointer::PointerNode;
use crate::diagnostic::Location;

mod block;
pub(super) mod json;

/// Deeper nesting than this is refused by the careful path, which says so.
const MAX_DEPTH: usize = 64;

/// A scalar resolved the way `yaml_input::scalar_value` does; `None` for a non-finite float.
fn scalar_json(scalar: Scalar<'_>) -> Option<Value> {
    Some(match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(b),
        Scalar::Integer(i) => Value::Number(Number::from(i)),
        Scalar::FloatingPoint(f) => Value::Number(Number::from_f64(f.0)?),
        Scalar::String(s) => Value::String(s.into_owned()),
    })
}

/// A key's name the way `yaml_input::key_name` writes it.
fn key_text(scalar: Scalar<'_>) -> String {
    match scalar {
        Scalar::String(s) => s.into_owned(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::Boolean(b) => b.to_string(),
        Scalar::FloatingPoint(f) => f.0.to_string(),
        Scalar::Null => "null".to_owned(),
    }
}

/// A container being built.
enum Frame {
    Seq {
        at: Location,
        values: Vec<Value>,
        places: Vec<PointerNode>,
    },
    Map {
        at: Location,
        values: Map<String, Value>,
        places: Vec<(String, Location, PointerNode)>,
        /// The key read, waiting for its value.
        key: Option<(String, Location)>,
    },
}

impl Frame {
    fn seq(at: Location) -> Frame {
        Frame::Seq {
            at,
            values: Vec::new(),
            places: Vec::new(),
        }
    }

    fn map(at: Location) -> Frame {
        Frame::Map {
            at,
            values: Map::new(),
            places: Vec::new(),
            key: None,
        }
    }

    fn finish(self) -> (Value, PointerNode) {
        match self {
            Frame::Seq { at, values, places } => {
                (Value::Array(values), PointerNode::items(at, places))
            }
            Frame::Map {
                at, values, places, ..
            } => (Value::Object(values), PointerNode::fields(at, places)),
        }
    }
}

/// Builds the value and its places from nodes handed over in document order.
#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<(Value, PointerNode)>,
}

/// What the fast path cannot take (the careful path reads the file again).
struct GiveUp;

impl Builder {
    /// A scalar: a mapping's key, or a value.
    fn scalar(&mut self, scalar: Scalar<'_>, at: Location) -> Result<(), GiveUp> {
        if let Some(Frame::Map {
            key: key @ None, ..
        }) = self.stack.last_mut()
        {
            *key = Some((key_text(scalar), at));
            return Ok(());
        }
        if self.stack.len() > MAX_DEPTH {
            return Err(GiveUp);
        }
        let value = scalar_json(scalar).ok_or(GiveUp)?;
        self.value(value, PointerNode::leaf(at))
    }

    fn start(&mut self, frame: Frame) -> Result<(), GiveUp> {
        // A container as a mapping key, or nesting the careful path refuses.
        if matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
            || self.stack.len() > MAX_DEPTH
            || self.root.is_some()
        {
            return Err(GiveUp);
        }
        self.stack.push(frame);
        Ok(())
    }

    fn end(&mut self) -> Result<(), GiveUp> {
        let frame = self.stack.pop().ok_or(GiveUp)?;
        if matches!(frame, Frame::Map { key: Some(_), .. }) {
            return Err(GiveUp);
        }
        let (value, place) = frame.finish();
        self.value(value, place)
    }

    /// A finished value: into its container, or the root.
    fn value(&mut self, value: Value, place: PointerNode) -> Result<(), GiveUp> {
        match self.stack.last_mut() {
            None if self.root.is_none() => {
                self.root = Some((value, place));
                Ok(())
            }
            None => Err(GiveUp),
            Some(Frame::Seq { values, places, .. }) => {
                values.push(value);
                places.push(place);
                Ok(())
            }
            Some(Frame::Map {
                values,
                places,
                key,
                ..
            }) => {
                let (name, key_at) = key.take().ok_or(GiveUp)?;
                match values.entry(name.clone()) {
                    serde_json::map::Entry::Occupied(_) => return Err(GiveUp),
                    serde_json::map::Entry::Vacant(slot) => {
                        slot.insert(value);
                    }
                }
                places.push((name, key_at, place));
                Ok(())
            }
        }
    }

    fn finish(self) -> Option<(Value, PointerNode)> {
        if self.stack.is_empty() {
            self.root
        } else {
            None
        }
    }
}

fn marker_location(m: &saphyr_parser::Marker) -> Location {
    Location {
        line: m.line().max(1),
        column: m.col() + 1,
    }
}

/// A YAML document: by the block reader, else from saphyr's events; `None` when the careful
/// path must read it.
pub(super) fn yaml(text: &str) -> Option<(Value, PointerNode)> {
    block::read(text).or_else(|| yaml_events(text))
}

/// A YAML document read from saphyr's events.
fn yaml_events(text: &str) -> Option<(Value, PointerNode)> {
    let mut builder = Builder::default();
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let at = marker_location(&span.start);
        let step = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 { Err(GiveUp) } else { Ok(()) }
            }
            Event::Alias(_) => Err(GiveUp),
            Event::Scalar(_, _, anchor, _)
            | Event::SequenceStart(anchor, _)
            | Event::MappingStart(anchor, _)
                if anchor != 0 =>
            {
                Err(GiveUp)
            }
            Event::Scalar(_, _, _, Some(_))
            | Event::SequenceStart(_, Some(_))
            | Event::MappingStart(_, Some(_)) => Err(GiveUp),
            Event::Scalar(v, style, _, None) => {
                match Scalar::parse_from_cow_and_metadata(v, style, None) {
                    Some(scalar) => builder.scalar(scalar, at),
                    None => Err(GiveUp),
                }
            }
            Event::SequenceStart(..) => builder.start(Frame::seq(at)),
            Event::MappingStart(..) => builder.start(Frame::map(at)),
            Event::SequenceEnd | Event::MappingEnd => builder.end(),
        };
        step.ok()?;
    }
    builder.finish()
}

/// A strict JSON document's value and places, in two passes (see [`json`]); `None` when the
/// careful path must read it.
#[cfg(test)]
pub(super) fn json(text: &str) -> Option<(Value, PointerNode)> {
    Some((json::value(text)?.0, json::places(text)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::PointerMap;
    use crate::ingest::source::{Format, Source};
    use crate::ingest::yaml_input::careful;

    /// A document read: its value and places.
    type Read = Option<(Value, PointerMap)>;

    /// What the fast path gives, next to the careful path's result.
    fn both(text: &str, format: Format) -> (Read, Read) {
        let fast = match format {
            Format::Json => json(text),
            _ => yaml(text),
        }
        .map(|(v, n)| (v, PointerMap::new(n)));
        let careful = careful(&Source::from_text("t", text), format).ok();
        (fast, careful)
    }

    /// The fast path takes `text` and agrees with the careful path on value and places.
    fn agrees(text: &str, format: Format) {
        let (fast, careful) = both(text, format);
        let fast = fast.unwrap_or_else(|| panic!("the fast path gave up on {text:.200}"));
        assert_eq!(Some(fast), careful, "{text:.200}");
    }

    /// The fast path gives up on `text` (so the careful path reads it, and reports).
    fn gives_up(text: &str, format: Format) {
        let (fast, _) = both(text, format);
        assert!(fast.is_none(), "the fast path took {text:?}");
    }

    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                out.push(path);
            }
        }
    }

    /// Every YAML and JSON file of the project (samples, standards, fixtures), as it is, in
    /// JSON pretty and minified: where the careful path reads it, the fast path gives the same
    /// value and places, or gives up.
    #[test]
    fn every_project_file_reads_the_same_on_both_paths() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        for dir in ["samples", "standards", "tests", "docs"] {
            files(&root.join(dir), &mut paths);
        }
        let (mut taken, mut compared) = (0, 0);
        for path in &paths {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let format = if path.extension().is_some_and(|e| e == "json") {
                Format::Json
            } else {
                Format::Yaml
            };
            let (fast, careful) = both(&text, format);
            if let Some(fast) = fast {
                taken += 1;
                assert_eq!(Some(&fast), careful.as_ref(), "{}", path.display());
            }
            // The same content as JSON, both layouts.
            if let Some((value, _)) = careful {
                for json_text in [
                    serde_json::to_string_pretty(&value).unwrap_or_default(),
                    serde_json::to_string(&value).unwrap_or_default(),
                ] {
                    agrees(&json_text, Format::Json);
                    compared += 1;
                }
            }
        }
        assert!(
            taken > 40 && compared > 80,
            "{taken} files taken, {compared} compared"
        );
    }

    /// The JSON reader's count of values and keys is the count `ingest::past_value_limit`
    /// walks to (each value and each key once), on every project file in JSON form.
    #[test]
    fn the_json_reader_counts_what_the_value_limit_counts() {
        fn walk(v: &Value) -> usize {
            1 + match v {
                Value::Array(items) => items.iter().map(walk).sum(),
                Value::Object(map) => map.values().map(|item| 1 + walk(item)).sum(),
                _ => 0,
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        for dir in ["samples", "tests/scenarios"] {
            files(&root.join(dir), &mut paths);
        }
        let mut counted = 0;
        for path in &paths {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let Some((value, _)) = yaml(&text) else {
                continue;
            };
            let json_text = serde_json::to_string_pretty(&value).unwrap_or_default();
            let (read, count) = json::value(&json_text).expect("the reader takes its own JSON");
            assert_eq!(read, value, "{}", path.display());
            assert_eq!(count, walk(&value), "{}", path.display());
            counted += 1;
        }
        assert!(counted >= 10, "{counted} files");
    }

    #[test]
    fn json_edge_cases_agree() {
        for text in [
            "{}",
            "{\"a\":1}",
            " {\n  \"a\" : [ 1, -0, 2.5, 1e5, -1.5E-3, 0.1, 9223372036854775807 ],\n\t\"b\": {\"c\": null, \"d\": true, \"e\": false}\n}\n",
            "{\"名称\": \"洱海\\u5929\\n\\t\\\"q\\\" \\/ \\\\\", \"x\": \"😀\"}",
            "{\"长\": \"一二三\", \"k\": [\"é\", {\"deep\": [[[]]]}]}",
            "{\"yes\": \"no\", \"on\": \"off\", \"n\": \"null\", \"1\": \"0x10\"}",
            "[1, 2]",
            "\"text\"",
            "{\"big\": 123456789012345678901234567890}",
        ] {
            agrees(text, Format::Json);
        }
    }

    #[test]
    fn json_the_fast_path_does_not_take() {
        for text in [
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": 1,}",
            "{a: 1}",
            "{\"a\": 01}",
            "{\"a\": .5}",
            "{\"a\": NaN}",
            "{\"a\": \"tab\there\"}",
            "{\"a\": \"\\ud800\"}",
            "{\"a\": \"\\ud83d\\ude00\"}",
            "{\"a\": 1} {\"b\": 2}",
            "",
            "{\"a\": 1",
            "{\"a\": 'x'}",
            "{\"a\": 1} # comment",
        ] {
            gives_up(text, Format::Json);
        }
        let deep = format!("{}{}", "[".repeat(80), "]".repeat(80));
        gives_up(&deep, Format::Json);
        let just = format!("{}{}", "[".repeat(65), "]".repeat(65));
        agrees(&just, Format::Json);
    }

    #[test]
    fn yaml_edge_cases_agree() {
        for text in [
            "a: 1\nb: [1, 2]\nc:\n  d: no\n  e: ~\n  f:\n",
            "# comment\nproject:\n  name: \"洱海天境\"   # trailing\n  households: 0x1F\n  ratio: .5\n  list:\n    - x\n    -\n    - {k: v, 'q': \"w\"}\n",
            "1: one\ntrue: t\n1.5: f\nnull: n\n",
            "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
            "---\na: 1\n...\n",
            "- 一\n- 二: 三\n",
            "plain\n",
        ] {
            agrees(text, Format::Yaml);
        }
    }

    /// Line ends, a byte-order mark, multi-byte text before a value on its line: where the fast
    /// path takes these, it agrees with the careful one.
    #[test]
    fn crlf_bom_and_wide_characters_agree_or_give_up() {
        for (text, format) in [
            ("a: 1\r\nb: 中文\r\nc:\r\n  - 二: 三\r\n", Format::Yaml),
            ("\u{feff}a: 1\nb: [x, y]\n", Format::Yaml),
            ("名称: 洱海天境 # 注释\n户数: 5000\n", Format::Yaml),
            ("{\"a\": 1,\r\n \"b\": \"中文\"}\r\n", Format::Json),
            ("\u{feff}{\"a\": 1}", Format::Json),
            (
                "{\"名称\": \"洱海\", \"户数\": 5000, \"x\": [\"一二\", 3]}",
                Format::Json,
            ),
        ] {
            let (fast, careful) = both(text, format);
            match fast {
                Some(fast) => assert_eq!(Some(fast), careful, "{text:?}"),
                // Only the byte-order mark may send a file to the careful path.
                None => assert!(text.starts_with('\u{feff}'), "gave up on {text:?}"),
            }
        }
    }

    #[test]
    fn yaml_the_fast_path_does_not_take() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: !custom x\n",
            "a: 1\na: 2\n",
            "a: 1\n---\nb: 2\n",
            "? [a, b]\n: c\n",
            "a: .nan\n",
            "a: [1, 2\n",
            "a:\n\t- b\n",
            "",
            "# only a comment\n",
        ] {
            gives_up(text, Format::Yaml);
        }
    }
}
