//! Where a rule's requirement and its figures come from: the source documents (law, regulation,
//! national or industry standard, local document, practice), the provenance of each rule and
//! parameter (national / local / advisory), and the regions local documents bind.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Obligation;
use crate::i18n::{Lang, Text};

/// What kind of document a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// 法律: a law of the NPC (PIPL, Cybersecurity Law, Civil Code).
    Law,
    /// 行政法规、部门规章、司法解释: State Council decrees, ministry orders, SPC provisions.
    Regulation,
    /// 国家标准: GB, GB/T.
    National,
    /// 行业标准: GA, GA/T, JGJ.
    Industry,
    /// 地方标准、地方文件: DB…, provincial and municipal notices and guides.
    Local,
    /// 行业惯例: procurement specifications, installer guidance; not a standard.
    Practice,
}

impl SourceKind {
    /// All kinds with their identifiers, in the order a review opinion lists its basis.
    pub const ALL: &'static [(SourceKind, &'static str)] = &[
        (SourceKind::Law, "law"),
        (SourceKind::Regulation, "regulation"),
        (SourceKind::National, "national"),
        (SourceKind::Industry, "industry"),
        (SourceKind::Local, "local"),
        (SourceKind::Practice, "practice"),
    ];

    /// The identifier.
    pub fn id(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, s)| s)
    }
}

/// A source document a standard cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Its title in both languages.
    pub title: Text,
    /// What kind of document it is.
    pub kind: Option<SourceKind>,
    /// For local documents: the 行政区划 code prefixes it binds (`["53"]` all of Yunnan,
    /// `["5329"]` Dali prefecture).
    pub region: Vec<String>,
    /// `Some(false)`: the catalogue marks the document or its figures unverified (据报道转引).
    pub verified: Option<bool>,
}

/// A source reads as its title (`source.zh`), as it did before sources carried metadata.
impl std::ops::Deref for Source {
    type Target = Text;
    fn deref(&self) -> &Text {
        &self.title
    }
}

impl Source {
    /// Whether a review opinion may list it in its basis (审查依据): not industry practice and
    /// not a document the catalogue could not verify.
    pub fn citable(&self) -> bool {
        self.kind != Some(SourceKind::Practice) && self.verified != Some(false)
    }
}

/// The basis of a rule's requirement and of its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// A national law, regulation or standard clause states it (binding wherever anfang is used).
    National,
    /// A local standard or notice states it: it binds only projects in its region.
    Local,
    /// The reference rule-set's own choice, a figure the catalogue could not confirm, or
    /// industry practice: a recommendation (建议, ⚠ 待核实) until an authority adopts it.
    Advisory,
}

impl Provenance {
    /// All provenances with their identifiers.
    pub const ALL: &'static [(Provenance, &'static str)] = &[
        (Provenance::National, "national"),
        (Provenance::Local, "local"),
        (Provenance::Advisory, "advisory"),
    ];

    /// Parses the identifier used in rule files.
    pub fn from_id(id: &str) -> Option<Provenance> {
        Self::ALL.iter().find(|(_, s)| *s == id).map(|(p, _)| *p)
    }

    /// The identifier.
    pub fn id(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(p, _)| *p == self)
            .map_or("", |(_, s)| s)
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Provenance::National, Lang::Zh) => "国家规定",
            (Provenance::Local, Lang::Zh) => "地方规定",
            (Provenance::Advisory, Lang::Zh) => "建议（待核实）",
            (Provenance::National, Lang::En) => "national",
            (Provenance::Local, Lang::En) => "local",
            (Provenance::Advisory, Lang::En) => "advisory (to be confirmed)",
        }
    }
}

