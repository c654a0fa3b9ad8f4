//! Administrative divisions (行政区划, GB/T 2260) from a submission's region code, for the batch
//! summary: province (2 digits), prefecture (4), county (6); a 9- or 12-digit code adds the
//! township. A missing or malformed code is "未知" (unknown), never a dropped submission.

use serde::{Deserialize, Serialize};

/// The county and township a submission belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Region {
    /// The 6-digit county code, or `unknown`.
    pub county_code: String,
    /// The county's name (built-in table for Dali prefecture), else the code.
    pub county: String,
    /// The township as the submission names it (`project.township`), else its code (from a
    /// 9- or 12-digit region code), else `未知`.
    pub township: String,
}

/// The key used for submissions whose county cannot be told.
pub const UNKNOWN: &str = "unknown";
/// The label of an unknown county or township.
pub const UNKNOWN_LABEL: &str = "未知";

/// Counties and cities of Dali prefecture (大理白族自治州, 5329), where anfang's reference
/// practice comes from. Other codes are shown as codes.
const NAMES: &[(&str, &str)] = &[
    ("532901", "大理市"),
    ("532922", "漾濞彝族自治县"),
    ("532923", "祥云县"),
    ("532924", "宾川县"),
    ("532925", "弥渡县"),
    ("532926", "南涧彝族自治县"),
    ("532927", "巍山彝族回族自治县"),
    ("532928", "永平县"),
    ("532929", "云龙县"),
    ("532930", "洱源县"),
    ("532931", "剑川县"),
    ("532932", "鹤庆县"),
];

/// The name of a 6-digit county code, if anfang knows it.
pub fn county_name(code: &str) -> Option<&'static str> {
    NAMES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// Whether `code` is a GB/T 2260 code of 6 digits (county) or a 9/12-digit extension.
fn well_formed(code: &str) -> bool {
    matches!(code.len(), 6 | 9 | 12)
        && code.bytes().all(|b| b.is_ascii_digit())
        && !code.starts_with('0')
}

/// The region of a submission from its `region_code` and `township` fields.
pub fn region(code: Option<&str>, township: Option<&str>) -> Region {
    let code = code.map(str::trim).filter(|c| well_formed(c));
    let county_code = code
        .and_then(|c| c.get(..6))
        .map_or_else(|| UNKNOWN.to_owned(), str::to_owned);
    let county = code.and_then(|c| c.get(..6)).map_or_else(
        || UNKNOWN_LABEL.to_owned(),
        |c| county_name(c).map_or_else(|| c.to_owned(), str::to_owned),
    );
    let township = township
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            code.filter(|c| c.len() > 6)
                .and_then(|c| c.get(..9))
                .map(str::to_owned)
        })
        .unwrap_or_else(|| UNKNOWN_LABEL.to_owned());
    Region {
        county_code,
        county,
        township,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn county_names_and_townships() {
        let r = region(Some("532923"), Some("祥城镇"));
        assert_eq!(r.county_code, "532923");
        assert_eq!(r.county, "祥云县");
        assert_eq!(r.township, "祥城镇");
        let r = region(Some("330106"), None);
        assert_eq!(r.county, "330106");
        assert_eq!(r.township, UNKNOWN_LABEL);
    }

    #[test]
    fn long_codes_give_the_township_code() {
        let r = region(Some("532901001000"), None);
        assert_eq!(r.county_code, "532901");
        assert_eq!(r.township, "532901001");
    }

    #[test]
    fn bad_codes_are_unknown() {
        for bad in [
            None,
            Some(""),
            Some("03010"),
            Some("53290x"),
            Some("0532901"),
        ] {
            let r = region(bad, Some("海东镇"));
            assert_eq!(r.county_code, UNKNOWN, "{bad:?}");
            assert_eq!(r.county, UNKNOWN_LABEL);
            assert_eq!(r.township, "海东镇");
        }
    }
}
