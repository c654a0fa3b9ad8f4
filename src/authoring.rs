//! Tools for rule authors: running every rule's examples (`anfang standards test`). Linting a
//! standard (`anfang standards lint`) is [`crate::standard::lint`].

use serde_json::Value;

use crate::date::Date;
use crate::engine::{self, Options, Outcome};
use crate::ingest::{self, Document, Format, PointerMap, Source};
use crate::standard::{CompiledStandard, Rule};

/// Merges `patch` onto `base`: mappings merge key by key; lists and scalars replace.
pub fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(k) {
                    Some(existing) if existing.is_object() && v.is_object() => merge(existing, v),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

/// The result of one example.
#[derive(Debug, Clone)]
pub struct ExampleResult {
    /// The rule.
    pub rule: String,
    /// `pass` or `fail` (what the example should give).
    pub expected: Outcome,
    /// Which example of that kind (0-based).
    pub index: usize,
    /// What it gave, or why it could not run.
    pub got: Result<Outcome, String>,
    /// Where the rule is.
    pub at: String,
    /// Why the example was not run.
    pub skipped: Option<String>,
}

impl ExampleResult {
    /// Whether the example gave what it should.
    pub fn ok(&self) -> bool {
        self.skipped.is_some() || self.got.as_ref().is_ok_and(|o| *o == self.expected)
    }
}

/// Builds the submission an example describes: the fragment merged onto the standard's base.
pub fn example_document(
    standard: &CompiledStandard,
    rule: &Rule,
    fragment: &str,
    label: &str,
) -> Result<Document, String> {
    let name = format!("{} ({} {label} example)", rule.file, rule.id);
    let frag = ingest::parse(
        Source::from_text(name.clone(), fragment.to_owned()),
        Format::Yaml,
    )
    .map_err(|p| p.to_string())?;
    let mut value = standard.example_base.clone();
    merge(&mut value, &frag.value);
    let text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
    Ok(Document {
        source: Source::from_text(name, text),
        format: Format::Json,
        value,
        pointers: PointerMap::default(),
    })
}

/// Runs every example of every rule.
pub fn run_examples(standard: &CompiledStandard, as_of: Date) -> Vec<ExampleResult> {
    let mut out = Vec::new();
    for (ri, rule) in standard.rules.iter().enumerate() {
        let at = match rule.location {
            Some(l) => format!("{}:{}:{}", rule.file, l.line, l.column),
            None => rule.file.clone(),
        };
        for (expected, examples, label) in [
            (Outcome::Pass, &rule.pass_examples, "pass"),
            (Outcome::Fail, &rule.fail_examples, "fail"),
        ] {
            for (index, fragment) in examples.iter().enumerate() {
                if rule.tightened && expected == Outcome::Pass {
                    out.push(ExampleResult {
                        rule: rule.id.clone(),
                        expected,
                        index,
                        got: Err("not run".into()),
                        at: at.clone(),
                        skipped: Some("an overlay tightened a parameter of this rule; the passing example was written for the base".into()),
                    });
                    continue;
                }
                let got = example_document(standard, rule, fragment, label).and_then(|doc| {
                    let validated = crate::validate::validate(doc).map_err(|problems| {
                        let list: Vec<String> = problems
                            .iter()
                            .map(|p| {
                                format!(
                                    "{}{}: {}",
                                    p.pointer.as_deref().unwrap_or(""),
                                    "",
                                    p.message
                                )
                            })
                            .collect();
                        format!(
                            "the merged example is not a valid submission: {}",
                            list.join("; ")
                        )
                    })?;
                    let eval =
                        engine::evaluate(standard, &validated.document.value, Options { as_of });
                    let result = eval.rules.get(ri).ok_or("rule missing from evaluation")?;
                    if result.outcome == Outcome::CannotEvaluate
                        || result.outcome == Outcome::NotApplicable
                    {
                        let why: Vec<String> = result
                            .subjects
                            .iter()
                            .map(|s| s.message.en.clone())
                            .filter(|m| !m.is_empty())
                            .collect();
                        return Err(format!("got {} ({})", result.outcome.id(), why.join("; ")));
                    }
                    Ok(result.outcome)
                });
                out.push(ExampleResult {
                    rule: rule.id.clone(),
                    expected,
                    index,
                    got,
                    at: at.clone(),
                    skipped: None,
                });
            }
        }
    }
    out
}
