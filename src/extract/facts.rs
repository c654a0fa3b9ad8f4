//! Facts from how designers write them: `label：value`, `label value`, values in prose
//! ("总户数580户", "按二级防范要求设计", "584 households"), two pairs on one line, full-width
//! digits (folded by the PDF reader), comparators and "约". The labels are data
//! (`labels.toml` beside this file).
//!
//! A figure of a part — `其中一期178户`, `3号楼户数48户`, "Phase one alone has 195 households" —
//! and a norm's figure (`《规范》要求…不少于30天`) never become the project's value: they are
//! kept as competing values for the reviewer.

use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

/// What a quantity is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Kind {
    Text,
    Count,
    Days,
    Hours,
    Seconds,
    M2,
    Metres,
    Megapixels,
    Level,
    Year,
    #[serde(rename = "project_kind")]
    Works,
}

/// One fact and how it is written (an entry of `labels.toml`).
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct FactSpec {
    pub field: String,
    pub kind: Kind,
    pub labels: Vec<String>,
    #[serde(default)]
    pub after: Vec<String>,
    #[serde(default)]
    pub sections: Vec<String>,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LabelTable {
    pub sections: std::collections::BTreeMap<String, Vec<String>>,
    pub fact: Vec<FactSpec>,
}

/// The label table, parsed once. A table that does not parse is empty (the unit test
/// `the_label_table_parses` keeps that from shipping).
pub(crate) fn table() -> &'static LabelTable {
    static TABLE: OnceLock<LabelTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str(include_str!("labels.toml")).unwrap_or(LabelTable {
            sections: Default::default(),
            fact: Vec::new(),
        })
    })
}

/// Fields the draft must have, with a hint, beyond those the labels mark required.
pub(crate) fn required_fields() -> Vec<&'static str> {
    table()
        .fact
        .iter()
        .filter(|f| f.required)
        .map(|f| f.field.as_str())
        .collect()
}

/// The subsystem a heading opens: `Some(Some(id))`, `Some(None)` for a heading of no known
/// subsystem (it ends the previous section), `None` for a line that is not a heading.
pub(crate) fn section_of(text: &str) -> Option<Option<String>> {
    let t = text.trim();
    if t.contains(['：', ':']) || t.chars().count() > 30 {
        return None;
    }
    let numbered = t.starts_with([
        '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '第',
    ]) && t.chars().nth(1).is_some_and(|c| {
        matches!(c, '、' | '.' | '章' | '节' | '部') || "一二三四五六七八九十".contains(c)
    }) || t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.chars()
            .find(|c| !c.is_ascii_digit() && *c != '.')
            .is_some_and(|c| matches!(c, ' ' | '、' | ')') || is_cjk_letter(c))
        && t.chars()
            .nth(1)
            .is_some_and(|c| !c.is_ascii_digit() || t.contains('.'))
        && !t.contains([',', '，', '。']);
    if !numbered {
        return None;
    }
    let lower = t.to_lowercase();
    Some(
        table()
            .sections
            .iter()
            .find(|(_, keys)| keys.iter().any(|k| lower.contains(k.as_str())))
            .map(|(id, _)| id.clone()),
    )
}

fn is_cjk_letter(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// A fact found in the text.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub field: String,
    pub value: Value,
    /// Byte offset in the flow where the label (or number) starts.
    pub at: usize,
    pub review: Option<String>,
    /// Why it is a figure of a part or a norm, not the project's.
    pub part: Option<String>,
    pub section: Option<String>,
}

/// Words that, before a label in the same clause, make its figure a part's.
const PART_MARKERS: &[&str] = &[
    "其中",
    "号楼",
    "#楼",
    "一期",
    "二期",
    "三期",
    "四期",
    "首期",
    "期工程",
    "每栋",
    "每幢",
    "单元",
    "地块",
    "phase one",
    "phase two",
    "phase 1",
    "phase 2",
    "of which",
    "building no",
    "block ",
];
/// Words that, before a label in the same clause, make its figure a norm's.
const NORM_MARKERS: &[&str] = &[
    "要求",
    "规定",
    "规范",
    "标准",
    "《",
    "required by",
    "standard",
];

