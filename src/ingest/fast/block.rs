//! The plain block YAML people write, read without saphyr's scanner (issue 16: the scanner was a
//! quarter of a check of the 5,000-household sample).
//!
//! Taken: block mappings and sequences (also a mapping in a sequence item, `- id: E1`, and a
//! sequence at its key's indent), one-line flow collections (`{ id: S1, openings: [] }`), plain,
//! single- and double-quoted scalars on one line, comments, one leading `---`, CRLF line ends.
//! Everything else gives up and saphyr reads the file: tabs, anchors, aliases, tags, block
//! scalars (`|`, `>`), a scalar or flow collection over several lines, an empty value (null), a
//! complex key, a directive, a second document, an escape it does not know, a character YAML
//! does not print. Scalars are resolved by saphyr's own resolution (YAML 1.2 core schema), and
//! each node's place is where saphyr's event for it starts, so both readers give the same value
//! and places (the tests compare them on every project file and on mutated copies of them).

use std::borrow::Cow;

use saphyr::Scalar;
use saphyr_parser::ScalarStyle;

use super::{Builder, Frame, GiveUp};
use crate::diagnostic::Location;

/// A line that holds content (blank and comment-only lines are skipped).
struct Line<'t> {
    /// 1-based.
    number: usize,
    /// Leading spaces.
    indent: usize,
    /// The whole line, without its line end.
    text: &'t str,
}

/// The longest plain key YAML takes as an implicit key.
const MAX_KEY_BYTES: usize = 1000;

/// A block YAML document; `None` when saphyr must read it.
pub(super) fn read(text: &str) -> Option<(serde_json::Value, super::PointerNode)> {
    let lines = content_lines(text).ok()?;
    let mut reader = Reader {
        lines,
        at: 0,
        builder: Builder::default(),
        cursor: (usize::MAX, 0, 0),
    };
    let first = reader.lines.first()?;
    let indent = first.indent;
    reader.node(indent).ok()?;
    if reader.at != reader.lines.len() {
        return None;
    }
    reader.builder.finish()
}

/// The lines with content; gives up on what this reader does not take anywhere in the file.
fn content_lines(text: &str) -> Result<Vec<Line<'_>>, GiveUp> {
    let mut out = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if !printable(line) {
            return Err(GiveUp);
        }
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let rest = &line[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if rest.starts_with('%') || rest.starts_with("...") && indent == 0 {
            return Err(GiveUp);
        }
        if indent == 0 && rest.starts_with("---") {
            // One document start, before any content: `---` alone (or with a comment).
            let after = rest[3..].trim_start_matches(' ');
            if !out.is_empty() || !(after.is_empty() || after.starts_with('#')) {
                return Err(GiveUp);
            }
            if rest.len() > 3 && !rest[3..].starts_with(' ') {
                return Err(GiveUp);
            }
            continue;
        }
        out.push(Line {
            number: i + 1,
            indent,
            text: line,
        });
    }
    Ok(out)
}

/// No tab, no control character but the line end, nothing YAML does not print, no byte-order
/// mark and no Unicode line break (saphyr's treatment of those is left to saphyr).
fn printable(line: &str) -> bool {
    if line.is_ascii() {
        return line.bytes().all(|b| (0x20..0x7f).contains(&b));
    }
    line.chars().all(|c| {
        let n = u32::from(c);
        (0x20..0x7f).contains(&n)
            || (0xa0..=0xd7ff).contains(&n) && n != 0x2028 && n != 0x2029
            || (0xe000..=0xfffd).contains(&n) && n != 0xfeff
            || n >= 0x10000
    })
}

struct Reader<'t> {
    lines: Vec<Line<'t>>,
    /// The next line to read.
    at: usize,
    builder: Builder,
    /// (line index, byte, characters before it): places on a line are asked for left to right,
    /// so a long line is counted once.
    cursor: (usize, usize, usize),
}

