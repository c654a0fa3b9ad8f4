//! Ingest: files → text → a JSON value plus a map from every JSON pointer to its place in the file.
//!
//! YAML and JSON go through `saphyr` (YAML 1.2: `no` stays a string, duplicate keys are errors,
//! alias expansion has a node budget, and every node has a span); TOML goes through `toml`'s
//! spanned parser. All three produce the same [`Document`], so every later message can point
//! into the user's file whatever its format.

pub mod attachment;
mod fast;
mod pointer;
mod source;
mod toml_input;
mod yaml_input;

use std::path::Path;

pub use pointer::{PointerMap, escape_pointer_token, serde_path_to_pointer};
pub use source::{Format, MAX_SUBMISSION_BYTES, Source, sha256_hex};
pub use yaml_input::{MAX_VALUES, MAX_YAML_LINE_BYTES, PRECOUNT_BYTES};

use crate::diagnostic::{self, Problem};

/// A parsed input: its source, its value and where each value stands in the source.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file.
    pub source: Source,
    /// The format it was read as.
    pub format: Format,
    /// The content as JSON.
    pub value: serde_json::Value,
    /// JSON pointer → line:column.
    pub pointers: PointerMap,
}

impl Document {
    /// A problem located at the value under `pointer` (or its nearest stated ancestor).
    pub fn problem_at(&self, pointer: &str, message: impl Into<String>) -> Problem {
        self.source.annotate(self.place(pointer, message))
    }

    /// A problem located at the *key* of `pointer` (for unknown fields), else at its value.
    pub fn problem_at_key(&self, pointer: &str, message: impl Into<String>) -> Problem {
        self.source.annotate(self.place_key(pointer, message))
    }

    /// Like [`Document::problem_at`], without the source excerpt: for problems that may be
    /// dropped by [`crate::diagnostic::summarise`] (annotate the ones kept).
    pub fn place(&self, pointer: &str, message: impl Into<String>) -> Problem {
        Problem::file(&self.source.name, message)
            .pointer(pointer)
            .at(self.pointers.locate(pointer))
    }

    /// Like [`Document::problem_at_key`], without the source excerpt.
    pub fn place_key(&self, pointer: &str, message: impl Into<String>) -> Problem {
        let location = self
            .pointers
            .key(pointer)
            .or_else(|| self.pointers.locate(pointer));
        Problem::file(&self.source.name, message)
            .pointer(pointer)
            .at(location)
    }
}

/// Reads and parses a structured file; the format comes from its extension.
pub fn read_document(path: &Path) -> Result<Document, Problem> {
    // Reading first reports a missing file, a directory or an oversized file as such.
    let source = Source::read(path, MAX_SUBMISSION_BYTES)?;
    let format = Format::from_path(path).ok_or_else(|| {
        Problem::file(&source.name, "cannot tell the file's format from its name")
            .hint("name submissions *.yaml, *.yml, *.json or *.toml")
    })?;
    parse(source, format)
}

/// The pointer of the value past [`MAX_VALUES`] (keys and values counted in document order),
/// if the document has more.
fn past_value_limit(value: &serde_json::Value) -> Option<String> {
    /// A step of the path, borrowed: a pointer is written only for the value reported.
    enum Step<'v> {
        Key(&'v str),
        Index(usize),
    }
    fn walk<'v>(value: &'v serde_json::Value, count: &mut usize, path: &mut Vec<Step<'v>>) -> bool {
        *count += 1;
        if *count > MAX_VALUES {
            return true;
        }
        let mut step = |s: Step<'v>, item: &'v serde_json::Value, count: &mut usize| {
            path.push(s);
            let over = walk(item, count, path);
            if !over {
                path.pop();
            }
            over
        };
        match value {
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .any(|(i, item)| step(Step::Index(i), item, count)),
            serde_json::Value::Object(map) => map.iter().any(|(key, item)| {
                *count += 1;
                step(Step::Key(key), item, count)
            }),
            _ => false,
        }
    }
    let mut path = Vec::new();
    walk(value, &mut 0, &mut path).then(|| {
        path.iter()
            .map(|s| match s {
                Step::Key(k) => format!("/{}", escape_pointer_token(k)),
                Step::Index(i) => format!("/{i}"),
            })
            .collect()
    })
}

/// Parses text already read.
pub fn parse(source: Source, format: Format) -> Result<Document, Problem> {
    let parsed = match format {
        Format::Yaml | Format::Json => yaml_input::parse(&source, format),
        Format::Toml => toml_input::parse(&source).map(|(value, places)| (value, places, None)),
    };
    match parsed {
        Ok((value, pointers, counted)) => {
            // A count taken while reading spares the walk, unless it is over the limit.
            if let Some(pointer) = counted
                .is_none_or(|n| n > MAX_VALUES)
                .then(|| past_value_limit(&value))
                .flatten()
            {
                let what = match format {
                    Format::Yaml => "YAML",
                    Format::Json => "JSON",
                    Format::Toml => "TOML",
                };
                let at = pointers
                    .locate(&pointer)
                    .unwrap_or(diagnostic::Location { line: 1, column: 1 });
                return Err(source
                    .annotate(yaml_input::too_many_values(&source, what, at).pointer(pointer)));
            }
            if !value.is_object() {
                let problem =
                    Problem::file(&source.name, "the top level must be a mapping of sections")
                        .at(pointers.locate(""))
                        .hint("start with `project:`; `anfang init` writes a starter submission");
                return Err(source.annotate(problem));
            }
            Ok(Document {
                source,
                format,
                value,
                pointers,
            })
        }
        Err(problem) => Err(source.annotate(problem)),
    }
}
