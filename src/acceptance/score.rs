//! Scoring by the three parts and the conclusion (GB 50348-2018 10.1.5; GA 308-2001 as commonly
//! quoted): every part's pass ratio at or above the pass threshold → 通过; every part at or above
//! the basic threshold → 基本通过; otherwise, or when any mandatory item fails or was not
//! checked, → 不通过. Both thresholds are standard parameters (unverified by default).

use serde::Serialize;

use super::{Conclusion, Part};
use crate::i18n::Text;
use crate::standard::CompiledStandard;

/// The parameter: pass ratio every part needs for 通过.
pub const PASS_RATIO: &str = "acceptance_score_pass";
/// The parameter: pass ratio every part needs for 基本通过.
pub const BASIC_RATIO: &str = "acceptance_score_basic";

/// The status of one checked item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 不合格.
    Fail,
    /// 未核查: counts against the part, since an item not checked cannot pass.
    NotChecked,
    /// 合格.
    Pass,
    /// 不适用: left out of the ratio.
    NotApplicable,
}

impl Status {
    /// The identifier.
    pub fn id(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::NotChecked => "not_checked",
            Status::Pass => "pass",
            Status::NotApplicable => "not_applicable",
        }
    }

    /// Its label.
    pub fn label(self) -> Text {
        match self {
            Status::Fail => Text::new("不合格", "fail"),
            Status::NotChecked => Text::new("未核查", "not checked"),
            Status::Pass => Text::new("合格", "pass"),
            Status::NotApplicable => Text::new("不适用", "n/a"),
        }
    }
}

/// The thresholds in force.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    /// For 通过.
    pub pass: f64,
    /// For 基本通过.
    pub basic: f64,
    /// Either is marked unverified in the standard.
    pub verify: bool,
}

impl Thresholds {
    /// The thresholds the standard states.
    pub fn from_standard(
        standard: &CompiledStandard,
    ) -> Result<Thresholds, super::sampling::ParameterError> {
        let get = |name: &str| {
            let p = standard.parameters.iter().find(|p| p.name == name).ok_or_else(|| {
                super::sampling::ParameterError(format!(
                    "standard {} {} has no parameter `{name}`, which acceptance scoring needs; add it (see standards/cn-baseline/rules/acceptance.yaml)",
                    standard.id, standard.edition
                ))
            })?;
            let v = p
                .value
                .as_f64()
                .filter(|v| (0.0..=1.0).contains(v))
                .ok_or_else(|| {
                    super::sampling::ParameterError(format!(
                        "parameter `{name}` must be a ratio between 0 and 1, not {}",
                        p.value
                    ))
                })?;
            Ok::<_, super::sampling::ParameterError>((v, p.verify))
        };
        let (pass, v1) = get(PASS_RATIO)?;
        let (basic, v2) = get(BASIC_RATIO)?;
        if basic > pass {
            return Err(super::sampling::ParameterError(format!(
                "parameter `{BASIC_RATIO}` ({basic}) is above `{PASS_RATIO}` ({pass})"
            )));
        }
        Ok(Thresholds {
            pass,
            basic,
            verify: v1 || v2,
        })
    }
}

/// One part's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartScore {
    /// construction | technical | documents.
    pub part: Part,
    /// Its label.
    pub label: Text,
    /// Items that count (all but 不适用).
    pub counted: usize,
    /// 合格.
    pub passed: usize,
    /// 不合格.
    pub failed: usize,
    /// 未核查.
    pub not_checked: usize,
    /// 不适用.
    pub not_applicable: usize,
    /// passed / counted, `None` when nothing counts.
    pub ratio: Option<f64>,
    /// The ratio as a percentage with one decimal (`87.5%`), for documents.
    pub ratio_text: String,
}

/// Scores the statuses of one part.
pub fn part_score(part: Part, statuses: impl Iterator<Item = Status>) -> PartScore {
    let mut s = PartScore {
        part,
        label: part.label(),
        counted: 0,
        passed: 0,
        failed: 0,
        not_checked: 0,
        not_applicable: 0,
        ratio: None,
        ratio_text: "—".into(),
    };
    for status in statuses {
        match status {
            Status::Pass => s.passed += 1,
            Status::Fail => s.failed += 1,
            Status::NotChecked => s.not_checked += 1,
            Status::NotApplicable => s.not_applicable += 1,
        }
    }
    s.counted = s.passed + s.failed + s.not_checked;
    if s.counted > 0 {
        let r = s.passed as f64 / s.counted as f64;
        s.ratio = Some(r);
        s.ratio_text = format!("{:.1}%", r * 100.0);
    }
    s
}

