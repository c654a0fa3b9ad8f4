//! Acceptance (竣工验收): the on-site checklist derived from the approved design, the filled
//! checklist or as-built submission read back as evidence, deviations from the design, the
//! standard's acceptance-phase rules on the measured evidence, scoring by the three parts
//! (construction, technical, documents), the conclusion 通过 / 基本通过 / 不通过 with the
//! rectification list, and the re-inspection after rectification (整改后复验).

pub mod assess;
pub mod checklist;
pub mod devices;
pub mod evidence;
pub mod sampling;
pub mod score;
pub mod sheet;

use serde::Serialize;

use crate::i18n::Text;

pub use assess::{AcceptanceRecord, assess};
pub use checklist::{Checklist, Item};
pub use evidence::Evidence;

/// The three acceptance groups (GB 50348-2018 10.1.2, GA 308-2001).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// 施工验收.
    Construction,
    /// 技术验收.
    Technical,
    /// 资料审查.
    Documents,
}

impl Part {
    /// All parts, in document order.
    pub const ALL: [Part; 3] = [Part::Construction, Part::Technical, Part::Documents];

    /// The identifier.
    pub fn id(self) -> &'static str {
        match self {
            Part::Construction => "construction",
            Part::Technical => "technical",
            Part::Documents => "documents",
        }
    }

    /// Its label.
    pub fn label(self) -> Text {
        match self {
            Part::Construction => Text::new("施工验收", "construction acceptance"),
            Part::Technical => Text::new("技术验收", "technical acceptance"),
            Part::Documents => Text::new("资料审查", "document review"),
        }
    }

    /// The part from an id or label (as written in a filled checklist).
    pub fn parse(s: &str) -> Option<Part> {
        let s = s.trim();
        Part::ALL.into_iter().find(|p| {
            let l = p.label();
            s == p.id() || s == l.zh || s.eq_ignore_ascii_case(&l.en) || s.starts_with(&l.zh)
        })
    }

    /// Who usually rectifies its failures.
    pub fn responsible(self) -> Text {
        match self {
            Part::Construction | Part::Technical => Text::new("施工单位", "installer"),
            Part::Documents => Text::new("建设单位", "developer"),
        }
    }
}

/// What kind of checklist row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Installation quality, sampled per model.
    Sampling,
    /// Device count, model and location.
    Configuration,
    /// A measured figure.
    Measurement,
    /// A function tested on site (yes / no).
    Function,
    /// A document of the dossier.
    Document,
}

/// The inspector's mark in the result column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// 合格.
    Pass,
    /// 不合格.
    Fail,
    /// 不适用.
    NotApplicable,
}

impl Mark {
    /// Reads a result cell: 合格/通过/是/有/pass/yes/√/✓, 不合格/否/无/fail/no/×/✗,
    /// 不适用/na/n/a/—.
    pub fn parse(s: &str) -> Option<Mark> {
        let t = s.trim().to_lowercase();
        match t.as_str() {
            "合格" | "通过" | "是" | "有" | "符合" | "正常" | "pass" | "passed" | "yes" | "y"
            | "ok" | "true" | "√" | "✓" | "✔" => Some(Mark::Pass),
            "不合格" | "不通过" | "否" | "无" | "不符合" | "不正常" | "fail" | "failed" | "no"
            | "n" | "false" | "×" | "✗" | "✘" | "x" => Some(Mark::Fail),
            "不适用" | "na" | "n/a" | "—" | "-" | "/" => Some(Mark::NotApplicable),
            _ => None,
        }
    }
}

/// The conclusion of an acceptance (GB 50348-2018 10.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// 通过.
    Pass,
    /// 基本通过.
    BasicPass,
    /// 不通过.
    Fail,
}

impl Conclusion {
    /// The identifier.
    pub fn id(self) -> &'static str {
        match self {
            Conclusion::Pass => "pass",
            Conclusion::BasicPass => "basic_pass",
            Conclusion::Fail => "fail",
        }
    }

    /// Its label.
    pub fn label(self) -> Text {
        match self {
            Conclusion::Pass => Text::new("通过", "passed"),
            Conclusion::BasicPass => Text::new("基本通过", "basically passed"),
            Conclusion::Fail => Text::new("不通过", "not passed"),
        }
    }

    /// Exit code of `anfang accept`: 0 only for 通过.
    pub fn exit_code(self) -> u8 {
        if self == Conclusion::Pass { 0 } else { 1 }
    }
}
