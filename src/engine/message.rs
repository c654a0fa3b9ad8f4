//! Filling in a rule's message template.

use serde_json::Value;

use crate::i18n::{Lang, Text};
use crate::standard::Rule;
use crate::standard::condition::{show, with_unit};

/// The rule's message with {observed}, {expected}, {subject}, {margin} and {missing} filled in.
pub(super) fn fill(
    rule: &Rule,
    observed: Option<&Value>,
    expected: Option<&Text>,
    subject: &str,
    margin: Option<f64>,
    missing: Option<&str>,
) -> Text {
    let one = |lang: Lang| {
        let unit = rule.unit.as_ref().map(|u| u.get(lang));
        let observed = observed.map_or_else(
            || show(&Value::Null, lang),
            |v| with_unit(&show(v, lang), unit),
        );
        let expected = expected.map(|e| e.get(lang).to_owned()).unwrap_or_default();
        let margin = margin.map_or_else(String::new, |m| {
            with_unit(&show(&Value::from(m.abs()), lang), unit)
        });
        let text = rule
            .message
            .get(lang)
            .replace("{observed}", &observed)
            .replace("{expected}", &expected)
            .replace("{subject}", subject)
            .replace("{margin}", &margin)
            .replace("{missing}", missing.unwrap_or(""));
        if subject.is_empty() || rule.message.get(lang).contains("{subject}") {
            text
        } else if lang == Lang::Zh {
            format!("{subject}：{text}")
        } else {
            format!("{subject}: {text}")
        }
    };
    Text {
        zh: one(Lang::Zh),
        en: one(Lang::En),
    }
}

/// "The data is missing" in both languages, naming the field.
pub(super) fn cannot_evaluate_message(rule: &Rule, missing: &str, note: Option<&Text>) -> Text {
    let field = if missing.is_empty() {
        "/".to_owned()
    } else {
        missing.to_owned()
    };
    match note {
        Some(n) => Text::new(
            format!("{}（{}）", n.zh, field),
            format!("{} ({field})", n.en),
        ),
        None => Text::new(
            format!("未提供 {field}，无法判定“{}”", rule.title.zh),
            format!(
                "{field} is not stated, so “{}” cannot be checked",
                rule.title.en
            ),
        ),
    }
}

/// Why a rule does not apply to this project.
pub(super) fn not_applicable_message(field: &str, value: &str, list: &[String]) -> Text {
    Text::new(
        format!(
            "仅适用于 project.{field} 为 {}（本项目为 {value}）",
            list.join("、")
        ),
        format!(
            "applies only where project.{field} is {} (this project: {value})",
            list.join(", ")
        ),
    )
}

/// A rule's fix for one subject, with `{expected}` (the figure in force for it) and `{subject}`
/// filled in: a tightened parameter never contradicts the fix.
pub fn fix_text(rule: &Rule, subject: &super::SubjectResult) -> Text {
    let one = |lang: Lang| {
        rule.fix
            .get(lang)
            .replace(
                "{expected}",
                subject.expected.as_ref().map_or("", |e| e.get(lang)),
            )
            .replace("{subject}", &subject.subject_label)
    };
    Text {
        zh: one(Lang::Zh),
        en: one(Lang::En),
    }
}
