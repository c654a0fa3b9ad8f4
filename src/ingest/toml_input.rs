//! TOML through `toml`'s spanned document parser.

use serde_json::{Map, Number, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::pointer::{PointerMap, PointerNode, escape_pointer_token};
use super::source::Source;
use crate::diagnostic::{Location, Problem};

pub(super) fn parse(source: &Source) -> Result<(Value, PointerMap), Problem> {
    if source.text.len() >= super::yaml_input::PRECOUNT_BYTES
        && let Some(offset) = past_value_limit(&source.text)
    {
        return Err(super::yaml_input::too_many_values(
            source,
            "TOML",
            source.location_of_byte(offset),
        ));
    }
    let table = DeTable::parse(&source.text).map_err(|e| {
        let at = e.span().map(|r| source.location_of_byte(r.start));
        Problem::file(
            &source.name,
            format!("is not valid TOML: {}", e.message().trim()),
        )
        .at(at)
        .hint("check the quoting and brackets on this line")
    })?;
    let located = Located {
        source,
        last: std::cell::Cell::new((0, Location { line: 1, column: 1 })),
    };
    let (value, node) = convert_table(
        &located,
        table.get_ref(),
        "",
        source.location_of_byte(table.span().start),
    )?;
    Ok((value, PointerMap::new(node)))
}

/// Where a TOML text passes [`MAX_VALUES`](super::yaml_input::MAX_VALUES) values, counted
/// from its syntax without parsing (toml builds the whole document first): every `=`, `,`,
/// `[` and `{` outside strings and comments may start one, so this counts at least as many
/// as there are.
fn past_value_limit(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut count = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'#' => {
                i += bytes
                    .get(i..)?
                    .iter()
                    .position(|&c| c == b'\n')
                    .unwrap_or(bytes.len() - i);
                continue;
            }
            b'"' | b'\'' => {
                let triple = bytes.get(i..i + 3) == Some(&[b, b, b][..]);
                let close: &[u8] = if triple {
                    &bytes[i..i + 3]
                } else {
                    &bytes[i..=i]
                };
                let mut j = i + close.len();
                loop {
                    match bytes.get(j) {
                        None => return None,
                        Some(b'\\') if b == b'"' => j += 2,
                        Some(b'\n') if !triple => break,
                        Some(_) if bytes.get(j..j + close.len()) == Some(close) => {
                            j += close.len();
                            break;
                        }
                        Some(_) => j += 1,
                    }
                }
                i = j;
                continue;
            }
            b'=' | b',' | b'[' | b'{' => {
                count += 1;
                if count > super::yaml_input::MAX_VALUES {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The source with a memo of the last place found: values come in file order, so each place
/// is counted on from the one before (counting every column from the line's start made a
/// one-line list of 600,000 values take minutes).
struct Located<'s> {
    source: &'s Source,
    last: std::cell::Cell<(usize, Location)>,
}

impl std::ops::Deref for Located<'_> {
    type Target = Source;

    fn deref(&self) -> &Source {
        self.source
    }
}

impl Located<'_> {
    fn location_of_byte(&self, offset: usize) -> Location {
        let (before, at) = self.last.get();
        let found = match self.source.text.get(before.min(offset)..offset) {
            Some(between) if before <= offset && !between.contains('\n') => Location {
                line: at.line,
                column: at.column + between.chars().count(),
            },
            _ => self.source.location_of_byte(offset),
        };
        self.last.set((offset, found));
        found
    }
}

fn convert_table(
    source: &Located<'_>,
    table: &DeTable<'_>,
    pointer: &str,
    at: Location,
) -> Result<(Value, PointerNode), Problem> {
    let mut out = Map::new();
    let mut places = Vec::with_capacity(table.len());
    for (key, item) in table {
        let child = format!("{pointer}/{}", escape_pointer_token(key.get_ref()));
        let (v, place) = convert(source, item, child)?;
        let name = key.get_ref().to_string();
        places.push((
            name.clone(),
            source.location_of_byte(key.span().start),
            place,
        ));
        out.insert(name, v);
    }
    Ok((Value::Object(out), PointerNode::fields(at, places)))
}

fn convert(
    source: &Located<'_>,
    item: &Spanned<DeValue<'_>>,
    pointer: String,
) -> Result<(Value, PointerNode), Problem> {
    let at = source.location_of_byte(item.span().start);
    let bad_number = |what: &str| {
        Problem::file(
            &source.name,
            format!("holds a number anfang cannot read: {what}"),
        )
        .at(Some(at))
        .pointer(pointer.clone())
        .hint("write a plain decimal number")
    };
    let value = match item.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let digits = digits
                .trim_start_matches("0x")
                .trim_start_matches("0o")
                .trim_start_matches("0b");
            let n = i64::from_str_radix(digits, i.radix()).map_err(|_| bad_number(i.as_str()))?;
            Value::Number(Number::from(n))
        }
        DeValue::Float(f) => {
            let n: f64 = f
                .as_str()
                .replace('_', "")
                .parse()
                .map_err(|_| bad_number(f.as_str()))?;
            Value::Number(Number::from_f64(n).ok_or_else(|| bad_number(f.as_str()))?)
        }
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => {
            let mut values = Vec::with_capacity(items.len());
            let mut places = Vec::with_capacity(items.len());
            for (i, it) in items.iter().enumerate() {
                let (v, place) = convert(source, it, format!("{pointer}/{i}"))?;
                values.push(v);
                places.push(place);
            }
            return Ok((Value::Array(values), PointerNode::items(at, places)));
        }
        DeValue::Table(t) => return convert_table(source, t, &pointer, at),
    };
    Ok((value, PointerNode::leaf(at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_values_have_places() {
        let src = Source::from_text(
            "t.toml",
            "[project]\nname = \"小区\"\n\n[[cameras]]\nid = \"C1\"\nresolution_mp = 4\n",
        );
        let (v, map) = parse(&src).unwrap();
        assert_eq!(v["cameras"][0]["id"], "C1");
        assert_eq!(
            map.locate("/cameras/0/resolution_mp"),
            Some(Location {
                line: 6,
                column: 17
            })
        );
        assert_eq!(
            map.locate("/project/name"),
            Some(Location { line: 2, column: 8 })
        );
    }

    #[test]
    fn toml_errors_have_places() {
        let src = Source::from_text("t.toml", "[project]\nname = \"x\"\nname = \"y\"\n");
        let p = parse(&src).unwrap_err();
        assert_eq!(p.location.map(|l| l.line), Some(3), "{p}");
    }
}