/// A character that cannot start a plain scalar (or that this reader leaves to saphyr).
fn indicator(b: u8) -> bool {
    matches!(
        b,
        b',' | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// A space or the end of the line after `pos`.
fn blank_at(text: &str, pos: usize) -> bool {
    matches!(text.as_bytes().get(pos), None | Some(b' '))
}

impl<'t> Reader<'t> {
    fn line(&self) -> Result<&Line<'t>, GiveUp> {
        self.lines.get(self.at).ok_or(GiveUp)
    }

    /// The place of byte `pos` of line `index`.
    fn place(&mut self, index: usize, pos: usize) -> Result<Location, GiveUp> {
        let line = self.lines.get(index).ok_or(GiveUp)?;
        let (ci, cb, cc) = self.cursor;
        let (from, before) = if ci == index && cb <= pos {
            (cb, cc)
        } else {
            (0, 0)
        };
        let chars = before + line.text.get(from..pos).ok_or(GiveUp)?.chars().count();
        self.cursor = (index, pos, chars);
        Ok(Location {
            line: line.number,
            column: chars + 1,
        })
    }

    /// A block node whose first line is the current one, at `indent`.
    fn node(&mut self, indent: usize) -> Result<(), GiveUp> {
        let line = self.line()?;
        if line.indent != indent {
            return Err(GiveUp);
        }
        if is_item(line.text, indent) {
            self.sequence(indent, false)
        } else {
            self.mapping(indent)
        }
    }

    /// A block sequence whose items start with `-` at `indent`; `indentless` when it sits at
    /// its key's indent (the mapping's next key ends it).
    fn sequence(&mut self, indent: usize, indentless: bool) -> Result<(), GiveUp> {
        // saphyr places a sequence at its first `-`, an indentless one where its first item's
        // content starts (on the `-` line; an indentless sequence whose first item is below
        // its `-` is left to saphyr).
        let at = if indentless {
            let text = self.line()?.text;
            let content = item_content(text, indent);
            if content >= text.len() || text[content..].starts_with('#') {
                return Err(GiveUp);
            }
            self.place(self.at, content)?
        } else {
            self.place(self.at, indent)?
        };
        self.builder.start(Frame::seq(at))?;
        while let Some(line) = self.lines.get(self.at) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || !is_item(line.text, indent) {
                if line.indent == indent && indentless {
                    break;
                }
                return Err(GiveUp);
            }
            let text = line.text;
            let content = item_content(text, indent);
            if content >= text.len() || text[content..].starts_with('#') {
                // `-` alone: the item is the block below.
                self.at += 1;
                self.nested(indent)?;
            } else if is_item(text, content) || text.as_bytes().get(content) == Some(&b'?') {
                return Err(GiveUp);
            } else if self.key_end(text, content).is_some() {
                // `- key: value`: a mapping whose keys are at the item's content column.
                self.mapping(content)?;
            } else {
                self.inline(content)?;
                self.after_inline(indent)?;
            }
        }
        self.builder.end()
    }

    /// The block below a line whose value it is: more indented than `parent`.
    fn nested(&mut self, parent: usize) -> Result<(), GiveUp> {
        let indent = self.line()?.indent;
        if indent <= parent {
            // An empty value (null): its place is saphyr's business.
            return Err(GiveUp);
        }
        self.node(indent)
    }

    /// After a value read on its line: the next line may not be more indented than `parent`
    /// (that would be a continued scalar, or an error saphyr reports).
    fn after_inline(&mut self, parent: usize) -> Result<(), GiveUp> {
        self.at += 1;
        match self.lines.get(self.at) {
            Some(next) if next.indent > parent => Err(GiveUp),
            _ => Ok(()),
        }
    }

    /// A block mapping whose keys start at byte `indent` of their lines (the first may follow a
    /// `- `).
    fn mapping(&mut self, indent: usize) -> Result<(), GiveUp> {
        let at = self.place(self.at, indent)?;
        self.builder.start(Frame::map(at))?;
        let mut first = true;
        while let Some(line) = self.lines.get(self.at) {
            if !first {
                if line.indent < indent {
                    break;
                }
                if line.indent > indent || is_item(line.text, indent) {
                    return Err(GiveUp);
                }
            }
            first = false;
            let text = line.text;
            let colon = self.key_end(text, indent).ok_or(GiveUp)?;
            self.key(indent, colon)?;
            let value = colon + 1 + text[colon + 1..].bytes().take_while(|&b| b == b' ').count();
            if value >= text.len() || text[value..].starts_with('#') {
                if value == colon + 1 && value < text.len() {
                    // `key:#…` is not a comment.
                    return Err(GiveUp);
                }
                self.at += 1;
                match self.lines.get(self.at) {
                    Some(next) if next.indent == indent && is_item(next.text, indent) => {
                        self.sequence(indent, true)?;
                    }
                    _ => self.nested(indent)?,
                }
                if self.lines.get(self.at).is_some_and(|l| l.indent > indent) {
                    return Err(GiveUp);
                }
            } else {
                self.inline(value)?;
                self.after_inline(indent)?;
            }
        }
        self.builder.end()
    }

    /// Where the key that starts at byte `start` ends: the byte of its `:`; `None` when the
    /// line holds no key there.
    fn key_end(&self, text: &str, start: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let end = match *bytes.get(start)? {
            q @ (b'"' | b'\'') => quoted_end(text, start, q)?,
            b => {
                if indicator(b) || matches!(b, b'?' | b':' | b'-') && blank_at(text, start + 1) {
                    return None;
                }
                let mut i = start;
                loop {
                    match bytes.get(i) {
                        None => return None,
                        Some(b':') if blank_at(text, i + 1) => break,
                        Some(b'#') if bytes.get(i.wrapping_sub(1)) == Some(&b' ') => {
                            return None;
                        }
                        Some(_) => i += 1,
                    }
                }
                if i - start > MAX_KEY_BYTES {
                    return None;
                }
                return Some(i);
            }
        };
        (bytes.get(end) == Some(&b':') && blank_at(text, end + 1)).then_some(end)
    }

    /// The key between byte `start` and its `:` at `colon`, handed to the builder.
    fn key(&mut self, start: usize, colon: usize) -> Result<(), GiveUp> {
        let text = self.line()?.text;
        let at = self.place(self.at, start)?;
        let (cow, style) = match text.as_bytes().get(start) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = quoted_end(text, start, q).ok_or(GiveUp)?;
                if end != colon {
                    return Err(GiveUp);
                }
                unquote(text, start, end, q)?
            }
            _ => {
                let key = text[start..colon].trim_end_matches(' ');
                (Cow::Borrowed(key), ScalarStyle::Plain)
            }
        };
        let scalar = Scalar::parse_from_cow_and_metadata(cow, style, None).ok_or(GiveUp)?;
        self.builder.scalar(scalar, at)
    }

    /// A value on the current line from byte `start` to its end (a comment may follow).
    fn inline(&mut self, start: usize) -> Result<(), GiveUp> {
        let text = self.line()?.text;
        let end = match text.as_bytes()[start] {
            b'[' | b'{' => self.flow(text, start)?,
            q @ (b'"' | b'\'') => {
                let end = quoted_end(text, start, q).ok_or(GiveUp)?;
                let at = self.place(self.at, start)?;
                let (cow, style) = unquote(text, start, end, q)?;
                self.emit(cow, style, at)?;
                end
            }
            b => {
                if indicator(b) || matches!(b, b'?' | b':' | b'-') && blank_at(text, start + 1) {
                    return Err(GiveUp);
                }
                let end = text[start..].find(" #").map_or(text.len(), |i| start + i);
                let value = text[start..end].trim_end_matches(' ');
                if value.contains(": ") || value.ends_with(':') {
                    return Err(GiveUp);
                }
                let at = self.place(self.at, start)?;
                self.emit(Cow::Borrowed(value), ScalarStyle::Plain, at)?;
                return Ok(());
            }
        };
        // After a quoted scalar or a flow collection: only spaces, then a comment.
        let rest = &text[end..];
        let trimmed = rest.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') && trimmed.len() < rest.len() {
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    fn emit(&mut self, cow: Cow<'_, str>, style: ScalarStyle, at: Location) -> Result<(), GiveUp> {
        let scalar = Scalar::parse_from_cow_and_metadata(cow, style, None).ok_or(GiveUp)?;
        self.builder.scalar(scalar, at)
    }

    /// A flow collection from its bracket at `start` to its closing one on the same line;
    /// returns the byte after it.
    fn flow(&mut self, text: &str, start: usize) -> Result<usize, GiveUp> {
        let bytes = text.as_bytes();
        let at = self.place(self.at, start)?;
        let map = bytes[start] == b'{';
        let close = if map { b'}' } else { b']' };
        self.builder
            .start(if map { Frame::map(at) } else { Frame::seq(at) })?;
        let mut pos = skip_spaces(text, start + 1);
        if bytes.get(pos) == Some(&close) {
            self.builder.end()?;
            return Ok(pos + 1);
        }
        loop {
            if map {
                pos = self.flow_node(text, pos, true)?;
                pos = skip_spaces(text, pos);
                if bytes.get(pos) != Some(&b':') || bytes.get(pos + 1) != Some(&b' ') {
                    return Err(GiveUp);
                }
                pos = skip_spaces(text, pos + 1);
            }
            pos = self.flow_node(text, pos, false)?;
            pos = skip_spaces(text, pos);
            match bytes.get(pos) {
                Some(b',') => {
                    pos = skip_spaces(text, pos + 1);
                    // A trailing comma is left to saphyr.
                    if bytes.get(pos) == Some(&close) {
                        return Err(GiveUp);
                    }
                }
                Some(&b) if b == close => {
                    self.builder.end()?;
                    return Ok(pos + 1);
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// A node in a flow collection at byte `start`; returns the byte after it. A key (`key`)
    /// is followed by its `:`; a value may not be.
    fn flow_node(&mut self, text: &str, start: usize, key: bool) -> Result<usize, GiveUp> {
        let bytes = text.as_bytes();
        match *bytes.get(start).ok_or(GiveUp)? {
            b'[' | b'{' if !key => self.flow(text, start),
            q @ (b'"' | b'\'') => {
                let end = quoted_end(text, start, q).ok_or(GiveUp)?;
                let at = self.place(self.at, start)?;
                let (cow, style) = unquote(text, start, end, q)?;
                self.emit(cow, style, at)?;
                Ok(end)
            }
            b => {
                if indicator(b) || matches!(b, b'?' | b':' | b'-') && flow_blank(text, start + 1) {
                    return Err(GiveUp);
                }
                let mut i = start;
                loop {
                    match bytes.get(i) {
                        None => return Err(GiveUp),
                        Some(b',' | b']' | b'}') => break,
                        Some(b'[' | b'{') => return Err(GiveUp),
                        Some(b':') if flow_blank(text, i + 1) => {
                            // saphyr refuses `key:[` and `key:{`; a key's `:` is followed by
                            // a space here.
                            if key && bytes.get(i + 1) == Some(&b' ') {
                                break;
                            }
                            return Err(GiveUp);
                        }
                        Some(b'#') if bytes.get(i.wrapping_sub(1)) == Some(&b' ') => {
                            return Err(GiveUp);
                        }
                        Some(_) => i += 1,
                    }
                }
                let value = text[start..i].trim_end_matches(' ');
                if value.is_empty() || key && i - start > MAX_KEY_BYTES {
                    return Err(GiveUp);
                }
                let at = self.place(self.at, start)?;
                self.emit(Cow::Borrowed(value), ScalarStyle::Plain, at)?;
                Ok(start + value.len())
            }
        }
    }
}

/// A space, a flow indicator or the end of the line after `pos`.
fn flow_blank(text: &str, pos: usize) -> bool {
    matches!(
        text.as_bytes().get(pos),
        None | Some(b' ' | b',' | b'[' | b']' | b'{' | b'}')
    )
}

fn skip_spaces(text: &str, pos: usize) -> usize {
    pos + text
        .as_bytes()
        .get(pos..)
        .map_or(0, |b| b.iter().take_while(|&&b| b == b' ').count())
}

/// The byte where the content of the item whose `-` is at byte `indent` starts (the line's
/// length when the item's node is below).
fn item_content(text: &str, indent: usize) -> usize {
    skip_spaces(text, indent + 1)
}

/// Whether the line holds a sequence item (`-` then a space or the end) at byte `indent`.
fn is_item(text: &str, indent: usize) -> bool {
    text.as_bytes().get(indent) == Some(&b'-') && blank_at(text, indent + 1)
}

/// The byte after the closing quote of the scalar quoted with `q` from `start`, on its line.
fn quoted_end(text: &str, start: usize, q: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    loop {
        match *bytes.get(i)? {
            b'\\' if q == b'"' => i += 2,
            b if b == q => {
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return Some(i + 1);
                }
            }
            _ => i += 1,
        }
    }
}

/// The text of a quoted scalar (`start` at its opening quote, `end` after its closing one).
fn unquote(
    text: &str,
    start: usize,
    end: usize,
    q: u8,
) -> Result<(Cow<'_, str>, ScalarStyle), GiveUp> {
    let inner = text.get(start + 1..end - 1).ok_or(GiveUp)?;
    if q == b'\'' {
        let value = if inner.contains('\'') {
            Cow::Owned(inner.replace("''", "'"))
        } else {
            Cow::Borrowed(inner)
        };
        return Ok((value, ScalarStyle::SingleQuoted));
    }
    if !inner.contains('\\') {
        return Ok((Cow::Borrowed(inner), ScalarStyle::DoubleQuoted));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next().ok_or(GiveUp)?;
        let simple = match e {
            '\\' | '"' | '/' => Some(e),
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            '0' => Some('\0'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            continue;
        }
        let digits = match e {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => return Err(GiveUp),
        };
        let hex: String = chars.by_ref().take(digits).collect();
        if hex.len() != digits || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(GiveUp);
        }
        let code = u32::from_str_radix(&hex, 16).map_err(|_| GiveUp)?;
        out.push(char::from_u32(code).ok_or(GiveUp)?);
    }
    Ok((Cow::Owned(out), ScalarStyle::DoubleQuoted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::PointerMap;
    use crate::ingest::source::{Format, Source};
    use crate::ingest::yaml_input::careful;

    type Read = Option<(serde_json::Value, PointerMap)>;

    /// The block reader's result next to the careful path's (saphyr's marked tree).
    fn both(text: &str) -> (Read, Read) {
        let block = read(text).map(|(v, n)| (v, PointerMap::new(n)));
        let careful = careful(&Source::from_text("t", text), Format::Yaml).ok();
        (block, careful)
    }

    /// Where the block reader takes `text`, saphyr reads it, to the same value and places.
    fn agrees_or_gives_up(text: &str) -> bool {
        let (block, careful) = both(text);
        match block {
            Some(block) => {
                assert_eq!(Some(block), careful, "{text:?}");
                true
            }
            None => false,
        }
    }

    fn yaml_files() -> Vec<(std::path::PathBuf, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    out.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        for dir in ["samples", "standards", "tests", "docs"] {
            walk(&root.join(dir), &mut paths);
        }
        paths.sort();
        paths
            .into_iter()
            .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
            .collect()
    }

    /// Every YAML file of the project: the samples, the scenarios, the standards' rule files and
    /// the fixtures. The block reader must take the samples (the rule files' block scalars and
    /// the scenarios' flow mappings over several lines are left to saphyr).
    #[test]
    fn every_project_file_reads_the_same_or_is_left_to_saphyr() {
        let mut taken = Vec::new();
        let mut left = Vec::new();
        for (path, text) in yaml_files() {
            if agrees_or_gives_up(&text) {
                taken.push(path);
            } else {
                left.push(path);
            }
        }
        for sample in [
            "samples/erhai-large-5000.yaml",
            "samples/small-120.yaml",
            "samples/renovation-480-open.yaml",
            "samples/xiaguan-new-1200.yaml",
            "standards/cn-baseline/example-base.yaml",
        ] {
            assert!(
                taken.iter().any(|p| p.to_string_lossy().contains(sample)),
                "the block reader left {sample} to saphyr"
            );
        }
        assert!(
            taken.len() >= 15,
            "taken {}, left {}: {left:?}",
            taken.len(),
            left.len()
        );
    }

    #[test]
    fn edge_cases_agree() {
        for text in [
            "a: 1\nb: [1, 2]\nc:\n  d: no\n  e: ~\n",
            "# c\n---\nproject:\n  name: \"洱海天境\"   # trailing\n  households: 0x1F\n  ratio: .5\n  list:\n    - x\n    - {k: v, 'q': \"w\"}\n",
            "1: one\ntrue: t\n1.5: f\nnull: n\n",
            "- 一\n- 二: 三\n  四: 五\n-   六\n",
            "a:\n- x\n- y: 1\n  z: [a, 'b''c', \"d\\u00e9\\n\"]\nb: {}\nc: []\n",
            "名称: 洱海天境 # 注释\n户数: 5000\n时间: 07:00\nurl: http://x/y#z\n",
            "a: { id: S1, name: 南侧 1段, h: 2.0, o: [], p: {q: [1, {r: s}]} }\n",
            "\"k\": v\n'l': w\nm : x\n",
            "a:\n  -\n    b: 1\n  - c\n",
            "a: 1\r\nb:\r\n  - 2\r\n",
            "  a: 1\n  b: 2\n",
            "a: -5\nb: -x\nc: ?x\nd: x:y\ne: [a:b]\n",
            "a: \"\\x41\\U0001F600\\\"\\\\\\/\\0\"\n",
        ] {
            assert!(agrees_or_gives_up(text), "left to saphyr: {text:?}");
        }
    }

    #[test]
    fn what_the_block_reader_leaves_to_saphyr() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  x\n",
            "a: >\n  x\n",
            "a:\n",
            "a: 1\nb:\nc: 2\n",
            "a: x\n  y\n",
            "a: [1,\n  2]\n",
            "a: \"x\n  y\"\n",
            "a:\t1\n",
            "a: 1\n---\nb: 2\n",
            "%YAML 1.2\n---\na: 1\n",
            "? a\n: b\n",
            "a: 1\na: 2\n",
            "a: b: c\n",
            "a: [1, 2,]\n",
            "a: {b}\n",
            "a: \"\\N\"\n",
            "- - a\n",
            "a: 1\n...\n",
            "\u{feff}a: 1\n",
            "a: x\u{2028}y\n",
            "[a, b]\n",
            "plain\n",
            "",
        ] {
            let (block, _) = both(text);
            assert!(block.is_none(), "the block reader took {text:?}");
        }
    }

    /// Mutated copies of the samples (a character deleted or inserted, a line indented or
    /// repeated): wherever the block reader takes one, saphyr reads it to the same value and
    /// places. Deterministic (a fixed linear congruential sequence).
    #[test]
    fn mutated_samples_read_the_same_or_are_left_to_saphyr() {
        const INSERTS: &[&str] = &[
            " ", "\n", ":", ": ", "- ", "-", "#", " #", "'", "\"", "[", "]", "{", "}", ",", "\t",
            "&a ", "*a", "!", "|", ">", "?", "---", "  ", "\r", "\\", "''", "%", "\u{2028}", "中",
            "é", "~", "0x", ".", "e5", "true", " - x", "\n  ", "\n- ", ": {", "\\u00", "@",
        ];
        let mut state: u64 = 0x5eed_1234_abcd_0001;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap_or(0) % n.max(1)
        };
        let files = yaml_files();
        let bases: Vec<&String> = files
            .iter()
            .filter(|(p, _)| {
                let p = p.to_string_lossy();
                p.contains("samples/") || p.contains("tests/scenarios/")
            })
            .map(|(_, t)| t)
            .collect();
        assert!(bases.len() > 10);
        let (mut taken, mut tried) = (0, 0);
        // ANFANG_MUTATIONS=50000 for a longer run by hand.
        let rounds = std::env::var("ANFANG_MUTATIONS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(2500);
        for _ in 0..rounds {
            let base = bases[next(bases.len())];
            // A window of about 40 lines from a top-level key keeps each parse small.
            let lines: Vec<&str> = base.lines().collect();
            let tops: Vec<usize> = (0..lines.len())
                .filter(|&i| {
                    lines[i]
                        .bytes()
                        .next()
                        .is_some_and(|b| b != b' ' && b != b'#')
                })
                .collect();
            let from = tops[next(tops.len())];
            let mut text = lines[from..(from + 40).min(lines.len())].join("\n");
            text.push('\n');
            let edits = 1 + next(3);
            for _ in 0..edits {
                let mut at = next(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                match next(4) {
                    0 => {
                        if let Some(c) = text[at..].chars().next() {
                            text.replace_range(at..at + c.len_utf8(), "");
                        }
                    }
                    1 => {
                        // Indent or outdent the line holding `at`.
                        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                        if next(2) == 0 {
                            text.insert_str(start, &" ".repeat(1 + next(2)));
                        } else if text[start..].starts_with(' ') {
                            text.remove(start);
                        }
                    }
                    2 => {
                        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                        let line = format!("{}\n", &text[start..end]);
                        text.insert_str(start, &line);
                    }
                    _ => text.insert_str(at, INSERTS[next(INSERTS.len())]),
                }
            }
            tried += 1;
            if agrees_or_gives_up(&text) {
                taken += 1;
            }
        }
        eprintln!("{taken} of {tried} mutated windows taken by the block reader");
        // Many mutations leave valid YAML the reader takes: the comparison is not vacuous.
        assert!(taken > tried / 10, "taken {taken} of {tried}");
    }
}