/// The conclusion and the reasons for it.
pub fn conclude(
    parts: &[PartScore],
    thresholds: Thresholds,
    mandatory_failures: &[String],
) -> (Conclusion, Vec<Text>) {
    let mut reasons = Vec::new();
    if !mandatory_failures.is_empty() {
        reasons.push(Text::new(
            format!(
                "强制性条文项目不合格或未核查：{}，结论为不通过（GB 50348-2018 第10.1.5条）",
                mandatory_failures.join("、")
            ),
            format!(
                "mandatory items failed or not checked: {}; the conclusion is 不通过 (GB 50348-2018 cl. 10.1.5)",
                mandatory_failures.join(", ")
            ),
        ));
    }
    let mut worst = Conclusion::Pass;
    for p in parts {
        let Some(r) = p.ratio else { continue };
        let c = if r + 1e-12 >= thresholds.pass {
            Conclusion::Pass
        } else if r + 1e-12 >= thresholds.basic {
            Conclusion::BasicPass
        } else {
            Conclusion::Fail
        };
        if c != Conclusion::Pass {
            reasons.push(Text::new(
                format!(
                    "{}合格率 {}，{}“通过”所需的 {:.0}%{}",
                    p.label.zh,
                    p.ratio_text,
                    "低于",
                    thresholds.pass * 100.0,
                    if c == Conclusion::Fail {
                        format!("，也低于“基本通过”所需的 {:.0}%", thresholds.basic * 100.0)
                    } else {
                        String::new()
                    }
                ),
                format!(
                    "{} pass ratio {} is below the {:.0}% needed for 通过{}",
                    p.label.en,
                    p.ratio_text,
                    thresholds.pass * 100.0,
                    if c == Conclusion::Fail {
                        format!(
                            " and below the {:.0}% needed for 基本通过",
                            thresholds.basic * 100.0
                        )
                    } else {
                        String::new()
                    }
                ),
            ));
        }
        worst = worst.max(c);
    }
    if !mandatory_failures.is_empty() {
        worst = Conclusion::Fail;
    }
    if worst == Conclusion::Pass {
        reasons.push(Text::new(
            format!(
                "施工、技术、资料三部分合格率均不低于 {:.0}%，无强制性条文项目不合格",
                thresholds.pass * 100.0
            ),
            format!(
                "all three parts reach {:.0}% and no mandatory item failed",
                thresholds.pass * 100.0
            ),
        ));
    }
    (worst, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Thresholds = Thresholds {
        pass: 0.8,
        basic: 0.6,
        verify: true,
    };

    fn part(pass: usize, fail: usize) -> PartScore {
        part_score(
            Part::Technical,
            std::iter::repeat_n(Status::Pass, pass).chain(std::iter::repeat_n(Status::Fail, fail)),
        )
    }

    #[test]
    fn ratios_decide_between_the_three_conclusions() {
        assert_eq!(conclude(&[part(8, 2)], T, &[]).0, Conclusion::Pass);
        assert_eq!(conclude(&[part(7, 3)], T, &[]).0, Conclusion::BasicPass);
        assert_eq!(conclude(&[part(6, 4)], T, &[]).0, Conclusion::BasicPass);
        assert_eq!(conclude(&[part(5, 5)], T, &[]).0, Conclusion::Fail);
        assert_eq!(
            conclude(&[part(10, 0), part(7, 3)], T, &[]).0,
            Conclusion::BasicPass
        );
    }

    #[test]
    fn a_mandatory_failure_fails_whatever_the_ratios() {
        let (c, reasons) = conclude(&[part(99, 1)], T, &["T03".into()]);
        assert_eq!(c, Conclusion::Fail);
        assert!(reasons[0].zh.contains("T03"));
    }

    #[test]
    fn not_applicable_items_do_not_count() {
        let p = part_score(
            Part::Documents,
            [Status::Pass, Status::NotApplicable, Status::NotChecked].into_iter(),
        );
        assert_eq!(p.counted, 2);
        assert_eq!(p.ratio, Some(0.5));
        assert_eq!(p.ratio_text, "50.0%");
    }
}