/// Splits a flow into clauses (byte ranges) at `，,；;。` (not a comma between digits).
fn clauses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let digit_around = c == ','
            && k > 0
            && chars.get(k - 1).is_some_and(|p| p.1.is_ascii_digit())
            && chars.get(k + 1).is_some_and(|n| n.1.is_ascii_digit());
        if matches!(c, '，' | ',' | '；' | ';' | '。') && !digit_around {
            if i > start {
                out.push((start, i));
            }
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Occurrences of `label` in `lower` (Latin labels as whole words).
fn occurrences(lower: &str, label: &str) -> Vec<usize> {
    let latin = label
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    lower
        .match_indices(label)
        .filter(|(at, _)| {
            !latin
                || (!is_word_char(lower[..*at].chars().next_back())
                    && !is_word_char(lower[at + label.len()..].chars().next()))
        })
        .map(|(at, _)| at)
        .collect()
}

/// Finds the facts of one flow of text (a paragraph or a line), in the section it stands in.
pub(crate) fn find(text: &str, section: Option<&str>) -> Vec<Found> {
    let lower = text.to_lowercase();
    // lowercasing keeps byte offsets for the scripts of these documents; if not, give up.
    if lower.len() != text.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (start, end) in clauses(&lower) {
        let clause = &lower[start..end];
        // every label occurrence, longest first, without overlaps
        let mut hits: Vec<(usize, usize, &FactSpec)> = Vec::new();
        let mut candidates: Vec<(usize, usize, &FactSpec)> = Vec::new();
        for spec in &table().fact {
            if !spec.sections.is_empty()
                && !section.is_some_and(|s| spec.sections.iter().any(|x| x == s))
            {
                continue;
            }
            for label in &spec.labels {
                for at in occurrences(clause, label) {
                    candidates.push((at, at + label.len(), spec));
                }
            }
        }
        candidates.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        for c in candidates {
            if !hits.iter().any(|h| c.0 < h.1 && h.0 < c.1) {
                hits.push(c);
            }
        }
        hits.sort_by_key(|h| h.0);
        let mut taken_fields: Vec<&str> = Vec::new();
        for (n, &(at, label_end, spec)) in hits.iter().enumerate() {
            let value_end = hits.get(n + 1).map_or(clause.len(), |h| h.0);
            // the value as written (case kept), at the same offsets as in the lowercase text
            let raw = text.get(start + label_end..start + value_end).unwrap_or("");
            let before = clause.get(..at).unwrap_or("");
            let Some((value, review)) = read_value(spec, raw, at == 0) else {
                continue;
            };
            taken_fields.push(spec.field.as_str());
            out.push(Found {
                field: spec.field.clone(),
                value,
                at: start + at,
                review,
                part: qualifier(before),
                section: (!spec.sections.is_empty()).then(|| section.unwrap_or("").to_owned()),
            });
        }
        // "按二级防范要求设计"
        if !taken_fields.contains(&"project.protection_level")
            && let Some((at, level)) = level_in_prose(clause)
        {
            out.push(Found {
                field: "project.protection_level".into(),
                value: Value::from(level),
                at: start + at,
                review: None,
                part: qualifier(clause.get(..at).unwrap_or("")),
                section: None,
            });
        }
        // "584 households"
        for spec in &table().fact {
            if taken_fields.contains(&spec.field.as_str()) {
                continue;
            }
            for word in &spec.after {
                for at in occurrences(clause, word) {
                    let before = clause.get(..at).unwrap_or("").trim_end();
                    let digits: String = before
                        .chars()
                        .rev()
                        .take_while(|c| c.is_ascii_digit() || *c == ',')
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    let number: String = digits.chars().filter(|c| *c != ',').collect();
                    let Ok(n) = number.parse::<u64>() else {
                        continue;
                    };
                    let num_at = before.len() - digits.len();
                    out.push(Found {
                        field: spec.field.clone(),
                        value: Value::from(n),
                        at: start + num_at,
                        review: None,
                        part: qualifier(clause.get(..num_at).unwrap_or("")),
                        section: None,
                    });
                }
            }
        }
    }
    out
}

fn qualifier(before: &str) -> Option<String> {
    if let Some(m) = NORM_MARKERS.iter().find(|m| before.contains(*m)) {
        return Some(format!("a norm's figure (“{m}”), not the design's"));
    }
    PART_MARKERS
        .iter()
        .find(|m| before.contains(*m))
        .map(|m| format!("a figure of a part (“{m}”), not of the whole project"))
}

fn level_in_prose(clause: &str) -> Option<(usize, &'static str)> {
    for (word, level) in [("一级", "level1"), ("二级", "level2"), ("三级", "level3")] {
        for suffix in ["防范", "防护", "安全防范", "风险防范"] {
            let pattern = format!("{word}{suffix}");
            if let Some(at) = clause.find(&pattern) {
                return Some((at, level));
            }
        }
    }
    None
}

/// Reads the value after a label: separators dropped, then the kind's reading.
fn read_value(spec: &FactSpec, raw: &str, at_start: bool) -> Option<(Value, Option<String>)> {
    let mut v = raw.trim();
    loop {
        let before = v;
        for sep in [
            ":", "：", "为", "是", "共计", "共", "有", "达到", "达", "设置", "设", "of", "is", "=",
        ] {
            if let Some(rest) = v.strip_prefix(sep) {
                // a Latin separator must be a word
                if sep.chars().all(|c| c.is_ascii_alphabetic())
                    && rest
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    continue;
                }
                v = rest.trim_start();
            }
        }
        if v == before {
            break;
        }
    }
    if v.is_empty() {
        return None;
    }
    match spec.kind {
        Kind::Text => {
            // a name or a company: only where the label starts its line or clause
            if !at_start || v.chars().count() > 60 {
                return None;
            }
            Some((
                Value::String(v.trim_end_matches(['。', '；', ';']).to_owned()),
                None,
            ))
        }
        Kind::Level => level_of(v).map(|l| (Value::from(l), None)),
        Kind::Works => project_kind(v).map(|k| (Value::from(k), None)),
        kind => match convert(kind, v) {
            Ok(ok) => Some(ok),
            // a label without a number after it is a mention, not a statement
            Err(Conversion::NoNumber) => None,
            Err(Conversion::Unit(why)) => Some((Value::String(v.to_owned()), Some(why))),
        },
    }
}

