//! The fast JSON reader: a small recursive-descent reader (RFC 8259) whose numbers and literals
//! are resolved by saphyr's resolution, as the careful path resolves them.
//!
//! It reads a document in one of two passes over the same grammar:
//! - [`value`]: the value alone. A submission is validated and checked on this; no place is
//!   computed and no place is stored.
//! - [`places`]: where each value and key stands, without the values. It runs only when a
//!   message or a finding first needs a place (`PointerMap::deferred`), on a text the value
//!   pass has already taken, so it takes it too.
//!
//! Given up on (`None`, and the careful path reads the file): anything that is not strict JSON,
//! a duplicate key, nesting deeper than [`MAX_DEPTH`], a non-finite number, a `\u` escape of a
//! surrogate (saphyr refuses even a pair).

use std::borrow::Cow;

use saphyr::Scalar;
use saphyr_parser::ScalarStyle;
use serde_json::{Map, Value};

use super::{GiveUp, MAX_DEPTH, scalar_json};
use crate::diagnostic::Location;
use crate::ingest::pointer::PointerNode;

/// A strict JSON document's value, and the number of values and keys read (as
/// `ingest::past_value_limit` counts them); `None` when the careful path must read it.
pub(in crate::ingest) fn value(text: &str) -> Option<(Value, usize)> {
    read::<Values>(text)
}

/// The places of a strict JSON document's values and keys; `None` when the careful path must
/// read it.
pub(in crate::ingest) fn places(text: &str) -> Option<PointerNode> {
    read::<Places>(text).map(|(node, _)| node)
}

fn read<S: Sink>(text: &str) -> Option<(S::Node, usize)> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        pos: 0,
        line: 1,
        col_pos: 0,
        col_chars: 0,
        count: 0,
    };
    reader.skip_ws();
    let node = reader.value::<S>(0).ok()?;
    reader.skip_ws();
    (reader.pos == reader.bytes.len()).then_some((node, reader.count))
}

/// What a pass builds from the nodes read, in document order.
trait Sink {
    type Node;
    type Seq: Default;
    type Map: Default;
    /// Whether the pass wants places (and so value strings are only skipped).
    const PLACES: bool;
    fn string(text: String, at: Location) -> Self::Node;
    /// `true`, `false`, `null` or a number.
    fn word(token: &str, at: Location) -> Result<Self::Node, GiveUp>;
    fn push(seq: &mut Self::Seq, node: Self::Node);
    fn seq(seq: Self::Seq, at: Location) -> Self::Node;
    fn insert(
        map: &mut Self::Map,
        key: String,
        key_at: Location,
        node: Self::Node,
    ) -> Result<(), GiveUp>;
    fn map(map: Self::Map, at: Location) -> Self::Node;
}

/// The value pass.
struct Values;

impl Sink for Values {
    type Node = Value;
    type Seq = Vec<Value>;
    type Map = Map<String, Value>;
    const PLACES: bool = false;

    fn string(text: String, _: Location) -> Value {
        Value::String(text)
    }

    fn word(token: &str, _: Location) -> Result<Value, GiveUp> {
        let scalar =
            Scalar::parse_from_cow_and_metadata(Cow::Borrowed(token), ScalarStyle::Plain, None)
                .ok_or(GiveUp)?;
        scalar_json(scalar).ok_or(GiveUp)
    }

    fn push(seq: &mut Vec<Value>, node: Value) {
        seq.push(node);
    }

    fn seq(seq: Vec<Value>, _: Location) -> Value {
        Value::Array(seq)
    }

    fn insert(
        map: &mut Map<String, Value>,
        key: String,
        _: Location,
        node: Value,
    ) -> Result<(), GiveUp> {
        match map.entry(key) {
            serde_json::map::Entry::Occupied(_) => Err(GiveUp),
            serde_json::map::Entry::Vacant(slot) => {
                slot.insert(node);
                Ok(())
            }
        }
    }

    fn map(map: Map<String, Value>, _: Location) -> Value {
        Value::Object(map)
    }
}

/// The places pass.
struct Places;

impl Sink for Places {
    type Node = PointerNode;
    type Seq = Vec<PointerNode>;
    type Map = Vec<(String, Location, PointerNode)>;
    const PLACES: bool = true;

    fn string(_: String, at: Location) -> PointerNode {
        PointerNode::leaf(at)
    }

    fn word(_: &str, at: Location) -> Result<PointerNode, GiveUp> {
        Ok(PointerNode::leaf(at))
    }

    fn push(seq: &mut Vec<PointerNode>, node: PointerNode) {
        seq.push(node);
    }

    fn seq(seq: Vec<PointerNode>, at: Location) -> PointerNode {
        PointerNode::items(at, seq)
    }

