//! Validation of a submission in two steps: the JSON Schema generated from the Rust types, then
//! the semantic checks the schema cannot express (ids unique, references resolve). All problems
//! are collected; none stops the others from being found.

use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::diagnostic::{Problem, did_you_mean};
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

/// Validates a parsed document; on failure returns every problem found.
pub fn validate(mut document: Document) -> Result<Validated, Vec<Problem>> {
    let notes = alias_notes(&mut document);
    let mut problems = schema_problems(&document);
    for r in crate::model::refs::check_refs(&document.value) {
        problems.push(document.problem_at(&r.pointer, r.message).hint(r.hint));
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| (a.location, &a.pointer).cmp(&(b.location, &b.pointer)));
        problems.dedup();
        return Err(problems);
    }
    match serde_path_to_error::deserialize::<_, Submission>(&document.value) {
        Ok(submission) => Ok(Validated {
            document,
            submission,
            notes,
        }),
        Err(e) => {
            let pointer = crate::ingest::serde_path_to_pointer("", &e.path().to_string());
            let message = e.into_inner().to_string();
            Err(vec![document.problem_at(&pointer, message)])
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

/// Runs the JSON Schema and turns each error into a located problem with a hint.
pub fn schema_problems(document: &Document) -> Vec<Problem> {
    let validator = match validator() {
        Ok(v) => v,
        Err(p) => return vec![p],
    };
    let schema: &Value = crate::model::schema::submission_schema_ref();
    let mut problems = Vec::new();
    for error in validator.iter_errors(&document.value) {
        let pointer = error.instance_path().as_str().to_owned();
        let schema_path = error.schema_path().as_str().to_owned();
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let allowed = allowed_properties(schema, &schema_path);
                for name in unexpected {
                    let child = format!("{pointer}/{}", crate::ingest::escape_pointer_token(name));
                    let mut p = document.problem_at_key(&child, format!("unknown field `{name}`"));
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
                    problems.push(p);
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                problems.push(
                    document
                        .problem_at(&pointer, format!("missing required field `{name}`"))
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
                let mut p = document.problem_at(
                    &pointer,
                    format!("expected {expected}, found {}", describe(found)),
                );
                if let Some(hint) = type_hint(&expected, found, &pointer, document.format) {
                    p = p.hint(hint);
                }
                problems.push(p);
            }
            ValidationErrorKind::Enum { .. } | ValidationErrorKind::OneOfNotValid { .. }
                if !enum_options(schema, &schema_path, error.kind()).is_empty() =>
            {
                let owned = enum_options(schema, &schema_path, error.kind());
                let options: Vec<&str> = owned.iter().map(String::as_str).collect();
                let found = error.instance();
                let mut p = document.problem_at(
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
                problems.push(p);
            }
            ValidationErrorKind::Minimum { limit }
            | ValidationErrorKind::ExclusiveMinimum { limit } => {
                let strict = matches!(error.kind(), ValidationErrorKind::ExclusiveMinimum { .. });
                problems.push(
                    document
                        .problem_at(
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
                let mut p = document.problem_at(
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
                problems.push(p);
            }
            ValidationErrorKind::Format { format } => {
                let hint = if format == "date" {
                    "write dates as YYYY-MM-DD, e.g. 2026-03-15"
                } else {
                    "check the value's format"
                };
                problems.push(
                    document
                        .problem_at(
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
                problems.push(
                    document
                        .problem_at(
                            &pointer,
                            format!("{} is not in the expected form", describe(error.instance())),
                        )
                        .hint(hint),
                );
            }
            ValidationErrorKind::MinLength { .. } => {
                problems.push(
                    document
                        .problem_at(&pointer, "must not be empty")
                        .hint("write a value or remove the field"),
                );
            }
            _ => problems.push(document.problem_at(&pointer, error.to_string())),
        }
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

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null (empty)".to_owned(),
        Value::String(s) => format!("\"{s}\""),
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