fn level_of(v: &str) -> Option<&'static str> {
    let v = v.trim().to_lowercase();
    let v = v.as_str();
    if v.starts_with("一级")
        || v.starts_with("level 1")
        || v.starts_with("level1")
        || v.starts_with("level i ")
    {
        Some("level1")
    } else if v.starts_with("二级") || v.starts_with("level 2") || v.starts_with("level2") {
        Some("level2")
    } else if v.starts_with("三级") || v.starts_with("level 3") || v.starts_with("level3") {
        Some("level3")
    } else {
        None
    }
}

fn project_kind(v: &str) -> Option<&'static str> {
    let v = v.to_lowercase();
    let found = [
        ("新建", "new_build"),
        ("new-build", "new_build"),
        ("new build", "new_build"),
        ("改造", "renovation"),
        ("renovation", "renovation"),
        ("扩建", "expansion"),
        ("expansion", "expansion"),
    ]
    .iter()
    .filter_map(|(w, k)| v.find(w).map(|at| (at, *k)))
    .min_by_key(|(at, _)| *at);
    found.map(|(_, k)| k)
}

enum Conversion {
    NoNumber,
    Unit(String),
}

/// A number at the start of `s` (thousands separators allowed), with the rest.
fn leading_number(s: &str) -> Option<(f64, &str)> {
    let s = s.trim_start();
    let mut end = 0;
    let mut digits = String::new();
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() || c == '.' {
            digits.push(c);
        } else if c == ',' && s[i + 1..].starts_with(|d: char| d.is_ascii_digit()) {
            // thousands separator
        } else {
            break;
        }
        end = i + c.len_utf8();
    }
    let n: f64 = digits.parse().ok()?;
    Some((n, s.get(end..).unwrap_or("").trim_start()))
}