    fn insert(
        map: &mut Self::Map,
        key: String,
        key_at: Location,
        node: PointerNode,
    ) -> Result<(), GiveUp> {
        map.push((key, key_at, node));
        Ok(())
    }

    fn map(map: Self::Map, at: Location) -> PointerNode {
        PointerNode::fields(at, map)
    }
}

struct Reader<'t> {
    bytes: &'t [u8],
    text: &'t str,
    pos: usize,
    /// The current line (1-based).
    line: usize,
    /// A cursor on the current line: the byte `col_pos` is `col_chars` characters in. Places
    /// are asked for in increasing order, so counting from the cursor keeps a one-line
    /// (minified) document linear.
    col_pos: usize,
    col_chars: usize,
    /// Values and keys read so far.
    count: usize,
}

/// A place the value pass does not compute.
const NOWHERE: Location = Location { line: 0, column: 0 };

impl Reader<'_> {
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.col_pos = self.pos;
                    self.col_chars = 0;
                }
                _ => break,
            }
        }
    }

    /// The place of the byte at `pos` (on the current line), if the pass wants places.
    fn here<S: Sink>(&mut self) -> Location {
        if !S::PLACES {
            return NOWHERE;
        }
        let counted = self
            .text
            .get(self.col_pos..self.pos)
            .map_or(0, |s| s.chars().count());
        self.col_chars += counted;
        self.col_pos = self.pos;
        Location {
            line: self.line,
            column: self.col_chars + 1,
        }
    }

    /// The value at `pos`, inside `depth` containers.
    fn value<S: Sink>(&mut self, depth: usize) -> Result<S::Node, GiveUp> {
        if depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        self.count += 1;
        let at = self.here::<S>();
        match self.bytes.get(self.pos).copied().ok_or(GiveUp)? {
            b'{' => {
                self.pos += 1;
                let mut map = S::Map::default();
                self.skip_ws();
                if self.eat(b'}') {
                    return Ok(S::map(map, at));
                }
                loop {
                    self.skip_ws();
                    let key_at = self.here::<S>();
                    if self.bytes.get(self.pos) != Some(&b'"') {
                        return Err(GiveUp);
                    }
                    let key = self.string(true)?;
                    self.count += 1;
                    self.skip_ws();
                    if !self.eat(b':') {
                        return Err(GiveUp);
                    }
                    self.skip_ws();
                    let node = self.value::<S>(depth + 1)?;
                    S::insert(&mut map, key, key_at, node)?;
                    self.skip_ws();
                    if self.eat(b',') {
                        continue;
                    }
                    if self.eat(b'}') {
                        return Ok(S::map(map, at));
                    }
                    return Err(GiveUp);
                }
            }
            b'[' => {
                self.pos += 1;
                let mut seq = S::Seq::default();
                self.skip_ws();
                if self.eat(b']') {
                    return Ok(S::seq(seq, at));
                }
                loop {
                    self.skip_ws();
                    let node = self.value::<S>(depth + 1)?;
                    S::push(&mut seq, node);
                    self.skip_ws();
                    if self.eat(b',') {
                        continue;
                    }
                    if self.eat(b']') {
                        return Ok(S::seq(seq, at));
                    }
                    return Err(GiveUp);
                }
            }
            b'"' => {
                let s = self.string(!S::PLACES)?;
                Ok(S::string(s, at))
            }
            _ => {
                let start = self.pos;
                let word = self.bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
                    .count();
                self.pos += word;
                let token = self.text.get(start..self.pos).ok_or(GiveUp)?;
                if !(matches!(token, "true" | "false" | "null") || is_json_number(token)) {
                    return Err(GiveUp);
                }
                S::word(token, at)
            }
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.bytes.get(self.pos) == Some(&b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// A string from its opening quote, unescaped when `keep` (else read past and left empty).
    /// The reader stays on its line (JSON strings hold no raw line breaks).
    fn string(&mut self, keep: bool) -> Result<String, GiveUp> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            let run = self.bytes[start..]
                .iter()
                .take_while(|&&b| b != b'"' && b != b'\\' && b >= 0x20)
                .count();
            self.pos += run;
            let chunk = self.text.get(start..self.pos).ok_or(GiveUp)?;
            if keep {
                out.push_str(chunk);
            }
            match self.bytes.get(self.pos).copied().ok_or(GiveUp)? {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    let e = self.bytes.get(self.pos + 1).copied().ok_or(GiveUp)?;
                    self.pos += 2;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        // A surrogate (half of a pair) is not a character; saphyr refuses
                        // it, and so the careful path reports it.
                        b'u' => char::from_u32(self.hex4()?).ok_or(GiveUp)?,
                        _ => return Err(GiveUp),
                    };
                    if keep {
                        out.push(c);
                    }
                }
                // A control character (a raw tab or line break) in a string.
                _ => return Err(GiveUp),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, GiveUp> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or(GiveUp)?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| GiveUp)
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}