impl fmt::Display for Provenance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Whether a 6-digit region code lies in one of the prefixes (`"532901"` lies in `"53"` and
/// `"5329"`).
pub fn in_region(code: &str, prefixes: &[String]) -> bool {
    prefixes.iter().any(|p| code.starts_with(p.as_str()))
}

/// Whether a region prefix is well formed: 2, 4 or 6 digits.
pub fn valid_region(prefix: &str) -> bool {
    matches!(prefix.len(), 2 | 4 | 6) && prefix.chars().all(|c| c.is_ascii_digit())
}

/// The obligations a catalogue strength allows (`M` → mandatory, `M*` → shall, `L` → legal,
/// `R` → should or may, `P` and comparators → should or may; local rules and policies → shall
/// or should). A strength with alternatives (`M / R`, `L / M*`) allows each.
pub fn obligations_for_strength(strength: &str) -> Vec<Obligation> {
    let s = strength.replace('⚠', " ");
    let mut out = Vec::new();
    let mut add = |o: Obligation| {
        if !out.contains(&o) {
            out.push(o);
        }
    };
    let lower = s.to_lowercase();
    if lower.contains("local") || lower.contains("policy") {
        add(Obligation::Shall);
        add(Obligation::Should);
    }
    if lower.contains("comparator") {
        add(Obligation::Should);
        add(Obligation::May);
    }
    // "M* → R": recommended where it applies.
    if lower.contains('→') {
        add(Obligation::Should);
    }
    for token in s
        .split(|c: char| c == '/' || c == '(' || c == '→' || c.is_whitespace())
        .map(str::trim)
    {
        match token {
            "M" => add(Obligation::Mandatory),
            "M*" => add(Obligation::Shall),
            "L" => add(Obligation::Legal),
            "R" => {
                add(Obligation::Should);
                add(Obligation::May);
            }
            "P" => {
                add(Obligation::Should);
                add(Obligation::May);
            }
            _ => {}
        }
    }
    out
}

/// Whether the catalogue marks a row's strength unverified (`M ⚠`).
pub fn strength_unverified(strength: &str) -> bool {
    strength.contains('⚠')
}

/// The figures a catalogue row's threshold states (`"≥ 30 d"` → 30; `"≥ 99 %"` → 99 and 0.99;
/// `"1 / lane"` → 1).
pub fn figures_of(threshold: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let chars: Vec<char> = threshold.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c.is_ascii_digit() {
            let start = i;
            while chars.get(i).is_some_and(|c| {
                c.is_ascii_digit() || *c == '.' || *c == ' ' && next_is_thousands(&chars, i)
            }) {
                i += 1;
            }
            let text: String = chars
                .get(start..i)
                .map(|s| s.iter().filter(|c| **c != ' ').collect())
                .unwrap_or_default();
            let text = text.trim_end_matches('.');
            if let Ok(x) = text.parse::<f64>() {
                out.push(x);
                let rest: String = chars.iter().skip(i).take(3).collect();
                if rest.trim_start().starts_with('%') {
                    out.push(x / 100.0);
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// `50 000`: a space followed by exactly three digits and no further digit continues a number.
fn next_is_thousands(chars: &[char], i: usize) -> bool {
    let digits = (1..=3).all(|k| chars.get(i + k).is_some_and(char::is_ascii_digit));
    digits && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strengths_map_to_obligations() {
        assert_eq!(obligations_for_strength("M"), vec![Obligation::Mandatory]);
        assert_eq!(obligations_for_strength("M ⚠"), vec![Obligation::Mandatory]);
        assert_eq!(obligations_for_strength("M*"), vec![Obligation::Shall]);
        assert_eq!(
            obligations_for_strength("L / M*"),
            vec![Obligation::Legal, Obligation::Shall]
        );
        assert_eq!(
            obligations_for_strength("R"),
            vec![Obligation::Should, Obligation::May]
        );
        assert!(obligations_for_strength("M* (grade)").contains(&Obligation::Shall));
        assert!(obligations_for_strength("local rule").contains(&Obligation::Shall));
        assert!(obligations_for_strength("M* → R").contains(&Obligation::Should));
        assert!(strength_unverified("M* ⚠"));
    }

    #[test]
    fn figures_are_read_from_thresholds() {
        assert_eq!(figures_of("≥ 30 d"), vec![30.0]);
        assert_eq!(figures_of("≥ 99 %; ≤ 0.5 %"), vec![99.0, 0.99, 0.5, 0.005]);
        assert_eq!(
            figures_of("≥ 1.3 MP; capture ≥ 1280×720"),
            vec![1.3, 1280.0, 720.0]
        );
        assert_eq!(
            figures_of("trigger: ≥ 50 000 m² or ≥ 3 000 households"),
            vec![50000.0, 3000.0]
        );
        assert!(figures_of("boolean").is_empty());
    }

    #[test]
    fn regions_are_prefixes() {
        assert!(in_region("532901", &["53".into()]));
        assert!(!in_region("310101", &["53".into(), "5329".into()]));
        assert!(valid_region("5329") && !valid_region("5") && !valid_region("53a"));
    }
}