/// Converts a written value into the field's unit; a unit that does not fit is `Err`.
fn convert(kind: Kind, raw: &str) -> Result<(Value, Option<String>), Conversion> {
    let mut qualifier = None;
    let mut raw = raw.trim();
    for q in [
        "约",
        "大约",
        "不少于",
        "不低于",
        "不小于",
        "不超过",
        "不大于",
        "至少",
        "≥",
        "≤",
        ">=",
        "<=",
        ">",
        "<",
        "~",
        "≈",
        "about",
        "at least",
    ] {
        if let Some(rest) = raw.strip_prefix(q) {
            qualifier = Some(format!("written “{q}…”: check the exact figure"));
            raw = rest.trim_start();
            break;
        }
    }
    let (n, rest) = leading_number(raw).ok_or(Conversion::NoNumber)?;
    let mut rest = rest.trim();
    // a range "30~60天": the lower bound, flagged
    if let Some(r) = rest.strip_prefix(['~', '-', '至', '到'])
        && let Some((_, after)) = leading_number(r)
    {
        qualifier = Some(format!("a range “{raw}”: read as its lower bound"));
        rest = after;
    }
    let unit = rest
        .trim_end_matches(['。', '；', ';', '，', ','])
        .to_lowercase();
    let (n, unit) = match unit.strip_prefix('万') {
        Some(u) if !u.starts_with("像素") => (n * 10_000.0, u.to_owned()),
        _ => (n, unit),
    };
    let unit = unit.as_str();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| unit.starts_with(p));
    let (value, review): (f64, Option<String>) = match kind {
        Kind::Count | Kind::Year => {
            if !unit.is_empty()
                && !starts(&[
                    "户",
                    "个",
                    "栋",
                    "幢",
                    "座",
                    "人",
                    "名",
                    "辆",
                    "位",
                    "处",
                    "年",
                    "household",
                    "person",
                    "people",
                    "operator",
                    "building",
                    "entrance",
                    "block",
                ])
            {
                return Err(Conversion::Unit(format!("unexpected unit “{unit}”")));
            }
            (n, None)
        }
        Kind::Days if starts(&["天", "日", "d"]) || unit.is_empty() => (
            n,
            unit.is_empty()
                .then(|| "no unit given; read as days".to_owned()),
        ),
        Kind::Days if starts(&["个月", "月", "month"]) => (
            n * 30.0,
            Some("converted from months (30 days each)".into()),
        ),
        Kind::Hours if starts(&["小时", "h", "hour"]) || unit.is_empty() => (
            n,
            unit.is_empty()
                .then(|| "no unit given; read as hours".to_owned()),
        ),
        Kind::Hours if starts(&["分钟", "min"]) => {
            (n / 60.0, Some("converted from minutes".into()))
        }
        Kind::Seconds if starts(&["秒", "s"]) || unit.is_empty() => (
            n,
            unit.is_empty()
                .then(|| "no unit given; read as seconds".to_owned()),
        ),
        Kind::Seconds if starts(&["分钟", "min"]) => {
            (n * 60.0, Some("converted from minutes".into()))
        }
        // "m" alone: the superscript 2 of m² set apart (LaTeX, some fonts)
        Kind::M2
            if starts(&["平方米", "㎡", "m2", "m²", "平米", "sq"])
                || unit.is_empty()
                || unit == "m" =>
        {
            (
                n,
                unit.is_empty()
                    .then(|| "no unit given; read as m²".to_owned()),
            )
        }
        Kind::Metres if starts(&["米", "m"]) || unit.is_empty() => (n, None),
        Kind::Metres if starts(&["公里", "km"]) => {
            (n * 1000.0, Some("converted from kilometres".into()))
        }
        Kind::Megapixels if starts(&["万像素"]) => (n / 100.0, None),
        Kind::Megapixels if starts(&["mp", "百万像素", "megapixel"]) => (n, None),
        _ => {
            return Err(Conversion::Unit(format!(
                "unit “{unit}” does not fit the field"
            )));
        }
    };
    let v = if value.fract() == 0.0 && value.abs() < 1e15 {
        Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    };
    Ok((v, qualifier.or(review)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(found: &[Found], field: &str) -> Option<(Value, bool)> {
        found
            .iter()
            .find(|f| f.field == field)
            .map(|f| (f.value.clone(), f.part.is_some()))
    }

    #[test]
    fn the_label_table_parses() {
        let t: LabelTable = toml::from_str(include_str!("labels.toml")).unwrap();
        assert!(t.fact.len() > 20);
        assert!(required_fields().contains(&"project.name"));
    }

    #[test]
    fn labels_with_and_without_colons_and_in_prose() {
        let f = find("住户数量 350户", None);
        assert_eq!(
            get(&f, "project.households"),
            Some((Value::from(350), false))
        );
        let f = find(
            "本项目为新建住宅小区,位于昆明市,总户数580户,共有住宅楼16栋,总建筑面积约75400平方米,按二级防范要求设计。",
            None,
        );
        assert_eq!(
            get(&f, "project.kind"),
            Some((Value::from("new_build"), false))
        );
        assert_eq!(
            get(&f, "project.households"),
            Some((Value::from(580), false))
        );
        assert_eq!(get(&f, "project.buildings"), Some((Value::from(16), false)));
        assert_eq!(
            get(&f, "project.floor_area_m2"),
            Some((Value::from(75400), false))
        );
        assert_eq!(
            get(&f, "project.protection_level"),
            Some((Value::from("level2"), false))
        );
        let f = find("户数:1098户 楼栋数量:15栋", None);
        assert_eq!(
            get(&f, "project.households"),
            Some((Value::from(1098), false))
        );
        assert_eq!(get(&f, "project.buildings"), Some((Value::from(15), false)));
    }

    #[test]
    fn parts_and_norms_are_not_the_project() {
        let f = find("项目分两期建设,其中一期178户,二期172户", None);
        assert!(
            f.iter()
                .all(|x| x.field != "project.households" || x.part.is_some()),
            "{f:?}"
        );
        let f = find(
            "《规范》要求录像保存时间不少于30天,本项目录像保存时间为90天。",
            None,
        );
        let r: Vec<(Value, bool)> = f
            .iter()
            .filter(|x| x.field.ends_with("retention_days"))
            .map(|x| (x.value.clone(), x.part.is_some()))
            .collect();
        assert_eq!(r, vec![(Value::from(30), true), (Value::from(90), false)]);
        let f = find(
            "Phase one alone has 195 households; the design covers both phases.",
            None,
        );
        assert_eq!(
            get(&f, "project.households"),
            Some((Value::from(195), true))
        );
    }

    #[test]
    fn section_labels_need_their_section() {
        assert!(find("门禁控制器备用电源2小时", Some("access")).is_empty());
        let f = find("UPS后备供电时间:4小时", Some("centre"));
        assert_eq!(
            get(&f, "monitoring_centre.backup_power_hours"),
            Some((Value::from(4), false))
        );
        let f = find("监控中心实行24小时值班,每班4人。", Some("centre"));
        assert_eq!(
            get(&f, "staffing.control_room_operators_per_shift"),
            Some((Value::from(4), false))
        );
        let f = find("值班人数 2人/班", None);
        assert_eq!(
            get(&f, "staffing.control_room_operators_per_shift"),
            Some((Value::from(2), false))
        );
    }

    #[test]
    fn english_prose_and_labels() {
        let f = find(
            "This project is the renovation of an existing residential community with 584 households in 12 buildings and a total floor area of 72416 m2.",
            None,
        );
        assert_eq!(
            get(&f, "project.kind"),
            Some((Value::from("renovation"), false))
        );
        assert_eq!(
            get(&f, "project.households"),
            Some((Value::from(584), false))
        );
        assert_eq!(get(&f, "project.buildings"), Some((Value::from(12), false)));
        assert_eq!(
            get(&f, "project.floor_area_m2"),
            Some((Value::from(72416), false))
        );
        let f = find("Video retention period: 60 days", None);
        assert_eq!(
            get(&f, "technical.video_storage.retention_days"),
            Some((Value::from(60), false))
        );
        let f = find("Protection level: Level 2", None);
        assert_eq!(
            get(&f, "project.protection_level"),
            Some((Value::from("level2"), false))
        );
    }

    #[test]
    fn units_ranges_and_comparators() {
        assert!(matches!(convert(Kind::Days, "3个月"), Ok((v, Some(_))) if v == 90));
        assert!(matches!(convert(Kind::Days, "30~60天"), Ok((v, Some(_))) if v == 30));
        assert!(matches!(convert(Kind::Hours, "≥8小时"), Ok((v, Some(_))) if v == 8));
        assert!(matches!(convert(Kind::M2, "约0.0045万平方米"), Ok((v, Some(_))) if v == 45));
        assert!(matches!(
            convert(Kind::Days, "30小时"),
            Err(Conversion::Unit(_))
        ));
        assert!(matches!(
            convert(Kind::Count, "控制系统"),
            Err(Conversion::NoNumber)
        ));
    }
}
