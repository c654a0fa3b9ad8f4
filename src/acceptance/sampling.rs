//! How many units of one model are tested on site (GB 50348-2018 cl. 9.1.5 and 9.1.6, catalogue
//! rows ACP-03 and ACP-04): all of them up to a limit, otherwise a sample from the GB/T 2828.1
//! table but never fewer than a floor; a re-test after rectification doubles the sample.
//!
//! Every figure comes from the standard's parameters, so an authority can change them as data.

use serde::Serialize;
use serde_json::Value;

use crate::i18n::Text;
use crate::standard::CompiledStandard;

/// Parameters the acceptance module reads (rules need not use them; `standards lint` knows).
pub const PARAMETERS: &[&str] = &[
    FULL_UP_TO,
    MINIMUM,
    RETEST_FACTOR,
    TABLE,
    super::score::PASS_RATIO,
    super::score::BASIC_RATIO,
];

const FULL_UP_TO: &str = "acceptance_sampling_full_up_to";
const MINIMUM: &str = "acceptance_sampling_min";
const RETEST_FACTOR: &str = "acceptance_retest_factor";
const TABLE: &str = "acceptance_sampling_table";

/// The sampling rule in force.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SamplingRule {
    /// A model with at most this many units is tested in full.
    pub full_up_to: u32,
    /// Above that, at least this many are sampled.
    pub minimum: u32,
    /// A re-test samples this multiple of the first sample.
    pub retest_factor: u32,
    /// Lot size up to (inclusive; `None` = any larger) → sample size.
    pub table: Vec<(Option<u32>, u32)>,
    /// Whether any figure is marked unverified in the standard.
    pub verify: bool,
}

/// A missing or malformed sampling parameter: the standard cannot drive acceptance.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterError(pub String);

fn param<'a>(
    standard: &'a CompiledStandard,
    name: &str,
) -> Result<&'a crate::standard::Parameter, ParameterError> {
    standard
        .parameters
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| {
            ParameterError(format!(
                "standard {} {} has no parameter `{name}`, which acceptance needs; add it (see standards/cn-baseline/rules/acceptance.yaml)",
                standard.id, standard.edition
            ))
        })
}

fn whole(v: &Value, name: &str) -> Result<u32, ParameterError> {
    v.as_f64()
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX))
        .map(|n| n as u32)
        .ok_or_else(|| {
            ParameterError(format!(
                "parameter `{name}` must be a whole number, not {v}"
            ))
        })
}

impl SamplingRule {
    /// The rule as the standard states it.
    pub fn from_standard(standard: &CompiledStandard) -> Result<SamplingRule, ParameterError> {
        let full = param(standard, FULL_UP_TO)?;
        let min = param(standard, MINIMUM)?;
        let factor = param(standard, RETEST_FACTOR)?;
        let table = param(standard, TABLE)?;
        let rows = table.value.as_array().ok_or_else(|| {
            ParameterError(format!(
                "parameter `{TABLE}` must be a list of [lot size up to, sample size]"
            ))
        })?;
        let mut parsed = Vec::new();
        for row in rows {
            let pair = row.as_array().filter(|a| a.len() == 2).ok_or_else(|| {
                ParameterError(format!(
                    "parameter `{TABLE}`: `{row}` is not [lot size up to, sample size]"
                ))
            })?;
            let up_to = match &pair[0] {
                Value::Null => None,
                v => Some(whole(v, TABLE)?),
            };
            parsed.push((up_to, whole(&pair[1], TABLE)?));
        }
        let ascending = parsed.windows(2).all(|w| match (w[0].0, w[1].0) {
            (Some(a), Some(b)) => a < b,
            (Some(_), None) => true,
            (None, _) => false,
        });
        if parsed.is_empty() || !ascending {
            return Err(ParameterError(format!(
                "parameter `{TABLE}` must list lot sizes in ascending order, the last may be null (any larger lot)"
            )));
        }
        Ok(SamplingRule {
            full_up_to: whole(&full.value, FULL_UP_TO)?,
            minimum: whole(&min.value, MINIMUM)?,
            retest_factor: whole(&factor.value, RETEST_FACTOR)?,
            table: parsed,
            verify: [full, min, factor, table].iter().any(|p| p.verify),
        })
    }

    /// Units to test of a model with `units` installed.
    pub fn sample(&self, units: u32) -> u32 {
        if units <= self.full_up_to {
            return units;
        }
        let from_table = self
            .table
            .iter()
            .find(|(up_to, _)| up_to.is_none_or(|u| units <= u))
            .or(self.table.last())
            .map_or(units, |(_, n)| *n);
        from_table.max(self.minimum).min(units)
    }

    /// Units to re-test after rectification: the first sample times the factor, at most all.
    pub fn retest_sample(&self, units: u32) -> u32 {
        self.sample(units)
            .saturating_mul(self.retest_factor)
            .min(units)
    }

    /// The rule in words, for documents.
    pub fn describe(&self) -> Text {
        Text::new(
            format!(
                "同型号产品数量不超过{full}台（套）时全数检验；超过时按 GB/T 2828.1 一般检验水平 II 确定样本量，且不少于{min}台（套）；整改后复检抽样数量为初检的{f}倍（GB 50348-2018 第9.1.5、9.1.6条）。",
                full = self.full_up_to,
                min = self.minimum,
                f = self.retest_factor
            ),
            format!(
                "Up to {full} units of one model are all tested; above that the sample follows GB/T 2828.1 general inspection level II, at least {min}; a re-test after rectification samples {f}× the first sample (GB 50348-2018 cl. 9.1.5, 9.1.6).",
                full = self.full_up_to,
                min = self.minimum,
                f = self.retest_factor
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> SamplingRule {
        let editions =
            crate::standard::load_editions(crate::standard::embedded::DEFAULT_STANDARD).unwrap();
        SamplingRule::from_standard(editions.latest().unwrap()).unwrap()
    }

    #[test]
    fn sizes_follow_the_catalogue_rule() {
        let r = builtin();
        // ≤ 5 of a model: all of them.
        assert_eq!(r.sample(1), 1);
        assert_eq!(r.sample(3), 3);
        assert_eq!(r.sample(5), 5);
        // 6: GB/T 2828.1 level II gives 2 (lot 2–8, code A), raised to the floor of 5.
        assert_eq!(r.sample(6), 5);
        // 40: code D → 8.
        assert_eq!(r.sample(40), 8);
        // 200: code G (151–280) → 32.
        assert_eq!(r.sample(200), 32);
        assert_eq!(r.sample(1200), 80);
        assert_eq!(r.sample(1_000_000), 1250);
    }

    #[test]
    fn retest_doubles_but_never_exceeds_the_lot() {
        let r = builtin();
        assert_eq!(r.retest_sample(3), 3);
        assert_eq!(r.retest_sample(5), 5);
        assert_eq!(r.retest_sample(6), 6);
        assert_eq!(r.retest_sample(200), 64);
    }
}
