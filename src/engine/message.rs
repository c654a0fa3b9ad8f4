//! Filling in a rule's message template.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::Value;

use crate::i18n::{Lang, Text};
use crate::standard::Rule;
use crate::standard::condition::{show, with_unit};

/// The rule's message with {observed}, {expected}, {subject}, {margin} and {missing} filled in.
pub(crate) fn fill(
    rule: &Rule,
    observed: Option<&Value>,
    expected: Option<&Text>,
    subject: &str,
    margin: Option<f64>,
    missing: Option<&str>,
) -> Text {
    let one = |lang: Lang| {
        let unit = unit_of(rule, lang);
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

/// The unit values of a rule are shown in: its own, else `%` for a ratio of two quantities (a
/// fraction such as 0.5 reads 50%).
pub(super) fn unit_of(rule: &Rule, lang: Lang) -> Option<&str> {
    match (&rule.unit, &rule.check) {
        (Some(u), _) => Some(u.get(lang)),
        (None, crate::standard::Check::Ratio { .. }) => Some("%"),
        _ => None,
    }
}

/// "The data is missing" in both languages, naming the field by its label and path
/// (未提供报警防区（technical.alarm_zones），无法判定…).
pub(super) fn cannot_evaluate_message(rule: &Rule, missing: &str, note: Option<&Text>) -> Text {
    let field = |lang: Lang| {
        if missing.is_empty() {
            match lang {
                Lang::Zh => "所需资料".to_owned(),
                Lang::En => "the data".to_owned(),
            }
        } else {
            crate::model::labels::field_phrase(missing, lang)
        }
    };
    match note {
        Some(n) => Text::new(
            format!("{}（{}）", n.zh, field(Lang::Zh)),
            format!("{} ({})", n.en, field(Lang::En)),
        ),
        None => Text::new(
            format!("未提供{}，无法判定“{}”", field(Lang::Zh), rule.title.zh),
            format!(
                "{} is not stated, so “{}” cannot be checked",
                field(Lang::En),
                rule.title.en
            ),
        ),
    }
}

/// Why a rule does not apply to this project: its field and values by their labels.
///
/// The text depends on nothing but its three arguments, and a project meets the same few
/// (`kind` is `renovation`, the rule lists `new_build`) for dozens of rules: each thread keeps
/// the texts it wrote, up to [`MEMO_LIMIT`] of them (the project's value is the submission's,
/// so the memo is emptied rather than let grow without bound).
pub(super) fn not_applicable_message(field: &str, value: &str, list: &[String]) -> Text {
    NOT_APPLICABLE.with_borrow_mut(|memo| {
        if let Some(text) = memo
            .get(field)
            .and_then(|by_list| by_list.get(list))
            .and_then(|by_value| by_value.get(value))
        {
            return text.clone();
        }
        let text = write_not_applicable(field, value, list);
        if memo
            .values()
            .flat_map(|m| m.values())
            .map(HashMap::len)
            .sum::<usize>()
            >= MEMO_LIMIT
        {
            memo.clear();
        }
        memo.entry(field.to_owned())
            .or_default()
            .entry(list.to_vec())
            .or_default()
            .insert(value.to_owned(), text.clone());
        text
    })
}

/// How many not-applicable texts a thread keeps.
const MEMO_LIMIT: usize = 256;

type NotApplicableMemo = HashMap<String, HashMap<Vec<String>, HashMap<String, Text>>>;

thread_local! {
    /// field → the rule's list → the project's value → the text.
    static NOT_APPLICABLE: RefCell<NotApplicableMemo> = RefCell::new(HashMap::new());
}

fn write_not_applicable(field: &str, value: &str, list: &[String]) -> Text {
    let labels = crate::model::labels::labels();
    let path = format!("project.{field}");
    let name = |lang: Lang| {
        labels
            .field(&path)
            .map_or_else(|| path.clone(), |l| l.get(lang).to_owned())
    };
    let value_label = |v: &str, lang: Lang| {
        labels
            .value_of(Some(&path), v)
            .map_or_else(|| v.to_owned(), |l| l.get(lang).to_owned())
    };
    let values = |lang: Lang, sep: &str| {
        list.iter()
            .map(|v| value_label(v, lang))
            .collect::<Vec<_>>()
            .join(sep)
    };
    Text::new(
        format!(
            "仅适用于{}为{}的项目（本项目为{}）",
            name(Lang::Zh),
            values(Lang::Zh, "、"),
            if value.is_empty() {
                "未填写".to_owned()
            } else {
                value_label(value, Lang::Zh)
            }
        ),
        format!(
            "applies only where the {} is {} (this project: {})",
            name(Lang::En).to_lowercase(),
            values(Lang::En, ", "),
            if value.is_empty() {
                "not stated".to_owned()
            } else {
                value_label(value, Lang::En)
            }
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

/// A requirement's message as a recommendation (建议): for rules judged as *should* or *may*
/// (a 宜 clause, or an advisory figure), "要求" / "required" become "建议" / "recommended".
pub(crate) fn soften(t: Text) -> Text {
    Text::new(
        t.zh.replace("要求", "建议"),
        t.en.replace("required", "recommended"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The memo gives what writing the text gives, for a repeated question and for more
    /// distinct ones than it keeps.
    #[test]
    fn a_remembered_not_applicable_text_is_the_written_one() {
        let list = vec!["new_build".to_owned()];
        let first = not_applicable_message("kind", "renovation", &list);
        assert_eq!(first, write_not_applicable("kind", "renovation", &list));
        assert!(first.zh.contains("老旧小区改造"), "{}", first.zh);
        assert_eq!(not_applicable_message("kind", "renovation", &list), first);
        let other = vec!["level3".to_owned()];
        for i in 0..(MEMO_LIMIT + 10) {
            let value = format!("v{i}");
            for (field, list) in [("kind", &list), ("protection_level", &other)] {
                assert_eq!(
                    not_applicable_message(field, &value, list),
                    write_not_applicable(field, &value, list)
                );
            }
        }
        assert_eq!(
            not_applicable_message("kind", "", &list),
            write_not_applicable("kind", "", &list)
        );
        let held = NOT_APPLICABLE.with_borrow(|m| {
            m.values()
                .flat_map(|m| m.values())
                .map(HashMap::len)
                .sum::<usize>()
        });
        assert!(held <= MEMO_LIMIT, "{held}");
    }
}
