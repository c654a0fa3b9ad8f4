//! Validation of a submission in two steps: the JSON Schema generated from the Rust types, then
//! the semantic checks the schema cannot express (ids unique, references resolve). All problems
//! are collected; none stops the others from being found.

use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::diagnostic::{MAX_QUOTED_CHARS, Problem, did_you_mean, shorten, summarise};
use crate::ingest::Document;
use crate::model::Submission;

/// The compiled validator for the submission schema, built once per process.
fn validator() -> Result<&'static jsonschema::Validator, Problem> {
    static VALIDATOR: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    VALIDATOR
        .get_or_init(|| {
            let schema: &Value = crate::model::schema::submission_schema_ref();
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(schema)
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| {
            Problem::file(
                "<built-in schema>",
                format!("the submission schema does not compile: {e}"),
            )
        })
}

/// A submission that passed both validation steps.
#[derive(Debug, Clone)]
pub struct Validated {
    /// The parsed file (value and source map).
    pub document: Document,
    /// The typed submission.
    pub submission: Submission,
    /// Values written by their label and read as the canonical id (三级 → level3), to tell the
    /// user.
    pub notes: Vec<Problem>,
}

/// Validates a parsed document; on failure returns every problem found (the first
/// [`MAX_PROBLEMS_PER_KIND`](crate::diagnostic::MAX_PROBLEMS_PER_KIND) of each kind, the rest
/// counted). Linear in the size of the document.
pub fn validate(mut document: Document) -> Result<Validated, Vec<Problem>> {
    let notes = alias_notes(&mut document);
    let mut problems = schema_problems(&document);
    problems.extend(number_problems(&document));
    for r in crate::model::refs::check_refs(&document.value) {
        problems.push((r.kind, document.place(&r.pointer, r.message).hint(r.hint)));
    }
    // Read plainly; only a failure is read again to learn where it failed.
    let typed = match <Submission as serde::Deserialize>::deserialize(&document.value) {
        Ok(s) => Ok(s),
        Err(_) => serde_path_to_error::deserialize::<_, Submission>(&document.value),
    };
    match typed {
        Ok(submission) if problems.is_empty() => Ok(Validated {
            document,
            submission,
            notes,
        }),
        typed => {
            if let Err(e) = typed {
                // The schema cannot say that a count must fit in 32 bits: the typed reading
                // does. Reported with the others, unless the place already has a problem.
                let pointer = crate::ingest::serde_path_to_pointer("", &e.path().to_string());
                if !problems
                    .iter()
                    .any(|(_, p)| p.pointer.as_deref() == Some(pointer.as_str()))
                {
                    problems.push((
                        "values out of range",
                        typed_problem(&document, &pointer, &e),
                    ));
                }
            }
            problems
                .sort_by(|a, b| (a.1.location, &a.1.pointer).cmp(&(b.1.location, &b.1.pointer)));
            problems.dedup_by(|a, b| a.1 == b.1);
            Err(summarise(&document.source.name, problems)
                .into_iter()
                .map(|p| document.source.annotate(p))
                .collect())
        }
    }
}

/// Reads enumeration values written by their label as the id (三级 → level3), each with a note
/// naming the canonical value in the syntax of the input.
fn alias_notes(document: &mut Document) -> Vec<Problem> {
    crate::model::labels::normalise_aliases(&mut document.value)
        .into_iter()
        .map(|a| {
            let key = a.pointer.rsplit('/').next().unwrap_or_default().to_owned();
            document
                .problem_at(
                    &a.pointer,
                    format!("`{}` is read as `{}`", a.written, a.canonical),
                )
                .hint(format!(
                    "write the canonical value: {}",
                    field_syntax(
                        document.format,
                        &key,
                        &if document.format == crate::ingest::Format::Yaml {
                            a.canonical.clone()
                        } else {
                            format!("\"{}\"", a.canonical)
                        }
                    )
                ))
        })
        .collect()
}

/// `key: value` in the syntax of the input format.
fn field_syntax(format: crate::ingest::Format, key: &str, value: &str) -> String {
    match format {
        crate::ingest::Format::Yaml => format!("`{key}: {value}`"),
        crate::ingest::Format::Json => format!("`\"{key}\": {value}`"),
        crate::ingest::Format::Toml => format!("`{key} = {value}`"),
    }
}

