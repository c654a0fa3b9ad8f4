//! Whether a rule applies to a submission: project kind, phase and protection level, the region
//! of a local rule, the size threshold and the `when` filter — three-valued, since a fact the
//! condition needs may not be stated.

use serde_json::Value;

use super::message::not_applicable_message;
use crate::i18n::{Lang, Text};
use crate::standard::Applies;
use crate::standard::condition::Truth;
use crate::standard::provenance::in_region;

/// Whether a rule applies.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Applicability {
    /// It applies.
    Yes,
    /// It does not, and why.
    No(Text),
    /// It depends on a fact that is not stated (its pointer), and on what.
    Unknown(String),
}

/// Decides whether `applies` holds for `root`. A condition that is definitely false decides
/// (not applicable) even when another cannot be told.
pub(super) fn applicability(applies: &Applies, root: &Value, params: &[Value]) -> Applicability {
    let project = root.get("project").unwrap_or(&Value::Null);
    let field = |name: &str| project.get(name).and_then(Value::as_str).unwrap_or("");
    for (list, name) in [
        (&applies.kinds, "kind"),
        (&applies.phases, "phase"),
        (&applies.levels, "protection_level"),
    ] {
        if let Some(list) = list {
            let v = field(name);
            if !list.iter().any(|x| x == v) {
                return Applicability::No(not_applicable_message(name, v, list));
            }
        }
    }
    let mut unknown: Option<String> = None;
    if let Some(regions) = &applies.regions {
        match project.get("region_code").and_then(Value::as_str) {
            None => unknown = unknown.or(Some("/project/region_code".into())),
            Some(code) if !in_region(code, regions) => {
                return Applicability::No(region_message(code, regions));
            }
            Some(_) => {}
        }
    }
    if let Some(cond) = &applies.households {
        match cond.eval(project.get("households"), params) {
            Truth::True => {}
            Truth::Unknown => unknown = unknown.or(Some("/project/households".into())),
            Truth::False => {
                let shown = project
                    .get("households")
                    .map(|h| h.to_string())
                    .unwrap_or_default();
                return Applicability::No(Text::new(
                    format!(
                        "户数{shown}，不在适用范围（{}）",
                        cond.describe(params, Lang::Zh, Some("户"))
                    ),
                    format!(
                        "{shown} households, outside the scope ({})",
                        cond.describe(params, Lang::En, Some("households"))
                    ),
                ));
            }
        }
    }
    if let Some(when) = &applies.when {
        match when.eval(root, params) {
            Truth::True => {}
            Truth::Unknown => {
                unknown =
                    unknown.or_else(|| Some(when.first_missing(root, "").unwrap_or_default()));
            }
            Truth::False => {
                return Applicability::No(Text::new(
                    "适用条件不成立",
                    "its condition of application does not hold",
                ));
            }
        }
    }
    match unknown {
        Some(missing) => Applicability::Unknown(missing),
        None => Applicability::Yes,
    }
}

/// Why a local rule does not apply here.
pub(super) fn region_message(code: &str, regions: &[String]) -> Text {
    Text::new(
        format!(
            "地方规定，仅适用于行政区划代码以 {} 开头的项目（本项目为 {code}）；未被本地叠加标准采用",
            regions.join("、")
        ),
        format!(
            "a local requirement for projects whose region code starts with {} (this project: {code}); no overlay adopts it",
            regions.join(", ")
        ),
    )
}