/// The typed reading's error, with the number as the file writes it.
fn typed_problem(
    document: &Document,
    pointer: &str,
    e: &serde_path_to_error::Error<serde_json::Error>,
) -> Problem {
    let value = document.value.pointer(pointer);
    match (value, written_number(document, pointer)) {
        (Some(Value::Number(_)), Some(written)) => document
            .place(pointer, format!("{written} is out of range for this field"))
            .hint("counts are whole numbers from 0 to 4,294,967,295"),
        _ => document.place(pointer, shorten(&e.inner().to_string())),
    }
}

/// The largest magnitude of a number anfang reads (`i64::MAX`).
const MAX_NUMBER: f64 = 9_223_372_036_854_775_807.0;

/// Numbers no field can hold (a 30-digit count read as 1.2345678901234568e+29), each named as
/// the file writes it. The walk keeps the path as borrowed tokens and writes a pointer only for
/// a number it reports.
fn number_problems(document: &Document) -> Vec<(&'static str, Problem)> {
    fn walk<'v>(
        value: &'v Value,
        path: &mut Vec<Token<'v>>,
        document: &Document,
        out: &mut Vec<(&'static str, Problem)>,
    ) {
        match value {
            Value::Number(n)
                if n.as_i64().is_none()
                    && n.as_u64().is_none()
                    && n.as_f64().is_some_and(|f| f.abs() > MAX_NUMBER) =>
            {
                let pointer: String = path.iter().map(Token::to_pointer).collect();
                let written = written_number(document, &pointer).unwrap_or_else(|| n.to_string());
                out.push((
                    "numbers too large",
                    document
                        .place(&pointer, format!("the number {written} is too large"))
                        .hint("anfang reads numbers up to 9,223,372,036,854,775,807; counts up to 4,294,967,295"),
                ));
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Token::Index(i));
                    walk(item, path, document, out);
                    path.pop();
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    path.push(Token::Key(key));
                    walk(item, path, document, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&document.value, &mut Vec::new(), document, &mut out);
    out
}

/// One step of a JSON pointer, borrowed from the value.
enum Token<'v> {
    Key(&'v str),
    Index(usize),
}

impl Token<'_> {
    fn to_pointer(&self) -> String {
        match self {
            Token::Key(k) => format!("/{}", crate::ingest::escape_pointer_token(k)),
            Token::Index(i) => format!("/{i}"),
        }
    }
}

/// The number at `pointer` as the source file writes it (digits, sign, point, exponent).
fn written_number(document: &Document, pointer: &str) -> Option<String> {
    let at = document.pointers.locate(pointer)?;
    let line = document.source.line_text(at.line)?;
    let start = line.char_indices().nth(at.column.saturating_sub(1))?.0;
    let text: String = line
        .get(start..)?
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E' | '_'))
        .take(MAX_QUOTED_CHARS)
        .collect();
    (!text.is_empty() && text.chars().any(|c| c.is_ascii_digit())).then_some(text)
}

/// Runs the JSON Schema and turns each error into a located problem with a hint, each with
/// its kind (a plural noun phrase, for [`summarise`]). Problems carry no source excerpt yet.
pub fn schema_problems(document: &Document) -> Vec<(&'static str, Problem)> {
    let validator = match validator() {
        Ok(v) => v,
        Err(p) => return vec![("schema errors", p)],
    };
    // Most submissions pass: asking first costs a fifth of collecting the errors of a valid one.
    if validator.is_valid(&document.value) {
        return Vec::new();
    }
    let schema: &Value = crate::model::schema::submission_schema_ref();
    let mut problems = Vec::new();
    for error in validator.iter_errors(&document.value) {
        let pointer = error.instance_path().as_str().to_owned();
        let schema_path = error.schema_path().as_str().to_owned();
        let kind = problem_kind(error.kind());
        let mut these = Vec::new();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = allowed_properties(schema, &schema_path);
                for name in unexpected {
                    let child = format!("{pointer}/{}", crate::ingest::escape_pointer_token(name));
                    let mut p =
                        document.place_key(&child, format!("unknown field `{}`", shorten(name)));
                    let elsewhere = crate::model::labels::labels().paths_named(name);
                    p = match did_you_mean(name, allowed.iter().map(String::as_str)) {
                        Some(best) => p.hint(format!("did you mean `{best}`?")),
                        // A field of another section written here: say where it belongs.
                        None if !elsewhere.is_empty() => p.hint(format!(
                            "`{name}` belongs under {}",
                            elsewhere
                                .iter()
                                .map(|e| format!("`{e}`"))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        )),
                        None if allowed.is_empty() => p.hint("remove it"),
                        None => p.hint(format!(
                            "the fields allowed here are: {}",
                            allowed.join(", ")
                        )),
                    };
                    these.push(p);
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                these.push(
                    document
                        .place(&pointer, format!("missing required field `{name}`"))
                        .hint(format!(
                            "add {} here; `anfang schema` describes every field",
                            field_syntax(document.format, name, "…")
                        )),
                );
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => t.to_string(),
                    TypeKind::Multiple(set) => set
                        .iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join(" or "),
                };
                let found = error.instance();
                let mut p = document.place(
                    &pointer,
                    format!("expected {expected}, found {}", describe(found)),
                );
                if let Some(hint) = type_hint(&expected, found, &pointer, document.format) {
                    p = p.hint(hint);
                }
                these.push(p);
            }
            ValidationErrorKind::Enum { .. } | ValidationErrorKind::OneOfNotValid { .. }
                if !enum_options(schema, &schema_path, error.kind()).is_empty() =>
            {
                let owned = enum_options(schema, &schema_path, error.kind());
                let options: Vec<&str> = owned.iter().map(String::as_str).collect();
                let found = error.instance();
                let mut p = document.place(
                    &pointer,
                    format!("{} is not one of the allowed values", describe(found)),
                );
                p = match found
                    .as_str()
                    .and_then(|s| did_you_mean(s, options.iter().copied()))
                {
                    Some(best) => p.hint(format!(
                        "did you mean `{best}`? allowed: {}",
                        options.join(", ")
                    )),
                    None => p.hint(format!(
                        "allowed: {}",
                        options
                            .iter()
                            .map(|o| {
                                match crate::model::labels::labels().value_of(Some(&pointer), o) {
                                    Some(l) => format!("{o} ({})", l.zh),
                                    None => (*o).to_owned(),
                                }
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                these.push(p);
            }
            ValidationErrorKind::Minimum { limit }
            | ValidationErrorKind::ExclusiveMinimum { limit } => {
                let strict = matches!(error.kind(), ValidationErrorKind::ExclusiveMinimum { .. });
                these.push(
                    document
                        .place(
                            &pointer,
                            format!(
                                "must be {} {limit}, found {}",
                                if strict { ">" } else { "≥" },
                                describe(error.instance())
                            ),
                        )
                        .hint("counts, lengths and durations cannot be negative"),
                );
            }
            ValidationErrorKind::Maximum { limit }
            | ValidationErrorKind::ExclusiveMaximum { limit } => {
                let strict = matches!(error.kind(), ValidationErrorKind::ExclusiveMaximum { .. });
                let mut p = document.place(
                    &pointer,
                    format!(
                        "must be {} {limit}, found {}",
                        if strict { "<" } else { "≤" },
                        describe(error.instance())
                    ),
                );
                if limit.as_f64() == Some(1.0) {
                    p = p.hint("ratios are written as fractions: 0.8 for 80 %");
                }
                these.push(p);
            }
            ValidationErrorKind::Format { format } => {
                let hint = if format == "date" {
                    "write dates as YYYY-MM-DD, e.g. 2026-03-15"
                } else {
                    "check the value's format"
                };
                these.push(
                    document
                        .place(
                            &pointer,
                            format!("{} is not a valid {format}", describe(error.instance())),
                        )
                        .hint(hint),
                );
            }
            ValidationErrorKind::Pattern { pattern } => {
                let hint = if pointer.ends_with("region_code") {
                    "the administrative division code (行政区划代码) has 6 digits, e.g. 532901 for 大理市".to_owned()
                } else {
                    format!("the value must match {pattern}")
                };
                these.push(
                    document
                        .place(
                            &pointer,
                            format!("{} is not in the expected form", describe(error.instance())),
                        )
                        .hint(hint),
                );
            }
            ValidationErrorKind::MinLength { .. } => {
                these.push(
                    document
                        .place(&pointer, "must not be empty")
                        .hint("write a value or remove the field"),
                );
            }
            _ => these.push(document.place(&pointer, shorten(&error.to_string()))),
        }
        problems.extend(these.into_iter().map(|p| (kind, p)));
    }
    problems
}

/// The allowed values of an enumeration: an `enum` keyword, or schemars' `oneOf` of `const`s
/// (one per documented variant).
fn enum_options(schema: &Value, schema_path: &str, kind: &ValidationErrorKind) -> Vec<String> {
    if let ValidationErrorKind::Enum { options } = kind {
        return options
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
    }
    let alternatives = schema.pointer(schema_path).and_then(Value::as_array);
    let Some(alternatives) = alternatives else {
        return Vec::new();
    };
    let consts: Vec<String> = alternatives
        .iter()
        .filter_map(|a| a.get("const").and_then(Value::as_str))
        .map(str::to_owned)
        .collect();
    if consts.len() == alternatives.len() {
        consts
    } else {
        Vec::new()
    }
}

/// The property names that the schema allows at the object whose `additionalProperties`
/// failed (`schema_path` ends with `/additionalProperties`).
fn allowed_properties(schema: &Value, schema_path: &str) -> Vec<String> {
    let object_path = schema_path
        .strip_suffix("/additionalProperties")
        .unwrap_or(schema_path);
    let mut names: Vec<String> = schema
        .pointer(object_path)
        .and_then(|o| o.get("properties"))
        .and_then(Value::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// What the summary of many problems of one kind calls them.
fn problem_kind(kind: &ValidationErrorKind) -> &'static str {
    match kind {
        ValidationErrorKind::AdditionalProperties { .. } => "unknown fields",
        ValidationErrorKind::Required { .. } => "missing required fields",
        ValidationErrorKind::Type { .. } => "values of the wrong type",
        ValidationErrorKind::Enum { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
            "values that are not allowed"
        }
        ValidationErrorKind::Minimum { .. }
        | ValidationErrorKind::ExclusiveMinimum { .. }
        | ValidationErrorKind::Maximum { .. }
        | ValidationErrorKind::ExclusiveMaximum { .. } => "values out of range",
        ValidationErrorKind::Format { .. } | ValidationErrorKind::Pattern { .. } => {
            "values in the wrong form"
        }
        ValidationErrorKind::MinLength { .. } => "empty values",
        _ => "other schema errors",
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null (empty)".to_owned(),
        Value::String(s) => format!("\"{}\"", shorten(s)),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
        other => other.to_string(),
    }
}

fn type_hint(
    expected: &str,
    found: &Value,
    pointer: &str,
    format: crate::ingest::Format,
) -> Option<String> {
    let yaml = format == crate::ingest::Format::Yaml;
    if let Value::String(s) = found {
        if expected.contains("number") || expected.contains("integer") {
            let digits: String = s
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let unit = pointer.rsplit('_').next().unwrap_or("");
            return Some(if digits.is_empty() {
                "write the quantity as a number (digits), e.g. 12, not 十二".to_owned()
            } else {
                format!(
                    "write just the number, `{digits}`; the unit is part of the field name (`_{unit}`)"
                )
            });
        }
        if expected.contains("boolean") {
            return Some(if yaml {
                "write true or false (YAML 1.2: yes/no are text)".to_owned()
            } else {
                "write true or false, without quotes".to_owned()
            });
        }
    }
    if found.is_null() {
        return Some("the field is present but empty: give a value or remove the line".to_owned());
    }
    if expected.contains("array") {
        return Some(
            match format {
                crate::ingest::Format::Yaml => "write a list: one `- item` per line, or [a, b]",
                crate::ingest::Format::Json => "write a list: [\"a\", \"b\"]",
                crate::ingest::Format::Toml => "write a list: key = [\"a\", \"b\"]",
            }
            .to_owned(),
        );
    }
    None
}
